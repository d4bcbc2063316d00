"""The extent of a worksheet XML part: every <row>/<c> (with or without r), merges, links, and
formula cells without a cached value. Fast paths for the layouts Excel writes; the general
token-by-token path for anything else."""

from __future__ import annotations

import re

from toolkit.intake.safety.entities import _DECL_OPEN
from toolkit.intake.safety.findings import Limits, _Stop
from toolkit.intake.safety.sheet_scan import (
    _COL_ROW,
    _attr,
    _col_number,
    _SheetScan,
    _unescape_attr,
)

_ROW_NUM = re.compile(rb"\d{1,15}")
# A start tag of interest with its attributes (quoted values may hold '>', never '<'); r is
# captured directly when it is the first attribute, as Excel writes it. Comments and CDATA
# sections are cut out before this runs (see _XmlSheetScan._slow).
_SHEET_TOKEN = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c|mergeCell|hyperlink)(?=[\s/>])"
    rb"(?:\s+r\s*=\s*\"([^\"<]*)\")?"
    rb"([^<>\"']*(?:(?:\"[^\"<]*\"|'[^'<]*')[^<>\"']*)*)>",
    re.S)
_ODD = re.compile(rb"<!--|<!\[CDATA\[|<[A-Za-z_][\w.\-]*:(?:c|row|mergeCell|hyperlink)[\s/>]")
_FAST_TAG = re.compile(rb'<(c|row)(?=[\s/>])(?:\s+r="([A-Z]{0,7})(\d{1,15})")?')
_RANGE_TAG = re.compile(rb"<(?:mergeCell|hyperlink)(?=[\s/>])([^<>]*)>")
_ATTR_R = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ATTR_REF = re.compile(rb"(?:^|\s)ref\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CARRY_LIMIT = 1 << 20
# The plain layout (see _XmlSheetScan._plain and _plain_tags).
_ROW_NUMBER = re.compile(rb'([1-9]\d{0,14})"')
_PLAIN_TAGS: dict[int, tuple[re.Pattern, re.Pattern]] = {}
# The same tags as _RANGE_TAG; the ref when it comes first and plain (then it is the ref _attr
# finds), else b"".
_PLAIN_RANGE_TAG = re.compile(rb'<(?:mergeCell|hyperlink)(?=[\s/>])'
                              rb'(?:\s+ref="([A-Z]{1,7}\d{1,15}(?::[A-Z]{1,7}\d{1,15})?)")?[^<>]*>')
_LARGE_CORNER = re.compile(rb"\d{6}|[A-Z]{2}")
# Cheap necessary conditions: a match of _ODD's or _HAS_FORMULA's prefixed branch implies one of
# _PREFIXED_HINT, a match of _HAS_FORMULA's unprefixed branch one of _PLAIN_F_HINT.
_PREFIXED_HINT = re.compile(rb":(?:c|row|f|mergeCell|hyperlink)[\s/>]")
_PLAIN_F_HINT = re.compile(rb"<f[\s>/]")
# Formula cells: <c> opened, <f> and <v> inside it, </c>. Only looked at in chunks holding "<f".
_FORMULA_TOKEN = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(c|f|v)(?=[\s/>])([^<>]*?)(/?)>|</(?:[A-Za-z_][\w.\-]*:)?(c|v)>")
_FORMULA_TEXT_MAX = 60


def _plain_tags(top: int) -> tuple[re.Pattern, re.Pattern]:
    """Patterns finding the same tags as _FAST_TAG: row tags (giving b'"' for ``<row r="7"``)
    and cell tags (giving the column letter of ``<c r="B7"``), when the row is a number from 1
    to ``top`` written without leading zero; b"" for any other.

    Compiled once per ``top`` (the last row of a sheet: few values in practice; the cache is
    emptied past 256 of them).
    """
    patterns = _PLAIN_TAGS.get(top)
    if patterns is None:
        if len(_PLAIN_TAGS) >= 256:
            _PLAIN_TAGS.clear()
        upto = _numbers_upto(top)
        patterns = _PLAIN_TAGS[top] = (
            re.compile(rb'<row(?: r="(?:%s)(")|[\s/>])' % upto),
            re.compile(rb'<c(?: r="([A-Z])(?:%s)"|[\s/>])' % upto))
    return patterns


def _numbers_upto(top: int) -> bytes:
    """A regex alternation for the numbers 1 to ``top`` without leading zero (none if top < 1):
    fewer digits, or as many with a smaller digit after a common prefix, or ``top`` itself."""
    digits = str(top)
    if top < 1:
        return rb"(?!)"
    choices = [rb"[1-9]\d{0,%d}" % (len(digits) - 2)] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        low, high = (1 if i == 0 else 0), int(digit) - 1
        if high >= low:
            choices.append(b"%s[%d-%d]\\d{%d}" % (digits[:i].encode(), low, high,
                                                  len(digits) - i - 1))
    choices.append(digits.encode())
    return b"|".join(choices)


_HAS_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


class _XmlSheetScan(_SheetScan):
    """True extent of a worksheet XML: every <row>/<c> (with or without r), merges, links."""

    FIELDS = _SheetScan.FIELDS + ("no_value", "no_value_first")

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.row = 0
        self.col = 0
        self.carry = b""
        self.no_value = 0                       # formula cells without a cached value
        self.no_value_first: tuple[str, str] = ("", "")   # (cell, formula) of the first one
        self._cell: bytes | None = None         # r of the open <c>, b"" when it has none
        self._has_f = False
        self._has_v = False

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk if self.carry else chunk
        cut = buf.rfind(b"<")
        if cut < 0:
            cut = len(buf)
        # "<!" opens comments, CDATA sections and declarations ("!" alone is cheap to rule out)
        bang = b"!" in buf and _DECL_OPEN.search(buf) is not None
        # An unterminated comment or CDATA section must travel whole to the next chunk.
        if bang:
            for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>")):
                o = buf.rfind(opener)
                if o >= 0 and buf.find(closer, o) < 0 and o < cut:
                    cut = o
        if len(buf) - cut > _CARRY_LIMIT:
            cut = len(buf) - 16  # pathological: scan what we have (only ever overestimates)
        self.carry = buf[cut:]
        prefixed = _PREFIXED_HINT.search(buf) is not None
        if self._cell is not None or (prefixed or _PLAIN_F_HINT.search(buf)) and \
                _HAS_FORMULA.search(buf):   # <f> or <x:f>, not <formula1>
            self._formulas(buf, cut)
        self._scan(buf, cut, plain=not (bang or prefixed))

    def close(self) -> None:
        if self.carry:
            buf, self.carry = self.carry, b""
            if self._cell is None and buf.startswith(b"</") and buf.count(b"<") == 1:
                return  # a lone end tag (</worksheet>): no tag of interest, no formula
            if self._cell is not None or _HAS_FORMULA.search(buf):
                self._formulas(buf, len(buf))
            try:
                self._scan(buf, len(buf))
            except _Stop:
                pass

    def _formulas(self, buf: bytes, end: int) -> None:
        """Count cells holding a formula but no cached value (written by a program, never
        calculated): the reader sees them as empty."""
        for m in _FORMULA_TOKEN.finditer(buf, 0, end):
            tag, attrs, closed, end_tag = m.groups()
            if end_tag == b"c":
                if self._cell is not None and self._has_f and not self._has_v:
                    self.no_value += 1
                    if self.no_value == 1:
                        self.no_value_first = (self._cell.decode("ascii", "replace"),
                                               self.no_value_first[1])
                self._cell = None
            elif end_tag is not None or self._cell is None and tag != b"c":
                continue
            elif tag == b"c":
                self._cell = None if closed else (_attr(attrs, _ATTR_R) or b"")
                self._has_f = self._has_v = False
            elif tag == b"f":
                self._has_f = True
                if self.no_value == 0 and not closed:
                    stop = buf.find(b"<", m.end())
                    text = buf[m.end():stop if stop >= 0 else len(buf)]
                    formula = _unescape_attr(text).decode("utf-8", "replace").strip()
                    if len(formula) > _FORMULA_TEXT_MAX:
                        formula = formula[:_FORMULA_TEXT_MAX - 1] + "…"
                    self.no_value_first = (self.no_value_first[0], "=" + formula)
            elif tag == b"v" and not closed:
                stop = buf.find(b"<", m.end())
                self._has_v = self._has_v or stop != m.end()

    def _scan(self, buf: bytes, end: int, plain: bool = False) -> None:
        """``plain``: the buffer holds no "<!" and no prefixed sheet tag (see :meth:`feed`)."""
        if not (plain and self._plain(buf, end)) and not self._fast(buf, end):
            self._slow(buf, end)
        self._check()

    def _plain(self, buf: bytes, end: int) -> bool:
        """:meth:`_fast` for the layout Excel writes, with fewer passes and objects: every row tag
        is exactly ``<row r="7"`` and every cell tag exactly ``<c r="B7"`` (one space, r first,
        one column letter, a row number without leading zero), the last row tag having the
        largest number. Returns False (nothing done) otherwise.

        Called only for buffers without comments, CDATA and prefixed tags, where :meth:`_fast`
        would look at the same tags and, finding them all of this shape, reach the same state.
        """
        last_row = buf.rfind(b'<row r="', 0, end)
        top = _ROW_NUMBER.match(buf, last_row + 8, end) if last_row >= 0 else None
        if top is None:
            return False
        top_row = int(top.group(1))
        rows, cells = _plain_tags(top_row)
        if b"" in rows.findall(buf, 0, end):
            return False
        letters = cells.findall(buf, 0, end)
        if b"" in letters:
            return False
        if letters:
            self.max_col = max(self.max_col, max(set(letters))[0] - 64)
        self.max_row = max(self.max_row, top_row)
        self.row = top_row
        last_cell = buf.rfind(b'<c r="', 0, end) if letters else -1
        self.col = letters[-1][0] - 64 if last_cell > last_row else 0
        self._ranges(buf, end)
        return True

    def _fast(self, buf: bytes, end: int) -> bool:
        """The common case, done in C: no comments/CDATA/prefixes, every <row>/<c> with r first.

        Returns False (nothing done) when the chunk is not that simple.
        """
        if _ODD.search(buf, 0, end):
            return False
        found = _FAST_TAG.findall(buf, 0, end)
        if found:
            tags, letters, numbers = zip(*found)
            n_cells = tags.count(b"c")
            n_plain = letters.count(b"")
            # every tag carries r; cells have column letters, rows have none
            if b"" in numbers or n_plain != len(tags) - n_cells:
                return False
            max_row, max_col = self.max_row, self.max_col
            max_row = max(max_row, max(map(int, set(numbers))))
            if n_cells:
                distinct = set(letters)
                distinct.discard(b"")
                max_col = max(max_col, max(map(_col_number, distinct)))
            last = len(tags) - 1 - tags[::-1].index(b"row") if n_plain else -1
            self.row = int(numbers[last]) if last >= 0 else self.row
            self.col = _col_number(letters[-1]) if tags[-1] == b"c" else 0
            self.max_row, self.max_col = max_row, max_col
        self._ranges(buf, end)
        return True

    def _ranges(self, buf: bytes, end: int) -> None:
        """mergeCell / hyperlink ranges, in document order: only their area is judged."""
        merge, link = buf.find(b"<mergeCell"), buf.find(b"<hyperlink")
        if merge < 0 and link < 0:
            return
        start = min(merge, link) if merge >= 0 and link >= 0 else max(merge, link)
        # no match can start before; b"" for a tag without a plain ref="A1:D4" first
        refs = _PLAIN_RANGE_TAG.findall(buf, start, end)
        if refs and b"" not in refs and self._small_ranges(refs):
            return
        for attrs in _RANGE_TAG.findall(buf, start, end):
            ref = _attr(attrs, _ATTR_REF)
            if ref:
                self._range(_unescape_attr(ref))

    def _small_ranges(self, refs: list[bytes]) -> bool:
        """True when no range in ``refs`` can exceed the area limit: with rows below 100000 and
        one-letter columns, none is larger than 100000 x 26."""
        return _LARGE_CORNER.search(b" ".join(refs)) is None and \
            100_000 * 26 <= self.limits.max_rows * self.limits.max_cols

    def _slow(self, buf: bytes, end: int) -> None:
        """Token by token: comments and CDATA skipped, implicit positions counted."""
        pos = 0
        comment = cdata = -2  # next known opener positions (-1: none left in this buffer)
        while pos < end and not self._over():
            if comment != -1 and comment < pos:
                comment = buf.find(b"<!--", pos, end)
            if cdata != -1 and cdata < pos:
                cdata = buf.find(b"<![CDATA[", pos, end)
            starts = [i for i in (comment, cdata) if i >= 0]
            if not starts:
                self._tags(buf, pos, end)
                return
            i = min(starts)
            self._tags(buf, pos, i)
            opener, closer = (b"<!--", b"-->") if i == comment else (b"<![CDATA[", b"]]>")
            j = buf.find(closer, i + len(opener), end)
            if j < 0:
                return  # the rest of this buffer is inside the comment / CDATA section
            pos = j + len(closer)

    def _over(self) -> bool:
        return (self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols
                or self.range_over is not None)

    def _tags(self, buf: bytes, start: int, end: int) -> None:
        max_row, max_col, row, col = self.max_row, self.max_col, self.row, self.col
        limit_r, limit_c = self.limits.max_rows, self.limits.max_cols
        try:
            for m in _SHEET_TOKEN.finditer(buf, start, end):
                kind = m.group(1)
                r = m.group(2)
                if kind == b"c":
                    if r is None:
                        r = _attr(m.group(3), _ATTR_R)
                    ref = _COL_ROW.fullmatch(_unescape_attr(r)) if r is not None else None
                    if ref is None:
                        col += 1
                        if row == 0:
                            row = 1
                        cell_row = row
                    else:
                        col = _col_number(ref.group(1))
                        cell_row = int(ref.group(2))
                    if col > max_col:
                        max_col = col
                    if cell_row > max_row:
                        max_row = cell_row
                elif kind == b"row":
                    if r is None:
                        r = _attr(m.group(3), _ATTR_R)
                    num = _ROW_NUM.fullmatch(_unescape_attr(r).strip()) if r is not None else None
                    row = int(num.group(0)) if num else row + 1
                    col = 0
                    if row > max_row:
                        max_row = row
                else:
                    # mergeCell / hyperlink ranges: calamine ignores them, but openpyxl creates
                    # one object per cell of the range, so only their area is judged.
                    ref = _attr(m.group(3) if r is None else b" " + m.group(0), _ATTR_REF)
                    if ref:
                        self._range(_unescape_attr(ref))
                        if self.range_over:
                            break
                if max_row > limit_r or max_col > limit_c:
                    break
        finally:
            self.max_row, self.max_col, self.row, self.col = max_row, max_col, row, col
