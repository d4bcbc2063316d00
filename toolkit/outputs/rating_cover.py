"""The summary sheet of the rating workbook, the one page leadership signs: the legal basis of
each population, the counts per level (proposed and decided), the quota and share checks, the key
figures with what they count and when, the people without enough data and why, then "Nơi nhận"
and the signature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.outputs.doc_table import (
    Column,
    paragraph,
    row_height,
    set_widths,
    signature,
    without_number,
)
from toolkit.outputs.document import _merge, setup_document_print, write_doc_header

if TYPE_CHECKING:
    from toolkit.app.yearend import RatingResult
    from toolkit.config.workspace import Config

TABLE_SIZE = 11
WIDTHS = [24, 9, 9, 9, 9, 9, 9, 9, 9]
NCOLS = len(WIDTHS)
POPULATIONS = (("party", "Đảng viên"), ("staff", "CB, CC, VC, người lao động"),
               ("groups", "Tổ đảng, chi bộ"), ("units", "Tập thể đơn vị"))


def write_cover(ws: Any, wb: Any, fm: Any, config: Config, result: RatingResult) -> None:
    from toolkit.common.dates import fmt
    set_widths(ws, WIDTHS)
    width = sum(WIDTHS)
    row = write_doc_header(ws, fm, config, NCOLS, date=result.on,
                           title=f"BẢNG TỔNG HỢP ĐÁNH GIÁ, XẾP LOẠI NĂM {result.year}",
                           subtitle="Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
                                    "Chí Minh: đề xuất của văn phòng, quyết định của Chi ủy và "
                                    "lãnh đạo cơ quan")
    without_number(ws, fm, config, NCOLS)
    s = result.settings
    when, name = result.newest
    row = _heading(ws, fm, row, "I. CĂN CỨ")
    basis = [
        f"Đảng viên, tổ đảng, chi bộ do Chi ủy đánh giá, xếp loại theo {s.rules.basis}"
        + (" (công cụ chưa có đủ dữ liệu các tiêu chí nên mức đề xuất là cách tính gần đúng "
           "theo điểm năm và kết quả việc làm theo)" if s.rules.approximate else "") + ".",
        f"Cán bộ, công chức, viên chức, người lao động (kể cả đảng viên) và tập thể phòng, đơn "
        f"vị do lãnh đạo cơ quan đánh giá theo {s.staff.rules.basis}; kết quả học tập và làm "
        "theo Bác là minh chứng cho việc đánh giá.",
        "Số liệu: bản đăng ký việc làm theo, báo cáo quý I–IV, bản kiểm điểm cuối năm và các "
        "quyết định đã nhận" + (f" đến ngày {fmt(when)} (tệp mới nhất: {name})" if when else "")
        + ".",
    ]
    for line in basis:
        row = paragraph(ws, fm, row, NCOLS, "- " + line, width)
    row = _heading(ws, fm, row + 1, "II. KẾT QUẢ THEO TỪNG MỨC")
    row = _levels_table(ws, fm, row, result)
    row = paragraph(ws, fm, row, NCOLS, "Đề xuất: mức văn phòng đề xuất theo quy định. Quyết "
                    "định: số đã có quyết định của cấp có thẩm quyền (đọc lại từ bảng này gửi "
                    "về); chưa quyết định thì chưa tính.", width, fm.italic)
    row = _heading(ws, fm, row + 1, "III. KIỂM TRA TỈ LỆ XUẤT SẮC")
    row = _quota(ws, fm, row, result, width)
    row = _heading(ws, fm, row + 1, "IV. SỐ LIỆU CHÍNH VÀ CÁCH TÍNH")
    row = _figures(ws, fm, row, result)
    row = _no_data(ws, fm, row, result, width)
    end = signature(ws, fm, config, row, left=(0, 3), right=(4, NCOLS - 1))
    setup_document_print(ws, config, landscape=False, repeat_row=None, last_row=end,
                         ncols=NCOLS)


def quota_words(s: Any) -> str:
    base = "số xếp mức tốt" if s.quota_base == "good" else "số xếp từ mức tốt trở lên"
    rounding = "làm tròn xuống" if s.quota_rounding == "floor" else "làm tròn"
    group = {"unit": "từng đơn vị", "party_group": "từng tổ đảng", "all": "toàn chi bộ"}[
        s.quota_group]
    return f"không quá {s.quota_ratio * 100:.0f}% {base}, {rounding}, tính theo {group}"


def _heading(ws: Any, fm: Any, row: int, text: str) -> int:
    _merge(ws, row, 0, NCOLS - 1, text, fm.text_bold)
    ws.set_row(row, 19)
    return row + 1


def _levels_table(ws: Any, fm: Any, row: int, result: RatingResult) -> int:
    from toolkit.scoring.rating import LABEL, LEVELS, NO_DATA
    _merge(ws, row, 0, 0, "Mức xếp loại", fm.head)
    ws.merge_range(row, 0, row + 1, 0, "Mức xếp loại", fm.head)
    for i, (_, title) in enumerate(POPULATIONS):
        ws.merge_range(row, 1 + 2 * i, row, 2 + 2 * i, title, fm.head)
        ws.write_string(row + 1, 1 + 2 * i, "Đề xuất", fm.head)
        ws.write_string(row + 1, 2 + 2 * i, "Quyết định", fm.head)
    ws.set_row(row, 30)
    ws.set_row(row + 1, row_height(["Đề xuất", "Quyết định"] * len(POPULATIONS),
                                   [w * 0.9 for w in WIDTHS[1:]], TABLE_SIZE))   # bold: wider
    row += 2
    counts = {key: (result.counts(key), result.counts(key, "decision"))
              for key, _ in POPULATIONS}
    lines = [(LABEL[lv], [(counts[k][0][lv], counts[k][1][lv]) for k, _ in POPULATIONS])
             for lv in (*LEVELS, NO_DATA)]
    lines.append(("Chưa quyết định", [("", result.decision_summary(k)["pending"])
                                      for k, _ in POPULATIONS]))
    lines.append(("Cộng", [(len(result.tables[k]), len(result.tables[k]))
                           for k, _ in POPULATIONS]))
    for i, (name, values) in enumerate(lines):
        last = i == len(lines) - 1
        ws.write_string(row, 0, name, fm.total if last else fm.cell)
        for j, (proposed, decided) in enumerate(values):
            for c, v in ((1 + 2 * j, proposed), (2 + 2 * j, decided)):
                fmt = fm.total_num if last else fm.cell_center
                if v == "":
                    ws.write_blank(row, c, None, fmt)
                else:
                    ws.write_number(row, c, v, fmt)
        ws.set_row(row, max(17, row_height([name], WIDTHS[:1], TABLE_SIZE)))
        row += 1
    return row


def _pct(n: int, d: int) -> str:
    from toolkit.scoring.figures import vn_number
    return "–" if not d else vn_number(100 * n / d) + "%"


def _quota(ws: Any, fm: Any, row: int, result: RatingResult, width: float) -> int:
    s = result.settings
    row = paragraph(ws, fm, row, NCOLS, f"1. Đảng viên ({s.rules.name}): số xếp loại \"Hoàn "
                    f"thành xuất sắc nhiệm vụ\" {quota_words(s)}; chỉ tính đảng viên. Vượt tỉ lệ "
                    "thì đánh dấu theo thứ tự xếp hạng (điểm năm, tỉ lệ việc vượt mức, tỉ lệ việc "
                    "hoàn thành), công cụ không tự hạ mức.", width)
    names = {str(r["person_id"]): r["name"] for _, r in result.party.iterrows()}
    cols = [Column("Nhóm so sánh", WIDTHS[0]), Column("Đảng viên", 9, "int"),
            Column("Mức tốt", 9, "int"), Column("Xuất sắc", 9, "int"),
            Column("Tối đa", 9, "int"), Column("Vượt", 9, "int"),
            Column("Trường hợp vượt (theo thứ tự xếp hạng)", 27)]
    rows = []
    for when, groups in (("Đề xuất", result.quota["party"]),
                         ("Quyết định", result.final_quota["party"])):
        for g in groups:
            label = result.group_labels.get(g.key, g.key)
            excess = "; ".join(names.get(x, x) for x in g.excess) or "–"
            rows.append([f"{when}: {label}", g.n_people, g.n_good, g.n_excellent, g.allowed,
                         g.over, excess])
    row = _wide_table(ws, fm, row, cols, rows)
    st = result.settings.staff
    if st.share_check:
        row = paragraph(ws, fm, row, NCOLS, "2. Cán bộ, công chức, viên chức, người lao động "
                        f"({st.rules.name}): tỉ lệ xếp loại \"Hoàn thành xuất sắc nhiệm vụ\" không "
                        "vượt tỉ lệ đảng viên xếp loại xuất sắc trong cơ quan (NĐ 48/2023). Vượt "
                        "thì đánh dấu, lãnh đạo cơ quan xem xét.", width)
        staff_names = {str(r["person_id"]): r["name"] for _, r in result.staff.iterrows()}
        for when, c in (("Đề xuất", result.share), ("Quyết định", result.final_share)):
            verdict = "đạt" if c.ok else ("VƯỢT: " + "; ".join(
                staff_names.get(x, x) for x in c.excess) + " (theo thứ tự xếp hạng)")
            row = paragraph(ws, fm, row, NCOLS, (
                f"- {when}: {c.staff_excellent}/{c.staff_rated} người "
                f"({_pct(c.staff_excellent, c.staff_rated)}) xuất sắc, so với "
                f"{c.party_excellent}/{c.party_rated} đảng viên "
                f"({_pct(c.party_excellent, c.party_rated)}); tối đa {c.allowed} người: "
                f"{verdict}."), width)
    return row


def _wide_table(ws: Any, fm: Any, row: int, cols: list[Column], rows: list[list[Any]]) -> int:
    """A table whose last column spans the cover's remaining columns."""
    for c, col in enumerate(cols[:-1]):
        ws.write_string(row, c, col.header, fm.head)
    ws.merge_range(row, len(cols) - 1, row, NCOLS - 1, cols[-1].header, fm.head)
    ws.set_row(row, 30)
    row += 1
    for values in rows:
        for c, v in enumerate(values[:-1]):
            if isinstance(v, int):
                ws.write_number(row, c, v, fm.cell_center)
            else:
                ws.write_string(row, c, str(v), fm.cell)
        ws.merge_range(row, len(cols) - 1, row, NCOLS - 1, str(values[-1]), fm.cell)
        from toolkit.common.paging import wrapped_lines
        lines = max(wrapped_lines(str(values[-1]), 27, TABLE_SIZE),
                    wrapped_lines(str(values[0]), WIDTHS[0], TABLE_SIZE))
        ws.set_row(row, 15 * lines + 3)
        row += 1
    return row


def figure_rows(result: RatingResult) -> list[Any]:
    """The key figures the summary shows (from toolkit.scoring.figures)."""
    from toolkit.scoring import figures as fig
    from toolkit.scoring.report_data import rating_figures
    people = result.roster.people
    out = [fig.people(len(people), result.on),
           fig.party_members(sum(p.party_member for p in people.values()), len(people),
                             result.on)]
    if result.completion is not None:
        out.append(result.completion)
    out += list(rating_figures(result, result.on).values())
    return out


def _figures(ws: Any, fm: Any, row: int, result: RatingResult) -> int:
    cols = [Column("Số liệu", WIDTHS[0]), Column("Giá trị", 18),
            Column("Cách tính; thời điểm", 54)]
    ws.write_string(row, 0, cols[0].header, fm.head)
    ws.merge_range(row, 1, row, 2, cols[1].header, fm.head)
    ws.merge_range(row, 3, row, NCOLS - 1, cols[2].header, fm.head)
    ws.set_row(row, 18)
    row += 1
    from toolkit.common.paging import wrapped_lines
    for f in figure_rows(result):
        ws.write_string(row, 0, f.label, fm.cell)
        ws.merge_range(row, 1, row, 2, f.text(), fm.cell_center)
        ws.merge_range(row, 3, row, NCOLS - 1, f.note(), fm.cell)
        ws.set_row(row, 15 * max(wrapped_lines(f.note(), 54, TABLE_SIZE),
                                 wrapped_lines(f.label, WIDTHS[0], TABLE_SIZE)) + 3)
        row += 1
    return row


def _no_data(ws: Any, fm: Any, row: int, result: RatingResult, width: float) -> int:
    """Who has no level for want of data, by unit, with the reasons."""
    from toolkit.scoring.rating import NO_DATA, gaps_of
    staff = result.staff
    lacking = staff[staff["proposal"] == NO_DATA]
    if not len(lacking):
        return row
    row = _heading(ws, fm, row + 1, "V. CHƯA ĐỦ DỮ LIỆU ĐỂ ĐỀ XUẤT MỨC (không phải kết quả kém)")
    for _, part in lacking.groupby("unit", sort=False):
        reasons: dict[str, int] = {}
        for _, r in part.iterrows():
            for g in gaps_of(r):
                reasons[g] = reasons.get(g, 0) + 1
        why = "; ".join(g if n == len(part) else f"{g} ({n} người)" for g, n in reasons.items())
        row = paragraph(ws, fm, row, NCOLS, f"- {part.iloc[0]['unit_name']}: {len(part)} người "
                        f"– {why}.", width)
    return row
