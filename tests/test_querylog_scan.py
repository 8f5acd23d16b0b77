"""The scan's timestamp parsing: the guarded zone-offset test and US forms give exactly what the plain ones do."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cleaning.querylog_scan import parsed_sql

_TIMES = st.builds(
    lambda date, sep, time, tail: f"{date}{sep}{time}{tail}",
    st.sampled_from(["2025-03-01", "2025-3-1", "03/01/2025", "2025/03/01", "20250301", "1989-12-31", ""]),
    st.sampled_from([" ", "T", "", "  ", "-", "+"]),
    st.sampled_from(["08:00:00", "8:00", "08:00:00.123", "08:00 PM", "08:00:00 am", "8:00 Pm", "0800", "", "08-00"]),
    st.builds(lambda sign, hh, colon, mm, space: f"{space}{sign}{hh}{colon}{mm}",
              st.sampled_from(["+", "-", "", "Z"]), st.sampled_from(["14", "15", "25", "99", "05", "1", ""]),
              st.sampled_from([":", ""]), st.sampled_from(["00", "30", "5", ""]), st.sampled_from(["", " "])),
)
_TEXT = st.one_of(_TIMES, st.text(alphabet="0123456789-+:/ TZAPMapm\t", max_size=28),
                  st.builds(lambda a, b: f" {a}{b} ", _TIMES, st.sampled_from(["", " ", "\t"])))


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_the_plain_form_has_no_guard() -> None:
    plain, guarded = parsed_sql("t", "VARCHAR", guarded=False), parsed_sql("t", "VARCHAR")
    assert "regexp_matches" in plain and "try_strptime" in plain and "contains(" not in plain
    assert plain.count("CASE") == 1 and guarded.count("CASE") == 3


@pytest.mark.parametrize("text, parses", [
    ("2025-03-01 08:00:00", True), ("2025-03-01T08:00:00+14:00", True), ("2025-03-01T08:00:00-1400", True),
    ("2025-03-01T08:00:00+25:00", False), ("2025-03-01 08:00:00-1600", False), ("2025-03-01 08:00:00 +15:00 ", False),
    ("2025-03-01", True), ("03/01/2025 08:00 PM", True), ("not a time", False), (None, False),
    ("2025-03-01 08:00 pm", True), ("2025-03-01 08:00:00 AM\t", True), ("03/01/2025", True), ("N/A", False),
])
def test_offsets_beyond_fourteen_hours_are_rejected(con: duckdb.DuckDBPyConnection, text: str | None,
                                                    parses: bool) -> None:
    got = con.execute(f"SELECT {parsed_sql('t', 'VARCHAR')} FROM (SELECT CAST(? AS VARCHAR) AS t)", [text]).fetchone()
    assert (got[0] is not None) == parses


@settings(deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=40))
def test_the_guard_changes_no_result(con: duckdb.DuckDBPyConnection, texts: list[str]) -> None:
    guarded, plain = con.execute(
        f"SELECT list({parsed_sql('t', 'VARCHAR')} ORDER BY i), list({parsed_sql('t', 'VARCHAR', guarded=False)} ORDER BY i) "
        "FROM (SELECT unnest(?) AS t, generate_subscripts(?, 1) AS i)", [texts, texts]).fetchone()
    assert guarded == plain
