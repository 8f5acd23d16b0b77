"""citable_numbers.xlsx: the citable numbers as a workbook a desk opens (frozen header, set widths, headline-first
order like the CSV, unit and period, short citation and URL) where no text cell is ever a formula."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from analysis.publish.citable_numbers import (
    KIT_IDS,
    XLSX_COLUMNS,
    CitableNumber,
    citable_number,
    read_citable,
    write_citable_numbers,
)
from analysis.publish.export_checks import ExportError
from analysis.publish.export_tables import write_report_xlsx
from analysis.publish.manifest import read_manifest, verify_manifest

SOURCE = "wyden-press-release-2025-11-12"
PAYLOADS = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\")"]


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(folder))
    return folder


def _row(id_: str, **changes: object) -> CitableNumber:
    fields: dict[str, object] = dict(
        id=id_, value=1, formatted_value="1", unit="DMV queries", period="2024-10-01 to 2025-09-30", bound="exact",
        kind="published", sentence=f"Sentence {id_}.", sentence_es=f"Frase {id_}.", source_ids=(SOURCE,))
    return citable_number(**{**fields, **changes})


def _rows() -> list[CitableNumber]:
    rows = [_row(f"zz-payload-{i}", kind="derived", sentence=p, sentence_es=p) for i, p in enumerate(PAYLOADS)]
    return [*rows, _row("a-modelled", kind="modelled", value=0.5, formatted_value="50%", unit="share (fraction)"),
            _row("ice-queries", value=292114, formatted_value="292,114"),
            _row("total-queries", value=290_000_000, formatted_value="290 million", bound="at least"),
            _row("b-day", value="2025-11-18", formatted_value="Nov. 18, 2025", unit="date", period="2025-11-18")]


def _sheet(path: Path):
    return load_workbook(path).active


def test_the_workbook_is_written_beside_the_csv_and_listed_in_the_manifest(reports):
    write_citable_numbers(_rows(), "01_disclosure_breakdown")
    entry = next(e for e in read_manifest()["entries"] if e["name"] == "citable-numbers")
    assert [f["path"] for f in entry["files"]] == ["tables/citable_numbers.csv", "tables/citable_numbers.xlsx"]
    assert verify_manifest() == []


def test_headline_first_in_the_workbook_and_the_csv_alike(reports):
    write_citable_numbers(_rows(), "01_disclosure_breakdown")
    ws = _sheet(reports / "tables" / "citable_numbers.xlsx")
    ids = [c.value for c in ws["A"][1:]]
    assert ids[:2] == ["total-queries", "ice-queries"]  # the story kit's order
    assert ids[2] == "b-day" and ids[-1] == "a-modelled"  # then published, derived, modelled
    assert ids == [r.id for r in read_citable(reports)]
    assert [KIT_IDS.index(i) for i in ids[:2]] == [0, 1]


def test_frozen_bold_header_set_widths_and_the_desk_columns(reports):
    write_citable_numbers(_rows(), "01_disclosure_breakdown")
    ws = _sheet(reports / "tables" / "citable_numbers.xlsx")
    header = [c.value for c in ws[1]]
    assert header == list(XLSX_COLUMNS)
    assert {"unit", "period", "short_citation", "url"} <= set(header) and "citations" not in header
    assert ws.freeze_panes == "A2" and all(c.font.b for c in ws[1])
    for cell in ws[1]:
        assert ws.column_dimensions[cell.column_letter].width == XLSX_COLUMNS[cell.value]
    by_id = {row[0].value: {h: c.value for h, c in zip(header, row, strict=True)} for row in ws.iter_rows(min_row=2)}
    assert by_id["ice-queries"]["value"] == 292114 and by_id["a-modelled"]["value"] == 0.5
    assert by_id["b-day"]["value"] == "2025-11-18" and by_id["b-day"]["period"] == "2025-11-18"
    assert by_id["ice-queries"]["unit"] == "DMV queries"
    assert by_id["ice-queries"]["short_citation"] == "Office of U.S. Senator Ron Wyden, 2025-11-12"
    assert by_id["ice-queries"]["url"].startswith("https://www.wyden.senate.gov/")


def test_no_text_cell_is_a_formula_even_with_injection_payloads(reports):
    write_citable_numbers(_rows(), "01_disclosure_breakdown")
    path = reports / "tables" / "citable_numbers.xlsx"
    ws = _sheet(path)
    sentences = {c.value for c in ws["B"][1:]}
    for payload in PAYLOADS:
        assert payload.replace("\r", "\n") in sentences  # kept as written (XML reads a CR as a line feed)
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "n"), (cell.coordinate, cell.value, cell.data_type)
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    with zipfile.ZipFile(path) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_the_same_rows_give_the_same_bytes(reports):
    write_citable_numbers(_rows(), "01_disclosure_breakdown")
    first = (reports / "tables" / "citable_numbers.xlsx").read_bytes()
    write_citable_numbers(_rows(), "01_disclosure_breakdown")
    assert (reports / "tables" / "citable_numbers.xlsx").read_bytes() == first


def test_a_column_without_a_width_is_refused(tmp_path):
    with pytest.raises(ExportError, match="no width.*'b'"):
        write_report_xlsx(pd.DataFrame({"a": [1], "b": ["x"]}), tmp_path / "t.xlsx", widths={"a": 5}, sheet="s")


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8))
def test_any_text_stays_text(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    write_report_xlsx(pd.DataFrame({"t": texts}), path, widths={"t": 20}, sheet="s")
    ws = _sheet(path)
    for cell in ws["A"][1:]:
        # None only where every character was one a workbook cannot hold (removed)
        assert cell.value is None or (isinstance(cell.value, str) and cell.data_type == "s")
    with zipfile.ZipFile(path) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode("utf-8")
