"""Read a period as records offices write it: months, days, quarters, fiscal years (federal, state, or starting in any
month), ranges, Excel serial dates and timestamps; one rule each, applied once per distinct value."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.cleaning.cell_values import _BLANKS, _ascii_upper, _is_array, _is_missing, _map_to_frame


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("JAN", "JANUARY"), ("FEB", "FEBRUARY"), ("MAR", "MARCH"), ("APR", "APRIL"), ("MAY",), ("JUN", "JUNE"),
            ("JUL", "JULY"), ("AUG", "AUGUST"), ("SEP", "SEPT", "SEPTEMBER"), ("OCT", "OCTOBER"),
            ("NOV", "NOVEMBER"), ("DEC", "DECEMBER"),
        ],
        start=1,
    )
    for name in names
}

_MONTH = "(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"

_YEAR = r"(?P<year>\d{4}|\d{2})"

# a time of day after a date, 24-hour or AM/PM ("3:05 p.m."); dots are spaces by then
_TIME = r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?: \d+)?)?(?: ?(?P<ampm>[AP]) ?M)?)?"

# FFY is always the federal year (October); FY follows fiscal_year_start (default October); SFY needs it.
_FY = r"(?P<fy>FFY|FY|FISCAL YEAR|FEDERAL FISCAL YEAR|SFY|STATE FISCAL YEAR|STATE FY)"

_FEDERAL_FY = frozenset({"FFY", "FEDERAL FISCAL YEAR"})

_STATE_FY = frozenset({"SFY", "STATE FISCAL YEAR", "STATE FY"})

_BARE_YEAR = re.compile(r"^'?(?:\d{4}|\d{2})(?: ?[-/] ?(?:\d{4}|\d{2}))?$")  # "2025", "25", "2024-25"

_YEAR_SPAN = re.compile(r"^(?P<first>\d{4}) ?[-/] ?(?P<year>\d{4}|\d{2})$")  # "2024-25": fiscal or calendar?

_EXCEL_SERIAL = re.compile(r"^(?P<days>\d{5})(?: \d+)?$")  # 45658 (or 45658.5, a time of day) is 2025-01-01

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 for serials above 60 (it counts a 29 Feb 1900)

BARE_YEARS: tuple[str, ...] = ("calendar", "FY", "FFY", "SFY")

_CY = r"(?:CY|CALENDAR YEAR|YEAR)?"

# (pattern, kind) tried in order on the upper-cased text; kind says how the named groups make a period.
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in [
        (rf"^(?P<year>\d{{4}})[-/](?P<month>\d{{1,2}})[-/](?P<day>\d{{1,2}}){_TIME}$", "day"),
        (r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$", "day"),
        (rf"^(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}})/(?P<year>\d{{4}}){_TIME}$", "day"),
        (rf"^(?P<day>\d{{1,2}})[ -]{_MONTH}[ ,-]+{_YEAR}$", "day"),
        (rf"^{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})$", "day"),
        (r"^(?P<year>\d{4})[-/ ](?P<month>\d{1,2})$", "month"),
        (r"^(?P<year>\d{4})(?P<month>\d{2})$", "month"),
        (r"^(?P<month>\d{1,2})[-/ ](?P<year>\d{4})$", "month"),
        (rf"^{_MONTH}[ ,'-]*{_YEAR}$", "month"),
        (rf"^(?P<year>\d{{4}})[ -]{_MONTH}$", "month"),
        (rf"^{_FY} ?'?(?P<year>\d{{4}}|\d{{2}})$", "fiscal_year"),
        (rf"^{_FY} ?(?P<first>\d{{4}}) ?[-/] ?(?P<year>\d{{4}}|\d{{2}})$", "fiscal_year_span"),
        (rf"^Q(?P<quarter>[1-4]) ?{_FY} ?'?(?P<year>\d{{4}}|\d{{2}})$", "fiscal_quarter"),
        (rf"^{_FY} ?'?(?P<year>\d{{4}}|\d{{2}}) ?-? ?Q(?P<quarter>[1-4])$", "fiscal_quarter"),
        (r"^(?:CY ?)?(?P<year>\d{4}) ?-? ?Q(?P<quarter>[1-4])$", "quarter"),
        (r"^Q(?P<quarter>[1-4]) ?-? ?(?:CY ?)?(?P<year>\d{4})$", "quarter"),
        (rf"^{_CY} ?(?P<year>\d{{4}})$", "year"),
    ]
)

_RANGE_SPLIT = re.compile(r"\s*(?:\.\.|\bTO\b|\bTHROUGH\b|\bTHRU\b|\u2013|\u2014|\s-\s)\s*")

_ISO_INTERVAL = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)/(\d{4}-\d{2}(?:-\d{2})?)$")


class PeriodResult(NamedTuple):
    """A parsed period: first and last day (inclusive), and ``problem`` (None when usable).

    ``problem`` is one of ``missing``, ``unparseable``, ``reversed`` (the range ends before it starts),
    ``ambiguous_fiscal_year`` (a state fiscal year, ``SFY 2025``, without ``fiscal_year_start``) and
    ``ambiguous_range`` (``2024-25`` or ``2024-2025`` outside a fiscal-year column: one fiscal year or two calendar
    years?).
    """

    start: dt.date | None
    end: dt.date | None
    problem: str | None


class _Ambiguous(Exception):
    """A period that reads two ways; ``args[0]`` is the problem code."""


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def _fiscal_start_month(prefix: str | None, fiscal_year_start: int | None) -> int:
    """The month a fiscal year starts in: October for FFY, ``fiscal_year_start`` (default October) for FY; a state
    fiscal year (SFY) without ``fiscal_year_start`` is ambiguous."""
    if prefix in _FEDERAL_FY:
        return 10
    if prefix in _STATE_FY and fiscal_year_start is None:
        raise _Ambiguous("ambiguous_fiscal_year")
    return fiscal_year_start or 10


def _months(first: int, count: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``count`` months from the month numbered ``first`` (year * 12 + month - 1)."""
    last = first + count - 1
    return dt.date(first // 12, first % 12 + 1, 1), _month_end(last // 12, last % 12 + 1)


def _span(kind: str, groups: dict[str, str | None], fiscal_year_start: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day for a matched pattern; raises ValueError for impossible dates."""
    year = _year(groups["year"] or "")
    if not 1900 <= year <= 2199:
        raise ValueError(year)
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "fiscal_year_span" and _year(groups["first"] or "") + 1 != year:
        raise ValueError("fiscal-year span must cover consecutive years")
    if kind in {"fiscal_year", "fiscal_year_span", "fiscal_quarter"}:
        # fiscal year N ends in calendar year N: FY2025 is 2024-10-01..2025-09-30 (federal), 2024-07-01..2025-06-30
        # for a July start, and calendar 2025 for a January start
        start = _fiscal_start_month(groups.get("fy"), fiscal_year_start)
        first = (year - 1) * 12 + start - 1 if start > 1 else year * 12
        if kind == "fiscal_quarter":
            return _months(first + 3 * (int(groups["quarter"] or 0) - 1), 3)
        return _months(first, 12)
    if kind == "quarter":
        return _months(year * 12 + 3 * (int(groups["quarter"] or 0) - 1), 3)
    month = _MONTHS[groups["month_name"]] if groups.get("month_name") else int(groups["month"] or 0)
    if kind == "month":
        return dt.date(year, month, 1), _month_end(year, month)
    if groups.get("hour") is not None:  # a timestamp: the time must be a real one, but only the day counts
        hour, minute = int(groups["hour"] or 0), int(groups["minute"] or 0)
        if minute > 59 or not (1 <= hour <= 12 if groups.get("ampm") else hour <= 23):
            raise ValueError("not a time of day")
    day = dt.date(year, month, int(groups["day"] or 0))
    return day, day


def _single_period(text: str, fiscal_year_start: int | None = None) -> tuple[dt.date, dt.date, str] | None:
    """First day, last day and kind (day, month, quarter, year, fiscal_...) of one period, or None."""
    for pattern, kind in _PERIOD_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return (*_span(kind, match.groupdict(), fiscal_year_start), kind)
            except (ValueError, KeyError):
                return None
    return None


def _hyphen_range(text: str, fiscal_year_start: int | None) -> tuple[dt.date, dt.date] | None:
    """A range joined by a bare hyphen, "01/01/2025-01/31/2025": split at each hyphen; both sides must be days or
    months. Two different readings are ambiguous."""
    spans = set()
    for at in (i for i, char in enumerate(text) if char == "-"):
        first = _single_period(text[:at].strip(), fiscal_year_start)
        last = _single_period(text[at + 1 :].strip(), fiscal_year_start)
        if first and last and {first[2], last[2]} <= {"day", "month"}:
            spans.add((first[0], last[1]))
    if len(spans) > 1:
        raise _Ambiguous("ambiguous_range")
    return spans.pop() if spans else None


def _period_text(value: Any) -> str:
    # "Oct. 2024" -> "OCT 2024", but keep the ".." of a range and its en or em dash (which ASCII would drop)
    text = re.sub("[\u2013\u2014]", " - ", str(value))
    text = _ascii_upper(text).replace("..", "\0").replace(".", " ").replace("\0", " .. ")
    return " ".join(text.split()).replace(" ,", ",")


def _period_scalar(
    value: Any, fiscal_year_start: int | None = None, bare_year: str = "calendar", excel_dates: bool = False
) -> PeriodResult:
    if _is_missing(value):
        return PeriodResult(None, None, "missing")
    if isinstance(value, (dt.date, pd.Timestamp)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return PeriodResult(day, day, None)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = _period_text(value)
    if text in _BLANKS:
        return PeriodResult(None, None, "missing")
    try:
        single = _period_span(text, fiscal_year_start, bare_year, excel_dates)
    except _Ambiguous as exc:
        return PeriodResult(None, None, exc.args[0])
    if single is None:
        return PeriodResult(None, None, "unparseable")
    if single[1] < single[0]:
        return PeriodResult(None, None, "reversed")
    return PeriodResult(single[0], single[1], None)


def _period_span(
    text: str, fiscal_year_start: int | None, bare_year: str, excel_dates: bool
) -> tuple[dt.date, dt.date] | None:
    serial = _EXCEL_SERIAL.match(text) if excel_dates else None
    if serial:
        day = _EXCEL_EPOCH + dt.timedelta(days=int(serial["days"]))
        return day, day
    if bare_year != "calendar" and _BARE_YEAR.match(text):  # "2025" in a "Fiscal Year" column is FY2025
        fiscal = _single_period(f"{bare_year} {text.lstrip(chr(39))}", fiscal_year_start)
        if fiscal:
            return fiscal[0], fiscal[1]
    single = _single_period(text, fiscal_year_start)
    if single:
        return single[0], single[1]
    parts = _RANGE_SPLIT.split(text)
    iso = _ISO_INTERVAL.match(text)
    if iso:
        parts = [iso.group(1), iso.group(2)]
    if len(parts) == 2:
        first, last = _single_period(parts[0], fiscal_year_start), _single_period(parts[1], fiscal_year_start)
        if first and last:
            return first[0], last[1]
    span = _YEAR_SPAN.match(text)
    if span and (int(span["year"]) - int(span["first"])) % (100 if len(span["year"]) == 2 else 10_000) == 1:
        raise _Ambiguous("ambiguous_range")
    return _hyphen_range(text, fiscal_year_start) if "-" in text else None


def check_fiscal_year_start(value: Any) -> int | None:
    """``value`` as a month number for ``fiscal_year_start`` (None stays None); raises ValueError otherwise.

    >>> check_fiscal_year_start(7), check_fiscal_year_start(None)
    (7, None)
    """
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 12
    ):
        raise ValueError(f"fiscal_year_start={value!r}: must be the number of a month, 1 to 12")
    return None if value is None else int(value)


def _period_options(fiscal_year_start: Any, bare_year: str, excel_dates: bool) -> tuple[int | None, str, bool]:
    fiscal_year_start = check_fiscal_year_start(fiscal_year_start)
    if bare_year not in BARE_YEARS:
        raise ValueError(f"bare_year={bare_year!r}: must be one of {', '.join(BARE_YEARS)}")
    return (None if fiscal_year_start is None else int(fiscal_year_start)), bare_year, bool(excel_dates)


@lru_cache(maxsize=65536)
def _period_cached(value: str, options: tuple[int | None, str, bool] = (None, "calendar", False)) -> PeriodResult:
    return _period_scalar(value, *options)


def format_period(start: dt.date, end: dt.date) -> str:
    """The text form of a period, which :func:`parse_period` reads back: ``2024-10-01..2024-10-31``.

    >>> format_period(dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    '2024-10-01..2024-10-31'
    """
    return f"{start.isoformat()}..{end.isoformat()}"


def parse_period(
    value: Any, *, fiscal_year_start: int | None = None, bare_year: str = "calendar", excel_dates: bool = False
) -> PeriodResult | pd.DataFrame:
    """First and last day of a period written as a day (a timestamp counts as its day, ``3:05 PM`` included),
    month, quarter, calendar year, fiscal year or range (``..``, ``to``, `` - ``, or a bare hyphen between two days
    or months: ``01/01/2025-01/31/2025``).

    A fiscal year is named by the calendar year it ends in. ``FY2025`` is the U.S. federal one, 2024-10-01 to
    2025-09-30, unless ``fiscal_year_start`` (a month, 1-12) says otherwise: with 7, FY2025 is 2024-07-01 to
    2025-06-30. ``FFY`` is always federal; ``SFY`` (state fiscal year) needs ``fiscal_year_start``, else it is
    ``ambiguous_fiscal_year``. A bare year is a calendar year unless ``bare_year`` is ``"FY"``, ``"FFY"`` or
    ``"SFY"`` (for a column headed "Fiscal Year": ``2025`` and ``2024-25`` then read as ``FY 2025``, ``FY 2024-25``);
    elsewhere ``2024-25`` is ``ambiguous_range``. With ``excel_dates=True`` a five-digit number is an Excel serial
    day (``45658`` is 2025-01-01), for date and month columns.

    One value gives a :class:`PeriodResult`; a column gives a DataFrame with the same index and the columns
    ``period_start``, ``period_end`` (datetime64, NaT when unusable) and ``problem`` (missing when usable).

    >>> parse_period("FY25", fiscal_year_start=7)[:2]
    (datetime.date(2024, 7, 1), datetime.date(2025, 6, 30))
    >>> parse_period("2025", bare_year="FY") == parse_period("FY 2025"), parse_period("2024-25").problem
    (True, 'ambiguous_range')
    >>> parse_period("01/01/2025-01/31/2025") == parse_period("2025-01-01 to 2025-01-31") == parse_period("Jan 2025")
    True
    >>> parse_period("45658", excel_dates=True).start, parse_period("10/15/2024 3:05 PM").start
    (datetime.date(2025, 1, 1), datetime.date(2024, 10, 15))

    >>> parse_period("Oct 2024")
    PeriodResult(start=datetime.date(2024, 10, 1), end=datetime.date(2024, 10, 31), problem=None)
    >>> parse_period("FY 2025") == parse_period("2024-10-01..2025-09-30") == parse_period("Oct 2024 - Sep 2025")
    True
    >>> parse_period("10/2024") == parse_period("2024-10") == parse_period("October 2024")
    True
    >>> parse_period("sometime").problem
    'unparseable'
    """
    options = _period_options(fiscal_year_start, bare_year, excel_dates)
    if not _is_array(value):
        return _period_cached(value, options) if isinstance(value, str) else _period_scalar(value, *options)
    frame = _map_to_frame(value, lambda v: _period_scalar(v, *options), ["period_start", "period_end", "problem"])
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame.astype({"problem": "str"})
