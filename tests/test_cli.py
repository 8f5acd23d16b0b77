"""The ``nlets-analysis`` command itself: its version, that asking for help does not load the data stack, and the one
option set with which clean and compare read a file."""

from __future__ import annotations

import argparse
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


def _options(command: str) -> set[str]:
    from analysis.cli import _parser

    parser, _ = _parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    return {s for action in sub._actions for s in action.option_strings}


def test_clean_and_compare_read_a_file_with_one_option_set():
    from analysis.cli.common import READING_OPTIONS

    assert set(READING_OPTIONS) <= _options("clean")
    assert set(READING_OPTIONS) <= _options("compare")


def test_compare_passes_every_reading_option_to_the_cleaner(tmp_path, monkeypatch):
    """compare cleans the file exactly as clean would with the same options (it stops after cleaning here)."""
    import analysis.cleaning.clean as clean_module

    seen = {}

    def fake_clean_file(path, **options):
        seen.update(options)
        raise ValueError("stop here")

    monkeypatch.setattr(clean_module, "clean_file", fake_clean_file)
    counts = tmp_path / "counts.csv"
    counts.write_text("State,Agency,Period,Queries\nWA,ICE,2025-01-01,5\n", encoding="utf-8")
    code = main(["compare", str(counts), "-o", str(tmp_path / "out"), "--period-grain", "month", "--column",
                 "Tot=queries", "--fiscal-year-start", "7", "--sheet", "S1", "--period", "FY2025"])
    assert code == 2
    assert seen == {"sheet": "S1", "period": "FY2025", "agency_map": None, "columns": {"Tot": "queries"},
                    "period_grain": "month", "fiscal_year_start": 7}
