"""Checks of a quarterly submission against the rest of the store, run when it is stored (inside
the storing transaction, so files of the same batch are seen whatever the order):

- every progress row names an action the person registered (ACTION_NOT_REGISTERED), and every
  registered action has a row (ACTION_NOT_REPORTED); without the unit's pledge, PLEDGE_NOT_FOUND;
- nobody attended more study sessions than the unit's current unit report says were held
  (ATTENDANCE_EXCEEDS). A later unit report re-runs this check on the current quarterly report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.common.issues import Issue
from toolkit.common.periods import Period, PeriodError
from toolkit.rules.context import Processed
from toolkit.scoring.quarter_data import action_key, current_submission, sessions_held, unit_pledges

if TYPE_CHECKING:
    from toolkit.store.db import Store

PROGRESS_SHEET = "Tiến độ"
PEOPLE_SHEET = "Đánh giá"


def _year(period: str) -> int | None:
    try:
        return Period.parse(period).year
    except PeriodError:
        return None


def attach_issues(store: Store, sid: int, sha256: str, issues: list[Issue]) -> None:
    """Add issues to a stored submission and keep its error/warning counts right."""
    store.attach_issues(sid, sha256, issues)


def action_issues(store: Store, file: str, unit: str, period: str,
                  records: list[dict[str, Any]]) -> list[Issue]:
    year = _year(period)
    if year is None:
        return []
    found, registered = unit_pledges(store, year, unit)
    if not found:
        return [Issue.make("PLEDGE_NOT_FOUND", file=file, sheet=PROGRESS_SHEET, unit=unit,
                           year=year)]
    out: list[Issue] = []
    matched: dict[str, set[int]] = {}
    names: dict[str, str] = {}
    keys: dict[str, list[tuple[str, Any]]] = {}     # person -> (key, action), worked out once
    known: dict[str, str] = {}                       # registered text -> its key
    for rec in records:
        if rec.get("_excluded") or rec.get("_empty"):
            continue
        pid = str(rec.get("person_id") or "")
        names[pid] = str(rec.get("name") or pid)
        regs = registered.get(pid, [])
        keyed = keys.get(pid)
        if keyed is None:
            keyed = keys[pid] = [(action_key(r.action), r) for r in regs]
            for k, r in keyed:
                known[r.action] = k
        # a report repeats its person's registered texts (the template puts them there): their
        # keys are known (where every person writes their own actions, keying each text twice
        # was most of this check's time)
        text = rec.get("action") or ""
        key = known.get(text) if text.__class__ is str else None
        if key is None:
            key = action_key(text)
        hit = next((r for k, r in keyed if k == key), None) if key else None
        if hit is not None:
            matched.setdefault(pid, set()).add(hit.no)
            continue
        same_no = [r for r in regs if r.no == rec.get("action_no")]
        shown = same_no or regs
        text = "; ".join(f"({r.no}) \"{r.action}\"" for r in shown) or "(chưa đăng ký việc nào)"
        out.append(Issue.make("ACTION_NOT_REGISTERED", file=file, sheet=PROGRESS_SHEET,
                              cell=rec.get("_cells", {}).get("action", ""), unit=unit,
                              person_id=pid, field="action", value=str(rec.get("action") or ""),
                              name=names[pid], registered=text))
    for pid, regs in registered.items():
        if regs and regs[0].unit != unit:
            continue
        for reg in regs:
            if reg.no not in matched.get(pid, set()):
                out.append(Issue.make("ACTION_NOT_REPORTED", file=file, sheet=PROGRESS_SHEET,
                                      unit=unit, person_id=pid, field="action",
                                      action=reg.action[:120], name=reg.name or pid))
    return out


def attendance_issues(store: Store, unit: str, period: str, sub: Any = None,
                      fresh: bool = False, people: list[dict[str, Any]] | None = None
                      ) -> list[Issue]:
    """Re-check the unit's current quarterly report (``sub`` if already looked up) against its
    current unit report. ``fresh``: ``sub`` was stored just now, so it has no such issue yet;
    ``people``: its people rows as just read (else they are read from the store)."""
    sub = sub if sub is not None else current_submission(store, "quarterly", period, unit)
    if sub is None:
        return []
    if not fresh:
        store.drop_issues(sub["id"], "ATTENDANCE_EXCEEDS")
    held = sessions_held(store, period, unit)
    if held is None:
        return []
    out = []
    for rec in people if people is not None else store.records(sub["id"], "people"):
        attended = rec.get("sessions_attended")
        if isinstance(attended, (int, float)) and not isinstance(attended, bool) \
                and attended > held:
            out.append(Issue.make("ATTENDANCE_EXCEEDS", file=sub["file_name"], sheet=PEOPLE_SHEET,
                                  cell=rec.get("_cells", {}).get("sessions_attended", ""),
                                  unit=unit, person_id=str(rec.get("person_id") or ""),
                                  field="sessions_attended", value=f"{attended:g}",
                                  name=rec.get("name") or rec.get("person_id"),
                                  attended=f"{attended:g}", held=held))
    attach_issues(store, sub["id"], sub["sha256"], out)
    return out


def after_quarterly(store: Store, sid: int, p: Processed) -> None:
    sha = store.submission_sha(sid)
    file = (p.issues[0].file if p.issues else "") or store.file_name(sha)
    found = action_issues(store, file, p.unit, p.period, p.records.get("progress", []))
    attach_issues(store, sid, sha, found)
    p.issues.extend(found)
    current = current_submission(store, "quarterly", p.period, p.unit)
    if current is not None and current["id"] == sid:
        p.issues.extend(attendance_issues(store, p.unit, p.period, current, fresh=True,
                                          people=p.records.get("people")))


def after_unit_report(store: Store, sid: int, p: Processed) -> None:
    attendance_issues(store, p.unit, p.period)
