"""What a figure or a table function hands to the export layer: typed, frozen specs instead of keyword dicts, so
that a misspelt or missing field fails where the spec is built, not when the file is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from matplotlib.figure import Figure


@dataclass(frozen=True)
class FigureSpec:
    """One chart and everything :func:`analysis.publish.export_figures.export_figure` writes beside it: ``data``
    (exactly the numbers drawn), the alt texts, the sources, the kinds of number, and the phone (``portrait``)
    variant. ``language`` is the language of the chart's drawn text; ``translations`` are the same chart drawn in
    the other languages (same data, same numbers), written to ``reports/<language>/figures/`` under the same
    names."""

    fig: Figure
    name: str
    title: str
    alt_text: str
    data: pd.DataFrame
    source_ids: Sequence[str]
    kinds: Sequence[str]
    bounds_note: str | None = None
    key_numbers: Sequence[Mapping[str, Any]] | None = None
    description: str = ""
    column_descriptions: Mapping[str, str] | None = field(default=None, repr=False)
    portrait: Figure | None = field(default=None, repr=False)
    alt_text_es: str = ""
    language: str = "en"
    translations: Sequence[FigureSpec] = field(default=(), repr=False)


@dataclass(frozen=True)
class TableSpec:
    """One table and what :func:`analysis.publish.export_tables.export_table` records with it."""

    df: pd.DataFrame
    name: str
    title: str
    description: str
    source_ids: Sequence[str]
    kinds: Sequence[str]
    bounds_note: str | None = None
    key_numbers: Sequence[Mapping[str, Any]] | None = None
    column_descriptions: Mapping[str, str] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class ManifestEntry:
    """One exported figure or table as ``reports/manifest.json`` lists it: its files with their SHA-256, the texts
    that travel with it, its sources and kinds, and the notebook that made it."""

    name: str
    type: str  # "figure" or "table"
    title: str
    alt_text: str
    alt_text_es: str
    description: str
    files: Sequence[Mapping[str, Any]]
    key_numbers: Sequence[Mapping[str, Any]]
    source_ids: Sequence[str]
    sources: Sequence[Mapping[str, Any]]
    kinds: Sequence[str]
    bounds_note: str | None
    notebook: str
    columns: Sequence[Mapping[str, Any]]
    language: str = "en"
    translations: Sequence[Mapping[str, Any]] = ()
    title_es: str = ""
    description_es: str = ""
    bounds_note_es: str | None = None

    def record(self) -> dict[str, Any]:
        """The entry as written to the manifest (JSON keys in this order; ``notebooks`` lists the one notebook)."""
        fields = asdict(self)
        columns = fields.pop("columns")
        return {**fields, "notebooks": [self.notebook], "columns": columns}
