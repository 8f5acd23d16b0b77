"""Export a figure: ``figures/<name>.{png,svg,pdf}``, its phone variant and the CSV of the numbers drawn."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from analysis.paths import figures_dir, reports_dir
from analysis.publish.export_checks import ExportError, check_export, column_records
from analysis.publish.manifest import file_record, record_entry, write_report_csv
from analysis.publish.specs import FigureSpec, ManifestEntry
from analysis.publish.style import PORTRAIT, PORTRAIT_SUFFIX, frame_texts, house_style, smallest_text_pt

PNG_DPI = 200  # figures are drawn at 8 in wide: 1,600 px, twice the 800 px a web page shows
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "png": {"dpi": PNG_DPI, "metadata": {"Software": None}},
    "svg": {"metadata": {"Date": None, "Creator": None}},
    "pdf": {"metadata": {"CreationDate": None, "Creator": None, "Producer": None}},
}


def _export_figure(
    fig: Figure,
    name: str,
    *,
    title: str,
    alt_text: str,
    data: pd.DataFrame,
    source_ids: Sequence[str],
    kinds: Iterable[str],
    notebook: str,
    bounds_note: str | None = None,
    key_numbers: Sequence[Mapping[str, Any]] | None = None,
    description: str = "",
    column_descriptions: Mapping[str, str] | None = None,
    portrait: Figure | None = None,
    alt_text_es: str = "",
    language: str = "en",
    translations: Sequence[FigureSpec] = (),
) -> dict[str, Any]:
    """Write ``figures/<name>.{png,svg,pdf}`` and ``figures/<name>.csv`` (``data``: exactly the numbers drawn),
    record them in the manifest and return the manifest entry.

    ``portrait`` is the same chart drawn by the same code in :data:`analysis.publish.style.PORTRAIT` (a narrow figure with
    large type, for phones): written as ``figures/<name>-portrait.{png,svg}``, role ``portrait``. It must carry the
    same frame texts as ``fig`` and no text under ``PORTRAIT.min_pt``. ``alt_text_es`` is the Spanish alt text,
    built from the same values (:mod:`analysis.publish.text.spanish`).

    ``translations`` are the same chart drawn in another language (``FigureSpec.language``, e.g. ``es``), with the
    same ``data``: each is checked as the chart is and written to ``<language>/figures/<name>.*`` (landscape,
    portrait, PDF and the same CSV), recorded in the entry's ``translations`` with its language, title, alt text
    and files.

    The figure must carry the house frame (:func:`analysis.publish.style.frame`): a title, the caveat note and the source
    line; a bounds note when ``bounds_note`` is given, and a modelled label when ``kinds`` contains ``modelled``.
    ``key_numbers`` are mappings with ``label`` and ``formatted`` (and optionally ``id``, ``value``, ``bound``,
    ``kind``); a bounded key number (``at least`` / ``at most`` / ``approximate``) requires ``bounds_note``.
    """
    checked = check_export(name, "fig", notebook=notebook, kinds=kinds, source_ids=source_ids,
                           key_numbers=key_numbers, bounds_note=bounds_note, citable_as=f"figure {name}")
    _check_drawing(name, fig, portrait, title, alt_text, data, bounds_note, checked.kinds)
    for other in translations:
        where = f"{name} ({other.language})"
        if other.language == language or other.name != name:
            raise ExportError(f"{where}: a translation is the same chart, by the same name, in another language")
        if not other.data.equals(data):
            raise ExportError(f"{where}: a translation must draw the same numbers (its data differs)")
        _check_drawing(where, other.fig, other.portrait, other.title, other.alt_text, other.data, other.bounds_note,
                       checked.kinds)
    files = _write_files(figures_dir(), fig, portrait, data, name)
    translated = [{
        "language": other.language, "title": other.title, "alt_text": other.alt_text.strip(),
        "description": other.description, "bounds_note": other.bounds_note,
        "files": _write_files(language_figures_dir(other.language), other.fig, other.portrait, data, name),
    } for other in translations]

    return record_entry(ManifestEntry(
        name=name, type="figure", title=title, alt_text=alt_text.strip(), alt_text_es=alt_text_es.strip(),
        description=description, files=files, key_numbers=checked.key_numbers, source_ids=checked.source_ids,
        sources=checked.sources, kinds=checked.kinds, bounds_note=bounds_note, notebook=checked.notebook,
        columns=column_records(data, column_descriptions), language=language, translations=translated,
        # the Spanish texts beside the English ones too, as pages read them (``<field>_es``, like ``alt_text_es``)
        **{f"{key}_es": twin[key] for twin in translated if twin["language"] == "es"
           for key in ("title", "description", "bounds_note")},
    ))


def language_figures_dir(lang: str) -> Path:
    """Where a language's charts are written: ``reports/figures/`` for English, ``reports/<lang>/figures/`` else."""
    return figures_dir() if lang == "en" else reports_dir() / lang / figures_dir().name


def _check_drawing(name: str, fig: Figure, portrait: Figure | None, title: str, alt_text: str, data: pd.DataFrame,
                   bounds_note: str | None, kinds: Iterable[str]) -> None:
    """Refuse a chart without its frame, alt text or data, or whose phone variant says other things."""
    if len(alt_text.strip()) < 40 or alt_text.strip() == title.strip():
        raise ExportError(f"{name}: alt text must describe what the chart shows and its key numbers")
    if not isinstance(data, pd.DataFrame) or data.empty:
        raise ExportError(f"{name}: pass the numbers drawn as a non-empty DataFrame")
    texts = frame_texts(fig)
    required = {"title", "caveat-note", "source-line"}
    if bounds_note:
        required.add("bounds-note")
    if "modelled" in kinds:
        required.add("modelled-label")
    if "synthetic" in kinds:
        required.add("synthetic-label")
    missing = sorted(required - set(texts))
    if missing:
        raise ExportError(f"{name}: the figure lacks {missing}; draw it with analysis.publish.style.frame(...)")
    if bounds_note and " ".join(texts["bounds-note"].split()) != " ".join(bounds_note.split()):
        raise ExportError(f"{name}: the bounds note on the figure differs from bounds_note; pass the same text to both")
    if portrait is not None:
        def same(t: dict[str, str]) -> dict[str, str]:  # the subtitle may say how the phone variant is drawn
            # wrapping may break a line at a hyphen ("2019-\n12-14"): compare the texts without their white space
            return {k: "".join(v.split()) for k, v in t.items() if k != "subtitle"}

        if same(frame_texts(portrait)) != same(texts):
            raise ExportError(f"{name}: the portrait variant must carry the same title, notes and sources")
        if smallest_text_pt(portrait) < PORTRAIT.min_pt:
            raise ExportError(f"{name}: the portrait variant has text under {PORTRAIT.min_pt} pt")


def _write_files(folder: Path, fig: Figure, portrait: Figure | None, data: pd.DataFrame, name: str) -> list[dict]:
    """Write the chart (PNG, SVG, PDF), its phone variant (PNG, SVG) and its CSV to ``folder``; their records."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    with house_style():  # the hash salt and font type are read at save time
        for fmt, options in _SAVE_OPTIONS.items():
            path = folder / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, **options)
            files.append(file_record(path, "image"))
        for fmt in ("png", "svg") if portrait is not None else ():
            path = folder / f"{name}{PORTRAIT_SUFFIX}.{fmt}"
            portrait.savefig(path, format=fmt, **_SAVE_OPTIONS[fmt])
            files.append(file_record(path, "portrait"))
    csv_path = folder / f"{name}.csv"
    write_report_csv(data, csv_path)
    files.append(file_record(csv_path, "data"))
    return files


def export_figure(spec: FigureSpec | Figure, name: str | None = None, *, notebook: str, **fields: Any) -> dict[str, Any]:
    """Write a figure (:class:`~analysis.publish.specs.FigureSpec`, or a figure and the spec's other fields as
    arguments) with its CSV, alt texts and phone variant; record it in the manifest and return the manifest entry.
    See :func:`_export_figure` for what is checked and written."""
    if not isinstance(spec, FigureSpec):
        spec = FigureSpec(spec, name, **fields)
    elif name is not None or fields:
        raise TypeError("export_figure: pass a FigureSpec alone, or a figure with its fields, not both")
    return _export_figure(**{f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}, notebook=notebook)


def preview(entry: Mapping[str, Any], width: int = 800) -> Any:
    """The exported PNG of a figure entry as an IPython image, so a notebook shows exactly the file it wrote."""
    from IPython.display import Image

    png = next(f for f in entry["files"] if f["format"] == "png")
    return Image(filename=str(reports_dir() / png["path"]), width=width)
