"""The rating workbook, one per year: the summary leadership signs ("Tổng hợp", see
:mod:`toolkit.outputs.rating_cover`), then the annexes — party members, staff, party groups and
the cell, units — each a form table read back from the inbox (decision and reason drop-downs, the
very hidden ``_meta`` sheet), and the "Xác nhận" sheet (who signed, when).

Rewritten on every run with the decisions already received pre-filled: there is no second,
"decided" workbook. Only the summary carries the document header and the signature; the annexes
carry their title, the legal basis and the date of the summary they belong to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.forms.rating_decision import AGENCY_BODY, APPROVAL_ROWS, PARTY_BODY, RATING
from toolkit.outputs.doc_table import (
    Column,
    open_workbook,
    paragraph,
    row_height,
    set_widths,
    write_table,
    write_text,
)
from toolkit.outputs.document import _merge, doc_formats, setup_document_print

if TYPE_CHECKING:
    from toolkit.app.yearend import RatingResult
    from toolkit.config.workspace import Config

TABLE_SIZE = 11
STT_WIDTH = 4.5
LISTS = ("decision_levels", "decision_reasons")
ANNEXES = ("party", "staff", "groups", "units")


# ---------------------------------------------------------------- cell texts

def short(level: Any) -> str:
    from toolkit.scoring.rating import SHORT, level_of, present
    value = present(level)
    if value == "no_data":
        return SHORT["no_data"]
    key = level_of(value)
    return SHORT[key] if key else ""


def label(level: Any) -> str:
    from toolkit.scoring.rating import LABEL, present
    value = present(level)
    return LABEL.get(value, "") if isinstance(value, str) else ""


def blockers_text(codes: Any) -> str:
    from toolkit.scoring.rating import BLOCKER_LABEL
    return "; ".join(BLOCKER_LABEL.get(c, c) for c in (codes or ()))


def reasons_text(lines: Any, extra: list[str] | None = None) -> str:
    return "\n".join(f"– {line}" for line in [*(lines or []), *(extra or [])])


def score_text(v: Any) -> str | None:
    """The score as Vietnamese text ("86,2"): read back as a number, shown the same everywhere."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if x != x else f"{x:.1f}".replace(".", ",")


def quota_cell(row: Any, rank_col: str, over_col: str, allowed: int | None,
               what: str = "tỉ lệ") -> str:
    rank = int(row.get(rank_col) or 0)
    if not rank:
        return ""
    limit = f" (tối đa {allowed})" if allowed is not None else ""
    if row.get(over_col):
        return f"Thứ {rank} – VƯỢT {what}{limit}"
    return f"Thứ {rank} – trong {what}{limit}"


# ---------------------------------------------------------------- the workbook

def write_rating_workbook(path: Path, config: Config, result: RatingResult) -> Path:
    """The one rating workbook of the year; read back as the ``rating`` form."""
    from toolkit.forms import choice_lists
    from toolkit.forms.workbook import META_SHEET, WorkbookContext, meta_values
    from toolkit.outputs.rating_cover import write_cover
    with atomic_output(Path(path)) as tmp:
        wb = open_workbook(tmp, f"Đánh giá, xếp loại năm {result.year}", config)
        fm = doc_formats(wb, TABLE_SIZE)
        extra = _extra_formats(wb)
        cover = wb.add_worksheet("Tổng hợp")
        sheets = {key: wb.add_worksheet(RATING.table(key).sheet) for key in ANNEXES}
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
        write_cover(cover, wb, fm, config, result)
        for key in ANNEXES:
            _annex(sheets[key], key, fm, extra, config, result, refs)
        _approval_sheet(approval_ws, fm, extra, config, result)
        meta_ws = wb.add_worksheet(META_SHEET)
        ctx = WorkbookContext(config=config, unit=None, period=str(result.year))
        for i, (k, v) in enumerate(meta_values(RATING, ctx).items()):
            meta_ws.write_string(i, 0, k)
            meta_ws.write_string(i, 1, v)
        meta_ws.very_hidden()
        cover.activate()
        wb.close()
    return Path(path)


def _extra_formats(wb: Any) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": TABLE_SIZE, "border": 1,
            "text_wrap": True, "valign": "top"}
    return {
        "input": wb.add_format({**base, "locked": False, "bg_color": "#FFF7D6"}),
        "proposal": wb.add_format({**base, "bold": True}),
        "nodata": wb.add_format({**base, "italic": True, "font_color": "#7F6000"}),
        "over": wb.add_format({**base, "bold": True, "font_color": "#9C0006",
                               "bg_color": "#FFC7CE"}),
        "group": wb.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
        "small": wb.add_format({**base, "font_size": 10}),
    }


def _form_columns(table_key: str) -> list[Column]:
    table = RATING.table(table_key)
    kinds = {"score": "number", "decision": "input", "decision_reason": "input",
             "decision_note": "input", "proposal": "proposal", "quota": "quota",
             "reasons": "small", "member": "center"}
    return [Column("STT", STT_WIDTH, "center")] + [
        Column(f.header, f.width, kinds.get(f.key, "text")) for f in table.fields]


def _validations(ws: Any, first: int, last: int, cols: list[Column], table_key: str,
                 refs: dict[str, str]) -> None:
    if last < first:
        return
    headers = [c.header for c in cols]
    table = RATING.table(table_key)
    for key, list_name in (("decision", "decision_levels"),
                           ("decision_reason", "decision_reasons")):
        f = table.field(key)
        c = headers.index(f.header)
        ws.data_validation(first, c, last, c, {
            "validate": "list", "source": refs[list_name], "error_type": "warning",
            "error_title": "Giá trị không có trong danh sách",
            "error_message": "Hãy chọn một giá trị từ danh sách thả xuống.",
            "input_title": f.header[:32], "input_message": f.help[:255]})


BODY = {"party": PARTY_BODY, "groups": PARTY_BODY, "staff": AGENCY_BODY, "units": AGENCY_BODY}


def _annex_intro(result: RatingResult, key: str) -> list[str]:
    from toolkit.common.dates import fmt
    from toolkit.outputs.rating_cover import quota_words
    s = result.settings
    rules = s.staff.rules if key in ("staff", "units") else s.rules
    body = BODY[key]
    signer = APPROVAL_ROWS[body].split(" (")[0]
    lines = [f"(Kèm theo Bảng tổng hợp đánh giá, xếp loại ngày {fmt(result.on)}.) Căn cứ: "
             f"{rules.basis}."]
    if key == "party":
        lines.append("Chỉ gồm đảng viên; tỉ lệ xuất sắc tính trong số đảng viên "
                     f"({quota_words(s)}).")
    elif key == "staff":
        lines.append("Gồm mọi cán bộ, công chức, viên chức, người lao động của cơ quan (kể cả "
                     "đảng viên). Kết quả học tập và làm theo Bác là minh chứng cho việc đánh giá; "
                     "tỉ lệ xuất sắc không vượt tỉ lệ đảng viên xếp loại xuất sắc (NĐ 48/2023): "
                     "vượt thì chỉ đánh dấu, không tự hạ mức.")
    lines.append(f"{signer} ghi các cột nền vàng: \"Quyết định của {body}\" và \"Lý do quyết "
                 "định\"; dòng để trống là chưa quyết định. \"Chưa đủ dữ liệu\": đơn vị chưa gửi "
                 "đủ biểu mẫu, công cụ không tự đề xuất mức.")
    return lines


def _annex(ws: Any, key: str, fm: Any, extra: dict[str, Any], config: Config,
           result: RatingResult, refs: dict[str, str]) -> None:
    cols = _form_columns(key)
    widths = [c.width for c in cols]
    total_width = sum(widths)
    n = len(cols)
    set_widths(ws, widths)
    table = RATING.table(key)
    _merge(ws, 0, 0, n - 1, table.title.format(year=result.year), fm.subtitle)
    ws.set_row(0, 20 * (1 + len(table.title) // 110))
    row = 1
    for line in _annex_intro(result, key):
        row = paragraph(ws, fm, row, n, line, total_width, fm.italic)
    row += 1
    header_row = row
    row = write_table(ws, fm, row, cols, [], TABLE_SIZE)
    first = row
    df = result.tables[key]
    rows = _person_rows if key in ("party", "staff") else _collective_rows
    stt = 0
    keep: list[tuple[int, int]] = []        # a unit's heading printed with its first person
    if key in ("party", "staff"):
        for _, part in df.groupby("unit", sort=False):
            _merge(ws, row, 0, n - 1, f"{part.iloc[0]['unit_name']} ({len(part)} người)",
                   extra["group"])
            keep.append((row, row + 1))
            row += 1
            for _, r in part.iterrows():
                stt += 1
                _write_row(ws, row, cols, rows(result, key, r, stt), fm, extra, r)
                row += 1
    else:
        for _, r in df.iterrows():
            stt += 1
            _write_row(ws, row, cols, rows(result, key, r, stt), fm, extra, r)
            row += 1
    _validations(ws, first, row - 1, cols, key, refs)
    row = _totals(ws, fm, row + 1, n, result, key, total_width)
    ws.freeze_panes(header_row + 1, 3)
    setup_document_print(ws, config, landscape=True, repeat_row=header_row, last_row=row,
                         ncols=n, keep=keep)
    ws.protect("", {"insert_rows": False, "delete_rows": False, "format_columns": True,
                    "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True, "autofilter": True})


def _decision_lines(result: RatingResult, key: str, r: Any) -> list[str]:
    d = result.decision_of(key, r)
    out = []
    if d is not None:
        out.append(f"Quyết định ngày {d.decided_on} ({d.decided_by}).")
    if bool(r.get("above_cap")):
        out.append("Lưu ý: quyết định cao hơn mức tối đa do vướng.")
    if bool(r.get("final_over")) and d is not None:
        what = "tỉ lệ đảng viên xuất sắc (NĐ 48)" if key == "staff" else "tỉ lệ xuất sắc"
        out.append(f"Lưu ý: quyết định xuất sắc vượt {what}.")
    return out


def _person_rows(result: RatingResult, key: str, r: Any, stt: int) -> list[Any]:
    d = result.decision_of(key, r)
    lines = _self_line(r) + list(r["reasons"]) + _quota_lines(result, key, r)
    if key == "party":
        quota = quota_cell(r, "quota_rank", "over_quota", int(r.get("quota_allowed") or 0))
        middle: list[Any] = [r["person_id"], r["name"], score_text(r["score"])]
    else:
        quota = quota_cell(r, "share_rank", "over_share", result.share.allowed,
                           "tỉ lệ đảng viên")
        middle = [r["person_id"], r["name"], "x" if r["party_member"] else "",
                  score_text(r["score"])]
    return [stt, *middle, blockers_text(r["blockers"]), short(r["cap"]), label(r["proposal"]),
            quota, reasons_text(lines, _decision_lines(result, key, r)),
            label(d.level) if d else None, d.reason if d else None, d.note if d else None]


def _collective_rows(result: RatingResult, key: str, r: Any, stt: int) -> list[Any]:
    d = result.decision_of(key, r)
    members = (f"{int(r['n_members'])} người: {int(r['n_excellent'])} XS, "
               f"{int(r['n_good'])} T, {int(r['n_complete'])} HT, "
               f"{int(r['n_not_complete'])} KHT")
    if int(r.get("n_no_data") or 0):
        members += f", {int(r['n_no_data'])} chưa đủ dữ liệu"
    quota = quota_cell(r, "quota_rank", "over_quota", int(r.get("quota_allowed") or 0)) \
        if key == "groups" else ""
    return [stt, r["subject_id"], r["name"], score_text(r["score"]), members,
            blockers_text(r["blockers"]), short(r["cap"]), label(r["proposal"]), quota,
            reasons_text(list(r["reasons"]) + _quota_lines(result, key, r),
                         _decision_lines(result, key, r)),
            label(d.level) if d else None, d.reason if d else None, d.note if d else None]


def _self_line(r: Any) -> list[str]:
    parts = []
    if r.get("self_rating"):
        parts.append(f"tự xếp loại {short(r['self_rating'])}")
    if r.get("unit_proposal"):
        parts.append(f"đơn vị đề xuất {short(r['unit_proposal'])}")
    if r.get("civil_servant") and r.get("cs_rating"):
        parts.append(f"xếp loại công chức, viên chức {short(r['cs_rating'])}")
    return ["Bản kiểm điểm: " + ", ".join(parts) + "."] if parts else []


def _quota_lines(result: RatingResult, key: str, row: Any) -> list[str]:
    from toolkit.scoring.rating_quota import quota_note
    if key not in ("party", "groups") or not int(row.get("quota_rank") or 0):
        return []
    group = next(g for g in result.quota[key] if g.key == row["group"])
    name = result.group_labels.get(row["group"], row["group"]) if key == "party" else \
        "các tổ đảng"
    return [quota_note(row, group, result.settings.quota, name)]


def _write_row(ws: Any, row: int, cols: list[Column], values: list[Any], fm: Any,
               extra: dict[str, Any], r: Any) -> None:
    over = bool(r.get("over")) and r.get("proposal") == "excellent"
    nodata = r.get("proposal") == "no_data"
    kinds = {"text": fm.cell, "center": fm.cell_center, "number": fm.cell_num,
             "input": extra["input"],
             "proposal": extra["over"] if over else extra["nodata"] if nodata
             else extra["proposal"],
             "quota": extra["over"] if over else fm.cell, "small": extra["small"]}
    for c, (col, v) in enumerate(zip(cols, values)):
        write_text(ws, row, c, v, kinds.get(col.kind, fm.cell))
    sizes = [TABLE_SIZE if col.kind != "small" else 10 for col in cols]     # the reasons: 10 pt
    ws.set_row(row, max(row_height([v], [col.width], s) for v, col, s in zip(values, cols, sizes)))


def _totals(ws: Any, fm: Any, row: int, ncols: int, result: RatingResult, key: str,
            width: float) -> int:
    from toolkit.scoring.rating import LABEL, LEVELS, NO_DATA
    df = result.tables[key]
    proposed = result.counts(key)
    final = result.counts(key, "final")
    summary = result.decision_summary(key)
    parts = "; ".join(f"{LABEL[lv].lower()}: {proposed[lv]}" for lv in (*LEVELS, NO_DATA))
    finals = "; ".join(f"{LABEL[lv].lower()}: {final[lv]}" for lv in (*LEVELS, NO_DATA))
    text = (f"Tổng số: {len(df)}. Đề xuất – {parts}. Đã quyết định {summary['decided']}/{len(df)}"
            f"; kết quả (quyết định, chưa quyết định thì theo đề xuất) – {finals}.")
    return paragraph(ws, fm, row, ncols, text, width, fm.text_bold)


def _approval_sheet(ws: Any, fm: Any, extra: dict[str, Any], config: Config,
                    result: RatingResult) -> None:
    from toolkit.common.dates import fmt
    table = RATING.table("approval")
    cols = [Column(f.header, f.width) for f in table.fields]
    n = len(cols)
    set_widths(ws, [c.width for c in cols])
    _merge(ws, 0, 0, n - 1, table.title.format(year=result.year), fm.subtitle)
    row = paragraph(ws, fm, 1, n, "Mỗi cấp quyết định ghi họ tên, chức vụ người ký và ngày họp "
                    "quyết định (ngày/tháng/năm). Ngày quyết định không trước ngày lập bảng đề "
                    "xuất; để trống thì tính ngày văn phòng nhận lại bảng.",
                    sum(c.width for c in cols), fm.italic)
    row = write_table(ws, fm, row + 1, cols, [], TABLE_SIZE)
    for body in APPROVAL_ROWS.values():
        ws.write_string(row, 0, body, fm.cell)
        for c in (1, 2, 3):
            ws.write_blank(row, c, None, extra["input"])
        ws.write_string(row, 4, fmt(result.on), fm.cell_center)
        ws.set_row(row, 30)
        row += 1
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    setup_document_print(ws, config, landscape=False, repeat_row=None,
                         last_row=row, ncols=n)

