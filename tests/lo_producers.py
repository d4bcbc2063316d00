"""Workbooks to save through LibreOffice in the shared batch (see conftest.lo_batch).

Each producer takes the demo workspace and a folder, writes filled workbooks there as a unit
would, and returns their paths. File names must be unique across producers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.workspace import Workspace

PRODUCERS: list[Callable[[Workspace, Path], list[Path]]] = []


def producer(fn: Callable[[Workspace, Path], list[Path]]) -> Callable[[Workspace, Path], list[Path]]:
    PRODUCERS.append(fn)
    return fn
