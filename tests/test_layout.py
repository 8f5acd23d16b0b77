"""The package layout follows the flow of the data: sources → cleaning → findings → publish, with pipeline and cli."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"
STAGES = ("sources", "cleaning", "findings", "publish", "pipeline", "cli")
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_module_belongs_to_a_stage_or_is_shared():
    top = {p.relative_to(PACKAGE).parts[0] for p in MODULES}
    assert top == {*STAGES, "__init__.py", "paths.py", "safe_csv.py", "guard.py", "folder_lock.py",
                   "catalog_marks.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _dotted(p))
def test_every_module_says_what_it_is_for(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and doc.strip(), f"{_dotted(path)} has no docstring"


@pytest.mark.parametrize("stage", ["sources", "cleaning", "findings"])
def test_early_stages_do_not_import_later_ones(stage):
    later = {"sources": ("cleaning", "findings", "publish", "pipeline", "cli"),
             "cleaning": ("findings", "publish", "pipeline", "cli"),
             "findings": ("publish", "pipeline", "cli")}[stage]
    allowed = {"analysis.publish.prose"}  # the house rule for writing a count in a table's note column
    for path in (PACKAGE / stage).rglob("*.py"):
        bad = {m for m in _imported(path) - allowed if m.split(".")[:2] in ([["analysis", s] for s in later])}
        assert not bad, f"{_dotted(path)} imports {sorted(bad)}"


def test_findings_draw_nothing():
    """Findings are tables in, tables out: importing every one of them loads no plotting library."""
    code = (
        "import importlib, pkgutil, sys, analysis.findings; "
        "names = [m.name for m in pkgutil.iter_modules(analysis.findings.__path__)]; "
        "[importlib.import_module(f'analysis.findings.{n}') for n in names]; "
        "assert len(names) > 3, names; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'seaborn'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


MAX_LINES = 450  # a module longer than this holds more than one responsibility: split it


def test_no_module_is_over_450_lines():
    long = {_dotted(p): n for p in MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_sourced_data_keeps_lf_line_endings_on_every_checkout():
    """A Windows clone (core.autocrlf=true) must not turn data/raw/ into CRLF, or its checksums fail; the messy test
    fixtures are kept byte for byte."""
    root = PACKAGE.parents[1]
    files = ["data/raw/states.csv", "data/raw/SHA256SUMS", "notebooks/01_disclosure_breakdown.ipynb",
             "tests/fixtures/synthetic_counts_messy.csv"]
    done = subprocess.run(["git", "check-attr", "eol", "text", "--", *files], cwd=root, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        pytest.skip("not a git checkout")
    attrs = dict(((line.split(": ")[0], line.split(": ")[1]), line.split(": ")[2]) for line in done.stdout.splitlines())
    for name in files[:3]:
        assert attrs[(name, "eol")] == "lf", name
    assert attrs[("tests/fixtures/synthetic_counts_messy.csv", "text")] == "unset"
