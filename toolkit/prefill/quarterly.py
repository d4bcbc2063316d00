"""Pre-filled rows for the quarterly workbooks: registered actions, emulation activities and the
youth members of each unit, taken from the store (the year's current pledge submissions)."""

from __future__ import annotations

from typing import Any

from toolkit.prefill.context import PrefillContext
from toolkit.scoring.quarter_data import registered_actions, registered_emulation


def quarterly_rows(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    people = pc.roster.people_of(pc.unit.code)
    registered = registered_actions(pc.store, pc.config.year, pc.unit.code)
    progress = []
    for p in people:
        for reg in registered.get(p.person_id, []):
            progress.append({"person_id": p.person_id, "name": p.name, "action_no": reg.no,
                             "action": reg.action, "deadline": reg.deadline})
    assessment = [{"person_id": p.person_id, "name": p.name, "position": p.position}
                  for p in people]
    return {"progress": progress, "people": assessment}


def unit_report_rows(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    activities = registered_emulation(pc.store, pc.config.year, pc.unit.code)
    return {"sessions": [], "emulation": [{"activity": a} for a in activities],
            "propaganda": [], "youth": []}


def diary_rows(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    youth = [p for p in pc.roster.people_of(pc.unit.code) if p.youth_member]
    return {"entries": [{"person_id": p.person_id, "name": p.name} for p in youth]}
