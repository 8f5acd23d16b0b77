"""Benchmark: aggregating a row-level Nlets query log (issue 8), side by side with a pandas baseline and a DuckDB floor.

``make bench`` runs ``.venv/bin/python benchmarks/query_log.py --rows 10000000 100000000``. For each N it

1. generates a deterministic synthetic messy log of N rows (one CSV, DuckDB SQL, seeded) in a temp folder;
2. runs each method in its own subprocess, timing it and reading the child's peak RSS from ``wait4``:

   (a)  ``analysis.aggregate_query_log`` (the library) on the CSV;
   (b)  plain pandas: ``read_csv`` + ``Series.map`` of the same scalar normalisers on every row + ``groupby``;
   (b') pandas with the library's vectorised normalisers (distinct values only), for reference;
   (c)  the floor: one DuckDB scan with ``GROUP BY`` on the raw strings and the date prefix, no normalisation;
   (ap) the library on the same log copied to Parquet files (the first step beyond a CSV on one machine);

   (b) and (b') are skipped when they cannot fit in memory (estimated from the measured ~0.27 GB per M rows);
3. checks that (a), (b), (b') and (ap) produce identical clean tables and reject counts;
4. prints wall time, peak RSS and the ratios a/b and a/c against the targets, then deletes the generated files;
5. extrapolates to a year of Nlets DMV traffic (290 M rows).

Synthetic data only: the spellings imitate those seen in records-request exports; no value comes from a real log.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HEADER = {"ts": "Query Timestamp", "state": "Destination State", "agency": "Requesting Agency", "key": "Message Key"}
YEAR_ROWS = 290_000_000
GB = 1e9
TARGETS = {"speedup_vs_pandas": 10.0, "vs_floor": 1.5, "rss_10m_gb": 0.6, "scale_100m": 12.0, "rss_100m_gb": 1.0}

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
    """SQL creating ``table(slot, value)``: SLOTS rows, each value repeated in proportion to its weight."""
    total = sum(w for _, w in values)
    rows, start = [], 0
    for i, (value, weight) in enumerate(values):
        end = SLOTS if i == len(values) - 1 else min(SLOTS, start + max(1, round(SLOTS * weight / total)))
        if end > start:
            literal = "NULL" if value is None else "'" + value.replace("'", "''") + "'"
            rows.append(f"({start}, {end}, {literal})")
        start = end
    return (
        f"CREATE TEMP TABLE {table} AS SELECT s AS slot, v AS value FROM (VALUES {', '.join(rows)}) t(lo, hi, v), "
        f"range(lo, hi) r(s)"
    )


def generate(path: Path, rows: int, *, seed: int = 20251001) -> float:
    """Write a synthetic messy query log of ``rows`` rows to ``path`` (CSV) and return the seconds it took.

    Every value is a function of the row number and the seed (DuckDB ``hash``), so the same seed and DuckDB version
    give the same file whatever the thread count. Timestamps are spread uniformly over 2025; 1 % are bad or blank.
    """
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}; SET enable_progress_bar = false")
    con.execute(_slots("st", state_spellings()))
    con.execute(_slots("ag", AGENCIES))
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
    return result.clean, result.summary["rows_rejected"]


def _work_pandas(path: Path, freq: str, memory_limit: str, *, vectorised: bool = False):
    """(b) plain pandas: every row through the scalar normalisers with ``Series.map``; (b') the same with the
    normalisers' Series form, which normalises each distinct value once."""
    import pandas as pd

    from analysis.cleaning.normalize import message_key_attributes, normalize_agency, normalize_message_key, normalize_state
    from analysis.cleaning.querylog import map_log_columns

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


def _work_floor(path: Path, freq: str, memory_limit: str):
    """(c) the floor: one DuckDB scan with GROUP BY on the raw strings and the date prefix; no parsing, no
    normalisation, and DuckDB's default memory limit (80 % of RAM): at 100 M rows this GROUP BY ran out of memory
    at 256, 384 and 512 MB."""
    import duckdb

    from analysis.cleaning.querylog import default_threads

    width = 10 if freq == "day" else 7
    with tempfile.TemporaryDirectory(prefix="nlets-floor-") as spill:
        con = duckdb.connect(config={"temp_directory": spill, "preserve_insertion_order": False,
                                     "threads": default_threads()})
        groups, rows = con.execute(f"""
            SELECT count(*), sum(n) FROM (
                SELECT "{HEADER['state']}", "{HEADER['agency']}", "{HEADER['key']}",
                       substr("{HEADER['ts']}", 1, {width}) AS day, count(*) AS n
                FROM read_csv('{path}', header = true, all_varchar = true)
                GROUP BY ALL)
        """).fetchone()
        con.close()
    return None, int(groups)


WORKERS = {
    "a": _work_library, "b": _work_pandas, "b2": lambda *a: _work_pandas(*a, vectorised=True), "c": _work_floor,
    "ap": _work_library,
}
LABELS = {
    "a": "(a) library: DuckDB, distinct raw values normalised, 2 passes",
    "ap": "(a) library, on the same log as Parquet files (all text)",
    "b": "(b) pandas: read_csv + Series.map(normaliser) per row + groupby",
    "b2": "(b') pandas with the vectorised (distinct-value) normalisers",
    "c": "(c) floor: DuckDB GROUP BY raw strings, no normalisation/limit",
}
# Rough peak-RSS per input row, to skip methods that cannot fit (a run that hits the memory ceiling kills the box).
BYTES_PER_ROW = {"b": 270, "b2": 250}  # measured at 10 M rows: 2.68 GB and 2.47 GB


PREPARE = {  # imported before the clock starts: a notebook pays these once, not per log
    "a": ("pandas", "duckdb", "analysis.cleaning.querylog", "analysis.cleaning.clean", "analysis.cleaning.normalize"),
    "b": ("pandas", "analysis.cleaning.normalize", "analysis.cleaning.querylog"),
    "b2": ("pandas", "analysis.cleaning.normalize", "analysis.cleaning.querylog"),
    "c": ("duckdb", "analysis.cleaning.querylog"),
    "ap": ("pandas", "duckdb", "analysis.cleaning.querylog", "analysis.cleaning.clean", "analysis.cleaning.normalize"),
}


def _worker(name: str, path: Path, output: Path, freq: str, memory_limit: str) -> None:
    import importlib

    for module in PREPARE[name]:
        importlib.import_module(module)
    started = time.perf_counter()
    clean, extra = WORKERS[name](path, freq, memory_limit)
    seconds = time.perf_counter() - started
    if clean is not None:
        _canonical(clean).to_parquet(output, index=False)
    print(json.dumps({"seconds": seconds, "extra": extra}))


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
    method: str
    wall: float | None = None  # whole child process, interpreter start included
    work: float | None = None  # inside the child: from the call to the result in memory
    cpu: float | None = None  # user + system CPU seconds of the child: robust to other load on the machine
    rss_gb: float | None = None
    extra: int | None = None  # rows rejected (a, b, b') or raw groups (c)
    load: float | None = None  # 1-minute load average just before the run
    skipped: str | None = None


def run_method(name: str, path: Path, output: Path, freq: str, memory_limit: str) -> Run:
    """Run one method in a child process; wall time from here, peak RSS of the child from ``wait4``."""
    load = os.getloadavg()[0]
    cmd = [sys.executable, __file__, "--worker", name, "--input", str(path), "--output", str(output),
           "--freq", freq, "--memory-limit", memory_limit]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    stdout = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"method {name} failed with exit code {child.returncode}")
    report = json.loads(stdout.strip().splitlines()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    return Run(0, name, wall, report["seconds"], cpu, usage.ru_maxrss * 1024 / GB, report["extra"], load)


def _fits(name: str, rows: int) -> str | None:
    """Why a method is skipped at this size, or None."""
    if name not in BYTES_PER_ROW:
        return None
    import psutil

    need, available = rows * BYTES_PER_ROW[name], psutil.virtual_memory().available
    if need > available / 2:
        return f"needs ~{need / GB:.0f} GB (≈{BYTES_PER_ROW[name]} B/row), {available / GB:.0f} GB available"
    return None


def bench_size(rows: int, methods: list[str], *, freq: str, memory_limit: str, seed: int, workdir: str | None,
               repeat: int) -> tuple[list[Run], dict]:
    folder = Path(tempfile.mkdtemp(prefix=f"nlets-bench-{rows}-", dir=workdir))
    info: dict = {"rows": rows}
    runs: list[Run] = []
    try:
        log = folder / "log.csv"
        print(f"\n== {rows:,} rows: generating {log} ...", flush=True)
        info["generate_s"] = generate(log, rows, seed=seed)
        info["csv_gb"] = log.stat().st_size / GB
        print(f"   {info['csv_gb']:.2f} GB in {info['generate_s']:.1f} s", flush=True)
        if "ap" in methods:
            info["parquet_s"], info["parquet_gb"] = to_parquet(log, folder / "parquet")
            print(f"   as Parquet: {info['parquet_gb']:.2f} GB in {info['parquet_s']:.1f} s", flush=True)
        for name in methods:
            reason = _fits(name, rows)
            if reason:
                runs.append(Run(rows, name, skipped=reason))
                print(f"   {name}: skipped ({reason})", flush=True)
                continue
            best = None
            for _ in range(repeat):
                source = folder / "parquet" / "*.parquet" if name == "ap" else log
                run = run_method(name, source, folder / f"{name}.parquet", freq, memory_limit)
                run.rows = rows
                print(f"   {name}: work {run.work:.2f} s, wall {run.wall:.2f} s, CPU {run.cpu:.2f} s, "
                      f"peak RSS {run.rss_gb:.2f} GB, "
                      f"load {run.load:.2f}", flush=True)
                best = run if best is None or run.work < best.work else best
            runs.append(best)
        info["identical"] = _compare(folder, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"   deleted {folder}", flush=True)
    return runs, info


def _compare(folder: Path, runs: list[Run]) -> dict[str, bool]:
    """Compare the clean tables of (b) and (b') with (a), and their reject counts."""
    import pandas as pd

    done = {r.method: r for r in runs if not r.skipped}
    if "a" not in done:
        return {}
    reference = pd.read_parquet(folder / "a.parquet")
    verdict = {}
    for name in ("b", "b2", "ap"):
        if name in done:
            other = pd.read_parquet(folder / f"{name}.parquet")
            same = reference.equals(other) and done[name].extra == done["a"].extra
            if not same:
                try:
                    pd.testing.assert_frame_equal(reference, other)
                except AssertionError as exc:
                    print(f"   (a) and ({name}) differ: {str(exc).splitlines()[0:6]}", flush=True)
                print(f"   rejected rows: (a) {done['a'].extra:,}, ({name}) {done[name].extra:,}", flush=True)
            verdict[name] = same
            print(f"   (a) == ({name}): {same} ({len(reference):,} groups, {int(reference['queries'].sum()):,} "
                  f"queries)", flush=True)
    return verdict


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(runs: list[Run], infos: list[dict], *, freq: str, memory_limit: str) -> dict:
    """Print the side-by-side table, the targets and the 290 M extrapolation; return them for --json."""
    import duckdb
    import pandas as pd
    import psutil

    machine = (f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB RAM; Python "
               f"{sys.version.split()[0]}, pandas {pd.__version__}, DuckDB {duckdb.__version__}")
    print(f"\n== Side by side ({machine}; freq={freq}; DuckDB memory_limit={memory_limit})")
    print("work = inside the child, from the call to the clean table in memory (imports done before);")
    print("wall = the whole child process, interpreter start and imports included;")
    print("CPU = user + system seconds of the child; load = 1-minute load average before the run (2 cores)")
    print(f"{'rows':>12}  {'method':<66} {'work s':>8} {'wall s':>8} {'CPU s':>8} {'peak RSS':>9} {'load':>5}")
    for r in runs:
        if r.skipped:
            print(f"{r.rows:>12,}  {LABELS[r.method]:<66} skipped: {r.skipped}")
        else:
            print(f"{r.rows:>12,}  {LABELS[r.method]:<66} {r.work:>8.2f} {r.wall:>8.2f} {r.cpu:>8.2f} "
                  f"{r.rss_gb:>7.2f}GB {r.load:>5.2f}")
    by = {(r.rows, r.method): r for r in runs if not r.skipped}
    sizes = sorted({r.rows for r in runs})
    checks: list[dict] = []

    def check(label: str, value: float, target: float, lower_is_better: bool = True, unit: str = "×") -> None:
        ok = value <= target if lower_is_better else value >= target
        sign = "≤" if lower_is_better else "≥"
        checks.append({"check": label, "value": round(value, 3), "target": f"{sign} {target}", "met": ok})
        print(f"   {label:<58} {value:8.2f}{unit}  target {sign} {target}{unit}  {_verdict(ok)}")

    print("\n== Targets (stated for 10 M and 100 M rows)")
    small = 10_000_000 if 10_000_000 in sizes else sizes[0]
    big = 100_000_000 if 100_000_000 in sizes else sizes[-1]
    if (small, "a") in by:
        a = by[(small, "a")]
        print(f"at {small:,} rows:")
        if (small, "b") in by:
            check("(b) work / (a) work: speed-up over plain pandas", by[(small, "b")].work / a.work,
                  TARGETS["speedup_vs_pandas"], lower_is_better=False)
            print(f"   {'   the same on whole-process wall time':<58} {by[(small, 'b')].wall / a.wall:8.2f}×")
            print(f"   {'   the same on CPU time':<58} {by[(small, 'b')].cpu / a.cpu:8.2f}×")
        if (small, "b2") in by:
            label = "(b') work / (a) work (vectorised pandas; no target)"
            print(f"   {label:<58} {by[(small, 'b2')].work / a.work:8.2f}×")
        if (small, "c") in by:
            check("(a) work / (c) work: cost over the floor", a.work / by[(small, "c")].work, TARGETS["vs_floor"])
            print(f"   {'   the same on whole-process wall time':<58} {a.wall / by[(small, 'c')].wall:8.2f}×")
            print(f"   {'   the same on CPU time':<58} {a.cpu / by[(small, 'c')].cpu:8.2f}×")
        check("(a) peak RSS", a.rss_gb, TARGETS["rss_10m_gb"], unit=" GB")
    if big != small and (big, "a") in by and (small, "a") in by:
        a_big = by[(big, "a")]
        print(f"at {big:,} rows:")
        check(f"(a) work at {big // 1_000_000} M / at {small // 1_000_000} M", a_big.work / by[(small, 'a')].work,
              TARGETS["scale_100m"])
        print(f"   {'   the same on CPU time':<58} {a_big.cpu / by[(small, 'a')].cpu:8.2f}×")
        if (big, "c") in by:
            print(f"   {'(a) work / (c) work (no target)':<58} {a_big.work / by[(big, 'c')].work:8.2f}×")
        check("(a) peak RSS", a_big.rss_gb, TARGETS["rss_100m_gb"], unit=" GB")

    extrapolation = {}
    largest = max((r for r in runs if r.method == "a" and not r.skipped), key=lambda r: r.rows, default=None)
    if largest:
        info = next(i for i in infos if i["rows"] == largest.rows)
        scale = YEAR_ROWS / largest.rows
        extrapolation = {
            "from_rows": largest.rows, "work_s": largest.work * scale, "wall_s": largest.wall * scale,
            "csv_gb": info["csv_gb"] * scale, "rss_gb": largest.rss_gb,
        }
        print(f"\n== Extrapolation to a year of Nlets DMV traffic ({YEAR_ROWS / 1e6:.0f} M rows), linear from "
              f"{largest.rows:,} rows")
        work_min, wall_min, cpu_min = (value * scale / 60 for value in (largest.work, largest.wall, largest.cpu))
        cores = os.cpu_count() or 1
        print(f"   (a) ≈ {work_min:.1f} min of work ({wall_min:.1f} min wall) on this machine, "
              f"reading ≈ {extrapolation['csv_gb']:.0f} GB of CSV;")
        print(f"   peak RSS stays near {largest.rss_gb:.2f} GB (bounded by memory_limit={memory_limit} and the number "
              f"of clean groups, not by the input)")
        print(f"   on CPU time: ≈ {cpu_min:.1f} CPU-min, ≈ {cpu_min / cores:.1f} min on {cores} idle cores")
        if (largest.rows, "c") in by:
            print(f"   (c) floor ≈ {by[(largest.rows, 'c')].work * scale / 60:.1f} min")
    return {
        "machine": machine, "freq": freq, "memory_limit": memory_limit, "sizes": infos,
        "runs": [r.__dict__ for r in runs], "checks": checks, "extrapolation_290m": extrapolation,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000], help="log sizes to run")
    parser.add_argument("--methods", default="a,b,b2,c,ap", help="comma-separated subset of a,b,b2,c,ap")
    parser.add_argument("--freq", choices=("day", "month"), default="day")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory limit (default: the library's)")
    parser.add_argument("--seed", type=int, default=20251001)
    parser.add_argument("--repeat", type=int, default=1, help="runs per method; the fastest is reported")
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
    runs, infos = [], []
    for rows in args.rows:
        size_runs, info = bench_size(rows, methods, freq=args.freq, memory_limit=args.memory_limit, seed=args.seed,
                                     workdir=args.workdir, repeat=args.repeat)
        runs += size_runs
        infos.append(info)
    results = report(runs, infos, freq=args.freq, memory_limit=args.memory_limit)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
