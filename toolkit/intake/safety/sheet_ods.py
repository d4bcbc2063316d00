"""The extent and hidden tables of an OpenDocument spreadsheet (content.xml)."""

from __future__ import annotations

import unicodedata

from toolkit.intake.safety.findings import Limits, _Stop
from toolkit.intake.safety.sheet_scan import _SheetScan


class _OdsScan(_SheetScan):
    """Extent of the non-empty cells of each table in an ODS content.xml (repeats counted)."""

    FIELDS = ()                 # extents and hidden tables of a whole package: not remembered
    _T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    _O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    _S = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    _X = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

    def __init__(self, limits: Limits) -> None:
        super().__init__(limits)
        import xml.parsers.expat as expat
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.extents: dict[str, tuple[int, int]] = {}
        self.hidden: list[str] = []
        self.hidden_styles: set[str] = set()
        self.style: str | None = None
        self.table: str | None = None
        self.over_sheet: str | None = None
        self.failed = False
        self.row = 0
        self.row_repeat = 1
        self.row_max_col = 0
        self.col = 0
        self.cell_repeat = 1
        self.cell_filled = False
        self.in_cell = False
        self.t_rows = 0
        self.t_cols = 0

    @staticmethod
    def _count(value: str | None) -> int:
        if not value:
            return 1
        value = value.strip()
        if not value.isdigit():
            return 1
        return int(value) if len(value) <= 9 else 10**9

    def _doctype(self, *args) -> None:
        raise _Stop

    def _start(self, name: str, attrs: dict) -> None:
        ns, _, local = name.rpartition(" ")
        T = self._T
        if ns == self._S and local == "style":
            self.style = attrs.get(self._S + " name") if attrs.get(
                self._S + " family") == "table" else None
        elif ns == self._S and local == "table-properties" and self.style:
            if attrs.get(T + " display") == "false":
                self.hidden_styles.add(self.style)
        elif ns != T:
            if self.in_cell and local in ("p", "h", "a", "span", "annotation") or (
                    self.in_cell and ns == self._X):
                self.cell_filled = True
            return
        elif local == "table":
            self.table = unicodedata.normalize("NFC", attrs.get(T + " name", ""))
            if attrs.get(T + " style-name") in self.hidden_styles:
                self.hidden.append(self.table)
            self.row = 0
            self.t_rows = self.t_cols = 0
            self.extents[self.table] = (0, 0)
        elif local == "table-row":
            self.row_repeat = self._count(attrs.get(T + " number-rows-repeated"))
            self.col = 0
            self.row_max_col = 0
        elif local in ("table-cell", "covered-table-cell"):
            self.in_cell = True
            self.cell_repeat = self._count(attrs.get(T + " number-columns-repeated"))
            self.cell_filled = any(k.endswith((" value-type", " formula")) for k in attrs)

    def _end(self, name: str) -> None:
        ns, _, local = name.rpartition(" ")
        if ns != self._T:
            return
        if local in ("table-cell", "covered-table-cell"):
            self.in_cell = False
            if self.cell_filled:
                self.row_max_col = self.col + self.cell_repeat
            self.col += self.cell_repeat
        elif local == "table-row":
            if self.row_max_col and self.table is not None:
                self.t_rows = self.row + self.row_repeat
                self.t_cols = max(self.t_cols, self.row_max_col)
                self.extents[self.table] = (self.t_rows, self.t_cols)
                if self.t_rows > self.limits.max_rows or self.t_cols > self.limits.max_cols:
                    self.over_sheet = self.table
                    self.over = True
                    raise _Stop
            self.row += self.row_repeat

    def feed(self, chunk: bytes) -> None:
        if self.failed:
            return
        try:
            self.parser.Parse(chunk, False)
        except _Stop:
            if self.over:
                raise
            self.failed = True
        except Exception:
            self.failed = True

    def close(self) -> None:
        if self.failed or self.over:
            return
        try:
            self.parser.Parse(b"", True)
        except Exception:
            self.failed = True
