"""A query log's inputs: the files named by paths or glob patterns, and the log columns found in their headers."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Mapping

__all__ = ["LOG_COLUMNS", "expand_paths", "map_log_columns", "named_paths", "unique_files"]

LOG_COLUMNS = ("timestamp", "destination_state", "agency", "message_key")

# Timestamp headers of log exports (compared as ``analysis.cleaning.headers`` compares headers). Count tables have no such column:
# there "Date" names a period, which a log header falls back to only when none of these is present.
_TIMESTAMP_HEADERS = (
    "timestamp", "time stamp", "query timestamp", "datetime", "date time", "query date time", "query datetime",
    "query time", "transaction time", "transaction date time", "request time", "event time", "created at",
    "time", "ts", "query date", "transaction date", "date",
)
_CANONICAL_ALIASES = {
    "date": "timestamp", "time": "timestamp", "datetime": "timestamp", "state": "destination_state", "ori": "agency",
}


def map_log_columns(names: Iterable[str], columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map a log's header names to the canonical log columns; return ``{canonical: raw header}``.

    State, agency and message-key headers are recognised by the counts reader's vocabulary
    (``analysis.cleaning.headers.header_aliases``, ``vocab/columns.csv``), an ORI column standing in for the agency when there is
    no agency name; timestamp headers by ``_TIMESTAMP_HEADERS``, else any header naming a date or a time.
    ``columns={raw: canonical}`` overrides the detection. Raises ``ValueError`` listing the headers when a column is
    missing.

    >>> map_log_columns(["Query Timestamp", "Dest. St", "ORI", "MKE"])
    {'timestamp': 'Query Timestamp', 'destination_state': 'Dest. St', 'agency': 'ORI', 'message_key': 'MKE'}
    """
    from analysis.cleaning.headers import header_key, header_aliases

    names = list(names)
    found: dict[str, str] = {}
    for raw, canonical in (columns or {}).items():
        canonical = _CANONICAL_ALIASES.get(canonical, canonical)
        if canonical not in LOG_COLUMNS:
            raise ValueError(f"columns={{{raw!r}: {canonical!r}}}: the target must be one of {', '.join(LOG_COLUMNS)}")
        if raw not in names:
            raise ValueError(f"columns= names {raw!r}, which is not among the headers {names}")
        found[canonical] = raw
    free = [name for name in names if name not in found.values()]
    keys = {name: header_key(name) for name in free}
    # (canonical, rank, position): a lower rank wins, then the leftmost header
    candidates: list[tuple[str, int, int, str]] = []
    aliases = header_aliases()
    for position, name in enumerate(free):
        key, vocab = keys[name], aliases.get(keys[name])
        if key in _TIMESTAMP_HEADERS:
            candidates.append(("timestamp", _TIMESTAMP_HEADERS.index(key), position, name))
        elif vocab in ("destination_state", "agency", "message_key"):
            candidates.append((vocab, 0, position, name))
        elif vocab == "ori":
            candidates.append(("agency", 1, position, name))
        elif vocab in ("period", "period_start") or "time" in key or "date" in key:
            candidates.append(("timestamp", len(_TIMESTAMP_HEADERS), position, name))
    for canonical, _, _, name in sorted(candidates):
        if canonical not in found and name not in found.values():
            found[canonical] = name
    missing = [c for c in LOG_COLUMNS if c not in found]
    if missing:
        raise ValueError(
            f"no {' / '.join(missing)} column among the headers {names}; name it with columns={{raw header: canonical}}"
        )
    return {c: found[c] for c in LOG_COLUMNS}


def expand_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files named by a path, a glob pattern, or a list of either, in a stable order, each file on disk once
    (:func:`unique_files`); each must exist and be a regular file.

    >>> expand_paths([])
    Traceback (most recent call last):
    ...
    ValueError: no input files given
    """
    return unique_files(named_paths(paths))[0]


def named_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files named by :func:`expand_paths`' arguments, before a file named twice in two ways is dropped."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise ValueError("no input files given")
    files: list[str] = []
    for item in items:
        text = os.fspath(item)
        if glob.has_magic(text):
            matched = sorted(glob.glob(text))
            if not matched:
                raise FileNotFoundError(f"{text}: no file matches this pattern")
            files.extend(matched)
        elif os.path.isdir(text):
            raise FileNotFoundError(f"{text}: this is a folder; name its files, e.g. '{os.path.join(text, '*.csv')}'")
        elif not os.path.exists(text):
            raise FileNotFoundError(f"{text}: no such file")
        else:
            files.append(text)
    for text in files:
        if not os.path.isfile(text):  # a FIFO, socket or device would hang or never end: refused
            raise ValueError(f"{text}: not a regular file (a pipe, socket or device); save it to a file first")
    return list(dict.fromkeys(files))


def unique_files(files: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``files`` with each file on disk kept once, however it is named (``./x`` and ``x``, ``../dir/x``, a symbolic
    or hard link: the same device and inode), in their first order; and the ``(dropped, same as)`` pairs.

    >>> import tempfile; d = tempfile.mkdtemp(); p = os.path.join(d, "x.csv"); _ = open(p, "w").close()
    >>> unique_files([p, os.path.join(d, ".", "x.csv")])[1] == [(os.path.join(d, ".", "x.csv"), p)]
    True
    """
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    seen: dict[object, str] = {}
    for text in files:
        try:
            stat = os.stat(text)
            key: object = (stat.st_dev, stat.st_ino)
        except OSError:
            key = os.path.normcase(os.path.realpath(text))
        if key in seen:
            dropped.append((text, seen[key]))
            continue
        seen[key] = text
        kept.append(text)
    return kept, dropped
