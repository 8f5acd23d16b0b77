"""The words of the state pages' event rows: one table of event labels in English, their Spanish and the Spanish of
the notes in the site's message catalog (``locale/es/LC_MESSAGES/messages.po``).

An event's label comes from its kind, its agencies, its source and its note (:func:`event_label`): a ``reported_open``
event is "reported open by the letters" only when its source is the letters, and an ``access_restored`` event whose
note names only a limited exception (Trusted Traveler, vehicle import/export) is labelled as that exception, never
"access restored"; a ``limited_exception`` event (New York's 2020 amendment, E37) always
is. The English notes of ``data/raw/ice_access_events.csv`` have their Spanish in the catalog under
msgctxt "event-note", keyed by the English they translate (:func:`note_es`), so a changed English note is never shown
with a stale translation.
"""

from __future__ import annotations

from analysis.publish.i18n import NC_, held, translate

# Sources that are the 2025-11-12 letters (as quoted by the press).
LETTERS_SOURCES = ("voz-2025-11-13",)


# (event kind, case) → English label, its Spanish in the catalog (msgctxt "event-label"). The case is chosen by
# :func:`_case` from the event's source and note; ``{agencies}``, ``{publisher}``, ``{date}`` and ``{scope}`` are
# filled in.
LABELS: dict[tuple[str, str], str] = {
    ("law_effective", ""): NC_("event-label", "law took effect"),
    ("rule_effective", ""): NC_("event-label", "rule took effect"),
    ("law_signed", ""): NC_("event-label", "law signed"),
    ("veto_override", ""): NC_("event-label", "law enacted over the governor's veto"),
    ("block_ordered", ""): NC_("event-label", "block ordered"),
    ("block_announced", ""): NC_("event-label", "block described as done by the letters"),
    ("block_applied", ""): NC_("event-label", "block applied"),
    ("block_reported", ""): NC_("event-label", "block reported"),
    ("block_in_progress", ""): NC_("event-label", "block in progress"),
    ("named_by_nlets", ""): NC_("event-label", "named by Nlets as blocking ICE"),
    ("reported_open", "letters"): NC_("event-label", "reported open by the letters"),
    ("reported_open", "other source"): NC_("event-label",
                                           "{agencies} access still open (reported by {publisher}, {date})"),
    ("under_review", ""): NC_("event-label", "{agencies} access under review (reported by {publisher}, {date})"),
    ("supports_federal_access", ""): NC_("event-label",
                                         "agreed to support {agencies} access (access opening, not closing)"),
    ("federal_programme", ""): NC_("event-label", "federal programme seeking the same records"),
    ("confidential_plates", ""): NC_("event-label",
                                     "confidential plates for federal agents (a different channel, not a status)"),
    ("access_restored", ""): NC_("event-label", "access restored"),
    ("access_restored", "limited"): NC_("event-label", "limited exception for {agencies} ({scope})"),
    ("limited_exception", ""): NC_("event-label", "limited exception for {agencies} ({scope})"),
    ("not_a_dmv_block", ""): NC_("event-label", "not a DMV block (context)"),
    ("state_system_cutoff", ""): NC_("event-label", "cut off from a state system (not Nlets)"),
}
# Words in a note that make an access_restored event a limited exception, with the scope's English (its Spanish in
# the catalog, msgctxt "event-scope").
LIMITED_SCOPES = (
    ("Trusted Traveler", NC_("event-scope", "Trusted Traveler vetting")),
    ("import/export", NC_("event-scope", "vehicle import/export")),
)


def _case(event: dict) -> str:
    """Which row of :data:`LABELS` an event takes."""
    if event["event"] == "reported_open":
        return "letters" if event["source_ids"] in LETTERS_SOURCES else "other source"
    if event["event"] == "access_restored" and any(word in str(event["note"]) for word, _ in LIMITED_SCOPES):
        return "limited"
    return ""


def event_label(event: dict, publisher: str) -> tuple[str, str]:
    """The English and Spanish label of one event row (``event``, ``source_ids``, ``note``, ``agencies``, ``date``).

    >>> row = {"event": "reported_open", "source_ids": "nwasianweekly-2026-02", "note": "", "agencies": "CBP",
    ...        "date": "2026-02"}
    >>> event_label(row, "Northwest Asian Weekly")[0]
    'CBP access still open (reported by Northwest Asian Weekly, 2026-02)'
    >>> event_label({**row, "source_ids": "voz-2025-11-13", "agencies": "ICE"}, "Voz")
    ('reported open by the letters', 'las cartas lo señalaron abierto')
    >>> event_label({**row, "event": "access_restored", "note": "for Trusted Traveler programs and vehicle "
    ...              "import/export (CBP)"}, "DHS")[0]
    'limited exception for CBP (Trusted Traveler vetting, vehicle import/export)'
    """
    label = LABELS.get((event["event"], _case(event)))
    if label is None:
        return str(event["event"]), str(event["event"])
    scopes = [scope for word, scope in LIMITED_SCOPES if word in str(event["note"])]
    fill = {"agencies": str(event["agencies"]).replace(";", ", "), "publisher": publisher, "date": event["date"]}
    scope_es = ", ".join(translate("event-scope", scope, "es") for scope in scopes)
    label_es = translate("event-label", label, "es")
    return label.format(**fill, scope=", ".join(scopes)), label_es.format(**fill, scope=scope_es)


def _spanish_table(context: str, *english: str) -> dict[str, str]:
    """English → Spanish of the words of one column of the data, each from the catalog (msgctxt ``context``)."""
    return {en: translate(context, en, "es") for en in english}


# The words of an event row as the data writes them, with their Spanish from the catalog (one msgctxt per column).
SYSTEMS_ES = _spanish_table(
    "system",
    NC_("system", "Nlets"), NC_("system", "DMV records (all channels)"), NC_("system", "direct DMV access"),
    NC_("system", "licence-plate readers and data privacy"), NC_("system", "CLETS"),
    NC_("system", "DAPS (DOL driver and plate search)"),
    NC_("system", "driver's licence records (channel not stated)"),
    NC_("system", "driver's licence data through ACCESS/Nlets"),
    NC_("system", "immigration status data held by Driver and Vehicle Services (all channels)"),
    NC_("system", "SAVE"), NC_("system", "SAVE (driver's licence data through Nlets)"),
    NC_("system", "confidential plates"))
MEANINGS_ES = _spanish_table(
    "date-meaning",
    NC_("date-meaning", "applied"), NC_("date-meaning", "law effective"), NC_("date-meaning", "rule effective"),
    NC_("date-meaning", "ordered"), NC_("date-meaning", "reported by"), NC_("date-meaning", "reported cut-off"),
    NC_("date-meaning", "announced"), NC_("date-meaning", "signed"), NC_("date-meaning", "filed"),
    NC_("date-meaning", "published"), NC_("date-meaning", "effective"))
PRECISION_ES = _spanish_table("date-precision", NC_("date-precision", "day"), NC_("date-precision", "month"),
                              NC_("date-precision", "year"))
TIERS_ES = _spanish_table("source-tier", NC_("source-tier", "primary"), NC_("source-tier", "press"),
                          NC_("source-tier", "reference"), NC_("source-tier", "weak"))
LICENCE_MEANINGS_ES = _spanish_table(
    "licence-date-meaning",
    NC_("licence-date-meaning", "law effective"), NC_("licence-date-meaning", "programme start"),
    NC_("licence-date-meaning", "law signed"), NC_("licence-date-meaning", "first licensed"))
VINTAGES_ES = _spanish_table(
    "population-vintage",
    NC_("population-vintage", "Census PEP Vintage 2025 estimate"),
    NC_("population-vintage", "2020 Island Areas Census count"))


def spanish(table: dict[str, str], value: str) -> str:
    """``value`` in Spanish from ``table``; a value the table lacks raises, so no English is shown as Spanish.

    >>> spanish(SYSTEMS_ES, "direct DMV access")
    'acceso directo al DMV'
    """
    if value and value not in table:
        raise KeyError(f"no Spanish for {value!r}")
    return table.get(value, "")


def note_es(event_id: str, note: str) -> str | None:
    """The Spanish of an event's note from the catalog (msgctxt "event-note", msgid the English note exactly): '' for
    no note, None when no translation of *this* English text is held, so a changed note is never shown with a stale
    translation. ``event_id`` names the event in messages only.

    >>> note_es("E39", "940 CMR 37.00 amended (final rule)."), note_es("E39", "changed"), note_es("E99", "")
    ('940 CMR 37.00 modificada (norma definitiva).', None, '')
    """
    del event_id  # the note itself is the key: one translation per English text
    return held("event-note", note, "es") if note else ""
