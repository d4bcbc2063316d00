"""The extent of a binary (.xlsb) worksheet."""

from __future__ import annotations

import struct

from toolkit.intake.safety.findings import Limits
from toolkit.intake.safety.sheet_scan import _SheetScan
from toolkit.intake.safety.workbook_parts import _varint


class _XlsbSheetScan(_SheetScan):
    """True extent of a binary (.xlsb) worksheet from its row and cell records."""

    xml = False
    _CELLS = frozenset(range(1, 12))        # BrtCellBlank … BrtFmlaError: Cell.column first
    _SHORT = frozenset(range(12, 19))       # BrtShort*: column implied

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        self.buf = b""
        self.skip = 0
        self.row = 0
        self.col = 0

    def feed(self, chunk: bytes) -> None:
        if self.skip:
            take = min(self.skip, len(chunk))
            chunk = chunk[take:]
            self.skip -= take
        buf = self.buf + chunk
        pos, n = 0, len(buf)
        while pos < n:
            rtype, p = _varint(buf, pos, 2)
            if rtype is None:
                break
            size, p = _varint(buf, p, 4)
            if size is None:
                break
            if rtype in (0,) or rtype in self._CELLS:
                if p + min(size, 4) > n:
                    break
                if rtype == 0 and size >= 4:
                    self.row = struct.unpack_from("<I", buf, p)[0] + 1
                    self.col = 0
                    self.max_row = max(self.max_row, self.row)
                elif rtype != 0 and size >= 4:
                    self.col = struct.unpack_from("<I", buf, p)[0] + 1
                    self.max_col = max(self.max_col, self.col)
                    self.max_row = max(self.max_row, self.row)
            elif rtype in self._SHORT:
                self.col += 1
                self.max_col = max(self.max_col, self.col)
                self.max_row = max(self.max_row, self.row)
            if p + size > n:
                self.skip = p + size - n
                pos = n
                break
            pos = p + size
            if self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols:
                break
        self.buf = buf[pos:]
        self._check()
