"""analysis.findings.own_counts: a researcher's counts file is found, cleaned without losing a query, labelled, and kept
out of the project's reports/."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.findings import own_counts
from analysis.paths import project_root

FIXTURE = project_root() / "tests" / "fixtures" / "synthetic_per_state_counts.csv"
MESSY = project_root() / "tests" / "fixtures" / "synthetic_counts_messy.csv"


def test_no_file_gives_none_and_says_so():
    assert own_counts.load(None, kind="derived") is None
    assert own_counts.load_note(None) == own_counts.NO_FILE_NOTE
    assert "`query_counts_path = None`" in own_counts.NO_FILE_NOTE


def test_kind_is_required_because_only_the_caller_knows_if_the_file_is_real():
    """No default label: a made-up file must never come out labelled derived because the caller forgot to say."""
    with pytest.raises(TypeError, match="kind"):
        own_counts.load(FIXTURE)
    with pytest.raises(TypeError, match="kind"):
        own_counts.load(None)


@pytest.mark.parametrize("path", [None, FIXTURE])
def test_unknown_kind_is_refused_even_without_a_file(path):
    with pytest.raises(ValueError, match="'Derived' is not one of"):
        own_counts.load(path, kind="Derived")


def test_load_labels_the_rows_and_loses_no_query():
    own = own_counts.load(FIXTURE, kind="synthetic")
    assert own.file == FIXTURE and own.kind == "synthetic"
    assert own.label == "user-supplied:synthetic_per_state_counts.csv"
    assert len(own.rejects) == 0
    assert int(own.clean["queries"].sum()) == int(pd.read_csv(FIXTURE)["Queries"].sum())


def test_relative_paths_resolve_from_the_project_root(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # papermill runs in notebooks/, nbclient elsewhere: the root is the anchor
    assert own_counts.resolve_counts_path("tests/fixtures/synthetic_per_state_counts.csv") == FIXTURE
    assert own_counts.resolve_counts_path("elsewhere.csv") == tmp_path / "elsewhere.csv"
    assert own_counts.resolve_counts_path(FIXTURE) == FIXTURE


def test_load_note_gives_counts_and_reject_reasons():
    own = own_counts.load(MESSY, kind="synthetic")
    assert len(own.rejects) > 0
    note = own_counts.load_note(own)
    assert note.startswith(f"- file: {MESSY.name}\n")
    assert f"rows clean: {len(own.clean):,}; rows rejected: {len(own.rejects):,}" in note
    assert f"queries clean: {int(own.clean['queries'].sum()):,}" in note
    for reason, n in own.rejects["reason"].value_counts().items():
        assert f"- {reason}: {n:,}" in note


def test_a_counts_file_needs_a_scratch_reports_folder(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.delenv("NLETS_REPORTS_DIR", raising=False)
    with pytest.raises(RuntimeError, match="NLETS_REPORTS_DIR"):
        own_counts.refuse_real_reports(FIXTURE)
    own_counts.refuse_real_reports(None)  # the published-data run writes reports/
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(tmp_path))
    own_counts.refuse_real_reports(FIXTURE)
