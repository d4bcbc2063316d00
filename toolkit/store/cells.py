"""Where a record's values sit in its workbook: field key -> cell reference.

Every row of a table read from one workbook has its fields in the same columns, so a record keeps
the table's letters (shared by all its rows) and its row number instead of a dict of references:
cheaper to build for the 300,000 rows of a province, and the store keeps the letters once per
submission instead of once per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping


class RowCells(Mapping):
    """``{key: "D7"}`` for a row, computed from ``letters`` (key -> column letter, None for a
    field whose column was not found: then the whole row, ``"7:7"``) and the row number."""

    __slots__ = ("letters", "row")

    def __init__(self, letters: Mapping[str, str | None], row: int) -> None:
        self.letters = letters
        self.row = row

    def __getitem__(self, key: str) -> str:
        letter = self.letters[key]
        return f"{self.row}:{self.row}" if letter is None else f"{letter}{self.row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self.letters)

    def __len__(self) -> int:
        return len(self.letters)

    def __repr__(self) -> str:
        return f"RowCells({dict(self)!r})"

    def __reduce__(self) -> tuple:
        return (RowCells, (self.letters, self.row))


def cells_of(letters: Mapping[str, str | None] | None, row: int) -> Mapping[str, str]:
    """The cells of a stored record that did not keep its own: from its submission's letters
    for the record's table (empty when they are not known)."""
    if letters:
        return RowCells(letters, row)
    return {}
