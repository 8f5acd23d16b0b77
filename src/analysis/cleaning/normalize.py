"""Normalisers for query-count fields: state, agency and message key, with the vocabularies they follow.

Every normaliser takes either one value (and returns one value) or a whole column (a Series, Index, Categorical,
array or list) and returns a result of the same length. For a column, each *distinct* value is normalised once and
the result is mapped back through integer codes, so 10 million rows cost about what their distinct values cost.

The rules live in the package's vocabulary files (``analysis/vocab/*.csv``), one table per vocabulary; nothing here
guesses by sound or similarity. A value that matches no rule becomes ``"UNKNOWN"`` (never an exception), so national
totals stay whole and the unmatched spelling shows in the audit. Counts are parsed by :mod:`analysis.cleaning.counts`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from analysis.cleaning.cell_values import (
    _ascii_upper,
    _is_array,
    _is_missing,
    _map_to_str,
    _vocab_rows,
    _words,
)

UNKNOWN = "UNKNOWN"
AGENCIES: tuple[str, ...] = ("ICE", "HSI", "CBP", "OTHER_FEDERAL", "STATE_LOCAL", "FOREIGN", UNKNOWN)
RECORD_TYPES: tuple[str, ...] = ("driver", "vehicle", "other")


# --------------------------------------------------------------------------------------------------------------------
# vocabularies


@lru_cache(maxsize=1)
def _state_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for row in _vocab_rows("states.csv"):
        spellings = [row["code"], row["name"], row["ap"], row["gpo"], *row["variants"].split("|")]
        for spelling in filter(None, (s.strip() for s in spellings)):
            key = _words(spelling)
            for k in {key, key.replace(" ", "")}:
                if aliases.setdefault(k, row["code"]) != row["code"]:
                    raise ValueError(f"vocab/states.csv: {spelling!r} means both {aliases[k]} and {row['code']}")
    return aliases


@lru_cache(maxsize=1)
def _state_countries() -> dict[str, str]:
    return {row["code"]: row["country"] for row in _vocab_rows("states.csv")}


@lru_cache(maxsize=1)
def state_info() -> pd.DataFrame:
    """The state vocabulary: ``code``, ``name``, ``country`` (US or CA) and ``kind`` (state, district, territory,
    province).

    >>> state_info().set_index("code").loc["MN", "name"]
    'Minnesota'
    """
    rows = _vocab_rows("states.csv")
    return pd.DataFrame(rows, columns=["code", "name", "country", "kind"]).astype("str")


class AgencyRule(NamedTuple):
    """A ``pattern`` or ``pattern_cased`` row of ``vocab/agencies.csv``: the agency, the regular expression, whether
    it is matched on the text with its case kept, and the agencies this rule gives way to when they match too."""

    agency: str
    pattern: re.Pattern[str]
    cased: bool
    yields_to: frozenset[str]


@lru_cache(maxsize=1)
def _agency_rules() -> tuple[dict[str, str], tuple[AgencyRule, ...]]:
    exact: dict[str, str] = {}
    rules: list[AgencyRule] = []
    for line, row in enumerate(_vocab_rows("agencies.csv"), start=2):
        yields_to = frozenset(filter(None, (row.get("yields_to") or "").split("|")))
        for agency in {row["agency"], *yields_to}:
            if agency not in AGENCIES:
                raise ValueError(f"vocab/agencies.csv: row {line}: unknown agency {agency!r}")
        if row["match"] == "exact":
            exact[_words(row["value"])] = row["agency"]
        elif row["match"] in {"pattern", "pattern_cased"}:
            cased = row["match"] == "pattern_cased"
            rules.append(AgencyRule(row["agency"], re.compile(row["value"]), cased, yields_to))
        else:
            raise ValueError(
                f"vocab/agencies.csv: row {line}: match must be exact, pattern or pattern_cased, not {row['match']!r}"
            )
    return exact, tuple(rules)


def agency_matches(value: Any) -> tuple[str, ...]:
    """The agencies whose ``pattern`` rules match a name after each rule has given way to those it yields to
    (``yields_to``), sorted. One agency is the answer; none or several make :func:`normalize_agency` say UNKNOWN.
    Exact spellings are not consulted here.

    >>> agency_matches("HSI Task Force - Austin PD"), agency_matches("Canadian police"), agency_matches("Ice Cream Co")
    (('HSI', 'STATE_LOCAL'), ('FOREIGN',), ())
    """
    if _is_missing(value):
        return ()
    key, cased = _words(value), _words(value, upper=False)
    matched = [rule for rule in _agency_rules()[1] if rule.pattern.search(cased if rule.cased else key)]
    found = {rule.agency for rule in matched}
    return tuple(sorted({rule.agency for rule in matched if not rule.yields_to & (found - {rule.agency})}))


@lru_cache(maxsize=1)
def _message_keys() -> tuple[dict[str, str], dict[str, tuple[str, bool, str]]]:
    aliases: dict[str, str] = {}
    info: dict[str, tuple[str, bool, str]] = {}
    for row in _vocab_rows("message_keys.csv"):
        canonical = row["canonical"]
        for spelling in [row["key"], *row["variants"].split("|")]:
            if spelling.strip():
                aliases[_compact(spelling)] = canonical
        if row["key"] == canonical:
            info[canonical] = (row["record_type"], row["dmv"] == "true", row["meaning"])
    return aliases, info


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


def message_key_attributes(key: str) -> tuple[str, bool]:
    """``(record_type, dmv)`` for a canonical key; keys outside the vocabulary are ``("other", False)``.

    >>> message_key_attributes("DNQ")
    ('driver', True)
    >>> message_key_attributes("ZZQ")
    ('other', False)
    """
    record_type, dmv, _ = _message_keys()[1].get(key, ("other", False, ""))
    return record_type, dmv


# --------------------------------------------------------------------------------------------------------------------
# states

_ISO_SUBDIVISION = re.compile(r"^(US|CA)[- ]?([A-Z]{2})$")
_STATE_AFFIXES = re.compile(r"^(STATE|COMMONWEALTH|PROVINCE|TERRITORY) OF |\bSTATE$")


def _state_scalar(value: Any) -> str:
    if _is_missing(value):
        return UNKNOWN
    aliases = _state_aliases()
    key = _words(value)
    if key in aliases:
        return aliases[key]
    iso = _ISO_SUBDIVISION.match(key)
    if iso:  # ISO 3166-2 style, "US-NY" or "CA-ON"
        return iso.group(2) if _state_countries().get(iso.group(2)) == iso.group(1) else UNKNOWN
    stripped = _STATE_AFFIXES.sub("", key).strip()
    if stripped in aliases:
        return aliases[stripped]
    # "NY - New York", "New York (NY)": every part must name the same state.
    parts = [_words(p) for p in re.split(r"[-/()|,;:]", _ascii_upper(value)) if _words(p)]
    if len(parts) > 1:
        found = {aliases.get(p, UNKNOWN) for p in parts}
        if len(found) == 1 and UNKNOWN not in found:
            return found.pop()
    return UNKNOWN


@lru_cache(maxsize=65536)
def _state_cached(value: str) -> str:
    return _state_scalar(value)


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
    return _state_cached(value) if isinstance(value, str) else _state_scalar(value)


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


def _agency_scalar(value: Any, overrides: dict[str, str] | None = None) -> str:
    if _is_missing(value):
        return UNKNOWN
    key = _words(value)
    if overrides and key in overrides:
        return overrides[key]
    exact, _ = _agency_rules()
    if key in exact:
        return exact[key]
    if not key:
        return UNKNOWN
    found = agency_matches(value)
    return found[0] if len(found) == 1 else UNKNOWN  # several: a joint task force, "ICE Police": ambiguous


@lru_cache(maxsize=65536)
def _agency_cached(value: str) -> str:
    return _agency_scalar(value)


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
        return _agency_cached(value) if isinstance(value, str) else _agency_scalar(value)
    overrides = _read_agency_map(agency_map)
    if _is_array(value):
        return _map_to_str(value, lambda v: _agency_scalar(v, overrides))
    return _agency_scalar(value, overrides)


# --------------------------------------------------------------------------------------------------------------------
# message keys

_KEY_SHAPE = re.compile(r"[A-Z][A-Z0-9]{1,3}")
_KEY_BLANKS = frozenset({"", "NA", "NULL", "NONE", "NAN", "UNK"})


def _compact(value: Any) -> str:
    return re.sub(r"[^A-Z0-9]", "", _ascii_upper(value))


def _message_key_scalar(value: Any) -> str:
    if _is_missing(value):
        return UNKNOWN
    aliases, _ = _message_keys()
    key = _compact(value)
    if key in aliases:
        return aliases[key]
    if key in _KEY_BLANKS:
        return UNKNOWN
    if _KEY_SHAPE.fullmatch(key):
        return key  # a key outside the vocabulary (e.g. "SWQ") is kept as it is
    # "DQ - Driver Query", "RQ (plate)": use the parts that are known keys, if they agree.
    found = {aliases[_compact(p)] for p in re.split(r"[-/()|,;:]", str(value)) if _compact(p) in aliases}
    return found.pop() if len(found) == 1 else UNKNOWN


@lru_cache(maxsize=65536)
def _message_key_cached(value: str) -> str:
    return _message_key_scalar(value)


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
    return _message_key_cached(value) if isinstance(value, str) else _message_key_scalar(value)
