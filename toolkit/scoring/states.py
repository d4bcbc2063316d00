"""A submission's state against its deadline, as the scores and outputs name it.

A unit is on time when its FIRST acceptable submission (the first one stored for that form and
period) reached the office by the deadline: a later correction never makes it late. The store
gives that time with every submission it lists (``first_at``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"


def first_received(sub: Any) -> dt.datetime | None:
    """When the unit's first submission of ``sub``'s form and period reached the office (the
    submission's own time when the store did not say)."""
    try:
        first = sub["first_at"]
    except (KeyError, IndexError):
        first = None
    when = first or sub["submitted_at"]
    return dt.datetime.fromisoformat(when) if when else None


def state_of(sub: Any, deadline: dt.date, as_of: dt.date) -> str:
    """ON_TIME / LATE for a unit that sent (judged by its first submission); MISSING after
    the deadline, PENDING before it, for one that did not (``sub`` None)."""
    if sub is None:
        return MISSING if as_of > deadline else PENDING
    first = first_received(sub)
    return LATE if first and first.date() > deadline else ON_TIME
