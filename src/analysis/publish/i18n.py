"""The site's one message catalog (``locale/es/LC_MESSAGES/messages.po``, compiled to ``messages.mo``): gettext per
language, and Babel's numbers and dates for en_US and es_US.

The ``.po`` is the source of truth and is edited by hand; the ``.mo`` beside it is its compiled form, shipped with the
package and checked equal to a fresh compile by ``tests/test_i18n.py``. After editing the ``.po``, recompile with
``python -m analysis.publish.i18n`` (it writes only the ``.mo``). English is the source language: its messages are the
msgids themselves.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
import sys
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from analysis.catalog_marks import NC_  # noqa: F401 - re-exported: the publish modules mark messages with it

LANGUAGES = ("en", "es")
LOCALES = {"en": "en_US", "es": "es_US"}  # Babel locales: U.S. Spanish writes 292,114 and 0.101, as in English
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


class CatalogError(RuntimeError):
    """A catalog that cannot be used as it stands (a ``.mo`` that is not its ``.po`` compiled)."""


def catalog_path(lang: str = "es", suffix: str = ".po") -> Path:
    """Where a language's catalog lives in the package (``suffix`` ``.po`` or ``.mo``).

    >>> catalog_path("es", ".mo").as_posix().endswith("publish/locale/es/LC_MESSAGES/messages.mo")
    True
    """
    folder = resources.files("analysis.publish") / "locale" / lang / "LC_MESSAGES"
    return Path(str(folder / f"{DOMAIN}{suffix}"))


def compile_po(po_text: bytes) -> bytes:
    """A ``.po`` catalog compiled to ``.mo`` bytes by Babel (fuzzy entries left out, as gettext does).

    >>> header = b'msgid ""\\nmsgstr "Content-Type: text/plain; charset=UTF-8\\\\n"\\n\\n'
    >>> po = header + b'msgid "Sources"\\nmsgstr "Fuentes"\\n'
    >>> Translations(io.BytesIO(compile_po(po))).gettext("Sources")
    'Fuentes'
    """
    catalog = read_po(io.BytesIO(po_text))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@cache
def translations(lang: str) -> gettext_module.NullTranslations:
    """The compiled catalog of ``lang`` (English: the msgids as they are); a ``.mo`` that is not the ``.po`` beside it
    compiled raises :class:`CatalogError`.

    >>> translations("es").gettext("Sources"), translations("en").gettext("Sources")
    ('Fuentes', 'Sources')
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: the site is written in {', '.join(LANGUAGES)}")
    if lang == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    folder = resources.files("analysis.publish") / "locale" / lang / "LC_MESSAGES"
    data = (folder / f"{DOMAIN}.mo").read_bytes()
    if data != compile_po((folder / f"{DOMAIN}.po").read_bytes()):  # never publish pages from a stale .mo
        raise CatalogError(f"{catalog_path(lang, '.mo')}: not the compiled {DOMAIN}.po beside it; recompile with "
                           "python -m analysis.publish.i18n")
    return Translations(io.BytesIO(data), domain=DOMAIN)


def gettext(message: str, lang: str) -> str:
    """``message`` in ``lang``.

    >>> gettext("Kinds of numbers", "es")
    'Tipos de cifras'
    """
    return translations(lang).gettext(message)


@cache
def _messages_in_context(lang: str) -> dict[str, dict[str, str]]:
    """``lang``'s catalog by msgctxt: context → English msgid → translation (fuzzy and untranslated entries left
    out), read once; the catalog is checked first, as :func:`translations` checks it."""
    translations(lang)  # refuses a stale .mo
    with catalog_path(lang, ".po").open("rb") as handle:
        catalog = read_po(handle)
    found: dict[str, dict[str, str]] = {}
    for m in catalog:
        if m.context and isinstance(m.id, str) and m.string and not m.fuzzy:
            found.setdefault(m.context, {})[m.id] = m.string
    return found


def held(context: str, message: str, lang: str) -> str | None:
    """``message`` of ``context`` in ``lang``, or None when the catalog holds no translation of *this* text (so a
    changed English message is never shown with a stale or missing translation); English is the message itself.

    >>> held("date-precision", "month", "es"), held("date-precision", "fortnight", "es"), held("x", "y", "en")
    ('mes', None, 'y')
    """
    if lang == SOURCE_LANGUAGE:
        return message
    return _messages_in_context(lang).get(context, {}).get(message)


def translate(context: str, message: str, lang: str) -> str:
    """``message`` of ``context`` in ``lang``; a message the catalog does not hold raises ``KeyError``, so no English
    (or stale translation) is ever shown as Spanish.

    >>> translate("date-precision", "year", "es")
    'año'
    """
    text = held(context, message, lang)
    if text is None:
        raise KeyError(f"no {lang} for {message!r} (msgctxt {context!r}): add it to {catalog_path(lang).name}, "
                       "then recompile with python -m analysis.publish.i18n")
    return text


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """The singular or plural of a message in ``lang``, for ``n``.

    >>> ngettext("%(num)d source: full citation", "%(num)d sources: full citations", 2, "es") % {"num": 2}
    '2 fuentes: citas completas'
    """
    return translations(lang).ngettext(singular, plural, n)


def translator(lang: str) -> Callable[[str], str]:
    """The ``_`` of a page in ``lang``: ``_ = translator(lang)``, then ``_("Sources")``."""
    return translations(lang).gettext


def format_number(value: float, lang: str) -> str:
    """A number as Babel writes it for ``lang``'s U.S. locale (comma thousands, point decimals in both).

    >>> format_number(292114, "es"), format_number(0.101, "es"), format_number(1234, "es"), format_number(5, "en")
    ('292,114', '0.101', '1,234', '5')
    """
    return format_decimal(value, locale=LOCALES[lang])


def format_date(value: str | dt.date, lang: str) -> str:
    """A date in words, as precise as written (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), by Babel's long format.

    >>> format_date("2025-11-12", "es"), format_date("2026-02", "es"), format_date("2025", "es")
    ('12 de noviembre de 2025', 'febrero de 2026', '2025')
    >>> format_date(dt.date(2025, 9, 1), "es"), format_date("2025-11-12", "en")
    ('1 de septiembre de 2025', 'November 12, 2025')
    """
    if isinstance(value, dt.date):
        return babel_format_date(value, "long", locale=LOCALES[lang])
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=LOCALES[lang])
    return babel_format_date(dt.date(*parts), "long", locale=LOCALES[lang])


def write_compiled(lang: str = "es") -> Path:
    """Compile ``lang``'s ``.po`` into the ``.mo`` beside it (the only file written); return the ``.mo``'s path."""
    po, mo = catalog_path(lang, ".po"), catalog_path(lang, ".mo")
    mo.write_bytes(compile_po(po.read_bytes()))
    return mo


if __name__ == "__main__":  # python -m analysis.publish.i18n: recompile every catalog after editing a .po
    for language in LANGUAGES:
        if language != SOURCE_LANGUAGE:
            sys.stdout.write(f"{write_compiled(language)}\n")
