"""The three caveats every count carries, written once: their names, the note on a chart that shows query counts,
the lines of a notebook's limits list, and the note on the reporters' page in English and Spanish."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Caveat:
    """One caveat: ``name`` as a heading ("Queries, not people"), ``text`` as the sentence or two that explain it."""

    name: str
    text: str

    def limits_line(self) -> str:
        """The caveat as a Markdown list item, name in bold: ``- **Queries, not people.** Every count ...``."""
        return f"- **{self.name}.** {self.text}"


QUERIES_NOT_PEOPLE = Caveat(
    "Queries, not people",
    "Every count is of DMV queries. Repeat look-ups of one person are not removed; no count of people, licences or "
    "vehicles was published.",
)
MOSTLY_FEDERAL = Caveat(
    "Mostly federal and out-of-state users",
    "Police do not generally use Nlets to query their own state's records, so the national total leaves out most "
    "in-state access.",
)
NO_PER_STATE_SPLIT = Caveat(
    "No per-state split in the disclosure",
    "The ICE and HSI counts are national.",
)
CAVEATS: tuple[Caveat, ...] = (QUERIES_NOT_PEOPLE, MOSTLY_FEDERAL, NO_PER_STATE_SPLIT)

# On every chart that shows query counts (never on one that shows dates or residents only).
CHART_NOTE = "Counts are queries, not people."
# On a chart drawn from a researcher's own file.
OWN_FILE_NOTE = f"From a user-supplied file, not a published source. {CHART_NOTE}"

