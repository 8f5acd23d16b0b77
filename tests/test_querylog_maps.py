"""The query log's value maps: made without pandas by the rules ``normalize`` applies to columns, and loaded into
DuckDB exactly, whatever the text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cleaning import querylog_sample
from analysis.cleaning.normalize import normalize_agency, normalize_message_key, normalize_state
from analysis.cleaning.querylog_maps import column_normalisers, load_columns, value_maps

_SPELLINGS = st.one_of(
    st.none(),
    st.sampled_from(["N.Y.", " ny ", "New York (NY)", "US-NY", "CA-ON", "State of Texas", "ICE ERO", "ICE HSI Newark",
                     "Ice Cream Co", "HSI Task Force - Austin PD", "dqg", "D Q", "DQ - Driver Query", "swq", "N/A", "",
                     "Québec", "U.S. Immigration & Customs Enf."]),
    st.text(max_size=24),
)


@settings(deadline=None, max_examples=60)
@given(st.lists(_SPELLINGS, max_size=30))
def test_the_maps_follow_the_column_normalisers(values: list[str | None]) -> None:
    rules = column_normalisers(None)
    series = pd.Series(values, dtype="object")
    for column, normalise in (("destination_state", normalize_state), ("agency", normalize_agency),
                              ("message_key", normalize_message_key)):
        assert [rules[column](v) for v in values] == normalise(series).tolist(), column


def test_an_agency_map_is_read_once_and_applied() -> None:
    agency_map = pd.DataFrame({"raw_value": ["Acme corp"], "agency": ["OTHER_FEDERAL"]})
    rules = column_normalisers(agency_map)
    values = ["ACME CORP", "ICE", None]
    assert [rules["agency"](v) for v in values] == normalize_agency(pd.Series(values), agency_map).tolist()


def test_codes_rank_the_clean_values() -> None:
    rows = [(True, False, False, v, None, None) for v in ["Texas", "ny", "N.Y.", None]]
    state = value_maps(rows, column_normalisers(None))["destination_state"]
    assert state.clean == ["TX", "NY", "NY", "UNKNOWN"] and state.code == [1, 0, 0, 2]


@settings(deadline=None, max_examples=40)
@given(st.lists(st.one_of(st.none(), st.text()), max_size=40))
def test_a_table_loads_every_text_exactly(tmp_path_factory, values: list[str | None]) -> None:
    con = duckdb.connect()
    folder = tmp_path_factory.mktemp("load")
    load_columns(con, folder, "t", {"raw": ("VARCHAR", values), "n": ("INTEGER", list(range(len(values))))})
    assert con.execute("SELECT raw FROM t ORDER BY n").fetchall() == [(v,) for v in values]
    assert con.execute("SELECT typeof(raw), typeof(n) FROM t LIMIT 1").fetchall() in ([], [("VARCHAR", "INTEGER")])
    con.close()


def test_samples_are_written_as_they_are_read(tmp_path: Path, monkeypatch) -> None:
    big, small, packed = tmp_path / "big.csv", tmp_path / "small.csv", tmp_path / "big.csv.gz"
    big.write_text("Timestamp,State\n" + "".join(f"2025-03-01,S{i}\n" for i in range(5_000)))
    small.write_text("Timestamp,State\n2025-03-01,NY\n")
    packed.write_bytes(b"")
    monkeypatch.setattr(querylog_sample, "SAMPLE_WHOLE_BYTES", 1_000)
    work = tmp_path / "work"
    work.mkdir()
    written = querylog_sample.write_csv_samples([str(big), str(small), str(packed)], work)
    assert list(written) == [str(big)]
    assert written[str(big)].read_bytes() == querylog_sample._csv_sample_bytes(str(big))
