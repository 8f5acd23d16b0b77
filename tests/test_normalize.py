"""Tests for analysis.cleaning.normalize: real-world spellings per normaliser, and properties on arbitrary text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning.counts import CountResult, parse_count
from analysis.cleaning.normalize import (
    AGENCIES,
    UNKNOWN,
    agency_matches,
    message_key_attributes,
    message_key_info,
    normalize_agency,
    normalize_message_key,
    normalize_state,
    state_info,
)
from analysis.cleaning.periods import format_period, parse_period
from analysis.cleaning.value_rules import _words
from analysis.paths import raw_dir

# --------------------------------------------------------------------------------------------------------------------
# states


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (" n.y. ", "NY"), ("N.Y.", "NY"), ("new york", "NY"), (" NY ", "NY"), ("New York State", "NY"),
        ("Calif.", "CA"), ("calif", "CA"), ("California", "CA"),
        ("Minn.", "MN"),  # us.states.lookup returns Maine for this one
        ("Mass.", "MA"), ("Ill.", "IL"), ("Wash.", "WA"), ("Washington", "WA"), ("Washington, D.C.", "DC"),
        ("D.C.", "DC"), ("District of Columbia", "DC"), ("Penn.", "PA"), ("Penna.", "PA"), ("Pa.", "PA"),
        ("N. Mex.", "NM"), ("W. Va.", "WV"), ("West Virginia", "WV"), ("Nebr.", "NE"), ("Tex.", "TX"),
        ("Commonwealth of Massachusetts", "MA"), ("State of Oregon", "OR"), ("NY - New York", "NY"),
        ("New York (NY)", "NY"), ("US-TX", "TX"),
        ("Puerto Rico", "PR"), ("P.R.", "PR"), ("Guam", "GU"), ("U.S. Virgin Islands", "VI"), ("Am. Samoa", "AS"),
        ("CNMI", "MP"), ("Northern Mariana Islands", "MP"),
        ("Ontario", "ON"), ("Ont.", "ON"), ("Québec", "QC"), ("Quebec", "QC"), ("B.C.", "BC"), ("Nfld.", "NL"),
        ("P.E.I.", "PE"), ("CA-ON", "ON"),
    ],
)
def test_normalize_state_real_spellings(raw: str, code: str) -> None:
    assert normalize_state(raw) == code


@pytest.mark.parametrize("raw", ["", "   ", None, np.nan, "Atlantis", "XX", "unknown", "Total", "US-ON", "NY/CA"])
def test_normalize_state_unknowns(raw: object) -> None:
    assert normalize_state(raw) == UNKNOWN


def test_every_sourced_state_maps_to_itself_by_code_and_name() -> None:
    states = pd.read_csv(raw_dir() / "states.csv", dtype=str, keep_default_na=False)
    assert normalize_state(states["usps"]).tolist() == states["usps"].tolist()
    assert normalize_state(states["name"]).tolist() == states["usps"].tolist()


def test_state_vocabulary_has_states_dc_territories_and_provinces() -> None:
    info = state_info()
    assert info["code"].is_unique
    assert (info["kind"] == "state").sum() == 50
    assert {"DC", "PR", "GU", "VI", "AS", "MP"} <= set(info["code"])
    assert (info["country"] == "CA").sum() == 13


# --------------------------------------------------------------------------------------------------------------------
# agencies


@pytest.mark.parametrize(
    ("raw", "agency"),
    [
        ("ICE", "ICE"), ("ice", "ICE"), ("ICE ERO", "ICE"), ("ICE-ERO", "ICE"), ("ERO", "ICE"),
        ("Immigration and Customs Enforcement", "ICE"), ("U.S. Immigration & Customs Enf.", "ICE"),
        ("US Immigration and Customs Enforcement - ERO Seattle", "ICE"), ("DHS/ICE", "ICE"),
        ("HSI", "HSI"), ("ICE HSI", "HSI"), ("ICE/HSI", "HSI"), ("Homeland Security Investigations", "HSI"),
        ("HSI Newark", "HSI"),
        ("CBP", "CBP"), ("U.S. Customs and Border Protection", "CBP"), ("US Border Patrol", "CBP"),
        ("CBP Office of Field Operations", "CBP"),
        ("FBI", "OTHER_FEDERAL"), ("Federal Bureau of Investigation", "OTHER_FEDERAL"), ("DEA", "OTHER_FEDERAL"),
        ("ATF", "OTHER_FEDERAL"), ("U.S. Marshals Service", "OTHER_FEDERAL"), ("US Secret Service", "OTHER_FEDERAL"),
        ("U.S. Park Police", "OTHER_FEDERAL"), ("Department of Homeland Security", "OTHER_FEDERAL"),
        ("Austin Police Dept", "STATE_LOCAL"), ("Police Department, City of Austin", "STATE_LOCAL"),
        ("Seattle PD", "STATE_LOCAL"), ("Travis County Sheriff's Office", "STATE_LOCAL"),
        ("Washington State Patrol", "STATE_LOCAL"), ("Michigan Department of State Police", "STATE_LOCAL"),
        ("King County", "STATE_LOCAL"), ("Texas DPS", "STATE_LOCAL"), ("Georgia Bureau of Investigation", "STATE_LOCAL"),
        ("RCMP", "FOREIGN"), ("Royal Canadian Mounted Police", "FOREIGN"), ("Canadian police", "FOREIGN"),
        ("Ontario Provincial Police", "FOREIGN"), ("Sûreté du Québec", "FOREIGN"),
        ("Federal Way Police Department", "STATE_LOCAL"), ("Ohio Homeland Security", "STATE_LOCAL"),
        ("State Department", "OTHER_FEDERAL"),
        ("Acme Corp", "UNKNOWN"), ("Acme Co", "UNKNOWN"), ("", "UNKNOWN"), (None, "UNKNOWN"), ("N/A", "UNKNOWN"),
    ],
)
def test_normalize_agency_real_spellings(raw: object, agency: str) -> None:
    assert normalize_agency(raw) == agency


@pytest.mark.parametrize(
    ("raw", "agency"),
    [
        # "ice" as a word, or next to a local agency, is not ICE
        ("Ice Cream Co", "UNKNOWN"), ("Dry Ice Supply", "UNKNOWN"), ("ICE Police", "UNKNOWN"),
        # two agencies in one name: a task force is ambiguous, shown as UNKNOWN in the audit
        ("HSI Task Force - Austin PD", "UNKNOWN"), ("ICE/ERO Task Force with Harris County SO", "UNKNOWN"),
        ("FBI ICE Joint Task Force", "UNKNOWN"), ("Canadian County Sheriff's Office", "UNKNOWN"),
        # a component is more specific than its parent or a generic word
        ("ICE HSI Newark", "HSI"), ("Immigration and Customs Enforcement - HSI", "HSI"), ("DHS CBP", "CBP"),
        ("ICE Seattle Field Office", "ICE"), ("Royal Canadian Mounted Police", "FOREIGN"),
        ("Federal Bureau of Investigation", "OTHER_FEDERAL"), ("HSI - Homeland Security Investigations", "HSI"),
        # exact entries of the vocabulary win over the rules
        ("ice", "ICE"), ("ICE HSI", "HSI"), ("DHS/ICE", "ICE"),
    ],
)
def test_normalize_agency_ambiguous_and_loose_names(raw: str, agency: str) -> None:
    assert normalize_agency(raw) == agency


def test_agency_matches_lists_the_conflicting_agencies() -> None:
    names = ["HSI Task Force - Austin PD", "ICE/ERO Task Force with Harris County SO", "Ice Cream Co", "Canadian police"]
    assert [agency_matches(n) for n in names] == [("HSI", "STATE_LOCAL"), ("ICE", "STATE_LOCAL"), (), ("FOREIGN",)]
    assert normalize_agency(pd.Series(names)).tolist() == ["UNKNOWN", "UNKNOWN", "UNKNOWN", "FOREIGN"]


@pytest.mark.parametrize(
    ("raw", "found"),
    [  # each rule's acronyms are whole words (one \b(?:A|B)\b group per rule), its phrases may sit anywhere
        ("USICE", ("ICE",)), ("ERO Dallas", ("ICE",)), ("HEROES", ()), ("USBP Station", ("CBP",)),
        ("OPP", ("FOREIGN",)), ("STOPP", ()), ("Mexicali", ("FOREIGN",)), ("SPVQ", ("FOREIGN",)),
        ("Police nationale", ("FOREIGN",)), ("Police nationales", ("STATE_LOCAL",)), ("NASA OIG", ("OTHER_FEDERAL",)),
        ("US Marshals", ("OTHER_FEDERAL",)), ("US Air Force OSI", ("OTHER_FEDERAL",)), ("USAF", ()), ("BOPS", ()),
        ("Federal Protective Svc", ("OTHER_FEDERAL",)), ("Department of State", ("OTHER_FEDERAL",)),
        ("Department of State Police", ("STATE_LOCAL",)), ("Twp of Union", ("STATE_LOCAL",)), ("TWPS", ()),
        ("Dallas DA", ("STATE_LOCAL",)), ("DADE", ()), ("Sheriffs Dept", ("STATE_LOCAL",)),
    ],
)
def test_agency_rules_match_whole_acronyms_and_any_phrase(raw: str, found: tuple[str, ...]) -> None:
    assert agency_matches(raw) == found


@given(st.text(max_size=40))
def test_agency_rules_see_the_same_words_in_either_case(value: str) -> None:
    """The matcher prepares a name's words once, with its case kept, and upper-cases them for the uncased rules."""
    assert _words(value, upper=False).upper() == _words(value)


def test_task_force_rows_are_unknown_in_the_clean_table_and_the_audit() -> None:
    from analysis.cleaning.clean import clean_query_counts

    raw = pd.DataFrame({"destination_state": ["NY", "NY"], "agency": ["HSI Task Force - Austin PD", "ICE"],
                        "period": ["Oct 2024", "Oct 2024"], "queries": ["5", "7"]}, dtype="str")
    result = clean_query_counts(raw)
    audit = result.audit[result.audit["column"] == "agency"].reset_index(drop=True)
    expected = pd.DataFrame({"column": ["agency", "agency"], "raw_value": ["HSI Task Force - Austin PD", "ICE"],
                             "clean_value": ["UNKNOWN", "ICE"], "rows": [1, 1], "queries": [5, 7]}).astype(
        {"column": "str", "raw_value": "str", "clean_value": "str"})
    pd.testing.assert_frame_equal(audit, expected)
    assert result.summary.unknown_agency_rows == 1


def test_agency_map_extends_and_overrides(tmp_path) -> None:
    mapping = pd.DataFrame({"raw_value": ["Acme Corp", "ICE ERO"], "agency": ["OTHER_FEDERAL", "state_local"]})
    values = pd.Series(["acme corp", "ICE ERO", "ICE"])
    assert normalize_agency(values, mapping).tolist() == ["OTHER_FEDERAL", "STATE_LOCAL", "ICE"]
    path = tmp_path / "map.csv"
    mapping.to_csv(path, index=False)
    assert normalize_agency(values, path).tolist() == ["OTHER_FEDERAL", "STATE_LOCAL", "ICE"]


def test_agency_map_with_an_unknown_agency_names_its_row(tmp_path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("raw_value,agency\nAcme,OTHER_FEDERAL\nFoo,Martians\n")
    with pytest.raises(ValueError, match=r"map\.csv: row 3, column agency: 'MARTIANS'"):
        normalize_agency("Foo", path)


def test_agency_map_without_its_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="raw_value and agency"):
        normalize_agency("x", pd.DataFrame({"name": ["x"]}))


# --------------------------------------------------------------------------------------------------------------------
# message keys


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("DQ", "DQ"), ("dq", "DQ"), (" d q ", "DQ"), ("D.Q.", "DQ"), ("DQG", "DQ"), ("dqg", "DQ"), ("DNQ", "DNQ"),
        ("RQ", "RQ"), ("r q", "RQ"), ("RQG", "RQ"), ("RNQ", "RNQ"), ("RPQ", "RPQ"), ("IQ", "IQ"), ("fq", "FQ"),
        ("AQ", "AQ"), ("Driver License Query", "DQ"), ("Registration Query", "RQ"), ("DQ - Driver Query", "DQ"),
        ("SWQ", "SWQ"), ("", UNKNOWN), (None, UNKNOWN), ("N/A", UNKNOWN), ("some free text", UNKNOWN),
    ],
)
def test_normalize_message_key_real_spellings(raw: object, key: str) -> None:
    assert normalize_message_key(raw) == key


def test_message_key_info_gives_record_type_and_dmv() -> None:
    info = message_key_info().set_index("key")
    assert info.loc[["DQ", "DNQ", "RQ", "RNQ", "RPQ"], "dmv"].all()
    assert info.loc["DQ", "record_type"] == "driver" and info.loc["RPQ", "record_type"] == "vehicle"
    assert not info.loc["IQ", "dmv"]
    assert "DQG" not in info.index and "RQG" not in info.index  # folded into DQ and RQ
    assert message_key_attributes("SWQ") == ("other", False)


# --------------------------------------------------------------------------------------------------------------------
# counts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,040", CountResult(1040, None)), ("1040", CountResult(1040, None)), (" 7 ", CountResult(7, None)),
        ("1,040.00", CountResult(1040, None)), ("1 040", CountResult(1040, None)), ("0", CountResult(0, None)),
        (1040, CountResult(1040, None)), (1040.0, CountResult(1040, None)), (np.int64(3), CountResult(3, None)),
        ("", CountResult(None, "missing")), (None, CountResult(None, "missing")), (np.nan, CountResult(None, "missing")),
        ("n/a", CountResult(None, "missing")), ("-", CountResult(None, "missing")),
        ("1.5", CountResult(None, "fractional")), (2.5, CountResult(None, "fractional")),
        ("-3", CountResult(None, "negative")), ("(12)", CountResult(None, "negative")), (-1, CountResult(None, "negative")),
        ("abc", CountResult(None, "not_a_number")), ("<10", CountResult(None, "suppressed")),
        ("1,04", CountResult(None, "not_a_number")), ("١٢", CountResult(None, "not_a_number")),
        (True, CountResult(None, "not_a_number")), ("99999999999999999999", CountResult(None, "too_large")),
    ],
)
def test_parse_count(raw: object, expected: CountResult) -> None:
    assert parse_count(raw) == expected


def test_parse_count_on_a_column_keeps_the_index() -> None:
    values = pd.Series(["1,040", "", "x", "1,040"], index=[10, 11, 12, 13])
    expected = pd.DataFrame(
        {"value": pd.array([1040, None, None, 1040], dtype="Int64"),
         "problem": pd.array([np.nan, "missing", "not_a_number", np.nan], dtype="str")},
        index=[10, 11, 12, 13],
    )
    pd.testing.assert_frame_equal(parse_count(values), expected)


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_parse_count_reads_any_grouped_integer(n: int) -> None:
    assert parse_count(f"{n:,}") == CountResult(n, None)


# --------------------------------------------------------------------------------------------------------------------
# periods

OCT_2024 = (dt.date(2024, 10, 1), dt.date(2024, 10, 31))
FY_2025 = (dt.date(2024, 10, 1), dt.date(2025, 9, 30))


@pytest.mark.parametrize(
    ("raw", "span"),
    [
        ("Oct 2024", OCT_2024), ("Oct. 2024", OCT_2024), ("October 2024", OCT_2024), ("2024-10", OCT_2024),
        ("10/2024", OCT_2024), ("Oct-24", OCT_2024), ("2024 Oct", OCT_2024), ("202410", OCT_2024),
        ("2024-10-15", (dt.date(2024, 10, 15),) * 2), ("10/15/2024", (dt.date(2024, 10, 15),) * 2),
        ("2024-10-15 00:00:00", (dt.date(2024, 10, 15),) * 2), ("20241015", (dt.date(2024, 10, 15),) * 2),
        (dt.date(2024, 10, 15), (dt.date(2024, 10, 15),) * 2),
        ("FY2025", FY_2025), ("FY 2025", FY_2025), ("Fiscal Year 2025", FY_2025), ("FY25", FY_2025),
        ("FFY 2025", FY_2025), ("FY 2024-25", FY_2025),
        ("2025", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))), ("CY 2025", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
        (2025, (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
        ("Q1 FY2025", (dt.date(2024, 10, 1), dt.date(2024, 12, 31))), ("2025 Q2", (dt.date(2025, 4, 1), dt.date(2025, 6, 30))),
        ("2024-10-01..2025-09-30", FY_2025), ("2024-10-01 to 2025-09-30", FY_2025), ("Oct 2024 - Sep 2025", FY_2025),
        ("2024-10-01/2025-09-30", FY_2025), ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ],
)
def test_parse_period(raw: object, span: tuple[dt.date, dt.date]) -> None:
    assert parse_period(raw) == (*span, None)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("", "missing"), (None, "missing"), ("sometime", "unparseable"), ("13/2024", "unparseable"),
     ("2024-02-30", "unparseable"), ("FY 2024-26", "unparseable"), ("2025-09-30..2024-10-01", "reversed")],
)
def test_parse_period_problems(raw: object, problem: str) -> None:
    assert parse_period(raw) == (None, None, problem)


def test_parse_period_on_a_column() -> None:
    result = parse_period(pd.Series(["Oct 2024", "nope"]))
    assert result.columns.tolist() == ["period_start", "period_end", "problem"]
    assert result["period_start"].tolist() == [pd.Timestamp("2024-10-01"), pd.NaT]
    assert result["problem"].tolist()[1] == "unparseable"


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_parse_period_reads_iso_days_and_months(day: dt.date) -> None:
    assert parse_period(day.isoformat()) == (day, day, None)
    month = parse_period(day.strftime("%b %Y"))
    assert month.start == day.replace(day=1) and month.end.month == day.month and (month.end + dt.timedelta(1)).day == 1


# --------------------------------------------------------------------------------------------------------------------
# properties shared by all normalisers

TEXT = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["N.Y.", " ny ", "ICE ERO", "d q", "1,040", "FY25"]))
LABEL_NORMALISERS = [normalize_state, normalize_agency, normalize_message_key]


@given(TEXT)
def test_no_exception_on_arbitrary_text(value: str | None) -> None:
    assert normalize_state(value) == UNKNOWN or len(normalize_state(value)) == 2
    assert normalize_agency(value) in AGENCIES
    assert isinstance(normalize_message_key(value), str)
    assert isinstance(parse_count(value), CountResult)
    period = parse_period(value)
    assert (period.problem is None) == (period.start is not None) and (period.start or dt.date.min) <= (period.end or dt.date.max)


@given(TEXT)
def test_label_normalisers_are_idempotent(value: str | None) -> None:
    for normalise in LABEL_NORMALISERS:
        once = normalise(value)
        assert normalise(once) == once


@given(TEXT)
def test_parse_period_is_idempotent_through_its_text_form(value: str | None) -> None:
    first = parse_period(value)
    if first.problem is None:
        assert parse_period(format_period(first.start, first.end)) == first


@given(st.lists(TEXT, max_size=30), st.randoms(use_true_random=False))
def test_column_results_equal_scalar_results_in_any_row_order(values: list[str | None], rnd) -> None:
    series = pd.Series(values, dtype=object)
    order = list(range(len(values)))
    rnd.shuffle(order)
    for normalise in LABEL_NORMALISERS:
        result = normalise(series)
        assert result.tolist() == [normalise(v) for v in values]
        assert normalise(series.iloc[order]).tolist() == result.iloc[order].tolist()
    counts = parse_count(series)
    assert [(None if pd.isna(v) else v, None if pd.isna(p) else p) for v, p in counts.itertuples(index=False)] == [
        tuple(parse_count(v)) for v in values
    ]
    periods = parse_period(series)
    assert [None if pd.isna(p) else p for p in periods["problem"]] == [parse_period(v).problem for v in values]


def test_categorical_and_index_inputs() -> None:
    cat = pd.Categorical(["N.Y.", None, "Calif.", "N.Y."])
    assert normalize_state(cat).tolist() == ["NY", UNKNOWN, "CA", "NY"]
    assert normalize_state(pd.Index(["Minn."], name="s")).name == "s"
    assert normalize_state(pd.Series(["Minn."], dtype="category", index=[7])).index.tolist() == [7]


def test_a_column_is_normalised_once_per_distinct_value(monkeypatch) -> None:
    import analysis.cleaning.normalize as normalize

    calls = []
    original = normalize._agency_scalar
    monkeypatch.setattr(normalize, "_agency_scalar", lambda value: calls.append(value) or original(value))
    values = pd.Series([f"Police Department {i}" for i in range(5_000)] * 40 + [None] * 3)
    result = normalize.normalize_agency(values)
    assert len(result) == 200_003 and (result.iloc[:200_000] == "STATE_LOCAL").all()
    assert len(calls) == 5_000 + 1  # each distinct value, plus one call for missing values
