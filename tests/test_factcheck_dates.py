"""The December 2026 fact-check's date findings on the built outputs, in both languages: Washington's cut-off as
published ("mid-November 2025", finding 1), the letters' Washington row as announced (2), Stateline's channel (10),
DAPS to the month (11), statutes as events on their own channel (23), and access that opens as well as closes."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.findings import access_now
from analysis.sources import ice_access
from analysis.sources.tables import load_ice_access_events, load_states
from tests.synthetic_tables import tiny_states

ROOT = Path(__file__).parents[1]
REPORTS = ROOT / "reports"
WA_DAYS = ("2025-11-18", "2025-11-19", "18 de noviembre", "19 de noviembre")


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(REPORTS / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)


def _manifest() -> list[dict]:
    return json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))["entries"]


# --- finding 1: Washington's cut-off is published to the month --------------------------------------------------

def test_no_figure_key_number_or_alt_text_gives_washingtons_cut_off_a_day() -> None:
    for entry in _manifest():
        text = json.dumps(entry, ensure_ascii=False)
        assert not any(day in text for day in WA_DAYS), entry["name"]
    for svg in (REPORTS / "figures").glob("*.svg"):
        drawn = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", svg.read_text(encoding="utf-8"), flags=re.S))
        assert not any(day in drawn for day in WA_DAYS), svg.name


def test_washington_reads_mid_november_in_both_languages() -> None:
    en = html.unescape((REPORTS / "states" / "WA.html").read_text(encoding="utf-8"))
    es = html.unescape((REPORTS / "es" / "states" / "WA.html").read_text(encoding="utf-8"))
    assert "block applied in mid-November 2025" in en
    assert "bloqueo aplicado a mediados de noviembre de 2025" in es
    key = {n["id"]: n for e in _manifest() for n in e.get("key_numbers", [])}["02-wa-block-applied-date"]
    assert key["value"] == "mid-November 2025" and "the day is not" in key["label"]


def test_block_dates_table_keeps_the_month_and_its_part() -> None:
    wa = _table("tab02-block-dates").set_index("usps").loc["WA"]
    assert (wa["block_date"], wa["date_precision"], wa["month_part"]) == ("2025-11", "month", "mid")


_days = st.dates(min_value=pd.Timestamp("2025-01-01").date(), max_value=pd.Timestamp("2026-12-31").date())


@given(st.integers(1, 12), st.sampled_from(["", "early", "mid", "late"]), _days)
def test_a_month_precise_block_is_never_in_force_before_the_months_last_day(month: int, part: str, day) -> None:
    events = pd.DataFrame({
        "event_id": ["E01"], "jurisdiction": ["AA"], "event": ["block_applied"], "date": [f"2025-{month:02d}"],
        "date_precision": ["month"], "month_part": [part or None], "date_meaning": ["applied"], "agencies": ["ICE"],
        "system": ["Nlets"], "source_id": ["src"], "confidence": ["high"], "note": [""], "tier": ["press"]})
    events["start"] = pd.to_datetime(events["date"])
    row = ice_access.status_on(tiny_states(), events, day).set_index("usps").loc["AA"]
    end = ice_access.period_end(f"2025-{month:02d}")
    assert row["ice_blocked"] == (pd.Timestamp(day) >= end)
    if pd.Timestamp(day) >= events["start"].iloc[0] and pd.Timestamp(day) < end:
        assert row["status"] == ice_access.UNKNOWN and "the day is not published" in row["basis"]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", str(row["date_words"]))  # never printed as a day


# --- findings 2, 10, 11 ---------------------------------------------------------------------------------------------

def test_letters_washington_row_is_announced_not_a_date_in_force() -> None:
    events = _table("tab02-ice-access-events").set_index("event_id")
    assert events.loc["E09", ["event", "date_meaning"]].tolist() == ["block_announced", "announced"]
    timeline = next(e for e in _manifest() if e["name"] == "fig02-block-timeline")
    washington = timeline["alt_text"].split("Washington: ")[1].split(";  ")[0]
    assert "letters said the Nlets block was done, 2025-11-12" in washington
    assert "Nlets block reported by 2025-11-12" not in washington


def test_stateline_rows_name_no_channel_and_change_no_nlets_status() -> None:
    events = _table("tab02-ice-access-events").set_index("event_id")
    stateline = events.loc[["E30", "E31", "E32", "E33", "E34"]]
    assert stateline["system"].eq("driver's licence records (channel not stated)").all()
    assert stateline["counts_for_ice_nlets_status"].eq("False").all()


def test_daps_cut_off_is_the_month_only() -> None:
    daps = _table("tab02-ice-access-events").set_index("event_id").loc["E48"]
    assert (daps["date"], daps["date_precision"], daps["month_part"]) == ("2025-08", "month", "")


# --- finding 23 and the newer facts: statutes and access that opens -------------------------------------------

def test_statutes_are_events_on_their_own_channel_never_an_nlets_block() -> None:
    events = load_ice_access_events()
    laws = events[events["event"].isin(["law_effective", "law_signed"])]
    assert {"MN", "NM", "CO", "VA", "CA"} <= set(laws["jurisdiction"])
    assert not laws["system"].eq("Nlets").any()
    applied = events[events["event"].eq("block_applied")]
    assert set(applied["jurisdiction"]) == {"WA"}  # no statute became a block date


def test_access_that_opens_is_on_record_and_in_the_then_and_now_table() -> None:
    table = access_now.status_then_and_now(load_states()).set_index("usps")
    for code in ("FL", "IN", "IA", "OH"):
        assert table.loc[code, "status_then"] == ice_access.NO_REPORT
        assert table.loc[code, "status_now"] == ice_access.SUPPORTS
        assert "supports federal access (DHS, Nlets)" in table.loc[code, "opening_events"]
    assert table.loc["DE", "status_now"] == ice_access.UNDER_REVIEW
    assert "reported open (CBP" in table.loc["WA", "opening_events"]
    published = _table("tab02-ice-access-then-and-now").set_index("usps")
    assert published.loc["IA", "status_now"] == ice_access.SUPPORTS and len(published) == len(table)


def test_plates_and_federal_programmes_are_never_a_jurisdictions_last_report() -> None:
    table = access_now.status_then_and_now(load_states()).set_index("usps")
    # Maine's last report on DMV access is the letters' (2025-11-12), not the 2026 plates items.
    assert table.loc["ME", "last_report"] == "2025-11-12"
    events = load_ice_access_events()
    assert set(events.loc[events["jurisdiction"].eq("US"), "event"]) == {"federal_programme"}
