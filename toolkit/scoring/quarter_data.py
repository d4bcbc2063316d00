"""What the store holds for the quarterly cycle, as plain Python values (no pandas).

Used by the quarterly prefill, the store-dependent validation rules and scoring: the registered
actions and emulation activities of the year's current pledge submissions, and what a unit's
current quarterly report and unit report say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import parse_date
from toolkit.common.text import canonical

if TYPE_CHECKING:
    from toolkit.store.db import Store


def action_key(text: str) -> str:
    """The comparison key of an action text: canonical, punctuation-tolerant at the ends."""
    return canonical(str(text or "")).strip(" .;,")


@dataclass(frozen=True)
class Registered:
    """One registered action of a person."""

    person_id: str
    no: int                       # 1, 2, 3 … in the order of the pledge
    action: str
    deadline: dt.date | None
    standard: str = ""
    goal: str = ""
    unit: str = ""
    file: str = ""
    name: str = ""


def live_pledges(store: Store, year: int, unit: str | None = None, extra: tuple[str, ...] = ()
                 ) -> list[list[Any]]:
    """The registered actions of the year's current pledge submissions, in store order, in one
    query: [submission id, person id, action, deadline (a date of ``year`` or None), *extra]."""
    rows = store.current_values("pledge", str(year), "pledges",
                                ("action", "deadline", "_raw", *extra), unit, live=True)
    dates: dict[Any, dt.date | None] = {}
    out = []
    for row in rows:
        if not row[1] or not row[2]:
            continue
        deadline, raw = row[3], row[4]
        if raw and "deadline" in raw:
            deadline = None
        elif deadline:
            try:
                deadline = dates[deadline]
            except KeyError:
                dates[deadline] = deadline = stored_date(deadline, year)
            except TypeError:            # not a plain value: as store.records() would give it
                deadline = stored_date(deadline, year)
        else:
            deadline = None
        row[3] = deadline
        del row[4]
        out.append(row)
    return out


def stored_date(value: Any, year: int) -> dt.date | None:
    """A registered deadline as read back from the store (a date of ``year``, else None)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    found = parse_date(value) if value else None
    return found if found is not None and found.year == year else None


def registered_actions(store: Store | None, year: int, unit: str | None = None
                       ) -> dict[str, list[Registered]]:
    """person id -> registered actions, from the current pledge submission of each unit."""
    return unit_pledges(store, year, unit)[1]


def unit_pledges(store: Store | None, year: int, unit: str | None = None
                 ) -> tuple[bool, dict[str, list[Registered]]]:
    """(whether a current pledge submission exists, :func:`registered_actions`), one lookup."""
    out: dict[str, list[Registered]] = {}
    if store is None:
        return False, out
    unit = unit or None
    subs = {s["id"]: s for s in store.submissions("pledge", str(year), unit=unit)}
    if not subs:
        return False, out
    for sid, pid, action, deadline, standard, goal, name in live_pledges(
            store, year, unit, ("standard", "goal", "name")):
        sub = subs[sid]
        mine = out.setdefault(pid, [])
        mine.append(Registered(pid, len(mine) + 1, str(action), deadline, str(standard or ""),
                               str(goal or ""), sub["unit"], sub["file_name"], str(name or "")))
    return True, out


def registered_emulation(store: Store | None, year: int, unit: str) -> list[str]:
    """The unit's emulation activities from its current pledge submission."""
    if store is None:
        return []
    for sub in store.submissions("pledge", str(year), unit=unit):
        return [str(r["activity"]) for r in store.records(sub["id"], "emulation")
                if r.get("activity")]
    return []


def current_submission(store: Store, form: str, period: str, unit: str) -> Any:
    subs = store.submissions(form, period, unit=unit)
    return subs[0] if subs else None


def sessions_held(store: Store | None, period: str, unit: str) -> int | None:
    """Study sessions the unit recorded in its current unit report; None without a report."""
    if store is None:
        return None
    sub = current_submission(store, "unit-report", period, unit)
    if sub is None:
        return None
    return count_sessions(store.records(sub["id"], "sessions"))


def count_sessions(records: list[dict[str, Any]]) -> int:
    return sum(1 for r in records if not r.get("_empty") and (r.get("date") or r.get("topic")))
