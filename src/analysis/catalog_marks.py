"""Marks for the site's message catalog that any stage may use: they return the message unchanged, so a table of
English words in code is found by ``pybabel extract`` (``babel.cfg``) and translated where it is shown
(:mod:`analysis.publish.i18n`)."""

from __future__ import annotations


def NC_(context: str, message: str) -> str:  # noqa: N802 - the gettext convention (pybabel extract -k NC_:1c,2)
    """Marks ``message`` for extraction in ``context`` (the catalog's msgctxt) and returns it unchanged: a word of a
    table in code (an event label, a system's name), translated where it is shown by
    :func:`analysis.publish.i18n.held`.

    >>> NC_("event-label", "block applied")
    'block applied'
    """
    return message


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marks a message for extraction, translated later
    """Marks ``message`` for the catalog where it is defined and returns it unchanged (translated where shown).

    >>> N_("republished by")
    'republished by'
    """
    return message
