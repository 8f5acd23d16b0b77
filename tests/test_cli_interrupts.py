"""Ctrl-C held while a module is imported (a C extension would turn it into an ImportError), raised after."""

from __future__ import annotations

import importlib
import signal
import sys
import threading

import pytest

from analysis.cli import interrupts


def test_a_frame_inside_an_import_is_seen_as_importing(tmp_path, monkeypatch) -> None:
    (tmp_path / "probe_module_for_interrupts.py").write_text(
        "import sys\nfrom analysis.cli.interrupts import importing\nSEEN = importing(sys._getframe())\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("probe_module_for_interrupts")
    try:
        assert module.SEEN is True
        assert interrupts.importing(sys._getframe()) is False
        assert interrupts.importing(None) is False
    finally:
        sys.modules.pop("probe_module_for_interrupts", None)


def test_ctrl_c_outside_an_import_raises_at_once() -> None:
    with pytest.raises(KeyboardInterrupt):
        interrupts._handler(signal.SIGINT, sys._getframe())


def test_ctrl_c_inside_an_import_is_tried_again_until_the_import_has_finished(tmp_path, monkeypatch) -> None:
    retried = threading.Event()
    monkeypatch.setattr(interrupts._thread, "interrupt_main", lambda number: retried.set())
    (tmp_path / "probe_module_ctrl_c.py").write_text(
        "import signal, sys\nfrom analysis.cli.interrupts import _handler\n_handler(signal.SIGINT, sys._getframe())\n"
        "FINISHED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        module = importlib.import_module("probe_module_ctrl_c")  # no KeyboardInterrupt inside the import
        assert module.FINISHED
        assert retried.wait(5)  # and the Ctrl-C is delivered again from a thread
    finally:
        sys.modules.pop("probe_module_ctrl_c", None)


def test_the_block_installs_the_handler_and_restores_the_previous_one() -> None:
    before = signal.getsignal(signal.SIGINT)
    with interrupts.interrupts_after_imports():
        assert signal.getsignal(signal.SIGINT) is interrupts._handler
    assert signal.getsignal(signal.SIGINT) is before
