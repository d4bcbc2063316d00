"""Dates as they arrive in cells: real dates, Excel serials, or dd/mm/yyyy text."""

from __future__ import annotations

import datetime as dt
import re

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)
_TEXT = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?\s*$")
_WORDS = re.compile(r"ng[aà]y\s*(\d{1,2})\s*th[aá]ng\s*(\d{1,2})\s*n[aă]m\s*(\d{4})", re.I)


def parse_date(value: object, default_year: int | None = None,
               date1904: bool = False) -> dt.date | None:
    """The date a cell means, or None when it is not a date.

    Accepts date/datetime objects, Excel serial numbers (1900 or 1904 system), and text in
    dd/mm/yyyy, dd/mm/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, "ngày 5 tháng 3 năm 2024" and dd/mm
    (taking ``default_year``). Day comes before month, as in Vietnam.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        return serial_to_date(float(value), date1904)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    m = _TEXT.match(text)
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        year_text = m.group(3)
        if year_text is None:
            if default_year is None:
                return None
            year = default_year
        else:
            year = int(year_text)
            if len(year_text) == 2:
                year += 2000
            elif len(year_text) != 4:
                return None
        return _safe_date(year, month, day)
    m = _ISO.match(text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _WORDS.search(text)
    if m:
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return serial_to_date(number, date1904)


def serial_to_date(number: float, date1904: bool = False) -> dt.date | None:
    if not (1 <= number < 2958466):  # 9999-12-31
        return None
    epoch = _EXCEL_EPOCH_1904 if date1904 else _EXCEL_EPOCH
    try:
        return epoch + dt.timedelta(days=int(number))
    except OverflowError:  # beyond 31/12/9999 (the 1904 system starts 1,462 days later)
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def fmt(d: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents show dates."""
    return d.strftime("%d/%m/%Y") if d else ""


def document_date(place: str, d: dt.date) -> str:
    """'Bắc Giang, ngày 05 tháng 01 năm 2024' (leading zero for days < 10 and months 1-2)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {d.day:02d} tháng {month} năm {d.year}"
