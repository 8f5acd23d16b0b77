"""The words of the state pages' event rows in English and Spanish: one table of event labels, the Spanish notes.

An event's label comes from its kind, its agencies, its source and its note (:func:`event_label`): a ``reported_open``
event is "reported open by the letters" only when its source is the letters, and an ``access_restored`` event whose
note names only a limited exception (Trusted Traveler, vehicle import/export) is labelled as that exception, never
"access restored". The English notes of ``data/raw/ice_access_events.csv`` have their Spanish here, keyed by event id
together with the English they translate (:func:`note_es`), so a changed English note is never shown with a stale
translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.publish.text.event_notes_es import NEW_NOTES

# Sources that are the 2025-11-12 letters (as quoted by the press).
LETTERS_SOURCES = ("voz-2025-11-13",)


@dataclass(frozen=True)
class Label:
    """An event label in both languages; ``{agencies}``, ``{publisher}``, ``{date}`` and ``{scope}`` are filled in."""

    en: str
    es: str


# (event kind, case) → label. The case is chosen by :func:`_case` from the event's source and note.
LABELS: dict[tuple[str, str], Label] = {
    ("law_effective", ""): Label("law took effect", "entró en vigor una ley"),
    ("rule_effective", ""): Label("rule took effect", "entró en vigor una norma"),
    ("law_signed", ""): Label("law signed", "se firmó una ley"),
    ("block_ordered", ""): Label("block ordered", "bloqueo ordenado"),
    ("block_announced", ""): Label("block described as done by the letters", "las cartas describieron el bloqueo como hecho"),
    ("block_applied", ""): Label("block applied", "bloqueo aplicado"),
    ("block_reported", ""): Label("block reported", "bloqueo informado"),
    ("block_in_progress", ""): Label("block in progress", "bloqueo en curso"),
    ("named_by_nlets", ""): Label("named by Nlets as blocking ICE", "Nlets lo nombró entre los que bloquean a ICE"),
    ("reported_open", "letters"): Label("reported open by the letters", "las cartas lo señalaron abierto"),
    ("reported_open", "other source"): Label("{agencies} access still open (reported by {publisher}, {date})",
                                             "acceso de {agencies} aún abierto (según {publisher}, {date})"),
    ("under_review", ""): Label("{agencies} access under review (reported by {publisher}, {date})",
                                "acceso de {agencies} en revisión (según {publisher}, {date})"),
    ("supports_federal_access", ""): Label("agreed to support {agencies} access (access opening, not closing)",
                                           "acordó apoyar el acceso del {agencies} (el acceso se abre, no se cierra)"),
    ("federal_programme", ""): Label("federal programme seeking the same records", "programa federal que busca los mismos registros"),
    ("confidential_plates", ""): Label("confidential plates for federal agents (a different channel, not a status)",
                                       "matrículas confidenciales para agentes federales (otro canal, no una situación)"),
    ("access_restored", ""): Label("access restored", "acceso restablecido"),
    ("access_restored", "limited"): Label("limited exception for {agencies} ({scope_en})",
                                          "excepción limitada para {agencies} ({scope_es})"),
    ("not_a_dmv_block", ""): Label("not a DMV block (context)", "no es un bloqueo del DMV (contexto)"),
    ("state_system_cutoff", ""): Label("cut off from a state system (not Nlets)",
                                       "corte de un sistema estatal (no Nlets)"),
}
# Words in a note that make an access_restored event a limited exception, with the scope in each language.
LIMITED_SCOPES = (
    ("Trusted Traveler", "Trusted Traveler vetting", "verificación para Viajero de Confianza (Trusted Traveler)"),
    ("import/export", "vehicle import/export", "importación y exportación de vehículos"),
)


def _case(event: dict) -> str:
    """Which row of :data:`LABELS` an event takes."""
    if event["event"] == "reported_open":
        return "letters" if event["source_ids"] in LETTERS_SOURCES else "other source"
    if event["event"] == "access_restored" and any(word in str(event["note"]) for word, _, _ in LIMITED_SCOPES):
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
    scopes = [s for s in LIMITED_SCOPES if s[0] in str(event["note"])]
    fill = {"agencies": str(event["agencies"]).replace(";", ", "), "publisher": publisher, "date": event["date"],
            "scope_en": ", ".join(s[1] for s in scopes), "scope_es": ", ".join(s[2] for s in scopes)}
    return label.en.format(**fill), label.es.format(**fill)


SYSTEMS_ES = {
    "Nlets": "Nlets",
    "DMV records (all channels)": "registros del DMV (todos los canales)",
    "direct DMV access": "acceso directo al DMV",
    "licence-plate readers and data privacy": "lectores de matrículas y privacidad de datos",
    "CLETS": "CLETS",
    "DAPS (DOL driver and plate search)": "DAPS (búsqueda de conductores y matrículas del DOL)",
    "driver's licence records (channel not stated)": "registros de licencias de conducir (canal no indicado)",
    "driver's licence data through ACCESS/Nlets": "datos de licencias de conducir a través de ACCESS/Nlets",
    "immigration status data held by Driver and Vehicle Services (all channels)":
        "datos de estatus migratorio en poder de Driver and Vehicle Services (todos los canales)",
    "SAVE": "SAVE",
    "SAVE (driver's licence data through Nlets)": "SAVE (datos de licencias de conducir a través de Nlets)",
    "confidential plates": "matrículas confidenciales",
}
MEANINGS_ES = {"applied": "aplicado", "law effective": "ley en vigor", "rule effective": "norma en vigor",
               "ordered": "ordenado", "reported by": "informado a más tardar", "reported cut-off": "corte informado",
               "announced": "anunciado", "signed": "firmada", "filed": "presentado", "published": "publicado",
               "effective": "en vigor"}
PRECISION_ES = {"day": "día", "month": "mes", "year": "año"}
TIERS_ES = {"primary": "primaria", "press": "prensa", "reference": "referencia", "weak": "débil"}
LICENCE_MEANINGS_ES = {"law effective": "ley en vigor", "programme start": "inicio del programa",
                       "law signed": "ley firmada", "first licensed": "primera licencia"}
VINTAGES_ES = {"Census PEP Vintage 2025 estimate": "estimación Vintage 2025 del Census PEP",
               "2020 Island Areas Census count": "recuento del censo de las Áreas Insulares 2020"}


def spanish(table: dict[str, str], value: str) -> str:
    """``value`` in Spanish from ``table``; a value the table lacks raises, so no English is shown as Spanish.

    >>> spanish(SYSTEMS_ES, "direct DMV access")
    'acceso directo al DMV'
    """
    if value and value not in table:
        raise KeyError(f"no Spanish for {value!r}")
    return table.get(value, "")


_LETTERS_QUOTE = ("The 2025-11-12 letters, as quoted: block ICE 'as Illinois, New York, Massachusetts, Minnesota, and "
                  "Washington have already done, and as Oregon is currently doing'.")
_OPEN = ("Letter recipient: the letters urged the governor to block ICE's Nlets access, which the state had not done. "
         "No later report found: after 2025-11-12 the status is unknown.")
_NLETS = ("Nlets 'is aware of only four states' that block ICE: IL, NY, MA, MN. When Nlets said so is not published; "
          "it gave Congress the data in October 2025.")
_PLATES = ("Stateline: the state passed laws protecting licence-plate-reader data; it is not among the states that "
           "blocked ICE from driver's licence records. (Jalopnik, 2026-01-12, misread this as cutting ICE off.)")

# (event ids, English note as in data/raw, Spanish note).
_NOTES: tuple[tuple[str, str, str], ...] = (
    ("E01 E02 E03 E04", _NLETS,
     "Nlets «solo tiene conocimiento de cuatro estados» que bloquean a ICE: IL, NY, MA y MN. No se ha publicado cuándo "
     "lo dijo Nlets; entregó los datos al Congreso en octubre de 2025."),
    ("E05 E06 E07 E08", _LETTERS_QUOTE,
     "Las cartas del 2025-11-12, según se citan: bloquear a ICE «como ya lo han hecho Illinois, Nueva York, "
     "Massachusetts, Minnesota y Washington, y como lo está haciendo Oregón»."),
    ("E10", "The letters: Oregon 'is currently doing' it. No later report of completion or of a date was found.",
     "Las cartas: Oregón «lo está haciendo». No se encontró ningún informe posterior de que lo completara ni de una "
     "fecha."),
    (" ".join(f"E{i}" for i in range(11, 30)), _OPEN,
     "Destinatario de las cartas: instaron al gobernador a bloquear el acceso de ICE a través de Nlets, que el estado "
     "no había bloqueado. No se encontró ningún informe posterior: después del 2025-11-12 la situación es "
     "desconocida."),
    ("E35", "Green Light law (Driver's License Access and Privacy Act) took effect: the DMV may not give records to "
     "agencies that primarily enforce immigration law without a judge's order. Not the date of an Nlets block, which "
     "is not reported.",
     "Entró en vigor la ley Green Light (Ley de Acceso y Privacidad de las Licencias de Conducir): el DMV no puede "
     "entregar registros a agencias cuya función principal es hacer cumplir las leyes de inmigración sin la orden de "
     "un juez. No es la fecha de un bloqueo en Nlets, que no se ha informado."),
    ("E36", "USA Today: the DMV cut database access for at least three federal agencies, among them ICE and CBP, "
     "'last week' (direct DMV database access, not a documented Nlets block).",
     "USA Today: el DMV cortó el acceso a su base de datos a al menos tres agencias federales, entre ellas ICE y CBP, "
     "«la semana pasada» (acceso directo a la base de datos del DMV, no un bloqueo documentado en Nlets)."),
    ("E37", "DHS announced that New York had amended the law to allow sharing DMV records for Trusted Traveler "
     "programs and vehicle import/export (CBP). The amendment was in the April 2020 budget (month only); the day is "
     "the DHS release's. Also reported by The Daily Caller the same day.",
     "El DHS anunció que Nueva York había modificado la ley para permitir compartir registros del DMV para los "
     "programas de Viajero de Confianza (Trusted Traveler) y la importación y exportación de vehículos (CBP). La "
     "enmienda se incluyó en el presupuesto de abril de 2020 (solo el mes); el día es el del comunicado del DHS. "
     "También lo informó The Daily Caller el mismo día."),
    ("E38", "940 CMR 37.00 adopted as an emergency rule: the RMV may disclose licence-holder information to agencies "
     "that primarily enforce immigration law (ICE and CBP, 37.04(2)) only under its conditions. Not the date of an "
     "Nlets block, which is not reported.",
     "940 CMR 37.00 adoptada como norma de emergencia: el RMV solo puede divulgar información de titulares de "
     "licencias a agencias cuya función principal es hacer cumplir las leyes de inmigración (ICE y CBP, 37.04(2)) "
     "en las condiciones que fija. No es la fecha de un bloqueo en Nlets, que no se ha informado."),
    ("E39", "940 CMR 37.00 amended (final rule).", "940 CMR 37.00 modificada (norma definitiva)."),
    ("E40", "Unconfirmed (weak source): the DOL/WSP joint statement as quoted in a Tagalog report; the governor's "
     "office ordered ICE's Nlets access to DOL data shut off as early as 2025-11-07.",
     "Sin confirmar (fuente débil): la declaración conjunta del DOL y la WSP, según se cita en un informe en tagalo; "
     "la oficina del gobernador ordenó cortar el acceso de ICE a los datos del DOL a través de Nlets ya el "
     "2025-11-07."),
    ("E42", "Unconfirmed (weak source): the DOL/WSP joint statement as quoted in a Tagalog report: blocked on the "
     "morning of 2025-11-19. Conflicts with Jalopnik's 18 November by one day. The Seattle Times account (2026-01-08) "
     "could not be read that far in the stored copy.",
     "Sin confirmar (fuente débil): la declaración conjunta del DOL y la WSP, según se cita en un informe en tagalo: "
     "bloqueado la mañana del 2025-11-19. Difiere en un día del 18 de noviembre de Jalopnik. El relato de The Seattle "
     "Times (2026-01-08) no pudo leerse hasta ese punto en la copia guardada."),
    ("E44 E45 E46", _PLATES,
     "Stateline: el estado aprobó leyes que protegen los datos de los lectores de matrículas; no está entre los "
     "estados que bloquearon a ICE el acceso a los registros de licencias de conducir. (Jalopnik, 2026-01-12, lo "
     "interpretó erróneamente como un corte del acceso de ICE.)"),
    ("E47", "Unconfirmed (weak source): ICE's ERO division was cut off from CLETS, California's own "
     "law-enforcement network (which carries DMV records), not Nlets. California was still reported open to ICE's "
     "Nlets queries on 2025-11-12.",
     "Sin confirmar (fuente débil): la división ERO de ICE quedó desconectada de CLETS, la red policial propia de "
     "California (que da acceso a los registros del DMV), que no es Nlets. El 2025-11-12 aún se informaba que "
     "California estaba abierta a las consultas de ICE a través de Nlets."),
)
NOTES_ES: dict[str, tuple[str, str]] = {eid: (en, es) for ids, en, es in (*_NOTES, *NEW_NOTES) for eid in ids.split()}


def note_es(event_id: str, note: str) -> str | None:
    """The Spanish of an event's note: '' for no note, None when no translation of *this* English text is held.

    >>> note_es("E39", "940 CMR 37.00 amended (final rule)."), note_es("E39", "changed"), note_es("E99", "")
    ('940 CMR 37.00 modificada (norma definitiva).', None, '')
    """
    if not note:
        return ""
    held = NOTES_ES.get(event_id)
    return held[1] if held and held[0] == note else None
