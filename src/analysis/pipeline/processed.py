"""Rebuild ``data/processed/`` from ``data/raw/``: typed, validated tables as CSV and Parquet, described by a
Frictionless ``datapackage.json`` so they load in other tools without this library.

Every file is written deterministically: same input, same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.findings.breakdown import breakdown_table
from analysis.sources import tables as sources
from analysis.sources.tables import split_ids
from analysis.paths import processed_dir
from analysis.safe_csv import write_csv

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (this compilation; each source keeps its own terms)",
}


@dataclass(frozen=True)
class Table:
    """One processed table: how to make it and what its columns mean (``{column: (description, unit)}``)."""

    name: str
    title: str
    description: str
    make: Callable[[], pd.DataFrame]
    fields: dict[str, tuple[str, str | None]]
    source_columns: tuple[str, ...] = ("source_id",)


def _breakdown() -> pd.DataFrame:
    return breakdown_table()


TABLES: list[Table] = [
    Table(
        "sources",
        "Sources",
        "Every source a number in this package comes from.",
        sources.load_sources,
        {
            "source_id": ("Short id referenced by the other tables", None),
            "title": ("Title as given by the source", None),
            "publisher": ("Publisher (mirrors and republications named here)", None),
            "tier": ("primary / press / reference / weak: figures, credit lines and citable sentences rest on the "
                     "first three only", None),
            "url": ("Original publisher's address, where it could be established", None),
            "copy_url": ("Address of the copy that was read (a mirror or republication where the original was not "
                         "available)", None),
            "published": ("Publication date as precise as known (YYYY-MM-DD, YYYY-MM or YYYY)", None),
            "accessed": ("Date the source was transcribed", None),
            "note": ("What the source covers and its limits", None),
        },
        source_columns=(),
    ),
    Table(
        "disclosure_figures",
        "October 2025 Nlets disclosure figures",
        "Headline figures Nlets gave Congress in October 2025, as quoted in the 2025-11-12 letters. Empty value = not "
        "published. 'over 290 million' is a lower bound.",
        sources.load_disclosure_figures,
        {
            "figure_id": ("Stable id", None),
            "metric": ("What is counted", None),
            "value": ("The figure as published; empty when it was not published", "see unit"),
            "unit": ("Unit of value", None),
            "qualifier": ("The source's own hedge (over, exact, nearly, ...)", None),
            "period_start": ("First day of the period the figure covers", None),
            "period_end": ("Last day of the period the figure covers", None),
            "as_of": ("Date, month or year a point-in-time figure describes", None),
            "kind": ("published / derived / modelled / synthetic", None),
            "source_id": ("Source, see sources table", None),
            "confidence": ("high / medium / low", None),
            "note": ("Caveats; NOT FOUND marks a figure looked for and not published", None),
            "bound": ("How the published figure bounds the true value: exact, at least, approximate", None),
        },
    ),
    Table(
        "states",
        "States and territories",
        "50 states, DC, Puerto Rico and four island areas: population, licence policy and the 2025-11-12 letters, each "
        "fact with its source id. ICE's access to each one's records is in the ice_access_events table.",
        sources.load_states,
        {
            "usps": ("USPS code", None),
            "name": ("Name", None),
            "fips": ("Census/ANSI FIPS state code", None),
            "jurisdiction_type": ("state, district or territory", None),
            "population": ("Resident population", "persons"),
            "population_date": ("Reference date of the population figure", None),
            "population_vintage": ("Estimate or census the population comes from", None),
            "population_source_id": ("Source of population", None),
            "dl_regardless_of_status": ("Issues driver's licences regardless of immigration status: yes / not listed / empty = not researched", None),
            "dl_since": ("When that policy took effect (date, month or year, as published)", None),
            "dl_since_meaning": ("What dl_since is: law effective, programme start, law signed, first licensed", None),
            "dl_source_id": ("Source of the licence policy", None),
            "governor_letter_2025_11_12": ("Governor received the lawmakers' letter of 2025-11-12", None),
            "letter_source_id": ("Source of the letter list", None),
            "codes_source_id": ("Source of codes and names", None),
            "note": ("Caveats", None),
        },
        source_columns=("population_source_id", "dl_source_id", "letter_source_id", "codes_source_id"),
    ),
    Table(
        "ice_access_events",
        "ICE access to state DMV records: dated events",
        "One row per dated event per jurisdiction (law or rule effective, block ordered, applied or reported, Nlets "
        "naming a state, the letters reporting a state open, access restored, context that is not a DMV block), with "
        "what each date means and how precise it is. Status on any day is derived from these rows; after the last "
        "report it is unknown.",
        sources.load_ice_access_events,
        {
            "event_id": ("Stable id", None),
            "jurisdiction": ("USPS code", None),
            "event": ("What happened, as the source says it", None),
            "date": ("Date as precise as the source (YYYY-MM-DD, YYYY-MM or YYYY)", None),
            "date_precision": ("day / month / year", None),
            "date_meaning": ("What the date is: law effective, rule effective, ordered, applied, reported by", None),
            "agencies": ("Agencies concerned (ICE, HSI, CBP), separated by ';'", None),
            "system": ("Channel: Nlets, direct DMV access, all DMV records by law, or a state system", None),
            "source_id": ("Source, see sources table", None),
            "confidence": ("high / medium / low", None),
            "note": ("The source's words and what the event does not say", None),
            "start": ("First day the date can mean", None),
            "tier": ("Tier of the source: an event on a weak source is unconfirmed and changes no status", None),
        },
    ),
    Table(
        "state_level_figures",
        "State-level figures",
        "State-level DMV-query figures published outside the national disclosure; scope says which concern Nlets.",
        sources.load_state_level_figures,
        {
            "figure_id": ("Stable id", None),
            "state": ("USPS code of the state the figure concerns", None),
            "metric": ("What is counted", None),
            "value": ("The figure as published; empty when not published", "see unit"),
            "unit": ("Unit of value", None),
            "qualifier": ("The source's own hedge", None),
            "period_start": ("Start of the period, as precise as published", None),
            "period_end": ("End of the period, as precise as published", None),
            "scope": ("in scope (Nlets/DMV queries) or out of scope: why", None),
            "kind": ("published / derived / modelled / synthetic", None),
            "source_id": ("Source, see sources table", None),
            "confidence": ("high / medium / low", None),
            "note": ("Caveats", None),
        },
    ),
    Table(
        "breakdown",
        "Breakdown of Nlets DMV queries by requester group",
        "ICE, HSI, ICE + HSI, all other requesters and the total, Oct 2024 - Sep 2025: counts, shares, rates, with kind "
        "and bound. The total is a lower bound, so 'other' is a lower bound and ICE/HSI shares are upper bounds.",
        _breakdown,
        {
            "group": ("Requester group", None),
            "count": ("DMV queries through Nlets in the period", "queries"),
            "bound": ("How count bounds the true value: exact, at least (a floor)", None),
            "kind": ("published (as disclosed) or derived (arithmetic on published counts)", None),
            "share_of_total": ("count / the published total", "fraction"),
            "share_bound": ("exact, or at most: a share of a total that is itself a floor is a ceiling", None),
            "per_10000": ("Queries per 10,000 DMV queries through Nlets", "queries per 10,000"),
            "one_in_n": ("One in this many DMV queries came from the group", "queries"),
            "one_in_n_bound": ("bound of one_in_n: exact, or at least (so 1 in N is at most the share)", None),
            "per_day": ("Average queries per day over the period", "queries per day"),
            "per_hour": ("Average queries per hour over the period", "queries per hour"),
            "period_start": ("First day of the period", None),
            "period_end": ("Last day of the period", None),
            "days": ("Days in the period, both ends included", "days"),
            "source_ids": ("Sources, see sources table; separated by ';'", None),
            "note": ("How the row was computed and what it does not say", None),
        },
        source_columns=(),
    ),
]


def _frictionless_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    return "string"


def _for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "true", False: "false"})
    return out


def _resource(table: Table, frame: pd.DataFrame, all_sources: pd.DataFrame) -> dict:
    fields = []
    for column in frame.columns:
        description, unit = table.fields.get(column, (column.replace("_", " "), None))
        field = {"name": column, "type": _frictionless_type(frame[column]), "description": description}
        if unit:
            field["unit"] = unit
        if field["type"] == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    used: set[str] = set()
    for column in table.source_columns:
        used |= set(frame[column].dropna())
    if "source_ids" in frame.columns:
        used |= set(split_ids(*frame["source_ids"]))
    cited = all_sources[all_sources["source_id"].isin(sorted(used))].sort_values("source_id")
    return {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": f"{table.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "missingValues": [""]},
        "sources": [{"title": s.title, "path": sources.address(s.url, s.copy_url)} for s in cited.itertuples()],
    }


def build_processed(out: Path | None = None) -> list[Path]:
    """Write every processed table (CSV + Parquet) and ``datapackage.json`` into ``out`` (default
    ``data/processed/``); return the files written, sorted."""
    out = out or processed_dir()
    out.mkdir(parents=True, exist_ok=True)
    all_sources = sources.load_sources()
    written, resources = [], []
    for table in TABLES:
        frame = table.make().reset_index(drop=True)
        csv_path, parquet_path = out / f"{table.name}.csv", out / f"{table.name}.parquet"
        write_csv(_for_csv(frame), csv_path)
        frame.to_parquet(parquet_path, index=False)
        resources.append(_resource(table, frame, all_sources))
        written += [csv_path, parquet_path]
    package = {
        "name": "nlets-dmv-queries",
        "title": "Nlets DMV queries: October 2025 disclosure, states and sources",
        "description": "Tables behind the nlets-analysis notebooks, rebuilt from data/raw by `nlets-analysis build`. "
        "Each number keeps its source id and its kind (published, derived, modelled).",
        "licenses": [LICENSE],
        "resources": resources,
    }
    package_path = out / "datapackage.json"
    package_path.write_text(json.dumps(package, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                            encoding="utf-8", newline="\n")
    return sorted([*written, package_path])
