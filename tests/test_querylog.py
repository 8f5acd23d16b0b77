"""Tests for analysis.cleaning.querylog (row-level query logs) and the ``aggregate-log`` command. Small synthetic logs only."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cleaning.clean import clean_query_counts
from analysis.cleaning.clean_result import CLEAN_SCHEMA
from analysis.cli import main
from analysis.cli.aggregate_log import _Progress, estimate_rows
from analysis.cleaning.querylog import aggregate_query_log
from analysis.cleaning.querylog_inputs import expand_paths, map_log_columns

KEYS = ["destination_state", "agency", "message_key", "period_start", "period_end"]

# A synthetic log: one row per query, messy as exported. Rows 8-11 have no usable timestamp.
LOG = pd.DataFrame(
    [
        ("2025-03-01 08:00:00", "N.Y.", "ICE ERO", "dq"),
        ("2025-03-01 09:30:00", "ny", "Immigration and Customs Enforcement", "DQ"),
        ("2025-03-01T23:59:59", "New York", "ICE", "D Q"),
        ("03/02/2025 10:00:00", "Calif.", "Homeland Security Investigations", "rqg"),
        ("2025-03-02", " CA ", "HSI", "RQ"),
        ("2025-04-15 12:00:00", "Atlantis", "Acme Corp", "IQ"),
        ("2025-04-15 12:00:01", "Texas", "Police Department, City of Austin", "dnq"),
        ("", "Texas", "Austin Police Dept", "DQ"),
        ("N/A", "TX", "CBP", "DQ"),
        ("2025-02-30 08:00:00", "TX", "CBP", "RQ"),
        ("2025-02-30 08:00:00", "TX", "CBP", "RQ"),
        ("2025-04-30 23:00:00", None, None, None),
    ],
    columns=["Query Timestamp", "Dest. State", "Requesting Agency", "MKE"],
)
N_BAD_TIMESTAMPS = 4


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False)
    return path


@pytest.fixture
def log_csv(tmp_path: Path) -> Path:
    return _write_csv(LOG, tmp_path / "synthetic_log.csv")


def _table(clean: pd.DataFrame) -> pd.DataFrame:
    """Clean rows summed over the canonical keys, sorted: the comparable form of a clean table."""
    return clean.groupby(KEYS, as_index=False)["queries"].sum().sort_values(KEYS, ignore_index=True)


# ------------------------------------------------------------------------------------------------------------------
# results and invariants


def test_aggregates_by_state_agency_key_and_day(log_csv: Path) -> None:
    clean = aggregate_query_log(log_csv).clean
    ny = clean[clean["destination_state"] == "NY"]
    assert ny[["agency", "message_key", "queries"]].values.tolist() == [["ICE", "DQ", 3]]
    assert ny["period_start"].tolist() == [pd.Timestamp("2025-03-01")]
    ca = clean[clean["destination_state"] == "CA"].sort_values("agency")
    assert ca[["agency", "message_key", "queries"]].values.tolist() == [["HSI", "RQ", 2]]


def test_every_row_is_counted_once(log_csv: Path) -> None:
    result = aggregate_query_log(log_csv)
    assert result.clean["queries"].sum() + result.rejects["rows"].sum() == len(LOG)
    assert result.summary.rows_in == len(LOG)
    assert result.summary.rows_rejected == N_BAD_TIMESTAMPS
    assert result.summary.balanced


def test_bad_and_missing_timestamps_go_to_rejects_aggregated(log_csv: Path) -> None:
    rejects = aggregate_query_log(log_csv).rejects
    got = rejects[["timestamp", "destination_state", "reason", "rows"]].astype(object).where(rejects.notna(), None)
    assert got.values.tolist() == [
        ["2025-02-30 08:00:00", "TX", "bad_period", 2],  # two identical rows: one reject row standing for two
        ["N/A", "TX", "bad_period", 1],
        [None, "Texas", "missing_period", 1],
    ]
    assert set(rejects["source_file"]) == {str(log_csv)}
    assert rejects["queries"].equals(rejects["rows"])


def test_unknown_values_are_kept_as_unknown_and_audited(log_csv: Path) -> None:
    result = aggregate_query_log(log_csv)
    unknown = result.clean[result.clean["destination_state"] == "UNKNOWN"]
    assert unknown["queries"].sum() == 2  # Atlantis and the blank state
    audit = result.audit.set_index(["column", "raw_value"])
    assert audit.loc[("destination_state", "Atlantis"), "clean_value"] == "UNKNOWN"
    assert audit.loc[("agency", "Acme Corp"), "clean_value"] == "UNKNOWN"
    assert result.summary.unknown_state_rows == 2


def test_audit_accounts_for_every_clean_row_in_each_column(log_csv: Path) -> None:
    result = aggregate_query_log(log_csv)
    total = result.clean["queries"].sum()
    assert result.audit.groupby("column")["rows"].sum().to_dict() == {
        "agency": total, "destination_state": total, "message_key": total
    }


def test_clean_meets_the_clean_schema_and_attributes(log_csv: Path) -> None:
    clean = aggregate_query_log(log_csv).clean
    CLEAN_SCHEMA.validate(clean)
    assert list(clean.columns) == [
        "destination_state", "agency", "message_key", "record_type", "dmv", "period_start", "period_end", "queries",
        "source_row",
    ]
    rq = clean[clean["message_key"] == "RQ"].iloc[0]
    assert (rq["record_type"], bool(rq["dmv"])) == ("vehicle", True)
    assert (clean["source_row"] == 0).all()


def test_month_periods(log_csv: Path) -> None:
    clean = aggregate_query_log(log_csv, freq="month").clean
    periods = clean[["period_start", "period_end"]].drop_duplicates().sort_values("period_start")
    assert list(periods.itertuples(index=False, name=None)) == [
        (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-31")),
        (pd.Timestamp("2025-04-01"), pd.Timestamp("2025-04-30")),
    ]


@pytest.mark.parametrize("freq, period_format", [("day", "%Y-%m-%d"), ("month", "%Y-%m")])
def test_equals_clean_query_counts_on_pre_aggregated_data(log_csv: Path, freq: str, period_format: str) -> None:
    stamps = pd.to_datetime(LOG["Query Timestamp"], format="mixed", errors="coerce")
    stamps[LOG["Query Timestamp"] == "2025-02-30 08:00:00"] = pd.NaT
    usable = LOG[stamps.notna()].assign(period=stamps.dropna().dt.strftime(period_format))
    counts = (
        usable.fillna({"Dest. State": "", "Requesting Agency": "", "MKE": ""})
        .groupby(["Dest. State", "Requesting Agency", "MKE", "period"], as_index=False).size()
        .rename(columns={"Dest. State": "destination_state", "Requesting Agency": "agency", "MKE": "message_key",
                         "size": "queries"})
    )
    counts["queries"] = counts["queries"].astype(str)
    expected = _table(clean_query_counts(counts).clean)
    got = _table(aggregate_query_log(log_csv, freq=freq).clean)
    pd.testing.assert_frame_equal(got, expected)


def test_agency_map_extends_the_vocabulary(log_csv: Path, tmp_path: Path) -> None:
    mapping = pd.DataFrame({"raw_value": ["Acme Corp"], "agency": ["OTHER_FEDERAL"]})
    clean = aggregate_query_log(log_csv, agency_map=mapping).clean
    assert "OTHER_FEDERAL" in set(clean["agency"])


# ------------------------------------------------------------------------------------------------------------------
# inputs


def test_gzip_parquet_list_and_glob_give_the_same_table(log_csv: Path, tmp_path: Path) -> None:
    expected = _table(aggregate_query_log(log_csv).clean)
    gz = tmp_path / "synthetic_log.csv.gz"
    gz.write_bytes(gzip.compress(log_csv.read_bytes()))
    parquet = tmp_path / "synthetic_log.parquet"
    LOG.to_parquet(parquet, index=False)
    for source in (gz, parquet):
        pd.testing.assert_frame_equal(_table(aggregate_query_log(source).clean), expected)
    halves = tmp_path / "parts"
    halves.mkdir()
    _write_csv(LOG.iloc[:5], halves / "part-1.csv")
    _write_csv(LOG.iloc[5:], halves / "part-2.csv")
    for source in ([halves / "part-1.csv", halves / "part-2.csv"], str(halves / "part-*.csv")):
        result = aggregate_query_log(source)
        pd.testing.assert_frame_equal(_table(result.clean), expected)
        assert result.summary.rows_in == len(LOG) and result.summary.files == 2


def test_parquet_with_a_typed_timestamp_column(tmp_path: Path) -> None:
    frame = LOG.iloc[:7].assign(**{"Query Timestamp": pd.to_datetime(LOG["Query Timestamp"].iloc[:7], format="mixed")})
    frame.to_parquet(tmp_path / "typed.parquet", index=False)
    expected = _table(aggregate_query_log(_write_csv(LOG.iloc[:7], tmp_path / "same.csv")).clean)
    pd.testing.assert_frame_equal(_table(aggregate_query_log(tmp_path / "typed.parquet").clean), expected)


def test_files_with_different_headers_are_mapped_each_on_its_own(tmp_path: Path) -> None:
    first = _write_csv(LOG.iloc[:6], tmp_path / "a.csv")
    renamed = {"Query Timestamp": "Date/Time", "Dest. State": "State", "MKE": "Message Key"}
    second = _write_csv(LOG.iloc[6:].rename(columns=renamed), tmp_path / "b.csv")
    expected = _table(aggregate_query_log(_write_csv(LOG, tmp_path / "all.csv")).clean)
    pd.testing.assert_frame_equal(_table(aggregate_query_log([first, second]).clean), expected)


def test_columns_override(tmp_path: Path) -> None:
    odd = LOG.rename(columns={"Query Timestamp": "when", "Dest. State": "where"})
    path = _write_csv(odd, tmp_path / "odd.csv")
    with pytest.raises(ValueError, match="odd.csv: no timestamp / destination_state column"):
        aggregate_query_log(path)
    result = aggregate_query_log(path, columns={"when": "timestamp", "where": "destination_state"})
    assert result.summary.rows_in == len(LOG)


def test_malformed_csv_lines_are_rejected_with_their_line_number(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text("Timestamp,State,Agency,MKE\n2025-03-01 08:00:00,NY,ICE,DQ\n2025-03-01,NY,ICE,DQ,extra,cells\n"
                    "2025-03-02 08:00:00,NY,ICE,DQ\n")
    result = aggregate_query_log(path)
    bad = result.rejects[result.rejects["reason"] == "bad_line"]
    assert bad["source_row"].tolist() == [3]
    assert result.summary.rows_in == 3 and result.clean["queries"].sum() == 2


def test_missing_file_and_empty_pattern(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope.csv: no such file"):
        aggregate_query_log(tmp_path / "nope.csv")
    with pytest.raises(FileNotFoundError, match="no file matches"):
        expand_paths(str(tmp_path / "*.parquet"))
    with pytest.raises(FileNotFoundError, match="this is a folder"):
        expand_paths(tmp_path)


def test_invalid_settings_raise_value_errors(log_csv: Path) -> None:
    with pytest.raises(ValueError, match="freq"):
        aggregate_query_log(log_csv, freq="week")
    with pytest.raises(ValueError, match="memory_limit"):
        aggregate_query_log(log_csv, memory_limit="lots")


def test_progress_callback_ends_at_one(log_csv: Path) -> None:
    seen: list[float] = []
    aggregate_query_log(log_csv, progress=seen.append)
    assert seen and seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)


def test_map_log_columns() -> None:
    assert map_log_columns(["Date", "State", "ORI", "Msg Type"]) == {
        "timestamp": "Date", "destination_state": "State", "agency": "ORI", "message_key": "Msg Type"
    }
    # an agency name wins over an ORI; a timestamp header over a date
    assert map_log_columns(["Date", "Timestamp", "Dest St", "Requesting ORI", "Agency Name", "MKE"]) == {
        "timestamp": "Timestamp", "destination_state": "Dest St", "agency": "Agency Name", "message_key": "MKE"
    }


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(
    st.tuples(
        st.one_of(st.none(), st.sampled_from(["2025-01-31 23:59:59", "2025-02-01 00:00:00", "bad", "2024-02-29"])),
        st.one_of(st.none(), st.sampled_from(["NY", "n.y.", "Calif.", "Nowhere", " tx "])),
        st.one_of(st.none(), st.sampled_from(["ICE", "hsi", "CBP", "Acme"])),
        st.one_of(st.none(), st.sampled_from(["DQ", "r q", "dqg", "ZZZZZ"])),
    ),
    min_size=1, max_size=30,
))
def test_property_rows_are_conserved(tmp_path_factory: pytest.TempPathFactory, rows: list[tuple]) -> None:
    frame = pd.DataFrame(rows, columns=["Timestamp", "State", "Agency", "MKE"])
    path = _write_csv(frame, tmp_path_factory.mktemp("prop") / "log.csv")
    result = aggregate_query_log(path, freq="month")
    assert result.clean["queries"].sum() + result.rejects["rows"].sum() == len(frame)
    assert result.rejects["rows"].sum() == frame["Timestamp"].isna().sum() + (frame["Timestamp"] == "bad").sum()


# ------------------------------------------------------------------------------------------------------------------
# command line


def test_cli_writes_the_three_tables_deterministically(log_csv: Path, tmp_path: Path, capsys) -> None:
    outputs = []
    for name in ("out1", "out2"):
        assert main(["aggregate-log", str(log_csv), "--freq", "month", "-o", str(tmp_path / name)]) == 0
        outputs.append({f: (tmp_path / name / f).read_bytes() for f in ("clean.csv", "rejects.csv", "audit.csv")})
    assert outputs[0] == outputs[1]
    clean = pd.read_csv(io.BytesIO(outputs[0]["clean.csv"]))
    assert clean["queries"].sum() == len(LOG) - N_BAD_TIMESTAMPS
    assert clean["period_start"].iloc[0] == "2025-03-01"
    out = capsys.readouterr().out
    assert f"rows read:     {len(LOG)}" in out and "bad_period: 3" in out


@pytest.mark.parametrize("make_input, message", [
    (lambda d: d / "missing.csv", "missing.csv: no such file"),
    (lambda d: _write_csv(LOG.drop(columns=["Query Timestamp"]), d / "no_time.csv"),
     "no_time.csv: no timestamp column"),
])
def test_cli_errors_are_one_line_with_exit_code_2(tmp_path: Path, capsys, make_input, message) -> None:
    assert main(["aggregate-log", str(make_input(tmp_path)), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_progress_is_quiet_off_a_terminal(log_csv: Path, tmp_path: Path, capsys) -> None:
    assert main(["aggregate-log", str(log_csv), "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""


def test_progress_line_and_row_estimate(log_csv: Path, tmp_path: Path) -> None:
    big = _write_csv(pd.concat([LOG] * 500), tmp_path / "big.csv")
    gz = tmp_path / "big.csv.gz"
    gz.write_bytes(gzip.compress(big.read_bytes()))
    assert estimate_rows([str(big)]) == pytest.approx(len(LOG) * 500, rel=0.01)
    assert estimate_rows([str(gz)]) == pytest.approx(len(LOG) * 500, rel=0.01)
    stream, ticks = io.StringIO(), iter([0.0, 2.0])
    progress = _Progress([str(big)], stream, clock=lambda: next(ticks))
    progress(0.75)  # three quarters of the one pass
    line = stream.getvalue()
    assert line.startswith("\rreading  75% · ~0.0 M of ~0.0 M rows") and "00:00:02 elapsed" in line


def test_a_log_with_only_a_header_or_only_bad_timestamps(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("Timestamp,State,Agency,MKE\n")
    result = aggregate_query_log(empty)
    assert len(result.clean) == 0 and len(result.rejects) == 0 and result.summary.rows_in == 0
    bad = _write_csv(LOG.assign(**{"Query Timestamp": "never"}), tmp_path / "bad.csv")
    result = aggregate_query_log(bad)
    assert len(result.clean) == 0 and result.rejects["rows"].sum() == len(LOG) and len(result.audit) == 0


def test_cli_column_override_and_agency_map(tmp_path: Path) -> None:
    path = _write_csv(LOG.rename(columns={"Query Timestamp": "when"}), tmp_path / "odd.csv")
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("raw_value,agency\nAcme Corp,OTHER_FEDERAL\n")
    out = tmp_path / "out"
    assert main(["aggregate-log", str(path), "--column", "when=timestamp", "--agency-map", str(agencies),
                 "--freq", "month", "-o", str(out)]) == 0
    clean = pd.read_csv(out / "clean.csv")
    assert clean.loc[clean["agency"] == "OTHER_FEDERAL", "queries"].sum() == 1
    assert main(["aggregate-log", str(path), "--column", "when", "-o", str(out)]) == 2


def test_zone_suffixes_are_dropped_not_applied(tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    path.write_text("Timestamp,State,Agency,MKE\n2025-03-01T23:30:00-07:00,NY,ICE,DQ\n2025-03-01T23:30:00Z,NY,ICE,DQ\n")
    clean = aggregate_query_log(path).clean
    assert clean["period_start"].tolist() == [pd.Timestamp("2025-03-01")] and clean["queries"].tolist() == [2]


def test_twelve_hour_times_with_am_pm_are_read(tmp_path: Path) -> None:
    """SYNTHETIC log: US exports print 12-hour times with AM/PM; 12:30 AM belongs to the day it is written with."""
    path = tmp_path / "log.csv"
    path.write_text(
        "Timestamp,State,Agency,MKE\n"
        "10/01/2025 01:15:00 PM,WA,ICE,DQ\n"
        "10/01/2025 11:59 PM,OR,HSI,RQ\n"
        "10/02/2025 12:30 AM,CA,ICE,DQ\n"
        "2025-10-03 12:05:00 PM,CA,ICE,DQ\n"
        "10/03/2025 13:05 PM,CA,ICE,DQ\n"  # no such time: rejected, not guessed
    )
    result = aggregate_query_log(path, freq="day")
    days = result.clean.groupby("period_start")["queries"].sum()
    assert {f"{d:%Y-%m-%d}": int(n) for d, n in days.items()} == {"2025-10-01": 2, "2025-10-02": 1, "2025-10-03": 1}
    assert result.rejects["reason"].tolist() == ["bad_period"] and result.summary.rows_rejected == 1
