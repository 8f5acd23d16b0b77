"""Copy that reads as published text: a citable sentence with its attribution in words (who said it, or what it was
computed from, or what a model assumes), an AP-style date, then the citation on its own line; English and Spanish."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from analysis.publish.i18n import NC_, format_date, gettext, ngettext, translate
from analysis.publish.site_shared import N_, NUMBER_WORDS

if TYPE_CHECKING:
    from analysis.publish.citable_numbers import CitableNumber

Sources = Mapping[str, Mapping[str, str]]

# AP style: these months are abbreviated before a day; March to July never are.
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")

# How a source is named in running text, where its publisher's name as recorded would read oddly.
VOICES = {
    "wyden-press-release-2025-11-12": NC_("voice", "Sen. Ron Wyden's office"),
}


# What a published figure's origin (the ``origin=`` of its row in data/raw/disclosure_figures.csv) makes its
# attribution: the words of each, with %(voice)s (who published it) and %(when)s ("on Nov. 12, 2025").
ORIGIN_WORDS = {
    "nlets": N_("figures Nlets gave Congress, quoted by %(voice)s %(when)s"),
    "letters": N_("the lawmakers' letters, as quoted by %(voice)s %(when)s"),
    "statement": N_("Nlets, as reported by %(voice)s %(when)s"),
    "plain": N_("%(voice)s (%(date)s)"),
}
ALREADY_SAID = N_("%(clause)s, as reported by %(voice)s %(when)s%(rest)s")
PUBLISHED = N_("%(clause)s, according to %(basis)s%(rest)s")
DERIVED = N_("%(clause)s, computed from %(basis)s%(rest)s")
DERIVED_MORE = N_("%(clause)s, computed from %(basis)s and %(others)s%(rest)s")
MODELLED = N_("%(clause)s, in a model built on %(basis)s, which assumes %(assumption)s%(rest)s")
MODELLED_MORE = N_("%(clause)s, in a model built on %(basis)s and %(others)s, which assumes %(assumption)s%(rest)s")
WHAT_PUBLISHED = N_("what %(voice)s published %(when)s")
ON_DAY, IN_MONTH = N_("on %(date)s"), N_("in %(date)s")
SOURCE_LINE = N_("Source: %(citation)s")
ALSO_LINE = N_("Other sources: %(names)s.")

_ASSUMPTION = {"en": re.compile(r"on the assumption that ([^;.:]+)"), "es": re.compile(r"suponiendo que ([^;.:]+)")}
_SAID = {"en": re.compile(r"\bsaid\b"), "es": re.compile(r"\b(dijo|dijeron|según)\b")}


def ap_date(iso: str, lang: str = "en") -> str:
    """An ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as AP style writes it in English, or in words in Spanish.

    >>> ap_date("2025-11-12"), ap_date("2025-03-05"), ap_date("2025-11"), ap_date("2025-09-30", "es")
    ('Nov. 12, 2025', 'March 5, 2025', 'November 2025', '30 de septiembre de 2025')
    """
    if lang != "en":
        return format_date(iso, lang)
    parts = [int(p) for p in str(iso).split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return f"{_AP_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if len(parts) == 2:
        return f"{_MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def when(iso: str, lang: str = "en") -> str:
    """``on`` a day or ``in`` a month or year, in ``lang``; nothing for an undated source.

    >>> when("2025-11-12"), when("2025-11", "es"), when("")
    ('on Nov. 12, 2025', 'en noviembre de 2025', '')
    """
    if not iso:
        return ""
    words = ON_DAY if str(iso).count("-") == 2 else IN_MONTH
    return gettext(words, lang) % {"date": ap_date(iso, lang)}


def voice(source_id: str, sources: Sources, lang: str = "en") -> str:
    """How a source is named in a sentence: :data:`VOICES`, else its publisher without the parenthesis.

    >>> voice("v", {"v": {"publisher": "Voz Media (Luis Francisco Orozco)"}})
    'Voz Media'
    """
    if source_id in VOICES:
        return translate("voice", VOICES[source_id], lang)
    return re.sub(r"\s*\([^)]*\)", "", sources[source_id]["publisher"]).strip()


@cache
def _origins() -> dict[tuple[str, str], str]:
    """``(source id, value)`` of each published figure in ``data/raw/disclosure_figures.csv`` -> its origin's kind."""
    import pandas as pd

    from analysis.sources.tables import load_disclosure_figures

    figures = load_disclosure_figures()
    found = {}
    for source_id, value, note in zip(figures["source_id"], figures["value"], figures["note"].fillna(""),
                                      strict=True):
        origin = note.removeprefix("origin=") if note.startswith("origin=") else ""
        kind = ("nlets" if origin.startswith("Nlets data") else "statement" if origin.startswith("Nlets statement")
                else "letters" if origin.startswith(("lawmakers' letter", "letter text")) else "plain")
        if not pd.isna(value):
            found[(source_id, str(int(value)))] = kind
    return found


def _origin(row: CitableNumber, principal: str) -> str:
    """The origin of a row's principal figure: a published row's by its value (``plain`` when the table has no such
    figure); a derived or modelled row whose principal source carried Nlets' own counts is computed from them (every
    such row in the citable table is), else from ``what`` that source published."""
    origins = _origins()
    value = str(int(row.value)) if isinstance(row.value, float) and row.value.is_integer() else str(row.value)
    if row.kind == "published":
        return origins.get((principal, value), "plain")
    return "nlets" if any(k == "nlets" for (s, _), k in origins.items() if s == principal) else "what"


def principal_source(row: CitableNumber, sources: Sources) -> str:
    """The source id a row's short citation names (its principal source), else its first source."""
    for source_id in row.source_ids:
        s = sources.get(source_id, {})
        if row.short_citation.startswith(f"{s.get('publisher', '')}, "):
            return source_id
    return row.source_ids[0]


def attributed_sentence(row: CitableNumber, lang: str = "en", sources: Sources | None = None) -> str:
    """A citable row's sentence in ``lang`` with its attribution in words and an AP-style date, without labels: a
    published number says who published it, a derived one what it was computed from, a modelled one what its model
    is built on and assumes. Raises ``ValueError`` for a modelled sentence that states no assumption."""
    sources = _sources() if sources is None else sources
    sentence = (row.sentence if lang == "en" else row.sentence_es).strip()
    clause, rest = _split(sentence)
    principal = principal_source(row, sources)
    published = sources[principal].get("published", "")
    names = {"voice": voice(principal, sources, lang), "when": when(published, lang),
             "date": ap_date(published, lang) if published else gettext("undated", lang)}
    origin = _origin(row, principal)
    if row.kind == "published" and origin in ("letters", "statement", "plain") and _SAID[lang].search(sentence):
        return _tidy(gettext(ALREADY_SAID, lang) % {**names, "clause": clause, "rest": rest})
    if origin == "what":
        basis = gettext(WHAT_PUBLISHED, lang) % names
    else:
        basis = gettext(ORIGIN_WORDS[origin], lang) % names
    basis = basis.strip()
    others = len(row.source_ids) - 1
    if others and re.search(r"\d, \d{4}$", basis):
        basis += ","  # AP: a full date mid-sentence takes a comma after the year
    count = gettext(NUMBER_WORDS[others], lang) if others < len(NUMBER_WORDS) else f"{others:,}"  # AP: one to nine
    fields = {"clause": clause, "rest": rest, "basis": basis,
              "others": ngettext("%(num)s other source", "%(num)s other sources", others, lang) % {"num": count}}
    if row.kind in ("published", "synthetic"):
        return _tidy(gettext(PUBLISHED, lang) % fields)
    if row.kind == "derived":
        return _tidy(gettext(DERIVED_MORE if others else DERIVED, lang) % fields)
    found = _ASSUMPTION[lang].search(sentence)
    if not found:
        raise ValueError(f"citable number {row.id!r}: a modelled sentence must state its assumption ({lang})")
    fields["assumption"] = found.group(1).strip()
    return _tidy(gettext(MODELLED_MORE if others else MODELLED, lang) % fields)


_BREAKS = ("; ", " \u2014 ", ": ")


def _split(sentence: str) -> tuple[str, str]:
    """The sentence's first clause (where its number is) and the rest with its punctuation, split at the first
    ``;``, dash or colon outside parentheses (never at a full stop: "Sept. 30" and "U.S." have them).

    >>> _split("ICE ran 5 (a; b) queries; police do not.")
    ('ICE ran 5 (a; b) queries', '; police do not.')
    >>> _split("ICE ran 5 queries.")
    ('ICE ran 5 queries', '.')
    """
    depth = 0
    for i, char in enumerate(sentence):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i + 2 < len(sentence) and any(sentence.startswith(b, i) for b in _BREAKS):
            return sentence[:i].rstrip(","), sentence[i:]
    return sentence.rstrip(".").rstrip(","), "."


def fact_name(sentence: str, limit: int = 90) -> str:
    """A fact named by its sentence's first clause, cut at a word within ``limit`` characters: what a copy button's
    accessible name says it copies.

    >>> fact_name("ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025 \u2014 at most 0.101%.")
    'ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025'
    >>> fact_name("one two three four", 10)
    'one two\u2026'
    """
    clause = _split(sentence.strip())[0]
    if len(clause) <= limit:
        return clause
    return clause[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _tidy(text: str) -> str:
    """No space before a comma or full stop (an undated source leaves one)."""
    return re.sub(r"\s+([.,])", r"\1", text)


def citation_line(row: CitableNumber, lang: str = "en", sources: Sources | None = None) -> str:
    """The citation a desk prints under the sentence: the principal source (publisher, title, AP date, address),
    then the other sources by name.

    >>> from analysis.publish.citable_numbers import CitableNumber
    >>> row = CitableNumber(id="x", value=1, formatted_value="1", bound="exact", kind="published", sentence="S.",
    ...     sentence_es="S.", source_ids="a;b", short_citation="P, 2025-11-12")
    >>> src = {"a": {"publisher": "P", "title": "T", "published": "2025-11-12", "link": "https://p.example/t"},
    ...        "b": {"publisher": "Q (R)", "title": "U", "published": "", "link": ""}}
    >>> citation_line(row, "en", src)
    'Source: P, \u201cT,\u201d Nov. 12, 2025, https://p.example/t. Other sources: Q.'
    """
    sources = _sources() if sources is None else sources
    principal = principal_source(row, sources)
    s = sources[principal]
    from analysis.publish.style import publisher_words, title_words

    # the project's words around the publisher and inside the title in ``lang`` (the source's own words as published)
    title, publisher = title_words(s["title"].rstrip("."), lang), publisher_words(s["publisher"], lang)
    # English puts the comma inside the quotation marks; Spanish outside.
    parts = [publisher + (f", \u201c{title},\u201d" if lang == "en" else f", \u201c{title}\u201d,")]
    if s.get("published"):
        parts.append(ap_date(s["published"], lang) + ",")
    parts.append(s.get("link", "") or "")
    line = gettext(SOURCE_LINE, lang) % {"citation": " ".join(p for p in parts if p).rstrip(",") + "."}
    rest = [voice(i, sources, lang) for i in row.source_ids if i != principal and i in sources]
    if rest:
        line += " " + gettext(ALSO_LINE, lang) % {"names": "; ".join(dict.fromkeys(rest))}
    return line


def publishable_text(row: CitableNumber, lang: str = "en", sources: Sources | None = None) -> str:
    """What a copy button copies: :func:`attributed_sentence`, then :func:`citation_line` on its own line."""
    return f"{attributed_sentence(row, lang, sources)}\n{citation_line(row, lang, sources)}"


def _sources() -> Sources:
    from analysis.publish.site_shared import sources_table

    return sources_table()
