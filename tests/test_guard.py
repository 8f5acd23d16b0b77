"""``clean`` and ``aggregate-log`` never change an input: a run whose outputs would replace one is refused (exit 2,
one line naming both), and outputs name the input as typed. All files here are synthetic, made up in the test."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

# synthetic: a tiny count table with one usable row and one reject
COUNTS = "State,Agency,MKE,Period,Queries\nNY,ICE,DQ,Oct 2024,5\nTX,ICE,DQ,Oct 2024,abc\n"
# synthetic: a tiny query log with one good and one unreadable timestamp
LOG = "Timestamp,Dest State,Agency,MKE\n2025-03-01 08:00:00,NY,ICE,DQ\nnot a time,TX,ICE,DQ\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links followed) and its sha256."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with ``in.csv`` (counts), ``logs/log.csv`` and a first run's outputs in ``out/``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text(COUNTS)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "log.csv").write_text(LOG)
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    return tmp_path


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], given: str, output: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert given in captured.err and output in captured.err and "would replace the input" in captured.err


# --------------------------------------------------------------------------------------------------------------------
# clean


@pytest.mark.parametrize(
    ("argv", "given", "output"),
    [
        (["clean", "out/clean.csv", "-o", "out"], "out/clean.csv", "out/clean.csv"),
        (["clean", "out/rejects.csv", "-o", "./out/"], "out/rejects.csv", "out/rejects.csv"),
        (["clean", "out/audit.csv", "-o", "logs/../out"], "out/audit.csv", "logs/../out/audit.csv"),
        (["clean", "in.csv", "-o", "in.csv"], "in.csv", "in.csv"),  # the output folder is the input
        (["clean", "in.csv", "-o", "out", "--agency-map", "out/subtotals.csv"], "out/subtotals.csv",
         "out/subtotals.csv"),
    ],
)
def test_clean_refuses_to_write_over_an_input(work: Path, capsys, argv: list[str], given: str, output: str) -> None:
    capsys.readouterr()
    before = hashes(work)
    refused(capsys, argv, given, output)
    assert hashes(work) == before


def test_clean_clean_csv_into_its_own_folder_is_refused(work: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(work / "out")
    capsys.readouterr()
    before = hashes(work)
    refused(capsys, ["clean", "clean.csv", "-o", "."], "clean.csv", "clean.csv")
    assert hashes(work) == before


def test_clean_sees_through_symlinks_and_hard_links(work: Path, capsys) -> None:
    (work / "alias").symlink_to(work / "out", target_is_directory=True)
    capsys.readouterr()
    before = hashes(work / "out")
    refused(capsys, ["clean", "out/clean.csv", "-o", "alias"], "out/clean.csv", "alias/clean.csv")
    refused(capsys, ["clean", "alias/clean.csv", "-o", str(work / "out")], "alias/clean.csv", "clean.csv")
    (work / "linked").mkdir()
    os.link(work / "in.csv", work / "linked" / "duplicates.csv")  # the same file under an output's name
    refused(capsys, ["clean", "in.csv", "-o", "linked"], "in.csv", "linked/duplicates.csv")
    (work / "pointing").mkdir()
    (work / "pointing" / "audit.csv").symlink_to(work / "in.csv")
    refused(capsys, ["clean", "in.csv", "-o", "pointing"], "in.csv", "pointing/audit.csv")
    assert hashes(work / "out") == before and (work / "in.csv").read_text() == COUNTS


def test_clean_leaves_its_input_and_what_it_did_not_create_alone(work: Path, capsys) -> None:
    keep = work / "keep.txt"
    keep.write_text("not ours\n")
    (work / "out" / "notes.txt").write_text("a researcher's notes\n")
    (work / "out" / "duplicates.csv").unlink()
    (work / "out" / "duplicates.csv").symlink_to(keep)  # an output name that points at someone else's file
    before = sha256(work / "in.csv")
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    assert sha256(work / "in.csv") == before
    assert keep.read_text() == "not ours\n" and (work / "out" / "notes.txt").read_text() == "a researcher's notes\n"
    assert not (work / "out" / "duplicates.csv").is_symlink()  # the link was replaced, not written through
    assert sorted(p.name for p in (work / "out").iterdir()) == [
        "audit.csv", "clean.csv", "duplicates.csv", "notes.txt", "rejects.csv", "run-manifest.json", "subtotals.csv"
    ]  # no temporary files left behind; the manifest is the run's commit marker


@pytest.mark.slow  # a whole command in a new process
def test_refused_in_a_subprocess_without_a_traceback(work: Path) -> None:
    before = sha256(work / "out" / "clean.csv")
    done = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "clean", "out/clean.csv", "-o", "out"],
        capture_output=True, text=True, check=False, cwd=work,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "out/clean.csv" in done.stderr and "Traceback" not in done.stderr
    assert sha256(work / "out" / "clean.csv") == before


# --------------------------------------------------------------------------------------------------------------------
# aggregate-log


@pytest.mark.parametrize(
    ("argv", "given", "output"),
    [
        (["aggregate-log", "out/clean.csv", "-o", "out"], "out/clean.csv", "out/clean.csv"),
        (["aggregate-log", "out/*.csv", "-o", "./out"], "out/audit.csv", "out/audit.csv"),  # a glob, expanded
        (["aggregate-log", "logs/log.csv", "-o", "logs/log.csv"], "logs/log.csv", "logs/log.csv"),
        (["aggregate-log", "logs/log.csv", "-o", "out", "--agency-map", "out/rejects.csv"], "out/rejects.csv",
         "out/rejects.csv"),
    ],
)
def test_aggregate_log_refuses_to_write_over_an_input(work: Path, capsys, argv, given: str, output: str) -> None:
    capsys.readouterr()
    before = hashes(work)
    refused(capsys, argv, given, output)
    assert hashes(work) == before


def test_aggregate_log_sees_through_symlinks(work: Path, capsys) -> None:
    (work / "alias").symlink_to(work / "logs", target_is_directory=True)
    (work / "logs" / "rejects.csv").write_text(LOG)  # a log that happens to be named like an output
    capsys.readouterr()
    before = hashes(work / "logs")
    refused(capsys, ["aggregate-log", "logs/rejects.csv", "-o", "alias"], "logs/rejects.csv", "alias/rejects.csv")
    assert hashes(work / "logs") == before


def test_aggregate_log_leaves_its_input_alone(work: Path) -> None:
    before = sha256(work / "logs" / "log.csv")
    assert main(["aggregate-log", "logs/log.csv", "-o", "logs/out"]) == 0
    assert sha256(work / "logs" / "log.csv") == before


# --------------------------------------------------------------------------------------------------------------------
# the input is named as typed


def test_clean_names_the_input_as_typed(work: Path, capsys) -> None:
    (work / "data").mkdir()
    (work / "data" / "in.csv").write_text(COUNTS)
    capsys.readouterr()
    assert main(["clean", "data/in.csv", "-o", "typed"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "data/in.csv"
    rejects = pd.read_csv(work / "typed" / "rejects.csv", dtype=str)
    assert rejects["source_file"].tolist() == ["data/in.csv"]
    rejects = pd.read_csv(work / "out" / "rejects.csv", dtype=str)  # the fixture typed in.csv
    assert rejects["source_file"].tolist() == ["in.csv"]
    assert str(work) not in (work / "typed" / "audit.csv").read_text()


def test_aggregate_log_names_each_input_as_typed(work: Path) -> None:
    (work / "logs" / "other.csv").write_text(LOG)
    assert main(["aggregate-log", "logs/log.csv", "-o", "one"]) == 0
    assert pd.read_csv(work / "one" / "rejects.csv", dtype=str)["source_file"].tolist() == ["logs/log.csv"]
    assert main(["aggregate-log", "logs/*.csv", "-o", "many"]) == 0
    named = pd.read_csv(work / "many" / "rejects.csv", dtype=str)["source_file"]
    assert sorted(named) == ["logs/log.csv", "logs/other.csv"]
    assert str(work) not in (work / "many" / "audit.csv").read_text()
