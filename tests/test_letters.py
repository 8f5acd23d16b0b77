"""The 2025-11-12 letters' recipients, asks and Nlets conduits (data/raw/letter_recipients.csv)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.paths import project_root, raw_dir
from analysis.sources import letters
from analysis.sources.tables import RawDataError, load_states

COLUMNS = ["jurisdiction", "governor", "letter_date", "nlets_conduit", "conduit_source_id", "asked", "source_id",
           "confidence", "note"]


# ---- the file as committed ------------------------------------------------------------------------------------------

def test_one_row_per_letter_recipient_of_states_csv() -> None:
    frame = letters.load_letter_recipients()
    states = load_states()
    assert sorted(frame["jurisdiction"]) == sorted(states.loc[states["governor_letter_2025_11_12"], "usps"])
    assert len(frame) == 19
    assert (frame["letter_date"] == "2025-11-12").all()


def test_conduits_only_where_a_source_names_them() -> None:
    frame = letters.load_letter_recipients().set_index("jurisdiction")
    assert frame.loc["PA", "nlets_conduit"] == "Pennsylvania State Police"
    assert frame.loc["DE", "nlets_conduit"] == "Delaware State Police"
    assert bool(frame.loc["PA", "conduit_confirmed"]) and bool(frame.loc["DE", "conduit_confirmed"])
    # Arizona's conduit is quoted only in an aggregator's copy: kept, marked unconfirmed.
    assert frame.loc["AZ", "conduit_tier"] == "weak" and not frame.loc["AZ", "conduit_confirmed"]
    empty = frame[frame["nlets_conduit"].isna()]
    assert len(empty) == 16
    assert empty["note"].str.contains(letters.NOT_STATED, regex=False).all()
    assert not empty["conduit_confirmed"].any()


def test_every_letter_asks_for_the_statistics_and_the_block() -> None:
    frame = letters.load_letter_recipients()
    for asked in frame["asked"]:
        tokens = asked.split(";")
        assert {"publish_ice_hsi_statistics_2024_2025", "block_ice", "nlets_briefing"} <= set(tokens)
    # The wording comes from the letter to Delaware; the other rows say so.
    others = frame[frame["jurisdiction"] != "DE"]
    assert others["source_id"].str.contains("coasttv-letter-to-delaware").all()


def test_conduit_labels_for_the_guide() -> None:
    frame = letters.load_letter_recipients().set_index("jurisdiction")
    assert letters.conduit_label(frame.loc["PA"]) == "Pennsylvania State Police"
    assert letters.conduit_label(frame.loc["AZ"]).endswith("(unconfirmed: weak source only)")
    assert letters.conduit_label(frame.loc["GU"]) == letters.NOT_STATED


def test_the_guide_names_every_recipient_and_its_conduit() -> None:
    guide = (project_root() / "docs" / "records-request.md").read_text(encoding="utf-8")
    section = guide.split("## What the 2025-11-12 letters asked each governor", 1)[1].split("\n## ", 1)[0]
    frame = letters.load_letter_recipients()
    names = load_states().set_index("usps")["name"]
    for row in frame.itertuples():
        line = next((l for l in section.splitlines() if l.startswith(f"| {names[row.jurisdiction]} |")), None)
        assert line is not None, f"{row.jurisdiction} missing from the guide's table"
        assert letters.conduit_label(frame.set_index("jurisdiction").loc[row.jurisdiction]) in line
    # The letter's words, quoted across wrapped block-quote lines.
    flat = " ".join(line.removeprefix(">").strip() for line in section.splitlines())
    assert letters.ASKS["publish_ice_hsi_statistics_2024_2025"] in flat
    assert letters.ASKS["nlets_briefing"] in flat


# ---- a scratch copy whose file a test may break ---------------------------------------------------------------------

def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> tuple[Path, list[dict[str, str]]]:
    """A project copy with a valid letter_recipients.csv citing only sources the committed sources.csv holds."""
    root = tmp_path / "project"
    shutil.copytree(raw_dir(), root / "data" / "raw")
    (root / "pyproject.toml").write_text("")
    monkeypatch.setenv("NLETS_PROJECT_ROOT", str(root))
    states = load_states()
    rows = [{"jurisdiction": usps, "governor": "A. Governor", "letter_date": "2025-11-12", "nlets_conduit": "",
             "conduit_source_id": "", "asked": "block_ice", "source_id": "voz-2025-11-13", "confidence": "medium",
             "note": f"Nlets conduit {letters.NOT_STATED}."}
            for usps in states.loc[states["governor_letter_2025_11_12"], "usps"]]
    rows[0].update(nlets_conduit="A State Police", conduit_source_id="reuters-2025-11-12", note="press")
    rows[1].update(nlets_conduit="A Public Safety Department", conduit_source_id="seattlephi-2026-01", note="weak")
    path = root / "data" / "raw" / letters.FILE
    _write(path, rows)
    return path, rows


def test_scratch_copy_loads_and_marks_the_weak_conduit(scratch) -> None:
    frame = letters.load_letter_recipients()
    assert frame["conduit_confirmed"].tolist()[:3] == [True, False, False]
    assert frame["conduit_tier"].tolist()[:2] == ["press", "weak"] and pd.isna(frame["conduit_tier"].iloc[2])


def test_unknown_source_id_names_row_and_column(scratch) -> None:
    path, rows = scratch
    rows[3]["source_id"] = "voz-2025-11-13;no-such-source"
    _write(path, rows)
    with pytest.raises(RawDataError, match=r"letter_recipients.csv, row 5, column source_id: source id "
                                           r"'no-such-source' is not in sources.csv"):
        letters.load_letter_recipients()


def test_unknown_conduit_source_id_is_refused(scratch) -> None:
    path, rows = scratch
    rows[0]["conduit_source_id"] = "nowhere"
    _write(path, rows)
    with pytest.raises(RawDataError, match="row 2, column conduit_source_id: source id 'nowhere'"):
        letters.load_letter_recipients()


def test_jurisdiction_outside_states_csv_is_refused(scratch) -> None:
    path, rows = scratch
    rows[2]["jurisdiction"] = "XX"
    _write(path, rows)
    with pytest.raises(RawDataError, match="row 4, column jurisdiction: 'XX' is not a row of states.csv"):
        letters.load_letter_recipients()


def test_state_without_a_letter_is_refused(scratch) -> None:
    path, rows = scratch
    rows[2]["jurisdiction"] = "TX"
    _write(path, rows)
    with pytest.raises(RawDataError, match="'TX' is not a letter recipient"):
        letters.load_letter_recipients()


def test_missing_recipient_is_refused(scratch) -> None:
    path, rows = scratch
    gone = rows.pop()["jurisdiction"]
    _write(path, rows)
    with pytest.raises(RawDataError, match=rf"no row for letter recipients \['{gone}'\]"):
        letters.load_letter_recipients()


def test_conduit_without_source_fails_the_schema(scratch) -> None:
    path, rows = scratch
    rows[0]["conduit_source_id"] = ""
    _write(path, rows)
    with pytest.raises(RawDataError, match="a conduit has its source"):
        letters.load_letter_recipients()


def test_empty_conduit_must_say_no_source_states_it(scratch) -> None:
    path, rows = scratch
    rows[5]["note"] = "unknown"
    _write(path, rows)
    with pytest.raises(RawDataError, match="an empty conduit is explained"):
        letters.load_letter_recipients()


def test_unknown_ask_is_refused(scratch) -> None:
    path, rows = scratch
    rows[4]["asked"] = "block_ice;abolish_nlets"
    _write(path, rows)
    with pytest.raises(RawDataError, match=r"row 6, column asked"):
        letters.load_letter_recipients()


# ---- the asked vocabulary -------------------------------------------------------------------------------------------

@given(st.lists(st.sampled_from(sorted(letters.ASKS)), min_size=1, max_size=8))
def test_any_joined_asks_match(tokens: list[str]) -> None:
    assert re.fullmatch(letters._ASKED, ";".join(tokens))


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_;", min_size=1, max_size=30))
def test_only_known_asks_match(text: str) -> None:
    known = all(t in letters.ASKS for t in text.split(";"))
    assert bool(re.fullmatch(letters._ASKED, text)) == known
