"""The ``nlets-analysis`` command itself: its version, and that asking for help does not load the data stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analysis
from analysis.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"nlets-analysis {analysis.__version__}"


def test_building_the_parser_imports_no_data_library():
    """`nlets-analysis --help` (and a typo) answer at once: pandas, numpy, matplotlib and DuckDB load only when a
    command runs."""
    code = (
        "import sys, analysis.cli as c; c._parser(); "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pandas', 'numpy', 'matplotlib', 'duckdb', 'nbconvert'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_module_entry_point_matches_the_console_script():
    done = subprocess.run([sys.executable, "-m", "analysis.cli", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, f"nlets-analysis {analysis.__version__}")
