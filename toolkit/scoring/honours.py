"""Honours consistent with ratings and discipline: the "Sổ vàng làm theo lời Bác" (golden book)
and the list for the Q4 conference of advanced examples.

Somebody rated below ``honours_min_level`` (the decision, else the proposal; a party member by
the party's rating, anybody else by the agency's), disciplined in the year, or without a report
in a quarter of the period is not honoured: they are listed apart with the reason
(``honours_excluded = "apart"``) or left out (``"omit"``). Which of these apply are settings
(``[rating] honours_*``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.scoring.figures import (
    COMMENDATIONS,
    GOLDEN_BOOK,
    ROMAN,
    Figure,
    vn_number,
)
from toolkit.scoring.rating import LABEL, NO_DATA, RANK, disciplined, present

if TYPE_CHECKING:
    from toolkit.app.yearend import RatingResult
    from toolkit.common.periods import Period
    from toolkit.scoring.rating_settings import HonoursSettings
    from toolkit.scoring.year_data import YearData


@dataclass
class HonourCheck:
    """Why a person may not be honoured in a period, from what is known so far."""

    settings: HonoursSettings
    quarters: tuple[int, ...]
    levels: dict[str, tuple[str, bool]] = field(default_factory=dict)   # id -> (level, decided)
    discipline: dict[str, str] = field(default_factory=dict)            # id -> form
    missing: dict[str, list[int]] = field(default_factory=dict)         # id -> quarters

    def reasons(self, person_id: str) -> list[str]:
        s = self.settings
        out = []
        if person_id in self.levels:
            level, decided = self.levels[person_id]
            how = "quyết định" if decided else "đề xuất"
            if level == NO_DATA:
                out.append("chưa đủ dữ liệu để xếp loại")
            elif RANK[level] < RANK[s.min_level]:
                out.append(f"xếp loại \"{LABEL[level]}\" ({how}), thấp hơn "
                           f"\"{LABEL[s.min_level]}\"")
        if s.discipline and person_id in self.discipline:
            out.append(f"bị kỷ luật \"{self.discipline[person_id]}\" trong năm")
        if s.all_quarters and self.missing.get(person_id):
            out.append("không có báo cáo quý " + ", ".join(ROMAN[q] for q in
                                                         self.missing[person_id]))
        return out


def honour_check(data: YearData, settings: HonoursSettings, quarters: tuple[int, ...],
                 ratings: RatingResult | None = None) -> HonourCheck:
    check = HonourCheck(settings, quarters)
    for pid, review in data.reviews.items():
        form = disciplined(review.get("discipline"))
        if form:
            check.discipline[pid] = form
    for q in quarters:
        qs = data.quarters.get(q)
        reported = set() if qs is None else \
            set(qs.people.loc[qs.people["has_report"].astype(bool), "person_id"])
        for pid in data.roster.people:
            if pid not in reported:
                check.missing.setdefault(pid, []).append(q)
    if ratings is not None:
        staff = ratings.tables["staff"].set_index("person_id")
        party = ratings.tables["party"].set_index("person_id")
        for pid in data.roster.people:
            table = party if pid in party.index else staff
            if pid in table.index:
                r = table.loc[pid]
                check.levels[pid] = (present(r["final"]) or NO_DATA,
                                     present(r["decision"]) is not None)
    return check


# ---------------------------------------------------------------- the golden book

@dataclass(frozen=True)
class GoldenEntry:
    person_id: str
    name: str
    unit: str
    date: dt.date | None
    deed: str
    result: str
    reason: str
    quarter: int


@dataclass
class GoldenList:
    included: list[GoldenEntry]
    apart: list[tuple[GoldenEntry, str]]      # with the reason it is not in the book
    figure: Figure
    show_apart: bool = True

    @property
    def included_count(self) -> int:
        return len(self.included)


def golden_entries(ws: Any, period: Period) -> list[GoldenEntry]:
    """The diary entries nominated for the golden book in the period, by date."""
    from toolkit.common.dates import parse_date
    roster = ws.roster()
    out = []
    with ws.store() as store:
        for q in period.quarters:
            for r in store.current_records("diary", f"{period.year}-Q{q}", "entries"):
                if r.get("_excluded") or r.get("_empty") or not r.get("golden_book") or \
                        not r.get("deed"):
                    continue
                pid = str(r.get("person_id") or "")
                person = roster.people.get(pid)
                unit = roster.units.get(r.get("_unit", ""))
                out.append(GoldenEntry(pid, person.name if person else str(r.get("name") or ""),
                                       unit.name if unit else str(r.get("_unit") or ""),
                                       parse_date(r.get("date")), str(r["deed"]),
                                       str(r.get("result") or ""), str(r.get("reason") or ""), q))
    return sorted(out, key=lambda e: (e.date or dt.date.max, e.unit, e.name))


def golden_list(entries: list[GoldenEntry], check: HonourCheck, as_of: dt.date) -> GoldenList:
    included, apart = [], []
    for e in entries:
        why = check.reasons(e.person_id)
        if why:
            apart.append((e, "; ".join(why)))
        else:
            included.append(e)
    figure = Figure(GOLDEN_BOOK, "Việc làm ghi vào Sổ vàng", len(included), None,
                    "việc làm trong \"Nhật ký làm theo lời Bác\" được đơn vị đề cử, của người "
                    + _honour_words(check.settings), as_of)
    return GoldenList(included, apart, figure, check.settings.excluded == "apart")


def _honour_words(s: HonoursSettings) -> str:
    parts = [f"xếp loại từ \"{LABEL[s.min_level]}\""]
    if s.discipline:
        parts.append("không bị kỷ luật trong năm")
    if s.all_quarters:
        parts.append("có báo cáo đủ các quý")
    return ", ".join(parts)


# ---------------------------------------------------------------- the Q4 commendation list

@dataclass(frozen=True)
class Candidate:
    person_id: str
    name: str
    position: str
    unit: str
    score: float
    achievements: str
    kind: str                  # "person" or "unit"


@dataclass
class CommendationList:
    people: list[Candidate]
    units: list[Candidate]
    apart: list[tuple[Candidate, str]]
    threshold: float
    figure: Figure
    show_apart: bool = True


def year_definition(threshold: float, s: HonoursSettings) -> str:
    return (f"cá nhân có điểm năm (bình quân đủ 4 quý) từ {threshold:g}, không bị nhắc nhở, "
            f"phê bình trong năm, {_honour_words(s)}; tập thể có điểm đơn vị bình quân từ "
            f"{threshold:g} và gửi đủ báo cáo các quý")


def year_commendations(data: YearData, check: HonourCheck, threshold: float,
                       as_of: dt.date) -> CommendationList:
    """Who is proposed to the Q4 conference (figure :data:`COMMENDATIONS`: people and units)."""
    from toolkit.scoring.year_data import unit_year_scores
    ys = data.year_scores.set_index("person_id") if len(data.year_scores) else None
    golden: dict[str, int] = {}
    commended_q: dict[str, list[int]] = {}
    for q, qs in data.quarters.items():
        if qs is None:
            continue
        for pid, g, c in zip(qs.people["person_id"], qs.people["golden_book"],
                             qs.people["commended"]):
            golden[pid] = golden.get(pid, 0) + int(g or 0)
            if bool(c):
                commended_q.setdefault(pid, []).append(q)
    people: list[Candidate] = []
    apart: list[tuple[Candidate, str]] = []
    for pid, person in data.roster.people.items():
        if ys is None or pid not in ys.index:
            continue
        y = ys.loc[pid]
        score, so_far = _num(y["year_score"]), _num(y["score_so_far"])
        shown = score if not math.isnan(score) else so_far
        if math.isnan(shown) or shown < threshold or int(y["reminded_count"]) or \
                int(y["criticised_count"]):
            continue
        regs = data.registered.get(pid, [])
        parts = [f"Điểm năm {vn_number(shown)} ({int(y['quarters_reported'])} quý)",
                 f"hoàn thành {int(y.get('actions_done') or 0)}/{len(regs)} việc đã đăng ký"]
        if commended_q.get(pid):
            parts.append("được biểu dương quý " + ", ".join(ROMAN[q] for q in
                                                              sorted(commended_q[pid])))
        if golden.get(pid):
            parts.append(f"{golden[pid]} việc được đề cử Sổ vàng")
        unit = data.roster.units[person.unit].name
        cand = Candidate(pid, person.name, person.position, unit, shown, "; ".join(parts),
                         "person")
        why = check.reasons(pid)
        if math.isnan(score) and not why:
            why = ["chưa đủ 4 quý có báo cáo"]
        if why:
            apart.append((cand, "; ".join(why)))
        else:
            people.append(cand)
    people.sort(key=lambda c: -c.score)
    apart.sort(key=lambda c: -c[0].score)
    scores, missing = unit_year_scores(data)
    units = []
    for code, s in scores.items():
        if s < threshold:
            continue
        name = data.roster.units[code].name
        cand = Candidate(code, name, "", name, s, f"Điểm đơn vị bình quân {vn_number(s)}", "unit")
        if missing.get(code):
            apart.append((cand, f"thiếu báo cáo {missing[code]}"))
        else:
            units.append(cand)
    units.sort(key=lambda c: -c.score)
    figure = Figure(COMMENDATIONS, "Đề nghị biểu dương điển hình tiên tiến năm",
                    len(people) + len(units), None, year_definition(threshold, check.settings),
                    as_of)
    return CommendationList(people, units, apart, threshold, figure,
                            check.settings.excluded == "apart")


def _num(v: Any) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return math.nan
    return x
