"""The Spanish pages say all that the English ones say: the same dates on every page pair, every law or rule of a
status, "reported by" as "a más tardar" (never "hasta", which is "until"), the index's tables in Spanish, and
"assumed" kept where a block is only assumed (fact-check of the Spanish side, December 2026)."""

from __future__ import annotations

import collections
import json
import re
from html.parser import HTMLParser

import pytest

from analysis.paths import project_root
from analysis.publish.i18n import catalog_path, held
from analysis.publish.text.state_status import basis_es

REPORTS = project_root() / "reports"
_ISO_DATE = re.compile(r"(?<![\d/-])\d{4}-\d{2}(?:-\d{2})?(?![\d/])")


class _Visible(HTMLParser):
    """A page's visible words: text outside scripts and styles, alt/title/aria-label, and the description meta."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        found = dict(attrs)
        self.parts += [v for k, v in attrs if k in ("alt", "title", "aria-label") and v]
        if tag == "meta" and "description" in (found.get("name") or found.get("property") or ""):
            self.parts.append(found.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(path) -> str:
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"https?://\S+", "", "\n".join(parser.parts))


def _pairs():
    english = [REPORTS / "index.html", *sorted((REPORTS / "states").glob("*.html")),
               *sorted((REPORTS / "embed").glob("*.html"))]
    return [(page, REPORTS / "es" / page.relative_to(REPORTS)) for page in english]


def test_a_status_keeps_every_law_and_rule_in_spanish():
    # Massachusetts has two rules in force; the second was dropped (and a stray ";" left) in Spanish.
    basis = "reported blocked by 2025-11-12; rule effective 2023-06-30; rule effective 2024-01-05"
    assert basis_es(basis) == ("bloqueo informado a más tardar el 2025-11-12; norma en vigor desde el 2023-06-30; "
                               "norma en vigor desde el 2024-01-05")


def test_every_built_spanish_page_has_the_same_dates_as_its_english_page():
    pairs = _pairs()
    assert len(pairs) > 60
    differ = {}
    for english, spanish in pairs:
        en = collections.Counter(_ISO_DATE.findall(_visible(english)))
        es = collections.Counter(_ISO_DATE.findall(_visible(spanish)))
        if en != es:
            differ[english.relative_to(REPORTS).as_posix()] = (dict(en - es), dict(es - en))
    assert not differ, differ


def test_reported_by_is_never_reported_until_in_spanish():
    # "reported by <date>" is a report no later than that date: "a más tardar", never "hasta" ("until").
    text = catalog_path("es").read_text(encoding="utf-8")
    entries = re.split(r"\n\n+", text)
    wrong = [e for e in entries if "reported by" in e and re.search(r'msgstr.*\binformad[oa]s? hasta\b', e, re.S)]
    assert not wrong, wrong
    built = [*(REPORTS / "es").rglob("*.html"), *(REPORTS / "es").rglob("*.svg"),
             REPORTS / "tables" / "citable_numbers.csv"]
    left = [p.relative_to(REPORTS).as_posix() for p in built
            if re.search(r"\binformad[oa]s? hasta\b", p.read_text(encoding="utf-8"))]
    assert not left, left


def test_an_assumed_block_stays_assumed_in_spanish():
    spanish = held("map-category", "assumed blocked (start date not published)", "es")
    assert spanish and "supone" in spanish


def _table_entries() -> list[dict]:
    manifest = json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["entries"] if isinstance(manifest, dict) and "entries" in manifest else manifest
    entries = list(entries.values()) if isinstance(entries, dict) else entries
    return [e for e in entries if e.get("type") == "table"]


def test_every_table_of_the_index_has_its_title_and_description_in_spanish():
    tables = _table_entries()
    assert tables
    missing = [(t["name"], key) for t in tables for key in ("title", "description")
               if t.get(key) and not held("table", t[key], "es")]
    assert not missing, missing


@pytest.mark.parametrize("key", ["title", "description"])
def test_a_tables_spanish_keeps_its_numbers_dates_and_column_names(key):
    for table in _table_entries():
        english, spanish = table[key], held("table", table[key], "es") or ""
        assert re.findall(r"\d+(?:,\d{3})*", english) == re.findall(r"\d+(?:,\d{3})*", spanish), table["name"]
        assert re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", english) == re.findall(
            r"\b[a-z]+(?:_[a-z0-9]+)+\b", spanish), table["name"]


def test_the_spanish_pages_mark_no_text_as_english_but_the_language_switch():
    marked = {}
    for page in (REPORTS / "es").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        spans = re.findall(r'<(\w+)[^>]*\blang="en"[^>]*>([^<]*)<', html)
        others = [text for _tag, text in spans if text != "English"]
        if others:
            marked[page.relative_to(REPORTS).as_posix()] = others[:3]
    assert not marked, marked


def test_the_catalog_holds_no_table_text_the_manifest_no_longer_has():
    from babel.messages.pofile import read_po

    with catalog_path("es").open("rb") as handle:
        held_texts = {m.id for m in read_po(handle) if m.context == "table"}
    current = {t[key] for t in _table_entries() for key in ("title", "description") if t.get(key)}
    assert not held_texts - current, sorted(held_texts - current)


def test_the_manifest_gives_each_table_its_spanish_title_and_description():
    for table in _table_entries():
        assert table["title_es"] == held("table", table["title"], "es"), table["name"]
        assert table["description_es"] == held("table", table["description"], "es"), table["name"]


def test_the_spanish_index_says_its_csv_downloads_are_in_english():
    page = (REPORTS / "es" / "index.html").read_text(encoding="utf-8")
    # the figures' and tables' CSVs (citable_numbers.csv, with its sentence_es column, is linked by its own words)
    labels = [label for path, label in re.findall(r'<a href="([^"]+\.csv)" download>([^<]*)</a>', page)
              if not path.endswith("citable_numbers.csv")]
    assert len(labels) > 10 and all(label == "CSV (en inglés)" for label in labels), sorted(set(labels))
