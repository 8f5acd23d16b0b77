"""Hostile output paths (issue 28): one write rule for ``clean``, ``aggregate-log``, ``compare`` and ``template``.
Never into the project's reports/ or data/ (links followed), never through a link planted in the output folder,
``--force`` never over the project's own files; outputs staged and renamed in with a run manifest last, so a failed
or interrupted run leaves the previous complete set, and a run touches only its own files. The project tree is
hashed before and after. Every input file is synthetic, made here in ``tmp_path``."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import guard
from analysis.cli import main
from analysis.guard import MANIFEST, Staging, folder_state
from analysis.paths import project_root

ROOT = project_root()
PROJECT_FOLDERS = ("data", "reports", "src", "notebooks")
COUNTS = "State,Agency,MKE,Period,Queries\nNY,ICE,DQ,Oct 2024,5\nTX,ICE,DQ,Oct 2024,abc\n"
LOG = "Timestamp,Dest State,Agency,MKE\n2025-03-01 08:00:00,NY,ICE,DQ\nnot a time,TX,ICE,DQ\n"
CLEAN_SET = ["audit.csv", "clean.csv", "duplicates.csv", "rejects.csv", "subtotals.csv"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed into other folders) with its sha256, and every link."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = sha256(path)
    return out


@pytest.fixture(scope="module")
def project_before() -> dict[str, dict[str, str]]:
    return {name: tree(ROOT / name) for name in PROJECT_FOLDERS}


@pytest.fixture
def untouched(project_before):
    """Asserts after the test that the project's data/, reports/, src/ and notebooks/ are byte for byte the same."""
    yield
    for name in PROJECT_FOLDERS:
        assert tree(ROOT / name) == project_before[name], f"the test changed the project's {name}/"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text(COUNTS)
    (tmp_path / "log.csv").write_text(LOG)
    return tmp_path


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    for word in words:
        assert word in captured.err, captured.err
    return captured.err


def listed(folder: Path) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in json.loads((folder / MANIFEST).read_text())["files"]}


# --------------------------------------------------------------------------------------------------------------------
# never into the product, never through a planted link


@pytest.mark.parametrize("command", ["clean", "aggregate-log"])
@pytest.mark.parametrize("inside", ["reports/hostile-x", "data/hostile-x", "data/processed", "reports"])
def test_never_into_reports_or_data(work, capsys, untouched, command, inside) -> None:
    source = "in.csv" if command == "clean" else "log.csv"
    target = ROOT / inside
    existed = target.exists()
    refused(capsys, [command, source, "-o", str(target)], "inside the project's", "nothing written")
    assert target.exists() == existed


@pytest.mark.parametrize("command", ["clean", "aggregate-log"])
def test_never_into_reports_through_a_symlinked_folder(work, capsys, untouched, command) -> None:
    (work / "harmless").symlink_to(ROOT / "reports", target_is_directory=True)
    source = "in.csv" if command == "clean" else "log.csv"
    refused(capsys, [command, source, "-o", "harmless/mine"], "reports/")
    refused(capsys, [command, source, "-o", "harmless"], "reports/")
    assert not (ROOT / "reports" / "mine").exists()


def test_a_symlink_planted_at_an_output_name_is_replaced_not_written_through(work, untouched) -> None:
    out = work / "out"
    out.mkdir()
    victim = work / "victim.html"
    victim.write_text("someone else's page\n")
    (out / "clean.csv").symlink_to(ROOT / "reports" / "index.html")  # the product's own page
    (out / "rejects.csv").symlink_to(victim)
    (out / "audit.csv").symlink_to(work / "dangling-target.csv")  # dangling: must not be created
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    assert victim.read_text() == "someone else's page\n" and not (work / "dangling-target.csv").exists()
    for name in ("clean.csv", "rejects.csv", "audit.csv"):
        assert not (out / name).is_symlink() and (out / name).is_file()


def test_a_hard_link_planted_at_an_output_name_keeps_the_other_name_unchanged(work) -> None:
    out = work / "out"
    out.mkdir()
    victim = work / "victim.csv"
    victim.write_text("precious\n")
    os.link(victim, out / "clean.csv")
    os.link(victim, out / "audit.csv")
    assert main(["aggregate-log", "log.csv", "-o", "out"]) == 0
    assert victim.read_text() == "precious\n"
    assert (out / "clean.csv").read_text() != "precious\n" and os.stat(victim).st_nlink == 1


def test_compare_refuses_a_symlinked_subfolder_planted_in_dir(work, capsys, untouched) -> None:
    out = work / "out"
    out.mkdir()
    (out / "figures").symlink_to(ROOT / "reports" / "figures", target_is_directory=True)
    refused(capsys, ["compare", "in.csv", "-o", "out", "--no-notebook"], "out/figures", "symbolic link",
            "nothing written")
    assert sorted(p.name for p in out.iterdir()) == ["figures"]


def test_template_never_writes_into_the_product_or_through_links(work, capsys, untouched) -> None:
    refused(capsys, ["template", "-o", str(ROOT / "reports" / "hostile.csv")], "inside the project's reports/")
    refused(capsys, ["template", "-o", str(ROOT / "data" / "raw" / "states.csv"), "--force"], "data/")
    vocab = next((ROOT / "src" / "analysis" / "vocab").glob("*.csv"))
    refused(capsys, ["template", "-o", str(vocab), "--force"], "src/", "--force never replaces it")
    notebook_csv = next((ROOT / "notebooks").rglob("*.csv"), None)
    if notebook_csv is not None:
        refused(capsys, ["template", "-o", str(notebook_csv), "--force"], "notebooks/")
    (work / "link.xlsx").symlink_to(ROOT / "reports" / "hostile.xlsx")  # dangling, into reports/
    refused(capsys, ["template", "-o", "link.xlsx", "--force"], "symbolic link")
    (work / "link.csv").symlink_to(work / "in.csv")
    refused(capsys, ["template", "-o", "link.csv", "--force"], "symbolic link")
    assert (work / "in.csv").read_text() == COUNTS and not (ROOT / "reports" / "hostile.xlsx").exists()


def test_template_with_a_300_character_name_is_one_line(work, capsys) -> None:
    err = refused(capsys, ["template", "-o", "x" * 300 + ".csv"], "cannot write")
    assert len(err) < 400
    assert [p.name for p in work.iterdir() if p.name.startswith(".nlets")] == []


def test_template_force_replaces_a_hard_link_without_writing_through(work) -> None:
    os.link(work / "in.csv", work / "counts.csv")
    assert main(["template", "-o", "counts.csv", "--force"]) == 0
    assert (work / "in.csv").read_text() == COUNTS
    assert (work / "counts.csv").read_text().startswith("destination_state,")


# --------------------------------------------------------------------------------------------------------------------
# a run owns only its files; sets never mix


def test_a_run_removes_what_the_last_run_listed_and_nothing_else(work, capsys) -> None:
    out = work / "out"
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    (out / "notes.txt").write_text("mine\n")
    assert sorted(listed(out)) == CLEAN_SET and folder_state(out) == "complete"
    assert main(["aggregate-log", "log.csv", "-o", "out"]) == 0  # writes three of the five files
    assert sorted(p.name for p in out.iterdir()) == ["audit.csv", "clean.csv", "notes.txt", "rejects.csv", MANIFEST]
    assert sorted(listed(out)) == ["audit.csv", "clean.csv", "rejects.csv"] and folder_state(out) == "complete"
    assert (out / "notes.txt").read_text() == "mine\n"


def test_a_file_edited_since_the_last_run_is_left_alone(work) -> None:
    out = work / "out"
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    (out / "subtotals.csv").write_text("my edits\n")
    assert folder_state(out) == "incomplete"
    assert main(["aggregate-log", "log.csv", "-o", "out"]) == 0
    assert (out / "subtotals.csv").read_text() == "my edits\n" and not (out / "duplicates.csv").exists()


def test_a_planted_manifest_cannot_delete_outside_dir_or_an_input(work) -> None:
    out = work / "out"
    out.mkdir()
    victim = work / "victim.txt"
    victim.write_text("keep\n")
    (out / "input.csv").write_text(COUNTS)
    files = [{"path": "../victim.txt", "sha256": sha256(victim)}, {"path": str(victim), "sha256": sha256(victim)},
             {"path": "input.csv", "sha256": sha256(out / "input.csv")}]
    (out / MANIFEST).write_text(json.dumps({"command": "clean", "files": files}))
    assert main(["clean", "out/input.csv", "-o", "out"]) == 0
    assert victim.read_text() == "keep\n" and (out / "input.csv").read_text() == COUNTS


def test_a_failed_run_leaves_the_previous_complete_set(work, capsys) -> None:
    out = work / "out"
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    before = tree(out)
    (work / "nohead.csv").write_text("just,some\nwords,here\n")
    refused(capsys, ["clean", "nohead.csv", "-o", "out"], "nohead.csv")
    refused(capsys, ["aggregate-log", "nohead.csv", "-o", "out"], "nohead.csv")
    (work / "canada.csv").write_text("State,Agency,MKE,Period,Queries\nON,ICE,DQ,Oct 2024,5\n")
    refused(capsys, ["compare", "canada.csv", "-o", "out", "--no-notebook"], "no row names a US state")
    (work / "empty-rows.csv").write_text("State,Agency,MKE,Period,Queries\nNY,ICE,DQ,Oct 2024,abc\n")
    refused(capsys, ["compare", "empty-rows.csv", "-o", "out", "--no-notebook"], "no usable rows", "bad_count")
    assert tree(out) == before and folder_state(out) == "complete"


def test_an_error_while_writing_leaves_the_previous_set_and_no_staging(work, capsys, monkeypatch) -> None:
    out = work / "out"
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    before = tree(out)
    from analysis.cleaning import clean as clean_module

    real = clean_module.write_result

    def half(result, folder):
        real(result, folder)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(clean_module, "write_result", half)
    refused(capsys, ["clean", "in.csv", "-o", "out"], "cannot write", "No space left on device")
    assert tree(out) == before


def test_ctrl_c_while_writing_exits_130_with_one_line_and_the_old_set(work, capsys, monkeypatch) -> None:
    out = work / "out"
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    before = tree(out)
    from analysis.cleaning import clean as clean_module

    def interrupted(result, folder):
        (Path(folder) / "clean.csv").write_text("half\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(clean_module, "write_result", interrupted)
    capsys.readouterr()
    assert main(["clean", "in.csv", "-o", "out"]) == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert tree(out) == before


def test_ctrl_c_during_the_renames_is_held_until_the_set_is_whole(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    real = os.replace
    calls = []

    def replace(source, target):
        if not calls:
            os.kill(os.getpid(), signal.SIGINT)  # a real SIGINT, delivered between two renames
        calls.append(target)
        real(source, target)

    monkeypatch.setattr(guard.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt), Staging("clean", out) as stage:
        for name in ("a.csv", "b.csv", "c.csv"):
            (stage.folder / name).write_text(name)
        stage.commit()
    assert len(calls) == 4  # three files, then the manifest
    assert folder_state(out) == "complete" and sorted(p.name for p in out.iterdir()) == ["a.csv", "b.csv", "c.csv",
                                                                                          MANIFEST]


def _big_counts(path: Path, rows: int) -> Path:
    states = ["NY", "TX", "CA", "WA", "FL", "IL"]
    lines = [f"{states[i % 6]},ICE,DQ,Oct 2024,{i}" for i in range(rows)]
    path.write_text("State,Agency,MKE,Period,Queries\n" + "\n".join(lines) + "\n")
    return path


# The console entry point, started the way the installed script starts it, saying on stdout when Python and the
# package have loaded: a Ctrl-C during the interpreter's own start-up ends any program by the signal before a line of
# the command has run (nothing is written then), so the moments below are timed from when the command can run.
_STARTED = "started"
_CONSOLE = f"import sys; from analysis.cli import console; print({_STARTED!r}, flush=True); console()"


def _interrupted_clean(cwd: Path, source: str, delay: float | None) -> subprocess.CompletedProcess:
    """Run ``nlets-analysis clean SOURCE -o out``; ``delay`` seconds after it has started, Ctrl-C it (None: never)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    # SIGINT restored to its default in the child: a test run started in the background (`&`) ignores it, and the
    # child would inherit that.
    run = subprocess.Popen([sys.executable, "-c", _CONSOLE, "clean", source, "-o", "out"], cwd=cwd, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    first = run.stdout.readline()
    assert first == _STARTED + "\n", (first, run.stderr.read() if run.poll() is not None else "")
    if delay is not None:
        time.sleep(delay)
        run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=300)
    return subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)


@pytest.mark.slow  # real processes interrupted with SIGINT at several moments
@pytest.mark.skipif(sys.platform != "linux", reason="real SIGINT delivery timing is checked on Linux")
def test_real_sigint_at_several_moments_leaves_one_complete_set(tmp_path) -> None:
    _big_counts(tmp_path / "big.csv", 150_000)
    (tmp_path / "small.csv").write_text(COUNTS)
    assert _interrupted_clean(tmp_path, "small.csv", None).returncode == 0
    old = tree(tmp_path / "out")
    outcomes = set()
    for delay in (0.0, 0.3, 1.0, 2.0, 3.5, 5.0):  # from the reading of the file to its renames and after
        run = _interrupted_clean(tmp_path, "big.csv", delay)
        assert run.returncode in (0, 130), (delay, run.returncode, run.stderr)
        assert "Traceback" not in run.stderr
        if run.returncode == 130:
            assert run.stderr.count("\n") == 1 and "interrupted" in run.stderr, run.stderr
        now = tree(tmp_path / "out")
        assert folder_state(tmp_path / "out") == "complete"
        assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".nlets")]
        assert set(listed(tmp_path / "out")) == set(CLEAN_SET)
        if run.returncode == 130 and now == old:
            outcomes.add("old")
        else:
            outcomes.add("new")
            old = now
    assert "old" in outcomes  # at least one interruption landed before the commit


@pytest.mark.skipif(sys.platform == "win32", reason="a shell pipe whose reader has gone")
@pytest.mark.parametrize("argv", ["clean in.csv -o out", "aggregate-log log.csv -o out"])
def test_a_closed_pipe_ends_quietly(tmp_path, argv) -> None:
    (tmp_path / "in.csv").write_text(COUNTS)
    (tmp_path / "log.csv").write_text(LOG)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(  # `true` exits at once: the summary is written into a pipe nobody reads
        f"'{sys.executable}' -m analysis.cli {argv} | true; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert folder_state(tmp_path / "out") == "complete"


# --------------------------------------------------------------------------------------------------------------------
# a folder that cannot be written, a folder in use


@pytest.mark.parametrize("command", ["clean in.csv", "aggregate-log log.csv"])
@pytest.mark.parametrize("where", ["staging", "rename"])
def test_a_folder_that_refuses_writes_is_named_not_a_temporary_file(work, capsys, monkeypatch, command,
                                                                     where) -> None:
    (work / "out").mkdir()
    real_mkdtemp, real_replace = guard.tempfile.mkdtemp, guard.os.replace
    denied = PermissionError(13, "Permission denied", os.fspath(work / "out" / ".nlets-staging-abc123" / "x"))

    def mkdtemp(*args, **kwargs):  # as root, chmod stops no write: the refusal is simulated where it happens
        if kwargs.get("prefix") != guard.STAGING_PREFIX:  # another temporary folder (e.g. DuckDB's spill folder)
            return real_mkdtemp(*args, **kwargs)
        raise denied

    def replace(source, target):
        if Path(target).absolute().parent != work / "out":
            return real_replace(source, target)
        raise denied

    if where == "staging":
        monkeypatch.setattr(guard.tempfile, "mkdtemp", mkdtemp)
    else:
        monkeypatch.setattr(guard.os, "replace", replace)
    err = refused(capsys, [*command.split(), "-o", "out"], "out: cannot write (Permission denied)")
    assert ".nlets" not in err and "abc123" not in err
    assert not any(p.name.startswith(".nlets") for p in (work / "out").iterdir())  # no staging, no lock left


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="as root (or on Windows) chmod stops no write")
def test_a_read_only_folder_is_named(work, capsys) -> None:
    (work / "out").mkdir()
    (work / "out").chmod(0o500)
    try:
        err = refused(capsys, ["clean", "in.csv", "-o", "out"], "out: cannot write")
    finally:
        (work / "out").chmod(0o700)
    assert ".nlets" not in err


def test_a_second_run_into_a_folder_in_use_is_refused_in_one_line(work, capsys) -> None:
    out = work / "out"
    assert main(["clean", "in.csv", "-o", "out"]) == 0
    before = tree(out)
    with Staging("clean", out) as stage:  # a first run, mid-write
        (stage.folder / "clean.csv").write_text("first run\n")
        for argv in (["clean", "in.csv", "-o", "out"], ["aggregate-log", "log.csv", "-o", "out"],
                     ["compare", "in.csv", "-o", "out", "--no-notebook"]):
            err = refused(capsys, argv, "out: cannot write (in use by another run", f"process {os.getpid()}",
                          guard.LOCK)
            assert "Traceback" not in err
        assert (out / guard.LOCK).is_file()
    assert not (out / guard.LOCK).exists() and tree(out) == before  # released; the refused runs wrote nothing
    assert main(["clean", "in.csv", "-o", "out"]) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="whether a process has ended is told on POSIX")
def test_a_lock_left_by_a_process_that_has_ended_is_taken_over(work, capsys) -> None:
    out = work / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / guard.LOCK).write_text(f"{sleeper.pid}\n")
        refused(capsys, ["clean", "in.csv", "-o", "out"], "in use by another run", f"process {sleeper.pid}")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert main(["clean", "in.csv", "-o", "out"]) == 0  # its process has ended: the lock is stale
    assert not (out / guard.LOCK).exists() and folder_state(out) == "complete"


# --------------------------------------------------------------------------------------------------------------------
# a folder an earlier run left incomplete is named so, by a later run and on the page


def test_clean_names_an_incomplete_folder_it_reads_from_or_writes_over(work, capsys) -> None:
    assert main(["clean", "in.csv", "-o", "first"]) == 0
    assert main(["clean", "first/clean.csv", "-o", "second"]) == 0  # a complete folder: no note
    assert "note:" not in capsys.readouterr().out
    (work / "first" / MANIFEST).unlink()  # as a run cut short before its manifest leaves it
    assert main(["clean", "first/clean.csv", "-o", "second"]) == 0
    out = capsys.readouterr().out
    assert "note: the input first/clean.csv comes from a folder that is incomplete: it has no run manifest" in out
    assert main(["clean", "in.csv", "-o", "first"]) == 0
    out = capsys.readouterr().out
    assert "note: before this run, first is incomplete: it has no run manifest" in out
    assert folder_state(work / "first") == "complete"
    (work / "first" / "rejects.csv").write_text("edited\n")  # newer and changed since the manifest
    assert main(["clean", "first/clean.csv", "-o", "third"]) == 0
    assert "changed or newer than its run manifest" in capsys.readouterr().out
    (work / "other").mkdir()
    (work / "other" / "notes.txt").write_text("a folder of other files is no run's\n")
    assert main(["clean", "in.csv", "-o", "other"]) == 0
    assert "note:" not in capsys.readouterr().out


def test_the_compare_page_names_an_input_from_an_incomplete_folder(work, capsys) -> None:
    (work / "in.csv").write_text("State,Agency,MKE,Period,Queries\nNY,ICE,DQ,Oct 2024,5\nTX,ICE,DQ,Oct 2024,7\n"
                                 "CA,ICE,DQ,Oct 2024,9\n")
    assert main(["clean", "in.csv", "-o", "first"]) == 0
    (work / "first" / "audit.csv").write_text("changed\n")
    assert main(["compare", "first/clean.csv", "-o", "page", "--no-notebook"]) == 0
    out = capsys.readouterr().out
    line = "the input first/clean.csv comes from a folder that is incomplete: files it lists are missing, changed"
    assert f"note: {line}" in out
    assert line in (work / "page" / "index.html").read_text(encoding="utf-8")
