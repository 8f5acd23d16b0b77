"""The whole pipeline, in order: validate ``data/raw/`` → rebuild ``data/processed/`` → execute the numbered
notebooks in place → write ``reports/`` (notebook pages and the index page).

``check()`` runs the same pipeline in a scratch copy of the project and reports every file that differs from the
committed one: the reproducibility check.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.pipeline import processed
from analysis.sources import tables as sources
from analysis.paths import notebooks_dir, project_root, relative_to_root, reports_dir

# Folders the build writes; --check compares them with the committed copies.
OUTPUT_DIRS = ("data/processed", "reports", "notebooks")
_COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info",
                                      ".ipynb_checkpoints", "build", "tmp")
NOTEBOOK_TIMEOUT_S = 900

if TYPE_CHECKING:
    import nbformat


class BuildError(RuntimeError):
    """A build step failed; the message names the step and, for notebooks, the notebook, cell and error."""


def numbered_notebooks(only: str | None = None) -> list[Path]:
    """The notebooks the build executes (``notebooks/NN_*.ipynb``), optionally just one by name or number.

    ``only`` matches a file name with or without ``.ipynb`` (``01_disclosure_breakdown``) or its number (``01``).
    """
    notebooks = sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    if only is None:
        return notebooks
    key = only.removesuffix(".ipynb")
    chosen = [nb for nb in notebooks if nb.stem == key or nb.stem.split("_", 1)[0] == key]
    if not chosen:
        names = ", ".join(nb.stem for nb in notebooks)
        raise BuildError(f"no notebook called {only!r} (have: {names})")
    return chosen


def _scrub(nb: nbformat.NotebookNode) -> None:
    """Remove what differs between runs but says nothing about the result."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    # language_info stays as the kernel reports it (with its Python version), so that opening a notebook in
    # JupyterLab with the project's kernel changes nothing; check() ignores the patch version.
    # The kernelspec exactly as ipykernel installs it, so that opening a notebook in JupyterLab does not mark it
    # modified by rewriting the kernel's display name.
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)


def execute_notebook(path: Path) -> None:
    """Execute one notebook in place (in its own folder), keeping outputs; raise :class:`BuildError` naming the
    notebook, the cell number and the error when a cell fails."""
    import nbformat  # the notebook stack loads only when a notebook runs
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=NOTEBOOK_TIMEOUT_S,
        kernel_name="python3",
        record_timing=False,
        coalesce_streams=True,  # one stream output per cell and name, however the kernel chunked the text
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        # The kernel's own log lines (transport warnings) are noise here; cell errors arrive as messages.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        failed = next(
            (n for n, i in enumerate(code_cells, 1) if any(o.get("output_type") == "error" for o in nb.cells[i].outputs)),
            None,
        )
        where = f"code cell {failed}" if failed else "a cell"
        error = f"{exc.ename}: {exc.evalue}" if getattr(exc, "ename", None) else str(exc).strip().splitlines()[-1]
        raise BuildError(f"{relative_to_root(path)}: {where} failed: {error}") from None
    _scrub(nb)
    write_notebook(nb, path)


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write ``nb`` as ``nbformat.write`` does (one JSON text ending in a newline), in UTF-8 with LF line ends on
    every platform, as JupyterLab saves it."""
    import nbformat

    text = nbformat.writes(nb)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")


def _clear_reports(folder: Path) -> None:
    """Remove what the build writes into ``folder`` (figures, tables, notebook pages, the index and manifest), only
    when the folder is a reports folder this package made (it holds a ``manifest.json``)."""
    if not (folder / "manifest.json").is_file():
        return
    for name in ("figures", "tables", "notebooks", "embed", "states", "cards", "es"):
        shutil.rmtree(folder / name, ignore_errors=True)
    for name in ("index.html", "manifest.json", "manifest.json.lock"):
        (folder / name).unlink(missing_ok=True)


def _step(label: str, log: Callable[[str], None]) -> None:
    log(f"[build] {label}")


@contextmanager
def _reports_named() -> Iterator[None]:
    """``$NLETS_REPORTS_DIR`` set to the reports folder for the duration of the build (inherited by the notebooks'
    kernels): only then do exports go to the project's ``reports/`` (:func:`analysis.paths.may_write_reports`)."""
    before = os.environ.get("NLETS_REPORTS_DIR")
    os.environ["NLETS_REPORTS_DIR"] = os.fspath(reports_dir())
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NLETS_REPORTS_DIR", None)
        else:
            os.environ["NLETS_REPORTS_DIR"] = before


def run(only: str | None = None, log: Callable[[str], None] = print) -> None:
    """Run the pipeline in this project; ``only`` limits notebook execution to one notebook."""
    with _reports_named():
        _run(only, log)


def _run(only: str | None, log: Callable[[str], None]) -> None:
    from analysis.publish import site  # imported here: it pulls in nbconvert

    _step("1/4 validate data/raw (checksums, schemas)", log)
    files = sources.verify_checksums()
    for load in (sources.load_sources, sources.load_disclosure_figures, sources.load_states,
                 sources.load_ice_access_events, sources.load_state_level_figures):
        load()  # each validates its table against its schema and raises RawDataError naming file, row, column
    log(f"       {len(files)} raw files match SHA256SUMS and their schemas")

    _step("2/4 rebuild data/processed", log)
    written = processed.build_processed()
    log(f"       {len(written)} files written")

    notebooks = numbered_notebooks(only)
    if only is None:
        # A full build starts from an empty reports folder, so nothing from an earlier build (a renamed figure, a
        # citable row of a source since removed) survives into the files reporters cite.
        _clear_reports(reports_dir())
    _step(f"3/4 execute {len(notebooks)} notebook(s) in place", log)
    for nb in notebooks:
        log(f"       {relative_to_root(nb)}")
        execute_notebook(nb)

    _step("4/4 write reports (notebook pages, index page, share cards)", log)
    pages = site.build_site(reports_dir(), numbered_notebooks())
    log(f"       {len(pages)} pages written; open {relative_to_root(reports_dir() / 'index.html')}")
    from analysis.publish.share_cards import write_cards

    cards = write_cards(reports_dir())
    log(f"       {len(cards)} share cards drawn (cards/, es/cards/)")


def _differences(expected: Path, actual: Path) -> list[str]:
    """Files that differ, are missing or are extra between two folders (relative paths)."""
    diffs = []
    for folder in OUTPUT_DIRS:
        a, b = expected / folder, actual / folder
        names = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()} if a.exists() else set()
        names |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()} if b.exists() else set()
        for name in sorted(names):
            if "exploratory/" in name or ".ipynb_checkpoints" in name:
                continue
            left, right = a / name, b / name
            if not left.exists():
                diffs.append(f"{folder}/{name}: made by the build but not committed")
            elif not right.exists():
                diffs.append(f"{folder}/{name}: committed but not made by the build")
            elif not filecmp.cmp(left, right, shallow=False) and not _same_notebook(left, right):
                diffs.append(f"{folder}/{name}: differs from the committed file")
    return diffs


def _same_notebook(left: Path, right: Path) -> bool:
    """Whether two notebooks differ only in the patch version of the kernel's Python (``3.11.7`` against
    ``3.11.9``): a rebuild on another patch release of the pinned Python compares equal."""
    if left.suffix != ".ipynb" or right.suffix != ".ipynb":
        return False
    try:
        notebooks = [json.loads(p.read_text(encoding="utf-8")) for p in (left, right)]
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    for notebook in notebooks:
        info = notebook.get("metadata", {}).get("language_info", {})
        if isinstance(info.get("version"), str):
            info["version"] = ".".join(info["version"].split(".")[:2])
    return notebooks[0] == notebooks[1]


def _tracked_files(root: Path) -> list[str] | None:
    """The files git tracks in ``root`` (their working-tree versions), or None outside a git checkout."""
    try:
        result = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in result.stdout.decode().split("\0") if name]


def _copy_project(root: Path, copy: Path) -> None:
    """Copy the project's tracked files (or, outside git, everything but caches and environments)."""
    tracked = _tracked_files(root)
    if tracked is None:
        shutil.copytree(root, copy, ignore=_COPY_IGNORE)
        return
    for name in tracked:
        source = root / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)


def check(only: str | None = None, log: Callable[[str], None] = print) -> list[str]:
    """Rebuild in a temporary copy of the project and return the output files that differ from this project's."""
    root = project_root()
    with tempfile.TemporaryDirectory(prefix="nlets-check-") as scratch:
        copy = Path(scratch) / "project"
        _copy_project(root, copy)
        # Start from empty output folders, so a committed file the build no longer makes shows up. With --only the
        # other notebooks' exports are not remade, so reports/ is kept.
        for folder in ("data/processed",) + (("reports",) if only is None else ()):
            shutil.rmtree(copy / folder, ignore_errors=True)
        log(f"[check] rebuilding in a scratch copy of {root.name}")
        env = {**os.environ, "NLETS_PROJECT_ROOT": str(copy)}
        env.pop("NLETS_REPORTS_DIR", None)
        command = [sys.executable, "-m", "analysis.cli", "build"] + (["--only", only] if only else [])
        result = subprocess.run(command, env=env, cwd=copy, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"the rebuild in the scratch copy failed:\n{result.stdout}{result.stderr}".rstrip())
        return _differences(root, copy)
