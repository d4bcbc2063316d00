"""Hazards found while reading: formulas saved without a value, data hidden in extra sheets, and
cells the reader itself cannot convert."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import openpyxl

from tests.corpus.make_corpus import part, rezip, sheet_part
from tests.helpers import filled_workbook, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.forms import get_form
from toolkit.intake.safety import inspect_bytes
from toolkit.read.workbook import hidden_data_sheets, open_workbook


def _sheet(cells: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://'
            'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f"{cells}</sheetData></worksheet>").encode()


def _good(ws, tmp_path) -> bytes:
    unit = next(iter(ws.roster().units))
    return filled_workbook(ws, tmp_path / "a.xlsx", unit, pledge_rows(ws, unit)).read_bytes()


def _findings(data: bytes, code: str = "FILE_FORMULA_NO_VALUE") -> list:
    return [f for f in inspect_bytes("a.xlsx", data).findings if f.code == code]


def test_formulas_without_values_are_counted_across_chunks(ws, tmp_path) -> None:
    good = _good(ws, tmp_path)
    key = sheet_part(good, "Đăng ký")
    # 20,000 formula cells (well over one 64 KB chunk); the first without a value is B3
    cells = '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>' + "".join(
        f'<row r="{r}"><c r="B{r}"><f>SUM(A1:A{r})</f><v/></c>'
        f'<c r="C{r}"><f t="shared" si="0"/></c><c r="D{r}" t="str"><f>A1&amp;"x"</f>'
        f"<v>2x</v></c></row>" for r in range(3, 10003))
    data = rezip(good, replace={key: _sheet(cells)})
    [found] = _findings(data)
    assert found.sheet == "Đăng ký"
    assert found.args["cell"] == "B3" and found.args["formula"] == "=SUM(A1:A3)"
    assert found.args["count"] == 20000
    assert inspect_bytes("a.xlsx", data).readable


def test_formulas_with_values_and_prefixed_markup(ws, tmp_path) -> None:
    good = _good(ws, tmp_path)
    key = sheet_part(good, "Đăng ký")
    with_values = _sheet('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="s"><v>0</v>'
                         "</c></row>")
    assert _findings(rezip(good, replace={key: with_values})) == []
    prefixed = (b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="E2"><x:f>NOW()'
                b"</x:f></x:c></x:row></x:sheetData></x:worksheet>")
    [found] = _findings(rezip(good, replace={key: prefixed}))
    assert found.args["cell"] == "E2" and found.args["formula"] == "=NOW()"


def test_a_formula_outside_the_forms_tables_is_not_reported(ws, tmp_path) -> None:
    good = _good(ws, tmp_path)
    wb = openpyxl.load_workbook(io.BytesIO(good))
    wb["Hướng dẫn"]["F1"] = "=TODAY()"
    target = ws.inbox / "huong-dan-co-cong-thuc.xlsx"
    wb.save(target)
    when = dt.datetime(2024, 3, 2, 9).timestamp()
    os.utime(target, (when, when))
    assert [f.sheet for f in _findings(target.read_bytes())] == ["Hướng dẫn"]   # safety sees it
    [result] = ingest(ws).files
    assert result.status == "stored" and result.issues == []                    # not the form's


def test_hidden_sheets_holding_values(ws, tmp_path) -> None:
    good = _good(ws, tmp_path)
    wb = openpyxl.load_workbook(io.BytesIO(good))
    for name, state, value in (("Ẩn hẳn", "veryHidden", 12), ("Chỉ dấu cách", "hidden", "  "),
                               ("Hiện", "visible", "dữ liệu"), ("Dang ky", "hidden", "x")):
        sheet = wb.create_sheet(name)
        sheet["C5"] = value
        sheet.sheet_state = state
    wb["Danh mục"]["Z9"] = "thêm vào danh mục"           # the lists sheet itself: ours
    out = io.BytesIO()
    wb.save(out)
    found = hidden_data_sheets(open_workbook(out.getvalue()), get_form("pledge"))
    # "Dang ky" is an alias of the pledge sheet: the form's, even when hidden
    assert found == ["Ẩn hẳn"]


def test_a_hidden_scratch_sheet_in_the_roster_does_not_break_the_workspace(ws) -> None:
    wb = openpyxl.load_workbook(ws.roster_path)
    scratch = wb.create_sheet("Nháp")
    scratch["A1"] = "ghi chú của văn phòng"
    scratch.sheet_state = "hidden"
    wb.save(ws.roster_path)
    from toolkit.config.roster import load_roster
    assert load_roster(ws.roster_path, ws.config).units


def test_a_date_cell_the_reader_cannot_convert_rejects_that_file_only(ws, tmp_path) -> None:
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    next(r for r in rows["pledges"] if r.get("action"))["deadline"] = -1e12
    bad = filled_workbook(ws, ws.inbox / "a-ngay-am.xlsx", unit, rows)
    good = filled_workbook(ws, ws.inbox / "b-tot.xlsx", unit, pledge_rows(ws, unit))
    for p in (bad, good):
        os.utime(p, (dt.datetime(2024, 3, 2).timestamp(),) * 2)
    report = ingest(ws, workers=1)                 # in this process: a panic would end it
    by_name = {f.name: f for f in report.files}
    assert by_name["b-tot.xlsx"].status == "stored"
    [issue] = by_name["a-ngay-am.xlsx"].issues
    assert issue.code == "FILE_READ_FAILED" and "ngày tháng" in issue.message()
    with zipfile.ZipFile(bad) as z:               # it really is a plain number in a date cell
        assert b"<v>-1000000000000</v>" in z.read(sheet_part(bad.read_bytes(), "Đăng ký"))
    assert part(bad.read_bytes(), "[Content_Types].xml")
