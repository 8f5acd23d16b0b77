"""Docs that run as written: every shell command and Python example fenced in README.md and docs/*.md runs, exactly
as printed, in a scratch copy of the repository (what a fresh clone holds), document by document in reading order.

Not run: `make test`, `make bench`, `make lab`, `make report` (the suite itself, hours of benchmark, a server, the
whole rebuild), lines that install packages or create the virtual environment (the scratch copy's ``.venv`` is the
environment running this test), and a block just below an HTML comment ``<!-- not run: REASON -->``.
A block below ``<!-- run outside the clone -->`` runs in a folder of the reader's own beside the copy (with the same
``.venv``), as the installed package would. The files a reader brings (``my_counts.xlsx``, ``logs/*.csv`` ...) are
made first from the synthetic records-request file and a small synthetic query log."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.safe_csv import write_csv
from querylog_logs import make_log

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))]
SHELL, PYTHON = {"bash", "sh", "console"}, {"python"}
FENCE = re.compile(r"^(?P<indent>\s*)```(?P<lang>[\w-]*)\s*$")
NOT_RUN = re.compile(r"^\s*<!--\s*not run(?::\s*(?P<reason>.*?))?\s*-->\s*$")
OUTSIDE = re.compile(r"^\s*<!--\s*run outside the clone\s*-->\s*$")
# Lines not run: the make targets named in the module docstring, and anything that installs packages or makes a venv.
EXCEPTED = re.compile(r"^\s*(make\s+(test|bench|lab|report)\b|.*\bpip\s+install\b|.*\s-m\s+venv\b)")
# What a reader brings: every counts file the docs name is the synthetic records-request file.
COUNTS_FILES = ("my_counts.xlsx", "counts.xlsx", "my.xlsx", "counts_from_wa.xlsx")
SYNTHETIC = "data/synthetic/synthetic_records_request_counts.xlsx"
# In the reader's own folder (install.md), `template -o counts.xlsx` makes counts.xlsx: only my_counts.xlsx is theirs.
OUTSIDE_FILES = ("my_counts.xlsx",)


@dataclass(frozen=True)
class Block:
    """One fenced example: where it is, its language, its code (dedented), why it is not run (None: it runs) and
    whether it runs outside the clone."""

    document: str
    line: int
    lang: str
    code: str
    not_run: str | None
    outside: bool = False


def blocks(document: str) -> list[Block]:
    """The fenced shell and Python blocks of a document, in order (other fences, such as ``text``, are output)."""
    lines = (ROOT / document).read_text(encoding="utf-8").split("\n")
    found, i = [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```"))
        lang, indent = match["lang"], len(match["indent"])
        if lang in SHELL | PYTHON:
            above = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            marker = NOT_RUN.match(above)
            code = "\n".join(line[indent:] for line in lines[i + 1:end])
            found.append(Block(document, i + 1, lang, code, (marker["reason"] or "") if marker else None,
                               outside=bool(OUTSIDE.match(above))))
        i = end + 1
    return found


def shell_script(block: Block) -> str:
    """The block as a bash script, without the excepted lines (and their ``\\`` continuations); a console block's
    commands are its ``$ `` lines."""
    lines = block.code.split("\n")
    if block.lang == "console":
        lines = [line[2:] for line in lines if line.startswith("$ ")]
    kept, skipping = [], False
    for line in lines:
        skip = skipping or bool(EXCEPTED.match(line))
        skipping = skip and line.rstrip().endswith("\\")
        if not skip:
            kept.append(line)
    return "\n".join(kept)


def _reader_files(folder: Path, counts_files: tuple[str, ...] = COUNTS_FILES) -> None:
    """The files a reader brings, and the ``.venv`` (the environment running the tests), in ``folder``."""
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    for name in counts_files:
        shutil.copy2(ROOT / SYNTHETIC, folder / name)
    log = make_log(600)
    (folder / "logs").mkdir()
    for month, part in (("2025-01", log.iloc[:300]), ("2025-02", log.iloc[300:])):
        path = write_csv(part, folder / "logs" / f"{month}.csv")
        (folder / "logs" / f"{month}.csv.gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))


def _scratch_copy(tmp_path: Path) -> Path:
    """The files a clone of this worktree would hold (tracked, and new files not ignored), copied, with the reader's
    files beside them."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    copy = tmp_path / "nlets-analysis"
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    _reader_files(copy)
    return copy


def _environment(copy: Path) -> dict[str, str]:
    """The reader's environment: the copy's code, no project settings, and the venv's scripts not on PATH (the docs
    must name ``.venv/bin/...``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NLETS_")}
    scripts = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != scripts)
    env["PYTHONPATH"] = str(copy / "src")
    env["MPLBACKEND"] = "Agg"
    return env


def test_blocks_are_found_and_markers_give_a_reason():
    """The extractor sees the examples (this test fails if a fence style changes under it), and every ``not run``
    marker says why."""
    found = [b for d in DOCUMENTS for b in blocks(d)]
    assert {b.lang for b in found} >= {"sh", "python"}
    assert sum(b.not_run is None for b in found) >= 10
    assert all(b.not_run for b in found if b.not_run is not None), "a <!-- not run --> marker needs a reason"
    assert any(b.outside for b in blocks("docs/install.md"))
    readme = blocks("README.md")
    assert shell_script(readme[0]).strip() == "", "make report / make test are exceptions, not run"


def test_excepted_lines():
    block = Block("x.md", 1, "sh", "python -m venv .venv\n.venv/bin/python -m pip install \\\n    ./x\necho kept", None)
    assert shell_script(block) == "echo kept"
    console = Block("x.md", 1, "console", "$ make bench\n$ echo ran\nran", None)
    assert shell_script(console) == "echo ran"


@pytest.mark.slow  # runs the commands, notebook 02 under `compare` included: up to ~100 s a guide on one core
@pytest.mark.skipif(os.name != "posix" or shutil.which("bash") is None or shutil.which("git") is None,
                    reason="the documented commands are POSIX shell; needs bash and git")
@pytest.mark.parametrize("document", DOCUMENTS)
def test_document_runs_as_written(document: str, tmp_path: Path):
    if not (Path(sys.prefix) / "bin" / "nlets-analysis").exists():
        pytest.skip("the tests do not run in a virtual environment with nlets-analysis installed (as `make test`)")
    copy = _scratch_copy(tmp_path)
    env = _environment(copy)
    elsewhere = tmp_path / "my-folder"
    elsewhere.mkdir()
    _reader_files(elsewhere, OUTSIDE_FILES)
    for block in blocks(document):
        if block.not_run is not None:
            continue
        if block.lang in PYTHON:
            command = [sys.executable, "-c", block.code]
        else:
            script = shell_script(block)
            if not script.strip():
                continue
            command = ["bash", "-e", "-o", "pipefail", "-c", script]
        done = subprocess.run(command, cwd=elsewhere if block.outside else copy, env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, (
            f"{document}:{block.line}: the {block.lang} block exits {done.returncode} when run as written\n"
            f"{done.stderr[-3000:]}"
        )
