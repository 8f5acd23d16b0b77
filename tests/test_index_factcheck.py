"""The index pages and citable numbers after the December 2026 fact-check (findings 4, 16, 20, 21, 22, 24): pages
rendered in memory, sentences generated from the data, never read from the built reports/ folder."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pandas as pd
import pytest

from analysis.findings import block_history, policy_overlap, rates_per_100k, resident_shares, state_figures
from analysis.findings.breakdown import breakdown_table
from analysis.publish import tables as blocking_tables
from analysis.publish.citable_numbers import CitableNumber
from analysis.publish.data_as_of import DataAsOf, data_as_of, latest_report
from analysis.publish.prose import round_safe
from analysis.publish.site_index import index_html
from analysis.publish.site_spanish import cifra, spanish_index_html
from analysis.publish.text import blocking_citable, breakdown as breakdown_text
from analysis.publish.text.qualifiers import QUALIFIERS_ES, qualifier_es, rounding_note, share_rounding_note
from analysis.sources.tables import load_state_level_figures, load_states

CENSUS_RELEASE = "2026-01-27"


@pytest.fixture(scope="module")
def states() -> pd.DataFrame:
    return load_states()


@pytest.fixture(scope="module")
def breakdown_rows() -> dict[str, CitableNumber]:
    return {r.id: r for r in breakdown_text.citable_numbers(breakdown_table())}


@pytest.fixture(scope="module")
def blocking_rows(states) -> dict[str, CitableNumber]:
    rows = blocking_citable.citable_numbers(
        resident_shares.residents_by_access(states, "2025-09-30"), rates_per_100k.queries_per_100k_open(states),
        policy_overlap.policy_overlap(states), state_figures.state_figure_rates(load_state_level_figures(), states))
    return {r.id: r for r in rows}


def _asof_line(page: str) -> str:
    return html.unescape(re.search(r'<p class="asof">(.*?)</p>', page, re.S).group(1))


# ---- 4: "data as of" is the latest report in the events table; the population vintage is named apart ----------


def test_data_as_of_is_the_latest_reported_by_event_as_precise_as_its_source():
    events = pd.DataFrame({
        "date": ["2025-11-12", "2026-01-13", "2026-03", "2026-04-02", "2026-03-15"],
        "date_meaning": ["reported by", "reported by", "reported by", "applied", "law effective"],
    })
    assert latest_report(events) == "2026-03"  # later events that are not reports do not count
    assert latest_report(events.iloc[:2]) == "2026-01-13"
    # a month-precise report may be later than any day in that month: the page keeps the month
    same_month = pd.DataFrame({"date": ["2026-03-31", "2026-03"], "date_meaning": ["reported by"] * 2})
    assert latest_report(same_month) == "2026-03"


def test_data_as_of_from_the_generated_events_table_is_not_the_census_release(states):
    events = block_history.access_events(states)
    as_of = data_as_of(events, states)
    reports = events.loc[events["date_meaning"] == "reported by", "date"]
    assert as_of.report in set(reports) and as_of.report != CENSUS_RELEASE
    assert all(as_of.report[:7] >= d[:7] for d in reports)
    assert CENSUS_RELEASE in as_of.population_en and "Vintage 2025" in as_of.population_en
    assert CENSUS_RELEASE in as_of.population_es and "Vintage 2025" in as_of.population_es


def test_both_index_pages_print_the_report_date_and_the_population_vintage_apart(breakdown_rows):
    events = pd.DataFrame({"date": ["2025-11-12", "2026-03"], "date_meaning": ["reported by", "reported by"]})
    as_of = DataAsOf(report=latest_report(events), population_en="population: Census PEP Vintage 2025 estimates, "
                     "released 2026-01-27", population_es="población: estimaciones del Censo (PEP, Vintage 2025), "
                     "publicadas el 2026-01-27")
    rows = list(breakdown_rows.values())
    english = _asof_line(index_html([], rows, [], as_of))
    assert english.startswith("Data as of <strong>2026-03</strong>") and "latest source date" not in english
    assert "population: Census PEP Vintage 2025 estimates, released 2026-01-27" in english
    spanish = _asof_line(spanish_index_html(rows, [], as_of))
    assert "<strong>marzo de 2026</strong> (2026-03)" in spanish and "fecha más reciente de las fuentes" not in spanish
    assert "población: estimaciones del Censo (PEP, Vintage 2025), publicadas el 2026-01-27" in spanish


# ---- 16: the Spanish of each English qualifier, defined in one place -----------------------------------------


@pytest.mark.parametrize("english, spanish", [("over", "más de"), ("more than", "más de"), ("at least", "al menos"),
                                              ("at most", "como máximo"), ("no more than", "como máximo")])
def test_each_english_qualifier_has_its_spanish_one(english, spanish):
    assert qualifier_es(english) == spanish


def test_no_qualifier_is_translated_as_a_weaker_or_stronger_one():
    # "more than" excludes the number, "at least" includes it: they never share a Spanish word
    assert QUALIFIERS_ES["over"] != QUALIFIERS_ES["at least"] != QUALIFIERS_ES["at most"]


def test_spanish_total_says_more_than_in_the_sentence_and_the_story_kit(breakdown_rows):
    total = breakdown_rows["total-queries"]
    assert "more than 290 million" in total.sentence
    assert "más de 290 millones" in total.sentence_es and "al menos 290" not in total.sentence_es
    page = html.unescape(spanish_index_html(list(breakdown_rows.values()), [], data_as_of()))
    kit = page[page.index('id="kit"'):page.index('id="figures"')]
    assert "más de 290 millones" in kit and "al menos 290" not in page


# ---- 20: the Spanish index's "Cifra" column in Spanish -----------------------------------------------------------


def test_spanish_cifra_column_prints_the_values_in_spanish(breakdown_rows):
    assert cifra(breakdown_rows["total-queries"]) == "290 millones"
    assert cifra(breakdown_rows["states-nlets-knew-to-block-ice"]) == "cuatro"
    assert cifra(breakdown_rows["hsi-one-in-n"]) == "1 de cada 479"
    assert cifra(breakdown_rows["ice-queries"]) == "292,114"
    page = spanish_index_html(list(breakdown_rows.values()), [], data_as_of())
    cells = [html.unescape(c) for c in re.findall(r'data-label="Cifra" class="num">([^<]*)<', page)]
    assert len(cells) == len(breakdown_rows)
    assert {"290 millones", "cuatro", "1 de cada 479", "1 de cada 992"} <= set(cells)
    english = re.compile(r"million|\bin\b|\b(one|two|three|four|five|six|seven|eight|nine)\b")
    assert not [c for c in cells if english.search(c)]


# ---- 21: ICE + HSI is a sum of two counts that may overlap -----------------------------------------------------


def test_ice_hsi_sum_is_worded_as_a_sum_in_both_languages(breakdown_rows):
    row = breakdown_rows["ice-hsi-queries"]
    assert row.bound == "exact" and row.formatted_value == "897,230"
    assert "add up to 897,230" in row.sentence and "may overlap" in row.sentence
    assert not re.search(r"\b(ran|together)\b", row.sentence, re.I)
    assert "suman 897,230" in row.sentence_es and "pueden solaparse" in row.sentence_es
    assert not re.search(r"\b(hicieron|en conjunto)\b", row.sentence_es, re.I)


# ---- 22: a rounded ceiling stays a ceiling, and says so where ordinary rounding differs -----------------------


def _printed(formatted: str) -> Decimal:
    return Decimal(formatted.replace(",", "").rstrip("%"))


def test_ceilings_whose_ordinary_rounding_is_below_the_true_value_are_rounded_up_and_say_so(breakdown_rows,
                                                                                              blocking_rows):
    hsi = blocking_rows["02-hsi-queries-per-100k-open-residents"]
    true = Decimal(repr(hsi.value))
    assert hsi.bound == "at most" and round_safe(hsi.value, 0) < true  # ordinary rounding (204) is no ceiling
    assert _printed(hsi.formatted_value) >= true
    assert "(rounded up, so still a ceiling)" in hsi.sentence
    assert "(redondeado hacia arriba, así que sigue siendo un máximo)" in hsi.sentence_es

    both = breakdown_table().set_index("group").loc["ICE + HSI"]
    percent = Decimal(repr(float(both["share_of_total"]) * 100))
    assert round_safe(float(percent), 3) < percent  # ordinary rounding (0.309%) is no ceiling
    row = breakdown_rows["ice-hsi-queries"]
    assert "at most 0.310%" in row.sentence and _printed("0.310%") >= percent
    assert "rounded up, so still a ceiling" in row.sentence
    assert "redondeado hacia arriba, así que sigue siendo un máximo" in row.sentence_es


def test_no_rounding_note_where_ordinary_rounding_gives_the_same_number(blocking_rows):
    ice = blocking_rows["02-ice-queries-per-100k-open-residents"]
    assert rounding_note(ice.value, 0, ice.bound) == ("", "") and "rounded up" not in ice.sentence
    assert share_rounding_note(0.0010073, "at most") == ("", "")
    assert rounding_note(204.38, 0, "exact") == ("", "")


def test_every_printed_ceiling_and_floor_is_a_true_one(breakdown_rows, blocking_rows):
    for row in [*breakdown_rows.values(), *blocking_rows.values()]:
        printed = row.formatted_value
        if row.bound not in ("at most", "at least") or not re.fullmatch(r"[\d,.]+%?", printed):
            continue
        true = Decimal(repr(float(row.value))) * (100 if printed.endswith("%") else 1)
        assert (_printed(printed) >= true) if row.bound == "at most" else (_printed(printed) <= true), row.id


# ---- 24: every column a table description names exists in that table -----------------------------------------

_NAMED = re.compile(r"`(\w+)`|(?<![\w/.])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w/]|\.\w)|column '(\w+)'"
                    r"|columns (\w+) and (\w+)")


def named_columns(description: str) -> set[str]:
    """The column names a description quotes: backticked, snake_case (not file names) or after "column(s)"."""
    return {name for match in _NAMED.findall(description) for name in match if name}


def test_column_pattern_finds_quoted_names_and_skips_file_names():
    text = ("Every row of data/raw/state_level_figures.csv; used_here marks it; `kind` and column 'vintages' "
            "(columns kind and bound).")
    assert named_columns(text) == {"used_here", "kind", "vintages", "bound"}


def _table_specs(states: pd.DataFrame) -> list:
    figures = load_state_level_figures()
    wa = state_figures.state_figure_rates(figures, states)
    return [
        blocking_tables.residents_table(resident_shares.residents_by_access(states, "2025-09-30")),
        blocking_tables.block_dates_table(block_history.block_dates(states), block_history.block_timeline(states)),
        blocking_tables.access_events_table(block_history.access_events(states)),
        blocking_tables.open_rates_table(rates_per_100k.queries_per_100k_open(states)),
        blocking_tables.policy_overlap_table(policy_overlap.policy_overlap(states)),
        blocking_tables.state_figures_table(wa),
        blocking_tables.scope_table(state_figures.state_figures_scope(figures, used=wa)),
        blocking_tables.table_export(breakdown_table()),
    ]


def test_every_column_a_table_description_names_exists(states):
    specs = _table_specs(states)
    assert len(specs) == 8
    for spec in specs:
        missing = named_columns(spec.description) - set(spec.df.columns)
        assert not missing, f"{spec.name}: the description names columns it does not have: {sorted(missing)}"
    names = {s.name: named_columns(s.description) for s in specs}
    assert {"block_date", "start_published", "covered_whole_period"} <= names["tab02-block-dates"]
    assert "ice_blocked" in names["tab02-policy-overlap"]
