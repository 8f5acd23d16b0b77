"""The API reference: ``mkdocs build --strict`` of mkdocs.yml (guides and docs/api/*.md from the docstrings) passes
with warnings as errors and documents the public functions; the example of "Use the library from Python"
(docs/library.md) runs; ``analysis.findings.__all__`` names its public modules."""

from __future__ import annotations

import importlib.util
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import analysis.findings

ROOT = Path(__file__).resolve().parents[1]
# Anchors the reference must hold: the public functions the guides send readers to.
DOCUMENTED = {
    "api/cleaning": ["analysis.cleaning.read.read_counts", "analysis.cleaning.clean.clean_query_counts",
                     "analysis.cleaning.clean_result.CleanResult", "analysis.cleaning.querylog.aggregate_query_log",
                     "analysis.cleaning.normalize.normalize_state"],
    "api/findings": ["analysis.findings.own_rates.compare_own_counts", "analysis.findings.own_rates.OwnComparison",
                     "analysis.findings.comparison_basics.per_100k_month"],
    "api/compare": ["analysis.cli.compare.write_comparison"],
}


def _fences():
    pytest.importorskip("griffe", reason="the docs extra is not installed")
    spec = importlib.util.spec_from_file_location("doctest_fences", ROOT / "docs" / "api" / "doctest_fences.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_findings_all_names_its_modules():
    modules = sorted(m.name for m in pkgutil.iter_modules(analysis.findings.__path__) if not m.name.startswith("_"))
    assert analysis.findings.__all__ == modules


@pytest.mark.slow  # ~6 s: reads the synthetic file and compares it
def test_library_page_example_runs():
    """docs/library.md's example, run from the project folder as the page says; it prints the cleaning summary and
    the groups compared."""
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    code = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(code) == 1
    done = subprocess.run([sys.executable, "-c", code[0]], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "rows:      161 in = 151 clean + 10 rejected" in done.stdout
    assert "blocked ICE" in done.stdout and "not known to block ICE" in done.stdout


def test_doctests_are_fenced_for_display():
    fences = _fences()
    text = "Sum.\n\n    >>> 1 + 1\n    2\n\nAfter."
    assert fences.fence_doctests(text) == "Sum.\n\n    ```pycon\n    >>> 1 + 1\n    2\n    ```\n\nAfter."
    assert fences.fence_doctests(">>> x\n1") == "```pycon\n>>> x\n1\n```"
    assert fences.ROLE.sub(r"`\1`", "see :func:`~analysis.x.f` and :class:`C`") == "see `analysis.x.f` and `C`"


@pytest.mark.slow
def test_reference_builds_strict(tmp_path: Path):
    """Skips only when the docs extra is not installed (``make test`` installs it)."""
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        if importlib.util.find_spec(module.split(".")[0]) is None or importlib.util.find_spec(module) is None:
            pytest.skip(f"the docs extra is not installed ({module} missing): pip install -e '.[docs]'")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-4000:]
    for page, names in DOCUMENTED.items():
        html = (site / page / "index.html").read_text(encoding="utf-8")
        missing = [n for n in names if f'id="{n}"' not in html]
        assert not missing, f"{page}: not documented: {missing}"
        assert '<blockquote' not in html, f"{page}: a doctest rendered as a quote, not as code"
    assert (site / "library" / "index.html").exists()
