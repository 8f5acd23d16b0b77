"""Write ``synthetic_records_request_counts.xlsx``: a MADE-UP Nlets query-count export, as a records office might
send it, for the cleaning walkthrough (notebook 03) and the CLI tests. Every number in it is synthetic.

It imitates a records-request export: title lines above the header, counts per destination state × requesting
agency × message key × month, several spellings of the same state, agency and key, counts typed as text with
thousands separators, a blank and a malformed count, an exact duplicate row, per-state subtotal rows (one labelled
"... Total", one with blank keys, one that does not add up), a grand total and a footnote.

Rerun to regenerate byte-identical output (seeded; fixed workbook and zip timestamps):

    .venv/bin/python data/synthetic/make_synthetic_records_request.py
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import numpy as np
import openpyxl

OUT = Path(__file__).with_name("synthetic_records_request_counts.xlsx")
SEED = 20241001
FIXED_TIME = dt.datetime(2025, 1, 1)
MONTHS = ["Oct 2024", "Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025", "Mar 2025"]
# destination state -> the spellings a records office used for it (one is chosen per row)
STATES = {
    "New York": ["N.Y.", "new york", " NY "],
    "California": ["Calif.", "California", "CA"],
    "Minnesota": ["Minn.", "MN"],
    "Massachusetts": ["Mass.", "Massachusetts"],
    "Washington": ["Wash.", "WA"],
    "Illinois": ["Ill.", "IL"],
}
# requesting agency spelling -> made-up mean monthly queries per message key
AGENCIES = {
    "ICE ERO": 900,
    "Immigration and Customs Enforcement": 400,
    "ICE HSI": 1500,
    "U.S. Customs & Border Prot.": 300,
    "County Sheriff's Office": 2500,
    "Acme Fleet Services": 40,
}
KEYS = ["dq", "DQ ", "RQ", "r q", "DNQ", "RQG"]


def synthetic_rows(rng: np.random.Generator) -> list[list[object]]:
    """Header, detail rows, subtotals and a grand total, as cells (str, int or None)."""
    rows: list[list[object]] = [
        ["Dest. State", "Requesting Agency", "MKE", "Month", "# of Queries"],
    ]
    grand_total = 0
    for number, (state, spellings) in enumerate(STATES.items()):
        agencies = rng.choice(list(AGENCIES), size=3, replace=False)
        block_total = 0
        block: list[list[object]] = []
        for agency in sorted(agencies):
            for key in sorted(rng.choice(KEYS, size=2, replace=False)):
                for month in MONTHS[: 3 + number % 4]:
                    count = int(rng.poisson(AGENCIES[agency]))
                    cell: object = f"{count:,}" if count >= 1000 and rng.random() < 0.6 else count
                    block.append([str(rng.choice(spellings)), agency, key, month, cell])
                    block_total += count
        rows += block
        if number == 0:  # an exact duplicate of a row, as pasted twice; it is part of the block's total
            rows.append(list(block[4]))
            block_total += int(str(block[4][4]).replace(",", ""))
        if number == 1:  # a blank count and a malformed one
            rows.append([spellings[0], "ICE ERO", "DQ", MONTHS[0], None])
            rows.append([spellings[0], "ICE ERO", "RQ", MONTHS[0], "12.5"])
        if number == 2:  # a subtotal with blank keys: the state is kept, the rest left blank
            rows.append([spellings[0], None, None, None, block_total])
        elif number == 3:  # a subtotal someone typed by hand, off by 100
            rows.append([f"{state} Total", None, None, None, block_total + 100])
        else:
            rows.append([f"{state} Total", None, None, None, block_total])
        grand_total += block_total
    rows.append(["Grand Total", None, None, None, grand_total])
    rows.append(["Source: SYNTHETIC example generated for the cleaning walkthrough; not real data.", None, None, None, None])
    return rows


def write_xlsx_deterministic(sheets: dict[str, list[list[object]]], path: Path) -> None:
    """Write a workbook whose bytes depend only on ``sheets``: fixed document dates and zip entry times."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "synthetic data generator"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))


def main() -> None:
    rng = np.random.default_rng(SEED)
    title = [
        ["Nlets message counts by destination state, requesting agency, message key and month"],
        ["SYNTHETIC DATA: generated for demos and tests; these are not real Nlets figures"],
        ["Period: October 2024 - March 2025"],
        [],
    ]
    write_xlsx_deterministic({"Query counts": title + synthetic_rows(rng), "Notes": [["Synthetic file; see README.md"]]}, OUT)
    print(f"wrote {OUT.name}")


if __name__ == "__main__":
    main()
