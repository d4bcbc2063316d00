"""The "Sổ vàng làm theo lời Bác" (golden book) and the list for the Q4 commendation conference
of advanced examples (điển hình tiên tiến), as party documents.

Who is in them is decided in :mod:`toolkit.scoring.honours` (the ratings, discipline and missing
quarters leave people out, or list them apart with the reason); each document prints its count
with what it counts and the date it counts to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.outputs.doc_table import (
    Column,
    open_workbook,
    paragraph,
    set_widths,
    signature,
    without_number,
    write_table,
)
from toolkit.outputs.document import _merge, doc_formats, setup_document_print, write_doc_header
from toolkit.scoring.figures import vn_number

if TYPE_CHECKING:
    from toolkit.common.periods import Period
    from toolkit.config.workspace import Config
    from toolkit.scoring.honours import CommendationList, GoldenList

TABLE_SIZE = 12


def write_golden_book(path: Path, config: Config, period: Period, golden: GoldenList,
                      on: dt.date) -> Path:
    cols = [Column("STT", 5, "center"), Column("Họ và tên", 20), Column("Đơn vị", 20),
            Column("Ngày", 11, "date"), Column("Việc làm theo lời Bác", 40),
            Column("Kết quả, ý nghĩa", 28), Column("Lý do đề cử", 26)]
    n = len(cols)
    width = sum(c.width for c in cols)
    entries = golden.included
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, "Sổ vàng làm theo lời Bác", config)
        ws = wb.add_worksheet("Sổ vàng")
        fm = doc_formats(wb, TABLE_SIZE)
        set_widths(ws, [c.width for c in cols])
        row = write_doc_header(ws, fm, config, n, date=on, title="SỔ VÀNG LÀM THEO LỜI BÁC",
                               subtitle=f"{period.label()} – những việc làm tiêu biểu của đoàn "
                                        "viên thanh niên, được đề cử từ \"Nhật ký làm theo lời "
                                        "Bác\"")
        without_number(ws, fm, config, n)
        f = golden.figure
        row = paragraph(ws, fm, row, n, f"{f.label}: {f.text()} việc làm của "
                        f"{len({(e.name, e.unit) for e in entries})} đoàn viên ({f.note()}).",
                        width, fm.italic)
        header = row
        rows = [[i, e.name, e.unit, e.date, e.deed, e.result, e.reason]
                for i, e in enumerate(entries, 1)]
        row = write_table(ws, fm, row, cols, rows, TABLE_SIZE)
        if golden.apart and golden.show_apart:
            row = paragraph(ws, fm, row + 1, n, f"Đề cử chưa ghi vào Sổ vàng ({len(golden.apart)}"
                            "), lý do ở cột cuối:", width, fm.text_bold)
            rows = [[i, e.name, e.unit, e.date, e.deed, e.result, why]
                    for i, (e, why) in enumerate(golden.apart, 1)]
            row = write_table(ws, fm, row, cols[:-1] + [Column("Lý do chưa ghi vào Sổ vàng",
                                                               26)], rows, TABLE_SIZE)
        end = signature(ws, fm, config, row, left=(0, 2), right=(4, n - 1))
        # the signature with the table's last two rows: never a page of a name alone
        setup_document_print(ws, config, landscape=True, repeat_row=header, last_row=end, ncols=n,
                             keep=[(row - 2, end)])
        wb.close()
    return Path(path)


# ---------------------------------------------------------------- commendation candidates

def write_candidates(path: Path, config: Config, year: int, cl: CommendationList,
                     on: dt.date) -> Path:
    cols = [Column("STT", 5, "center"), Column("Họ và tên / tập thể", 24), Column("Chức vụ", 16),
            Column("Đơn vị", 24), Column("Điểm", 7, "number"), Column("Thành tích", 58)]
    n = len(cols)
    width = sum(c.width for c in cols)
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, "Đề nghị biểu dương", config)
        ws = wb.add_worksheet("Đề nghị biểu dương")
        fm = doc_formats(wb, TABLE_SIZE)
        set_widths(ws, [c.width for c in cols])
        row = write_doc_header(ws, fm, config, n, date=on,
                               title="DANH SÁCH ĐỀ NGHỊ BIỂU DƯƠNG ĐIỂN HÌNH TIÊN TIẾN",
                               subtitle=f"trong học tập và làm theo tư tưởng, đạo đức, phong cách "
                                        f"Hồ Chí Minh – Hội nghị quý IV/{year}")
        without_number(ws, fm, config, n)
        f = cl.figure
        row = paragraph(ws, fm, row, n, f"{f.label}: {f.text()} ({len(cl.people)} cá nhân, "
                        f"{len(cl.units)} tập thể). Tiêu chí: {f.note()}. Chi ủy xem xét, quyết "
                        "định.", width, fm.italic)
        header = row
        sections: list[tuple[str, list[Any], bool]] = [
            (f"I. CÁ NHÂN ({len(cl.people)})", cl.people, False),
            (f"II. TẬP THỂ ({len(cl.units)})", cl.units, False)]
        if cl.apart and cl.show_apart:
            sections.append((f"III. ĐỦ ĐIỂM NHƯNG CHƯA ĐỀ NGHỊ ({len(cl.apart)}), LÝ DO Ở CỘT "
                             "THÀNH TÍCH", cl.apart, True))
        keep: list[tuple[int, int]] = []
        for title, group, apart in sections:
            _merge(ws, row, 0, n - 1, title, fm.text_bold)
            keep.append((row, row + 2))             # the heading, the header, the first row
            row += 1
            rows = []
            for i, item in enumerate(group, 1):
                c, why = item if apart else (item, "")
                text = f"Chưa đề nghị: {why}. ({c.achievements})" if apart else c.achievements
                rows.append([i, c.name, c.position, c.unit, vn_number(c.score), text])
            if row == header + 1:
                header = row
            row = write_table(ws, fm, row, cols, rows, TABLE_SIZE + 2) + 1  # wraps early
            keep.append((row - 3, row - 2))         # the last two rows
        end = signature(ws, fm, config, row, left=(0, 2), right=(3, n - 1))
        keep.append((row - 3, end))                 # the signature with the last rows
        setup_document_print(ws, config, landscape=True, repeat_row=None, last_row=end, ncols=n,
                             keep=keep)
        wb.close()
    return Path(path)


def candidates_path(out: Path, year: int) -> Path:
    return out / "bao-cao" / f"de-nghi-bieu-duong-quy-IV-{year}.xlsx"


def golden_book_path(out: Path, period: Any) -> Path:
    return out / "bao-cao" / f"so-vang-{period}.xlsx"
