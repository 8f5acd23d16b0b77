"""Small MADE-UP per-state counts for the ``compare`` tests: unequal coverage (AK has two months, the rest four),
an agency absent for one state (no HSI rows for OR), a file spanning Washington's block date, a Canadian
destination (Ontario) and a destination no rule recognises (UNKNOWN). Nothing here is real."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

MONTHS = ("2025-09", "2025-10", "2025-11", "2025-12")
STATES = {"NY": 0, "IL": 0, "WA": 40, "TX": 90, "CA": 60, "OR": 30, "AK": 5}  # ICE queries a month (made up)
AGENCIES = {"ICE ERO": 1.0, "Homeland Security Investigations": 2.0, "County Sheriff's Office": 20.0}


def synthetic_rows() -> pd.DataFrame:
    rows = []
    for state, ice in STATES.items():
        for month in MONTHS:
            if state == "AK" and month < "2025-11":
                continue  # unequal coverage
            for agency, factor in AGENCIES.items():
                if state == "OR" and agency.startswith("Homeland"):
                    continue  # HSI absent for one state
                queries = int(ice * factor) if ice else (0 if agency == "ICE ERO" else 50 * int(factor))
                if state == "WA" and agency == "ICE ERO" and month == "2025-12":
                    queries = 0
                rows.append((state, agency, "DQ", month, queries))
    for month in MONTHS:
        rows.append(("Ontario", "ICE ERO", "DQ", month, 7))
        rows.append(("Atlantis", "ICE ERO", "DQ", month, 3))
    return pd.DataFrame(rows, columns=["Destination State", "Requesting Agency", "Message Key", "Month", "Queries"])


def write_synthetic(folder: Path, name: str = "synthetic_compare_counts.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    synthetic_rows().to_csv(path, index=False)
    return path
