"""Parts of notebook 02's figure specs: key-number entries, their id slugs, the spec with its phone variant.

Each figure function of notebook 02 (:mod:`~analysis.publish.figures.shielded_share`,
:mod:`~analysis.publish.figures.block_timeline`, :mod:`~analysis.publish.figures.ice_block_map`,
:mod:`~analysis.publish.figures.access_now_map`,
:mod:`~analysis.publish.figures.washington_periods`) draws one
chart in the house frame and returns a :class:`~analysis.publish.specs.FigureSpec` for
:func:`analysis.publish.export_figures.export_figure` (``fig``, ``name``, ``title``, ``alt_text``, ``data``: the numbers
drawn, ``source_ids``, ``kinds``, ``key_numbers``, ``description``; ``bounds_note`` where a key number rests on an
assumption), built from the computed tables of :mod:`analysis.findings`.

Key numbers are computed from the same tables as the chart, never typed. Their ids are those of
``reports/tables/citable_numbers.csv`` where the same number is citable (``02-residents-in-blocking-states-share``,
``02-licence-for-all-states-open-to-ice``, ``02-wa-federal-queries-per-day``, notebook 01's ``ice-queries`` and
``hsi-queries``); the others start with ``02-`` too. Dates are key numbers with an ISO date as value.

The notebook adds only ``notebook=``: ``export_figure(shielded_share_figure(shielded, states), notebook=NOTEBOOK)``.
The figures of a researcher's own counts are drawn apart, from
:func:`analysis.findings.own_rates.compare_own_counts`, by :mod:`~analysis.publish.figures.own_counts` and
:mod:`~analysis.publish.figures.own_event_study`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from analysis.publish.figures.words import chart_words
from analysis.publish.i18n import NC_  # noqa: F401 (the doctest uses it)
from analysis.publish.specs import FigureSpec
from analysis.publish.style import LANDSCAPE, PORTRAIT, Layout

Period = tuple[pd.Timestamp, pd.Timestamp]


def slug(text: str) -> str:
    """Lowercase words joined by hyphens, for key-number ids.

    >>> slug("blocked later (2025-11-19)")
    'blocked-later-2025-11-19'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def key_number(id_: str, label: Callable[[str], str], value: Any, formatted: str, kind: str,
               bound: str = "exact") -> dict[str, Any]:
    """One key number for :func:`analysis.publish.export_figures.export_figure`: ``label`` is the label as a function
    of the language, so that the English ``label`` and the Spanish ``label_es`` are one computation from the same
    values (its words from the catalog, msgctxt ``key-number``).

    >>> n = key_number("x", lambda lang: key_words(lang, NC_("key-number", "Blocks in progress, no date")), 1,
    ...                "1", "derived")
    >>> n["label"], n["label_es"]
    ('Blocks in progress, no date', 'Bloqueos en curso, sin fecha')
    """
    return {"id": id_, "label": label("en"), "label_es": label("es"), "value": value, "formatted": formatted,
            "bound": bound, "kind": kind}


def key_words(lang: str, message: str) -> str:
    """A key number's label words in ``lang``: ``message`` of msgctxt ``key-number``, marked where it is written as
    ``NC_("key-number", "…")`` so that the catalog test finds it; a message the catalog lacks raises.

    >>> key_words("es", "Blocks reported with no published start date")
    'Bloqueos informados sin fecha de inicio publicada'
    """
    return chart_words(lang)(KEY_NUMBER_CONTEXT, message)


KEY_NUMBER_CONTEXT = "key-number"  # the msgctxt of the key numbers' labels (messages.po)


def spec_with_portrait(
    fig: Figure, layout: Layout, redraw: Callable[[Layout, str], FigureSpec], lang: str = "en", **fields: Any
) -> FigureSpec:
    """The spec of a chart drawn in ``layout`` and ``lang``: the landscape call's carries the phone variant, the same
    chart drawn again by ``redraw(PORTRAIT, lang)``, and the English landscape call's carries the Spanish chart,
    ``redraw(LANDSCAPE, "es")`` (with its own phone variant); the portrait call's carries neither. ``fields`` are
    the spec's other fields."""
    translations = () if layout.portrait or lang != "en" else (redraw(LANDSCAPE, "es"),)
    return FigureSpec(fig=fig, portrait=None if layout.portrait else redraw(PORTRAIT, lang).fig, language=lang,
                      translations=translations, **fields)
