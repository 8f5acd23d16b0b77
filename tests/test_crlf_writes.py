"""Every text file the library writes names its encoding and its line ends, so Windows writes the same bytes as
Linux (Python's text mode would otherwise write CRLF and the platform's code page)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
# Writes without an explicit newline in modules other sessions own, to be fixed there (one line each); the test
# fails on any other.
KNOWN: set[str] = set()


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg}


def _text_mode(call: ast.Call) -> str | None:
    """The mode of an ``open(...)`` call when it writes text, else None."""
    mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return mode.value if set(mode.value) & set("wax") and "b" not in mode.value else None
    return None


def text_writes_without_newline(source: str) -> list[int]:
    """Line numbers of ``write_text(...)`` and text-mode ``open(..., "w")`` calls lacking ``encoding`` or ``newline``.

    >>> text_writes_without_newline('p.write_text(s, encoding="utf-8")\\nopen(p, "w", encoding="utf-8", newline="")')
    [1]
    """
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        writes = name == "write_text" or (name == "open" and _text_mode(node) is not None)
        if writes and not {"encoding", "newline"} <= _keywords(node):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_a_write_without_newline() -> None:
    assert text_writes_without_newline('Path("a").write_text("x", encoding="utf-8")') == [1]
    assert text_writes_without_newline('with open(p, "a") as f: pass') == [1]
    assert text_writes_without_newline('open(p, "rb"); open(p); p.read_text()') == []


def test_every_text_write_in_the_library_names_encoding_and_newline() -> None:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        lines = text_writes_without_newline(path.read_text(encoding="utf-8"))
        if lines and name not in KNOWN:
            found[name] = lines
    assert found == {}
