"""Published embed snippets in a real Chromium: pasted into a page of another origin, each iframe grows to its
chart's height at 390 and 700 px, keeps its no-script height when scripts are off, ignores messages that are not
its embed's; and every chart, in the embed and on the index, shows text of 12 px or more from 320 to 1280 px."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import project_root
from analysis.publish.hosted import publish_site
from analysis.publish.site_embeds import FALLBACK_WIDTHS
from chromium import CHROMIUM_ARGS, serve
from embed_site import rendered_project

SCREENSHOTS = project_root() / "tests" / "output"


def _chromium() -> str:
    """Chromium's path; these tests fail (they do not skip) without it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is needed for the embed tests (Debian: apt-get install chromium)"
    return path




@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict]:
    """The site published under one origin and a newsroom's story, with two English snippets and one Spanish one
    pasted in, under another."""
    folder = tmp_path_factory.mktemp("embeds-browser")
    project = rendered_project(folder)
    (folder / "www").mkdir()
    story = folder / "newsroom" / "news" / "2026"
    story.mkdir(parents=True)
    with serve(folder / "www") as site_url, serve(folder / "newsroom") as host_url:
        published = publish_site(project, folder / "www" / "nlets", site_url + "nlets/")
        snippets = []
        for page in ("index.html", "es/index.html"):
            text = (published.out / page).read_text(encoding="utf-8")
            snippets += [html.unescape(s) for s in re.findall(r'<pre class="embed">(.*?)</pre>', text, re.S)]
        english = [s for s in snippets if "/nlets/embed/" in s]
        spanish = [s for s in snippets if "/nlets/es/embed/" in s]
        pasted = [english[0], spanish[3], english[3]]  # a bar chart, the Spanish tile map, the English tile map
        body = "".join(f"<p>Paragraph {i}.</p>{s}" for i, s in enumerate(pasted))
        # another frame on the story's page that claims to be the tile map: the snippet must not listen to it
        (story / "intruder.html").write_text(
            "<script>setInterval(function () { parent.postMessage({type: 'nlets-embed-height', "
            "id: 'fig02-ice-block-map', height: 13}, '*'); }, 100);</script>", encoding="utf-8")
        body += "<iframe src='intruder.html' title='another frame' width='100' height='50'></iframe>"
        (story / "story.html").write_text(
            f"<!DOCTYPE html><html><head><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"</head><body style='margin:0'><article>{body}<p>End.</p></article></body></html>", encoding="utf-8")
        yield {"site": site_url, "story": host_url + "news/2026/story.html", "out": published.out,
               "pasted": pasted, "index": site_url + "nlets/index.html"}


def _context(p, tmp_path: Path, width: int, **options):
    return p.chromium.launch_persistent_context(
        str(tmp_path / f"profile-{width}"), executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": width, "height": 900}, **options)


def _frames_measured(page) -> list[dict]:
    """Each iframe of the story: its height on the page, its embed's content height and the height the snippet
    gave it."""
    measured = []
    for index, handle in enumerate(page.query_selector_all("iframe[data-nlets-embed]")):
        frame = handle.content_frame()
        frame.wait_for_load_state("load")
        measured.append({
            "index": index, "frame": handle.evaluate("f => f.getBoundingClientRect().height"),
            "attribute": int(handle.get_attribute("height")),
            "content": frame.evaluate("Math.ceil(document.getElementById('chart').getBoundingClientRect().height)"),
            "scroll": frame.evaluate("document.documentElement.scrollHeight"),
            "src": handle.get_attribute("src")})
    return measured


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 700, 1280])
def test_pasted_snippets_grow_to_their_charts_height(site, tmp_path, width):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = _context(p, tmp_path, width)
        try:
            page = context.new_page()
            page.goto(site["story"], wait_until="load")
            for handle in page.query_selector_all("iframe[data-nlets-embed]"):
                handle.scroll_into_view_if_needed()  # lazy iframes load when near the viewport
                handle.content_frame().wait_for_load_state("load")
            page.wait_for_function("""Array.from(document.querySelectorAll('iframe[data-nlets-embed]'))
                .every(f => f.style.height)""",
                                   timeout=15_000)
            page.wait_for_timeout(300)
            measured = _frames_measured(page)
            cross_origin = page.evaluate("Array.from(document.querySelectorAll('iframe[data-nlets-embed]'))"
                                         ".every(f => f.contentDocument === null)")
            # messages the snippet must ignore: the story's own window (not an embed), a wrong format, a wrong id
            page.evaluate("""() => {
                window.postMessage({type: 'nlets-embed-height', id: 'fig01-daily-query-rates', height: 7}, '*');
                window.postMessage({type: 'other', id: 'fig01-daily-query-rates', height: 9}, '*');
                window.postMessage('height:11', '*');
            }""")
            page.wait_for_timeout(300)
            after = [m["frame"] for m in _frames_measured(page)]
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for index, handle in enumerate(page.query_selector_all("iframe[data-nlets-embed]")):
                handle.screenshot(path=str(SCREENSHOTS / f"embed-story-{width}-{index}.png"))
            # the window turns (a phone) or narrows: each embed posts its new height and its iframe follows
            page.set_viewport_size({"width": 700 if width == 390 else 390, "height": 900})
            page.wait_for_timeout(1000)
            turned = _frames_measured(page)
        finally:
            context.close()
    assert cross_origin, "the story and the embeds are on different origins"
    assert len(measured) == 3 and all(site["site"] in m["src"] for m in measured)
    for m in measured:
        assert abs(m["frame"] - m["content"]) <= 1, m  # as tall as its chart and credit line: nothing clipped
        assert m["scroll"] <= m["frame"] + 1, m
        if width in FALLBACK_WIDTHS:
            assert m["attribute"] >= m["content"], m  # without scripts the snippet's height would have fitted too
    for m, before in zip(turned, measured, strict=True):
        assert abs(m["frame"] - m["content"]) <= 1 and m["content"] != before["content"], (m, before)
    assert after == [m["frame"] for m in measured], "a message from the story itself changed an iframe"
    heights = [m["frame"] for m in measured]
    assert heights[1] != heights[0], "each iframe has its own chart's height"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 700])
def test_without_scripts_the_snippet_height_is_used_and_fits(site, tmp_path, width):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = _context(p, tmp_path, width, java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(site["story"], wait_until="load")
            for handle in page.query_selector_all("iframe[data-nlets-embed]"):
                handle.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            measured = _frames_measured(page)
        finally:
            context.close()
    for m in measured:
        assert m["frame"] == m["attribute"], m
        assert m["content"] <= m["attribute"], m  # the chart and its credit line fit: nothing clipped


def _smallest_text(out: Path, images: list[dict]) -> list[tuple[str, float]]:
    """Each shown chart's smallest text in CSS px: its SVG's smallest font size × displayed width / SVG width (the
    PNGs are the same drawings, ``PNG_DPI / 72`` times the SVG's size)."""
    from analysis.publish.site_embeds import ChartShape

    found = []
    for image in images:
        assert "/nlets/" in image["src"], image
        path = out / unquote(urlparse(image["src"]).path).split("/nlets/", 1)[1]
        shape = ChartShape.of_svg(path.with_suffix(".svg"))
        found.append((path.name, shape.smallest_font * image["displayed"] / shape.width))
    return found


@pytest.mark.browser
def test_chart_text_is_at_least_12_px_from_320_to_1280(site, tmp_path):
    from playwright.sync_api import sync_playwright

    pages = [site["index"], site["site"] + "nlets/es/index.html",
             *[re.search(r'src="([^"]+)"', s).group(1) for s in site["pasted"]]]
    small = []
    with sync_playwright() as p:
        context = _context(p, tmp_path, 1280)
        try:
            page = context.new_page()
            for url in pages:
                page.goto(url, wait_until="load")
                for width in (320, 390, 640, 641, 700, 800, 900, 1000, 1100, 1280):
                    page.set_viewport_size({"width": width, "height": 900})
                    page.wait_for_timeout(150)  # the picture picks its source again after a resize
                    page.wait_for_function("""Array.from(document.querySelectorAll('picture img'))
                        .every(i => i.complete && i.naturalWidth > 0 && i.currentSrc)""", timeout=15_000)
                    images = page.evaluate("""Array.from(document.querySelectorAll('picture img')).map(i => ({
                        src: i.currentSrc, displayed: i.getBoundingClientRect().width}))""")
                    assert images, url
                    small += [(url, width, name, px) for name, px in _smallest_text(site["out"], images) if px < 12]
                    if url == site["index"] and width in (390, 700, 1280):
                        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                        page.locator("#fig02-ice-block-map").screenshot(
                            path=str(SCREENSHOTS / f"embed-index-{width}.png"))
        finally:
            context.close()
    assert not small, small


@pytest.mark.browser
@pytest.mark.parametrize("page_path", ["index.html", "es/index.html"])
def test_the_copy_button_copies_its_snippet_and_resets(site, tmp_path, page_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = _context(p, tmp_path, 1280, permissions=["clipboard-read", "clipboard-write"])
        try:
            page = context.new_page()
            page.goto(site["site"] + "nlets/" + page_path, wait_until="load")
            figure = page.locator("figure").nth(3)
            figure.locator("details.embed-snippet summary").click()
            button = figure.locator("button.embed-copy")
            label, name = button.inner_text(), button.get_attribute("aria-label")
            shown = figure.locator("pre.embed").inner_text()
            button.click()
            page.wait_for_function("document.querySelector('button.embed-copy.done') !== null")
            copied = page.evaluate("navigator.clipboard.readText()")
            done_label = button.inner_text()
            page.wait_for_function("document.querySelector('button.embed-copy.done') === null", timeout=5000)
            reset_label = button.inner_text()
            title = figure.locator("h3").inner_text()
        finally:
            context.close()
    assert copied == shown and copied.startswith("<iframe src=\"" + site["site"])
    assert f'title="{html.escape(title)}"' in copied
    assert name.endswith(": " + title) and name.startswith(label)
    assert done_label != label and reset_label == label
