"""What the data show, as tables in and tables out: the disclosure breakdown, the blocking states against the rest
and a researcher's own per-state counts. No figures and no prose here.

The public modules are listed in ``__all__``; import what you need from them, e.g.
``from analysis.findings.own_rates import compare_own_counts`` (a researcher's own counts, as ``compare`` and notebook
02 compare them) or ``from analysis.findings import comparison_basics`` (the terms every comparison shares).
"""

__all__ = [
    "access_now",
    "access_status",
    "block_history",
    "breakdown",
    "comparison_basics",
    "last_reports",
    "own_before_after",
    "own_counts",
    "own_did",
    "own_intervals",
    "own_panel",
    "own_rates",
    "own_statistics",
    "policy_overlap",
    "rates_per_100k",
    "resident_shares",
    "state_figures",
]
