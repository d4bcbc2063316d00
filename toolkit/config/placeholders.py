"""Values still to fill in lamtheobac.toml: a new workspace's keys nobody gave (``init`` without
answers) and the year's keys a workspace made from last year's leaves to fill. Each holds
:data:`TO_FILL` ("CẦN ĐIỀN: …"); a date key holds the proposed date after it, read meanwhile."""

from __future__ import annotations

import re

TO_FILL = "CẦN ĐIỀN"
_TO_FILL_FOLDED = re.compile(r"can[\s_-]*dien")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}")


def is_to_fill(value: object) -> bool:
    """Whether a config value is still a placeholder (it holds TO_FILL, in any spelling)."""
    if not isinstance(value, str):
        return False
    from toolkit.common.text import fold
    return _TO_FILL_FOLDED.search(fold(value)) is not None


def proposed_date(value: str) -> str:
    """The date a placeholder proposes ("CẦN ĐIỀN: 2025-03-15 (…)" -> "2025-03-15"); any
    other text as it is."""
    if is_to_fill(value):
        found = _DATE.search(value)
        if found:
            return found.group(0)
    return value
