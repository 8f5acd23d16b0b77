"""Embed pages and snippets: each chart's portrait drawing below the width at which its landscape text would fall
under 12 px, a snippet titled with the figure's title whose no-script height fits the chart, a copy button per
snippet in both languages, and the height the embed page posts to the page around it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from analysis.publish.hosted import publish_site
from analysis.publish.manifest import language_entries
from analysis.publish.site_embeds import (
    CREDIT_PX,
    MIN_TEXT_PX,
    PHONE_WIDTH,
    PORTRAIT_BAND_WIDTH,
    ChartShape,
    FigureLayout,
    embed_id,
    embed_snippet,
    entry_layout,
)
from embed_site import rendered_project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return rendered_project(tmp_path_factory.mktemp("embeds"))


@pytest.fixture(scope="module")
def figures(project) -> dict[str, list[dict]]:
    entries = json.loads((project / "reports" / "manifest.json").read_text(encoding="utf-8"))["entries"]
    english = sorted((e for e in entries if e["type"] == "figure"), key=lambda e: e["name"])
    return {"en": english, "es": language_entries(english, "es")}


def _snippets(page: str) -> dict[str, str]:
    """The snippets shown on an index page, by figure name (from the ``<figure id>`` around each)."""
    found = {}
    for figure in re.findall(r'<figure id="([^"]+)">(.*?)</figure>', page, re.S):
        shown = re.search(r'<pre class="embed">(.*?)</pre>', figure[1], re.S)
        if shown:
            found[figure[0]] = html.unescape(shown.group(1))
    return found


def test_chart_shapes_are_read_from_the_svgs(tmp_path):
    svg = tmp_path / "a.svg"
    svg.write_text('<svg width="576pt" height="300pt" viewBox="0 0 576 300"><g style="font-size: 9px"/>'
                   '<g style="font-size: 7.5px"/></svg>', encoding="utf-8")
    assert ChartShape.of_svg(svg) == ChartShape(576, 300, 7.5)
    (tmp_path / "b.svg").write_text('<svg viewBox="0 0 10 10"></svg>', encoding="utf-8")
    with pytest.raises(ValueError, match="no text"):
        ChartShape.of_svg(tmp_path / "b.svg")


@pytest.mark.parametrize("smallest", [6.0, 7.5, 8.5, 12.0, 20.0])
def test_the_switch_width_keeps_landscape_text_at_12_px(smallest):
    layout = FigureLayout("f", ChartShape(576, 400, smallest), ChartShape(259.2, 900, 10))
    switch = layout.embed_switch()
    assert switch > PHONE_WIDTH
    # beside a 16 px scrollbar the landscape chart is still 12 px or more; one pixel narrower it would not be
    assert smallest * (switch - 16) / 576 >= MIN_TEXT_PX
    if switch > PHONE_WIDTH + 1:
        assert smallest * (switch - 17) / 576 < MIN_TEXT_PX
    assert layout.index_switch() >= switch


def test_the_fallback_height_fits_the_embed_at_390_and_700_px():
    layout = FigureLayout("f", ChartShape(576, 662.4, 7.5), ChartShape(259.2, 1117.91, 10))
    at_390 = 390 * 1117.91 / 259.2 + CREDIT_PX
    at_700 = PORTRAIT_BAND_WIDTH * 1117.91 / 259.2 + CREDIT_PX  # 700 px is below this map's switch
    assert layout.fallback_height() == int(-(-max(at_390, at_700) // 1))
    wide = FigureLayout("g", ChartShape(576, 800, 16), ChartShape(259.2, 300, 10))  # landscape from 641 px
    assert wide.fallback_height() >= 700 * 800 / 576 + CREDIT_PX


def test_committed_charts_are_readable_at_every_width_from_320_to_1280(project, figures):
    """Each chart as the embed page shows it, at every width: its smallest text is 12 px or more."""
    for lang, entries in figures.items():
        for entry in entries:
            layout = entry_layout(entry, project / "reports")
            assert layout is not None and layout.portrait is not None, entry["name"]
            for width in range(320, 1281, 10):
                if width < layout.embed_switch():
                    shown, chart = min(width, PORTRAIT_BAND_WIDTH) if width > PHONE_WIDTH else width, layout.portrait
                else:
                    shown, chart = width - 16, layout.landscape
                assert chart.smallest_font * shown / chart.width >= MIN_TEXT_PX, (lang, entry["name"], width)


def test_embed_pages_switch_at_the_figures_width_and_post_their_height(project, figures):
    for lang, entries in figures.items():
        folder = project / "reports" / ("embed" if lang == "en" else "es/embed")
        for entry in entries:
            page = (folder / f"{entry['name']}.html").read_text(encoding="utf-8")
            layout = entry_layout(entry, project / "reports")
            switch = layout.embed_switch()
            assert f'<source media="(max-width: {switch - 0.02:g}px)" type="image/svg+xml" ' \
                   f'srcset="../figures/{entry["name"]}-portrait.svg">' in page
            band = f"{{#chart img{{display:block;max-width:{PORTRAIT_BAND_WIDTH}px"
            assert f"and (max-width: {switch - 0.02:g}px){band}" in page
            assert f'id: "{embed_id(entry["name"], lang)}"' in page and 'type: "nlets-embed-height"' in page
            assert "new ResizeObserver(post)" in page and "addEventListener('resize', post)" in page
            assert html.unescape(re.search(r"<title>(.*?)</title>", page).group(1)) == entry["title"]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_index_snippets_carry_the_title_the_fallback_height_and_a_copy_button(project, figures, lang):
    reports = project / "reports"
    page = (reports / ("index.html" if lang == "en" else "es/index.html")).read_text(encoding="utf-8")
    snippets = _snippets(page)
    assert sorted(snippets) == [e["name"] for e in figures[lang]]
    copy_word = {"en": "Copy embed code", "es": "Copiar código para insertar"}[lang]
    for entry in figures[lang]:
        name, layout = entry["name"], entry_layout(entry, reports)
        title = entry["title"]  # language_entries gives the Spanish entry its Spanish title
        if lang == "es":
            assert title == entry["title_es"]
        # both languages' snippets have the height the taller of the figure's two embeds needs without scripts
        twins = [next(e for e in figures[other] if e["name"] == name) for other in ("en", "es")]
        height = max(entry_layout(e, reports).fallback_height() for e in twins)
        assert height >= layout.fallback_height()
        expected = embed_snippet(name, title, height, lang)
        assert snippets[name] == expected
        assert f'title="{html.escape(title)}"' in expected and f'height="{height}"' in expected
        assert f'data-nlets-embed="{embed_id(name, lang)}"' in expected
        button = re.search(rf'<figure id="{name}">.*?</pre>(<button[^>]*>[^<]*</button>)', page, re.S).group(1)
        assert html.unescape(re.search(r'data-copy="([^"]*)"', button).group(1)) == expected
        assert re.search(r'aria-label="([^"]*)"', button).group(1) == html.escape(f"{copy_word}: {title}")
        assert button.endswith(f">{copy_word}</button>")
        switch = layout.index_switch()
        assert f'<source media="(max-width: {switch - 0.02:g}px)"' in page.split(f'<figure id="{name}">')[1][:400]


def test_the_snippet_script_checks_origin_source_and_format():
    snippet = embed_snippet("a", 'A "quoted" <title>', 500)
    iframe, script = snippet.split("\n")
    assert 'title="A &quot;quoted&quot; &lt;title&gt;"' in iframe and 'height="500"' in iframe
    for check in ("f[i].contentWindow===e.source", "new URL(f[i].src,location.href).origin===e.origin",
                  'd.type!=="nlets-embed-height"', 'typeof d.height!=="number"', "w.nletsEmbedHeights"):
        assert check in script, check
    assert "src=" not in script.replace("<script>", ""), "the hosted copy rewrites src= in snippets"


def test_publish_makes_each_languages_snippet_absolute_to_its_own_embed(project, tmp_path):
    base = "https://example.org/nlets/"
    publish_site(project, tmp_path / "out", base)
    english = _snippets((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    spanish = _snippets((tmp_path / "out" / "es" / "index.html").read_text(encoding="utf-8"))
    assert english and spanish
    for name, snippet in english.items():
        assert f'src="{base}embed/{name}.html"' in snippet
    for name, snippet in spanish.items():
        assert f'src="{base}es/embed/{name}.html"' in snippet
    copied = re.findall(r'data-copy="(&lt;iframe[^"]*)"', (tmp_path / "out" / "es" / "index.html").read_text())
    assert copied and all(f"{base}es/embed/" in html.unescape(c) for c in copied)
