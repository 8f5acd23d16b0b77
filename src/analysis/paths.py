"""Where the project's folders are. Every path in the library comes from here, never from the working directory.

The project root is the folder holding ``pyproject.toml`` and ``data/raw``; set ``NLETS_PROJECT_ROOT`` to point the
library at another checkout. ``NLETS_REPORTS_DIR`` redirects exports (figures, tables, manifest), which the tests
and parameterised reruns use so that nothing they make lands in ``reports/``.
"""

from __future__ import annotations

import os
from pathlib import Path

_MARKERS = ("pyproject.toml", "data/raw")


def _looks_like_root(folder: Path) -> bool:
    return all((folder / marker).exists() for marker in _MARKERS)


def project_root() -> Path:
    """The project folder: ``$NLETS_PROJECT_ROOT``, else the checkout this package was installed from (editable
    install), else the nearest parent of the working directory that holds ``pyproject.toml`` and ``data/raw``."""
    env = os.environ.get("NLETS_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for folder in here.parents:
        if _looks_like_root(folder):
            return folder
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if _looks_like_root(folder):
            return folder
    raise FileNotFoundError(
        "cannot find the project folder (one holding pyproject.toml and data/raw); set NLETS_PROJECT_ROOT"
    )


def raw_dir() -> Path:
    """``data/raw/``: sourced input, never edited."""
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    """``data/processed/``: tables rebuilt from ``data/raw/`` by ``nlets-analysis build``."""
    return project_root() / "data" / "processed"


def notebooks_dir() -> Path:
    """``notebooks/``: the numbered notebooks the build executes."""
    return project_root() / "notebooks"


def reports_dir() -> Path:
    """``reports/`` (or ``$NLETS_REPORTS_DIR``): what reporters cite."""
    env = os.environ.get("NLETS_REPORTS_DIR")
    return Path(env).resolve() if env else project_root() / "reports"


def figures_dir() -> Path:
    """``reports/figures/``."""
    return reports_dir() / "figures"


def tables_dir() -> Path:
    """``reports/tables/``."""
    return reports_dir() / "tables"


def relative_to_root(path: Path | str) -> str:
    """A path as shown to users: relative to the project root when inside it, so outputs carry no machine paths.

    >>> relative_to_root(project_root() / "data" / "raw" / "states.csv")
    'data/raw/states.csv'
    """
    p = Path(path).resolve()
    try:
        return p.relative_to(project_root()).as_posix()
    except ValueError:
        return p.as_posix()
