"""Cell values to typed values by a field's kind: the one conversion the reader, the roster and
validation share (text, ids, numbers in Vietnamese or English notation, dates, yes/no, choices)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import fmt, parse_date
from toolkit.common.text import fold
from toolkit.forms import choice_lists
from toolkit.forms.spec import CHOICE, DATE, ID, INT, LONG, NUMBER, PERCENT, TEXT, YESNO, Field

if TYPE_CHECKING:
    from toolkit.config.workspace import Config



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


def convert_value(f: Field, raw: Any, config: Config, lists: dict[str, list[str]] | None = None,
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


# How _convert_row converts a field's non-blank value when it can do it directly, giving what
# convert_value() gives: text in a TEXT/LONG field, an ID field or a CHOICE field (a value of its
# list as it is), a date in a DATE field, a float in an INT (a whole one), NUMBER or PERCENT field.
# Anything else goes to convert_value().
_CONVERT, _AS_TEXT, _AS_ID, _AS_CHOICE, _AS_DATE, _AS_INT, _AS_NUMBER, _AS_PERCENT = range(8)
_HOW = {TEXT: _AS_TEXT, LONG: _AS_TEXT, ID: _AS_ID, CHOICE: _AS_CHOICE, DATE: _AS_DATE,
        INT: _AS_INT, NUMBER: _AS_NUMBER, PERCENT: _AS_PERCENT}


def field_converter(f: Field, config: Config) -> Callable[[Any], tuple[Any, bool]]:
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


_LISTS_CACHE: dict[int, tuple[Any, dict[str, list[str]]]] = {}


def cached_choice_lists(config: Config) -> dict[str, list[str]]:
    """choice_lists() once per config object (the calendar behind it costs lunar conversions)."""
    hit = _LISTS_CACHE.get(id(config))
    if hit is None or hit[0] is not config:
        hit = (config, choice_lists(config))
        _LISTS_CACHE[id(config)] = hit
    return hit[1]
