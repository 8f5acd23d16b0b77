"""The house style for numbers and dates in prose: AP dates, thousands separators, shares, and rounding in the safe
direction for a number's bound (a floor rounds down, a ceiling rounds up), so a printed "at most 0.101%" stays true
for a ceiling of 0.10073% (where "0.10%" would not). Data columns keep ISO dates and full values."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import pandas as pd


_ROUNDING = {"at least": ROUND_FLOOR, "at most": ROUND_CEILING, "exact": ROUND_HALF_EVEN, "approximate": ROUND_HALF_EVEN}

_BOUND_WORDS = {"exact": "", "at least": "at least ", "at most": "at most ", "approximate": "about "}


def round_safe(value: float, decimals: int, bound: str = "exact") -> Decimal:
    """Round ``value`` so the rounded number keeps its bound true: floors round down, ceilings round up.

    >>> round_safe(0.10073, 2, "at most"), round_safe(992.76, 0, "at least"), round_safe(800.31, 0)
    (Decimal('0.11'), Decimal('992'), Decimal('800'))
    """
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(step, rounding=_ROUNDING[bound])


def format_number(value: float, decimals: int = 0, bound: str = "exact") -> str:
    """Thousands separators, rounded safely for ``bound``.

    >>> format_number(289102770), format_number(9969.06, 1, "at least")
    ('289,102,770', '9,969.0')
    """
    return f"{round_safe(value, decimals, bound):,.{decimals}f}"


def format_share(share: float, bound: str = "exact") -> str:
    """A share of the total as a percentage: three decimals below 1%, two above, none for 100%.

    >>> format_share(0.0010072758620689655, "at most"), format_share(0.99690610, "at least"), format_share(1.0)
    ('0.101%', '99.69%', '100%')
    """
    percent = share * 100
    if percent == 100:
        return "100%"
    return f"{round_safe(percent, 3 if percent < 1 else 2, bound)}%"


def format_count_words(count: int) -> str:
    """A count for prose: whole millions in words, anything else in digits.

    >>> format_count_words(290_000_000), format_count_words(292114)
    ('290 million', '292,114')
    """
    if count >= 1_000_000 and count % 1_000_000 == 0:
        return f"{count // 1_000_000:,} million"
    return f"{count:,}"


def with_bound(text: str, bound: str) -> str:
    """Prefix a formatted number with its bound in words.

    >>> with_bound("0.101%", "at most"), with_bound("292,114", "exact")
    ('at most 0.101%', '292,114')
    """
    return _BOUND_WORDS[bound] + text


def ap_date(day: pd.Timestamp) -> str:
    """A date in AP style.

    >>> ap_date(pd.Timestamp("2025-09-30")), ap_date(pd.Timestamp("2024-03-01"))
    ('Sept. 30, 2025', 'March 1, 2024')
    """
    months = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
    return f"{months[day.month - 1]} {day.day}, {day.year}"
