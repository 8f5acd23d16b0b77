"""Build step of the wheel: ship ``data/raw/`` and notebook 02 as package data, copied when the wheel is built.

Everything else about the package is in ``pyproject.toml``. The copies go into the build folder only (never into
``src/``), so the repository keeps one copy of ``data/raw/``; each raw file is checked against
``data/raw/SHA256SUMS`` first, and a file that differs, is missing or is not listed stops the build. Notebook 02
(what ``nlets-analysis compare`` runs) is shipped without its outputs. An editable install reads ``data/raw/``
directly and copies nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
RAW = HERE / "data" / "raw"
NOTEBOOKS = ("02_blocking_states.ipynb",)
PACKAGED = Path("analysis") / "_data"  # read back by analysis.paths.packaged_dir


def checked_raw_files(folder: Path) -> list[Path]:
    """Every file of ``folder`` with ``SHA256SUMS`` itself, after checking each against ``SHA256SUMS``."""
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        raise SystemExit(f"cannot build: {sums} is missing (build from a checkout or from the sdist)")
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            listed[name.lstrip("*")] = digest
    present = {p.name for p in folder.iterdir() if p.is_file() and p.name != "SHA256SUMS"}
    problems = [f"{name}: not listed in SHA256SUMS" for name in sorted(present - set(listed))]
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: listed in SHA256SUMS but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: differs from its checksum (a clone that changed line endings? see .gitattributes)")
    if problems:
        raise SystemExit("cannot build: data/raw/SHA256SUMS:\n  " + "\n  ".join(problems))
    return [folder / name for name in sorted(listed)] + [sums]


def without_outputs(text: str) -> str:
    """A notebook's JSON with every code cell's outputs and execution count removed."""
    notebook = json.loads(text)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


class build_py_with_data(build_py):  # noqa: N801 - setuptools command naming
    """``build_py``, then the checked copies of ``data/raw/`` and notebook 02 into the package being built."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / PACKAGED
        shutil.rmtree(target, ignore_errors=True)
        (target / "raw").mkdir(parents=True)
        for path in checked_raw_files(RAW):
            shutil.copyfile(path, target / "raw" / path.name)
        (target / "notebooks").mkdir()
        for name in NOTEBOOKS:
            text = (HERE / "notebooks" / name).read_text(encoding="utf-8")
            with open(target / "notebooks" / name, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(without_outputs(text))


setup(cmdclass={"build_py": build_py_with_data})
