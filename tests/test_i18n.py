"""The site's one message catalog (analysis.publish.i18n): every message of the templates and site modules has its
Spanish, the compiled .mo is the .po compiled, Babel writes es-US numbers and dates in the site's style, and each
Spanish page (index and every jurisdiction) carries the numbers, links and notes of its English page."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import posixpath
import re
import tomllib
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations

from analysis.publish import i18n, site_assets
from analysis.publish.citable_numbers import read_citable
from analysis.publish.data_as_of import data_as_of
from analysis.publish.site import uses_synthetic_data
from analysis.publish.site_index import index_html
from analysis.publish.site_shared import printed_value
from analysis.publish.site_states import render_state_page, state_pages_data

ROOT = Path(__file__).parents[1]
REPORTS = ROOT / "reports"
# N_ marks a message defined in one place and translated where shown; NC_ the same with its context (msgctxt).
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NC_": ((1, "c"), 2)}
# Messages whose English is data, not code: the event notes of data/raw/ice_access_events.csv, by msgctxt.
DATA_CONTEXTS = {"event-note", "table"}  # keyed by data: event notes (ice_access_events.csv), tables (the manifest)


def _catalog():
    with i18n.catalog_path("es", ".po").open("rb") as handle:
        return read_po(handle, locale="es_US")


@cache
def _extracted_in_context() -> dict[tuple[str | None, str | tuple[str, str]], list[str]]:
    """Every message of the templates and site modules with its context, by babel.cfg (as ``pybabel extract`` finds
    them)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(ROOT / "babel.cfg"))
    found: dict[tuple[str | None, str | tuple[str, str]], list[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        found.setdefault((context, message), []).append(f"{filename}:{lineno}")
    return found


@cache
def _extracted() -> dict[str | tuple[str, str], list[str]]:
    """Every message of the templates and site modules, whatever its context."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for (_context, message), wheres in _extracted_in_context().items():
        found.setdefault(message, []).extend(wheres)
    return found


@cache
def _event_notes() -> set[str]:
    from analysis.sources.tables import load_ice_access_events

    return {n for n in load_ice_access_events()["note"].fillna("") if n}


# ---- the catalog --------------------------------------------------------------------------------------------------


def test_messages_are_extracted_from_the_templates_and_every_site_module():
    places = {where.split(":")[0] for wheres in _extracted().values() for where in wheres}
    names = {Path(p).name for p in places}
    assert {"index.html.j2", "state.html.j2", "embed.html.j2", "site_index.py", "site_states.py",
            "site_shared.py"} <= names, names
    assert len(_extracted()) > 100


def test_every_extracted_message_has_a_spanish_translation():
    catalog = _catalog()
    missing = []
    for (context, message), wheres in _extracted_in_context().items():
        key = message if isinstance(message, str) else message[0]
        entry = catalog.get(key, context=context)
        strings = [] if entry is None else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        if not strings or not all(s.strip() for s in strings):
            missing.append((message, wheres))
    assert not missing, f"messages without Spanish (add them to messages.po, then recompile): {missing}"


def test_the_catalog_holds_no_message_the_pages_no_longer_use():
    extracted = {(c, m if isinstance(m, str) else m[0]) for c, m in _extracted_in_context()}
    stale = [(m.context, m.id) for m in _catalog() if m.id and m.context not in DATA_CONTEXTS
             and (m.context, m.id if isinstance(m.id, str) else m.id[0]) not in extracted]
    assert not stale, f"obsolete messages in messages.po: {stale}"
    notes = [m.id for m in _catalog() if m.context == "event-note" and m.id not in _event_notes()]
    assert not notes, f"Spanish of event notes that data/raw/ice_access_events.csv no longer has: {notes}"


def test_every_event_note_has_its_spanish_and_a_changed_note_has_none():
    from analysis.publish.text.event_labels import note_es

    held = {m.id: m.string for m in _catalog() if m.context == "event-note" and m.string}
    assert not sorted(_event_notes() - set(held)), "event notes without Spanish in messages.po"
    note = sorted(_event_notes())[0]
    assert note_es("E01", note) == held[note] != note
    assert note_es("E01", note + " Changed.") is None and note_es("E01", "") == ""


def test_no_fuzzy_entry_and_every_placeholder_kept():
    catalog = _catalog()
    assert not catalog.fuzzy, "the catalog's header is marked fuzzy"
    assert not [m.id for m in catalog if m.id and m.fuzzy]
    assert not [(m.id, errors) for m, errors in catalog.check()]
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"


def test_the_compiled_catalog_is_the_po_compiled():
    po, mo = i18n.catalog_path("es", ".po"), i18n.catalog_path("es", ".mo")
    assert mo.read_bytes() == i18n.compile_po(po.read_bytes()), (
        "messages.mo is stale: run python -m analysis.publish.i18n")


def test_a_stale_compiled_catalog_is_refused(monkeypatch):
    monkeypatch.setattr(i18n, "compile_po", lambda po_text: b"not the .mo")
    i18n.translations.cache_clear()
    try:
        with pytest.raises(i18n.CatalogError, match="recompile with python -m analysis.publish.i18n"):
            i18n.translations("es")
    finally:
        i18n.translations.cache_clear()


def test_compiling_leaves_fuzzy_entries_out():
    po = (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          b'#, fuzzy\nmsgid "Sources"\nmsgstr "Fuentes"\n')
    assert Translations(io.BytesIO(i18n.compile_po(po))).gettext("Sources") == "Sources"


def test_the_catalogs_ship_with_the_package_and_babel_and_jinja2_are_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = project["tool"]["setuptools"]["package-data"]["analysis"]
    assert "publish/locale/*/LC_MESSAGES/*.po" in data and "publish/locale/*/LC_MESSAGES/*.mo" in data
    names = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() for d in project["project"]["dependencies"]}
    assert {"babel", "jinja2"} <= names


def test_one_template_per_page_for_both_languages():
    names = sorted(p.name for p in (Path(site_assets.__file__).parent / "templates").glob("*.j2"))
    assert names == ["embed.html.j2", "index.html.j2", "state.html.j2"]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language 'fr'"):
        i18n.translations("fr")


# ---- Babel's es-US numbers and dates are the site's style ---------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(292114, "292,114"), (289_102_770, "289,102,770"), (0.101, "0.101"),
                                             (1234, "1,234"), (7, "7")])
def test_es_us_numbers_use_comma_thousands_and_a_decimal_point(value, expected):
    assert i18n.format_number(value, "es") == expected == i18n.format_number(value, "en")


@pytest.mark.parametrize("value, expected", [("2025-11-12", "12 de noviembre de 2025"), ("2025-09-01",
                                             "1 de septiembre de 2025"), ("2026-02", "febrero de 2026"),
                                             ("2025", "2025")])
def test_es_us_dates_in_words_as_precise_as_written(value, expected):
    from analysis.publish.text.spanish import fecha

    assert i18n.format_date(value, "es") == expected == fecha(value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.sampled_from([4, 7, 10]))
def test_a_spanish_date_keeps_the_precision_and_digits_it_is_written_with(day, width):
    iso = day.isoformat()[:width]
    words = i18n.format_date(iso, "es")
    expected = {4: [str(day.year)], 7: [str(day.year)], 10: [str(day.day), str(day.year)]}[width]
    assert _NUMBER.findall(words) == expected, (iso, words)
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
              "noviembre", "diciembre"]
    assert (f"{months[day.month - 1]} de {day.year}" in words) == (width > 4), (iso, words)


@given(st.integers(min_value=0, max_value=10**12))
def test_a_spanish_printed_value_carries_the_english_digits(n):
    english = [i18n.format_number(n, "en"), f"{max(n // 1_000_000, 1):,} million", f"1 in {n:,}"]
    for printed in english:
        assert _NUMBER.findall(printed_value(printed, n, "es")) == _NUMBER.findall(printed)


def test_over_is_mas_de_in_the_catalog():
    spanish = [m.string for m in _catalog() if isinstance(m.id, str) and "over 290 million" in m.id]
    assert spanish and all("más de 290 millones" in s for s in spanish)


# ---- the pages, rendered in memory in both languages --------------------------------------------------------------


class _Recording:
    """The Spanish catalog, noting every message asked for that it does not hold."""

    def __init__(self, inner) -> None:
        self.inner, self.missing = inner, set()

    def gettext(self, message: str) -> str:
        if message not in self.inner._catalog:
            self.missing.add(message)
        return self.inner.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if (singular, 0) not in self.inner._catalog:
            self.missing.add(singular)
        return self.inner.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        self.missing.add((context, message))
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self.missing.add((context, singular))
        return singular if n == 1 else plural


@cache
def _inputs():
    manifest = json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))
    notebooks = [nb for nb in sorted((ROOT / "notebooks").glob("*.ipynb")) if not uses_synthetic_data(nb)]
    return manifest["entries"], read_citable(REPORTS), notebooks, data_as_of()


def _render_all() -> dict[str, str]:
    """Every page of both languages by its path under reports/, rendered in memory (nothing written)."""
    entries, numbers, notebooks, as_of = _inputs()
    pages = {"index.html": index_html(entries, numbers, notebooks, as_of),
             "es/index.html": index_html(entries, numbers, notebooks, as_of, lang="es")}
    for record in state_pages_data(REPORTS):
        pages[f"states/{record['s']['usps']}.html"] = render_state_page(record, as_of)
    for record in state_pages_data(REPORTS, spanish=True):
        pages[f"es/states/{record['s']['usps']}.html"] = render_state_page(record, as_of, in_spanish=True)
    return pages


@cache
def _pages() -> dict[str, str]:
    return _render_all()


def test_rendering_the_spanish_pages_asks_only_for_messages_the_catalog_holds(monkeypatch):
    recording = _Recording(i18n.translations("es"))
    original = i18n.translations

    def translations(lang: str):
        return recording if lang == "es" else original(lang)

    monkeypatch.setattr(i18n, "translations", translations)
    monkeypatch.setattr(site_assets, "translations", translations)
    site_assets.templates.cache_clear()
    try:
        pages = _render_all()
    finally:
        site_assets.templates.cache_clear()
    assert pages["es/index.html"] and len([p for p in pages if p.startswith("es/states/")]) == 56
    assert not recording.missing, f"asked for but not in the catalog: {sorted(map(str, recording.missing))}"


class _Page(HTMLParser):
    """A page's visible text, its links (not the one to the other language) and its notes."""

    NOTE_CLASSES = {"note", "bounds-note"}

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.notes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "a" and a.get("href") and not a.get("hreflang"):
            self.links.append(a["href"] or "")
        if tag == "small" or self.NOTE_CLASSES & set((a.get("class") or "").split()):
            self.notes.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    return parsed


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def _numbers(parsed: _Page) -> set[str]:
    return {n.rstrip(",") for n in _NUMBER.findall(html.unescape(" ".join(parsed.text)))}


def _site_links(path: str, parsed: _Page) -> Counter:
    """The page's links as addresses from reports/ (a link into es/ as its English page), outside ones as written."""
    folder = posixpath.dirname(path)
    out = Counter()
    for link in parsed.links:
        if re.match(r"[a-z]+:", link):
            out[link] += 1
            continue
        target = posixpath.normpath(posixpath.join(folder, link))
        out[target.removeprefix("es/")] += 1
    return out


def _pairs() -> list[str]:
    return sorted(p for p in _pages() if not p.startswith("es/"))


def test_both_languages_have_every_page():
    pages = _pages()
    english = _pairs()
    assert len(english) == 57 and all(f"es/{p}" in pages for p in english)


@pytest.mark.parametrize("path", ["index.html", "states/IL.html", "states/WA.html", "states/TX.html"])
def test_the_pages_speak_their_language(path):
    english, spanish = _pages()[path], _pages()[f"es/{path}"]
    assert '<html lang="en">' in english and '<html lang="es">' in spanish
    assert "What is not known" in english and "Lo que no se sabe" in spanish and "What is not known" not in spanish


def test_each_spanish_page_has_the_numbers_of_its_english_page():
    pages = _pages()
    differ = {}
    for path in _pairs():
        en, es = _numbers(_parse(pages[path])), _numbers(_parse(pages[f"es/{path}"]))
        if en != es:
            differ[path] = {"only English": sorted(en - es), "only Spanish": sorted(es - en)}
    assert not differ, differ


def test_each_spanish_page_has_the_links_of_its_english_page():
    pages = _pages()
    differ = {}
    for path in _pairs():
        en, es = _site_links(path, _parse(pages[path])), _site_links(f"es/{path}", _parse(pages[f"es/{path}"]))
        if en != es:
            differ[path] = {"only English": sorted((en - es).elements()), "only Spanish": sorted((es - en).elements())}
    assert not differ, differ


def test_each_spanish_page_has_the_notes_of_its_english_page():
    pages = _pages()
    counts = {p: (len(_parse(pages[p]).notes), len(_parse(pages[f"es/{p}"]).notes)) for p in _pairs()}
    assert counts["index.html"][0] > 0 and any(en > 0 for en, _ in counts.values() if en)
    assert not {p: c for p, c in counts.items() if c[0] != c[1]}


def test_each_spanish_state_page_carries_the_spanish_of_every_event_note_of_its_english_page():
    from analysis.publish.site_assets import whole_dates
    from analysis.publish.text.event_labels import note_es

    pages, checked, missing = _pages(), 0, []
    for record in state_pages_data(REPORTS):
        path = f"states/{record['s']['usps']}.html"
        for event in record["events"]:
            if not event["note"]:
                continue
            assert str(whole_dates(event["note"])) in pages[path], (path, event["event_id"])
            spanish = note_es(event["event_id"], event["note"])
            checked += 1
            if not spanish or str(whole_dates(spanish)) not in pages[f"es/{path}"]:
                missing.append((path, event["event_id"]))
    assert checked >= 50 and not missing, missing


def test_the_parity_checks_can_fail():
    """The checks above see a number, a link or a note that only the English page has."""
    page = _pages()["states/IL.html"]
    poorer = page.replace("<small>", "<span>", 1).replace("</small>", "</span>", 1)
    assert len(_parse(poorer).notes) == len(_parse(page).notes) - 1
    richer = page.replace("</main>", '<p>12,345 <a href="../tables/x.csv">x</a></p></main>')
    assert _numbers(_parse(richer)) - _numbers(_parse(page)) == {"12,345"}
    assert _site_links("states/IL.html", _parse(richer)) - _site_links("states/IL.html", _parse(page)) == Counter(
        {"tables/x.csv": 1})
