"""The words notebook 02's sentences, limits and figures share: lists, plurals, 'was' or 'were', and a table's
period."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.findings import comparison_basics


def listed(items: Iterable[str]) -> str:
    """Items joined for prose: 'A', 'A and B', 'A, B and C'.

    >>> listed(["A"]), listed(["A", "B"]), listed(["A", "B", "C"]), listed([])
    ('A', 'A and B', 'A, B and C', '')
    """
    items = list(items)
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def plural(n: int, one: str, many: str) -> str:
    """'1 state', '2 states'.

    >>> plural(1, "state", "states"), plural(0, "state", "states")
    ('1 state', '0 states')
    """
    return f"{n} {one if n == 1 else many}"


def was_were(n: int) -> str:
    """'was' for one, 'were' for any other number.

    >>> was_were(1), was_were(0)
    ('was', 'were')
    """
    return "was" if n == 1 else "were"


def table_period(table: pd.DataFrame) -> tuple[str, str]:
    """A table's own ``period_start`` and ``period_end`` (one period per table); the disclosure year for a table
    with no rows.

    >>> table_period(pd.DataFrame({"period_start": ["2025-01-01"], "period_end": ["2025-01-31"]}))
    ('2025-01-01', '2025-01-31')
    """
    if table.empty:
        return tuple(f"{d:%Y-%m-%d}" for d in comparison_basics.disclosure_period())  # type: ignore[return-value]
    return str(table["period_start"].iloc[0]), str(table["period_end"].iloc[0])
