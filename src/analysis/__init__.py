"""nlets-analysis: sourced data, a cleaning library for query-count files, and the notebooks' analysis code.

Public names are loaded on first use so that ``import analysis`` stays fast and has no side effects.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    # cleaning library
    "read_query_counts": "analysis.read",
    "clean_query_counts": "analysis.clean",
    "CleanResult": "analysis.clean",
    "normalize_state": "analysis.normalize",
    "normalize_agency": "analysis.normalize",
    "normalize_message_key": "analysis.normalize",
    "parse_count": "analysis.normalize",
    "parse_period": "analysis.normalize",
    # row-level logs
    "aggregate_query_log": "analysis.querylog",
    # sourced tables
    "load_sources": "analysis.sources",
    "load_disclosure_figures": "analysis.sources",
    "load_states": "analysis.sources",
    "load_state_level_figures": "analysis.sources",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
