"""The table sheets of the quarterly dashboard (see :mod:`toolkit.outputs.dashboard.book`)."""

from __future__ import annotations

import datetime as dt
import math
from math import isnan
from typing import TYPE_CHECKING, Any

from toolkit.common.numbers import vn_number
from toolkit.outputs.dashboard.context import FORM_VI, STATE_VI
from toolkit.outputs.dashboard.rows import NUM, TEXT, Column
from toolkit.outputs.dashboard.write import text

if TYPE_CHECKING:
    from toolkit.common.issues import Issue
    from toolkit.outputs.dashboard.context import SheetContext

GREEN, YELLOW, RED = "#63BE7B", "#FFEB84", "#F8696B"


def _scale(ws: Any, first: int, last: int, col: int) -> None:
    if last >= first:
        ws.conditional_format(first, col, last, col, {
            "type": "3_color_scale", "min_color": RED, "mid_color": YELLOW, "max_color": GREEN,
            "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 60,
            "max_type": "num", "max_value": 100})


def _bar(ws: Any, first: int, last: int, col: int) -> None:
    if last >= first:
        ws.conditional_format(first, col, last, col, {
            "type": "data_bar", "bar_color": "#5B9BD5", "bar_solid": True, "min_type": "num",
            "min_value": 0, "max_type": "num", "max_value": 100})


def _when(value: Any) -> str:
    import pandas as pd
    if value is None or pd.isna(value):
        return ""
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, dt.datetime) else str(value)


def write_units(ctx: SheetContext, ws: Any) -> None:
    fm, units = ctx.fm, ctx.q.units
    heads = [("Hạng", 6), ("Mã", 8), ("Đơn vị", 28), ("Điểm đơn vị", 9), ("Điểm người", 9),
             ("Điểm nộp đúng hạn", 9), ("Điểm sinh hoạt", 9), ("Điểm hoạt động", 9),
             ("Số người", 7), ("Đã báo cáo", 8), ("Việc hoàn thành", 9), ("Việc đã đăng ký", 9),
             ("Tỷ lệ hoàn thành (%)", 11), ("Buổi sinh hoạt", 8), ("Tuyên truyền", 8),
             ("Thi đua đang làm", 8), ("Báo cáo quý", 14), ("Báo cáo đơn vị", 14)]
    row = ctx.header(ws, len(heads), "Xếp hạng các đơn vị – " + ctx.label)
    head_row = ctx.table(ws, row, heads)
    col = _columns(units)
    names = col("unit_name")
    q_states = [STATE_VI[s] for s in col("quarterly_state")]
    u_states = [STATE_VI[s] for s in col("unit_report_state")]
    columns = [Column(NUM, fm.cell_center, col("rank")), Column(TEXT, fm.cell, col("unit")),
               Column(TEXT, fm.cell, names)]
    for name in ("score", "people_score", "on_time_score", "sessions_score",
                 "activities_score"):
        columns.append(Column(NUM, fm.cell_pct, [round(v, 1) for v in col(name)]))
    for name in ("people_total", "people_reported", "actions_done", "actions_total"):
        columns.append(Column(NUM, fm.cell_num, col(name)))
    columns += [
        Column(NUM, fm.cell_pct, [None if isnan(v) else round(v, 1) for v in col("completion")]),
        Column(NUM, fm.cell_num, col("sessions_held")),
        Column(NUM, fm.cell_num, col("propaganda_count")),
        Column(NUM, fm.cell_num, col("emulation_active")),
        Column(TEXT, fm.cell, q_states), Column(TEXT, fm.cell, u_states)]
    ctx.bulk.rows(ws, head_row + 1, columns,
                  ctx.heights(ws, {2: names, 16: q_states, 17: u_states}))
    last = head_row + len(units)
    _scale(ws, head_row + 1, last, 3)
    _scale(ws, head_row + 1, last, 4)
    _bar(ws, head_row + 1, last, 12)
    for col in (16, 17):
        for state, color in (("Nộp muộn", "#FFF2CC"), ("Chưa nộp", "#F8CBAD")):
            ws.conditional_format(head_row + 1, col, max(last, head_row + 1), col, {
                "type": "text", "criteria": "begins with", "value": state,
                "format": ctx.wb.add_format({"bg_color": color})})
    r = _note(ctx, ws, last + 2, len(heads),
              "Điểm đơn vị = " + _unit_rule(ctx) + ". Xếp hạng theo điểm đơn vị; màu: đỏ thấp, "
              "vàng trung bình, xanh cao.")
    ctx.finish(ws, head_row, r, len(heads), keep=[(last - 1, r)])


def _vn(x: float) -> str:
    """A weight or a count as printed: 0.15 -> "0,15", 3.0 -> "3"."""
    return vn_number(x, 2)


def _unit_rule(ctx: SheetContext) -> str:
    r = ctx.q.rules
    return (f"{_vn(r.unit_weight_people)} × điểm người + {_vn(r.unit_weight_on_time)} × điểm "
            f"nộp đúng hạn + {_vn(r.unit_weight_sessions)} × điểm sinh hoạt chuyên đề (so với "
            f"{_vn(r.sessions_per_month)} buổi/tháng) + {_vn(r.unit_weight_activities)} × điểm "
            f"hoạt động (thi đua, tuyên truyền; {_vn(r.activities_per_quarter)} hoạt động/quý "
            "được điểm tối đa)")


def _note(ctx: SheetContext, ws: Any, row: int, ncols: int, note: str) -> int:
    ws.merge_range(row, 0, row, ncols - 1, note, ctx.fm.italic)
    width = sum(ctx.widths.get(ws.name, [])[:ncols]) or 150
    ws.set_row(row, 16 * max(1, 1 + len(note) // int(width * 1.1)))
    return row


def write_people(ctx: SheetContext, ws: Any) -> None:
    fm, people = ctx.fm, ctx.q.people
    heads = [("STT", 5), ("Mã", 8), ("Họ và tên", 22), ("Đơn vị", 9), ("Tổ đảng", 10),
             ("Điểm quý", 8), ("Điểm tiến độ", 8), ("Tiến độ kỳ vọng (%)", 9),
             ("Tiến độ thực tế (%)", 9), ("Việc HT / đăng ký", 9), ("Buổi đã dự / tính", 9),
             ("Điểm dự sinh hoạt", 8), ("Đánh giá của trưởng đơn vị", 11), ("Điểm đánh giá", 8),
             ("Cộng / trừ", 7), ("Biểu dương, nhắc nhở", 20), ("Ghi chú", 18),
             ("Tệp nguồn", 26)]
    printed = len(heads) - 1            # the source file is for the secretary: not printed
    row = ctx.header(ws, printed, "Điểm cá nhân và các thành phần – " + ctx.label)
    head_row = ctx.table(ws, row, heads)
    col = _columns(people)
    reported = col("has_report")
    names, groups, assessment = col("name"), col("party_group"), col("assessment")
    sources = col("source_file")

    def if_reported(values: list[Any]) -> list[Any]:
        return [v if ok else None for v, ok in zip(_rs(values), reported)]

    attended = _each(_g, col("sessions_attended"))
    sessions = [f"{a}/{d}" if ok else ""
                for a, d, ok in zip(attended, _each(_g, col("sessions_denominator")), reported)]
    recogs = []
    for rec, note in zip(col("recognition"), col("recognition_note")):
        recog = _s(rec)
        if recog and _s(note):
            recog += f": {_s(note)}"
        recogs.append(recog)
    notes = []
    unchecked = col("actions_unchecked") if "actions_unchecked" in people.columns else \
        [0] * len(people)
    for pledged, ok, a, bad in zip(col("has_pledge"), reported, assessment, unchecked):
        if pledged and ok and _s(a) and not bad:
            notes.append("")
            continue
        parts = []
        if bad:
            parts.append(f"{bad} việc có lỗi, chưa tính")
        if not pledged:
            parts.append("chưa đăng ký việc làm theo")
        if not ok:
            parts.append("chưa có báo cáo quý")
        elif not _s(a):
            parts.append("chưa được đánh giá")
        notes.append("; ".join(parts))
    columns = [
        Column(NUM, fm.cell_center, list(range(1, len(people) + 1))),
        Column(TEXT, fm.cell, col("person_id")), Column(TEXT, fm.cell, names),
        Column(TEXT, fm.cell, col("unit")), Column(TEXT, fm.cell, groups),
        Column(NUM, fm.cell_pct, _rs(col("score"))),
        Column(NUM, fm.cell_pct, if_reported(col("progress_score"))),
        Column(NUM, fm.cell_pct, _rs(col("expected_progress"))),
        Column(NUM, fm.cell_pct, if_reported(col("actual_progress"))),
        Column(TEXT, fm.cell_center,
               [f"{d}/{t}" for d, t in zip(col("actions_done"), col("actions_total"))]),
        Column(TEXT, fm.cell_center, sessions),
        Column(NUM, fm.cell_pct, if_reported(col("attendance_score"))),
        Column(TEXT, fm.cell, [_s(v) for v in assessment]),
        Column(NUM, fm.cell_pct, _rs(col("assessment_score"))),
        Column(NUM, fm.cell_num, [v if v else None for v in col("adjustment")]),
        Column(TEXT, fm.cell, recogs), Column(TEXT, fm.cell, notes),
        Column(TEXT, fm.cell_line, sources)]
    ctx.bulk.rows(ws, head_row + 1, columns, ctx.heights(ws, {
        2: names, 4: [_s(v) for v in groups], 15: recogs, 16: notes}))
    last = head_row + len(people)
    _scale(ws, head_row + 1, last, 5)
    _bar(ws, head_row + 1, last, 6)
    ws.autofilter(head_row, 0, max(last, head_row + 1), len(heads) - 1)
    r = ctx.q.rules
    rule = (f"Điểm quý = ({_vn(r.weight_progress)} × điểm tiến độ + {_vn(r.weight_attendance)} "
            f"× điểm dự sinh hoạt + {_vn(r.weight_assessment)} × điểm đánh giá) + cộng/trừ (biểu "
            f"dương +{_vn(r.bonus_commendation)}, nhắc nhở −{_vn(r.penalty_reminder)}, phê bình "
            f"−{_vn(r.penalty_criticism)}), trong khoảng 0–100. Điểm tiến độ: mỗi việc = min(100, "
            "100 × thực tế / kỳ vọng), kỳ vọng = min(100, 100 × số ngày từ 1/1 đến cuối quý / số "
            "ngày từ 1/1 đến thời hạn). Thành phần không tính được thì bỏ ra, trọng số chia lại.")
    end = _note(ctx, ws, last + 2, printed, rule)
    ctx.finish(ws, head_row, end, printed, keep=[(last - 1, end)])


def _numbered(fm: Any, rows: list[list[Any]], unprinted: int | None = None) -> list[Column]:
    """A table's columns: the first its row numbers (STT), as numbers, centred (they sort as
    numbers: 2 before 10), the others text; from column ``unprinted`` on (the secretary's file
    names, paths and codes, not printed) on one line each, not wrapped."""
    cut = len(rows) if unprinted is None else unprinted
    return [Column(NUM, fm.cell_center, rows[0])] + [
        Column(TEXT, fm.cell if c < cut else fm.cell_line, values)
        for c, values in enumerate(rows[1:], 1)]


def _columns(df: Any) -> Any:
    """Column name -> its values as plain Python values (what itertuples() gives)."""
    return lambda name: df[name].tolist()


def _s(v: Any) -> str:
    """Text of a cell value; empty for None and NaN."""
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _rs(values: list[Any]) -> list[float | None]:
    """:func:`_r` of each value (once per distinct value)."""
    return _each(_r, values)


def _r(v: Any) -> float | None:
    return None if v is None or math.isnan(float(v)) else round(float(v), 1)


def _g(v: Any) -> str:
    return "" if v is None or math.isnan(float(v)) else f"{float(v):g}"


def _each(fn: Any, values: list[Any]) -> list[Any]:
    """``[fn(v) for v in values]``, ``fn`` called once per distinct value (a column of a few
    values repeated); for a value that cannot be a dict key, once per value."""
    try:
        done = {v: fn(v) for v in set(values)}
    except TypeError:
        return [fn(v) for v in values]
    out = list(map(done.__getitem__, values))
    if 0 in done:                   # 0, 0.0, -0.0 and False are one key: each zero as itself
        out = [fn(v) if v == 0 else o for v, o in zip(values, out)]
    return out


def write_missing(ctx: SheetContext, ws: Any) -> None:
    from toolkit.common.dates import fmt
    from toolkit.common.periods import Period
    from toolkit.forms import deadline_for, get_form
    fm, q = ctx.fm, ctx.q
    p = Period.parse(q.period)
    heads = [("STT", 5), ("Đơn vị", 30), ("Biểu mẫu", 24), ("Tình trạng", 20), ("Ngày nộp", 16),
             ("Hạn nộp", 12), ("Ghi chú", 40)]
    row = ctx.header(ws, len(heads), "Đơn vị chưa nộp hoặc nộp muộn – " + ctx.label)
    head_row = ctx.table(ws, row, heads)
    r = head_row + 1
    rows: list[list[str]] = [[] for _ in heads]
    by_name = q.units.sort_values("unit_name")
    for form_id, state_col, when_col in (("quarterly", "quarterly_state", "quarterly_submitted"),
                                         ("unit-report", "unit_report_state",
                                          "unit_report_submitted")):
        deadline = fmt(deadline_for(get_form(form_id), ctx.config, p))
        for name, state, when in zip(by_name["unit_name"].tolist(), by_name[state_col].tolist(),
                                     by_name[when_col].tolist()):
            if state == "on_time":
                continue
            for c, v in enumerate((len(rows[0]) + 1, name, FORM_VI[form_id],
                                   STATE_VI[state], _when(when), deadline, "")):
                rows[c].append(v)
    n = len(rows[0])
    r = ctx.bulk.rows(ws, r, _numbered(fm, rows), ctx.heights(ws, dict(enumerate(rows[1:], 1))))
    if n == 0:
        ws.merge_range(r, 0, r, len(heads) - 1, "Tất cả đơn vị đã nộp đúng hạn.", fm.cell)
        r += 1
    ctx.finish(ws, head_row, r - 1, len(heads))


def write_missing_people(ctx: SheetContext, ws: Any) -> None:
    """The people without a quarterly report or a pledge: a sheet of its own, so the header
    repeated on its pages is its table's (not the units table's above it)."""
    fm, q = ctx.fm, ctx.q
    heads = [("STT", 5), ("Họ và tên", 26), ("Mã", 9), ("Đơn vị", 32),
             ("Tình trạng", 44), ("Ghi chú", 38)]
    row = ctx.header(ws, len(heads), "Cá nhân chưa có báo cáo quý hoặc chưa đăng ký việc làm "
                                     "theo – " + ctx.label)
    head_row = ctx.table(ws, row, heads)
    people = q.people[~q.people["has_report"] | ~q.people["has_pledge"].astype(bool)]
    unit_states = dict(zip(q.units["unit"].tolist(), q.units["quarterly_state"].tolist()))
    states = {(False, False): "chưa có báo cáo quý; chưa đăng ký việc làm theo",
              (False, True): "chưa có báo cáo quý", (True, False): "chưa đăng ký việc làm theo",
              (True, True): ""}
    col = _columns(people)
    rows = [list(range(1, len(people) + 1)), col("name"), col("person_id"), col("unit_name"),
            [states[bool(ok), bool(pledged)] for ok, pledged in zip(col("has_report"),
                                                                   col("has_pledge"))],
            ["đơn vị chưa nộp báo cáo quý" if unit_states[u] in ("missing", "pending") else ""
             for u in col("unit")]]
    r = ctx.bulk.rows(ws, head_row + 1, _numbered(fm, rows),
                      ctx.heights(ws, dict(enumerate(rows[1:], 1))))
    if not len(people):
        ws.merge_range(r, 0, r, len(heads) - 1, "Không có.", fm.cell)
        r += 1
    ctx.finish(ws, head_row, r - 1, len(heads))


def write_candidates(ctx: SheetContext, ws: Any, cands: Any = None) -> None:
    from toolkit.outputs.dashboard.data import candidates
    fm = ctx.fm
    cands = cands if cands is not None else candidates(ctx.q, ctx.as_of)
    commend, remind = cands.commend, cands.remind
    heads = [("STT", 5), ("Họ và tên", 24), ("Mã", 8), ("Đơn vị", 28), ("Chức vụ", 16),
             ("Điểm quý", 9), ("Việc HT / đăng ký", 10), ("Lý do", 60)]
    row = ctx.header(ws, len(heads), "Đề xuất biểu dương điển hình và nhắc nhở – " + ctx.label)
    r = row
    head_row = None
    keep: list[tuple[int, int]] = []
    sections = [("I. ĐỀ XUẤT BIỂU DƯƠNG TRONG QUÝ", commend)]
    if len(cands.apart):
        sections.append(("ĐỦ ĐIỂM NHƯNG CHƯA ĐỀ XUẤT (LÝ DO Ở CỘT CUỐI)", cands.apart))
    sections.append(("II. CẦN NHẮC NHỞ, ĐÔN ĐỐC", remind))
    for title, df in sections:
        ws.merge_range(r, 0, r, len(heads) - 1, title, fm.text_bold)
        keep.append((r, r + 2))             # the heading, its table's header and first row
        r += 1
        ctx.table(ws, r, heads)
        head_row = r if head_row is None else head_row
        r += 1
        if df.empty:
            ws.merge_range(r, 0, r, len(heads) - 1, "Không có.", fm.cell)
            r += 1
        col = _columns(df)
        names, units, positions, reasons = (col("name"), col("unit_name"), col("position"),
                                            col("reason"))
        r = ctx.bulk.rows(ws, r, [
            Column(NUM, fm.cell_center, list(range(1, len(df) + 1))),
            Column(TEXT, fm.cell, names), Column(TEXT, fm.cell, col("person_id")),
            Column(TEXT, fm.cell, units), Column(TEXT, fm.cell, positions),
            Column(NUM, fm.cell_pct, [_r(v) for v in col("score")]),
            Column(TEXT, fm.cell_center,
                   [f"{d}/{t}" for d, t in zip(col("actions_done"), col("actions_total"))]),
            Column(TEXT, fm.cell, reasons)],
            ctx.heights(ws, {1: names, 3: units, 4: [_s(v) for v in positions], 7: reasons}))
        keep.append((r - 2, r - 1))         # its last two rows
        r += 1
    rules = ctx.q.rules
    end = _note(ctx, ws, r, len(heads),
                f"Đề xuất biểu dương: {cands.figure.definition}. Nhắc nhở: điểm quý từ "
                f"{_vn(rules.remind_max_score)} trở xuống, bị nhắc nhở/phê bình, hoặc chưa đăng "
                "ký việc làm theo. Danh sách để chi ủy xem xét, không thay cho quyết định.")
    keep.append((end - 2, end))
    ctx.finish(ws, head_row, end, len(heads), keep=keep)


def write_issues(ctx: SheetContext, ws: Any, issues: list[Issue]) -> None:
    from toolkit.common.issues import severity_label
    fm = ctx.fm
    names = dict(zip(ctx.q.units["unit"], ctx.q.units["unit_name"]))
    heads = [("STT", 5), ("Mức độ", 9), ("Đơn vị", 22), ("Trang", 13), ("Ô", 7),
             ("Mã cán bộ", 9), ("Nội dung cần sửa", 80), ("Tệp", 30), ("Mã lỗi", 22)]
    printed = len(heads) - 2            # the file and the issue code: the secretary's, unprinted
    row = ctx.header(ws, printed, "Lỗi dữ liệu cần đơn vị sửa – " + ctx.label)
    head_row = ctx.table(ws, row, heads)
    rows: list[list[Any]] = [[] for _ in heads]
    for i, issue in enumerate(issues, 1):
        for c, v in enumerate((i, severity_label(issue.severity, "vi"),
                               names.get(issue.unit, issue.unit), issue.sheet, issue.cell,
                               issue.person_id, issue.message("vi"), issue.file, issue.code)):
            rows[c].append(v)
    ctx.bulk.rows(ws, head_row + 1, _numbered(fm, rows, unprinted=printed),
                  ctx.heights(ws, dict(enumerate(rows[1:printed], 1))))
    last = head_row + max(len(issues), 1)
    if not issues:
        ws.merge_range(last, 0, last, printed - 1, "Không có lỗi.", fm.cell)
    else:
        ws.conditional_format(head_row + 1, 1, last, 1, {
            "type": "cell", "criteria": "==", "value": '"Lỗi"',
            "format": ctx.wb.add_format({"bg_color": "#F8CBAD"})})
        ws.autofilter(head_row, 0, last, len(heads) - 1)
    ctx.finish(ws, head_row, last, printed)


def write_sources(ctx: SheetContext, ws: Any, figs: dict[str, Any]) -> None:
    """Each figure with how it is computed and where it comes from, and the files used. The
    received file's name and its archive copy (SHA-256) are the secretary's: last, unprinted."""
    from toolkit.common.periods import Period, PeriodError
    fm, q = ctx.fm, ctx.q
    heads = [("STT", 5), ("Số liệu / biểu mẫu", 30), ("Đơn vị", 28), ("Ngày nhận", 16),
             ("Người gửi", 27), ("Số lần nộp", 9), ("Lỗi", 16), ("Tệp nhận được", 34),
             ("Lưu trữ (mã SHA-256)", 40)]
    printed = len(heads) - 2
    for c, (_, width) in enumerate(heads):
        ws.set_column(c, c, width)
    ctx.widths[ws.name] = [w for _, w in heads]
    row = ctx.header(ws, printed, "Nguồn số liệu và cách tính – " + ctx.label)
    ws.merge_range(row, 0, row, printed - 1, "I. CÁC SỐ LIỆU CHÍNH VÀ NGUỒN", fm.text_bold)
    keep = [(row, row + 2)]
    row += 1
    for c, h in enumerate(("STT", "Số liệu", "Giá trị")):
        ws.write_string(row, c, h, fm.head)
    ws.merge_range(row, 3, row, 4, "Cách tính", fm.head)
    ws.merge_range(row, 5, row, 6, "Lấy từ", fm.head)
    row += 1
    for i, (label, value, how, source) in enumerate(_figure_rows(figs), 1):
        ws.write_number(row, 0, i, fm.cell_center)
        text(ws, row, 1, label, fm.cell)
        text(ws, row, 2, value, fm.cell)
        ws.merge_range(row, 3, row, 4, how, fm.cell)
        ws.merge_range(row, 5, row, 6, source, fm.cell)
        ctx.fit(ws, row, ["", label, value, how, "", source, ""], spans={3: 2, 5: 2})
        row += 1
    keep.append((row - 2, row - 1))
    row += 1
    ws.merge_range(row, 0, row, printed - 1, "II. CÁC TỆP ĐÃ DÙNG (BẢN HIỆN HÀNH)",
                   fm.text_bold)
    keep.append((row, row + 2))
    row += 1
    head_row = ctx.table(ws, row, heads)

    def label(form: str, period: str) -> str:
        try:
            shown = Period.parse(period).label()
        except PeriodError:
            shown = period
        return f"{FORM_VI.get(form, form)} {shown}"

    col = _columns(q.sources)
    rows = [list(range(1, len(q.sources) + 1)),
            [label(f, p) for f, p in zip(col("form"), col("period"))],
            col("unit_name"), _each(_when, col("submitted_at")),
            col("sender"), [str(v) for v in col("versions")], [str(v) for v in col("errors")],
            col("file"), [str(v) for v in col("archived")]]
    ctx.bulk.rows(ws, head_row + 1, _numbered(fm, rows, unprinted=printed),
                  ctx.heights(ws, dict(enumerate(rows[1:printed], 1))))
    last = head_row + max(len(q.sources), 1)
    end = _note(ctx, ws, last + 2, printed,
                "Mỗi tệp nhận được lưu nguyên vẹn trong thư mục archive/ theo mã SHA-256; nộp lại "
                "thì bản mới thay bản cũ, cả hai đều được giữ. Tên tệp và bản lưu trữ ở hai cột "
                "cuối (không in); cột \"Tệp nguồn\" ở trang \"Cá nhân\" chỉ tệp báo cáo quý của "
                "từng người.")
    keep.append((last - 1, end))
    ctx.finish(ws, head_row, end, printed, keep=keep)


def _figure_rows(figs: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    def f1(v: Any) -> str:
        return "" if v is None or math.isnan(v) else f"{v:.1f}".replace(".", ",")
    quarterly = "Báo cáo quý (trang Tiến độ, Đánh giá)"
    return [
        ("Số người", str(figs["people"]), "Số người trong danh sách cán bộ.", "roster.xlsx"),
        ("Đã có báo cáo quý", str(figs["people_reported"]),
         "Người có dòng được điền ở trang Đánh giá hoặc Tiến độ.", quarterly),
        ("Đã đăng ký việc làm theo", str(figs["people_with_pledge"]),
         "Người có ít nhất một việc trong bản đăng ký hiện hành của đơn vị.", "Bản đăng ký"),
        ("Tỷ lệ việc hoàn thành (%)", f1(figs["completion"]),
         f"{figs['actions_done']} việc \"Hoàn thành\" / {figs['actions_total']} việc đã đăng ký.",
         quarterly + " + Bản đăng ký"),
        ("Điểm trung bình cá nhân", f1(figs["mean_score"]),
         "Trung bình điểm quý của người đã có báo cáo (xem cách tính ở trang Cá nhân).",
         quarterly + " + Báo cáo đơn vị"),
        ("Nộp báo cáo quý", (f"{figs['on_time']} đúng hạn, {figs['late']} muộn, "
         f"{figs['missing']} chưa nộp"), "Theo ngày nhận thư (hoặc ngày lưu tệp) so với hạn nộp.",
         "Thư, tệp nhận được"),
        ("Buổi sinh hoạt chuyên đề", str(figs["sessions"]),
         "Số dòng ở trang Sinh hoạt chuyên đề của các báo cáo đơn vị.", "Báo cáo đơn vị"),
        ("Hoạt động tuyên truyền", str(figs["propaganda"]),
         "Số dòng ở trang Tuyên truyền của các báo cáo đơn vị.", "Báo cáo đơn vị"),
        ("Nhật ký / đề cử Sổ vàng", f"{figs['diary']} / {figs['golden_book']}",
         "Số bài nhật ký và số việc được đề cử Sổ vàng.", "Nhật ký làm theo lời Bác"),
        ("Lỗi dữ liệu", f"{figs['errors']} lỗi, {figs['warnings']} cảnh báo",
         "Lỗi của các tệp hiện hành trong quý và báo cáo chưa nộp quá hạn.", "Trang Lỗi dữ liệu"),
    ]
