"""Subcommands of ``nlets-analysis``; each module has ``register(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations


def parse_column_pairs(pairs: list[str], example: str) -> dict[str, str]:
    """``--column RAW=CANONICAL`` options as ``{raw: canonical}``; ``example`` shows the form in the error message.

    >>> parse_column_pairs(["Tot Qry=queries"], "'Tot Qry=queries'")
    {'Tot Qry': 'queries'}
    """
    columns = {}
    for pair in pairs:
        raw, sep, canonical = pair.rpartition("=")
        if not sep or not raw:
            raise ValueError(f"--column {pair!r}: expected RAW=CANONICAL, e.g. {example}")
        columns[raw] = canonical.strip()
    return columns
