"""Refuse a run before it writes anything: outputs that would replace or be an input, and output folders inside the
project's own reports/ or data/ (symlinks followed). One rule for every command and for notebook runs on a
researcher's file."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

PRODUCT_FOLDERS = ("reports", "data")  # the project's own folders: no run on a researcher's file writes into them


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


def product_folder(outdir: str | os.PathLike[str]) -> str | None:
    """The project folder (``reports/`` or ``data/``) that ``outdir`` resolves into, symlinks followed, or ``root
    folder`` for the project folder itself; None when it lands outside them. Output made from a user's file never
    goes into the product.

    >>> from analysis.paths import project_root
    >>> product_folder(project_root() / "reports" / "x"), product_folder(project_root() / "tests")
    ('reports/', None)
    """
    from analysis.paths import find_project_root

    target = Path(_resolved(outdir))
    root = find_project_root()
    if root is None:  # installed, outside any checkout: there is no product folder to protect
        return None
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
