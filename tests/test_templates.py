"""Generated workbooks: what the unit clerk gets, inspected with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from toolkit.app.prepare import make_templates
from toolkit.app.release import released_names, write_released
from toolkit.forms import FORMS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def pledge_book(ws):
    paths = make_templates(ws, "pledge")
    assert len(paths) == len(ws.roster().units)
    return ws, paths[0]


def test_sheets_and_their_states(pledge_book):
    ws, path = pledge_book
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Đăng ký", "Thi đua", "Danh mục", "_meta"]
    assert wb["Danh mục"].sheet_state == "hidden"
    assert wb["_meta"].sheet_state == "veryHidden"
    assert wb.active.title == "Hướng dẫn"


def test_prefilled_people_are_locked_and_inputs_open(pledge_book):
    ws, path = pledge_book
    roster = ws.roster()
    wb = openpyxl.load_workbook(path)
    sheet = wb["Đăng ký"]
    assert sheet.protection.sheet
    heads = [c.value for c in sheet[6]]
    assert heads[:4] == ["Mã cán bộ", "Họ và tên", "Chức vụ", "Việc làm theo (cụ thể, rõ việc)"]
    unit = path.name.split("-")[3]
    people = roster.people_of(unit)
    ids = [sheet.cell(r, 1).value for r in range(7, 7 + 3 * len(people))]
    assert ids == [p.person_id for p in people for _ in range(3)]
    assert sheet["A7"].protection.locked and sheet["B7"].protection.locked
    assert not sheet["D7"].protection.locked and not sheet["G7"].protection.locked
    # the empty rows for additions are open, id included, and formatted as text
    extra = 7 + 3 * len(people)
    assert not sheet.cell(extra, 1).protection.locked
    assert sheet.cell(extra, 1).number_format == "@"
    assert sheet.cell(extra, 7).number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A7"


def test_dropdowns_come_from_the_hidden_lists_sheet(pledge_book):
    ws, path = pledge_book
    wb = openpyxl.load_workbook(path)
    sheet = wb["Đăng ký"]
    dvs = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    standard = next(dv for ref, dv in dvs.items() if ref.startswith("E"))
    assert standard.type == "list" and standard.formula1.startswith("'Danh mục'!$")
    lists = wb["Danh mục"]
    col = standard.formula1.split("!$")[1].split("$")[0]
    values = [c.value for c in lists[col][1:] if c.value]
    assert values == [s.label for s in ws.config.standards]
    deadline = next(dv for ref, dv in dvs.items() if ref.startswith("G"))
    assert deadline.type == "date" and deadline.prompt and "2024" in deadline.prompt


def test_print_setup_and_font(pledge_book):
    ws, path = pledge_book
    wb = openpyxl.load_workbook(path)
    sheet = wb["Đăng ký"]
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$6:$6"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
    fonts = {sheet.cell(r, c).font.name for r in range(1, 12) for c in range(1, 9)}
    assert fonts == {"Times New Roman"}


def test_guide_is_generated_from_the_spec(pledge_book):
    ws, path = pledge_book
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    for field in FORMS["pledge"].tables[0].fields:
        assert field.header in text
    assert "15/03/2024" in text and "2 đến 3 việc" in text


def test_released_templates_are_what_the_code_generates(tmp_path):
    fresh = {p.name: p.read_bytes() for p in write_released(tmp_path)}
    shipped = {p.name: p.read_bytes() for p in (ROOT / "workbooks").glob("*.xlsx")}
    assert set(fresh) == set(released_names().values())
    assert set(shipped) == set(fresh), "run: python scripts/make_workbooks.py"
    for name in fresh:
        assert shipped[name] == fresh[name], f"{name} differs: run python scripts/make_workbooks.py"


def test_one_unit_only(ws):
    unit = list(ws.roster().units)[1]
    paths = make_templates(ws, "pledge", unit=unit)
    assert len(paths) == 1 and f"-{unit}-" in paths[0].name
