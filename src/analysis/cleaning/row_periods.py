"""The period of each row of a count table: from its period column(s), read as their header says, else the one given.

A bare year under a "Fiscal Year" header is a fiscal year, a five-digit number under a date or month header an Excel
serial day; what a single date stands for, its day or its calendar month, is decided once for the whole column
(:func:`resolve_grain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.cell_values import _words
from analysis.cleaning.normalize import UNKNOWN, normalize_state
from analysis.cleaning.periods import check_fiscal_year_start, parse_period
from analysis.cleaning.raw_counts import RawCounts
from analysis.cleaning.subtotals import unmarked

PERIOD_GRAINS: tuple[str, ...] = ("auto", "month", "day")

# What tells one series of counts from another: every dimension of a row but its count and period.
SERIES_COLUMNS: tuple[str, ...] = (
    "destination_state", "agency", "message_key", "requesting_state", "ori", "agency_type", "source_column"
)

_SETTLE = "say --period-grain month or --period-grain day"


@dataclass(frozen=True)
class PeriodGrain:
    """What the single dates of a period column (``2024-10-01``, an Excel serial, a datetime) were read as:
    ``grain`` is ``"month"`` (the calendar month each falls in), ``"day"``, or ``"none"`` when there are none (no
    period column, or periods that carry their own span: ``Oct 2024``, ``FY2025``); ``reason`` says which and why
    in one sentence (empty for ``"none"``)."""

    grain: str
    reason: str = ""


def resolve_grain(
    read: RawCounts,
    period_grain: str,
    *,
    fiscal_year_start: int | None = None,
) -> PeriodGrain:
    """What a single date in the period column stands for: ``"month"`` or ``"day"`` as asked (never refused);
    for ``"auto"``, months when the header says Month or a wide table's period headers are all first-of-month
    dates (``RawCounts.period_grain``), else decided from the column's values, whatever its header:

    - months when every single date falls on the 1st of a month, there are at least two distinct ones, and no
      series has two rows in one month (a series: the rows sharing every dimension but count and period,
      :data:`SERIES_COLUMNS`; see :func:`_series_codes` for when two cells are the same);
    - days when some fall on other days than the 1st;
    - refused (a one-line ValueError naming the column as headed and ``--period-grain``) when the only single date
      is one day on the 1st, when dates not on the 1st sit beside whole months (``Oct 2024``), or when a series
      has two rows in one month of first-of-month dates.

    Decided from distinct period values and series keys, not row by row.

    >>> table = pd.DataFrame({"destination_state": ["NY", "NY"], "period": ["45658", "45689"], "queries": ["1", "2"]})
    >>> resolve_grain(RawCounts(table, headers={"period": "Period"}), "auto").grain
    'month'
    >>> resolve_grain(RawCounts(table.assign(period=["45658", "45659"])), "auto").grain
    'day'
    >>> resolve_grain(RawCounts(table.assign(period="2025-01-01"), headers={"period": "Period"}), "auto")
    Traceback (most recent call last):
    ValueError: column 'Period' holds one date (2025-01-01): say --period-grain month or --period-grain day
    """
    if period_grain not in PERIOD_GRAINS:
        raise ValueError(f"period_grain={period_grain!r}: must be one of {', '.join(PERIOD_GRAINS)}")
    table, header = read.table, read.headers.get("period")
    if "period" not in table:
        return PeriodGrain("none")
    name = header or "period"
    codes, uniques = pd.factorize(table["period"], use_na_sentinel=True)
    parsed = parse_period(pd.Series(uniques), **_period_reading(header, fiscal_year_start)).reset_index(drop=True)
    start, end, usable = parsed["period_start"], parsed["period_end"], parsed["problem"].isna()
    single = (usable & (start == end)).to_numpy()
    if not single.any():
        return PeriodGrain("none")
    read_as = f"Single dates in column {name!r} were read as"
    if period_grain != "auto":
        words = "calendar months" if period_grain == "month" else "days"
        return PeriodGrain(period_grain, f"{read_as} {words}, as asked (--period-grain {period_grain}).")
    if read.period_grain == "month":
        why = "the header says Month" if header else "the table's period headers are all first-of-month dates"
        return PeriodGrain("month", f"{read_as} calendar months because {why}.")
    first = (start.dt.day == 1).to_numpy()
    if (single & ~first).any():
        months = (usable & (start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0))).to_numpy() & ~single
        if months.any():
            day, month = uniques[np.flatnonzero(single & ~first)[0]], uniques[np.flatnonzero(months)[0]]
            raise ValueError(
                f"column {name!r} mixes whole months ({str(month).strip()!r}) with dates not on the 1st "
                f"({str(day).strip()!r}): {_SETTLE}"
            )
        return PeriodGrain("day", f"{read_as} days because some fall on other days than the 1st.")
    dates = start[single].unique()
    if len(dates) == 1:
        raise ValueError(f"column {name!r} holds one date ({pd.Timestamp(dates[0]):%Y-%m-%d}): {_SETTLE}")
    _check_one_per_month(read, codes, single, start, name)
    return PeriodGrain(
        "month", f"{read_as} calendar months: every one falls on the 1st of a month, one per month in each series."
    )


def _check_one_per_month(
    read: RawCounts,
    codes: np.ndarray,
    single: np.ndarray,
    start: pd.Series,
    name: str,
) -> None:
    """Refuse when two rows of one series have single dates in the same month (``codes`` index the distinct period
    values, ``single`` and ``start`` are per distinct value): the dates are then no plain list of months, but a
    repeated row or a dimension the table does not name."""
    table = read.table
    rows = np.flatnonzero(codes >= 0)
    rows = rows[single[codes[rows]]]
    month = (start.dt.year * 12 + start.dt.month - 1).to_numpy()
    keys = {c: _series_codes(table[c], c)[rows] for c in SERIES_COLUMNS if c in table}
    frame = pd.DataFrame({**keys, "month": month[codes[rows]]})
    repeated = frame.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    clash = frame[repeated]
    pair = rows[repeated][(clash == clash.iloc[0]).all(axis=1).to_numpy()][:2]
    numbers = table["source_row"].to_numpy()[pair] if "source_row" in table else pair + 1
    cells = [str(table[c].iloc[pair[0]]).strip() for c in keys if pd.notna(table[c].iloc[pair[0]])]
    series = f" ({', '.join(cell for cell in cells if cell)})" if any(cells) else ""
    year, number = divmod(int(clash.iloc[0]["month"]), 12)
    raise ValueError(
        f"column {name!r} holds first-of-month dates, but rows {numbers[0]} and {numbers[1]}{series} both fall in "
        f"{pd.Timestamp(year, number + 1, 1):%b %Y}: {_SETTLE}"
    )


def _series_codes(cells: pd.Series, column: str) -> np.ndarray:
    """Per row, an integer that two rows share when their ``column`` cells name the same thing. A state is the one
    cleaning reads ("N.Y." is NY); anything else, and a state it cannot place, is the cell's letters and digits
    (footnote markers dropped, case, spaces and punctuation ignored): cleaning maps many agencies to one category
    (every police department is STATE_LOCAL) and DQG to DQ, but they are different series. Once per distinct cell.

    >>> _series_codes(pd.Series(["N.Y.", "ny", "Gotham", "Metropolis", "NY"]), "destination_state")
    array([0, 0, 1, 2, 0])
    >>> _series_codes(pd.Series(["Gotham PD", "gotham p.d.", "Metropolis PD", None, ""]), "agency")
    array([0, 0, 1, 2, 2])
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    text = unmarked(pd.Series([*uniques, np.nan], dtype="str"))
    words = pd.Series([_words(v).replace(" ", "") if isinstance(v, str) else "" for v in text], dtype="str")
    if column in {"destination_state", "requesting_state"}:
        state = normalize_state(text)
        words = state.where(state != UNKNOWN, "\0" + words)
    return pd.factorize(words)[0][np.where(codes < 0, len(uniques), codes)]


def row_periods(
    frame: pd.DataFrame,
    period: Any,
    grain: str = "day",
    fiscal_year_start: int | None = None,
    header: str | None = None,
) -> pd.DataFrame:
    """period_start, period_end, problem for each row, from the period column(s) or the ``period`` argument; with
    ``grain="month"`` (see :func:`resolve_grain`) a single day in the period column stands for its calendar month,
    with any other a day. ``header`` is the period
    column's header in the file (see :func:`_period_reading`); ``fiscal_year_start`` is the month fiscal years
    start in (default: October, the federal year)."""
    fiscal_year_start = check_fiscal_year_start(fiscal_year_start)
    default = None
    if period is not None:
        default = parse_period(period, fiscal_year_start=fiscal_year_start)
        if default.problem is not None:
            raise ValueError(f"period={period!r}: cannot read it as a period ({default.problem})")
    if "period" in frame:
        parsed = parse_period(frame["period"], **_period_reading(header, fiscal_year_start))
        if grain == "month":
            parsed = _days_to_months(parsed)
    elif "period_start" in frame or "period_end" in frame:
        dates = {"fiscal_year_start": fiscal_year_start, "excel_dates": True}
        starts = parse_period(frame["period_start"] if "period_start" in frame else frame["period_end"], **dates)
        ends = parse_period(frame["period_end"] if "period_end" in frame else frame["period_start"], **dates)
        parsed = pd.DataFrame({"period_start": starts["period_start"], "period_end": ends["period_end"]})
        problems = starts["problem"].fillna(ends["problem"])
        reversed_ = problems.isna() & (parsed["period_end"] < parsed["period_start"])
        problems = problems.mask(reversed_, "reversed")
        parsed.loc[problems.notna().to_numpy(), ["period_start", "period_end"]] = pd.NaT
        parsed["problem"] = problems.astype("str")
    else:
        parsed = pd.DataFrame(
            {"period_start": pd.NaT, "period_end": pd.NaT, "problem": "missing"}, index=frame.index
        ).astype({"period_start": "datetime64[s]", "period_end": "datetime64[s]", "problem": "str"})
    if default is not None:
        fill = (parsed["problem"] == "missing").to_numpy()
        parsed.loc[fill, "period_start"] = pd.Timestamp(default.start)
        parsed.loc[fill, "period_end"] = pd.Timestamp(default.end)
        parsed.loc[fill, "problem"] = np.nan
    return parsed


def _period_reading(header: str | None, fiscal_year_start: int | None) -> dict[str, Any]:
    """How to read a period column, from its header: under "Fiscal Year" / "FY" a bare year (``2025``,
    ``2024-25``) is a fiscal year ("FFY", "Federal Fiscal Year": always the federal one; "SFY", "State Fiscal
    Year": needs ``fiscal_year_start``); under any other header but a year or quarter one, or none, a five-digit
    number is an Excel serial day (``45658`` is 2025-01-01).

    >>> _period_reading("Fiscal Year", None), _period_reading("Month", 7)
    ({'fiscal_year_start': None, 'bare_year': 'FY'}, {'fiscal_year_start': 7, 'excel_dates': True})
    """
    words = set(_words(header or "").split())
    if words & {"FISCAL", "FY", "FFY", "SFY"}:
        bare = "FFY" if words & {"FFY", "FEDERAL"} else "SFY" if words & {"SFY", "STATE"} else "FY"
        return {"fiscal_year_start": fiscal_year_start, "bare_year": bare}
    excel = not words & {"YEAR", "YEARS", "YR", "CY", "QUARTER", "QTR"}
    return {"fiscal_year_start": fiscal_year_start, "excel_dates": excel}


def _days_to_months(parsed: pd.DataFrame) -> pd.DataFrame:
    """Each single-day period as the calendar month it falls in (a month stored as an Excel date reads 2024-10-01),
    cell by cell once the grain of the column is decided."""
    days = (parsed["problem"].isna() & (parsed["period_start"] == parsed["period_end"])).to_numpy()
    if not days.any():
        return parsed
    widened = parsed.copy()
    starts = parsed.loc[days, "period_start"]
    dtype = parsed["period_end"].dtype
    widened.loc[days, "period_start"] = (starts - pd.to_timedelta(starts.dt.day - 1, unit="D")).astype(dtype)
    widened.loc[days, "period_end"] = (starts + pd.offsets.MonthEnd(0)).astype(dtype)
    return widened
