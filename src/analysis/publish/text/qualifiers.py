"""The words that qualify a printed number, English here and Spanish in the site's message catalog, and the note on a
rounded bound."""

from __future__ import annotations

from analysis.publish.i18n import NC_, translate
from analysis.publish.prose import round_safe


# Each English qualifier the sentences print (or a source uses), its Spanish from the catalog (msgctxt "qualifier"):
# "over 290 million" says more than 290 million, so "más de"; "al menos" is "at least" (which includes the number).
QUALIFIERS_ES = {
    english: translate("qualifier", english, "es") for english in (
        NC_("qualifier", "over"), NC_("qualifier", "more than"), NC_("qualifier", "at least"),
        NC_("qualifier", "at most"), NC_("qualifier", "no more than"), NC_("qualifier", "about"),
        NC_("qualifier", "approximately"), NC_("qualifier", "nearly"))
} | {"": ""}
# The English qualifier of each bound, as :func:`analysis.publish.prose.with_bound` prints it.
BOUND_QUALIFIERS = {"exact": "", "at least": "at least", "at most": "at most", "approximate": "about"}


# A published number's bound in its source's words: a published floor is a source's "over" or "more than" (the
# qualifiers of data/raw), so it is said "more than", never "at least", which would include the number itself.
PUBLISHED_QUALIFIERS = {"exact": "", "at least": "more than", "at most": "at most", "approximate": "about"}


def published_words(formatted: str, bound: str, lang: str = "en") -> str:
    """A published number with its bound as its source words it, in ``lang``.

    >>> published_words("290 million", "at least"), published_words("290 millones", "at least", "es")
    ('more than 290 million', 'más de 290 millones')
    >>> published_words("18,000", "approximate"), published_words("292,114", "exact", "es")
    ('about 18,000', '292,114')
    """
    english = PUBLISHED_QUALIFIERS[bound]
    return qualified_es(formatted, english) if lang == "es" else f"{english} {formatted}".strip()


def qualifier_es(english: str) -> str:
    """The Spanish of an English qualifier.

    >>> qualifier_es("over"), qualifier_es("more than"), qualifier_es("at least"), qualifier_es("at most")
    ('más de', 'más de', 'al menos', 'como máximo')
    """
    return QUALIFIERS_ES[english.strip().lower()]


def qualified_es(formatted: str, english: str) -> str:
    """A formatted number with the Spanish of its English qualifier.

    >>> qualified_es("290 millones", "more than"), qualified_es("292,114", "")
    ('más de 290 millones', '292,114')
    """
    return f"{qualifier_es(english)} {formatted}".strip()


def bounded_es(formatted: str, bound: str) -> str:
    """A formatted number with its bound in Spanish, the same words as the English bound's.

    >>> bounded_es("205", "at most"), bounded_es("289,102,770", "at least"), bounded_es("41", "exact")
    ('como máximo 205', 'al menos 289,102,770', '41')
    """
    return qualified_es(formatted, BOUND_QUALIFIERS[bound])


def rounding_note(value: float, decimals: int, bound: str) -> tuple[str, str]:
    """What to print beside a bound whose safe rounding differs from ordinary rounding, in English and Spanish.

    A ceiling is printed rounded up and a floor rounded down (:func:`analysis.publish.prose.round_safe`), so the
    printed number is still a true ceiling or floor: ordinary rounding with "at most" would not be (0.30939% is
    not "at most 0.309%"). Where ordinary rounding would print another number, the sentence says so, so a reporter
    who recomputes it knows why; elsewhere it says nothing.

    >>> rounding_note(204.38, 0, "at most")[0], rounding_note(98.6, 0, "at most"), rounding_note(992.7, 0, "at least")[1]
    ('rounded up, so still a ceiling', ('', ''), 'redondeado hacia abajo, así que sigue siendo un mínimo')
    """
    if bound not in ("at most", "at least"):
        return "", ""
    if round_safe(value, decimals, bound) == round_safe(value, decimals):
        return "", ""
    note = (NC_("rounding-note", "rounded up, so still a ceiling") if bound == "at most"
            else NC_("rounding-note", "rounded down, so still a floor"))
    return note, translate("rounding-note", note, "es")


def share_rounding_note(share: float, bound: str) -> tuple[str, str]:
    """:func:`rounding_note` for a share printed by :func:`analysis.publish.prose.format_share` (a percentage with
    three decimals below 1%, two above).

    >>> share_rounding_note(897_230 / 290_000_000, "at most")[0], share_rounding_note(0.0010073, "at most")
    ('rounded up, so still a ceiling', ('', ''))
    """
    percent = share * 100
    return rounding_note(percent, 3 if percent < 1 else 2, bound) if percent != 100 else ("", "")
