"""A source's full citation, as printed under figures and in the manifest: publisher, title, date, the address of
the original and of the copy read, and when it was accessed."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.sources.tables import load_sources


# The words of a full citation (:func:`citation`), in English; the site passes their Spanish from its catalog.
CITATION_WORDS = {
    "undated": "date not stated",
    "no_original": "Original address not established",
    "accessed": "accessed %(date)s",
    "copy_read": "copy read: %(address)s",
    "not_this_address": "copy read: not this address (see the note in data/raw/sources.csv)",
}


def citation(source_id: str, words: dict[str, str] | None = None,
             publisher: Callable[[str], str] | None = None, title: Callable[[str], str] | None = None) -> str:
    """A full citation for one source, as printed under figures and in the manifest (``words``: the fixed words of
    :data:`CITATION_WORDS` in another language; ``publisher``: the publisher's name with its copy words in it;
    ``title``: the title with the project's own words in it, such as "(press release)", in that language).

    >>> citation("reuters-2025-11-12").startswith("Reuters")
    True
    """
    w = CITATION_WORDS if words is None else words
    sources = load_sources().set_index("source_id")
    if source_id not in sources.index:
        raise KeyError(f"unknown source id {source_id!r} (not in data/raw/sources.csv)")
    s = sources.loc[source_id]
    published = f", {s['published']}" if pd.notna(s["published"]) else f", {w['undated']}"
    original = s["url"] if pd.notna(s["url"]) else w["no_original"]
    read = "" if s["copy_url"] == s["url"] else (
        "; " + w["copy_read"] % {"address": s["copy_url"]} if pd.notna(s["copy_url"]) else "; " + w["not_this_address"])
    name = s["publisher"] if publisher is None else publisher(s["publisher"])
    accessed = w["accessed"] % {"date": s["accessed"]}
    shown = s["title"] if title is None else title(s["title"])
    return f"{name}: \u201c{shown}\u201d{published}. {original} ({accessed}{read})"
