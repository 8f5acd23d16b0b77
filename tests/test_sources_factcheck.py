"""Sources, state-level figures and weak-only facts after the December 2026 fact-check (findings 12-15, 25, 26): one
test per finding, on data/raw and on the functions that render it (pages and figures built in memory)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.findings import block_history, state_figures
from analysis.findings.comparison_basics import UNCONFIRMED, confirmation
from analysis.publish.data_as_of import data_as_of
from analysis.publish.figures import block_timeline
from analysis.publish.site_states import render_state_page, state_pages_data
from analysis.publish.style import frame_texts
from analysis.publish.tables import scope_table
from analysis.publish.text import event_labels, figure_labels
from analysis.sources.citations import citation
from analysis.sources.tables import address, load_ice_access_events, load_sources, load_state_level_figures
from analysis.sources.tables import load_states

REPORTS = Path(__file__).parents[1] / "reports"
MIRRORED = {  # source id -> the mirror that was read (finding 15)
    "dhs-2020-07-23": "it.scribd.com", "seattletimes-2025-08-27": "arcamaxmails.com",
    "reuters-2025-11-12": "srnnews.com",
    "stateline-2026-01-13": "route-fifty.com", "usatoday-2019-12-20": "pressreader.com",
    "seattletimes-2026-01-08": "spokesman.com",
}


@cache
def _page(code: str, spanish: bool = False) -> str:
    record = next(r for r in state_pages_data(REPORTS, spanish=spanish) if r["s"]["usps"] == code)
    page = render_state_page(record, data_as_of(), spanish)
    # The text as read: without the spans that keep each date whole on a line.
    return html.unescape(re.sub(r'<span class="date">([^<]*)</span>', r"\1", page))


def _figure_items(page: str) -> list[str]:
    section = re.search(r"<h3>(?:State-level figures|Cifras estatales)[^<]*</h3>\s*<ul>(.*?)</ul>", page, re.S)
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S) if section else []


# ---- finding 12: weak-only state-level figures are marked unconfirmed ----------------------------------------------

def test_scope_table_marks_every_weak_only_figure_by_the_events_tables_rule() -> None:
    figures = load_state_level_figures()
    scope = state_figures.state_figures_scope(figures, figures.iloc[:0]).set_index("figure_id")
    tiers = figures.set_index("figure_id")["source_id"].map(load_sources().set_index("source_id")["tier"])
    weak = set(tiers[tiers.eq("weak")].index)
    assert weak >= {"S08", "S09", "S12", "S13"}
    assert set(scope.index[scope["confirmed"].eq(UNCONFIRMED)]) == weak
    assert scope.loc[~scope.index.isin(weak), "confirmed"].eq("confirmed").all()
    # One rule: the events table's column comes from the same function.
    events = block_history.access_events(load_states())
    assert events["confirmed"].equals(confirmation(events["tier"]))
    assert figures.set_index("figure_id").loc["S08", "confidence"] == "low"  # its only sources are weak
    assert "confirmed" in scope_table(scope.reset_index()).description
    # ... and such a figure is printed on no state page.
    wa = _figure_items(_page("WA"))
    assert len(wa) == int((scope["state"].eq("WA") & scope["scope"].eq("in scope") & scope["value"].notna()
                           & scope["confirmed"].eq("confirmed")).sum())


# ---- finding 13: the weak-only 19 November is in the events table only ----------------------------------------------

def test_block_timeline_note_and_alt_texts_do_not_print_the_weak_only_date() -> None:
    states = load_states()
    spec = block_timeline.block_timeline_figure(block_history.block_timeline(states), block_history.block_dates(states))
    try:
        texts = " ".join(frame_texts(spec.fig).values())
    finally:
        plt.close(spec.fig)
    for text in (texts, spec.alt_text, spec.alt_text_es):
        assert "2025-11-19" not in text and "Seattle Phi" not in text
    assert "tab02-ice-access-events" in spec.alt_text and "tab02-ice-access-events" in spec.alt_text_es
    events = block_history.access_events(states).set_index("event_id")
    assert events.loc["E42", ["date", "confirmed"]].tolist() == ["2025-11-19", UNCONFIRMED]


# ---- finding 14: the census copy_url names what was read -----------------------------------------------------------

def test_census_url_is_the_original_and_the_copies_read_are_named_in_the_note() -> None:
    census = load_sources().set_index("source_id").loc["census-pep-vintage-2025"]
    assert census["url"].startswith("https://www2.census.gov/")
    assert pd.isna(census["copy_url"]), "census.gov was not read"
    assert "code repositories" in census["note"] and "copy_url is empty" in census["note"]
    assert "copy read: not this address" in citation("census-pep-vintage-2025")


# ---- finding 15: url is the original publisher's, never a mirror ---------------------------------------------------

@pytest.mark.parametrize("source_id", sorted(MIRRORED))
def test_mirrors_are_copies_read_not_original_addresses(source_id: str) -> None:
    row = load_sources().set_index("source_id").loc[source_id]
    assert MIRRORED[source_id] in row["copy_url"]
    assert pd.isna(row["url"]) or MIRRORED[source_id] not in row["url"]
    if pd.isna(row["url"]):
        assert "could not be established" in row["note"]
        assert "Original address not established" in citation(source_id)
        assert f"copy read: {row['copy_url']}" in citation(source_id)
    assert address(row["url"], row["copy_url"]) in (row["url"], row["copy_url"])


# ---- finding 25: CLETS carries DMV records ---------------------------------------------------------------------------

def test_clets_note_says_it_carries_dmv_records_in_both_languages() -> None:
    note = load_ice_access_events().set_index("event_id").loc["E47", "note"]
    assert "which carries DMV records" in note and "not a DMV block" not in note
    spanish = event_labels.note_es("E47", note)
    assert spanish and "registros del DMV" in spanish and "ni un bloqueo del DMV" not in spanish
    assert "which carries DMV records" in _page("CA") and spanish in _page("CA", spanish=True)


# ---- finding 26: Washington's case window and readable figure labels -----------------------------------------------

def test_washington_figures_read_as_words_with_the_urbanists_window() -> None:
    s03 = load_state_level_figures().set_index("figure_id").loc["S03"]
    assert (s03["period_start"], s03["period_end"], int(s03["value"])) == ("2025-09", "2025-11", 7)
    for spanish in (False, True):
        items = _figure_items(_page("WA", spanish))
        assert len(items) == 5
        for item in items:
            assert "_" not in item and "s02" not in item.lower() and "?" not in item, item
    en, es = _figure_items(_page("WA")), _figure_items(_page("WA", True))
    assert any("cases where Customs and Border Protection (CBP), not ICE, ran the query" in i for i in en)
    assert any("7 cases (at least), 2025-09 to 2025-11" in i for i in en)
    assert any("up to 2025-07 (start not stated)" in i for i in en)
    assert any("hasta 2025-07 (inicio no indicado)" in i for i in es)
    with pytest.raises(KeyError, match="no words for state-level metric"):
        figure_labels.figure_line({"metric": "new_metric", "value": 1, "unit": "queries", "qualifier": "exact",
                                   "period_start": "", "period_end": ""}, "X")
