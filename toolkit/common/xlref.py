"""A1 references."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1024)
def col_letter(col: int) -> str:
    """Column letters of a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters



def a1(row: int, col: int) -> str:
    """A1 reference of a 0-based (row, col)."""
    return f"{col_letter(col)}{row + 1}"
