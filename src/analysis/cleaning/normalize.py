"""Normalisers for query-count fields: state, agency, message key, count and period.

Every normaliser takes either one value (and returns one value) or a whole column (a Series, Index, Categorical,
array or list) and returns a result of the same length. For a column, each *distinct* value is normalised once and
the result is mapped back through integer codes, so 10 million rows cost about what their distinct values cost.

The rules live in the package's vocabulary files (``analysis/vocab/*.csv``), one table per vocabulary; nothing here
guesses by sound or similarity. A value that matches no rule becomes ``"UNKNOWN"`` (never an exception), so national
totals stay whole and the unmatched spelling shows in the audit.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Hashable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

UNKNOWN = "UNKNOWN"
AGENCIES: tuple[str, ...] = ("ICE", "HSI", "CBP", "OTHER_FEDERAL", "STATE_LOCAL", "FOREIGN", UNKNOWN)
RECORD_TYPES: tuple[str, ...] = ("driver", "vehicle", "other")

# Placeholders that mean "no value" in exported spreadsheets.
_BLANKS = frozenset({"", "-", "--", "—", "–", "NA", "N/A", "NULL", "NONE", "NAN", "#N/A"})

_ArrayLike = pd.Series | pd.Index | pd.Categorical | np.ndarray | list | tuple


# --------------------------------------------------------------------------------------------------------------------
# distinct-value machinery


def _is_array(value: Any) -> bool:
    return isinstance(value, (pd.Series, pd.Index, pd.Categorical, np.ndarray, list, tuple))


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value  # NaN


def _distinct(values: _ArrayLike) -> tuple[np.ndarray, list[Any], pd.Index, Hashable]:
    """Codes into a list of distinct values (missing values get the code ``len(distinct)``), plus index and name."""
    if isinstance(values, pd.Series):
        index, name, data = values.index, values.name, values
    elif isinstance(values, pd.Index):
        index, name, data = pd.RangeIndex(len(values)), values.name, pd.Series(values)
    else:
        index, name, data = pd.RangeIndex(len(values)), None, values
    if isinstance(getattr(data, "dtype", None), pd.CategoricalDtype):
        cat = data.array if isinstance(data, pd.Series) else data
        codes, uniques = np.asarray(cat.codes), list(cat.categories)
    else:
        if isinstance(data, (list, tuple)):
            data = pd.Series(list(data), dtype=object)
        codes, uniques_arr = pd.factorize(data, use_na_sentinel=True)
        uniques = list(uniques_arr)
    codes = np.where(codes < 0, len(uniques), codes)
    return codes, uniques, index, name


def _map_to_str(values: _ArrayLike, fn: Callable[[Any], str]) -> pd.Series:
    codes, uniques, index, name = _distinct(values)
    mapped = np.array([fn(v) for v in uniques] + [fn(None)], dtype=object)
    return pd.Series(mapped.take(codes), index=index, name=name, dtype="str")


def _map_to_frame(values: _ArrayLike, fn: Callable[[Any], tuple], columns: list[str]) -> pd.DataFrame:
    codes, uniques, index, _ = _distinct(values)
    table = pd.DataFrame([fn(v) for v in uniques] + [fn(None)], columns=columns)
    out = table.take(codes)
    out.index = index
    return out


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


# --------------------------------------------------------------------------------------------------------------------
# vocabularies


def _vocab_rows(name: str) -> list[dict[str, str]]:
    with resources.files("analysis").joinpath("vocab", name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


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


# --------------------------------------------------------------------------------------------------------------------
# counts

_INT64_MAX = 2**63 - 1
_COUNT_TEXT = re.compile(
    r"""^(?P<body>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?      # 1,040 or 1,040.00
      | \d{1,3}(?:[ \u00a0\u202f]\d{3})+  # 1 040 (space-grouped)
      | \d+(?:\.\d+)?(?:[eE][+-]?\d+)?    # 1040, 1040.0, 1.04E+03
      | \.\d+                             # .5
    )$""",
    re.VERBOSE | re.ASCII,
)


class CountResult(NamedTuple):
    """A parsed count: ``value`` (int, or None) and ``problem`` (None when the count is usable).

    ``problem`` is one of ``missing``, ``suppressed`` (a marker such as ``<10`` or ``(S)`` in place of a small
    count, from ``vocab/suppressed.csv``), ``not_a_number``, ``fractional``, ``negative``, ``too_large``.
    """

    value: int | None
    problem: str | None


# A spreadsheet's binary floats turn 2400 into 2400.0000000000005: a value this close to a whole number (relative
# 1e-9, and never more than 0.001 away) is that whole number; 12.5 stays a fraction.
_ARTEFACT_RELATIVE = Decimal("1e-9")
_ARTEFACT_ABSOLUTE = Decimal("0.001")


@lru_cache(maxsize=1)
def _suppression_rules() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for line, row in enumerate(_vocab_rows("suppressed.csv"), start=2):
        if row["match"] == "exact":
            exact.add(_suppression_key(row["value"]))
        elif row["match"] == "pattern":
            patterns.append(re.compile(row["value"]))
        else:
            raise ValueError(f"vocab/suppressed.csv: row {line}: match must be exact or pattern, not {row['match']!r}")
    return frozenset(exact), tuple(patterns)


def _suppression_key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def is_suppressed(value: Any) -> bool:
    """Whether a count cell holds a suppression marker instead of a number (``vocab/suppressed.csv``).

    >>> [is_suppressed(v) for v in ["<10", "< 5", "n<10", "*", "(S)", "suppressed", "10", "", None]]
    [True, True, True, True, True, True, False, False, False]
    """
    if _is_missing(value) or not isinstance(value, str):
        return False
    key = _suppression_key(value.replace("\u00a0", " "))
    exact, patterns = _suppression_rules()
    return key in exact or any(p.match(key) for p in patterns)


def _count_from_decimal(number: Decimal) -> CountResult:
    if not number.is_finite():
        return CountResult(None, "not_a_number")
    nearest = number.to_integral_value()
    if number != nearest:
        tolerance = min(_ARTEFACT_RELATIVE * max(abs(nearest), Decimal(1)), _ARTEFACT_ABSOLUTE)
        if abs(number - nearest) > tolerance:
            return CountResult(None, "fractional")
        number = nearest
    if number < 0:
        return CountResult(None, "negative")
    if number > _INT64_MAX:
        return CountResult(None, "too_large")
    return CountResult(int(number), None)


def _count_scalar(value: Any) -> CountResult:
    if _is_missing(value):
        return CountResult(None, "missing")
    if isinstance(value, (bool, np.bool_)):
        return CountResult(None, "not_a_number")
    if isinstance(value, (int, np.integer)):
        return _count_from_decimal(Decimal(int(value)))
    if isinstance(value, (float, np.floating)):
        return _count_from_decimal(Decimal(float(value))) if np.isfinite(value) else CountResult(None, "not_a_number")
    text = str(value).replace("\u00a0", " ").strip()
    if text.upper() in _BLANKS:
        return CountResult(None, "missing")
    if is_suppressed(text):
        return CountResult(None, "suppressed")
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting style (12)
        text, negative = text[1:-1].strip(), True
    if text[:1] in {"-", "\u2212", "+"}:
        negative, text = negative or text[0] != "+", text[1:].strip()
    match = _COUNT_TEXT.match(text)
    if not match:
        return CountResult(None, "not_a_number")
    try:
        number = Decimal(re.sub(r"[,\s\u202f]", "", match["body"]))
    except InvalidOperation:  # pragma: no cover - the pattern only admits decimals
        return CountResult(None, "not_a_number")
    return _count_from_decimal(-number if negative else number)


def parse_count(value: Any) -> CountResult | pd.DataFrame:
    """Parse a query count: ``"1,040"`` → 1040; blanks are ``missing``; suppression markers (``<10``, ``*``,
    ``(S)``) are ``suppressed``; fractions, negatives and text are problems. A spreadsheet float artefact
    (``2400.0000000000005``) is the whole number a person sees.

    One value gives a :class:`CountResult`; a column gives a DataFrame with the same index and the columns
    ``value`` (Int64, ``<NA>`` when unusable) and ``problem`` (str, missing when usable).

    >>> parse_count("1,040"), parse_count("1,040.00"), parse_count(" 7 ")
    (CountResult(value=1040, problem=None), CountResult(value=1040, problem=None), CountResult(value=7, problem=None))
    >>> parse_count("2400.0000000000005").value, parse_count(1199.9999999999998).value
    (2400, 1200)
    >>> [parse_count(v).problem for v in ["", None, "<10", "1.5", "-3", "abc"]]
    ['missing', 'missing', 'suppressed', 'fractional', 'negative', 'not_a_number']
    >>> parse_count(pd.Series(["12", "x"]))
       value       problem
    0     12           NaN
    1   <NA>  not_a_number
    """
    if not _is_array(value):
        return _count_scalar(value)
    frame = _map_to_frame(value, _count_scalar, ["value", "problem"])
    return frame.astype({"value": "Int64", "problem": "str"})


# --------------------------------------------------------------------------------------------------------------------
# periods

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("JAN", "JANUARY"), ("FEB", "FEBRUARY"), ("MAR", "MARCH"), ("APR", "APRIL"), ("MAY",), ("JUN", "JUNE"),
            ("JUL", "JULY"), ("AUG", "AUGUST"), ("SEP", "SEPT", "SEPTEMBER"), ("OCT", "OCTOBER"),
            ("NOV", "NOVEMBER"), ("DEC", "DECEMBER"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_YEAR = r"(?P<year>\d{4}|\d{2})"
# a time of day after a date, 24-hour or AM/PM ("3:05 p.m."); dots are spaces by then
_TIME = r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?: \d+)?)?(?: ?(?P<ampm>[AP]) ?M)?)?"
# FFY is always the federal year (October); FY follows fiscal_year_start (default October); SFY needs it.
_FY = r"(?P<fy>FFY|FY|FISCAL YEAR|FEDERAL FISCAL YEAR|SFY|STATE FISCAL YEAR|STATE FY)"
_FEDERAL_FY = frozenset({"FFY", "FEDERAL FISCAL YEAR"})
_STATE_FY = frozenset({"SFY", "STATE FISCAL YEAR", "STATE FY"})
_BARE_YEAR = re.compile(r"^'?(?:\d{4}|\d{2})(?: ?[-/] ?(?:\d{4}|\d{2}))?$")  # "2025", "25", "2024-25"
_YEAR_SPAN = re.compile(r"^(?P<first>\d{4}) ?[-/] ?(?P<year>\d{4}|\d{2})$")  # "2024-25": fiscal or calendar?
_EXCEL_SERIAL = re.compile(r"^(?P<days>\d{5})(?: \d+)?$")  # 45658 (or 45658.5, a time of day) is 2025-01-01
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 for serials above 60 (it counts a 29 Feb 1900)
BARE_YEARS: tuple[str, ...] = ("calendar", "FY", "FFY", "SFY")
_CY = r"(?:CY|CALENDAR YEAR|YEAR)?"

# (pattern, kind) tried in order on the upper-cased text; kind says how the named groups make a period.
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in [
        (rf"^(?P<year>\d{{4}})[-/](?P<month>\d{{1,2}})[-/](?P<day>\d{{1,2}}){_TIME}$", "day"),
        (r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$", "day"),
        (rf"^(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}})/(?P<year>\d{{4}}){_TIME}$", "day"),
        (rf"^(?P<day>\d{{1,2}})[ -]{_MONTH}[ ,-]+{_YEAR}$", "day"),
        (rf"^{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})$", "day"),
        (r"^(?P<year>\d{4})[-/ ](?P<month>\d{1,2})$", "month"),
        (r"^(?P<year>\d{4})(?P<month>\d{2})$", "month"),
        (r"^(?P<month>\d{1,2})[-/ ](?P<year>\d{4})$", "month"),
        (rf"^{_MONTH}[ ,'-]*{_YEAR}$", "month"),
        (rf"^(?P<year>\d{{4}})[ -]{_MONTH}$", "month"),
        (rf"^{_FY} ?'?(?P<year>\d{{4}}|\d{{2}})$", "fiscal_year"),
        (rf"^{_FY} ?(?P<first>\d{{4}}) ?[-/] ?(?P<year>\d{{4}}|\d{{2}})$", "fiscal_year_span"),
        (rf"^Q(?P<quarter>[1-4]) ?{_FY} ?'?(?P<year>\d{{4}}|\d{{2}})$", "fiscal_quarter"),
        (rf"^{_FY} ?'?(?P<year>\d{{4}}|\d{{2}}) ?-? ?Q(?P<quarter>[1-4])$", "fiscal_quarter"),
        (r"^(?:CY ?)?(?P<year>\d{4}) ?-? ?Q(?P<quarter>[1-4])$", "quarter"),
        (r"^Q(?P<quarter>[1-4]) ?-? ?(?:CY ?)?(?P<year>\d{4})$", "quarter"),
        (rf"^{_CY} ?(?P<year>\d{{4}})$", "year"),
    ]
)
_RANGE_SPLIT = re.compile(r"\s*(?:\.\.|\bTO\b|\bTHROUGH\b|\bTHRU\b|\u2013|\u2014|\s-\s)\s*")
_ISO_INTERVAL = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)/(\d{4}-\d{2}(?:-\d{2})?)$")


class PeriodResult(NamedTuple):
    """A parsed period: first and last day (inclusive), and ``problem`` (None when usable).

    ``problem`` is one of ``missing``, ``unparseable``, ``reversed`` (the range ends before it starts),
    ``ambiguous_fiscal_year`` (a state fiscal year, ``SFY 2025``, without ``fiscal_year_start``) and
    ``ambiguous_range`` (``2024-25`` or ``2024-2025`` outside a fiscal-year column: one fiscal year or two calendar
    years?).
    """

    start: dt.date | None
    end: dt.date | None
    problem: str | None


class _Ambiguous(Exception):
    """A period that reads two ways; ``args[0]`` is the problem code."""


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def _fiscal_start_month(prefix: str | None, fiscal_year_start: int | None) -> int:
    """The month a fiscal year starts in: October for FFY, ``fiscal_year_start`` (default October) for FY; a state
    fiscal year (SFY) without ``fiscal_year_start`` is ambiguous."""
    if prefix in _FEDERAL_FY:
        return 10
    if prefix in _STATE_FY and fiscal_year_start is None:
        raise _Ambiguous("ambiguous_fiscal_year")
    return fiscal_year_start or 10


def _months(first: int, count: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``count`` months from the month numbered ``first`` (year * 12 + month - 1)."""
    last = first + count - 1
    return dt.date(first // 12, first % 12 + 1, 1), _month_end(last // 12, last % 12 + 1)


def _span(kind: str, groups: dict[str, str | None], fiscal_year_start: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day for a matched pattern; raises ValueError for impossible dates."""
    year = _year(groups["year"] or "")
    if not 1900 <= year <= 2199:
        raise ValueError(year)
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "fiscal_year_span" and _year(groups["first"] or "") + 1 != year:
        raise ValueError("fiscal-year span must cover consecutive years")
    if kind in {"fiscal_year", "fiscal_year_span", "fiscal_quarter"}:
        # fiscal year N ends in calendar year N: FY2025 is 2024-10-01..2025-09-30 (federal), 2024-07-01..2025-06-30
        # for a July start, and calendar 2025 for a January start
        start = _fiscal_start_month(groups.get("fy"), fiscal_year_start)
        first = (year - 1) * 12 + start - 1 if start > 1 else year * 12
        if kind == "fiscal_quarter":
            return _months(first + 3 * (int(groups["quarter"] or 0) - 1), 3)
        return _months(first, 12)
    if kind == "quarter":
        return _months(year * 12 + 3 * (int(groups["quarter"] or 0) - 1), 3)
    month = _MONTHS[groups["month_name"]] if groups.get("month_name") else int(groups["month"] or 0)
    if kind == "month":
        return dt.date(year, month, 1), _month_end(year, month)
    if groups.get("hour") is not None:  # a timestamp: the time must be a real one, but only the day counts
        hour, minute = int(groups["hour"] or 0), int(groups["minute"] or 0)
        if minute > 59 or not (1 <= hour <= 12 if groups.get("ampm") else hour <= 23):
            raise ValueError("not a time of day")
    day = dt.date(year, month, int(groups["day"] or 0))
    return day, day


def _single_period(text: str, fiscal_year_start: int | None = None) -> tuple[dt.date, dt.date, str] | None:
    """First day, last day and kind (day, month, quarter, year, fiscal_...) of one period, or None."""
    for pattern, kind in _PERIOD_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return (*_span(kind, match.groupdict(), fiscal_year_start), kind)
            except (ValueError, KeyError):
                return None
    return None


def _hyphen_range(text: str, fiscal_year_start: int | None) -> tuple[dt.date, dt.date] | None:
    """A range joined by a bare hyphen, "01/01/2025-01/31/2025": split at each hyphen; both sides must be days or
    months. Two different readings are ambiguous."""
    spans = set()
    for at in (i for i, char in enumerate(text) if char == "-"):
        first = _single_period(text[:at].strip(), fiscal_year_start)
        last = _single_period(text[at + 1 :].strip(), fiscal_year_start)
        if first and last and {first[2], last[2]} <= {"day", "month"}:
            spans.add((first[0], last[1]))
    if len(spans) > 1:
        raise _Ambiguous("ambiguous_range")
    return spans.pop() if spans else None


def _period_text(value: Any) -> str:
    # "Oct. 2024" -> "OCT 2024", but keep the ".." of a range and its en or em dash (which ASCII would drop)
    text = re.sub("[\u2013\u2014]", " - ", str(value))
    text = _ascii_upper(text).replace("..", "\0").replace(".", " ").replace("\0", " .. ")
    return " ".join(text.split()).replace(" ,", ",")


def _period_scalar(
    value: Any, fiscal_year_start: int | None = None, bare_year: str = "calendar", excel_dates: bool = False
) -> PeriodResult:
    if _is_missing(value):
        return PeriodResult(None, None, "missing")
    if isinstance(value, (dt.date, pd.Timestamp)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return PeriodResult(day, day, None)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = _period_text(value)
    if text in _BLANKS:
        return PeriodResult(None, None, "missing")
    try:
        single = _period_span(text, fiscal_year_start, bare_year, excel_dates)
    except _Ambiguous as exc:
        return PeriodResult(None, None, exc.args[0])
    if single is None:
        return PeriodResult(None, None, "unparseable")
    if single[1] < single[0]:
        return PeriodResult(None, None, "reversed")
    return PeriodResult(single[0], single[1], None)


def _period_span(
    text: str, fiscal_year_start: int | None, bare_year: str, excel_dates: bool
) -> tuple[dt.date, dt.date] | None:
    serial = _EXCEL_SERIAL.match(text) if excel_dates else None
    if serial:
        day = _EXCEL_EPOCH + dt.timedelta(days=int(serial["days"]))
        return day, day
    if bare_year != "calendar" and _BARE_YEAR.match(text):  # "2025" in a "Fiscal Year" column is FY2025
        fiscal = _single_period(f"{bare_year} {text.lstrip(chr(39))}", fiscal_year_start)
        if fiscal:
            return fiscal[0], fiscal[1]
    single = _single_period(text, fiscal_year_start)
    if single:
        return single[0], single[1]
    parts = _RANGE_SPLIT.split(text)
    iso = _ISO_INTERVAL.match(text)
    if iso:
        parts = [iso.group(1), iso.group(2)]
    if len(parts) == 2:
        first, last = _single_period(parts[0], fiscal_year_start), _single_period(parts[1], fiscal_year_start)
        if first and last:
            return first[0], last[1]
    span = _YEAR_SPAN.match(text)
    if span and (int(span["year"]) - int(span["first"])) % (100 if len(span["year"]) == 2 else 10_000) == 1:
        raise _Ambiguous("ambiguous_range")
    return _hyphen_range(text, fiscal_year_start) if "-" in text else None


def check_fiscal_year_start(value: Any) -> int | None:
    """``value`` as a month number for ``fiscal_year_start`` (None stays None); raises ValueError otherwise.

    >>> check_fiscal_year_start(7), check_fiscal_year_start(None)
    (7, None)
    """
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 12
    ):
        raise ValueError(f"fiscal_year_start={value!r}: must be the number of a month, 1 to 12")
    return None if value is None else int(value)


def _period_options(fiscal_year_start: Any, bare_year: str, excel_dates: bool) -> tuple[int | None, str, bool]:
    fiscal_year_start = check_fiscal_year_start(fiscal_year_start)
    if bare_year not in BARE_YEARS:
        raise ValueError(f"bare_year={bare_year!r}: must be one of {', '.join(BARE_YEARS)}")
    return (None if fiscal_year_start is None else int(fiscal_year_start)), bare_year, bool(excel_dates)


@lru_cache(maxsize=65536)
def _period_cached(value: str, options: tuple[int | None, str, bool] = (None, "calendar", False)) -> PeriodResult:
    return _period_scalar(value, *options)


def format_period(start: dt.date, end: dt.date) -> str:
    """The text form of a period, which :func:`parse_period` reads back: ``2024-10-01..2024-10-31``.

    >>> format_period(dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    '2024-10-01..2024-10-31'
    """
    return f"{start.isoformat()}..{end.isoformat()}"


def parse_period(
    value: Any, *, fiscal_year_start: int | None = None, bare_year: str = "calendar", excel_dates: bool = False
) -> PeriodResult | pd.DataFrame:
    """First and last day of a period written as a day (a timestamp counts as its day, ``3:05 PM`` included),
    month, quarter, calendar year, fiscal year or range (``..``, ``to``, `` - ``, or a bare hyphen between two days
    or months: ``01/01/2025-01/31/2025``).

    A fiscal year is named by the calendar year it ends in. ``FY2025`` is the U.S. federal one, 2024-10-01 to
    2025-09-30, unless ``fiscal_year_start`` (a month, 1-12) says otherwise: with 7, FY2025 is 2024-07-01 to
    2025-06-30. ``FFY`` is always federal; ``SFY`` (state fiscal year) needs ``fiscal_year_start``, else it is
    ``ambiguous_fiscal_year``. A bare year is a calendar year unless ``bare_year`` is ``"FY"``, ``"FFY"`` or
    ``"SFY"`` (for a column headed "Fiscal Year": ``2025`` and ``2024-25`` then read as ``FY 2025``, ``FY 2024-25``);
    elsewhere ``2024-25`` is ``ambiguous_range``. With ``excel_dates=True`` a five-digit number is an Excel serial
    day (``45658`` is 2025-01-01), for date and month columns.

    One value gives a :class:`PeriodResult`; a column gives a DataFrame with the same index and the columns
    ``period_start``, ``period_end`` (datetime64, NaT when unusable) and ``problem`` (missing when usable).

    >>> parse_period("FY25", fiscal_year_start=7)[:2]
    (datetime.date(2024, 7, 1), datetime.date(2025, 6, 30))
    >>> parse_period("2025", bare_year="FY") == parse_period("FY 2025"), parse_period("2024-25").problem
    (True, 'ambiguous_range')
    >>> parse_period("01/01/2025-01/31/2025") == parse_period("2025-01-01 to 2025-01-31") == parse_period("Jan 2025")
    True
    >>> parse_period("45658", excel_dates=True).start, parse_period("10/15/2024 3:05 PM").start
    (datetime.date(2025, 1, 1), datetime.date(2024, 10, 15))

    >>> parse_period("Oct 2024")
    PeriodResult(start=datetime.date(2024, 10, 1), end=datetime.date(2024, 10, 31), problem=None)
    >>> parse_period("FY 2025") == parse_period("2024-10-01..2025-09-30") == parse_period("Oct 2024 - Sep 2025")
    True
    >>> parse_period("10/2024") == parse_period("2024-10") == parse_period("October 2024")
    True
    >>> parse_period("sometime").problem
    'unparseable'
    """
    options = _period_options(fiscal_year_start, bare_year, excel_dates)
    if not _is_array(value):
        return _period_cached(value, options) if isinstance(value, str) else _period_scalar(value, *options)
    frame = _map_to_frame(value, lambda v: _period_scalar(v, *options), ["period_start", "period_end", "problem"])
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    return frame.astype({"problem": "str"})
