"""The clean table's rules: CLEAN_SCHEMA is built from them, and the quick check passes a table only when the schema
would pass it unchanged (so a query log's table can skip pandera without skipping a rule)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cleaning.clean_result import CLEAN_SCHEMA
from analysis.cleaning.clean_rules import column_rules, first_broken_rule

ROWS = [
    ("NY", "ICE", "DQ", "driver", True, "2025-03-01", "2025-03-31", 2, 0),
    ("TX", "HSI", "RQ", "vehicle", True, "2025-03-01", "2025-03-01", 0, 0),
    ("UNKNOWN", "UNKNOWN", "UNKNOWN", "other", False, "2025-04-01", "2025-04-30", 7, 3),
]


def _table() -> pd.DataFrame:
    columns = ["destination_state", "agency", "message_key", "record_type", "dmv", "period_start", "period_end",
               "queries", "source_row"]
    table = pd.DataFrame(ROWS, columns=columns)
    return table.astype({"period_start": "datetime64[ns]", "period_end": "datetime64[ns]"})


def test_the_schema_has_the_rules_columns_and_checks() -> None:
    rules = column_rules()
    assert list(CLEAN_SCHEMA.columns) == list(rules)
    assert CLEAN_SCHEMA.strict and CLEAN_SCHEMA.coerce
    for name, rule in rules.items():
        column = CLEAN_SCHEMA.columns[name]
        assert (column.nullable, column.required) == (rule.nullable, rule.required), name
        wanted = (rule.allowed is not None) + (rule.pattern is not None) + (rule.minimum is not None)
        assert len(column.checks) == wanted, name
    assert first_broken_rule(_table()) is None
    pd.testing.assert_frame_equal(CLEAN_SCHEMA.validate(_table()), _table())


_CELLS = st.one_of(
    st.sampled_from(["NY", "ny", "ICE", "Martians", "DQ", "dq", "D Q", "driver", "boat", "", "UNKNOWN", "PR", "XX"]),
    st.none(), st.integers(-3, 3), st.booleans(), st.just(float("nan")),
    st.sampled_from([pd.Timestamp("2025-02-28"), pd.Timestamp("2025-05-01")]),
)
_DTYPES = st.sampled_from(["object", "str", "int32", "float64", "datetime64[us]", "category"])


@st.composite
def _altered(draw: st.DrawFn) -> pd.DataFrame:
    table = _table()
    kind = draw(st.sampled_from(["cell", "dtype", "drop", "extra", "none"]))
    column = draw(st.sampled_from(list(table.columns)))
    if kind == "cell":
        row = draw(st.integers(0, len(table) - 1))
        values = table[column].astype("object")
        values.iloc[row] = draw(_CELLS)
        try:
            table[column] = values.astype(table[column].dtype)
        except (TypeError, ValueError):
            table[column] = values
    elif kind == "dtype":
        try:
            table[column] = table[column].astype(draw(_DTYPES))
        except (TypeError, ValueError):
            pass
    elif kind == "drop":
        table = table.drop(columns=column)
    elif kind == "extra":
        table[draw(st.sampled_from(["ori", "notes", "source_column"]))] = "x"
    return table


@settings(deadline=None, max_examples=150)
@given(_altered())
def test_the_quick_check_passes_only_what_the_schema_passes_unchanged(table: pd.DataFrame) -> None:
    broken = first_broken_rule(table)
    try:
        validated = CLEAN_SCHEMA.validate(table.copy(), lazy=True)
    except pandera.errors.SchemaErrors:
        assert broken is not None
        return
    if broken is None:
        pd.testing.assert_frame_equal(validated, table)
    else:  # the schema passes it only by converting a column
        assert not validated.dtypes.equals(table.dtypes), broken


def test_reading_a_log_imports_no_pandera(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("Timestamp,Dest State,Agency,MKE\n2025-03-01 08:00:00,N.Y.,ICE ERO,dq\nnot a time,NY,ICE,DQ\n")
    script = textwrap.dedent(f"""
        import sys
        from analysis.cleaning.querylog import aggregate_query_log
        assert "pandas" not in sys.modules  # imported in a helper thread while DuckDB reads the sample
        result = aggregate_query_log({str(log)!r})
        print(int(result.clean["queries"].sum()), "pandera" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False"]


@pytest.mark.parametrize("column, value", [("queries", -1), ("agency", "Martians"), ("message_key", "dq")])
def test_a_log_table_that_breaks_a_rule_still_meets_the_schema(column: str, value: object) -> None:
    from analysis.cleaning import querylog_tables

    table = _table()
    table.loc[2, column] = value
    codes = [pd.Series(pd.factorize(table[c], sort=True)[0]) for c in ("destination_state", "agency", "message_key")]
    with pytest.raises(pandera.errors.SchemaErrors):
        querylog_tables._validated(table, codes, table["period_start"])
