"""analysis.publish.text.attribution: every citable number reads as published text in both languages (attribution in
words fitting its source and kind, AP-style dates, no labels in the sentence, the citation on its own line)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analysis.paths import project_root
from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.site_shared import printed_value, sources_table
from analysis.publish.site_shared import NUMBER_WORDS
from analysis.publish.text.attribution import (
    ap_date,
    attributed_sentence,
    citation_line,
    fact_name,
    principal_source,
    publishable_text,
)

ROWS = read_citable(project_root() / "reports")
WORDS = {  # what each kind's attribution says, by language
    "en": {"published": ("according to", "as reported by"), "derived": ("computed from",),
           "modelled": ("in a model built on",)},
    "es": {"published": ("según",), "derived": ("según cálculos hechos a partir de",),
           "modelled": ("según un modelo basado en",)},
}


def test_the_committed_table_has_every_kind():
    assert {r.kind for r in ROWS} >= {"published", "derived", "modelled"} and len(ROWS) > 10


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_every_citable_number_reads_as_published_text(row, lang):
    sources = sources_table()
    text = publishable_text(row, lang, sources)
    sentence, citation = text.split("\n")  # the sentence, then the citation on its own line
    assert "[" not in sentence and "exact," not in sentence and "Source:" not in sentence
    for label in ("[exact", "published]", "derived]", "modelled]", "publicado]"):
        assert label not in text
    assert printed_value(row.formatted_value, row.value, lang) in sentence
    assert any(words in sentence for words in WORDS[lang][row.kind]), sentence
    principal = principal_source(row, sources)
    published = sources[principal]["published"]
    assert ap_date(published, lang) in sentence and ap_date(published, lang) in citation
    assert citation.startswith("Source: " if lang == "en" else "Fuente: ")
    assert sources[principal]["link"] in citation
    assert sentence.endswith(".") and ".." not in sentence and " ," not in sentence
    if row.kind == "modelled":
        assert ("which assumes " if lang == "en" else "que supone que ") in sentence
    if len(row.source_ids) > 1:
        assert ("Other sources: " if lang == "en" else "Otras fuentes: ") in citation


def test_nlets_figures_say_where_they_come_from():
    ice = next(r for r in ROWS if r.id == "ice-queries")
    assert attributed_sentence(ice, "en") == (
        "ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025, according to figures Nlets gave "
        "Congress, quoted by Sen. Ron Wyden's office on Nov. 12, 2025 \u2014 at most 0.101% of all DMV queries made "
        "through the system.")
    assert "según cifras que Nlets entregó al Congreso, citadas por la oficina del senador Ron Wyden el 12 de " \
           "noviembre de 2025" in attributed_sentence(ice, "es")


def test_a_derived_number_says_what_it_was_computed_from():
    share = next(r for r in ROWS if r.id == "02-residents-in-blocking-states-share")
    sentence = attributed_sentence(share, "en")
    others = len(share.source_ids) - 1
    count = NUMBER_WORDS[others] if others < len(NUMBER_WORDS) else f"{others:,}"  # AP: one to nine in words
    assert others > 1
    assert sentence.endswith(f"computed from what The Daily Beast published on Nov. 12, 2025, and "
                             f"{count} other sources.")


def test_a_modelled_sentence_without_its_assumption_is_refused():
    row = next(r for r in ROWS if r.kind == "modelled")
    with pytest.raises(ValueError, match="assumption"):
        attributed_sentence(replace(row, sentence="ICE ran at most 99 queries per 100,000 residents."), "en")


def test_an_undated_source_leaves_no_stray_space():
    row = CitableNumber(id="x", value=3, formatted_value="3", bound="exact", kind="published", sentence="It was 3.",
                        sentence_es="Fue 3.", source_ids="a")
    sources = {"a": {"publisher": "P", "title": "T", "published": "", "link": "https://p.example"}}
    assert attributed_sentence(row, "en", sources) == "It was 3, according to P (undated)."
    assert citation_line(row, "es", sources) == "Fuente: P, \u201cT\u201d, https://p.example."


@pytest.mark.parametrize(("iso", "en", "es"), [
    ("2025-01-05", "Jan. 5, 2025", "5 de enero de 2025"), ("2025-03-01", "March 1, 2025", "1 de marzo de 2025"),
    ("2025-06-30", "June 30, 2025", "30 de junio de 2025"),
    ("2025-09-30", "Sept. 30, 2025", "30 de septiembre de 2025"),
    ("2025-12", "December 2025", "diciembre de 2025"), ("2025", "2025", "2025"),
])
def test_ap_dates(iso, en, es):
    assert (ap_date(iso, "en"), ap_date(iso, "es")) == (en, es)


def test_fact_names_differ_between_the_headline_facts():
    names = [fact_name(r.sentence) for r in ROWS]
    assert len(set(names)) == len(names)
    assert all(len(n) <= 91 for n in names)
