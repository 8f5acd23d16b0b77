"""analysis.publish.citable_numbers: a citable number is a checked, frozen row; it is written and read back in one
place (the same rows, formula guard included); and every producer's rows say what their value counts and when."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from analysis.findings import policy_overlap, rates_per_100k, resident_shares, state_figures
from analysis.findings.breakdown import breakdown_table
from analysis.publish.citable_numbers import (
    CITABLE_COLUMNS,
    CITABLE_DESCRIPTIONS,
    CitableNumber,
    citable_frame,
    citable_number,
    headline_order,
    read_citable,
    write_citable_numbers,
)
from analysis.publish.export_checks import ExportError, notebook_path
from analysis.publish.manifest import read_manifest, verify_manifest
from analysis.publish.text import blocking_citable, breakdown
from analysis.sources.tables import load_sources, load_state_level_figures, load_states

SOURCE = "wyden-press-release-2025-11-12"
NB1, NB2 = "01_disclosure_breakdown", "02_blocking_states"
PERIOD = re.compile(r"^\d{4}-\d{2}-\d{2}( to \d{4}-\d{2}-\d{2})?$")


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(folder))
    return folder


def _row(id_: str, **changes: object) -> CitableNumber:
    fields: dict[str, object] = dict(
        id=id_, value=1, formatted_value="1", unit="DMV queries", period="2024-10-01 to 2025-09-30", bound="exact",
        kind="published", sentence=f"Sentence {id_}.", sentence_es=f"Frase {id_}.", source_ids=(SOURCE,))
    return citable_number(**{**fields, **changes})


def _rows() -> list[CitableNumber]:
    return [
        _row("b-share", value=0.0010072896551724137, formatted_value="0.101%", bound="at most", kind="derived",
             unit="share of all DMV queries through Nlets (fraction)",
             sentence="=0.101% at most, a sentence a spreadsheet would run as a formula.",
             sentence_es="-0,101 % como máximo, una frase que empieza como una fórmula."),
        _row("a-count", value=292114, formatted_value="292,114", sentence="+292,114 queries.",
             source_ids=(SOURCE, "reuters-2025-11-12")),
        _row("c-day", value="2025-11-18", formatted_value="Nov. 18, 2025", unit="date", period="2025-11-18",
             sentence="@Nov. 18, 2025 is the day.", kind="derived"),
        _row("d-negative", value=-0.5, formatted_value="-0.5", kind="derived", sentence="-0.5 is a change."),
    ]


# ---- the row ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "words"), [
    ({"bound": "roughly"}, "bound 'roughly'"),
    ({"kind": "guessed"}, "kind 'guessed'"),
    ({"source_ids": ()}, "no source ids"),
    ({"source_ids": ""}, "no source ids"),
    ({"sentence": " "}, "empty sentence"),
    ({"sentence_es": ""}, "empty sentence_es"),
    ({"value": float("nan")}, "no value"),
    ({"period": "FY2025"}, "period 'FY2025'"),
])
def test_a_bad_row_is_refused_where_it_is_made_naming_its_id(changes, words):
    with pytest.raises(ExportError) as caught:
        CitableNumber(**{**_row("bad-row").__dict__, **changes})
    message = str(caught.value)
    assert "'bad-row'" in message and words in message and "\n" not in message


def test_a_row_without_an_id_is_refused():
    with pytest.raises(ExportError, match="needs an id"):
        CitableNumber(**{**_row("x").__dict__, "id": ""})


def test_a_row_is_frozen_and_keeps_its_sources_as_a_tuple():
    row = _row("x", source_ids=f"{SOURCE};reuters-2025-11-12")
    assert row.source_ids == (SOURCE, "reuters-2025-11-12")
    with pytest.raises(AttributeError):
        row.value = 2  # type: ignore[misc]


def test_short_citation_and_url_are_the_principal_sources():
    both = (SOURCE, "reuters-2025-11-12")
    first = _row("x", source_ids=both)
    assert first.short_citation == "Office of U.S. Senator Ron Wyden, 2025-11-12"
    assert first.url.startswith("https://www.wyden.senate.gov/")
    named = citable_number(**{**_row("x").__dict__, "source_ids": both}, principal="reuters-2025-11-12")
    assert named.short_citation == "Reuters (Raphael Satter), 2025-11-12"
    reuters = load_sources().set_index("source_id").loc["reuters-2025-11-12"]
    # The reuters.com address was not established: the link is the copy that was read.
    assert named.url == (reuters["url"] if pd.notna(reuters["url"]) else reuters["copy_url"])
    assert named.citations.count(" | ") == 1 and named.citations.startswith("Office of U.S. Senator Ron Wyden")


def test_an_unknown_source_is_refused_naming_the_row():
    with pytest.raises(ExportError, match="'x'.*no-such-source"):
        _row("x", source_ids=("no-such-source",))


# ---- written and read in one place --------------------------------------------------------------------------------


def test_write_then_read_gives_the_same_rows(reports):
    rows = _rows()
    written = write_citable_numbers(rows, NB1)
    assert written == sorted((replace(r, notebook=notebook_path(NB1)) for r in rows), key=lambda r: r.id)
    back = read_citable(reports)
    assert back == written
    values = {r.id: r.value for r in back}
    assert values == {"a-count": 292114, "b-share": 0.0010072896551724137, "c-day": "2025-11-18",
                      "d-negative": -0.5}
    assert [type(values[k]) for k in sorted(values)] == [int, float, str, float]


def test_the_csv_has_the_columns_in_order_and_guards_formula_cells(reports):
    write_citable_numbers(_rows(), NB1)
    text = (reports / "tables" / "citable_numbers.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(CITABLE_COLUMNS)
    assert "'=0.101% at most" in text and "'-0,101 %" in text and "'+292,114" in text and "'@Nov. 18" in text
    assert ",-0.5," in text  # a plain negative number is left alone
    entry = next(e for e in read_manifest()["entries"] if e["name"] == "citable-numbers")
    assert [c["name"] for c in entry["columns"]] == CITABLE_COLUMNS
    assert all(CITABLE_DESCRIPTIONS[c].strip() for c in CITABLE_COLUMNS)
    assert verify_manifest() == []


def test_other_notebooks_rows_are_kept_as_they_were(reports):
    theirs = write_citable_numbers([_row("z-theirs", value=7.25, formatted_value="7.25")], NB2)
    mine = write_citable_numbers(_rows(), NB1)
    again = write_citable_numbers(_rows()[:1], NB1)
    assert read_citable(reports) == headline_order([*again, *theirs])
    assert [r.id for r in read_citable(reports)] == ["z-theirs", "b-share"]  # published before derived
    assert len(mine) == 4 and len(again) == 1


def test_a_table_written_before_the_new_columns_reads_with_them_empty(reports):
    old_columns = ["id", "notebook", "value", "formatted_value", "bound", "kind", "sentence", "sentence_es",
                   "source_ids", "citations"]
    frame = citable_frame(write_citable_numbers(_rows(), NB1))[old_columns]
    (reports / "tables" / "citable_numbers.csv").write_text(frame.to_csv(index=False), encoding="utf-8")
    back = read_citable(reports)
    assert [r.id for r in back] == sorted(r.id for r in _rows())
    assert {(r.unit, r.period, r.short_citation, r.url) for r in back} == {("", "", "", "")}
    assert back[0].value == 292114 and back[0].source_ids == (SOURCE, "reuters-2025-11-12")


def test_no_table_reads_as_no_rows(reports):
    assert read_citable(reports) == []


def test_citable_frame_is_the_csv_as_text():
    frame = citable_frame(_rows())
    assert list(frame.columns) == CITABLE_COLUMNS
    assert all(isinstance(v, str) for v in frame.to_numpy().ravel())
    assert frame.set_index("id").loc["a-count", "source_ids"] == f"{SOURCE};reuters-2025-11-12"
    assert citable_frame([]).columns.tolist() == CITABLE_COLUMNS


# ---- the producers ------------------------------------------------------------------------------------------------


def _notebook_02_rows() -> list[CitableNumber]:
    states = load_states()
    shielded = pd.concat([resident_shares.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-19")])
    wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    return blocking_citable.citable_numbers(shielded, rates_per_100k.queries_per_100k_open(states),
                                            policy_overlap.policy_overlap(states), wa)


@pytest.mark.parametrize("produce", [lambda: breakdown.citable_numbers(breakdown_table()), _notebook_02_rows],
                         ids=["notebook-01", "notebook-02"])
def test_every_producers_row_says_its_unit_period_and_principal_source(produce):
    rows = produce()
    assert rows and all(isinstance(r, CitableNumber) for r in rows)
    for r in rows:
        assert r.unit.strip(), r.id
        assert PERIOD.match(r.period), (r.id, r.period)
        assert re.match(r"^.+, (\d{4}(-\d{2}){0,2}|undated)$", r.short_citation), (r.id, r.short_citation)
        assert r.url.startswith("http") and r.url in r.citations, r.id
        assert "fraction" in r.unit or not isinstance(r.value, float) or r.value >= 1, r.id  # a share says so


def test_the_disclosure_counts_cite_the_press_release_first():
    rows = {r.id: r for r in breakdown.citable_numbers(breakdown_table())}
    for id_ in ("total-queries", "ice-queries", "hsi-queries", "ice-hsi-queries"):
        assert rows[id_].short_citation == "Office of U.S. Senator Ron Wyden, 2025-11-12", id_
    assert rows["ice-share"].unit == "share of all DMV queries through Nlets (fraction)"
    assert rows["states-nlets-knew-to-block-ice"].period == "2025-11-12"
