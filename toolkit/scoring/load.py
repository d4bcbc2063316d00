"""The store, read into the tables scoring needs for one quarter (pandas DataFrames).

Sized for a province (10,000 units, 100,000 people): the store is read with one query per table
(:meth:`toolkit.store.Store.current_values`: SQLite picks out the few fields scoring needs, or
the lists kept for them at ingest), in a second thread while the main one works, the progress
rows in a forked child process (:mod:`toolkit.common.forked`); and what stays the same through the year
(the roster's people in order, their registered actions and the actions' keys) is built once
into a :class:`YearBase`, shared by the quarters and kept in the workspace's ``.cache``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.common.periods import Period, PeriodError
from toolkit.config.workspace import WorkspaceError
from toolkit.scoring.quarter_data import action_key, live_pledges

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.config.roster import Person, Roster
    from toolkit.config.workspace import Workspace

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
        raise WorkspaceError(t("err.period", value=period, year=ws.config.year)) from None
    if p.kind != "Q" or p.year != ws.config.year:
        raise WorkspaceError(t("err.period", value=period, year=ws.config.year))
    return p


def submission_state(sub: Any, deadline: dt.date, as_of: dt.date) -> str:
    from toolkit.scoring.states import LATE, MISSING, ON_TIME, PENDING
    if sub is None:
        return MISSING if as_of > deadline else PENDING
    when = dt.datetime.fromisoformat(sub["submitted_at"]) if sub["submitted_at"] else None
    return LATE if when and when.date() > deadline else ON_TIME


# ---------------------------------------------------------------- what the quarters share

CACHE_FORMAT = 2      # of the cached YearBase: change it when YearBase or its making changes


@dataclass
class YearBase:
    """The roster's people in order and their registered actions: the same for every quarter."""

    year: int
    units: dict[str, str]             # unit code -> name, in roster order
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
    """The year's :class:`YearBase`. Building it reads the roster and every registered action
    (seconds for a province), so it is remembered, in the process and in the workspace's
    ``.cache`` (like the roster), while the roster file and the year's current pledge
    submissions stay the same. When it is built, the pledges are read in a second thread while
    the roster loads (SQLite works outside Python's lock)."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as reader:
        return _finish_base(ws, year, _start_base(ws, year, reader))


def _base_key(ws: Workspace, year: int) -> tuple[Any, ...] | None:
    """What the year's base is made of: the roster file (size, time), the current pledge
    submissions (id, file hash, when stored) and the toolkit version. None without a roster."""
    import hashlib

    from toolkit import __version__
    try:
        st = ws.roster_path.stat()
    except OSError:
        return None
    with ws.store() as store:
        subs = store.db.execute(
            "SELECT id, sha256, ingested_at FROM submissions WHERE form = 'pledge'"
            " AND period = ? AND current = 1 ORDER BY id", (str(year),)).fetchall()
    digest = hashlib.sha256("\n".join(f"{i} {h} {t}" for i, h, t in subs).encode()).hexdigest()
    return (CACHE_FORMAT, __version__, year, st.st_size, st.st_mtime_ns, digest)


def _cache_path(ws: Workspace, year: int) -> Any:
    return ws.root / ".cache" / f"year-base-{year}.pickle"


def _start_base(ws: Workspace, year: int, reader: Any) -> Any:
    """The remembered base, or what building it needs: its key and the pledges being read by
    ``reader`` (an executor with one thread: SQLite runs one query at a time anyway)."""
    import pickle
    key = _base_key(ws, year)
    if key is not None and _BASE.get("key") == key:
        return _BASE["base"]
    if key is not None:
        try:
            with _cache_path(ws, year).open("rb") as fh:
                cached_key, base = pickle.load(fh)
            if cached_key == key and isinstance(base, YearBase):
                _BASE.clear()
                _BASE.update(key=key, base=base)
                return base
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError,
                TypeError, ImportError):
            pass
    return key, reader.submit(_read_pledges, ws, year)


def _read_pledges(ws: Workspace, year: int) -> list[list[Any]]:
    with ws.store() as store:
        return live_pledges(store, year)


def _finish_base(ws: Workspace, year: int, started: Any) -> YearBase:
    import pickle
    if isinstance(started, YearBase):
        return started
    key, pledges = started
    roster = ws.roster()
    people = _People(roster, ordered_people(roster))      # while the pledges are read
    base = _make_base(year, people, pledges.result())
    if key is not None:
        _BASE.clear()
        _BASE.update(key=key, base=base)
        path = _cache_path(ws, year)
        tmp = path.with_suffix(".tmp")
        try:
            path.parent.mkdir(exist_ok=True)
            with tmp.open("wb") as fh:
                pickle.dump((key, base), fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:     # a read-only workspace (or a full disk) still works, only slower
            with contextlib.suppress(OSError):
                tmp.unlink()
    return base


class _People:
    """The roster columns of the people table, and how to find a person in them."""

    def __init__(self, roster: Roster, people: list[Person]):
        import pandas as pd
        fields = ("person_id", "name", "unit", "position", "party_group", "party_member",
                  "key_leader", "youth_member")
        attrs = [vars(p) for p in people]
        values = {f: [a[f] for a in attrs] for f in fields}
        self.units = {code: unit.name for code, unit in roster.units.items()}
        self.columns = {"person_id": values["person_id"], "name": _shared(values["name"]),
                        "unit": _shared(values["unit"]),
                        "unit_name": [self.units[u] for u in values["unit"]]}
        self.columns.update((f, _shared(values[f])) for f in fields[3:])
        self.index = pd.Index(values["person_id"])
        self.unit_of = dict(zip(values["person_id"], self.columns["unit"]))


def _shared(values: list[Any]) -> list[Any]:
    """The same values, equal ones as one object (a smaller, faster cache file)."""
    seen: dict[Any, Any] = {}
    return [seen.setdefault(v, v) for v in values]


def _make_base(year: int, people: _People, rows: list[list[Any]]) -> YearBase:
    import numpy as np
    import pandas as pd

    # the registered actions, person by person in roster order, each in pledge order (numbered
    # in pledge order, whoever's roster they are in)
    pids = [r[1] for r in rows]
    codes, uniques = pd.factorize(np.array(pids, dtype=object))
    first = np.argsort(codes, kind="stable")           # rows grouped by person, in order
    starts = np.zeros(len(uniques) + 1, dtype=np.int64)
    np.cumsum(np.bincount(codes, minlength=len(uniques)), out=starts[1:])
    numbers = np.empty(len(rows), dtype=np.int64)
    numbers[first] = np.arange(len(rows)) - starts[codes[first]] + 1
    where = people.index.get_indexer(uniques) if len(uniques) else \
        np.array([], dtype=np.int64)
    at = where[codes] if len(rows) else np.array([], dtype=np.int64)
    keep = np.flatnonzero(at >= 0)
    order = keep[np.argsort(at[keep], kind="stable")]
    ids, units = people.columns["person_id"], people.columns["unit"]
    positions, picked = at[order].tolist(), [rows[k] for k in order.tolist()]
    actions = {"person_id": [ids[i] for i in positions],
               "unit": [units[i] for i in positions],
               "no": numbers[order].tolist(),
               "action": _shared([str(r[2]) for r in picked]),
               "deadline": [r[3] for r in picked]}
    base = YearBase(year, people.units, people.columns, actions, set(actions["person_id"]))
    # the registered actions' keys, computed once and kept with the base: a quarter's report
    # repeats its person's registered texts, so they are found there (in a province most of
    # 300,000 texts are each one person's own; keying them took seconds every dashboard)
    base.action_keys(actions["action"])
    return base


def ordered_people(roster: Roster) -> list[Person]:
    """``[p for u in roster.units for p in roster.people_of(u)]``, with the name keys computed
    once per distinct word (a province roster has 100,000 names but a few thousand words)."""
    from toolkit.common.text import _word_sort_key, canonical

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
    # one sort of the whole roster: unit (in roster order), key leaders first, name, id
    units = {code: i for i, code in enumerate(roster.units)}
    people = [p for p in roster.people.values() if p.unit in units]
    people.sort(key=lambda p: (units[p.unit], not p.key_leader, rank[p.name], p.person_id))
    return people


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
                _start_base(ws, p.year, reader)
            if isinstance(started, YearBase):
                child = forked.start(_progress_lined_up, ws, p, started)
            progress = None if child is not None else second.submit(_read_progress, ws, p)
            quarter_rows = reader.submit(_read_quarter, ws, p, sources)
            import pandas as pd  # (while the store is read)
            base = _finish_base(ws, p.year, started)
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

    # the actions table: the registered actions (roster order) and what the report says
    acts = base.actions
    actions = pd.DataFrame({
        "person_id": acts["person_id"], "unit": acts["unit"], "no": acts["no"],
        "action": acts["action"], "deadline": acts["deadline"], "reported": lined["reported"],
        "progress": lined["progress"], "percent": lined["percent"]}) if acts["person_id"] else \
        pd.DataFrame(columns=["person_id", "unit", "no", "action", "deadline", "reported",
                              "progress", "percent"])
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
    from toolkit.forms import deadline_for, get_form
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
        out["progress"] = _shared([r[0] for r in recs])
        out["percent"] = [r[1] for r in recs]
    else:
        out["reported"] = [False] * n_actions
        out["progress"] = out["percent"] = [None] * n_actions
    out["reports"] = [pid in reported_any for pid in base.people["person_id"]]
    return out


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
