"""Tests for what records offices really send: agency names beside agency types, French and Spanish police names,
period ranges and fiscal years as offices write them, Excel serial dates, suppressed cells and float artefacts.

Every fixture here is synthetic: tiny literal tables written for one behaviour each, with made-up counts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning.clean import clean_file, clean_query_counts
from analysis.cli import main
from analysis.cleaning.counts import CountResult, is_suppressed, parse_count
from analysis.cleaning.normalize import UNKNOWN, normalize_agency
from analysis.cleaning.periods import parse_period
from analysis.cleaning.read import read_query_counts


def write(tmp_path: Path, text: str, name: str = "synthetic.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def days(*pairs: str) -> list[tuple[dt.date, dt.date]]:
    return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in pairs]


def spans(result) -> list[tuple[dt.date, dt.date]]:
    clean = result.clean
    return [(s.date(), e.date()) for s, e in zip(clean["period_start"], clean["period_end"], strict=True)]


# --------------------------------------------------------------------------------------------------------------------
# A. agencies


@pytest.mark.parametrize(
    "name",
    ["DEPT of Homeland Security", "Dept. of Homeland Security", "Dept Homeland Security", "DEPT. OF HOMELAND SECURITY",
     "U.S. Dept. of Homeland Security", "US DEPT OF HOMELAND SECURITY", "Department of Homeland Security", "DHS"],
)
def test_dhs_spellings_are_federal_not_state(name: str) -> None:
    assert normalize_agency(name) == "OTHER_FEDERAL"


@pytest.mark.parametrize(
    "name",
    ["Service de police de Laval", "Service de police de la Ville de Montréal", "Sûreté du Québec",
     "Police provinciale de l'Ontario", "Police municipale de Gatineau", "Régie intermunicipale de police Roussillon",
     "GRC", "G.R.C.", "Gendarmerie royale du Canada", "Policía Federal", "Policía Municipal de Tijuana",
     "Secretaría de Seguridad Pública"],
)
def test_french_and_spanish_language_police_are_foreign(name: str) -> None:
    assert normalize_agency(name) == "FOREIGN"


@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("Michigan State Police", "STATE_LOCAL"), ("Homeland Security Investigations", "HSI"),
        ("Ohio Homeland Security", "STATE_LOCAL"), ("Arizona Department of Homeland Security", "STATE_LOCAL"),
        ("ICE - Dept of Homeland Security", "ICE"), ("DHS CBP", "CBP"), ("U.S. Park Police", "OTHER_FEDERAL"),
        ("FBI Homeland Security Task Force", "OTHER_FEDERAL"), ("RCMP Homeland Security", "FOREIGN"),
        ("Policía de Puerto Rico", "STATE_LOCAL"),  # a U.S. territory's police, in Spanish
    ],
)
def test_a_generic_word_never_overrides_a_more_specific_signal(name: str, agency: str) -> None:
    assert normalize_agency(name) == agency


@pytest.mark.parametrize(
    "name",
    ["Police", "police", "Homeland Security", "HOMELAND SECURITY", "Office of Homeland Security", "Acme Fleet Services",
     "Polizei Zürich", "Bureau 7"],
)
def test_a_bare_generic_word_or_an_unrecognised_name_is_unknown(name: str) -> None:
    assert normalize_agency(name) == UNKNOWN


NAMES = ["DEPT of Homeland Security", "Service de police de Laval", "Policía Federal", "Michigan State Police",
         "Homeland Security Investigations", "Ohio Homeland Security", "Gendarmerie royale du Canada", "GRC",
         "Homeland Security", "Acme Fleet Services"]


@given(st.sampled_from(NAMES), st.randoms(use_true_random=False))
def test_case_spaces_and_dots_do_not_change_the_agency(name: str, rnd) -> None:
    variant = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in name)
    variant = "  ".join(variant.split()).replace(" ", rnd.choice([" ", "  ", ". "]), 1)
    assert normalize_agency(f"  {variant} ") == normalize_agency(name)


SPECIFIC = {"FBI": "OTHER_FEDERAL", "U.S. Marshals Service": "OTHER_FEDERAL",
            "DEPT of Homeland Security": "OTHER_FEDERAL", "RCMP": "FOREIGN", "Sûreté du Québec": "FOREIGN", "Service de police de Laval": "FOREIGN",
            "Policía Federal": "FOREIGN", "HSI": "HSI", "ICE": "ICE", "CBP": "CBP"}


@given(st.sampled_from(sorted(SPECIFIC)), st.sampled_from(["Police", "Homeland Security", "State"]), st.booleans())
def test_adding_a_generic_word_to_a_specific_name_never_makes_it_state_or_local(name, word, before) -> None:
    # what precedes "Department of Homeland Security" says whose department it is ("Arizona ..."), so that name
    # only gets the word after it
    before = before and not name.startswith("DEPT")
    combined = f"{word} {name}" if before else f"{name} {word}"
    agency = normalize_agency(combined)
    assert agency != "STATE_LOCAL"
    # federal and foreign names keep their group; ICE, HSI and CBP next to "police" are ambiguous ("ICE Police")
    assert agency == SPECIFIC[name] or (SPECIFIC[name] in {"ICE", "HSI", "CBP"} and agency == UNKNOWN)


def test_the_agency_name_decides_and_the_type_is_kept_apart(tmp_path: Path) -> None:
    # synthetic: the type column comes first, as in one office's export
    path = write(tmp_path, "State,Agency Type,Agency Name,Month,Count\n"
                           "NY,State,DEPT of Homeland Security,Oct 2024,5\n"
                           "NY,Local,Service de police de Laval,Oct 2024,3\n"
                           "NY,Federal,Michigan State Police,Oct 2024,2\n")
    raw = read_query_counts(path)
    names = ["DEPT of Homeland Security", "Service de police de Laval", "Michigan State Police"]
    assert raw["agency"].tolist() == names
    assert raw["agency_type"].tolist() == ["State", "Local", "Federal"]
    assert clean_file(path).clean["agency"].tolist() == ["OTHER_FEDERAL", "FOREIGN", "STATE_LOCAL"]


# --------------------------------------------------------------------------------------------------------------------
# B. periods


JAN_2025 = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))


@pytest.mark.parametrize(
    "text",
    ["01/01/2025-01/31/2025", "01/01/2025 - 01/31/2025", "01/01/2025 -01/31/2025", "01/01/2025- 01/31/2025",
     "2025-01-01 to 2025-01-31", "2025-01-01-2025-01-31", "1-Jan-2025-31-Jan-2025", "01/01/2025 \u2013 01/31/2025"],
)
def test_ranges_as_offices_write_them(text: str) -> None:
    assert parse_period(text) == (*JAN_2025, None)


@pytest.mark.parametrize(
    ("text", "day"),
    [("10/15/2024 3:05 PM", "2024-10-15"), ("10/15/2024 3:05:59 p.m.", "2024-10-15"),
     ("2024-10-15 12:00 AM", "2024-10-15"), ("10/15/2024 11:59:59PM", "2024-10-15"),
     ("2024-10-15T23:05:00", "2024-10-15")],
)
def test_timestamps_with_am_pm_are_their_day(text: str, day: str) -> None:
    assert parse_period(text) == (dt.date.fromisoformat(day), dt.date.fromisoformat(day), None)


@pytest.mark.parametrize("text", ["10/15/2024 13:05 PM", "10/15/2024 0:30 AM", "2024-10-15 10:75"])
def test_impossible_times_are_not_read(text: str) -> None:
    assert parse_period(text).problem == "unparseable"


@pytest.mark.parametrize(
    ("text", "start", "problem"),
    [("2024-25", None, "ambiguous_range"), ("2024-2025", None, "ambiguous_range"), ("2024/25", None, "ambiguous_range"),
     ("SFY 2025", None, "ambiguous_fiscal_year"), ("State Fiscal Year 2025", None, "ambiguous_fiscal_year")],
)
def test_ambiguous_periods_are_rejected_with_a_reason(text: str, start, problem: str) -> None:
    assert parse_period(text, fiscal_year_start=start) == (None, None, problem)


@pytest.mark.parametrize(
    ("text", "start", "span"),
    [
        ("FY25", None, ("2024-10-01", "2025-09-30")), ("FY 2025", 10, ("2024-10-01", "2025-09-30")),
        ("FY25", 7, ("2024-07-01", "2025-06-30")), ("FY 2024-25", 7, ("2024-07-01", "2025-06-30")),
        ("SFY 2025", 7, ("2024-07-01", "2025-06-30")), ("FFY 2025", 7, ("2024-10-01", "2025-09-30")),
        ("Q1 FY25", 7, ("2024-07-01", "2024-09-30")), ("FY25 Q4", 7, ("2025-04-01", "2025-06-30")),
        ("FY25", 1, ("2025-01-01", "2025-12-31")), ("FY 2025", 4, ("2024-04-01", "2025-03-31")),
        ("2025", 7, ("2025-01-01", "2025-12-31")),  # a bare year outside a fiscal-year column is a calendar year
    ],
)
def test_fiscal_years_follow_the_start_month(text: str, start, span: tuple[str, str]) -> None:
    assert parse_period(text, fiscal_year_start=start) == (*days(span)[0], None)


@pytest.mark.parametrize("start", [0, 13, "7", 7.0, True])
def test_a_fiscal_year_start_that_is_not_a_month_is_refused(start) -> None:
    with pytest.raises(ValueError, match="fiscal_year_start"):
        parse_period("FY25", fiscal_year_start=start)
    with pytest.raises(ValueError, match="fiscal_year_start"):
        clean_query_counts(pd.DataFrame({"queries": ["5"]}), fiscal_year_start=start)


def test_a_bare_year_under_a_fiscal_year_header_is_that_fiscal_year(tmp_path: Path) -> None:
    path = write(tmp_path, "State,Fiscal Year,Count\nNY,2025,5\nNY,FY24,3\nNY,2023-24,2\nNY,25,1\n")
    federal = days(("2024-10-01", "2025-09-30"), ("2023-10-01", "2024-09-30"), ("2023-10-01", "2024-09-30"),
                   ("2024-10-01", "2025-09-30"))
    assert spans(clean_file(path)) == federal
    july = days(("2024-07-01", "2025-06-30"), ("2023-07-01", "2024-06-30"), ("2023-07-01", "2024-06-30"),
                ("2024-07-01", "2025-06-30"))
    assert spans(clean_file(path, fiscal_year_start=7)) == july


def test_a_federal_fiscal_year_header_stays_federal_and_a_state_one_needs_its_start(tmp_path: Path) -> None:
    federal = write(tmp_path, "State,FFY,Count\nNY,2025,5\n", "ffy.csv")
    assert spans(clean_file(federal, fiscal_year_start=7)) == days(("2024-10-01", "2025-09-30"))
    state = write(tmp_path, "State,State Fiscal Year,Count\nNY,2025,5\n", "sfy.csv")
    rejects = clean_file(state).rejects
    expected = [{"reason": "bad_period", "detail": "ambiguous_fiscal_year"}]
    assert rejects[["reason", "detail"]].to_dict("records") == expected
    assert spans(clean_file(state, fiscal_year_start=7)) == days(("2024-07-01", "2025-06-30"))


def test_the_period_option_follows_the_fiscal_year_start() -> None:
    raw = pd.DataFrame({"destination_state": ["NY"], "queries": ["5"]})
    assert spans(clean_query_counts(raw, period="FY25", fiscal_year_start=7)) == days(("2024-07-01", "2025-06-30"))
    assert spans(clean_query_counts(raw, period="FY25")) == days(("2024-10-01", "2025-09-30"))


def test_excel_serial_dates_in_date_and_month_columns(tmp_path: Path) -> None:
    # 45658 is 2025-01-01 and 45689 is 2025-02-01 in Excel's day numbers; 45658.5 is noon that day
    month = write(tmp_path, "State,Month,Count\nNY,45658,5\nNY,45689,3\n", "month.csv")
    assert spans(clean_file(month)) == days(("2025-01-01", "2025-01-31"), ("2025-02-01", "2025-02-28"))
    date = write(tmp_path, "State,Date,Count\nNY,45658,5\nNY,45658.5,3\n", "date.csv")
    # one first-of-month date: a day or its month? only the user can say (period_grain)
    noon = days(("2025-01-01", "2025-01-01"), ("2025-01-01", "2025-01-01"))
    assert spans(clean_file(date, period_grain="day")) == noon
    daily = write(tmp_path, "State,Date,Count\nNY,45658,5\nNY,45659.5,3\n", "daily.csv")
    assert spans(clean_file(daily)) == days(("2025-01-01", "2025-01-01"), ("2025-01-02", "2025-01-02"))
    between = write(tmp_path, "State,Start Date,End Date,Count\nNY,45658,45688,5\n", "between.csv")
    assert spans(clean_file(between)) == [JAN_2025]


def test_five_digit_numbers_under_a_year_header_are_not_dates(tmp_path: Path) -> None:
    path = write(tmp_path, "State,Year,Count\nNY,45658,5\nNY,2025,3\n")
    result = clean_file(path)
    assert result.rejects[["source_row", "detail"]].to_dict("records") == [{"source_row": 2, "detail": "unparseable"}]
    assert spans(result) == days(("2025-01-01", "2025-12-31"))


def test_cli_fiscal_year_start(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "State,Fiscal Year,Count\nNY,FY25,5\n")
    assert main(["clean", str(path), "-o", str(tmp_path / "out"), "--fiscal-year-start", "07"]) == 0
    clean = pd.read_csv(tmp_path / "out" / "clean.csv", dtype=str)
    assert clean[["period_start", "period_end"]].to_dict("records") == [
        {"period_start": "2024-07-01", "period_end": "2025-06-30"}]
    with pytest.raises(SystemExit) as exit_:
        main(["clean", str(path), "-o", str(tmp_path / "out2"), "--fiscal-year-start", "13"])
    assert exit_.value.code == 2 and "--fiscal-year-start" in capsys.readouterr().err
    assert not (tmp_path / "out2").exists()


@given(st.integers(1901, 2198), st.integers(1, 12))
def test_a_fiscal_year_is_twelve_months_ending_where_the_next_begins(year: int, start: int) -> None:
    this = parse_period(f"FY{year}", fiscal_year_start=start)
    following = parse_period(f"FY{year + 1}", fiscal_year_start=start)
    assert this.start.day == 1 and this.start.month == start and this.end.year == year
    assert following.start == this.end + dt.timedelta(days=1)
    quarters = [parse_period(f"Q{q} FY{year}", fiscal_year_start=start) for q in range(1, 5)]
    assert quarters[0].start == this.start and quarters[-1].end == this.end
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in zip(quarters, quarters[1:]))
    if start == 10:
        assert this == parse_period(f"FFY {year}", fiscal_year_start=7) == parse_period(f"FY{year}")


DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))


@given(DATES, DATES, st.sampled_from(["-", " - ", " -", "- ", " to ", " through ", ".."]))
def test_any_range_of_us_dates_reads_back(a: dt.date, b: dt.date, joiner: str) -> None:
    first, last = min(a, b), max(a, b)
    assert parse_period(f"{first:%m/%d/%Y}{joiner}{last:%m/%d/%Y}") == (first, last, None)
    assert parse_period(f"{first.isoformat()}{joiner}{last.isoformat()}") == (first, last, None)
    if first < last:
        assert parse_period(f"{last:%m/%d/%Y}{joiner}{first:%m/%d/%Y}").problem == "reversed"


@given(st.integers(10_000, 99_999))
def test_excel_serials_count_days_from_excels_epoch(serial: int) -> None:
    day = dt.date(1899, 12, 30) + dt.timedelta(days=serial)
    assert parse_period(str(serial), excel_dates=True) == (day, day, None)
    assert parse_period(str(serial)).problem == "unparseable"  # only in a date or month column


def test_periods_are_read_once_per_distinct_value(monkeypatch) -> None:
    import analysis.cleaning.periods as normalize

    calls = []
    original = normalize._period_scalar
    monkeypatch.setattr(normalize, "_period_scalar", lambda value, *a: calls.append(value) or original(value, *a))
    values = pd.Series(["01/01/2025-01/31/2025", "45658", "FY25"] * 10_000)
    result = normalize.parse_period(values, fiscal_year_start=7, excel_dates=True)
    assert result["problem"].isna().all() and len(calls) == 3 + 1  # each distinct value, plus missing


# --------------------------------------------------------------------------------------------------------------------
# C. suppressed cells


@pytest.mark.parametrize("cell", ["<10", "< 10", "< 5", "*", "**", "S", "s", "(S)", "suppressed", "Suppressed", "n<10",
                                  "N < 10", "<=10", "\u226410", "fewer than 10", " (s) ", "REDACTED"])
def test_suppressed_cells_have_their_own_problem(cell: str) -> None:
    assert parse_count(cell) == CountResult(None, "suppressed")


@pytest.mark.parametrize("cell", ["abc", "1.040", "10", "5", "-", "", "ss", "<", "10<"])
def test_other_cells_are_not_called_suppressed(cell: str) -> None:
    assert parse_count(cell).problem != "suppressed"


@given(st.integers(0, 10**6), st.sampled_from(["<{}", "< {}", "n<{}", "N < {}", "<={}", "fewer than {}"]))
def test_any_bound_in_place_of_a_count_is_suppressed(n: int, form: str) -> None:
    assert is_suppressed(form.format(n)) and parse_count(form.format(n)).problem == "suppressed"


def test_suppressed_rows_are_rejected_as_suppressed_not_as_text() -> None:
    raw = pd.DataFrame({"destination_state": ["NY", "NY", "NY"], "agency": ["ICE", "HSI", "CBP"],
                        "period": ["Oct 2024"] * 3, "queries": ["12", "<10", "(S)"]})
    rejects = clean_query_counts(raw).rejects
    assert rejects["source_row"].tolist() == [2, 3]
    # the reason is "suppressed" once clean.py lists it among REJECT_REASONS; until then bad_count with that detail
    said = [r if r == "suppressed" else d for r, d in zip(rejects["reason"], rejects["detail"], strict=True)]
    assert said == ["suppressed", "suppressed"]


# --------------------------------------------------------------------------------------------------------------------
# D. spreadsheet float artefacts


@pytest.mark.parametrize(
    ("cell", "value"),
    [("2400.0000000000005", 2400), ("1199.9999999999998", 1200), (1199.9999999999998, 1200), (2400.0000000000005, 2400),
     ("1,199.9999999999998", 1200), ("0.30000000000000004", None), ("12.5", None), ("0.5", None), ("1040.001", None),
     ("5.551115123125783e-17", 0)],
)
def test_float_artefacts_are_the_whole_number_a_person_sees(cell, value) -> None:
    assert parse_count(cell) == (CountResult(value, None) if value is not None else CountResult(None, "fractional"))


@given(st.integers(0, 10**12), st.integers(-3, 3))
def test_a_few_units_of_float_error_never_change_the_count(n: int, steps: int) -> None:
    x = float(n)
    for _ in range(abs(steps)):
        x = float(np.nextafter(x, np.inf if steps > 0 else -np.inf))
    if x < 0:
        return
    assert parse_count(repr(x)) == CountResult(n, None) and parse_count(x) == CountResult(n, None)


@given(st.integers(0, 10**9), st.sampled_from([0.5, 0.25, 0.1, 0.01]))
def test_real_fractions_are_still_rejected(n: int, fraction: float) -> None:
    assert parse_count(repr(n + fraction)).problem == "fractional"
