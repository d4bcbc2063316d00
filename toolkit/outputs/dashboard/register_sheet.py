"""The dashboard's "Sổ tệp đến" sheet: the incoming register (every mail and file received this
year, in arrival order, with what became of it), as ``lamtheobac status --files`` prints it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.outputs.dashboard.rows import NUM, TEXT, Column

if TYPE_CHECKING:
    from toolkit.outputs.dashboard.context import SheetContext
    from toolkit.outputs.register import Register

SHEET_NAME = "Sổ tệp đến"
NOTE = ("Mỗi thư một dòng, các tệp trong thư ở các dòng ngay sau (cột \"Thuộc thư số\"). Bản "
        "đang dùng của một đơn vị là bản nhận sau cùng, trừ khi Văn phòng chọn bản khác bằng "
        "lệnh 'lamtheobac pick <số đến>'; đúng hạn tính theo bản nộp đầu tiên. Mọi thư, tệp được "
        "lưu nguyên vẹn trong archive/ (cột \"Lưu trữ\").")


def write_register(ctx: SheetContext, ws: Any, register: Register) -> None:
    fm = ctx.fm
    heads = [("Số đến", 6), ("Thuộc thư số", 7), ("Nhận lúc", 15), ("Ngày nhận lấy theo", 18),
             ("Người gửi", 24), ("Tiêu đề thư", 30), ("Tên tệp (như khi nhận)", 30),
             ("Đơn vị", 9), ("Biểu mẫu", 10), ("Kỳ", 8), ("Kết quả", 34), ("Mã lỗi, ghi chú", 18),
             ("Trả lời thư đã gửi", 16), ("Lưu trữ", 40)]
    row = ctx.header(ws, len(heads), "Sổ theo dõi thư và tệp đến",
                     subtitle=f"Mọi thư và tệp đã nhận đến ngày {ctx.as_of:%d/%m/%Y}, theo thứ "
                     "tự đến; số đến dùng cho lệnh 'lamtheobac pick'")
    head_row = ctx.table(ws, row, heads)
    lines = register.lines
    when = [line.received_at + (f" (thư ghi {line.claimed_at})" if line.claimed_at else "")
            for line in lines]
    replies = [f"{r['form']} {r['period']}, gửi {r['sent_at']}" if (r := line.reply_to) else ""
               for line in lines]
    columns = [
        Column(NUM, fm.cell_center, [line.no for line in lines]),
        Column(NUM, fm.cell_center, [line.parent for line in lines]),
        Column(TEXT, fm.cell, when),
        Column(TEXT, fm.cell, [line.date_source_text for line in lines]),
        Column(TEXT, fm.cell, [_who(line) for line in lines]),
        Column(TEXT, fm.cell, [line.subject for line in lines]),
        Column(TEXT, fm.cell, [line.name for line in lines]),
        Column(TEXT, fm.cell, [line.unit for line in lines]),
        Column(TEXT, fm.cell, [line.form_name for line in lines]),
        Column(TEXT, fm.cell, [line.period for line in lines]),
        Column(TEXT, fm.cell, [line.outcome_text for line in lines]),
        Column(TEXT, fm.cell, [", ".join(line.codes) for line in lines]),
        Column(TEXT, fm.cell, replies),
        Column(TEXT, fm.cell, [line.archived for line in lines]),
    ]
    texts = {4: columns[4].values, 5: columns[5].values, 6: columns[6].values,
             10: columns[10].values}
    ctx.bulk.rows(ws, head_row + 1, columns, ctx.heights(ws, texts))
    last = head_row + max(len(lines), 1)
    note = last + 2
    ws.merge_range(note, 0, note, len(heads) - 1, NOTE, fm.italic)
    ws.set_row(note, 32)
    ctx.finish(ws, head_row, note, len(heads))


def _who(line: Any) -> str:
    if line.sender_name and line.sender:
        return f"{line.sender_name} <{line.sender}>"
    return line.sender or line.sender_name
