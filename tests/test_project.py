"""The project's front door: the README's two commands are the Makefile's, and CI runs the test one."""

from __future__ import annotations

import re

from analysis.sources.tables import disclosure_value

from analysis.paths import project_root

ROOT = project_root()


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "the README opens with a shell block of commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_make_report_and_make_test():
    assert _readme_commands() == ["make report", "make test"]
    head = (ROOT / "README.md").read_text().split("```sh", 1)[0]
    assert head.count("\n") <= 3, "the commands come first"


def test_readme_commands_are_makefile_targets():
    makefile = (ROOT / "Makefile").read_text()
    for command in _readme_commands():
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile defines no '{target}' target"
        assert re.search(rf"^\.PHONY:.*\b{target}\b", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test" in lines
    assert "set -euo pipefail" in lines
    assert not any("|| true" in line for line in lines), "nothing may hide a failure"


def test_readme_links_the_data_dictionary():
    assert "](data/raw/README.md)" in (ROOT / "README.md").read_text()


def test_readme_figures_are_the_sourced_ones():
    """The README quotes the disclosure; its numbers must be the ones in data/raw."""
    intro = (ROOT / "README.md").read_text().split("## For reporters")[0]
    assert f"over {disclosure_value('dmv_queries_via_nlets_total') // 1_000_000} million" in intro
    for metric in ("dmv_queries_via_nlets_by_ice", "dmv_queries_via_nlets_by_hsi",
                   "agencies_with_nlets_access_to_state_dmv_data"):
        assert f"{disclosure_value(metric):,}" in intro, metric
    words = {4: "four", 5: "five"}
    assert f"of {words[disclosure_value('states_known_to_nlets_to_block_ice')]} states" in intro
