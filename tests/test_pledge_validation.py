"""Every pledge issue code, triggered from a real workbook written, saved and ingested."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import (
    SENT_AT,
    codes,
    drop_in_inbox,
    edit_cells,
    filled_workbook,
    mail,
    pledge_rows,
    set_senders,
)
from toolkit.app.ingest import ingest
from toolkit.forms.workbook import meta_checksum

ON_TIME = dt.datetime(2024, 3, 1, 9, 0)


def _stamp(path: Path, when: dt.datetime = ON_TIME) -> None:
    import os
    os.utime(path, (when.timestamp(), when.timestamp()))


def _unit(ws) -> str:
    return next(iter(ws.roster().units))


def _ingest_codes(ws, path: Path | None = None) -> set[str]:
    report = ingest(ws, [path] if path else None)
    return {i.code for f in report.files for i in f.issues}


def _people_rows(rows, pid):
    return [r for r in rows["pledges"] if r["person_id"] == pid]


def test_clean_workbook_has_no_issues(ws):
    unit = _unit(ws)
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), ON_TIME)
    report = ingest(ws)
    assert [f.status for f in report.files] == ["stored"]
    assert report.files[0].issues == []


def test_dates_as_dates_serials_and_text_are_all_accepted(ws):
    unit = _unit(ws)
    rows = pledge_rows(ws, unit)
    filled = [r for r in rows["pledges"] if r.get("action")]
    filled[0]["deadline"] = "30/9/2024"          # typed as text, Vietnamese order
    filled[1]["deadline"] = 45565.0              # an Excel serial (30/09/2024)
    filled[2]["deadline"] = dt.datetime(2024, 9, 30)
    filled[3]["deadline"] = "30.09.2024"
    drop_in_inbox(ws, unit, rows, ON_TIME)
    report = ingest(ws)
    assert report.files[0].issues == []
    store = ws.store()
    sub = store.submissions("pledge", "2024")[0]
    deadlines = {r["deadline"] for r in store.records(sub["id"], "pledges") if r.get("action")}
    store.close()
    assert deadlines == {dt.date(2024, 9, 30)}


@pytest.mark.parametrize("change, code", [
    ("one_action", "PLEDGE_TOO_FEW"),
    ("four_actions", "PLEDGE_TOO_MANY"),
    ("nothing", "PLEDGE_NONE"),
    ("empty_action", "ACTION_EMPTY"),
    ("bad_standard", "STANDARD_UNKNOWN"),
    ("no_goal", "REQUIRED_MISSING"),
    ("bad_date", "DATE_INVALID"),
    ("next_year", "DATE_OUT_OF_RANGE"),
    ("vague", "PLEDGE_VAGUE"),
    ("heading_only", "PLEDGE_VAGUE"),
    ("copied", "PLEDGE_COPIED"),
    ("unknown_person", "PERSON_UNKNOWN"),
    ("other_unit", "PERSON_OTHER_UNIT"),
    ("name_differs", "PERSON_NAME_MISMATCH"),
    ("no_emulation", "EMULATION_COUNT"),
    ("three_emulation", "EMULATION_COUNT"),
    ("too_long", "TEXT_TOO_LONG"),
])
def test_pledge_codes(ws, change, code):
    roster = ws.roster()
    unit = _unit(ws)
    rows = pledge_rows(ws, unit)
    people = [p.person_id for p in roster.people_of(unit)]
    first = _people_rows(rows, people[0])
    if change == "one_action":
        first[1].update(action=None, standard=None, goal=None, deadline=None)
    elif change == "four_actions":
        first[2].update(action="Viết 2 bài tin về hoạt động của Ban mỗi quý", deadline="30/11/2024",
                        standard=ws.config.standards[0].label, goal="8 bài trong năm")
        rows["pledges"].append({**first[0], "action": "Tiết kiệm 10% điện năng trong năm",
                                "_free": True})
    elif change == "nothing":
        for r in first:
            r.update(action=None, standard=None, goal=None, deadline=None)
    elif change == "empty_action":
        first[2].update(goal="Hoàn thành trong quý III", deadline=dt.date(2024, 9, 30))
    elif change == "bad_standard":
        first[0]["standard"] = "Chuẩn mực tự đặt"
    elif change == "no_goal":
        first[0]["goal"] = None
    elif change == "bad_date":
        first[0]["deadline"] = "31/02/2024"
    elif change == "next_year":
        first[0]["deadline"] = dt.date(2025, 3, 1)
    elif change == "vague":
        first[0].update(action="Nâng cao tinh thần trách nhiệm trong công việc", goal="Làm tốt")
    elif change == "heading_only":
        first[0].update(action="Cần, kiệm, liêm, chính, chí công vô tư", goal="Thực hiện tốt")
    elif change == "copied":
        for pid in people[:3]:
            _people_rows(rows, pid)[0]["action"] = "Hoàn thành 100% nhiệm vụ được giao trong năm"
    elif change == "unknown_person":
        rows["pledges"].append({"person_id": "CB999", "name": "Nguyễn Văn Lạ", "_free": True,
                                "action": "Đọc 2 cuốn sách trong năm", "goal": "2 cuốn",
                                "standard": ws.config.standards[0].label,
                                "deadline": dt.date(2024, 12, 1)})
    elif change == "other_unit":
        other = next(p for p in roster.people.values() if p.unit != unit)
        rows["pledges"].append({"person_id": other.person_id, "name": other.name, "_free": True,
                                "action": "Đọc 2 cuốn sách trong năm", "goal": "2 cuốn",
                                "standard": ws.config.standards[0].label,
                                "deadline": dt.date(2024, 12, 1)})
    elif change == "name_differs":
        first[0]["name"] = "Tên Khác Hẳn"
    elif change == "no_emulation":
        rows["emulation"] = []
    elif change == "three_emulation":
        rows["emulation"] = rows["emulation"] * 3
    elif change == "too_long":
        first[0]["action"] = "Giải quyết 100% hồ sơ đúng hạn trong năm. " * 20
    drop_in_inbox(ws, unit, rows, ON_TIME)
    found = _ingest_codes(ws)
    assert code in found
    # the issue carries a place: the A1 cell of the row for row-level codes
    store = ws.store()
    issues = [i for i in store.issues() if i.code == code]
    store.close()
    assert issues and all(i.file and i.unit == unit for i in issues)
    if code not in ("PLEDGE_NONE", "EMULATION_COUNT"):
        assert all(i.sheet == "Đăng ký" and i.cell[0].isalpha() and i.cell[1:].isdigit()
                   for i in issues)
    assert all(i.message() and "{" not in i.message() for i in issues)


def test_late_submission_is_a_warning_with_the_date(ws):
    unit = _unit(ws)
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 18, 10, 0))
    report = ingest(ws)
    late = [i for i in report.files[0].issues if i.code == "SUBMISSION_LATE"]
    assert late and late[0].severity == "warning"
    assert "18/03/2024" in late[0].message() and "15/03/2024" in late[0].message()
    assert report.files[0].status == "stored"


def _meta_edit(ws, tmp_path, key, value, fix_checksum=True):
    unit = _unit(ws)
    src = filled_workbook(ws, tmp_path / "src.xlsx", unit, pledge_rows(ws, unit))
    wb = openpyxl.load_workbook(src)
    meta = wb["_meta"]
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    values[key] = value
    if fix_checksum:
        values["checksum"] = meta_checksum(values)
    for r in range(1, meta.max_row + 1):
        meta.cell(r, 2).value = values[meta.cell(r, 1).value]
    out = ws.inbox / "edited.xlsx"
    wb.save(out)
    return out


@pytest.mark.parametrize("key, value, code", [
    ("form_version", "0", "META_WRONG_VERSION"),
    ("year", "2023", "META_WRONG_YEAR"),
    ("org_id", "SO-KHAC", "META_WRONG_ORG"),
    ("unit_code", "KHONGCO", "META_UNIT_UNKNOWN"),
    ("form_id", "bieu-mau-la", "META_UNKNOWN_FORM"),
])
def test_template_identity_codes(ws, tmp_path, key, value, code):
    path = _meta_edit(ws, tmp_path, key, value)
    report = ingest(ws, [path])
    assert code in codes(report.files[0].issues)
    assert report.files[0].status == "rejected"


def test_edited_metadata_is_detected(ws, tmp_path):
    path = _meta_edit(ws, tmp_path, "unit_code", next(reversed(ws.roster().units)),
                      fix_checksum=False)
    report = ingest(ws, [path])
    assert codes(report.files[0].issues) == {"META_TAMPERED"}


def test_a_workbook_that_is_not_our_template(ws):
    import xlsxwriter
    path = ws.inbox / "tu-lam.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Đăng ký").write_row(0, 0, ["Họ tên", "Việc làm theo"])
    wb.close()
    report = ingest(ws)
    assert codes(report.files[0].issues) == {"META_MISSING"}


def test_unit_name_changed_in_the_sheet(ws, tmp_path):
    unit = _unit(ws)
    src = filled_workbook(ws, tmp_path / "src.xlsx", unit, pledge_rows(ws, unit))
    out = edit_cells(src, ws.inbox / "doi-ten.xlsx", "Đăng ký", {"A3": "Đơn vị: Phòng Khác"})
    assert "UNIT_MISMATCH" in codes(ingest(ws, [out]).files[0].issues)


@pytest.mark.parametrize("policy, code", [("strict", "MAIL_SENDER_HELD_OTHER_UNIT"),
                                          ("open", "MAIL_SENDER_MISMATCH")])
def test_sender_of_another_unit(ws, tmp_path, policy, code):
    ws = set_senders(ws, policy)
    roster = ws.roster()
    unit, other = list(roster.units)[:2]
    src = filled_workbook(ws, tmp_path / "a.xlsx", unit, pledge_rows(ws, unit))
    m = mail(ws.inbox / "thu.eml", roster.units[other].email, "Bản đăng ký", ON_TIME,
             [("dang-ky.xlsx", src.read_bytes())], "<x1@example.vn>")
    assert code in codes(ingest(ws, [m]).files[0].issues)


def test_deleted_sheet_and_renamed_header(ws, tmp_path):
    unit = _unit(ws)
    src = filled_workbook(ws, tmp_path / "src.xlsx", unit, pledge_rows(ws, unit))
    wb = openpyxl.load_workbook(src)
    del wb["Thi đua"]
    sheet = wb["Đăng ký"]
    for cell in sheet[6]:
        if cell.value == "Chuẩn mực đạo đức":
            cell.value = "Cột tự đặt"
    wb.save(ws.inbox / "sua.xlsx")
    found = codes(ingest(ws).files[0].issues)
    assert {"SHEET_MISSING", "HEADER_MISSING"} <= found


def test_moved_columns_still_read(ws, tmp_path):
    """A unit that drags the goal column to the end: columns are found by header."""
    unit = _unit(ws)
    src = filled_workbook(ws, tmp_path / "src.xlsx", unit, pledge_rows(ws, unit))
    wb = openpyxl.load_workbook(src)
    sheet = wb["Đăng ký"]
    sheet.protection.sheet = False
    sheet.move_range("F1:F200", cols=4)     # goal -> column J
    sheet.move_range("I1:I200", cols=-3)    # note -> column F
    wb.save(ws.inbox / "doi-cot.xlsx")
    _stamp(ws.inbox / "doi-cot.xlsx")
    report = ingest(ws)
    assert report.files[0].issues == []
    store = ws.store()
    recs = store.records(store.submissions("pledge", "2024")[0]["id"], "pledges")
    store.close()
    assert all(r["goal"] == "Đạt 100% chỉ tiêu, báo cáo hằng quý" for r in recs if r.get("action"))


def test_nfd_text_is_normalised(ws):
    import unicodedata
    unit = _unit(ws)
    rows = pledge_rows(ws, unit)
    first = next(r for r in rows["pledges"] if r.get("action"))
    first["action"] = unicodedata.normalize("NFD", "Đọc 3 cuốn sách về Bác trong năm")
    drop_in_inbox(ws, unit, rows, ON_TIME)
    ingest(ws)
    store = ws.store()
    recs = store.records(store.submissions("pledge", "2024")[0]["id"], "pledges")
    store.close()
    assert "Đọc 3 cuốn sách về Bác trong năm" in {r.get("action") for r in recs}


def test_sent_at_is_in_the_metadata(ws, tmp_path):
    unit = _unit(ws)
    src = filled_workbook(ws, tmp_path / "src.xlsx", unit, pledge_rows(ws, unit))
    wb = openpyxl.load_workbook(src)
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert meta["generated_at"] == SENT_AT.isoformat()
    assert meta["form_id"] == "pledge" and meta["unit_code"] == unit
    assert wb["_meta"].sheet_state == "veryHidden"
