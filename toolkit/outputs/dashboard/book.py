"""The quarterly dashboard: an .xlsx leadership would rather look at than read.

Sheets: overview (headline figures, four native charts), units ranked, people with every score
component, missing and late, commendation candidates and reminders, data issues, sources (each
figure traced to its files, and the scoring rules in force), the incoming register (every mail
and file received, with what became of it), and the charts' data. Every sheet
prints on A4 landscape under the party-document header, header rows repeated; user text is always
written as text.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.fsutil import atomic_output
from toolkit.outputs.dashboard.context import CELL_SIZE, STATE_VI, SheetContext
from toolkit.outputs.dashboard.write import num
from toolkit.outputs.document import doc_formats

if TYPE_CHECKING:
    from toolkit.config.workspace import Workspace

@dataclass
class DashboardResult:
    path: Path
    seconds: float
    figures: dict[str, Any] = field(default_factory=dict)


def dashboard_path(ws: Workspace, period: str) -> Path:
    return ws.out / "bang-theo-doi" / f"bang-theo-doi-{period}.xlsx"


def write_dashboard(ws: Workspace, period: str, as_of: dt.date | None = None,
                    path: Path | None = None) -> DashboardResult:
    """Score the quarter and write its dashboard (atomically); return where and how long."""
    from toolkit.common.gcutil import paused_gc
    with paused_gc():
        return _write_dashboard(ws, period, as_of, path)


def _write_dashboard(ws: Workspace, period: str, as_of: dt.date | None, path: Path | None
                     ) -> DashboardResult:
    import xlsxwriter

    from toolkit.outputs.dashboard.data import (
        candidates,
        collect_issues,
        disciplined_people,
        figures,
        trend_rows,
    )
    from toolkit.outputs.dashboard.register_sheet import SHEET_NAME as REGISTER_SHEET
    from toolkit.outputs.dashboard.register_sheet import quarter_lines, write_register
    from toolkit.outputs.dashboard.sheets import (
        write_candidates,
        write_issues,
        write_missing,
        write_missing_people,
        write_people,
        write_sources,
        write_units,
    )
    from toolkit.outputs.register import compute_register
    from toolkit.scoring.load import parse_quarter
    from toolkit.scoring.scores import quarter
    from toolkit.scoring.year_base import year_base

    started = time.perf_counter()
    p = parse_quarter(ws, period)
    as_of = as_of or dt.date.today()
    q = quarter(ws, str(p), as_of)
    trend = trend_rows(ws, p, q, as_of, base=year_base(ws, p.year))
    issues = collect_issues(ws, q)
    cands = candidates(q, as_of, disciplined_people(ws, p.year))
    figs = figures(q, issues, cands, ws)
    register = quarter_lines(compute_register(ws, "vi"), str(p), p.start, as_of)
    path = Path(path) if path else dashboard_path(ws, str(p))
    cfg = ws.config
    with atomic_output(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "in_memory": True,      # parts assembled in memory: no temporary file per part
            "default_format_properties": {"font_name": "Times New Roman", "font_size": 12}})
        wb.set_properties({"title": f"Bảng theo dõi {p.label()}", "author": "lamtheobac",
                           "company": cfg.org_name, "created": dt.datetime(as_of.year,
                                                                           as_of.month, as_of.day)})
        fm = doc_formats(wb, table_size=CELL_SIZE)
        ctx = SheetContext(wb, fm, cfg, q, p.label(), as_of)
        overview = wb.add_worksheet("Tổng quan")
        write_units(ctx, wb.add_worksheet("Đơn vị"))
        write_people(ctx, wb.add_worksheet("Cá nhân"))
        write_missing(ctx, wb.add_worksheet("Chưa nộp, nộp muộn"))
        write_missing_people(ctx, wb.add_worksheet("Cá nhân chưa báo cáo"))
        write_candidates(ctx, wb.add_worksheet("Biểu dương, nhắc nhở"), cands)
        write_issues(ctx, wb.add_worksheet("Lỗi dữ liệu"), issues)
        write_sources(ctx, wb.add_worksheet("Nguồn số liệu"), figs)
        write_register(ctx, wb.add_worksheet(REGISTER_SHEET), register)
        data_ws = wb.add_worksheet("Số liệu biểu đồ")
        _write_overview(ctx, overview, data_ws, figs, trend)
        overview.activate()
        wb.close()
        ctx.bulk.finish(tmp)
    return DashboardResult(path, time.perf_counter() - started, figs)


def _write_overview(ctx: SheetContext, ws: Any, data_ws: Any, figs: dict[str, Any],
                    trend: list[dict[str, Any]]) -> None:
    from toolkit.outputs.dashboard.charts import add_charts, write_chart_data
    fm, q = ctx.fm, ctx.q
    for c, w in enumerate(OVERVIEW_WIDTHS):
        ws.set_column(c, c, w)
    row = ctx.header(ws, 8, f"Bảng theo dõi kết quả học tập và làm theo Bác – {ctx.label}")
    red = ctx.wb.add_format({"font_name": "Times New Roman", "font_size": 12, "bold": True,
                             "font_color": "#9C0006", "bg_color": "#FFC7CE", "border": 1,
                             "text_wrap": True, "valign": "top"})
    for u in figs["no_pledge"]:             # named, first: nothing of theirs can be checked
        ws.merge_range(row, 0, row, 7, f"LỖI: {u['name']} chưa gửi bản đăng ký việc làm theo "
                       f"(hạn {u['deadline']}): không đối chiếu, không tính được tiến độ việc làm "
                       "theo của đơn vị; người của đơn vị sẽ \"chưa đủ dữ liệu\" khi xếp loại.",
                       red)
        ws.set_row(row, 32)
        row += 1
    if figs["no_pledge"]:
        row += 1
    pairs = [
        ("Số cán bộ, đảng viên, người lao động", figs["people"], ""),
        ("Đã có báo cáo quý", figs["people_reported"], f"{figs['reported_pct']:.0f}%"),
        ("Đã đăng ký việc làm theo", figs["people_with_pledge"], ""),
        ("Việc hoàn thành / đã đăng ký", figs["actions_done"], f"/ {figs['actions_total']}"),
        ("Tỷ lệ việc hoàn thành (%)", figs["completion"], ""),
        ("Điểm trung bình cá nhân", figs["mean_score"], "thang 100"),
        ("Báo cáo quý: đúng hạn", figs["on_time"], f"muộn {figs['late']}"),
        ("Báo cáo quý: chưa nộp", figs["missing"], f"/ {figs['units']} đơn vị"),
        ("Buổi sinh hoạt chuyên đề đã tổ chức", figs["sessions"],
         f"kỳ vọng {figs['sessions_expected']:g}".replace(".", ",")),
        ("Hoạt động tuyên truyền", figs["propaganda"], ""),
        ("Đề xuất biểu dương trong quý", figs["candidates"],
         f"{figs['candidates_apart']} để riêng" if figs["candidates_apart"] else ""),
        ("Cần nhắc nhở", figs["reminders"], ""),
        ("Bài nhật ký / đề cử Sổ vàng", figs["diary"], f"/ {figs['golden_book']} đề cử"),
        ("Lỗi dữ liệu còn lại", figs["errors"], f"{figs['warnings']} cảnh báo"),
    ]
    ws.merge_range(row, 0, row, 7, "SỐ LIỆU CHÍNH", fm.subtitle)
    row += 1
    half = (len(pairs) + 1) // 2
    for i, (label, value, note) in enumerate(pairs):
        r, c = row + i % half, 0 if i < half else 4
        ws.write_string(r, c, label, fm.cell)
        num(ws, r, c + 1, round(value, 1) if isinstance(value, float) else value, fm.total_num)
        ws.merge_range(r, c + 2, r, c + 3, note, fm.cell)
    row += half + 1
    row = _definitions(ctx, ws, row, figs)
    status_counts = [(STATE_VI[s], int((q.units["quarterly_state"] == s).sum()))
                     for s in ("on_time", "late", "missing", "pending")]
    blocks = write_chart_data(data_ws, fm, q.units, q.people, status_counts, trend)
    from toolkit.outputs.document import FOOTER
    # the charts' numbers: a technical sheet, hidden (not printed with the workbook; the charts
    # still draw from it; the secretary can show it)
    data_ws.set_landscape()
    data_ws.set_paper(9)
    data_ws.fit_to_pages(1, 1)
    data_ws.set_footer(FOOTER)
    data_ws.hide()
    _widen_to_the_page(ws, row, ctx.config)
    last = add_charts(ctx.wb, ws, blocks, row)
    ws.merge_range(last, 0, last, 7, "Cách tính điểm và nguồn của từng số liệu: xem trang "
                   "\"Nguồn số liệu\". Điểm tiến độ so với tiến độ kỳ vọng đến cuối quý theo thời "
                   "hạn của từng việc.", fm.italic)
    ws.set_row(last, 32)
    ctx.finish(ws, None, last, 8, one_page=True)


OVERVIEW_WIDTHS = (36, 16, 16, 16, 36, 16, 16, 16)


def _widen_to_the_page(ws: Any, charts_row: int, config: Any) -> None:
    """Columns in the proportions of the landscape page: the overview (figures, definitions,
    four charts, the note) is scaled to one page, so a sheet taller than the page is wide would
    print at 60 % of the page's width; widened, it fills the width at the same scale."""
    from toolkit.common.paging import DEFAULT_ROW_PT, column_points, written_heights
    from toolkit.outputs.dashboard.charts import ROWS
    heights = written_heights(ws)
    tall = sum(heights.get(r, DEFAULT_ROW_PT) for r in range(charts_row))
    tall += 2 * ROWS * DEFAULT_ROW_PT + 32
    top, bottom, left, right = (float(m) for m in config.raw.get("organisation", {}).get(
        "margins_mm", [25, 25, 35, 15]))
    page_w = 297 - (top + bottom) * 0.8               # the landscape margins of document.py
    page_h = 210 - left * 0.6 - right
    wide = 0.97 * tall * page_w / page_h              # a little under: the height decides
    now = sum(column_points(w) for w in OVERVIEW_WIDTHS)
    if wide > now:
        factor = wide / now
        for c, w in enumerate(OVERVIEW_WIDTHS):
            ws.set_column(c, c, round(w * factor, 1))


def _definitions(ctx: SheetContext, ws: Any, row: int, figs: dict[str, Any]) -> int:
    """The key figures again, each with what it counts and when (the same words as in the
    reports and the rating sheet: toolkit.scoring.figures)."""
    from toolkit.common.paging import wrapped_lines
    fm = ctx.fm
    ws.merge_range(row, 0, row, 7, "SỐ LIỆU CHÍNH VÀ CÁCH TÍNH", fm.subtitle)
    row += 1
    ws.write_string(row, 0, "Số liệu", fm.head)
    ws.write_string(row, 1, "Giá trị", fm.head)
    ws.merge_range(row, 2, row, 7, "Cách tính; thời điểm", fm.head)
    row += 1
    for f in figs["key"].values():
        ws.write_string(row, 0, f["label"], fm.cell)
        ws.write_string(row, 1, f["text"], fm.cell_center)
        ws.merge_range(row, 2, row, 7, f["note"], fm.cell)
        ws.set_row(row, 15 * max(wrapped_lines(f["note"], 88, 11),
                                 wrapped_lines(f["label"], 30, 11)) + 3)
        row += 1
    return row + 1
