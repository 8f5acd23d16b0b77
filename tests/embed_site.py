"""A copy of the committed reports/ with the embed pages and both indexes rendered again by this checkout's code, for
the embed tests (the committed pages may predate it); nothing under reports/ is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis.paths import project_root
from analysis.publish.data_as_of import data_as_of
from analysis.publish.site_embeds import render_embeds
from analysis.publish.site_index import render_index
from analysis.publish.site_spanish import render_spanish


def rendered_project(folder: Path) -> Path:
    """``folder/project`` holding ``pyproject.toml`` and a ``reports/`` copied from the project's, its embed pages
    and indexes rendered afresh; returns the project folder."""
    root = folder / "project"
    reports = root / "reports"
    shutil.copytree(project_root() / "reports", reports)
    shutil.copy(project_root() / "pyproject.toml", root / "pyproject.toml")
    notebooks = [Path("notebooks") / f"{p.stem}.ipynb" for p in sorted((reports / "notebooks").glob("*.html"))]
    render_embeds(reports)
    render_index(reports, notebooks)
    render_spanish(reports, data_as_of(), notebooks)
    return root
