"""analysis.findings (the blocking-states comparison) and analysis.sources.ice_access: the as-of rule for ICE access
(dated events), shares, rates, block dates and the synthetic own-counts fixture (the comparison of a researcher's
own counts is tested in tests/test_own_*.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from synthetic_tables import event, events_frame, tiny_events, tiny_states

from analysis.findings import access_status, block_history, comparison_basics, policy_overlap, rates_per_100k, resident_shares
from analysis.findings import state_figures
from analysis.publish.figures import ice_block_map
from analysis.sources import ice_access
from analysis.paths import project_root
from analysis.sources.tables import disclosure_value, load_ice_access_events, load_sources, load_states

STATES = load_states()
EVENTS = load_ice_access_events()
POP = STATES.set_index("usps")["population"].astype(int)
US = comparison_basics.us_residents(STATES)
US_POP = int(US["population"].sum())
TERRITORIES = STATES[STATES["jurisdiction_type"] == "territory"]
NAMED = ["IL", "MA", "MN", "NY"]  # the four states Nlets said it knew to block ICE
WEAK = sorted(load_sources().query("tier == 'weak'")["source_id"])


def one(kind: str, date: str, meaning: str, source_id: str = "voz-2025-11-13", *, code: str = "AA",
        event_id: str = "E90", **kwargs: str) -> pd.DataFrame:
    """An events table holding one event about ``code``."""
    return events_frame([event(event_id, code, kind, date, meaning, source_id, **kwargs)])


def status(events: pd.DataFrame, day: object, code: str = "AA", states: pd.DataFrame | None = None) -> pd.Series:
    """The status row of one jurisdiction on ``day`` under :func:`ice_access.status_on`."""
    table = ice_access.status_on(tiny_states() if states is None else states, events, day)
    return table.set_index("usps").loc[code]


def blocked_on(states: pd.DataFrame, day: object, events: pd.DataFrame | None = None) -> list[str]:
    access = access_status.ice_access_as_of(states, day, events)
    return sorted(access.loc[access["ice_blocked"], "usps"])


def with_territory() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The four tiny jurisdictions plus a territory TT (50 residents) with a block applied on 2020-01-01."""
    states = tiny_states(("AA", "BB", "CC", "DD", "TT"), (100, 200, 300, 400, 50),
                         types=("state", "state", "state", "district", "territory"))
    events = pd.concat([tiny_events(), one("block_applied", "2020-01-01", "applied", "usatoday-2019-12-20",
                                           code="TT", event_id="E05")], ignore_index=True)
    return states, events


dates = st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31))


# ---- the rule, on literal frames (ice_access.status_on and access_status.ice_access_as_of) ------------------------------


def test_status_on_returns_one_row_per_jurisdiction_in_order_with_its_columns():
    states = tiny_states(("DD", "AA", "ZZ", "CC"), (1, 2, 3, 4))
    table = ice_access.status_on(states, tiny_events(), pd.Timestamp("2025-11-19 15:30"))
    assert table["usps"].tolist() == ["DD", "AA", "ZZ", "CC"]
    assert list(table.columns) == ["usps", "name", "jurisdiction_type", "as_of", "status", "ice_blocked", "assumed",
                                   "basis", "date", "date_words", "month_part", "date_meaning", "kind", "source_ids"]
    assert (table["as_of"] == pd.Timestamp("2025-11-19")).all()  # the day, not the hour
    assert table["status"].isin(ice_access.STATUSES).all() and (table["kind"] == "derived").all()
    assert table.set_index("usps").loc["ZZ", "status"] == ice_access.NO_REPORT  # no events at all


def test_as_of_rule_on_the_tiny_frame():
    access = access_status.ice_access_as_of(tiny_states(), dt.date(2025, 11, 19), tiny_events())
    expected = pd.DataFrame({"usps": ["AA", "BB", "CC", "DD"],
                             "status": ["blocked", "blocked", "blocked", "unknown"],
                             "ice_blocked": [True, True, True, False], "assumed": [False, False, False, False]})
    assert_frame_equal(access[["usps", "status", "ice_blocked", "assumed"]], expected)
    before = access_status.ice_access_as_of(tiny_states(), "2025-11-11", tiny_events()).set_index("usps")
    assert before["status"].tolist() == ["blocked", "assumed blocked", "blocked later", "no report"]
    assert before["ice_blocked"].tolist() == [True, True, False, False]
    assert before["assumed"].tolist() == [False, True, False, False]
    assert before.loc["CC", "basis"] == "not yet blocked: block applied later, on 2025-11-19"
    assert before.loc["DD", "basis"] == "no report before 2025-11-12, when it was reported open to ICE"
    assert before.loc["DD", "source_ids"] == "voz-2025-11-13"
    assert access.set_index("usps").loc["DD", "source_ids"] == "voz-2025-11-13"


def test_ice_access_as_of_is_status_on_with_the_events_given():
    assert_frame_equal(access_status.ice_access_as_of(tiny_states(), "2025-06-01", tiny_events()),
                       ice_access.status_on(tiny_states(), tiny_events(), "2025-06-01"))
    assert_frame_equal(access_status.ice_access_as_of(STATES, "2025-06-01"),
                       ice_access.status_on(STATES, EVENTS, "2025-06-01"))


def test_applied_block_counts_from_its_day_not_before():
    events = one("block_applied", "2024-03-05", "applied", "jalopnik-2026-01-12")
    day_before, day = status(events, "2024-03-04"), status(events, "2024-03-05")
    assert (day_before["status"], day_before["ice_blocked"]) == (ice_access.LATER, False)
    assert (day["status"], day["ice_blocked"], day["assumed"]) == (ice_access.BLOCKED, True, False)
    assert (day["date"], day["date_meaning"]) == ("2024-03-05", "applied")
    assert day["basis"] == "block applied on 2024-03-05"


def test_applied_block_of_highest_confidence_decides():
    events = events_frame([
        event("E90", "AA", "block_applied", "2024-03-05", "applied", "jalopnik-2026-01-12", confidence="medium"),
        event("E91", "AA", "block_applied", "2024-03-10", "applied", "reuters-2025-11-12", confidence="high"),
    ])
    assert status(events, "2024-03-07")["status"] == ice_access.LATER
    assert status(events, "2024-03-10")["date"] == "2024-03-10"


def test_reported_block_is_assumed_before_its_report_and_blocked_from_it():
    events = one("block_reported", "2025-11-12", "reported by")
    early = status(events, "2015-01-01")
    assert (early["status"], early["ice_blocked"], early["assumed"]) == (ice_access.ASSUMED, True, True)
    assert early["basis"].startswith("assumed blocked: reported blocked by 2025-11-12")
    assert "not published" in early["basis"]
    on = status(events, "2025-11-12")
    assert (on["status"], on["ice_blocked"], on["assumed"]) == (ice_access.BLOCKED, True, False)
    assert on["date_meaning"] == "reported by"


def test_the_earliest_report_decides_when_a_block_is_reported_twice():
    events = events_frame([
        event("E90", "AA", "block_reported", "2026-01-13", "reported by", "stateline-2026-01-13"),
        event("E91", "AA", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11"),
    ])
    assert status(events, "2025-11-12")["status"] == ice_access.BLOCKED
    assert status(events, "2025-11-11")["status"] == ice_access.ASSUMED
    assert status(events, "2025-11-12")["source_ids"] == "dailybeast-2025-11;stateline-2026-01-13"


@pytest.mark.parametrize(("date", "last_assumed", "first_blocked"),
                         [("2025-11", "2025-11-29", "2025-11-30"), ("2025", "2025-12-30", "2025-12-31"),
                          ("2024-02", "2024-02-28", "2024-02-29")])
def test_month_or_year_precise_report_counts_from_the_periods_last_day(date, last_assumed, first_blocked):
    events = one("block_reported", date, "reported by")
    assert events["date_precision"].iloc[0] in ("month", "year")
    assert status(events, last_assumed)["status"] == ice_access.ASSUMED
    assert status(events, first_blocked)["status"] == ice_access.BLOCKED
    assert status(events, first_blocked)["date"] == date  # as written in the source
    assert ice_access.period_end(date) == pd.Timestamp(first_blocked)


def test_law_in_force_is_named_but_is_not_a_block_start():
    law = event("E90", "AA", "law_effective", "2019-12-14", "law effective", "usatoday-2019-12-20",
                agencies="ICE;CBP", system="DMV records (all channels)")
    alone = events_frame([law])
    assert status(alone, "2020-06-01")["status"] == ice_access.NO_REPORT
    assert not status(alone, "2020-06-01")["ice_blocked"]
    with_report = events_frame([law, event("E91", "AA", "named_by_nlets", "2025-11-12", "reported by",
                                           "dailybeast-2025-11")])
    before_law, after_law = status(with_report, "2019-12-13"), status(with_report, "2019-12-14")
    assert before_law["status"] == after_law["status"] == ice_access.ASSUMED  # the law does not change the status
    assert "law effective" not in before_law["basis"]
    assert after_law["basis"].endswith("; law effective 2019-12-14")
    assert after_law["date"] == "2025-11-12"  # the status rests on the report, not on the law


def test_reported_open_is_so_from_the_report_to_its_date_then_unknown_never_open():
    events = one("reported_open", "2025-11-12", "reported by", confidence="medium")
    before = status(events, "2025-11-11")
    assert before["status"] == ice_access.NO_REPORT and pd.isna(before["date"])  # nothing dates the state before
    assert status(events, "2025-11-12")["status"] == ice_access.REPORTED_OPEN
    after = status(events, "2025-11-13")
    assert (after["status"], after["ice_blocked"]) == (ice_access.UNKNOWN, False)
    assert after["basis"] == "unknown since 2025-11-12 (last report)"
    assert "open" not in ice_access.STATUSES


def test_block_in_progress_is_so_up_to_the_report_then_unknown():
    events = one("block_in_progress", "2025-11-12", "reported by")
    assert status(events, "2025-11-11")["status"] == ice_access.NO_REPORT
    assert status(events, "2025-11-11")["basis"] == "no report before 2025-11-12, when a block in progress was reported"
    assert status(events, "2025-11-12")["status"] == ice_access.IN_PROGRESS
    assert not status(events, "2025-11-12")["ice_blocked"]
    assert status(events, "2025-11-13")["status"] == ice_access.UNKNOWN


# Generated events for one jurisdiction: (kind, date, precision) with the date meaning each kind is written with.
_MEANING = {"block_applied": "applied", "block_reported": "reported by", "named_by_nlets": "reported by",
            "block_in_progress": "reported by", "reported_open": "reported by", "law_effective": "law effective",
            "rule_effective": "rule effective"}
_DATE_TEXT = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
written_dates = st.tuples(dates, st.sampled_from(list(_DATE_TEXT))).map(lambda d: d[0].strftime(_DATE_TEXT[d[1]]))


def _events(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return events_frame([
        event(f"E{i:02d}", "AA", kind, date, _MEANING[kind], "voz-2025-11-13",
              system="DMV records (all channels)" if kind.endswith("_effective") else "Nlets")
        for i, (kind, date) in enumerate(rows)])


@given(st.lists(st.tuples(st.sampled_from(list(_MEANING)), written_dates), max_size=5),
       st.sampled_from(["block_in_progress", "reported_open"]), written_dates, dates)
def test_a_non_block_report_never_changes_the_status_before_its_date(base, kind, date, day):
    """Factcheck #6: "as Oregon is currently doing" (2025-11-12) says nothing of 2025-09-30. A report that is not a
    block describes the state from its date (the first day it can mean) on: on any earlier day the status is what
    the other events give."""
    if pd.Timestamp(day) >= pd.Timestamp(date):
        return
    columns = ["status", "ice_blocked", "assumed", "date", "date_meaning"]
    without = status(_events(base), day)[columns]
    with_report = status(_events([*base, (kind, date)]), day)[columns]
    assert_series_equal_na(without, with_report)


def assert_series_equal_na(left: pd.Series, right: pd.Series) -> None:
    """Equal value by value, a missing value equal to a missing value."""
    assert [None if pd.isna(v) else v for v in left] == [None if pd.isna(v) else v for v in right]


def test_a_later_report_does_not_turn_an_earlier_days_unknown_into_open():
    first = [("reported_open", "2025-01-15")]
    both = [*first, ("block_in_progress", "2025-11-12")]
    assert status(_events(first), "2025-06-01")["status"] == status(_events(both), "2025-06-01")["status"] == "unknown"
    assert status(_events(both), "2025-11-12")["status"] == ice_access.IN_PROGRESS


@given(dates)
def test_a_reported_open_state_is_open_only_on_its_report_day(day):
    access = access_status.ice_access_as_of(tiny_states(), day, tiny_events()).set_index("usps")
    report = pd.Timestamp("2025-11-12")
    expected = (ice_access.NO_REPORT if pd.Timestamp(day) < report
                else ice_access.REPORTED_OPEN if pd.Timestamp(day) == report else ice_access.UNKNOWN)
    assert access.loc["DD", "status"] == expected
    assert not access.loc["DD", "ice_blocked"]


@pytest.mark.parametrize("kind", ["block_applied", "block_reported", "named_by_nlets", "block_in_progress",
                                  "reported_open"])
def test_an_event_on_a_weak_source_changes_nothing(kind):
    weak = one(kind, "2020-01-01", "applied" if kind == "block_applied" else "reported by", WEAK[0])
    assert weak["tier"].iloc[0] == "weak"
    for day in ("2019-01-01", "2020-01-01", "2026-01-01"):
        row = status(weak, day)
        assert (row["status"], row["ice_blocked"], row["assumed"]) == (ice_access.NO_REPORT, False, False)


def test_a_weak_applied_date_does_not_move_a_confirmed_one():
    events = events_frame([
        event("E90", "AA", "block_applied", "2025-11-18", "applied", "jalopnik-2026-01-12", confidence="medium"),
        event("E91", "AA", "block_applied", "2025-11-10", "applied", WEAK[0], confidence="high"),
        event("E92", "AA", "block_ordered", "2025-11-07", "ordered", WEAK[0], confidence="low"),
    ])
    assert status(events, "2025-11-17")["status"] == ice_access.LATER
    assert status(events, "2025-11-18")["source_ids"] == "jalopnik-2026-01-12"


def test_tier_column_decides_weakness_not_the_source_name():
    events = one("block_applied", "2020-01-01", "applied", "jalopnik-2026-01-12")
    assert status(events, "2021-01-01")["ice_blocked"]
    assert status(events.assign(tier="weak"), "2021-01-01")["status"] == ice_access.NO_REPORT


@pytest.mark.parametrize(("agencies", "system"), [
    ("CBP", "Nlets"),
    ("HSI", "Nlets"),
    ("CBP", "DMV records (all channels)"),
    ("ICE", "CLETS"),
    ("ICE", "licence-plate readers and data privacy"),
    ("ICE", "direct DMV access"),
    ("ICE;CBP", "DAPS"),
])
@pytest.mark.parametrize("kind", ["block_applied", "block_reported", "named_by_nlets"])
def test_events_about_other_agencies_or_systems_never_change_ices_status(agencies, system, kind):
    events = one(kind, "2020-01-01", "applied" if kind == "block_applied" else "reported by",
                 "usatoday-2019-12-20", agencies=agencies, system=system)
    for day in ("2019-06-01", "2021-01-01"):
        assert status(events, day)["status"] == ice_access.NO_REPORT
        assert not status(events, day)["ice_blocked"]


def test_an_ice_and_cbp_event_through_nlets_does_count_for_ice():
    events = one("block_applied", "2020-01-01", "applied", "usatoday-2019-12-20", agencies="ICE;CBP")
    assert status(events, "2020-01-01")["status"] == ice_access.BLOCKED


def test_context_events_give_no_report_and_say_what_is_on_record():
    events = events_frame([
        event("E90", "AA", "not_a_dmv_block", "2026-01-13", "reported by", "stateline-2026-01-13",
              system="licence-plate readers and data privacy"),
        event("E91", "BB", "state_system_cutoff", "2019-10-15", "applied", "eff-2019-12", system="CLETS"),
    ])
    aa, bb = status(events, "2026-06-01", "AA"), status(events, "2026-06-01", "BB")
    assert (aa["status"], bb["status"]) == (ice_access.NO_REPORT, ice_access.NO_REPORT)
    assert "licence-plate readers and data privacy" in aa["basis"] and "CLETS" in bb["basis"]
    assert (aa["source_ids"], bb["source_ids"]) == ("stateline-2026-01-13", "eff-2019-12")
    assert not aa["ice_blocked"] and not bb["ice_blocked"]


@given(dates, dates)
def test_blocked_set_only_grows_with_time_on_the_tiny_frame(a, b):
    early, late = sorted([a, b])
    assert set(blocked_on(tiny_states(), early, tiny_events())) <= set(blocked_on(tiny_states(), late, tiny_events()))


# ---- the rule on data/raw -----------------------------------------------------------------------------------------


def test_the_four_named_states_block_throughout_the_disclosure_period_on_an_assumption():
    for day in ("2024-10-01", "2025-09-30"):
        access = access_status.ice_access_as_of(STATES, day).set_index("usps")
        assert sorted(access.index[access["ice_blocked"]]) == NAMED
        assert sorted(access.index[access["assumed"]]) == NAMED
        assert access.loc[NAMED, "status"].eq(ice_access.ASSUMED).all()


def test_the_named_states_are_blocked_from_the_report_of_2025_11_12():
    assert access_status.ice_access_as_of(STATES, "2025-11-11").set_index("usps").loc[NAMED, "assumed"].all()
    on = access_status.ice_access_as_of(STATES, "2025-11-12").set_index("usps")
    assert on.loc[NAMED, "status"].eq(ice_access.BLOCKED).all() and not on.loc[NAMED, "assumed"].any()
    assert on.loc[NAMED, "date_meaning"].eq("reported by").all()


def test_washington_joins_on_its_applied_month_never_a_day():
    # State officials gave "mid-November": blocked later before November, unknown during it, blocked from its end.
    october, november, after = (access_status.ice_access_as_of(STATES, d).set_index("usps").loc["WA"]
                                for d in ("2025-10-31", "2025-11-18", "2025-11-30"))
    assert (october["status"], november["status"], after["status"]) == (
        ice_access.LATER, ice_access.UNKNOWN, ice_access.BLOCKED)
    assert november["basis"] == "block applied in mid-November 2025; the day is not published"
    assert "WA" not in blocked_on(STATES, "2025-11-29") and "WA" in blocked_on(STATES, "2025-11-30")
    assert (after["date"], after["date_words"], after["date_meaning"], after["source_ids"]) == (
        "2025-11", "mid-November 2025", "applied", "wastandard-2026-01-08")
    # The weak source's 2025-11-19 and 2025-11-07 are on record but move nothing.
    weak_wa = EVENTS[(EVENTS["jurisdiction"] == "WA") & (EVENTS["tier"] == "weak")]
    assert {"2025-11-19", "2025-11-07"} <= set(weak_wa["date"])


def test_washingtons_daps_cutoff_is_a_state_system_not_the_nlets_block():
    daps = EVENTS[(EVENTS["jurisdiction"] == "WA") & (EVENTS["event"] == "state_system_cutoff")]
    assert len(daps) == 1 and daps["system"].str.startswith("DAPS").all() and daps["tier"].ne("weak").all()
    day = daps["date"].iloc[0]
    wa = access_status.ice_access_as_of(STATES, day).set_index("usps").loc["WA"]
    assert (wa["status"], wa["ice_blocked"]) == (ice_access.LATER, False)
    assert "WA" not in blocked_on(STATES, "2025-09-30")


def test_new_york_is_assumed_blocked_before_2025_11_12_and_its_law_date_is_no_block_start():
    law = EVENTS[(EVENTS["jurisdiction"] == "NY") & (EVENTS["event"] == "law_effective")].iloc[0]
    assert (law["date"], law["date_meaning"]) == ("2019-12-14", "law effective")
    for day in ("2015-01-01", "2019-12-13", "2019-12-14", "2025-11-11"):
        ny = access_status.ice_access_as_of(STATES, day).set_index("usps").loc["NY"]
        assert (ny["status"], ny["ice_blocked"], ny["assumed"]) == (ice_access.ASSUMED, True, True), day
        assert ny["date"] == "2025-11-12", day
    def ny_on(day: str) -> pd.Series:
        return access_status.ice_access_as_of(STATES, day).set_index("usps").loc["NY"]

    assert "law effective 2019-12-14" not in ny_on("2019-12-13")["basis"]
    assert "law effective 2019-12-14" in ny_on("2019-12-14")["basis"]
    # USA Today's 2019-12-20 report is about direct DMV access, not Nlets: no block from that day either.
    assert access_status.ice_access_as_of(STATES, "2019-12-20").set_index("usps").loc["NY", "status"] == ice_access.ASSUMED
    assert access_status.ice_access_as_of(STATES, "2025-11-12").set_index("usps").loc["NY", "status"] == ice_access.BLOCKED


def test_oregon_in_progress_only_from_its_report_then_unknown_and_never_blocked():
    # Factcheck #6: the only report ("as Oregon is currently doing", 2025-11-12) dates nothing before it.
    before = access_status.ice_access_as_of(STATES, "2025-09-30").set_index("usps")
    assert (before.loc["OR", "status"], before.loc["OR", "ice_blocked"]) == (ice_access.NO_REPORT, False)
    during = access_status.ice_access_as_of(STATES, "2025-11-12").set_index("usps")
    assert during.loc["OR", "status"] == ice_access.IN_PROGRESS
    later = access_status.ice_access_as_of(STATES, "2026-01-31").set_index("usps")
    assert later.loc["OR", "status"] == ice_access.UNKNOWN
    assert not later.loc[["OR", "TX"], "ice_blocked"].any()
    assert later.loc["TX", "status"] == ice_access.NO_REPORT


def test_letter_states_are_reported_open_until_the_letters_then_unknown():
    letter = STATES.loc[STATES["governor_letter_2025_11_12"], "usps"]
    on = access_status.ice_access_as_of(STATES, "2025-11-12").set_index("usps")
    after = access_status.ice_access_as_of(STATES, "2025-11-13").set_index("usps")
    open_by_letters = sorted(on.index[on["status"] == ice_access.REPORTED_OPEN])
    assert open_by_letters and set(open_by_letters) <= set(letter)
    assert after.loc[open_by_letters, "status"].eq(ice_access.UNKNOWN).all()
    assert not after["status"].eq(ice_access.REPORTED_OPEN).any()


@pytest.mark.slow  # the full events table on many dates; the tiny-table variant runs in the fast lane
@given(dates)
def test_arkansas_idaho_montana_are_no_report_on_any_date(day):
    access = access_status.ice_access_as_of(STATES, day, EVENTS).set_index("usps").loc[["AR", "ID", "MT"]]
    assert access["status"].eq(ice_access.NO_REPORT).all()
    assert not access["ice_blocked"].any() and not access["assumed"].any()
    assert access["basis"].str.contains("licence-plate readers").all()


def test_californias_clets_cutoff_does_not_make_it_blocked():
    cutoff = EVENTS[(EVENTS["jurisdiction"] == "CA") & (EVENTS["event"] == "state_system_cutoff")].iloc[0]
    assert (cutoff["date"], cutoff["system"]) == ("2019-10-15", "CLETS")
    for day in ("2019-10-14", "2019-10-15", "2025-09-30", "2026-06-01"):
        assert "CA" not in blocked_on(STATES, day), day
    on_cutoff = access_status.ice_access_as_of(STATES, "2019-10-15").set_index("usps")
    assert on_cutoff.loc["CA", "status"] == ice_access.NO_REPORT  # the letters (2025-11-12) date nothing before


@pytest.mark.slow  # the full events table on many dates; the tiny-table variant runs in the fast lane
@given(dates, dates)
def test_blocked_set_only_grows_with_time(a, b):
    early, late = sorted([a, b])
    assert set(blocked_on(STATES, early, EVENTS)) <= set(blocked_on(STATES, late, EVENTS))


def test_dated_block_starts_list_applied_dates_only():
    assert block_history.dated_block_starts().dt.strftime("%Y-%m-%d").to_dict() == {"WA": "2025-11-01"}
    assert block_history.dated_block_texts() == {"WA": ("mid-November 2025", False)}
    tiny = block_history.dated_block_starts(tiny_events()).dt.strftime("%Y-%m-%d").to_dict()
    assert tiny == {"AA": "2020-01-01", "CC": "2025-11-19"}  # BB is only reported, DD open


def test_last_report_is_the_latest_event():
    assert ice_access.last_report(EVENTS) == EVENTS["start"].max()
    assert ice_access.last_report(tiny_events()) == pd.Timestamp("2025-11-19")


# ---- block dates --------------------------------------------------------------------------------------------------


def test_block_dates_say_what_each_date_is_and_whether_the_year_was_covered():
    dates = block_history.block_dates(STATES).set_index("usps")
    assert set(dates.index) == {*NAMED, "OR", "WA"}
    assert dates.loc[NAMED, "block_date"].eq("2025-11-12").all()
    assert dates.loc[NAMED, "date_meaning"].eq("reported by").all()
    assert not dates.loc[NAMED, "start_published"].any()
    assert dates.loc[NAMED, "covered_whole_period"].isna().all()
    assert dates.loc[NAMED, "in_force_by_period_end"].isna().all()
    assert dates.loc[NAMED, "named_by_nlets"].all() and not dates.loc[["OR", "WA"], "named_by_nlets"].any()
    assert dates.loc["NY", "law_or_rule"] == "law effective 2019-12-14"
    assert dates.loc["MA", "law_or_rule"] == "rule effective 2023-06-30, rule effective 2024-01-05"
    wa = dates.loc["WA"]
    assert (wa["block_date"], wa["month_part"], wa["date_meaning"], wa["start_published"]) == (
        "2025-11", "mid", "applied", True)
    # WA's block began after the period; OR's had not begun.
    assert dates.loc[["WA", "OR"], "covered_whole_period"].tolist() == [False, False]
    assert dates.loc[["WA", "OR"], "in_force_by_period_end"].tolist() == [False, False]
    assert dates.loc["OR", "status"] == "in progress"
    assert (dates["period_start"] == "2024-10-01").all() and (dates["period_end"] == "2025-09-30").all()
    assert dates["source_ids"].str.contains("wyden-press-release-2025-11-12").all()


def test_block_covering_part_of_a_period_is_not_whole():
    dates = block_history.block_dates(tiny_states(), ("2025-01-01", "2025-12-31"), tiny_events()).set_index("usps")
    assert set(dates.index) == {"AA", "BB", "CC"}  # DD was only reported open
    assert dates.loc[["AA", "CC"], "covered_whole_period"].tolist() == [True, False]
    assert pd.isna(dates.loc["BB", "covered_whole_period"])
    assert dates.loc["CC", "in_force_by_period_end"]
    short = block_history.block_dates(tiny_states(), ("2025-01-01", "2025-11-18"), tiny_events()).set_index("usps")
    assert not short.loc["CC", "in_force_by_period_end"]


def test_timeline_lists_ices_dated_events_with_what_each_date_means():
    timeline = block_history.block_timeline(STATES)
    assert set(timeline["usps"]) == set(block_history.block_dates(STATES)["usps"])
    assert timeline["agencies"].str.contains("ICE").all()  # CBP-only events are not on the ICE timeline
    ny = timeline[timeline["usps"] == "NY"].set_index("event")
    assert ny.loc["law_effective", ["date", "date_meaning"]].tolist() == ["2019-12-14", "law effective"]
    assert ny.loc["named_by_nlets", "date"] == "2025-11-12"
    weak = timeline["tier"] == "weak"
    assert weak.any() and timeline.loc[weak, "confirmed"].eq("unconfirmed (weak source)").all()
    assert timeline.loc[~weak, "confirmed"].eq("confirmed").all()
    assert (timeline["kind"] == "published").all()
    order = timeline[["usps", "start", "event_id"]]
    assert_frame_equal(order, order.sort_values(["usps", "start", "event_id"]).reset_index(drop=True))


# ---- shares and rates ---------------------------------------------------------------------------------------------


def test_us_residents_are_the_50_states_and_dc():
    assert len(US) == 51
    assert US["jurisdiction_type"].value_counts().to_dict() == {"state": 50, "district": 1}
    assert "PR" not in set(US["usps"]) and set(TERRITORIES["usps"]).isdisjoint(US["usps"])


def test_shielded_residents_and_shares():
    table = resident_shares.residents_by_access(STATES, "2025-09-30").set_index("group")
    blocked = int(POP[NAMED].sum())
    assert table.loc[comparison_basics.BLOCKED, "residents"] == blocked
    assert table.loc["all", "residents"] == US_POP
    assert table.loc[comparison_basics.BLOCKED, "residents"] + table.loc[comparison_basics.OPEN, "residents"] == US_POP
    assert table.loc[comparison_basics.BLOCKED, "share_of_total"] == pytest.approx(blocked / US_POP)
    assert round(float(table.loc[comparison_basics.BLOCKED, "share_of_total"]), 3) == 0.134  # the published 13.4%
    assert table.loc["all", "share_of_total"] == 1.0
    assert table.loc[comparison_basics.BLOCKED, "usps"] == "IL MA MN NY"
    assert table.loc[comparison_basics.BLOCKED, "assumed"] == "IL MA MN NY"
    assert table.loc[comparison_basics.BLOCKED, "jurisdictions"] + table.loc[comparison_basics.OPEN, "jurisdictions"] == 51
    assert (table["kind"] == "derived").all()
    assert "census-pep-vintage-2025" in table.loc[comparison_basics.BLOCKED, "source_ids"].split(";")


def test_territories_are_beside_the_total_never_in_it():
    table = resident_shares.residents_by_access(STATES, "2025-09-30").set_index("group")
    row = table.loc["territories"]
    assert row["usps"] == " ".join(sorted(TERRITORIES["usps"]))
    assert row["residents"] == int(TERRITORIES["population"].sum())
    assert row["jurisdictions"] == len(TERRITORIES)
    assert pd.isna(row["share_of_total"])
    assert "2020 Island Areas Census count (2020-04-01)" in row["vintages"]
    assert "Island Areas" not in table.loc["all", "vintages"]
    assert table.loc["all", "residents"] + row["residents"] == int(POP.sum())


def test_shares_on_a_literal_frame_leave_the_territory_out_of_the_denominator():
    states, events = with_territory()
    table = resident_shares.residents_by_access(states, "2025-01-01", events).set_index("group")
    # AA (applied 2020) and BB (assumed) block; CC (later) and DD (the district, reported open) do not; TT is beside.
    assert table["share_of_total"].drop("territories").to_dict() == {comparison_basics.BLOCKED: 0.3,
                                                                     comparison_basics.OPEN: 0.7, "all": 1.0}
    assert table["residents"].to_dict() == {comparison_basics.BLOCKED: 300, comparison_basics.OPEN: 700, "all": 1000,
                                            "territories": 50}
    assert (table.loc[comparison_basics.BLOCKED, "usps"] == "AA BB"
            and table.loc[comparison_basics.BLOCKED, "assumed"] == "BB")
    assert table.loc["territories", "usps"] == "TT" and pd.isna(table.loc["territories", "share_of_total"])
    after = resident_shares.residents_by_access(states, "2025-11-19", events).set_index("group")
    assert after.loc[comparison_basics.BLOCKED, "share_of_total"] == pytest.approx(0.6)
    assert after.loc[comparison_basics.BLOCKED, "assumed"] == ""


def test_population_vintages_name_the_island_areas():
    vintages = resident_shares.population_vintages(STATES).set_index("population_date")
    island = STATES["population_vintage"].str.contains("Island Areas")
    assert vintages.loc["2020-04-01", "usps"] == " ".join(sorted(STATES.loc[island, "usps"])) == "AS GU MP VI"
    assert vintages.loc["2025-07-01", "jurisdictions"] == (~island).sum() == 52
    assert vintages["residents"].sum() == POP.sum()


def test_vintage_note_names_small_groups_by_code():
    assert resident_shares.vintage_note(STATES).endswith("2020 Island Areas Census count for 2020-04-01 (AS GU MP VI)")
    mixed = tiny_states().assign(
        population_vintage=["Census PEP Vintage 2025 estimate"] * 3 + ["census"],
        population_date=pd.to_datetime(["2025-07-01"] * 3 + ["2020-04-01"]),
    )
    assert resident_shares.vintage_note(mixed) == (
        "Census PEP Vintage 2025 estimate for 2025-07-01 (AA BB CC); census for 2020-04-01 (DD)"
    )


def test_open_state_rates_use_published_counts_over_the_open_states_and_dc():
    table = rates_per_100k.queries_per_100k_open(STATES).set_index("agency")
    open_residents = int(US.loc[~US["usps"].isin(NAMED), "population"].sum())
    assert open_residents < int(POP.drop(NAMED).sum())  # the territories are not in it
    for agency, metric in (("ICE", comparison_basics.ICE_METRIC), ("HSI", comparison_basics.HSI_METRIC)):
        queries = disclosure_value(metric)
        assert table.loc[agency, "queries"] == queries
        assert table.loc[agency, "open_residents"] == open_residents
        assert table.loc[agency, "all_residents"] == US_POP
        assert table.loc[agency, "per_100k_open_residents"] == pytest.approx(queries / open_residents * 100_000)
        assert table.loc[agency, "per_100k_all_residents"] == pytest.approx(queries / US_POP * 100_000)
        assert "not any one state's rate" in table.loc[agency, "assumption"]
        assert resident_shares.vintage_note(US) in table.loc[agency, "assumption"]
    assert round(float(table.loc["ICE", "per_100k_open_residents"]), 1) == 98.7
    assert table.loc["ICE", "assumption"].startswith("Assumes the states that had blocked ICE (IL MA MN NY)")
    assert "IL MA MN NY counted as blocking on 2025-09-30 on the assumption" in table.loc["ICE", "assumption"]
    assert "that IL MA MN NY received none of HSI's queries" in table.loc["HSI", "assumption"]
    assert "does not say whether they also blocked HSI" in table.loc["HSI", "assumption"]
    assert (table["open_as_of"] == "2025-09-30").all() and (table["blocked_usps"] == "IL MA MN NY").all()


def test_open_state_rates_are_modelled_ceilings_because_they_rest_on_an_assumption_that_can_only_overstate():
    """No per-state split was published, so the open-state rate rests on an assumption (the blocking states
    received none of the queries): kind ``modelled``, not ``derived``. Every query that did go to a blocking state
    comes off the open states' count, so the true average can only be lower: bound ``at most`` for ICE and, all the
    more since the blocks may not cover HSI, for HSI. The assumption sentence says both."""
    table = rates_per_100k.queries_per_100k_open(STATES).set_index("agency")
    assert table["kind"].tolist() == ["modelled", "modelled"]
    assert table["bound"].tolist() == ["at most", "at most"]
    for agency in ("ICE", "HSI"):
        assert "so this is a ceiling" in table.loc[agency, "assumption"]


def test_open_state_rates_on_a_literal_frame():
    states, events = with_territory()
    table = rates_per_100k.queries_per_100k_open(states, "2025-01-01", events).set_index("agency")
    ice = disclosure_value(comparison_basics.ICE_METRIC)
    assert table.loc["ICE", "open_residents"] == 700  # CC and the district DD; never the territory TT
    assert table.loc["ICE", "all_residents"] == 1000
    assert table.loc["ICE", "per_100k_open_residents"] == pytest.approx(ice / 700 * 100_000)
    assert table.loc["ICE", "blocked_usps"] == "AA BB"  # TT blocks too but is not one of the 50 states and DC
    assert "(BB counted as blocking on 2025-01-01 on the assumption" in table.loc["ICE", "assumption"]
    assert table["kind"].eq("modelled").all() and table["bound"].eq("at most").all()


def test_open_state_rates_after_the_reports_name_no_assumption():
    table = rates_per_100k.queries_per_100k_open(STATES, "2025-11-30").set_index("agency")
    assert table.loc["ICE", "blocked_usps"] == "IL MA MN NY WA"
    assert "on the assumption that" not in table.loc["ICE", "assumption"]
    assert table.loc["ICE", "open_residents"] == int(US.loc[~US["usps"].isin([*NAMED, "WA"]), "population"].sum())


def test_policy_overlap_lists_licence_states_still_open():
    overlap = policy_overlap.policy_overlap(STATES).set_index("usps")
    confirmed, unconfirmed = comparison_basics.licence_for_all(STATES)
    licence = set(STATES.loc[confirmed, "usps"])
    still_open = set(overlap.index[overlap["licence_for_all"] & ~overlap["ice_blocked"]])
    assert still_open == licence - set(NAMED)
    assert overlap.loc["WA", "status"] == ice_access.LATER  # its block began after the period
    assert overlap.loc["NY", "status"] == ice_access.ASSUMED and overlap.loc["NY", "named_by_nlets"]
    assert overlap.loc["CA", "letter_2025_11_12"] and overlap.loc["CA", "licence_for_all"]
    assert overlap.loc["CA", "status"] == ice_access.NO_REPORT  # the letters' "not done" is of 2025-11-12
    assert overlap.loc["OR", "status"] == ice_access.NO_REPORT  # "currently doing" is of 2025-11-12
    assert not overlap.loc["AZ", "licence_for_all"] and overlap.loc["AZ", "letter_2025_11_12"]
    assert set(STATES.loc[unconfirmed, "usps"]) <= set(overlap.index[overlap["licence_unconfirmed"]])
    later = policy_overlap.policy_overlap(STATES, "2025-12-01").set_index("usps")
    assert later.loc["WA", "ice_blocked"] and later.loc["CA", "status"] == ice_access.UNKNOWN


def test_map_categories_follow_the_as_of_rule():
    cats = access_status.access_categories(STATES, "2025-09-30").set_index("usps")["category"]
    assert cats[NAMED].eq("assumed blocked (start date not published)").all()
    assert cats["WA"] == "blocked later (applied mid-November 2025)"
    assert cats[["OR", "CA", "AR", "ID", "MT", "TX"]].eq("no individual report").all()  # no report by then
    on_letters = access_status.access_categories(STATES, "2025-11-12").set_index("usps")["category"]
    assert (on_letters["OR"], on_letters["CA"]) == ("block in progress", "reported open by the letters")
    during = access_status.access_categories(STATES, "2025-11-19").set_index("usps")["category"]
    assert during["WA"] == "being blocked (applied mid-November 2025; the day is not published)"
    assert ice_block_map.category_es(during["WA"]).startswith("en proceso de bloqueo (aplicado a mediados de")
    after = access_status.access_categories(STATES, "2025-11-30").set_index("usps")["category"]
    assert after["WA"] == "blocked (applied mid-November 2025)"
    assert after["NY"] == "blocked (reported by 2025-11-12)"
    assert after[["CA", "OR"]].eq("unknown since 2025-11-12").all()
    assert after[["AR", "ID", "MT"]].eq("no individual report").all()


# ---- the synthetic own-counts fixture -----------------------------------------------------------------------------


def test_fixture_file_spans_washingtons_block():
    raw = pd.read_csv(project_root() / "tests" / "fixtures" / "synthetic_per_state_counts.csv", dtype=str)
    months = sorted(raw["Month"].unique())
    wa_month = block_history.dated_block_starts()["WA"].strftime("%Y-%m")
    assert months[0] < wa_month < months[-1]
    assert set(raw["Destination State"]) == set(STATES["usps"])


# ---- published state-level figures --------------------------------------------------------------------------------


def test_washington_rates_per_day_and_per_100k():
    from analysis.sources.tables import load_state_level_figures

    figures = load_state_level_figures()
    wa = state_figures.state_figure_rates(figures, STATES)
    assert wa["figure_id"].tolist() == ["S01"]  # out-of-scope and case-count rows get no rate
    row = wa.iloc[0]
    published = int(figures.set_index("figure_id").loc["S01", "value"])
    days = (pd.Timestamp("2025-11-30") - pd.Timestamp("2025-01-01")).days + 1
    assert (row["queries"], row["days"], row["calendar_months"]) == (published, days, 11)
    assert row["per_day"] == pytest.approx(published / days)
    assert row["per_100k_residents"] == pytest.approx(published / POP["WA"] * 100_000)
    wa_pop_source = STATES.set_index("usps").loc["WA", "population_source_id"]
    assert row["source_ids"] == ";".join(sorted([wa_pop_source, "urbanist-2026-01-12"]))
    assert wa_pop_source == "census-pep-vintage-2025"


def test_state_figures_scope_keeps_every_figure_and_marks_the_one_given_a_rate():
    from analysis.sources.tables import load_state_level_figures

    figures = load_state_level_figures()
    scope = state_figures.state_figures_scope(figures, state_figures.state_figure_rates(figures, STATES))
    assert scope["figure_id"].tolist() == figures["figure_id"].tolist()
    assert scope.loc[scope["used_here"], "figure_id"].tolist() == ["S01"]
    assert str(scope["value"].dtype) == "Int64" and scope["value"].isna().sum() == figures["value"].isna().sum()
    assert "source_ids" in scope.columns and "source_id" not in scope.columns
    nothing_used = state_figures.state_figures_scope(figures, figures.iloc[:0])
    assert not nothing_used["used_here"].any()


# ---- the second as-of date ----------------------------------------------------------------------------------------


def test_first_block_after_a_day_is_the_earliest_later_applied_block():
    row = access_status.first_block_after(STATES, "2025-09-30")
    # The month the state gave, and its last day as the first day the block is known to be in force.
    assert (row["usps"], row["date_text"], row["date"]) == ("WA", "mid-November 2025", pd.Timestamp("2025-11-30"))
    assert row["source_id"] == "wastandard-2026-01-08"  # not the weak source's 2025-11-19
    tiny, events = tiny_states(), tiny_events()
    assert access_status.first_block_after(tiny, "2019-01-01", events)["usps"] == "AA"  # BB is only reported: never picked
    assert access_status.first_block_after(tiny, "2020-01-01", events)["usps"] == "CC"  # strictly after the day
    with pytest.raises(ValueError, match="no block applied after 2025-11-19 is on record"):
        access_status.first_block_after(tiny, "2025-11-19", events)


def test_first_block_after_ignores_weak_applied_dates():
    events = pd.concat([tiny_events(), one("block_applied", "2021-01-01", "applied", WEAK[0], code="DD",
                                           event_id="E05")], ignore_index=True)
    assert access_status.first_block_after(tiny_states(), "2020-06-01", events)["usps"] == "CC"


def test_the_latest_open_or_in_progress_report_on_or_before_the_day_decides():
    states = tiny_states(("OO",), (100,))
    events = events_frame([
        event("E01", "OO", "block_in_progress", "2025-11-12", "reported by", "voz-2025-11-13"),
        event("E02", "OO", "reported_open", "2026-01-01", "reported by", "stateline-2026-01-13"),
    ])
    status = {day: access_status.ice_access_as_of(states, day, events).iloc[0]["status"]
              for day in ("2025-10-01", "2025-11-12", "2025-12-31", "2026-01-01", "2026-01-02")}
    assert status == {"2025-10-01": "no report", "2025-11-12": "in progress", "2025-12-31": "unknown",
                      "2026-01-01": "reported open", "2026-01-02": "unknown"}


def test_a_month_precise_open_report_covers_its_whole_month():
    states = tiny_states(("OO",), (100,))
    events = events_frame([event("E01", "OO", "reported_open", "2026-02", "reported by", "nwasianweekly-2026-02")])
    on = {day: access_status.ice_access_as_of(states, day, events).iloc[0]["status"]
          for day in ("2026-02-10", "2026-02-28", "2026-03-01")}
    assert on == {"2026-02-10": "reported open", "2026-02-28": "reported open", "2026-03-01": "unknown"}
