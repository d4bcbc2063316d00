"""The store, read into the tables scoring needs for one quarter (pandas DataFrames)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .periods import Period, PeriodError
from .quarter_data import action_key, count_sessions, registered_actions
from .workspace import WorkspaceError

if TYPE_CHECKING:
    import pandas as pd

    from .workspace import Workspace

QUARTER_FORMS = ("quarterly", "unit-report", "diary")


@dataclass
class QuarterData:
    period: Period
    as_of: dt.date
    people: pd.DataFrame
    actions: pd.DataFrame
    units: pd.DataFrame
    sources: pd.DataFrame


def parse_quarter(ws: Workspace, period: str) -> Period:
    from .i18n import t
    try:
        p = Period.parse(period)
    except PeriodError:
        raise WorkspaceError(t("err.period", value=period, year=ws.config.year)) from None
    if p.kind != "Q" or p.year != ws.config.year:
        raise WorkspaceError(t("err.period", value=period, year=ws.config.year))
    return p


def submission_state(sub: Any, deadline: dt.date, as_of: dt.date) -> str:
    from .scoring import LATE, MISSING, ON_TIME, PENDING
    if sub is None:
        return MISSING if as_of > deadline else PENDING
    when = dt.datetime.fromisoformat(sub["submitted_at"]) if sub["submitted_at"] else None
    return LATE if when and when.date() > deadline else ON_TIME


def _live(rec: dict[str, Any]) -> bool:
    return not rec.get("_excluded") and not rec.get("_empty")


def load_quarter(ws: Workspace, period: str, as_of: dt.date | None = None) -> QuarterData:
    import pandas as pd

    from .forms import deadline_for, get_form

    p = parse_quarter(ws, period)
    as_of = as_of or dt.date.today()
    cfg = ws.config
    roster = ws.roster()
    store = ws.store()
    try:
        registered = registered_actions(store, p.year)
        subs = {f: {s["unit"]: s for s in store.submissions(f, str(p))} for f in QUARTER_FORMS}
        progress: dict[tuple[str, str], dict[str, Any]] = {}
        people_rows: dict[str, dict[str, Any]] = {}
        reported_any: set[str] = set()
        for sub in subs["quarterly"].values():
            for rec in store.records(sub["id"], "progress"):
                if _live(rec) and rec.get("person_id"):
                    progress[(rec["person_id"], action_key(rec.get("action") or ""))] = rec
                    if rec.get("progress") or rec.get("percent") is not None:
                        reported_any.add(rec["person_id"])
            for rec in store.records(sub["id"], "people"):
                if _live(rec) and rec.get("person_id"):
                    people_rows[rec["person_id"]] = rec
        unit_info: dict[str, dict[str, Any]] = {}
        for code, sub in subs["unit-report"].items():
            emu = [r for r in store.records(sub["id"], "emulation") if r.get("activity")]
            unit_info[code] = {
                "sessions_held": count_sessions(store.records(sub["id"], "sessions")),
                "emulation_total": len(emu),
                "emulation_active": sum(1 for r in emu if r.get("progress") in
                                        cfg.progress_scale[:2]),
                "propaganda_count": sum(1 for r in store.records(sub["id"], "propaganda")
                                        if r.get("kind") or r.get("description")),
                "youth_count": sum(1 for r in store.records(sub["id"], "youth") if r.get("kind")),
            }
        diary: dict[str, tuple[int, int]] = {}
        for sub in subs["diary"].values():
            for rec in store.records(sub["id"], "entries"):
                if _live(rec) and rec.get("person_id") and rec.get("deed"):
                    n, g = diary.get(rec["person_id"], (0, 0))
                    diary[rec["person_id"]] = (n + 1, g + bool(rec.get("golden_book")))
        sources = _sources(store, subs, p, cfg, roster, as_of)
    finally:
        store.close()

    per_month = float(cfg.scoring.get("sessions_per_month", 1))
    action_rows, person_rows = [], []
    for unit_code in roster.units:
        unit = roster.units[unit_code]
        q_sub = subs["quarterly"].get(unit_code)
        info = unit_info.get(unit_code)
        denominator = info["sessions_held"] if info else 3 * per_month
        for person in roster.people_of(unit_code):
            pid = person.person_id
            regs = registered.get(pid, [])
            for reg in regs:
                rec = progress.get((pid, action_key(reg.action)))
                action_rows.append({
                    "person_id": pid, "unit": unit_code, "no": reg.no, "action": reg.action,
                    "deadline": reg.deadline, "reported": rec is not None,
                    "progress": rec.get("progress") if rec else None,
                    "percent": rec.get("percent") if rec else None,
                    "result": rec.get("result") if rec else None,
                    "evidence": rec.get("evidence") if rec else None})
            prow = people_rows.get(pid, {})
            has_report = q_sub is not None and (bool(prow) or pid in reported_any)
            n_diary, n_golden = diary.get(pid, (0, 0))
            person_rows.append({
                "person_id": pid, "name": person.name, "unit": unit_code,
                "unit_name": unit.name, "position": person.position,
                "party_group": person.party_group, "party_member": person.party_member,
                "key_leader": person.key_leader, "youth_member": person.youth_member,
                "has_pledge": bool(regs), "has_report": has_report,
                "sessions_attended": prow.get("sessions_attended"),
                "sessions_denominator": denominator,
                "assessment": prow.get("head_assessment"),
                "self_assessment": prow.get("self_assessment"),
                "recognition": prow.get("recognition"),
                "recognition_note": prow.get("recognition_note"),
                "diary_entries": n_diary, "golden_book": n_golden,
                "source_file": q_sub["file_name"] if q_sub is not None else ""})
    unit_rows = []
    deadline_q = deadline_for(get_form("quarterly"), cfg, p)
    deadline_u = deadline_for(get_form("unit-report"), cfg, p)
    for code, unit in roster.units.items():
        info = unit_info.get(code, {})
        q_sub, u_sub = subs["quarterly"].get(code), subs["unit-report"].get(code)
        unit_rows.append({
            "unit": code, "unit_name": unit.name,
            "quarterly_state": submission_state(q_sub, deadline_q, as_of),
            "unit_report_state": submission_state(u_sub, deadline_u, as_of),
            "quarterly_submitted": _when(q_sub), "unit_report_submitted": _when(u_sub),
            "quarterly_errors": q_sub["n_errors"] if q_sub is not None else None,
            "unit_report_errors": u_sub["n_errors"] if u_sub is not None else None,
            "sessions_held": info.get("sessions_held", float("nan")),
            "emulation_total": info.get("emulation_total", 0),
            "emulation_active": info.get("emulation_active", 0),
            "propaganda_count": info.get("propaganda_count", 0),
            "youth_count": info.get("youth_count", 0),
            "diary_entries": sum(diary.get(x.person_id, (0, 0))[0] for x in roster.people_of(code)),
            "golden_book": sum(diary.get(x.person_id, (0, 0))[1] for x in roster.people_of(code)),
        })
    actions = pd.DataFrame(action_rows, columns=[
        "person_id", "unit", "no", "action", "deadline", "reported", "progress", "percent",
        "result", "evidence"])
    return QuarterData(p, as_of, pd.DataFrame(person_rows), actions, pd.DataFrame(unit_rows),
                       sources)


def _when(sub: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(sub["submitted_at"]) if sub is not None and \
        sub["submitted_at"] else None


def _sources(store: Any, subs: dict[str, dict[str, Any]], p: Period, cfg: Any, roster: Any,
             as_of: dt.date) -> pd.DataFrame:
    """Every file a figure of this quarter comes from (current submissions, and the pledges)."""
    import pandas as pd
    rows = []
    forms = {"pledge": {s["unit"]: s for s in store.submissions("pledge", str(p.year))}, **subs}
    for form_id, by_unit in forms.items():
        for code, sub in sorted(by_unit.items()):
            history = store.history(form_id, code, sub["period"])
            rows.append({"form": form_id, "unit": code,
                         "unit_name": roster.units[code].name if code in roster.units else code,
                         "period": sub["period"], "file": sub["file_name"],
                         "sha256": sub["sha256"], "archived": sub["archived"],
                         "submitted_at": _when(sub), "sender": sub["sender"] or "",
                         "errors": sub["n_errors"], "warnings": sub["n_warnings"],
                         "versions": len(history), "submission_id": sub["id"]})
    return pd.DataFrame(rows, columns=["form", "unit", "unit_name", "period", "file", "sha256",
                                       "archived", "submitted_at", "sender", "errors", "warnings",
                                       "versions", "submission_id"])
