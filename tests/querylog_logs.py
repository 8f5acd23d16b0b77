"""Small deterministic row-level query logs for the query-log tests, in the input orders that matter to a reader that
builds its value maps from a sample: shuffled, sorted by destination state, and split into several files (one with
other headers). ``tests/fixtures/make_querylog_golden.py`` writes the expected tables from them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.safe_csv import write_csv

ROWS = 4000
STATES = [
    "NY", " NY ", "ny", "New York", "N.Y.", "State of New York", "CA", "Calif.", "california", "TX", "Texas", "tx",
    "FL", "Fla.", "IL", "Ill.", "WA", "Wash.", "MN", "Minn.", "PR", "Puerto Rico", "Guam", "ON", "Ontario", "QC",
    "XX", "unknown", "N/A", "Atlantis", None,
]
AGENCIES = [
    "ICE", "ice", "ICE ERO", "Immigration and Customs Enforcement", "HSI", "Homeland Security Investigations",
    "ICE HSI", "CBP", "US Border Patrol", "Police Department, City of Austin", "Austin Police Dept", "NYPD",
    "Harris County Sheriff's Office", "FBI", "RCMP", "HSI Task Force - Austin PD", "Acme Corp", "", None,
]
KEYS = ["DQ", "dq", "D Q", "DQG", "RQ", "r q", "rqg", "DNQ", "RNQ", "IQ", "FQ", "AQ", "XQ", "", None]
BAD_TIMESTAMPS = ["N/A", "", "2025-02-30 08:00:00", "0000-00-00 00:00:00", "never", None]
COLUMNS = ["Query Timestamp", "Dest. State", "Requesting Agency", "MKE"]


def make_log(rows: int = ROWS, seed: int = 17) -> pd.DataFrame:
    """A messy log in generation order: skewed spellings (a few are rare), 4 % bad or blank timestamps, ISO,
    ``T``/``Z`` and US timestamps over the first months of 2025."""
    rng = np.random.default_rng(seed)

    def pick(values: list, n: int) -> list:
        weights = 1.0 / np.arange(1, len(values) + 1)  # Zipf-like: the last spellings are rare
        return [values[i] for i in rng.choice(len(values), size=n, p=weights / weights.sum())]

    seconds = rng.integers(0, 120 * 86_400, size=rows)
    stamps = pd.Timestamp("2025-01-01") + pd.to_timedelta(seconds, unit="s")
    style = rng.integers(0, 10, size=rows)
    text = [
        s.strftime("%m/%d/%Y %H:%M:%S") if k == 0 else s.strftime("%Y-%m-%dT%H:%M:%SZ") if k == 1
        else s.strftime("%Y-%m-%d") if k == 2 else s.strftime("%Y-%m-%d %H:%M:%S")
        for s, k in zip(stamps, style)
    ]
    bad = rng.random(rows) < 0.04
    bad_values = [BAD_TIMESTAMPS[i] for i in rng.integers(0, len(BAD_TIMESTAMPS), size=int(bad.sum()))]
    timestamps = np.array(text, dtype=object)
    timestamps[bad] = bad_values
    return pd.DataFrame({
        COLUMNS[0]: timestamps, COLUMNS[1]: pick(STATES, rows), COLUMNS[2]: pick(AGENCIES, rows),
        COLUMNS[3]: pick(KEYS, rows),
    })


def write_inputs(folder: Path, order: str, rows: int = ROWS) -> list[Path]:
    """The log written to ``folder`` in one of the orders ``shuffled``, ``sorted`` (by destination state, blanks
    first) or ``multi`` (the shuffled log in three files, the second with other headers); returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    log = make_log(rows)
    shuffled = log.sample(frac=1.0, random_state=3).reset_index(drop=True)
    if order == "shuffled":
        return [write_csv(shuffled, folder / "log-shuffled.csv")]
    if order == "sorted":
        ordered = log.sort_values(COLUMNS[1], na_position="first", kind="stable").reset_index(drop=True)
        return [write_csv(ordered, folder / "log-sorted.csv")]
    if order == "multi":
        third = len(shuffled) // 3
        renamed = {"Query Timestamp": "Date/Time", "Dest. State": "State", "MKE": "Message Key"}
        return [
            write_csv(shuffled.iloc[:third], folder / "part-1.csv"),
            write_csv(shuffled.iloc[third:2 * third].rename(columns=renamed), folder / "part-2.csv"),
            write_csv(shuffled.iloc[2 * third:], folder / "part-3.csv"),
        ]
    raise ValueError(f"unknown order {order!r}")


ORDERS = ("shuffled", "sorted", "multi")
GOLDEN = Path(__file__).parent / "fixtures" / "querylog_golden"


def comparable(result, files: list[Path]) -> dict[str, pd.DataFrame]:
    """The three tables of a result with file paths shown as bare names (the tests read logs from a temp folder)."""
    names = {str(f): f.name for f in files}
    rejects = result.rejects.copy()
    rejects["source_file"] = rejects["source_file"].map(lambda p: names.get(str(p), Path(str(p)).name))
    return {"clean": result.clean, "rejects": rejects, "audit": result.audit}
