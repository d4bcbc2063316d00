"""Rules of the quarterly forms that need only the workbook: progress, evidence, assessment,
sessions, propaganda, youth activities and diary entries.

Checks against other submissions (registered actions, sessions the unit held) run when the
submission is stored: see :mod:`toolkit.rules.store_quarterly`.
"""

from __future__ import annotations

from typing import Any

from toolkit.common.issues import Issue
from toolkit.forms.spec import Form
from toolkit.rules.context import Context
from toolkit.rules.shared import check_person, has_input, input_keys, required_missing

Records = dict[str, list[dict[str, Any]]]


def _has_input(rec: dict[str, Any], form: Form, table_key: str) -> bool:
    return has_input(rec, input_keys(form.table(table_key)))


def quarterly_rules(form: Form, records: Records, ctx: Context, unit: str, period: str,
                    issues: list[Issue]) -> None:
    _progress_rows(form, records, ctx, unit, issues)
    _assessment_rows(form, records, ctx, unit, issues)


def _progress_rows(form: Form, records: Records, ctx: Context, unit: str,
                   issues: list[Issue]) -> None:
    done, doing, todo = ctx.config.progress_scale
    table = form.table("progress")
    sheet = table.sheet
    inputs = input_keys(table)
    for rec in records.get("progress", []):
        filled = has_input(rec, inputs)
        if not check_person(rec, "progress", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        if not rec.get("action") and not filled:
            rec["_empty"] = True
            continue
        progress, pct = rec.get("progress"), rec.get("percent")
        if not progress:
            required_missing("progress", form, rec, table.required_inputs, ctx, unit, pid,
                             issues)
        missing_evidence = progress == done and not rec.get("evidence")
        mismatch = pct is not None and ((progress == done and pct < 100) or
                                        (progress == todo and pct > 0))
        no_measure = progress == doing and pct is None and not rec.get("result")
        if missing_evidence or mismatch or no_measure:
            _progress_issues(rec, pid, missing_evidence, mismatch, no_measure, sheet, ctx, unit,
                             issues)


def _progress_issues(rec: dict[str, Any], pid: str, missing_evidence: bool, mismatch: bool,
                     no_measure: bool, sheet: str, ctx: Context, unit: str,
                     issues: list[Issue]) -> None:
    """The issues of a progress row, in the order they are checked."""
    action = str(rec.get("action") or "")[:80]
    place = {"file": ctx.file, "sheet": sheet, "unit": unit, "person_id": pid}
    if missing_evidence:
        issues.append(Issue.make("EVIDENCE_MISSING", cell=rec["_cells"]["evidence"],
                                 field="evidence", action=action, **place))
    if mismatch:
        pct = rec.get("percent")
        issues.append(Issue.make("PROGRESS_PERCENT_MISMATCH", cell=rec["_cells"]["percent"],
                                 field="percent", value=f"{pct:g}", progress=rec.get("progress"),
                                 **place))
    if no_measure:
        issues.append(Issue.make("PROGRESS_NO_MEASURE", cell=rec["_cells"]["percent"],
                                 field="percent", action=action, **place))


def _assessment_rows(form: Form, records: Records, ctx: Context, unit: str,
                     issues: list[Issue]) -> None:
    table = form.table("people")
    seen: set[str] = set()
    for rec in records.get("people", []):
        filled = _has_input(rec, form, "people")
        if not check_person(rec, "people", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        seen.add(pid)
        if not filled:
            rec["_empty"] = True
        if not (rec.get("sessions_attended") and rec.get("head_assessment")):
            required_missing("people", form, rec, table.required_inputs, ctx, unit, pid, issues)
        if rec.get("recognition") and not rec.get("recognition_note"):
            person = ctx.roster.people[pid]
            issues.append(Issue.make("RECOGNITION_NOTE_MISSING", file=ctx.file, sheet=table.sheet,
                                     cell=rec["_cells"]["recognition_note"],
                                     field="recognition_note", unit=unit, person_id=pid,
                                     value=rec["recognition"], name=person.name))
    if seen.issuperset(ctx.roster.ids_of(unit)):
        return              # everyone is in the report (no need for the roster's order)
    for person in ctx.roster.people_of(unit):
        if person.person_id not in seen:
            issues.append(Issue.make("PERSON_NOT_IN_REPORT", file=ctx.file, sheet=table.sheet,
                                     unit=unit, person_id=person.person_id, name=person.name))


def unit_report_rules(form: Form, records: Records, ctx: Context, unit: str, period: str,
                      issues: list[Issue]) -> None:
    from toolkit.common.periods import Period, PeriodError
    for key in ("sessions", "emulation", "propaganda", "youth"):
        fields = tuple(f.key for f in form.table(key).fields if f.required)
        for rec in records.get(key, []):
            if key == "emulation" and not _has_input(rec, form, key):
                rec["_empty"] = True
                required_missing(key, form, rec, ("progress",), ctx, unit, "", issues)
                continue
            required_missing(key, form, rec, fields, ctx, unit, "", issues)
    held = sum(1 for r in records.get("sessions", []) if r.get("date") or r.get("topic"))
    per_month = int(ctx.config.scoring.get("sessions_per_month", 1))
    try:
        months = 3 if Period.parse(period).kind == "Q" else 0
    except PeriodError:
        months = 0
    expected = per_month * months
    if held < expected:
        sessions = records.get("sessions", [])
        cell = sessions[-1]["_cells"]["date"] if sessions else "A7"
        issues.append(Issue.make("SESSIONS_FEW", file=ctx.file, sheet=form.table("sessions").sheet,
                                 cell=cell, unit=unit, count=held, expected=expected,
                                 per_month=per_month))


def diary_rules(form: Form, records: Records, ctx: Context, unit: str, period: str,
                issues: list[Issue]) -> None:
    table = form.table("entries")
    for rec in records.get("entries", []):
        filled = _has_input(rec, form, "entries")
        if not check_person(rec, "entries", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        if not filled:
            rec["_empty"] = True
            continue
        pid = rec["person_id"]
        required_missing("entries", form, rec, table.required_inputs, ctx, unit, pid, issues)
        if rec.get("golden_book") and not rec.get("reason"):
            issues.append(Issue.make("GOLDEN_BOOK_NO_REASON", file=ctx.file, sheet=table.sheet,
                                     cell=rec["_cells"]["reason"], field="reason", unit=unit,
                                     person_id=pid, name=ctx.roster.people[pid].name))
