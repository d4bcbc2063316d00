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
    from toolkit.scoring.figures import Figure
    from toolkit.scoring.honours import CommendationList, GoldenList
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
    commended: list[Named] = field(default_factory=list)      # by their unit, in a report
    reminded: list[Named] = field(default_factory=list)
    missing_reports: list[str] = field(default_factory=list)
    no_pledge: list[str] = field(default_factory=list)
    no_pledge_units: list[str] = field(default_factory=list)
    ratings: RatingResult | None = None
    figures: dict[str, Figure] = field(default_factory=dict)       # the key figures
    quarter_commendations: list[Figure] = field(default_factory=list)
    golden: GoldenList | None = None
    commendations: CommendationList | None = None
    newest: tuple[dt.datetime | None, str] = (None, "")

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
    """Every figure of the report for ``period`` (H1, H2 or the year), the key ones from
    :mod:`toolkit.scoring.figures` (the same functions the dashboard and the rating sheet use)."""
    from toolkit.scoring import figures as fig
    from toolkit.scoring.honours import (
        golden_entries,
        golden_list,
        honour_check,
        year_commendations,
    )
    from toolkit.scoring.rating_settings import RatingSettings
    from toolkit.scoring.year_data import load_year, newest_data
    data = load_year(ws, period.year)
    roster, cfg = data.roster, ws.config
    quarters = tuple(period.quarters)
    rd = ReportData(period, on or dt.date.today(), quarters, ratings=ratings)
    as_of = rd.on
    rd.people_total = len(roster.people)
    rd.party_members = sum(p.party_member for p in roster.people.values())
    rd.youth_members = sum(p.youth_member for p in roster.people.values())
    qs = {q: data.quarters.get(q) for q in quarters}
    last = quarters[-1]
    rd.figures[fig.PEOPLE] = fig.people(rd.people_total, as_of)
    rd.figures[fig.PARTY_MEMBERS] = fig.party_members(rd.party_members, rd.people_total, as_of)
    evidence = bool(cfg.scoring.get("evidence_required", True))
    rd.figures[fig.COMPLETION] = fig.completion(qs[last], fig.quarter_label(period.year, last),
                                                as_of, evidence)
    disciplined = {pid: str(r.get("discipline")) for pid, r in data.reviews.items()
                   if _disciplined(r.get("discipline"))}
    for q in quarters:
        if qs[q] is not None:
            rd.quarter_commendations.append(fig.quarter_candidates(
                qs[q], fig.quarter_label(period.year, q), as_of, disciplined).figure)
    attended: Counter[str] = Counter()
    recognition: dict[str, Counter[str]] = {}
    for q, s in qs.items():
        if s is None:
            continue
        for pid, n, c, m, k in zip(s.people["person_id"], s.people["sessions_attended"],
                                   s.people["commended"], s.people["reminded"],
                                   s.people["criticised"]):
            if isinstance(n, (int, float)) and not math.isnan(float(n)) and n > 0:
                attended[pid] += int(n)
            for key, flag in (("commended", c), ("reminded", m), ("criticised", k)):
                if bool(flag):
                    recognition.setdefault(pid, Counter())[f"{key}:{q}"] += 1
    rd.studied = len(attended)
    with ws.store() as store:
        _activities(rd, store, period, quarters)
        rd.emulation = _emulation(store, roster, period, quarters)
        rd.newest = newest_data(store, period.year, quarters, with_year=period.kind == "Y")
    per_month = float(cfg.scoring.get("sessions_per_month", 1))
    last_people = qs[last].people.set_index("person_id") if qs[last] is not None else None
    for code, unit in roster.units.items():
        people = roster.people_of(code)
        registered = sum(1 for p in people if data.registered.get(p.person_id))
        actions = done = all_done = 0
        for p in people:
            n_regs = len(data.registered.get(p.person_id, []))
            n_done = 0
            if last_people is not None and p.person_id in last_people.index:
                n_done = min(int(last_people.at[p.person_id, "actions_done"]), n_regs)
            actions += n_regs
            done += n_done
            all_done += bool(n_regs) and n_done == n_regs
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
            if len(u):
                scores.append(float(u["score"].iloc[0]))
            if len(u) and (u["unit_report_state"].iloc[0] in ("missing", "pending") or
                           u["quarterly_state"].iloc[0] in ("missing", "pending")):
                rd.missing_reports.append(f"{unit.name} (quý {ROMAN[q]})")
        line = UnitLine(code, unit.name, len(people), registered, actions, done, all_done,
                        tuple(sessions), int(round(3 * len(quarters) * per_month)),
                        sum(scores) / len(scores) if len(scores) == len(quarters) else math.nan)
        rd.units.append(line)
        rd.registered += registered
        rd.actions_total += actions
        rd.actions_done += done
        rd.people_all_done += all_done
        if code not in data.pledge_units:
            rd.no_pledge_units.append(unit.name)
        rd.no_pledge += [p.name for p in people if not data.registered.get(p.person_id)]
    if period.kind == "Y":
        exceeded = [sum(1 for r in recs if r.get("year_result") == "Hoàn thành vượt mức")
                    for recs in data.review_actions.values()]
        rd.actions_exceeded = sum(exceeded) if exceeded else None
    _recognition(rd, roster, recognition)
    settings = RatingSettings.from_config(cfg.rating, period.year) if ratings is None else \
        ratings.settings
    check = honour_check(data, settings.honours, quarters, ratings)
    rd.golden = golden_list(golden_entries(ws, period), check, as_of)
    rd.figures[fig.GOLDEN_BOOK] = rd.golden.figure
    rd.golden_entries = rd.golden.included_count
    if period.kind == "Y":
        threshold = float(cfg.scoring.get("commend_min_score", 90))
        rd.commendations = year_commendations(data, check, threshold, as_of)
        rd.figures[fig.COMMENDATIONS] = rd.commendations.figure
    if ratings is not None:
        rd.figures.update(rating_figures(ratings, as_of))
    return rd


def rating_figures(ratings: RatingResult, as_of: dt.date) -> dict[str, Figure]:
    """The rating's key figures: people without enough data, decisions per population."""
    from toolkit.scoring import figures as fig
    from toolkit.scoring.rating import NO_DATA
    out = {}
    staff = ratings.tables["staff"]
    n_no_data = sum(1 for v in staff["proposal"] if v == NO_DATA)
    out[fig.NO_DATA] = fig.no_data(n_no_data, len(staff), as_of)
    for key, who, what in (("party", "Chi ủy", "đảng viên"),
                           ("groups", "Chi ủy", "tổ đảng, chi bộ"),
                           ("staff", "Lãnh đạo cơ quan", "cán bộ, công chức, viên chức, người "
                                                         "lao động"),
                           ("units", "Lãnh đạo cơ quan", "tập thể phòng, đơn vị")):
        summary = ratings.decision_summary(key)
        out[f"{fig.DECISIONS}.{key}"] = fig.decisions(
            summary["decided"], len(ratings.tables[key]), who, what, as_of,
            f"{fig.DECISIONS}.{key}")
    return out


def _disciplined(value: Any) -> bool:
    from toolkit.scoring.rating import disciplined
    return disciplined(value) is not None


def _activities(rd: ReportData, store: Any, period: Period, quarters: tuple[int, ...]) -> None:
    """Study sessions, propaganda, youth activities and diaries of the period's unit reports."""
    venues: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    kind_people: Counter[str] = Counter()
    occasions: Counter[str] = Counter()
    youth: Counter[str] = Counter()
    youth_n: Counter[str] = Counter()
    writers: set[str] = set()
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
    rd.sessions_total = sum(venues.values())
    rd.sessions_by_venue = sorted(venues.items(), key=lambda kv: -kv[1])
    rd.propaganda_by_kind = [(k, n, kind_people[k]) for k, n in
                             sorted(kinds.items(), key=lambda kv: -kv[1])]
    rd.propaganda_by_occasion = sorted(occasions.items(), key=lambda kv: -kv[1])
    rd.youth_by_kind = [(k, n, youth_n[k]) for k, n in youth.items()]
    rd.diary_entries, rd.diary_writers = entries, len(writers)


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


def _recognition(rd: ReportData, roster: Any, recognition: dict[str, Counter[str]]) -> None:
    """Who their unit commended, reminded or criticised in the reports of the period."""
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
                                      f"Được đơn vị biểu dương quý {quarters_of('commended')}"))
        parts = []
        if quarters_of("reminded"):
            parts.append(f"nhắc nhở quý {quarters_of('reminded')}")
        if quarters_of("criticised"):
            parts.append(f"phê bình quý {quarters_of('criticised')}")
        if parts:
            text = "; ".join(parts)
            rd.reminded.append(Named(person.name, unit, text[:1].upper() + text[1:]))
    from toolkit.common.text import name_sort_key
    rd.commended.sort(key=lambda n: (n.unit, name_sort_key(n.name)))
    rd.reminded.sort(key=lambda n: (n.unit, name_sort_key(n.name)))
