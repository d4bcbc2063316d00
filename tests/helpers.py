"""Helpers that play the unit: fill workbooks the way people do, and mail them."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from toolkit.common.periods import Period
from toolkit.config.workspace import Workspace
from toolkit.forms import get_form
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.prefill.context import PrefillContext, template_name
from toolkit.prefill.registry import PREFILL

SENT_AT = dt.datetime(2024, 1, 10, 8, 0)
ACTIONS = [
    "Giải quyết 100% hồ sơ được giao đúng hạn; báo cáo số hồ sơ trễ hằng tháng",
    "Đọc 4 cuốn sách về Bác trong năm, mỗi quý 1 cuốn",
    "Kiểm tra {n} doanh nghiệp trong quý II",
]


def _actions_of(unit: str) -> list[str]:
    """The pledges a unit's people draw from: the demo's own for its named units (each unit's
    unlike every other's: the same text in two units is a copy across units), else ACTIONS."""
    from toolkit.demo.data import PERSONAL_BY_UNIT, UNIT_ACTIONS
    own = UNIT_ACTIONS.get(unit, []) + PERSONAL_BY_UNIT.get(unit, [])
    return own or ACTIONS


def pledge_rows(ws: Workspace, unit: str, n_actions: int = 2) -> dict[str, list[dict[str, Any]]]:
    """Valid pledge rows for every person of ``unit`` (distinct texts, concrete, dated; no
    text like another unit's)."""
    roster = ws.roster()
    pc = PrefillContext(ws.config, roster, roster.units[unit], Period(2024, "Y"), None)
    rows = PREFILL["pledge"](pc)["pledges"]
    seen: dict[str, int] = {}
    std = ws.config.standards
    actions = _actions_of(unit)
    for i, row in enumerate(rows):
        k = seen.get(row["person_id"], 0)
        seen[row["person_id"]] = k + 1
        if k >= n_actions:
            continue
        text = actions[(i + k) % len(actions)].format(n=i + 3)
        row.update(action=text + f" (mã {row['person_id']}-{k})",
                   standard=std[(i + k) % len(std)].label,
                   goal="Đạt 100% chỉ tiêu, báo cáo hằng quý", deadline=dt.date(2024, 9, 30))
    return {"pledges": rows,
            "emulation": [{"activity": "Thi đua cải cách hành chính: 100% hồ sơ đúng hạn",
                           "goal": "Không hồ sơ trễ hạn", "period": "Năm 2024",
                           "owner": "Trưởng phòng"}]}


def filled_workbook(ws: Workspace, path: Path, unit: str, rows: dict[str, list[dict]],
                    form_id: str = "pledge", period: str = "2024") -> Path:
    roster = ws.roster()
    ctx = WorkbookContext(config=ws.config, unit=roster.units[unit], period=period,
                          generated_at=SENT_AT)
    return write_form(path, get_form(form_id), ctx, rows)


def drop_in_inbox(ws: Workspace, unit: str, rows: dict[str, list[dict]], when: dt.datetime,
                  form_id: str = "pledge", period: str = "2024") -> Path:
    """A unit's filled workbook saved straight into the inbox with the given time."""
    import os
    roster = ws.roster()
    form = get_form(form_id)
    name = template_name(form, roster.units[unit], Period.parse(period))
    path = filled_workbook(ws, ws.inbox / name, unit, rows, form_id, period)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def mail(path: Path, sender: str, subject: str, when: dt.datetime,
         attachments: list[tuple[str, bytes]], message_id: str) -> Path:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanphong@example.vn"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when.replace(tzinfo=dt.timezone(dt.timedelta(hours=7))))
    msg["Message-ID"] = message_id
    msg.set_content("Gửi kèm bản đăng ký.")
    for name, data in attachments:
        msg.add_attachment(data, maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           filename=name)
    path.write_bytes(bytes(msg))
    return path


def codes(issues: list[Any]) -> set[str]:
    return {i.code for i in issues}


def edit_cells(path: Path, out: Path, sheet: str, values: dict[str, Any]) -> Path:
    """Type values into cells with openpyxl (what a person does in Excel)."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in values.items():
        ws[ref] = value
    wb.save(out)
    return out


def find_row(path: Path, sheet: str, column: int, value: str) -> int:
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    for r, row in enumerate(wb[sheet].iter_rows(values_only=True), 1):
        if len(row) > column and row[column] == value:
            return r
    raise AssertionError(f"{value} not found in {sheet}")


def workbook_variant(data: bytes, n: int, goal: str = "Đạt 100% chỉ tiêu, báo cáo hằng quý"
                     ) -> bytes:
    """The same workbook with its goals rewritten (another file, other records)."""
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                blob = blob.replace(goal.encode(), f"{goal} (bản {n})".encode())
            dst.writestr(info.filename, blob)
    return out.getvalue()


def set_senders(ws: Workspace, policy: str | None = None,
                secretary: list[str] | None = None) -> Workspace:
    """The workspace with its [senders] settings changed, as the secretary edits them."""
    text = ws.config.path.read_text(encoding="utf-8")
    if policy is not None:
        text = text.replace('policy = "strict"', f'policy = "{policy}"', 1)
    if secretary is not None:
        listed = ", ".join(f'"{a}"' for a in secretary)
        text = text.replace("secretary = []", f"secretary = [{listed}]", 1)
    ws.config.path.write_text(text, encoding="utf-8")
    return Workspace.open(ws.root)
