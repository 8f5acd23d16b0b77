"""Load the sourced tables in ``data/raw/`` with explicit dtypes, validate them, and keep every number's source.

Each loader returns a DataFrame whose numbers sit beside the id of their source (``source_id`` and friends, all
resolving to a row of ``sources.csv``) and, where a table holds figures, their ``kind`` (``published`` for
everything in ``data/raw/``). Missing facts stay missing (``<NA>``); nothing is filled in.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.paths import raw_dir, relative_to_root

KINDS = ["derived", "modelled", "published", "synthetic"]
BLOCK_STATUSES = ["blocked", "in progress", "no report", "not blocked (as reported)", "unclear"]
DL_STATUSES = ["not listed", "yes"]
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
        "url": _str_col(checks=pa.Check.str_matches(r"^https?://")),
        "published": _str_col(nullable=True, checks=pa.Check.str_matches(_DATE)),
        "accessed": _str_col(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "note": _str_col(nullable=True),
    },
    strict=True,
)


def load_sources() -> pd.DataFrame:
    """Every source, one row each: ``source_id``, ``title``, ``publisher``, ``url``, ``published`` (as precise as
    the source gives it: day, month or year), ``accessed``, ``note``.

    >>> load_sources().set_index("source_id").loc["wyden-press-release-2025-11-12", "published"]
    '2025-11-12'
    """
    frame = _read("sources.csv", {c: "str" for c in _SOURCES_SCHEMA.columns})
    return _validate(_SOURCES_SCHEMA, frame, "sources.csv")


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
        "dl_source_id": _str_col(nullable=True),
        "nlets_ice_block": _str_col(checks=pa.Check.isin(BLOCK_STATUSES)),
        "blocked_per_nlets_oct_2025": pa.Column("bool", coerce=True),
        "block_effective_date": pa.Column("datetime64[us]", nullable=True, coerce=True),
        "block_status_as_of": pa.Column("datetime64[us]", nullable=True, coerce=True),
        "block_source_id": _str_col(nullable=True),
        "governor_letter_2025_11_12": pa.Column("bool", coerce=True),
        "letter_source_id": _str_col(nullable=True),
        "codes_source_id": _str_col(),
        "note": _str_col(nullable=True),
    },
    checks=[
        pa.Check(lambda df: df["blocked_per_nlets_oct_2025"] <= (df["nlets_ice_block"] == "blocked"),
                 error="a state Nlets named as blocking is recorded as blocked"),
        pa.Check(lambda df: df["governor_letter_2025_11_12"] <= df["letter_source_id"].notna(),
                 error="every letter recipient has a letter source"),
        pa.Check(lambda df: (df["dl_regardless_of_status"] != "yes") | df["dl_since"].notna(),
                 error="every licence-for-all state has a start date"),
    ],
    strict=True,
)

_BOOL_TEXT = {"true": True, "false": False}


def load_states() -> pd.DataFrame:
    """The 50 states, DC, Puerto Rico and the four island areas: codes, population with its vintage, licence policy,
    ICE-block status for Nlets DMV queries, and the 2025-11-12 letters, each fact beside its source id.

    ``block_effective_date`` is empty where no start date is published (IL, MA, MN); ``dl_since`` keeps the
    precision of the source (a year for WA, NM and UT).

    >>> states = load_states().set_index("usps")
    >>> sorted(states.index[states["blocked_per_nlets_oct_2025"]])
    ['IL', 'MA', 'MN', 'NY']
    """
    frame = _read("states.csv", {c: "str" for c in _STATES_SCHEMA.columns})
    for column in ("blocked_per_nlets_oct_2025", "governor_letter_2025_11_12"):
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
        ["population_source_id", "dl_source_id", "block_source_id", "letter_source_id", "codes_source_id"],
        "states.csv",
    )
    return frame


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


def citation(source_id: str) -> str:
    """A full citation for one source, as printed under figures and in the manifest.

    >>> citation("reuters-2025-11-12").startswith("Reuters")
    True
    """
    sources = load_sources().set_index("source_id")
    if source_id not in sources.index:
        raise KeyError(f"unknown source id {source_id!r} (not in data/raw/sources.csv)")
    s = sources.loc[source_id]
    published = f", {s['published']}" if pd.notna(s["published"]) else ", date not stated"
    return f"{s['publisher']}: \u201c{s['title']}\u201d{published}. {s['url']} (accessed {s['accessed']})"


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
