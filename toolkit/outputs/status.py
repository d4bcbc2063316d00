"""Where things stand: per unit, received on time / late / missing, valid or not, people counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from toolkit.common.dates import fmt
from toolkit.config.workspace import Workspace
from toolkit.forms import deadline_for
from toolkit.prefill.context import resolve_form, resolve_period
from toolkit.scoring.states import first_received, state_of

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"

STATE_LABEL = {
    "vi": {ON_TIME: "Đúng hạn", LATE: "Nộp muộn", MISSING: "Chưa nộp (quá hạn)",
           PENDING: "Chưa nộp (chưa đến hạn)"},
    "en": {ON_TIME: "On time", LATE: "Late", MISSING: "Missing (overdue)",
           PENDING: "Not yet (not due)"},
}


@dataclass
class UnitStatus:
    unit: str
    name: str
    state: str
    file: str = ""
    submitted_at: str = ""
    errors: int = 0
    warnings: int = 0
    people_total: int = 0
    registered: int = 0
    not_registered: int = 0
    with_errors: int = 0
    submissions: int = 0
    first_submitted_at: str = ""     # when the first submission came: what "on time" is judged by
    held: int = 0            # submissions held for their sender, awaiting the secretary

    @property
    def valid(self) -> bool:
        return self.state in (ON_TIME, LATE) and self.errors == 0


@dataclass
class StatusReport:
    form: str
    form_name: str
    period: str
    deadline: str
    as_of: str
    units: list[UnitStatus] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)    # awaiting 'lamtheobac accept'
    # units without their pledge once its deadline has passed: an error whatever the form, since
    # nothing they report can be checked against what they registered
    no_pledge: list[dict[str, str]] = field(default_factory=list)
    config_to_fill: list[str] = field(default_factory=list)     # placeholders in the config

    @property
    def has_problems(self) -> bool:
        return bool(self.rejected) or bool(self.no_pledge) or bool(self.held) or any(
            u.state == MISSING or (u.state in (ON_TIME, LATE) and u.errors) for u in self.units)

    def totals(self) -> dict[str, int]:
        out = {s: sum(1 for u in self.units if u.state == s)
               for s in (ON_TIME, LATE, MISSING, PENDING)}
        out.update(
            units=len(self.units), invalid=sum(1 for u in self.units if u.errors),
            people=sum(u.people_total for u in self.units),
            registered=sum(u.registered for u in self.units),
            not_registered=sum(u.not_registered for u in self.units),
            with_errors=sum(u.with_errors for u in self.units),
            rejected_files=len(self.rejected), held=len(self.held))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"form": self.form, "form_name": self.form_name, "period": self.period,
                "deadline": self.deadline, "as_of": self.as_of, "totals": self.totals(),
                "units": [{**vars(u), "valid": u.valid} for u in self.units],
                "rejected_files": self.rejected, "no_pledge": self.no_pledge, "held": self.held,
                "config_to_fill": self.config_to_fill}


# form id -> (table whose rows name people, field a row must hold to count as done; None: any
# input). Forms not listed use their first table and any input.
PERSON_TABLE: dict[str, tuple[str, str | None]] = {
    "pledge": ("pledges", "action"),
    "quarterly": ("people", None),
    "diary": ("entries", "deed"),
}


def person_counts(people: list[str], filled: dict[str, int],
                  error_people: set[str]) -> tuple[int, int, int]:
    """(registered / reported, not registered / not reported, with errors) for one unit."""
    registered = sum(1 for p in people if filled.get(p) and p not in error_people)
    with_errors = sum(1 for p in people if p in error_people)
    not_registered = sum(1 for p in people if not filled.get(p))
    return registered, not_registered, with_errors


def compute_status(ws: Workspace, form_id: str = "pledge", period: str | None = None,
                   as_of: dt.date | None = None) -> StatusReport:
    form = resolve_form(form_id)
    p = resolve_period(ws.config, form, period)
    as_of = as_of or dt.date.today()
    deadline = deadline_for(form, ws.config, p)
    roster = ws.roster()
    report = StatusReport(form.id, form.name, str(p), fmt(deadline), fmt(as_of),
                          config_to_fill=list(ws.config.to_fill))
    store = ws.store(read_only=True)
    try:
        current = {s["unit"]: s for s in store.submissions(form.id, str(p))}
        counts = {}
        for s in store.submissions(form.id, str(p), current_only=False):
            counts[s["unit"]] = counts.get(s["unit"], 0) + 1
        table, key = PERSON_TABLE.get(form.id, (form.tables[0].key, None))
        filled = store.filled_people(form.id, str(p), table, key)
        errors = store.people_with_errors(form.id, str(p))
        unit_level = not any(t.person_field for t in form.tables)   # e.g. the unit report
        for code, unit in roster.units.items():
            people = roster.ids_of(code)
            sub = current.get(code)
            if sub is None:
                state = MISSING if as_of > deadline else PENDING
                report.units.append(UnitStatus(code, unit.name, state, people_total=len(people),
                                               not_registered=len(people)))
                continue
            submitted = (dt.datetime.fromisoformat(sub["submitted_at"]) if sub["submitted_at"]
                         else None)
            state = state_of(sub, deadline, as_of)      # by the first submission, not this one
            first = first_received(sub)
            if unit_level:
                reg, notreg, witherr = len(people), 0, 0
            else:
                reg, notreg, witherr = person_counts(people, filled.get(sub["id"], {}),
                                                     errors.get(sub["id"], set()))
            report.units.append(UnitStatus(
                code, unit.name, state, sub["file_name"], fmt(submitted), sub["n_errors"],
                sub["n_warnings"], len(people), reg, notreg, witherr, counts.get(code, 0),
                fmt(first)))
        report.no_pledge = units_without_pledge(
            store, ws.config, {c: u.name for c, u in roster.units.items()}, as_of)
        for row in store.held_submissions(form.id, str(p)):
            reason = next((i for i in store.issues(submission_id=row["id"])
                           if i.code == row["held"]), None)
            report.held.append(_held(row, reason))
        for u in report.units:
            u.held = sum(1 for h in report.held if h["unit"] == u.unit)
        for f, issues in store.file_issues_without_submission():
            if f["status"] != "rejected":
                continue
            report.rejected.append({
                "file": f["name"], "origin": f["origin"], "sender": f["sender"],
                "issues": [i.as_dict() for i in issues]})
    finally:
        store.close()
    return report


def _held(row: Any, reason: Any) -> dict[str, Any]:
    """A held submission as status shows it: who sent what, why it waits, how to accept it."""
    return {"unit": row["unit"], "file": row["file_name"], "sender": row["sender"],
            "received_at": fmt(dt.datetime.fromisoformat(row["received_at"]))
            if row["received_at"] else "", "code": row["sha256"][:10], "reason_code": row["held"],
            "reason": reason.message() if reason is not None else ""}


def units_without_pledge(store: Any, config: Any, units: dict[str, str], as_of: dt.date
                         ) -> list[dict[str, str]]:
    """The units (code -> name) with no current pledge of the year once the registration
    deadline has passed (code, name, deadline): named on the status and the dashboard's first
    page."""
    deadline = config.registration_deadline
    if as_of <= deadline:
        return []
    sent = {s["unit"] for s in store.submissions("pledge", str(config.year))}
    return [{"unit": code, "name": name, "deadline": fmt(deadline)}
            for code, name in units.items() if code not in sent]


def render_table(report: StatusReport, lang: str = "vi") -> str:
    labels = STATE_LABEL.get(lang, STATE_LABEL["vi"])
    if lang == "en":
        head = ("Unit", "Name", "State", "Submitted", "Errors", "Warnings", "People",
                "Registered", "Not reg.", "With errors", "Held")
        title = (f"{report.form_name} — {report.period} (due {report.deadline}, "
                 f"as of {report.as_of})")
    else:
        head = ("Mã", "Đơn vị", "Tình trạng", "Ngày nộp", "Lỗi", "Cảnh báo", "Số người",
                "Đã ĐK/BC", "Chưa", "Có lỗi", "Chờ XN")
        title = (f"{report.form_name} — kỳ {report.period} (hạn {report.deadline}, "
                 f"tính đến {report.as_of})")
    rows = [head] + [(u.unit, u.name[:34], labels[u.state], u.submitted_at, str(u.errors),
                      str(u.warnings), str(u.people_total), str(u.registered),
                      str(u.not_registered), str(u.with_errors), str(u.held))
                     for u in report.units]
    widths = [max(len(r[c]) for r in rows) for c in range(len(head))]
    lines = [title, ""]
    for i, r in enumerate(rows):
        lines.append("  ".join(v.ljust(w) if c < 4 else v.rjust(w)
                               for c, (v, w) in enumerate(zip(r, widths))).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    tot = report.totals()
    if lang == "en":
        lines.append(f"\nUnits: {tot['units']} — on time {tot[ON_TIME]}, late {tot[LATE]}, "
                     f"missing {tot[MISSING]}, not due {tot[PENDING]}, with errors "
                     f"{tot['invalid']}. People: {tot['registered']}/{tot['people']} done.")
    else:
        lines.append(f"\nĐơn vị: {tot['units']} — đúng hạn {tot[ON_TIME]}, muộn {tot[LATE]}, "
                     f"chưa nộp {tot[MISSING]}, chưa đến hạn {tot[PENDING]}, có lỗi "
                     f"{tot['invalid']}. Người đã hoàn thành: {tot['registered']}/{tot['people']}.")
    if report.held:
        lines.append("Chờ xác nhận (thư gửi từ địa chỉ không phải của đơn vị; chấp nhận bằng "
                     "'lamtheobac accept <mã>'):" if lang != "en" else
                     "Awaiting confirmation (mailed from an address not the unit's; accept with "
                     "'lamtheobac accept <code>'):")
        for h in report.held:
            lines.append(f"  - [{h['unit']}] {h['code']}  {h['file']} — {h['sender']}, "
                         f"{h['received_at']}")
            lines.append(f"      {h['reason']}")
    for u in report.no_pledge:
        lines.append(f"LỖI: {u['name']} ({u['unit']}) chưa gửi bản đăng ký việc làm theo (hạn "
                     f"{u['deadline']}): không đối chiếu, không tính được tiến độ của đơn vị."
                     if lang != "en" else f"ERROR: {u['name']} ({u['unit']}) has not sent its "
                     f"pledge (due {u['deadline']}): nothing it reports can be checked.")
    if report.rejected:
        lines.append("Tệp bị từ chối:" if lang != "en" else "Rejected files:")
        for r in report.rejected:
            first = r["issues"][0] if r["issues"] else {}
            lines.append(f"  - {r['file']}: [{first.get('code', '')}] {first.get('message', '')}")
    return "\n".join(lines)
