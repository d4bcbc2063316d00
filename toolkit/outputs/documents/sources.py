"""What the documents print, read from the workspace: each person's valid pledge (the current
pledge submission of the unit, rows without errors) and each person's year for the self-review
(registered actions with every quarter's result and the year's result, study sessions,
commendations and reminders, the quarter scores and their components).

Plain values for the writers (:mod:`pledge`, :mod:`self_review`); the store is read through the
scoring package's readers (``registered_actions``, ``load_year``), never with SQL of its own.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from toolkit.common.text import fold
from toolkit.outputs.documents.pledge import PledgeAction, PledgePerson
from toolkit.outputs.documents.self_review import ReviewAction, ReviewPerson, ScoreSummary
from toolkit.outputs.documents.settings import settings_from_config

if TYPE_CHECKING:
    from toolkit.config.roster import Person, Roster
    from toolkit.config.workspace import Config, Workspace

ROMAN = ("I", "II", "III", "IV")
# positions that make a person "giữ chức vụ lãnh đạo, quản lý" (template 02B / 2B), folded
LEADER_POSITIONS = ("truong ", "truong", "pho ", "chanh ", "giam doc", "bi thu", "chu tich")


def standard_name(config: Config, value: str) -> str:
    """A stored standard ("TN. Tinh thần trách nhiệm", or its code) as its name, without the
    catalogue's code: a unit's reader knows "Tinh thần trách nhiệm", not "TN"."""
    text = str(value or "").strip()
    for s in config.standards:
        if text in (s.label, s.code, s.name):
            return s.name
    return text


def holds_leadership(person: Person) -> bool:
    """Whether the person holds a leadership or management post (the 02B / 2B template)."""
    if person.key_leader:
        return True
    position = fold(person.position or "").lower().strip()
    return any(position.startswith(p) for p in LEADER_POSITIONS)


def rule_set(config: Config, year: int) -> str:
    """The party's rule set of the year: ``[rating] rule_set``, "auto" = by the year (QĐ 124
    for 2023–2024, QĐ 366 from 2025)."""
    code = str(config.rating.get("rule_set", "auto"))
    if code in ("qd124", "qd366"):
        return code
    return "qd124" if year <= 2024 else "qd366"


# ---------------------------------------------------------------- pledges

def pledge_people(ws: Workspace, unit: str) -> list[PledgePerson]:
    """The people of ``unit`` with a valid pledge in the unit's current pledge submission, in
    the roster's order (key leaders first, then by name); each with their actions."""
    from toolkit.scoring.quarter_data import registered_actions
    roster = ws.roster()
    store = ws.store()
    try:
        registered = registered_actions(store, ws.config.year, unit)
    finally:
        store.close()
    return _pledge_people(ws.config, roster, unit, registered)


def _pledge_people(config: Config, roster: Roster, unit: str,
                   registered: dict[str, list[Any]]) -> list[PledgePerson]:
    unit_name = roster.units[unit].name if unit in roster.units else unit
    out = []
    for p in roster.people_of(unit):
        regs = registered.get(p.person_id)
        if not regs:
            continue
        out.append(PledgePerson(
            p.name, p.position, unit_name, p.party_member,
            tuple(PledgeAction(r.action, standard_name(config, r.standard), r.goal,
                               r.deadline or "") for r in regs)))
    return out


# ---------------------------------------------------------------- the year of a person

def _num(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _progress_text(row: Any) -> str:
    from toolkit.prefill.yearend import NO_REPORT, progress_text
    text = progress_text(row)
    return "" if text == NO_REPORT else text


def review_people(ws: Workspace, unit: str, year: int | None = None) -> list[ReviewPerson]:
    """Every person of ``unit`` with the year's data for the self-review (in roster order)."""
    from toolkit.scoring.year_data import load_year
    year = year or ws.config.year
    data = load_year(ws, year)
    return _review_people(ws.config, data, unit)


def _review_people(config: Config, data: Any, unit: str) -> list[ReviewPerson]:
    roster = data.roster
    unit_name = roster.units[unit].name if unit in roster.units else unit
    quarters = {q: data.quarters.get(q) for q in (1, 2, 3, 4)}
    people_rows: dict[int, dict[str, Any]] = {}
    action_rows: dict[tuple[str, int, int], Any] = {}
    for q, qs in quarters.items():
        if qs is None:
            continue
        people_rows[q] = {r["person_id"]: r for r in
                          qs.people[qs.people["unit"] == unit].to_dict("records")}
        acts = qs.actions[qs.actions["unit"] == unit] if len(qs.actions) else qs.actions
        for r in acts.to_dict("records"):
            action_rows[(r["person_id"], int(r["no"]), q)] = r
    years = data.year_scores.set_index("person_id") if len(data.year_scores) else None
    weights = tuple(float(config.scoring.get(k, d)) for k, d in
                    (("weight_progress", 0.5), ("weight_attendance", 0.2),
                     ("weight_assessment", 0.3)))
    cell = settings_from_config(config, dt.date.today()).party_cell
    out = []
    for p in roster.people_of(unit):
        pid = p.person_id
        review = {int(r.get("action_no") or 0): r for r in data.review_actions.get(pid, [])}
        actions = []
        for reg in data.registered.get(pid, []):
            results = tuple(_progress_text(action_rows.get((pid, reg.no, q))) for q in (1, 2, 3, 4))
            year_row = review.get(reg.no, {})
            actions.append(ReviewAction(
                reg.action, standard_name(config, reg.standard), reg.goal, reg.deadline or "",
                results,  # type: ignore[arg-type]
                str(year_row.get("year_result") or ""), str(year_row.get("result_note") or "")))
        rows = [people_rows.get(q, {}).get(pid) for q in (1, 2, 3, 4)]
        attended = held = 0
        any_report = False
        commendations, reminders = [], []
        for q, r in zip((1, 2, 3, 4), rows):
            if r is None or not r.get("has_report"):
                continue
            any_report = True
            attended += int(_num(r.get("sessions_attended")) or 0)
            held += int(_num(r.get("sessions_denominator")) or 0)
            note = str(r.get("recognition_note") or "").strip()
            if r.get("commended"):
                commendations.append(f"Quý {ROMAN[q - 1]}" + (f" – {note}" if note else ""))
            if r.get("reminded") or r.get("criticised"):
                what = "phê bình" if r.get("criticised") else "nhắc nhở"
                reminders.append(f"Quý {ROMAN[q - 1]} ({what})" + (f" – {note}" if note else ""))
        year_score = None
        if years is not None and pid in years.index:
            year_score = _num(years.at[pid, "year_score"])
        scores = ScoreSummary(
            quarter_scores=tuple(_num(r.get("score")) if r else None for r in rows),
            progress=tuple(_num(r.get("progress_score")) if r and r.get("has_report") else None
                           for r in rows),
            attendance=tuple(_num(r.get("attendance_score")) if r and r.get("has_report")
                             else None for r in rows),
            assessment=tuple((str(r.get("assessment")) if r and isinstance(r.get("assessment"),
                                                                            str) else None)
                             for r in rows),
            year_score=year_score, weights=weights)  # type: ignore[arg-type]
        out.append(ReviewPerson(
            p.name, p.position, unit_name, p.party_member, party_cell=cell, person_id=pid,
            party_position="Đảng viên" if p.party_member else "",
            leader=holds_leadership(p), actions=tuple(actions),
            sessions_attended=attended if any_report else None,
            sessions_held=held if any_report else None,
            commendations=tuple(commendations), reminders=tuple(reminders),
            scores=scores if any_report else None))
    return out
