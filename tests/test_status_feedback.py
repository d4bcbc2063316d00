"""status and feedback, through the library and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re

import openpyxl
from click.testing import CliRunner

from tests.helpers import drop_in_inbox, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.outputs.status import compute_status


def _all_clean(ws):
    for unit in ws.roster().units:
        drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    ingest(ws)


def test_status_is_clean_and_exit_code_0_when_everything_is_in(ws):
    _all_clean(ws)
    result = CliRunner().invoke(main, ["status", "-w", str(ws.root), "--as-of", "20/03/2024"])
    assert result.exit_code == 0, result.output
    assert "Đúng hạn" in result.output and "có lỗi 0" in result.output


def test_missing_unit_gives_exit_code_1_and_json_equals_the_library(ws):
    units = list(ws.roster().units)
    for unit in units[1:]:
        drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    result = CliRunner().invoke(main, ["status", "-w", str(ws.root), "--format", "json",
                                       "--as-of", "20/03/2024"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data == compute_status(ws, "pledge", "2024", dt.date(2024, 3, 20)).as_dict()
    states = {u["unit"]: u["state"] for u in data["units"]}
    assert states[units[0]] == "missing" and states[units[1]] == "on_time"
    # before the deadline a unit that has not sent anything is not yet missing
    early = compute_status(ws, "pledge", "2024", dt.date(2024, 3, 1)).as_dict()
    assert {u["unit"]: u["state"] for u in early["units"]}[units[0]] == "pending"


def test_people_counts(ws):
    roster = ws.roster()
    unit = next(iter(roster.units))
    rows = pledge_rows(ws, unit)
    pid = roster.people_of(unit)[1].person_id
    for r in rows["pledges"]:
        if r["person_id"] == pid:
            r.update(action=None, standard=None, goal=None, deadline=None)
    drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    u = compute_status(ws, as_of=dt.date(2024, 3, 20)).units[0]
    assert (u.people_total, u.registered, u.not_registered) == (
        len(roster.people_of(unit)), len(roster.people_of(unit)) - 1, 1)


def test_feedback_marks_cells_holds_only_the_units_people_and_can_be_sent_back(ws):
    roster = ws.roster()
    unit, other = list(roster.units)[:2]
    rows = pledge_rows(ws, unit)
    first = next(r for r in rows["pledges"] if r.get("action"))
    first["standard"] = "Chuẩn mực lạ"
    stranger = roster.people_of(other)[0]
    rows["pledges"].append({"person_id": stranger.person_id, "name": stranger.name,
                            "_free": True, "action": "Đọc 2 cuốn sách trong năm"})
    drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 2, 9))
    drop_in_inbox(ws, other, pledge_rows(ws, other), dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    result = CliRunner().invoke(main, ["feedback", "-w", str(ws.root)])
    assert result.exit_code == 1, result.output
    files = sorted((ws.out / "phan-hoi" / "pledge-2024").glob("*.xlsx"))
    assert len(files) == 1 and f"-{unit}-" in files[0].name
    wb = openpyxl.load_workbook(files[0])
    assert wb.sheetnames[0] == "Lỗi cần sửa"
    fixes = wb["Lỗi cần sửa"]
    listed = [r[7].value for r in fixes.iter_rows(min_row=7) if r[7].value]
    assert "STANDARD_UNKNOWN" in listed and "PERSON_OTHER_UNIT" in listed
    # the code is the secretary's: its column is hidden and out of the printed area
    assert fixes.column_dimensions["H"].hidden
    assert fixes.print_area and "$H" not in str(fixes.print_area)
    sheet = wb["Đăng ký"]
    marked = [c for row in sheet.iter_rows(min_row=7) for c in row if c.comment]
    assert any("\"Chuẩn mực lạ\" không có trong danh mục" in c.comment.text
               and c.value == "Chuẩn mực lạ" for c in marked)
    assert not any(re.search(r"\b[A-Z]{3,}_[A-Z_]+\b", c.comment.text) for c in marked)
    # privacy: the other unit's people appear only where this unit itself typed them
    other_ids = {p.person_id for p in roster.people_of(other)}
    ids = [r[0].value for r in sheet.iter_rows(min_row=7) if r[0].value]
    assert set(ids) & other_ids == {stranger.person_id}
    # the unit fixes the file and sends it straight back: it supersedes and is clean
    for row in sheet.iter_rows(min_row=7):
        if row[4].value == "Chuẩn mực lạ":
            row[4].value = ws.config.standards[0].label
        if row[0].value == stranger.person_id:
            for c in row:
                c.value = None
    back = ws.inbox / "da-sua.xlsx"
    wb.save(back)
    report = ingest(ws, [back])
    assert report.files[0].status == "stored"
    assert [i.code for i in report.files[0].issues if i.is_error] == []
