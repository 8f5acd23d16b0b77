"""Ctrl-C during a command: held while a module is being imported, delivered as soon as the import has finished."""

from __future__ import annotations

import _thread
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# Python runs an imported module's code under this frozen module; C extensions (numpy's among them) turn an exception
# raised in the middle of their import into an ImportError with a traceback, so a Ctrl-C is never raised there.
_IMPORT_MACHINERY = "<frozen importlib._bootstrap>"
RETRY_SECONDS = 0.05  # how soon a held Ctrl-C is tried again


def importing(frame: FrameType | None) -> bool:
    """True when ``frame`` (or a frame that called it) is running a module's import."""
    while frame is not None:
        if frame.f_code.co_filename == _IMPORT_MACHINERY:
            return True
        frame = frame.f_back
    return False


def _handler(number: int, frame: FrameType | None) -> None:
    if importing(frame):  # try again shortly, from a thread, as if Ctrl-C had been pressed again
        retry = threading.Timer(RETRY_SECONDS, _thread.interrupt_main, args=(number,))
        retry.daemon = True
        retry.start()
        return
    raise KeyboardInterrupt


@contextmanager
def interrupts_after_imports() -> Iterator[None]:
    """Within the block, a Ctrl-C raises KeyboardInterrupt as usual, except while a module is being imported: then it
    is raised once the import has finished. Only in the main thread (signals are delivered there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
