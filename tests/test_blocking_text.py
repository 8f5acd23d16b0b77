"""analysis.publish.text (notebook 02's modules): notebook 02's sentences carry the computed values (and change with them), say the
assumption they rest on, stay clean prose on altered (SYNTHETIC) tables, and its citable numbers carry the bound their
sentence is worded with and match the committed citable_numbers.csv."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.publish.text import blocking_citable, blocking_limits, overlap_sentences, rate_sentences, status_sentences, wording
from analysis.findings import access_status, block_history, comparison_basics, policy_overlap, rates_per_100k, resident_shares
from analysis.findings import state_figures
from analysis.publish.prose import format_number, with_bound
from analysis.publish.citable_numbers import CitableNumber, citable_frame, read_citable, write_citable_numbers
from analysis.publish.export_checks import notebook_path
from analysis.paths import project_root
from analysis.sources.tables import load_state_level_figures, load_states
from synthetic_tables import event, events_frame, prose_problems, scenarios, shielded_for, tiny_events, tiny_states

STATES = load_states()
PERIOD_START, PERIOD_END = comparison_basics.disclosure_period()
END = f"{PERIOD_END:%Y-%m-%d}"
NOTEBOOK = "02_blocking_states"
# The premise of the data as committed: these four are only *assumed* blocked on the period's last day (reported
# blocked by 2025-11-12, start not published); Washington's block was applied after the period.
ASSUMED = ["IL", "MA", "MN", "NY"]
SCENARIOS = scenarios()


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    wa = state_figures.state_figure_rates(load_state_level_figures(), STATES)
    return {
        "shielded": shielded_for(STATES),
        "dates": block_history.block_dates(STATES),
        "rates": rates_per_100k.queries_per_100k_open(STATES),
        "overlap": policy_overlap.policy_overlap(STATES),
        "wa": wa,
        "scope": state_figures.state_figures_scope(load_state_level_figures(), wa),
    }


def test_premise_four_states_are_assumed_blocked_at_the_period_end(tables):
    access = access_status.ice_access_as_of(STATES, PERIOD_END)
    assert sorted(access.loc[access["ice_blocked"], "usps"]) == ASSUMED
    assert sorted(access.loc[access["assumed"], "usps"]) == ASSUMED
    assert set(access.loc[access["assumed"], "date"]) == {"2025-11-12"}
    assert access_status.first_block_after(STATES, PERIOD_END)["usps"] == "WA"


@pytest.mark.parametrize(("items", "text"), [([], ""), (["A"], "A"), (["A", "B"], "A and B"),
                                             (["A", "B", "C"], "A, B and C")])
def test_listed(items, text):
    assert wording.listed(items) == text


def test_assumption_sentence_singular_plural_and_none():
    assert status_sentences.assumption_sentence("", END, "") == ""
    one = status_sentences.assumption_sentence("BB", END, "2025-12")
    assert one == (f"BB is counted as blocking on {END} on an assumption: its block was reported by 2025-12, and when "
                   "it began is not published.")
    many = status_sentences.assumption_sentence("AA BB CC", END, "2025-11-12")
    assert many.startswith("AA, BB and CC are counted") and "their blocks were reported by 2025-11-12" in many
    assert "they began" in many


# ---- who is shielded ----------------------------------------------------------------------------------------------


def test_shielded_summary_carries_the_computed_values(tables):
    text = status_sentences.shielded_summary(tables["shielded"], STATES)
    end, later = status_sentences.as_of_groups(tables["shielded"])
    blocked = end.loc[comparison_basics.BLOCKED]
    nxt = access_status.first_block_after(STATES, PERIOD_END)
    assert text.startswith("**Derived, on an assumption.**")
    assert f"On {END}, the last day of the disclosure year, the {blocked['jurisdictions']} states counted as " \
           f"blocking ICE ({blocked['usps']})" in text
    assert f"**{blocked['residents']:,} residents, {blocked['share_of_total']:.1%}**" in text
    assert f"of the {end.loc['all', 'residents']:,} in the 50 states and DC." in text
    assert f"other {end.loc[comparison_basics.OPEN, 'jurisdictions']} jurisdictions " \
           f"({end.loc[comparison_basics.OPEN, 'share_of_total']:.1%} of residents)" in text
    # Washington's cut-off is published to the month ("mid-November"), never a day (fact-check finding 1).
    assert f"With {nxt['name']}'s block (applied in {nxt['date_text']}), the share counted as blocking is " \
           f"{later.loc[comparison_basics.BLOCKED, 'share_of_total']:.1%} on {later.loc[comparison_basics.BLOCKED, 'as_of']}." in text
    territories = end.loc["territories"]
    assert f"({territories['usps']}, {territories['residents']:,} residents) are shown beside these totals" in text
    assert resident_shares.vintage_note(STATES) in text


def test_shielded_summary_says_the_assumption_it_rests_on(tables):
    """IL, MA, MN and NY are counted as blocking on the period's last day only on an assumption; the summary says so,
    with the date they were reported by."""
    text = status_sentences.shielded_summary(tables["shielded"], STATES)
    end, _ = status_sentences.as_of_groups(tables["shielded"])
    assert end.loc[comparison_basics.BLOCKED, "assumed"].split() == ASSUMED
    assert ("IL, MA, MN and NY are counted as blocking on 2025-09-30 on an assumption: their blocks were reported by "
            "2025-11-12, and when they began is not published.") in text


def test_shielded_summary_follows_the_data(use_events):
    use_events(tiny_events())
    text = status_sentences.shielded_summary(shielded_for(tiny_states(), tiny_events()), tiny_states())
    assert text.startswith("**Derived, on an assumption.**")
    assert ("the 2 states counted as blocking ICE (AA BB) were home to **300 residents, 30.0%** of the 1,000 in the "
            "50 states and DC.") in text
    assert f"BB is counted as blocking on {END} on an assumption: its block was reported by 2025-11-12" in text
    assert "other 2 jurisdictions (70.0% of residents)" in text
    assert "With State CC's block (applied on 2025-11-19), the share counted as blocking is 60.0% on 2025-11-19." in text
    assert "territor" not in text.split("\n\n")[0]  # none in the table, none in the text


def test_shielded_summary_counts_only_the_50_states_and_dc(use_events):
    states, events = SCENARIOS["district and territory"]
    use_events(events)
    text = status_sentences.shielded_summary(shielded_for(states, events), states)
    # AA BB (300) of AA BB DC (600); TT's 400 residents are beside the total, not in it.
    assert "**300 residents, 50.0%** of the 600 in the 50 states and DC" in text
    assert "(TT, 400 residents)" in text and "shown beside these totals, not in them" in text


def test_shielded_summary_without_an_assumed_block_is_plainly_derived(use_events):
    states, events = SCENARIOS["dated blocks only"]
    use_events(events)
    text = status_sentences.shielded_summary(shielded_for(states, events), states)
    assert text.startswith("**Derived.**") and "assumption" not in text


def test_shielded_summary_uses_only_the_tables_it_is_given():
    text = status_sentences.shielded_summary(shielded_for(tiny_states(), tiny_events()), tiny_states())
    assert "State CC's block" in text


def test_the_assumption_names_the_report_date_of_the_data(use_events):
    states, events = SCENARIOS["month-precise report"]
    use_events(events)
    shielded = shielded_for(states, events)
    texts = [status_sentences.shielded_summary(shielded, states)] + [
        r.sentence for r in blocking_citable.citable_numbers(
            shielded, rates_per_100k.queries_per_100k_open(states, events=events),
            policy_overlap.policy_overlap(states, events=events), state_figures.state_figure_rates(load_state_level_figures(),
                                                                                      STATES))
        if "assumption" in r.sentence]
    assert len(texts) == 3
    for text in texts:
        assert "2025-12" in text and "2025-11-12" not in text.replace("2025-11-12 letters", "")


def test_one_state_or_territory_takes_a_singular_verb(use_events):
    states, events = SCENARIOS["one assumed block"]
    use_events(events)
    shielded = shielded_for(states, events)
    text = status_sentences.shielded_summary(shielded, states)
    sentences = [r.sentence for r in blocking_citable.citable_numbers(
        shielded, rates_per_100k.queries_per_100k_open(states, events=events), policy_overlap.policy_overlap(states, events=events),
        state_figures.state_figure_rates(load_state_level_figures(), STATES))]
    assert "1 state counted as blocking ICE (BB) was home" in text
    assert not any("BB are counted" in s for s in sentences)
    t_states, t_events = SCENARIOS["district and territory"]
    use_events(t_events)
    assert "The 1 territory (TT, 400 residents) is shown" in status_sentences.shielded_summary(
        shielded_for(t_states, t_events), t_states)


def test_as_of_groups_split_the_two_dates(tables):
    end, later = status_sentences.as_of_groups(tables["shielded"])
    nxt = access_status.first_block_after(STATES, PERIOD_END)
    # The second date is the first day Washington's month-precise block is known to be in force.
    assert set(end["as_of"]) == {END} and set(later["as_of"]) == {f"{nxt['date']:%Y-%m-%d}"} == {"2025-11-30"}
    assert list(end.index) == [comparison_basics.BLOCKED, comparison_basics.OPEN, "all", "territories"]
    assert later.loc[comparison_basics.BLOCKED, "usps"].split() == sorted(ASSUMED + ["WA"])


# ---- block dates --------------------------------------------------------------------------------------------------


def test_block_dates_summary_names_each_kind_of_block(tables):
    dates = tables["dates"]
    text = status_sentences.block_dates_summary(dates)
    groups = status_sentences.covered_groups(dates)
    assert {k: v["usps"].tolist() for k, v in groups.items()} == {
        "known": [], "unknown": ASSUMED, "after": ["WA"], "in_progress": ["OR"]}
    assert text.startswith("**Published dates, derived coverage.**")
    assert f"The disclosure year ran {PERIOD_START:%Y-%m-%d} to {END}." in text
    assert ("No Nlets-specific start date before the year is published for any block; New York's statutory bar (in "
            "force since 2019-12-14) and Massachusetts' rule (in force since 2023-06-30) predate the year.") in text
    assert "known to have covered" not in text
    assert ("Illinois, Massachusetts, Minnesota and New York were reported blocked by 2025-11-12; when those blocks "
            "began is **not published**, so whether they covered the year is unknown.") in text
    assert ("Legal basis on record: Massachusetts, rule effective 2023-06-30, rule effective 2024-01-05; New York, "
            "law effective 2019-12-14 (a law barring disclosure") in text
    # A weak day inside the published month is a candidate day (in the events note), not a conflict.
    assert "Washington's block was applied in mid-November 2025, after the period" in text
    assert "2025-11-18" not in text and "2025-11-19" not in text
    assert text.endswith("Oregon's block was in progress on 2025-11-12, with no date.")


def test_block_dates_summary_without_a_block_in_progress_ends_cleanly(tables):
    dates = tables["dates"]
    text = status_sentences.block_dates_summary(dates[dates["status"] != "in progress"])
    assert text.endswith("throughout the year the counts describe.") and "Oregon" not in text


def test_block_dates_summary_follows_the_data():
    states, events = SCENARIOS["dated blocks only"]
    text = status_sentences.block_dates_summary(block_history.block_dates(states, events=events))
    assert "State AA and State BB blocked ICE before it began (applied 2020-01-01 and applied 2019-07-01)." in text
    assert "not published" not in text and "known to have covered" not in text
    assert "State CC's block was applied on 2025-11-19" in text
    assert text.endswith("State DD's block was in progress on 2025-11-12, with no date.")


def test_what_predates_the_year_comes_from_the_events_table_none_one_many():
    """Factcheck #8: the laws and rules in force before the period are read from the events table, not written in."""
    states = tiny_states()
    reported = [event(f"E0{i}", code, "block_reported", "2025-11-12", "reported by", "voz-2025-11-13")
                for i, code in enumerate(("AA", "BB", "CC"), start=1)]
    legal = [event("E11", "AA", "law_effective", "2018-03-01", "law effective", "usatoday-2019-12-20",
                   system="DMV records (all channels)"),
             event("E12", "BB", "rule_effective", "2022-05-02", "rule effective", "ma-940-cmr-37",
                   system="DMV records (all channels)"),
             event("E13", "BB", "rule_effective", "2023-01-01", "rule effective", "ma-940-cmr-37",
                   system="DMV records (all channels)"),
             event("E14", "CC", "law_effective", "2025-01-01", "law effective", "usatoday-2019-12-20",
                   system="DMV records (all channels)")]  # in the period: does not predate it

    def summary(rows: list[dict]) -> str:
        events = events_frame(rows)
        return status_sentences.block_dates_summary(block_history.block_dates(states, events=events), events)

    head = "No Nlets-specific start date is published for any block"
    assert f"{head}." in summary(reported)
    assert (f"{head}; State AA's statutory bar (in force since 2018-03-01) predates the year."
            in summary([*reported, legal[0]]))
    many = summary([*reported, *legal])
    assert (f"{head}; State AA's statutory bar (in force since 2018-03-01) and State BB's rule (in force since "
            "2022-05-02) predate the year.") in many
    assert "2025-01-01)" not in many and "known to have covered" not in many
    es_many = status_sentences.predating_sentence(
        status_sentences.legal_before(events_frame([*reported, *legal]), "2024-10-01"),
        {"AA": "State AA", "BB": "State BB"}, spanish=True)
    assert es_many.endswith("la prohibición legal de State AA (en vigor desde el 2018-03-01) y la norma de State BB "
                            "(en vigor desde el 2022-05-02) son anteriores al año")


def test_in_progress_sentence_singular_and_plural():
    assert status_sentences.in_progress_sentence([]) == ""
    assert status_sentences.in_progress_sentence(["Oregon"]) == "Oregon's block was in progress."
    assert status_sentences.in_progress_sentence(["A", "B"], ["2025-01-01", "2025-01-01"]) == (
        "The blocks of A and B were in progress on 2025-01-01, with no dates.")


def test_legal_basis_sentence_only_where_a_law_is_on_record():
    rows = pd.DataFrame({"name": ["A", "B"], "law_or_rule": ["", None]})
    assert status_sentences.legal_basis_sentence(rows) == ""
    rows.loc[1, "law_or_rule"] = "rule effective 2024-01-05"
    assert status_sentences.legal_basis_sentence(rows).startswith("Legal basis on record: B, rule effective 2024-01-05 (")


# ---- exposure and overlap -----------------------------------------------------------------------------------------


def test_open_rate_paragraphs_one_per_agency_with_its_numbers(tables):
    rates = tables["rates"]
    paragraphs = rate_sentences.open_rate_paragraphs(rates)
    assert len(paragraphs) == len(rates) == 2
    for text, row in zip(paragraphs, rates.itertuples(), strict=True):
        assert text.startswith(f"**{row.agency}: at most {math.ceil(row.per_100k_open_residents)} queries per 100,000 "
                               "residents of the states and DC not known to block ICE**")
        assert f"{row.queries:,} published queries in {row.period_start} to {row.period_end}" in text
        assert f"over {row.open_residents:,} residents" in text
        assert (f"({format_number(row.per_100k_all_residents)} per 100,000 if spread over all {row.all_residents:,} "
                "residents of the 50 states and DC, for comparison only)") in text
        assert text.endswith(f"*Assumption:* {row.assumption}")


def test_open_rate_paragraphs_say_modelled_ceiling_beside_the_number(tables):
    """The rates rest on an assumption (blocking states received none of the queries), so the prose labels them
    modelled, not derived, and as ceilings, rounded up so "at most" stays true."""
    for text in rate_sentences.open_rate_paragraphs(tables["rates"]):
        head = text.split("*Assumption:*")[0]
        assert "** (modelled, a ceiling): " in head and "derived" not in head
        assert "*Assumption:* Assumes" in text


@pytest.mark.parametrize("agency", [
    "ICE",
    "HSI",
])
def test_open_rate_paragraph_names_the_assumed_blocks(tables, agency):
    text = dict(zip(tables["rates"]["agency"], rate_sentences.open_rate_paragraphs(tables["rates"]), strict=True))[agency]
    assert f"IL MA MN NY counted as blocking on {END} on the assumption" in text


def test_open_rate_rounds_a_ceiling_up():
    row = pd.DataFrame({"per_100k_open_residents": [97.2], "bound": ["at most"]}).iloc[0]
    assert rate_sentences.open_rate(row) == "at most 98"  # 97 would understate the ceiling


def test_policy_overlap_summary_counts_and_names_the_licence_states(tables):
    overlap = tables["overlap"]
    text = overlap_sentences.policy_overlap_summary(overlap, tables["dates"])
    g = overlap_sentences.overlap_groups(overlap)
    licence = g["licence"]
    # The groups partition the licence-for-all jurisdictions.
    assert sum(len(g[k]) for k in ("named", "reported_open", "later", "in_progress", "no_report")) == len(licence)
    assert sorted(g["named"]["usps"]) == ASSUMED
    assert f"Of the {len(licence)} jurisdictions that license drivers regardless of immigration status" in text
    assert (f", {len(g['named'])} are among the states Nlets said it knew to block ICE "
            f"({wording.listed(g['named']['name'])}).") in text
    open_ = g["reported_open"]
    assert (f"The 2025-11-12 letters reported {len(open_)} of the others still open to ICE's Nlets queries "
            f"({open_['residents'].sum():,} residents): {wording.listed(open_['name'])}.") in text
    assert "Washington's block on ICE was applied later, in mid-November 2025." in text
    assert "Oregon's block was in progress on 2025-11-12, with no date." in text  # dated: factcheck #6
    none = g["no_report"]
    # Not "either way": the letters named the five blocking states (third December check).
    assert (f"For the other {len(none)} jurisdictions ({wording.listed(none['name'])}) no state-specific report was "
            "found; the 2025-11-12 letters named five states (IL, NY, MA, MN, WA) as having blocked ICE, which "
            "implies they did not, as of November 2025: they are not known to block ICE, which is not the same as "
            "open.") in text and "either way" not in text
    assert f"Status on {END} (ICE's queries through Nlets)." in text


def test_policy_overlap_summary_never_calls_a_blocking_state_unreported():
    states, events = SCENARIOS["dated blocks only"]  # AA: licence for all, block applied 2020-01-01
    overlap = policy_overlap.policy_overlap(states, events=events)
    assert overlap.set_index("usps").loc["AA", "status"] == "blocked"
    text = overlap_sentences.policy_overlap_summary(overlap, block_history.block_dates(states, events=events))
    assert "State AA) no report" not in text and "(State AA)" not in text.split("no report")[0][-40:]


# ---- one state's count --------------------------------------------------------------------------------------------


def test_state_count_summary_carries_the_count_rates_and_cut_off(tables):
    w = tables["wa"].iloc[0]
    text = rate_sentences.state_count_summary(tables["wa"], STATES, tables["rates"])
    assert text.startswith(f"**Published:** {w['queries']:,} queries of {w['name']} Department of Licensing data")
    assert f"about **{w['per_day']:,.0f} a day**" in text
    assert f"**{w['per_100k_residents']:,.0f} per 100,000 {w['name']} residents**" in text
    assert f"({w['calendar_months']} calendar months, {w['days']} days)" in text
    cut = block_history.dated_block_starts()[w["state"]]
    nxt = access_status.first_block_after(STATES, PERIOD_END)
    # A month-precise cut-off: counted from the month's first day for the "at most" bound, in force by its last.
    assert (cut, nxt["date"]) == (pd.Timestamp("2025-11-01"), pd.Timestamp("2025-11-30"))
    days_left = (pd.Timestamp(w["period_end"]) - cut).days
    assert (f"ICE's Nlets access to {w['name']}'s records was cut in {nxt['date_text']} (the day is not published), "
            f"at most {days_left} days before the period ended.") in text
    assert "2025-11-18" not in text
    rates = tables["rates"].set_index("agency")
    assert f"national ICE ({rates.loc['ICE', 'queries']:,}) and HSI ({rates.loc['HSI', 'queries']:,}) counts" in text


def test_out_of_scope_note_names_each_out_of_scope_figure_once(tables):
    scope = tables["scope"]
    text = rate_sentences.out_of_scope_note(scope)
    out = scope[scope["scope"] != "in scope"]
    assert len(out)
    for row in out.itertuples():
        assert f"{row.state} {row.metric.replace('_', ' ')} ({row.scope.removeprefix('out of scope: ')})" in text
    assert text.count("daps searches on ice account per month") == 1
    for metric in scope.loc[scope["scope"] == "in scope", "metric"]:
        assert metric.replace("_", " ") not in text


# ---- limits -------------------------------------------------------------------------------------------------------


def test_limits_list_carries_the_computed_facts(tables):
    text = blocking_limits.limits(STATES, tables["shielded"], tables["dates"], tables["wa"])
    lines = text.splitlines()
    assert len(lines) == 6 and all(line.startswith("- **") for line in lines)
    assert "assume that IL MA MN NY received none of ICE's queries" in text
    assert "they are modelled averages, not any state's rate, and ceilings" in text
    assert f"({PERIOD_START:%Y-%m-%d} to {END})" in text
    assert "U.S. residents means the 50 states and DC; territories are shown beside them." in text
    assert ("No start date of a block on ICE's Nlets queries is published for Illinois, Massachusetts, Minnesota and "
            "New York; they are counted as blocking throughout the year on an assumption (reported by 2025-11-12).") \
        in text
    assert "Washington's block was applied in mid-November 2025." in text
    assert lines[-1].startswith("- **Washington's count**")


# ---- citable numbers ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def citable(tables) -> list[CitableNumber]:
    return blocking_citable.citable_numbers(tables["shielded"], tables["rates"], tables["overlap"], tables["wa"])


def test_citable_numbers_appear_in_their_sentences(citable):
    assert [r.id for r in citable] == [
        "02-residents-in-blocking-states-share", "02-ice-queries-per-100k-open-residents",
        "02-hsi-queries-per-100k-open-residents", "02-licence-for-all-states-reported-open",
        "02-wa-federal-queries-per-day",
    ]
    for row in citable:
        assert with_bound(row.formatted_value, row.bound) in row.sentence, row.id
        assert row.source_ids


# Words that put a bound on a number, by the bound they mean: right before the number, and anywhere in the sentence
# ("over", "more than", "around" and "some" only count there when a number follows them).
BOUND_WORDS = {
    "at most": ["at most", "no more than", "up to", "at the most"],
    "at least": ["at least", "over", "more than", "no fewer than", "no less than"],
    "approximate": ["about", "around", "approximately", "roughly", "some"],
}
NEEDS_A_NUMBER = {"over", "more than", "around", "some", "up to"}


def _anywhere(phrase: str) -> str:
    return rf"\b{phrase}\s+\d" if phrase in NEEDS_A_NUMBER else rf"\b{phrase}\b"


def bound_as_worded(sentence: str, formatted: str) -> str:
    """The bound the words right before the number give it ('exact' when none)."""
    before = sentence.split(formatted)[0]
    for bound, phrases in BOUND_WORDS.items():
        if any(re.search(rf"\b{phrase}\s*$", before) for phrase in phrases):
            return bound
    return "exact"


def check_bounds(rows: list[CitableNumber]) -> None:
    for row in rows:
        sentence, bound = row.sentence, row.bound
        assert row.formatted_value in sentence, row.id
        assert bound_as_worded(sentence, row.formatted_value) == bound, (row.id, sentence)
        # No other bound word anywhere in the sentence contradicts it.
        for other, phrases in BOUND_WORDS.items():
            if other != bound:
                assert not any(re.search(_anywhere(p), sentence) for p in phrases), (row.id, other, sentence)


def test_citable_bound_describes_the_sentence_as_worded(citable):
    assert {r.bound for r in citable} == {"exact", "at most"}
    check_bounds(citable)


def test_bound_as_worded_reads_the_qualifier_before_the_number():
    assert bound_as_worded("ICE ran at most 99 queries", "99") == "at most"
    assert bound_as_worded("over 290 million queries", "290 million") == "at least"
    assert bound_as_worded("about 7,999 times a day", "7,999") == "approximate"
    assert bound_as_worded("13.4% of residents", "13.4%") == "exact"
    assert bound_as_worded("a moreover 5 of them", "5") == "exact"
    assert re.search(_anywhere("over"), "over 290 million") and not re.search(_anywhere("over"), "spread over all 341")


MODELLED = ["02-ice-queries-per-100k-open-residents", "02-hsi-queries-per-100k-open-residents"]


def test_citable_numbers_not_modelled_are_derived(citable):
    for row in citable:
        if row.id not in MODELLED:
            assert row.kind == "derived", row.id
            assert row.bound in {"exact", "approximate"}, row.id


@pytest.mark.parametrize("number_id", MODELLED)
def test_citable_open_state_rates_are_modelled_ceilings_with_the_assumption_in_the_sentence(citable, number_id):
    """No per-state split was published: the open-state rate assumes the blocking states received none of the
    queries, so it is modelled (not derived), and a ceiling (any query to a blocking state lowers it; for HSI the
    blocks may not apply at all). The sentence carries both assumptions (the blocks reported later being in force,
    and no queries to them), and the whole-number value is rounded up."""
    row = next(r for r in citable if r.id == number_id)
    assert (row.kind, row.bound) == ("modelled", "at most")
    assert row.formatted_value == str(math.ceil(row.value))
    assert "modelled average" in row.sentence and "a ceiling" in row.sentence
    assert "the blocking states (IL, MA, MN and NY)" in row.sentence and "received none of" in row.sentence
    assert ("IL, MA, MN and NY are counted as blocking throughout on the assumption that the blocks reported by "
            "2025-11-12 were already in force") in row.sentence
    if number_id.startswith("02-hsi"):
        assert "whether they blocked HSI is not stated" in row.sentence


def test_citable_values_are_the_computed_ones(citable, tables):
    values = {r.id: r.value for r in citable}
    end, _ = status_sentences.as_of_groups(tables["shielded"])
    assert values["02-residents-in-blocking-states-share"] == end.loc[comparison_basics.BLOCKED, "share_of_total"]
    rates = tables["rates"].set_index("agency")
    for agency in ("ICE", "HSI"):
        assert values[f"02-{agency.lower()}-queries-per-100k-open-residents"] == rates.loc[agency,
                                                                                          "per_100k_open_residents"]
    reported_open = overlap_sentences.overlap_groups(tables["overlap"])["reported_open"]
    assert values["02-licence-for-all-states-reported-open"] == len(reported_open) > 0
    assert values["02-wa-federal-queries-per-day"] == tables["wa"].iloc[0]["per_day"]


def test_citable_share_only_when_the_blocked_states_are_the_ones_nlets_named(tables):
    """The share sentence says "the states Nlets said it knew to block": it is left out when the states counted as
    blocking are not that list."""
    overlap = tables["overlap"].assign(named_by_nlets=lambda t: t["usps"].eq("NY"))
    rows = blocking_citable.citable_numbers(tables["shielded"], tables["rates"], overlap, tables["wa"])
    assert "02-residents-in-blocking-states-share" not in [r.id for r in rows]
    assert len(rows) == 4


def test_citable_rows_equal_the_committed_ones(citable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Written now, the rows equal the committed ones in every column the committed table has (a table written
    before a column existed is compared on the columns it has)."""
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(tmp_path))
    written = citable_frame(write_citable_numbers(citable, NOTEBOOK))
    path = project_root() / "reports" / "tables" / "citable_numbers.csv"
    columns = list(pd.read_csv(path, nrows=0).columns)
    committed = citable_frame(r for r in read_citable(path.parent.parent) if r.notebook == notebook_path(NOTEBOOK))
    # The committed table is in headline order for a desk; compared here row by row, by id.
    pd.testing.assert_frame_equal(written[columns].sort_values("id").reset_index(drop=True),
                                  committed[columns].sort_values("id").reset_index(drop=True))


def test_citable_rows_say_what_their_value_counts_and_when(citable):
    rows = {r.id: r for r in citable}
    share = rows["02-residents-in-blocking-states-share"]
    assert (share.unit, share.period) == ("share of U.S. residents (fraction)", END)
    assert share.short_citation.startswith("The Daily Beast")  # the report of the states Nlets named
    rate = rows["02-ice-queries-per-100k-open-residents"]
    assert (rate.unit, rate.period) == ("DMV queries per 100,000 residents", f"{PERIOD_START:%Y-%m-%d} to {END}")
    assert rate.short_citation == "Office of U.S. Senator Ron Wyden, 2025-11-12"
    assert rows["02-licence-for-all-states-reported-open"].period == "2025-11-12"
    assert rows["02-wa-federal-queries-per-day"].period == "2025-01-01 to 2025-11-30"


# ---- every sentence on altered tables (SYNTHETIC) -----------------------------------------------------------------


def synthetic_texts(name: str, function: str) -> list[str]:
    """The output of one sentence function of notebook 02 on one scenario of :func:`synthetic_tables.scenarios`.
    (Call with access_status's event loader pointed at the scenario's events.)"""
    states, events = SCENARIOS[name]
    shielded = shielded_for(states, events)
    wa = state_figures.state_figure_rates(load_state_level_figures(), STATES)
    if function == "shielded_summary":
        return [status_sentences.shielded_summary(shielded, states)]
    if function == "open_rate_paragraphs":
        return rate_sentences.open_rate_paragraphs(rates_per_100k.queries_per_100k_open(states, events=events))
    if function == "citable_numbers":
        return [r.sentence for r in blocking_citable.citable_numbers(
            shielded, rates_per_100k.queries_per_100k_open(states, events=events),
            policy_overlap.policy_overlap(states, events=events), wa)]
    dates = block_history.block_dates(states, events=events)
    if function == "block_dates_summary":
        return [status_sentences.block_dates_summary(dates)]
    if function == "policy_overlap_summary":
        return [overlap_sentences.policy_overlap_summary(policy_overlap.policy_overlap(states, events=events), dates)]
    if function == "limits":
        return [blocking_limits.limits(states, shielded, dates, wa)]
    raise AssertionError(function)


FUNCTIONS = ["shielded_summary", "block_dates_summary", "open_rate_paragraphs", "policy_overlap_summary", "limits",
             "citable_numbers"]


@pytest.mark.parametrize(("name", "function"), [
    pytest.param(n, f, id=f"{n}-{f}") for n in SCENARIOS for f in FUNCTIONS])
def test_sentences_on_altered_tables_are_clean_prose(name, function, use_events):
    use_events(SCENARIOS[name][1])
    texts = synthetic_texts(name, function)
    assert texts and all(t.strip() for t in texts)
    for text in texts:
        assert prose_problems(text) == [], text


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_citable_bounds_on_altered_tables_describe_their_sentences(name, use_events):
    states, events = SCENARIOS[name]
    use_events(events)
    shielded = shielded_for(states, events)
    rows = blocking_citable.citable_numbers(shielded, rates_per_100k.queries_per_100k_open(states, events=events),
                                         policy_overlap.policy_overlap(states, events=events),
                                         state_figures.state_figure_rates(load_state_level_figures(), STATES))
    assert len(rows) >= 4
    check_bounds(rows)


def test_prose_problems_catches_each_kind_of_slip():
    assert prose_problems("A, B and C were blocked (reported 2025-11-12).") == []
    for bad in ("blocked ICE () since", "the  states", "A , B", "A and B and.", "blocked by nan.", "A, B and",
                "states (, AA)"):
        assert prose_problems(bad), bad


def test_synthetic_events_change_the_outcome():
    """The synthetic tables are not a copy of the committed data: the computed words differ."""
    states, events = SCENARIOS["dated blocks only"]
    access = access_status.ice_access_as_of(states, PERIOD_END, events).set_index("usps")
    # DD's block was reported in progress on 2025-11-12, after the day: nothing is on record for it then.
    assert access["status"].to_dict() == {"AA": "blocked", "BB": "blocked", "CC": "blocked later", "DD": "no report"}
    assert not access["assumed"].any()
    extra = events_frame([event("E01", "AA", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11")])
    assert access_status.ice_access_as_of(states, PERIOD_END, extra).set_index("usps").loc["AA", "status"] == "assumed blocked"
