"""``tables/citable_numbers.csv`` and ``.xlsx``: the citable-number rows (:class:`CitableNumber`), made, written per
notebook (headline numbers first) and read back for the site."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.paths import tables_dir
from analysis.publish.export_checks import (
    BOUNDS,
    ExportError,
    check_kinds,
    cited_sources,
    notebook_path,
    plain_value,
    require_citable_sources,
)
from analysis.publish.export_tables import write_report_xlsx
from analysis.publish.manifest import file_record, locked_reports_dir, upsert_entries, write_report_csv
from analysis.safe_csv import read_csv
from analysis.sources.citations import citation
from analysis.sources.tables import KINDS, address, load_sources, split_ids

CITABLE_NAME = "citable_numbers"
CITABLE_COLUMNS = [
    "id", "notebook", "value", "formatted_value", "unit", "period", "bound", "kind", "sentence", "sentence_es",
    "source_ids", "short_citation", "url", "citations",
]
CITABLE_DESCRIPTIONS = {
    "id": "stable identifier of the number, e.g. ice-queries",
    "notebook": "the notebook that computed it",
    "value": "the number at full precision (fractions for shares), or an ISO date",
    "formatted_value": "the number as printed in the sentence, rounded in the safe direction for its bound",
    "unit": "what the value counts, in plain words (e.g. DMV queries; share of U.S. residents (fraction))",
    "period": "the period the number covers, 'YYYY-MM-DD to YYYY-MM-DD', or the one day (or month) it stands on",
    "bound": "exact, at least (a floor), at most (a ceiling) or approximate",
    "kind": "published (as disclosed), derived (arithmetic on published numbers), modelled or synthetic",
    "sentence": "a sentence a reporter can paste, generated from the value",
    "sentence_es": "the same sentence in Spanish (es-US), from the same values: same numbers, same bound",
    "source_ids": "ids in data/raw/sources.csv, separated by ';'",
    "short_citation": "publisher and publication date of the principal source, e.g. for a credit line",
    "url": "the principal source's original address, or the copy read where the original was not established",
    "citations": "full citation of each source, separated by ' | '",
}

# The story kit: the citable ids of the headline facts, in the order a reporter reads them; the tables list them
# first, then published, derived and modelled numbers.
KIT_IDS = ["total-queries", "ice-queries", "hsi-queries", "agencies-with-access", "states-sharing-licence-photos",
           "states-nlets-knew-to-block-ice", "governors-sent-letters"]
KIND_ORDER = {"published": 0, "derived": 1, "modelled": 2, "synthetic": 3}
# The workbook: what a desk reads first, the sentence, then the number with its unit and period, then its sources.
XLSX_COLUMNS = {  # column -> width in characters
    "id": 30, "sentence": 80, "formatted_value": 16, "value": 16, "unit": 30, "period": 25, "bound": 12, "kind": 11,
    "short_citation": 40, "url": 50, "sentence_es": 80, "notebook": 34, "source_ids": 40,
}

Value = int | float | str
_DAY = r"\d{4}(?:-\d{2}){0,2}"
_PERIOD = re.compile(rf"^(?:{_DAY}(?: to {_DAY})?)?$")
_INTEGER = re.compile(r"^-?\d+$")


@dataclass(frozen=True, kw_only=True)
class CitableNumber:
    """One key number with the sentence a reporter can paste, its unit, period, bound, kind and sources.

    ``source_ids`` may be given as a list or a ``;``-joined string; it is kept as a tuple, principal source first
    unless ``short_citation`` and ``url`` name another. A bad row fails here, with a message naming its id:

    >>> CitableNumber(id="x", value=1, formatted_value="1", bound="roughly", kind="derived", sentence="s",
    ...               sentence_es="s", source_ids="a")
    Traceback (most recent call last):
    ...
    analysis.publish.export_checks.ExportError: citable number 'x': bound 'roughly' is not one of ('exact', 'at least', 'at most', 'approximate')
    """

    id: str
    notebook: str = ""
    value: Value
    formatted_value: str
    unit: str = ""
    period: str = ""
    bound: str
    kind: str
    sentence: str
    sentence_es: str
    source_ids: tuple[str, ...]
    short_citation: str = ""
    url: str = ""
    citations: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise ExportError(f"a citable number needs an id (got {self.id!r})")
        what = f"citable number {self.id!r}"
        ids = self.source_ids
        if isinstance(ids, str):
            ids = ids.split(";")
        object.__setattr__(self, "source_ids", tuple(str(s) for s in ids if s))
        object.__setattr__(self, "value", plain_value(self.value))
        if self.value is None or self.value == "":
            raise ExportError(f"{what}: no value")
        for name in ("sentence", "sentence_es", "formatted_value"):
            text = getattr(self, name)
            if not isinstance(text, str) or not text.strip():
                raise ExportError(f"{what}: empty {name}")
        if self.bound not in BOUNDS:
            raise ExportError(f"{what}: bound {self.bound!r} is not one of {BOUNDS}")
        if self.kind not in KINDS:
            raise ExportError(f"{what}: kind {self.kind!r} is not one of {KINDS}")
        if not self.source_ids:
            raise ExportError(f"{what}: no source ids")
        if not _PERIOD.match(self.period):
            raise ExportError(f"{what}: period {self.period!r} is not 'YYYY-MM-DD to YYYY-MM-DD' or one date")


def period_text(start: Any, end: Any = None) -> str:
    """A period as :attr:`CitableNumber.period` records it: ISO dates, ``start to end``, or the one date when the
    number stands on a day (or when both are the same); a date given as text keeps its precision.

    >>> period_text(pd.Timestamp("2024-10-01"), "2025-09-30"), period_text("2025-11-12"), period_text("2025-10")
    ('2024-10-01 to 2025-09-30', '2025-11-12', '2025-10')
    """
    def iso(value: Any) -> str:
        return f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else str(value)

    first = iso(start)
    last = "" if end is None or pd.isna(end) else iso(end)
    return first if not last or last == first else f"{first} to {last}"


def short_citation(source_id: str) -> tuple[str, str]:
    """``Publisher, date`` (the date as precise as ``data/raw/sources.csv`` gives it) and the original URL of one
    source.

    >>> short_citation("wyden-press-release-2025-11-12")[0]
    'Office of U.S. Senator Ron Wyden, 2025-11-12'
    """
    sources = load_sources().set_index("source_id")
    if source_id not in sources.index:
        raise ExportError(f"unknown source id {source_id!r} (not in data/raw/sources.csv)")
    s = sources.loc[source_id]
    published = s["published"] if pd.notna(s["published"]) else "undated"
    return f"{s['publisher']}, {published}", address(s["url"], s["copy_url"])


def with_citations(row: CitableNumber, principal: str | None = None) -> CitableNumber:
    """``row`` with the full citation of each of its sources, and the short citation and URL of its principal source:
    ``principal`` when the row cites it, else the one ``row`` already names, else its first source."""
    try:
        citations = " | ".join(citation(s) for s in row.source_ids)
    except KeyError as exc:
        raise ExportError(f"citable number {row.id!r}: {exc.args[0]}") from None
    if principal in row.source_ids or not row.short_citation:
        short, url = short_citation(principal if principal in row.source_ids else row.source_ids[0])
    else:
        short, url = row.short_citation, row.url
    return replace(row, citations=citations, short_citation=short, url=url)


def citable_number(*, principal: str | None = None, **fields: Any) -> CitableNumber:
    """A :class:`CitableNumber` from ``fields``, cited from ``data/raw/sources.csv`` (see :func:`with_citations`).

    >>> row = citable_number(id="ice-queries", value=292114, formatted_value="292,114", unit="DMV queries",
    ...     period="2024-10-01 to 2025-09-30", bound="exact", kind="published", sentence="ICE ran 292,114.",
    ...     sentence_es="ICE hizo 292,114.", source_ids="wyden-press-release-2025-11-12;reuters-2025-11-12")
    >>> row.short_citation, row.url.startswith("https://"), row.citations.count(" | ")
    ('Office of U.S. Senator Ron Wyden, 2025-11-12', True, 1)
    """
    return with_citations(CitableNumber(**fields), principal)


def value_text(value: Any) -> str:
    """A citable value as a person reads it: whole numbers without a decimal point, other numbers in full.

    >>> [value_text(v) for v in (292114, 292114.0, 0.134, "2025-11-18", None)]
    ['292114', '292114', '0.134', '2025-11-18', '']
    """
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    return repr(float(value))


def parse_value(text: str) -> Value:
    """A value as :func:`value_text` wrote it: an int when written as a whole number, else a float, else the text
    (a date).

    >>> [parse_value(t) for t in ("292114", "0.13372756593484772", "1e-05", "2025-11-18")]
    [292114, 0.13372756593484772, 1e-05, '2025-11-18']
    """
    if _INTEGER.match(text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def headline_order(rows: Iterable[CitableNumber]) -> list[CitableNumber]:
    """Headline numbers first (story-kit order, :data:`KIT_IDS`), then published, derived and modelled ones, by id.

    >>> rows = [CitableNumber(id=i, value=1, formatted_value="1", bound="exact", kind=k, sentence="s",
    ...     sentence_es="s", source_ids="a") for i, k in (("a", "modelled"), ("b", "published"), ("ice-queries",
    ...     "published"), ("total-queries", "published"))]
    >>> [r.id for r in headline_order(rows)]
    ['total-queries', 'ice-queries', 'b', 'a']
    """
    rank = {id_: i for i, id_ in enumerate(KIT_IDS)}
    return sorted(rows, key=lambda r: (rank.get(r.id, len(rank)), KIND_ORDER.get(r.kind, 9), r.id))


def citable_workbook(rows: Sequence[CitableNumber], path: Path) -> Path:
    """Write the rows as an Excel workbook (``citable_numbers.xlsx``) in :func:`headline_order`: the columns of
    :data:`XLSX_COLUMNS` (sentence, number, unit, period, bound, kind, short citation and URL; the full citations are
    in the CSV), values as numbers where they are numbers, every text cell a string."""
    records = [{**asdict(r), "source_ids": ";".join(r.source_ids)} for r in headline_order(rows)]
    frame = pd.DataFrame(records, columns=list(XLSX_COLUMNS))
    return write_report_xlsx(frame, path, widths=XLSX_COLUMNS, sheet="citable numbers",
                             wrap=("sentence", "sentence_es", "unit", "short_citation", "source_ids"))


def citable_frame(rows: Iterable[CitableNumber]) -> pd.DataFrame:
    """The rows as the CSV holds them, one column per field in :data:`CITABLE_COLUMNS`, all text (values as
    :func:`value_text` writes them, source ids joined by ``;``): for writing, and for showing in a notebook."""
    records = [{**asdict(r), "value": value_text(r.value), "source_ids": ";".join(r.source_ids)} for r in rows]
    return pd.DataFrame(records, columns=CITABLE_COLUMNS).astype(str)


def _read_rows(path: Path) -> list[CitableNumber]:
    # Through the project's reader, which removes the "'" that guards text cells starting like a formula. A table
    # written before unit, period, short_citation and url existed is read with those fields empty.
    frame = read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for record in frame.to_dict("records"):
        fields = {c: record.get(c, "") for c in CITABLE_COLUMNS}
        rows.append(CitableNumber(**{**fields, "value": parse_value(fields["value"])}))
    return rows


def read_citable(reports: Path) -> list[CitableNumber]:
    """The rows of ``reports/tables/citable_numbers.csv`` exactly as written (see :func:`parse_value`), for the
    site's pages; none when it is missing."""
    path = reports / "tables" / f"{CITABLE_NAME}.csv"
    return _read_rows(path) if path.exists() else []


def write_citable_numbers(rows: Sequence[CitableNumber], notebook: str) -> list[CitableNumber]:
    """Replace ``notebook``'s rows in ``tables/citable_numbers.csv`` and ``.xlsx`` (other notebooks' rows are kept),
    headline numbers first (:func:`headline_order`), update the manifest's ``citable-numbers`` entry, and return
    ``notebook``'s rows as written, sorted by id.

    Each row's ``citations`` are filled in from ``data/raw/sources.csv`` (and its short citation and URL from its
    first source when it has none); its sources must be citable ones (no weak tier).
    """
    notebook = notebook_path(notebook)
    new = sorted((with_citations(replace(r, notebook=notebook)) for r in rows), key=lambda r: r.id)
    ids = [r.id for r in new]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ExportError(f"duplicate citable-number ids: {duplicated}")
    check_kinds(r.kind for r in new)
    for r in new:
        require_citable_sources(list(r.source_ids), f"citable number {r.id}")

    path = tables_dir() / f"{CITABLE_NAME}.csv"
    with locked_reports_dir():
        old = [r for r in _read_rows(path) if r.notebook != notebook] if path.exists() else []
        clash = sorted({r.id for r in old} & set(ids))
        if clash:
            raise ExportError(f"citable-number ids {clash} already belong to another notebook")
        table = headline_order([*old, *new])
        write_report_csv(citable_frame(table), path)
        workbook = citable_workbook(table, path.with_suffix(".xlsx"))

    source_ids, sources = cited_sources(split_ids(*(r.source_ids for r in table)))
    entry = {
        "name": "citable-numbers",
        "type": "citable-numbers",
        "title": "Citable numbers: one row per key number, with the sentence a reporter can paste",
        "alt_text": "",
        "alt_text_es": "",
        "description": "Each number's value with its unit and period, formatting, bound (exact / at least / at most), "
                       "kind (published / derived / modelled), a ready-to-paste sentence, and its sources: the "
                       "principal one's short citation and address, and the full citation of each.",
        "files": [file_record(path, "data"), file_record(workbook, "data")],
        "key_numbers": [],
        "source_ids": source_ids,
        "sources": sources,
        "kinds": sorted({r.kind for r in table}),
        "bounds_note": "'at least' and 'at most' rows are bounds, not exact values: derived from a published floor, "
                       "or modelled on an assumption that can only overstate (the row's sentence says which).",
        "notebook": None,
        "notebooks": sorted({r.notebook for r in table}),
        "columns": [{"name": c, "description": CITABLE_DESCRIPTIONS[c]} for c in CITABLE_COLUMNS],
    }
    upsert_entries([entry])
    return new
