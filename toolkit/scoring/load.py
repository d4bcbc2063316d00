"""The store, read into the tables scoring needs for one quarter (pandas DataFrames).

Sized for a province (10,000 units, 100,000 people): the store is read with one query per table
(:meth:`toolkit.store.db.Store.current_values`: SQLite picks out the few fields scoring needs,
or the lists kept for them at ingest), in a second thread while the main one works, the progress
rows in a forked child process (:mod:`toolkit.common.forked`); and what stays the same through
the year (the roster's people in order, their registered actions and the actions' keys) is built
once into a :class:`~toolkit.scoring.year_base.YearBase`, shared by the quarters and kept in the
workspace's ``.cache``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.periods import Period, PeriodError
from toolkit.config.workspace import WorkspaceError
from toolkit.forms import get_form
from toolkit.scoring.quarter_data import action_key
from toolkit.scoring.year_base import YearBase, finish_base, shared, start_base

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.config.workspace import Workspace
    from toolkit.store.db import Store

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
    from toolkit.common.i18n import t
    try:
        p = Period.parse(period)
    except PeriodError:
        raise WorkspaceError(t("err.quarter", value=period, year=ws.config.year)) from None
    if p.kind != "Q" or p.year != ws.config.year:
        raise WorkspaceError(t("err.quarter", value=period, year=ws.config.year))
    return p


def submission_state(sub: Any, deadline: dt.date, as_of: dt.date) -> str:
    """On time / late (by the unit's first submission) / missing / pending."""
    from toolkit.scoring.states import state_of
    return state_of(sub, deadline, as_of)


# ---------------------------------------------------------------- one quarter

from toolkit.store.extracts import PEOPLE_KEYS, PROGRESS_KEYS  # noqa: E402  (kept per submission)


def load_quarter(ws: Workspace, period: str, as_of: dt.date | None = None,
                 base: YearBase | None = None, sources: bool = True) -> QuarterData:
    p = parse_quarter(ws, period)
    as_of = as_of or dt.date.today()
    # The progress rows (the biggest read: 300,000 actions in a province, and much Python work
    # to line them up with the registered actions) are read and lined up with the year's base
    # in a forked child process, on the other core, while this one imports pandas, reads the
    # rest in a thread (SQLite works without Python's lock) and builds what does not depend on
    # them (a second thread would share this one's lock). Where no child can be forked (no base
    # yet, or another thread running), or it fails, the rows are read in a second thread and
    # lined up here.
    from concurrent.futures import ThreadPoolExecutor

    from toolkit.common import forked
    child = None
    try:
        with ThreadPoolExecutor(1) as reader, ThreadPoolExecutor(1) as second:
            started = base if base is not None and base.year == p.year else \
                start_base(ws, p.year, reader)
            if isinstance(started, YearBase):
                child = forked.start(_progress_lined_up, ws, p, started)
            progress = None if child is not None else second.submit(_read_progress, ws, p)
            quarter_rows = reader.submit(_read_quarter, ws, p, sources)
            import pandas as pd  # (while the store is read)
            base = finish_base(ws, p.year, started)
            raw = quarter_rows.result()
            source_table = _sources(raw, p, base.units) if sources else _no_sources()
            unit_frame = pd.DataFrame(_unit_rows(ws, p, as_of, base, raw))
            person_cols = _people_columns(ws, base, raw)
            lined = None
            if child is not None:
                try:
                    lined = child.result()
                except forked.ForkedError:
                    progress = second.submit(_read_progress, ws, p)
            if lined is None:
                lined = _line_up(base, progress.result())
    finally:
        if child is not None:
            child.cancel()
    _leave_out_errors(ws, base, lined, person_cols, raw["errors"])

    # the actions table: the registered actions (roster order) and what the report says
    acts = base.actions
    actions = pd.DataFrame({
        "person_id": acts["person_id"], "unit": acts["unit"], "no": acts["no"],
        "action": acts["action"], "deadline": acts["deadline"], "reported": lined["reported"],
        "progress": lined["progress"], "percent": lined["percent"],
        "unchecked": lined["unchecked"]}) if acts["person_id"] else \
        pd.DataFrame(columns=["person_id", "unit", "no", "action", "deadline", "reported",
                              "progress", "percent", "unchecked"])
    # the people table
    q_subs = raw["subs"]["quarterly"]
    units = base.people["unit"]
    people_rows = raw["people"]
    person_cols["has_report"] = [u in q_subs and (r or pid in people_rows) for pid, r, u in
                                 zip(base.people["person_id"], lined["reports"], units)]
    person_frame = pd.DataFrame({c: person_cols[c] for c in PEOPLE_COLUMNS}) \
        if units else pd.DataFrame()
    return QuarterData(p, as_of, person_frame, actions, unit_frame, source_table)


PEOPLE_COLUMNS = ("person_id", "name", "unit", "unit_name", "position", "party_group",
                  "party_member", "key_leader", "youth_member", "has_pledge", "has_report",
                  "sessions_attended", "sessions_denominator", "assessment", "self_assessment",
                  "recognition", "recognition_note", "diary_entries", "golden_book",
                  "source_file")


def _people_columns(ws: Workspace, base: YearBase, raw: dict[str, Any]) -> dict[str, list[Any]]:
    """The people table's columns but those from the progress rows (see :func:`_line_up`)."""
    per_month = float(ws.config.scoring.get("sessions_per_month", 1))
    unit_info, diary, q_subs = raw["units"], raw["diary"], raw["subs"]["quarterly"]
    pids, units = base.people["person_id"], base.people["unit"]
    denominators = {}
    for code in base.units:
        info = unit_info.get(code)
        denominators[code] = info["sessions_held"] if info else 3 * per_month
    diaries = [diary.get(pid, (0, 0)) for pid in pids] if diary else [(0, 0)] * len(pids)
    q_files = {code: sub["file_name"] for code, sub in q_subs.items()}
    pledged = base.pledged
    people_rows = raw["people"]
    no_row: tuple[Any, ...] = (None,) * len(PEOPLE_KEYS)
    prows = [people_rows.get(pid, no_row) for pid in pids] if people_rows else \
        [no_row] * len(pids)
    return {
        **base.people,
        **{name: [r[i] for r in prows] for i, name in enumerate(
            ("sessions_attended", "assessment", "self_assessment", "recognition",
             "recognition_note"))},
        "has_pledge": [pid in pledged for pid in pids],
        "sessions_denominator": [denominators[u] for u in units],
        "diary_entries": [d[0] for d in diaries], "golden_book": [d[1] for d in diaries],
        "source_file": [q_files.get(u, "") for u in units],
    }


def _unit_rows(ws: Workspace, p: Period, as_of: dt.date, base: YearBase, raw: dict[str, Any]
               ) -> list[dict[str, Any]]:
    """The units table: a row per roster unit (submissions, unit report, diaries)."""
    from toolkit.forms import deadline_for
    cfg = ws.config
    subs, unit_info, diary = raw["subs"], raw["units"], raw["diary"]
    q_subs = subs["quarterly"]
    unit_diary: dict[str, list[int]] = {}
    if diary:
        for pid, u in zip(base.people["person_id"], base.people["unit"]):
            d = diary.get(pid)
            if d:
                total = unit_diary.setdefault(u, [0, 0])
                total[0] += d[0]
                total[1] += d[1]
    unit_rows = []
    deadline_q = deadline_for(get_form("quarterly"), cfg, p)
    deadline_u = deadline_for(get_form("unit-report"), cfg, p)
    for code, unit_name in base.units.items():
        info = unit_info.get(code, {})
        q_sub, u_sub = q_subs.get(code), subs["unit-report"].get(code)
        entries, golden = unit_diary.get(code, (0, 0))
        unit_rows.append({
            "unit": code, "unit_name": unit_name,
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
    return unit_rows


def _read_progress(ws: Workspace, p: Period) -> list[list[Any]]:
    """The progress rows of the quarter's current quarterly reports: [submission, person,
    action, progress, percent]."""
    with ws.store() as store:
        return [r for r in store.current_values("quarterly", str(p), "progress", PROGRESS_KEYS,
                                                live=True) if r[1]]


def _line_up(base: YearBase, rows: list[list[Any]]) -> dict[str, list[Any]]:
    """The progress rows lined up with the year's base. Per registered action (in the base's
    order): ``reported`` (a progress row names it), ``progress``, ``percent``. Per person (in
    the base's order): ``reports``, a progress row with something reported."""
    progress: dict[tuple[str, str], tuple[Any, ...]] = {}
    reported_any: set[str] = set()
    keys = base.action_keys([r[2] or "" for r in rows])
    for (_sid, pid, _action, prog, pct), key in zip(rows, keys):
        progress[(pid, key)] = (prog, pct)
        if prog or pct is not None:
            reported_any.add(pid)
    acts = base.actions
    n_actions = len(acts["person_id"])
    out: dict[str, list[Any]] = {}
    if progress:
        recs = [progress.get(k) for k in zip(acts["person_id"], base.action_keys(acts["action"]))]
        none2 = (None, None)
        out["reported"] = [r is not None for r in recs]
        recs = [r or none2 for r in recs]
        out["progress"] = shared([r[0] for r in recs])
        out["percent"] = [r[1] for r in recs]
    else:
        out["reported"] = [False] * n_actions
        out["progress"] = out["percent"] = [None] * n_actions
    out["reports"] = [pid in reported_any for pid in base.people["person_id"]]
    return out


def _leave_out_errors(ws: Workspace, base: YearBase, lined: dict[str, list[Any]],
                      person_cols: dict[str, list[Any]],
                      errors: dict[str, list[tuple[str, dict[str, Any], str, str]]]) -> None:
    """Checked data only: a progress row with an error (a "Hoàn thành" without its evidence,
    a percentage out of range…) counts as not reported, and a value of the people sheet with
    an error (more sessions attended than held…) counts as not given, until the unit fixes
    it. ``evidence_required = false`` lets "Hoàn thành" without evidence count."""
    evidence = bool(ws.config.scoring.get("evidence_required", True))
    lined["unchecked"] = [False] * len(lined["progress"])
    bad = {(pid, action_key(str(data.get("action") or ""))) for pid, data, code, _ in
           errors["progress"] if evidence or code != "EVIDENCE_MISSING"}
    if bad:
        keys = base.action_keys(base.actions["action"])
        progress, percent = list(lined["progress"]), list(lined["percent"])
        for i, key in enumerate(zip(base.actions["person_id"], keys)):
            if key in bad:
                progress[i] = percent[i] = None
                lined["unchecked"][i] = True
        lined["progress"], lined["percent"] = progress, percent
    where = {pid: i for i, pid in enumerate(base.people["person_id"])} if errors["people"] \
        else {}
    column = {"sessions_attended": "sessions_attended", "head_assessment": "assessment"}
    for pid, _data, _code, fld in errors["people"]:
        if pid in where and fld in column:
            person_cols[column[fld]][where[pid]] = None


def _progress_lined_up(ws: Workspace, p: Period, base: YearBase) -> dict[str, list[Any]]:
    """:func:`_read_progress` and :func:`_line_up` (what the forked child does). Equal texts
    come back as one object: pickled once."""
    return _line_up(base, _read_progress(ws, p))


def _read_quarter(ws: Workspace, p: Period, sources: bool) -> dict[str, Any]:
    """Everything the quarter's scores read from the store, in plain values."""
    out: dict[str, Any] = {}
    with ws.store() as store:
        subs = {f: {s["unit"]: s for s in store.current_submissions(f, str(p))}
                for f in QUARTER_FORMS}
        out["subs"] = subs
        out["people"] = {r[1]: tuple(r[2:]) for r in store.current_values(
            "quarterly", str(p), "people", PEOPLE_KEYS, live=True) if r[1]} \
            if subs["quarterly"] else {}
        out["units"] = _unit_reports(store, str(p), subs["unit-report"], ws.config)
        form = get_form("quarterly")
        out["errors"] = {t: store.error_rows("quarterly", str(p), t, form.table(t).sheet)
                         if subs["quarterly"] else [] for t in ("progress", "people")}
        diary: dict[str, tuple[int, int]] = {}
        if subs["diary"]:
            for _sid, pid, deed, golden in store.current_values(
                    "diary", str(p), "entries", ("deed", "golden_book"), live=True):
                if pid and deed:
                    n, g = diary.get(pid, (0, 0))
                    diary[pid] = (n + 1, g + bool(golden))
        out["diary"] = diary
        if sources:
            out["pledges"] = {s["unit"]: s for s in store.current_submissions("pledge",
                                                                              str(p.year))}
    return out


def _unit_reports(store: Store, period: str, subs: dict[str, Any], cfg: Any
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


def _sources(raw: dict[str, Any], p: Period, units: dict[str, str]) -> pd.DataFrame:
    """Every file a figure of this quarter comes from (current submissions, and the pledges)."""
    import pandas as pd
    rows = []
    forms = {"pledge": raw["pledges"], **raw["subs"]}
    for form_id, by_unit in forms.items():
        for code, sub in sorted(by_unit.items()):
            rows.append({"form": form_id, "unit": code,
                         "unit_name": units.get(code, code),
                         "period": sub["period"], "file": sub["file_name"],
                         "sha256": sub["sha256"], "archived": sub["archived"],
                         "submitted_at": _when(sub), "sender": sub["sender"] or "",
                         "errors": sub["n_errors"], "warnings": sub["n_warnings"],
                         "versions": sub["versions"],
                         "submission_id": sub["id"]})
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)
