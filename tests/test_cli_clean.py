"""Tests for ``nlets-analysis clean``: exit codes, one-line errors, written files, and a summary that reconciles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.paths import project_root

SYNTHETIC = project_root() / "data" / "synthetic" / "synthetic_records_request_counts.xlsx"
FIXTURES = Path(__file__).parent / "fixtures"


def numbers(line: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*", line)]


def test_clean_the_synthetic_export_and_the_summary_reconciles(tmp_path: Path, capsys) -> None:
    assert main(["clean", str(SYNTHETIC), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split(":")[0].strip(): line for line in out.splitlines()}
    clean = pd.read_csv(tmp_path / "clean.csv")
    rejects = pd.read_csv(tmp_path / "rejects.csv", dtype=str, keep_default_na=False)
    subtotals = pd.read_csv(tmp_path / "subtotals.csv")
    duplicates = pd.read_csv(tmp_path / "duplicates.csv")

    rows_in, rows_clean, rows_rejected = numbers(lines["rows"])
    assert (rows_clean, rows_rejected) == (len(clean), len(rejects)) and rows_in == rows_clean + rows_rejected

    queries_in, queries_clean, queries_rejected = numbers(lines["queries"])
    rejected_counts = pd.to_numeric(rejects["queries"].str.replace(",", ""), errors="coerce")
    rejected_counts = rejected_counts[(rejected_counts >= 0) & (rejected_counts % 1 == 0)]
    assert queries_clean == clean["queries"].sum()
    assert queries_rejected == rejected_counts.sum()
    assert queries_in == queries_clean + queries_rejected

    by_reason = dict(re.findall(r"(\w+) (\d+(?:,\d{3})*)", lines["rejected rows by reason"].split(":", 1)[1]))
    assert {k: int(v) for k, v in by_reason.items()} == rejects["reason"].value_counts().to_dict()

    agree, differ, unchecked = numbers(lines["subtotals"])[1:]
    assert (agree, differ) == (int(subtotals["agrees"].eq(True).sum()), int(subtotals["agrees"].eq(False).sum()))
    assert numbers(lines["duplicates"])[0] == len(duplicates)
    # the synthetic export has one hand-typed subtotal that is off by 100, and one pasted-twice row
    assert differ == 1 and len(duplicates) == 1
    # the grand total agrees with the clean table to the last query
    grand = subtotals[subtotals["label"] == "Grand Total"].iloc[0]
    assert grand["agrees"] and grand["queries"] == clean["queries"].sum() + rejected_counts[
        rejects["reason"].isin(["missing_count", "bad_count", "bad_period", "missing_period"])
    ].sum()


def test_unreadable_file_exits_2_with_one_line_naming_it(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "junk.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    assert main(["clean", str(bad), "-o", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "junk.xlsx" in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "out").exists()


def test_missing_file_and_missing_header_exit_2(tmp_path: Path, capsys) -> None:
    assert main(["clean", str(tmp_path / "nope.csv"), "-o", str(tmp_path)]) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err
    headless = tmp_path / "headless.csv"
    headless.write_text("a,b\n1,2\n")
    assert main(["clean", str(headless), "-o", str(tmp_path)]) == 2
    assert "headless.csv: no header row" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "whenever"], "period='whenever'"),
        (["--agency-map", "/nonexistent/map.csv"], "map.csv: cannot read the agency map"),
        (["--sheet", "Nope"], "there is no sheet 'Nope'"),
        (["--column", "nonsense"], "expected RAW=CANONICAL"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, capsys, args: list[str], message: str) -> None:
    assert main(["clean", str(SYNTHETIC), "-o", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_period_and_agency_map_options(tmp_path: Path, capsys) -> None:
    table = tmp_path / "counts.csv"
    table.write_text("State,Agency,Count\nN.Y.,Acme Fleet Services,5\nCalif.,ICE ERO,7\n")
    mapping = tmp_path / "map.csv"
    mapping.write_text("raw_value,agency\nAcme Fleet Services,STATE_LOCAL\n")
    assert main(["clean", str(table), "-o", str(tmp_path / "out"), "--period", "FY2025", "--agency-map", str(mapping)]) == 0
    clean = pd.read_csv(tmp_path / "out" / "clean.csv")
    assert clean["agency"].tolist() == ["STATE_LOCAL", "ICE"]
    assert clean["period_start"].tolist() == ["2024-10-01"] * 2 and clean["period_end"].tolist() == ["2025-09-30"] * 2


def test_a_file_without_periods_gets_a_hint(tmp_path: Path, capsys) -> None:
    table = tmp_path / "counts.csv"
    table.write_text("State,Count\nNY,5\n")
    assert main(["clean", str(table), "-o", str(tmp_path / "out")]) == 0
    assert "--period" in capsys.readouterr().out


@pytest.mark.slow  # a whole command in a new process
def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "clean", str(FIXTURES / "synthetic_counts_messy.csv.gz"), "-o", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "rows:      11 in = 5 clean + 6 rejected" in done.stdout
    assert "queries:   4,218 in = 2,105 clean + 2,113 rejected" in done.stdout
    broken = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "clean", str(tmp_path / "clean.csv.gz"), "-o", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1 and "clean.csv.gz: no such file" in broken.stderr


def documented_cli_summary() -> str:
    """The summary pasted in docs/cleaning.md under "for the synthetic example file"."""
    text = (project_root() / "docs" / "cleaning.md").read_text(encoding="utf-8")
    after = text.split("for the synthetic example file", 1)[1]
    block = re.search(r"```\n(.*?)```", after, flags=re.DOTALL)
    assert block, "docs/cleaning.md: no fenced block after 'for the synthetic example file'"
    return block.group(1)


def test_the_summary_in_docs_cleaning_md_is_the_real_output(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(project_root())  # typed as the docs show it: the summary names the file as given
    assert main(["clean", str(SYNTHETIC.relative_to(project_root())), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    summary, wrote = out.split("\nwrote ", 1)
    assert documented_cli_summary() == summary + "\n"
    assert wrote.count("\n") == 1  # nothing after the list of files written


@pytest.mark.parametrize(("grain", "end"), [("day", "2024-10-01"), ("month", "2024-10-31")])
def test_period_grain_option_reads_first_of_month_dates_as_days_or_months(tmp_path: Path, grain: str, end: str) -> None:
    counts = tmp_path / "dated.csv"
    counts.write_text("State,Agency,MKE,Date,Queries\nNY,ICE,DQ,2024-10-01,5\n")
    assert main(["clean", str(counts), "-o", str(tmp_path / "out"), "--period-grain", grain]) == 0
    clean = pd.read_csv(tmp_path / "out" / "clean.csv", dtype=str)
    assert (clean.loc[0, "period_start"], clean.loc[0, "period_end"]) == ("2024-10-01", end)


def test_first_of_month_dates_under_any_header_are_months_and_one_date_is_refused(tmp_path: Path, capsys) -> None:
    months = tmp_path / "months.csv"
    months.write_text("State,Agency,MKE,Period,Queries\nNY,ICE,DQ,45566,300\nNY,ICE,DQ,45597,310\n")
    assert main(["clean", str(months), "-o", str(tmp_path / "out")]) == 0
    assert "periods:   Single dates in column 'Period' were read as calendar months" in capsys.readouterr().out
    clean = pd.read_csv(tmp_path / "out" / "clean.csv", dtype=str)
    assert clean["period_end"].tolist() == ["2024-10-31", "2024-11-30"]
    one = tmp_path / "one.csv"
    one.write_text("State,Agency,MKE,Period,Queries\nNY,ICE,DQ,45658,300\nCA,ICE,DQ,45658,20\n")
    assert main(["clean", str(one), "-o", str(tmp_path / "refused")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and not (tmp_path / "refused").exists()
    assert captured.err.endswith(
        "one.csv: column 'Period' holds one date (2025-01-01): say --period-grain month or --period-grain day\n"
    )
