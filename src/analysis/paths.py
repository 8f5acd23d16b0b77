"""Where the project's folders are. Every path in the library comes from here, never from the working directory.

Two ways the code runs:

* **From a checkout** (``make report``, an editable install, ``PYTHONPATH=src``): the project root is the folder
  holding ``pyproject.toml`` and ``data/raw``, and the sourced tables are read from ``data/raw/`` directly. Set
  ``NLETS_PROJECT_ROOT`` to point the library at another checkout.
* **Installed from a wheel or an sdist** (``pip install nlets-analysis``): the sourced tables and notebook 02 are
  package data (``analysis/_data/``), copied from ``data/raw/`` and ``notebooks/`` when the wheel was built and
  checked against ``data/raw/SHA256SUMS`` then. ``clean``, ``aggregate-log``, ``template``, ``compare`` and the
  library need nothing else; only ``build`` looks for the project folder (:func:`project_root`).

``NLETS_REPORTS_DIR`` redirects exports (figures, tables, manifest), which the tests, ``compare`` and
parameterised reruns use so that nothing they make lands in ``reports/``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_MARKERS = ("pyproject.toml", "data/raw")
# Inside the installed package: analysis/_data/raw/ (data/raw/'s files) and analysis/_data/notebooks/ (notebook 02).
PACKAGED_DATA = "_data"


class ProjectFolderNotFound(FileNotFoundError):
    """A step that needs the project folder (a checkout holding ``pyproject.toml`` and ``data/raw``) ran outside one."""


def _looks_like_root(folder: Path) -> bool:
    return all((folder / marker).exists() for marker in _MARKERS)


def checkout_root() -> Path | None:
    """The checkout the code runs from: ``$NLETS_PROJECT_ROOT``, else the folder above this module that holds
    ``pyproject.toml`` and ``data/raw`` (an editable install or ``PYTHONPATH=src``), else None (an installed wheel).

    >>> checkout_root() is None or (checkout_root() / "data" / "raw").is_dir()
    True
    """
    env = os.environ.get("NLETS_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    for folder in Path(__file__).resolve().parents:
        if _looks_like_root(folder):
            return folder
    return None


def find_project_root() -> Path | None:
    """The project folder if there is one: :func:`checkout_root`, else the nearest parent of the working directory
    that holds ``pyproject.toml`` and ``data/raw``; None when the code runs installed, outside any checkout."""
    root = checkout_root()
    if root is not None:
        return root
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if _looks_like_root(folder):
            return folder
    return None


def project_root() -> Path:
    """The project folder (:func:`find_project_root`); raise :class:`ProjectFolderNotFound`, with a one-line message
    saying what to do, when there is none. Only the build needs it."""
    root = find_project_root()
    if root is None:
        raise ProjectFolderNotFound(
            "needs the project folder (a checkout of nlets-analysis holding pyproject.toml and data/raw): "
            "run it inside the checkout or set NLETS_PROJECT_ROOT"
        )
    return root


def packaged_dir(name: str) -> Path:
    """A folder of the package data shipped in the wheel: ``raw`` (the files of ``data/raw/``) or ``notebooks``."""
    return Path(os.fspath(resources.files("analysis").joinpath(PACKAGED_DATA, name)))


def raw_dir() -> Path:
    """``data/raw/`` of the checkout the code runs from, else the copy shipped in the wheel: sourced input, never
    edited.

    >>> (raw_dir() / "SHA256SUMS").is_file()
    True
    """
    root = checkout_root()
    return root / "data" / "raw" if root is not None else packaged_dir("raw")


def notebooks_dir() -> Path:
    """``notebooks/``: the numbered notebooks the build executes; installed, the folder holding notebook 02 (what
    ``compare`` runs)."""
    root = checkout_root()
    return root / "notebooks" if root is not None else packaged_dir("notebooks")


def processed_dir() -> Path:
    """``data/processed/``: tables rebuilt from ``data/raw/`` by ``nlets-analysis build``."""
    return project_root() / "data" / "processed"


def reports_dir() -> Path:
    """``reports/`` (or ``$NLETS_REPORTS_DIR``): what reporters cite."""
    env = os.environ.get("NLETS_REPORTS_DIR")
    if env:
        return Path(env).resolve()
    root = find_project_root()
    if root is None:
        raise ProjectFolderNotFound("set NLETS_REPORTS_DIR to the folder exports should go to "
                                    "(outside a checkout there is no reports/)")
    return root / "reports"


def figures_dir() -> Path:
    """``reports/figures/``."""
    return reports_dir() / "figures"


def tables_dir() -> Path:
    """``reports/tables/``."""
    return reports_dir() / "tables"


def is_project_reports(folder: Path | str) -> bool:
    """Whether ``folder`` resolves to the project's own ``reports/`` (never, outside a checkout).

    >>> is_project_reports(project_root() / "reports"), is_project_reports(project_root() / "tests")
    (True, False)
    """
    root = find_project_root()
    return root is not None and Path(folder).resolve() == (root / "reports").resolve()


def may_write_reports() -> bool:
    """Whether exports may be written into :func:`reports_dir` now: the project's own ``reports/`` only when
    ``$NLETS_REPORTS_DIR`` names it, as ``nlets-analysis build`` does while it runs; a notebook run by hand (in
    JupyterLab, with nbconvert or papermill) exports only into a folder ``$NLETS_REPORTS_DIR`` names."""
    return bool(os.environ.get("NLETS_REPORTS_DIR")) or not is_project_reports(reports_dir())


def relative_to_root(path: Path | str) -> str:
    """A path as shown to users: relative to the project root when inside it, so outputs carry no machine paths.

    >>> relative_to_root(raw_dir() / "states.csv")
    'data/raw/states.csv'
    """
    p = Path(path).resolve()
    if checkout_root() is None:  # installed: the shipped copy of data/raw is named as the project names it
        try:
            return "data/raw/" + p.relative_to(packaged_dir("raw").resolve()).as_posix()
        except ValueError:
            pass
    root = find_project_root()
    try:
        return p.relative_to(root).as_posix() if root is not None else p.as_posix()
    except ValueError:
        return p.as_posix()
