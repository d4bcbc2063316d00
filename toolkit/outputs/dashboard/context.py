"""What every dashboard sheet shares while it is written (:class:`SheetContext`: the workbook, its
formats, the scores, column widths, row heights, print setup) and the labels of states and forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

from toolkit.outputs.dashboard.rows import Bulk
from toolkit.outputs.document import setup_document_print, write_doc_header

if TYPE_CHECKING:
    from toolkit.scoring.scores import QuarterScores

STATE_VI = {"on_time": "Đúng hạn", "late": "Nộp muộn", "missing": "Chưa nộp (quá hạn)",
            "pending": "Chưa nộp (chưa đến hạn)"}
FORM_VI = {"pledge": "Bản đăng ký", "quarterly": "Báo cáo quý (cá nhân)",
           "unit-report": "Báo cáo đơn vị", "diary": "Nhật ký làm theo lời Bác"}


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
        ws.set_row(row, 46)
        self.widths[ws.name] = [w for _, w in heads]
        return row

    def fit(self, ws: Any, row: int, values: list[Any], spans: dict[int, int] | None = None
            ) -> None:
        """Set the row's height for its longest wrapped text (office suites do not do it for
        rows written by a library): about 1.15 characters per width unit, 15 points a line."""
        widths = self.widths.get(ws.name, [])
        lines = 1
        for c, v in enumerate(values):
            if not isinstance(v, str) or c >= len(widths):
                continue
            width = sum(widths[c:c + (spans or {}).get(c, 1)])
            per_line = max(1, int(width * 1.15))
            lines = max(lines, sum(1 + len(part) // per_line for part in v.split("\n")))
        if lines > 1:
            ws.set_row(row, 15 * min(lines, 12))

    def heights(self, ws: Any, texts: dict[int, list[Any]], spans: dict[int, int] | None = None
                ) -> list[float | None]:
        """:meth:`fit` for a whole table: ``texts`` maps a column to its values, one per row
        (the other columns count as one line); the height of each row, None for the default."""
        widths = self.widths.get(ws.name, [])
        n = max((len(v) for v in texts.values()), default=0)
        lines = [1] * n
        for c, values in texts.items():
            if c >= len(widths):
                continue
            per_line = max(1, int(sum(widths[c:c + (spans or {}).get(c, 1)]) * 1.15))
            try:
                distinct = dict.fromkeys(values)
                hashable = True
            except TypeError:                       # unhashable values: not text anyway
                distinct = dict.fromkeys(v for v in values if isinstance(v, str))
                hashable = False
            strings = [v for v in distinct if isinstance(v, str)]
            if not strings or (max(map(len, strings)) < per_line
                               and "\n" not in "\x00".join(strings)):
                continue                            # every value fits on one line
            many = {}
            for v in strings:
                if "\n" in v:
                    k = sum(1 + len(part) // per_line for part in v.split("\n"))
                elif len(v) >= per_line:
                    k = 1 + len(v) // per_line
                else:
                    continue
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
        return [15 * min(k, 12) if k > 1 else None for k in lines]

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
