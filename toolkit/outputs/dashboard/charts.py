"""The overview's native Excel charts, drawn from the "Số liệu biểu đồ" sheet of the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FONT = "Times New Roman"
DATA_SHEET = "Số liệu biểu đồ"
SCORE_BINS = (("Dưới 50", 0, 50), ("50 – dưới 70", 50, 70), ("70 – dưới 90", 70, 90),
              ("Từ 90 trở lên", 90, 101))
NO_SCORE = "Chưa có điểm"


@dataclass(frozen=True)
class Block:
    """A block of chart data: first data row, number of rows and title (above the block)."""

    first: int
    rows: int
    title: str = ""


def _font(size: int = 10, bold: bool = False) -> dict[str, Any]:
    return {"name": FONT, "size": size, "bold": bold}


def write_chart_data(ws: Any, fm: Any, units: Any, people: Any,
                     status_counts: list[tuple[str, int]],
                     trend: list[dict[str, Any]]) -> dict[str, Block]:
    """Write the four data blocks (one per chart) and return where they are. (Written with
    xlsxwriter, cell by cell: the charts keep a cache of the cells they show.)"""
    from toolkit.outputs.dashboard.write import num

    ws.set_column(0, 0, 34)
    ws.set_column(1, 3, 16)
    blocks: dict[str, Block] = {}
    row = 0

    def block(key: str, title: str, heads: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        nonlocal row
        ws.write_string(row, 0, title, fm.text_bold)
        for c, h in enumerate(heads):
            ws.write_string(row + 1, c, h, fm.head)
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                if c == 0:
                    ws.write_string(row + 2 + r, c, str(v), fm.cell)
                else:
                    num(ws, row + 2 + r, c, v, fm.cell_num)
        blocks[key] = Block(row + 2, len(rows), title)
        row += len(rows) + 4

    title, unit_rows = chart_units(units)
    block("units", title, ("Đơn vị", "Tỷ lệ hoàn thành (%)", "Điểm đơn vị"), unit_rows)
    block("status", "Tình hình nộp báo cáo quý", ("Tình trạng", "Số đơn vị"), status_counts)
    scores = people["score"]
    dist = [(label, int(((scores >= lo) & (scores < hi)).sum())) for label, lo, hi in SCORE_BINS]
    dist.append((NO_SCORE, int(scores.isna().sum())))
    block("scores", "Phân bố điểm cá nhân", ("Khoảng điểm", "Số người"), dist)
    block("trend", "Diễn biến qua các quý",
          ("Quý", "Điểm trung bình", "Tỷ lệ hoàn thành (%)", "Tỷ lệ người báo cáo (%)"),
          [(t["label"], t["mean_score"], t["completion"], t["reported"]) for t in trend])
    return blocks


UNITS_TITLE = "Tỷ lệ việc hoàn thành và điểm theo đơn vị"
ROWS = 13               # rows of 15 points a chart (240 pixels) and the gap under it take
CHART_UNITS = 20        # more columns than this cannot be read on half a page


def chart_units(units: Any) -> tuple[str, list[tuple[Any, Any, Any]]]:
    """The units chart's title and rows (name, completion, score): every unit when there are
    few; otherwise the :data:`CHART_UNITS` with the lowest completion (then score), those
    without a figure last, ties in roster order — the units the leadership should look at."""
    rows = list(zip(units["unit_name"].tolist(), units["completion"].tolist(),
                    units["score"].tolist()))
    if len(rows) <= CHART_UNITS:
        return UNITS_TITLE, rows

    def missing(v: Any) -> bool:
        return v is None or v != v

    rows.sort(key=lambda r: (missing(r[1]), 0 if missing(r[1]) else r[1],
                             missing(r[2]), 0 if missing(r[2]) else r[2]))
    return (f"{CHART_UNITS} đơn vị có tỷ lệ việc hoàn thành thấp nhất (trong {len(rows):,} "
            "đơn vị)".replace(",", "."), rows[:CHART_UNITS])


def _ref(block: Block, col: int) -> list[Any]:
    return [DATA_SHEET, block.first, col, block.first + max(block.rows, 1) - 1, col]


def _style(chart: Any, title: str, y_title: str | None = None, legend: bool = True) -> None:
    chart.set_title({"name": title, "name_font": _font(12, True)})
    chart.set_x_axis({"num_font": _font(9), "name_font": _font(10)})
    y: dict[str, Any] = {"num_font": _font(9), "name_font": _font(10),
                         "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    if y_title:
        y["name"] = y_title
    chart.set_y_axis(y)
    chart.set_legend({"position": "bottom", "font": _font(9)} if legend else {"none": True})
    chart.set_chartarea({"border": {"color": "#BFBFBF"}})


def add_charts(wb: Any, ws: Any, blocks: dict[str, Block], row: int) -> int:
    """Insert the four charts on the overview from ``row``, two per line; return the next row."""
    size = {"x_scale": 1.0, "y_scale": 1.0}
    # each chart spans its half of the page exactly (four columns: the chart's corners are
    # anchored to cells, so an office suite whose columns are wider stretches it, never
    # overlapping its neighbour)
    width = sum(ws.col_info[c].width for c in range(4)) - 8 if hasattr(ws, "col_info") else 520
    height = 240                # 12 rows: a chart row and a gap are ROWS rows
    units = wb.add_chart({"type": "column"})
    b = blocks["units"]
    units.add_series({"name": [DATA_SHEET, b.first - 1, 1], "categories": _ref(b, 0),
                      "values": _ref(b, 1), "fill": {"color": "#2F5597"},
                      "data_labels": {"value": True, "num_format": "0", "font": _font(8)}})
    units.add_series({"name": [DATA_SHEET, b.first - 1, 2], "categories": _ref(b, 0),
                      "values": _ref(b, 2), "fill": {"color": "#C55A11"}})
    _style(units, b.title, "%, điểm")
    units.set_y_axis({"min": 0, "max": 100, "num_font": _font(9)})
    units.set_size({"width": width, "height": height})
    status = wb.add_chart({"type": "pie"})
    b = blocks["status"]
    status.add_series({"name": "Nộp báo cáo quý", "categories": _ref(b, 0), "values": _ref(b, 1),
                       "data_labels": {"value": True, "font": _font(9)},
                       "points": [{"fill": {"color": c}} for c in
                                  ("#70AD47", "#FFC000", "#C00000", "#A5A5A5")]})
    status.set_title({"name": "Tình hình nộp báo cáo quý (số đơn vị)",
                      "name_font": _font(12, True)})
    status.set_legend({"position": "bottom", "font": _font(9)})
    status.set_size({"width": width, "height": height})
    dist = wb.add_chart({"type": "column"})
    b = blocks["scores"]
    dist.add_series({"name": "Số người", "categories": _ref(b, 0), "values": _ref(b, 1),
                     "fill": {"color": "#548235"},
                     "data_labels": {"value": True, "font": _font(8)}})
    _style(dist, "Phân bố điểm cá nhân trong quý", "số người", legend=False)
    dist.set_size({"width": width, "height": height})
    trend = wb.add_chart({"type": "line"})
    b = blocks["trend"]
    for col, color in ((1, "#2F5597"), (2, "#C55A11"), (3, "#7F7F7F")):
        trend.add_series({"name": [DATA_SHEET, b.first - 1, col], "categories": _ref(b, 0),
                          "values": _ref(b, col), "line": {"color": color, "width": 2.25},
                          "marker": {"type": "circle", "size": 6,
                                     "fill": {"color": color}, "border": {"color": color}}})
    _style(trend, "Diễn biến qua các quý", "điểm, %")
    trend.set_y_axis({"min": 0, "max": 100, "num_font": _font(9)})
    trend.set_size({"width": width, "height": height})
    ws.insert_chart(row, 0, units, size)
    ws.insert_chart(row, 4, status, size)
    ws.insert_chart(row + ROWS, 0, dist, size)
    ws.insert_chart(row + ROWS, 4, trend, size)
    return row + 2 * ROWS
