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


def _text_colour(hex_colour: str) -> str:
    """Black or white, whichever reads better on a fill colour.

    >>> _text_colour("#000000"), _text_colour("#F0E442")
    ('white', '#222222')
    """
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else TEXT


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
) -> list[Artist]:
    """Draw one tile per jurisdiction on ``ax``, filled by its category's colour, and return legend handles.

    ``category`` maps a USPS code to a key of ``colours`` (missing codes are drawn in the neutral grey);
    ``marked`` codes get a small dot in the tile's corner, explained by ``mark_label`` in the legend. ``hatches``
    gives some categories a hatch pattern (drawn in white) and ``edges`` an outline colour (for a white fill), in
    the tiles and the legend alike.
    """
    hatches, edges = dict(hatches or {}), dict(edges or {})
    grid = load_tile_grid()
    category = pd.Series(category)
    rows = int(grid["row"].max())
    for tile in grid.itertuples():
        fill = colours.get(category.get(tile.usps), NEUTRAL)
        y = rows - tile.row - (_TERRITORY_DROP if tile.row == rows else 0)
        cat = category.get(tile.usps)
        ax.add_patch(Rectangle((tile.col + _GAP / 2, y + _GAP / 2), 1 - _GAP, 1 - _GAP, facecolor=fill,
                               edgecolor=edges.get(cat, "white" if cat in hatches else "none"), linewidth=0.8,
                               hatch=hatches.get(cat)))
        ax.text(tile.col + 0.5, y + 0.5, tile.usps, ha="center", va="center", fontsize=fontsize, fontweight="bold",
                color=_text_colour(fill))
        if tile.usps in marked:
            ax.plot(tile.col + 0.8, y + 0.22, marker="o", markersize=3.2, color=_text_colour(fill), linestyle="none")
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
