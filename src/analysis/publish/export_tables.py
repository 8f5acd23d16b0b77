"""Export a table: ``tables/<name>.csv`` (UTF-8, ``\\n`` line ends, no index) with its manifest entry; and the
Excel writer of the tables a desk opens in a spreadsheet."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.paths import tables_dir
from analysis.publish.export_checks import ExportError, check_export, column_records
from analysis.publish.i18n import held
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
        # the Spanish of the index's table list, from the catalog (msgctxt "table"), "" where it holds none
        title_es=held("table", title, "es") or "", description_es=held("table", description, "es") or "",
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


# ---- Excel -------------------------------------------------------------------------------------------------------

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry: every entry gets it
_FIXED_TIME = "1980-01-01T00:00:00Z"
_CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _byte_stable(data: bytes) -> bytes:
    """An .xlsx (a zip) with every entry dated :data:`_ZIP_EPOCH` and its created/modified properties fixed, so the
    same table gives the same bytes on every build (``build --check`` compares them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rf"\g<1>{_FIXED_TIME}\g<2>", content.decode("utf-8")).encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def write_report_xlsx(frame: pd.DataFrame, path: Path, *, widths: Mapping[str, float], sheet: str,
                      wrap: Iterable[str] = ()) -> Path:
    """Write ``frame`` as one sheet of an Excel workbook a desk can open: bold header frozen in row 1, a filter on
    it, each column as wide as ``widths`` says (``wrap``: columns whose text wraps). Numbers stay numbers; every
    text cell is written as a string, never a formula (``=1+1``, ``+cmd``, ``@SUM(A1)`` or ``-2`` stay text), with
    characters a workbook cannot hold removed. The bytes are the same for the same table."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    missing = [c for c in frame.columns if c not in widths]
    if missing:
        raise ExportError(f"{path.name}: no width for column(s) {missing}")
    book = Workbook()
    ws = book.active
    ws.title = sheet
    wrapped = set(wrap)
    for j, column in enumerate(frame.columns, start=1):
        head = ws.cell(row=1, column=j)
        head.value, head.data_type, head.font = str(column), "s", Font(bold=True)
        ws.column_dimensions[get_column_letter(j)].width = widths[column]
        for i, value in enumerate(frame[column].tolist(), start=2):
            cell = ws.cell(row=i, column=j)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not pd.isna(value):
                cell.value = value
            else:
                cell.value = None  # bound below as a string, never through openpyxl's "=" formula detection
                cell._value = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None or pd.isna(value) else str(value))
                cell.data_type = "s"
            if column in wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_byte_stable(buffer.getvalue()))
    return path
