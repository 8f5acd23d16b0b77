"""``nlets-analysis template``: the file it writes loads through ``nlets-analysis clean`` without hand work."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.cli.template import EXAMPLE_ROW, TEMPLATE_COLUMNS
from analysis.cleaning.headers import CANONICAL_COLUMNS
from analysis.cleaning.read import read_query_counts

# What a records office might return: raw spellings the cleaner maps (agency names, "1,040", lower-case keys).
FILLED = [
    ["WA", "DC", "ICE ERO", "DCXXXXXX1", "DQ", "2025-10-01", "2025-10-31", "12"],
    ["WA", "DC", "ICE ERO", "DCXXXXXX1", "DQ", "2025-11-01", "2025-11-30", "5"],
    ["NY", "TX", "Homeland Security Investigations", "TXXXXXXX2", "rq", "2025-10-01", "2025-10-31", "1,040"],
    ["IL", "CA", "U.S. Customs and Border Protection", "CAXXXXXX3", "DNQ", "2025-10-01", "2025-10-31", "0"],
]


def fill_csv(path):
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(FILLED)


def fill_xlsx(path):
    book = load_workbook(path)
    sheet = book.active
    for row in FILLED:
        sheet.append(row[:-1] + [int(row[-1].replace(",", ""))])  # a spreadsheet holds numbers, not text
    book.save(path)


def test_template_columns_are_canonical_reader_columns():
    assert set(TEMPLATE_COLUMNS) <= set(CANONICAL_COLUMNS)
    assert EXAMPLE_ROW[0].startswith("#") and len(EXAMPLE_ROW) == len(TEMPLATE_COLUMNS)


@pytest.mark.parametrize(("suffix", "fill"), [(".csv", fill_csv), (".xlsx", fill_xlsx)])
def test_filled_template_round_trips_through_clean_with_no_rejects(tmp_path, capsys, suffix, fill):
    template = tmp_path / f"counts{suffix}"
    assert main(["template", "-o", str(template)]) == 0
    fill(template)
    out = tmp_path / "out"
    assert main(["clean", str(template), "-o", str(out)]) == 0
    n = len(FILLED)
    assert re.search(rf"rows:\s+{n} in = {n} clean \+ 0 rejected", capsys.readouterr().out)

    rejects = pd.read_csv(out / "rejects.csv")
    clean = pd.read_csv(out / "clean.csv", dtype={"ori": str})
    assert rejects.empty
    assert len(clean) == len(FILLED)  # the commented example row is not among them
    assert clean["queries"].sum() == sum(int(r[-1].replace(",", "")) for r in FILLED)
    assert clean["agency"].tolist() == ["ICE", "ICE", "HSI", "CBP"]
    assert clean["message_key"].tolist() == ["DQ", "DQ", "RQ", "DNQ"]
    assert clean["ori"].tolist() == [r[3] for r in FILLED]
    assert clean["period_end"].tolist() == [r[6] for r in FILLED]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_empty_template_reads_as_headers_only(tmp_path, suffix):
    template = tmp_path / f"counts{suffix}"
    assert main(["template", "-o", str(template)]) == 0
    raw = read_query_counts(template)
    assert raw.empty
    assert list(raw.columns) == [*TEMPLATE_COLUMNS, "source_row"]


def test_refuses_to_overwrite_or_guess_the_format(tmp_path, capsys):
    existing = tmp_path / "counts.csv"
    existing.write_text("mine\n")
    assert main(["template", "-o", str(existing)]) == 2
    assert existing.read_text() == "mine\n"
    assert "use --force" in capsys.readouterr().err
    assert main(["template", "-o", str(existing), "--force"]) == 0
    assert existing.read_text().splitlines()[0] == ",".join(TEMPLATE_COLUMNS)
    assert main(["template", "-o", str(tmp_path / "counts.txt")]) == 2
    assert "must end in .csv or .xlsx" in capsys.readouterr().err
