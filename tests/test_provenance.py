"""Provenance of a compare run: the input's hash, the command as typed, deterministic JSON, no machine paths."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import subprocess

import pandas as pd
import pytest

from analysis.sources.ice_access import period_end
from analysis.publish import provenance as prov
from analysis.sources.tables import load_ice_access_events

EVENTS = pd.DataFrame({"date": ["2025-11-12", "2026-01"], "date_meaning": ["reported by", "reported by"]})
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def counts(tmp_path):
    """An input file bigger than one read chunk, so that the streamed hash spans several blocks."""
    path = tmp_path / "counts.csv"
    path.write_bytes(b"state,agency,period,count\n" + bytes(range(256)) * 9000)
    return path


@pytest.fixture
def outside_checkout(monkeypatch, tmp_path):
    """The package as if it ran from a folder that is no git checkout (git must not look above it)."""
    monkeypatch.setattr(prov, "_checkout_root", lambda: tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def test_sha256_and_size_match_hashlib(counts):
    p = prov.collect(counts, ["nlets-analysis", "compare", "counts.csv"], events=EVENTS)
    data = counts.read_bytes()
    assert len(data) > 2 * (1 << 20)
    assert p.input_sha256 == hashlib.sha256(data).hexdigest()
    assert p.input_bytes == len(data)
    assert p.input_name == "counts.csv"


def test_empty_input_has_the_empty_hash(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert prov.file_digest(empty) == (hashlib.sha256(b"").hexdigest(), 0)


def test_command_with_a_space_is_shell_quoted(counts):
    argv = ["nlets-analysis", "compare", "my counts/Q1 2025.xlsx", "-o", "out dir", "--period", "FY2025"]
    p = prov.collect(counts, argv, events=EVENTS)
    assert p.command == "nlets-analysis compare 'my counts/Q1 2025.xlsx' -o 'out dir' --period FY2025"


@pytest.mark.parametrize("script", ["/home/me/.venv/bin/nlets-analysis",
                                    r"C:\Users\me\venv\Scripts\nlets-analysis.exe"])
def test_the_absolute_path_of_the_script_is_not_written(script):
    assert prov.command_text([script, "compare", "c.csv"]) == "nlets-analysis compare c.csv"


def test_a_path_the_user_typed_is_kept():
    assert prov.command_text(["nlets-analysis", "compare", "/data/c.csv"]) == "nlets-analysis compare /data/c.csv"
    assert prov.command_text(["./nlets-analysis", "compare"]) == "./nlets-analysis compare"


def test_json_round_trip_and_determinism(counts, tmp_path):
    p = prov.collect(counts, ["nlets-analysis", "compare", "counts.csv", "-o", "out"], events=EVENTS)
    p = dataclasses.replace(p, input_name="comptes été.csv")  # non-ASCII kept as is
    first = prov.write_provenance(p, tmp_path / "a.json")
    second = prov.write_provenance(prov.read_provenance(first), tmp_path / "b.json")
    assert prov.read_provenance(first) == p
    assert first.read_bytes() == second.read_bytes()
    text = first.read_bytes().decode("utf-8")
    assert text.endswith("}\n") and "\r" not in text and "comptes été.csv" in text
    assert list(json.loads(text)) == sorted(f.name for f in dataclasses.fields(prov.Provenance))
    assert text == json.dumps(dataclasses.asdict(p), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_collect_twice_gives_the_same_record(counts):
    argv = ["nlets-analysis", "compare", "counts.csv"]
    assert prov.collect(counts, argv, events=EVENTS) == prov.collect(counts, argv, events=EVENTS)


def test_no_absolute_path_in_the_json_when_argv_has_none(counts, tmp_path):
    p = prov.collect(counts, ["nlets-analysis", "compare", "counts.csv", "-o", "out"])
    text = prov.write_provenance(p, tmp_path / "provenance.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    assert str(prov._checkout_root() or tmp_path) not in text
    assert not re.search(r'"(/|[A-Za-z]:\\)', text), text


def test_commit_is_none_outside_a_checkout(counts, outside_checkout):
    assert prov.collect(counts, ["nlets-analysis"], events=EVENTS).commit is None


def test_commit_is_none_without_git(counts, monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError("git")
    monkeypatch.setattr(prov.subprocess, "run", missing)
    assert prov.collect(counts, ["nlets-analysis"], events=EVENTS).commit is None


def test_commit_is_none_when_git_hangs(counts, monkeypatch):
    def hangs(args, **kwargs):
        raise subprocess.TimeoutExpired(args, kwargs["timeout"])
    monkeypatch.setattr(prov.subprocess, "run", hangs)
    assert prov.git_commit(prov._checkout_root() or counts.parent) is None


def test_checkout_root_is_the_project_of_this_package():
    root = prov._checkout_root()
    if root is None:
        pytest.skip("the package is installed, not run from a checkout")
    assert (root / "pyproject.toml").is_file()
    assert (root / "src" / "analysis" / "publish" / "provenance.py").is_file()


@needs_git
def test_commit_of_a_checkout_and_its_dirty_mark(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))

    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                              check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    (repo / "tracked.txt").write_text("one\n")
    git("add", "tracked.txt")
    git("commit", "-q", "-m", "first")
    head = git("rev-parse", "HEAD")
    assert prov.git_commit(repo) == head
    (repo / "untracked.txt").write_text("new\n")
    assert prov.git_commit(repo) == head  # untracked files do not make it dirty
    (repo / "tracked.txt").write_text("two\n")
    assert prov.git_commit(repo) == f"{head}-dirty"


def test_version_and_python_are_non_empty(counts):
    p = prov.collect(counts, ["nlets-analysis"], events=EVENTS)
    assert isinstance(p.version, str) and p.version
    assert p.tool == "nlets-analysis"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", p.python)


def test_version_is_unknown_when_not_installed(monkeypatch):
    def not_installed(name):
        raise prov.importlib.metadata.PackageNotFoundError(name)
    monkeypatch.setattr(prov.importlib.metadata, "version", not_installed)
    assert prov.package_version() == "unknown"


def test_events_as_of_is_the_latest_report_in_data_raw():
    events = load_ice_access_events()
    as_of = prov.events_as_of(events)
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", as_of)
    reports = events.loc[events["date_meaning"].eq("reported by"), "date"]
    assert as_of in set(reports)
    assert all(period_end(d) <= period_end(as_of) for d in reports)


def test_collect_reads_data_raw_events_by_default(counts):
    p = prov.collect(counts, ["nlets-analysis"])
    assert p.events_as_of == prov.events_as_of(load_ice_access_events())


def test_events_as_of_ignores_law_dates_and_is_none_without_reports():
    table = pd.DataFrame({"date": ["2025-11-12", "2027-01-01"], "date_meaning": ["reported by", "law effective"]})
    assert prov.events_as_of(table) == "2025-11-12"
    assert prov.events_as_of(table.iloc[1:]) is None


def test_lines_for_the_page(counts):
    p = dataclasses.replace(prov.collect(counts, ["nlets-analysis", "compare", "counts.csv"], events=EVENTS),
                            version="0.1.0", commit="abc1234" + "0" * 33, input_bytes=12345)
    lines = prov.provenance_lines(p)
    assert lines[0].startswith("Tool: nlets-analysis 0.1.0 (commit abc1234)")
    assert lines[1] == f"Input: counts.csv, SHA-256 {p.input_sha256}, 12,345 bytes"
    assert lines[2] == "Command: nlets-analysis compare counts.csv"
    assert lines[3] == "ICE-access events as of 2026-01"
    dirty = prov.provenance_lines(dataclasses.replace(p, commit=p.commit + "-dirty", events_as_of=None))
    assert "(commit abc1234 with uncommitted changes)" in dirty[0]
    assert dirty[3] == "ICE-access events: no report on record"
    assert "no git commit recorded" in prov.provenance_lines(dataclasses.replace(p, commit=None))[0]
