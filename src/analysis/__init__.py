"""nlets-analysis: sourced data, a cleaning library for query-count files, and the notebooks' analysis code.

Public names are loaded on first use so that ``import analysis`` stays fast and has no side effects.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    # cleaning library
    "read_counts": "analysis.cleaning.read",
    "read_query_counts": "analysis.cleaning.read",
    "RawCounts": "analysis.cleaning.raw_counts",
    "clean_query_counts": "analysis.cleaning.clean",
    "CleanResult": "analysis.cleaning.clean_result",
    "normalize_state": "analysis.cleaning.normalize",
    "normalize_agency": "analysis.cleaning.normalize",
    "normalize_message_key": "analysis.cleaning.normalize",
    "parse_count": "analysis.cleaning.counts",
    "parse_period": "analysis.cleaning.periods",
    # row-level logs
    "aggregate_query_log": "analysis.cleaning.querylog",
    # sourced tables
    "load_sources": "analysis.sources.tables",
    "load_disclosure_figures": "analysis.sources.tables",
    "load_states": "analysis.sources.tables",
    "load_state_level_figures": "analysis.sources.tables",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
