"""Small layout helpers for the year-end documents (rating sheets, reports, golden book): tables
under a party-document header, row heights estimated from wrapped text (neither Excel nor every
LibreOffice version fits them on open), and a signature block placed in chosen columns.

User text is always written with ``write_string``: never a formula, never a link.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.numbers import percent, vn_number
from toolkit.common.paging import text_height, wrapped_lines
from toolkit.outputs.document import DocFormats, _merge

if TYPE_CHECKING:
    from toolkit.config.workspace import Config



def open_workbook(path: Path, title: str, config: Config) -> Any:
    """A workbook written safely: text stays text, fixed properties."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "in_memory": True,      # parts assembled in memory: no temporary file per part
        "default_format_properties": {"font_name": "Times New Roman", "font_size": 12}})
    wb.set_properties({"title": title, "author": "lamtheobac", "company": config.org_name,
                       "created": dt.datetime.now().replace(microsecond=0)})
    return wb


def row_height(values: Sequence[Any], widths: Sequence[float], size: int = 12) -> float:
    n = max((wrapped_lines(str(v), w, size) for v, w in zip(values, widths)
             if isinstance(v, str)), default=1)
    return text_height(n, size)


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: str = "text"          # text, center, number, int, date


def write_text(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """One cell: numbers as numbers, dates as dates, everything else as text (never a formula)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, str(value)[:32767], fmt)


def write_table(ws: Any, fm: DocFormats, row: int, columns: Sequence[Column],
                rows: Sequence[Sequence[Any]], size: int = 12, first_col: int = 0,
                total: Sequence[Any] | None = None, formats: dict[str, Any] | None = None) -> int:
    """Header and rows starting at ``row``; return the next free row. ``formats`` may map a
    column kind to a format (e.g. "decision" -> an unlocked cell)."""
    kinds = {"text": fm.cell, "center": fm.cell_center, "number": fm.cell_num,
             "int": fm.cell_center, "date": fm.cell_date, **(formats or {})}
    widths = [c.width for c in columns]
    for c, col in enumerate(columns):
        ws.write_string(row, first_col + c, col.header, fm.head)
    ws.set_row(row, row_height([c.header for c in columns], widths, size))
    row += 1
    for values in rows:
        for c, (col, v) in enumerate(zip(columns, values)):
            write_text(ws, row, first_col + c, v, kinds.get(col.kind, fm.cell))
        ws.set_row(row, row_height(values, widths, size))
        row += 1
    if total is not None:
        for c, v in enumerate(total):
            write_text(ws, row, first_col + c, v, fm.total_num if isinstance(v, (int, float))
                       else fm.total)
        ws.set_row(row, row_height(total, widths, size))
        row += 1
    return row


def set_widths(ws: Any, widths: Sequence[float], first_col: int = 0) -> None:
    for c, w in enumerate(widths):
        ws.set_column(first_col + c, first_col + c, w)


def signature(ws: Any, fm: DocFormats, config: Config, row: int, left: tuple[int, int],
              right: tuple[int, int], recipients: Sequence[str] | None = None,
              place_date: str = "") -> int:
    """'Nơi nhận' in columns ``left`` and the signer in columns ``right``; return the next row.

    The columns are chosen by the caller so that a sheet read back as a form never finds the
    block under an input column.
    """
    row += 1
    start = row
    if place_date:
        _merge(ws, row, right[0], right[1], place_date, fm.place_date)
        start = row = row + 1
    _merge(ws, row, left[0], left[1], "Nơi nhận:", fm.recipients_head)
    for i, title in enumerate(config.signer_titles):
        _merge(ws, row + i, right[0], right[1], title, fm.signer_title)
    r = row + 1
    for rec in (recipients if recipients is not None else list(config.recipients)):
        _merge(ws, r, left[0], left[1], f"- {rec}", fm.recipients)
        r += 1
    sign_row = start + max(len(config.signer_titles), 1) + 3
    _merge(ws, sign_row, right[0], right[1], config.signer_name, fm.signer_name)
    return max(r, sign_row + 1)


def without_number(ws: Any, fm: DocFormats, config: Config, ncols: int) -> None:
    """Blank the "Số ...-BC/CB" line of the header: lists and sheets are not numbered reports."""
    from toolkit.outputs.document import _split
    left = _split(ncols)[0]
    row = 2 if config.header_style == "state" else 3
    ws.write_string(row, left, "", fm.number)


def paragraph(ws: Any, fm: DocFormats, row: int, ncols: int, text: str, total_width: float,
              fmt: Any = None) -> int:
    _merge(ws, row, 0, max(ncols - 1, 0), text, fmt or fm.text)
    ws.set_row(row, 18.5 * wrapped_lines(text, total_width, 13) + 2)
    return row + 1


__all__ = ["Column", "open_workbook", "percent", "row_height", "set_widths",
           "signature", "vn_number", "without_number", "write_table", "write_text"]
