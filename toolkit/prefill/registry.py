"""Which function pre-fills which form: the one list of them."""

from __future__ import annotations

from typing import Any

from toolkit.prefill import pledge, quarterly, yearend
from toolkit.prefill.context import Prefill, PrefillContext

PREFILL: dict[str, Prefill] = {
    "pledge": pledge.pledge_rows,
    "quarterly": quarterly.quarterly_rows,
    "unit-report": quarterly.unit_report_rows,
    "diary": quarterly.diary_rows,
    "year-review": yearend.year_review_rows,
    "rating": yearend.rating_not_sent,
}


def prefilled_rows(pc: PrefillContext, form_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows ``form_id``'s workbook for ``pc.unit`` starts with (none for a form without any)."""
    fill = PREFILL.get(form_id)
    return fill(pc) if fill else {}
