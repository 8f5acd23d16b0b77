"""reports/index.html in a real headless Chromium: images load, downloads resolve, no errors, no network."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import project_root
from chromium import CHROMIUM_ARGS, browser_context, chromium_path

REPORTS = project_root() / "reports"
SCREENSHOT = project_root() / "tests" / "output" / "index-screenshot.png"
_chromium = chromium_path


@pytest.mark.browser
def test_index_page_in_headless_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    console, requests, failed = [], [], []
    with sync_api.sync_playwright() as p:
        with browser_context(p, tmp_path / "profile", viewport={"width": 1200, "height": 1600}) as browser:
            page = browser.new_page()
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto((REPORTS / "index.html").as_uri(), wait_until="load")
            images = page.evaluate(
                "Array.from(document.images).map(i => ({src: i.getAttribute('src'), w: i.naturalWidth, alt: i.alt}))"
            )
            hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert images, "the page shows figures"
    for image in images:
        assert image["w"] > 0, f"{image['src']} did not load"
        assert image["alt"].strip(), f"{image['src']} has no alt text"
    assert not [line for line in console if line.startswith(("error", "pageerror"))], console
    assert not failed, f"failed requests: {failed}"
    outside = [url for url in requests if not url.startswith("file://")]
    assert not outside, f"requests outside file://: {outside}"
    from analysis.sources.tables import address, load_sources

    sources = load_sources()
    source_urls = {address(u, c) for u, c in zip(sources["url"], sources["copy_url"], strict=True)}
    for href in hrefs:
        url = urlparse(href)
        if url.scheme in ("http", "https"):
            assert href in source_urls, f"an outside link that is not a source's address (or copy read): {href}"
            continue
        assert url.scheme == "file", f"non-local link {href}"
        assert Path(unquote(url.path)).is_file(), f"download link {href} does not resolve"
    assert SCREENSHOT.stat().st_size > 10_000


def _open(sync_api, tmp_path, width: int):
    p = sync_api.sync_playwright().start()
    context = p.chromium.launch_persistent_context(
        str(tmp_path / f"profile-{width}"), executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": width, "height": 800}, permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.goto((REPORTS / "index.html").as_uri(), wait_until="load")
    return p, context, page


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_headline_facts_first_no_overflow_and_readable_text(tmp_path, width):
    sync_api = pytest.importorskip("playwright.sync_api")
    p, context, page = _open(sync_api, tmp_path, width)
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        first_fact_top = page.evaluate("document.querySelector('#kit .kit li').getBoundingClientRect().top")
        smallest = page.evaluate("""Math.min(...Array.from(document.querySelectorAll('body *'))
            .filter(e => e.offsetParent !== null && e.childNodes.length && Array.from(e.childNodes)
                .some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        as_of = page.inner_text(".asof")
    finally:
        context.close()
        p.stop()
    assert overflow <= 0, f"horizontal scroll of {overflow}px at {width}px"
    assert first_fact_top < 800, "the first headline fact is in the first screenful"
    assert smallest >= 12, f"text of {smallest}px at {width}px"
    assert "Data as of" in as_of and "20" in as_of


@pytest.mark.browser
def test_copy_button_copies_its_sentence_with_attribution_and_citation(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    p, context, page = _open(sync_api, tmp_path, 1280)
    try:
        button = page.locator("#kit button.copy").nth(1)
        expected = button.get_attribute("data-copy")
        sentence = page.locator("#kit .kit li").nth(1).locator("p").first.inner_text()
        button.click()
        page.wait_for_function("document.querySelectorAll('#kit button.copy.done').length > 0")
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
        p.stop()
    assert copied == expected
    first, citation = copied.split("\n")  # the sentence with its attribution, then the citation on its own line
    assert first.startswith(sentence.split(" \u2014 ")[0]) and "292,114" in first
    assert "according to figures Nlets gave Congress" in first and "[" not in first
    assert citation.startswith("Source: ") and "Wyden" in citation


@pytest.mark.browser
def test_state_picker_opens_the_state_page(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    p, context, page = _open(sync_api, tmp_path, 390)
    try:
        page.select_option("#state-picker", "states/IL.html")  # a choice alone does not leave the page
        page.click(".picker button[type=submit]")
        page.wait_for_url("**/states/IL.html")
        heading = page.inner_text("h1")
        status = page.inner_text(".status")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        sources = page.evaluate("Array.from(document.querySelectorAll('td[data-label=Source] a')).length")
    finally:
        context.close()
        p.stop()
    assert heading == "Illinois (IL)"
    assert "counted as blocking" in status
    assert overflow <= 0 and sources >= 3


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["es/index.html", "es/states/WA.html", "states/WA.html"])
def test_spanish_and_state_pages_load_offline_without_overflow_on_a_phone(tmp_path, page_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    requests = []
    with sync_api.sync_playwright() as p:
        with browser_context(p, tmp_path / "profile", viewport={"width": 390, "height": 800}) as context:
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto((REPORTS / page_path).as_uri(), wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            lang = page.evaluate("document.documentElement.lang")
            links = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    assert overflow <= 0
    assert lang == ("es" if page_path.startswith("es/") else "en")
    assert all(url.startswith("file://") for url in requests)
    for href in links:
        url = urlparse(href)
        if url.scheme == "file":
            assert Path(unquote(url.path)).is_file(), href


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["index.html", "states/IL.html", "es/index.html"])
def test_no_serious_or_critical_accessibility_violation(tmp_path, page_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    with sync_api.sync_playwright() as p:
        with browser_context(p, tmp_path / "profile") as context:
            page = context.new_page()
            page.goto((REPORTS / page_path).as_uri(), wait_until="load")
            results = axe_module.Axe().run(page)
    bad = [(v["id"], v["impact"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def _svg_font_sizes(svg: Path) -> list[float]:
    """Font sizes (SVG user units = points) of the live text in a matplotlib SVG."""
    import re

    text = svg.read_text(encoding="utf-8")
    return [float(m) for m in re.findall(r"font-size: ([\d.]+)px", text)]


@pytest.mark.browser
@pytest.mark.parametrize(("width", "portrait"), [(390, True), (1280, False)])
def test_phones_load_the_portrait_chart_and_its_text_is_at_least_12_px(tmp_path, width, portrait):
    """At 390 px every chart is the portrait variant and its smallest text, rendered, is 12 px or more; at 1280 px
    it is the landscape one. Rendered size = font size in the SVG (pt) × PNG scale (dpi / 72) × displayed width /
    natural width."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from analysis.publish.export_figures import PNG_DPI

    p, context, page = _open(sync_api, tmp_path, width)
    try:
        page.evaluate("Promise.all(Array.from(document.images).map(i => i.decode()))")
        shown = page.evaluate("""Array.from(document.querySelectorAll('figure picture img')).map(i => ({
            src: decodeURIComponent(i.currentSrc), natural: i.naturalWidth,
            displayed: i.getBoundingClientRect().width}))""")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.screenshot(path=str(tmp_path / f"index-{width}.png"), full_page=False)
    finally:
        context.close()
        p.stop()
    import json

    figures = [e for e in json.loads((REPORTS / "manifest.json").read_text())["entries"] if e["type"] == "figure"]
    assert len(shown) == len(figures) > 0
    for image in shown:
        name = Path(urlparse(image["src"]).path).name
        assert name.endswith("-portrait.png") == portrait, (width, name)
        assert image["natural"] > 0 and image["displayed"] > 0
        svg = REPORTS / "figures" / name.replace(".png", ".svg")
        smallest_pt = min(_svg_font_sizes(svg))
        px = smallest_pt * PNG_DPI / 72 * image["displayed"] / image["natural"]
        if portrait:
            assert px >= 12, f"{name}: smallest chart text {px:.1f}px at {width}px"
