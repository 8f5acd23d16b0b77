"""A researcher's own per-state query-count file, as notebook 02 takes it in: refuse to write its results into the
project's ``reports/``, find the file, clean it, and say what was kept and what was rejected.

The comparison itself (:func:`analysis.findings.own_rates.compare_own_counts`, the function ``nlets-analysis compare``
calls) takes ``OwnCounts.clean`` with ``OwnCounts.kind``, ``OwnCounts.label`` and ``OwnCounts.key_column``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.paths import find_project_root, is_project_reports, project_root, relative_to_root, reports_dir
from analysis.sources.tables import KINDS

NO_FILE_NOTE = "*No counts file given (`query_counts_path = None`): this run uses only `data/raw/`.*"


@dataclass(frozen=True)
class OwnCounts:
    """A cleaned counts file: the file, the label its numbers carry in ``source_ids``, their kind, and the clean and
    rejected rows from :func:`analysis.cleaning.clean.clean_query_counts`."""

    file: Path
    label: str
    kind: str
    clean: pd.DataFrame
    rejects: pd.DataFrame
    key_column: bool = True
    grain_reason: str = ""


def refuse_real_reports(query_counts_path: str | Path | None) -> None:
    """Raise :class:`RuntimeError` when a counts file is given but exports would go to the project's ``reports/``,
    or ``$NLETS_REPORTS_DIR`` resolves (symlinks followed) inside the project's ``reports/`` or ``data/`` or holds
    the input: the same rule as ``nlets-analysis compare -o DIR``.

    >>> refuse_real_reports(None)
    """
    if query_counts_path is None:
        return
    if is_project_reports(reports_dir()):
        raise RuntimeError("set NLETS_REPORTS_DIR to a scratch folder: results from your own file never go to reports/")
    from analysis.guard import outdir_refusal

    refused = outdir_refusal("compare", [resolve_counts_path(query_counts_path)], reports_dir(), ["manifest.json"])
    if refused is not None:
        where = relative_to_root(reports_dir())
        raise RuntimeError(f"NLETS_REPORTS_DIR={where} refused: " + refused.split(": ", 1)[1])


def resolve_counts_path(query_counts_path: str | Path) -> Path:
    """An absolute path to the counts file: as given when absolute; else under the project root when it exists there
    (papermill and nbclient run in different folders), else from the working directory.

    >>> resolve_counts_path("tests/fixtures/synthetic_per_state_counts.csv") == (
    ...     project_root() / "tests/fixtures/synthetic_per_state_counts.csv")
    True
    """
    path = Path(query_counts_path)
    if path.is_absolute():
        return path
    root = find_project_root()
    return (root / path) if root is not None and (root / path).exists() else path.resolve()


def load(
    query_counts_path: str | Path | None,
    *,
    sheet: str | None = None,
    period: str | None = None,
    agency_map: str | Path | None = None,
    columns: Mapping[str, str] | None = None,
    period_grain: str = "auto",
    fiscal_year_start: int | None = None,
    kind: str,
) -> OwnCounts | None:
    """Read and clean a counts file (``None`` when no path is given) with the reading options of
    ``nlets-analysis compare`` (:func:`analysis.cleaning.clean.clean_file`), labelling its numbers ``kind`` and
    ``user-supplied:<file name>``.

    ``kind`` is required: whether a researcher's file holds their own counts (``supplied``), counts its
    publisher released (``published``) or made-up ones (``synthetic``) only the caller knows, so no label is assumed. It must be one of
    :data:`analysis.sources.tables.KINDS`, checked even when no path is given.

    >>> load(None, kind="derived") is None
    True
    >>> own = load("tests/fixtures/synthetic_per_state_counts.csv", kind="synthetic")
    >>> own.label, own.kind, len(own.rejects)
    ('user-supplied:synthetic_per_state_counts.csv', 'synthetic', 0)
    """
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {KINDS}")
    if query_counts_path is None:
        return None
    from analysis.cleaning.clean import clean_file

    path = resolve_counts_path(query_counts_path)
    result = clean_file(path, sheet=sheet, period=period, agency_map=agency_map, columns=columns,
                        period_grain=period_grain, fiscal_year_start=fiscal_year_start)
    return OwnCounts(path, f"user-supplied:{path.name}", kind, result.clean, result.rejects, result.key_column,
                     result.grain_reason)


def load_note(own: OwnCounts | None) -> str:
    """Markdown saying which file was read, rows kept and rejected (by reason) and the queries kept; or, without a
    file, that the run uses only ``data/raw/``.

    >>> load_note(None) == NO_FILE_NOTE
    True
    >>> print(load_note(load("tests/fixtures/synthetic_per_state_counts.csv", kind="synthetic")).splitlines()[0])
    - file: synthetic_per_state_counts.csv
    """
    if own is None:
        return NO_FILE_NOTE
    text = (
        f"- file: {own.file.name}\n"
        f"- rows clean: {len(own.clean):,}; rows rejected: {len(own.rejects):,}; "
        f"queries clean: {int(own.clean['queries'].sum()):,}"
    )
    if len(own.rejects):
        reasons = own.rejects["reason"].value_counts()
        text += "\n\nRejected rows by reason:\n\n" + "\n".join(f"- {r}: {n:,}" for r, n in reasons.items())
    return text
