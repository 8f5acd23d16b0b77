"""The published record says what its sources say: one check per correction, run on the built outputs in reports/
(what reporters cite), not only on the functions that make them. These tests read reports/; they never write it."""

from __future__ import annotations

import json
import re
from functools import cache

import pandas as pd
import pytest

from analysis.paths import project_root
from analysis.sources.tables import load_ice_access_events, load_sources, load_states

ROOT = project_root()
REPORTS = ROOT / "reports"
TABLES = REPORTS / "tables"
BLOCKING = ["IL", "MA", "MN", "NY"]


@cache
def citable() -> pd.DataFrame:
    return pd.read_csv(TABLES / "citable_numbers.csv", dtype=str, keep_default_na=False).set_index("id")


@cache
def manifest() -> list[dict]:
    return json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))["entries"]


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(TABLES / f"{name}.csv", dtype=str, keep_default_na=False)


def published_text() -> str:
    """Everything a reader of reports/ sees as text: the pages, the tables and figure data, the manifest."""
    parts = [p.read_text(encoding="utf-8") for p in REPORTS.rglob("*") if p.suffix in {".html", ".csv", ".json"}]
    return "\n".join(parts)


def us_population(codes: list[str] | None = None) -> int:
    states = load_states()
    us = states[states["jurisdiction_type"].isin(["state", "district"])]
    return int(us.loc[us["usps"].isin(codes), "population"].sum() if codes else us["population"].sum())


# ---- 1. AR, ID and MT are not "unclear" -------------------------------------------------------------------------


def test_ar_id_mt_have_no_report_of_a_dmv_block_in_the_map_and_tables():
    categories = pd.read_csv(REPORTS / "figures" / "fig02-ice-block-map.csv", dtype=str).set_index("usps")
    assert categories.loc[["AR", "ID", "MT"], "category"].eq("no individual report").all()
    events = table("tab02-ice-access-events").set_index("event_id")
    for code in ("AR", "ID", "MT"):
        rows = events[events["usps"] == code]
        assert rows["event"].tolist() == ["not_a_dmv_block"], code
        assert rows["counts_for_ice_nlets_status"].eq("False").all()


def test_no_published_file_calls_a_state_unclear():
    assert not re.search(r"\bunclear\b", published_text(), re.I)


# ---- 2. U.S. residents are the 50 states and DC ------------------------------------------------------------------


def test_blocking_share_is_over_the_50_states_and_dc():
    row = citable().loc["02-residents-in-blocking-states-share"]
    expected = us_population(BLOCKING) / us_population()
    assert float(row["value"]) == pytest.approx(expected, rel=1e-12)
    assert row["formatted_value"] == f"{expected:.1%}"
    assert f"{us_population():,}" in row["sentence"] and "50 states and DC" in row["sentence"]


def test_territories_are_beside_the_residents_total_not_in_it():
    residents = table("tab02-residents-by-ice-access")
    first = residents[residents["as_of"] == residents["as_of"].min()].set_index("group")
    assert int(first.loc["all", "residents"]) == us_population()
    assert first.loc["territories", "share_of_total"] == ""
    assert first.loc["territories", "usps"] == "AS GU MP PR VI"


def test_open_state_ceilings_hold_for_the_open_states_and_dc():
    open_residents = us_population() - us_population(BLOCKING)
    for agency, queries in (("ice", 292_114), ("hsi", 605_116)):
        row = citable().loc[f"02-{agency}-queries-per-100k-open-residents"]
        assert float(row["value"]) == pytest.approx(queries / open_residents * 100_000, rel=1e-12)
        assert row["bound"] == "at most" and row["kind"] == "modelled"
        # a ceiling is rounded up, so the printed number still bounds the value
        assert float(row["formatted_value"]) >= float(row["value"])


# ---- 3. Dates say what they are ----------------------------------------------------------------------------------


def test_new_york_2019_date_is_the_law_not_an_nlets_block():
    events = table("tab02-ice-access-events").set_index("event_id")
    ny = events[events["usps"] == "NY"]
    law = ny[ny["date"] == "2019-12-14"]
    assert law["event"].tolist() == ["law_effective"] and law["date_meaning"].tolist() == ["law effective"]
    dates = table("tab02-block-dates").set_index("usps")
    assert dates.loc["NY", "start_published"] == "False"
    assert dates.loc["NY", "covered_whole_period"] == ""
    direct = ny[ny["system"] == "direct DMV access"]
    assert direct["date_meaning"].tolist() == ["reported by"]
    limited = ny[ny["event"] == "limited_exception"]
    assert limited["agencies"].tolist() == ["CBP"] and limited["date"].tolist() == ["2020-07-23"]


def test_washington_shows_its_reported_date_and_the_conflict():
    events = table("tab02-ice-access-events")
    wa = events[(events["usps"] == "WA") & (events["event"] == "block_applied")].set_index("date")
    assert wa.loc["2025-11", "confirmed"] == "confirmed" and wa.loc["2025-11", "month_part"] == "mid"
    assert wa.loc["2025-11-19", "confirmed"] == "unconfirmed (weak source)"
    timeline = next(e for e in manifest() if e["name"] == "fig02-block-timeline")
    # The weak-only date is in the events table, marked, and nowhere else (fact-check 2026-12, finding 13).
    assert "2025-11-19" not in timeline["alt_text"] and "2025-11-19" not in timeline["alt_text_es"]
    cbp = events[(events["usps"] == "WA") & events["agencies"].eq("CBP")]
    assert cbp["event"].tolist() == ["reported_open", "reported_open"]  # 2026-01-08 and 2026-02


def test_no_law_date_or_weak_date_is_labelled_exact():
    dates = table("tab02-block-dates")
    assert not dates["date_meaning"].eq("exact").any()
    assert set(dates["date_meaning"]) <= {"applied", "reported by"}
    # a date among the key numbers says its precision, never "exact"
    assert not re.search(r"\d{4}-\d{2}(-\d{2})?</strong> \(exact", published_text())


def test_sentences_resting_on_the_assumed_blocks_say_so():
    for row_id, row in citable().iterrows():
        if not row_id.startswith("02-") or "IL, MA, MN and NY" not in row["sentence"]:
            continue
        if "counted as blocking" in row["sentence"] or "blocking ICE" in row["sentence"]:
            assert "assum" in row["sentence"] or "as reported on" in row["sentence"], row_id


def test_nlets_naming_month_is_not_published_as_october():
    figures = pd.read_csv(ROOT / "data" / "raw" / "disclosure_figures.csv", dtype=str).set_index("figure_id")
    assert figures.loc["F07", "as_of"] == "2025-11-12"
    assert "not published" in figures.loc["F07", "note"]
    assert "Oct 2025 (exact" not in published_text()


# ---- 4. What is known about the licence-for-all states ----------------------------------------------------------


def test_licence_for_all_sentence_says_reported_by_the_letters_not_had_not_blocked():
    text = published_text()
    assert not re.search(r"\b\d+ of (the )?\d+ licen[cs]e-for-all jurisdictions had not blocked", text)
    row = citable().loc["02-licence-for-all-states-reported-open"]
    assert "reported by the lawmakers' 2025-11-12 letters" in row["sentence"]
    overlap = table("tab02-policy-overlap")
    # on 2025-09-30 the table says "no report" for them: the letters' report describes 2025-11-12 on, and the basis
    # names it
    said_open = overlap["basis"].str.contains("reported open to ICE", regex=False) | overlap["status"].eq("reported open")
    reported_open = overlap[(overlap["licence_for_all"] == "True") & said_open]
    assert int(row["value"]) == len(reported_open)
    assert reported_open["letter_2025_11_12"].eq("True").all()


# ---- 5. A status cites a source for its date --------------------------------------------------------------------


def test_massachusetts_rests_on_its_rule_and_2025_reports_not_a_2023_proposal():
    dates = table("tab02-block-dates").set_index("usps")
    ids = dates.loc["MA", "source_ids"].split(";")
    published = load_sources().set_index("source_id")["published"]
    assert "ma-940-cmr-37" in ids
    reports = [i for i in ids if i != "ma-940-cmr-37"]
    assert reports and all(str(published[i]) >= "2025" for i in reports), reports
    assert "bostonglobe-2023-06-30" not in published_text()


# ---- 6. Notes and caveats -----------------------------------------------------------------------------------------


def test_disclosure_notes_quote_nextgov_and_reuters_as_they_wrote():
    figures = pd.read_csv(ROOT / "data" / "raw" / "disclosure_figures.csv", dtype=str).set_index("figure_id")
    assert "'some 290,000' (Nextgov)" in figures.loc["F02", "note"]
    assert "no stored Reuters copy gives the total" in figures.loc["F01", "note"]


def test_ice_hsi_caveat_uses_what_the_two_counts_allow():
    sentence = citable().loc["ice-hsi-queries", "sentence"]
    assert "does not say whether ICE's count includes HSI's" not in sentence
    assert "cannot include all of HSI's" in sentence


def test_notebook_one_does_not_say_federal_and_out_of_state_only():
    page = (REPORTS / "notebooks" / "01_disclosure_breakdown.html").read_text(encoding="utf-8")
    assert "requests only" not in page
    assert "do not generally" in page


# ---- 7. California's CLETS cut-off is context, not a DMV block --------------------------------------------------


def test_california_clets_cut_off_is_recorded_as_a_state_system():
    events = table("tab02-ice-access-events").set_index("event_id")
    ca = events[events["usps"] == "CA"]
    clets = ca[ca["system"] == "CLETS"]
    # The cut-off (2019-10-15) beside AB 1747, a law on CLETS signed 2019-10-12 and in force 2020-01-01.
    assert clets.set_index("event")["date"].to_dict() == {"state_system_cutoff": "2019-10-15",
                                                         "law_signed": "2019-10-12", "law_effective": "2020-01-01"}
    assert clets["counts_for_ice_nlets_status"].eq("False").all()
    categories = pd.read_csv(REPORTS / "figures" / "fig02-ice-block-map.csv", dtype=str).set_index("usps")
    # on 2025-09-30 nothing dated was on record for California (the letters reported it open on 2025-11-12)
    assert categories.loc["CA", "category"] == "no individual report"


# ---- 8. Population vintage ---------------------------------------------------------------------------------------


def test_populations_are_census_vintage_2025_for_the_states_dc_and_pr():
    states = load_states().set_index("usps")
    estimates = states[states["jurisdiction_type"].isin(["state", "district"]) | (states.index == "PR")]
    assert estimates["population_vintage"].eq("Census PEP Vintage 2025 estimate").all()
    assert estimates["population_date"].eq(pd.Timestamp("2025-07-01")).all()
    assert "Vintage 2025" in table("tab02-residents-by-ice-access")["vintages"].iloc[0]


# ---- the events table is the one place statuses come from -------------------------------------------------------


def test_every_event_in_data_raw_reaches_the_published_events_table():
    raw = load_ice_access_events()
    published = table("tab02-ice-access-events").set_index("event_id")
    assert sorted(published.index) == sorted(raw["event_id"])
    joined = raw.set_index("event_id")
    for column in ("date", "date_precision", "date_meaning", "agencies", "system"):
        assert (published.loc[joined.index, column] == joined[column].astype(str)).all(), column


# ---- the fact-check page bounds how precisely a date may be labelled --------------------------------------------


_PRECISION_RANK = {"none": 0, "year": 1, "month": 2, "day": 3}


def fact_check_events() -> pd.DataFrame:
    """The ICE-access events table of docs/fact-check.md (rows whose first cell is an event id)."""
    text = (ROOT / "docs" / "fact-check.md").read_text(encoding="utf-8")
    header = "| event_id | jurisdiction | date | precision allowed | date meaning | verdict | copy read | note |"
    assert header in text, "the fact-check page keeps its events table header"
    rows = []
    for line in text.split(header, 1)[1].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if re.fullmatch(r"E\d+", cells[0]):
            rows.append(cells[:5])
    return pd.DataFrame(rows, columns=["event_id", "jurisdiction", "date", "allowed", "date_meaning"])


def test_every_event_is_fact_checked_and_no_date_is_more_precise_than_allowed():
    checked = fact_check_events().set_index("event_id")
    raw = load_ice_access_events().set_index("event_id")
    assert sorted(checked.index) == sorted(raw.index), "every event has one fact-check row"
    assert set(checked["allowed"]) <= set(_PRECISION_RANK)
    for event_id, row in raw.iterrows():
        allowed = checked.loc[event_id, "allowed"]
        assert _PRECISION_RANK[row["date_precision"]] <= _PRECISION_RANK[allowed], (
            f"{event_id}: data/raw labels {row['date']} to the {row['date_precision']}, the fact-check allows {allowed}")
        assert checked.loc[event_id, "jurisdiction"] == row["jurisdiction"]


def test_published_events_table_labels_dates_no_more_precisely_than_the_fact_check():
    checked = fact_check_events().set_index("event_id")
    published = table("tab02-ice-access-events").set_index("event_id")
    for event_id, row in published.iterrows():
        assert _PRECISION_RANK[row["date_precision"]] <= _PRECISION_RANK[checked.loc[event_id, "allowed"]], event_id
