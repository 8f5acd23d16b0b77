"""The executed notebook in a compare folder carries the user's file name inert (issue 28): converted to HTML, a
name that is markup (``<img onerror>``, a javascript: link) is shown as text. Synthetic notebooks made here."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from analysis.cli.compare import inert_markdown, scrub_notebook, user_strings

HOSTILE = ("<img src=x onerror=alert(1)>.csv", "[click](javascript:alert(1)).csv", "a$x^2$b.csv", "*bold*_.csv")


def _notebook(path: Path, name: str) -> Path:
    output = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
              "data": {"text/markdown": f"- file: {name}\n- rows clean: 2", "text/plain": "<Markdown>"}}
    cell = {"id": "c1", "cell_type": "code", "execution_count": 1, "metadata": {}, "source": "Markdown(note)",
            "outputs": [output]}
    notebook = {"cells": [cell], "metadata": {"papermill": {"input_path": "/home/me/x.ipynb", "cwd": "/home/me"}},
                "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook))
    return path


@pytest.mark.parametrize("name", HOSTILE)
def test_markdown_outputs_carry_the_file_name_inert(tmp_path, name) -> None:
    nbconvert = pytest.importorskip("nbconvert")
    path = _notebook(tmp_path / "nb.ipynb", name)
    args = argparse.Namespace(input=Path("in") / name, sheet=None, agency_map=None,
                              typed=["nlets-analysis", "compare", f"in/{name}", "-o", "out"])
    scrub_notebook(path, user_strings(args))
    notebook = json.loads(path.read_text())
    assert "papermill" not in json.dumps(notebook["metadata"]) or "input_path" not in notebook["metadata"]["papermill"]
    html, _ = nbconvert.HTMLExporter().from_filename(str(path))
    assert "<img src=x" not in html and 'href="javascript:' not in html and "<em>bold" not in html
    assert "- rows clean: 2" in notebook["cells"][0]["outputs"][0]["data"]["text/markdown"]  # our Markdown kept


def test_plain_names_are_left_as_they_are() -> None:
    assert inert_markdown("- file: counts 2025.csv", ("counts 2025",)) == "- file: counts 2025.csv"
    assert inert_markdown("- file: <b>.csv", ()) == "- file: <b>.csv"
