"""Correction workbooks: per unit, the form regenerated with what the unit entered, cells with
issues highlighted and commented, and a "Lỗi cần sửa" sheet. A unit's file holds its people only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from toolkit.common.issues import Issue
from toolkit.config.workspace import Workspace
from toolkit.forms.spec import Form
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.prefill.context import PrefillContext, resolve_form, resolve_period, template_name
from toolkit.prefill.registry import PREFILL


def _row_number(cell: str) -> int:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else -1


def feedback_rows(form: Form, records_by_table: dict[str, list[dict[str, Any]]],
                  issues: list[Issue], roster: Any, unit: str,
                  prefill_rows: dict[str, list[dict[str, Any]]],
                  ) -> tuple[dict[str, list[dict]], list[Issue]]:
    """Rows to write (with their issues attached) and the issues tied to no row."""
    out: dict[str, list[dict[str, Any]]] = {}
    placed: set[int] = set()
    for table in form.tables:
        recs = records_by_table.get(table.key, [])
        fields = {f.key for f in table.fields}
        rows = []
        present = set()
        for rec in recs:
            row = {k: rec.get(k) for k in fields}
            for k, raw in (rec.get("_raw") or {}).items():
                row[k] = raw
            pid = rec.get("person_id")
            if table.person_field:
                person = roster.people.get(pid)
                if person is None or person.unit != unit:
                    row["_free"] = True
                else:
                    present.add(pid)
            attached = []
            for idx, issue in enumerate(issues):
                if issue.sheet == table.sheet and _row_number(issue.cell) == rec.get("_row"):
                    attached.append((issue.field if issue.field in fields else "", issue))
                    placed.add(idx)
            row["_issues"] = attached
            rows.append(row)
        # the unit's people missing from the file get their empty rows back
        if table.person_field:
            for pre in prefill_rows.get(table.key, []):
                if pre.get(table.person_field) not in present:
                    rows.append({**pre, "_issues": []})
        out[table.key] = rows
    # person-level issues without a row (e.g. nothing registered): on that person's first row
    for idx, issue in enumerate(issues):
        if idx in placed or not issue.person_id:
            continue
        for table in form.tables:
            if not table.person_field:
                continue
            for row in out.get(table.key, []):
                if row.get(table.person_field) == issue.person_id:
                    key = issue.field if issue.field in {f.key for f in table.fields} else \
                        table.inputs[0].key
                    row["_issues"].append((key, issue))
                    placed.add(idx)
                    break
            if idx in placed:
                break
    loose = [i for idx, i in enumerate(issues) if idx not in placed]
    return out, loose


def write_feedback(ws: Workspace, form_id: str = "pledge", period: str | None = None,
                   include_warnings: bool = True) -> list[Path]:
    """One correction workbook per unit whose current submission has issues."""
    form = resolve_form(form_id)
    p = resolve_period(ws.config, form, period)
    roster = ws.roster()
    folder = ws.out / "phan-hoi" / f"{form.id}-{p}"
    written: list[Path] = []
    store = ws.store()
    try:
        for sub in store.submissions(form.id, str(p)):
            issues = store.issues(submission_id=sub["id"])
            relevant = [i for i in issues if i.is_error or (include_warnings and
                                                             i.severity == "warning")]
            if not relevant or sub["unit"] not in roster.units:
                continue
            unit = roster.units[sub["unit"]]
            records = {t.key: store.records(sub["id"], t.key) for t in form.tables}
            pc = PrefillContext(ws.config, roster, unit, p, store)
            prefill = PREFILL[form.id](pc) if form.id in PREFILL else {}
            rows, loose = feedback_rows(form, records, relevant, roster, unit.code, prefill)
            # dated when the submission was stored, not now: the same submission and issues
            # give the same bytes (what `mail send --feedback` keys its send log on)
            ctx = WorkbookContext(config=ws.config, unit=unit, period=str(p),
                                  generated_at=_stored_at(sub["ingested_at"]))
            name = template_name(form, unit, p).replace(".xlsx", "-can-sua.xlsx")
            written.append(write_form(folder / name, form, ctx, rows, issues=loose))
    finally:
        store.close()
    return written


def _stored_at(text: str | None) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text) if text else dt.datetime.now().replace(
            microsecond=0)
    except ValueError:
        return dt.datetime.now().replace(microsecond=0)
