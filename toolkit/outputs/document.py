"""Sheets laid out as Vietnamese office documents (party: HD 36-HD/VPTW; state: NĐ 30/2020).

Header (left: superior body over the issuing body, "*", the number; right: "ĐẢNG CỘNG SẢN VIỆT NAM"
or the state motto, then place and date), title, body tables, then "Nơi nhận" bottom left and the
signature block bottom right. Times New Roman throughout, A4, margins from the config.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import document_date

if TYPE_CHECKING:
    from toolkit.config.workspace import Config

FONT = "Times New Roman"
MM = 1 / 25.4  # inches per millimetre


@dataclass
class DocFormats:
    superior: Any
    body_bold: Any
    party: Any
    motto: Any
    star: Any
    number: Any
    place_date: Any
    title: Any
    subtitle: Any
    text: Any
    text_bold: Any
    italic: Any
    head: Any
    cell: Any
    cell_line: Any          # one line, not wrapped: a file name or a path (the secretary's)
    cell_center: Any
    cell_num: Any
    cell_pct: Any
    cell_date: Any
    cell_bold: Any
    total: Any
    total_num: Any
    recipients_head: Any
    recipients: Any
    signer_title: Any
    signer_name: Any


def doc_formats(wb: Any, table_size: int = 12) -> DocFormats:
    def f(**kw: Any) -> Any:
        return wb.add_format({"font_name": FONT, "valign": "vcenter", **kw})

    cell = {"font_size": table_size, "border": 1, "text_wrap": True, "valign": "top"}
    return DocFormats(
        superior=f(font_size=13, align="center"),
        body_bold=f(font_size=13, bold=True, align="center"),
        party=f(font_size=14, bold=True, align="center", underline=1),
        motto=f(font_size=13, bold=True, align="center", underline=1),
        star=f(font_size=13, align="center"),
        number=f(font_size=13, align="center"),
        place_date=f(font_size=13, italic=True, align="center"),
        title=f(font_size=15, bold=True, align="center", text_wrap=True),
        subtitle=f(font_size=13, bold=True, align="center", text_wrap=True),
        text=f(font_size=13, text_wrap=True, valign="top"),
        text_bold=f(font_size=13, bold=True, text_wrap=True, valign="top"),
        italic=f(font_size=12, italic=True, text_wrap=True, valign="top"),
        head=f(font_size=table_size, bold=True, border=1, align="center", text_wrap=True,
               bg_color="#D9E1F2"),
        cell=f(**cell),
        cell_line=f(**{**cell, "text_wrap": False}),
        cell_center=f(**cell, align="center"),
        cell_num=f(**cell, align="right", num_format="#,##0.##"),
        cell_pct=f(**cell, align="right", num_format="0.0"),
        cell_date=f(**cell, align="center", num_format="dd/mm/yyyy"),
        cell_bold=f(**{**cell, "bold": True}),
        total=f(**{**cell, "bold": True}, bg_color="#F2F2F2"),
        total_num=f(**{**cell, "bold": True}, bg_color="#F2F2F2", align="right",
                    num_format="#,##0.##"),
        recipients_head=f(font_size=12, bold=True, italic=True),
        recipients=f(font_size=11),
        signer_title=f(font_size=13, bold=True, align="center"),
        signer_name=f(font_size=13, bold=True, align="center"),
    )


def _split(ncols: int) -> tuple[int, int, int, int]:
    """Column spans (left first, left last, right first, right last) for the two header blocks."""
    left_last = max(0, ncols // 2 - 1) if ncols >= 4 else 0
    right_first = left_last + 1 if ncols > 1 else 0
    return 0, left_last, right_first, max(right_first, ncols - 1)


def _merge(ws: Any, row: int, c1: int, c2: int, text: str, fmt: Any) -> None:
    if c2 > c1:
        ws.merge_range(row, c1, row, c2, text, fmt)
    else:
        ws.write_string(row, c1, text, fmt)


def document_number(config: Config, number: str | int | None) -> str:
    symbol = config.report_symbol
    if config.header_style == "state":
        return f"Số: {number or '    '}/{symbol}"
    return f"Số {number or '    '}-{symbol}"


def write_doc_header(ws: Any, fm: DocFormats, config: Config, ncols: int, *,
                     date: dt.date, title: str, subtitle: str = "",
                     number: str | int | None = None, numbered: bool = True) -> int:
    """Write the document header and title; return the next free row. ``numbered=False``:
    no "Số ...-BC/CB" line (a dashboard or a list is not a numbered document)."""
    number_line = document_number(config, number) if numbered else ""
    l1, l2, r1, r2 = _split(ncols)
    if config.header_style == "state":
        _merge(ws, 0, l1, l2, config.superior.upper(), fm.superior)
        _merge(ws, 0, r1, r2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fm.body_bold)
        _merge(ws, 1, l1, l2, config.issuing_body.upper(), fm.body_bold)
        _merge(ws, 1, r1, r2, "Độc lập - Tự do - Hạnh phúc", fm.motto)
        _merge(ws, 2, l1, l2, number_line, fm.number)
        _merge(ws, 2, r1, r2, "", fm.star)
        _merge(ws, 3, l1, l2, "", fm.star)
    else:
        _merge(ws, 0, l1, l2, config.superior.upper(), fm.superior)
        _merge(ws, 0, r1, r2, "ĐẢNG CỘNG SẢN VIỆT NAM", fm.party)
        _merge(ws, 1, l1, l2, config.issuing_body.upper(), fm.body_bold)
        _merge(ws, 1, r1, r2, "", fm.star)
        _merge(ws, 2, l1, l2, "*", fm.star)
        _merge(ws, 2, r1, r2, "", fm.star)
        _merge(ws, 3, l1, l2, number_line, fm.number)
    _merge(ws, 3, r1, r2, document_date(config.place, date), fm.place_date)
    for r in range(4):
        ws.set_row(r, 19)
    row = 5
    last = max(ncols - 1, 0)
    _merge(ws, row, 0, last, title.upper(), fm.title)
    ws.set_row(row, 22 * max(1, 1 + len(title) // 70))
    row += 1
    if subtitle:
        _merge(ws, row, 0, last, subtitle, fm.subtitle)
        ws.set_row(row, 18 * max(1, 1 + len(subtitle) // 80))
        row += 1
    return row + 1


# every printed page's footer: the sheet's name (a workbook prints several) and the page
FOOTER = '&C&"Times New Roman"&10&A – trang &P/&N'


def setup_document_print(ws: Any, config: Config, *, landscape: bool, repeat_row: int | None,
                         last_row: int, ncols: int, keep: Sequence[tuple[int, int]] = (),
                         heights: dict[int, float] | None = None,
                         one_page: bool = False) -> list[int]:
    """A4, the configured margins, one page wide, the header row repeated, the print area
    (``ncols`` columns: technical columns after them are not printed), the footer, and page
    breaks that keep each ``keep`` group of rows on one page (and the last two rows together);
    return the breaks. ``one_page``: the whole print area scaled to one page (no breaks)."""
    from toolkit.common.paging import break_pages
    margins = config.raw.get("organisation", {}).get("margins_mm", [25, 25, 35, 15])
    top, bottom, left, right = (float(m) * MM for m in margins)
    if landscape:
        ws.set_landscape()
        top, bottom, left, right = left * 0.6, right, top * 0.8, bottom * 0.8
    else:
        ws.set_portrait()
    ws.set_paper(9)
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.fit_to_pages(1, 0)
    if repeat_row is not None:
        ws.repeat_rows(repeat_row)
    ws.print_area(0, 0, last_row, max(ncols - 1, 0))
    ws.set_footer(FOOTER)
    ws.hide_gridlines(2)
    groups = list(keep) + ([(last_row - 1, last_row)] if last_row > 0 else [])
    if one_page:                        # a page of figures and charts: scaled to one page
        ws.fit_to_pages(1, 1)
        return []
    return break_pages(ws, 0, last_row, max(ncols, 1), landscape=landscape,
                       margins_in=(left, right, top, bottom),
                       repeat=(repeat_row, repeat_row) if repeat_row is not None else None,
                       keep=groups, heights=heights)
