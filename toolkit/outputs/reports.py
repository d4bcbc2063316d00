"""The 6-month review (sơ kết) and the year summary (tổng kết) as a party document.

One sheet, A4 portrait: the header (superior and issuing body, "*", number; "ĐẢNG CỘNG SẢN VIỆT
NAM", place and date), the title, the sections with their tables, "Nơi nhận" and the signature.
Every table is laid on a grid of :data:`GRID` equal columns, each table column spanning a few.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.common.paging import wrapped_lines
from toolkit.outputs.doc_table import (
    open_workbook,
    percent,
    signature,
    vn_number,
    write_text,
)
from toolkit.outputs.document import _merge, doc_formats, setup_document_print, write_doc_header

if TYPE_CHECKING:
    from toolkit.config.workspace import Config
    from toolkit.scoring.report_data import ReportData

GRID = 14
GRID_WIDTH = 5.3
TABLE_SIZE = 12
BODY_WIDTH = GRID * GRID_WIDTH
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Doc:
    """A running document on one sheet: paragraphs and grid tables, row by row."""

    def __init__(self, wb: Any, ws: Any, config: Config):
        self.wb, self.ws, self.config = wb, ws, config
        self.fm = doc_formats(wb, TABLE_SIZE)
        self.row = 0
        self.keep: list[tuple[int, int]] = []   # rows printed on one page (see paging)
        base = {"font_name": "Times New Roman", "font_size": 13, "text_wrap": True,
                "valign": "top"}
        self.body = wb.add_format({**base, "align": "justify", "indent": 0})
        self.heading = wb.add_format({**base, "bold": True})
        self.subheading = wb.add_format({**base, "bold": True, "italic": True})
        self.bullet = wb.add_format({**base})
        self.total_center = wb.add_format({**base, "font_size": TABLE_SIZE, "bold": True,
                                           "border": 1, "align": "center",
                                           "bg_color": "#F2F2F2"})
        ws.set_column(0, GRID - 1, GRID_WIDTH)

    def para(self, text: str, fmt: Any = None, indent: bool = True) -> None:
        shown = ("    " + text) if indent else text
        _merge(self.ws, self.row, 0, GRID - 1, shown, fmt or self.body)
        self.ws.set_row(self.row, 17.5 * wrapped_lines(shown, BODY_WIDTH, 13) + 3)
        self.row += 1

    def heading1(self, text: str) -> None:
        self.row += 1 if self.row else 0
        self.keep.append((self.row, self.row + 2))      # kept with what follows
        self.para(text, self.heading, indent=False)

    def heading2(self, text: str) -> None:
        self.keep.append((self.row, self.row + 2))
        self.para(text, self.subheading, indent=False)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.para(f"- {item}", self.bullet)

    def table(self, heads: Sequence[tuple[str, int]], rows: Sequence[Sequence[Any]],
              total: Sequence[Any] | None = None, note: str = "") -> None:
        """Header, rows and an optional total row; each column spans its grid columns."""
        assert sum(span for _, span in heads) == GRID, heads
        fm = self.fm
        # the header with the first row; a table of up to 25 rows whole (a sheet repeats one
        # header only, so a table split across pages would continue without its own)
        first = self.row
        size = len(rows) + (total is not None)
        self.keep.append((first, first + (1 if size > 25 else size)))
        self._line([h for h, _ in heads], [s for _, s in heads], [fm.head] * len(heads))
        for values in rows:
            fmts = [fm.cell_center if head == "STT" else
                    fm.cell_num if isinstance(v, (int, float)) else
                    fm.cell_center if span <= 2 else fm.cell
                    for v, (head, span) in zip(values, heads)]
            self._line(values, [s for _, s in heads], fmts)
        if total is not None:
            fmts = [fm.total_num if isinstance(v, (int, float)) else
                    self.total_center if span <= 2 else fm.total
                    for v, (_, span) in zip(total, heads)]
            self._line(total, [s for _, s in heads], fmts)
        self.keep.append((self.row - 2, self.row - 1 + bool(note)))   # the last two, the note
        if note:
            _merge(self.ws, self.row, 0, GRID - 1, note, fm.italic)
            self.ws.set_row(self.row, 16 * wrapped_lines(note, BODY_WIDTH, 12) + 2)
            self.row += 1
        self.row += 1

    def _line(self, values: Sequence[Any], spans: Sequence[int], fmts: Sequence[Any]) -> None:
        col = 0
        height = 1
        for v, span, fmt in zip(values, spans, fmts):
            if isinstance(v, float) and math.isnan(v):
                v = "–"
            if span > 1:
                self.ws.merge_range(self.row, col, self.row, col + span - 1, "", fmt)
            write_text(self.ws, self.row, col, v, fmt)
            if isinstance(v, str):
                height = max(height, wrapped_lines(v, span * GRID_WIDTH, TABLE_SIZE))
            col += span
        self.ws.set_row(self.row, round(1.22 * TABLE_SIZE * height + 5, 1))
        self.row += 1


def report_path(out: Path, period: Any) -> Path:
    kind = "tong-ket" if period.kind == "Y" else "so-ket"
    return out / "bao-cao" / f"bao-cao-{kind}-{period}.xlsx"


def write_report(path: Path, config: Config, rd: ReportData, number: str | None = None) -> Path:
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, "Báo cáo " + rd.period.label(), config)
        ws = wb.add_worksheet("Báo cáo")
        doc = Doc(wb, ws, config)
        what = ("tổng kết năm" if rd.is_year else "sơ kết " + rd.period.label().lower())
        doc.row = write_doc_header(
            ws, doc.fm, config, GRID, date=rd.on, number=number, title="BÁO CÁO",
            subtitle=f"{what.capitalize()} việc học tập và làm theo tư tưởng, đạo đức, phong "
                     f"cách Hồ Chí Minh")
        _intro(doc, rd, config)
        doc.heading1("I. KẾT QUẢ THỰC HIỆN")
        _study(doc, rd, config)
        _pledges(doc, rd)
        _emulation(doc, rd)
        _propaganda(doc, rd)
        _youth(doc, rd)
        _recognition(doc, rd)
        if rd.ratings is not None:
            _ratings(doc, rd)
        doc.heading1("II. HẠN CHẾ, NGUYÊN NHÂN")
        doc.bullets(_limitations(rd))
        doc.heading1("III. PHƯƠNG HƯỚNG, NHIỆM VỤ " + _next_period(rd))
        doc.bullets(_next_steps(rd))
        closing = doc.row
        doc.para(f"Trên đây là báo cáo {what} việc học tập và làm theo tư tưởng, đạo đức, phong "
                 f"cách Hồ Chí Minh của {config.org_short}./.")
        end = signature(ws, doc.fm, config, doc.row, left=(0, 6), right=(7, GRID - 1))
        doc.keep.append((closing, end))                 # the closing sentence with the signer
        doc.row = end + 1
        _figures(doc, rd)                       # the annex: each key figure and how it counts
        setup_document_print(ws, config, landscape=False, repeat_row=None, last_row=doc.row,
                             ncols=GRID, keep=doc.keep)
        wb.close()
    return Path(path)


# ---------------------------------------------------------------- sections

def _intro(doc: Doc, rd: ReportData, config: Config) -> None:
    span = ("6 tháng đầu năm" if rd.period.kind == "H" and rd.period.number == 1 else
            "6 tháng cuối năm" if rd.period.kind == "H" else "năm")
    doc.para(f"Thực hiện Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
             f"năm {rd.period.year}, {config.org_short} báo cáo kết quả thực hiện {span} "
             f"{rd.period.year} (số liệu tổng hợp từ báo cáo của {len(rd.units)} phòng, đơn vị "
             f"trực thuộc, {rd.people_total} cán bộ, đảng viên, công chức, viên chức và người lao "
             f"động, trong đó {rd.party_members} đảng viên, {rd.youth_members} đoàn viên) như "
             f"sau:")
    if config.theme:
        doc.para(f"Chủ đề năm {rd.period.year}: \"{config.theme}\"")


def _study(doc: Doc, rd: ReportData, config: Config) -> None:
    doc.heading2("1. Học tập chuyên đề")
    venues = "; ".join(f"{k.lower()}: {n} buổi" for k, n in rd.sessions_by_venue) or "chưa có"
    doc.para(f"Chuyên đề năm {rd.period.year}: \"{config.study_topic}\". Các phòng, đơn vị đã tổ "
             f"chức {rd.sessions_total} buổi học tập chuyên đề ({venues}), tổng cộng "
             f"{rd.attendance_total} lượt người dự; {rd.studied}/{rd.people_total} người "
             f"({percent(rd.studied, rd.people_total)}) đã tham gia học tập chuyên đề.")
    n = len(rd.quarters)
    span_unit = GRID - 2 * n - 6 if n == 2 else GRID - n - 6
    qspan = 2 if n == 2 else 1
    heads = [("Phòng, đơn vị", span_unit)] + [(f"Quý {ROMAN[q]}", qspan) for q in rd.quarters] + \
        [("Tổng số buổi", 2), ("Kế hoạch", 2), ("Đạt (%)", 2)]
    rows, total_held, total_plan = [], 0, 0
    for u in rd.units:
        held = sum(s for s in u.sessions if s)
        total_held += held
        total_plan += u.sessions_expected
        rows.append([u.name] + [s if s is not None else "–" for s in u.sessions] +
                    [held, u.sessions_expected, percent(held, u.sessions_expected)])
    doc.table(heads, rows, total=["Cộng"] + [sum(s for u in rd.units for s in [u.sessions[i]] if s)
                                             for i in range(n)] +
              [total_held, total_plan, percent(total_held, total_plan)],
              note="\"–\": đơn vị chưa gửi báo cáo quý. Kế hoạch: sinh hoạt chuyên đề hằng tháng.")


def _pledges(doc: Doc, rd: ReportData) -> None:
    from toolkit.scoring.figures import COMPLETION
    doc.heading2("2. Đăng ký và thực hiện việc làm theo")
    done = rd.figures[COMPLETION]
    text = (f"{rd.registered}/{rd.people_total} người ({percent(rd.registered, rd.people_total)}) "
            f"đã đăng ký {rd.actions_total} việc làm theo tấm gương đạo đức của Bác. "
            f"{done.label} đến {'hết quý IV' if rd.is_year else 'hết ' + rd.period.label().lower()}"
            f": {done.text()}; {rd.people_all_done} người đã hoàn thành tất cả các việc đã đăng "
            "ký (cách tính: mục \"Số liệu chính\" cuối báo cáo).")
    if rd.actions_exceeded is not None:
        text += (f" Theo bản kiểm điểm cuối năm, có {rd.actions_exceeded} việc được đánh giá "
                 "hoàn thành vượt mức.")
    if rd.no_pledge_units:
        text += (" Chưa gửi bản đăng ký: " + ", ".join(rd.no_pledge_units) + " (việc của đơn vị "
                 "chưa được tính).")
    doc.para(text)
    heads = [("Phòng, đơn vị", 4), ("Số người", 1), ("Đã đăng ký", 2), ("Số việc", 2),
             ("Việc hoàn thành", 2), ("Tỉ lệ (%)", 1), ("Người hoàn thành tất cả", 2)]
    rows = [[u.name, u.people, u.registered, u.actions, u.done,
             vn_number(100 * u.done / u.actions) if u.actions else "–", u.all_done]
            for u in rd.units]
    doc.table(heads, rows, total=["Cộng", rd.people_total, rd.registered, rd.actions_total,
                                  rd.actions_done, vn_number(100 * rd.actions_done /
                                                             rd.actions_total)
                                  if rd.actions_total else "–", rd.people_all_done])


def _emulation(doc: Doc, rd: ReportData) -> None:
    doc.heading2("3. Phong trào thi đua làm theo Bác")
    units = len({u for u, *_ in rd.emulation})
    done = sum(1 for _, _, prog, _ in rd.emulation if prog == "Hoàn thành")
    doc.para(f"{units} phòng, đơn vị đã chọn và phát động {len(rd.emulation)} hoạt động thi đua "
             f"làm theo Bác gắn với nhiệm vụ chính trị; {done} hoạt động đã hoàn thành, các hoạt "
             f"động còn lại đang triển khai theo kế hoạch.")
    if rd.emulation:
        doc.table([("Phòng, đơn vị", 3), ("Hoạt động thi đua", 6), ("Tiến độ", 2),
                   ("Kết quả", 3)], [list(e) for e in rd.emulation])


def _propaganda(doc: Doc, rd: ReportData) -> None:
    doc.heading2("4. Công tác tuyên truyền")
    total = sum(n for _, n, _ in rd.propaganda_by_kind)
    people = sum(p for _, _, p in rd.propaganda_by_kind)
    doc.para(f"Các phòng, đơn vị đã thực hiện {total} hoạt động tuyên truyền (treo pano, áp phích, "
             f"khẩu hiệu, thi kể chuyện, tọa đàm…) với {people} lượt người tham gia, gắn với kỷ "
             f"niệm các ngày lễ lớn trong {'năm' if rd.is_year else '6 tháng'}.")
    if rd.propaganda_by_kind:
        doc.table([("Hình thức tuyên truyền", 6), ("Số hoạt động", 4), ("Lượt người tham gia", 4)],
                  [list(x) for x in rd.propaganda_by_kind], total=["Cộng", total, people])
    if rd.propaganda_by_occasion:
        doc.table([("Gắn với ngày lễ, kỷ niệm", 10), ("Số hoạt động", 4)],
                  [list(x) for x in rd.propaganda_by_occasion])


def _youth(doc: Doc, rd: ReportData) -> None:
    doc.heading2("5. Giáo dục đoàn viên thanh niên; \"Nhật ký làm theo lời Bác\", \"Sổ vàng làm "
                 "theo lời Bác\"")
    doc.para(f"Chi đoàn tổ chức {sum(n for _, n, _ in rd.youth_by_kind)} hoạt động (đối thoại, "
             f"sinh hoạt chuyên đề Đoàn, viết nhật ký…); {rd.diary_writers}/{rd.youth_members} "
             f"đoàn viên viết {rd.diary_entries} bài \"Nhật ký làm theo lời Bác\"; "
             f"{rd.golden_entries} việc làm được đề cử ghi vào \"Sổ vàng làm theo lời Bác\" (danh "
             f"sách kèm theo).")
    if rd.youth_by_kind:
        doc.table([("Hoạt động", 6), ("Số lần tổ chức", 4), ("Số người / số bài", 4)],
                  [list(x) for x in rd.youth_by_kind])


def _recognition(doc: Doc, rd: ReportData) -> None:
    doc.heading2("6. Biểu dương, nhắc nhở")
    quarters = "; ".join(f"{f.label.replace('Đề xuất biểu dương ', '')}: {f.text()} người"
                         for f in rd.quarter_commendations)
    text = (f"Trong báo cáo quý, các đơn vị đã biểu dương {len(rd.commended)} cá nhân có việc làm "
            f"tiêu biểu; nhắc nhở, phê bình {len(rd.reminded)} người chậm thực hiện việc đã đăng "
            "ký.")
    if quarters:
        text += f" Đề xuất biểu dương theo quý ({quarters})."
    doc.para(text)
    if rd.commendations is not None:
        cl = rd.commendations
        doc.para(f"{cl.figure.label}: {cl.figure.text()} ({len(cl.people)} cá nhân, "
                 f"{len(cl.units)} tập thể; danh sách kèm theo)"
                 + (f"; {len(cl.apart)} trường hợp đủ điểm nhưng chưa đề nghị (bị kỷ luật, xếp "
                    "loại thấp hơn mức quy định hoặc thiếu báo cáo quý), liệt kê riêng trong danh "
                    "sách" if cl.apart and cl.show_apart else "") + ".")
    people = [[i, n.name, n.unit, n.detail] for i, n in enumerate(rd.commended, 1)]
    people += [[len(people) + i, n.name, n.unit, n.detail] for i, n in enumerate(rd.reminded, 1)]
    if people:
        doc.table([("STT", 1), ("Cá nhân", 4), ("Đơn vị", 4), ("Nội dung", 5)], people)


def _ratings(doc: Doc, rd: ReportData) -> None:
    from toolkit.scoring.rating import LABEL, LEVELS, NO_DATA
    r = rd.ratings
    assert r is not None
    doc.heading2("7. Kết quả đánh giá, xếp loại cuối năm")
    s = r.settings
    party, staff = r.summary_text("party"), r.summary_text("staff")
    doc.para(f"Kết quả học tập và làm theo Bác là một tiêu chí đánh giá, xếp loại cuối năm. Đảng "
             f"viên do Chi ủy xếp loại theo {s.rules.name} (tỉ lệ xuất sắc chỉ tính trong đảng "
             f"viên): {party}. Cán bộ, công chức, viên chức, người lao động do lãnh đạo cơ quan "
             f"đánh giá theo {s.staff.rules.name}: {staff}. Chưa có quyết định thì tính theo đề "
             "xuất; chi tiết: bảng xếp loại.")
    keys = (("party", "Đảng viên"), ("staff", "CB, CC, VC, NLĐ"), ("groups", "Tổ đảng, chi bộ"),
            ("units", "Tập thể đơn vị"))
    counts = {k: r.counts(k, "final") for k, _ in keys}
    rows = [[LABEL[lv]] + [counts[k][lv] for k, _ in keys] for lv in (*LEVELS, NO_DATA)]
    doc.table([("Mức xếp loại (kết quả)", 6), ("Đảng viên", 2), ("CB, CC, VC, NLĐ", 2),
               ("Tổ đảng, chi bộ", 2), ("Tập thể đơn vị", 2)], rows,
              total=["Cộng"] + [len(r.tables[k]) for k, _ in keys],
              note=f"Tỉ lệ xuất sắc của đảng viên: không quá {s.quota_ratio * 100:.0f}% số xếp "
                   "mức tốt trong mỗi nhóm so sánh; tỉ lệ xuất sắc của CB, CC, VC, NLĐ không vượt "
                   "tỉ lệ đảng viên xuất sắc (NĐ 48/2023).")


def _figures(doc: Doc, rd: ReportData) -> None:
    """The key figures of the report, each with what it counts and when (the same definitions
    as the dashboard and the rating sheet: toolkit.scoring.figures)."""
    doc.heading1("PHỤ LỤC. SỐ LIỆU CHÍNH VÀ CÁCH TÍNH")
    rows = [[f.label, f.text(), f.note()] for f in rd.figures.values()]
    rows += [[f.label, f.text(), f.note()] for f in rd.quarter_commendations]
    doc.table([("Số liệu", 4), ("Giá trị", 3), ("Cách tính; thời điểm", 7)], rows)


def _limitations(rd: ReportData) -> list[str]:
    from toolkit.scoring.figures import COMPLETION
    out = []
    if rd.no_pledge_units:
        out.append("Chưa gửi bản đăng ký việc làm theo: " + ", ".join(rd.no_pledge_units) +
                   "; không đối chiếu, không tính được tiến độ việc làm theo của đơn vị.")
    if rd.missing_reports:
        shown = "; ".join(rd.missing_reports[:8]) + ("…" if len(rd.missing_reports) > 8 else "")
        out.append(f"Còn {len(rd.missing_reports)} lượt báo cáo quý chưa gửi hoặc gửi chưa đủ: "
                   f"{shown}.")
    if rd.no_pledge:
        out.append(f"{len(rd.no_pledge)} người chưa đăng ký việc làm theo.")
    plan = sum(u.sessions_expected for u in rd.units)
    if rd.sessions_total < plan:
        out.append(f"Số buổi học tập chuyên đề ({rd.sessions_total}) chưa đạt kế hoạch sinh hoạt "
                   f"hằng tháng ({plan} buổi).")
    done = rd.figures[COMPLETION]
    if done.total and done.value < done.total:
        out.append(f"{done.total - done.value} việc làm theo đã đăng ký chưa được báo cáo hoàn "
                   f"thành ({percent(done.total - done.value, done.total)}).")
    if rd.reminded:
        out.append(f"{len(rd.reminded)} người bị nhắc nhở, phê bình do chậm thực hiện việc đã "
                   "đăng ký.")
    return out or ["Không có hạn chế lớn được ghi nhận qua số liệu báo cáo."]


def _next_period(rd: ReportData) -> str:
    if rd.is_year:
        return f"NĂM {rd.period.year + 1}"
    if rd.period.number == 1:
        return "6 THÁNG CUỐI NĂM"
    return f"6 THÁNG ĐẦU NĂM {rd.period.year + 1}"


def _next_steps(rd: ReportData) -> list[str]:
    if rd.is_year or rd.period.number == 2:
        return [
            f"Tiếp tục học tập chuyên đề năm {rd.period.year + 1}; đưa nội dung học tập vào sinh "
            "hoạt chi bộ, cơ quan, đoàn thể hằng tháng.",
            "Mỗi cán bộ, đảng viên, quần chúng đăng ký việc làm theo cụ thể, rõ việc, rõ mục tiêu "
            "gắn với nhiệm vụ được giao; rà soát hằng quý.",
            "Phát huy vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu; biểu dương "
            "kịp thời các điển hình tiên tiến, nhắc nhở các trường hợp chưa tích cực.",
            "Đẩy mạnh tuyên truyền gắn với các ngày lễ lớn; duy trì \"Nhật ký làm theo lời Bác\", "
            "\"Sổ vàng làm theo lời Bác\" trong đoàn viên thanh niên.",
        ]
    return [
        "Tiếp tục tổ chức học tập chuyên đề hằng tháng; các đơn vị chưa đủ buổi sinh hoạt bổ sung "
        "theo kế hoạch.",
        "Đôn đốc hoàn thành các việc làm theo đã đăng ký đúng thời hạn; người chưa đăng ký bổ sung "
        "ngay.",
        "Chuẩn bị hội nghị biểu dương điển hình tiên tiến học tập và làm theo Bác vào quý IV; "
        "kiểm điểm, đánh giá, xếp loại cuối năm.",
        "Tiếp tục tuyên truyền gắn với các ngày lễ lớn 6 tháng cuối năm.",
    ]
