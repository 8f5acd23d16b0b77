"""Share cards: the 1200×630 PNG a social network or a chat app shows when a page is linked (Open Graph / Twitter),
one for the index, one per figure and one per state page, in English and Spanish, and the ``<meta>`` tags that name
them.

A card says the page's headline fact with its bound in words ("More than 290 million" / "Más de 290 millones",
from the citable row the page already prints) and the source credit; a figure's card shows the chart beside it. The
cards are drawn at build time into ``reports/cards/`` and ``reports/es/cards/`` (byte for byte the same each run), so
``build --check`` covers them; ``publish`` only makes their addresses absolute.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

from markupsafe import Markup

from analysis.publish.citable_numbers import KIT_IDS, CitableNumber, read_citable
from analysis.publish.i18n import LANGUAGES, gettext, ngettext
from analysis.publish.prose import with_bound
from analysis.publish.site_shared import N_, printed_value, sources_table
from analysis.publish.style import FONT_FAMILY, MUTED_TEXT, OKABE_ITO, TEXT, publisher_words
from analysis.publish.text.qualifiers import bounded_es, published_words

if TYPE_CHECKING:
    from PIL import Image

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # px: the size Open Graph and X (Twitter) show as a large image
_DPI = 100
CARDS = "cards"
CARDS_ENTRY = "share-cards"
SITE_NAME = N_("Nlets DMV queries: what the October 2025 disclosure says")
SOURCE_CREDIT = N_("Source: %(sources)s")
CREDITED = 3  # sources named on a card; the page cites them all
STATE_KICKER = N_("ICE's access to DMV records through Nlets, as on record")
STATE_FACT = N_("As of its last report (%(date)s)")
CARD_ALT = N_("Share card: %(text)s")
_LOCALES = {"en": "en_US", "es": "es_US"}
_INK, _MUTED, _ACCENT, _RULE = TEXT, MUTED_TEXT, OKABE_ITO["blue"], "#DDDDDD"


@dataclass(frozen=True)
class Card:
    """One share card: where it is written (``path``, relative to ``reports/``), its language, and what it says:
    a small line on top (``kicker``), the fact with its bound (``headline``, empty where the page has no single
    number), the sentence that says it (``text``), the source credit, and the chart shown beside it (``image``,
    relative to ``reports/``), if any."""

    path: str
    lang: str
    kicker: str
    headline: str
    text: str
    credit: str
    source_ids: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    image: str = ""

    @property
    def alt(self) -> str:
        """The card's text in one line, for ``og:image:alt``."""
        parts = [self.kicker, self.headline, self.text, self.credit]
        return gettext(CARD_ALT, self.lang) % {"text": " ".join(p.rstrip(".:") + "." for p in parts if p)}


def card_path(lang: str, *parts: str) -> str:
    """A card's path relative to ``reports/``: ``cards/…`` in English, ``<lang>/cards/…`` else.

    >>> card_path("en", "index.png"), card_path("es", "states", "CA.png")
    ('cards/index.png', 'es/cards/states/CA.png')
    """
    return "/".join(([] if lang == "en" else [lang]) + [CARDS, *parts])


def bounded_fact(row: CitableNumber, lang: str) -> str:
    """A citable row's printed value with its bound in words, as a card's headline, from the row itself (no new
    number): a published number's bound as its source words it (:func:`analysis.publish.text.qualifiers.
    published_words`: "over 290 million" is "More than", as the row's sentence says), any other's the bound words
    of :func:`analysis.publish.prose.with_bound`, in Spanish :func:`analysis.publish.text.qualifiers.bounded_es`.

    >>> row = CitableNumber(id="x", value=290_000_000, formatted_value="290 million", bound="at least",
    ...                     kind="published", sentence="s", sentence_es="s", source_ids="a")
    >>> bounded_fact(row, "en"), bounded_fact(row, "es")
    ('More than 290 million', 'Más de 290 millones')
    >>> derived = CitableNumber(id="y", value=289_102_770, formatted_value="289,102,770", bound="at least",
    ...                         kind="derived", sentence="s", sentence_es="s", source_ids="a")
    >>> bounded_fact(derived, "en"), bounded_fact(derived, "es")
    ('At least 289,102,770', 'Al menos 289,102,770')
    """
    printed = printed_value(row.formatted_value, row.value, lang)
    if row.kind == "published":
        text = published_words(printed, row.bound, lang)
    else:
        text = with_bound(printed, row.bound) if lang == "en" else bounded_es(printed, row.bound)
    return text[:1].upper() + text[1:]


def credit(source_ids: Iterable[str], lang: str, sources: Mapping[str, Mapping[str, str]]) -> str:
    """"Source: publisher, date" for each source, dates in AP style (Spanish in words), as precise as the source.

    >>> credit(["a"], "en", {"a": {"publisher": "P", "published": "2025-11-12"}})
    'Source: P, Nov. 12, 2025'
    >>> credit(["a"], "es", {"a": {"publisher": "P (republished by Q)", "published": "2025-11-12"}})
    'Fuente: P (republicado por Q), 12 de noviembre de 2025'
    """
    from analysis.publish.text.attribution import ap_date

    named = [f"{publisher_words(sources[i]['publisher'], lang)}, {ap_date(sources[i]['published'], lang)}"
             if sources[i].get("published") else publisher_words(sources[i]["publisher"], lang)
             for i in dict.fromkeys(source_ids) if i in sources]
    shown = "; ".join(named[:CREDITED])
    if len(named) > CREDITED:
        more = len(named) - CREDITED
        shown = ngettext("%(sources)s and %(num)d more (its citation on the page)",
                         "%(sources)s and %(num)d more (their citations on the page)", more, lang) % {
            "sources": shown, "num": more}
    return gettext(SOURCE_CREDIT, lang) % {"sources": shown}


def _sentence(row: CitableNumber, lang: str) -> str:
    return row.sentence if lang == "en" else row.sentence_es


def index_card(rows: Sequence[CitableNumber], lang: str, sources: Mapping[str, Mapping[str, str]]) -> Card:
    """The index page's card: the story kit's first fact (the disclosure's total)."""
    by_id = {r.id: r for r in rows}
    row = next(by_id[i] for i in KIT_IDS if i in by_id)
    return Card(path=card_path(lang, "index.png"), lang=lang, kicker=gettext(SITE_NAME, lang),
                headline=bounded_fact(row, lang), text=_sentence(row, lang),
                credit=credit(row.source_ids, lang, sources), source_ids=row.source_ids, kinds=(row.kind,))


def figure_card(entry: Mapping, rows: Sequence[CitableNumber], lang: str,
                sources: Mapping[str, Mapping[str, str]]) -> Card:
    """A figure's card (``entry`` as :func:`analysis.publish.manifest.language_entries` gives it in ``lang``): its
    title, its first key number that is a citable row (with that row's sentence and sources) and the chart. A
    chart none of whose key numbers is citable shows its title and chart, credited to the chart's sources."""
    by_id = {r.id: r for r in rows}
    row = next((by_id[k["id"]] for k in entry.get("key_numbers", []) if k.get("id") in by_id), None)
    image = next((f["path"] for f in entry.get("files", []) if f.get("role") == "image"
                  and f["path"].endswith(".png")), "")
    title = entry.get("title", entry["name"])
    if row is None:
        ids = tuple(entry.get("source_ids", ()))
        return Card(path=card_path(lang, f"{entry['name']}.png"), lang=lang, kicker=title, headline="", text="",
                    credit=credit(ids, lang, sources), source_ids=ids, kinds=tuple(entry.get("kinds", ())),
                    image=image)
    return Card(path=card_path(lang, f"{entry['name']}.png"), lang=lang, kicker=title,
                headline=bounded_fact(row, lang), text=_sentence(row, lang),
                credit=credit(row.source_ids, lang, sources), source_ids=row.source_ids, kinds=(row.kind,),
                image=image)


def state_card(record: Mapping, lang: str, sources: Mapping[str, Mapping[str, str]]) -> Card:
    """A state page's card: ICE's access as of the jurisdiction's own last report, credited to that report
    (``s.last_source_id``); ``record`` is :func:`analysis.publish.site_states.state_pages_data`'s, in ``lang``."""
    from analysis.publish.text.attribution import ap_date

    s = record["s"]
    source_id = s["last_source_id"]
    return Card(path=card_path(lang, "states", f"{s['usps']}.png"), lang=lang,
                kicker=gettext(STATE_KICKER, lang), headline=f"{s['name']} ({s['usps']})",
                text=(gettext(STATE_FACT, lang) % {"date": ap_date(s["last_date"], lang)}) + ": " + s["status_now"],
                credit=credit([source_id], lang, sources), source_ids=(source_id,), kinds=("published",))


def meta_tags(card: Card, title: str, description: str, root: str) -> Markup:
    """The Open Graph and Twitter ``<meta>`` tags of a page whose card is ``card``; ``root`` is the path from the
    page to ``reports/`` (the image address stays relative: ``reports/`` is the offline copy, and ``publish``
    makes it absolute).

    >>> card = Card(path="cards/index.png", lang="en", kicker="K", headline="H", text="T.", credit="Source: S",
    ...             source_ids=("s",))
    >>> 'property="og:image" content="../cards/index.png"' in meta_tags(card, "Title", "D", "../")
    True
    """
    tags = [("property", "og:type", "website"), ("property", "og:locale", _LOCALES.get(card.lang, card.lang)),
            ("property", "og:title", title), ("property", "og:description", description),
            ("property", "og:image", root + card.path), ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(CARD_WIDTH)), ("property", "og:image:height", str(CARD_HEIGHT)),
            ("property", "og:image:alt", card.alt), ("name", "twitter:card", "summary_large_image")]
    return Markup("").join(Markup('<meta {}="{}" content="{}">').format(a, n, v) for a, n, v in tags)


# --- drawing -------------------------------------------------------------------------------------------------------

@cache
def _thumbnail(path: Path) -> Image.Image:
    """A chart's PNG scaled into the card's chart box (once per chart and run)."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        image.thumbnail((560, 500), Image.Resampling.LANCZOS)
        return image


@cache
def _layer(text: str, size: float, colour: str, bold: bool) -> Image.Image:
    """``text`` (already wrapped) drawn by matplotlib in the house font on a transparent layer, cropped to its ink;
    drawn once per distinct text and size in a run (state cards share most of theirs)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    lines = text.split("\n")
    width = int(max(_text_width(line, size, bold) for line in lines) * 1.05 + 40)
    height = int(len(lines) * size * _DPI / 72 * 1.5 + 40)
    fig = Figure(figsize=(width / _DPI, height / _DPI), dpi=_DPI)
    fig.patch.set_alpha(0)
    canvas = FigureCanvasAgg(fig)
    fig.text(0, 1, text, fontsize=size, color=colour, fontweight="bold" if bold else "normal", va="top", ha="left",
             linespacing=1.25, family=FONT_FAMILY)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba()).copy()
    ink = np.nonzero(pixels[..., 3])
    bottom, right = (ink[0].max() + 1, ink[1].max() + 1) if ink[0].size else (1, 1)
    return Image.fromarray(pixels[:bottom, :right], "RGBA")


@cache
def _advance(char: str, bold: bool) -> float:
    """How far ``char`` advances the pen in the house font at 100 pt on the cards (px); widths scale with size."""
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(findfont(FontProperties(family=FONT_FAMILY, weight="bold" if bold else "normal")))
    font.set_size(100, _DPI)
    return font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536


def _text_width(line: str, size: float, bold: bool) -> float:
    """The width of one line in the house font at ``size`` points (px), glyph by glyph, with 3% to spare for
    kerning."""
    return sum(_advance(c, bold) for c in line) * size / 100 * 1.03


def _wrapped(text: str, width_px: int, size: float, bold: bool) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width_px`` in the house font."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size, bold) <= width_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fitted(text: str, width_px: int, height_px: float, sizes: Sequence[float], colour: str,
            bold: bool = False) -> Image.Image:
    """The layer of ``text`` at the largest of ``sizes`` at which, wrapped to ``width_px``, it fits ``height_px``
    (the smallest size otherwise)."""
    for size in sizes:
        lines = _wrapped(text, width_px, size, bold)
        if len(lines) * size * _DPI / 72 * 1.25 * 1.17 <= height_px:
            break
    return _layer("\n".join(lines), size, colour, bold)


@cache
def _template() -> Image.Image:
    """What every card shares: white, with the house blue bar at the left edge."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 13, CARD_HEIGHT), fill=_ACCENT)
    return image


def card_image(card: Card, reports: Path) -> Image.Image:
    """``card`` as a 1200×630 image: kicker, headline, sentence and credit stacked on the left (the whole width
    without a chart), the chart on the right."""
    from PIL import ImageDraw

    image = _template().copy()
    left, right = 56, (640 if card.image else CARD_WIDTH - 56)
    width = right - left
    credit_layer = _fitted(card.credit, CARD_WIDTH - 2 * left, 64, (17, 15, 13), _MUTED)
    floor = CARD_HEIGHT - 30 - credit_layer.height - 20  # the lowest pixel the text above the credit may use
    y = 40
    blocks = [(card.kicker, 100, (24, 21, 18, 16), _MUTED, True),
              (card.headline, 150, (60, 50, 42, 34), _INK, True)]
    for text, box, sizes, colour, bold in blocks:
        if text:
            layer = _fitted(text, width, box, sizes, colour, bold)
            image.paste(layer, (left, y), layer)
            y += layer.height + 22
    if card.text:
        layer = _fitted(card.text, width, floor - y, (26, 23, 20, 18, 16, 14, 12), _INK)
        image.paste(layer, (left, y), layer)
        y += layer.height
    if y > floor + 22 or (card.text and y > floor):
        raise ValueError(f"{card.path}: the card's text does not fit above its credit line; shorten it")
    image.paste(credit_layer, (left, CARD_HEIGHT - 30 - credit_layer.height), credit_layer)
    if card.image:
        chart = _thumbnail(reports / card.image)
        x0, y0 = CARD_WIDTH - 40 - chart.width, 40 + (floor - 40 - chart.height) // 2
        image.paste(chart, (x0, y0))
        ImageDraw.Draw(image).rectangle((x0 - 1, y0 - 1, x0 + chart.width, y0 + chart.height), outline=_RULE)
    return image


def draw_card(card: Card, reports: Path) -> Path:
    """Draw ``card`` to ``reports/<card.path>``: a 1200×630 PNG in 128 colours (flat text and chart colours; a
    quarter of the bytes), with no date or software version in the file, byte for byte the same each run."""
    from PIL import Image

    out = reports / card.path
    out.parent.mkdir(parents=True, exist_ok=True)
    image = card_image(card, reports).quantize(128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    image.save(out, format="PNG")
    return out


# --- all the site's cards ------------------------------------------------------------------------------------------

def site_cards(reports: Path) -> list[Card]:
    """Every page's card in every language, from ``reports/manifest.json``, ``tables/citable_numbers.csv`` and the
    state pages' records: the index, each figure (its embed page), each state page."""
    from analysis.publish.manifest import language_entries
    from analysis.publish.site_states import state_pages_data

    manifest = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    figures = sorted((e for e in manifest["entries"] if e.get("type") == "figure"), key=lambda e: e["name"])
    rows = read_citable(reports)
    sources = sources_table()
    cards = []
    for lang in LANGUAGES:
        cards.append(index_card(rows, lang, sources))
        cards += [figure_card(e, rows, lang, sources) for e in language_entries(figures, lang)]
        for record in state_pages_data(reports, spanish=lang != "en"):
            cards.append(state_card(record, lang, sources))
    return cards


def write_cards(reports: Path) -> list[Path]:
    """Draw every card (:func:`site_cards`) into ``reports/`` and list them in the manifest (entry
    ``share-cards``, role ``card``); return the files written."""
    from analysis.publish.export_checks import cited_sources, require_citable_sources
    from analysis.publish.manifest import file_record, upsert_entries

    cards = site_cards(reports)
    for card in cards:  # a card's credit, like a chart's, rests on primary, press or reference sources only
        require_citable_sources(list(card.source_ids), f"share card {card.path}")
    written = [draw_card(card, reports) for card in cards]
    ids, cited = cited_sources(sorted({i for c in cards for i in c.source_ids}))
    upsert_entries([{
        "name": CARDS_ENTRY, "type": "share-cards", "title": "Share cards (Open Graph / Twitter), 1200×630 PNG",
        "alt_text": "", "alt_text_es": "", "description": "One card per page (the index, each figure's embed page, "
        "each state page) in English and Spanish: the page's headline fact with its bound, and the source credit.",
        "files": [file_record(p, "card") for p in sorted(written)], "key_numbers": [], "source_ids": ids,
        "sources": cited, "kinds": sorted({k for c in cards for k in c.kinds}), "bounds_note": None,
        "notebook": None, "notebooks": [], "columns": [], "language": "en", "translations": [],
    }])
    return written
