"""The scan's SQL: the guarded zone-offset test and US forms give exactly what the plain ones do; the timestamp
rejects are blank, parse and sort as Python and pandas would have them; the rare rows' JSON reads back exactly."""

from __future__ import annotations

import datetime as dt
import sys

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cleaning.querylog_scan import WHITESPACE, bad_groups_sql, parsed_sql, split_tallies_sql

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


def test_whitespace_is_what_str_strip_removes() -> None:
    assert WHITESPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    # and what pandas' str.strip removed when .rejects said which timestamps were blank
    assert (pd.Series(list(WHITESPACE), dtype="str").str.strip() == "").all()


_BAD_TEXT = st.one_of(st.none(), _TEXT, st.text(alphabet=WHITESPACE + "xé\x00", max_size=4))
_RAW = st.one_of(st.none(), st.text(alphabet="aBé ", max_size=3))


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(st.sampled_from(["a.csv", "b.csv"]), _BAD_TEXT, _RAW, _RAW, _RAW), min_size=1, max_size=30))
def test_bad_groups_blank_parse_and_sort_as_python_and_pandas(rows: list[tuple]) -> None:
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE tallies (grp VARCHAR, bad_file VARCHAR, bad_timestamp VARCHAR, "
                    "raw_destination_state VARCHAR, raw_agency VARCHAR, raw_message_key VARCHAR, n BIGINT)")
        unique = list(dict.fromkeys(rows))  # the scan's groups are distinct
        # each group its own count, to catch a count read from another row; the scan's other rows, which are in
        # the bad set's all-NULL group, and a row of another set, are not rejects
        con.executemany("INSERT INTO tallies VALUES ('bad', ?, ?, ?, ?, ?, ?)",
                        [[*r, 10 + i] for i, r in enumerate(unique)])
        con.execute("INSERT INTO tallies VALUES ('bad', NULL, NULL, NULL, NULL, NULL, 1000)")
        con.execute("INSERT INTO tallies VALUES ('clean', NULL, NULL, NULL, NULL, NULL, 5)")
        got = con.execute(bad_groups_sql()).fetchdf()
        parses = {t: con.execute(f"SELECT {parsed_sql('t', 'VARCHAR')} IS NOT NULL FROM (SELECT CAST(? AS VARCHAR) AS t)",
                                 [t]).fetchone()[0] for t in {r[1] for r in unique}}
    finally:
        con.close()
    expected = pd.DataFrame(unique, columns=["bad_file", "bad_timestamp", "raw_destination_state", "raw_agency",
                                             "raw_message_key"], dtype="str")
    expected["blank"] = [r[1] is None or r[1].strip() == "" for r in unique]
    expected["parses"] = [parses[r[1]] for r in unique]
    expected["n"] = [10 + i for i in range(len(unique))]
    expected["reason"] = ["missing_period" if b else "bad_period" for b in expected["blank"]]
    expected = expected.sort_values(["bad_file", "reason", "bad_timestamp", "raw_destination_state", "raw_agency",
                                     "raw_message_key"], na_position="first", ignore_index=True)
    assert got["blank"].tolist() == expected["blank"].tolist()
    assert got["parses"].tolist() == expected["parses"].tolist()
    for column in ("bad_file", "bad_timestamp", "raw_destination_state", "raw_agency", "raw_message_key"):
        assert got[column].astype("object").where(got[column].notna(), None).tolist() == \
            expected[column].astype("object").where(expected[column].notna(), None).tolist()
    assert got["n"].tolist() == expected["n"].tolist()


def test_split_tallies_moves_the_clean_set_apart_and_reads_the_rare_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The clean groups without rare rows go to the narrow ``clean_set``; a rare row's JSON becomes a fallback row
    (a value the maps lack: its raw value, the others by code) and, without a usable timestamp, a reject row."""
    odd = 'a "quoted", back\\slash, tab\t, ü'
    con.execute("""
        CREATE TEMP TABLE tallies AS SELECT grp, period_start, code_destination_state, code_agency,
            code_message_key, CAST(rare AS VARCHAR) AS rare, rid_destination_state, rid_agency, rid_message_key, n
        FROM (VALUES
            ('clean', DATE '2025-03-01', 0, 1, 2, NULL, NULL, NULL, NULL, 7),
            ('clean', DATE '2025-03-02', 1, 1, 0, NULL, NULL, NULL, NULL, 3),
            ('clean', DATE '2025-03-02', 1, NULL, 0, to_json(list_value(NULL, NULL, NULL, ?, NULL)), NULL, NULL,
             NULL, 4),
            ('clean', NULL, NULL, 1, 0, to_json(list_value('f.csv', 'N/A', ' Narnia ', 'ICE', 'dq')), NULL, NULL,
             NULL, 2),
            ('clean', NULL, 1, 1, 0, to_json(list_value('f.csv', NULL, 'NY', 'ICE', NULL)), NULL, NULL, NULL, 5),
            ('rid_agency', NULL, NULL, NULL, NULL, NULL, NULL, 4, NULL, 16)
        ) t(grp, period_start, code_destination_state, code_agency, code_message_key, rare, rid_destination_state,
            rid_agency, rid_message_key, n)
    """, [odd])
    con.execute(split_tallies_sql())
    assert con.execute("SELECT * FROM clean_set ORDER BY period_start").fetchall() == [
        (dt.date(2025, 3, 1), 0, 1, 2, 7), (dt.date(2025, 3, 2), 1, 1, 0, 3)]
    fallback = con.execute("""
        SELECT um, um_period, um_code_destination_state, fb_destination_state, um_code_agency, fb_agency,
               um_code_message_key, fb_message_key, n
        FROM tallies WHERE grp = 'fallback' ORDER BY n""").fetchall()
    assert fallback == [(True, None, None, " Narnia ", 1, None, 0, None, 2),
                        (True, dt.date(2025, 3, 2), 1, None, None, odd, 0, None, 4)]
    bad = con.execute("""
        SELECT bad_file, bad_timestamp, raw_destination_state, raw_agency, raw_message_key, n
        FROM tallies WHERE grp = 'bad' ORDER BY n""").fetchall()
    assert bad == [("f.csv", "N/A", " Narnia ", "ICE", "dq", 2), ("f.csv", None, "NY", "ICE", None, 5)]
    assert con.execute("SELECT rid_agency, n FROM tallies WHERE grp = 'rid_agency'").fetchall() == [(4, 16)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=5, max_size=5))
def test_a_rare_rows_values_come_back_from_json_as_they_went_in(values: list[str | None]) -> None:
    """Any text, NULL, blank or the word null, survives ``to_json(list_value(...))`` and ``->>`` unchanged."""
    con = duckdb.connect()
    got = con.execute("SELECT j->>0, j->>1, j->>2, j->>3, j->>4 FROM (SELECT CAST(to_json(list_value(?, ?, ?, ?, ?)) "
                      "AS VARCHAR) AS j)", values).fetchone()
    assert list(got) == values
