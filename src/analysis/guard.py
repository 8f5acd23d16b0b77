"""Where a run may write, one rule for every command: refuse before writing anything (outputs that would replace
or be an input, output folders inside the project's own reports/ or data/, symlinked folders planted in the output
folder, ``--force`` over the project's own files), then stage the outputs in a temporary folder inside the output
folder and rename them in, with a run manifest written last as the commit marker (:class:`Staging`)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.folder_lock import LOCK, FolderInUse, take_lock  # noqa: F401  (LOCK, FolderInUse: re-exported)

PRODUCT_FOLDERS = ("reports", "data")  # the project's own folders: no run on a researcher's file writes into them
PROTECTED_FOLDERS = ("data", "reports", "src", "notebooks")  # --force never replaces a file under these


def overwritten_input(
    inputs: Iterable[str | os.PathLike[str] | None], outdir: str | os.PathLike[str], names: Sequence[str]
) -> tuple[str, str] | None:
    """The first ``(input, output)`` where writing the files ``names`` into ``outdir`` would replace an input (or
    ``outdir`` is an input file), spelled as given; None when no output touches an input. Paths are compared once
    resolved (symlinks, ``..``, ``./``) and, for files that exist, as files on disk (hard links, case).

    >>> overwritten_input(["out/clean.csv"], "out", ["clean.csv"]), overwritten_input(["in.csv"], "out", ["clean.csv"])
    (('out/clean.csv', 'out/clean.csv'), None)
    """
    folder = Path(outdir)
    outputs = [folder, *(folder / name for name in names)]
    by_path = {_resolved(p): os.fspath(p) for p in reversed(outputs)}
    by_file = {key: os.fspath(p) for p in reversed(outputs) if (key := _file_key(p)) is not None}
    for given in inputs:
        if given is None:
            continue
        key = _file_key(given)
        output = by_file.get(key) if key is not None else None
        output = output or by_path.get(_resolved(given))
        if output is not None:
            return os.fspath(given), output
    return None


def _resolved(path: str | os.PathLike[str]) -> str:
    try:
        return os.path.normcase(Path(path).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return os.path.normcase(os.path.abspath(path))


def _file_key(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    return stat.st_dev, stat.st_ino


def refusal(command: str, clash: tuple[str, str]) -> str:
    """The one-line message for a run refused by :func:`overwritten_input`.

    >>> refusal("clean", ("clean.csv", "clean.csv"))
    'nlets-analysis clean: clean.csv would replace the input clean.csv; nothing written (choose another -o folder)'
    """
    given, output = clash
    return (
        f"nlets-analysis {command}: {output} would replace the input {given}; nothing written "
        "(choose another -o folder)"
    )


def product_folder(outdir: str | os.PathLike[str]) -> str | None:
    """The project folder (``reports/`` or ``data/``) that ``outdir`` resolves into, symlinks followed, or ``root
    folder`` for the project folder itself; None when it lands outside them. Output made from a user's file never
    goes into the product.

    >>> from analysis.paths import project_root
    >>> product_folder(project_root() / "reports" / "x"), product_folder(project_root() / "tests")
    ('reports/', None)
    """
    root = _project_root()
    if root is None:  # an installed copy with no project folder: nothing of the project's to protect
        return None
    target = Path(_resolved(outdir))
    if target == Path(_resolved(root)):
        return "root folder"
    for name in PRODUCT_FOLDERS:
        folder = Path(_resolved(root / name))
        if target == folder or folder in target.parents:
            return f"{name}/"
    return None


def outdir_refusal(
    command: str, inputs: Iterable[str | os.PathLike[str] | None], outdir: str | os.PathLike[str],
    names: Sequence[str],
) -> str | None:
    """The one-line refusal for writing results of ``inputs`` into ``outdir``, or None when the folder is fine: a
    folder inside the project's ``reports/`` or ``data/``, a folder that holds an input, or one where an output in
    ``names`` would replace an input (:func:`overwritten_input`) is refused.

    >>> outdir_refusal("compare", ["in/x.csv"], "in", ["index.html"])
    'nlets-analysis compare: in holds the input in/x.csv; nothing written (choose another -o folder)'
    """
    given = [p for p in inputs if p is not None]
    planted = planted_link(outdir, names)
    if planted is not None:
        return (f"nlets-analysis {command}: {planted} is a symbolic link or not a folder; outputs never go through "
                "a link planted in the output folder; nothing written (choose another -o folder)")
    where = product_folder(outdir)
    if where is not None:
        return (f"nlets-analysis {command}: {os.fspath(outdir)} is inside the project's {where}; results from your "
                "file never go there; nothing written (choose another -o folder)")
    clash = overwritten_input(given, outdir, names)
    if clash is not None:
        return refusal(command, clash)
    folder = Path(_resolved(outdir))
    for path in given:
        if folder in Path(_resolved(path)).parents:
            return (f"nlets-analysis {command}: {os.fspath(outdir)} holds the input {os.fspath(path)}; nothing "
                    "written (choose another -o folder)")
    return None


def write_refusal(
    command: str, inputs: Iterable[str | os.PathLike[str] | None], outdir: str | os.PathLike[str],
    names: Sequence[str],
) -> str | None:
    """The one-line refusal for ``clean`` and ``aggregate-log``: :func:`outdir_refusal` without its last rule (an
    input may sit in the output folder, as long as no output replaces it: the run touches only its own files).

    >>> write_refusal("clean", ["in.csv"], "in.csv", ["clean.csv"])
    'nlets-analysis clean: in.csv would replace the input in.csv; nothing written (choose another -o folder)'
    """
    given = [p for p in inputs if p is not None]
    planted = planted_link(outdir, names)
    if planted is not None:
        return (f"nlets-analysis {command}: {planted} is a symbolic link or not a folder; outputs never go through "
                "a link planted in the output folder; nothing written (choose another -o folder)")
    where = product_folder(outdir)
    if where is not None:
        return (f"nlets-analysis {command}: {os.fspath(outdir)} is inside the project's {where}; results from your "
                "file never go there; nothing written (choose another -o folder)")
    clash = overwritten_input(given, outdir, names)
    return refusal(command, clash) if clash is not None else None


def planted_link(outdir: str | os.PathLike[str], names: Sequence[str]) -> str | None:
    """The first folder on the way to an output in ``names`` below ``outdir`` that is a symbolic link (or a file
    where a folder must be), spelled from ``outdir``; None when every such folder is a real folder or missing. An
    output file that is itself a link is fine: it is replaced by a rename, never written through.

    >>> import tempfile; d = Path(tempfile.mkdtemp()); (d / "tables").symlink_to(d.parent, target_is_directory=True)
    >>> planted_link(d, ["tables/x.csv"]) == os.fspath(d / "tables"), planted_link(d, ["clean.csv"])
    (True, None)
    """
    folder = Path(outdir)
    seen: set[Path] = set()
    for name in names:
        for parent in reversed(Path(name).parents[:-1]):
            path = folder / parent
            if path in seen:
                continue
            seen.add(path)
            if path.is_symlink() or (path.exists() and not path.is_dir()):
                return os.fspath(path)
    return None


def force_refusal(command: str, path: str | os.PathLike[str]) -> str | None:
    """The one-line refusal for writing the single file ``path`` (``template -o FILE``): never into the project's
    ``reports/`` or ``data/``, never through a symbolic link (dangling ones too), and ``--force`` never over a file
    under the project's ``data/``, ``reports/``, ``src/`` or ``notebooks/``; None when the write is allowed.

    >>> from analysis.paths import project_root
    >>> force_refusal("template", project_root() / "src" / "analysis" / "x.csv") is None
    True
    """
    target = Path(path)
    if target.is_symlink():
        return (f"nlets-analysis {command}: {os.fspath(path)} is a symbolic link; nothing is ever written through "
                "one; nothing written (choose another file name)")
    where = product_folder(target.parent)
    if where is not None:
        return (f"nlets-analysis {command}: {os.fspath(path)} is inside the project's {where}; nothing written "
                "(choose a file outside it)")
    root = _project_root()
    if root is not None and os.path.lexists(target):
        resolved = Path(_resolved(target))
        for name in PROTECTED_FOLDERS:
            folder = Path(_resolved(root / name))
            if folder in resolved.parents:
                return (f"nlets-analysis {command}: {os.fspath(path)} is the project's own file under {name}/; "
                        "--force never replaces it; nothing written (choose another file name)")
    return None


def _project_root() -> Path | None:
    """The project folder, or None when the code runs installed outside any checkout (nothing to protect)."""
    from analysis.paths import find_project_root

    return find_project_root()


# --------------------------------------------------------------------------------------------------------------------
# staging: a run owns only the files it writes, and they land whole or not at all

MANIFEST = "run-manifest.json"  # written last: the commit marker of a complete set
STAGING_PREFIX = ".nlets-staging-"
@dataclass(frozen=True)
class Commit:
    """What :meth:`Staging.commit` did, paths relative to the output folder: files renamed in, files an earlier run
    listed that this one did not write (removed), and listed files changed since that run (left alone)."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]


class Staging:
    """A temporary folder inside ``outdir`` for a run's outputs, renamed in by :meth:`commit` with Ctrl-C held
    until the set is whole, then :data:`MANIFEST` written last. Leaving the ``with`` block without a commit (an
    error, Ctrl-C) deletes the staged files: ``outdir`` keeps the previous complete set.

    >>> import tempfile; out = Path(tempfile.mkdtemp())
    >>> with Staging("clean", out) as stage:
    ...     _ = (stage.folder / "a.csv").write_text("x\\n")
    ...     stage.commit().written
    ('a.csv',)
    >>> sorted(p.name for p in out.iterdir()), folder_state(out)
    (['a.csv', 'run-manifest.json'], 'complete')
    """

    def __init__(self, command: str, outdir: str | os.PathLike[str],
                 inputs: Iterable[str | os.PathLike[str] | None] = ()) -> None:
        self.command, self.outdir = command, Path(outdir)
        self._inputs = [p for p in inputs if p is not None]
        self._folder: Path | None = None
        self._lock: Path | None = None

    @property
    def folder(self) -> Path:
        """The staging folder (inside the output folder); only inside the ``with`` block."""
        if self._folder is None:
            raise RuntimeError("Staging.folder is only there inside its with block")
        return self._folder

    def __enter__(self) -> Staging:
        try:
            self.outdir.mkdir(parents=True, exist_ok=True)
            self._lock = take_lock(self.outdir)
        except OSError as exc:  # named by the folder, never by a temporary file in it
            raise OSError(exc.errno, exc.strerror, os.fspath(self.outdir)) from None
        try:
            self._folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.outdir))
        except OSError as exc:
            self._lock.unlink(missing_ok=True)
            raise OSError(exc.errno, exc.strerror, os.fspath(self.outdir)) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None and self._folder.name.startswith(STAGING_PREFIX):
            shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = None
        if self._lock is not None:
            self._lock.unlink(missing_ok=True)
            self._lock = None

    def staged(self) -> list[str]:
        """The files staged so far, relative and sorted (POSIX spelling)."""
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*")
                      if p.is_file() or p.is_symlink())

    def commit(self) -> Commit:
        """Rename every staged file into the output folder (replacing a file or link of that name, never writing
        through it), remove the files the previous manifest listed that this run did not write (unless changed
        since, or an input), and write the manifest last."""
        names = self.staged()
        planted = planted_link(self.outdir, names)
        if planted is not None:
            raise OSError(errno.EEXIST, "a symbolic link or file is in the way of an output folder", planted)
        previous = _listed(self.outdir)
        inputs = {_file_key(p) for p in self._inputs} - {None}
        files = [{"path": n, "sha256": _sha256(self.folder / n)} for n in names]
        manifest = {"command": self.command, "complete": True, "files": files}
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8", newline="\n")
        removed, kept = [], []
        with _interrupts_held():
            for name in names:
                try:
                    (self.outdir / name).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.folder / name, self.outdir / name)
                except OSError as exc:  # named by the folder, never by the staged temporary file
                    raise OSError(exc.errno, exc.strerror, os.fspath(self.outdir)) from None
            for name, digest in previous.items():
                path = self.outdir / name
                if name in names or not path.is_file() or path.is_symlink() or _file_key(path) in inputs:
                    continue
                if _sha256(path) != digest:
                    kept.append(name)
                    continue
                path.unlink()
                removed.append(name)
            os.replace(self.folder / MANIFEST, self.outdir / MANIFEST)
        return Commit(tuple(names), tuple(removed), tuple(kept))


def write_file(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Write one file by calling ``write`` on a temporary name beside ``path``, then renaming it over ``path``
    (a link of that name is replaced, never written through); Ctrl-C or an error leaves ``path`` as it was."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".nlets-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        with _interrupts_held():
            os.replace(temporary, target)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return target


def folder_state(outdir: str | os.PathLike[str]) -> str:
    """``complete`` when ``outdir`` holds a run manifest whose files are all there unchanged and no file is newer
    than it; ``incomplete`` (no manifest, or files changed or newer); ``empty`` when there is no such folder."""
    folder = Path(outdir)
    if not folder.is_dir():
        return "empty"
    listed = _listed(folder)
    manifest = folder / MANIFEST
    if not listed or not manifest.is_file():
        return "incomplete"
    stamp = manifest.stat().st_mtime_ns
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file() or path.stat().st_mtime_ns > stamp or _sha256(path) != digest:
            return "incomplete"
    return "complete"


def incomplete_note(folder: str | os.PathLike[str], names: Sequence[str] = ()) -> str | None:
    """One line naming ``folder`` as incomplete when it holds a run's files (its manifest, or a file in ``names``)
    but :func:`folder_state` does not find them complete; None otherwise (a folder of other files is no run's).

    >>> import tempfile; d = Path(tempfile.mkdtemp()); _ = (d / "clean.csv").write_text("x\\n")
    >>> incomplete_note(d, ["clean.csv"]).endswith("is incomplete: it has no run manifest (an interrupted run?)")
    True
    """
    path = Path(folder)
    if not path.is_dir() or not any((path / n).is_file() for n in (MANIFEST, *names)):
        return None
    if folder_state(path) == "complete":
        return None
    why = ("it has no run manifest" if not (path / MANIFEST).is_file()
           else "files it lists are missing, changed or newer than its run manifest")
    return f"{os.fspath(folder)} is incomplete: {why} (an interrupted run?)"


def input_note(path: str | os.PathLike[str], run_files: Sequence[str]) -> str | None:
    """For an input read from an earlier run's folder (one holding a run manifest, or the input named as a run in
    ``run_files`` writes it), the one-line note that the folder is incomplete; None otherwise."""
    given = Path(path)
    note = incomplete_note(given.parent, run_files if given.name in run_files else ())
    return None if note is None else f"the input {os.fspath(path)} comes from a folder that {note.split(' ', 1)[1]}"


def _listed(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` from the manifest in ``folder``; names that would leave the folder are ignored."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        listed = {str(f["path"]): str(f["sha256"]) for f in files}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    inside = {}
    for name, digest in listed.items():
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts or planted_link(folder, [name]) is not None:
            continue
        inside[Path(name).as_posix()] = digest
    return inside


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends, then raise it: the renames of a set are never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pending.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        raise KeyboardInterrupt
