"""Play the units of the quarterly cycle: registered pledges in the store, then quarterly
workbooks, unit reports and diaries filled from the pre-filled rows."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from tests.helpers import drop_in_inbox, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.common.periods import Period
from toolkit.config.workspace import Workspace
from toolkit.prefill.context import PrefillContext
from toolkit.prefill.registry import PREFILL

PERIOD = "2024-Q2"
PLEDGED = dt.datetime(2024, 3, 1, 9, 0)
ON_TIME = dt.datetime(2024, 7, 5, 9, 0)


def pledge_all(ws: Workspace) -> None:
    """Every unit registers two actions per person (deadline 30/09/2024), ingested."""
    for unit in ws.roster().units:
        drop_in_inbox(ws, unit, pledge_rows(ws, unit), PLEDGED)
    report = ingest(ws)
    assert all(f.status == "stored" for f in report.files), report.as_dict()


def prefilled(ws: Workspace, unit: str, form_id: str,
              period: str = PERIOD) -> dict[str, list[dict[str, Any]]]:
    roster = ws.roster()
    store = ws.store()
    try:
        pc = PrefillContext(ws.config, roster, roster.units[unit], Period.parse(period), store)
        return PREFILL[form_id](pc)
    finally:
        store.close()


def quarterly_rows(ws: Workspace, unit: str, attended: int = 2) -> dict[str, list[dict[str, Any]]]:
    rows = prefilled(ws, unit, "quarterly")
    for i, row in enumerate(rows["progress"]):
        if i % 2 == 0:
            row.update(progress="Hoàn thành", percent=100, result="Đã xong",
                       evidence="Báo cáo của phòng")
        else:
            row.update(progress="Đang thực hiện", percent=60, result="Đạt 60%")
    for row in rows["people"]:
        row.update(sessions_attended=attended, self_assessment="Tốt", head_assessment="Khá")
    return rows


def unit_report_rows(ws: Workspace, unit: str, sessions: int = 3) -> dict[str, list[dict]]:
    rows = prefilled(ws, unit, "unit-report")
    rows["sessions"] = [{"date": dt.date(2024, 4 + m, 15), "topic": f"Chuyên đề tháng {4 + m}",
                         "venue": "Sinh hoạt chi bộ", "attendance": 5} for m in range(sessions)]
    for row in rows["emulation"]:
        row.update(progress="Đang thực hiện", result="Triển khai theo kế hoạch")
    rows["propaganda"] = [{"kind": "Treo pano", "date": dt.date(2024, 5, 15),
                           "occasion": "19/05 – Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh "
                                       "(19/05/1890) (134 năm)",
                           "description": "Pano tại trụ sở", "participants": 20}]
    rows["youth"] = [{"kind": "Đối thoại với đoàn viên thanh niên", "date": dt.date(2024, 6, 1),
                      "content": "Đối thoại", "count": 4}]
    return rows


def diary_rows(ws: Workspace, unit: str) -> dict[str, list[dict]]:
    rows = prefilled(ws, unit, "diary")
    for row in rows["entries"]:
        row.update(date=dt.date(2024, 5, 20), deed="Giúp đỡ đồng nghiệp mới",
                   result="Được ghi nhận", golden_book=True, reason="Việc làm tiêu biểu")
    return rows


def submit(ws: Workspace, unit: str, form_id: str, rows: dict[str, list[dict]],
           when: dt.datetime = ON_TIME, period: str = PERIOD) -> list[Any]:
    """Drop the filled workbook in the inbox, ingest, and return its issues."""
    path = drop_in_inbox(ws, unit, rows, when, form_id=form_id, period=period)
    os.utime(path, (when.timestamp(), when.timestamp()))
    report = ingest(ws, [path])
    assert len(report.files) == 1
    return report.files[0].issues
