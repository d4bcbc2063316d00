"""The dashboard's "Sổ tệp đến" sheet: the incoming register's lines of the quarter, in arrival
order, with what became of them — every file of the quarter's forms (with the sender and subject
of the mail it came in), and whatever came in since the quarter began that is no form at all
(rejected and skipped files, mails without a workbook, delivery reports, mails received twice).

The whole register, the whole year, is ``lamtheobac status --files``; a province's year holds
hundreds of thousands of lines, too many for a sheet written every quarter.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from toolkit.outputs.dashboard.rows import NUM, TEXT, Column

if TYPE_CHECKING:
    from toolkit.outputs.dashboard.context import SheetContext
    from toolkit.outputs.register import Register, RegisterLine

SHEET_NAME = "Sổ tệp đến"
NOTE = ("Cột \"Thuộc thư số\": số đến của thư mang tệp. Bản đang dùng của một đơn vị là bản "
        "nhận sau cùng, trừ khi Văn phòng chọn bản khác bằng lệnh 'lamtheobac pick <số đến>'; "
        "đúng hạn tính theo bản nộp đầu tiên. Mọi thư, tệp được lưu nguyên vẹn trong archive/ "
        "(cột \"Lưu trữ\", không in, như tên tệp khi nhận và mã lỗi). Cả sổ, cả năm: lệnh "
        "'lamtheobac status --files'.")


def quarter_lines(register: Register, period: str, start: dt.date, as_of: dt.date
                  ) -> list[RegisterLine]:
    """The lines the quarter's sheet shows (see the module's description)."""
    out = []
    for line in register.lines:
        if line.period == period and line.kind == "file":
            out.append(line)
        elif not line.form and not (line.kind == "mail" and line.outcome == "received"):
            day = _day(line.received_at)
            if day is None or start <= day <= as_of:
                out.append(line)
    return out


def _day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text[:10], "%d/%m/%Y").date()
    except ValueError:
        return None


def write_register(ctx: SheetContext, ws: Any, lines: list[RegisterLine]) -> None:
    """The register's lines; the file's name as received, the issue codes and the archive copy
    are the secretary's: the last three columns, not printed."""
    from toolkit.outputs.dashboard.context import FORM_VI
    fm = ctx.fm
    heads = [("Số đến", 6), ("Thuộc thư số", 7), ("Nhận lúc", 15), ("Ngày nhận lấy theo", 18),
             ("Người gửi", 24), ("Tiêu đề thư", 30), ("Đơn vị", 9), ("Biểu mẫu", 12),
             ("Kỳ", 11), ("Kết quả", 36), ("Trả lời thư đã gửi", 18),
             ("Tên tệp (như khi nhận)", 30), ("Mã lỗi, ghi chú", 18), ("Lưu trữ", 40)]
    printed = len(heads) - 3
    row = ctx.header(ws, printed, "Sổ theo dõi thư và tệp đến – " + ctx.label,
                     subtitle=f"Các tệp của {ctx.label} và thư, tệp không thuộc biểu mẫu nào nhận "
                     f"đến ngày {ctx.as_of:%d/%m/%Y}, theo thứ tự đến; số đến dùng cho lệnh "
                     "'lamtheobac pick'")
    head_row = ctx.table(ws, row, heads)
    when = [line.received_at + (f" (thư ghi {line.claimed_at})" if line.claimed_at else "")
            for line in lines]
    replies = [f"{FORM_VI.get(r['form'], r['form'])} {_label(r['period'])}, gửi {r['sent_at']}"
               if (r := line.reply_to) else "" for line in lines]
    columns = [
        Column(NUM, fm.cell_center, [line.no for line in lines]),
        Column(NUM, fm.cell_center, [line.parent for line in lines]),
        Column(TEXT, fm.cell, when),
        Column(TEXT, fm.cell, [line.date_source_text for line in lines]),
        Column(TEXT, fm.cell, [_who(line) for line in lines]),
        Column(TEXT, fm.cell, [line.subject for line in lines]),
        Column(TEXT, fm.cell, [line.unit for line in lines]),
        Column(TEXT, fm.cell, [line.form_name for line in lines]),
        Column(TEXT, fm.cell, [_label(line.period) for line in lines]),
        Column(TEXT, fm.cell, [line.outcome_text for line in lines]),
        Column(TEXT, fm.cell, replies),
        Column(TEXT, fm.cell_line, [line.name for line in lines]),      # the secretary's:
        Column(TEXT, fm.cell_line, [", ".join(line.codes) for line in lines]),  # unprinted
        Column(TEXT, fm.cell_line, [line.archived for line in lines]),
    ]
    texts = {4: columns[4].values, 5: columns[5].values, 9: columns[9].values,
             10: columns[10].values}
    ctx.bulk.rows(ws, head_row + 1, columns, ctx.heights(ws, texts))
    last = head_row + max(len(lines), 1)
    note = last + 2
    ws.merge_range(note, 0, note, printed - 1, NOTE, fm.italic)
    ws.set_row(note, 32)
    ctx.finish(ws, head_row, note, printed, keep=[(last - 1, note)])


def _label(period: str) -> str:
    """'2024-Q1' -> 'Quý I/2024' (as a reader writes it); anything else as it is."""
    from toolkit.common.periods import Period, PeriodError
    if not period:
        return ""
    try:
        return Period.parse(period).label()
    except PeriodError:
        return period


def _who(line: Any) -> str:
    if line.sender_name and line.sender:
        return f"{line.sender_name} <{line.sender}>"
    return line.sender or line.sender_name
