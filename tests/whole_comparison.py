"""Example budget of property tests whose every example runs a whole comparison (about half a second each): a fifth
of the hypothesis profile's count (at least 5), so that `make test` keeps its budget. The profile (conftest.py) still
decides: evaluated when the test module is imported, after pytest has loaded it."""

from __future__ import annotations

from hypothesis import settings


def whole_comparison_settings(**more) -> settings:
    """Settings for a property test that runs ``compare_own_counts`` once or twice per example (``more``: other
    settings, e.g. ``suppress_health_check``)."""
    return settings(max_examples=max(5, settings().max_examples // 5), **more)
