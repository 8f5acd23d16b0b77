"""A U.S. tile-grid map drawn with matplotlib: one equal square per state, DC and territory, no shape files.

The layout lives in ``vocab/us_tile_grid.csv`` (``usps,row,col``; row 0 at the top): the 50 states and DC in their
usual tile-map places, the five territories on a row of their own below.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from importlib import resources

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from analysis.publish.style import NEUTRAL, TEXT

_GAP = 0.08  # white space between tiles, in tile widths
_TERRITORY_DROP = 0.5  # extra space above the territories' row, in tile heights


def load_tile_grid() -> pd.DataFrame:
    """The tile positions: ``usps``, ``row``, ``col``, one row per jurisdiction.

    >>> grid = load_tile_grid().set_index("usps")
    >>> len(grid), tuple(grid.loc["WA", ["row", "col"]])
    (56, (2, 0))
    """
    with resources.files("analysis").joinpath("vocab/us_tile_grid.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype={"usps": "str", "row": "int64", "col": "int64"})


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 black, 1 white).

    >>> relative_luminance("#000000"), relative_luminance("#FFFFFF")
    (0.0, 1.0)
    """
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour.lstrip("#")[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours, 1 to 21 (text needs 4.5).

    >>> round(contrast_ratio("#FFFFFF", "#000000"), 1), round(contrast_ratio("#222222", "#4A94D0"), 2)
    (21.0, 4.88)
    """
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_colour(hex_colour: str) -> str:
    """White or the house text colour, whichever has the higher WCAG contrast on a fill colour.

    >>> _text_colour("#000000"), _text_colour("#F0E442"), _text_colour("#4A94D0")
    ('#FFFFFF', '#222222', '#222222')
    """
    return max(("#FFFFFF", TEXT), key=lambda text: contrast_ratio(text, hex_colour))


def draw_tile_map(
    ax: Axes,
    category: Mapping[str, str] | pd.Series,
    colours: Mapping[str, str],
    *,
    marked: Collection[str] = (),
    mark_label: str | None = None,
    territories_label: str = "Territories",
    hatches: Mapping[str, str] | None = None,
    edges: Mapping[str, str] | None = None,
    fontsize: float = 8.5,
    sublabels: Mapping[str, str] | None = None,
    sublabel_size: float | None = None,
) -> list[Artist]:
    """Draw one tile per jurisdiction on ``ax``, filled by its category's colour, and return legend handles.

    ``category`` maps a USPS code to a key of ``colours`` (missing codes are drawn in the neutral grey);
    ``marked`` codes get a small dot in the corner above their code, explained by ``mark_label`` in the legend. ``hatches``
    gives some categories a hatch pattern (drawn in white, kept off the letters by a patch of the fill behind them)
    and ``edges`` an outline colour (for a white fill), in the tiles and the legend alike. ``sublabels`` puts a
    small second line under a tile's code (``sublabel_size`` points, default ``fontsize`` less 1.5). Tile text is
    white or the house text colour, whichever has the higher contrast on the fill (:func:`contrast_ratio`).
    """
    hatches, edges, sublabels = dict(hatches or {}), dict(edges or {}), dict(sublabels or {})
    grid = load_tile_grid()
    category = pd.Series(category)
    rows = int(grid["row"].max())
    for tile in grid.itertuples():
        fill = colours.get(category.get(tile.usps), NEUTRAL)
        y = rows - tile.row - (_TERRITORY_DROP if tile.row == rows else 0)
        cat = category.get(tile.usps)
        ax.add_patch(Rectangle((tile.col + _GAP / 2, y + _GAP / 2), 1 - _GAP, 1 - _GAP, facecolor=fill,
                               edgecolor=edges.get(cat, "white" if cat in hatches else "none"), linewidth=0.8,
                               hatch=hatches.get(cat), gid=f"tile-box-{tile.usps}"))
        ink = _text_colour(fill)
        # on a hatched tile the letters sit on a patch of the plain fill, so no hatch line crosses them
        box = dict(boxstyle="square,pad=0.04", facecolor=fill, edgecolor="none") if cat in hatches else None
        sub = sublabels.get(tile.usps)
        ax.text(tile.col + 0.5, y + (0.64 if sub else 0.42), tile.usps, ha="center", va="center", fontsize=fontsize,
                fontweight="bold", color=ink, bbox=box, gid=f"tile-{tile.usps}")
        if sub:
            ax.text(tile.col + 0.5, y + 0.28, sub, ha="center", va="center", color=ink, bbox=box,
                    fontsize=sublabel_size if sublabel_size is not None else fontsize - 1.5,
                    gid=f"tile-label-{tile.usps}")
        if tile.usps in marked:  # in the top right corner, above the code's letters
            ax.plot(tile.col + 0.86, y + 0.86, marker="o", markersize=2.4, color=ink, linestyle="none",
                    gid=f"tile-mark-{tile.usps}")
    ax.text(0.04, 1 - _TERRITORY_DROP + 0.02, territories_label, fontsize=fontsize - 1, color=TEXT, va="bottom", ha="left")
    ax.set_xlim(-0.1, int(grid["col"].max()) + 1.1)
    ax.set_ylim(-_TERRITORY_DROP - 0.1, rows + 1.1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    used = [c for c in colours if c in set(category)]
    handles: list[Artist] = [Patch(facecolor=colours[c], label=c, hatch=hatches.get(c),
                                   edgecolor=edges.get(c, "white" if c in hatches else "none")) for c in used]
    if marked and mark_label:
        handles.append(Line2D([], [], marker="o", markersize=4, color=TEXT, linestyle="none", label=mark_label))
    return handles
