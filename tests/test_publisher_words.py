"""Publishers' names keep their words around them (a copy read, a quotation) in the page's language."""

from __future__ import annotations

from analysis.paths import project_root
from analysis.publish.share_cards import credit
from analysis.publish.style import _COPY_WORDS, publisher_words
from analysis.sources.tables import load_sources

REPORTS = project_root() / "reports"


def test_every_copy_phrase_of_the_sources_table_is_said_in_spanish():
    for phrase in _COPY_WORDS:
        spanish = publisher_words(f"P{phrase}Q", "es")
        assert phrase not in spanish and spanish.startswith("P") and spanish.endswith("Q"), phrase
    assert publisher_words("Reuters (republished by X)", "en") == "Reuters (republished by X)"


def test_no_publisher_of_the_sources_table_keeps_english_copy_words_in_spanish():
    publishers = load_sources()["publisher"].dropna().astype(str)
    with_words = [p for p in publishers if any(phrase in p for phrase in _COPY_WORDS)]
    assert with_words, "the sources table names copies read; this test would check nothing"
    left = [p for p in with_words if any(phrase in publisher_words(p, "es") for phrase in _COPY_WORDS)]
    assert not left


def test_a_spanish_card_credit_names_the_copy_in_spanish():
    sources = {"a": {"publisher": "Washington State Standard (republished by Daily Fly)", "published": "2026-01-08"}}
    assert credit(["a"], "es", sources) == "Fuente: Washington State Standard (republicado por Daily Fly), 8 de enero de 2026"


def test_the_built_spanish_pages_say_republished_in_spanish():
    pages = sorted((REPORTS / "es").rglob("*.html"))
    assert len(pages) > 60
    english = [p.relative_to(REPORTS).as_posix() for p in pages
               if "republished by" in p.read_text(encoding="utf-8")]
    assert not english, english


def test_a_spanish_citation_has_every_fixed_word_in_spanish_and_the_same_addresses_and_dates():
    from analysis.publish.site_shared import _CITATION_WORDS, citation_in
    from analysis.sources.citations import CITATION_WORDS, citation

    assert _CITATION_WORDS == CITATION_WORDS  # the site marks every word the citation uses
    import re

    for source_id in load_sources()["source_id"]:
        english, spanish = citation(source_id), citation_in(source_id, "es")
        assert citation_in(source_id, "en") == english
        words = re.sub(r"\u201c.*?\u201d", "", spanish)  # the title is the source's own, in its own language
        assert not re.search(r"\baccessed\b|\bcopy read\b|Original address not established|date not stated", words)
        # the same addresses and dates: only words change
        assert re.findall(r"https?://\S+|\d{4}(?:-\d{2}){0,2}", english) == re.findall(
            r"https?://\S+|\d{4}(?:-\d{2}){0,2}", spanish), source_id


def test_the_built_spanish_pages_keep_no_english_copy_words_of_a_publisher():
    # The descriptors of data/raw/sources.csv around a publisher's name ("(mirror)", "interview with KING 5
    # reporter", "appears to translate KING 5 reporting", ...) are said in Spanish on every Spanish page.
    pages = sorted((REPORTS / "es").rglob("*.html"))
    assert len(pages) > 60
    left = {}
    for page in pages:
        html = page.read_text(encoding="utf-8").replace("&#x27;", "'")
        found = [phrase.strip() for phrase in _COPY_WORDS if phrase.strip() and phrase in html]
        if found:
            left[page.relative_to(REPORTS).as_posix()] = found
    assert not left, left


def test_the_projects_words_inside_a_sources_title_are_said_in_spanish():
    from analysis.publish.style import _TITLE_WORDS, title_words

    titles = load_sources()["title"].dropna().astype(str).tolist()
    for phrase in _TITLE_WORDS:
        assert any(phrase in t for t in titles), f"no title of the sources table has {phrase!r} any more"
        assert phrase not in title_words(f"T{phrase}", "es")
    assert title_words("Title (press release)", "en") == "Title (press release)"
    pages = sorted((REPORTS / "es").rglob("*.html"))
    left = {p.relative_to(REPORTS).as_posix(): [w for w in _TITLE_WORDS if w in html]
            for p in pages for html in [p.read_text(encoding="utf-8").replace("&#x27;", "'")]
            if any(w in html for w in _TITLE_WORDS)}
    assert not left, left
