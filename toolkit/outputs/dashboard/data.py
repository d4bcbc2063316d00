"""What the dashboard shows beyond the score tables: headline figures, the trend over the
quarters so far, candidates for commendation and reminders, and the data issues of the quarter."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from toolkit.common.issues import Issue

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.common.periods import Period
    from toolkit.config.workspace import Workspace
    from toolkit.scoring.figures import QuarterCandidates
    from toolkit.scoring.scores import QuarterScores
    from toolkit.scoring.year_base import YearBase

QUARTER_FORMS = ("quarterly", "unit-report", "diary")


def _mean(series: pd.Series) -> float:
    value = series.mean()
    return float(value)


def completion(actions_done: float, actions_total: float) -> float:
    return 100.0 * actions_done / actions_total if actions_total else float("nan")


def candidates(q: QuarterScores, as_of: dt.date | None = None,
               disciplined: dict[str, str] | None = None) -> QuarterCandidates:
    """The quarter's commendation proposals, those left apart, and the people needing a
    reminder (:func:`toolkit.scoring.figures.quarter_candidates`: the one definition)."""
    from toolkit.common.periods import Period
    from toolkit.scoring.figures import quarter_candidates, quarter_label
    p = Period.parse(q.period)
    return quarter_candidates(q, quarter_label(p.year, p.number), as_of or q.as_of, disciplined)


def disciplined_people(ws: Workspace, year: int) -> dict[str, str]:
    """person id -> the form of discipline the year's self-reviews record (none before them)."""
    from toolkit.scoring.rating import disciplined
    with ws.store() as store:
        rows = store.current_values("year-review", str(year), "people",
                                    ("discipline",), live=True)
    out = {}
    for _sid, pid, value in rows:
        form = disciplined(value)
        if pid and form:
            out[pid] = form
    return out


def collect_issues(ws: Workspace, q: QuarterScores) -> list[Issue]:
    """Issues of the quarter's current submissions, and a SUBMISSION_MISSING per overdue report."""
    from toolkit.common.dates import fmt
    from toolkit.common.periods import Period
    from toolkit.forms import deadline_for, get_form
    out: list[Issue] = []
    store = ws.store()
    try:
        ids = [int(sid) for form, sid in zip(q.sources["form"].tolist(),
                                             q.sources["submission_id"].tolist())
               if form in QUARTER_FORMS]
        out.extend(store.issues_of(ids))
    finally:
        store.close()
    p = Period.parse(q.period)
    codes, names = q.units["unit"].tolist(), q.units["unit_name"].tolist()
    for form_id, col in (("quarterly", "quarterly_state"), ("unit-report", "unit_report_state")):
        form = get_form(form_id)
        deadline, label = fmt(deadline_for(form, ws.config, p)), p.label()
        for code, name, state in zip(codes, names, q.units[col].tolist()):
            if state == "missing":
                args = {"unit": name, "form": form.name, "period": label, "deadline": deadline}
                out.append(Issue("SUBMISSION_MISSING", unit=code,
                                 args=tuple(sorted(args.items()))))
    order = {u: i for i, u in enumerate(q.units.sort_values("unit_name")["unit"])}
    out.sort(key=lambda i: (i.severity != "error", order.get(i.unit, 99), i.file, i.sheet,
                            _row(i.cell), i.code))
    return out


def _row(cell: str) -> int:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0


def figures(q: QuarterScores, issues: list[Issue], cands: QuarterCandidates,
            ws: Workspace | None = None) -> dict[str, Any]:
    """The dashboard's headline figures (plain values: ``run --format json`` prints them); the
    key ones (people, completion, commendations) also as :meth:`Figure.as_dict` under ``key``,
    with their definitions and cut-off date."""
    from toolkit.common.periods import Period
    from toolkit.scoring import figures as fig
    people, units = q.people, q.units
    p = Period.parse(q.period)
    done, total = int(people["actions_done"].sum()), int(people["actions_total"].sum())
    reported = int(people["has_report"].sum())
    held = units["sessions_held"].fillna(0)
    states = units["quarterly_state"]
    evidence = bool(q.rules.evidence_required)
    key = {fig.COMPLETION: fig.completion(q, fig.quarter_label(p.year, p.number), q.as_of,
                                          evidence),
           fig.QUARTER_COMMENDATIONS: cands.figure}
    key[fig.PEOPLE] = fig.people(len(people), q.as_of)
    key[fig.PARTY_MEMBERS] = fig.party_members(int(people["party_member"].astype(bool).sum()),
                                               len(people), q.as_of)
    no_pledge = []
    if ws is not None:
        from toolkit.outputs.status import units_without_pledge
        with ws.store() as store:
            no_pledge = units_without_pledge(
                store, ws.config, dict(zip(units["unit"], units["unit_name"])), q.as_of)
    return {
        "period": q.period, "people": len(people), "people_reported": reported,
        "reported_pct": 100.0 * reported / len(people) if len(people) else 0.0,
        "people_with_pledge": int(people["has_pledge"].sum()),
        "actions_done": done, "actions_total": total, "completion": completion(done, total),
        "mean_score": _mean(people["score"]), "units": len(units),
        "on_time": int((states == "on_time").sum()), "late": int((states == "late").sum()),
        "missing": int((states == "missing").sum()), "pending": int((states == "pending").sum()),
        "unit_reports": int(units["unit_report_state"].isin(["on_time", "late"]).sum()),
        "sessions": int(held.sum()),
        "sessions_expected": float(units["sessions_expected"].sum()),
        "propaganda": int(units["propaganda_count"].sum()),
        "candidates": len(cands.commend), "candidates_apart": len(cands.apart),
        "reminders": len(cands.remind),
        "diary": int(units["diary_entries"].sum()), "golden_book": int(units["golden_book"].sum()),
        "errors": sum(1 for i in issues if i.is_error),
        "warnings": sum(1 for i in issues if i.severity == "warning"),
        "best_unit": str(units.iloc[0]["unit_name"]) if len(units) else "",
        "no_pledge": no_pledge, "key": {k: f.as_dict() for k, f in key.items()},
    }


def trend_rows(ws: Workspace, p: Period, q: QuarterScores, as_of: dt.date,
               base: YearBase | None = None) -> list[dict[str, Any]]:
    """Mean score, completion and share reported for each quarter of the year up to ``p``.

    An earlier quarter's row is remembered in the workspace's ``.cache`` under what it is made
    of (see :func:`_trend_keys`): rescoring a province's quarter takes seconds, and a fourth
    quarter's dashboard would otherwise rescore three."""
    from toolkit.common.periods import Period
    from toolkit.scoring.scores import quarter
    cache = _TrendCache(ws, p.year)
    earlier = [Period(p.year, "Q", k) for k in range(1, p.number)]
    keys = _trend_keys(ws, earlier, as_of)
    rows = []
    for period in [*earlier, p]:
        if period == p:
            rows.append(_trend_row(period, q))
            continue
        key = keys[period]
        row = cache.get(key)
        if row is None:
            row = _trend_row(period, quarter(ws, str(period), as_of, base=base, sources=False))
            cache.put(key, row)
        rows.append(row)
    cache.save()
    return rows


def _trend_row(period: Period, qk: QuarterScores) -> dict[str, Any]:
    people = qk.people
    n = len(people)
    mean = _mean(people["score"])
    return {
        "label": period.label(),
        "mean_score": None if math.isnan(mean) else round(mean, 1),
        "completion": _round(completion(people["actions_done"].sum(),
                                        people["actions_total"].sum())),
        "reported": round(100.0 * people["has_report"].sum() / n, 1) if n else None,
    }


def _trend_keys(ws: Workspace, periods: list[Period], as_of: dt.date) -> dict[Period, str]:
    """What each quarter's scores are made of: the toolkit version, the config and roster files,
    the date they are computed for, and every submission of the quarter and of the year's
    pledges (id, file, current or not, error and warning counts, which checks run later
    change)."""
    import hashlib

    from toolkit import __version__
    from toolkit.config.workspace import CONFIG_NAME
    if not periods:
        return {}
    files = hashlib.sha256()
    for path in (ws.root / CONFIG_NAME, ws.roster_path):
        try:
            files.update(path.read_bytes())
        except OSError:
            files.update(b"-")
    keys = {}
    with ws.store() as store:
        for period in periods:
            h = hashlib.sha256(f"{__version__}|{period}|{as_of.isoformat()}|".encode())
            h.update(files.digest())
            rows = store.period_stamps(str(period), str(period.year))
            # one line per submission, hashed at once (the same digest as line by line)
            h.update("".join(["|".join(map(str, tuple(row))) + "\n" for row in rows]).encode())
            keys[period] = h.hexdigest()
    return keys


# Format of the trend cache (.cache/trend-<year>.json): bump it when a trend row changes.
TREND_CACHE_FORMAT = 1


class _TrendCache:
    """Trend rows by key, in ``.cache/trend-<year>.json`` (a
    :class:`toolkit.common.cache.DiskCache`); only the keys used last are kept."""

    def __init__(self, ws: Workspace, year: int) -> None:
        from toolkit.common.cache import DiskCache, cache_key
        self.cache = DiskCache(ws.root / ".cache" / f"trend-{year}.json", TREND_CACHE_FORMAT,
                               codec="json")
        self.key = cache_key("trend", year)
        self.old: dict[str, Any] = self.cache.load(self.key, expect=dict) or {}
        self.new: dict[str, Any] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        row = self.old.get(key)
        if isinstance(row, dict):
            self.new[key] = row
            return row
        return None

    def put(self, key: str, row: dict[str, Any]) -> None:
        self.new[key] = row

    def save(self) -> None:
        if not self.new or self.new == self.old:
            return
        self.cache.save(self.key, self.new)   # one that cannot be written: only slower next time


def _round(v: float) -> float | None:
    return None if math.isnan(v) else round(v, 1)
