"""Workbooks generated from a form spec: templates to send, and feedback copies with marked cells.

Layout of every table sheet (0-based rows): 0 organisation, 1 title, 2 "Đơn vị: ...", 3 note,
5 column headers, 6.. data. Reading does not depend on it (columns are found by header), but
templates always follow it so that printed forms look alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.common.paging import break_pages, text_height, wrapped_lines
from toolkit.common.xlref import col_letter
from toolkit.forms import choice_lists, deadline_for
from toolkit.forms.spec import (
    CHOICE,
    DATE,
    ID,
    INT,
    LONG,
    NUMBER,
    PERCENT,
    YESNO,
    Field,
    Form,
    Table,
)

if TYPE_CHECKING:
    from toolkit.common.issues import Issue
    from toolkit.config.roster import Unit
    from toolkit.config.workspace import Config

HEADER_ROW = 5
DATA_START = 6
META_SHEET = "_meta"
LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
ISSUES_SHEET = "Lỗi cần sửa"
# the footer of every printed page: the sheet's name (a unit prints the whole workbook) and the page
FOOTER = "&C&\"Times New Roman\"&10&A – trang &P/&N"
FONT = "Times New Roman"
META_SALT = "lamtheobac-meta-v1"
FIXED_TIME = dt.datetime(2000, 1, 1)


@dataclass
class WorkbookContext:
    config: Config
    unit: Unit | None
    period: str
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    extra_lists: dict[str, list[str]] = field(default_factory=dict)

    def placeholders(self, form: Form) -> dict[str, Any]:
        from toolkit.common.periods import Period
        cfg = self.config
        period = Period.parse(self.period)
        deadline = deadline_for(form, cfg, period) if form.per_unit else None
        return {
            "year": cfg.year, "period": self.period, "period_label": period.label(),
            "min_actions": cfg.min_actions, "max_actions": cfg.max_actions,
            "min_emulation": cfg.min_emulation, "max_emulation": cfg.max_emulation,
            "deadline": deadline.strftime("%d/%m/%Y") if deadline else "",
            "theme": cfg.theme, "topic": cfg.study_topic,
            "unit": self.unit.name if self.unit else "",
        }


def meta_checksum(values: dict[str, str]) -> str:
    keys = ("form_id", "form_version", "org_id", "unit_code", "period")
    text = "|".join([META_SALT, *(str(values.get(k, "")) for k in keys)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def meta_values(form: Form, ctx: WorkbookContext) -> dict[str, str]:
    values = {
        "form_id": form.id,
        "form_version": str(form.version),
        "org_id": ctx.config.org_id,
        "unit_code": ctx.unit.code if ctx.unit else "",
        "unit_name": ctx.unit.name if ctx.unit else "",
        "period": ctx.period,
        "year": str(ctx.config.year),
        "standards_version": ctx.config.standards_version,
        "generated_at": ctx.generated_at.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    values["checksum"] = meta_checksum(values)
    return values


class _Formats:
    """The few cell formats every generated workbook uses."""

    def __init__(self, wb: Any):
        base = {"font_name": FONT, "font_size": 12, "valign": "vcenter"}
        border = {**base, "border": 1}
        self.org = wb.add_format({**base, "bold": True})
        self.title = wb.add_format({**base, "bold": True, "font_size": 14, "align": "center",
                                    "text_wrap": True})
        self.subtitle = wb.add_format({**base, "bold": True, "align": "center"})
        self.note = wb.add_format({**base, "italic": True, "align": "center", "text_wrap": True})
        self.header = wb.add_format({**border, "bold": True, "align": "center", "text_wrap": True,
                                     "bg_color": "#D9E1F2"})
        self.text = wb.add_format({**border, "locked": False, "text_wrap": True})
        self.id = wb.add_format({**border, "locked": False, "num_format": "@"})
        self.date = wb.add_format({**border, "locked": False, "num_format": "dd/mm/yyyy",
                                   "align": "center"})
        self.number = wb.add_format({**border, "locked": False, "num_format": "0.##"})
        self.center = wb.add_format({**border, "locked": False, "align": "center"})
        self.fixed = wb.add_format({**border, "locked": True, "bg_color": "#EDEDED",
                                    "text_wrap": True, "num_format": "@"})
        self.fixed_date = wb.add_format({**border, "locked": True, "bg_color": "#EDEDED",
                                         "num_format": "dd/mm/yyyy", "align": "center"})
        self.fixed_number = wb.add_format({**border, "locked": True, "bg_color": "#EDEDED",
                                           "num_format": "0.##"})
        self.error = {"bg_color": "#F8CBAD"}
        self.warning = {"bg_color": "#FFF2CC"}
        self.plain = wb.add_format(base)
        self.wrap = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.bold = wb.add_format({**base, "bold": True})
        self.cell = wb.add_format({**border, "text_wrap": True, "valign": "top"})
        self.cell_center = wb.add_format({**border, "align": "center", "valign": "top"})
        self._cache: dict[tuple, Any] = {}
        self._wb = wb

    def for_field(self, f: Field, prefill: bool) -> Any:
        if prefill:
            if f.kind == DATE:
                return self.fixed_date
            if f.kind in (INT, NUMBER, PERCENT):
                return self.fixed_number
            return self.fixed
        if f.kind == DATE:
            return self.date
        if f.kind == ID:
            return self.id
        if f.kind in (INT, NUMBER, PERCENT):
            return self.number
        if f.kind in (YESNO,):
            return self.center
        return self.text

    def marked(self, fmt: Any, severity: str) -> Any:
        key = (id(fmt), severity)
        if key not in self._cache:
            props = {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1,
                     "text_wrap": True, "locked": False,
                     **(self.error if severity == "error" else self.warning)}
            num = getattr(fmt, "num_format", None)
            if num:
                props["num_format"] = num
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]


def write_form(path: Path, form: Form, ctx: WorkbookContext,
               rows: dict[str, list[dict[str, Any]]] | None = None, *,
               issues: list[Issue] | None = None, with_meta: bool = True,
               protect: bool = True, password: str | None = None) -> Path:
    """Write ``form`` for ``ctx`` to ``path`` (atomically).

    ``rows`` maps table key -> row dicts (field key -> value). Values of prefilled fields are locked.
    A row dict may carry ``"_issues"``: a list of (field key or "", Issue) to mark in that row
    (feedback copies); ``issues`` lists workbook-level issues for the "Lỗi cần sửa" sheet.
    """
    import xlsxwriter

    rows = rows or {}
    path = Path(path)
    with atomic_output(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "in_memory": True,      # parts assembled in memory: no temporary file per part
            "default_format_properties": {"font_name": FONT, "font_size": 12},
        })
        wb.set_properties({"title": form.name, "author": "lamtheobac", "company": ctx.config.org_name,
                           "created": ctx.generated_at})
        fmt = _Formats(wb)
        ph = ctx.placeholders(form)
        lists = {**choice_lists(ctx.config, ctx.period), **ctx.extra_lists}
        marks: list[tuple[str, str, str, Issue]] = []  # sheet, cell, person, issue
        has_marks = any(r.get("_issues") for t_rows in rows.values() for r in t_rows)
        issue_sheet = wb.add_worksheet(ISSUES_SHEET) if (has_marks or issues) else None
        guide = wb.add_worksheet(GUIDE_SHEET)
        list_refs = _list_refs(form, lists)
        sheets = []
        for table in form.tables:
            ws = wb.add_worksheet(table.sheet)
            sheets.append(ws)
            _write_table(ws, table, form, ctx, ph, fmt, rows.get(table.key, []), list_refs, marks,
                         protect)
        _write_guide(guide, form, ctx, ph, fmt)
        lists_ws = wb.add_worksheet(LISTS_SHEET)
        _write_lists(lists_ws, list_refs, lists, fmt)
        lists_ws.hide()
        if with_meta:
            meta_ws = wb.add_worksheet(META_SHEET)
            for i, (k, v) in enumerate(meta_values(form, ctx).items()):
                meta_ws.write_string(i, 0, k)
                meta_ws.write_string(i, 1, v)
            meta_ws.very_hidden()
        if issue_sheet is not None:
            _write_issue_sheet(issue_sheet, form, ctx, fmt, marks, issues or [])
            issue_sheet.activate()
        else:
            guide.activate()
        if password:
            wb.close()
            from toolkit.common.crypto import encrypt_file
            encrypt_file(tmp, password)
        else:
            wb.close()
    return path


def _list_refs(form: Form, lists: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """list name -> (column on the lists sheet, number of values), for the lists this form uses."""
    names: list[str] = []
    for table in form.tables:
        for f in table.fields:
            name = f.choices or ("yes_no" if f.kind == YESNO else None)
            if name and name not in names:
                names.append(name)
    return {name: (i, len(lists.get(name, []))) for i, name in enumerate(names)}


def _write_lists(ws: Any, refs: dict[str, tuple[int, int]], lists: dict[str, list[str]],
                 fmt: _Formats) -> None:
    for name, (col, _) in refs.items():
        ws.write_string(0, col, name, fmt.bold)
        for i, value in enumerate(lists.get(name, []), 1):
            ws.write_string(i, col, value)
        ws.set_column(col, col, 40)


def _title_rows(ws: Any, ncols: int, ctx: WorkbookContext, title: str, note: str,
                fmt: _Formats) -> None:
    last = max(ncols - 1, 1)
    ws.merge_range(0, 0, 0, last, ctx.config.issuing_body or ctx.config.org_name, fmt.org)
    ws.merge_range(1, 0, 1, last, title, fmt.title)
    ws.set_row(1, 36)
    unit_text = f"Đơn vị: {ctx.unit.name}" if ctx.unit else ctx.config.org_name
    ws.merge_range(2, 0, 2, last, unit_text, fmt.subtitle)
    if note:
        ws.merge_range(3, 0, 3, last, note, fmt.note)
        ws.set_row(3, 32 if len(note) > 120 else 18)


def _write_table(ws: Any, table: Table, form: Form, ctx: WorkbookContext, ph: dict[str, Any],
                 fmt: _Formats, rows: list[dict[str, Any]], list_refs: dict[str, tuple[int, int]],
                 marks: list, protect: bool) -> None:
    fields = table.fields
    _title_rows(ws, len(fields), ctx, table.title.format(**ph), table.note.format(**ph), fmt)
    for c, f in enumerate(fields):
        ws.write_string(HEADER_ROW, c, f.header, fmt.header)
        ws.set_column(c, c, f.width)
    ws.set_row(HEADER_ROW, 45)
    n_rows = len(rows) + table.blank_rows
    last_row = DATA_START + n_rows - 1
    for r, row in enumerate(rows):
        excel_row = DATA_START + r
        row_marks = {}
        for key, issue in row.get("_issues", []):
            row_marks.setdefault(key, []).append(issue)
        height = 1
        for c, f in enumerate(fields):
            value = row.get(f.key)
            prefilled = f.prefill and value not in (None, "") and not row.get("_free")
            cell_fmt = fmt.for_field(f, prefilled)
            found = row_marks.get(f.key)
            if found:
                sev = "error" if any(i.is_error for i in found) else "warning"
                cell_fmt = fmt.marked(cell_fmt, sev)
                ref = f"{col_letter(c)}{excel_row + 1}"
                text = "\n".join(i.message() for i in found)
                ws.write_comment(excel_row, c, text[:2000], {"x_scale": 3, "y_scale": 2.5,
                                                             "font_name": FONT, "font_size": 10})
                for i in found:
                    marks.append((table.sheet, ref, row.get(table.person_field or "", ""), i))
            write_value(ws, excel_row, c, value, cell_fmt, f)
            if isinstance(value, str) and f.width:
                height = max(height, min(8, wrapped_lines(value, f.width)))
        for key, issue_list in row_marks.items():
            if key == "" or key not in {f.key for f in fields}:
                ref = f"A{excel_row + 1}"
                for i in issue_list:
                    marks.append((table.sheet, ref, row.get(table.person_field or "", ""), i))
        if height > 1:
            ws.set_row(excel_row, text_height(height))
    for r in range(len(rows), n_rows):
        for c, f in enumerate(fields):
            ws.write_blank(DATA_START + r, c, None, fmt.for_field(f, False))
    for c, f in enumerate(fields):
        if f.prefill and rows:
            continue
        _validation(ws, c, f, DATA_START, last_row, ctx, ph, list_refs)
    ws.freeze_panes(DATA_START, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    margins = (0.6, 0.4, 0.6, 0.6)
    ws.set_margins(left=margins[0], right=margins[1], top=margins[2], bottom=margins[3])
    ws.print_area(0, 0, last_row, len(fields) - 1)
    ws.set_footer(FOOTER)
    # a person's rows on one page; the title with the header and the first row; the last two
    # rows together
    keep = [(0, DATA_START), (max(DATA_START, last_row - 1), last_row)]
    person = table.person_field
    if person:
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i].get(person) != rows[start].get(person) or \
                    not rows[start].get(person):
                if i - start > 1:
                    keep.append((DATA_START + start, DATA_START + i - 1))
                start = i
    break_pages(ws, 0, last_row, len(fields), landscape=True, margins_in=margins,
                repeat=(HEADER_ROW, HEADER_ROW), keep=keep)
    if protect:
        ws.protect("", {"insert_rows": True, "delete_rows": True, "format_columns": True,
                        "format_rows": True, "select_locked_cells": True,
                        "select_unlocked_cells": True})


def write_value(ws: Any, row: int, col: int, value: Any, cell_fmt: Any, f: Field | None = None) -> None:
    """Write one value with the right type; text is always written as text, never as a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, cell_fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", cell_fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        ws.write_datetime(row, col, value, cell_fmt)
    elif isinstance(value, (int, float)) and not (f is not None and f.kind == ID):
        ws.write_number(row, col, value, cell_fmt)
    else:
        text = str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        ws.write_string(row, col, text[:32767], cell_fmt)


def _validation(ws: Any, col: int, f: Field, first: int, last: int, ctx: WorkbookContext,
                ph: dict[str, Any], list_refs: dict[str, tuple[int, int]]) -> None:
    year = ctx.config.year
    help_text = f.help.format(**ph) if f.help else ""
    opts: dict[str, Any] = {}
    if f.kind == CHOICE or f.kind == YESNO:
        name = f.choices or "yes_no"
        lc, n = list_refs[name]
        letter = col_letter(lc)
        opts = {"validate": "list",
                "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${max(n, 1) + 1}",
                "error_title": "Giá trị không có trong danh sách",
                "error_message": "Hãy chọn một giá trị từ danh sách thả xuống.",
                "error_type": "warning"}
    elif f.kind == DATE:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if f.date_range == "period":
            from toolkit.common.periods import Period
            p = Period.parse(ctx.period)
            start, end = p.start, p.end
        opts = {"validate": "date", "criteria": "between",
                "minimum": dt.datetime(start.year, start.month, start.day),
                "maximum": dt.datetime(end.year, end.month, end.day),
                "error_title": "Ngày không hợp lệ",
                "error_message": f"Hãy ghi ngày dạng ngày/tháng/năm, từ {start:%d/%m/%Y} đến "
                                 f"{end:%d/%m/%Y}.",
                "error_type": "warning"}
        help_text = help_text or f"Ngày/tháng/năm, từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}."
    elif f.kind in (INT, NUMBER, PERCENT):
        lo = f.min if f.min is not None else (0 if f.kind == PERCENT else -1e9)
        hi = f.max if f.max is not None else (100 if f.kind == PERCENT else 1e9)
        opts = {"validate": "integer" if f.kind == INT else "decimal", "criteria": "between",
                "minimum": lo, "maximum": hi, "error_title": "Số không hợp lệ",
                "error_message": f"Hãy ghi một số từ {lo:g} đến {hi:g}.", "error_type": "warning"}
    elif f.kind == LONG and f.max_len:
        opts = {"validate": "length", "criteria": "<=", "value": f.max_len,
                "error_title": "Nội dung quá dài",
                "error_message": f"Tối đa {f.max_len} ký tự; hãy viết ngắn gọn.",
                "error_type": "warning"}
    elif help_text:
        opts = {"validate": "any"}
    if not opts:
        return
    if help_text:
        opts["input_title"] = f.header[:32]
        opts["input_message"] = help_text[:255]
    ws.data_validation(first, col, last, col, opts)


def _write_guide(ws: Any, form: Form, ctx: WorkbookContext, ph: dict[str, Any],
                 fmt: _Formats) -> None:
    """The instructions sheet: the form's instructions, then for each sheet its columns, whether
    a used row must fill them (exactly what the checks ask: :attr:`Table.required_inputs`, the
    person's code) and how to fill them, with examples in the workspace's year."""
    widths = (5, 30, 11, 60)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.merge_range(0, 0, 0, 3, ctx.config.issuing_body or ctx.config.org_name, fmt.org)
    ws.merge_range(1, 0, 1, 3, "HƯỚNG DẪN ĐIỀN " + form.name.upper(), fmt.title)
    ws.set_row(1, 36)
    unit_text = f"Đơn vị: {ctx.unit.name}" if ctx.unit else ctx.config.org_name
    ws.merge_range(2, 0, 2, 3, unit_text, fmt.subtitle)
    r = 4
    for i, line in enumerate(form.instructions, 1):
        ws.write_string(r, 0, f"{i}.", fmt.wrap)
        text = line.format(**ph)
        ws.merge_range(r, 1, r, 3, text, fmt.wrap)
        ws.set_row(r, _guide_height((text, sum(widths[1:]))))
        r += 1
    for table in form.tables:
        r += 1
        ws.merge_range(r, 0, r, 3, f"Trang \"{table.sheet}\"", fmt.bold)
        r += 1
        for c, head in enumerate(("STT", "Cột", "Bắt buộc", "Cách điền")):
            ws.write_string(r, c, head, fmt.header)
        r += 1
        required = set(table.required_inputs)
        for n, f in enumerate(table.fields, 1):
            how = f.help.format(**ph) if f.help else _default_help(f, ctx)
            if f.prefill:
                how = "Đã điền sẵn, không sửa. " + how if how else "Đã điền sẵn, không sửa."
            needed = f.key in required or (f.prefill and f.required)
            ws.write_number(r, 0, n, fmt.cell_center)
            ws.write_string(r, 1, f.header, fmt.cell)
            ws.write_string(r, 2, "Có" if needed else "", fmt.cell_center)
            ws.write_string(r, 3, how, fmt.cell)
            ws.set_row(r, _guide_height((how, widths[3]), (f.header, widths[1])))
            r += 1
        if required:
            note = ("Cột bắt buộc: phải điền ở mọi dòng có ghi nội dung (dòng để trống hoàn toàn "
                    "được bỏ qua); thiếu thì văn phòng báo lỗi và gửi lại tệp sửa.")
            ws.merge_range(r, 0, r, 3, note, fmt.wrap)
            ws.set_row(r, _guide_height((note, sum(widths))))
            r += 1
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.8, right=0.5, top=0.7, bottom=0.7)
    ws.print_area(0, 0, r - 1, 3)
    ws.set_footer(FOOTER)


def _guide_height(*cells: tuple[str, float]) -> float:
    """The height of a guide or issue row holding these (text, width) cells (12 pt)."""
    return text_height(max(wrapped_lines(text, width) for text, width in cells))


def _default_help(f: Field, ctx: WorkbookContext | None = None) -> str:
    year = ctx.config.year if ctx is not None else dt.date.today().year
    example = dt.date(year, 9, 30)
    if ctx is not None and f.date_range == "period":
        from toolkit.common.periods import Period
        p = Period.parse(ctx.period)
        example = p.start + (p.end - p.start) // 2
    return {
        DATE: f"Ngày/tháng/năm, ví dụ {example:%d/%m/%Y}.",
        CHOICE: "Chọn trong danh sách thả xuống.",
        YESNO: "Chọn Có hoặc Không.",
        PERCENT: "Số từ 0 đến 100.",
        INT: "Số nguyên.",
        NUMBER: "Một số.",
    }.get(f.kind, "")


def _write_issue_sheet(ws: Any, form: Form, ctx: WorkbookContext, fmt: _Formats,
                       marks: list[tuple[str, str, str, Issue]], issues: list[Issue]) -> None:
    """The "Lỗi cần sửa" sheet a unit reads: what to fix where. The issue code is for the
    secretary (and ``--lang en``): its column is hidden and not printed in Vietnamese."""
    from toolkit.common.i18n import current_language
    from toolkit.common.issues import severity_label
    heads = ("STT", "Mức độ", "Trang", "Ô", "Mã cán bộ", "Giá trị", "Nội dung cần sửa", "Mã lỗi")
    widths = (5, 10, 12, 7, 11, 24, 66, 22)
    ws.merge_range(0, 0, 0, len(heads) - 2, ctx.config.issuing_body, fmt.org)
    ws.merge_range(1, 0, 1, len(heads) - 2, f"CÁC LỖI CẦN SỬA – {form.name.upper()}", fmt.title)
    unit_text = f"Đơn vị: {ctx.unit.name}" if ctx.unit else ""
    ws.merge_range(2, 0, 2, len(heads) - 2, unit_text, fmt.subtitle)
    ws.merge_range(3, 0, 3, len(heads) - 2,
                   "Các ô có lỗi được tô màu (đỏ: lỗi phải sửa; vàng: cảnh báo nên xem lại) và có "
                   "ghi chú. Sửa ngay trên tệp này rồi gửi lại cho văn phòng.", fmt.note)
    ws.set_row(3, 32)
    english = current_language() == "en"
    for c, (h, w) in enumerate(zip(heads, widths)):
        ws.write_string(HEADER_ROW, c, h, fmt.header)
        hidden = c == len(heads) - 1 and not english
        ws.set_column(c, c, w, None, {"hidden": True} if hidden else None)
    entries = [(i.sheet or "", i.cell or "", i.person_id, i) for i in issues] + marks
    entries.sort(key=lambda e: (e[3].severity != "error", e[0], _cell_order(e[1]), e[3].code))
    for n, (sheet, cell, person, issue) in enumerate(entries, 1):
        r = HEADER_ROW + n
        values = (str(n), severity_label(issue.severity), sheet, cell, str(person or ""),
                  issue.value, issue.message(), issue.code)
        for c, v in enumerate(values):
            ws.write_string(r, c, v, fmt.cell)
        ws.set_row(r, _guide_height((values[6], widths[6]), (values[5], widths[5])))
    last = HEADER_ROW + max(len(entries), 1)
    ws.freeze_panes(DATA_START, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.print_area(0, 0, last, len(heads) - (1 if english else 2))
    ws.set_footer(FOOTER)


def _cell_order(ref: str) -> tuple[int, str]:
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 0, ref)
