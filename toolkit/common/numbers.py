"""Numbers as a Vietnamese office writes them: decimal comma, dot between thousands.

One definition for every output that prints a figure as text (the key figures of
:mod:`toolkit.scoring.figures`, the workbook report, the Word documents), so the same figure
reads the same everywhere: 1036 -> "1.036", 94.5 -> "94,5", 94 -> "94,0".
"""

from __future__ import annotations

import math
from typing import Any


def vn_number(x: Any, digits: int = 1) -> str:
    """1234.5 -> "1.234,5"; 94.0 -> "94,0" (the digits kept); None/NaN -> "–"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_int(n: Any) -> str:
    """1036 -> "1.036"; None -> "–"."""
    return "–" if n is None else f"{int(n):,}".replace(",", ".")


def percent(n: int, d: int) -> str:
    """46 of 48 -> "95,8%"; "–" when there is nothing to divide by."""
    return "–" if not d else vn_number(100 * n / d) + "%"
