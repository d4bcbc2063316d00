"""What every dashboard sheet shares while it is written (:class:`SheetContext`: the workbook, its
formats, the scores, column widths, row heights, print setup) and the labels of states and forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from toolkit.common.paging import chars_per_line, text_height, wrapped_lines
from toolkit.outputs.dashboard.rows import Bulk
from toolkit.outputs.document import setup_document_print, write_doc_header

if TYPE_CHECKING:
    from toolkit.scoring.scores import QuarterScores

STATE_VI = {"on_time": "Đúng hạn", "late": "Nộp muộn", "missing": "Chưa nộp (quá hạn)",
            "pending": "Chưa nộp (chưa đến hạn)"}
FORM_VI = {"pledge": "Bản đăng ký", "quarterly": "Báo cáo quý (cá nhân)",
           "unit-report": "Báo cáo đơn vị", "diary": "Nhật ký làm theo lời Bác"}


CELL_SIZE = 11          # the dashboard's tables are set in 11 pt (doc_formats(table_size=11))
MAX_LINES = 12          # a row taller than this is a text to read on screen, not on paper


@dataclass
class SheetContext:
    wb: Any
    fm: Any
    config: Any
    q: QuarterScores
    label: str
    as_of: dt.date
    widths: dict[str, list[float]] = field(default_factory=dict)
    bulk: Bulk = field(default_factory=Bulk)     # the big tables' rows (see dashboard_rows)

    def header(self, ws: Any, ncols: int, title: str, subtitle: str = "") -> int:
        sub = subtitle or f"{self.label} – số liệu tính đến ngày {self.as_of:%d/%m/%Y}"
        return write_doc_header(ws, self.fm, self.config, ncols, date=self.as_of,
                                title=title, subtitle=sub, numbered=False)

    def table(self, ws: Any, row: int, heads: list[tuple[str, float]]) -> int:
        for c, (head, width) in enumerate(heads):
            ws.write_string(row, c, head, self.fm.head)
            ws.set_column(c, c, width)
        # three lines at least (the header row looks alike on every sheet); bold is wider
        lines = max([3] + [wrapped_lines(head, width * 0.8, CELL_SIZE) for head, width in heads])
        ws.set_row(row, text_height(lines, CELL_SIZE))
        self.widths[ws.name] = [w for _, w in heads]
        return row

    def fit(self, ws: Any, row: int, values: list[Any], spans: dict[int, int] | None = None
            ) -> None:
        """Set the row's height for its longest wrapped text (office suites do not do it for
        rows written by a library), by the estimate of :mod:`toolkit.common.paging`."""
        widths = self.widths.get(ws.name, [])
        lines = 1
        for c, v in enumerate(values):
            if not isinstance(v, str) or c >= len(widths):
                continue
            lines = max(lines, wrapped_lines(v, sum(widths[c:c + (spans or {}).get(c, 1)]),
                                             CELL_SIZE))
        if lines > 1:
            ws.set_row(row, text_height(min(lines, MAX_LINES), CELL_SIZE))

    def heights(self, ws: Any, texts: dict[int, list[Any]], spans: dict[int, int] | None = None
                ) -> list[float | None]:
        """:meth:`fit` for a whole table: ``texts`` maps a column to its values, one per row
        (the other columns count as one line); the height of each row, None for the default.
        Each distinct text is measured once (a province's table repeats its units' names)."""
        widths = self.widths.get(ws.name, [])
        n = max((len(v) for v in texts.values()), default=0)
        lines = [1] * n
        for c, values in texts.items():
            if c >= len(widths):
                continue
            width = sum(widths[c:c + (spans or {}).get(c, 1)])
            one_line = chars_per_line(width, CELL_SIZE)
            try:
                distinct = dict.fromkeys(values)
                hashable = True
            except TypeError:                       # unhashable values: not text anyway
                distinct = dict.fromkeys(v for v in values if isinstance(v, str))
                hashable = False
            strings = [v for v in distinct if isinstance(v, str)]
            if not strings or (max(map(len, strings)) <= one_line
                               and "\n" not in "\x00".join(strings)):
                continue                            # every value fits on one line
            many = {}
            for v in strings:
                k = wrapped_lines(v, width, CELL_SIZE)
                if k > 1:
                    many[v] = k
            if many:
                if hashable and len(values) == n:   # (what is not text is never a key)
                    lines = list(map(max, lines, map(many.get, values, repeat(1))))
                else:
                    for i, v in enumerate(values):
                        k = many.get(v) if isinstance(v, str) else None
                        if k is not None and k > lines[i]:
                            lines[i] = k
        return [text_height(min(k, MAX_LINES), CELL_SIZE) if k > 1 else None for k in lines]

    def finish(self, ws: Any, header_row: int | None, last_row: int, ncols: int,
               keep: list[tuple[int, int]] | None = None, one_page: bool = False) -> None:
        """Print setup: ``ncols`` printed columns (technical ones after them are not printed),
        ``header_row`` repeated, page breaks keeping each ``keep`` group of rows (a heading with
        its table's header and first row; a table's end with its note) on one page."""
        heights: dict[int, float] = {}
        for block in self.bulk.blocks.get(ws.name, []):
            for i, h in enumerate(block.heights):
                if h is not None:
                    heights[block.first + i] = h
        groups = list(keep or [])
        if header_row is not None:
            groups.append((header_row - 2, header_row + 1))     # title, subtitle, header, row 1
        setup_document_print(ws, self.config, landscape=True, repeat_row=header_row,
                             last_row=max(last_row, (header_row or 0) + 1), ncols=ncols,
                             keep=groups, heights=heights, one_page=one_page)
        if header_row is not None:
            ws.freeze_panes(header_row + 1, 0)
