"""The normalisers' rules on one value, without pandas: the vocabularies, and a state, agency or message key.

:mod:`analysis.cleaning.normalize` applies these rules to whole columns (each distinct value once); a query log's
sampled values go through them directly, before pandas has finished importing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

UNKNOWN = "UNKNOWN"
AGENCIES: tuple[str, ...] = ("ICE", "HSI", "CBP", "OTHER_FEDERAL", "STATE_LOCAL", "FOREIGN", UNKNOWN)
RECORD_TYPES: tuple[str, ...] = ("driver", "vehicle", "other")


# --------------------------------------------------------------------------------------------------------------------
# one value


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    kind = type(value)  # pandas' NA and NaT, told by their types: this module imports no pandas
    return kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas.")


def _ascii(value: Any) -> str:
    return unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")


def _ascii_upper(value: Any) -> str:
    return _ascii(value).upper()


def _words(value: Any, *, upper: bool = True) -> str:
    """Upper-case ASCII words: dots and apostrophes dropped, '&' read as AND, other punctuation as a space.
    ``upper=False`` keeps the case (for rules that must tell "ICE" from "Ice")."""
    text = (_ascii_upper(value) if upper else _ascii(value)).replace("&", " AND ")
    text = re.sub(r"[.'`]", "", text)
    return " ".join(re.sub(r"[^A-Za-z0-9]+", " ", text).split())


def _vocab_rows(name: str) -> list[dict[str, str]]:
    with resources.files("analysis").joinpath("vocab", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


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
    return _matches(_words(value, upper=False))


def _matches(cased: str) -> tuple[str, ...]:
    """:func:`agency_matches` of a name already in words with its case kept (``_words(value, upper=False)``)."""
    key = cased.upper()  # the same as _words(value): every step of _words is blind to ASCII case
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


# --------------------------------------------------------------------------------------------------------------------
# agencies


def _agency_scalar(value: Any, overrides: dict[str, str] | None = None) -> str:
    if _is_missing(value):
        return UNKNOWN
    cased = _words(value, upper=False)
    key = cased.upper()
    if overrides and key in overrides:
        return overrides[key]
    exact, _ = _agency_rules()
    if key in exact:
        return exact[key]
    if not key:
        return UNKNOWN
    found = _matches(cased)
    return found[0] if len(found) == 1 else UNKNOWN  # several: a joint task force, "ICE Police": ambiguous


@lru_cache(maxsize=65536)
def _agency_cached(value: str) -> str:
    return _agency_scalar(value)


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


# --------------------------------------------------------------------------------------------------------------------
# one value, as the normalisers give it


def state_of(value: Any) -> str:
    """:func:`~analysis.cleaning.normalize.normalize_state` of one value.

    >>> state_of(" n.y. "), state_of(None)
    ('NY', 'UNKNOWN')
    """
    return _state_cached(value) if isinstance(value, str) else _state_scalar(value)


def agency_of(value: Any, overrides: dict[str, str] | None = None) -> str:
    """:func:`~analysis.cleaning.normalize.normalize_agency` of one value; ``overrides``, an agency map already
    read (``normalize._read_agency_map``).

    >>> agency_of("ICE HSI Newark"), agency_of("Acme Corp", {"ACME CORP": "OTHER_FEDERAL"})
    ('HSI', 'OTHER_FEDERAL')
    """
    if overrides is None and isinstance(value, str):
        return _agency_cached(value)
    return _agency_scalar(value, overrides)


def message_key_of(value: Any) -> str:
    """:func:`~analysis.cleaning.normalize.normalize_message_key` of one value.

    >>> message_key_of("dqg"), message_key_of("")
    ('DQ', 'UNKNOWN')
    """
    return _message_key_cached(value) if isinstance(value, str) else _message_key_scalar(value)
