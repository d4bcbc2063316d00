"""Forms are data: each form is declared once and drives templates, reading, validation and docs."""

from __future__ import annotations

from dataclasses import dataclass, field

# Field kinds and what a cell of that kind holds once read.
TEXT = "text"          # short text
LONG = "long"          # long text, wrapped
ID = "id"              # a code kept as text (leading zeros matter)
INT = "int"            # whole number
NUMBER = "number"      # any number
PERCENT = "percent"    # 0-100
DATE = "date"          # a date, shown dd/mm/yyyy
CHOICE = "choice"      # one value of a named list
YESNO = "yesno"        # Có / Không

KINDS = (TEXT, LONG, ID, INT, NUMBER, PERCENT, DATE, CHOICE, YESNO)


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    kind: str = TEXT
    required: bool = False
    width: float = 14
    help: str = ""
    choices: str | None = None          # name of a list (see forms.lists)
    min: float | None = None
    max: float | None = None
    aliases: tuple[str, ...] = ()       # other headers accepted when reading (old versions, English)
    prefill: bool = False               # written by the toolkit and locked; not an input
    max_len: int | None = None
    date_range: str = "year"            # "year" or "period": the allowed range of a date
    english: str = ""                   # English header, also accepted when reading

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.key}: unknown kind {self.kind}")
        if self.kind == CHOICE and not self.choices:
            raise ValueError(f"field {self.key}: a choice field needs a list")

    @property
    def headers(self) -> tuple[str, ...]:
        extra = (self.english,) if self.english else ()
        return (self.header, *self.aliases, *extra)


@dataclass(frozen=True)
class Table:
    """A sheet of repeated rows under one header row."""

    key: str
    sheet: str
    title: str
    fields: tuple[Field, ...]
    person_field: str | None = None     # the field that names the person a row belongs to
    blank_rows: int = 10                # empty input rows after the pre-filled ones
    note: str = ""                      # one line under the title
    aliases: tuple[str, ...] = ()       # other sheet names accepted when reading
    required: bool = True               # the sheet must be present

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def inputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.prefill)

    @property
    def required_inputs(self) -> tuple[str, ...]:
        """The keys of the input fields a used row must fill: the checks ask exactly these
        (REQUIRED_MISSING), and the instructions sheet marks exactly these "Bắt buộc"."""
        return tuple(f.key for f in self.fields if f.required and not f.prefill)


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    name: str                           # short Vietnamese name, e.g. "Bản đăng ký việc làm theo"
    title: str                          # title printed on the sheet, may use {year} {period}
    period_kind: str                    # "year" or "quarter"
    tables: tuple[Table, ...]
    instructions: tuple[str, ...] = ()
    file_stem: str = ""
    per_unit: bool = True
    deadline_key: str = ""              # how the deadline is found (see forms.deadline_for)

    def table(self, key: str) -> Table:
        for tb in self.tables:
            if tb.key == key:
                return tb
        raise KeyError(key)


@dataclass
class Row:
    """One read row: the Excel row number, raw values by field key and column letters."""

    number: int
    values: dict[str, object] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)

    def cell(self, key: str) -> str:
        from toolkit.common.xlref import col_letter
        col = self.columns.get(key)
        return f"{col_letter(col)}{self.number}" if col is not None else f"{self.number}:{self.number}"
