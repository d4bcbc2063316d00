"""Pre-filled rows of the year review: each person's registered actions with the result of every
quarterly report, and each person's quarter scores (from toolkit.scoring.scores)."""

from __future__ import annotations

import math
from typing import Any

from toolkit.prefill.context import PrefillContext

NO_REPORT = "–"


def _score_text(v: float) -> str:
    return NO_REPORT if v is None or (isinstance(v, float) and math.isnan(v)) else \
        f"{v:.0f}"


def progress_text(row: Any) -> str:
    """What one quarterly report said about one action, in a few words."""
    if row is None or not row.get("reported"):
        return NO_REPORT
    if row.get("unchecked"):
        return "Có lỗi, chưa tính"
    progress = row.get("progress")
    progress = progress if isinstance(progress, str) else ""     # pandas 3 gives NaN for None
    percent = row.get("percent")
    if isinstance(percent, (int, float)) and not math.isnan(float(percent)) and \
            progress != "Hoàn thành":
        shown = f"{float(percent):.0f}%"
        return f"{progress} ({shown})" if progress else shown
    return progress or NO_REPORT


def year_review_rows(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    people = pc.roster.people_of(pc.unit.code)
    if pc.store is None:
        return {"actions": [], "unit": [],
                "people": [{"person_id": p.person_id, "name": p.name, "position": p.position,
                            "civil_servant": "Có" if p.civil_servant else "Không"}
                           for p in people]}
    from toolkit.config.workspace import Workspace
    from toolkit.scoring.year_data import load_year, rating_inputs
    ws = Workspace(pc.config.path.parent, pc.config)
    data = load_year(ws, pc.config.year)
    by_action: dict[tuple[str, int, int], Any] = {}
    for q, qs in data.quarters.items():
        if qs is None:
            continue
        for _, row in qs.actions.iterrows():
            by_action[(row["person_id"], int(row["no"]), q)] = row
    inputs = rating_inputs(data).set_index("person_id")
    actions, rows = [], []
    for p in people:
        for reg in data.registered.get(p.person_id, []):
            item = {"person_id": p.person_id, "name": p.name, "action_no": reg.no,
                    "action": reg.action, "deadline": reg.deadline}
            for q in (1, 2, 3, 4):
                item[f"q{q}"] = progress_text(by_action.get((p.person_id, reg.no, q)))
            actions.append(item)
        sc = inputs.loc[p.person_id] if p.person_id in inputs.index else None
        quarters = " · ".join(f"{r}: {_score_text(sc[f'q{q}']) if sc is not None else NO_REPORT}"
                              for q, r in zip((1, 2, 3, 4), ("I", "II", "III", "IV")))
        so_far = sc["score_so_far"] if sc is not None else math.nan     # "tạm tính"
        year_score = None if math.isnan(so_far) else float(so_far)
        rows.append({"person_id": p.person_id, "name": p.name, "position": p.position,
                     "civil_servant": "Có" if p.civil_servant else "Không",
                     "quarter_scores": quarters,
                     "year_score": round(year_score, 1) if year_score is not None else None})
    return {"actions": actions, "people": rows, "unit": []}


def rating_not_sent(pc: PrefillContext) -> dict[str, list[dict[str, Any]]]:
    """The rating sheet is made by ``lamtheobac rate`` for leadership, never sent to units."""
    from toolkit.common.i18n import t
    from toolkit.config.workspace import WorkspaceError
    raise WorkspaceError(t("err.rating_template", year=pc.config.year))
