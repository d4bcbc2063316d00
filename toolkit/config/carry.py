"""What a new year's workspace takes from last year's (``lamtheobac init --from``) beyond the
config and the roster: every person's pledged actions of that year, copied into the new store
as last year's reference (the reference_pledges table). Validation then compares each new pledge
with the same person's of last year (``PLEDGE_SAME_AS_LAST_YEAR``).

The old workspace is only read, through a snapshot of its store (``Store.snapshot``): neither
migrated nor locked, and needed no more once copied, so last year's folder may move or go.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.config.workspace import Workspace


def carry_pledges(old: Workspace, new: Workspace) -> tuple[int, int]:
    """Copy ``old``'s current pledged actions of its year into ``new``'s store; returns (actions,
    people). A workspace that never took pledges in gives (0, 0)."""
    if not old.store_path.is_file():
        return 0, 0
    from toolkit.store.db import Store
    from toolkit.store.records import ReferencePledgeRow
    year = old.config.year
    with Store.snapshot(old.store_path) as store:
        records = store.current_records("pledge", str(year), "pledges")
    source = str(old.root.resolve())
    rows = [ReferencePledgeRow(year, str(rec["person_id"]), str(rec.get("_unit") or ""),
                               str(rec.get("name") or ""), str(rec["action"]),
                               str(rec.get("goal") or ""), _text(rec.get("deadline")), source)
            for rec in records
            if rec.get("action") and rec.get("person_id") and rec.get("_valid", True)
            and not rec.get("_excluded") and not rec.get("_empty")]
    with new.store() as store, store.transaction():
        store.add_reference_pledges(rows)
    return len(rows), len({r.person_id for r in rows})


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
