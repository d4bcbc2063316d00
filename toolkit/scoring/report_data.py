"""The figures of the 6-month review (sơ kết) and the year summary (tổng kết), from the store.

Plain values (ints, strings, row lists) so the document writer only lays them out. Everything is
counted from the current submissions of the quarters in the period; a unit that sent nothing
counts zero and is named among the limitations.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.common.periods import Period, PeriodError
from toolkit.config.workspace import WorkspaceError

if TYPE_CHECKING:
    from toolkit.app.yearend import RatingResult
    from toolkit.config.workspace import Workspace
    from toolkit.store.db import Store

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class UnitLine:
    code: str
    name: str
    people: int
    registered: int
    actions: int
    done: int
    all_done: int
    sessions: tuple[int | None, ...]      # per quarter of the period (None: no unit report)
    sessions_expected: int
    score: float


@dataclass(frozen=True)
class Named:
    name: str
    unit: str
    detail: str


@dataclass
class ReportData:
    period: Period
    on: dt.date
    quarters: tuple[int, ...]
    people_total: int = 0
    party_members: int = 0
    youth_members: int = 0
    studied: int = 0
    attendance_total: int = 0
    sessions_total: int = 0
    sessions_by_venue: list[tuple[str, int]] = field(default_factory=list)
    registered: int = 0
    actions_total: int = 0
    actions_done: int = 0
    actions_exceeded: int | None = None
    people_all_done: int = 0
    units: list[UnitLine] = field(default_factory=list)
    emulation: list[tuple[str, str, str, str]] = field(default_factory=list)  # unit, act, prog, res
    propaganda_by_kind: list[tuple[str, int, int]] = field(default_factory=list)
    propaganda_by_occasion: list[tuple[str, int]] = field(default_factory=list)
    youth_by_kind: list[tuple[str, int, int]] = field(default_factory=list)
    diary_entries: int = 0
    diary_writers: int = 0
    golden_entries: int = 0
    commended: list[Named] = field(default_factory=list)
    reminded: list[Named] = field(default_factory=list)
    units_commended: list[Named] = field(default_factory=list)
    units_reminded: list[Named] = field(default_factory=list)
    missing_reports: list[str] = field(default_factory=list)
    no_pledge: list[str] = field(default_factory=list)
    ratings: RatingResult | None = None

    @property
    def is_year(self) -> bool:
        return self.period.kind == "Y"


def parse_report_period(ws: Workspace, period: str | None) -> Period:
    from toolkit.common.i18n import t
    year = ws.config.year
    text = period or str(year)
    try:
        p = Period.parse(text)
    except PeriodError:
        raise WorkspaceError(t("err.period", value=text, year=year)) from None
    if p.year != year or p.kind not in ("H", "Y"):
        raise WorkspaceError(t("cli.report.period", value=text, year=year))
    return p


def _records(store: Store, form: str, period: str, table: str) -> list[dict[str, Any]]:
    return [r for r in store.current_records(form, period, table)
            if not r.get("_empty") and not r.get("_excluded")]


def collect(ws: Workspace, period: Period, on: dt.date | None = None,
            ratings: RatingResult | None = None) -> ReportData:
    """Every figure of the report for ``period`` (H1, H2 or the year)."""
    from toolkit.scoring.year_data import action_counts, load_year
    data = load_year(ws, period.year)
    roster, cfg = data.roster, ws.config
    quarters = tuple(period.quarters)
    rd = ReportData(period, on or dt.date.today(), quarters, ratings=ratings)
    rd.people_total = len(roster.people)
    rd.party_members = sum(p.party_member for p in roster.people.values())
    rd.youth_members = sum(p.youth_member for p in roster.people.values())
    qs = {q: data.quarters.get(q) for q in quarters}
    attended: Counter[str] = Counter()
    recognition: dict[str, Counter[str]] = {}
    for q, s in qs.items():
        if s is None:
            continue
        for _, r in s.people.iterrows():
            n = r.get("sessions_attended")
            if isinstance(n, (int, float)) and not math.isnan(float(n)) and n > 0:
                attended[r["person_id"]] += int(n)
            for key in ("commended", "reminded", "criticised"):
                if bool(r.get(key)):
                    recognition.setdefault(r["person_id"], Counter())[f"{key}:{q}"] += 1
    rd.studied = len(attended)
    store = ws.store()
    try:
        venues: Counter[str] = Counter()
        kinds: Counter[str] = Counter()
        kind_people: Counter[str] = Counter()
        occasions: Counter[str] = Counter()
        youth: Counter[str] = Counter()
        youth_n: Counter[str] = Counter()
        writers: set[str] = set()
        golden = 0
        entries = 0
        for q in quarters:
            p = f"{period.year}-Q{q}"
            for r in _records(store, "unit-report", p, "sessions"):
                if r.get("date") or r.get("topic"):
                    venues[r.get("venue") or "Khác"] += 1
                    rd.attendance_total += int(r.get("attendance") or 0)
            for r in _records(store, "unit-report", p, "propaganda"):
                if r.get("kind") or r.get("description"):
                    kinds[r.get("kind") or "Khác"] += 1
                    kind_people[r.get("kind") or "Khác"] += int(r.get("participants") or 0)
                    occasions[r.get("occasion") or "Không gắn với ngày lễ"] += 1
            for r in _records(store, "unit-report", p, "youth"):
                if r.get("kind"):
                    youth[r["kind"]] += 1
                    youth_n[r["kind"]] += int(r.get("count") or 0)
            for r in _records(store, "diary", p, "entries"):
                if r.get("deed") and r.get("person_id"):
                    entries += 1
                    writers.add(r["person_id"])
                    golden += bool(r.get("golden_book"))
        rd.sessions_total = sum(venues.values())
        rd.sessions_by_venue = sorted(venues.items(), key=lambda kv: -kv[1])
        rd.propaganda_by_kind = [(k, n, kind_people[k]) for k, n in
                                 sorted(kinds.items(), key=lambda kv: -kv[1])]
        rd.propaganda_by_occasion = sorted(occasions.items(), key=lambda kv: -kv[1])
        rd.youth_by_kind = [(k, n, youth_n[k]) for k, n in youth.items()]
        rd.diary_entries, rd.diary_writers, rd.golden_entries = entries, len(writers), golden
        rd.emulation = _emulation(store, roster, period, quarters)
    finally:
        store.close()
    per_month = float(cfg.scoring.get("sessions_per_month", 1))
    exceeded_total = 0
    any_review = False
    for code, unit in roster.units.items():
        people = roster.people_of(code)
        registered = sum(1 for p in people if data.registered.get(p.person_id))
        actions = done = all_done = 0
        for p in people:
            regs = data.registered.get(p.person_id, [])
            n_done = 0
            review = data.review_actions.get(p.person_id, []) if rd.is_year else []
            if review:
                any_review = True
                _, n_done, _, n_exc = action_counts(review)
                exceeded_total += n_exc
            elif regs:
                n_done = _last_done(qs, quarters, p.person_id)
            n_done = min(n_done, len(regs))
            actions += len(regs)
            done += n_done
            all_done += bool(regs) and n_done == len(regs)
        sessions = []
        scores = []
        for q in quarters:
            s = qs[q]
            if s is None:
                sessions.append(None)
                continue
            u = s.units[s.units["unit"] == code]
            held = u["sessions_held"].iloc[0] if len(u) else math.nan
            sessions.append(None if held != held else int(held))
            if len(u) and u["unit_report_state"].iloc[0] not in ("missing", "pending"):
                scores.append(float(u["score"].iloc[0]))
            if len(u) and (u["unit_report_state"].iloc[0] in ("missing", "pending") or
                           u["quarterly_state"].iloc[0] in ("missing", "pending")):
                rd.missing_reports.append(f"{unit.name} (quý {ROMAN[q]})")
        line = UnitLine(code, unit.name, len(people), registered, actions, done, all_done,
                        tuple(sessions), int(round(3 * len(quarters) * per_month)),
                        sum(scores) / len(scores) if scores else math.nan)
        rd.units.append(line)
        rd.registered += registered
        rd.actions_total += actions
        rd.actions_done += done
        rd.people_all_done += all_done
        rd.no_pledge += [p.name for p in people if not data.registered.get(p.person_id)]
    rd.actions_exceeded = exceeded_total if any_review else None
    _recognition(rd, roster, recognition, cfg)
    return rd


def _last_done(qs: dict[int, Any], quarters: tuple[int, ...], person_id: str) -> int:
    """Actions done in the person's latest report of the period (0 without any)."""
    for q in reversed(quarters):
        s = qs.get(q)
        if s is None:
            continue
        row = s.people[s.people["person_id"] == person_id]
        if len(row) and bool(row["has_report"].iloc[0]):
            return int(row["actions_done"].iloc[0])
    return 0


def _emulation(store: Store, roster: Any, period: Period, quarters: tuple[int, ...]
               ) -> list[tuple[str, str, str, str]]:
    """Each unit's emulation activities with the progress and result of its latest report."""
    from toolkit.scoring.quarter_data import registered_emulation
    out = []
    for code, unit in roster.units.items():
        latest: dict[str, dict[str, Any]] = {}
        for q in quarters:
            for r in store.current_records("unit-report", f"{period.year}-Q{q}", "emulation"):
                if r.get("_unit") == code and r.get("activity"):
                    latest[str(r["activity"])] = r
        activities = registered_emulation(store, period.year, code) or list(latest)
        for act in activities:
            r = latest.get(act, {})
            out.append((unit.name, act, str(r.get("progress") or "Chưa báo cáo"),
                        str(r.get("result") or "")))
    return out


def _recognition(rd: ReportData, roster: Any, recognition: dict[str, Counter[str]],
                 cfg: Any) -> None:
    for pid, counts in recognition.items():
        person = roster.people.get(pid)
        if person is None:
            continue
        unit = roster.units[person.unit].name if person.unit in roster.units else person.unit

        def quarters_of(key: str, counts: Counter[str] = counts) -> str:
            qs = sorted(int(k.split(":")[1]) for k in counts if k.startswith(key + ":"))
            return ", ".join(ROMAN[q] for q in qs)

        if quarters_of("commended"):
            rd.commended.append(Named(person.name, unit,
                                      f"Biểu dương quý {quarters_of('commended')}"))
        parts = []
        if quarters_of("reminded"):
            parts.append(f"nhắc nhở quý {quarters_of('reminded')}")
        if quarters_of("criticised"):
            parts.append(f"phê bình quý {quarters_of('criticised')}")
        if parts:
            text = "; ".join(parts)
            rd.reminded.append(Named(person.name, unit, text[:1].upper() + text[1:]))
    commend_min = float(cfg.scoring.get("commend_min_score", 90))
    remind_max = float(cfg.scoring.get("remind_max_score", 50))
    for u in rd.units:
        if u.score == u.score and u.score >= commend_min:
            rd.units_commended.append(Named(u.name, u.name, f"Điểm đơn vị bình quân "
                                            f"{_vn(u.score)} ≥ {commend_min:g}"))
        elif u.score == u.score and u.score <= remind_max:
            rd.units_reminded.append(Named(u.name, u.name, f"Điểm đơn vị bình quân "
                                           f"{_vn(u.score)} ≤ {remind_max:g}"))
    from toolkit.common.text import name_sort_key
    rd.commended.sort(key=lambda n: (n.unit, name_sort_key(n.name)))
    rd.reminded.sort(key=lambda n: (n.unit, name_sort_key(n.name)))


def _vn(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")
