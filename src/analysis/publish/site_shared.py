"""What the site's pages share: escaping, the figure ``<picture>``, the story kit's order, sources, the as-of date,
the link to the page in the other language and the words of kinds and bounds."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

from analysis.publish.citable_numbers import CitableNumber, headline_order
from analysis.publish.i18n import gettext, ngettext
from analysis.publish.text.state_status import date_words_es

if TYPE_CHECKING:
    from analysis.publish.data_as_of import DataAsOf


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marks a message for extraction, translated later
    """``message`` unchanged; marks it for the catalog where it is defined (translated where it is shown)."""
    return message


def esc(text: object) -> str:
    """``text`` escaped for HTML text and attribute values (``None`` as empty)."""
    return html.escape("" if text is None else str(text), quote=True)


def entry_files(entry: dict) -> list[dict]:
    """A manifest entry's files, by path."""
    return sorted(entry.get("files", []), key=lambda f: f["path"])


PHONE_MEDIA = "(max-width: 640px)"


def picture_html(entry: dict, prefix: str = "", alt: str | None = None) -> str:
    """A figure's ``<picture>``: the portrait PNG (large type) below 640 px, else the landscape PNG; ``prefix`` is
    the path from the page to ``reports/``, ``alt`` the alt text (default: the entry's English one).

    >>> picture_html({"files": [{"path": "figures/a.png", "role": "image"},
    ...     {"path": "figures/a-portrait.png", "role": "portrait"}], "alt_text": "A chart."})
    '<picture><source media="(max-width: 640px)" srcset="figures/a-portrait.png"><img src="figures/a.png" alt="A chart." loading="eager"></picture>'
    """
    files = entry_files(entry)
    png = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "image"), None)
    portrait = next((f["path"] for f in files if f["path"].endswith(".png") and f.get("role") == "portrait"), None)
    if not png:
        return ""
    alt = entry.get("alt_text", "") if alt is None else alt
    source = f'<source media="{PHONE_MEDIA}" srcset="{esc(prefix + portrait)}">' if portrait else ""
    return f'<picture>{source}<img src="{esc(prefix + png)}" alt="{esc(alt)}" loading="eager"></picture>'




# The fixed words of a full citation (analysis.sources.citations.CITATION_WORDS), marked for the catalog.
_CITATION_WORDS = {
    "undated": N_("date not stated"),
    "no_original": N_("Original address not established"),
    "accessed": N_("accessed %(date)s"),
    "copy_read": N_("copy read: %(address)s"),
    "not_this_address": N_("copy read: not this address (see the note in data/raw/sources.csv)"),
}


def citation_in(source_id: str, lang: str = "en") -> str:
    """A source's full citation (:func:`analysis.sources.citations.citation`, as in the manifest) in ``lang``: its
    fixed words and the words around the publisher's name from the catalog.

    >>> citation_in("wastandard-2026-01-08", "es").startswith("Washington State Standard (republicado por Daily Fly)")
    True
    """
    from analysis.publish.style import publisher_words, title_words
    from analysis.sources.citations import citation

    if lang == "en":
        return citation(source_id)
    return citation(source_id, {k: gettext(v, lang) for k, v in _CITATION_WORDS.items()},
                    lambda name: publisher_words(name, lang), lambda title: title_words(title, lang))


def sources_table() -> dict[str, dict[str, str]]:
    """``data/raw/sources.csv`` as text, by source id, with ``link``: the original's address, else the copy read's."""
    from analysis.sources.tables import address, load_sources

    frame = load_sources().fillna("")
    return {r["source_id"]: {**{k: str(v) for k, v in r.items()}, "link": address(r["url"], r["copy_url"])}
            for r in frame.to_dict("records")}


def short_source(ids: list[str], sources: dict[str, dict[str, str]], lang: str = "en") -> str:
    """Publisher and publication date of each source, for a story-kit line.

    >>> short_source(["a", "b"], {"a": {"publisher": "P", "published": ""}, "b": {"publisher": "Q",
    ...     "published": "2025"}}, "es")
    'P, sin fecha; Q, 2025'
    """
    from analysis.publish.style import publisher_words

    undated = gettext("undated", lang)
    return "; ".join(f"{publisher_words(sources[i]['publisher'], lang)}, {sources[i]['published'] or undated}"
                     for i in ids if i in sources)


def order_rows(rows: Sequence[CitableNumber]) -> list[CitableNumber]:
    """Headline numbers first (story-kit order), then published, derived and modelled ones, by id: the order of
    ``citable_numbers.csv`` (:func:`analysis.publish.citable_numbers.headline_order`)."""
    return headline_order(rows)


def state_choices() -> list[dict[str, str]]:
    """Every jurisdiction's code and name, by name, for the state picker."""
    from analysis.sources.tables import load_states

    return [{"usps": u, "name": n} for u, n in sorted(zip(load_states()["usps"], load_states()["name"]),
                                                        key=lambda x: x[1])]


# Kinds and bounds as data (citable_numbers.csv, manifest.json) say them; their words come from the catalog.
KINDS = [N_("published"), N_("derived"), N_("modelled"), N_("synthetic")]
BOUNDS = [N_("exact"), N_("at least"), N_("at most"), N_("approximate")]


def kind_words(kind: str, lang: str) -> str:
    """A kind of number in ``lang`` (``published`` -> ``publicado``).

    >>> kind_words("modelled", "es"), kind_words("modelled", "en")
    ('modelado', 'modelled')
    """
    return gettext(kind, lang)


def bound_words(bound: str, lang: str) -> str:
    """A bound in ``lang`` (``at most`` -> ``como máximo``).

    >>> bound_words("at most", "es"), bound_words("exact", "en")
    ('como máximo', 'exact')
    """
    return gettext(bound, lang)


# Each language's page links to the other, named in the other language.
OTHER_LANGUAGE = {"en": ("es", "En español"), "es": ("en", "English")}


def report_html(as_of: DataAsOf, lang: str) -> Markup:
    """The "data as of" date, bold: as written in English (``2026-02``); in Spanish in words, then as written
    (``febrero de 2026 (2026-02)``), as U.S. Spanish-language outlets date things.

    >>> from analysis.publish.data_as_of import DataAsOf
    >>> as_of = DataAsOf(report="2026-02", population_en="", population_es="")
    >>> str(report_html(as_of, "en")), str(report_html(as_of, "es"))
    ('<strong>2026-02</strong>', '<strong>febrero de 2026</strong> (2026-02)')
    """
    if lang == "en":
        return Markup("<strong>{}</strong>").format(as_of.report)
    return Markup("<strong>{}</strong> ({})").format(as_of.report_es, as_of.report)


def population_words(as_of: DataAsOf, lang: str) -> str:
    """The population basis named apart, in ``lang``."""
    return as_of.population_es if lang == "es" else as_of.population_en


_NUMBER_WORDS_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MILLION = re.compile(r"(\d[\d,]*) million")
_ONE_IN = re.compile(r"1 in (\d[\d,]*)")


def printed_value(printed: str, value: object, lang: str) -> str:
    """A value printed in English (``formatted_value`` of a citable row, ``formatted`` of a key number) as ``lang``
    prints the same number: "290 million" -> "290 millones", "four" -> "cuatro", "1 in 479" -> "1 de cada 479";
    a month named in part in words ("mid-November 2025") in ``lang``'s words; digits, percentages and ISO dates as
    printed (es-US writes them alike).

    >>> [printed_value(p, v, "es") for p, v in (("290 million", 290_000_000), ("four", 4), ("1 in 479", 0.002),
    ...  ("0.101%", 0.001), ("292,114", 292114), ("2025-11-18", "2025-11-18"))]
    ['290 millones', 'cuatro', '1 de cada 479', '0.101%', '292,114', '2025-11-18']
    >>> printed_value("mid-November 2025", "mid-November 2025", "es")
    'mediados de noviembre de 2025'
    """
    printed = str(printed).strip()
    if lang == "en":
        return printed
    if (m := _MILLION.fullmatch(printed)):
        millions = int(m.group(1).replace(",", ""))
        return ngettext("%(num)s million", "%(num)s million", millions, lang) % {"num": m.group(1)}
    if printed in _NUMBER_WORDS_EN and isinstance(value, int) and _NUMBER_WORDS_EN[value] == printed:
        return gettext(printed, lang)
    if (m := _ONE_IN.fullmatch(printed)):
        return gettext("1 in %(num)s", lang) % {"num": m.group(1)}
    return date_words_es(printed)


NUMBER_WORDS = [N_("zero"), N_("one"), N_("two"), N_("three"), N_("four"), N_("five"), N_("six"), N_("seven"),
                N_("eight"), N_("nine")]


# What Nlets is, for the first screen of every page: one sentence in the words of a source the pages already cite.
NLETS_SOURCE = "kjan-2025-12-02"
# Its name now is the International Justice & Public Safety Network (Sen. Wyden's release of 2025-11-12: "a non-profit
# called Nlets - the International Justice & Public Safety Network"); Stateline uses the former name.
NLETS_IS = N_("Nlets, the International Justice & Public Safety Network (formerly the National Law Enforcement "
              "Telecommunications System), is \u201can obscure computer network that typically allows law enforcement "
              "agencies to search driver's license records across state lines,\u201d in the words of %(source)s.")
NLETS_SOURCE_WORDS = N_("a Stateline report republished by KJAN on %(date)s")


def what_nlets_is(lang: str, sources: dict[str, dict[str, str]] | None = None) -> Markup:
    """The sentence that says what Nlets is, quoting Stateline's text as KJAN republished it, linked to that copy.

    >>> "to search driver" in str(what_nlets_is("en"))
    True
    """
    from analysis.publish.text.attribution import ap_date

    source = (sources_table() if sources is None else sources)[NLETS_SOURCE]
    words = gettext(NLETS_SOURCE_WORDS, lang) % {"date": ap_date(source["published"], lang)}
    link = Markup('<a href="{}">{}</a>').format(source["link"], words)
    return Markup(esc(gettext(NLETS_IS, lang))) % {"source": link}
