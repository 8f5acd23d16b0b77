"""Load the sourced tables in ``data/raw/`` with explicit dtypes, validate them, and keep every number's source.

Each loader returns a DataFrame whose numbers sit beside the id of their source (``source_id`` and friends, all
resolving to a row of ``sources.csv``) and, where a table holds figures, their ``kind`` (``published`` for
everything in ``data/raw/``). Missing facts stay missing (``<NA>``); nothing is filled in.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.paths import raw_dir, relative_to_root
from analysis.sources.event_vocab import (AGENCIES, DATE_MEANINGS, DATE_PRECISIONS,  # noqa: F401 (re-exported)
                                          EVENTS, MONTH_PARTS, NATIONAL)

KINDS = ["derived", "modelled", "published", "supplied", "synthetic"]  # supplied: a user's own file
DL_STATUSES = ["not listed", "yes"]
DL_SINCE_MEANINGS = ["first licensed", "law effective", "law signed", "programme start"]
# Source tiers, strongest first. Figures, credit lines and citable sentences rest on CITABLE_TIERS only; a fact whose
# only source is ``weak`` appears in tables as unconfirmed, with its source, and nowhere else.
TIERS = ["primary", "press", "reference", "weak"]
CITABLE_TIERS = ("primary", "press", "reference")
# How a published qualifier bounds the true value.
_BOUND_OF_QUALIFIER = {
    "exact": "exact",
    "only": "exact",
    "over": "at least",
    "more than": "at least",
    "at least": "at least",
    "nearly": "approximate",
    "approximately": "approximate",
    "approximately (alleged)": "approximate",
    "year prior to 2025-10-01": "exact",
}
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # a full date, or a year-month, or a year as published


class RawDataError(ValueError):
    """A file in ``data/raw/`` does not match its checksum or its schema."""


def _fingerprint() -> tuple[object, ...]:
    """What every loader's result depends on: the raw folder and the bytes of its CSV files (70 KB, hashed in well
    under a millisecond)."""
    folder = raw_dir()
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    return (str(folder), *((p.name, hashlib.blake2b(p.read_bytes(), digest_size=16).digest()) for p in files))


def _memoised(loader: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
    """Parse and validate a raw table once per content of ``data/raw/``: a later call with the same bytes returns a
    copy of the validated frame, so no caller can change another's, and an edited file is read again."""
    memo: dict[tuple[object, ...], pd.DataFrame] = {}

    @functools.wraps(loader)
    def load() -> pd.DataFrame:
        key = _fingerprint()
        if key not in memo:
            if len(memo) >= 8:
                memo.clear()
            memo[key] = loader()
        return memo[key].copy()

    return load


def _read(name: str, dtypes: dict[str, str]) -> pd.DataFrame:
    path = raw_dir() / name
    frame = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""])
    missing = sorted(set(dtypes) - set(frame.columns))
    if missing:
        raise RawDataError(f"{relative_to_root(path)}: missing columns {missing}")
    return frame


def _validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, name: str) -> pd.DataFrame:
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "index", "failure_case"]].head(10)
        lines = [
            f"  row {int(r.index) + 2 if pd.notna(r.index) else '?'}, column {r.column}: {r.check} failed on {r.failure_case!r}"
            for r in cases.itertuples()
        ]
        raise RawDataError(f"data/raw/{name} fails its schema:\n" + "\n".join(lines)) from None


def _check_source_ids(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    known = set(load_sources()["source_id"])
    for column in columns:
        values = frame[column].dropna()
        bad = values[~values.isin(known)]
        if len(bad):
            row = int(bad.index[0]) + 2
            raise RawDataError(
                f"data/raw/{name}, row {row}, column {column}: source id {bad.iloc[0]!r} is not in sources.csv"
            )


def _str_col(nullable: bool = False, **kwargs: object) -> pa.Column:
    return pa.Column("str", nullable=nullable, coerce=True, **kwargs)


_SOURCES_SCHEMA = pa.DataFrameSchema(
    {
        "source_id": _str_col(unique=True, checks=pa.Check.str_matches(r"^[a-z0-9][a-z0-9.-]*$")),
        "title": _str_col(),
        "publisher": _str_col(),
        "tier": _str_col(checks=pa.Check.isin(TIERS)),
        "url": _str_col(nullable=True, checks=pa.Check.str_matches(r"^https?://")),
        "copy_url": _str_col(nullable=True, checks=pa.Check.str_matches(r"^https?://")),
        "published": _str_col(nullable=True, checks=pa.Check.str_matches(_DATE)),
        "accessed": _str_col(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "note": _str_col(nullable=True),
    },
    checks=[pa.Check(lambda df: df[["url", "copy_url"]].notna().all(axis=1) | df["note"].notna() & df[
        ["url", "copy_url"]].notna().any(axis=1), error="an empty url or copy_url: the other given, note says why")],
    strict=True,
)


@_memoised
def load_sources() -> pd.DataFrame:
    """Every source, one row each: ``source_id``, ``title``, ``publisher``, ``tier`` (primary, press, reference or
    weak), ``url`` (the original publisher's address), ``copy_url`` (the copy that was read), ``published`` (as
    precise as the source gives it: day, month or year), ``accessed``, ``note``.

    >>> load_sources().set_index("source_id").loc["wyden-press-release-2025-11-12", ["published", "tier"]].tolist()
    ['2025-11-12', 'primary']
    """
    frame = _read("sources.csv", {c: "str" for c in _SOURCES_SCHEMA.columns})
    return _validate(_SOURCES_SCHEMA, frame, "sources.csv")


def split_ids(*values: object) -> list[str]:
    """Source ids from ``;``-joined strings or lists, sorted and de-duplicated, skipping missing values: the one
    helper every table, figure and sentence uses to collect its sources.

    >>> split_ids("b;a", None, ["c", "a"], float("nan"))
    ['a', 'b', 'c']
    """
    found: set[str] = set()
    for value in values:
        if isinstance(value, str):
            found.update(v for v in value.split(";") if v)
        elif isinstance(value, (list, tuple, set)):
            found.update(split_ids(*value))
    return sorted(found)


def weak_source_ids(source_ids: object) -> list[str]:
    """The ids among ``source_ids`` whose tier is ``weak`` (a blog, newsletter, translation, AI-written site or
    unidentified mirror): they may stand beside a fact in a table, never under a figure or a citable sentence.

    >>> weak_source_ids(["seattlephi-2026-01", "reuters-2025-11-12"])
    ['seattlephi-2026-01']
    """
    tiers = load_sources().set_index("source_id")["tier"]
    return [s for s in split_ids(source_ids) if tiers.get(s) == "weak"]


def require_citable(source_ids: object, what: str) -> list[str]:
    """``source_ids`` as a sorted list, after checking that none is weak; raises naming ``what`` and the weak ids.

    >>> require_citable("reuters-2025-11-12", "a figure")
    ['reuters-2025-11-12']
    """
    weak = weak_source_ids(source_ids)
    if weak:
        raise RawDataError(f"{what} cites weak sources {weak}: figures, credit lines and citable sentences rest on "
                           "primary, press or reference sources only")
    return split_ids(source_ids)


_FIGURES_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": _str_col(unique=True, checks=pa.Check.str_matches(r"^F\d{2}$")),
        "metric": _str_col(unique=True),
        "value": pa.Column("Int64", nullable=True, coerce=True, checks=pa.Check.ge(0)),
        "unit": _str_col(),
        "qualifier": _str_col(nullable=True, checks=pa.Check.isin(sorted(_BOUND_OF_QUALIFIER))),
        "period_start": pa.Column("datetime64[us]", nullable=True, coerce=True),
        "period_end": pa.Column("datetime64[us]", nullable=True, coerce=True),
        "as_of": _str_col(nullable=True, checks=pa.Check.str_matches(_DATE)),
        "kind": _str_col(checks=pa.Check.isin(KINDS)),
        "source_id": _str_col(),
        "confidence": _str_col(checks=pa.Check.isin(["high", "low", "medium"])),
        "note": _str_col(nullable=True),
    },
    checks=[
        pa.Check(lambda df: (df["period_start"] <= df["period_end"]) | df["period_end"].isna(), error="period_start <= period_end"),
        pa.Check(lambda df: df["value"].notna() | df["note"].str.contains("NOT FOUND") | df["as_of"].notna(),
                 error="an empty value is explained (NOT FOUND) or dated"),
    ],
    strict=True,
)


@_memoised
def load_disclosure_figures() -> pd.DataFrame:
    """The headline figures of the October 2025 Nlets disclosure as published, plus a ``bound`` column read from the
    source's qualifier (``over`` → ``at least``). Figures that were never published have an empty ``value``.

    >>> figures = load_disclosure_figures().set_index("metric")
    >>> int(figures.loc["dmv_queries_via_nlets_by_ice", "value"]), figures.loc["dmv_queries_via_nlets_total", "bound"]
    (292114, 'at least')
    """
    frame = _read("disclosure_figures.csv", {c: "str" for c in _FIGURES_SCHEMA.columns})
    frame = _validate(_FIGURES_SCHEMA, frame, "disclosure_figures.csv")
    _check_source_ids(frame, ["source_id"], "disclosure_figures.csv")
    bound = frame["qualifier"].map(_BOUND_OF_QUALIFIER)
    return frame.assign(bound=bound.where(frame["value"].notna()))


def disclosure_value(metric: str) -> int:
    """One published disclosure figure by metric name; raises when it was not published.

    >>> disclosure_value("dmv_queries_via_nlets_by_hsi")
    605116
    """
    figures = load_disclosure_figures().set_index("metric")
    if metric not in figures.index:
        raise KeyError(f"data/raw/disclosure_figures.csv has no metric {metric!r}")
    value = figures.loc[metric, "value"]
    if pd.isna(value):
        raise ValueError(f"{metric} was not published (empty in data/raw/disclosure_figures.csv)")
    return int(value)


_STATES_SCHEMA = pa.DataFrameSchema(
    {
        "usps": _str_col(unique=True, checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
        "name": _str_col(unique=True),
        "fips": _str_col(unique=True, checks=[pa.Check.str_matches(r"^\d{2}$"),
                                              pa.Check(lambda s: s.astype(int).between(1, 78), element_wise=False,
                                                       error="FIPS state code in 01..78")]),
        "jurisdiction_type": _str_col(checks=pa.Check.isin(["district", "state", "territory"])),
        "population": pa.Column("Int64", coerce=True, checks=pa.Check.gt(0)),
        "population_date": pa.Column("datetime64[us]", coerce=True),
        "population_vintage": _str_col(),
        "population_source_id": _str_col(),
        "dl_regardless_of_status": _str_col(nullable=True, checks=pa.Check.isin(DL_STATUSES)),
        "dl_since": _str_col(nullable=True, checks=pa.Check.str_matches(_DATE)),
        "dl_since_meaning": _str_col(nullable=True, checks=pa.Check.isin(DL_SINCE_MEANINGS)),
        "dl_source_id": _str_col(nullable=True),
        "governor_letter_2025_11_12": pa.Column("bool", coerce=True),
        "letter_source_id": _str_col(nullable=True),
        "codes_source_id": _str_col(),
        "note": _str_col(nullable=True),
    },
    checks=[
        pa.Check(lambda df: df["governor_letter_2025_11_12"] <= df["letter_source_id"].notna(),
                 error="every letter recipient has a letter source"),
        pa.Check(lambda df: (df["dl_regardless_of_status"] != "yes") | df["dl_since"].notna(),
                 error="every licence-for-all state has a start date"),
        pa.Check(lambda df: df["dl_since"].isna() == df["dl_since_meaning"].isna(),
                 error="every licence start date says what it is (dl_since_meaning)"),
    ],
    strict=True,
)

_BOOL_TEXT = {"true": True, "false": False}


@_memoised
def load_states() -> pd.DataFrame:
    """The 50 states, DC, Puerto Rico and the four island areas: codes, population with its vintage, licence policy
    and the 2025-11-12 letters, each fact beside its source id. ICE's access to each one's records is a series of
    dated events: :func:`load_ice_access_events`.

    ``dl_since`` keeps the precision of the source (a year for WA, NM and UT).

    >>> states = load_states().set_index("usps")
    >>> int(states["governor_letter_2025_11_12"].sum()), len(states)
    (19, 56)
    """
    frame = _read("states.csv", {c: "str" for c in _STATES_SCHEMA.columns})
    for column in ("governor_letter_2025_11_12",):
        unknown = frame.loc[~frame[column].isin(list(_BOOL_TEXT)), column]
        if len(unknown):
            raise RawDataError(
                f"data/raw/states.csv, row {int(unknown.index[0]) + 2}, column {column}: expected true/false, "
                f"found {unknown.iloc[0]!r}"
            )
        frame[column] = frame[column].map(_BOOL_TEXT).astype(bool)
    frame = _validate(_STATES_SCHEMA, frame, "states.csv")
    _check_source_ids(
        frame,
        ["population_source_id", "dl_source_id", "letter_source_id", "codes_source_id"],
        "states.csv",
    )
    return frame


_EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "event_id": _str_col(unique=True, checks=pa.Check.str_matches(r"^E\d{2,3}$")),
        "jurisdiction": _str_col(checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
        "event": _str_col(checks=pa.Check.isin(EVENTS)),
        "date": _str_col(checks=pa.Check.str_matches(_DATE)),
        "date_precision": _str_col(checks=pa.Check.isin(DATE_PRECISIONS)),
        "month_part": _str_col(nullable=True, checks=pa.Check.isin(MONTH_PARTS)),
        "date_meaning": _str_col(checks=pa.Check.isin(DATE_MEANINGS)),
        "agencies": _str_col(checks=pa.Check.str_matches(rf"^({'|'.join(AGENCIES)})(;({'|'.join(AGENCIES)}))*$")),
        "system": _str_col(),
        "source_id": _str_col(),
        "confidence": _str_col(checks=pa.Check.isin(["high", "low", "medium"])),
        "note": _str_col(nullable=True),
    },
    checks=[
        pa.Check(lambda df: df["date"].str.len().map({10: "day", 7: "month", 4: "year"}) == df["date_precision"],
                 error="date_precision matches the date as written (YYYY-MM-DD day, YYYY-MM month, YYYY year)"),
        pa.Check(lambda df: df["month_part"].isna() | df["date_precision"].eq("month"),
                 error="month_part (early, mid, late) only with a month-precise date"),
    ],
    strict=True,
)


@_memoised
def load_ice_access_events() -> pd.DataFrame:
    """ICE's (and HSI's, CBP's) access to each jurisdiction's DMV records as dated events, one row each: a law or
    rule taking effect, a block ordered, applied or reported, Nlets naming a state, the 2025-11-12 letters reporting
    a state open, access restored to an agency, and context that is *not* a DMV block (a state switch such as
    CLETS, a licence-plate-reader law). ``date`` keeps the source's precision (``date_precision``) and says what it
    is (``date_meaning``); ``start`` is its first day as a timestamp. Every row has its ``source_id`` and that
    source's ``tier``: an event resting on a ``weak`` source is unconfirmed and changes no status; and that source's
    publication date (``source_published``, ``""`` when not stated): the date of the report of an event dated by
    what happened (:func:`analysis.sources.ice_access.report_date`).

    >>> events = load_ice_access_events()
    >>> sorted(events.loc[events["event"] == "named_by_nlets", "jurisdiction"])
    ['IL', 'MA', 'MN', 'NY']
    """
    frame = _read("ice_access_events.csv", {c: "str" for c in _EVENTS_SCHEMA.columns})
    frame = _validate(_EVENTS_SCHEMA, frame, "ice_access_events.csv")
    _check_source_ids(frame, ["source_id"], "ice_access_events.csv")
    known = {*load_states()["usps"], NATIONAL} if (raw_dir() / "states.csv").exists() else {NATIONAL}
    unknown = frame.loc[~frame["jurisdiction"].isin(known), "jurisdiction"]
    if len(unknown):
        raise RawDataError(f"data/raw/ice_access_events.csv, row {int(unknown.index[0]) + 2}, column jurisdiction: "
                           f"{unknown.iloc[0]!r} is neither a row of states.csv nor {NATIONAL} (every jurisdiction)")
    sources = load_sources().set_index("source_id")
    published = sources["published"].astype("object").where(sources["published"].notna(), "")
    return frame.assign(start=pd.to_datetime(frame["date"], format="ISO8601"),
                        tier=frame["source_id"].map(sources["tier"]).astype("str"),
                        source_published=frame["source_id"].map(published).astype("str"))


_STATE_FIGURES_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": _str_col(unique=True, checks=pa.Check.str_matches(r"^S\d{2}$")),
        "state": _str_col(nullable=True, checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
        "metric": _str_col(),
        "value": pa.Column("Int64", nullable=True, coerce=True, checks=pa.Check.ge(0)),
        "unit": _str_col(),
        "qualifier": _str_col(nullable=True),
        "period_start": _str_col(nullable=True, checks=pa.Check.str_matches(_DATE)),
        "period_end": _str_col(nullable=True, checks=pa.Check.str_matches(_DATE)),
        "scope": _str_col(checks=pa.Check.str_matches(r"^(in scope|out of scope: .+)$")),
        "kind": _str_col(checks=pa.Check.isin(KINDS)),
        "source_id": _str_col(),
        "confidence": _str_col(checks=pa.Check.isin(["high", "low", "medium"])),
        "note": _str_col(nullable=True),
    },
    strict=True,
)


@_memoised
def load_state_level_figures() -> pd.DataFrame:
    """State-level DMV-query figures published outside the national disclosure, each with its ``scope``: ``in
    scope`` for Nlets/DMV queries, ``out of scope: <why>`` for other systems (DAPS, licence-plate readers, …).

    >>> figures = load_state_level_figures().set_index("figure_id")
    >>> int(figures.loc["S01", "value"]), figures.loc["S01", "state"]
    (2671776, 'WA')
    """
    frame = _read("state_level_figures.csv", {c: "str" for c in _STATE_FIGURES_SCHEMA.columns})
    frame = _validate(_STATE_FIGURES_SCHEMA, frame, "state_level_figures.csv")
    _check_source_ids(frame, ["source_id"], "state_level_figures.csv")
    return frame


def address(url: object, copy_url: object) -> str:
    """The address to link for a source: its original publisher's, else the copy that was read.
    >>> address("https://a.example/x", "https://b.example/x"), address(None, "https://b.example/x")
    ('https://a.example/x', 'https://b.example/x')
    """
    return str(url) if isinstance(url, str) and url else str(copy_url) if isinstance(copy_url, str) else ""


# ---- checksums -------------------------------------------------------------------------------------------------

CHECKSUM_FILE = "SHA256SUMS"


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_checksums(folder: Path | None = None) -> list[str]:
    """Check every file in ``data/raw/`` against ``SHA256SUMS``; return the files checked.

    Raises :class:`RawDataError` naming each file that changed, is missing, or is not listed.
    """
    folder = folder or raw_dir()
    listed: dict[str, str] = {}
    for line in (folder / CHECKSUM_FILE).read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            listed[name.lstrip("*")] = digest
    present = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != CHECKSUM_FILE)
    problems = [f"{name}: not listed in {CHECKSUM_FILE}" for name in present if name not in listed]
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.exists():
            problems.append(f"{name}: listed in {CHECKSUM_FILE} but missing")
        elif sha256_of(path) != digest:
            problems.append(f"{name}: differs from its checksum (raw data is immutable; add new files instead)")
    if problems:
        raise RawDataError(f"{relative_to_root(folder)}/{CHECKSUM_FILE}:\n  " + "\n  ".join(problems))
    return present
