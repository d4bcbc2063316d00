"""Page breaks for printed worksheets: keep a heading with what follows, a table's header with
its first row, its last two rows together.

A spreadsheet has no "keep with next": the office suite breaks pages where the rows run out, so a
section heading can end a page, or a table's last row start one alone. Here the pages are laid
out in advance from the row heights and column widths the writer set, the way LibreOffice and
Excel lay them out for A4 "fit to one page wide", and a manual break is put before each group
that would otherwise be split. The estimate is conservative (a page is filled to
:data:`FILL`), so the manual breaks are the ones that apply.

Measured with LibreOffice 7 on Times New Roman 12 workbooks: a column of width ``w`` (Excel
characters) takes ``8 w + 5`` pixels, a row of ``h`` points takes ``round(h / 0.75)`` pixels,
96 pixels an inch; the page's body is the paper less the margins (the footer sits in the
margin); "fit to width" scales everything by printable width ÷ sheet width when that is below 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

A4_MM = (210.0, 297.0)
PT_PER_MM = 72 / 25.4
DEFAULT_ROW_PT = 15.0
FILL = 0.95             # the share of a page's height counted as usable (the estimate's margin)


# How much text a wrapped cell holds, measured on the demo's pages as LibreOffice prints them in
# Times New Roman: a column of width 66 holds about 75 characters of Vietnamese text a line at
# 12 pt, one of width 46.7 about 62 at 10 pt (1.1 characters a unit of width at 12 pt, more at
# smaller sizes); a line takes 1.15 times the font size. The estimate rounds the other way
# (fewer characters a line, taller lines), for the texts that wrap worse than prose (e-mail
# addresses, file names): a row a little too tall wastes paper, a row too short hides the end
# of a message. tests/test_row_heights.py holds every output row to LibreOffice's own height.
CHARS_PER_UNIT = 1.0        # characters a unit of column width holds at 12 pt (1.1 measured)
LINE = 1.2                  # a printed line's height / the font size


def wrapped_lines(text: str, width: float, size: float = 12) -> int:
    """Printed lines of ``text`` in a wrapped column ``width`` characters wide at ``size``
    points: each paragraph wrapped at word boundaries (greedy, as office suites do)."""
    if not text:
        return 1
    per_line = chars_per_line(width, size)
    return sum(_wrapped(part, per_line) for part in str(text).split("\n"))


def chars_per_line(width: float, size: float = 12) -> int:
    """The characters a line of a column ``width`` characters wide holds at ``size`` points
    (a text no longer than this, without a line break, takes one line)."""
    return max(4, int(width * CHARS_PER_UNIT * 12 / size))


def _wrapped(line: str, per_line: int) -> int:
    lines, used = 1, 0
    for word in line.split(" "):
        n = len(word)
        if used and used + 1 + n > per_line:
            lines, used = lines + 1, 0
        if n > per_line:                       # a word longer than the line breaks anywhere
            lines += (n - 1) // per_line
            n = n % per_line or per_line
        used = n if not used else used + 1 + n
    return lines


def text_height(lines: int, size: float = 12) -> float:
    """The height (points) of a row holding ``lines`` printed lines at ``size`` points."""
    return round(LINE * size * lines + 5, 1)


def column_points(width_chars: float) -> float:
    """A column's printed width (points at 100 %) from its Excel width in characters."""
    return (width_chars * 8 + 5) * 0.75


def row_points(height_pt: float | None) -> float:
    """A row's printed height: its height rounded to whole pixels (None: the default)."""
    h = DEFAULT_ROW_PT if height_pt is None else height_pt
    return round(h / 0.75) * 0.75


@dataclass(frozen=True)
class Page:
    """A4 in one orientation with margins (inches: left, right, top, bottom) and the widths
    (characters) of the printed columns."""

    landscape: bool
    margins_in: tuple[float, float, float, float]
    widths: tuple[float, ...]

    @property
    def scale(self) -> float:
        w_mm = A4_MM[1] if self.landscape else A4_MM[0]
        left, right = self.margins_in[:2]
        printable = w_mm * PT_PER_MM - (left + right) * 72
        sheet = sum(column_points(w) for w in self.widths) or 1.0
        return min(1.0, printable / sheet)

    @property
    def height(self) -> float:
        """The body's height in sheet points (before scaling)."""
        h_mm = A4_MM[0] if self.landscape else A4_MM[1]
        top, bottom = self.margins_in[2:]
        return (h_mm * PT_PER_MM - (top + bottom) * 72) / self.scale


def page_breaks(heights: dict[int, float], first: int, last: int, page_height: float, *,
                repeat: tuple[int, int] | None = None,
                keep: Iterable[tuple[int, int]] = (), fill: float = FILL) -> list[int]:
    """Rows (0-based) before which a page starts, for rows ``first``..``last``.

    ``heights`` maps a row to its printed height (points; a missing row is the default
    height); ``repeat`` the rows printed again at the top of every page after the first (the
    table's header); ``keep`` ranges of rows (inclusive) that must share a page: a heading with
    its table's header and first row, a table's last two rows with the note under them.
    """
    def h(r: int) -> float:
        return row_points(heights.get(r))

    starts: dict[int, int] = {}          # row -> the first row of the (merged) group holding it
    merged: list[list[int]] = []         # overlapping groups are one group: a heading kept with
    for a, b in sorted(keep):            # a table's header, kept with the whole short table
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in merged:
        for r in range(a + 1, b + 1):
            starts[r] = a
    repeat_h = sum(h(r) for r in range(repeat[0], repeat[1] + 1)) if repeat else 0.0
    cap = page_height * fill
    breaks: list[int] = []
    start, used = first, 0.0
    r = first
    while r <= last:
        size = h(r)
        if used + size > cap and r > start:
            b = starts.get(r, r)
            if b <= start:
                b = r
            breaks.append(b)
            start = b
            used = (repeat_h if repeat and b > repeat[1] else 0.0)
            r = b
            continue
        used += size
        r += 1
    return breaks


# ---------------------------------------------------------------- xlsxwriter worksheets

def written_heights(ws: Any) -> dict[int, float]:
    """The heights (points) set on an xlsxwriter worksheet's rows (``set_row``)."""
    sizes = getattr(ws, "row_sizes", None) or {}
    return {r: v[0] * 0.75 if v[0] is not None else DEFAULT_ROW_PT for r, v in sizes.items()}


def written_widths(ws: Any, ncols: int) -> tuple[float, ...]:
    """The widths (characters) of an xlsxwriter worksheet's first ``ncols`` columns."""
    info = getattr(ws, "col_info", None) or {}
    out = []
    for c in range(ncols):
        item = info.get(c)
        px = getattr(item, "width", None) if item is not None else None
        if px is None and isinstance(item, (list, tuple)) and item:
            px = item[0]
        out.append(8.43 if px is None else max(0.0, (px - 5) / 7))
    return tuple(out)


def break_pages(ws: Any, first: int, last: int, ncols: int, *, landscape: bool,
                margins_in: tuple[float, float, float, float],
                repeat: tuple[int, int] | None = None, keep: Sequence[tuple[int, int]] = (),
                heights: dict[int, float] | None = None) -> list[int]:
    """Lay out an xlsxwriter worksheet's rows ``first``..``last`` on A4 pages and set the
    manual page breaks that keep the ``keep`` groups whole; return the breaks. ``heights``
    adds the heights of rows not set through ``set_row`` (rows written in bulk)."""
    page = Page(landscape, margins_in, written_widths(ws, ncols))
    rows = written_heights(ws)
    rows.update(heights or {})
    found = page_breaks(rows, first, last, page.height, repeat=repeat, keep=keep)
    if found:
        ws.set_h_pagebreaks(found)
    return found
