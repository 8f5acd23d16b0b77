"""The words a chart draws, in its language: the catalog's Spanish for each message (a message the catalog lacks is an
error, never English left on a Spanish chart), bounds in words, dates as the English prints them.

English is the source language: ``_ = figure_words("en")`` returns each message as written, so the English charts are
drawn from the same strings as before. Messages are marked ``_("…")`` in the figure modules, which ``babel.cfg``
lists, so ``tests/test_i18n.py`` finds them and checks each has its Spanish in ``messages.po``.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.publish.i18n import LANGUAGES, held, translations
from analysis.publish.prose import with_bound as prose_with_bound
from analysis.publish.text.qualifiers import bounded_es
from analysis.publish.text import spanish as es
from analysis.publish.text.state_status import date_words_es



class MissingTranslation(KeyError):
    """A chart message with no translation in the language's catalog."""


def figure_words(lang: str = "en") -> Callable[[str], str]:
    """The ``_`` of a chart drawn in ``lang``: each message in that language; a message missing from the catalog
    raises :class:`MissingTranslation`.

    >>> figure_words("es")("disclosure year"), figure_words("en")("disclosure year")
    ('año de la divulgación', 'disclosure year')
    >>> figure_words("es")("a message nobody translated")
    Traceback (most recent call last):
    ...
    analysis.publish.figures.words.MissingTranslation: "no Spanish for the chart message 'a message nobody translated' in messages.po"
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: charts are drawn in {', '.join(LANGUAGES)}")
    if lang == "en":
        return lambda message: message
    catalog = translations(lang)
    known = getattr(catalog, "_catalog", {})

    def words(message: str) -> str:
        if message not in known or not str(known[message]).strip():
            raise MissingTranslation(f"no Spanish for the chart message {message!r} in messages.po")
        return catalog.gettext(message)

    return words


CHART_CONTEXT = "chart"  # the msgctxt of the phrases charts and their alt texts build (messages.po)


def chart_words(lang: str = "en") -> Callable[[str, str], str]:
    """The ``pgettext`` of a chart drawn in ``lang``: a message in its context (``msgctxt``) in that language; a
    message missing from the catalog raises :class:`MissingTranslation`. Called as ``pgettext("chart", "…")`` so
    that Babel extracts the message with its context.

    >>> pgettext = chart_words("es")
    >>> pgettext("chart", "law effective %(on)s") % {"on": "el 2019-12-14"}
    'ley en vigor el 2019-12-14'
    >>> chart_words("en")("chart", "law effective %(on)s")
    'law effective %(on)s'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: charts are drawn in {', '.join(LANGUAGES)}")

    def words(context: str, message: str) -> str:
        text = held(context, message, lang)  # the site's one strict lookup by context
        if text is None:
            raise MissingTranslation(f"no Spanish for the chart message {message!r} (msgctxt {context!r}) in "
                                     "messages.po")
        return text

    return words

def with_bound(text: str, bound: str, lang: str = "en") -> str:
    """A formatted number with its bound in words, in ``lang``.

    >>> with_bound("0.101%", "at most", "es"), with_bound("9,969", "at least", "en")
    ('como máximo 0.101%', 'at least 9,969')
    """
    return bounded_es(text, bound) if lang == "es" else prose_with_bound(text, bound)


def date_words(text: str, lang: str = "en") -> str:
    """A date as :func:`analysis.sources.ice_access.date_text` prints it: ISO dates as written, a month in words in
    ``lang``.

    >>> date_words("mid-November 2025", "es"), date_words("2025-11-18", "es"), date_words("mid-November 2025")
    ('mediados de noviembre de 2025', '2025-11-18', 'mid-November 2025')
    """
    return date_words_es(text) if lang == "es" else text


def state_name(usps: str, english: str, lang: str = "en") -> str:
    """A jurisdiction's name in ``lang`` (the English name where no Spanish one is on file).

    >>> state_name("NY", "New York", "es"), state_name("NY", "New York")
    ('Nueva York', 'New York')
    """
    return es.state_names().get(usps, english) if lang == "es" else english


def listed(items: list[str], lang: str = "en") -> str:
    """Items joined as prose in ``lang``: 'A, B and C' or 'A, B y C'.

    >>> listed(["A", "B", "C"], "es"), listed(["A", "B", "C"])
    ('A, B y C', 'A, B and C')
    """
    from analysis.publish.text.wording import listed as listed_en

    return es.lista(list(items)) if lang == "es" else listed_en(list(items))


def assumption_words(codes: str, as_of: str, reported_by: str, lang: str = "en") -> str:
    """:func:`analysis.publish.text.status_sentences.assumption_sentence` from the catalog, in ``lang``.

    >>> assumption_words("IL MN", "2025-09-30", "2025-11-12", "es")
    'IL y MN se cuentan como estados que bloquean el 2025-09-30 según un supuesto: sus bloqueos se informaron a más tardar el 2025-11-12 y no se ha publicado cuándo empezaron.'
    >>> from analysis.publish.text.status_sentences import assumption_sentence
    >>> assumption_words("IL", "2025-09-30", "2025-11-12") == assumption_sentence("IL", "2025-09-30", "2025-11-12")
    True
    """
    _ = figure_words(lang)
    names = codes.split()
    if not names:
        return ""
    dates = listed(reported_by.split(), lang) if " " in reported_by.strip() else reported_by
    message = (_("%(names)s is counted as blocking on %(day)s on an assumption: its block was reported by "
                 "%(reported)s, and when it began is not published.") if len(names) == 1 else
               _("%(names)s are counted as blocking on %(day)s on an assumption: their blocks were reported by "
                 "%(reported)s, and when they began is not published."))
    return message % {"names": listed(names, lang), "day": as_of, "reported": dates}
