"""Reporting periods: a quarter (2024-Q2), a half year (2024-H1) or a year (2024)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_RE = re.compile(r"^\s*(\d{4})(?:\s*-\s*([QqHh])\s*([1-4]))?\s*$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "Q", "H" or "Y"
    number: int = 0

    @classmethod
    def parse(cls, text: str | int) -> Period:
        m = _RE.match(str(text))
        if not m:
            raise PeriodError(str(text))
        year = int(m.group(1))
        if not m.group(2):
            return cls(year, "Y", 0)
        kind, number = m.group(2).upper(), int(m.group(3))
        if kind == "H" and number > 2:
            raise PeriodError(str(text))
        return cls(year, kind, number)

    def __str__(self) -> str:
        return str(self.year) if self.kind == "Y" else f"{self.year}-{self.kind}{self.number}"

    @property
    def quarters(self) -> tuple[int, ...]:
        if self.kind == "Q":
            return (self.number,)
        if self.kind == "H":
            return (1, 2) if self.number == 1 else (3, 4)
        return (1, 2, 3, 4)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarters[0] - 2, 1)

    @property
    def end(self) -> dt.date:
        last = self.quarters[-1]
        return quarter_end(self.year, last)


    def label(self, lang: str = "vi") -> str:
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
        if self.kind == "Q":
            return (f"Quý {roman[self.number]}/{self.year}" if lang == "vi"
                    else f"Q{self.number} {self.year}")
        if self.kind == "H":
            if lang == "vi":
                return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
            return f"H{self.number} {self.year}"
        return f"Năm {self.year}" if lang == "vi" else f"Year {self.year}"


def quarter_end(year: int, q: int) -> dt.date:
    month = 3 * q
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
