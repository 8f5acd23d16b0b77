"""Provenance of a ``compare`` run: tool version and commit, the input file's hash, the command, the events' date.

Nothing here writes a path of the machine unless the user typed it: the input is named by its file name, and the
command is the argv the caller passes, shell-quoted. The record holds no time of day, so the same run on the same
checkout writes the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shlex
import subprocess
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd


TOOL = "nlets-analysis"
_CHUNK = 1 << 20  # 1 MiB
_GIT_TIMEOUT = 5.0  # seconds, for each git call
# Variables that would point git at another repository than the checkout's own.
_GIT_REDIRECTS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")
_HASH = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


@dataclass(frozen=True)
class Provenance:
    """What a page was made by and from. ``commit`` is the full git commit of the checkout the package runs from,
    with ``-dirty`` when tracked files differ from it, or None when it does not run from a git checkout;
    ``events_as_of`` is the latest report date in the ICE-access events table, as precise as the table writes it
    (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or None when the table holds no report."""

    tool: str
    version: str
    commit: str | None
    input_name: str
    input_sha256: str
    input_bytes: int
    command: str
    events_as_of: str | None
    python: str


def package_version() -> str:
    """The installed version of nlets-analysis, or ``"unknown"`` when it is not installed (run from a copy)."""
    try:
        return importlib.metadata.version(TOOL) or "unknown"
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _checkout_root() -> Path | None:
    """The folder holding nlets-analysis's ``pyproject.toml`` above this module's own file, or None (an installed
    copy in site-packages). Not :func:`analysis.paths.project_root`: that one honours ``NLETS_PROJECT_ROOT`` and
    falls back on the working directory, and the commit must be that of the code that runs."""
    for folder in Path(__file__).resolve().parents:
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                name = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None
            return folder if name == TOOL else None
    return None


def _git(root: Path, *args: str) -> str | None:
    """``git args`` run in ``root``: its stdout, or None when git is missing, fails or takes too long."""
    env = {k: v for k, v in os.environ.items() if k not in _GIT_REDIRECTS}
    try:
        done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=_GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def git_commit(root: Path | None) -> str | None:
    """The commit checked out in ``root``, with ``-dirty`` when ``git status`` lists a changed tracked file
    (untracked files do not count); None when ``root`` is None or not in a git checkout, or git is missing. When
    the status cannot be read the commit is given without the mark."""
    if root is None:
        return None
    head = (_git(root, "rev-parse", "--verify", "HEAD") or "").strip()
    if not _HASH.fullmatch(head):
        return None
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    return f"{head}-dirty" if status and status.strip() else head


def file_digest(path: Path) -> tuple[str, int]:
    """Hex SHA-256 of a file's bytes, read 1 MiB at a time, and the number of bytes."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def command_text(argv: Sequence[str]) -> str:
    """The command as typed, shell-quoted. A first word that is the absolute path of the ``nlets-analysis`` script
    (what ``sys.argv[0]`` holds) is shown as ``nlets-analysis``, since the user did not type it.

    >>> command_text(["nlets-analysis", "compare", "my counts.xlsx", "-o", "out"])
    "nlets-analysis compare 'my counts.xlsx' -o out"
    >>> command_text(["/opt/venv/bin/nlets-analysis", "compare", "c.csv"])
    'nlets-analysis compare c.csv'
    """
    words = [str(word) for word in argv]
    if words:
        first = PureWindowsPath(words[0])  # reads both / and \\ as separators
        absolute = first.is_absolute() or PurePosixPath(words[0]).is_absolute()
        if absolute and first.name.lower().removesuffix(".exe") == TOOL:
            words[0] = TOOL
    return shlex.join(words)


def events_as_of(events: pd.DataFrame) -> str | None:
    """The latest report date in an ICE-access events table (rows whose ``date_meaning`` is ``reported by``: the
    date a report was made, not a law's or a block's own date), as written there: the pages' "data as of"
    (:func:`analysis.publish.data_as_of.latest_report`, the one rule), or None when there is no report.

    >>> table = pd.DataFrame({"date": ["2025-11-12", "2026-02", "2026-07-01", "2026-01-13"],
    ...                       "date_meaning": ["reported by", "reported by", "law effective", "reported by"]})
    >>> events_as_of(table), events_as_of(table.iloc[[0, 3]]), events_as_of(table.iloc[2:3])
    ('2026-02', '2026-01-13', None)
    """
    from analysis.publish.data_as_of import latest_report

    report = latest_report(events)
    return None if report == "not stated" else report


def collect(input_path: Path, argv: Sequence[str], *, events: pd.DataFrame | None = None) -> Provenance:
    """The provenance of a run on ``input_path`` started by ``argv`` (the words as the user typed them, program
    name first). ``events`` is the ICE-access events table the run used (default: data/raw's).

    Raises OSError when the input cannot be read, and :class:`analysis.sources.tables.RawDataError` when the
    events table is loaded and does not validate; git problems only leave ``commit`` None."""
    if events is None:
        from analysis.sources.tables import load_ice_access_events

        events = load_ice_access_events()
    sha256, size = file_digest(input_path)
    return Provenance(
        tool=TOOL,
        version=package_version(),
        commit=git_commit(_checkout_root()),
        input_name=Path(input_path).name,
        input_sha256=sha256,
        input_bytes=size,
        command=command_text(argv),
        events_as_of=events_as_of(events),
        python=platform.python_version(),
    )


def provenance_json(p: Provenance) -> str:
    """The record as JSON: keys sorted, indent 2, non-ASCII kept, a final newline."""
    return json.dumps(dataclasses.asdict(p), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_provenance(p: Provenance, path: Path) -> Path:
    """Write the record to ``path`` as UTF-8 JSON with LF line ends (the same bytes on every platform)."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(provenance_json(p))
    return path


def read_provenance(path: Path) -> Provenance:
    """A record written by :func:`write_provenance`."""
    fields = json.loads(Path(path).read_text(encoding="utf-8"))
    return Provenance(**{f.name: fields[f.name] for f in dataclasses.fields(Provenance)})


def _commit_words(commit: str | None) -> str:
    """
    >>> _commit_words("0123456789abcdef0123456789abcdef01234567-dirty")
    'commit 0123456 with uncommitted changes'
    >>> _commit_words(None)
    'no git commit recorded'
    """
    if commit is None:
        return "no git commit recorded"
    head, dirty = commit.removesuffix("-dirty"), commit.endswith("-dirty")
    return f"commit {head[:7]}" + (" with uncommitted changes" if dirty else "")


def provenance_lines(p: Provenance) -> list[str]:
    """Plain-English lines for the page.

    >>> p = Provenance("nlets-analysis", "0.1.0", "abc1234def", "counts.xlsx", "ab" * 32, 12345,
    ...                "nlets-analysis compare counts.xlsx -o out", "2026-02", "3.12.3")
    >>> print("\\n".join(provenance_lines(p)))  # doctest: +ELLIPSIS
    Tool: nlets-analysis 0.1.0 (commit abc1234) on Python 3.12.3
    Input: counts.xlsx, SHA-256 abab...abab, 12,345 bytes
    Command: nlets-analysis compare counts.xlsx -o out
    ICE-access events as of 2026-02
    """
    size = "1 byte" if p.input_bytes == 1 else f"{p.input_bytes:,} bytes"
    events = f"ICE-access events as of {p.events_as_of}" if p.events_as_of else "ICE-access events: no report on record"
    return [
        f"Tool: {p.tool} {p.version} ({_commit_words(p.commit)}) on Python {p.python}",
        f"Input: {p.input_name}, SHA-256 {p.input_sha256}, {size}",
        f"Command: {p.command}",
        events,
    ]
