"""Normalisers for query-count fields: state, agency and message key, with the vocabularies they follow.

Every normaliser takes either one value (and returns one value) or a whole column (a Series, Index, Categorical,
array or list) and returns a result of the same length. For a column, each *distinct* value is normalised once and
the result is mapped back through integer codes, so 10 million rows cost about what their distinct values cost.

The rules live in the package's vocabulary files (``analysis/vocab/*.csv``), one table per vocabulary; nothing here
guesses by sound or similarity. A value that matches no rule becomes ``"UNKNOWN"`` (never an exception), so national
totals stay whole and the unmatched spelling shows in the audit. Counts are parsed by :mod:`analysis.cleaning.counts`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.cleaning.cell_values import _is_array, _map_to_str
from analysis.cleaning.value_rules import (  # noqa: F401 - the rules on one value, re-exported
    AGENCIES,
    RECORD_TYPES,
    UNKNOWN,
    AgencyRule,
    _agency_cached,
    _agency_scalar,
    _message_key_cached,
    _message_key_scalar,
    _message_keys,
    _state_cached,
    _state_scalar,
    _vocab_rows,
    _words,
    agency_matches,
    agency_of,
    message_key_attributes,
    message_key_of,
    state_of,
)

# --------------------------------------------------------------------------------------------------------------------
# vocabularies


@lru_cache(maxsize=1)
def state_info() -> pd.DataFrame:
    """The state vocabulary: ``code``, ``name``, ``country`` (US or CA) and ``kind`` (state, district, territory,
    province).

    >>> state_info().set_index("code").loc["MN", "name"]
    'Minnesota'
    """
    rows = _vocab_rows("states.csv")
    return pd.DataFrame(rows, columns=["code", "name", "country", "kind"]).astype("str")


def message_key_info() -> pd.DataFrame:
    """One row per canonical message key: ``key``, ``record_type`` (driver/vehicle/other), ``dmv`` (bool), ``meaning``.

    >>> info = message_key_info().set_index("key")
    >>> info.loc["RQ", "record_type"], bool(info.loc["RQ", "dmv"])
    ('vehicle', True)
    """
    _, info = _message_keys()
    frame = pd.DataFrame(
        [(key, rt, dmv, meaning) for key, (rt, dmv, meaning) in sorted(info.items())],
        columns=["key", "record_type", "dmv", "meaning"],
    )
    return frame.astype({"key": "str", "record_type": "str", "dmv": "bool", "meaning": "str"})


# --------------------------------------------------------------------------------------------------------------------
# states

def normalize_state(value: Any) -> Any:
    """USPS code of a U.S. state, DC or territory, or two-letter code of a Canadian province; else ``"UNKNOWN"``.

    Matches codes, names, AP and GPO abbreviations and listed variants after dropping dots, case and extra spaces.

    >>> normalize_state(" n.y. "), normalize_state("Minn."), normalize_state("Calif"), normalize_state("Québec")
    ('NY', 'MN', 'CA', 'QC')
    >>> normalize_state("Atlantis")
    'UNKNOWN'
    >>> normalize_state(pd.Series(["New York", "D.C.", None])).tolist()
    ['NY', 'DC', 'UNKNOWN']
    """
    if _is_array(value):
        return _map_to_str(value, _state_scalar)
    return state_of(value)


# --------------------------------------------------------------------------------------------------------------------
# agencies


def _read_agency_map(agency_map: pd.DataFrame | str | Path) -> dict[str, str]:
    if isinstance(agency_map, (str, Path)):
        try:
            table = pd.read_csv(agency_map, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"{agency_map}: cannot read the agency map ({exc})") from None
        where = str(agency_map)
    else:
        table, where = agency_map, "agency_map"
    missing = {"raw_value", "agency"} - set(table.columns)
    if missing:
        raise ValueError(f"{where}: needs the columns raw_value and agency (missing {', '.join(sorted(missing))})")
    mapping: dict[str, str] = {}
    for line, (raw, agency) in enumerate(zip(table["raw_value"], table["agency"], strict=True), start=2):
        agency = str(agency).strip().upper()
        if agency not in AGENCIES:
            raise ValueError(f"{where}: row {line}, column agency: {agency!r} is not one of {', '.join(AGENCIES)}")
        mapping[_words(raw)] = agency
    return mapping


def normalize_agency(value: Any, agency_map: pd.DataFrame | str | Path | None = None) -> Any:
    """Agency group of a requesting agency: ICE, HSI, CBP, OTHER_FEDERAL, STATE_LOCAL, FOREIGN or UNKNOWN.

    Exact spellings are matched first (ignoring case and punctuation), then every pattern of ``vocab/agencies.csv``
    (see :func:`agency_matches`). A rule gives way to the agencies in its ``yields_to`` (ICE to HSI, so "ICE HSI
    Newark" is HSI; the generic word "police" to FOREIGN and OTHER_FEDERAL, so "Canadian police" is FOREIGN). A
    name that still matches two agencies ("HSI Task Force - Austin PD", "ICE Police") is ambiguous and becomes
    UNKNOWN, which the audit shows. The bare acronym ICE counts only in capitals ("Ice Cream Co" is UNKNOWN).
    ``agency_map`` (a DataFrame or CSV path with ``raw_value,agency``) is checked before both and so extends or
    overrides them.

    >>> normalize_agency("U.S. Immigration & Customs Enf."), normalize_agency("ICE HSI Newark")
    ('ICE', 'HSI')
    >>> normalize_agency("ICE/ERO Task Force with Harris County SO"), normalize_agency("Ice Cream Co")
    ('UNKNOWN', 'UNKNOWN')
    >>> normalize_agency("Austin Police Dept"), normalize_agency("RCMP"), normalize_agency("Acme Corp")
    ('STATE_LOCAL', 'FOREIGN', 'UNKNOWN')
    >>> normalize_agency("DEPT of Homeland Security"), normalize_agency("Service de police de Laval")
    ('OTHER_FEDERAL', 'FOREIGN')
    >>> normalize_agency("Ohio Homeland Security"), normalize_agency("Homeland Security")
    ('STATE_LOCAL', 'UNKNOWN')
    >>> normalize_agency("Acme Corp", pd.DataFrame({"raw_value": ["ACME corp"], "agency": ["OTHER_FEDERAL"]}))
    'OTHER_FEDERAL'
    """
    if agency_map is None:
        if _is_array(value):
            return _map_to_str(value, _agency_scalar)
        return agency_of(value)
    overrides = _read_agency_map(agency_map)
    if _is_array(value):
        return _map_to_str(value, lambda v: _agency_scalar(v, overrides))
    return agency_of(value, overrides)


# --------------------------------------------------------------------------------------------------------------------
# message keys

def normalize_message_key(value: Any) -> Any:
    """Canonical Nlets message key: case, spaces and punctuation dropped; DQG→DQ, RQG→RQ; listed names mapped.

    A key-shaped value outside the vocabulary (2–4 letters/digits, e.g. ``"SWQ"``) is kept; anything else, and
    blanks, become ``"UNKNOWN"``.

    >>> normalize_message_key(" d q "), normalize_message_key("dqg"), normalize_message_key("Registration Query")
    ('DQ', 'DQ', 'RQ')
    >>> normalize_message_key("swq"), normalize_message_key("???")
    ('SWQ', 'UNKNOWN')
    """
    if _is_array(value):
        return _map_to_str(value, _message_key_scalar)
    return message_key_of(value)
