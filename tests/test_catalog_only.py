"""Every Spanish word the site prints comes from the one message catalog (``locale/es/LC_MESSAGES/messages.po``):
no string literal of the package's Python source is Spanish, outside the module that reads the catalog and the
places listed below with the reason each is there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "analysis"

# Accented letters and marks that English text here never uses, and Spanish words that are not English words.
_MARKS = re.compile(r"[áéíóúüñÁÉÍÓÚÜÑ¿¡«»]")
_WORDS = re.compile(r"\b(según|del|los|las|una|unas|para|desde|hasta|también|cuando|porque|entre|sobre|cifra|cifras|"
                    r"consultas|estado|estados|bloqueo|bloqueos|bloqueado|informado|informe|acceso|cartas|fuente|"
                    r"fuentes|fecha|periodo|residentes|agencias|millones|solo|aún|así|que|con|por)\b")
# Words above that English strings of the package use as they are (names, codes): none at present.

# Files that read the catalog.
ALLOWED_FILES = {
    "publish/i18n.py": "reads the catalog; holds no Spanish of its own but its doctests",
}
# Single literals that are Spanish on purpose, with the reason.
ALLOWED_STRINGS = {
    "En español": "the English page's link to the Spanish one, named in Spanish as the language switch must be",
    r"suponiendo que ([^;.:]+)": "a pattern that reads Spanish sentences (never printed)",
    r"\b(dijo|dijeron|según)\b": "a pattern that reads Spanish sentences (never printed)",
}


def is_spanish(text: str) -> bool:
    """Whether a string literal reads as Spanish (an accented letter, a Spanish quotation mark or a Spanish word).

    >>> is_spanish("bloqueo en curso"), is_spanish("según Nlets"), is_spanish("block in progress")
    (True, True, False)
    """
    return bool(_MARKS.search(text) or _WORDS.search(text))


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions (their doctests show Spanish output)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def spanish_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each Spanish string literal of a module's source, f-string pieces included, docstrings not.

    >>> spanish_literals('x = f"{n} consultas"\\ny = "queries"\\n')
    [(1, ' consultas')]
    """
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                  and node.value not in ALLOWED_STRINGS and is_spanish(node.value))


def _allowed(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    return any(relative.match(pattern) for pattern in ALLOWED_FILES)


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if not _allowed(p))


def test_the_scan_covers_the_package():
    assert len(SOURCES) > 50
    assert PACKAGE / "publish" / "site_states.py" in SOURCES and PACKAGE / "publish" / "text" / "spanish.py" in SOURCES
    assert not (PACKAGE / "publish" / "text" / "event_notes_es.py").exists()


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_spanish_literal_outside_the_catalog(path):
    found = spanish_literals(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(PACKAGE)}: Spanish literals (move them to messages.po and look them up "
                       f"through analysis.publish.i18n): {found}")


@pytest.mark.parametrize("source, expected", [
    ('NOTE = "Las cartas del 2025-11-12"\n', [(1, "Las cartas del 2025-11-12")]),
    ('x = f"{a} informado hasta el {b}"\n', [(1, " informado hasta el ")]),
    ('LABEL = ("block applied", "bloqueo aplicado")\n', [(1, "bloqueo aplicado")]),
    ('def f():\n    """>>> f()\n    \'según\'"""\n    return "ok"\n', []),
    ('OTHER = "En español"\n', []),
    ('TEXT = "ICE blocked in Los Angeles and Las Vegas"\n', []),
])
def test_the_scan_finds_spanish_and_only_spanish(source, expected):
    assert spanish_literals(source) == expected


def test_every_allowed_file_and_string_is_still_there():
    """An allow-list line whose file is gone or whose string is no longer in the source is stale."""
    for pattern in ALLOWED_FILES:
        assert list(PACKAGE.glob(pattern)), pattern
    text = "".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    literals = {node.value for p in PACKAGE.rglob("*.py") for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert text and not [s for s in ALLOWED_STRINGS if s not in literals]


def test_a_message_the_catalog_lacks_is_refused_not_shown_in_english():
    from analysis.publish import i18n
    from analysis.publish.text.event_labels import SYSTEMS_ES, spanish

    assert i18n.translate("system", "direct DMV access", "es") == "acceso directo al DMV"
    assert i18n.translate("system", "a system the data does not have", "en") == "a system the data does not have"
    with pytest.raises(KeyError, match="msgctxt 'system'"):
        i18n.translate("system", "a system the data does not have", "es")
    with pytest.raises(KeyError):
        spanish(SYSTEMS_ES, "a system the data does not have")
