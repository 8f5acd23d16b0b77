"""Subcommands of ``nlets-analysis``; each module has ``register(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.clean import CleanResult


def overwritten_input(
    inputs: Iterable[str | os.PathLike[str] | None], outdir: str | os.PathLike[str], names: Sequence[str]
) -> tuple[str, str] | None:
    """The first ``(input, output)`` where writing the files ``names`` into ``outdir`` would replace an input (or
    ``outdir`` is an input file), spelled as given; None when no output touches an input. Paths are compared once
    resolved (symlinks, ``..``, ``./``) and, for files that exist, as files on disk (hard links, case).

    >>> overwritten_input(["out/clean.csv"], "out", ["clean.csv"]), overwritten_input(["in.csv"], "out", ["clean.csv"])
    (('out/clean.csv', 'out/clean.csv'), None)
    """
    folder = Path(outdir)
    outputs = [folder, *(folder / name for name in names)]
    by_path = {_resolved(p): os.fspath(p) for p in reversed(outputs)}
    by_file = {key: os.fspath(p) for p in reversed(outputs) if (key := _file_key(p)) is not None}
    for given in inputs:
        if given is None:
            continue
        key = _file_key(given)
        output = by_file.get(key) if key is not None else None
        output = output or by_path.get(_resolved(given))
        if output is not None:
            return os.fspath(given), output
    return None


def _resolved(path: str | os.PathLike[str]) -> str:
    try:
        return os.path.normcase(Path(path).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return os.path.normcase(os.path.abspath(path))


def _file_key(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    return stat.st_dev, stat.st_ino


def refusal(command: str, clash: tuple[str, str]) -> str:
    """The one-line message for a run refused by :func:`overwritten_input`.

    >>> refusal("clean", ("clean.csv", "clean.csv"))
    'nlets-analysis clean: clean.csv would replace the input clean.csv; nothing written (choose another -o folder)'
    """
    given, output = clash
    return (
        f"nlets-analysis {command}: {output} would replace the input {given}; nothing written "
        "(choose another -o folder)"
    )


def as_given(result: CleanResult, inputs: Iterable[str | os.PathLike[str]]) -> CleanResult:
    """``result`` with its input files named as typed on the command line (``data/in.csv``, not the absolute path)
    in ``rejects.source_file`` and the summary; the library names them relative to the project root."""
    from analysis.paths import relative_to_root

    names = {relative_to_root(p): os.fspath(p) for p in inputs}
    rejects = result.rejects
    if "source_file" in rejects:
        renamed = rejects["source_file"].map(names).fillna(rejects["source_file"]).astype(rejects["source_file"].dtype)
        rejects = rejects.assign(source_file=renamed)
    summary = dict(result.summary)
    if isinstance(summary.get("source_file"), str):
        summary["source_file"] = names.get(summary["source_file"], summary["source_file"])
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


PRODUCT_FOLDERS = ("reports", "data")


def product_folder(outdir: str | os.PathLike[str]) -> str | None:
    """The project folder (``reports/`` or ``data/``) that ``outdir`` resolves into, symlinks followed, or ``root
    folder`` for the project folder itself; None when it lands outside them. Output made from a user's file never
    goes into the product.

    >>> from analysis.paths import project_root
    >>> product_folder(project_root() / "reports" / "x"), product_folder(project_root() / "tests")
    ('reports/', None)
    """
    from analysis.paths import project_root

    target = Path(_resolved(outdir))
    root = project_root()
    if target == Path(_resolved(root)):
        return "root folder"
    for name in PRODUCT_FOLDERS:
        folder = Path(_resolved(root / name))
        if target == folder or folder in target.parents:
            return f"{name}/"
    return None


def outdir_refusal(
    command: str, inputs: Iterable[str | os.PathLike[str] | None], outdir: str | os.PathLike[str],
    names: Sequence[str],
) -> str | None:
    """The one-line refusal for writing results of ``inputs`` into ``outdir``, or None when the folder is fine: a
    folder inside the project's ``reports/`` or ``data/``, a folder that holds an input, or one where an output in
    ``names`` would replace an input (:func:`overwritten_input`) is refused.

    >>> outdir_refusal("compare", ["in/x.csv"], "in", ["index.html"])
    'nlets-analysis compare: in holds the input in/x.csv; nothing written (choose another -o folder)'
    """
    given = [p for p in inputs if p is not None]
    where = product_folder(outdir)
    if where is not None:
        return (f"nlets-analysis {command}: {os.fspath(outdir)} is inside the project's {where}; results from your "
                "file never go there; nothing written (choose another -o folder)")
    clash = overwritten_input(given, outdir, names)
    if clash is not None:
        return refusal(command, clash)
    folder = Path(_resolved(outdir))
    for path in given:
        if folder in Path(_resolved(path)).parents:
            return (f"nlets-analysis {command}: {os.fspath(outdir)} holds the input {os.fspath(path)}; nothing "
                    "written (choose another -o folder)")
    return None
