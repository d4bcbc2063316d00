"""Reading received workbooks with python-calamine: sheets found by name, columns by header.

Reading never depends on sheet state (hidden / very hidden) or on cell formats, because office
suites change both when they save. Every string is NFC-normalised and trimmed here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from toolkit.common.issues import Issue
from toolkit.common.text import clean, fold
from toolkit.forms.spec import Form, Row, Table
from toolkit.forms.workbook import GUIDE_SHEET, ISSUES_SHEET, LISTS_SHEET, META_SHEET

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


_META_KEY = fold(META_SHEET)


def read_meta(wb: Any, names: list[str]) -> dict[str, str] | None:
    target = next((n for n in names if n == META_SHEET or fold(n) == _META_KEY), None)
    if target is None:
        return None
    meta: dict[str, str] = {}
    for row in sheet_rows(wb, target):
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
            value = row[1]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            meta[row[0].strip()] = _TEXTS.clean(str(value)) or "" if value is not None else ""
    return meta


@dataclass(frozen=True)
class _TableKeys:
    """What reading needs of a table, worked out once per Table object."""

    sheets: frozenset[str]          # folded sheet name and aliases
    lookup: dict[str, str]          # header key -> field key (first header wins)
    n_fields: int                   # distinct field keys in ``lookup``


_TABLE_KEYS: dict[int, tuple[Table, _TableKeys]] = {}
_CACHE_LIMIT = 256


def _table_keys(table: Table) -> _TableKeys:
    """The cached :class:`_TableKeys` of ``table`` (keyed by identity: forms are constants)."""
    hit = _TABLE_KEYS.get(id(table))
    if hit is None or hit[0] is not table:
        lookup: dict[str, str] = {}
        for f in table.fields:
            for h in f.headers:
                lookup.setdefault(_header_key(h), f.key)
        keys = _TableKeys(frozenset(fold(n) for n in (table.sheet, *table.aliases)), lookup,
                          len(set(lookup.values())))
        if len(_TABLE_KEYS) >= _CACHE_LIMIT:
            _TABLE_KEYS.clear()
        hit = _TABLE_KEYS[id(table)] = (table, keys)
    return hit[1]


def find_sheet(names: list[str], table: Table) -> str | None:
    wanted = _table_keys(table).sheets
    for n in names:
        if fold(n) in wanted:
            return n
    return None


def _header_key(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    return fold(value).rstrip(" *:").strip()


# header key of each short cell text met in a header scan: templates repeat in every workbook
_HEADER_KEYS: dict[str, str] = {}
_HEADER_KEYS_LIMIT = 8192
_HEADER_TEXT_LIMIT = 200        # longer texts are worked out each time, not remembered


def _cell_header_key(value: str) -> str:
    """:func:`_header_key` of a ``str`` cell, remembered in :data:`_HEADER_KEYS` when short."""
    key = _header_key(value)
    if len(value) <= _HEADER_TEXT_LIMIT:
        if len(_HEADER_KEYS) >= _HEADER_KEYS_LIMIT:
            _HEADER_KEYS.clear()
        _HEADER_KEYS[value] = key
    return key


def _row_fields(row: list[Any], lookup: dict[str, str]) -> dict[str, int]:
    """field -> column of the cells of ``row`` that are a header of ``lookup`` (first wins)."""
    found: dict[str, int] = {}
    known = _HEADER_KEYS
    for c, value in enumerate(row):
        if value.__class__ is str:
            hk = known.get(value)
            if hk is None:
                hk = _cell_header_key(value)
        else:
            hk = _header_key(value)
        key = lookup.get(hk)
        if key and key not in found:
            found[key] = c
    return found


def locate_columns(grid: list[list[Any]], table: Table) -> tuple[int | None, dict[str, int]]:
    """The header row index and field -> column, choosing the row that matches most headers.

    Ties keep the first row, so a row that matches every field ends the scan.
    """
    keys = _table_keys(table)
    best_row, best = _full_header_row(grid, keys)
    if best_row is None:
        for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
            found = _row_fields(row, keys.lookup)
            if len(found) > len(best):
                best_row, best = r, found
                if len(best) == keys.n_fields:
                    break
    if best_row is None or len(best) < max(1, min(2, len(table.fields))):
        return None, {}
    return best_row, best


def _full_header_row(grid: list[list[Any]], keys: _TableKeys) -> tuple[int | None, dict[str, int]]:
    """The first row that holds every field's header, and its field -> column, as the scan of
    :func:`locate_columns` finds it; (None, {}) when no row does.

    A cell that is "" or not a text is no header (unless a header reads as "", then this gives
    (None, {})), so a row with fewer other cells than there are fields is passed over unread:
    title rows above the header are.
    """
    need = keys.n_fields
    if not need or "" in keys.lookup:
        return None, {}
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        if len(row) - row.count("") >= need:
            found = _row_fields(row, keys.lookup)
            if len(found) == need:
                return r, found
    return None, {}


def read_table(grid: list[list[Any]], table: Table, sheet_name: str,
               file: str = "") -> tuple[list[Row], list[Issue]]:
    header_row, cols = locate_columns(grid, table)
    if header_row is None:
        return [], [Issue.make("HEADER_MISSING", file=file, sheet=sheet_name,
                               header=table.fields[0].header)]
    problems = [Issue.make("HEADER_MISSING", file=file, sheet=sheet_name,
                           cell=f"{header_row + 1}:{header_row + 1}", header=f.header)
                for f in table.fields if f.key not in cols and (f.required or not f.prefill)]
    keys = tuple(cols)
    body = _field_cells(grid[header_row + 1:], list(cols.values()))
    columns = dict(cols)          # shared by every row of the table (read-only)
    first = header_row + 2        # Excel number of the first row under the header
    learnt = _TEXTS.learn(body)
    if learnt is None:
        return _read_rows(body, keys, columns, first), problems
    value, blank = learnt
    return [Row(number, dict(zip(keys, map(value, cells, cells))), columns)
            for number, cells in enumerate(body, first)
            if not blank.issuperset(cells)], problems


def _field_cells(lines: list[list[Any]], places: list[int]) -> list[Sequence[Any]]:
    """The cells of each line at ``places`` (None beyond a short line's end): the lines
    themselves when they hold exactly those cells in that order."""
    width = max(places) + 1
    if places == list(range(width)) and {width}.issuperset(map(len, lines)):
        return lines
    if len(places) == 1:
        place = places[0]
        return [(line[place] if len(line) > place else None,) for line in lines]
    pick = itemgetter(*places)
    return [pick(line) if len(line) >= width else pick(list(line) + [None] * (width - len(line)))
            for line in lines]


# the types of the values calamine reads: none is a str subclass or equal to a text
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, dt.time,
                          dt.timedelta})


class _TextMemo:
    """Every text met in cells -> clean(text), and the cell values that read as None (None and
    the texts clean() empties).

    Ids, names, positions, choices and common phrases repeat within and across files, so most
    texts are found here. Bounded in texts and characters: when full, new (empty) containers
    replace the old ones, which a table being read keeps using until its rows are built.
    """

    MAX_TEXTS = 16384
    MAX_CHARS = 1 << 21

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> tuple[dict[str, str | None], set[Any]]:
        """Start afresh; the new (values, blank)."""
        self.values: dict[str, str | None] = {}
        self.blank: set[Any] = {None}
        self.chars = 0
        return self.values, self.blank

    def _add(self, values: dict[str, str | None], blank: set[Any], text: str) -> str | None:
        cleaned = values[text] = clean(text)
        self.chars += len(text)
        if cleaned is None:
            blank.add(text)
        return cleaned

    def clean(self, text: str) -> str | None:
        """:func:`clean` of ``text``, found here or added."""
        values, blank = self.values, self.blank
        cleaned = values.get(text, _UNSEEN)
        if cleaned is _UNSEEN:
            if len(values) >= self.MAX_TEXTS or self.chars >= self.MAX_CHARS:
                values, blank = self.clear()
            cleaned = self._add(values, blank, text)
        return cleaned

    def learn(self, body: list[Sequence[Any]]) -> tuple[Any, set[Any]] | None:
        """``(get, blank)`` for the cells of ``body``: ``get(v, v)`` is what a cell reads as, and
        a row whose cells are all in ``blank`` reads as empty.

        None when a cell holds a value of another type than calamine's: then the rows must be
        read cell by cell.
        """
        try:
            cells = set().union(*body)
        except TypeError:       # an unhashable value
            return None
        if not _PLAIN_TYPES.issuperset(map(type, cells)):
            return None
        values, blank = self.values, self.blank
        new = [v for v in cells.difference(values) if v.__class__ is str]
        if len(values) + len(new) > self.MAX_TEXTS or self.chars > self.MAX_CHARS:
            values, blank = self.clear()
            new = [v for v in cells if v.__class__ is str]
        for text in new:
            self._add(values, blank, text)
        return values.get, blank


_UNSEEN = object()
_TEXTS = _TextMemo()


def _cell_value(value: Any) -> Any:
    """What a cell holds once read: text cleaned (None when blank), "" as None, others as read."""
    if value.__class__ is str:
        return clean(value)
    return None if value == "" else value


def _read_rows(body: list[Sequence[Any]], keys: tuple[str, ...], columns: dict[str, int],
               first: int) -> list[Row]:
    """The rows of ``body`` with a value, read cell by cell (see :meth:`_TextMemo.learn`)."""
    rows = []
    for number, cells in enumerate(body, first):
        values = [_cell_value(v) for v in cells]
        if any(v is not None for v in values):
            rows.append(Row(number, dict(zip(keys, values)), columns))
    return rows


def read_tables(data: bytes, form: Form,
                file: str = "") -> tuple[dict[str, list[Row]], list[Issue]]:
    """Read every table of ``form`` (no metadata checks): used for the roster."""
    result = read_workbook(data, form, file)
    return result.tables, result.problems


def read_workbook(data: bytes, form: Form, file: str = "", wb: Any = None,
                  meta: dict[str, str] | None = None) -> ReadResult:
    """Read ``form``'s tables; ``wb`` and ``meta`` when the caller has already opened/read them."""
    wb = wb if wb is not None else open_workbook(data)
    raw_names = list(wb.sheet_names)
    names = [_TEXTS.clean(n) or n for n in raw_names]
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
_FORM_SHEETS: dict[int, tuple[Form, frozenset[str]]] = {}


def _known_sheets(form: Form) -> frozenset[str]:
    """Folded names of ``form``'s table sheets (and aliases) and of the generated sheets."""
    hit = _FORM_SHEETS.get(id(form))
    if hit is None or hit[0] is not form:
        ours = frozenset(fold(n) for t in form.tables for n in (t.sheet, *t.aliases))
        if len(_FORM_SHEETS) >= _CACHE_LIMIT:
            _FORM_SHEETS.clear()
        hit = _FORM_SHEETS[id(form)] = (form, ours | _OWN_SHEETS)
    return hit[1]


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
    visible = pc.SheetVisibleEnum.Visible
    ours = _known_sheets(form)
    found = []
    for sheet in sheets:
        if sheet.visible == visible:
            continue
        name = _TEXTS.clean(sheet.name) or sheet.name
        if fold(name) in ours:
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
            if isinstance(v, str) and v and fold(v).startswith("don vi:"):
                return clean(v.split(":", 1)[1]) or ""
    return None
