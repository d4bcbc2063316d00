"""The dashboard's two ways of writing a cell: a number (blank for None/NaN) and user text (always
a string, never a formula or a link)."""

from __future__ import annotations

import math
from typing import Any


def num(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """A number, or an empty cell for None/NaN (never an error value)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "", fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def text(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """User text, always as a string (never a formula or a link)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, str(value)[:32767], fmt)
