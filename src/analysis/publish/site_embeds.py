"""``reports/embed/<figure>.html`` and ``reports/es/embed/<figure>.html``: each chart alone with its credit line, in
English and in Spanish, and the ``<iframe>`` snippet that embeds it and follows its height.

The embed page posts its height to the page around it (``{"type": "nlets-embed-height", "id": ..., "height": ...}``)
on load, on resize and whenever its content changes size; the snippet's inline script sets the height of the one
``<iframe>`` that sent it, from the embed's own origin, so several charts can sit on one page. Without scripts the
snippet's ``height`` is tall enough for the chart at 390 and at 700 px wide.

Chart text is never drawn below :data:`MIN_TEXT_PX`: below :data:`PHONE_WIDTH` px the portrait chart fills the width;
from there up to a figure's switch width (the width at which its landscape chart's smallest text reaches 12 px) the
portrait chart is shown :data:`PORTRAIT_BAND_WIDTH` px wide; above it, the landscape chart."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from analysis.publish.citable_numbers import CitableNumber, read_citable
from analysis.publish.manifest import language_entries
from analysis.publish.share_cards import figure_card, meta_tags
from analysis.publish.site_assets import templates
from analysis.publish.site_shared import PHONE_MEDIA, esc, sources_table

MIN_TEXT_PX = 12  # the smallest chart text a reader sees, in CSS px
PHONE_WIDTH = 640  # up to this width (CSS px) the portrait chart fills the width
PORTRAIT_BAND_WIDTH = 390  # the portrait chart's width between PHONE_WIDTH and a figure's switch width
SCROLLBAR_PX = 16  # room for a scrollbar, so the landscape chart keeps 12 px text beside one
CREDIT_PX = 72  # the credit line under the chart (up to three lines of 14 px text at 390 px)
FALLBACK_WIDTHS = (390, 700)  # the snippet's height without scripts fits the embed at these widths
# The index page's chart is this much narrower than the window (scrollbar, body padding 2 × 16 px, figure padding
# 2 × 16 px and border 2 × 1 px), and at most INDEX_MAX_CHART px wide (body max-width 1100 px).
INDEX_CHART_INSET = SCROLLBAR_PX + 32 + 32 + 2
INDEX_MAX_CHART = 1100 - 32 - 32 - 2
NEVER = 100_000  # a switch width no window reaches: the landscape chart is never shown
MESSAGE_TYPE = "nlets-embed-height"

_VIEWBOX = re.compile(r'<svg[^>]*\bviewBox="([\d.\s-]+)"')
_FONT_SIZE = re.compile(r"font-size: ?([\d.]+)px")


@dataclass(frozen=True)
class ChartShape:
    """One chart drawing (an SVG of ``reports/figures/``): its size in SVG units and its smallest font size in the
    same units; drawn ``w`` CSS px wide, its smallest text is ``smallest_font * w / width`` px."""

    width: float
    height: float
    smallest_font: float

    @classmethod
    def of_svg(cls, svg: Path) -> ChartShape:
        """The shape of a matplotlib SVG (``svg.fonttype: none``: text is live, its sizes in the file)."""
        text = svg.read_text(encoding="utf-8")
        box = _VIEWBOX.search(text)
        sizes = [float(s) for s in _FONT_SIZE.findall(text)]
        if not box or not sizes:
            raise ValueError(f"{svg}: no viewBox or no text; not a chart drawn with live text")
        _x, _y, width, height = (float(v) for v in box.group(1).split())
        return cls(width=width, height=height, smallest_font=min(sizes))

    def min_width(self) -> int:
        """The narrowest display width (CSS px) at which the smallest text is :data:`MIN_TEXT_PX` or more.

        >>> ChartShape(576, 662.4, 7.5).min_width()
        922
        """
        return math.ceil(MIN_TEXT_PX * self.width / self.smallest_font - 1e-9)

    def height_at(self, width: float) -> float:
        """The chart's height drawn ``width`` px wide."""
        return width * self.height / self.width


@dataclass(frozen=True)
class FigureLayout:
    """A figure's landscape and portrait charts, and when each is shown."""

    name: str
    landscape: ChartShape
    portrait: ChartShape | None

    def embed_switch(self) -> int:
        """The narrowest embed (window) width that shows the landscape chart: its smallest text is then 12 px or
        more, with room for a scrollbar; never below ``PHONE_WIDTH + 1``.

        >>> FigureLayout("m", ChartShape(576, 662.4, 7.5), ChartShape(259.2, 1117.91, 10)).embed_switch()
        938
        """
        if self.portrait is None:
            return 0
        return max(PHONE_WIDTH + 1, self.landscape.min_width() + SCROLLBAR_PX)

    def index_switch(self) -> int:
        """The narrowest window at which the index page shows the landscape chart (its chart is
        ``INDEX_CHART_INSET`` px narrower than the window, and at most ``INDEX_MAX_CHART`` wide)."""
        if self.portrait is None:
            return 0
        needed = self.landscape.min_width()
        if needed > INDEX_MAX_CHART:
            return NEVER
        return max(PHONE_WIDTH + 1, needed + INDEX_CHART_INSET)

    def embed_chart_height(self, width: int) -> float:
        """The chart's height in an embed ``width`` px wide (portrait full width up to 640 px, then
        ``PORTRAIT_BAND_WIDTH`` wide up to the switch, then landscape full width)."""
        if self.portrait is None or width >= self.embed_switch():
            return self.landscape.height_at(width)
        return self.portrait.height_at(width if width <= PHONE_WIDTH else min(width, PORTRAIT_BAND_WIDTH))

    def fallback_height(self) -> int:
        """The snippet's ``height`` for readers without scripts: the embed's whole height (chart and credit line)
        at the tallest of :data:`FALLBACK_WIDTHS`.

        >>> FigureLayout("m", ChartShape(576, 662.4, 7.5), ChartShape(259.2, 1117.91, 10)).fallback_height()
        1755
        """
        return math.ceil(max(self.embed_chart_height(w) for w in FALLBACK_WIDTHS) + CREDIT_PX)

    def portrait_media(self, switch: int) -> str:
        """The ``<source media>`` that shows the portrait chart below ``switch`` px.

        >>> FigureLayout("m", ChartShape(576, 662.4, 7.5), None).portrait_media(938)
        '(max-width: 937.98px)'
        """
        return f"(max-width: {switch - 0.02:g}px)"

    def band_css(self, switch: int, selector: str) -> str:
        """CSS that draws the portrait chart ``PORTRAIT_BAND_WIDTH`` px wide between ``PHONE_WIDTH`` and ``switch``
        (``selector``: the chart's ``<img>``); empty when there is no such band."""
        if self.portrait is None or switch <= PHONE_WIDTH + 1:
            return ""
        return (f"@media (min-width: {PHONE_WIDTH + 0.02:g}px) and {self.portrait_media(switch)}"
                f"{{{selector}{{display:block;max-width:{PORTRAIT_BAND_WIDTH}px;margin-left:auto;margin-right:auto}}}}")


def entry_layout(entry: dict, reports: Path) -> FigureLayout | None:
    """A manifest figure entry's layout from its SVGs under ``reports`` (its language's: ``language_entries`` gives
    a Spanish entry the Spanish files); ``None`` when its landscape SVG is not there."""
    svgs = {f.get("role"): reports / f["path"] for f in entry.get("files", []) if f["path"].endswith(".svg")}
    landscape, portrait = svgs.get("image"), svgs.get("portrait")
    if landscape is None or not landscape.is_file():
        return None
    return FigureLayout(name=entry["name"], landscape=ChartShape.of_svg(landscape),
                        portrait=ChartShape.of_svg(portrait) if portrait is not None and portrait.is_file() else None)


def embed_id(name: str, lang: str = "en") -> str:
    """The id an embed page posts with its height: the figure's name, after ``es/`` for the Spanish embed.

    >>> embed_id("fig02-ice-block-map"), embed_id("fig02-ice-block-map", "es")
    ('fig02-ice-block-map', 'es/fig02-ice-block-map')
    """
    return name if lang == "en" else f"{lang}/{name}"


def render_embeds(reports: Path) -> list[Path]:
    """Write ``reports/embed/<figure>.html`` and, for each figure drawn in Spanish, ``reports/es/embed/<figure>.html``:
    the chart alone with its credit line, for an ``<iframe>``. Each page shows its language's chart (``../figures/``
    from its folder), links to its language's index and posts its height to the page around it."""
    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    figures = sorted((e for e in manifest["entries"] if e.get("type") == "figure"), key=lambda e: e["name"])
    rows, sources = read_citable(reports), sources_table()
    pages = _render(figures, reports, reports / "embed", "en", rows, sources)
    spanish = [e for e in language_entries(figures, "es") if e.get("language") == "es"]
    return pages + (_render(spanish, reports, reports / "es" / "embed", "es", rows, sources) if spanish else [])


def _render(entries: list[dict], reports: Path, folder: Path, lang: str, rows: list[CitableNumber],
            sources: dict[str, dict[str, str]]) -> list[Path]:
    """One embed page per figure entry in ``folder``, in ``lang``, its charts' shapes read from their SVGs, with its
    share card's meta tags."""
    template = templates(lang).get_template("embed.html.j2")
    root = "../" if lang == "en" else "../../"
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for entry in entries:
        name = entry["name"]
        out = folder / f"{name}.html"
        portrait = any(f.get("role") == "portrait" and f["path"].endswith(".svg") for f in entry.get("files", []))
        card = figure_card(entry, rows, lang, sources)
        share = meta_tags(card, entry.get("title", name), entry.get("alt_text", ""), root)
        layout = entry_layout(entry, reports)
        switch = layout.embed_switch() if layout else PHONE_WIDTH + 1
        out.write_text(template.render(
            share=share, name=name, title=entry.get("title", name), alt=entry.get("alt_text", ""), portrait=portrait,
            media=layout.portrait_media(switch) if layout else PHONE_MEDIA,
            band_css=Markup(layout.band_css(switch, "#chart img") if layout else ""),
            embed_id=embed_id(name, lang), message_type=MESSAGE_TYPE), encoding="utf-8", newline="\n")
        pages.append(out)
    return pages


# The snippet's script: one listener per page, whatever the number of snippets pasted; it sets the height of the
# iframe whose window sent the message, when the message comes from that iframe's origin, in this format.
SNIPPET_SCRIPT = (
    '<script>(function(w){if(w.nletsEmbedHeights)return;w.nletsEmbedHeights=1;'
    'w.addEventListener("message",function(e){var d=e.data;'
    'if(!d||d.type!=="' + MESSAGE_TYPE + '"||typeof d.id!=="string"||typeof d.height!=="number"'
    '||!(d.height>0&&d.height<50000))return;'
    'var f=document.querySelectorAll("iframe[data-nlets-embed]");for(var i=0;i<f.length;i++){'
    'if(f[i].getAttribute("data-nlets-embed")===d.id&&f[i].contentWindow===e.source'
    '&&new URL(f[i].src,location.href).origin===e.origin){f[i].style.height=Math.ceil(d.height)+"px"}}})})(window)'
    '</script>')


def embed_snippet(name: str, title: str, height: int, lang: str = "en") -> str:
    """The code a newsroom pastes to embed one figure: an ``<iframe>`` of its page in ``embed/`` (relative to the
    page that shows the snippet; :func:`analysis.publish.hosted.publish_site` makes it absolute) titled with the
    figure's title, ``height`` px tall without scripts, and the script that keeps it as tall as its content.

    >>> print(embed_snippet("fig02-ice-block-map", "A map & more", 700).split("<script>")[0].replace('" ', '"\\n'))
    <iframe src="embed/fig02-ice-block-map.html"
    title="A map &amp; more"
    data-nlets-embed="fig02-ice-block-map"
    width="100%"
    height="700"
    style="border:0;width:100%"
    loading="lazy"></iframe>
    <BLANKLINE>
    """
    return (f'<iframe src="embed/{esc(name)}.html" title="{esc(title)}" '
            f'data-nlets-embed="{esc(embed_id(name, lang))}" '
            f'width="100%" height="{int(height)}" style="border:0;width:100%" loading="lazy"></iframe>\n'
            + SNIPPET_SCRIPT)
