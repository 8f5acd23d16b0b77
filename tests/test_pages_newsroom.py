"""The site's pages as a newsroom uses them: no word broken inside a table cell, a state picker that opens a page only
on a deliberate choice, tap targets of 24 px or more, a print stylesheet, what Nlets is in the first screen, and copy
buttons that name their fact, copy published text and reset. Rendered in memory from the committed reports/ (the
pages as this code writes them); the ``browser`` tests drive Debian's Chromium on a scratch copy of the site."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.paths import project_root
from analysis.publish.citable_numbers import read_citable
from analysis.publish.data_as_of import data_as_of
from analysis.publish.site import uses_synthetic_data
from analysis.publish.site_assets import HOUSE_CSS, PAGE_JS, whole_dates
from analysis.publish.site_index import index_html, render_index
from analysis.publish.site_shared import NLETS_SOURCE, sources_table
from analysis.publish.site_spanish import render_spanish
from analysis.publish.site_states import render_state_page, render_state_pages, state_pages_data
from chromium import browser_context

REPORTS = project_root() / "reports"
NOTEBOOKS = sorted(nb for nb in (project_root() / "notebooks").glob("0*.ipynb") if not uses_synthetic_data(nb))


def _index(lang: str) -> str:
    manifest = json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))
    return index_html(manifest["entries"], read_citable(REPORTS), NOTEBOOKS, data_as_of(), lang)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    il = {lang: next(r for r in state_pages_data(REPORTS, spanish=lang == "es") if r["s"]["usps"] == "IL")
          for lang in ("en", "es")}
    return {"index": _index("en"), "es/index": _index("es"),
            "states/IL": render_state_page(il["en"], data_as_of()),
            "es/states/IL": render_state_page(il["es"], data_as_of(), in_spanish=True)}


class _Buttons(HTMLParser):
    """The copy buttons of a page: their attributes and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "button" and ("class", "copy") in attrs:
            self._open = {k: v or "" for k, v in attrs} | {"text": ""}

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._open is not None:
            self.buttons.append(self._open)
            self._open = None


def _buttons(page: str) -> list[dict[str, str]]:
    parser = _Buttons()
    parser.feed(page)
    return parser.buttons


# ---- tables: words stay whole --------------------------------------------------------------------------------------


def test_no_word_is_broken_anywhere_and_tables_scroll_in_their_own_box(pages):
    assert "anywhere" not in HOUSE_CSS and "break-all" not in HOUSE_CSS
    cells = re.search(r"th,td\{[^}]*\}", HOUSE_CSS).group(0)
    assert "overflow-wrap:normal" in cells and "word-break:normal" in cells
    assert ".table-wrap{overflow-x:auto" in HOUSE_CSS
    for name, page in pages.items():
        assert page.count("<table") == page.count('<div class="table-wrap"><table'), name


def test_dates_in_table_cells_never_split(pages):
    assert ".date{white-space:nowrap}" in HOUSE_CSS
    assert '<span class="date">2024-10-01</span>' in pages["index"]  # a period in a citable sentence
    assert re.search(r'<td data-label="Date"><span class="date">[^<]+</span>', pages["states/IL"])
    assert str(whole_dates("2025-11 & 2025-11-12")) == \
        '<span class="date">2025-11</span> &amp; <span class="date">2025-11-12</span>'


@given(st.text(alphabet=st.sampled_from("0123456789-<&> aT"), max_size=40))
def test_whole_dates_only_wraps_and_escapes(text):
    wrapped = str(whole_dates(text))
    assert re.sub(r'<span class="date">([^<]*)</span>', r"\1", wrapped) == html.escape(text, quote=True)
    for date in re.findall(r'<span class="date">([^<]*)</span>', wrapped):
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date)


# ---- the state picker ------------------------------------------------------------------------------------------


def test_the_picker_opens_a_page_only_from_its_button_or_enter(pages):
    for name in ("index", "es/index"):
        form = re.search(r'<form class="picker".*?</form>', pages[name], re.S).group(0)
        assert '<button type="submit">' in form and 'id="state-picker"' in form
    assert "Abrir su página" in pages["es/index"]
    assert "'change'" not in PAGE_JS and "addEventListener('submit'" in PAGE_JS and "'Enter'" in PAGE_JS


# ---- what Nlets is, first ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index", "es/index", "states/IL", "es/states/IL"])
def test_what_nlets_is_comes_before_anything_else_and_is_sourced(pages, name):
    page = pages[name]
    found = re.search(r'<p class="what-nlets">(.*?)</p>', page, re.S)
    assert found and page.index('class="what-nlets"') < page.index("<main>")
    assert page.index("<h1>") < page.index('class="what-nlets"') < page.index('class="asof"')
    link = sources_table()[NLETS_SOURCE]["link"]
    assert f'href="{link}"' in found.group(1)
    words = "to search driver" if not name.startswith("es/") else "buscar registros de licencias de conducir"
    assert words in found.group(1)
    assert ("Dec. 2, 2025" if not name.startswith("es/") else "2 de diciembre de 2025") in found.group(1)


# ---- copy buttons -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "source"), [("index", "Source: "), ("es/index", "Fuente: ")])
def test_copy_buttons_copy_published_text_and_name_their_fact(pages, name, source):
    buttons = _buttons(pages[name])
    assert len(buttons) >= 5
    names = [b["aria-label"] for b in buttons]
    assert len(set(names)) == len(names), "each button names its own fact"
    for b in buttons:
        assert b["aria-label"].startswith(b["text"].strip() + ": ")  # the visible label, then the fact
        sentence, citation = b["data-copy"].split("\n")
        assert "[" not in sentence and citation.startswith(source)
        assert b["aria-label"].split(": ", 1)[1].rstrip("\u2026") in sentence
    assert 'role="status"' in pages[name] and "setTimeout" in PAGE_JS and "classList.remove('done')" in PAGE_JS


def test_the_english_copy_of_ice_queries_reads_as_published_text(pages):
    ice = next(b for b in _buttons(pages["index"]) if "292,114" in b["data-copy"])
    assert ice["data-copy"].startswith(
        "ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025, according to figures Nlets gave "
        "Congress, quoted by Sen. Ron Wyden's office on Nov. 12, 2025 \u2014 at most 0.101%")
    assert ice["aria-label"] == ("Copy sentence and source: ICE ran 292,114 DMV queries through Nlets in the year to "
                                 "Sept. 30, 2025")


# ---- downloads -------------------------------------------------------------------------------------------------


def test_the_workbook_is_offered_beside_the_csv_when_the_manifest_lists_it():
    entry = {"name": "citable-numbers", "files": [{"path": "tables/citable_numbers.csv"},
                                                  {"path": "tables/citable_numbers.xlsx"}]}
    rows = read_citable(REPORTS)
    en = index_html([entry], rows, [], data_as_of(), "en")
    es = index_html([entry], rows, [], data_as_of(), "es")
    assert '(column <code>sentence</code>). Or as an <a href="tables/citable_numbers.xlsx" download>' in en
    assert '<a href="../tables/citable_numbers.xlsx" download>libro de Excel</a>' in es
    assert "citable_numbers.xlsx" not in index_html([], rows, [], data_as_of(), "en")


# ---- print and tap targets (the rules) --------------------------------------------------------------------------


def test_the_print_stylesheet_hides_controls_and_opens_citations():
    printed = HOUSE_CSS[HOUSE_CSS.index("@media print"):]
    hidden = re.search(r"\n([^{\n]*)\{display:none !important\}", printed).group(1).split(",")
    assert {"nav", "button", ".picker", ".filters", ".lang-switch", ".embed-snippet"} <= set(hidden)
    assert "details::details-content{content-visibility:visible" in printed
    assert "beforeprint" in PAGE_JS and "afterprint" in PAGE_JS


def test_targets_are_at_least_24_px_by_rule():
    for rule in ("summary{min-height:24px", "button,select,input{font:inherit;min-height:28px",
                 "nav a,.jurisdictions a,.downloads a{display:inline-block;min-height:24px"):
        assert rule in HOUSE_CSS


# ---- in Chromium ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch copy of reports/ with its pages rendered by this code."""
    folder = tmp_path_factory.mktemp("site") / "reports"
    shutil.copytree(REPORTS, folder)
    render_index(folder, NOTEBOOKS)
    render_state_pages(folder, data_as_of())
    render_spanish(folder, data_as_of(), NOTEBOOKS)
    return folder


def _page(context, site: Path, path: str):
    page = context.new_page()
    page.goto((site / path).as_uri(), wait_until="load")
    return page


@pytest.mark.browser
def test_the_picker_by_keyboard_stays_until_enter(site, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p, browser_context(p, tmp_path / "profile",
                                                          viewport={"width": 390, "height": 800}) as context:
        page = _page(context, site, "index.html")
        page.focus("#state-picker")
        page.keyboard.type("t")
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)
        chosen = page.eval_on_selector("#state-picker", "s => s.value")
        assert page.url.endswith("/index.html"), "a letter or an arrow key must not leave the page"
        assert chosen.startswith("states/")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{chosen}")
        back = _page(context, site, "index.html")
        back.select_option("#state-picker", "states/IL.html")
        back.wait_for_timeout(300)
        assert back.url.endswith("/index.html")
        back.click(".picker button[type=submit]")
        back.wait_for_url("**/states/IL.html")
        assert back.inner_text("h1") == "Illinois (IL)"


@pytest.mark.browser
def test_copy_button_copies_published_text_then_resets(site, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p, browser_context(
            p, tmp_path / "profile", viewport={"width": 1280, "height": 900},
            permissions=["clipboard-read", "clipboard-write"]) as context:
        page = _page(context, site, "index.html")
        button = page.locator("#kit button.copy").nth(1)
        label = button.inner_text()
        button.click()
        page.wait_for_function("document.querySelectorAll('#kit button.copy.done').length > 0")
        copied = page.evaluate("navigator.clipboard.readText()")
        status = page.inner_text("#copy-status")
        page.wait_for_function("document.querySelectorAll('#kit button.copy.done').length === 0", timeout=5000)
        after = button.inner_text()
        name = button.get_attribute("aria-label")
    sentence, citation = copied.split("\n")
    assert "292,114" in sentence and "according to figures Nlets gave Congress" in sentence and "[" not in sentence
    assert citation.startswith("Source: Office of U.S. Senator Ron Wyden")
    assert status == "Copied" and after == label
    assert name.startswith(label + ": ICE ran 292,114")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "states/IL.html", "es/index.html"])
def test_tap_targets_are_at_least_24_px_on_a_phone(site, tmp_path, path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p, browser_context(p, tmp_path / "profile",
                                                          viewport={"width": 390, "height": 800}) as context:
        page = _page(context, site, path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        small = page.evaluate("""Array.from(document.querySelectorAll('a[href], button, select, input, summary'))
            .filter(e => e.offsetParent !== null)
            .map(e => { const r = e.getBoundingClientRect(); return {t: (e.textContent || e.id).trim().slice(0, 40),
                tag: e.tagName, w: r.width, h: r.height}; })
            .filter(r => r.h < 24 || r.w < 24)""")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert not small, small[:10]
    assert overflow <= 0


@pytest.mark.browser
def test_no_word_broken_in_a_table_cell_at_1280_and_390(site, tmp_path):
    """Each word of a cell stays on one line: a cell's text wraps only at spaces (and at hyphens outside dates)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    script = """() => { const broken = [];
        for (const td of document.querySelectorAll('td')) {
          const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            for (const m of n.textContent.matchAll(/[^\\s\\-\\u2014]{2,}/g)) {
              const range = document.createRange(); range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
              const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
              if (tops.size > 1) { broken.push(m[0]); }
            }
          }
        }
        for (const d of document.querySelectorAll('td .date')) {
          const lines = new Set(Array.from(d.getClientRects()).map(r => Math.round(r.top)));
          if (lines.size > 1) { broken.push(d.textContent); }
        }
        return broken; }"""
    with sync_api.sync_playwright() as p:
        for width in (1280, 390):
            with browser_context(p, tmp_path / f"profile-{width}",
                                 viewport={"width": width, "height": 900}) as context:
                for path in ("index.html", "states/WA.html", "es/states/NY.html"):
                    broken = _page(context, site, path).evaluate(script)
                    assert not broken, (width, path, broken[:10])


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "states/IL.html"])
def test_print_has_no_buttons_or_nav_opens_citations_and_clips_nothing(site, tmp_path, path):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p, browser_context(p, tmp_path / "profile") as context:
        page = _page(context, site, path)
        page.emulate_media(media="print")
        shown = page.evaluate("""Array.from(document.querySelectorAll('button, nav, select, .picker, .lang-switch'))
            .filter(e => e.getClientRects().length > 0).map(e => e.tagName)""")
        page_width = page.evaluate("document.documentElement.clientWidth")
        clipped = page.evaluate("""w => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 40))""", page_width)
        citations = page.evaluate("""Array.from(document.querySelectorAll('details'))
            .filter(d => d.getClientRects().length > 0)
            .flatMap(d => Array.from(d.querySelectorAll(':scope > :not(summary)')))
            .filter(e => e.getClientRects().length === 0).length""")
        printed_details = page.evaluate("""Array.from(document.querySelectorAll('details'))
            .filter(d => d.getClientRects().length > 0).length""")
        pdf = tmp_path / (path.replace("/", "-") + ".pdf")
        page.pdf(path=str(pdf), format="Letter", print_background=True)
        shot = project_root() / "tests" / "output" / f"print-{path.replace('/', '-')}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 816, "height": 1056})  # a Letter page at 96 dpi, for a person to look at
        page.screenshot(path=str(shot), full_page=True)
    assert not shown, f"printed controls: {shown}"
    assert not clipped, clipped[:10]
    assert citations == 0, "every collapsed citation prints open"
    assert printed_details > 10 or path != "index.html"  # the sources of every figure and table
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
