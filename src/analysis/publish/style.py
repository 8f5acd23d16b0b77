"""The house style for every chart in ``reports/``: one font, one palette, one frame.

Figures are plain :class:`matplotlib.figure.Figure` objects on an Agg canvas (no pyplot state, no GUI backend), so
they draw the same in a script, a test or a notebook. :func:`frame` puts the title, subtitle, caveat note, bounds
note, source line and credit on the figure; :func:`analysis.publish.export_figures.export_figure` refuses figures
without it.

Every text the frame adds carries a ``gid`` (``title``, ``subtitle``, ``caveat-note``, ``bounds-note``,
``modelled-label``, ``synthetic-label``, ``source-line``, ``credit``) so tests and the exporter can find it, and
so it is addressable in the SVG.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.catalog_marks import N_, NC_
from analysis.publish.caveats import CHART_NOTE
from analysis.sources.tables import load_sources, require_citable

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
# A neutral for context (the "everything else" mass) and for text; not a data colour.
NEUTRAL = "#BBBBBB"
TEXT = "#222222"
MUTED_TEXT = "#555555"

# Semantic colours, used by every notebook so that ICE is always the same colour.
GROUP_COLOURS: dict[str, str] = {
    "ICE": OKABE_ITO["vermillion"],
    "HSI": OKABE_ITO["blue"],
    "ICE + HSI": OKABE_ITO["reddish purple"],
    "All other requesters": NEUTRAL,
    "All requesters": OKABE_ITO["black"],
}

FONT_FAMILY = "DejaVu Sans"  # ships inside matplotlib: available offline on every machine
SVG_HASHSALT = "nlets-analysis"
CAVEAT_NOTE = CHART_NOTE  # the caveat a chart of query counts carries (analysis.publish.caveats)
PROJECT_NAME = "nlets-analysis"
DEFAULT_CREDIT = "Chart: nlets-analysis."  # credit_line("en"): what frame() prints unless a chart names another

HOUSE_RC: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 10,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED_TEXT,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(OKABE_ITO.values())[1:] + [OKABE_ITO["black"]]),
    "xtick.color": MUTED_TEXT,
    "ytick.color": MUTED_TEXT,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    # Deterministic files: fixed ids in SVG. Text stays live text (a graphics desk can edit a title or a credit
    # line); the font is named with a generic fallback.
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,  # TrueType: text stays editable in a newsroom's graphics software
}

# Figure-frame typography, in points.
_TITLE_PT, _SUBTITLE_PT, _NOTE_PT = 15, 12, 11
_MARGIN_IN = 0.25


@dataclass(frozen=True)
class Layout:
    """The size and type sizes a chart is drawn at. Every chart is drawn twice by the same code: ``LANDSCAPE`` for
    wide screens and print, ``PORTRAIT`` for phones (a narrow figure with large type; written beside the landscape
    files as ``<name>-portrait.*`` and served with ``<picture>`` at 640 px and below). ``min_pt`` is the smallest
    type the layout allows, so that text is at least 12 px where the image is shown: the portrait at 3.6 in shown
    320 px wide, 10 pt is 12.3 px; the landscape at 8 in shown 641 px wide (the narrowest screen it is served to),
    11 pt is 12.2 px.

    >>> [round(layout.min_pt * px / (layout.width_in * 72), 1) for layout, px in ((PORTRAIT, 320), (LANDSCAPE, 641))]
    [12.3, 12.2]
    """

    name: str
    width_in: float
    title_pt: float
    subtitle_pt: float
    note_pt: float
    label_pt: float  # text drawn on the plot: labels, tick labels, legends
    min_pt: float = 0.0
    em_per_char: float = 0.58  # average character width used to wrap the frame's texts

    @property
    def portrait(self) -> bool:
        return self.name == "portrait"


LANDSCAPE = Layout("landscape", 8.0, _TITLE_PT, _SUBTITLE_PT, _NOTE_PT, 11.0, min_pt=11.0)
PORTRAIT = Layout("portrait", 3.6, 13.5, 11.0, 10.0, 10.5, min_pt=10.0, em_per_char=0.52)
PORTRAIT_SUFFIX = "-portrait"


def fit_layout(fig: Figure, layout: Layout) -> Figure:
    """Give every text on ``fig`` at least ``layout.min_pt`` (tick labels made later too) and return ``fig``: the
    last step of drawing a chart in a layout with a type floor.

    >>> fig, ax = new_figure(3.6, 4)
    >>> _ = ax.text(0, 0, "small", fontsize=6)
    >>> min(t.get_fontsize() for t in fit_layout(fig, PORTRAIT).findobj(Text) if t.get_text())
    10.0
    """
    if not layout.min_pt:
        return fig
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            size = max(layout.label_pt, layout.min_pt)
            ax.tick_params(axis="x" if axis is ax.xaxis else "y", labelsize=size)
    for text in fig.findobj(Text):
        if text.get_fontsize() < layout.min_pt:
            text.set_fontsize(layout.min_pt)
    return fig


def smallest_text_pt(fig: Figure) -> float:
    """The smallest font size of any non-empty text on ``fig``, tick labels included (as drawn)."""
    fig.canvas.draw()
    return min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible())


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house rcParams inside a ``with`` block (global settings are restored afterwards).

    >>> with house_style():
    ...     matplotlib.rcParams["svg.hashsalt"]
    'nlets-analysis'
    """
    with matplotlib.rc_context(HOUSE_RC):
        yield


def apply_house_style() -> None:
    """Apply the house rcParams globally (for notebooks that draw with pyplot or seaborn)."""
    matplotlib.rcParams.update(HOUSE_RC)


def new_figure(width_in: float = 8.0, height_in: float = 5.0, *, nrows: int = 1, ncols: int = 1) -> tuple[Figure, Axes]:
    """A house-styled figure on an Agg canvas and its axes (an array when ``nrows * ncols > 1``).

    >>> fig, ax = new_figure(6, 4)
    >>> type(fig.canvas).__name__, fig.get_size_inches().tolist()
    ('FigureCanvasAgg', [6.0, 4.0])
    """
    with house_style():
        fig = Figure(figsize=(width_in, height_in))
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=True)
    return fig, axes


def source_line(source_ids: Sequence[str], lang: str = "en") -> str:
    """The short source line printed under a chart, built from ``data/raw/sources.csv`` (publisher and date), in
    ``lang`` (publishers' names and ISO dates as written).

    >>> source_line(["reuters-2025-11-12"]), source_line(["reuters-2025-11-12"], "es")
    ('Source: Reuters (Raphael Satter), 2025-11-12.', 'Fuente: Reuters (Raphael Satter), 2025-11-12.')
    """
    from analysis.publish.figures.words import figure_words

    _ = figure_words(lang)
    if not source_ids:
        raise ValueError("a chart needs at least one source id")
    sources = load_sources().set_index("source_id")
    unknown = [s for s in source_ids if s not in sources.index]
    if unknown:
        raise KeyError(f"unknown source ids {unknown} (not in data/raw/sources.csv)")
    require_citable(list(source_ids), "a chart's credit line")
    parts = []
    for source_id in dict.fromkeys(source_ids):  # keep order, drop repeats
        row = sources.loc[source_id]
        date = row["published"] if pd.notna(row["published"]) else _("date not stated")
        parts.append(f"{publisher_words(str(row['publisher']), lang)}, {date}")
    label = _("Source") if len(parts) == 1 else _("Sources")
    return f"{label}: " + "; ".join(parts) + "."


def credit_line(lang: str = "en") -> str:
    """The credit a newspaper prints under a chart, after its source line ("Source: …"): who drew it, in ``lang``.

    >>> credit_line(), credit_line("es")
    ('Chart: nlets-analysis.', 'Gráfico: nlets-analysis.')
    """
    from analysis.publish.figures.words import figure_words

    _ = figure_words(lang)
    return _("Chart: %(project)s.") % {"project": PROJECT_NAME}


def publisher_words(publisher: str, lang: str = "en") -> str:
    """A publisher as ``data/raw/sources.csv`` names it, with the words around the name (a copy read, a quotation)
    in ``lang``: the one place a publisher's name is put into another language.

    >>> publisher_words("Washington State Standard (republished by Daily Fly)", "es")
    'Washington State Standard (republicado por Daily Fly)'
    """
    if lang == "en":
        return publisher
    from analysis.publish.i18n import translator

    _ = translator(lang)
    for english in _COPY_WORDS:
        if english in publisher:
            publisher = publisher.replace(english, _(english))
    return publisher


# The English words around publishers' names in ``data/raw/sources.csv`` (a copy read, a quotation), longest first:
# each is a catalog message (marked here for extraction).
_COPY_WORDS = (
    N_("republishing an Iowa Capital Dispatch report (Stateline text)"),
    N_("interview with KING 5 reporter"),
    N_("appears to translate KING 5 reporting"),
    N_("research note summarising a lawsuit"),
    N_("immigrant advocacy organisation"),
    N_("copy in a Usenet forum mirror"),
    N_("quoting the Census Bureau release"),
    N_("quoting a DHS press release"),
    N_("bill text, read on Legiplex"),
    N_("republication; original publisher not identified"),
    N_("Buttondown newsletter"),
    N_("), press release"),
    N_("republished by"),
    N_("(mirror)"),
    N_(" via "),
)


def title_words(title: str, lang: str = "en") -> str:
    """A source's title as ``data/raw/sources.csv`` gives it, with the project's own words in it (a note such as
    "(press release)", or a title written for an untitled or non-English source) in ``lang``; the source's own
    words stay as published.

    >>> title_words("Exclusive: A Washington state agency is sharing drivers' private data with ICE (KING 5; "
    ...             "mirrored copy)", "es").endswith("(KING 5; copia espejo)")
    True
    """
    if lang == "en":
        return title
    from analysis.publish.i18n import translate

    for english in _TITLE_WORDS:
        if english in title:
            title = title.replace(english, translate("source-title", english, lang))
    return title


# The project's words inside titles of ``data/raw/sources.csv`` (catalog messages, msgctxt "source-title").
_TITLE_WORDS = (
    NC_("source-title", "CoastTV News report on the 2025-11-12 letter to Delaware Gov. Matt Meyer (headline not in "
                        "the copy read)"),
    NC_("source-title", "Tagalog-language report on the UWCHR findings quoting the DOL/WSP joint statement"),
    NC_("source-title", " (AP; headline paraphrased from the copy's address)"),
    NC_("source-title", " (Stateline, Jonathan Shorman; title as on other republications)"),
    NC_("source-title", " (KATU text, read in a Usenet repost)"),
    NC_("source-title", " (KING 5; mirrored copy)"),
    NC_("source-title", " (driver's licences for undocumented immigrants)"),
    NC_("source-title", " (press release)"),
)


def _wrap(text: str, width_in: float, points: float, em_per_char: float = 0.58) -> list[str]:
    # DejaVu Sans averages about 0.55 em per character; wrap a little early rather than overflow.
    chars = max(20, int(width_in * 72 / (points * em_per_char)))
    return textwrap.wrap(text, chars) or [""]


def _em(layout: Layout, weight: str) -> float:
    """Bold type is wider: never wrap it tighter than the landscape measure."""
    return max(layout.em_per_char, 0.58) if weight == "bold" else layout.em_per_char


def frame(
    fig: Figure,
    *,
    title: str,
    source_ids: Sequence[str],
    subtitle: str | None = None,
    note: str = CAVEAT_NOTE,
    bounds_note: str | None = None,
    kinds: Iterable[str] = ("published",),
    modelled_note: str | None = None,
    credit: str = DEFAULT_CREDIT,
    layout: Layout = LANDSCAPE,
    plot_height_in: float | None = None,
    lang: str = "en",
) -> Figure:
    """Put the house frame on ``fig``: title and subtitle above the plot; caveat, bounds note, modelled/synthetic
    labels, source line and credit below it. Reserves the space by moving the subplots. Returns ``fig``.

    When ``kinds`` contains ``modelled`` the figure is labelled as showing modelled numbers (``modelled_note`` says
    which); when it contains ``synthetic`` it is labelled as synthetic test data. Type sizes come from ``layout``;
    with ``plot_height_in`` the figure's height is set to the frame's texts plus that much room for the plot (a
    portrait chart grows as its wrapped texts need). ``lang`` is the language of the frame's own words (the
    default caveat and credit, the modelled and synthetic labels, the source line); the caller passes the other
    texts in that language.

    >>> fig, ax = new_figure()
    >>> _ = frame(fig, title="T", source_ids=["reuters-2025-11-12"])
    >>> sorted(t.get_gid() for t in fig.texts)
    ['caveat-note', 'credit', 'source-line', 'title']
    """
    from analysis.publish.figures.words import figure_words

    _ = figure_words(lang)
    if note == CAVEAT_NOTE:
        note = _("Counts are queries, not people.")
    if credit == DEFAULT_CREDIT:
        credit = credit_line(lang)
    kinds = set(kinds)
    width_in = fig.get_size_inches()[0]
    text_width = width_in - 2 * _MARGIN_IN
    x = _MARGIN_IN / width_in

    def lines_height(n: int, points: float) -> float:
        return n * points * 1.3 / 72

    header = []
    for gid, text, points, weight, colour in (
        ("title", title, layout.title_pt, "bold", TEXT),
        ("subtitle", subtitle, layout.subtitle_pt, "normal", MUTED_TEXT),
    ):
        if text:
            header.append((gid, _wrap(text, text_width, points, _em(layout, weight)), points, weight, colour))
    footer: list[tuple[str, str, str, str]] = [("caveat-note", note, TEXT, "bold")]
    if bounds_note:
        footer.append(("bounds-note", bounds_note, TEXT, "normal"))
    if "modelled" in kinds:
        label = (_("Modelled numbers shown: %(note)s") % {"note": modelled_note} if modelled_note
                 else _("Modelled numbers shown; they are estimates, not counts."))
        footer.append(("modelled-label", label, OKABE_ITO["vermillion"], "bold"))
    if "synthetic" in kinds:
        footer.append(("synthetic-label", _("SYNTHETIC TEST DATA: not real counts, not for publication."),
                       OKABE_ITO["vermillion"], "bold"))
    footer.append(("source-line", source_line(source_ids, lang), MUTED_TEXT, "normal"))
    footer.append(("credit", credit, MUTED_TEXT, "normal"))
    footer_lines = [(gid, _wrap(text, text_width, layout.note_pt, _em(layout, weight)), colour, weight)
                    for gid, text, colour, weight in footer]
    top_in = _MARGIN_IN + sum(lines_height(len(lines), points) + 0.06 for _, lines, points, _, _ in header)
    bottom_in = _MARGIN_IN + sum(lines_height(len(lines), layout.note_pt) + 0.04 for _, lines, _, _ in footer_lines)
    if plot_height_in is None:  # the plot keeps at least half the height it was drawn for: long notes grow the figure
        height = fig.get_size_inches()[1]
        plot_height_in = max(height - top_in - 0.25 - 0.55 - bottom_in, 0.5 * height)
    fig.set_size_inches(width_in, top_in + 0.25 + plot_height_in + 0.55 + bottom_in)
    height_in = fig.get_size_inches()[1]

    with house_style():
        top = _MARGIN_IN
        for gid, lines, points, weight, colour in header:
            fig.text(x, 1 - top / height_in, "\n".join(lines), gid=gid, fontsize=points, fontweight=weight,
                     color=colour, ha="left", va="top", linespacing=1.15)
            top += lines_height(len(lines), points) + 0.06
        bottom = _MARGIN_IN
        for gid, lines, colour, weight in reversed(footer_lines):
            fig.text(x, bottom / height_in, "\n".join(lines), gid=gid, fontsize=layout.note_pt, color=colour,
                     fontweight=weight, ha="left", va="bottom", linespacing=1.15)
            bottom += lines_height(len(lines), layout.note_pt) + 0.04

    # Leave room for tick labels and axis labels between the plot and the frame texts.
    fig.subplots_adjust(
        left=max(fig.subplotpars.left, 0.08),
        top=1 - (top + 0.25) / height_in,
        bottom=(bottom + 0.55) / height_in,
    )
    return fig


def frame_texts(fig: Figure) -> dict[str, str]:
    """The frame's texts on ``fig`` by gid (empty when :func:`frame` was not applied).

    >>> fig, ax = new_figure()
    >>> frame_texts(frame(fig, title="T", source_ids=["reuters-2025-11-12"]))["title"]
    'T'
    """
    return {t.get_gid(): t.get_text() for t in fig.texts if t.get_gid()}
