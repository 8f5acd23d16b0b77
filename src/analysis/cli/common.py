"""Subcommands of ``nlets-analysis``; each module has ``register(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from analysis.cleaning.clean_result import CleanResult


def as_given(result: CleanResult, inputs: Iterable[str | os.PathLike[str]]) -> CleanResult:
    """``result`` with its input files named as typed on the command line (``data/in.csv``, not the absolute path)
    in ``rejects.source_file`` and the summary; the library names them relative to the project root."""
    from analysis.paths import relative_to_root

    names = {relative_to_root(p): os.fspath(p) for p in inputs}
    rejects = result.rejects
    if "source_file" in rejects:
        renamed = rejects["source_file"].map(names).fillna(rejects["source_file"]).astype(rejects["source_file"].dtype)
        rejects = rejects.assign(source_file=renamed)
    summary = result.summary
    if isinstance(summary.source_file, str):
        summary = dataclasses.replace(summary, source_file=names.get(summary.source_file, summary.source_file))
    return dataclasses.replace(result, rejects=rejects, summary=summary)


def parse_column_pairs(pairs: list[str], example: str) -> dict[str, str]:
    """``--column RAW=CANONICAL`` options as ``{raw: canonical}``; ``example`` shows the form in the error message.

    >>> parse_column_pairs(["Tot Qry=queries"], "'Tot Qry=queries'")
    {'Tot Qry': 'queries'}
    """
    columns = {}
    for pair in pairs:
        raw, sep, canonical = pair.rpartition("=")
        if not sep or not raw:
            raise ValueError(f"--column {pair!r}: expected RAW=CANONICAL, e.g. {example}")
        columns[raw] = canonical.strip()
    return columns


