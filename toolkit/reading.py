"""Reading received workbooks with python-calamine: sheets found by name, columns by header.

Reading never depends on sheet state (hidden / very hidden) or on cell formats, because office
suites change both when they save. Every string is NFC-normalised and trimmed here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from .forms.spec import Form, Row, Table
from .issues import Issue
from .templates import GUIDE_SHEET, ISSUES_SHEET, LISTS_SHEET, META_SHEET
from .text import clean, fold

HEADER_SCAN_ROWS = 25


class ReadError(Exception):
    """The workbook could not be opened by the reader at all."""


@dataclass
class ReadResult:
    meta: dict[str, str] | None
    sheet_names: list[str]
    tables: dict[str, list[Row]]
    problems: list[Issue] = field(default_factory=list)
    unit_label: str | None = None           # the "Đơn vị: ..." line of the first table sheet
    hidden_data_sheets: list[str] = field(default_factory=list)


def reader_failed(exc: BaseException) -> bool:
    """Whether ``exc`` is the reader failing on a file: any error, or a panic inside
    python-calamine (pyo3's PanicException derives from BaseException, so ``except Exception``
    misses it; e.g. a huge negative number in a date-formatted cell)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def open_workbook(data: bytes) -> Any:
    import python_calamine as pc
    try:
        return pc.load_workbook(io.BytesIO(data))
    except BaseException as exc:  # calamine raises several error types; all mean "cannot read"
        if not reader_failed(exc):
            raise
        raise ReadError(f"{type(exc).__name__}: {exc}"[:300]) from None


def sheet_rows(wb: Any, name: str) -> list[list[Any]]:
    try:
        sheet = wb.get_sheet_by_name(name)
        return sheet.to_python(skip_empty_area=False)
    except BaseException as exc:
        if not reader_failed(exc):
            raise
        if not isinstance(exc, Exception):      # a panic: some cell the reader cannot convert
            raise ReadError(f"trang '{name}' có ô chứa giá trị bất thường (ví dụ một số âm rất "
                            f"lớn trong ô ngày tháng): {exc}"[:300]) from None
        raise ReadError(f"{name}: {type(exc).__name__}: {exc}"[:300]) from None


def read_meta(wb: Any, names: list[str]) -> dict[str, str] | None:
    target = next((n for n in names if n == META_SHEET or fold(n) == fold(META_SHEET)), None)
    if target is None:
        return None
    meta: dict[str, str] = {}
    for row in sheet_rows(wb, target):
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            value = row[1]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            meta[row[0].strip()] = clean(str(value)) or "" if value is not None else ""
    return meta


def find_sheet(names: list[str], table: Table) -> str | None:
    wanted = {fold(n) for n in (table.sheet, *table.aliases)}
    for n in names:
        if fold(n) in wanted:
            return n
    return None


def _header_key(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return fold(value).rstrip(" *:").strip()


def locate_columns(grid: list[list[Any]], table: Table) -> tuple[int | None, dict[str, int]]:
    """The header row index and field -> column, choosing the row that matches most headers."""
    lookup: dict[str, str] = {}
    for f in table.fields:
        for h in f.headers:
            lookup.setdefault(_header_key(h), f.key)
    best_row, best = None, {}
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for c, value in enumerate(row):
            key = lookup.get(_header_key(value))
            if key and key not in found:
                found[key] = c
        if len(found) > len(best):
            best_row, best = r, found
    if best_row is None or len(best) < max(1, min(2, len(table.fields))):
        return None, {}
    return best_row, best


def read_table(grid: list[list[Any]], table: Table, sheet_name: str,
               file: str = "") -> tuple[list[Row], list[Issue]]:
    header_row, cols = locate_columns(grid, table)
    if header_row is None:
        return [], [Issue.make("HEADER_MISSING", file=file, sheet=sheet_name,
                               header=table.fields[0].header)]
    problems = [Issue.make("HEADER_MISSING", file=file, sheet=sheet_name,
                           cell=f"{header_row + 1}:{header_row + 1}", header=f.header)
                for f in table.fields if f.key not in cols and (f.required or not f.prefill)]
    rows: list[Row] = []
    items = list(cols.items())
    width = max(cols.values()) + 1
    columns = dict(cols)          # shared by every row of the table (read-only)
    for r in range(header_row + 1, len(grid)):
        line = grid[r]
        if len(line) < width:
            line = list(line) + [None] * (width - len(line))
        values: dict[str, object] = {}
        empty = True
        for key, c in items:
            v = line[c]
            if v.__class__ is str:
                v = clean(v)
            elif v == "":
                v = None
            if v is not None:
                empty = False
            values[key] = v
        if not empty:
            rows.append(Row(number=r + 1, values=values, columns=columns))
    return rows, problems


def read_tables(data: bytes, form: Form, file: str = "") -> tuple[dict[str, list[Row]], list[Issue]]:
    """Read every table of ``form`` (no metadata checks): used for the roster."""
    result = read_workbook(data, form, file)
    return result.tables, result.problems


def read_workbook(data: bytes, form: Form, file: str = "", wb: Any = None,
                  meta: dict[str, str] | None = None) -> ReadResult:
    """Read ``form``'s tables; ``wb`` and ``meta`` when the caller has already opened/read them."""
    wb = wb if wb is not None else open_workbook(data)
    names = [clean(n) or n for n in wb.sheet_names]
    raw_names = list(wb.sheet_names)
    by_clean = dict(zip(names, raw_names))
    if meta is None:
        meta = read_meta(wb, raw_names)
    tables: dict[str, list[Row]] = {}
    problems: list[Issue] = []
    unit_label = None
    for table in form.tables:
        name = find_sheet(names, table)
        if name is None:
            tables[table.key] = []
            if table.required:
                problems.append(Issue.make("SHEET_MISSING", file=file, sheet=table.sheet))
            continue
        grid = sheet_rows(wb, by_clean[name])
        if unit_label is None:
            unit_label = _unit_label(grid)
        rows, probs = read_table(grid, table, name, file)
        tables[table.key] = rows
        problems.extend(probs)
    hidden = hidden_data_sheets(wb, form)   # validation reports them (FILE_HIDDEN_DATA)
    return ReadResult(meta=meta, sheet_names=names, tables=tables, problems=problems,
                      unit_label=unit_label, hidden_data_sheets=hidden)


# sheets every generated workbook carries besides the form's tables
_OWN_SHEETS = frozenset(fold(n) for n in (LISTS_SHEET, META_SHEET, GUIDE_SHEET, ISSUES_SHEET))


def hidden_data_sheets(wb: Any, form: Form) -> list[str]:
    """Hidden (or very hidden) sheets that are not the form's and hold at least one value.

    Whatever a unit typed there is not read; FILE_HIDDEN_DATA tells them. Sheet states come from
    the workbook, never from a sheet's content.
    """
    import python_calamine as pc
    try:
        sheets = list(wb.sheets_metadata)
    except Exception:
        return []
    ours = {fold(n) for t in form.tables for n in (t.sheet, *t.aliases)} | _OWN_SHEETS
    found = []
    for sheet in sheets:
        name = clean(sheet.name) or sheet.name
        if sheet.visible == pc.SheetVisibleEnum.Visible or fold(name) in ours:
            continue
        try:
            rows = wb.get_sheet_by_name(sheet.name).iter_rows()
            if any(_has_value(v) for row in rows for v in row):
                found.append(name)
        except BaseException as exc:  # a sheet the reader cannot open holds nothing we can read
            if not reader_failed(exc):
                raise
    return found


def _has_value(v: Any) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


def _unit_label(grid: list[list[Any]]) -> str | None:
    for row in grid[:5]:
        for v in row[:3]:
            if isinstance(v, str) and fold(v).startswith("don vi:"):
                return clean(v.split(":", 1)[1]) or ""
    return None
