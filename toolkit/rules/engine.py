"""Validation: read rows become typed records plus a list of issues, never an exception.

Generic cell checks come from the form spec (required, kind, choices, ranges, length); each form
adds its cross-field rules through :data:`FORM_RULES`. Collect everything, decide later.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.store.cells import RowCells
from toolkit.common.dates import fmt, parse_date
from toolkit.forms import choice_lists, deadline_for, get_form
from toolkit.forms.spec import CHOICE, DATE, ID, INT, LONG, NUMBER, PERCENT, TEXT, YESNO, Field, Form, Row, Table
from toolkit.common.issues import Issue
from toolkit.forms.workbook import meta_checksum
from toolkit.common.text import canonical, detect_legacy_encoding, fold
from toolkit.common.xlref import col_letter

if TYPE_CHECKING:
    from toolkit.read.workbook import ReadResult
    from toolkit.config.roster import Roster
    from toolkit.config.workspace import Config


@dataclass
class Context:
    """What validation needs to know beyond the workbook itself."""

    config: "Config"
    roster: "Roster"
    file: str = ""
    submitted_at: dt.datetime | None = None
    sender_unit: str | None = None
    sender: str = ""
    date1904: bool = False
    store: Any = None            # the Store, for forms that check against earlier submissions
    lists: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Outcome:
    form: Form | None
    unit: str
    period: str
    records: dict[str, list[dict[str, Any]]]
    issues: list[Issue]

    @property
    def n_errors(self) -> int:
        return sum(1 for i in self.issues if i.is_error)

    @property
    def n_warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == "warning")


# ---------------------------------------------------------------- value conversion

_YES = {"co", "x", "yes", "y", "1", "true", "dung", "v"}
_NO = {"khong", "no", "n", "0", "false", "k", "-"}


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        text = raw.strip().replace(" ", "").rstrip("%")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.234,5 (Vietnamese)
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
        # "nan", "inf", "1e999" are what float() accepts, not numbers a person typed
        return number if math.isfinite(number) else None
    return None


def match_choice(value: str, choices: list[str]) -> str | None:
    """The choice a typed value means: exact, folded, or a choice's code before '. '."""
    if value in choices:
        return value
    target = fold(value)
    for c in choices:
        if fold(c) == target:
            return c
    for c in choices:
        code, _, name = c.partition(". ")
        if name and (fold(code) == target or fold(name) == target):
            return c
    return None


def convert_value(f: Field, raw: Any, config: "Config", lists: dict[str, list[str]] | None = None,
                  date1904: bool = False) -> tuple[Any, bool]:
    """(typed value, is_bad). Empty gives (None, False)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, False
    kind = f.kind
    if kind in (TEXT, LONG):
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw)), False
        if isinstance(raw, (dt.date, dt.datetime)):
            return fmt(raw), False
        return str(raw), False
    if kind == ID:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw)), False
        return str(raw).strip(), False
    if kind in (INT, NUMBER, PERCENT):
        number = _number(raw)
        if number is None:
            return raw, True
        if kind == PERCENT and isinstance(raw, float) and 0 < number < 1:
            number *= 100  # a cell formatted as % holds 0.8 for 80 %
        if kind == INT:
            if not float(number).is_integer():
                return raw, True
            return int(number), False
        return number, False
    if kind == DATE:
        parsed = parse_date(raw, default_year=config.year, date1904=date1904)
        return (parsed, False) if parsed else (raw, True)
    if kind == YESNO:
        key = fold(str(raw)).strip()
        if key in _YES or raw is True:
            return True, False
        if key in _NO or raw is False:
            return False, False
        return raw, True
    if kind == CHOICE:
        options = (lists or cached_choice_lists(config)).get(f.choices or "", [])
        found = match_choice(str(raw).strip(), options)
        return (found, False) if found else (raw, True)
    return raw, False


def _shown(raw: Any) -> str:
    if isinstance(raw, (dt.date, dt.datetime)):
        return fmt(raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return "" if raw is None else str(raw)


# ---------------------------------------------------------------- meta

def check_meta(meta: dict[str, str] | None, ctx: Context, file: str,
               unit_label: str | None) -> tuple[Form | None, str, str, list[Issue]]:
    """The form, unit and period a workbook claims, and the identity issues."""
    issues: list[Issue] = []
    cfg, roster = ctx.config, ctx.roster
    if not meta or "form_id" not in meta:
        return None, "", "", [Issue.make("META_MISSING", file=file)]
    if meta.get("checksum") != meta_checksum(meta):
        tampered = [k for k in ("form_id", "form_version", "org_id", "unit_code", "period")
                    if k in meta] or ["checksum"]
        return None, "", "", [Issue.make("META_TAMPERED", file=file, sheet="_meta",
                                         key=", ".join(tampered))]
    try:
        form = get_form(meta["form_id"])
    except KeyError:
        return None, "", "", [Issue.make("META_UNKNOWN_FORM", file=file, found=meta["form_id"])]
    unit = meta.get("unit_code", "")
    period = meta.get("period", "")
    if str(form.version) != meta.get("form_version"):
        issues.append(Issue.make("META_WRONG_VERSION", file=file, found=meta.get("form_version"),
                                 expected=form.version))
    if meta.get("org_id") != cfg.org_id:
        issues.append(Issue.make("META_WRONG_ORG", file=file, found=meta.get("org_id"),
                                 expected=cfg.org_id))
    if meta.get("year") != str(cfg.year):
        issues.append(Issue.make("META_WRONG_YEAR", file=file, found=period or meta.get("year"),
                                 expected=cfg.year))
    if form.per_unit:
        if unit not in roster.units:
            issues.append(Issue.make("META_UNIT_UNKNOWN", file=file, unit=unit, found=unit))
        else:
            name = roster.units[unit].name
            if unit_label is not None and fold(unit_label) != fold(name):
                issues.append(Issue.make("UNIT_MISMATCH", file=file, unit=unit,
                                         sheet=form.tables[0].sheet, cell="A3", value=unit_label,
                                         found=unit_label, expected=name))
            if ctx.sender_unit and ctx.sender_unit != unit:
                issues.append(Issue.make(
                    "MAIL_SENDER_MISMATCH", file=file, unit=unit, sender=ctx.sender,
                    sender_unit=roster.units.get(ctx.sender_unit, None) and
                    roster.units[ctx.sender_unit].name or ctx.sender_unit, unit_name=name))
    return form, unit, period, issues


# ---------------------------------------------------------------- rows

def convert_rows(form: Form, result: "ReadResult", ctx: Context, unit: str,
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


# How _convert_row converts a field's non-blank value when it can do it directly, giving what
# convert_value() gives: text in a TEXT/LONG field, an ID field or a CHOICE field (a value of its
# list as it is), a date in a DATE field, a float in an INT (a whole one), NUMBER or PERCENT field.
# Anything else goes to convert_value().
_CONVERT, _AS_TEXT, _AS_ID, _AS_CHOICE, _AS_DATE, _AS_INT, _AS_NUMBER, _AS_PERCENT = range(8)
_HOW = {TEXT: _AS_TEXT, LONG: _AS_TEXT, ID: _AS_ID, CHOICE: _AS_CHOICE, DATE: _AS_DATE,
        INT: _AS_INT, NUMBER: _AS_NUMBER, PERCENT: _AS_PERCENT}
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


def field_converter(f: Field, config: "Config") -> Callable[[Any], tuple[Any, bool]]:
    """:func:`convert_value` for one field, as a function of the raw value, for a column read
    many times (a province roster has a million cells): text is taken as :func:`_convert_row`
    takes it, and a yes/no column's few distinct values are remembered."""
    how = _HOW.get(f.kind, _CONVERT)
    if how in (_AS_TEXT, _AS_ID):
        def convert(raw: Any) -> tuple[Any, bool]:
            if type(raw) is str:
                text = raw.strip()
                return (None if not text else raw if how == _AS_TEXT else text), False
            return convert_value(f, raw, config)
        return convert
    if f.kind == YESNO:
        seen: dict[Any, tuple[Any, bool]] = {}

        def remembered(raw: Any) -> tuple[Any, bool]:
            key = (type(raw), raw)
            try:
                return seen[key]
            except KeyError:
                seen[key] = result = convert_value(f, raw, config)
                return result
            except TypeError:                       # not hashable
                return convert_value(f, raw, config)
        return remembered
    return lambda raw: convert_value(f, raw, config)


class _RowState:
    """What every row of one workbook shares while it is converted."""

    def __init__(self, ctx: Context, lists: dict[str, list[str]], unit: str,
                 result: "ReadResult", issues: list[Issue]) -> None:
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


_LISTS_CACHE: dict[int, tuple[Any, dict[str, list[str]]]] = {}


def cached_choice_lists(config: "Config") -> dict[str, list[str]]:
    """choice_lists() once per config object (the calendar behind it costs lunar conversions)."""
    hit = _LISTS_CACHE.get(id(config))
    if hit is None or hit[0] is not config:
        hit = (config, choice_lists(config))
        _LISTS_CACHE[id(config)] = hit
    return hit[1]


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def _date_range(f: Field, ctx: Context, result: "ReadResult") -> tuple[dt.date, dt.date]:
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


def required_missing(table_key: str, form: Form, rec: dict[str, Any], keys: tuple[str, ...],
                     ctx: Context, unit: str, person: str, issues: list[Issue]) -> None:
    for key in keys:
        if rec.get(key) in (None, "") and key not in rec.get("_bad", []):
            table = form.table(table_key)
            f = table.field(key)
            issues.append(Issue.make("REQUIRED_MISSING", file=ctx.file, sheet=table.sheet,
                                     cell=rec["_cells"].get(key, ""), unit=unit, person_id=person,
                                     field=key, header=f.header))


_INPUTS: dict[int, tuple[Table, list[str]]] = {}


def input_keys(table: Table) -> list[str]:
    """The keys of ``table``'s input fields, worked out once per Table object."""
    hit = _INPUTS.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_INPUTS) >= 256:
            _INPUTS.clear()
        hit = _INPUTS[id(table)] = (table, [f.key for f in table.inputs])
    return hit[1]


def has_input(rec: dict[str, Any], keys: list[str]) -> bool:
    """Whether a record has a value (or a bad value) in one of the input fields ``keys``."""
    bad = rec.get("_bad", ())
    for key in keys:
        if rec.get(key) not in (None, "") or key in bad:
            return True
    return False


# ---------------------------------------------------------------- people

def check_person(rec: dict[str, Any], table_key: str, form: Form, ctx: Context, unit: str,
                 issues: list[Issue]) -> bool:
    """True when the row's person is in the roster and in this unit."""
    pid = rec.get("person_id") or ""
    name = rec.get("name") or ""
    person = ctx.roster.people.get(pid)
    if person is not None and person.unit == unit and (not name or name == person.name):
        return True         # the common case: a person of the unit, named as in the roster
    cells = rec["_cells"]
    if person is None and not pid and name:
        matches = ctx.roster.folded_index().get(fold(name), [])
        exact = [p for p in matches if canonical(p.name) == canonical(name)]
        if len(exact) == 1:
            person = exact[0]
            rec["person_id"] = pid = person.person_id
    if person is None:
        if not pid and not name:
            return False
        issues.append(Issue.make("PERSON_UNKNOWN", name=name or "?", value=pid or name,
                                 **_person_place(ctx, form, table_key, cells, unit, pid)))
        return False
    if person.unit != unit:
        other = ctx.roster.units.get(person.unit)
        issues.append(Issue.make("PERSON_OTHER_UNIT", name=person.name, value=pid,
                                 other_unit=other.name if other else person.unit,
                                 **_person_place(ctx, form, table_key, cells, unit, pid)))
        return False
    if name and name != person.name and canonical(name) != canonical(person.name):
        place = _person_place(ctx, form, table_key, cells, unit, pid)
        issues.append(Issue.make("PERSON_NAME_MISMATCH", found=name, expected=person.name,
                                 value=name, **{**place, "cell": cells.get("name", "")}))
    return True


def _person_place(ctx: Context, form: Form, table_key: str, cells: dict[str, str], unit: str,
                  pid: str) -> dict[str, Any]:
    """Where a person issue is: the row's person id cell."""
    return dict(file=ctx.file, sheet=form.table(table_key).sheet,
                cell=cells.get("person_id", ""), unit=unit, person_id=pid, field="person_id")


# ---------------------------------------------------------------- entry point

FormRule = Callable[[Form, dict[str, list[dict[str, Any]]], Context, str, str, list[Issue]], None]
FORM_RULES: dict[str, FormRule] = {}


def form_rule(form_id: str) -> Callable[[FormRule], FormRule]:
    def deco(fn: FormRule) -> FormRule:
        FORM_RULES[form_id] = fn
        return fn
    return deco


def validate(result: "ReadResult", ctx: Context) -> Outcome:
    """Check a read workbook against its form, the roster and the config."""
    file = ctx.file
    form, unit, period, issues = check_meta(result.meta, ctx, file, result.unit_label)
    if form is None:
        return Outcome(None, unit, period, {}, issues)
    blocking = any(i.is_error and i.code.startswith("META_") for i in issues)
    if blocking:
        return Outcome(form, unit, period, {}, issues)
    issues.extend(result.problems)
    issues.extend(Issue.make("FILE_HIDDEN_DATA", file=file, sheet=name)
                  for name in result.hidden_data_sheets)
    records = convert_rows(form, result, ctx, unit, issues)
    rule = FORM_RULES.get(form.id)
    if rule:
        rule(form, records, ctx, unit, period, issues)
    if ctx.submitted_at is not None and form.per_unit:
        deadline = deadline_for(form, ctx.config, period or ctx.config.year)
        if ctx.submitted_at.date() > deadline:
            issues.append(Issue.make("SUBMISSION_LATE", file=file, unit=unit, form=form.name,
                                     value=fmt(ctx.submitted_at), submitted=fmt(ctx.submitted_at),
                                     deadline=fmt(deadline)))
    return Outcome(form, unit, period, records, _dedupe(issues))


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[Issue] = set()
    out = []
    for i in issues:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


# form rules register themselves on import
from toolkit.rules import pledge as rules_pledge  # noqa: E402,F401
from toolkit.rules import quarterly as rules_quarterly  # noqa: E402,F401
from toolkit.rules import yearend as rules_yearend  # noqa: E402,F401
