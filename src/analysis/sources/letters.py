"""Load data/raw/letter_recipients.csv: who got the 2025-11-12 letters, what they asked, each state's Nlets conduit."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis.sources.tables import (
    CITABLE_TIERS,
    RawDataError,
    _memoised,
    _read,
    _str_col,
    _validate,
    load_sources,
    load_states,
    split_ids,
)

FILE = "letter_recipients.csv"
# What the letters asked, one token each, with the words of the letter to Delaware as CoastTV quotes them
# (source coasttv-letter-to-delaware; the stored copy ends inside the technical-blocks clause).
ASKS = {
    "nlets_briefing": "request a detailed briefing from your state Nlets coordinator",
    "publish_ice_hsi_statistics_2024_2025": ("request and make public aggregate statistics on the number of data "
                                             "requests and disclosures to ICE and Homeland Security Investigations "
                                             "(HSI) in 2024 and 2025"),
    "technical_blocks": "implement technical blocks to prevent data sharing wit[h ...]",
    "block_ice": "block ICE access",
    "consider_blocking_other_federal": ("consider going further by blocking access to other federal agencies that "
                                        "are now acting as Trump's shock troops"),
}
NOT_STATED = "not stated in a source found"
_ASKED = rf"^({'|'.join(ASKS)})(;({'|'.join(ASKS)}))*$"

_SCHEMA = pa.DataFrameSchema(
    {
        "jurisdiction": _str_col(unique=True, checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
        "governor": _str_col(),
        "letter_date": _str_col(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "nlets_conduit": _str_col(nullable=True),
        "conduit_source_id": _str_col(nullable=True),
        "asked": _str_col(checks=pa.Check.str_matches(_ASKED)),
        "source_id": _str_col(),
        "confidence": _str_col(checks=pa.Check.isin(["high", "low", "medium"])),
        "note": _str_col(),
    },
    checks=[
        pa.Check(lambda df: df["nlets_conduit"].isna() == df["conduit_source_id"].isna(),
                 error="a conduit has its source and a source has its conduit"),
        pa.Check(lambda df: df["nlets_conduit"].notna() | df["note"].str.contains(NOT_STATED, regex=False),
                 error=f"an empty conduit is explained in the note ('{NOT_STATED}')"),
    ],
    strict=True,
)


def _fail(row: int, column: str, message: str) -> RawDataError:
    return RawDataError(f"data/raw/{FILE}, row {row + 2}, column {column}: {message}")


def _check_ids(frame: pd.DataFrame) -> None:
    known = set(load_sources()["source_id"])
    for column in ("source_id", "conduit_source_id"):
        for row, value in frame[column].dropna().items():
            unknown = [s for s in split_ids(value) if s not in known]
            if unknown:
                raise _fail(int(row), column, f"source id {unknown[0]!r} is not in sources.csv")


def _check_jurisdictions(frame: pd.DataFrame) -> None:
    states = load_states()
    unknown = frame.loc[~frame["jurisdiction"].isin(states["usps"]), "jurisdiction"]
    if len(unknown):
        raise _fail(int(unknown.index[0]), "jurisdiction", f"{unknown.iloc[0]!r} is not a row of states.csv")
    recipients = set(states.loc[states["governor_letter_2025_11_12"], "usps"])
    extra = frame.loc[~frame["jurisdiction"].isin(recipients), "jurisdiction"]
    if len(extra):
        raise _fail(int(extra.index[0]), "jurisdiction",
                    f"{extra.iloc[0]!r} is not a letter recipient in states.csv (governor_letter_2025_11_12)")
    missing = sorted(recipients - set(frame["jurisdiction"]))
    if missing:
        raise RawDataError(f"data/raw/{FILE}: no row for letter recipients {missing} of states.csv")


@_memoised
def load_letter_recipients() -> pd.DataFrame:
    """One row per jurisdiction whose governor got the 2025-11-12 letters: ``governor``, ``letter_date``, what the
    letter ``asked`` (``;``-joined tokens of :data:`ASKS`), the state's ``nlets_conduit`` (the agency the letter names
    as giving outside agencies access to the DMV database through Nlets; empty where no source found says) with its
    ``conduit_source_id``, the row's ``source_id`` (``;``-joined), ``confidence`` and ``note``. Added:
    ``conduit_tier`` (the conduit source's tier) and ``conduit_confirmed`` (a conduit resting on a primary, press or
    reference source); a conduit from a weak source only is unconfirmed.

    >>> letters = load_letter_recipients().set_index("jurisdiction")
    >>> letters.loc["PA", "nlets_conduit"], bool(letters.loc["AZ", "conduit_confirmed"])
    ('Pennsylvania State Police', False)
    """
    frame = _read(FILE, {c: "str" for c in _SCHEMA.columns})
    frame = _validate(_SCHEMA, frame, FILE)
    _check_ids(frame)
    _check_jurisdictions(frame)
    tiers = load_sources().set_index("source_id")["tier"]
    conduit_tier = frame["conduit_source_id"].map(tiers)
    return frame.assign(conduit_tier=conduit_tier.astype("str"),
                        conduit_confirmed=conduit_tier.isin(CITABLE_TIERS).astype(bool))


def conduit_label(row: pd.Series) -> str:
    """How the records-request guide names one recipient's Nlets conduit: the agency, marked when unconfirmed, or
    that no source found states it.

    >>> conduit_label(pd.Series({"nlets_conduit": pd.NA, "conduit_confirmed": False}))
    'not stated in a source found'
    >>> conduit_label(pd.Series({"nlets_conduit": "Arizona Department of Public Safety", "conduit_confirmed": False}))
    'Arizona Department of Public Safety (unconfirmed: weak source only)'
    """
    if pd.isna(row["nlets_conduit"]):
        return NOT_STATED
    return str(row["nlets_conduit"]) + ("" if row["conduit_confirmed"] else " (unconfirmed: weak source only)")
