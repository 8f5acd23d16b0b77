"""The one-pass query-log reader (issue 17) gives exactly the tables the two-pass reader gave, whatever the input
order and however much of the input the sample behind its value maps covers. Small logs only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from querylog_logs import GOLDEN, ORDERS, comparable, write_inputs

from analysis.cleaning import querylog, querylog_sample, querylog_tables
from analysis.cleaning.querylog import aggregate_query_log
from analysis.safe_csv import write_csv

# How much of a file the sample covers: all of it (a small file is read whole), a few blocks (some values are left
# to the fallback), or nothing at all (no block holds a whole line: every value goes through the fallback).
SAMPLING = {
    "whole": {},
    "sparse": {"SAMPLE_WHOLE_BYTES": 0, "SAMPLE_MIN_BLOCKS": 4, "SAMPLE_SPACING": 10**12, "SAMPLE_BLOCK_BYTES": 300,
               "SAMPLE_HEAD_ROWS": 50, "SAMPLE_BATCH_ROWS": 50},
    "none": {"SAMPLE_WHOLE_BYTES": 0, "SAMPLE_MIN_BLOCKS": 4, "SAMPLE_SPACING": 10**12, "SAMPLE_BLOCK_BYTES": 1,
             "SAMPLE_HEAD_ROWS": 0, "SAMPLE_BATCH_ROWS": 1},
}


@pytest.fixture(params=list(SAMPLING))
def sampling(request, monkeypatch: pytest.MonkeyPatch) -> str:
    for name, value in SAMPLING[request.param].items():
        monkeypatch.setattr(querylog_sample, name, value)
    return request.param


def _bytes_of(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: write_csv(table, folder / f"{name}.csv").read_bytes() for name, table in tables.items()}


@pytest.mark.parametrize("freq", ["day", "month"])
@pytest.mark.parametrize("order", ORDERS)
def test_same_tables_as_the_two_pass_reader(tmp_path: Path, order: str, freq: str, sampling: str) -> None:
    files = write_inputs(tmp_path / "in", order)
    got = _bytes_of(comparable(aggregate_query_log(files, freq=freq), files), tmp_path / "out")
    for name, content in got.items():
        expected = (GOLDEN / f"{order}-{freq}-{name}.csv").read_bytes()
        assert content == expected, f"{order}, {freq}, sample {sampling}: .{name} differs from the two-pass reader's"


def test_sparse_sample_really_leaves_values_to_the_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = write_inputs(tmp_path / "in", "sorted")
    seen: dict[str, int] = {}
    real = querylog.value_maps

    def spy(distinct, normalisers):
        maps = real(distinct, normalisers)
        seen.update({c: len(m.raw) for c, m in maps.items()})
        return maps

    monkeypatch.setattr(querylog, "value_maps", spy)
    for name, value in SAMPLING["sparse"].items():
        monkeypatch.setattr(querylog_sample, name, value)
    result = aggregate_query_log(files)
    audited = result.audit.groupby("column")["raw_value"].size()
    assert 0 < seen["destination_state"] < audited["destination_state"]  # sorted: the sample sees few states


def test_the_sample_of_a_large_csv_is_spread_over_the_whole_file(tmp_path: Path, monkeypatch) -> None:
    files = write_inputs(tmp_path / "in", "sorted", rows=20_000)
    monkeypatch.setattr(querylog_sample, "SAMPLE_WHOLE_BYTES", 0)
    monkeypatch.setattr(querylog_sample, "SAMPLE_SPACING", 1)  # as many blocks as SAMPLE_MAX_BLOCKS allows
    monkeypatch.setattr(querylog_sample, "SAMPLE_MAX_BLOCKS", 64)
    sample = querylog_sample._csv_sample_bytes(str(files[0]))
    lines = sample.decode().splitlines()
    assert lines[0] == "Query Timestamp,Dest. State,Requesting Agency,MKE"
    states = {line.split(",")[1] for line in lines[1:] if line.count(",") == 3}
    assert {"NY", "Texas", "tx"} <= states  # from the end of a file sorted by state as well as its start
    assert len(sample) < files[0].stat().st_size / 3


@pytest.mark.parametrize("kind", ["gz", "parquet"])
def test_compressed_and_parquet_inputs_with_a_small_sample(tmp_path: Path, kind: str, sampling: str) -> None:
    files = write_inputs(tmp_path / "in", "sorted")
    frame = pd.read_csv(files[0], dtype=str, keep_default_na=False, na_values=[""])
    if kind == "gz":
        path = tmp_path / "log-sorted.csv.gz"
        frame.to_csv(path, index=False, compression="gzip")
    else:
        path = tmp_path / "log-sorted.parquet"
        frame.to_parquet(path, index=False, row_group_size=500)
    got = comparable(aggregate_query_log(path), [path])
    expected = comparable(aggregate_query_log(files), files)
    pd.testing.assert_frame_equal(got["clean"], expected["clean"])
    pd.testing.assert_frame_equal(got["audit"], expected["audit"])
    assert got["rejects"]["rows"].sum() == expected["rejects"]["rows"].sum()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(
    st.tuples(
        st.one_of(st.none(), st.sampled_from(["2025-01-31 23:59:59", "2025-02-01", "bad", "02/29/2024 10:00"])),
        st.one_of(st.none(), st.sampled_from(["NY", "n.y.", "Calif.", "Nowhere", " tx ", "Texas"])),
        st.one_of(st.none(), st.sampled_from(["ICE", "hsi", "CBP", "Acme", "Police Department, City of Austin"])),
        st.one_of(st.none(), st.sampled_from(["DQ", "r q", "dqg", "ZZZZZ"])),
    ),
    min_size=1, max_size=40,
), cut=st.integers(0, 40))
def test_property_any_sample_gives_the_same_result(tmp_path_factory, monkeypatch, rows: list[tuple], cut: int) -> None:
    """Maps from the first ``cut`` rows (a head sample, of any size) give the tables of exact maps."""
    frame = pd.DataFrame(rows, columns=["Timestamp", "State", "Agency", "MKE"])
    path = write_csv(frame, tmp_path_factory.mktemp("prop") / "log.csv")
    expected = aggregate_query_log(path, freq="month")
    with monkeypatch.context() as patch:
        patch.setattr(querylog_sample, "SAMPLE_WHOLE_BYTES", 0)
        patch.setattr(querylog_sample, "_csv_sample_bytes",
                      lambda p: b"".join(Path(p).read_bytes().splitlines(keepends=True)[:cut + 1]))
        got = aggregate_query_log(path, freq="month")
    for name in ("clean", "rejects", "audit"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name))
    assert got.summary == expected.summary


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_several_files_each_sampled(tmp_path: Path, kind: str, sampling: str) -> None:
    """Each file has its own sample (a Parquet sample is an Arrow table registered per file)."""
    files = write_inputs(tmp_path / "in", "multi")
    expected = comparable(aggregate_query_log(files), files)
    if kind == "parquet":
        parts = []
        for f in files:
            part = tmp_path / f"{f.stem}.parquet"
            pd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""]).to_parquet(part, row_group_size=300)
            parts.append(part)
        files = parts
    got = comparable(aggregate_query_log(files), files)
    pd.testing.assert_frame_equal(got["clean"], expected["clean"])
    pd.testing.assert_frame_equal(got["audit"], expected["audit"])
    assert got["rejects"]["rows"].sum() == expected["rejects"]["rows"].sum()


def _clean_and_codes(tmp_path: Path) -> tuple[pd.DataFrame, list[pd.Series], pd.Series]:
    clean = aggregate_query_log(write_inputs(tmp_path / "in", "shuffled"), freq="day").clean
    codes = [pd.Series(pd.factorize(clean[c], sort=True)[0]) for c in ("destination_state", "agency", "message_key")]
    return clean, codes, clean["period_start"]


def test_validating_one_row_per_value_passes_what_the_whole_schema_passes(tmp_path: Path) -> None:
    from analysis.cleaning.clean_result import CLEAN_SCHEMA

    clean, codes, start = _clean_and_codes(tmp_path)
    assert len(clean) > 20
    checked = querylog_tables._validated(clean, codes, start)
    pd.testing.assert_frame_equal(checked, CLEAN_SCHEMA.validate(clean, lazy=True))


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_validating_one_row_per_value_still_finds_a_bad_count_anywhere(tmp_path: Path, where: str) -> None:
    import pandera.errors

    clean, codes, start = _clean_and_codes(tmp_path)
    row = {"first": 0, "middle": len(clean) // 2, "last": len(clean) - 1}[where]
    clean.loc[row, "queries"] = -1
    with pytest.raises(pandera.errors.SchemaErrors, match="greater_than_or_equal_to"):
        querylog_tables._validated(clean, codes, start)


def test_validating_one_row_per_value_finds_a_bad_value_of_a_later_row(tmp_path: Path) -> None:
    import pandera.errors

    clean, codes, start = _clean_and_codes(tmp_path)
    last = len(clean) - 1
    clean["message_key"] = clean["message_key"].astype("object")
    clean.loc[last, "message_key"] = "not a key"  # a new value: its code is new too, so its row is checked
    clean["message_key"] = clean["message_key"].astype("str")
    codes[2] = pd.Series(pd.factorize(clean["message_key"], sort=True)[0])
    with pytest.raises(pandera.errors.SchemaErrors, match="str_matches"):
        querylog_tables._validated(clean, codes, start)


def test_changing_one_column_of_the_clean_table_changes_no_other(tmp_path: Path) -> None:
    """.clean is built without copies: period_start and period_end are one Series for daily periods, source_row is
    zero pages, no two columns share a block. Copy-on-write still keeps every column apart."""
    clean = aggregate_query_log(write_inputs(tmp_path / "in", "shuffled"), freq="day").clean
    before = clean.copy(deep=True)
    clean.loc[0, "period_end"] = pd.Timestamp("2030-01-01")
    clean.loc[1, "source_row"] = 7
    clean.loc[2, "queries"] = 99
    for column in clean.columns:
        changed = (clean[column] != before[column]).to_numpy().nonzero()[0].tolist()
        assert changed == {"period_end": [0], "source_row": [1], "queries": [2]}.get(column, []), column


def test_validating_finds_a_bad_period_in_unsorted_rows(tmp_path: Path) -> None:
    """Each run of one period is checked, so a period first seen late in an unsorted table is checked too."""
    import pandera.errors

    clean, codes, start = _clean_and_codes(tmp_path)
    last = len(clean) - 1
    early = clean["period_start"].min() - pd.Timedelta(days=1)  # before row 0's: the table is no longer sorted
    clean.loc[last, ["period_start", "period_end"]] = [early, early - pd.Timedelta(days=1)]
    with pytest.raises(pandera.errors.SchemaErrors):
        querylog_tables._validated(clean, codes, clean["period_start"])


def test_rows_lost_between_the_scan_and_the_tables_stop_the_call(tmp_path: Path, monkeypatch) -> None:
    """With no sample every row is a rare row; losing the rare rows without a usable timestamp after the scan takes
    them from the rejects and from the counts per value alike, and the scan's own totals still find it."""
    for name, value in SAMPLING["none"].items():
        monkeypatch.setattr(querylog_sample, name, value)
    split = querylog.split_tallies_sql
    monkeypatch.setattr(querylog, "split_tallies_sql", lambda: "DELETE FROM tallies WHERE grp = 'clean' AND "
                        "rare IS NOT NULL AND period_start IS NULL;" + split())
    with pytest.raises(RuntimeError, match="the counts do not add up"):
        aggregate_query_log(write_inputs(tmp_path / "in", "shuffled"))
