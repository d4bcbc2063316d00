"""The true extent of each worksheet, computed from the cells in its part (``<dimension>`` can
lie): python-calamine allocates a dense grid up to the farthest cell, so one value in XFD1048576
would ask for tens of GB. :class:`_SheetScan` is what every scanner (XML, .xlsb, ODS) shares."""

from __future__ import annotations

import re

from toolkit.intake.safety.findings import Limits, _Stop

_COL_ROW = re.compile(rb"\$?([A-Za-z]{1,7})\$?(\d{1,15})")
_PLAIN_RANGE = re.compile(rb"([A-Z]{1,7})(\d{1,15}):([A-Z]{1,7})(\d{1,15})")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _unescape_attr(value: bytes) -> bytes:
    if b"&" not in value:
        return value
    import html
    return html.unescape(value.decode("utf-8", "replace")).encode("utf-8", "replace")


def _attr(attrs: bytes, pattern: re.Pattern) -> bytes | None:
    m = pattern.search(attrs)
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


class _SheetScan:
    xml = True
    # what is read of a scanner once its part is read (see outcome); () for a scanner whose
    # outcome is not remembered
    FIELDS: tuple[str, ...] = ("max_row", "max_col", "over", "range_over")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.max_row = 0
        self.max_col = 0
        self.over = False
        self.range_over: tuple[int, int] | None = None   # (rows, cols) of a huge merge/link

    @property
    def reported(self) -> tuple[int, int]:
        """(rows, cols) to show in FILE_SHEET_TOO_LARGE."""
        if self.range_over and self.max_row <= self.limits.max_rows and \
                self.max_col <= self.limits.max_cols:
            return self.range_over
        return self.max_row, self.max_col

    def _range(self, ref: bytes) -> None:
        plain = _PLAIN_RANGE.fullmatch(ref)      # "A1:D4", the usual case
        if plain:
            col1, row1, col2, row2 = plain.groups()
            cols = [_col_number(col1), _col_number(col2)]
            rows = [int(row1), int(row2)]
        else:
            corners = [_COL_ROW.fullmatch(p.strip())
                       for p in ref.replace(b" ", b":").split(b":")]
            corners = [c for c in corners if c]
            if not corners:
                return
            cols = [_col_number(c.group(1)) for c in corners]
            rows = [int(c.group(2)) for c in corners]
        height, width = max(rows) - min(rows) + 1, max(cols) - min(cols) + 1
        if height * width > self.limits.max_rows * self.limits.max_cols:
            self.range_over = (max(rows), max(cols))

    def feed(self, chunk: bytes) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:
        pass

    def outcome(self) -> tuple:
        """The values of :attr:`FIELDS` (immutable), once the part is read and closed."""
        return tuple(getattr(self, name) for name in self.FIELDS)

    def restore(self, outcome: tuple) -> None:
        """Become a scanner that read a part giving ``outcome``."""
        for name, value in zip(self.FIELDS, outcome):
            setattr(self, name, value)

    def _check(self) -> None:
        if self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols or \
                self.range_over:
            self.over = True
            raise _Stop
