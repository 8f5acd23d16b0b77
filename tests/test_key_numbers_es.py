"""Every key number of the manifest carries its Spanish label (``label_es``, from the catalog), built from the same
values as the English one, so the Spanish index lists each figure's and table's key numbers in Spanish."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from analysis.findings import access_status, block_history, rates_per_100k, state_figures
from analysis.findings.access_now import status_then_and_now
from analysis.findings.breakdown import breakdown_table
from analysis.publish.citable_numbers import read_citable
from analysis.publish.data_as_of import data_as_of
from analysis.publish.export_checks import _key_numbers
from analysis.publish.figures.access_now_map import now_classes, now_key_numbers
from analysis.publish.figures.block_timeline import timeline_key_numbers
from analysis.publish.figures.ice_block_map import map_key_numbers
from analysis.publish.figures.shielded_share import shielded_key_numbers
from analysis.publish.figures.washington_periods import washington_key_numbers
from analysis.publish.site_index import index_html
from analysis.publish.tables import open_rates_table
from analysis.publish.text.breakdown import key_numbers as breakdown_key_numbers
from analysis.sources.tables import load_state_level_figures, load_states
from synthetic_tables import shielded_for

REPORTS = Path(__file__).parents[1] / "reports"
STATES = load_states()


@cache
def fresh_key_numbers() -> dict[str, list[dict]]:
    """The key numbers of every manifest entry that has some, computed now from the inputs its notebook uses, as the
    manifest records them."""
    rates = rates_per_100k.queries_per_100k_open(STATES)
    table = breakdown_table()
    shares = breakdown_key_numbers(table, ["ICE", "HSI"], "share")
    built = {
        "fig01-ice-hsi-share-per-10000": shares,
        "tab01-breakdown-by-requester": shares,
        "fig01-daily-query-rates": breakdown_key_numbers(table, ["ICE", "HSI", "All requesters"], "per_day"),
        "fig02-block-timeline": timeline_key_numbers(block_history.block_timeline(STATES),
                                                     block_history.block_dates(STATES)),
        "fig02-ice-block-map": map_key_numbers(access_status.access_categories(STATES, "2025-09-30"), STATES),
        "fig02-ice-access-now-map": now_key_numbers(now_classes(status_then_and_now(STATES))),
        "fig02-shielded-share": shielded_key_numbers(shielded_for(STATES), STATES),
        "fig02-washington-periods": washington_key_numbers(
            state_figures.state_figure_rates(load_state_level_figures(), STATES), STATES, rates),
        "tab02-open-state-query-rates": list(open_rates_table(rates).key_numbers),
    }
    return {name: _key_numbers(numbers) for name, numbers in built.items()}


def _manifest_entries() -> list[dict]:
    return json.loads((REPORTS / "manifest.json").read_text(encoding="utf-8"))["entries"]


def _all_numbers() -> list[dict]:
    return [n for numbers in fresh_key_numbers().values() for n in numbers]


def test_every_manifest_entry_with_key_numbers_is_covered_here():
    # A new figure or table with key numbers must be added to fresh_key_numbers, so its Spanish labels are checked.
    with_numbers = {e["name"] for e in _manifest_entries() if e.get("key_numbers")}
    assert with_numbers == set(fresh_key_numbers())


def test_every_key_number_has_a_spanish_label_unlike_the_english():
    numbers = _all_numbers()
    assert len(numbers) > 30
    missing = [n["id"] for n in numbers if not str(n.get("label_es") or "").strip()]
    assert not missing
    same = [n["id"] for n in numbers if n["label_es"] == n["label"]]
    assert not same


def _digits(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


@pytest.mark.parametrize("number", _all_numbers(), ids=lambda n: n["id"])
def test_the_spanish_label_says_the_same_numbers_and_dates(number):
    assert _digits(number["label_es"]) == _digits(number["label"])


def test_the_spanish_label_names_the_states_in_spanish():
    labels = {n["id"]: n["label_es"] for n in fresh_key_numbers()["fig02-block-timeline"]}
    assert "Nueva York" in labels["02-blocks-reported-date"] and "New York" not in labels["02-blocks-reported-date"]
    assert "Oregón" in labels["02-blocks-in-progress"]


def test_the_spanish_index_lists_every_key_number_in_spanish():
    entries = [{**e, "key_numbers": fresh_key_numbers().get(e["name"], e.get("key_numbers", []))}
               for e in _manifest_entries()]
    page = index_html(entries, read_citable(REPORTS), [], data_as_of(), lang="es")
    lists = re.findall(r"<dt>Cifras clave</dt><dd><ul>(.*?)</ul></dd>", page, flags=re.S)
    # one list per chart (the index lists tables without their key numbers)
    assert len(lists) == len([name for name in fresh_key_numbers() if name.startswith("fig")])
    english = [item for block in lists for item in re.findall(r"<li>.*?</li>", block) if 'lang="en"' in item]
    assert not english
    assert "Nueva York" in "".join(lists)
    # a date the source gives as part of a month is printed in Spanish too, not only the labels
    assert "mediados de noviembre de 2025</strong>" in "".join(lists) and "mid-November" not in "".join(lists)


def test_a_key_number_without_a_spanish_label_shows_its_english_marked_as_english():
    # The check above can fail: the same index from a key number with no label_es marks the English as English.
    entry = next(e for e in _manifest_entries() if e["name"] == "fig02-block-timeline")
    bare = [{k: v for k, v in n.items() if k != "label_es"} for n in fresh_key_numbers()["fig02-block-timeline"]]
    page = index_html([{**entry, "key_numbers": bare}], read_citable(REPORTS), [], data_as_of(),
                      lang="es")
    block = re.search(r"<dt>Cifras clave</dt><dd><ul>(.*?)</ul></dd>", page, flags=re.S)
    assert block and '<span lang="en">' in block.group(1)


def test_the_english_label_is_unchanged_by_the_spanish():
    labels = {n["id"]: n["label"] for n in fresh_key_numbers()["fig02-washington-periods"]}
    assert labels["02-wa-federal-queries-per-day"].startswith("Washington: federal queries per day (")
