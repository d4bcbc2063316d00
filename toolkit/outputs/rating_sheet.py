"""The rating workbooks: the proposal sheet leadership decides on (a form read back from the
inbox: decision and reason drop-downs, the very hidden ``_meta`` sheet), and the decided sheet.

Both are party documents: header, number, place and date, title, the table with its header row
repeated on every page, "Nơi nhận" and the signature block. In the proposal sheet the
"Nơi nhận" block sits under the STT column and the signature under "Lý do đề xuất", so reading the
sheet back never mistakes them for decisions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.common.i18n import t
from toolkit.forms.rating_decision import RATING
from toolkit.outputs.doc_table import (
    Column,
    open_workbook,
    paragraph,
    row_height,
    set_widths,
    signature,
    without_number,
    write_table,
    write_text,
)
from toolkit.outputs.document import _merge, doc_formats, setup_document_print, write_doc_header

if TYPE_CHECKING:
    from toolkit.app.yearend import RatingResult
    from toolkit.config.workspace import Config

TABLE_SIZE = 11
STT_WIDTH = 4.5
LISTS = ("levels", "decision_reasons")


# ---------------------------------------------------------------- cell texts

def _short(level: Any) -> str:
    from toolkit.scoring.rating import SHORT, level_of
    key = level_of(level)
    return SHORT[key] if key else ""


def _blockers(codes: Any) -> str:
    from toolkit.scoring.rating import BLOCKER_LABEL
    return "; ".join(BLOCKER_LABEL.get(c, c) for c in (codes or ()))


def _reasons(lines: Any, extra: list[str] | None = None) -> str:
    return "\n".join(f"– {line}" for line in [*(lines or []), *(extra or [])])


def _score(v: Any) -> str | None:
    """The score as Vietnamese text ("86,2"): read back as a number, shown the same everywhere."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if x != x else f"{x:.1f}".replace(".", ",")


def quota_cell(row: Any, rank_col: str = "quota_rank", over_col: str = "over_quota",
               allowed_col: str = "quota_allowed") -> str:
    rank = int(row.get(rank_col) or 0)
    if not rank:
        return ""
    allowed = int(row.get(allowed_col) or 0)
    if row.get(over_col):
        return f"Thứ {rank} – VƯỢT tỉ lệ (tối đa {allowed})"
    return f"Thứ {rank} – trong tỉ lệ (tối đa {allowed})"


def _quota_lines(result: RatingResult, key: str, row: Any) -> list[str]:
    from toolkit.scoring.rating import quota_note
    if not int(row.get("quota_rank") or 0):
        return []
    group = next(g for g in result.quota[key] if g.key == row["group"])
    label = result.group_labels.get(row["group"], row["group"])
    return [quota_note(row, group, result.settings, label)]


def _self_line(r: Any) -> list[str]:
    parts = []
    if r.get("self_rating"):
        parts.append(f"tự xếp loại {_short(r['self_rating'])}")
    if r.get("unit_proposal"):
        parts.append(f"đơn vị đề xuất {_short(r['unit_proposal'])}")
    return ["Bản kiểm điểm: " + ", ".join(parts) + "."] if parts else []


# ---------------------------------------------------------------- the proposal sheet (a form)

def write_proposal_sheet(path: Path, config: Config, result: RatingResult) -> Path:
    """The sheet leadership decides on; read back as the ``rating`` form."""
    from toolkit.forms import choice_lists
    from toolkit.forms.workbook import META_SHEET, WorkbookContext, meta_values
    year = result.year
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, RATING.name, config)
        fm = doc_formats(wb, TABLE_SIZE)
        extra = _extra_formats(wb)
        sheets = {}
        for table in RATING.tables[:3]:
            sheets[table.key] = wb.add_worksheet(table.sheet)
        quota_ws = wb.add_worksheet("Tỉ lệ")
        notes_ws = wb.add_worksheet("Ghi chú")
        approval_ws = wb.add_worksheet(RATING.table("approval").sheet)
        lists_ws = wb.add_worksheet("Danh mục")
        lists = choice_lists(config)
        refs = {}
        for c, name in enumerate(LISTS):
            lists_ws.write_string(0, c, name)
            for i, v in enumerate(lists[name], 1):
                lists_ws.write_string(i, c, v)
            refs[name] = f"='Danh mục'!${chr(65 + c)}$2:${chr(65 + c)}${len(lists[name]) + 1}"
        lists_ws.hide()
        _people_sheet(sheets["people"], fm, extra, config, result, refs)
        _collective_sheet(sheets["groups"], "groups", fm, extra, config, result, refs)
        _collective_sheet(sheets["units"], "units", fm, extra, config, result, refs)
        _quota_sheet(quota_ws, fm, config, result)
        _notes_sheet(notes_ws, fm, config, result)
        _approval_sheet(approval_ws, fm, extra, config, year, result.on)
        meta_ws = wb.add_worksheet(META_SHEET)
        ctx = WorkbookContext(config=config, unit=None, period=str(year))
        for i, (k, v) in enumerate(meta_values(RATING, ctx).items()):
            meta_ws.write_string(i, 0, k)
            meta_ws.write_string(i, 1, v)
        meta_ws.very_hidden()
        sheets["people"].activate()
        wb.close()
    return Path(path)


def _extra_formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": TABLE_SIZE, "border": 1,
            "text_wrap": True, "valign": "top"}
    return {
        "input": wb.add_format({**base, "locked": False, "bg_color": "#FFF7D6"}),
        "proposal": wb.add_format({**base, "bold": True}),
        "over": wb.add_format({**base, "bold": True, "font_color": "#9C0006",
                               "bg_color": "#FFC7CE"}),
        "flag": wb.add_format({**base, "font_color": "#9C0006"}),
        "group": wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
        "small": wb.add_format({**base, "font_size": 10}),
    }


def _form_columns(table_key: str) -> list[Column]:
    table = RATING.table(table_key)
    kinds = {"score": "number", "decision": "input", "decision_reason": "input",
             "decision_note": "input", "proposal": "proposal", "quota": "quota",
             "reasons": "small"}
    return [Column("STT", STT_WIDTH, "center")] + [
        Column(f.header, f.width, kinds.get(f.key, "text")) for f in table.fields]


def _validations(ws: Any, first: int, last: int, cols: list[Column], refs: dict[str, str]) -> None:
    if last < first:
        return
    headers = [c.header for c in cols]
    table = RATING.table("people")
    for key, list_name in (("decision", "levels"), ("decision_reason", "decision_reasons")):
        c = headers.index(table.field(key).header)
        f = table.field(key)
        ws.data_validation(first, c, last, c, {
            "validate": "list", "source": refs[list_name], "error_type": "warning",
            "error_title": "Giá trị không có trong danh sách",
            "error_message": "Hãy chọn một giá trị từ danh sách thả xuống.",
            "input_title": f.header[:32], "input_message": f.help[:255]})


def _sheet_start(ws: Any, fm: Any, config: Config, ncols: int, title: str, subtitle: str,
                 widths: list[float], on: dt.date) -> int:
    set_widths(ws, widths)
    row = write_doc_header(ws, fm, config, ncols, date=on, title=title, subtitle=subtitle)
    without_number(ws, fm, config, ncols)
    return row


def _subtitle(result: RatingResult) -> str:
    return (f"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh – căn cứ "
            f"{result.settings.rules.name} (cách tính: trang \"Ghi chú\")")


def _people_sheet(ws: Any, fm: Any, extra: dict[str, Any], config: Config,
                  result: RatingResult, refs: dict[str, str]) -> None:
    from toolkit.scoring.rating import EXCELLENT, LABEL
    cols = _form_columns("people")
    widths = [c.width for c in cols]
    n = len(cols)
    row = _sheet_start(ws, fm, config, n, RATING.table("people").title.format(year=result.year),
                       _subtitle(result), widths, result.on)
    row = paragraph(ws, fm, row, n, "Chi ủy ghi hai cột có nền vàng: \"Quyết định của Chi ủy\" "
                    "và \"Lý do quyết định\" (chọn trong danh sách); dòng để trống là chưa quyết "
                    "định. Có thể chép cột \"Đề xuất\" sang cột \"Quyết định\" rồi sửa các trường "
                    "hợp khác.", sum(widths), fm.italic)
    header_row = row
    row = write_table(ws, fm, row, cols, [], TABLE_SIZE)
    first = row
    df = result.people
    decisions = result.decisions
    stt = 0
    for _, part in df.groupby("unit", sort=False):
        _merge(ws, row, 0, n - 1, f"{part.iloc[0]['unit_name']} ({len(part)} người)",
               extra["group"])
        row += 1
        for _, r in part.iterrows():
            stt += 1
            d = decisions.get(("person", str(r["person_id"])))
            values = [stt, r["person_id"], r["name"], _score(r["score"]),
                      _blockers(r["blockers"]), _short(r["cap"]),
                      LABEL[r["proposal"]], quota_cell(r),
                      _reasons(_self_line(r) + list(r["reasons"]),
                               _quota_lines(result, "people", r)),
                      LABEL[d.level] if d else None, d.reason if d else None,
                      d.note if d else None]
            _write_row(ws, row, cols, values, fm, extra,
                       over=bool(r["over_quota"]) and r["proposal"] == EXCELLENT)
            row += 1
    last = row - 1
    _validations(ws, first, last, cols, refs)
    row = _totals(ws, fm, row, n, result, "people")
    end = signature(ws, fm, config, row, left=(0, 3), right=(8, n - 1))
    _finish(ws, config, header_row, end, n)


def _write_row(ws: Any, row: int, cols: list[Column], values: list[Any], fm: Any,
               extra: dict[str, Any], over: bool = False) -> None:
    kinds = {"text": fm.cell, "center": fm.cell_center, "number": fm.cell_num,
             "input": extra["input"], "proposal": extra["over"] if over else extra["proposal"],
             "quota": extra["over"] if over else fm.cell, "small": extra["small"]}
    for c, (col, v) in enumerate(zip(cols, values)):
        write_text(ws, row, c, v, kinds.get(col.kind, fm.cell))
    sizes = [TABLE_SIZE if col.kind != "small" else 10 for col in cols]
    ws.set_row(row, max(row_height([v], [col.width], s) for v, col, s in zip(values, cols, sizes)))


def _totals(ws: Any, fm: Any, row: int, ncols: int, result: RatingResult, key: str) -> int:
    c = result.counts(key)
    text = t("cli.rate.levels", **c)
    row += 1
    return paragraph(ws, fm, row, ncols, f"Tổng số: {len(result.tables[key])}. {text}", 150,
                     fm.text_bold)


def _finish(ws: Any, config: Config, header_row: int, end: int, ncols: int) -> None:
    ws.freeze_panes(header_row + 1, 3)
    setup_document_print(ws, config, landscape=True, repeat_row=header_row, last_row=end,
                         ncols=ncols)
    ws.protect("", {"insert_rows": False, "delete_rows": False, "format_columns": True,
                    "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True, "autofilter": True})


def _collective_sheet(ws: Any, key: str, fm: Any, extra: dict[str, Any], config: Config,
                      result: RatingResult, refs: dict[str, str]) -> None:
    from toolkit.scoring.rating import EXCELLENT, LABEL
    cols = _form_columns(key)
    widths = [c.width for c in cols]
    n = len(cols)
    kind = "party_group" if key == "groups" else "unit"
    row = _sheet_start(ws, fm, config, n, RATING.table(key).title.format(year=result.year),
                       _subtitle(result), widths, result.on)
    header_row = row
    row = write_table(ws, fm, row, cols, [], TABLE_SIZE)
    first = row
    for i, (_, r) in enumerate(result.tables[key].iterrows(), 1):
        d = result.decisions.get((kind, str(r["subject_id"])))
        members = (f"{int(r['n_members'])} người: {int(r['n_excellent'])} XS, "
                   f"{int(r['n_good'])} T, {int(r['n_complete'])} HT, "
                   f"{int(r['n_not_complete'])} KHT")
        values = [i, r["subject_id"], r["name"], _score(r["score"]), members,
                  _blockers(r["blockers"]), _short(r["cap"]), LABEL[r["proposal"]],
                  quota_cell(r), _reasons(r["reasons"], _quota_lines(result, key, r)),
                  LABEL[d.level] if d else None, d.reason if d else None, d.note if d else None]
        _write_row(ws, row, cols, values, fm, extra,
                   over=bool(r["over_quota"]) and r["proposal"] == EXCELLENT)
        row += 1
    _validations(ws, first, row - 1, cols, refs)
    row = _totals(ws, fm, row, n, result, key)
    end = signature(ws, fm, config, row, left=(0, 3), right=(9, n - 1))
    _finish(ws, config, header_row, end, n)


def _quota_sheet(ws: Any, fm: Any, config: Config, result: RatingResult) -> None:
    s = result.settings
    cols = [Column("STT", 5, "center"), Column("Nhóm so sánh", 28), Column("Số người", 8, "int"),
            Column("Đề xuất tốt", 9, "int"), Column("Đề xuất xuất sắc", 9, "int"),
            Column("Cơ sở tính", 8, "int"), Column("Tối đa xuất sắc", 9, "int"),
            Column("Vượt", 7, "int"),
            Column("Các trường hợp vượt tỉ lệ (theo thứ tự xếp hạng)", 52)]
    widths = [c.width for c in cols]
    n = len(cols)
    set_widths(ws, widths)
    row = write_doc_header(ws, fm, config, n, date=result.on,
                           title=f"KIỂM TRA TỈ LỆ HOÀN THÀNH XUẤT SẮC NHIỆM VỤ NĂM {result.year}",
                           subtitle=_subtitle(result))
    without_number(ws, fm, config, n)
    base = "số được đề xuất mức tốt" if s.quota_base == "good" else \
        "số được đề xuất từ mức tốt trở lên"
    rounding = "làm tròn xuống" if s.quota_rounding == "floor" else "làm tròn"
    group = {"unit": "từng đơn vị", "party_group": "từng tổ đảng (người ngoài tổ đảng: theo đơn "
             "vị)", "all": "toàn cơ quan"}[s.quota_group]
    row = paragraph(ws, fm, row, n, (
        f"Số được xếp \"Hoàn thành xuất sắc nhiệm vụ\" không quá {s.quota_ratio * 100:.0f}% "
        f"{base}, {rounding}, tính theo {group}. Các trường hợp vượt được liệt kê theo thứ tự xếp "
        "hạng (điểm năm, tỉ lệ việc vượt mức, tỉ lệ việc hoàn thành); công cụ không tự hạ mức, "
        "Chi ủy xem xét quyết định."), sum(widths))
    names = {str(r["person_id"]): r["name"] for _, r in result.people.iterrows()}
    scores = {str(r["person_id"]): r["score"] for _, r in result.people.iterrows()}
    for key, title in (("people", "I. CÁ NHÂN"), ("groups", "II. TỔ ĐẢNG"),
                       ("units", "III. TẬP THỂ ĐƠN VỊ")):
        row += 1
        _merge(ws, row, 0, n - 1, title, fm.text_bold)
        row += 1
        names_k = names if key == "people" else {
            str(r["subject_id"]): r["name"] for _, r in result.tables[key].iterrows()}
        scores_k = scores if key == "people" else {
            str(r["subject_id"]): r["score"] for _, r in result.tables[key].iterrows()}
        rows = []
        for i, g in enumerate(result.quota[key], 1):
            excess = "; ".join(f"{j}. {names_k.get(x, x)} ({_fmt_score(scores_k.get(x))})"
                               for j, x in enumerate(g.excess, g.allowed + 1)) or "–"
            label = result.group_labels.get(g.key, g.key) if key == "people" else \
                {"groups": "Các tổ đảng", "units": "Các đơn vị"}[key]
            rows.append([i, label, g.n_people, g.n_good, g.n_excellent, g.base, g.allowed,
                         g.over, excess])
        header = row
        row = write_table(ws, fm, row, cols, rows, TABLE_SIZE)
        if key == "people":
            ws.repeat_rows(header)
    end = signature(ws, fm, config, row, left=(0, 2), right=(5, n - 1))
    setup_document_print(ws, config, landscape=True, repeat_row=None, last_row=end, ncols=n)


def _fmt_score(v: Any) -> str:
    s = _score(v)
    return "chưa có điểm" if s is None else f"{s} điểm"


def _notes_sheet(ws: Any, fm: Any, config: Config, result: RatingResult) -> None:
    from toolkit.scoring.rating import LABEL
    s, r = result.settings, result.settings.rules
    ws.set_column(0, 3, 27.5)
    row = write_doc_header(ws, fm, config, 4, date=result.on,
                           title=f"CÁCH LẬP ĐỀ XUẤT XẾP LOẠI NĂM {result.year}")
    without_number(ws, fm, config, 4)
    approx = r.code == "qd124"
    lines = [
        f"1. Bộ tiêu chí: {r.name} (chọn theo năm đánh giá; cấu hình [rating] rule_set).",
        (f"2. {r.name} không có đủ dữ liệu tiêu chí trong công cụ, nên mức đề xuất là cách tính "
         "gần đúng theo điểm năm (trung bình điểm các quý có báo cáo) và kết quả các việc làm "
         "theo đã đăng ký; Chi ủy đánh giá đầy đủ các tiêu chí khi quyết định.") if approx else
        f"2. {r.name}: thang 100 điểm; các ngưỡng điểm dưới đây lấy từ cấu hình.",
        f"3. Hoàn thành xuất sắc: điểm từ {r.band_excellent:g}, 100% việc hoàn thành đúng hạn và "
        f"từ {r.exceeded_share * 100:.0f}% việc vượt mức.",
        f"4. Hoàn thành tốt: điểm từ {r.band_good:g} và 100% việc "
        f"{'hoàn thành đúng hạn' if r.good_needs_on_time else 'hoàn thành'}.",
        f"5. Hoàn thành: điểm từ {r.band_complete:g} và hoàn thành từ "
        f"{r.complete_min_done * 100:.0f}% số việc; còn lại: Không hoàn thành nhiệm vụ.",
        "6. Vướng (mức cao nhất được đề xuất): kỷ luật trong năm → "
        f"{LABEL[s.discipline_cap]}; không đăng ký việc làm theo → {LABEL[s.no_pledge_cap]}; "
        f"thiếu báo cáo quý → {LABEL[s.missing_reports_cap]}; chưa có bản kiểm điểm → "
        f"{LABEL[s.no_review_cap]}; công chức, viên chức: không cao hơn mức xếp loại công chức, "
        f"viên chức (chưa có kết quả → {LABEL[s.civil_servant_missing_cap]}).",
        f"7. Tỉ lệ xuất sắc: không quá {s.quota_ratio * 100:.0f}% số "
        f"{'được đề xuất mức tốt' if s.quota_base == 'good' else 'từ mức tốt trở lên'} trong "
        "mỗi nhóm so sánh (trang \"Tỉ lệ\"); vượt tỉ lệ chỉ được đánh dấu, không tự hạ mức.",
        "8. Tổ đảng, đơn vị: theo ngưỡng điểm (đơn vị: trung bình điểm đơn vị các quý; tổ đảng: "
        "trung bình điểm năm của đảng viên), có thành viên không hoàn thành hoặc bị kỷ luật thì "
        f"cao nhất {LABEL[s.collective_member_not_complete_cap]}.",
        "9. Quyết định của Chi ủy là cuối cùng: được đọc lại từ tệp này khi đặt vào thư mục "
        "inbox/, giữ nguyên qua mọi lần lập lại bảng; quyết định vượt tỉ lệ hoặc cao hơn mức tối "
        "đa vẫn được ghi nhận nhưng được đánh dấu.",
        "Các bước: " + " ".join(RATING.instructions),
    ]
    for line in lines:
        row = paragraph(ws, fm, row, 4, line, 110)
    setup_document_print(ws, config, landscape=False, repeat_row=None, last_row=row, ncols=4)


def _approval_sheet(ws: Any, fm: Any, extra: dict[str, Any], config: Config, year: int,
                    on: dt.date) -> None:
    table = RATING.table("approval")
    cols = [Column(f.header, w) for f, w in zip(table.fields, (30, 22, 18))]
    n = 4                                   # a fourth, empty column gives the header its room
    set_widths(ws, [c.width for c in cols] + [22])
    row = write_doc_header(ws, fm, config, n, date=on, title=table.title.format(year=year))
    without_number(ws, fm, config, n)
    row = paragraph(ws, fm, row, n, "Ghi họ tên, chức vụ đồng chí ký thay mặt Chi ủy và ngày Chi "
                    "ủy họp quyết định (ngày/tháng/năm).", 92, fm.italic)
    row = write_table(ws, fm, row, cols, [], TABLE_SIZE)
    for c in range(len(cols)):
        ws.write_blank(row, c, None, extra["input"])
    ws.set_row(row, 24)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    setup_document_print(ws, config, landscape=False, repeat_row=None, last_row=row, ncols=n)


# ---------------------------------------------------------------- the decided sheet

def write_final_sheet(path: Path, config: Config, result: RatingResult) -> Path:
    """The decided levels: decision (or the proposal, marked undecided), reason, who and when,
    and the flags of decisions that break a blocker or the quota."""
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, "Kết quả xếp loại", config)
        fm = doc_formats(wb, TABLE_SIZE)
        extra = _extra_formats(wb)
        _final_people(wb.add_worksheet("Kết quả"), fm, extra, config, result)
        _final_collectives(wb.add_worksheet("Tập thể"), fm, extra, config, result)
        wb.close()
    return Path(path)


def _flags(r: Any, result: RatingResult, key: str) -> str:
    out = []
    if r["decision"] is None:
        out.append("Chưa có quyết định (đang theo đề xuất)")
    if r["above_cap"]:
        out.append(f"Cao hơn mức tối đa do vướng ({_blockers(r['blockers'])})")
    if r["final_over_quota"] and r["decision"] is not None:
        out.append("Vượt tỉ lệ xuất sắc")
    return "; ".join(out)


def _who(d: Any) -> str:
    return f"{d.decided_by}\n{d.decided_on}" if d else ""


def _final_people(ws: Any, fm: Any, extra: dict[str, Any], config: Config,
                  result: RatingResult) -> None:
    from toolkit.scoring.rating import LABEL, LEVELS, level_counts
    cols = [Column("STT", 5, "center"), Column("Họ và tên", 20), Column("Đơn vị", 18),
            Column("Điểm năm", 7, "number"), Column("Đề xuất", 15), Column("Xếp loại (Chi ủy "
            "quyết định)", 17, "proposal"), Column("Lý do", 22), Column("Người quyết định, ngày",
                                                                       17),
            Column("Lưu ý", 24, "flag")]
    widths = [c.width for c in cols]
    n = len(cols)
    set_widths(ws, widths)
    row = write_doc_header(ws, fm, config, n, date=result.on,
                           title=f"KẾT QUẢ XẾP LOẠI CÁ NHÂN NĂM {result.year}",
                           subtitle=_subtitle(result).split(" (")[0])
    without_number(ws, fm, config, n)
    df = result.people
    final = level_counts(df["final"])
    summary = [[LABEL[k], int((df["decision"] == k).sum()), final[k]] for k in LEVELS]
    summary.append(["Chưa có quyết định", int(df["decision"].isna().sum()), ""])
    # the summary sits under columns 4-6 of the table below, so it takes their widths
    s_cols = [Column("Mức xếp loại", widths[4]), Column("Chi ủy đã quyết định", widths[5], "int"),
              Column("Tổng (kể cả theo đề xuất)", widths[6], "int")]
    row = write_table(ws, fm, row, s_cols, summary, TABLE_SIZE, first_col=4,
                      total=["Cộng", int(df["decision"].notna().sum()), len(df)])
    row += 1
    header = row
    rows = []
    for i, (_, r) in enumerate(df.iterrows(), 1):
        d = result.decisions.get(("person", str(r["person_id"])))
        reason = "\n".join(x for x in ((d.reason, d.note) if d else ()) if x)
        rows.append([i, r["name"], r["unit_name"], _score(r["score"]), LABEL[r["proposal"]],
                     LABEL[r["final"]], reason, _who(d), _flags(r, result, "people")])
    row = write_table(ws, fm, row, cols, rows, TABLE_SIZE, formats={
        "proposal": extra["proposal"], "flag": extra["flag"]})
    end = signature(ws, fm, config, row, left=(0, 3), right=(5, n - 1))
    ws.freeze_panes(header + 1, 0)
    setup_document_print(ws, config, landscape=True, repeat_row=header, last_row=end, ncols=n)


def _final_collectives(ws: Any, fm: Any, extra: dict[str, Any], config: Config,
                       result: RatingResult) -> None:
    from toolkit.scoring.rating import LABEL
    cols = [Column("STT", 5, "center"), Column("Tổ đảng / đơn vị", 32), Column("Điểm năm", 7,
                                                                               "number"),
            Column("Đề xuất", 15), Column("Xếp loại (Chi ủy quyết định)", 17, "proposal"),
            Column("Lý do", 24), Column("Người quyết định, ngày", 17), Column("Lưu ý", 24, "flag")]
    widths = [c.width for c in cols]
    n = len(cols)
    set_widths(ws, widths)
    row = write_doc_header(ws, fm, config, n, date=result.on,
                           title=f"KẾT QUẢ XẾP LOẠI TỔ ĐẢNG VÀ TẬP THỂ ĐƠN VỊ NĂM {result.year}")
    without_number(ws, fm, config, n)
    for key, kind, title in (("groups", "party_group", "I. TỔ ĐẢNG"),
                             ("units", "unit", "II. TẬP THỂ ĐƠN VỊ")):
        _merge(ws, row, 0, n - 1, title, fm.text_bold)
        row += 1
        rows = []
        for i, (_, r) in enumerate(result.tables[key].iterrows(), 1):
            d = result.decisions.get((kind, str(r["subject_id"])))
            reason = "\n".join(x for x in ((d.reason, d.note) if d else ()) if x)
            rows.append([i, r["name"], _score(r["score"]), LABEL[r["proposal"]],
                         LABEL[r["final"]], reason, _who(d), _flags(r, result, key)])
        row = write_table(ws, fm, row, cols, rows, TABLE_SIZE, formats={
            "proposal": extra["proposal"], "flag": extra["flag"]}) + 1
    end = signature(ws, fm, config, row, left=(0, 2), right=(4, n - 1))
    setup_document_print(ws, config, landscape=True, repeat_row=None, last_row=end, ncols=n)
