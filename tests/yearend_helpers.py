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
                   sheet: str = "Đảng viên", id_header: str = "Mã cán bộ",
                   signer: tuple[str, str, str] | None = None,
                   extra: dict[str, dict[str, Any]] | None = None,
                   body: str = "Chi ủy", received: dt.datetime | None = None) -> Path:
    """Leadership at work in the rating workbook: id -> (decision, reason) typed in; ``extra``
    id -> {header: value} for any other cell (tests that edit a locked column); ``signer``
    (name, role, date) on the "Xác nhận" row of ``body``. The file is stamped as received
    ``received`` (default: the signer's date, else 22/01/2025), at 17:00."""
    import os

    import openpyxl
    wb = openpyxl.load_workbook(path)
    sh = wb[sheet]
    head, cols = header_row(sh, id_header)
    decision = next(c for h, c in cols.items() if h.startswith("Quyết định của"))
    for r in range(head + 1, sh.max_row + 1):
        sid = sh.cell(r, cols[id_header]).value
        if sid in decisions:
            level, reason = decisions[sid]
            sh.cell(r, decision).value = level
            sh.cell(r, cols["Lý do quyết định"]).value = reason
        for header, value in (extra or {}).get(sid, {}).items():
            sh.cell(r, cols[header]).value = value
    if signer:
        sh = wb["Xác nhận"]
        head, cols = header_row(sh, "Người ký")
        row = next(r for r in range(head + 1, head + 3)
                   if str(sh.cell(r, cols["Cấp quyết định"]).value).startswith(body))
        for header, value in zip(("Người ký", "Chức vụ", "Ngày quyết định"), signer):
            sh.cell(row, cols[header]).value = value
    wb.save(out)
    if received is None:
        day = dt.datetime.strptime(signer[2], "%d/%m/%Y") if signer else dt.datetime(2025, 1, 22)
        received = day.replace(hour=17)
    os.utime(out, (received.timestamp(), received.timestamp()))
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


# ---------------------------------------------------------------- a whole year of reports

QUARTER_SENT = {1: dt.datetime(2024, 4, 5, 9), 2: dt.datetime(2024, 7, 5, 9),
                3: dt.datetime(2024, 10, 5, 9), 4: dt.datetime(2025, 1, 5, 9)}


def quarter_rows(ws: Workspace, unit: str, q: int, done: bool = True
                 ) -> dict[str, list[dict[str, Any]]]:
    """A clean quarterly report of ``unit``: every action done with its evidence (or half way),
    three sessions attended, everybody assessed "Tốt"."""
    rows = prefilled(ws, unit, "quarterly", f"2024-Q{q}")
    for row in rows["progress"]:
        if done:
            row.update(progress="Hoàn thành", percent=100, result="Đã xong",
                       evidence="Báo cáo của phòng")
        else:
            row.update(progress="Đang thực hiện", percent=50, result="Đạt một nửa")
    for row in rows["people"]:
        row.update(sessions_attended=3, self_assessment="Tốt", head_assessment="Tốt")
    return rows


def unit_rows(ws: Workspace, unit: str, q: int) -> dict[str, list[dict[str, Any]]]:
    rows = prefilled(ws, unit, "unit-report", f"2024-Q{q}")
    first = 3 * (q - 1) + 1
    rows["sessions"] = [{"date": dt.date(2024, first + m, 15), "topic": f"Chuyên đề tháng {m}",
                         "venue": "Sinh hoạt chi bộ", "attendance": 5} for m in range(3)]
    for row in rows["emulation"]:
        row.update(progress="Đang thực hiện", result="Triển khai theo kế hoạch")
    rows["propaganda"] = [{"kind": "Treo pano", "date": dt.date(2024, first, 20),
                           "description": "Pano tại trụ sở", "participants": 20}]
    return rows


def report_year(ws: Workspace, skip: set[tuple[str, int]] = frozenset(),
                half: set[tuple[str, int]] = frozenset()) -> None:
    """Every unit sends its four quarterly reports and unit reports on time (but the (unit,
    quarter) pairs in ``skip``; those in ``half`` report every action half done)."""
    import os
    for q, when in QUARTER_SENT.items():
        for unit in ws.roster().units:
            if (unit, q) in skip:
                continue
            for form_id, rows in (("quarterly", quarter_rows(ws, unit, q, (unit, q) not in half)),
                                  ("unit-report", unit_rows(ws, unit, q))):
                path = drop_in_inbox(ws, unit, rows, when, form_id=form_id, period=f"2024-Q{q}")
                os.utime(path, (when.timestamp(), when.timestamp()))
        report = ingest(ws)
        assert all(f.status == "stored" for f in report.files), report.as_dict()
