"""The period of each row of a count table: from its period column(s), read as their header says, else the one given.

A bare year under a "Fiscal Year" header is a fiscal year, a five-digit number under a date or month header an Excel
serial day; with the grain ``"month"`` a single day stands for its calendar month.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.cell_values import _words
from analysis.cleaning.periods import check_fiscal_year_start, parse_period
from analysis.cleaning.raw_counts import RawCounts

PERIOD_GRAINS: tuple[str, ...] = ("auto", "month", "day")


def resolve_grain(read: RawCounts, period_grain: str) -> str:
    """What a single date in the period column stands for, ``"day"`` or ``"month"``: ``period_grain`` as asked, or
    for ``"auto"`` what the reader found (``RawCounts.period_grain``)."""
    if period_grain not in PERIOD_GRAINS:
        raise ValueError(f"period_grain={period_grain!r}: must be one of {', '.join(PERIOD_GRAINS)}")
    if period_grain == "auto":
        return "month" if read.period_grain == "month" else "day"
    return period_grain


def row_periods(
    frame: pd.DataFrame,
    period: Any,
    grain: str = "auto",
    fiscal_year_start: int | None = None,
    header: str | None = None,
) -> pd.DataFrame:
    """period_start, period_end, problem for each row, from the period column(s) or the ``period`` argument; with
    ``grain="month"`` a single day in the period column stands for its calendar month. ``header`` is the period
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
    """Each single-day period as the calendar month it falls in (a month stored as an Excel date reads 2024-10-01).
    Decided per cell, so a row's period never depends on the other rows of the file."""
    days = (parsed["problem"].isna() & (parsed["period_start"] == parsed["period_end"])).to_numpy()
    if not days.any():
        return parsed
    widened = parsed.copy()
    starts = parsed.loc[days, "period_start"]
    dtype = parsed["period_end"].dtype
    widened.loc[days, "period_start"] = (starts - pd.to_timedelta(starts.dt.day - 1, unit="D")).astype(dtype)
    widened.loc[days, "period_end"] = (starts + pd.offsets.MonthEnd(0)).astype(dtype)
    return widened
