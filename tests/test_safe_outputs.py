"""Safe outputs: text received from units that looks like a formula ("=HYPERLINK(...)", "+1",
"-cmd", "@SUM(A1)") is written as text in every workbook the toolkit produces, and no user text
becomes a link. And privacy: each feedback file of the demo holds its own unit's people only.

Units fill every form with such text (every free-text input of every form, plus a choice cell),
the files are ingested, then every output command the CLI has is run, and every .xlsx under out/
is read back with openpyxl and scanned as XML.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from tests.helpers import pledge_rows
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.common.periods import Period
from toolkit.config.workspace import Workspace
from toolkit.forms import FORMS, get_form
from toolkit.forms.spec import CHOICE, DATE, ID, INT, LONG, NUMBER, PERCENT, TEXT, YESNO, Field
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.prefill.context import PrefillContext, template_name
from toolkit.prefill.registry import PREFILL
from toolkit.read.convert import cached_choice_lists

HOSTILE = ('=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)")
CHOICE_HOSTILE = "=1+1"                  # typed over a drop-down: comes back in the error lists
MARKERS = ("HYPERLINK", "http://x", "cmd", "SUM(A1)", "1+1")
QUARTER = "2024-Q1"
AS_OF = "20/04/2024"

# commands that write no workbook
NOT_OUTPUTS = {"init", "demo", "ingest", "status"}


def _period_of(form_id: str) -> str:
    return QUARTER if get_form(form_id).period_kind == "quarter" else "2024"


def _value(f: Field, i: int, period: Period, lists: dict[str, list[str]]) -> Any:
    if f.kind in (TEXT, LONG):
        return HOSTILE[i % len(HOSTILE)]
    if f.kind == CHOICE:
        options = lists.get(f.choices or "", [])
        if f.key == "recognition":
            return options[0] if options else None           # commended: the note is required
        return options[0] if options else HOSTILE[i % len(HOSTILE)]
    if f.kind == DATE:
        return period.start + dt.timedelta(days=10 + i)
    if f.kind in (INT, NUMBER, PERCENT):
        return 1
    if f.kind == YESNO:
        return "Có"
    return None


def _fill(ws: Workspace, form_id: str, unit: str, when: dt.datetime) -> Path:
    """The unit's workbook for ``form_id``, every free input holding formula-like text."""
    form = get_form(form_id)
    period = Period.parse(_period_of(form_id))
    roster = ws.roster()
    lists = cached_choice_lists(ws.config)
    store = ws.store()
    try:
        pc = PrefillContext(ws.config, roster, roster.units[unit], period, store)
        rows = PREFILL[form_id](pc) if form_id in PREFILL else {}
    finally:
        store.close()
    if form_id == "pledge":
        rows = pledge_rows(ws, unit)
    out: dict[str, list[dict[str, Any]]] = {}
    for table in form.tables:
        base = [dict(r) for r in rows.get(table.key, [])]
        if not base and table.person_field is None:
            base = [{}, {}]                                   # free rows of a free table
        if form_id == "pledge" and table.key == "pledges":
            base = [r for r in base if r.get("action")]
        for i, row in enumerate(base):
            for f in table.inputs:
                if f.kind != ID:
                    row[f.key] = _value(f, i, period, lists)
        out[table.key] = base
    if form_id == "pledge":                                   # a formula-like text in a choice
        out["pledges"][0]["standard"] = CHOICE_HOSTILE
    ctx = WorkbookContext(config=ws.config, unit=roster.units[unit], period=str(period),
                          generated_at=when)
    path = write_form(ws.inbox / template_name(form, roster.units[unit], period), form, ctx, out)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def _decide(ws: Workspace) -> Path:
    """The rating workbook with every party member decided as proposed (a level by hand where
    there is not enough data), with formula-like notes, saved into the inbox (what the party
    office sends back)."""
    import python_calamine as pc

    from toolkit.app.yearend import rating_path
    from toolkit.read.workbook import locate_columns
    proposal = rating_path(ws, ws.config.year)
    table = get_form("rating").table("party")
    grid = pc.load_workbook(str(proposal)).get_sheet_by_name(table.sheet).to_python()
    header, cols = locate_columns(grid, table)
    wb = openpyxl.load_workbook(proposal)
    sheet = wb[table.sheet]
    n = 0
    for r in range(header + 1, len(grid)):
        if not grid[r][cols["person_id"]] or not grid[r][cols["proposal"]]:
            continue
        no_data = grid[r][cols["proposal"]] == "Chưa đủ dữ liệu"
        sheet.cell(r + 1, cols["decision"] + 1,
                   "Hoàn thành nhiệm vụ" if no_data else grid[r][cols["proposal"]])
        sheet.cell(r + 1, cols["decision_reason"] + 1,
                   "Đã có đủ thông tin để xếp loại" if no_data else "Thống nhất với đề xuất")
        sheet.cell(r + 1, cols["decision_note"] + 1, HOSTILE[n % len(HOSTILE)])
        n += 1
    assert n
    target = ws.inbox / "xep-loai-da-quyet-dinh.xlsx"
    wb.save(target)
    return target


def _output_commands(ws: Workspace) -> list[list[str]]:
    per_unit = [f for f, form in FORMS.items() if form.per_unit]
    known: dict[str, list[list[str]]] = {
        "templates": [["--form", f, "--period", _period_of(f)] for f in per_unit],
        "feedback": [["--form", f, "--period", _period_of(f)] for f in per_unit],
        "dashboard": [["--period", QUARTER, "--as-of", AS_OF]],
        "run": [["--period", QUARTER, "--as-of", AS_OF]],
        "rate": [["--year", "2024"]],
        "report": [["--period", "2024-H1"], ["--period", "2024"]],
    }
    commands = []
    for name in main.commands:
        if name in NOT_OUTPUTS:
            continue
        for args in known.get(name, [[]]):        # a command added later: run with defaults
            commands.append([name, "-w", str(ws.root), *args])
    return commands


def _scan(path: Path) -> tuple[list[str], set[str]]:
    """(problems, hostile strings found as text) of one output workbook."""
    problems: list[str] = []
    found: set[str] = set()
    name = path.name
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            if not part.endswith((".xml", ".rels")):
                continue
            xml = z.read(part).decode("utf-8", "replace")
            if part.startswith("xl/worksheets/") and not part.endswith(".rels"):
                for formula in re.findall(r"<f(?:\s[^>]*)?>(.*?)</f>", xml, re.DOTALL):
                    if any(m in formula for m in MARKERS):
                        problems.append(f"{name} {part}: user text as a formula: {formula}")
                if "<hyperlink" in xml and "http://x" in xml:
                    problems.append(f"{name} {part}: a hyperlink from user text")
            if part.endswith(".rels"):
                for rel in re.findall(r"<Relationship\b[^>]*>", xml):
                    if "hyperlink" in rel.lower() and ("http://x" in rel or "cmd" in rel):
                        problems.append(f"{name} {part}: a link relationship: {rel}")
    wb = openpyxl.load_workbook(path)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                v = cell.value
                if cell.data_type == "f" or (hasattr(v, "text") and not isinstance(v, str)):
                    text = str(getattr(v, "text", v))
                    if any(m in text for m in MARKERS):
                        problems.append(f"{name} {sheet.title}!{cell.coordinate}: formula {text}")
                    continue
                if cell.hyperlink is not None:
                    target = cell.hyperlink.target or cell.hyperlink.location or ""
                    if "http://x" in target or str(v) in HOSTILE:
                        problems.append(f"{name} {sheet.title}!{cell.coordinate}: link {target}")
                if isinstance(v, str):
                    for h in (*HOSTILE, CHOICE_HOSTILE):
                        if h in v:
                            found.add(h)
                            if v == h and cell.data_type != "s":
                                problems.append(f"{name} {sheet.title}!{cell.coordinate}: "
                                                f"{h!r} stored as {cell.data_type}")
    wb.close()
    return problems, found


def test_formula_like_text_stays_text_in_every_output(ws: Workspace) -> None:
    units = list(ws.roster().units)
    when = dt.datetime(2024, 3, 2, 9)
    for unit in units:
        _fill(ws, "pledge", unit, when)
    assert ingest(ws).count("stored") == len(units)
    # the quarter's and the year's forms are pre-filled from what the store holds
    later = {"quarterly": dt.datetime(2024, 4, 3, 9), "unit-report": dt.datetime(2024, 4, 3, 9),
             "diary": dt.datetime(2024, 4, 3, 10), "year-review": dt.datetime(2024, 12, 10, 9)}
    for form_id, form in FORMS.items():
        if form.per_unit and form_id != "pledge":
            assert form_id in later, f"new form {form_id}: give it a date here"
            for unit in units:
                _fill(ws, form_id, unit, later[form_id])
        if form_id == "diary":
            report = ingest(ws)
            assert report.count("rejected") == 0, [(f.name, f.issues) for f in report.files]
    report = ingest(ws)
    assert report.count("rejected") == 0, [(f.name, f.issues) for f in report.files]

    runner = CliRunner()
    ran = []

    def run_all() -> None:
        for command in _output_commands(ws):
            result = runner.invoke(main, command)
            assert "Lỗi không mong muốn" not in result.output, (command, result.output)
            assert result.exit_code in (0, 1, 2), (command, result.output)
            if command[0] in ("templates", "feedback", "dashboard"):
                assert result.exit_code in (0, 1), (command, result.output)
            ran.append((command[0], command[3:], result.exit_code))

    run_all()
    if "rate" in main.commands:
        # leadership writes its decisions (and a formula-like note) into the rating sheet
        _decide(ws)
        assert ingest(ws).count("stored") == 1
        run_all()

    outputs = sorted(ws.out.rglob("*.xlsx"))
    folders = {p.relative_to(ws.out).parts[0] for p in outputs}
    assert {"phan-hoi", "gui-don-vi", "bang-theo-doi"} <= folders, (folders, ran)
    problems: list[str] = []
    found: dict[str, set[str]] = {}
    for path in outputs:
        probs, texts = _scan(path)
        problems += probs
        found[str(path.relative_to(ws.out))] = texts
    assert not problems, "\n".join(problems)
    # the test is not vacuous: the strings are there, as text, in the feedback files at least
    feedback = set().union(*(v for k, v in found.items() if k.startswith("phan-hoi")))
    assert feedback >= {*HOSTILE, CHOICE_HOSTILE}, feedback
    everywhere = set().union(*found.values())
    assert everywhere >= set(HOSTILE)
    if "rate" in main.commands:                 # leadership's notes reach the decided sheet
        decided = set().union(*(v for k, v in found.items() if k.startswith("xep-loai")))
        assert decided & set(HOSTILE), (decided, ran)
    # the quarter's templates carry the pledged (formula-like) actions back to the units
    quarter_templates = set().union(*(v for k, v in found.items()
                                      if k.startswith(f"gui-don-vi/quarterly-{QUARTER}")))
    assert quarter_templates & set(HOSTILE), quarter_templates


def test_scan_catches_a_formula_and_a_link(tmp_path: Path) -> None:
    """The scanner above fails on what it must catch (a workbook written unsafely)."""
    import xlsxwriter
    path = tmp_path / "unsafe.xlsx"
    wb = xlsxwriter.Workbook(str(path))           # default options: strings become formulas/urls
    sheet = wb.add_worksheet()
    sheet.write(0, 0, HOSTILE[0])
    sheet.write(1, 0, "http://x")
    wb.close()
    problems, _ = _scan(path)
    assert any("formula" in p for p in problems) and any("link" in p for p in problems), problems


# ------------------------------------------------------------------------------ privacy

def test_every_feedback_file_of_the_demo_holds_its_units_people_only(demo_ws: Workspace) -> None:
    """No feedback workbook names a person of another unit, except a row that unit itself typed
    (flagged there as PERSON_OTHER_UNIT so that the unit removes it)."""
    roster = demo_ws.roster()
    files = sorted((demo_ws.out / "phan-hoi").rglob("*.xlsx"))
    assert len(files) >= 8
    names = {}
    for p in roster.people.values():
        names.setdefault(p.name, set()).add(p.unit)
    checked = 0
    for path in files:
        wb = openpyxl.load_workbook(path, read_only=False)
        meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()} if "_meta" in \
            wb.sheetnames else {}
        unit = meta.get("unit_code")
        assert unit in roster.units, (path.name, unit)
        flagged = set()
        if "Lỗi cần sửa" in wb.sheetnames:
            for row in wb["Lỗi cần sửa"].iter_rows(min_row=7, values_only=True):
                if row and row[-1] in ("PERSON_OTHER_UNIT", "PERSON_UNKNOWN"):
                    flagged.add(str(row[4] or ""))
        for sheet in wb.worksheets:
            if sheet.title in ("_meta", "Danh mục"):
                continue
            for row in sheet.iter_rows():
                for cell in row:
                    v = cell.value
                    if not isinstance(v, str):
                        continue
                    person = roster.people.get(v.strip())
                    if person is not None and person.unit != unit:
                        assert v.strip() in flagged, (path.name, sheet.title, cell.coordinate, v)
                    for name, their_units in names.items():
                        if name in v and unit not in their_units:
                            others = {p.person_id for p in roster.people.values()
                                      if p.name == name}
                            assert others & flagged, (path.name, sheet.title, cell.coordinate, v)
            checked += 1
        wb.close()
    assert checked >= len(files)
