"""The quarterly dashboard: charts in the file, user text never a formula, print setup, the demo's
dashboards through LibreOffice to PDF, and workbooks saved by LibreOffice ingested cleanly."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.lo_producers import QUARTER, QUARTER_FILES
from tests.quarterly_helpers import PERIOD, pledge_all, quarterly_rows, submit, unit_report_rows
from toolkit.app.ingest import ingest
from toolkit.outputs.dashboard.book import dashboard_path, write_dashboard

SHEETS = ["Tổng quan", "Đơn vị", "Cá nhân", "Chưa nộp, nộp muộn", "Cá nhân chưa báo cáo",
          "Biểu dương, nhắc nhở", "Lỗi dữ liệu", "Nguồn số liệu", "Sổ tệp đến", "Số liệu biểu đồ"]


def _xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}


def test_demo_has_a_dashboard_per_quarter_with_native_charts(demo_ws):
    for q in (1, 2, 3, 4):
        path = dashboard_path(demo_ws, f"2024-Q{q}")
        parts = _xml(path)
        charts = sorted(n for n in parts if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 4, path
        kinds = {k for n in charts for k in ("barChart", "pieChart", "lineChart")
                 if f"<c:{k}>" in parts[n]}
        assert kinds == {"barChart", "pieChart", "lineChart"}
        assert all("Số liệu biểu đồ" in parts[n] for n in charts)
    wb = openpyxl.load_workbook(dashboard_path(demo_ws, "2024-Q4"))
    assert wb.sheetnames == SHEETS
    trend = [r[0] for r in wb["Số liệu biểu đồ"].iter_rows(values_only=True)
             if r and isinstance(r[0], str) and r[0].startswith("Quý ")]
    assert trend == ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"]


def test_no_cell_is_a_formula_and_user_text_is_text(demo_ws):
    path = dashboard_path(demo_ws, "2024-Q2")
    for name, xml in _xml(path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in xml and "<f " not in xml, name
    wb = openpyxl.load_workbook(path)
    people = wb["Cá nhân"]
    names = {p.name for p in demo_ws.roster().people.values()}
    found = [c for row in people.iter_rows() for c in row if c.value in names]
    assert len(found) == len(names) and all(c.data_type == "s" for c in found)


def test_row_numbers_are_numbers_counting_from_one(demo_ws):
    """Every table's STT column holds numbers 1, 2, 3… (sorting it puts 2 before 10)."""
    wb = openpyxl.load_workbook(dashboard_path(demo_ws, "2024-Q2"))
    for sheet in ("Cá nhân", "Chưa nộp, nộp muộn", "Cá nhân chưa báo cáo", "Lỗi dữ liệu",
                  "Nguồn số liệu"):
        runs: list[list[object]] = []       # the cells under each "STT", down to the table's end
        inside = False
        for (value,) in wb[sheet].iter_rows(min_col=1, max_col=1, values_only=True):
            if value == "STT":
                runs.append([])
                inside = True
            elif inside and isinstance(value, (int, float, str)) and str(value).isdigit():
                runs[-1].append(value)
            else:
                inside = False
        assert runs and all(runs), sheet
        for numbers in runs:
            assert numbers == list(range(1, len(numbers) + 1)), sheet


def test_dashboard_prints_as_a_party_document(demo_ws):
    path = dashboard_path(demo_ws, "2024-Q3")
    parts = _xml(path)
    workbook = parts["xl/workbook.xml"]
    for sheet in SHEETS[1:8]:
        assert re.search(r"_xlnm\.Print_Titles[^>]*>'?" + re.escape(sheet), workbook), sheet
    for name, xml in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            assert 'paperSize="9"' in xml, name
    assert 'orientation="landscape"' in parts["xl/worksheets/sheet1.xml"]
    assert "Times New Roman" in parts["xl/styles.xml"] and "Calibri" not in parts["xl/styles.xml"]
    wb = openpyxl.load_workbook(path)
    top = [c.value for row in wb["Tổng quan"].iter_rows(max_row=8) for c in row if c.value]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in top
    assert any(str(v).startswith("BẢNG THEO DÕI KẾT QUẢ") for v in top)


def test_the_register_sheet_names_the_quarters_files_and_what_fits_no_form(demo_ws):
    """The secretary's workbook holds the incoming register's lines of the quarter: every file of
    the quarter's forms, by the name it came with and its arrival number, and the lines that are
    no form (here the signature image dropped into the inbox), none of another period."""
    from toolkit.outputs.register import compute_register
    wb = openpyxl.load_workbook(dashboard_path(demo_ws, "2024-Q1"), read_only=True)
    rows = list(wb["Sổ tệp đến"].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and r[0] == "Số đến")
    # the name as received is the secretary's (a column after the printed ones); the period as
    # a reader writes it
    sheet = {int(r[0]): (r[11] or r[5], r[8]) for r in rows[head + 1:]
             if r and isinstance(r[0], int)}
    register = {line.no: line for line in compute_register(demo_ws).lines}
    label = {"2024-Q1": "Quý I/2024", "": None}
    assert sheet and all((register[no].name or register[no].subject,
                          label.get(register[no].period, register[no].period))
                         == (name, period) for no, (name, period) in sheet.items())
    assert list(sheet) == sorted(sheet)
    as_of = dt.date(2024, 4, 25)            # the demo's first quarter round (demo/quarters.py)
    # the quarter's files received by the dashboard's date (a unit's late Q1 reports of July
    # arrive after it)
    q1 = {no for no, line in register.items() if line.period == "2024-Q1" and line.kind == "file"
          and dt.datetime.strptime(line.received_at[:10], "%d/%m/%Y").date() <= as_of}
    assert q1 and q1 <= set(sheet)
    assert {period for _, period in sheet.values()} <= {"Quý I/2024", None}
    loose = {no for no, line in register.items() if not line.form and line.kind == "file"
             and dt.date(2024, 1, 1) <= dt.datetime.strptime(line.received_at[:10],
                                                             "%d/%m/%Y").date() <= as_of}
    assert loose <= set(sheet)


def test_sources_trace_every_current_file(demo_ws):
    # the fourth quarter: nothing of it arrives after its dashboard (a quarter's late reports
    # can arrive after its own dashboard, in the next quarter's round)
    wb = openpyxl.load_workbook(dashboard_path(demo_ws, "2024-Q4"))
    cells = {c.value for row in wb["Nguồn số liệu"].iter_rows() for c in row if c.value}
    store = demo_ws.store()
    files = {s["file_name"] for f in ("quarterly", "unit-report", "pledge")
             for s in store.submissions(f, "2024-Q4" if f != "pledge" else "2024")}
    store.close()
    assert files and files <= cells


def test_demo_dashboard_lists_planted_problems(demo_ws):
    wb = openpyxl.load_workbook(dashboard_path(demo_ws, "2024-Q2"))
    issue_codes = {r[8] for r in wb["Lỗi dữ liệu"].iter_rows(values_only=True) if r[8]}
    assert {"ATTENDANCE_EXCEEDS", "NUMBER_RANGE", "DATE_OUT_OF_RANGE",
            "SUBMISSION_MISSING"} <= issue_codes
    missing = [r for r in wb["Chưa nộp, nộp muộn"].iter_rows(values_only=True)
               if r[3] in ("Nộp muộn", "Chưa nộp (quá hạn)")]
    assert len(missing) == 4                # one late, one missing, for both reports


def test_formula_like_user_text_stays_text(ws):
    pledge_all(ws)
    unit = next(iter(ws.roster().units))
    rows = quarterly_rows(ws, unit)
    rows["people"][0].update(recognition="Biểu dương", recognition_note="=HYPERLINK(\"x\")")
    rows["progress"][0]["evidence"] = "@SUM(A1:A9)"
    submit(ws, unit, "unit-report", unit_report_rows(ws, unit))
    submit(ws, unit, "quarterly", rows)
    result = write_dashboard(ws, PERIOD, as_of=dt.date(2024, 7, 20))
    assert result.seconds < 10
    for name, xml in _xml(result.path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in xml and "<f " not in xml
    wb = openpyxl.load_workbook(result.path)
    cells = [c for row in wb["Cá nhân"].iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" and not c.hyperlink for c in cells)
    assert result.figures["people_reported"] == len(ws.roster().people_of(unit))


@pytest.mark.libreoffice
def test_demo_dashboards_convert_to_pdf(lo_batch):
    pdfs = {k: v for k, v in lo_batch.pdfs.items() if "bang-theo-doi" in k}
    assert len(pdfs) == 4
    for pdf in pdfs.values():
        assert pdf.exists() and pdf.stat().st_size > 20_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdfs[next(iter(sorted(pdfs)))]), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "BẢNG THEO DÕI KẾT QUẢ HỌC TẬP VÀ LÀM THEO BÁC" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        for bad in ("#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "Err:5", "###"):
            assert bad not in text


@pytest.mark.libreoffice
def test_quarterly_workbooks_saved_by_libreoffice_ingest_with_no_issues(lo_batch, demo_ws,
                                                                        tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(demo_ws.root, root, ignore=shutil.ignore_patterns("out", "inbox"))
    (root / "inbox").mkdir()
    from toolkit.config.workspace import Workspace
    ws = Workspace.open(root)
    on_time = dt.datetime(2024, 7, 5, 9).timestamp()
    for name in QUARTER_FILES:
        path = tmp_path / name
        shutil.copy(lo_batch.roundtrip[name], path)
        os.utime(path, (on_time, on_time))
        report = ingest(ws, [path])
        assert [f.status for f in report.files] == ["stored"], name
        assert [i.code for i in report.files[0].issues] == [], name
    store = ws.store()
    sub = next(s for s in store.submissions("quarterly", QUARTER) if s["unit"] == "VP")
    progress = [r for r in store.records(sub["id"], "progress") if r.get("action")]
    store.close()
    assert progress and all(r["progress"] in ("Hoàn thành", "Đang thực hiện") for r in progress)
    assert all(isinstance(r["deadline"], dt.date) for r in progress)


def test_demo_quarters_plant_their_mistakes_in_the_right_quarter(demo_ws):
    import sqlite3
    db = sqlite3.connect(demo_ws.store_path)
    found = {(p, c) for p, c in db.execute(
        "SELECT s.period, i.code FROM issues i JOIN submissions s ON s.id = i.submission_id"
        " WHERE s.current = 1 AND s.form IN ('quarterly', 'unit-report', 'diary')")}
    assert {("2024-Q1", "ACTION_NOT_REGISTERED"), ("2024-Q1", "EVIDENCE_MISSING"),
            ("2024-Q2", "ATTENDANCE_EXCEEDS"), ("2024-Q2", "NUMBER_RANGE"),
            ("2024-Q2", "DATE_OUT_OF_RANGE"), ("2024-Q3", "PROGRESS_PERCENT_MISMATCH"),
            ("2024-Q3", "RECOGNITION_NOTE_MISSING"), ("2024-Q4", "ACTION_NOT_REGISTERED"),
            ("2024-Q4", "REQUIRED_MISSING")} <= found
    assert {p for p, c in found if c == "SUBMISSION_LATE"} == {"2024-Q1", "2024-Q2", "2024-Q3",
                                                                 "2024-Q4"}


def test_chart_of_many_units_shows_the_lowest_completion(tmp_path):
    """With more units than a chart can show, the units chart keeps the 20 with the lowest
    completion, then score (a unit without a report counts 0), and says so in its title."""
    import random

    from toolkit.config.roster import write_roster
    from toolkit.config.workspace import Workspace, init_workspace
    from toolkit.demo.data import build_roster
    from toolkit.outputs.dashboard.charts import CHART_UNITS
    from toolkit.scoring.scores import quarter
    w = init_workspace(tmp_path / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(3), n_units=CHART_UNITS + 3,
                                                       min_people=2, max_people=2))
    ws = Workspace.open(w.root)
    pledge_all(ws)
    units = list(ws.roster().units)
    names = {code: u.name for code, u in ws.roster().units.items()}
    done_share = {units[4]: 1.0, units[9]: 0.0, units[15]: 0.5}
    for unit, share in done_share.items():
        rows = quarterly_rows(ws, unit)
        n_done = round(len(rows["progress"]) * share)
        for i, row in enumerate(rows["progress"]):
            if i < n_done:
                row.update(progress="Hoàn thành", percent=100)
            else:
                row.update(progress="Đang thực hiện", percent=40)
        submit(ws, unit, "quarterly", rows)
    as_of = dt.date(2024, 7, 20)
    result = write_dashboard(ws, PERIOD, as_of=as_of)
    wb = openpyxl.load_workbook(result.path, read_only=True)
    grid = [list(r) for r in wb["Số liệu biểu đồ"].iter_rows(values_only=True)]
    assert grid[0][0] == f"{CHART_UNITS} đơn vị có tỷ lệ việc hoàn thành thấp nhất " \
                         f"(trong {CHART_UNITS + 3} đơn vị)"
    block = [tuple(r[:3]) for r in grid[2:2 + CHART_UNITS]]
    assert grid[2 + CHART_UNITS][0] is None           # the block ends there
    frame = quarter(ws, PERIOD, as_of=as_of).units
    every = list(zip(frame["unit_name"], frame["completion"], frame["score"]))
    assert len(every) == CHART_UNITS + 3
    lowest = sorted(every, key=lambda r: (r[1], r[2]))[:CHART_UNITS]   # stable: sheet order
    assert block == [(n, pytest.approx(c), pytest.approx(s)) for n, c, s in lowest]
    shown = {r[0] for r in block}
    assert names[units[4]] not in shown and names[units[15]] not in shown   # done the most
    chart = next(x for n, x in _xml(result.path).items()
                 if n.startswith("xl/charts/") and "barChart" in x and "thấp nhất" in x)
    assert f'<c:ptCount val="{CHART_UNITS}"/>' in chart


def test_chart_of_few_units_shows_all_in_order():
    import pandas as pd

    from toolkit.outputs.dashboard.charts import UNITS_TITLE, chart_units
    frame = pd.DataFrame({"unit_name": ["B", "A", "C"], "completion": [50.0, float("nan"), 0.0],
                          "score": [70.0, None, 10.0]})
    title, rows = chart_units(frame)
    assert title == UNITS_TITLE and [r[0] for r in rows] == ["B", "A", "C"]
    many = pd.DataFrame({"unit_name": [f"U{i}" for i in range(25)],
                         "completion": [float("nan"), *range(24, 0, -1)],
                         "score": [1.0] * 25})
    title, rows = chart_units(many)
    assert [r[0] for r in rows] == [f"U{i}" for i in range(24, 4, -1)]   # no figure: last
