"""What every export is checked against before a file is written: names, kinds, sources, key numbers, bounds, columns.

Synthetic numbers never go to the real ``reports/``: exports whose ``kinds`` contain ``synthetic`` are refused
unless ``$NLETS_REPORTS_DIR`` points elsewhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.paths import is_project_reports, may_write_reports, notebooks_dir, reports_dir
from analysis.sources.citations import citation
from analysis.sources.tables import KINDS, RawDataError, require_citable

_NAME = re.compile(r"^(?P<prefix>fig|tab)(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
BOUNDS = ("exact", "at least", "at most", "approximate")


class ExportError(ValueError):
    """An export request that would put a wrong, unsourced or unlabelled file into the reports."""


class SyntheticExportError(ExportError):
    """Synthetic numbers were about to be written into the real ``reports/`` folder."""


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
    analysis.publish.export_checks.ExportError: name 'Fig01_ice' must look like 'fig01-some-words' (lowercase, hyphenated)
    """
    match = _NAME.match(name)
    if not match or match["prefix"] != prefix:
        raise ExportError(f"name {name!r} must look like '{prefix}01-some-words' (lowercase, hyphenated)")
    number = Path(notebook).name[:2]
    if number.isdigit() and match["number"] != number:
        raise ExportError(f"name {name!r} must start with {prefix}{number}- (it is exported by notebook {notebook})")


def check_kinds(kinds: Iterable[str]) -> list[str]:
    """The kinds of numbers an export shows, sorted; raise on none, unknown ones, or synthetic ones bound for
    the real ``reports/``."""
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
    if not may_write_reports():
        raise ExportError("reports/ is written only by `nlets-analysis build` (make report); to export from a "
                          "notebook you run yourself, set NLETS_REPORTS_DIR to a scratch folder")
    return kinds


def _is_default_reports_dir() -> bool:
    return is_project_reports(reports_dir())


def cited_sources(source_ids: Sequence[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The source ids without repeats, and each with its full citation; raise on none or an unknown id."""
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        raise ExportError("every export needs at least one source id")
    try:
        return ids, [{"id": s, "citation": citation(s)} for s in ids]
    except KeyError as exc:
        raise ExportError(str(exc.args[0])) from None


def require_citable_sources(source_ids: object, what: str) -> None:
    """Figures, their credit lines and citable sentences rest on primary, press or reference sources only."""
    try:
        require_citable(source_ids, what)
    except RawDataError as exc:
        raise ExportError(str(exc)) from None


def plain_value(value: Any) -> Any:
    """A JSON-safe Python scalar (numpy/pandas scalars unwrapped; NaN/NA become None)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _key_numbers(key_numbers: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Key numbers as the manifest records them; raise on a missing label or formatted value, or an unknown bound
    or kind."""
    rows = []
    for number in key_numbers or []:
        missing = {"label", "formatted"} - set(number)
        if missing:
            raise ExportError(f"key number {dict(number)} lacks {sorted(missing)}")
        bound = number.get("bound", "exact")
        if bound not in BOUNDS:
            raise ExportError(f"key number {number['label']!r}: bound {bound!r} is not one of {BOUNDS}")
        if number.get("kind") is not None and number["kind"] not in KINDS:
            raise ExportError(f"key number {number['label']!r}: kind {number['kind']!r} is not one of {KINDS}")
        rows.append({
            "id": number.get("id"),
            "label": str(number["label"]),
            **({"label_es": str(number["label_es"])} if number.get("label_es") else {}),
            "value": plain_value(number.get("value")),
            "formatted": str(number["formatted"]),
            "bound": bound,
            "kind": number.get("kind"),
        })
    return rows


def _check_bounds_note(key_numbers: list[dict[str, Any]], bounds_note: str | None) -> None:
    """Raise when a key number is a bound and no bounds note says so."""
    bounded = [n["label"] for n in key_numbers if n["bound"] != "exact"]
    if bounded and not bounds_note:
        raise ExportError(f"key numbers {bounded} are bounds, not exact values: pass a bounds_note saying so")


def column_records(frame: pd.DataFrame, descriptions: Mapping[str, str] | None) -> list[dict[str, str]]:
    """The CSV's columns with their descriptions (empty where none is given); raise on descriptions of columns
    the data does not have."""
    descriptions = dict(descriptions or {})
    unknown = sorted(set(descriptions) - set(map(str, frame.columns)))
    if unknown:
        raise ExportError(f"column descriptions for columns not in the data: {unknown}")
    return [{"name": str(c), "description": descriptions.get(str(c), "")} for c in frame.columns]


@dataclass(frozen=True)
class CheckedExport:
    """What a figure or table export records once its request has passed the checks every export shares."""

    notebook: str
    kinds: list[str]
    source_ids: list[str]
    sources: list[dict[str, str]]
    key_numbers: list[dict[str, Any]]


def check_export(
    name: str,
    prefix: str,
    *,
    notebook: str,
    kinds: Iterable[str],
    source_ids: Sequence[str],
    key_numbers: Sequence[Mapping[str, Any]] | None,
    bounds_note: str | None,
    citable_as: str | None = None,
) -> CheckedExport:
    """Check the name, kinds, sources (citable ones only, as ``citable_as``, when given), key numbers and bounds
    note of one export, in that order, and return them as recorded."""
    notebook = notebook_path(notebook)
    check_name(name, prefix, notebook)
    kinds = check_kinds(kinds)
    ids, sources = cited_sources(source_ids)
    if citable_as is not None:
        require_citable_sources(ids, citable_as)
    numbers = _key_numbers(key_numbers)
    _check_bounds_note(numbers, bounds_note)
    return CheckedExport(notebook, kinds, ids, sources, numbers)
