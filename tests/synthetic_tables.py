"""Small made-up states and ICE-access event tables (SYNTHETIC) for tests that must not depend on data/raw's values.

Four jurisdictions: AA with a block applied on 2020-01-01, BB reported blocked on 2025-11-12 (start not published),
CC with a block applied on 2025-11-19 (after the disclosure year), DD reported open by the letters on 2025-11-12.
"""

from __future__ import annotations

import pandas as pd

from analysis.sources import load_sources


def tiny_states(codes: tuple[str, ...] = ("AA", "BB", "CC", "DD"), populations: tuple[int, ...] = (100, 200, 300, 400),
                types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """A states table with the columns of :func:`analysis.sources.load_states` (SYNTHETIC values)."""
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
    """One row of the events table, in the columns of :func:`analysis.sources.load_ice_access_events`."""
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
