"""The third December check of the English built site (docs/fact-check.md, "Third December check"): each fix on the
function that makes the output, and on the built files where the output is a figure."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.findings.access_now import status_then_and_now
from analysis.findings.block_history import access_events
from analysis.findings.rates_per_100k import queries_per_100k_open
from analysis.publish import tables as publish_tables
from analysis.publish.text import state_status
from analysis.sources import ice_access
from analysis.sources.tables import load_ice_access_events, load_sources, load_state_level_figures, load_states

REPORTS = Path(__file__).parents[1] / "reports"


def _svg_text(name: str) -> str:
    """The words of a built SVG figure, its text elements joined and spaces collapsed."""
    svg = (REPORTS / "figures" / f"{name}.svg").read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", t) for t in texts).split())


# --- T1: a status is dated by its report, not by the event the report tells of ---------------------------------

def test_report_date_is_the_sources_publication_for_an_event_dated_by_what_happened() -> None:
    assert ice_access.report_date("2025-11", "applied", "2026-01-08") == "2026-01-08"
    assert ice_access.report_date("2025-11-28", "filed", "2025-12-02") == "2025-12-02"
    # A statement's own date is the report's (the letters of 2025-11-12 read in Voz of 2025-11-13).
    assert ice_access.report_date("2025-11-12", "reported by", "2025-11-13") == "2025-11-12"
    assert ice_access.report_date("2025-11-12", "announced", "2025-11-13") == "2025-11-12"
    # No publication date, or one not later: the event's own date.
    assert ice_access.report_date("2025-11-28", "filed", "") == "2025-11-28"
    assert ice_access.report_date("2025-11", "applied", "2025-11") == "2025-11"


def test_washington_and_the_settlement_states_are_dated_by_their_reports() -> None:
    """Washington State Standard (2026-01-08): officials 'cut off ... ICE access to this data in mid-November'; the
    settlement filed on Friday 2025-11-28 was reported on 2025-12-02 (KJAN)."""
    states, events = load_states(), load_ice_access_events()
    lines = state_status.after_last_report(states, events)
    report, en, es = lines["WA"]
    assert report.date == "2026-01-08" and report.source_id == "wastandard-2026-01-08"
    assert en.startswith("blocked as of 2026-01-08 (block applied in mid-November 2025)")
    assert en.endswith("so after 2026-01-08 its status is unknown")
    assert es.startswith("bloqueado al 2026-01-08") and "as of 2025-11 " not in en
    # Its CBP report of the same day stays beside it, never dating it.
    assert "2026-01-08 CBP access still open" in en and "2026-02 CBP access still open (Nlets)" in en
    for code in ("FL", "IA", "IN", "OH"):
        report, en, _ = lines[code]
        assert report.date == "2025-12-02", (code, report)
        assert en.startswith("supports federal access as of 2025-12-02 (agreed to support DHS's access through "
                             "Nlets, filed 2025-11-28)"), en
    table = status_then_and_now(states).set_index("usps")
    assert table.loc["WA", ["last_report", "status_now"]].tolist() == ["2026-01-08", "blocked"]
    assert table.loc["FL", ["last_report", "status_now"]].tolist() == ["2025-12-02", "supports federal access"]
    # The letters' date is still the letters' own, though Voz printed them a day later.
    assert table.loc["IL", "last_report"] == "2025-11-12" and table.loc["TX", "last_report"] == "2025-11-12"


def test_an_open_report_holds_until_its_publication_never_after() -> None:
    """SYNTHETIC: a settlement filed 2025-11-28 and reported 2025-12-02 describes the state through 2025-12-02 and
    no further; a block applied in 2026-03 and reported 2026-05-02 is last reported on 2026-05-02."""
    states = load_states()
    states = states[states["usps"].isin(["FL", "WA"])]
    events = pd.DataFrame({
        "event_id": ["E01", "E02"], "jurisdiction": ["FL", "WA"], "event": ["supports_federal_access", "block_applied"],
        "date": ["2025-11-28", "2026-03"], "date_precision": ["day", "month"], "month_part": [None, None],
        "date_meaning": ["filed", "applied"], "agencies": ["DHS", "ICE"], "system": ["Nlets", "Nlets"],
        "source_id": ["s1", "s2"], "confidence": ["high", "high"], "note": ["", ""], "tier": ["press", "press"],
        "source_published": ["2025-12-02", "2026-05-02"]})
    events["start"] = pd.to_datetime(events["date"], format="ISO8601")
    status = {day: ice_access.status_on(states, events, day).set_index("usps")["status"]
              for day in ("2025-11-28", "2025-12-02", "2025-12-03")}
    assert [status[d]["FL"] for d in status] == [ice_access.SUPPORTS, ice_access.SUPPORTS, ice_access.UNKNOWN]
    last = state_status.own_last_reports(states, events)
    assert (last["FL"].date, last["WA"].date) == ("2025-12-02", "2026-05-02")
    _, wa, _ = state_status.after_last_report(states, events)["WA"]
    assert wa.startswith("blocked as of 2026-05-02 (block applied in 2026-03)")


def test_now_map_lists_the_months_of_the_reports() -> None:
    text = _svg_text("fig02-ice-access-now-map")
    assert "all 56" not in text
    assert "2026-01" in text and "2025-12" in text


# --- T2: New York's 2020 amendment is a limited exception everywhere ---------------------------------------------

def test_new_york_2020_is_a_limited_exception_in_the_events_table_and_its_description() -> None:
    table = access_events(load_states()).set_index("event_id")
    assert table.loc["E37", "event"] == "limited_exception"
    assert not table["event"].eq("access_restored").any()
    spec = publish_tables.access_events_table(table.reset_index())
    assert "access restored" not in spec.description and "limited exception for CBP" in spec.description
    built = (REPORTS / "tables" / "tab02-ice-access-events.csv").read_text(encoding="utf-8")
    assert "access_restored" not in built
    assert "access restored" not in (REPORTS / "index.html").read_text(encoding="utf-8")


# --- T3: the rates' denominators are "not known to block", never "open" ------------------------------------------

def test_open_rate_labels_say_not_known_to_block() -> None:
    spec = publish_tables.open_rates_table(queries_per_100k_open(load_states()))
    words = " ".join([spec.title, spec.description, spec.bounds_note or ""]
                     + [n["label"] for n in spec.key_numbers])
    assert "open jurisdictions" not in words and "open to ICE" not in words and "had not blocked" not in words
    for number in spec.key_numbers:
        assert "residents of the 50 states and DC not known to block ICE" in number["label"], number
        assert "de los 50 estados y DC sin bloqueo conocido de ICE" in number["label_es"], number
    overlap = publish_tables.policy_overlap_table(pd.DataFrame({"usps": ["CA"], "source_ids": ["voz-2025-11-13"]}))
    assert "had not blocked" not in overlap.description and "not known to have blocked" in overlap.description


# --- T4: the 2025-09-30 map's note agrees with the letters -----------------------------------------------------

def test_block_map_note_names_the_letters_not_either_way() -> None:
    for name in ("fig02-ice-block-map", "fig02-ice-block-map-portrait"):
        text = _svg_text(name)
        assert "either way" not in text and "not blocked, not open" not in text
        assert "the 2025-11-12 letters later named five states (IL, NY, MA, MN, WA) as having blocked ICE" in text
    text_es = " ".join(re.findall(r"<text[^>]*>(.*?)</text>",
                                  (REPORTS / "es" / "figures" / "fig02-ice-block-map.svg").read_text("utf-8")))
    assert "en ningún sentido" not in " ".join(text_es.split())


# --- T6: a single weak source is never more than low confidence ------------------------------------------------

def test_weak_only_rows_have_low_confidence() -> None:
    tiers = load_sources().set_index("source_id")["tier"]
    events = load_ice_access_events()
    weak_events = events[events["tier"].eq("weak")]
    assert set(weak_events["confidence"]) == {"low"}, weak_events[["event_id", "confidence"]]
    figures = load_state_level_figures()
    weak_figures = figures[figures["source_id"].map(tiers).eq("weak")]
    assert {"S06", "S08", "S09", "S12", "S13"} <= set(weak_figures["figure_id"])
    assert set(weak_figures["confidence"]) == {"low"}, weak_figures[["figure_id", "confidence"]]


# --- T10: what Nlets is, by its own name -------------------------------------------------------------------------

def test_what_nlets_is_gives_its_current_name_and_the_former_one() -> None:
    from analysis.publish.site_shared import what_nlets_is

    en, es = str(what_nlets_is("en")), str(what_nlets_is("es"))
    assert en.startswith("Nlets, the International Justice &amp; Public Safety Network (formerly the National Law "
                         "Enforcement Telecommunications System), is")
    assert not en.startswith("Nlets is the National") and "to search driver" in en
    assert es.startswith("Nlets, la International Justice &amp; Public Safety Network (antes National Law "
                         "Enforcement Telecommunications System), es")


# --- T12: the licence-for-all sentence cites the list it names ------------------------------------------------------

def test_licence_for_all_sentence_cites_ncsl_and_every_licence_source() -> None:
    from analysis.findings import policy_overlap, rates_per_100k, resident_shares, state_figures
    from analysis.publish.text.blocking_citable import citable_numbers

    states = load_states()
    rows = citable_numbers(resident_shares.residents_by_access(states, "2025-09-30"),
                           rates_per_100k.queries_per_100k_open(states), policy_overlap.policy_overlap(states),
                           state_figures.state_figure_rates(load_state_level_figures(), states))
    row = next(r for r in rows if r.id == "02-licence-for-all-states-reported-open")
    assert "on NCSL's list" in row.sentence
    ids = set(str(row.source_ids).split(";")) if isinstance(row.source_ids, str) else set(row.source_ids)
    licence = states[states["dl_regardless_of_status"].eq("yes")]
    assert {"ncsl-dl-immigrants", "voz-2025-11-13"} <= ids
    assert set(licence["dl_source_id"]) <= ids, set(licence["dl_source_id"]) - ids


# --- T13: the letters' 19 governors, split as Voz lists them ----------------------------------------------------------

def test_governors_sentence_cites_the_list_of_recipients() -> None:
    from analysis.publish.text.breakdown import context_citable_numbers

    row = next(r for r in context_citable_numbers() if r.id == "governors-sent-letters")
    assert "(17 states, the U.S. Virgin Islands and Guam)" in row.sentence
    assert list(row.source_ids) == ["wyden-press-release-2025-11-12", "voz-2025-11-13"]
    assert row.short_citation.startswith("Office of U.S. Senator Ron Wyden")


# --- T14: 'high' on one non-primary source names the outlet that agrees ----------------------------------------------

CONFIRMED = "Confirmed independently by "
RAW = Path(__file__).parents[1] / "data" / "raw"


def _single_secondary_high(table: str) -> pd.DataFrame:
    """The rows of ``table`` rated ``high`` whose ``source_id`` is one source, and that source not primary."""
    tiers = load_sources().set_index("source_id")["tier"]
    frame = pd.read_csv(RAW / f"{table}.csv", dtype=str, keep_default_na=False)
    ids = frame["source_id"].str.split(";").map(lambda xs: [x for x in xs if x])
    single = ids.map(len).lt(2) & ~ids.map(lambda xs: any(tiers.get(x) == "primary" for x in xs))
    return frame[frame["confidence"].eq("high") & single]


def test_high_on_one_secondary_source_names_a_second_outlet() -> None:
    """README: 'high' is a primary source or two independent outlets that agree. A row resting on one press or
    reference source keeps 'high' only if its note names the second, independent outlet."""
    for table in ("disclosure_figures", "ice_access_events", "letter_recipients", "state_level_figures"):
        rows = _single_secondary_high(table)
        missing = rows[~rows["note"].str.contains(CONFIRMED, regex=False)]
        assert missing.empty, (table, missing.iloc[:, 0].tolist())


def test_single_outlet_rows_found_nowhere_else_are_medium() -> None:
    """Daily Beast alone quotes Nlets' four states; Stateline alone (Jalopnik summarises it) reports the January
    2026 list and the plate-reader states; Reuters and its copies alone give 'nearly 900,000'."""
    events = pd.read_csv(RAW / "ice_access_events.csv", dtype=str, keep_default_na=False).set_index("event_id")
    lowered = ["E01", "E02", "E03", "E04", "E30", "E31", "E32", "E33", "E35", "E43", "E44", "E45", "E46", "E50",
               "E57"]
    assert set(events.loc[lowered, "confidence"]) == {"medium"}
    figures = pd.read_csv(RAW / "disclosure_figures.csv", dtype=str, keep_default_na=False).set_index("figure_id")
    assert figures.loc["F04", "confidence"] == "medium"
    state = pd.read_csv(RAW / "state_level_figures.csv", dtype=str, keep_default_na=False).set_index("figure_id")
    assert state.loc["S03", "confidence"] == "medium"
    # Kept high, each with its second outlet named.
    assert CONFIRMED + "FedScoop" in events.loc["E10", "note"]
    assert CONFIRMED + "Maine Public" in events.loc["E67", "note"]
    assert CONFIRMED + "Smart Cities Dive" in figures.loc["F06", "note"]
