"""Small made-up states and ICE-access event tables (SYNTHETIC) for tests that must not depend on data/raw's values.

Four jurisdictions: AA with a block applied on 2020-01-01, BB reported blocked on 2025-11-12 (start not published),
CC with a block applied on 2025-11-19 (after the disclosure year), DD reported open by the letters on 2025-11-12.
"""

from __future__ import annotations

import pandas as pd

from analysis.sources.tables import load_sources


def tiny_states(codes: tuple[str, ...] = ("AA", "BB", "CC", "DD"), populations: tuple[int, ...] = (100, 200, 300, 400),
                types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """A states table with the columns of :func:`analysis.sources.tables.load_states` (SYNTHETIC values)."""
    n = len(codes)
    return pd.DataFrame(
        {
            "usps": list(codes),
            "name": [f"State {c}" for c in codes],
            "fips": [f"{i + 90:02d}" for i in range(n)],
            "jurisdiction_type": list(types or ["state"] * n),
            "population": pd.array(list(populations), dtype="Int64"),
            "population_date": pd.to_datetime(["2025-07-01"] * n),
            "population_vintage": ["Census PEP Vintage 2025 estimate"] * n,
            "population_source_id": ["census-pep-vintage-2025"] * n,
            "dl_regardless_of_status": ["yes", "not listed"] * (n // 2) + ["yes"] * (n % 2),
            "dl_since": ["2015-01-01", None] * (n // 2) + ["2015-01-01"] * (n % 2),
            "dl_since_meaning": ["law effective", None] * (n // 2) + ["law effective"] * (n % 2),
            "dl_source_id": ["procon-dl", "ncsl-dl-immigrants"] * (n // 2) + ["procon-dl"] * (n % 2),
            "governor_letter_2025_11_12": [c == "DD" for c in codes],
            "letter_source_id": ["voz-2025-11-13" if c == "DD" else None for c in codes],
            "codes_source_id": ["us-package-4.0.0"] * n,
            "note": [None] * n,
        }
    )


def event(event_id: str, jurisdiction: str, kind: str, date: str, meaning: str, source_id: str,
          *, agencies: str = "ICE", system: str = "Nlets", confidence: str = "high") -> dict[str, object]:
    """One row of the events table, in the columns of :func:`analysis.sources.tables.load_ice_access_events`."""
    precision = {10: "day", 7: "month", 4: "year"}[len(date)]
    return {"event_id": event_id, "jurisdiction": jurisdiction, "event": kind, "date": date,
            "date_precision": precision, "date_meaning": meaning, "agencies": agencies, "system": system,
            "source_id": source_id, "confidence": confidence, "note": None}


def events_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows of :func:`event` as a loaded events table (``start`` and ``tier`` added as the loader adds them)."""
    frame = pd.DataFrame(rows, columns=list(event("E00", "AA", "block_applied", "2020-01-01", "applied", "x")))
    tiers = load_sources().set_index("source_id")["tier"]
    return frame.assign(start=pd.to_datetime(frame["date"], format="ISO8601"),
                        tier=frame["source_id"].map(tiers).fillna("press").astype("str"))


def tiny_events() -> pd.DataFrame:
    """The events of the four :func:`tiny_states` described in the module docstring."""
    return events_frame([
        event("E01", "AA", "block_applied", "2020-01-01", "applied", "usatoday-2019-12-20"),
        event("E02", "BB", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11"),
        event("E03", "CC", "block_applied", "2025-11-19", "applied", "jalopnik-2026-01-12"),
        event("E04", "DD", "reported_open", "2025-11-12", "reported by", "voz-2025-11-13", confidence="medium"),
    ])


# ---- altered tables for property-style tests of the generated prose (appended; SYNTHETIC values) -------------------


def scenarios() -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Named (states, events) pairs that vary what the prose must handle: no block at all, a single assumed block, only
    dated blocks (one covering the disclosure year), a district and a territory, a report dated to the month only,
    several blocks in progress, and a blocking state that Nlets did not name. All SYNTHETIC."""
    return {
        "tiny": (tiny_states(), tiny_events()),
        "no block": (tiny_states(), events_frame([
            event("E01", "DD", "reported_open", "2025-11-12", "reported by", "voz-2025-11-13", confidence="medium"),
        ])),
        "one assumed block": (tiny_states(), events_frame([
            event("E01", "BB", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11"),
            event("E02", "CC", "block_applied", "2025-11-19", "applied", "jalopnik-2026-01-12"),
            event("E03", "DD", "reported_open", "2025-11-12", "reported by", "voz-2025-11-13", confidence="medium"),
        ])),
        "dated blocks only": (tiny_states(), events_frame([
            event("E01", "AA", "block_applied", "2020-01-01", "applied", "usatoday-2019-12-20"),
            event("E02", "BB", "law_effective", "2019-06-01", "law effective", "usatoday-2019-12-20",
                  agencies="ICE;CBP", system="DMV records (all channels)"),
            event("E03", "BB", "block_applied", "2019-07-01", "applied", "usatoday-2019-12-20"),
            event("E04", "CC", "block_applied", "2025-11-19", "applied", "jalopnik-2026-01-12"),
            event("E05", "DD", "block_in_progress", "2025-11-12", "reported by", "voz-2025-11-13"),
        ])),
        "district and territory": (
            tiny_states(("AA", "BB", "DC", "TT"), (100, 200, 300, 400), ("state", "state", "district", "territory")),
            events_frame([
                event("E01", "BB", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11"),
                event("E02", "AA", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11"),
                event("E03", "DC", "block_applied", "2025-11-19", "applied", "jalopnik-2026-01-12"),
                event("E04", "TT", "reported_open", "2025-11-12", "reported by", "voz-2025-11-13", confidence="medium"),
            ])),
        "month-precise report": (tiny_states(), events_frame([
            event("E01", "AA", "block_reported", "2025-12", "reported by", "stateline-2026-01-13"),
            event("E02", "BB", "block_reported", "2025-12", "reported by", "stateline-2026-01-13"),
            event("E03", "CC", "block_applied", "2026-01-05", "applied", "jalopnik-2026-01-12"),
        ])),
        "several in progress": (tiny_states(), events_frame([
            event("E01", "AA", "named_by_nlets", "2025-11-12", "reported by", "dailybeast-2025-11"),
            event("E02", "BB", "block_in_progress", "2025-11-12", "reported by", "voz-2025-11-13"),
            event("E03", "CC", "block_in_progress", "2025-11-12", "reported by", "voz-2025-11-13"),
            event("E04", "DD", "block_applied", "2025-11-19", "applied", "jalopnik-2026-01-12"),
        ])),
    }


def prose_problems(text: str) -> list[str]:
    """What is wrong with a generated text as prose: an empty slot (``()``, a space before a comma or full stop, a
    missing value printed as nan/None/NaT/<NA>), a doubled space, or a dangling "and"/"or" before a punctuation mark
    or at the end. Empty list when clean."""
    import re

    problems = []
    for bad in ("()", "( ", " )", " ,", " .", " ;", " :", ",,", ",.", ";.", "; ;", "****"):
        if bad in text:
            problems.append(f"{bad!r} in text")
    for line in text.splitlines():
        if "  " in line.strip():
            problems.append(f"doubled space in {line!r}")
    if re.search(r"(?<![\w-])(nan|None|NaT|<NA>)(?![\w-])", text):
        problems.append("a missing value printed")
    if re.search(r"\b(and|or)\s*([.,;:)]|$)", text.strip()):
        problems.append("dangling 'and'/'or'")
    if re.search(r"\(\s*[,;]|[,;]\s*\)", text):
        problems.append("empty list item in parentheses")
    return problems


def shielded_for(states: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The residents table on the period's last day and on the next block's date (when there is one), as notebook 02
    builds it."""
    from analysis.findings import access_status, comparison_basics, resident_shares

    period_end = comparison_basics.disclosure_period()[1]
    days = [period_end]
    try:
        days.append(access_status.first_block_after(states, period_end, events)["date"])
    except ValueError:
        pass
    return pd.concat([resident_shares.residents_by_access(states, d, events) for d in days], ignore_index=True)
