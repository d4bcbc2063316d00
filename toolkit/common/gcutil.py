"""The garbage collector paused while a command builds large, plain data.

A province's quarter is hundreds of thousands of rows decoded into lists, dicts and data frames.
Python's cyclic collector runs every few hundred new objects and, as the heap grows, walks all of
it again (the roster, the year's base, the rows already built): about a tenth of a dashboard's
time. None of these objects refer to themselves, so nothing is lost by collecting once at the end.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_LOCK = threading.Lock()
_DEPTH = 0          # paused sections open (threads may nest them)
_WAS_ENABLED = False


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block without automatic collections; the collector is back as it was after the
    last open block ends (so nested or concurrent blocks never leave it off)."""
    global _DEPTH, _WAS_ENABLED
    with _LOCK:
        if _DEPTH == 0:
            _WAS_ENABLED = gc.isenabled()
            gc.disable()
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0 and _WAS_ENABLED:
                gc.enable()
