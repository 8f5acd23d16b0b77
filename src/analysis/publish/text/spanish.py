"""Spanish (es-US) wording for the citable sentences, the story kit and the state pages, written for this package
and filled from the same computed values as the English (never a machine translation of the English text); the
words themselves are in the site's message catalog.

Number format: as U.S. Spanish-language outlets print it (Univision: "cerca de 6,000 inmigrantes"), a comma for
thousands and a point for decimals, so every number reads the same in both languages; "millones" for millions.
Dates in words ("12 de noviembre de 2025"), as those outlets write them. Both are Babel's es_US formats
(:mod:`analysis.publish.i18n`).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.publish.i18n import NC_, format_date, format_number, gettext, translate

# The words of a bound before a number (their Spanish in the catalog, msgctxt "bound-words"); "exact" has none.
BOUND_WORDS = {"at least": NC_("bound-words", "at least"), "at most": NC_("bound-words", "at most"),
               "approximate": NC_("bound-words", "approximate")}


def fecha(value: str | pd.Timestamp) -> str:
    """A date in Spanish words, as precise as written (Babel's es_US long format, through
    :func:`analysis.publish.i18n.format_date`).

    >>> fecha("2025-11-12"), fecha("2026-02"), fecha("2025"), fecha(pd.Timestamp("2025-09-01"))
    ('12 de noviembre de 2025', 'febrero de 2026', '2025', '1 de septiembre de 2025')
    """
    return format_date(f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else str(value), "es")


def periodo(start: str | pd.Timestamp, end: str | pd.Timestamp) -> str:
    """A period in Spanish words, as U.S. Spanish-language outlets write it.

    >>> periodo("2024-10-01", "2025-09-30")
    'del 1 de octubre de 2024 al 30 de septiembre de 2025'
    """
    return translate("date-period", NC_("date-period", "from %(start)s to %(end)s"), "es") % {
        "start": fecha(start), "end": fecha(end)}


def lista(items: list[str]) -> str:
    """'A', 'A y B', 'A, B y C' (no serial comma, as in Spanish).

    >>> lista([]), lista(["A"]), lista(["A", "B", "C"])
    ('', 'A', 'A, B y C')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {translate('list', NC_('list', 'and'), 'es')} {items[-1]}"


def numero(n: int) -> str:
    """Whole numbers as Spanish-language U.S. outlets print them: words for one to nine, a comma for thousands.

    >>> numero(4), numero(19), numero(292114)
    ('cuatro', '19', '292,114')
    """
    from analysis.publish.site_shared import NUMBER_WORDS

    return gettext(NUMBER_WORDS[n], "es") if 0 <= n < 10 else format_number(n, "es")


def con_cota(formatted: str, bound: str) -> str:
    """A formatted number with its bound in Spanish words.

    >>> con_cota("99", "at most"), con_cota("290 millones", "at least")
    ('como máximo 99', 'al menos 290 millones')
    """
    return f"{translate('bound-words', BOUND_WORDS[bound], 'es')} {formatted}" if bound in BOUND_WORDS else formatted


@cache
def state_names() -> dict[str, str]:
    """USPS code → Spanish name (``vocab/state_names_es.csv``)."""
    path = Path(__file__).parents[2] / "vocab" / "state_names_es.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["usps"]: row["name_es"] for row in csv.DictReader(handle)}


def nombres(codes: list[str]) -> str:
    """Spanish names of some jurisdictions, in a list.

    >>> nombres(["NY", "NJ"])
    'Nueva York y Nueva Jersey'
    """
    names = state_names()
    return lista([names.get(c, c) for c in codes])  # a code without a Spanish name is written as the code


def millones(count: int) -> str:
    """'290 millones' for a round number of millions, else the number with commas.

    >>> millones(290_000_000), millones(289_102_770)
    ('290 millones', '289,102,770')
    """
    if count % 1_000_000 == 0:
        return translate("millions", NC_("millions", "%(num)s million"), "es") % {
            "num": format_number(count // 1_000_000, "es")}
    return format_number(count, "es")
