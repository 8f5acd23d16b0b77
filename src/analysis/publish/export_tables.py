"""Export a table: ``tables/<name>.csv`` (UTF-8, ``\\n`` line ends, no index) with its manifest entry."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.paths import tables_dir
from analysis.publish.export_checks import ExportError, check_export, column_records
from analysis.publish.manifest import file_record, record_entry, write_report_csv
from analysis.publish.specs import ManifestEntry, TableSpec


def _export_table(
    df: pd.DataFrame,
    name: str,
    *,
    title: str,
    description: str,
    source_ids: Sequence[str],
    kinds: Iterable[str],
    notebook: str,
    bounds_note: str | None = None,
    key_numbers: Sequence[Mapping[str, Any]] | None = None,
    column_descriptions: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Write ``tables/<name>.csv`` (UTF-8, ``\\n`` line ends, no index), record it in the manifest and return the
    manifest entry."""
    checked = check_export(name, "tab", notebook=notebook, kinds=kinds, source_ids=source_ids,
                           key_numbers=key_numbers, bounds_note=bounds_note)
    if not description.strip():
        raise ExportError(f"{name}: a table needs a description")
    path = tables_dir() / f"{name}.csv"
    write_report_csv(df, path)
    return record_entry(ManifestEntry(
        name=name, type="table", title=title, alt_text="", alt_text_es="", description=description,
        files=[file_record(path, "data")], key_numbers=checked.key_numbers, source_ids=checked.source_ids,
        sources=checked.sources, kinds=checked.kinds, bounds_note=bounds_note, notebook=checked.notebook,
        columns=column_records(df, column_descriptions),
    ))


def export_table(spec: TableSpec | pd.DataFrame, name: str | None = None, *, notebook: str, **fields: Any) -> dict[str, Any]:
    """Write a table (:class:`~analysis.publish.specs.TableSpec`, or a DataFrame and the spec's other fields as
    arguments) as ``tables/<name>.csv``, record it in the manifest and return the manifest entry."""
    if not isinstance(spec, TableSpec):
        spec = TableSpec(spec, name, **fields)
    elif name is not None or fields:
        raise TypeError("export_table: pass a TableSpec alone, or a DataFrame with its fields, not both")
    return _export_table(**{f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}, notebook=notebook)
