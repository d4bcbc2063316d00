"""Play the year-end: units fill the self-review, leadership fills the rating sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.helpers import drop_in_inbox
from tests.quarterly_helpers import prefilled
from toolkit.app.ingest import ingest
from toolkit.config.workspace import Workspace
from toolkit.forms.year_review import LEVEL_LABELS

REVIEWED = dt.datetime(2024, 12, 10, 9, 0)
GOOD, COMPLETE = LEVEL_LABELS[1], LEVEL_LABELS[2]


def review_rows(ws: Workspace, unit: str, level: str = GOOD) -> dict[str, list[dict[str, Any]]]:
    """A complete, clean self-review of ``unit``: every action done on time, every person at
    ``level`` (civil servants with the same civil-servant rating)."""
    rows = prefilled(ws, unit, "year-review", "2024")
    roster = ws.roster()
    for row in rows["actions"]:
        row.update(year_result="Hoàn thành đúng hạn", result_note="Báo cáo kết quả của phòng")
    for row in rows["people"]:
        person = roster.people[row["person_id"]]
        row.update(self_assessment="Hoàn thành nhiệm vụ được giao", self_rating=level,
                   discipline="Không", cs_rating=level if person.civil_servant else None,
                   limitations="Có việc còn chậm", remedies="Lập kế hoạch theo tháng",
                   unit_proposal=level)
    rows["unit"] = [{"achievements": "Hoàn thành nhiệm vụ trọng tâm", "limitations": "Không",
                     "proposed_rating": GOOD}]
    return rows


def review_all(ws: Workspace) -> None:
    for unit in ws.roster().units:
        drop_in_inbox(ws, unit, review_rows(ws, unit), REVIEWED, form_id="year-review")
    report = ingest(ws)
    assert all(f.status == "stored" and not f.n_errors for f in report.files), report.as_dict()


def header_row(sheet: Any, header: str) -> tuple[int, dict[str, int]]:
    """(row number, header -> column) of the table whose header row holds ``header``."""
    for row in sheet.iter_rows(min_row=1, max_row=30):
        values = {c.value: c.column for c in row if isinstance(c.value, str)}
        if header in values:
            return row[0].row, values
    raise AssertionError(f"{header} not found on {sheet.title}")


def edit_decisions(path: Path, out: Path, decisions: dict[str, tuple[Any, Any]],
                   sheet: str = "Cá nhân", id_header: str = "Mã cán bộ",
                   signer: tuple[str, str, str] | None = None,
                   extra: dict[str, dict[str, Any]] | None = None) -> Path:
    """Leadership at work in the rating sheet: id -> (decision, reason) typed in; ``extra``
    id -> {header: value} for any other cell (tests that edit a locked column)."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    sh = wb[sheet]
    head, cols = header_row(sh, id_header)
    for r in range(head + 1, sh.max_row + 1):
        sid = sh.cell(r, cols[id_header]).value
        if sid in decisions:
            level, reason = decisions[sid]
            sh.cell(r, cols["Quyết định của Chi ủy"]).value = level
            sh.cell(r, cols["Lý do quyết định"]).value = reason
        for header, value in (extra or {}).get(sid, {}).items():
            sh.cell(r, cols[header]).value = value
    if signer:
        sh = wb["Xác nhận"]
        head, cols = header_row(sh, "Người ký (Chi ủy)")
        for header, value in zip(("Người ký (Chi ủy)", "Chức vụ", "Ngày quyết định"), signer):
            sh.cell(head + 1, cols[header]).value = value
    wb.save(out)
    return out


def sheet_rows(path: Path, sheet: str, id_header: str) -> dict[str, dict[str, Any]]:
    """id -> {header: value} of a rating workbook's table."""
    import openpyxl
    wb = openpyxl.load_workbook(path, data_only=True)
    sh = wb[sheet]
    head, cols = header_row(sh, id_header)
    out = {}
    for r in range(head + 1, sh.max_row + 1):
        sid = sh.cell(r, cols[id_header]).value
        if sid:
            out[sid] = {h: sh.cell(r, c).value for h, c in cols.items()}
    return out
