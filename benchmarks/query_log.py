"""Benchmark: aggregating a row-level Nlets query log (issues 8, 17 and 29), side by side with a DuckDB floor and polars.

``make bench`` runs ``benchmarks/query_log.py --rows 1000000 5000000 10000000 100000000 --repeat 5``: the 1-10 M rows
of one state's year of queries, and 100 M. For each N it

1. generates a deterministic synthetic messy log of N rows (one CSV, DuckDB SQL, seeded) in a temp folder, in two
   orders: ``shuffled`` (rows in hash order, as a log of many sources looks) and ``sorted`` by destination state
   (the adversarial order for maps built from a sample: each spelling sits in one run of the file);
2. runs every method on every order, ``--repeat`` times, *alternating*, each round in the reverse order of the one
   before (a, c, cp, p, ap, then ap, p, cp, c, a, ...), each run in its own process, timing the whole process
   (interpreter start and imports included) and reading its CPU time and peak RSS from the OS:

   (a)  ``analysis.aggregate_query_log`` (the library) on the CSV;
   (c)  the floor: one DuckDB scan with ``GROUP BY`` on the raw strings and the date prefix, no parsing, no
        normalisation, no memory limit;
   (cp) the floor with pandas imported meanwhile in a thread, as the library imports it: the least a call that
        returns pandas tables pays over (c); for reference, no goal;
   (p)  a competent polars script: a lazy ``scan_csv``, the distinct values of each column through the same
        normalisers, joined back to the rows, and a streaming ``group_by`` (``pip install -e '.[bench]'``); skipped
        where its estimated peak memory would not fit the machine (about 2 GB at 100 M rows);
   (ap) the library on the same log copied to Parquet files (the first step beyond a CSV on one machine);
   (b)  plain pandas (``read_csv`` + ``Series.map`` of the scalar normalisers per row) and (b') pandas with the
        vectorised normalisers, for reference only (``--methods``; they need ~0.27 GB per M rows);
3. checks that every method that builds a clean table builds the same one, with the same rejected rows;
4. prints the medians (CPU seconds and peak RSS per size), the ratios to the floor and to polars, and each goal
   met or missed, then deletes the generated files; and extrapolates to a year of Nlets DMV traffic (290 M rows).

Synthetic data only: the spellings imitate those seen in records-request exports; no value comes from a real log.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HEADER = {"ts": "Query Timestamp", "state": "Destination State", "agency": "Requesting Agency", "key": "Message Key"}
YEAR_ROWS = 290_000_000
GB = 1e9
# Goals, on medians of whole-process wall times: (a) within 1.25x the floor's at 5 M and 10 M rows (the size of one
# state's log) and 1.2x at 100 M; (a) at most 0.67x polars' wall time (1.5x faster) at a quarter of its peak memory;
# peak RSS <= 0.5 GB up to 10 M rows and <= 1 GB up to 100 M, in any order; a year from Parquet <= 60 s.
TARGETS = {"vs_floor": 1.25, "vs_floor_100m": 1.2, "vs_polars": 0.67, "rss_vs_polars": 0.25, "rss_10m_gb": 0.5,
           "rss_100m_gb": 1.0, "year_parquet_s": 60.0}
FLOOR_GOAL_FROM_ROWS = 5_000_000  # below this the fixed cost of a Python process (pandas) dominates: no floor goal
ORDERS = ("shuffled", "sorted")
METHOD_ORDER = ["a", "c", "cp", "p", "ap", "b", "b2"]  # as the tables list them

# --------------------------------------------------------------------------------------------------------------------
# Synthetic vocabulary: (spelling, weight). Weights are relative within each list.
# --------------------------------------------------------------------------------------------------------------------

# AP-style abbreviations, used for a share of each state's rows where one exists.
AP_ABBREV = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
    "DC": "D.C.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "LA": "La.",
    "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.",
    "NE": "Neb.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.", "TX": "Texas",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}
# Per state: how its rows are spelled. A log is machine-written, so the clean code dominates; the mess is a tail.
STATE_VARIANTS = [
    ("{code}", 80.0), (" {code} ", 4.0), ("{lower}", 3.0), ("{name}", 3.0), ("{name_upper}", 2.0),
    ("{name_lower}", 1.5), ("{code_dotted}", 1.5), ("{ap}", 2.0), ("{name} ", 1.0), ("{code_title}", 1.0),
    ("State of {name}", 0.5),
]
STATE_NOISE = [
    (None, 0.6), ("XX", 0.1), ("unknown", 0.1), ("N/A", 0.1), ("ZZ", 0.05), ("ON", 0.05), ("Ontario", 0.02),
    ("BC", 0.02), ("QC", 0.02), ("Puerto Rico", 0.02), ("Guam", 0.01), ("USVI", 0.01),
]  # weights are % of all rows
AGENCIES = [
    ("Police Department, City of Austin", 6), ("Austin Police Department", 4), ("Los Angeles Police Department", 6),
    ("LAPD", 3), ("NYPD", 5), ("New York City Police Department", 3), ("Chicago Police Department", 4),
    ("Cook County Sheriff's Office", 3), ("Harris County Sheriff", 3), ("Texas Department of Public Safety", 4),
    ("Texas DPS", 3), ("California Highway Patrol", 4), ("Florida Highway Patrol", 3), ("State Police", 2),
    ("Miami-Dade Police", 2), ("police department", 1), ("Sheriff's Office", 1),
    ("ICE", 4), ("ice", 0.5), ("ICE ERO", 3), ("ICE-ERO", 1), ("ERO", 1), ("Immigration and Customs Enforcement", 2),
    ("U.S. Immigration and Customs Enforcement", 1.5), ("US IMMIGRATION & CUSTOMS ENFORCEMENT", 0.5),
    ("DHS/ICE", 0.5), ("HSI", 3), ("Homeland Security Investigations", 1.5), ("ICE HSI", 1), ("ICE/HSI", 0.5),
    ("hsi", 0.3), ("CBP", 3), ("U.S. Customs and Border Protection", 1.5), ("Customs and Border Protection", 1),
    ("US Border Patrol", 1), ("USBP", 0.5), ("FBI", 1), ("DEA", 0.5), ("U.S. Marshals Service", 0.5), ("ATF", 0.3),
    ("RCMP", 0.3), ("Royal Canadian Mounted Police", 0.2), ("Ontario Provincial Police", 0.2),
    ("", 0.5), ("N/A", 0.2), ("unknown", 0.2), ("Other", 0.3),
]
# A state's log names thousands of agencies (about 18,000 query through Nlets), each by its own name: a long tail of
# city and county agencies, each with a small share of the rows, in the forms records-request exports print.
PLACES = [
    "Washington", "Franklin", "Jefferson", "Lincoln", "Madison", "Jackson", "Clay", "Monroe", "Marion", "Union",
    "Greene", "Wayne", "Montgomery", "Warren", "Clinton", "Fayette", "Lake", "Marshall", "Polk", "Hamilton",
    "Carroll", "Grant", "Lawrence", "Douglas", "Adams", "Morgan", "Lee", "Calhoun", "Johnson", "Shelby",
]
AGENCY_FORMS = [  # {ori}: an ORI-like code, the state's two letters and seven digits
    "{place} County Sheriff's Office, {state}", "{place} Police Department ({state})", "{ori} {PLACE} PD",
    "{place} Co. SO - {state}", "City of {place} Police, {state}", "{ori} {place} Twp Police Dept",
    "{PLACE} COUNTY SHERIFF {state}", "{place} ({state}) Marshal's Office",
]
AGENCY_TAIL_SHARE = 25.0  # % of rows, spread evenly over the tail's names


def agency_spellings() -> list[tuple[str | None, float]]:
    """Weighted agency names: the common ones of AGENCIES, then a tail of every place in every state and territory,
    each pair in two of the eight AGENCY_FORMS (the two after the pair's own offset): 30 x 56 x 2 = 3,360 names."""
    codes = [code for code, _, _ in _states()]
    tail = [AGENCY_FORMS[(i + j + k) % len(AGENCY_FORMS)].format(
                place=place, PLACE=place.upper(), state=code, ori=f"{code}{(i * 7919 + j) % 10**7:07d}")
            for i, place in enumerate(PLACES) for j, code in enumerate(codes) for k in (0, 1)]
    if len(set(tail)) != len(tail):
        raise AssertionError("the agency tail repeats a name")
    head_total = sum(w for _, w in AGENCIES)
    head = [(v, w * (100.0 - AGENCY_TAIL_SHARE) / head_total) for v, w in AGENCIES]
    return head + [(name, AGENCY_TAIL_SHARE / len(tail)) for name in tail]


MESSAGE_KEYS = [
    ("DQ", 35), ("dq", 3), ("Dq", 1), (" DQ", 1), ("DQ ", 1), ("D Q", 0.5), ("DQG", 3), ("dqg", 0.5),
    ("RQ", 25), ("rq", 2), ("Rq", 1), ("R Q", 0.5), ("RQG", 2), ("rqg", 0.3), ("DNQ", 4), ("dnq", 0.5), ("D N Q", 0.2),
    ("RNQ", 3), ("rnq", 0.3), ("RPQ", 1), ("rpq", 0.2), ("IQ", 2), ("iq", 0.3), ("FQ", 2), ("fq", 0.3), ("AQ", 1),
    ("aq", 0.2), ("", 0.3), ("XQ", 0.1),
]
BAD_TIMESTAMPS = [
    (None, 40), ("N/A", 15), ("0000-00-00 00:00:00", 15), ("2025-02-30 08:15:00", 10), ("2025-13-01 00:00:00", 5),
    ("ERROR", 5), ("#VALUE!", 5), ("   ", 5),
]
BAD_TIMESTAMP_PER_MILLE = 10  # 1 % of rows
SLOTS = 100_000  # resolution of the weighted choice


def _states() -> list[tuple[str, str, float]]:
    """(USPS code, name, population) for the 50 states, DC and the territories, from data/raw/states.csv."""
    root = Path(__file__).resolve().parents[1]
    with open(root / "data" / "raw" / "states.csv", newline="", encoding="utf-8") as handle:
        return [(r["usps"], r["name"], float(r["population"] or 100_000)) for r in csv.DictReader(handle)]


def state_spellings() -> list[tuple[str | None, float]]:
    """Weighted spellings of destination states: every state in ~11 forms, weighted by population, plus noise."""
    states = _states()
    total_pop = sum(pop for _, _, pop in states)
    clean_share = 100.0 - sum(w for _, w in STATE_NOISE)
    out: dict[str | None, float] = {}
    variant_total = sum(w for _, w in STATE_VARIANTS)
    for code, name, pop in states:
        fields = {
            "code": code, "lower": code.lower(), "code_title": code.title(), "name": name,
            "name_upper": name.upper(), "name_lower": name.lower(), "code_dotted": f"{code[0]}.{code[1]}.",
            "ap": AP_ABBREV.get(code, name),
        }
        for pattern, weight in STATE_VARIANTS:
            spelling = pattern.format(**fields)
            out[spelling] = out.get(spelling, 0.0) + clean_share * pop / total_pop * weight / variant_total
    for spelling, weight in STATE_NOISE:
        out[spelling] = out.get(spelling, 0.0) + weight
    return list(out.items())


def _slots(table: str, values: list[tuple[str | None, float]]) -> str:
    """SQL creating ``table(slot, value)``: SLOTS rows, each value in proportion to its weight. The boundaries are
    the rounded running totals, so every value keeps at least one slot and the last ends at SLOTS."""
    total = sum(w for _, w in values)
    rows, start, running = [], 0, 0.0
    for value, weight in values:
        running += weight
        end = max(start + 1, round(SLOTS * running / total))
        literal = "NULL" if value is None else "'" + value.replace("'", "''") + "'"
        rows.append(f"({start}, {end}, {literal})")
        start = end
    if start != SLOTS:
        raise AssertionError(f"{table}: {start:,} slots for {SLOTS:,}: a weight is below one slot")
    return (
        f"CREATE TEMP TABLE {table} AS SELECT s AS slot, v AS value FROM (VALUES {', '.join(rows)}) t(lo, hi, v), "
        f"range(lo, hi) r(s)"
    )


def generate(path: Path, rows: int, *, seed: int = 20251001, order: str = "shuffled") -> float:
    """Write a synthetic messy query log of ``rows`` rows to ``path`` (CSV) and return the seconds it took.

    Every value is a function of the row number and the seed (DuckDB ``hash``), so the same seed and DuckDB version
    give the same file whatever the thread count. Timestamps are spread uniformly over 2025; 1 % are bad or blank.
    ``order="sorted"`` writes the same rows sorted by destination state (blanks first), then row number.
    """
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(config={"memory_limit": "4GB", "temp_directory": str(path.parent / "sort-spill")})
    con.execute(f"SET threads = {os.cpu_count() or 1}; SET enable_progress_bar = false")
    con.execute(_slots("st", state_spellings()))
    con.execute(_slots("ag", agency_spellings()))
    con.execute(_slots("mk", MESSAGE_KEYS))
    con.execute(_slots("bt", BAD_TIMESTAMPS))
    seconds_in_year = 365 * 86_400
    con.execute(
        f"""
        COPY (
            SELECT
                CASE WHEN hash(i, {seed}, 'bad') % 1000 < {BAD_TIMESTAMP_PER_MILLE} THEN bt.value
                     ELSE strftime(TIMESTAMP '2025-01-01'
                                   + to_seconds((hash(i, {seed}, 'ts') % {seconds_in_year})::BIGINT),
                                   '%Y-%m-%d %H:%M:%S') END AS "{HEADER['ts']}",
                st.value AS "{HEADER['state']}",
                ag.value AS "{HEADER['agency']}",
                mk.value AS "{HEADER['key']}"
            FROM range({rows}) r(i)
            JOIN st ON st.slot = hash(i, {seed}, 'state') % {SLOTS}
            JOIN ag ON ag.slot = hash(i, {seed}, 'agency') % {SLOTS}
            JOIN mk ON mk.slot = hash(i, {seed}, 'key') % {SLOTS}
            JOIN bt ON bt.slot = hash(i, {seed}, 'badkind') % {SLOTS}
            {'ORDER BY st.value NULLS FIRST, i' if order == "sorted" else ''}
        ) TO '{path}' (HEADER, DELIMITER ',')
        """
    )
    con.close()
    return time.perf_counter() - started


def to_parquet(log: Path, folder: Path) -> tuple[float, float]:
    """Copy the CSV log to Parquet files of ~128 MB (every column as text); return seconds and GB written."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect(config={"preserve_insertion_order": False})
    con.execute("SET enable_progress_bar = false")
    con.execute(f"COPY (SELECT * FROM read_csv('{log}', header = true, all_varchar = true)) TO '{folder}' "
                f"(FORMAT parquet, FILE_SIZE_BYTES '128MB')")
    con.close()
    return time.perf_counter() - started, sum(f.stat().st_size for f in folder.glob("*.parquet")) / GB


# --------------------------------------------------------------------------------------------------------------------
# Methods. Each runs in its own process (``--worker NAME``) and prints one JSON line: work seconds and row counts.
# --------------------------------------------------------------------------------------------------------------------

KEY_COLUMNS = ["destination_state", "agency", "message_key", "period_start"]


def _work_library(path: Path, freq: str, memory_limit: str):
    """(a) the library."""
    from analysis.cleaning.querylog import aggregate_query_log

    result = aggregate_query_log(path, freq=freq, memory_limit=memory_limit)
    return result.clean, result.summary.rows_rejected


def _work_pandas(path: Path, freq: str, memory_limit: str, *, vectorised: bool = False):
    """(b) plain pandas: every row through the scalar normalisers with ``Series.map``; (b') the same with the
    normalisers' Series form, which normalises each distinct value once."""
    import pandas as pd

    from analysis.cleaning.normalize import message_key_attributes, normalize_agency, normalize_message_key, normalize_state
    from analysis.cleaning.querylog_inputs import map_log_columns

    raw = pd.read_csv(path, dtype=str)
    names = map_log_columns(raw.columns)
    ts = pd.to_datetime(raw[names["timestamp"]], format="ISO8601", errors="coerce")
    normalisers = {
        "destination_state": normalize_state, "agency": normalize_agency, "message_key": normalize_message_key,
    }
    frame = pd.DataFrame({
        column: (fn(raw[names[column]]) if vectorised else raw[names[column]].map(fn))
        for column, fn in normalisers.items()
    })
    frame["period_start"] = ts.dt.floor("D") if freq == "day" else ts.dt.to_period("M").dt.start_time
    rejected = int(ts.isna().sum())
    del raw
    clean = frame.dropna(subset=["period_start"]).groupby(KEY_COLUMNS, sort=True).size().rename("queries").reset_index()
    clean["period_end"] = clean["period_start"] if freq == "day" else clean["period_start"] + pd.offsets.MonthEnd(0)
    attributes = {k: message_key_attributes(k) for k in clean["message_key"].unique()}
    clean["record_type"] = clean["message_key"].map(lambda k: attributes[k][0])
    clean["dmv"] = clean["message_key"].map(lambda k: attributes[k][1])
    return clean, rejected


def _cores() -> int:
    """The cores this process may use (as the library counts them), without importing the library."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _work_floor(path: Path, freq: str, memory_limit: str):
    """(c) the floor: one DuckDB scan with GROUP BY on the raw strings and the date prefix; no parsing, no
    normalisation, and DuckDB's default memory limit (80 % of RAM): at 100 M rows this GROUP BY ran out of memory
    at 256, 384 and 512 MB."""
    import duckdb

    width = 10 if freq == "day" else 7
    with tempfile.TemporaryDirectory(prefix="nlets-floor-") as spill:
        con = duckdb.connect(config={"temp_directory": spill, "preserve_insertion_order": False,
                                     "threads": _cores()})
        groups, rows = con.execute(f"""
            SELECT count(*), sum(n) FROM (
                SELECT "{HEADER['state']}", "{HEADER['agency']}", "{HEADER['key']}",
                       substr("{HEADER['ts']}", 1, {width}) AS day, count(*) AS n
                FROM read_csv('{path}', header = true, all_varchar = true)
                GROUP BY ALL)
        """).fetchone()
        con.close()
    return None, int(groups)


def _work_floor_pandas(path: Path, freq: str, memory_limit: str):
    """(cp) the floor (c), with pandas imported meanwhile in a second thread, as the library imports it: the least
    that a call returning pandas tables pays over (c) on this machine. For reference: no goal rests on it."""
    import threading

    import duckdb  # noqa: F401 - first, as the library does, so the two imports do not contend

    importer = threading.Thread(target=lambda: __import__("pandas"), daemon=True)
    importer.start()
    result = _work_floor(path, freq, memory_limit)
    importer.join()
    return result


def _work_polars(path: Path, freq: str, memory_limit: str):
    """(p) a competent polars script: a lazy ``scan_csv``; one streaming pass for the distinct raw values of the
    three columns, which go through the library's normalisers (the rules stay in one place, and only distinct values
    reach Python); then a streaming pass that joins each column to its small map of raw → clean values, parses the
    timestamps and counts rows per period and clean values with ``group_by``."""
    import polars as pl

    from analysis.cleaning.normalize import message_key_attributes, normalize_agency, normalize_message_key, normalize_state
    from analysis.cleaning.querylog_inputs import map_log_columns
    from analysis.cleaning.querylog_scan import US_TIMESTAMP_FORMATS

    log = pl.scan_csv(path, infer_schema=False)  # every column as text, like the library
    names = map_log_columns(log.collect_schema().names())
    normalisers = {
        "destination_state": normalize_state, "agency": normalize_agency, "message_key": normalize_message_key,
    }
    distinct = pl.collect_all([log.select(pl.col(names[c]).unique()) for c in normalisers], engine="streaming")
    maps = {}
    for (column, normalise), frame in zip(normalisers.items(), distinct):
        raw = frame.to_series().to_list()
        maps[column] = pl.LazyFrame({f"raw_{column}": raw, column: normalise(raw).tolist()},
                                    schema={f"raw_{column}": pl.String, column: pl.String})
    # The common ISO form first, kept as a column; the library's other ISO and US forms only where it is null. (One
    # coalesce of all ten forms on the raw column ran 2.5x slower: 4.8-4.9 s against 1.7-1.9 s at 5 M rows, in one
    # process each, 2026-12-07.) A bad or blank timestamp gives null: a reject.
    text = pl.col("text")
    others = pl.coalesce([text.str.to_datetime(f, strict=False, exact=True)
                          for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", *US_TIMESTAMP_FORMATS]])
    ts = pl.when(pl.col("ts").is_null()).then(others).otherwise(pl.col("ts"))
    rows = (log.select(pl.col(names["timestamp"]).str.strip_chars().alias("text"),
                       *(pl.col(names[c]).alias(f"raw_{c}") for c in normalisers))
            .with_columns(ts=text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, exact=True))
            .with_columns(period_start=ts.dt.truncate("1d" if freq == "day" else "1mo").cast(pl.Date))
            .drop("text", "ts"))
    for column, lookup in maps.items():  # a small build side: a broadcast hash join, streamed
        rows = rows.join(lookup, on=f"raw_{column}", how="left", nulls_equal=True)
    counts = rows.group_by(KEY_COLUMNS).agg(pl.len().alias("queries")).collect(engine="streaming")
    rejected = int(counts.filter(pl.col("period_start").is_null())["queries"].sum())
    clean = counts.filter(pl.col("period_start").is_not_null()).to_pandas()
    import pandas as pd

    clean["period_start"] = pd.to_datetime(clean["period_start"])
    clean["period_end"] = clean["period_start"] if freq == "day" else clean["period_start"] + pd.offsets.MonthEnd(0)
    attributes = {k: message_key_attributes(k) for k in clean["message_key"].unique()}
    clean["record_type"] = clean["message_key"].map(lambda k: attributes[k][0])
    clean["dmv"] = clean["message_key"].map(lambda k: attributes[k][1])
    return clean, rejected


WORKERS = {
    "a": _work_library, "c": _work_floor, "cp": _work_floor_pandas, "p": _work_polars, "ap": _work_library,
    "b": _work_pandas, "b2": lambda *a: _work_pandas(*a, vectorised=True),
}
LABELS = {
    "a": "(a) library: DuckDB, sampled value maps + fallback, 1 pass",
    "c": "(c) floor: DuckDB GROUP BY raw strings, no normalisation/limit",
    "cp": "(cp) the floor, importing pandas meanwhile (reference)",
    "p": "(p) polars: distinct values normalised, streaming group_by",
    "ap": "(ap) library, on the same log as Parquet files (all text)",
    "b": "(b) pandas: read_csv + Series.map(normaliser) per row + groupby",
    "b2": "(b') pandas with the vectorised (distinct-value) normalisers",
}
# Rough peak-RSS per input row, to skip methods that cannot fit (a run that hits the memory ceiling kills the box).
# (p): 0.43, 0.58 and 0.71 GB at 1, 5 and 10 M rows since its lean timestamp parse (2026-12-07); 100 B/row bounds
# that (before, 2.18 GB at 10 M rows and 19.2 GB at 100 M, which did not fit a 23 GiB machine's free half).
BYTES_PER_ROW = {"b": 270, "b2": 250, "p": 100}


def _worker(name: str, path: Path, output: Path, freq: str, memory_limit: str) -> None:
    """Run one method in this (child) process. Print, as soon as the result is in memory, one JSON line: the work
    time (imports included), this process's CPU seconds and peak RSS so far; only then write the clean table for
    the comparison, which is no part of any method and so of no measurement."""
    started = time.perf_counter()
    clean, extra = WORKERS[name](path, freq, memory_limit)
    seconds = time.perf_counter() - started
    times = os.times()
    print(json.dumps({"seconds": seconds, "extra": extra, "cpu": times.user + times.system,
                      "peak_rss": _own_peak_rss()}), flush=True)
    if clean is not None:
        _canonical(clean).to_parquet(output, index=False)


def _own_peak_rss() -> float | None:
    """This process's peak RSS in bytes since it started its program: ``VmHWM`` on Linux (the high-water mark of
    this program's memory; ``ru_maxrss`` would also count the parent's memory at the fork), ``peak_wset`` on
    Windows; None elsewhere (the parent then uses ``wait4``)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) * 1024
    try:
        import psutil

        return float(psutil.Process().memory_info().peak_wset)  # Windows only; AttributeError elsewhere
    except (ImportError, AttributeError):
        return None


def _canonical(clean):
    """The comparable part of a clean table: key columns, attributes and counts, sorted, with plain dtypes."""
    import pandas as pd

    out = clean[[*KEY_COLUMNS, "period_end", "record_type", "dmv", "queries"]].copy()
    for column in ("destination_state", "agency", "message_key", "record_type"):
        out[column] = out[column].astype("str")
    for column in ("period_start", "period_end"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[s]")
    out["dmv"] = out["dmv"].astype("bool")
    out["queries"] = out["queries"].astype("int64")
    return out.sort_values(KEY_COLUMNS, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------------------------------

@dataclass
class Run:
    rows: int
    order: str
    method: str
    wall: float | None = None  # the child process from its start to its result in memory (imports included)
    work: float | None = None  # inside the child: from the call to the clean table in memory
    cpu: float | None = None  # user + system CPU seconds of the child
    rss_gb: float | None = None  # peak resident set of the child
    extra: int | None = None  # rows rejected (a, ap, p, b, b') or raw groups (c)
    load: float | None = None  # 1-minute load average just before the run (POSIX only)
    skipped: str | None = None


def _peak_rss_and_cpu(child: subprocess.Popen) -> tuple[float, float]:
    """Wait for the child; return its peak RSS (GB) and CPU seconds. ``os.wait4`` where the OS has it, else psutil
    polled every 50 ms (the peak between two polls can be missed)."""
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        return usage.ru_maxrss * 1024 / GB, usage.ru_utime + usage.ru_stime
    import psutil

    process, peak, cpu = psutil.Process(child.pid), 0, 0.0
    while child.poll() is None:
        try:
            info = process.memory_info()
            peak = max(peak, getattr(info, "peak_wset", info.rss))
            times = process.cpu_times()
            cpu = times.user + times.system
        except psutil.Error:
            break
        time.sleep(0.05)
    child.wait()
    return peak / GB, cpu


def run_method(name: str, path: Path, output: Path, freq: str, memory_limit: str) -> Run:
    """Run one method in a child process: wall time from here, CPU and peak RSS of the child."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    cmd = [sys.executable, __file__, "--worker", name, "--input", str(path), "--output", str(output),
           "--freq", freq, "--memory-limit", memory_limit]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    line = child.stdout.readline()  # printed when the result is in memory: the end of the measured process
    wall = time.perf_counter() - started
    child.stdout.read()
    rss, cpu = _peak_rss_and_cpu(child)
    if child.returncode != 0 or not line.strip():
        raise RuntimeError(f"method {name} failed with exit code {child.returncode}")
    report = json.loads(line)
    cpu = report.get("cpu", cpu)
    if report.get("peak_rss") is not None:
        rss = report["peak_rss"] / GB
    return Run(0, "", name, wall, report["seconds"], cpu, rss, report["extra"], load)


def _fits(name: str, rows: int) -> str | None:
    """Why a method is skipped at this size, or None."""
    if name not in BYTES_PER_ROW:
        return None
    import psutil

    need, available = rows * BYTES_PER_ROW[name], psutil.virtual_memory().available
    if need > available / 2:
        return f"needs ~{need / GB:.0f} GB (≈{BYTES_PER_ROW[name]} B/row), {available / GB:.0f} GB available"
    return None


@dataclass
class Median:
    """The medians of one method's runs on one input (rows, order)."""

    rows: int
    order: str
    method: str
    runs: list[Run] = field(default_factory=list)

    def _median(self, attribute: str) -> float:
        return statistics.median(getattr(r, attribute) for r in self.runs)

    @property
    def wall(self) -> float:
        return self._median("wall")

    @property
    def work(self) -> float:
        return self._median("work")

    @property
    def cpu(self) -> float:
        return self._median("cpu")

    @property
    def rss_gb(self) -> float:
        return max(r.rss_gb for r in self.runs)  # the worst run: a memory goal holds for every run


def bench_size(rows: int, methods: list[str], orders: list[str], *, freq: str, memory_limit: str, seed: int,
               workdir: str | None, repeat: int) -> tuple[list[Run], dict]:
    """Generate the inputs of one size, run every (order, method) ``repeat`` times alternating, compare results."""
    folder = Path(tempfile.mkdtemp(prefix=f"nlets-bench-{rows}-", dir=workdir))
    info: dict = {"rows": rows}
    runs: list[Run] = []
    try:
        logs = {}
        for order in orders:
            logs[order] = folder / f"log-{order}.csv"
            print(f"\n== {rows:,} rows, {order}: generating {logs[order]} ...", flush=True)
            info[f"generate_{order}_s"] = generate(logs[order], rows, seed=seed, order=order)
            info["csv_gb"] = logs[order].stat().st_size / GB
            print(f"   {info['csv_gb']:.2f} GB in {info[f'generate_{order}_s']:.1f} s", flush=True)
        shutil.rmtree(folder / "sort-spill", ignore_errors=True)
        if "ap" in methods:
            info["parquet_s"], info["parquet_gb"] = to_parquet(logs[orders[0]], folder / "parquet")
            print(f"   {orders[0]} as Parquet: {info['parquet_gb']:.2f} GB in {info['parquet_s']:.1f} s", flush=True)
        plan = [(order, name) for order in orders for name in methods if not (name == "ap" and order != orders[0])]
        for order, name in plan:
            reason = _fits(name, rows)
            if reason:
                runs.append(Run(rows, order, name, skipped=reason))
                print(f"   {name}: skipped ({reason})", flush=True)
        plan = [(o, n) for o, n in plan if not _fits(n, rows)]
        for attempt in range(repeat):  # alternating: every method once, then again backwards, so load hits all alike
            for order, name in (list(plan) if attempt % 2 == 0 else list(reversed(plan))):
                source = folder / "parquet" / "*.parquet" if name == "ap" else logs[order]
                try:
                    run = run_method(name, source, folder / f"{name}-{order}.parquet", freq, memory_limit)
                except RuntimeError as exc:  # e.g. killed for memory: say so and go on without it
                    runs.append(Run(rows, order, name, skipped=f"failed: {exc}"))
                    plan.remove((order, name))
                    print(f"   {name}: {exc}; not run again at this size", flush=True)
                    continue
                run.rows, run.order = rows, order
                runs.append(run)
                load = "" if run.load is None else f", load {run.load:.2f}"
                print(f"   [{attempt + 1}/{repeat}] {order:<8} {name:<3} wall {run.wall:6.2f} s, work {run.work:6.2f} s, "
                      f"CPU {run.cpu:6.2f} s, peak RSS {run.rss_gb:.2f} GB{load}", flush=True)
        info["identical"] = _compare(folder, [r for r in runs if not r.skipped], orders)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"   deleted {folder}", flush=True)
    return runs, info


def _compare(folder: Path, runs: list[Run], orders: list[str]) -> dict[str, bool]:
    """Compare every clean table (and rejected rows) with (a)'s on the first order."""
    import pandas as pd

    done = {(r.order, r.method): r for r in runs}
    first = (orders[0], "a")
    if first not in done:
        return {}
    reference = pd.read_parquet(folder / f"a-{orders[0]}.parquet")
    verdict = {}
    for (order, name), run in sorted(done.items()):
        table = folder / f"{name}-{order}.parquet"
        if not table.exists() or (order, name) == first:  # the floors build no clean table
            continue
        other = pd.read_parquet(table)
        same = reference.equals(other) and run.extra == done[first].extra
        if not same:
            try:
                pd.testing.assert_frame_equal(reference, other)
            except AssertionError as exc:
                print(f"   (a, {orders[0]}) and ({name}, {order}) differ: {str(exc).splitlines()[0:6]}", flush=True)
            print(f"   rejected rows: (a) {done[first].extra:,}, ({name}) {run.extra:,}", flush=True)
        verdict[f"{name}-{order}"] = same
        print(f"   (a, {orders[0]}) == ({name}, {order}): {same} ({len(reference):,} groups, "
              f"{int(reference['queries'].sum()):,} queries)", flush=True)
    return verdict


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(runs: list[Run], infos: list[dict], *, freq: str, memory_limit: str, repeat: int) -> dict:
    """Print the medians side by side, the ratios, the goals and the 290 M extrapolation; return them for --json."""
    import duckdb
    import pandas as pd
    import psutil

    try:
        import polars

        polars_version = f", polars {polars.__version__}"
    except ImportError:
        polars_version = ""
    machine = (f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM; Python "
               f"{sys.version.split()[0]}, pandas {pd.__version__}, DuckDB {duckdb.__version__}{polars_version}")
    medians: dict[tuple[int, str, str], Median] = {}
    for r in runs:
        if not r.skipped:
            medians.setdefault((r.rows, r.order, r.method), Median(r.rows, r.order, r.method)).runs.append(r)
    print(f"\n== Side by side ({machine}; freq={freq}; DuckDB memory_limit={memory_limit})")
    print(f"medians of {repeat} alternating runs; wall = a whole child process, from its start (interpreter and")
    print("imports included) to its result in memory; CPU = the child's user + system seconds until then;")
    print("peak RSS = the child's high-water mark, the largest of the runs")
    print("ratios: each method's wall (and CPU) time over the floor's (c) and over polars' (p), same size and order")
    print(f"{'rows':>12} {'order':<9} {'method':<64} {'wall s':>7} {'CPU s':>7} {'peak RSS':>9}  "
          f"{'/c wall':>8} {'/c CPU':>7} {'/p wall':>8} {'/p CPU':>7}")
    for r in runs:
        if r.skipped:
            print(f"{r.rows:>12,} {r.order:<9} {LABELS[r.method]:<64} skipped: {r.skipped}")
    for (rows, order, method), m in sorted(medians.items(),
                                          key=lambda kv: (kv[0][0], kv[0][1], METHOD_ORDER.index(kv[0][2]))):
        ratios = []
        for peer in ("c", "p"):
            other = medians.get((rows, order, peer))
            ratios.append(f"{m.wall / other.wall:7.2f}× {m.cpu / other.cpu:6.2f}×" if other and method != peer
                          else f"{'':>8} {'':>7}")
        print(f"{rows:>12,} {order:<9} {LABELS[method]:<64} {m.wall:7.2f} {m.cpu:7.2f} {m.rss_gb:7.2f}GB  "
              f"{' '.join(ratios)}")
    checks: list[dict] = []

    def check(label: str, value: float, target: float, lower_is_better: bool = True, unit: str = "×") -> None:
        ok = value <= target if lower_is_better else value >= target
        sign = "≤" if lower_is_better else "≥"
        checks.append({"check": label, "value": round(value, 3), "target": f"{sign} {target}", "met": ok})
        print(f"   {label:<62} {value:8.2f}{unit}  target {sign} {target}{unit}  {_verdict(ok)}")

    print("\n== Goals, on medians of whole-process runs")
    for rows, order in sorted({(k[0], k[1]) for k in medians}):
        a, c, p = (medians.get((rows, order, x)) for x in ("a", "c", "p"))
        if a is None:
            continue
        print(f"at {rows:,} rows, {order}:")
        if c:
            target = TARGETS["vs_floor_100m"] if rows >= 100_000_000 else TARGETS["vs_floor"]
            if rows >= FLOOR_GOAL_FROM_ROWS:
                check("(a) wall / (c) wall: cost over the raw GROUP BY floor", a.wall / c.wall, target)
            else:
                print(f"   {'(a) wall / (c) wall (no target below 5 M rows)':<62} {a.wall / c.wall:8.2f}×")
            print(f"   {'   the same on CPU time (no target)':<62} {a.cpu / c.cpu:8.2f}×")
        cp = medians.get((rows, order, "cp"))
        if cp:
            label = "(a) wall / (cp) wall: over the floor importing pandas (no target)"
            print(f"   {label:<62} {a.wall / cp.wall:8.2f}×")
        if p:
            check("(a) wall / (p) wall: share of the polars script's time", a.wall / p.wall, TARGETS["vs_polars"])
            print(f"   {'   the same on CPU time (no target)':<62} {a.cpu / p.cpu:8.2f}×")
            check("(a) peak RSS / (p) peak RSS", a.rss_gb / p.rss_gb, TARGETS["rss_vs_polars"])
        limit = TARGETS["rss_10m_gb"] if rows <= 10_000_000 else TARGETS["rss_100m_gb"]
        check(f"(a) peak RSS (≤ {limit} GB {'up to 10 M' if rows <= 10_000_000 else 'up to 100 M'} rows)",
              a.rss_gb, limit, unit=" GB")

    extrapolation = {}
    parquet = [m for m in medians.values() if m.method == "ap"]
    if parquet:
        largest = max(parquet, key=lambda m: m.rows)
        scale = YEAR_ROWS / largest.rows
        info = next(i for i in infos if i["rows"] == largest.rows)
        extrapolation = {"from_rows": largest.rows, "wall_s": largest.wall * scale, "cpu_s": largest.cpu * scale,
                         "csv_gb": info["csv_gb"] * scale, "parquet_gb": info.get("parquet_gb", 0) * scale,
                         "rss_gb": largest.rss_gb}
        a = medians.get((largest.rows, largest.order, "a"))
        if a:
            extrapolation["csv_wall_s"] = a.wall * scale
        print(f"\n== A year of Nlets DMV traffic ({YEAR_ROWS / 1e6:.0f} M rows), linear from {largest.rows:,} rows")
        check(f"(ap) wall × {scale:.1f}: a year from Parquet", extrapolation["wall_s"], TARGETS["year_parquet_s"],
              unit=" s")
        print(f"   (ap) ≈ {extrapolation['cpu_s']:.0f} CPU-s, reading ≈ {extrapolation['parquet_gb']:.1f} GB of "
              f"Parquet; peak RSS stays near {largest.rss_gb:.2f} GB")
        if a:
            print(f"   (a) on CSV ≈ {extrapolation['csv_wall_s']:.0f} s wall, reading ≈ "
                  f"{extrapolation['csv_gb']:.0f} GB of CSV")
    return {
        "machine": machine, "freq": freq, "memory_limit": memory_limit, "repeat": repeat, "sizes": infos,
        "runs": [r.__dict__ for r in runs], "checks": checks, "extrapolation_290m": extrapolation,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000], help="log sizes to run")
    parser.add_argument("--methods", default="a,c,cp,p,ap", help="comma-separated subset of a,c,cp,p,ap,b,b2")
    parser.add_argument("--orders", default=",".join(ORDERS), help="comma-separated subset of shuffled,sorted")
    parser.add_argument("--freq", choices=("day", "month"), default="day")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit (default: the library's)")
    parser.add_argument("--seed", type=int, default=20251001)
    parser.add_argument("--repeat", type=int, default=5, help="alternating runs per method; medians are reported")
    parser.add_argument("--workdir", default=None, help="folder for the generated log (default: the system temp)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_limit is None:
        from analysis.cleaning.querylog import DEFAULT_MEMORY_LIMIT

        args.memory_limit = DEFAULT_MEMORY_LIMIT
    if args.worker:
        _worker(args.worker, args.input, args.output, args.freq, args.memory_limit)
        return 0
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = set(methods) - set(WORKERS)
    if unknown:
        parser.error(f"unknown methods: {', '.join(sorted(unknown))}")
    orders = [o.strip() for o in args.orders.split(",") if o.strip()]
    if set(orders) - set(ORDERS):
        parser.error(f"unknown orders: {', '.join(sorted(set(orders) - set(ORDERS)))}")
    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
    runs, infos = [], []
    for rows in args.rows:
        size_runs, info = bench_size(rows, methods, orders, freq=args.freq, memory_limit=args.memory_limit,
                                     seed=args.seed, workdir=args.workdir, repeat=args.repeat)
        runs += size_runs
        infos.append(info)
        results = report(runs, infos, freq=args.freq, memory_limit=args.memory_limit, repeat=args.repeat)
        if args.json:  # after each size, so a long run leaves its figures behind if a later size fails
            args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
