"""Generic cell checks of read rows: each table's rows become typed records (by the field kinds
of the form spec), with an issue for every bad, out-of-range, too long or legacy-encoded value."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import fmt
from toolkit.common.issues import Issue
from toolkit.common.legacy_encodings import detect_legacy_encoding
from toolkit.common.xlref import col_letter
from toolkit.forms.spec import CHOICE, DATE, INT, NUMBER, PERCENT, Field, Form, Row, Table
from toolkit.read.convert import (
    _AS_CHOICE,
    _AS_DATE,
    _AS_ID,
    _AS_INT,
    _AS_NUMBER,
    _AS_TEXT,
    _CONVERT,
    _HOW,
    _shown,
    cached_choice_lists,
    convert_value,
)
from toolkit.rules.context import Context
from toolkit.store.cells import RowCells

if TYPE_CHECKING:
    from toolkit.read.workbook import ReadResult


def convert_rows(form: Form, result: ReadResult, ctx: Context, unit: str,
                 issues: list[Issue]) -> dict[str, list[dict[str, Any]]]:
    """Typed records of every table; a bad value becomes None (kept raw in ``_raw``)."""
    lists = ctx.lists or cached_choice_lists(ctx.config)
    records: dict[str, list[dict[str, Any]]] = {}
    state = _RowState(ctx, lists, unit, result, issues)
    for table in form.tables:
        rows = result.tables.get(table.key, [])
        found = {k: col_letter(c) for k, c in rows[0].columns.items()} if rows else {}
        fields = _field_plan(table)
        letters = {f.key: found.get(f.key) for f in table.fields}   # shared by the rows
        records[table.key] = [_convert_row(table, fields, letters, row, state) for row in rows]
    return records
FieldPlan = tuple[Field, str, int, "int | None", bool, Any]
_PLANS: dict[int, tuple[Table, tuple[FieldPlan, ...]]] = {}


def _field_plan(table: Table) -> tuple[FieldPlan, ...]:
    """(field, key, how, max_len, is an input, what else the kind needs) of each of ``table``'s
    fields, worked out once per Table object. What else: the list name of a CHOICE field, the
    range kind of a DATE field, (min, max) of a number field."""
    hit = _PLANS.get(id(table))
    if hit is None or hit[0] is not table:
        plan = tuple((f, f.key, _HOW.get(f.kind, _CONVERT), f.max_len, not f.prefill,
                      _plan_arg(f)) for f in table.fields)
        if len(_PLANS) >= 256:
            _PLANS.clear()
        hit = _PLANS[id(table)] = (table, plan)
    return hit[1]


def _plan_arg(f: Field) -> Any:
    """What _convert_row needs besides the kind: see :func:`_field_plan`."""
    if f.kind == CHOICE:
        return f.choices or ""
    if f.kind == DATE:
        return f.date_range
    if f.kind in (INT, NUMBER, PERCENT):
        lo = f.min if f.min is not None else (0 if f.kind == PERCENT else None)
        hi = f.max if f.max is not None else (100 if f.kind == PERCENT else None)
        return lo, hi
    return ""


class _RowState:
    """What every row of one workbook shares while it is converted."""

    def __init__(self, ctx: Context, lists: dict[str, list[str]], unit: str,
                 result: ReadResult, issues: list[Issue]) -> None:
        self.ctx, self.lists, self.unit, self.result, self.issues = ctx, lists, unit, result, issues
        self.legacy = False                 # FILE_LEGACY_ENCODING is reported once per file
        self.ranges: dict[str, tuple[dt.date, dt.date]] = {}
        self.choices: dict[str, frozenset[Any]] = {}

    def date_range(self, f: Field) -> tuple[dt.date, dt.date]:
        """:func:`_date_range` of ``f``, once per kind of range."""
        found = self.ranges.get(f.date_range)
        if found is None:
            found = self.ranges[f.date_range] = _date_range(f, self.ctx, self.result)
        return found

    def choice_set(self, list_name: str) -> frozenset[Any]:
        """The values of the list ``list_name`` as a set, once per list."""
        found = self.choices.get(list_name)
        if found is None:
            found = self.choices[list_name] = frozenset(self.lists.get(list_name, ()))
        return found


def _place(state: _RowState, table: Table, cells: Mapping[str, str], row: Row, f: Field,
           raw: Any, **extra: Any) -> dict[str, Any]:
    """Where a cell's issue is: file, sheet, cell, unit, person, field, value and header."""
    person = row.values.get(table.person_field) if table.person_field else None
    person = _shown(person).strip() if person is not None else ""
    return {"file": state.ctx.file, "sheet": table.sheet, "cell": cells[f.key], "unit": state.unit,
            "person_id": person, "field": f.key, "value": _shown(raw), "header": f.header,
            **extra}


def _convert_row(table: Table, fields: tuple[FieldPlan, ...], letters: dict[str, str | None],
                 row: Row, state: _RowState) -> dict[str, Any]:
    """A row's record: typed values by field, ``_row``, ``_cells`` (a field's cell, "D7", or the
    whole row, "7:7", when its column was not found), and for bad values ``_raw`` and ``_bad``;
    the row's issues go to ``state.issues``.

    The common values (see :data:`_HOW`) are converted and checked here; any other goes to
    :func:`_convert_cell`.
    """
    n = row.number
    cells = RowCells(letters, n)
    rec: dict[str, Any] = {"_row": n, "_cells": cells}
    values = row.values
    choices, ranges = state.choices, state.ranges
    for f, key, how, max_len, is_input, arg in fields:
        raw = values.get(key)
        if raw is None:
            rec[key] = None
        elif raw.__class__ is str and how:
            text = raw.strip()
            if not text:
                rec[key] = None
                continue
            if how == _AS_TEXT:
                value = raw
            elif how == _AS_ID or (how == _AS_CHOICE and
                                   text in (choices.get(arg) or state.choice_set(arg))):
                value = text
            else:
                _convert_cell(state, table, cells, row, rec, f, raw, how, max_len, is_input, arg)
                continue
            rec[key] = value
            if is_input and not value.isascii() and not state.legacy \
                    and value not in _LEGACY_FREE:
                _check_legacy(state, table, cells, row, f, raw, value)
            if max_len and len(value) > max_len:
                _too_long(state, table, cells, row, f, raw, value, max_len)
        elif how == _AS_DATE and raw.__class__ is dt.date:
            rec[key] = raw                    # parse_date() keeps a date as it is
            start, end = ranges.get(arg) or state.date_range(f)
            if not start <= raw <= end:
                _out_of_range(state, table, cells, row, rec, f, raw, raw, start, end)
        elif how >= _AS_INT and raw.__class__ is float and (how != _AS_INT or raw.is_integer()):
            if how == _AS_NUMBER:
                value = raw
            elif how == _AS_INT:
                value = int(raw)
            else:
                value = raw * 100 if 0 < raw < 1 else raw   # 0.8 in a cell formatted as %
            rec[key] = value
            lo, hi = arg
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                _number_range(state, table, cells, row, rec, f, raw, lo, hi)
        else:
            _convert_cell(state, table, cells, row, rec, f, raw, how, max_len, is_input, arg)
    return rec


def _convert_cell(state: _RowState, table: Table, cells: Mapping[str, str], row: Row,
                  rec: dict[str, Any], f: Field, raw: Any, how: int, max_len: int | None,
                  is_input: bool, arg: Any) -> None:
    """Convert and check a value the way :func:`convert_value` does, into ``rec``."""
    value = _converted(state, table, cells, row, f, raw, rec)
    if value is _BAD:
        return
    rec[f.key] = value
    if value is None:
        return
    if isinstance(value, str):
        if is_input and not value.isascii() and not state.legacy:
            _check_legacy(state, table, cells, row, f, raw, value)
        if max_len and len(value) > max_len:
            _too_long(state, table, cells, row, f, raw, value, max_len)
    elif how == _AS_DATE:
        start, end = state.date_range(f)
        if not start <= value <= end:
            _out_of_range(state, table, cells, row, rec, f, raw, value, start, end)
    elif how >= _AS_INT:
        lo, hi = arg
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            _number_range(state, table, cells, row, rec, f, raw, lo, hi)


def _too_long(state: _RowState, table: Table, cells: Mapping[str, str], row: Row, f: Field,
              raw: Any, value: str, max_len: int) -> None:
    """TEXT_TOO_LONG: a text over its field's length."""
    state.issues.append(Issue.make("TEXT_TOO_LONG", length=len(value), max=max_len,
                                   **_place(state, table, cells, row, f, raw)))


def _out_of_range(state: _RowState, table: Table, cells: Mapping[str, str], row: Row,
                  rec: dict[str, Any], f: Field, raw: Any, value: dt.date, start: dt.date,
                  end: dt.date) -> None:
    """DATE_OUT_OF_RANGE: a date outside the year (or period); the value is bad."""
    state.issues.append(Issue.make("DATE_OUT_OF_RANGE", start=fmt(start), end=fmt(end),
                                   **_place(state, table, cells, row, f, raw, value=fmt(value))))
    rec.setdefault("_bad", []).append(f.key)


def _number_range(state: _RowState, table: Table, cells: Mapping[str, str], row: Row,
                  rec: dict[str, Any], f: Field, raw: Any, lo: float | None,
                  hi: float | None) -> None:
    """NUMBER_RANGE: a number outside its field's bounds; the value is bad."""
    state.issues.append(Issue.make("NUMBER_RANGE", min=_num(lo), max=_num(hi),
                                   **_place(state, table, cells, row, f, raw)))
    rec.setdefault("_bad", []).append(f.key)


_BAD = object()     # _converted(): the value is bad (already recorded)


def _converted(state: _RowState, table: Table, cells: Mapping[str, str], row: Row, f: Field,
               raw: Any, rec: dict[str, Any]) -> Any:
    """convert_value() of a raw value; a bad one is recorded in ``rec`` and reported."""
    value, bad = convert_value(f, raw, state.ctx.config, state.lists, state.ctx.date1904)
    if not bad:
        return value
    rec[f.key] = None
    rec.setdefault("_raw", {})[f.key] = _shown(raw)
    rec.setdefault("_bad", []).append(f.key)
    state.issues.append(_bad_issue(f, raw, state.ctx, state.lists,
                                   _place(state, table, cells, row, f, raw)))
    return _BAD


_LEGACY_TEXT_LIMIT = 200         # longer texts are checked each time, not remembered
_legacy_cached = functools.lru_cache(maxsize=4096)(detect_legacy_encoding)
# short cell texts found free of a legacy encoding: choice labels and common phrases repeat in
# every file, and a set is cheaper to ask than the lru cache
_LEGACY_FREE: set[str] = set()
_LEGACY_FREE_LIMIT = 1 << 15


def _legacy_encoding(value: str) -> str | None:
    """detect_legacy_encoding() of a cell text, remembered for short texts."""
    if len(value) > _LEGACY_TEXT_LIMIT:
        return detect_legacy_encoding(value)
    found = _legacy_cached(value)
    if found is None:
        if len(_LEGACY_FREE) >= _LEGACY_FREE_LIMIT:
            _LEGACY_FREE.clear()
        _LEGACY_FREE.add(value)
    return found


def _check_legacy(state: _RowState, table: Table, cells: Mapping[str, str], row: Row, f: Field,
                  raw: Any, value: str) -> None:
    """FILE_LEGACY_ENCODING (reported once per file) when ``value`` is text typed in a legacy
    Vietnamese font."""
    encoding = _legacy_encoding(value)
    if encoding:
        state.legacy = True
        state.issues.append(Issue.make("FILE_LEGACY_ENCODING", encoding=encoding,
                                       sample=value[:40],
                                       **_place(state, table, cells, row, f, raw)))


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def _date_range(f: Field, ctx: Context, result: ReadResult) -> tuple[dt.date, dt.date]:
    year = ctx.config.year
    if f.date_range == "period" and result.meta and result.meta.get("period"):
        from toolkit.common.periods import Period, PeriodError
        try:
            p = Period.parse(result.meta["period"])
            return p.start, p.end
        except PeriodError:
            pass
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _bad_issue(f: Field, raw: Any, ctx: Context, lists: dict[str, list[str]],
               place: dict[str, Any]) -> Issue:
    if f.kind == DATE:
        return Issue.make("DATE_INVALID", year=ctx.config.year, **place)
    if f.kind in (INT, NUMBER, PERCENT):
        return Issue.make("NUMBER_INVALID", **place)
    if f.choices == "standards":
        return Issue.make("STANDARD_UNKNOWN", **place)
    options = lists.get(f.choices or "yes_no", ["Có", "Không"])
    shown = "; ".join(options[:8]) + ("; …" if len(options) > 8 else "")
    return Issue.make("CHOICE_INVALID", choices=shown, **place)
