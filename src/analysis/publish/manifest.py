"""``reports/manifest.json``: the record of every exported file, merged under a lock, pruned and verified.

Everything reporters cite is written byte-for-byte reproducibly under :func:`analysis.paths.reports_dir`
(``reports/`` or ``$NLETS_REPORTS_DIR``)::

    figures/figNN-<slug>.{png,svg,pdf,csv}
    figures/figNN-<slug>-portrait.{png,svg}      # the same chart drawn for phones (large type), role "portrait"
    es/figures/figNN-<slug>.{png,svg,pdf,csv}    # the same chart drawn in Spanish (and its -portrait.{png,svg})
    tables/tabNN-<slug>.csv
    tables/citable_numbers.csv
    cards/index.png, cards/figNN-<slug>.png, cards/states/XX.png   # share cards (Open Graph / Twitter), 1200×630
    es/cards/…                                    # the same cards in Spanish
    manifest.json

Manifest format (JSON, sorted keys, indent 2, trailing newline, no timestamps, no absolute paths)::

    {"description": "...", "entries": [ENTRY, ...]}        # entries sorted by name

    ENTRY = {
      "name": "fig01-ice-hsi-share-per-10000",
      "type": "figure" | "table" | "citable-numbers" | "share-cards",   # share-cards: one entry, role "card"
      "title": str, "alt_text": str (figures; "" for tables), "description": str,
      "alt_text_es": str (figures: the alt text in Spanish, from the same values; "" for tables),
      "title_es", "description_es": str, "bounds_note_es": str | null (figures: the Spanish chart's; tables: the
      catalog's Spanish title and description, "" where it holds none; "" / null else),
      "files": [{"path": "figures/fig01-….png", "format": "png", "role": "image" | "portrait" | "data",
                 "sha256": hex, "bytes": int}],
      "key_numbers": [{"id", "label", "label_es", "value", "formatted", "bound", "kind"}],   # label_es: Spanish
      "source_ids": [str], "sources": [{"id": str, "citation": str}],
      "kinds": [str],          # subset of published / derived / modelled / synthetic
      "bounds_note": str | null,
      "notebook": "notebooks/01_disclosure_breakdown.ipynb" | null,   # null only for the shared citable numbers
      "notebooks": [str],      # every notebook that contributed (one, except for citable numbers)
      "columns": [{"name": str, "description": str}],   # the CSV's columns
      "language": "en",        # the language of the chart's drawn text (tables: of their titles)
      "translations": [TRANSLATION, ...],   # figures: the same chart drawn in another language; [] for tables
    }

    TRANSLATION = {"language": "es", "title": str, "alt_text": str, "description": str, "bounds_note": str | null,
                   "files": [FILE, ...]}   # es/figures/<name>.*: the same numbers and the same CSV, text in Spanish

File paths are POSIX paths relative to the folder holding ``manifest.json``. The manifest is merged: exporting
from one notebook replaces that notebook's entries and keeps every other notebook's.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.paths import reports_dir
from analysis.publish.export_checks import ExportError, notebook_path
from analysis.publish.specs import ManifestEntry
from analysis.safe_csv import write_csv
from analysis.sources.tables import sha256_of

MANIFEST_NAME = "manifest.json"
_MANIFEST_DESCRIPTION = (
    "Every figure and table in this folder: files with sha256, title, alt text, key numbers, sources, kinds of "
    "numbers and bounds. Paths are relative to this file. Written by analysis.publish.manifest; do not edit by hand."
)


def write_report_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as the reports' CSVs are written, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, path)  # UTF-8, "\n"; cells a spreadsheet would run as formulas get a leading "'"


def file_record(path: Path, role: str) -> dict[str, Any]:
    """One written file as a manifest entry lists it: path relative to the reports folder, format, role, sha256
    and size."""
    return {
        "path": path.relative_to(reports_dir()).as_posix(),
        "format": path.suffix.lstrip("."),
        "role": role,
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
    }


_LOCK_STALE_S = 600  # a lock file older than this was left by a process that died


@contextmanager
def locked_reports_dir() -> Iterator[Path]:
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
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)


def upsert_entries(entries: Iterable[Mapping[str, Any]], *, drop: Iterable[str] = ()) -> None:
    """Merge ``entries`` into the manifest by name (replacing same-named entries) and drop the names in ``drop``."""
    new = {e["name"]: dict(e) for e in entries}
    with locked_reports_dir():
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


def all_files(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """An entry's files and those of its translations (``es/figures/…``), in that order.

    >>> [f["path"] for f in all_files({"files": [{"path": "figures/a.png"}],
    ...                                "translations": [{"language": "es", "files": [{"path": "es/figures/a.png"}]}]})]
    ['figures/a.png', 'es/figures/a.png']
    """
    return [*entry.get("files", []), *(f for t in entry.get("translations", []) for f in t.get("files", []))]


def language_entries(entries: Iterable[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The manifest's entries as a page in ``lang`` shows them: a figure with a translation in ``lang`` takes its
    title, alt text, description, bounds note and files from it (the rest from the English entry); entries without
    one as they are.

    >>> entry = {"name": "a", "title": "T", "files": [{"path": "figures/a.png"}], "language": "en",
    ...          "translations": [{"language": "es", "title": "Tí", "files": [{"path": "es/figures/a.png"}]}]}
    >>> [(e["title"], e["files"][0]["path"], e["language"]) for e in language_entries([entry], "es")]
    [('Tí', 'es/figures/a.png', 'es')]
    """
    out = []
    for entry in entries:
        twin = next((t for t in entry.get("translations", []) if t.get("language") == lang), None)
        out.append({**entry, **twin} if twin else dict(entry))
    return out


# Names exported per notebook in this process, so finish_notebook() can drop entries the notebook no longer makes.
_SESSION: dict[str, set[str]] = {}


def _remember(notebook: str, name: str) -> None:
    _SESSION.setdefault(notebook, set()).add(name)


def record_entry(entry: ManifestEntry) -> dict[str, Any]:
    """Add ``entry`` to the manifest (replacing an entry of the same name) and return it as recorded."""
    record = entry.record()
    upsert_entries([record])
    _remember(entry.notebook, entry.name)
    return record


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
        for record in all_files(entry):
            path = (root / record["path"]).resolve()
            if path.is_relative_to(root):  # never delete outside the reports folder, whatever the manifest says
                path.unlink(missing_ok=True)
    upsert_entries([], drop=[e["name"] for e in stale])
    rows = [
        {"name": e["name"], "path": f["path"], "bytes": f["bytes"], "sha256": f["sha256"]}
        for e in read_manifest()["entries"]
        if e.get("notebook") == notebook or notebook in e.get("notebooks", [])
        for f in all_files(e)
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
        if entry["type"] == "figure" and entry.get("translations"):
            problems += _translation_problems(entry)
        for record in all_files(entry):
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


def _translation_problems(entry: Mapping[str, Any]) -> list[str]:
    """A figure's translations each need their alt text, the English entry's file names under
    ``<language>/`` and the same CSV (the same numbers)."""
    problems = []
    english = {f["path"]: f for f in entry["files"]}
    for twin in entry["translations"]:
        lang = twin.get("language", "")
        if not twin.get("alt_text", "").strip():
            problems.append(f"{entry['name']} ({lang}): no alt text")
        paths = {f["path"].removeprefix(f"{lang}/"): f for f in twin.get("files", [])}
        if set(paths) != set(english):
            problems.append(f"{entry['name']} ({lang}): files {sorted(paths)} are not the English names under {lang}/")
        csvs = [p for p in english if p.endswith(".csv")]
        if any(p in paths and paths[p]["sha256"] != english[p]["sha256"] for p in csvs):
            problems.append(f"{entry['name']} ({lang}): its CSV differs from the English one")
    return problems
