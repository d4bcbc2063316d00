"""The store, read into the tables scoring needs for one quarter (pandas DataFrames).

Sized for a province (10,000 units, 100,000 people): the store is read with a few bulk queries
(SQLite's json_extract picks out the fields scoring needs, no record is decoded in Python), and
what stays the same through the year (the roster's people in order, their registered actions) is
read once into a :class:`YearBase` shared by the quarters of the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .periods import Period, PeriodError
from .quarter_data import action_key, pledge_rows
from .workspace import WorkspaceError

if TYPE_CHECKING:
    import pandas as pd

    from .roster import Person, Roster
    from .workspace import Workspace

QUARTER_FORMS = ("quarterly", "unit-report", "diary")


@dataclass
class QuarterData:
    period: Period
    as_of: dt.date
    people: pd.DataFrame
    actions: pd.DataFrame
    units: pd.DataFrame
    sources: pd.DataFrame


def parse_quarter(ws: Workspace, period: str) -> Period:
    from .i18n import t
    try:
        p = Period.parse(period)
    except PeriodError:
        raise WorkspaceError(t("err.period", value=period, year=ws.config.year)) from None
    if p.kind != "Q" or p.year != ws.config.year:
        raise WorkspaceError(t("err.period", value=period, year=ws.config.year))
    return p


def submission_state(sub: Any, deadline: dt.date, as_of: dt.date) -> str:
    from .scoring import LATE, MISSING, ON_TIME, PENDING
    if sub is None:
        return MISSING if as_of > deadline else PENDING
    when = dt.datetime.fromisoformat(sub["submitted_at"]) if sub["submitted_at"] else None
    return LATE if when and when.date() > deadline else ON_TIME


def _live(rec: dict[str, Any]) -> bool:
    return not rec.get("_excluded") and not rec.get("_empty")


# ---------------------------------------------------------------- what the quarters share

@dataclass
class YearBase:
    """The roster's people in order and their registered actions: the same for every quarter."""

    year: int
    roster: Roster
    people: dict[str, list[Any]]      # the roster columns of the people table, in roster order
    actions: dict[str, list[Any]]     # person_id, unit, no, action, deadline: in roster order
    pledged: set[str]                 # people with a registered action
    _keys: dict[str, str] = field(default_factory=dict)

    def action_keys(self, texts: list[str]) -> list[str]:
        """:func:`action_key` of each text (computed once per distinct text)."""
        keys = self._keys
        for text in set(texts) - keys.keys():
            keys[text] = action_key(text)
        return [keys[t] for t in texts]


_BASE: dict[str, Any] = {}


def year_base(ws: Workspace, year: int) -> YearBase:
    """The year's :class:`YearBase`, remembered (one) while the roster file, the config and the
    year's pledge submissions stay the same. The pledges are read in a second thread while the
    roster loads (SQLite works outside Python's lock)."""
    import threading

    try:
        st = ws.roster_path.stat()
        roster_key: Any = (st.st_size, st.st_mtime_ns)
    except OSError:
        roster_key = None
    store = ws.store()
    try:
        sig = tuple(store.db.execute(
            "SELECT COALESCE(MAX(id), 0), COUNT(*), COALESCE(SUM(current), 0) FROM submissions"
            " WHERE form = 'pledge' AND period = ?", (str(year),)).fetchone())
    finally:
        store.close()
    key = (str(ws.store_path), roster_key, id(ws.config), year, sig)
    if _BASE.get("key") == key and roster_key is not None:
        return _BASE["base"]
    found: dict[str, Any] = {}

    def read_pledges() -> None:
        try:
            with ws.store() as store:
                found["rows"] = pledge_rows(store, year)[1]
        except BaseException as exc:      # re-raised below, in the calling thread
            found["error"] = exc

    reader = threading.Thread(target=read_pledges, daemon=True)
    reader.start()
    try:
        roster = ws.roster()
        people = ordered_people(roster)
    finally:
        reader.join()
    if "error" in found:
        raise found["error"]
    base = _make_base(year, roster, people, found["rows"])
    _BASE.clear()
    _BASE.update(key=key, base=base, config=ws.config)   # the config kept: its id stays unique
    return base


def _make_base(year: int, roster: Roster, people: list[Person],
               rows: list[tuple[Any, ...]]) -> YearBase:
    ids = [p.person_id for p in people]
    units = [p.unit for p in people]
    columns = {
        "person_id": ids, "name": [p.name for p in people], "unit": units,
        "unit_name": [roster.units[u].name for u in units],
        "position": [p.position for p in people],
        "party_group": [p.party_group for p in people],
        "party_member": [p.party_member for p in people],
        "key_leader": [p.key_leader for p in people],
        "youth_member": [p.youth_member for p in people]}
    # the registered actions, person by person in roster order, each in pledge order
    mine: dict[str, list[int]] = {}
    for k, row in enumerate(rows):
        found = mine.get(row[1])
        if found is None:
            mine[row[1]] = [k]
        else:
            found.append(k)
    a_pid: list[str] = []
    a_unit: list[str] = []
    a_no: list[int] = []
    a_action: list[str] = []
    a_deadline: list[Any] = []
    for pid, unit in zip(ids, units):
        ks = mine.get(pid)
        if ks:
            n = len(ks)
            a_pid += [pid] * n
            a_unit += [unit] * n
            a_no += range(1, n + 1)
            a_action += [str(rows[k][2]) for k in ks]
            a_deadline += [rows[k][3] for k in ks]
    actions = {"person_id": a_pid, "unit": a_unit, "no": a_no, "action": a_action,
               "deadline": a_deadline}
    return YearBase(year, roster, columns, actions, set(mine))


def ordered_people(roster: Roster) -> list[Person]:
    """``[p for u in roster.units for p in roster.people_of(u)]``, with the name keys computed
    once per distinct word (a province roster has 100,000 names but a few thousand words)."""
    from .text import _word_sort_key, canonical

    words: dict[str, Any] = {}

    def word(w: str) -> Any:
        k = words.get(w)
        if k is None:
            k = words[w] = _word_sort_key(w)
        return k

    names: dict[str, Any] = {}
    for name in {p.name for p in roster.people.values()}:
        parts = canonical(name).split(" ") if name and name.strip() else []
        if not parts:
            names[name] = ((), ()), (), ((), ())
        else:
            names[name] = (word(parts[-1]), tuple(word(w) for w in parts[1:-1]),
                           word(parts[0]) if len(parts) > 1 else ((), ()))
    key_rank = {k: i for i, k in enumerate(sorted(set(names.values())))}   # equal keys tie
    rank = {name: key_rank[k] for name, k in names.items()}
    by_unit: dict[str, list[Person]] = {}
    for p in roster.people.values():
        by_unit.setdefault(p.unit, []).append(p)
    out: list[Person] = []
    for code in roster.units:
        group = by_unit.get(code, [])
        group.sort(key=lambda p: (not p.key_leader, rank[p.name], p.person_id))
        out.extend(group)
    return out


# ---------------------------------------------------------------- one quarter

PROGRESS_KEYS = ("action", "progress", "percent", "result", "evidence", "_excluded", "_empty")
PEOPLE_KEYS = ("sessions_attended", "head_assessment", "self_assessment", "recognition",
               "recognition_note", "_excluded", "_empty")


def load_quarter(ws: Workspace, period: str, as_of: dt.date | None = None,
                 base: YearBase | None = None, sources: bool = True) -> QuarterData:
    import pandas as pd

    from .forms import deadline_for, get_form

    p = parse_quarter(ws, period)
    as_of = as_of or dt.date.today()
    cfg = ws.config
    if base is None or base.year != p.year:
        base = year_base(ws, p.year)
    roster = base.roster
    store = ws.store()
    try:
        subs = {f: {s["unit"]: s for s in store.submissions(f, str(p))} for f in QUARTER_FORMS}
        progress: dict[tuple[str, str], tuple[Any, ...]] = {}
        reported_any: set[str] = set()
        if subs["quarterly"]:
            rows = [r for r in store.current_values("quarterly", str(p), "progress",
                                                    PROGRESS_KEYS) if not (r[7] or r[8]) and r[1]]
            keys = base.action_keys([r[2] or "" for r in rows])
            for (_sid, pid, _action, prog, pct, result, evidence, _e, _m), key in zip(rows, keys):
                progress[(pid, key)] = (prog, pct, result, evidence)
                if prog or pct is not None:
                    reported_any.add(pid)
        people_rows: dict[str, tuple[Any, ...]] = {}
        if subs["quarterly"]:
            for _sid, pid, *values, exc, empty in store.current_values(
                    "quarterly", str(p), "people", PEOPLE_KEYS):
                if not exc and not empty and pid:
                    people_rows[pid] = tuple(values)
        unit_info = _unit_reports(store, str(p), subs["unit-report"], cfg)
        diary: dict[str, tuple[int, int]] = {}
        if subs["diary"]:
            for _sid, pid, deed, golden, exc, empty in store.current_values(
                    "diary", str(p), "entries", ("deed", "golden_book", "_excluded", "_empty")):
                if not exc and not empty and pid and deed:
                    n, g = diary.get(pid, (0, 0))
                    diary[pid] = (n + 1, g + bool(golden))
        source_table = _sources(store, subs, p, roster) if sources else _no_sources()
    finally:
        store.close()

    per_month = float(cfg.scoring.get("sessions_per_month", 1))
    q_subs = subs["quarterly"]
    # the actions table: the registered actions (roster order) and what the report says
    acts = base.actions
    n_actions = len(acts["person_id"])
    if progress:
        keys = base.action_keys(acts["action"])
        recs = [progress.get(k) for k in zip(acts["person_id"], keys)]
        none4 = (None, None, None, None)
        reported = [r is not None for r in recs]
        recs = [r or none4 for r in recs]
        a_progress, a_percent, a_result, a_evidence = (
            [r[i] for r in recs] for i in range(4))
    else:
        reported = [False] * n_actions
        a_progress = a_percent = a_result = a_evidence = [None] * n_actions
    actions = pd.DataFrame({
        "person_id": acts["person_id"], "unit": acts["unit"], "no": acts["no"],
        "action": acts["action"], "deadline": acts["deadline"], "reported": reported,
        "progress": a_progress, "percent": a_percent, "result": a_result,
        "evidence": a_evidence}) if n_actions else pd.DataFrame(columns=[
            "person_id", "unit", "no", "action", "deadline", "reported", "progress", "percent",
            "result", "evidence"])

    # the people table
    pids, units = base.people["person_id"], base.people["unit"]
    denominators = {}
    for code in roster.units:
        info = unit_info.get(code)
        denominators[code] = info["sessions_held"] if info else 3 * per_month
    no_row: tuple[Any, ...] = (None,) * 5
    prows = [people_rows.get(pid, no_row) for pid in pids] if people_rows else [no_row] * len(pids)
    diaries = [diary.get(pid, (0, 0)) for pid in pids] if diary else [(0, 0)] * len(pids)
    q_files = {code: sub["file_name"] for code, sub in q_subs.items()}
    pledged = base.pledged
    person_cols: dict[str, list[Any]] = {
        **base.people,
        "has_pledge": [pid in pledged for pid in pids],
        "has_report": [u in q_subs and (pid in people_rows or pid in reported_any)
                       for pid, u in zip(pids, units)],
        "sessions_attended": [r[0] for r in prows],
        "sessions_denominator": [denominators[u] for u in units],
        "assessment": [r[1] for r in prows],
        "self_assessment": [r[2] for r in prows],
        "recognition": [r[3] for r in prows],
        "recognition_note": [r[4] for r in prows],
        "diary_entries": [d[0] for d in diaries], "golden_book": [d[1] for d in diaries],
        "source_file": [q_files.get(u, "") for u in units],
    }
    person_frame = pd.DataFrame(person_cols) if pids else pd.DataFrame()
    unit_diary: dict[str, list[int]] = {}
    for pid, u in zip(pids, units):
        d = diary.get(pid)
        if d:
            total = unit_diary.setdefault(u, [0, 0])
            total[0] += d[0]
            total[1] += d[1]

    unit_rows = []
    deadline_q = deadline_for(get_form("quarterly"), cfg, p)
    deadline_u = deadline_for(get_form("unit-report"), cfg, p)
    for code, unit in roster.units.items():
        info = unit_info.get(code, {})
        q_sub, u_sub = q_subs.get(code), subs["unit-report"].get(code)
        entries, golden = unit_diary.get(code, (0, 0))
        unit_rows.append({
            "unit": code, "unit_name": unit.name,
            "quarterly_state": submission_state(q_sub, deadline_q, as_of),
            "unit_report_state": submission_state(u_sub, deadline_u, as_of),
            "quarterly_submitted": _when(q_sub), "unit_report_submitted": _when(u_sub),
            "quarterly_errors": q_sub["n_errors"] if q_sub is not None else None,
            "unit_report_errors": u_sub["n_errors"] if u_sub is not None else None,
            "sessions_held": info.get("sessions_held", float("nan")),
            "emulation_total": info.get("emulation_total", 0),
            "emulation_active": info.get("emulation_active", 0),
            "propaganda_count": info.get("propaganda_count", 0),
            "youth_count": info.get("youth_count", 0),
            "diary_entries": entries,
            "golden_book": golden,
        })
    return QuarterData(p, as_of, person_frame, actions, pd.DataFrame(unit_rows), source_table)


def _unit_reports(store: Any, period: str, subs: dict[str, Any], cfg: Any
                  ) -> dict[str, dict[str, Any]]:
    """Per unit with a current unit report: sessions held, emulation (total, under way),
    propaganda and youth activities."""
    if not subs:
        return {}
    unit_of = {sub["id"]: code for code, sub in subs.items()}
    info = {code: {"sessions_held": 0, "emulation_total": 0, "emulation_active": 0,
                   "propaganda_count": 0, "youth_count": 0} for code in subs}
    for sid, _pid, empty, date, topic in store.current_values(
            "unit-report", period, "sessions", ("_empty", "date", "topic")):
        if not empty and (date or topic):
            info[unit_of[sid]]["sessions_held"] += 1
    active = cfg.progress_scale[:2]
    for sid, _pid, activity, progress in store.current_values(
            "unit-report", period, "emulation", ("activity", "progress")):
        if activity:
            row = info[unit_of[sid]]
            row["emulation_total"] += 1
            row["emulation_active"] += progress in active
    for sid, _pid, kind, description in store.current_values(
            "unit-report", period, "propaganda", ("kind", "description")):
        if kind or description:
            info[unit_of[sid]]["propaganda_count"] += 1
    for sid, _pid, kind in store.current_values("unit-report", period, "youth", ("kind",)):
        if kind:
            info[unit_of[sid]]["youth_count"] += 1
    return info


def _when(sub: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(sub["submitted_at"]) if sub is not None and \
        sub["submitted_at"] else None


SOURCE_COLUMNS = ["form", "unit", "unit_name", "period", "file", "sha256", "archived",
                  "submitted_at", "sender", "errors", "warnings", "versions", "submission_id"]


def _no_sources() -> pd.DataFrame:
    import pandas as pd
    return pd.DataFrame([], columns=SOURCE_COLUMNS)


def _sources(store: Any, subs: dict[str, dict[str, Any]], p: Period, roster: Any
             ) -> pd.DataFrame:
    """Every file a figure of this quarter comes from (current submissions, and the pledges)."""
    import pandas as pd
    rows = []
    forms = {"pledge": {s["unit"]: s for s in store.submissions("pledge", str(p.year))}, **subs}
    versions = {(r[0], r[1], r[2]): r[3] for r in store.db.execute(
        "SELECT s.form, s.unit, s.period, COUNT(*) FROM submissions s JOIN files f"
        " ON f.sha256 = s.sha256 WHERE s.period IN (?, ?) GROUP BY s.form, s.unit, s.period",
        (str(p.year), str(p)))}
    units = roster.units
    for form_id, by_unit in forms.items():
        for code, sub in sorted(by_unit.items()):
            rows.append({"form": form_id, "unit": code,
                         "unit_name": units[code].name if code in units else code,
                         "period": sub["period"], "file": sub["file_name"],
                         "sha256": sub["sha256"], "archived": sub["archived"],
                         "submitted_at": _when(sub), "sender": sub["sender"] or "",
                         "errors": sub["n_errors"], "warnings": sub["n_warnings"],
                         "versions": versions.get((form_id, code, sub["period"]), 0),
                         "submission_id": sub["id"]})
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)
