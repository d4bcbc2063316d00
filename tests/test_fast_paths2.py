"""More fast paths of reading, validation and the form rules give exactly what the plain
algorithms give.

Validation converts whole and fractional numbers without convert_value(), tests choices against
sets and remembers the texts found free of a legacy encoding; check_person() answers the common
case first; the pledge rules remember what they work out of an action text, skip the copied-text
grouping when every text differs and look at the roster's order only when someone has a bad
count; the quarterly rules build a row's issues only when it has one; reading passes over the
title rows above a header. Each test sets a shortcut against a plain reference written out below
(the algorithm as it stood before the shortcut), on real workbooks edited to trip it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import Any

import openpyxl

from tests.helpers import filled_workbook, pledge_rows
from tests.quarterly_helpers import PERIOD, quarterly_rows
from tests.test_fast_paths import assert_read_as_reference, ref_fold, ref_table
from toolkit.common.issues import Issue
from toolkit.common.legacy_encodings import detect_legacy_encoding
from toolkit.common.text import canonical
from toolkit.forms import get_form
from toolkit.forms.spec import DATE, INT, NUMBER, PERCENT, Field, Table
from toolkit.read import convert
from toolkit.read import workbook as reading
from toolkit.read.convert import cached_choice_lists, convert_value
from toolkit.read.workbook import open_workbook, read_meta, read_workbook
from toolkit.rules import cells as rule_cells
from toolkit.rules import engine as validation
from toolkit.rules import five_clear
from toolkit.rules import pledge as rules_pledge
from toolkit.rules.cells import convert_rows
from toolkit.rules.context import Context
from toolkit.rules.engine import check_meta, validate

PLEDGE = get_form("pledge")
QUARTERLY = get_form("quarterly")


# ------------------------------------------------------------------------------ references

def ref_records(form: Any, result: Any, ctx: Context, unit: str) -> tuple[dict, list[tuple]]:
    """convert_rows() as a plain loop: every value through convert_value(), every check spelled
    out; the issues as (code, cell, field)."""
    lists = cached_choice_lists(ctx.config)
    issues: list[tuple] = []
    records: dict[str, list[dict]] = {}
    legacy = False
    for table in form.tables:
        out = []
        for row in result.tables.get(table.key, []):
            cells = {f.key: row.cell(f.key) if f.key in row.columns else
                     f"{row.number}:{row.number}" for f in table.fields}
            rec: dict[str, Any] = {"_row": row.number, "_cells": cells}
            for f in table.fields:
                raw = row.values.get(f.key)
                value, bad = convert_value(f, raw, ctx.config, lists, ctx.date1904)
                if bad:
                    rec[f.key] = None
                    rec.setdefault("_raw", {})[f.key] = convert._shown(raw)
                    rec.setdefault("_bad", []).append(f.key)
                    code = ("DATE_INVALID" if f.kind == DATE else
                            "NUMBER_INVALID" if f.kind in (INT, NUMBER, PERCENT) else
                            "STANDARD_UNKNOWN" if f.choices == "standards" else "CHOICE_INVALID")
                    issues.append((code, cells[f.key], f.key))
                    continue
                rec[f.key] = value
                if value is None:
                    continue
                if isinstance(value, str):
                    if not f.prefill and not legacy and detect_legacy_encoding(value):
                        legacy = True
                        issues.append(("FILE_LEGACY_ENCODING", cells[f.key], f.key))
                    if f.max_len and len(value) > f.max_len:
                        issues.append(("TEXT_TOO_LONG", cells[f.key], f.key))
                elif f.kind == DATE:
                    start, end = rule_cells._date_range(f, ctx, result)
                    if not start <= value <= end:
                        issues.append(("DATE_OUT_OF_RANGE", cells[f.key], f.key))
                        rec.setdefault("_bad", []).append(f.key)
                elif f.kind in (INT, NUMBER, PERCENT):
                    lo = f.min if f.min is not None else (0 if f.kind == PERCENT else None)
                    hi = f.max if f.max is not None else (100 if f.kind == PERCENT else None)
                    if (lo is not None and value < lo) or (hi is not None and value > hi):
                        issues.append(("NUMBER_RANGE", cells[f.key], f.key))
                        rec.setdefault("_bad", []).append(f.key)
            out.append(rec)
        records[table.key] = out
    return records, issues


def typed_records(records: dict[str, list[dict]]) -> dict[str, list[list]]:
    """Records with value types and key order (1 == 1.0 == True would hide a difference)."""
    return {k: [[(key, "cells", dict(v)) if key == "_cells" else (key, type(v), repr(v))
                 for key, v in rec.items()] for rec in recs] for k, recs in records.items()}


def ref_check_person(rec: dict, table_key: str, form: Any, ctx: Context, unit: str,
                     issues: list[Issue]) -> bool:
    pid = rec.get("person_id") or ""
    name = rec.get("name") or ""
    cells = rec["_cells"]
    place = {"file": ctx.file, "sheet": form.table(table_key).sheet,
             "cell": cells.get("person_id", ""), "unit": unit, "field": "person_id"}
    person = ctx.roster.people.get(pid)
    if person is None and not pid and name:
        exact = [p for p in ctx.roster.folded_index().get(ref_fold(name), [])
                 if canonical(p.name) == canonical(name)]
        if len(exact) == 1:
            person = exact[0]
            rec["person_id"] = pid = person.person_id
    if person is None:
        if pid or name:
            issues.append(Issue.make("PERSON_UNKNOWN", name=name or "?", value=pid or name,
                                     person_id=pid, **place))
        return False
    if person.unit != unit:
        other = ctx.roster.units.get(person.unit)
        issues.append(Issue.make("PERSON_OTHER_UNIT", name=person.name, value=pid,
                                 other_unit=other.name if other else person.unit,
                                 person_id=pid, **place))
        return False
    if name and canonical(name) != canonical(person.name):
        issues.append(Issue.make("PERSON_NAME_MISMATCH", found=name, expected=person.name,
                                 value=name, person_id=pid,
                                 **{**place, "cell": cells.get("name", "")}))
    return True


def ref_required(table: Table, rec: dict, keys: tuple[str, ...], ctx: Context, unit: str,
                 person: str, issues: list[Issue]) -> None:
    for key in keys:
        if rec.get(key) in (None, "") and key not in rec.get("_bad", []):
            issues.append(Issue.make("REQUIRED_MISSING", file=ctx.file, sheet=table.sheet,
                                     cell=rec["_cells"].get(key, ""), unit=unit, person_id=person,
                                     field=key, header=table.field(key).header))


def ref_has_input(rec: dict, table: Table) -> bool:
    return any(rec.get(f.key) not in (None, "") or f.key in rec.get("_bad", [])
               for f in table.inputs)


def ref_pledge_rules(form: Any, records: dict, ctx: Context, unit: str,
                     issues: list[Issue]) -> None:
    """The pledge rules as they were: every action folded and judged, everyone counted in the
    roster's order, every text grouped."""
    cfg, table = ctx.config, form.table("pledges")
    names = tuple(s.name for s in cfg.standards)
    counts: dict[str, list[dict]] = {}
    keys: dict[int, str] = {}
    where = {"file": ctx.file, "sheet": table.sheet, "unit": unit}
    for rec in records.get("pledges", []):
        filled = ref_has_input(rec, table)
        if not ref_check_person(rec, "pledges", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        counts.setdefault(pid, [])
        if not filled:
            rec["_empty"] = True
            continue
        if not rec.get("action"):
            issues.append(Issue.make("ACTION_EMPTY", cell=rec["_cells"]["action"],
                                     field="action", person_id=pid, **where))
            continue
        counts[pid].append(rec)
        keys[id(rec)] = " ".join(re.findall(r"\w+", ref_fold(rec["action"])))
        ref_required(table, rec, ("standard", "goal", "deadline"), ctx, unit, pid, issues)
        if cfg.warn_vague:
            vague = ref_vague(rec["action"], rec.get("goal"), rec.get("deadline"), names)
            if vague:
                issues.append(Issue.make("PLEDGE_VAGUE", cell=rec["_cells"]["action"],
                                         field="action", value=rec["action"],
                                         detail=vague[1], detail_en=vague[2],
                                         missing=",".join(vague[0].missing),
                                         reasons=",".join(vague[0].reasons),
                                         person_id=pid, **where))
    people = {p.person_id: p for p in ctx.roster.people_of(unit)}
    for pid, person in people.items():
        rows = counts.get(pid, [])
        n = len(rows)
        if n and cfg.min_actions <= n <= cfg.max_actions:
            continue
        place = {**where, "person_id": pid, "name": person.name, "count": n,
                 "min": cfg.min_actions, "max": cfg.max_actions}
        if n == 0:
            issues.append(Issue.make("PLEDGE_NONE", **place))
        elif n < cfg.min_actions:
            issues.append(Issue.make("PLEDGE_TOO_FEW", cell=rows[0]["_cells"]["action"],
                                     field="action", **place))
        else:
            issues.append(Issue.make("PLEDGE_TOO_MANY", cell=rows[-1]["_cells"]["action"],
                                     field="action", **place))
    by_text: dict[str, list[dict]] = {}
    for rows in counts.values():
        for rec in rows:
            by_text.setdefault(keys[id(rec)], []).append(rec)
    for recs in by_text.values():
        owners = sorted({r["person_id"] for r in recs})
        if len(owners) >= cfg.copied_min_people:
            shown = ", ".join(people[p].name if p in people else p for p in owners[:5])
            for rec in recs:
                issues.append(Issue.make("PLEDGE_COPIED", cell=rec["_cells"]["action"],
                                         person_id=rec["person_id"], field="action",
                                         value=rec["action"], count=len(owners), names=shown,
                                         **where))
    emu = form.table("emulation")
    chosen = []
    for rec in records.get("emulation", []):
        if rec.get("activity"):
            chosen.append(rec)
            ref_required(emu, rec, ("goal",), ctx, unit, "", issues)
        elif any(rec.get(f.key) for f in emu.inputs):
            ref_required(emu, rec, ("activity",), ctx, unit, "", issues)
    if not cfg.min_emulation <= len(chosen) <= cfg.max_emulation:
        cell = chosen[-1]["_cells"]["activity"] if chosen else "A7"
        issues.append(Issue.make("EMULATION_COUNT", file=ctx.file, sheet=emu.sheet, cell=cell,
                                 unit=unit, count=len(chosen), min=cfg.min_emulation,
                                 max=cfg.max_emulation))


def ref_vague(action: str, goal: Any, deadline: Any, names: tuple[str, ...]) -> Any:
    """The "5 rõ" verdict of one row, worked out afresh (no memo) with its explanations."""
    v = five_clear.assess(action, goal or "", deadline, standards=names, explain=False)
    if not v.vague:
        return None
    return v, five_clear.message_vi(v, action), five_clear.message_en(v, action)


def ref_quarterly_rules(form: Any, records: dict, ctx: Context, unit: str,
                        issues: list[Issue]) -> None:
    """The quarterly rules as they were: each row's place and action built up front, everyone
    looked up in the roster's order."""
    done, doing, todo = ctx.config.progress_scale
    progress_table = form.table("progress")
    for rec in records.get("progress", []):
        filled = ref_has_input(rec, progress_table)
        if not ref_check_person(rec, "progress", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        if not rec.get("action") and not filled:
            rec["_empty"] = True
            continue
        ref_required(progress_table, rec, ("progress",), ctx, unit, pid, issues)
        progress, pct = rec.get("progress"), rec.get("percent")
        action = str(rec.get("action") or "")[:80]
        place = {"file": ctx.file, "sheet": progress_table.sheet, "unit": unit,
                 "person_id": pid}
        if progress == done and not rec.get("evidence"):
            issues.append(Issue.make("EVIDENCE_MISSING", cell=rec["_cells"]["evidence"],
                                     field="evidence", action=action, **place))
        if pct is not None and ((progress == done and pct < 100) or
                                (progress == todo and pct > 0)):
            issues.append(Issue.make("PROGRESS_PERCENT_MISMATCH", cell=rec["_cells"]["percent"],
                                     field="percent", value=f"{pct:g}", progress=progress,
                                     **place))
        if progress == doing and pct is None and not rec.get("result"):
            issues.append(Issue.make("PROGRESS_NO_MEASURE", cell=rec["_cells"]["percent"],
                                     field="percent", action=action, **place))
    table = form.table("people")
    seen = set()
    for rec in records.get("people", []):
        filled = ref_has_input(rec, table)
        if not ref_check_person(rec, "people", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        seen.add(pid)
        if not filled:
            rec["_empty"] = True
        ref_required(table, rec, ("sessions_attended", "head_assessment"), ctx, unit, pid, issues)
        if rec.get("recognition") and not rec.get("recognition_note"):
            issues.append(Issue.make("RECOGNITION_NOTE_MISSING", file=ctx.file,
                                     sheet=table.sheet, cell=rec["_cells"]["recognition_note"],
                                     field="recognition_note", unit=unit, person_id=pid,
                                     value=rec["recognition"],
                                     name=ctx.roster.people[pid].name))
    for person in ctx.roster.people_of(unit):
        if person.person_id not in seen:
            issues.append(Issue.make("PERSON_NOT_IN_REPORT", file=ctx.file, sheet=table.sheet,
                                     unit=unit, person_id=person.person_id, name=person.name))


# ------------------------------------------------------------------------------ helpers

def _context(ws: Any, file: str = "a.xlsx") -> Context:
    return Context(config=ws.config, roster=ws.roster(), file=file)


def _read(data: bytes, form: Any = PLEDGE) -> Any:
    wb = open_workbook(data)
    return read_workbook(data, form, "a.xlsx", wb=wb, meta=read_meta(wb, list(wb.sheet_names)))


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def assert_validated_as_reference(result: Any, ctx: Context, ref_rules: Any) -> list[Issue]:
    """validate() gives the reference records and issues: conversion, then the form's rules."""
    form, unit, _, meta_issues = check_meta(result.meta, ctx, ctx.file, result.unit_label)
    outcome = validate(copy.deepcopy(result), ctx)
    records, converted = ref_records(form, result, ctx, unit)
    got = convert_rows(form, copy.deepcopy(result), ctx, unit, issues := [])
    assert typed_records(got) == typed_records(records)
    assert [(i.code, i.cell, i.field) for i in issues] == converted
    expected = list(issues)
    ref_rules(form, records, ctx, unit, expected)
    assert typed_records(outcome.records) == typed_records(records)
    assert outcome.issues == validation._dedupe(meta_issues + result.problems + expected)
    return outcome.issues


def _unit_people(ws: Any) -> tuple[str, list[Any]]:
    """The unit with the most people, and its people in the roster's order."""
    roster = ws.roster()
    unit = max(roster.units, key=lambda u: len(roster.people_of(u)))
    return unit, roster.people_of(unit)


# ------------------------------------------------------------------------------ reading

def test_title_rows_holding_header_texts(ws, tmp_path) -> None:
    """Rows above the header with some header texts, or with many cells, are no header; a full
    header above the real one is the header, and the real one stays it with a fuller copy below;
    without a full one every row is weighed."""
    unit = next(iter(ws.roster().units))
    good = filled_workbook(ws, tmp_path / "a.xlsx", unit, pledge_rows(ws, unit)).read_bytes()
    headers = ["Mã cán bộ", "Họ và tên", "Chức vụ", "Việc làm theo (cụ thể, rõ việc)",
               "Chuẩn mực đạo đức", "Mục tiêu, kết quả cần đạt", "Thời hạn hoàn thành",
               "Ghi chú"]
    edits: list[dict[str, Any]] = [
        {"A2": "Mã cán bộ", "B2": "Họ và tên", "C2": "Chức vụ"},      # a partial header
        {f"{c}3": "x" for c in "ABCDEFGHIJ"},                         # many cells, no header
        {f"{chr(66 + i)}4": h for i, h in enumerate(headers)},        # every header, moved
        {"H6": "Không phải tiêu đề"},                                 # no full header at all
        {"H6": None, "A4": "Ghi chú", "B4": "Ghi chú"},
        {**{f"{chr(65 + i)}9": h for i, h in enumerate(headers)}, "I9": "Thêm"},  # below it
    ]
    for edit in edits:
        wb = openpyxl.load_workbook(io.BytesIO(good))
        sheet = wb["Đăng ký"]
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
        for ref, value in edit.items():
            sheet[ref] = value
        assert_read_as_reference(_save(wb))


def test_a_header_that_reads_as_nothing() -> None:
    """A header that folds to "" makes every empty cell a header: no row is passed over."""
    table = Table("t", "T", "T", (Field("a", "*"), Field("b", "Tên"), Field("c", "Ngày")))
    grids = [[["", "", ""], ["x", "Tên", "Ngày"], ["1", "2", "3"]],
             [["", "Tên", "Ngày"], ["x", "y", "z"]],
             [[None, 1.0, "Tên"], ["Ngày", "", "Tên"], ["a", "b", "c"]],
             [["", "Tên", "Ngày"], ["x", "Tên", "Ngày", ""]]]
    for grid in grids:
        header_row, cols, _ = ref_table(grid, table)
        assert reading.locate_columns(grid, table) == (header_row, cols)


# ------------------------------------------------------------------------------ validation

def test_numbers_converted_as_convert_value_converts_them(pledged, tmp_path) -> None:
    """Whole and fractional floats, NaN, infinities, ints, bools and texts in the INT and
    PERCENT columns of a real quarterly workbook."""
    ws = pledged
    unit = next(iter(ws.roster().units))
    data = filled_workbook(ws, tmp_path / "q.xlsx", unit, quarterly_rows(ws, unit),
                           form_id="quarterly", period=PERIOD).read_bytes()
    result = _read(data, QUARTERLY)
    odd = [0.5, 1.0, 0.0, 100.0, 100.5, -3.0, 2.5, 1e300, float("nan"), float("inf"),
           -float("inf"), 7, True, "80%", "0,5", " ", 1 / 3, 0.999, 31.0, 32.0, 12.0]
    for i, row in enumerate(result.tables["progress"]):
        row.values["percent"] = odd[i % len(odd)]
        row.values["action_no"] = odd[(i + 3) % len(odd)]
    for i, row in enumerate(result.tables["people"]):
        row.values["sessions_attended"] = odd[(i + 5) % len(odd)]
    issues = assert_validated_as_reference(result, _context(ws), ref_quarterly_rules)
    assert {"NUMBER_INVALID", "NUMBER_RANGE"} <= {i.code for i in issues}


def test_choices_dates_and_texts_as_convert_value_gives_them(ws, tmp_path) -> None:
    unit, _ = _unit_people(ws)
    data = filled_workbook(ws, tmp_path / "a.xlsx", unit, pledge_rows(ws, unit)).read_bytes()
    result = _read(data)
    label = cached_choice_lists(ws.config)["standards"][1]
    standards = [label, label.lower(), f" {label} ", label.split(". ")[0], "không có", 3.0]
    deadlines = [dt.date(2024, 1, 1), dt.date(2023, 12, 31), dt.date(2025, 1, 1),
                 dt.datetime(2024, 5, 1), "30/09/2024", 45500.0, "x"]
    texts = ["Đọc sách" * 80, "B¶o Th¾ng Néi dung", 12.0, dt.date(2024, 2, 2), True]
    for i, row in enumerate(r for r in result.tables["pledges"] if r.values.get("action")):
        row.values["standard"] = standards[i % len(standards)]
        row.values["deadline"] = deadlines[i % len(deadlines)]
        row.values["goal"] = texts[i % len(texts)]
    issues = assert_validated_as_reference(result, _context(ws), ref_pledge_rules)
    assert {"STANDARD_UNKNOWN", "DATE_OUT_OF_RANGE", "DATE_INVALID", "TEXT_TOO_LONG",
            "FILE_LEGACY_ENCODING"} <= {i.code for i in issues}


def test_texts_remembered_free_of_a_legacy_encoding(ws, tmp_path, monkeypatch) -> None:
    """Only texts without a legacy encoding are remembered, and a legacy text is reported in
    each file, also after the memo was emptied."""
    from tests.corpus.make_corpus import to_tcvn3
    unit, _ = _unit_people(ws)
    clean = pledge_rows(ws, unit)
    legacy = copy.deepcopy(clean)
    for r in legacy["pledges"]:
        if r.get("action"):
            r["goal"] = to_tcvn3("Hoàn thành đúng hạn trong năm")
    files = [filled_workbook(ws, tmp_path / f"{i}.xlsx", unit, rows).read_bytes()
             for i, rows in enumerate((clean, legacy))]
    monkeypatch.setattr(rule_cells, "_LEGACY_FREE_LIMIT", 3)
    for data in files + files:
        issues = validate(_read(data), _context(ws)).issues
        codes = [i.code for i in issues]
        assert codes.count("FILE_LEGACY_ENCODING") == (1 if data is files[1] else 0)
    assert rule_cells._LEGACY_FREE
    assert all(detect_legacy_encoding(t) is None for t in rule_cells._LEGACY_FREE)


# ------------------------------------------------------------------------------ form rules

def test_people_counts_and_names_as_the_plain_rules_find_them(ws, tmp_path) -> None:
    """Bad counts (in the roster's order), copied and vague texts, people from elsewhere, odd
    names, and a second file whose goals decide what the first file's actions were."""
    unit, people = _unit_people(ws)
    other = next(p for p in ws.roster().people.values() if p.unit != unit)
    base = pledge_rows(ws, unit)
    first = copy.deepcopy(base)
    pledges = first["pledges"]
    by_person: dict[str, list[dict]] = {}
    for r in pledges:
        by_person.setdefault(r["person_id"], []).append(r)
    lists = list(by_person.values())
    names = [s.name for s in ws.config.standards]
    lists[0][0].update(action=names[0], goal="Tốt hơn")                   # a standard's name
    lists[0][1].update(action=None, standard=None, goal=None, deadline=None)      # too few
    for r in lists[-1]:                                                   # nothing at all
        r.update(action=None, standard=None, goal=None, deadline=None)
    vague = ["Đọc sách về Bác", f"Nâng cao {names[1].lower()}", "Rèn luyện hằng tuần"]
    for r, action in zip((lists[1][1], lists[2][1], lists[3][1]), vague):
        r.update(action=action, goal="Tốt hơn")
    for r in (lists[1][0], lists[2][0], lists[3][0]):                      # copied
        r["action"] = "Đọc sách, về Bác!"
    lists[1][1]["name"] = lists[1][1]["name"].upper()
    lists[2][1].update(name="Người Khác", deadline=None)
    lists[3][1]["standard"] = None
    pledges.append({**lists[2][0], "person_id": other.person_id, "name": other.name})
    pledges.append({**lists[2][0], "person_id": "CB-KHONG-CO", "name": "Không Có"})
    pledges.append({**lists[2][0], "person_id": None, "name": lists[1][0]["name"]})
    second = copy.deepcopy(first)
    for r in second["pledges"]:
        if r.get("action"):
            r["goal"] = "Báo cáo hằng quý, đạt 100%"
    for i, rows in enumerate((first, second, base, first)):
        result = _read(filled_workbook(ws, tmp_path / f"{i}.xlsx", unit, rows).read_bytes())
        issues = assert_validated_as_reference(result, _context(ws), ref_pledge_rules)
        codes = {i.code for i in issues}
        if rows is first:
            assert {"PLEDGE_NONE", "PLEDGE_TOO_FEW", "PLEDGE_COPIED", "PLEDGE_VAGUE",
                    "PERSON_OTHER_UNIT", "PERSON_UNKNOWN", "PERSON_NAME_MISMATCH",
                    "REQUIRED_MISSING"} <= codes
        if rows is second:
            assert "PLEDGE_VAGUE" in codes          # the actions that only repeat a name


def test_copied_texts_of_one_person_and_too_many_pledges(ws, tmp_path) -> None:
    """One person's repeated text is grouped but not copied; a person with too many pledges."""
    unit, people = _unit_people(ws)
    rows = pledge_rows(ws, unit, n_actions=3)
    mine = [r for r in rows["pledges"] if r["person_id"] == people[1].person_id]
    for r in mine:
        r["action"] = "Đọc 4 cuốn sách về Bác"
    rows["pledges"].extend(copy.deepcopy(mine))
    result = _read(filled_workbook(ws, tmp_path / "a.xlsx", unit, rows).read_bytes())
    issues = assert_validated_as_reference(result, _context(ws), ref_pledge_rules)
    assert "PLEDGE_TOO_MANY" in {i.code for i in issues}
    assert "PLEDGE_COPIED" not in {i.code for i in issues}


def test_quarterly_rows_and_people_as_the_plain_rules_find_them(pledged, tmp_path) -> None:
    ws = pledged
    unit, people = _unit_people(ws)
    rows = quarterly_rows(ws, unit)
    progress = rows["progress"]
    progress[0].update(progress="Hoàn thành", evidence=None, percent=80)
    progress[1].update(progress="Chưa thực hiện", percent=20)
    progress[2].update(progress="Đang thực hiện", percent=None, result=None)
    progress[3].update(progress=None)
    rows["people"] = [r for r in rows["people"]
                      if r["person_id"] not in (people[0].person_id, people[-1].person_id)]
    rows["people"][0].update(sessions_attended=0, head_assessment=None)
    rows["people"][1].update(sessions_attended=None, recognition="Biểu dương")
    data = filled_workbook(ws, tmp_path / "q.xlsx", unit, rows, form_id="quarterly",
                           period=PERIOD).read_bytes()
    issues = assert_validated_as_reference(_read(data, QUARTERLY), _context(ws),
                                           ref_quarterly_rules)
    missing = [i.person_id for i in issues if i.code == "PERSON_NOT_IN_REPORT"]
    assert missing == [people[0].person_id, people[-1].person_id]
    assert {"EVIDENCE_MISSING", "PROGRESS_PERCENT_MISMATCH", "PROGRESS_NO_MEASURE",
            "REQUIRED_MISSING", "RECOGNITION_NOTE_MISSING"} <= {i.code for i in issues}
    # everyone there: nobody reported missing, whatever the roster's order
    full = quarterly_rows(ws, unit)
    data = filled_workbook(ws, tmp_path / "f.xlsx", unit, full, form_id="quarterly",
                           period=PERIOD).read_bytes()
    issues = assert_validated_as_reference(_read(data, QUARTERLY), _context(ws),
                                           ref_quarterly_rules)
    assert "PERSON_NOT_IN_REPORT" not in {i.code for i in issues}


def test_vague_verdicts_remembered_per_row_text(ws) -> None:
    """The memo keeps a verdict per (action, goal, deadline given): the goal and the deadline
    still decide, row by row, as a verdict worked out afresh does."""
    names = tuple(s.name for s in ws.config.standards)
    keys, verdicts = rules_pledge._memos(names)
    actions = ["Đọc sách", "Đọc 4 cuốn sách", "Đọc sách hằng tuần", names[0],
               f"{names[2]} và tốt hơn", "Rèn luyện hằng", "Kiểm tra trước tháng 6",
               "Hướng dẫn doanh nghiệp làm thủ tục trực tuyến"]
    goals = ["", "Đạt 100%", "tuần", "mỗi quý", "tốt", "20 doanh nghiệp", None]
    for _ in range(2):
        for action in actions:
            for goal in goals:
                for deadline in (None, dt.date(2024, 9, 30)):
                    memo_key = (action, goal, deadline is not None)
                    got = verdicts.get(memo_key, rules_pledge._UNSEEN)
                    if got is rules_pledge._UNSEEN:
                        got = rules_pledge._vague(verdicts, memo_key, names)
                    assert got == ref_vague(action, goal, deadline, names), (action, goal)
                key = keys.get(action) or rules_pledge._key(keys, action)
                assert key == " ".join(re.findall(r"\w+", ref_fold(action)))


def test_a_unit_report_converted_as_the_reference(ws, tmp_path) -> None:
    """Number, date and choice fields of one more form: whole, fractional, negative, too big
    and NaN attendances, a choice typed in lower case."""
    from tests.quarterly_helpers import unit_report_rows
    unit, _ = _unit_people(ws)
    rows = unit_report_rows(ws, unit)
    rows["sessions"][1].update(venue="sinh hoạt chi bộ")
    data = filled_workbook(ws, tmp_path / "u.xlsx", unit, rows, form_id="unit-report",
                           period=PERIOD).read_bytes()
    form = get_form("unit-report")
    result = _read(data, form)
    for i, row in enumerate(result.tables["sessions"]):
        row.values["attendance"] = [0.0, 12.5, -1.0, 10001.0, float("nan")][i % 5]
    ctx = _context(ws)
    unit_code = result.meta["unit_code"]
    records, converted = ref_records(form, result, ctx, unit_code)
    got = convert_rows(form, result, ctx, unit_code, issues := [])
    assert typed_records(got) == typed_records(records)
    assert [(i.code, i.cell, i.field) for i in issues] == converted
    assert {"NUMBER_INVALID", "NUMBER_RANGE"} <= {code for code, _, _ in converted}
