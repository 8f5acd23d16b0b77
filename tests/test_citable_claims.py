"""Every citable sentence in reports/ is one a standards desk can print: its bound column says what its words say,
its value prints as a person reads it, and neither it nor any figure or credit line rests on a weak source."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.paths import project_root
from analysis.sources.tables import load_sources

ROOT = project_root()
REPORTS = ROOT / "reports"
CITABLE = pd.read_csv(REPORTS / "tables" / "citable_numbers.csv", dtype=str, keep_default_na=False)
ENTRIES = json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))["entries"]
TIERS = load_sources().set_index("source_id")["tier"]

# The words just before a number and the bound they state.
_BOUND_OF_WORDS = [
    (r"(no more than|at most)\s*$", "at most"),
    (r"(at least|more than|over)\s*$", "at least"),
    (r"(about|around|roughly|nearly)\s*$", "approximate"),
]


def stated_bound(sentence: str, formatted: str) -> str:
    """The bound a sentence states for the number it prints (``formatted``), read from the words before it.

    >>> stated_bound("No more than 1 in 479 DMV queries came from HSI.", "1 in 479")
    'at most'
    >>> stated_bound("Agencies ran more than 290 million DMV queries.", "290 million")
    'at least'
    >>> stated_bound("ICE ran 292,114 DMV queries — at most 0.101% of all.", "292,114")
    'exact'
    """
    at = sentence.find(formatted)
    assert at >= 0, f"the sentence does not print its number {formatted!r}: {sentence}"
    before = sentence[:at]
    for pattern, bound in _BOUND_OF_WORDS:
        if re.search(pattern, before, re.I):
            return bound
    return "exact"


@pytest.mark.parametrize("row", CITABLE.to_dict("records"), ids=list(CITABLE["id"]))
def test_bound_column_says_what_the_sentence_says(row):
    assert stated_bound(row["sentence"], row["formatted_value"]) == row["bound"], row["sentence"]


@pytest.mark.parametrize("row", CITABLE.to_dict("records"), ids=list(CITABLE["id"]))
def test_value_prints_as_a_person_reads_it(row):
    value = row["value"]
    assert not re.fullmatch(r"-?\d+\.0", value), f"{row['id']}: {value} (a whole number printed as a float)"
    float(value)  # a number, not text


@pytest.mark.parametrize("row", CITABLE.to_dict("records"), ids=list(CITABLE["id"]))
def test_citable_sentence_rests_on_no_weak_source(row):
    weak = [s for s in row["source_ids"].split(";") if TIERS.get(s) == "weak"]
    assert not weak, f"{row['id']} cites weak sources {weak}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["type"] in ("figure", "citable-numbers")],
                         ids=lambda e: e["name"])
def test_figures_and_their_credit_lines_cite_no_weak_source(entry):
    cited = set(entry["source_ids"]) | {s["id"] for s in entry["sources"]}
    weak = sorted(s for s in cited if TIERS.get(s) == "weak")
    assert not weak, f"{entry['name']} cites weak sources {weak}"


def test_svg_credit_lines_name_no_weak_publisher():
    weak_publishers = load_sources().loc[lambda s: s["tier"] == "weak", "publisher"]
    names = {p.split(" (")[0] for p in weak_publishers}
    for svg in (REPORTS / "figures").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        for line in re.findall(r"Sources?: [^<]*", text):
            hits = [n for n in names if n in line]
            assert not hits, f"{svg.name}: credit line names {hits}"


def test_every_url_is_the_original_or_says_which_copy_was_read():
    sources = load_sources()
    assert sources["tier"].isin(["primary", "press", "reference", "weak"]).all()
    assert (sources["url"].notna() | sources["copy_url"].notna()).all(), "every source keeps an address"
    # An original address that could not be established, or a copy that is not a web page, is left empty and the
    # note says so (fact-check 2026-12, findings 14 and 15).
    gaps = sources[sources["url"].isna() | sources["copy_url"].isna()]
    assert gaps["note"].str.contains("could not be established|copy_url is empty", regex=True).all()
    both = sources.dropna(subset=["url", "copy_url"])
    same_page = both["url"].str.split("?").str[0] == both["copy_url"].str.split("?").str[0]
    mirrors = both[~same_page]
    for row in mirrors.itertuples():
        assert row.note and ("copy" in row.note.lower() or "mirror" in row.note.lower()
                             or "republ" in row.note.lower()), row.source_id


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["type"] == "figure"], ids=lambda e: e["name"])
def test_svg_keeps_live_text_a_graphics_desk_can_edit(entry):
    svg = (REPORTS / "figures" / f"{entry['name']}.svg").read_text(encoding="utf-8")
    texts = " ".join(re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text\b.*?</text>", svg, re.S))
    from analysis.publish.style import credit_line

    assert credit_line() in texts, "the credit line is live text"
    assert re.search(r"Sources?: ", texts), "the source line is live text"


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def numbers_in(sentence: str) -> list[str]:
    """The numbers a sentence prints, dates included, in a form both languages share.

    >>> numbers_in("ICE ran 292,114 queries in the year to Sept. 30, 2025 — at most 0.101%.")
    ['0.101%', '2025', '292,114', '30']
    """
    return sorted(n.rstrip(",") for n in _NUMBER.findall(sentence))


# "más de" is the Spanish of "more than"/"over" (a floor that excludes the number), "al menos" of "at least"
# (analysis.publish.text.qualifiers).
_BOUND_WORDS_ES = {"at most": ("como máximo",), "at least": ("al menos", "más de"),
                   "approximate": ("unas", "unos", "alrededor de"), "exact": ()}


@pytest.mark.parametrize("row", CITABLE.to_dict("records"), ids=list(CITABLE["id"]))
def test_every_citable_sentence_has_a_spanish_counterpart_with_the_same_numbers_and_bound(row):
    es = row["sentence_es"]
    assert es.strip() and es != row["sentence"], row["id"]
    assert numbers_in(es) == numbers_in(row["sentence"]), (row["sentence"], es)
    for word in _BOUND_WORDS_ES[row["bound"]]:
        if word in es.lower():
            break
    else:
        assert row["bound"] == "exact", f"{row['id']}: the Spanish sentence does not state its bound ({row['bound']})"
    other = [w for b, words in _BOUND_WORDS_ES.items() if b != row["bound"] for w in words]
    number_at = es.find(row["formatted_value"]) if row["formatted_value"][0].isdigit() else -1
    if number_at >= 0:
        before = es[:number_at].lower().rstrip()
        assert not any(before.endswith(w) for w in other), (row["id"], es)


def _entry(name: str) -> dict:
    return next(e for e in ENTRIES if e["name"] == name and e.get("language", "en") == "en")


def test_a_credit_names_only_the_sources_of_the_rows_it_draws() -> None:
    """The share of residents is of the 50 states and DC (territories beside it, not in it), and on 2025-09-30 a
    jurisdiction with no report rests on no source: the later reports that first speak of Delaware (2025-11-15) and
    of the settlement states (KJAN, 2025-12-02) are not credited for a day before they were published."""
    share = _entry("fig02-shielded-share")
    assert {"census-island-areas-2020", "viconsortium-2021-10-28"}.isdisjoint(share["source_ids"]), share["source_ids"]
    assert "census-pep-vintage-2025" in share["source_ids"]
    september_map = _entry("fig02-ice-block-map")
    assert {"kjan-2025-12-02", "delawarecall-2025-11-15"}.isdisjoint(september_map["source_ids"]), \
        september_map["source_ids"]
    citable = CITABLE.set_index("id").loc["02-residents-in-blocking-states-share", "source_ids"].split(";")
    assert {"census-island-areas-2020", "viconsortium-2021-10-28", "kjan-2025-12-02"}.isdisjoint(citable), citable
