"""Pre-filled rows of the pledge workbook: the unit's people, one row per action to register."""

from __future__ import annotations

from typing import Any

from toolkit.prefill.context import PrefillContext


def pledge_rows(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    rows = []
    for p in pc.roster.people_of(pc.unit.code):
        for _ in range(pc.config.max_actions):
            rows.append({"person_id": p.person_id, "name": p.name, "position": p.position})
    return {"pledges": rows, "emulation": []}
