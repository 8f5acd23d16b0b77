"""Write what reporters cite: figures (PNG, SVG, PDF + the CSV of the numbers drawn), tables, citable numbers and
``reports/manifest.json``, all byte-for-byte reproducible.

Layout (under :func:`analysis.paths.reports_dir`, i.e. ``reports/`` or ``$NLETS_REPORTS_DIR``)::

    figures/figNN-<slug>.{png,svg,pdf,csv}
    figures/figNN-<slug>-portrait.{png,svg}      # the same chart drawn for phones (large type), role "portrait"
    tables/tabNN-<slug>.csv
    tables/citable_numbers.csv
    manifest.json

Manifest format (JSON, sorted keys, indent 2, trailing newline, no timestamps, no absolute paths)::

    {"description": "...", "entries": [ENTRY, ...]}        # entries sorted by name

    ENTRY = {
      "name": "fig01-ice-hsi-share-per-10000",
      "type": "figure" | "table" | "citable-numbers",
      "title": str, "alt_text": str (figures; "" for tables), "description": str,
      "alt_text_es": str (figures: the alt text in Spanish, from the same values; "" for tables),
      "files": [{"path": "figures/fig01-….png", "format": "png", "role": "image" | "portrait" | "data",
                 "sha256": hex, "bytes": int}],
      "key_numbers": [{"id", "label", "value", "formatted", "bound", "kind"}],
      "source_ids": [str], "sources": [{"id": str, "citation": str}],
      "kinds": [str],          # subset of published / derived / modelled / synthetic
      "bounds_note": str | null,
      "notebook": "notebooks/01_disclosure_breakdown.ipynb" | null,   # null only for the shared citable numbers
      "notebooks": [str],      # every notebook that contributed (one, except for citable numbers)
      "columns": [{"name": str, "description": str}],   # the CSV's columns
    }

File paths are POSIX paths relative to the folder holding ``manifest.json``. The manifest is merged: exporting
from one notebook replaces that notebook's entries and keeps every other notebook's.

Synthetic numbers never go to the real ``reports/``: exports whose ``kinds`` contain ``synthetic`` are refused
unless ``$NLETS_REPORTS_DIR`` points elsewhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import time
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.publish.specs import FigureSpec, ManifestEntry, TableSpec
from analysis.publish.style import PORTRAIT, PORTRAIT_SUFFIX, frame_texts, house_style, smallest_text_pt
from analysis.paths import figures_dir, notebooks_dir, project_root, reports_dir, tables_dir
from analysis.safe_csv import read_csv, write_csv
from analysis.sources.tables import KINDS, RawDataError, citation, require_citable, sha256_of

MANIFEST_NAME = "manifest.json"
CITABLE_NAME = "citable_numbers"
PNG_DPI = 200  # figures are drawn at 8 in wide: 1,600 px, twice the 800 px a web page shows
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "png": {"dpi": PNG_DPI, "metadata": {"Software": None}},
    "svg": {"metadata": {"Date": None, "Creator": None}},
    "pdf": {"metadata": {"CreationDate": None, "Creator": None, "Producer": None}},
}
_NAME = re.compile(r"^(?P<prefix>fig|tab)(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
_BOUNDS = ("exact", "at least", "at most", "approximate")
CITABLE_COLUMNS = [
    "id", "notebook", "value", "formatted_value", "bound", "kind", "sentence", "sentence_es", "source_ids",
    "citations",
]
CITABLE_DESCRIPTIONS = {
    "id": "stable identifier of the number, e.g. ice-queries",
    "notebook": "the notebook that computed it",
    "value": "the number at full precision (fractions for shares)",
    "formatted_value": "the number as printed in the sentence, rounded in the safe direction for its bound",
    "bound": "exact, at least (a floor), at most (a ceiling) or approximate",
    "kind": "published (as disclosed), derived (arithmetic on published numbers), modelled or synthetic",
    "sentence": "a sentence a reporter can paste, generated from the value",
    "sentence_es": "the same sentence in Spanish (es-US), from the same values: same numbers, same bound",
    "source_ids": "ids in data/raw/sources.csv, separated by ';'",
    "citations": "full citation of each source, separated by ' | '",
}
_MANIFEST_DESCRIPTION = (
    "Every figure and table in this folder: files with sha256, title, alt text, key numbers, sources, kinds of "
    "numbers and bounds. Paths are relative to this file. Written by analysis.publish.export; do not edit by hand."
)


class ExportError(ValueError):
    """An export request that would put a wrong, unsourced or unlabelled file into the reports."""


class SyntheticExportError(ExportError):
    """Synthetic numbers were about to be written into the real ``reports/`` folder."""


# ---- small helpers ----------------------------------------------------------------------------------------------


def notebook_path(notebook: str) -> str:
    """A notebook as recorded in the manifest: ``notebooks/<stem>.ipynb``, from a stem, file name or path.

    >>> notebook_path("01_disclosure_breakdown")
    'notebooks/01_disclosure_breakdown.ipynb'
    >>> notebook_path("notebooks/01_disclosure_breakdown.ipynb")
    'notebooks/01_disclosure_breakdown.ipynb'
    """
    stem = Path(notebook).name.removesuffix(".ipynb")
    if not stem:
        raise ExportError("the exporting notebook must be named")
    return f"{notebooks_dir().name}/{stem}.ipynb"


def check_name(name: str, prefix: str, notebook: str) -> None:
    """Raise unless ``name`` is lowercase, hyphenated, starts with ``prefix`` + the notebook's two-digit number.

    >>> check_name("fig01-ice-share", "fig", "01_disclosure_breakdown")
    >>> check_name("Fig01_ice", "fig", "01_disclosure_breakdown")
    Traceback (most recent call last):
    ...
    analysis.publish.export.ExportError: name 'Fig01_ice' must look like 'fig01-some-words' (lowercase, hyphenated)
    """
    match = _NAME.match(name)
    if not match or match["prefix"] != prefix:
        raise ExportError(f"name {name!r} must look like '{prefix}01-some-words' (lowercase, hyphenated)")
    number = Path(notebook).name[:2]
    if number.isdigit() and match["number"] != number:
        raise ExportError(f"name {name!r} must start with {prefix}{number}- (it is exported by notebook {notebook})")


def _check_kinds(kinds: Iterable[str]) -> list[str]:
    kinds = sorted(set(kinds))
    if not kinds:
        raise ExportError("say which kinds of numbers are shown (published, derived, modelled, synthetic)")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ExportError(f"unknown kinds {unknown}; use {KINDS}")
    if "synthetic" in kinds and _is_default_reports_dir():
        raise SyntheticExportError(
            "refusing to write synthetic numbers into reports/; set NLETS_REPORTS_DIR to a scratch folder"
        )
    return kinds


def _is_default_reports_dir() -> bool:
    return reports_dir().resolve() == (project_root() / "reports").resolve()


def _sources(source_ids: Sequence[str]) -> tuple[list[str], list[dict[str, str]]]:
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        raise ExportError("every export needs at least one source id")
    try:
        return ids, [{"id": s, "citation": citation(s)} for s in ids]
    except KeyError as exc:
        raise ExportError(str(exc.args[0])) from None


def value_text(value: Any) -> str:
    """A citable value as a person reads it: whole numbers without a decimal point, other numbers in full.

    >>> [value_text(v) for v in (292114, 292114.0, 0.134, "2025-11-18", None)]
    ['292114', '292114', '0.134', '2025-11-18', '']
    """
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    return repr(float(value))


def _require_citable(source_ids: object, what: str) -> None:
    """Figures, their credit lines and citable sentences rest on primary, press or reference sources only."""
    try:
        require_citable(source_ids, what)
    except RawDataError as exc:
        raise ExportError(str(exc)) from None


def _plain(value: Any) -> Any:
    """A JSON-safe Python scalar (numpy/pandas scalars unwrapped; NaN/NA become None)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _key_numbers(key_numbers: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    rows = []
    for number in key_numbers or []:
        missing = {"label", "formatted"} - set(number)
        if missing:
            raise ExportError(f"key number {dict(number)} lacks {sorted(missing)}")
        bound = number.get("bound", "exact")
        if bound not in _BOUNDS:
            raise ExportError(f"key number {number['label']!r}: bound {bound!r} is not one of {_BOUNDS}")
        if number.get("kind") is not None and number["kind"] not in KINDS:
            raise ExportError(f"key number {number['label']!r}: kind {number['kind']!r} is not one of {KINDS}")
        rows.append({
            "id": number.get("id"),
            "label": str(number["label"]),
            "value": _plain(number.get("value")),
            "formatted": str(number["formatted"]),
            "bound": bound,
            "kind": number.get("kind"),
        })
    return rows


def _check_bounds_note(key_numbers: list[dict[str, Any]], bounds_note: str | None) -> None:
    bounded = [n["label"] for n in key_numbers if n["bound"] != "exact"]
    if bounded and not bounds_note:
        raise ExportError(f"key numbers {bounded} are bounds, not exact values: pass a bounds_note saying so")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, path)  # UTF-8, "\n"; cells a spreadsheet would run as formulas get a leading "'"


def _file_record(path: Path, role: str) -> dict[str, Any]:
    return {
        "path": path.relative_to(reports_dir()).as_posix(),
        "format": path.suffix.lstrip("."),
        "role": role,
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
    }


def _columns(frame: pd.DataFrame, descriptions: Mapping[str, str] | None) -> list[dict[str, str]]:
    descriptions = dict(descriptions or {})
    unknown = sorted(set(descriptions) - set(map(str, frame.columns)))
    if unknown:
        raise ExportError(f"column descriptions for columns not in the data: {unknown}")
    return [{"name": str(c), "description": descriptions.get(str(c), "")} for c in frame.columns]


# ---- manifest ---------------------------------------------------------------------------------------------------


_LOCK_STALE_S = 600  # a lock file older than this was left by a process that died


@contextmanager
def _locked_reports_dir() -> Iterator[Path]:
    """Hold an exclusive lock for the reports folder while merging, the same way on every platform: a lock file
    created atomically (``O_CREAT | O_EXCL``) in the system's temporary folder, named after the reports folder, and
    removed on exit, so nothing is left in reports/."""
    folder = reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"nlets-analysis-{name}.lock"
    while True:
        try:
            os.close(os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            try:
                if time.time() - lock_path.stat().st_mtime > _LOCK_STALE_S:
                    lock_path.unlink(missing_ok=True)
                    continue
            except FileNotFoundError:
                continue
            time.sleep(0.05)
    try:
        yield folder
    finally:
        lock_path.unlink(missing_ok=True)


def manifest_path() -> Path:
    """``reports/manifest.json`` (under ``$NLETS_REPORTS_DIR`` when set)."""
    return reports_dir() / MANIFEST_NAME


def read_manifest() -> dict[str, Any]:
    """The current manifest, or an empty one when none has been written yet."""
    path = manifest_path()
    if not path.exists():
        return {"description": _MANIFEST_DESCRIPTION, "entries": []}
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(data: Any) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _upsert(entries: Iterable[Mapping[str, Any]], *, drop: Iterable[str] = ()) -> None:
    """Merge ``entries`` into the manifest by name (replacing same-named entries) and drop the names in ``drop``."""
    new = {e["name"]: dict(e) for e in entries}
    with _locked_reports_dir():
        manifest = read_manifest()
        for old in manifest["entries"]:
            clash = new.get(old["name"])
            if clash and old.get("notebook") and clash.get("notebook") and old["notebook"] != clash["notebook"]:
                raise ExportError(
                    f"{old['name']!r} is already exported by {old['notebook']}; {clash['notebook']} cannot overwrite it"
                )
        kept = [e for e in manifest["entries"] if e["name"] not in new and e["name"] not in set(drop)]
        manifest["entries"] = sorted(kept + list(new.values()), key=lambda e: e["name"])
        manifest["description"] = _MANIFEST_DESCRIPTION
        _write_atomic(manifest_path(), _dump(manifest))


# Names exported per notebook in this process, so finish_notebook() can drop entries the notebook no longer makes.
_SESSION: dict[str, set[str]] = {}


def _remember(notebook: str, name: str) -> None:
    _SESSION.setdefault(notebook, set()).add(name)


# ---- public API -------------------------------------------------------------------------------------------------


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
) -> dict[str, Any]:
    """Write ``figures/<name>.{png,svg,pdf}`` and ``figures/<name>.csv`` (``data``: exactly the numbers drawn),
    record them in the manifest and return the manifest entry.

    ``portrait`` is the same chart drawn by the same code in :data:`analysis.publish.style.PORTRAIT` (a narrow figure with
    large type, for phones): written as ``figures/<name>-portrait.{png,svg}``, role ``portrait``. It must carry the
    same frame texts as ``fig`` and no text under ``PORTRAIT.min_pt``. ``alt_text_es`` is the Spanish alt text,
    built from the same values (:mod:`analysis.publish.text.spanish`).

    The figure must carry the house frame (:func:`analysis.publish.style.frame`): a title, the caveat note and the source
    line; a bounds note when ``bounds_note`` is given, and a modelled label when ``kinds`` contains ``modelled``.
    ``key_numbers`` are mappings with ``label`` and ``formatted`` (and optionally ``id``, ``value``, ``bound``,
    ``kind``); a bounded key number (``at least`` / ``at most`` / ``approximate``) requires ``bounds_note``.
    """
    notebook = notebook_path(notebook)
    check_name(name, "fig", notebook)
    kinds = _check_kinds(kinds)
    ids, sources = _sources(source_ids)
    _require_citable(ids, f"figure {name}")
    numbers = _key_numbers(key_numbers)
    _check_bounds_note(numbers, bounds_note)
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
            return {k: " ".join(v.split()) for k, v in t.items() if k != "subtitle"}

        if same(frame_texts(portrait)) != same(texts):
            raise ExportError(f"{name}: the portrait variant must carry the same title, notes and sources")
        if smallest_text_pt(portrait) < PORTRAIT.min_pt:
            raise ExportError(f"{name}: the portrait variant has text under {PORTRAIT.min_pt} pt")

    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    with house_style():  # the hash salt and font type are read at save time
        for fmt, options in _SAVE_OPTIONS.items():
            path = folder / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, **options)
            files.append(_file_record(path, "image"))
        for fmt in ("png", "svg") if portrait is not None else ():
            path = folder / f"{name}{PORTRAIT_SUFFIX}.{fmt}"
            portrait.savefig(path, format=fmt, **_SAVE_OPTIONS[fmt])
            files.append(_file_record(path, "portrait"))
    csv_path = folder / f"{name}.csv"
    _write_csv(data, csv_path)
    files.append(_file_record(csv_path, "data"))

    return _record(ManifestEntry(
        name=name, type="figure", title=title, alt_text=alt_text.strip(), alt_text_es=alt_text_es.strip(),
        description=description, files=files, key_numbers=numbers, source_ids=ids, sources=sources, kinds=kinds,
        bounds_note=bounds_note, notebook=notebook, columns=_columns(data, column_descriptions),
    ))


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
    notebook = notebook_path(notebook)
    check_name(name, "tab", notebook)
    kinds = _check_kinds(kinds)
    ids, sources = _sources(source_ids)
    numbers = _key_numbers(key_numbers)
    _check_bounds_note(numbers, bounds_note)
    if not description.strip():
        raise ExportError(f"{name}: a table needs a description")
    path = tables_dir() / f"{name}.csv"
    _write_csv(df, path)
    return _record(ManifestEntry(
        name=name, type="table", title=title, alt_text="", alt_text_es="", description=description,
        files=[_file_record(path, "data")], key_numbers=numbers, source_ids=ids, sources=sources, kinds=kinds,
        bounds_note=bounds_note, notebook=notebook, columns=_columns(df, column_descriptions),
    ))


def _record(entry: ManifestEntry) -> dict[str, Any]:
    """Add ``entry`` to the manifest (replacing an entry of the same name) and return it as recorded."""
    record = entry.record()
    _upsert([record])
    _remember(entry.notebook, entry.name)
    return record


def write_citable_numbers(rows: pd.DataFrame | Sequence[Mapping[str, Any]], notebook: str) -> pd.DataFrame:
    """Replace ``notebook``'s rows in ``tables/citable_numbers.csv`` (other notebooks' rows are kept), sort by id,
    update the manifest's ``citable-numbers`` entry, and return the whole table.

    Each row needs ``id``, ``value``, ``formatted_value``, ``bound``, ``kind``, ``sentence``, ``sentence_es`` and ``source_ids``
    (a list, or a ``;``-separated string); ``citations`` is filled in from ``data/raw/sources.csv``.
    """
    notebook = notebook_path(notebook)
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else [dict(r) for r in rows]
    for record in records:
        if "value" in record:
            record["value"] = value_text(record["value"])
    new = pd.DataFrame(records, columns=list(records[0]) if records else None)
    needed = {"id", "value", "formatted_value", "bound", "kind", "sentence", "sentence_es", "source_ids"}
    missing = sorted(needed - set(new.columns))
    if missing:
        raise ExportError(f"citable numbers lack columns {missing}")
    if new["id"].duplicated().any():
        raise ExportError(f"duplicate citable-number ids: {sorted(new.loc[new['id'].duplicated(), 'id'])}")
    bad_bounds = sorted(set(new["bound"]) - set(_BOUNDS))
    if bad_bounds:
        raise ExportError(f"citable numbers: unknown bounds {bad_bounds}")
    _check_kinds(new["kind"])
    new["source_ids"] = [";".join(s) if not isinstance(s, str) else s for s in new["source_ids"]]
    for row_id, joined in zip(new["id"], new["source_ids"], strict=True):
        _require_citable(joined, f"citable number {row_id}")
    all_ids = sorted({s for joined in new["source_ids"] for s in joined.split(";") if s})
    _, sources = _sources(all_ids)
    citations = {s["id"]: s["citation"] for s in sources}
    new["citations"] = [" | ".join(citations[s] for s in joined.split(";")) for joined in new["source_ids"]]
    new["notebook"] = notebook
    new = new[CITABLE_COLUMNS]

    path = tables_dir() / f"{CITABLE_NAME}.csv"
    with _locked_reports_dir():
        if path.exists():
            old = read_csv(path, dtype=str, keep_default_na=False)  # as written: without the guarding "'"
            old = old[old["notebook"] != notebook]
            clash = sorted(set(old["id"]) & set(new["id"]))
            if clash:
                raise ExportError(f"citable-number ids {clash} already belong to another notebook")
        else:
            old = pd.DataFrame(columns=CITABLE_COLUMNS)
        table = pd.concat([old.astype(str), new.astype(str)], ignore_index=True)
        table = table.sort_values("id", kind="stable").reset_index(drop=True)[CITABLE_COLUMNS]
        _write_csv(table, path)

    all_sources = sorted({s for joined in table["source_ids"] for s in joined.split(";") if s})
    ids, sources = _sources(all_sources)
    entry = {
        "name": "citable-numbers",
        "type": "citable-numbers",
        "title": "Citable numbers: one row per key number, with the sentence a reporter can paste",
        "alt_text": "",
        "alt_text_es": "",
        "description": "Each number's value, formatting, bound (exact / at least / at most), kind (published / "
                       "derived / modelled), a ready-to-paste sentence and its full source citations.",
        "files": [_file_record(path, "data")],
        "key_numbers": [],
        "source_ids": ids,
        "sources": sources,
        "kinds": sorted(set(table["kind"])),
        "bounds_note": "'at least' and 'at most' rows are bounds, not exact values: derived from a published floor, "
                       "or modelled on an assumption that can only overstate (the row's sentence says which).",
        "notebook": None,
        "notebooks": sorted(set(table["notebook"])),
        "columns": [{"name": c, "description": CITABLE_DESCRIPTIONS[c]} for c in CITABLE_COLUMNS],
    }
    _upsert([entry])
    return table


def finish_notebook(notebook: str) -> pd.DataFrame:
    """Drop manifest entries of ``notebook`` that this run did not export (and their files), then list the
    notebook's exported files: name, path (relative to the reports folder), bytes and sha256.

    Call it once, in the last cell of a notebook, after every export.
    """
    notebook = notebook_path(notebook)
    made = _SESSION.get(notebook, set())
    stale = [e for e in read_manifest()["entries"] if e.get("notebook") == notebook and e["name"] not in made]
    root = reports_dir().resolve()
    for entry in stale:
        for record in entry["files"]:
            path = (root / record["path"]).resolve()
            if path.is_relative_to(root):  # never delete outside the reports folder, whatever the manifest says
                path.unlink(missing_ok=True)
    _upsert([], drop=[e["name"] for e in stale])
    rows = [
        {"name": e["name"], "path": f["path"], "bytes": f["bytes"], "sha256": f["sha256"]}
        for e in read_manifest()["entries"]
        if e.get("notebook") == notebook or notebook in e.get("notebooks", [])
        for f in e["files"]
    ]
    return pd.DataFrame(rows, columns=["name", "path", "bytes", "sha256"])


def verify_manifest(folder: Path | None = None) -> list[str]:
    """Problems with a manifest against the files beside it (missing files, wrong sha256 or size, absolute paths,
    figures without alt text or sources); an empty list when everything matches."""
    folder = folder or reports_dir()
    path = folder / MANIFEST_NAME
    if not path.exists():
        return [f"{MANIFEST_NAME} is missing"]
    problems = []
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    if [e["name"] for e in entries] != sorted(e["name"] for e in entries):
        problems.append("entries are not sorted by name")
    for entry in entries:
        if entry["type"] == "figure" and not entry.get("alt_text", "").strip():
            problems.append(f"{entry['name']}: no alt text")
        if not entry.get("sources") or not all(s.get("citation") for s in entry["sources"]):
            problems.append(f"{entry['name']}: no source citation")
        for record in entry["files"]:
            if Path(record["path"]).is_absolute() or ".." in Path(record["path"]).parts:
                problems.append(f"{entry['name']}: path {record['path']} is not relative to the manifest")
                continue
            file = folder / record["path"]
            if not file.exists():
                problems.append(f"{entry['name']}: {record['path']} is missing")
            elif sha256_of(file) != record["sha256"]:
                problems.append(f"{entry['name']}: {record['path']} sha256 differs from the manifest")
            elif file.stat().st_size != record["bytes"]:
                problems.append(f"{entry['name']}: {record['path']} size differs from the manifest")
    return problems


def preview(entry: Mapping[str, Any], width: int = 800) -> Any:
    """The exported PNG of a figure entry as an IPython image, so a notebook shows exactly the file it wrote."""
    from IPython.display import Image

    png = next(f for f in entry["files"] if f["format"] == "png")
    return Image(filename=str(reports_dir() / png["path"]), width=width)


def export_figure(spec: FigureSpec | Figure, name: str | None = None, *, notebook: str, **fields: Any) -> dict[str, Any]:
    """Write a figure (:class:`~analysis.publish.specs.FigureSpec`, or a figure and the spec's other fields as
    arguments) with its CSV, alt texts and phone variant; record it in the manifest and return the manifest entry.
    See :func:`_export_figure` for what is checked and written."""
    if not isinstance(spec, FigureSpec):
        spec = FigureSpec(spec, name, **fields)
    elif name is not None or fields:
        raise TypeError("export_figure: pass a FigureSpec alone, or a figure with its fields, not both")
    return _export_figure(**{f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}, notebook=notebook)


def export_table(spec: TableSpec | pd.DataFrame, name: str | None = None, *, notebook: str, **fields: Any) -> dict[str, Any]:
    """Write a table (:class:`~analysis.publish.specs.TableSpec`, or a DataFrame and the spec's other fields as
    arguments) as ``tables/<name>.csv``, record it in the manifest and return the manifest entry."""
    if not isinstance(spec, TableSpec):
        spec = TableSpec(spec, name, **fields)
    elif name is not None or fields:
        raise TypeError("export_table: pass a TableSpec alone, or a DataFrame with its fields, not both")
    return _export_table(**{f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}, notebook=notebook)
