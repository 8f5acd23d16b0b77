"""Tests for analysis.cleaning.row_periods: the grain of single dates (day or month) decided from a column's values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning.clean import clean_file, clean_query_counts
from analysis.cleaning.clean_result import CleanResult
from analysis.cleaning.raw_counts import RawCounts
from analysis.cleaning.row_periods import PeriodGrain, resolve_grain

EXCEL_EPOCH = dt.date(1899, 12, 30)


def serial(day: dt.date) -> str:
    return str((day - EXCEL_EPOCH).days)


def spans(result: CleanResult) -> list[tuple[str, str]]:
    clean = result.clean
    return list(zip(clean["period_start"].dt.strftime("%Y-%m-%d"), clean["period_end"].dt.strftime("%Y-%m-%d"),
                    strict=True))


def write(path: Path, header: str, periods: list[str], states: list[str] | None = None) -> Path:
    states = states or ["NY"] * len(periods)
    rows = "".join(f"{s},ICE,DQ,{p},{300 + n}\n" for n, (s, p) in enumerate(zip(states, periods, strict=True)))
    path.write_text(f"State,Agency,MKE,{header},Queries\n{rows}")
    return path


def test_excel_month_serials_under_period_are_months_and_rates_are_per_month(tmp_path: Path) -> None:
    firsts = [dt.date(2024, 10, 1), dt.date(2024, 11, 1), dt.date(2025, 2, 1)]
    path = write(tmp_path / "serials.csv", "Period", [serial(d) for d in firsts] * 2, ["NY"] * 3 + ["MN"] * 3)
    result = clean_file(path)
    months = [("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30"), ("2025-02-01", "2025-02-28")]
    assert spans(result) == months * 2
    clean = result.clean
    days = (clean["period_end"] - clean["period_start"]).dt.days + 1
    # a month's queries spread over its days: 300 in October is ~9.7 a day, not 300 a day
    assert days.tolist() == [31, 30, 28] * 2 and clean["queries"].iloc[0] / days.iloc[0] == pytest.approx(300 / 31)
    assert result.period_grain == "month"
    assert result.grain_reason == (
        "Single dates in column 'Period' were read as calendar months: every one falls on the 1st of a month, one "
        "per month in each series."
    )


def test_iso_first_of_month_dates_under_date_are_months(tmp_path: Path) -> None:
    result = clean_file(write(tmp_path / "iso.csv", "Date", ["2024-10-01", "2024-11-01", "2024-12-01"]))
    assert spans(result) == [("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30"), ("2024-12-01", "2024-12-31")]
    assert result.period_grain == "month"


def test_datetime_cells_of_a_workbook_on_the_1st_are_months(tmp_path: Path) -> None:
    path = tmp_path / "dates.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["State", "Agency", "MKE", "Reporting Period", "Queries"])
    for month in (10, 11):
        sheet.append(["NY", "ICE", "DQ", dt.datetime(2024, month, 1), 5])
    book.save(path)
    result = clean_file(path)
    assert spans(result) == [("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30")]
    assert "'Reporting Period'" in result.grain_reason


def test_a_daily_column_is_days(tmp_path: Path) -> None:
    result = clean_file(write(tmp_path / "daily.csv", "Period", ["2024-10-01", "2024-10-02", "2024-11-01"]))
    assert spans(result) == [("2024-10-01", "2024-10-01"), ("2024-10-02", "2024-10-02"), ("2024-11-01", "2024-11-01")]
    assert result.period_grain == "day"
    assert result.grain_reason.endswith("read as days because some fall on other days than the 1st.")


def test_one_date_only_is_refused_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "one.csv", "Period", ["45658", "45658"], ["NY", "CA"])
    with pytest.raises(ValueError) as refused:
        clean_file(path)
    assert str(refused.value) == (
        "column 'Period' holds one date (2025-01-01): say --period-grain month or --period-grain day"
    )


def test_month_names_beside_dates_not_on_the_1st_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.csv", "Period", ["Oct 2024", "2024-11-15", "2024-12-01"])
    with pytest.raises(ValueError) as refused:
        clean_file(path)
    assert str(refused.value) == (
        "column 'Period' mixes whole months ('Oct 2024') with dates not on the 1st ('2024-11-15'): "
        "say --period-grain month or --period-grain day"
    )


def test_two_rows_of_one_series_in_one_month_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "twice.csv", "Period", ["2024-10-01", "2024-11-01", "2024-11-01"])
    with pytest.raises(ValueError) as refused:
        clean_file(path)
    assert str(refused.value) == (
        "column 'Period' holds first-of-month dates, but rows 3 and 4 (NY, ICE, DQ) both fall in Nov 2024: "
        "say --period-grain month or --period-grain day"
    )


def test_series_are_told_apart_by_every_dimension_and_by_name_not_category() -> None:
    # "N.Y." and "NY" are one state; two police departments are two series although both clean to STATE_LOCAL
    table = pd.DataFrame({
        "destination_state": ["N.Y.", "NY", "NY", "NY", "NY", "NY"],
        "agency": ["ICE", "ICE", "Gotham PD", "Metropolis PD", "Gotham PD", "Metropolis PD"],
        "period": ["2024-10-01", "2024-11-01", "2024-10-01", "2024-10-01", "2024-11-01", "2024-11-01"],
        "queries": ["1"] * 6,
    }, dtype="str")
    assert resolve_grain(RawCounts(table), "auto").grain == "month"
    with pytest.raises(ValueError, match=r"rows 1 and 2 \(N\.Y\., ICE\) both fall in Oct 2024"):
        resolve_grain(RawCounts(table.assign(period=["2024-10-01"] * 2 + ["2024-11-01"] * 4)), "auto")
    doubled = table.assign(period=["2024-10-01", "2024-11-01"] * 3, agency="ICE")
    for column, values in (("requesting_state", ["IL", "IL", "OH", "OH", "TX", "TX"]),
                           ("ori", ["A1", "A1", "B2", "B2", "C3", "C3"]),
                           ("source_column", ["B", "C", "D", "E", "F", "G"])):
        with pytest.raises(ValueError, match="both fall in"):
            resolve_grain(RawCounts(doubled), "auto")
        assert resolve_grain(RawCounts(doubled.assign(**{column: values})), "auto").grain == "month"


@pytest.mark.parametrize(
    ("periods", "day_spans", "month_spans"),
    [
        (["45658", "45658"], [("2025-01-01", "2025-01-01")] * 2, [("2025-01-01", "2025-01-31")] * 2),
        (["Oct 2024", "2024-11-15"], [("2024-10-01", "2024-10-31"), ("2024-11-15", "2024-11-15")],
         [("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30")]),
        (["2024-10-01", "2024-10-01"], [("2024-10-01", "2024-10-01")] * 2, [("2024-10-01", "2024-10-31")] * 2),
        (["2024-10-01", "2024-10-02"], [("2024-10-01", "2024-10-01"), ("2024-10-02", "2024-10-02")],
         [("2024-10-01", "2024-10-31")] * 2),
        (["2024-10-01", "2024-11-01"], [("2024-10-01", "2024-10-01"), ("2024-11-01", "2024-11-01")],
         [("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30")]),
    ],
)
def test_an_explicit_grain_wins_and_never_refuses(tmp_path: Path, periods, day_spans, month_spans) -> None:
    path = write(tmp_path / "counts.csv", "Period", periods)
    for grain, expected, words in (("day", day_spans, "days"), ("month", month_spans, "calendar months")):
        result = clean_file(path, period_grain=grain)
        assert spans(result) == expected
        assert (result.period_grain, result.grain_reason) == (
            grain, f"Single dates in column 'Period' were read as {words}, as asked (--period-grain {grain})."
        )


def test_a_month_header_stays_explicit_evidence(tmp_path: Path) -> None:
    result = clean_file(write(tmp_path / "month.csv", "Month", ["2024-10-01", "Oct 2024", "2024-11-15"]))
    assert spans(result) == [("2024-10-01", "2024-10-31")] * 2 + [("2024-11-01", "2024-11-30")]
    assert result.grain_reason == (
        "Single dates in column 'Month' were read as calendar months because the header says Month."
    )


def test_periods_with_their_own_span_have_no_grain(tmp_path: Path) -> None:
    result = clean_file(write(tmp_path / "named.csv", "Period", ["Oct 2024", "FY2025"]))
    assert (result.period_grain, result.grain_reason) == ("none", "")
    assert "periods:" not in result.format_summary()
    assert resolve_grain(RawCounts(pd.DataFrame({"queries": ["1"]})), "auto") == PeriodGrain("none")


def test_the_grain_is_in_the_summaries(tmp_path: Path) -> None:
    result = clean_file(write(tmp_path / "iso.csv", "Date", ["2024-10-01", "2024-11-01"]))
    table = result.summary_table().set_index("measure")["value"]
    assert table["period_grain"] == "month" and table["grain_reason"] == result.grain_reason
    assert f"periods:   {result.grain_reason}" in result.format_summary().splitlines()


def test_clean_result_built_without_a_grain_has_none() -> None:
    empty = pd.DataFrame()
    result = clean_query_counts(pd.DataFrame({"destination_state": ["NY"], "queries": ["5"]}), period="2025")
    built = CleanResult(result.clean, result.rejects, result.audit, empty, empty, result.summary)
    assert (built.period_grain, built.grain_reason) == ("none", "")


DATE_FORMATS = (
    lambda d: d.isoformat(),
    serial,
    lambda d: f"{d.month}/{d.day}/{d.year}",
    lambda d: dt.datetime(d.year, d.month, d.day),
)


@st.composite
def monthly_tables(draw) -> RawCounts:
    """A table of first-of-month dates in any format, at least two distinct months, one row per series and month."""
    months = draw(st.lists(st.integers(2015 * 12, 2030 * 12), min_size=2, max_size=8, unique=True))
    same = {"N.Y.": "NY", "Calif.": "CA"}  # how cleaning reads a state; a key's case does not matter
    series = draw(st.lists(st.tuples(st.sampled_from(["NY", "N.Y.", "Calif.", "MN", "Gotham"]),
                                     st.sampled_from(["ICE", "HSI", "Gotham PD", "Metropolis PD", ""]),
                                     st.sampled_from(["DQ", "RQ", "dq"])),
                           min_size=1, max_size=4, unique_by=lambda s: (same.get(s[0], s[0]), s[1], s[2].upper())))
    rows = []
    for number, (state, agency, key) in enumerate(series):
        taken = months if number == 0 else draw(st.lists(st.sampled_from(months), min_size=1, unique=True))
        for month in taken:
            day = dt.date(month // 12, month % 12 + 1, 1)
            rows.append([state, agency, key, draw(st.sampled_from(DATE_FORMATS))(day), str(draw(st.integers(0, 999)))])
    order = draw(st.permutations(range(len(rows))))
    frame = pd.DataFrame([rows[i] for i in order], columns=["destination_state", "agency", "message_key", "period",
                                                             "queries"], dtype=object)
    header = draw(st.sampled_from(["Period", "Date", "Report Date", "Month"]))
    return RawCounts(frame, headers={"period": header})


@given(monthly_tables())
def test_auto_reads_first_of_month_dates_one_per_series_and_month_as_months(read: RawCounts) -> None:
    auto, month = clean_query_counts(read), clean_query_counts(read, period_grain="month")
    pd.testing.assert_frame_equal(auto.clean, month.clean)
    assert auto.period_grain == "month"
    assert (auto.clean["period_start"].dt.day == 1).all()
    assert (auto.clean["period_end"] == auto.clean["period_start"] + pd.offsets.MonthEnd(0)).all()
