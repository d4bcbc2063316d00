"""What the year-end needs from the store, as pandas tables: the quarterly scores of the year
(toolkit.scoring.scores), the registered actions, the self-reviews, and the diaries and unit
reports.

:func:`load_year` gathers it once; the rating inputs (:func:`rating_inputs`), the year-review
prefill and the reports read from the result. A missing piece never drops a person: without
quarterly reports the scores are empty and the person carries the "missing reports" blocker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.forms.year_review import RESULT_DONE, RESULT_EXCEEDED, RESULT_ON_TIME

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.config.roster import Roster
    from toolkit.config.workspace import Workspace
    from toolkit.store.db import Store

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class YearData:
    year: int
    roster: Roster
    quarters: dict[int, Any]                  # quarter -> scoring.QuarterScores (or None)
    year_scores: pd.DataFrame               # scoring.year_person_scores
    registered: dict[str, list[Any]]          # person id -> quarter_data.Registered
    reviews: dict[str, dict[str, Any]]        # person id -> year-review "people" record
    review_actions: dict[str, list[dict[str, Any]]]   # person id -> "actions" records
    unit_reviews: dict[str, dict[str, Any]]   # unit code -> year-review "unit" record
    review_units: set[str] = field(default_factory=set)   # units whose review was received


def store_stamp(store: Store) -> tuple[int, int, int]:
    """Changes whenever a submission or a decision is added: the key of the caches below."""
    return store.stamp()


_CACHE: dict[tuple[Any, ...], YearData] = {}


def load_year(ws: Workspace, year: int | None = None) -> YearData:
    """Everything the year-end reads, for the workspace's year (cached per store state)."""
    year = year or ws.config.year
    store = ws.store()
    try:
        key = (str(ws.root.resolve()), year, store_stamp(store),
               ws.config.path.stat().st_mtime_ns, ws.roster_path.stat().st_mtime_ns)
        if key in _CACHE:
            return _CACHE[key]
        from toolkit.scoring.quarter_data import registered_actions
        registered = registered_actions(store, year)
        reviews: dict[str, dict[str, Any]] = {}
        review_actions: dict[str, list[dict[str, Any]]] = {}
        unit_reviews: dict[str, dict[str, Any]] = {}
        review_units: set[str] = set()
        for sub in store.submissions("year-review", str(year)):
            review_units.add(sub["unit"])
            for rec in store.records(sub["id"], "people"):
                if _live(rec) and rec.get("person_id"):
                    reviews[rec["person_id"]] = rec
            for rec in store.records(sub["id"], "actions"):
                if _live(rec) and rec.get("person_id"):
                    review_actions.setdefault(rec["person_id"], []).append(rec)
            for rec in store.records(sub["id"], "unit"):
                if not rec.get("_empty") and any(rec.get(k) for k in
                                                 ("achievements", "proposed_rating")):
                    unit_reviews[sub["unit"]] = rec
    finally:
        store.close()
    roster = ws.roster()
    quarters = {q: _quarter(ws, f"{year}-Q{q}") for q in (1, 2, 3, 4)}
    data = YearData(year, roster, quarters, _year_scores(ws, year, roster), registered, reviews,
                    review_actions, unit_reviews, review_units)
    _CACHE.clear()
    _CACHE[key] = data
    return data


def _live(rec: dict[str, Any]) -> bool:
    return not rec.get("_excluded") and not rec.get("_empty")


def _quarter(ws: Workspace, period: str) -> Any:
    try:
        from toolkit.scoring.scores import quarter
    except ImportError:            # the quarterly cycle is not installed: no scores
        return None
    return quarter(ws, period)


def _year_scores(ws: Workspace, year: int, roster: Roster) -> pd.DataFrame:
    import pandas as pd
    try:
        from toolkit.scoring.scores import year_person_scores
    except ImportError:
        year_person_scores = None
    if year_person_scores is not None:
        return year_person_scores(ws, year)
    rows = [{"person_id": p.person_id, "year_score": math.nan, "quarters_reported": 0,
             "quarters_missing": "Q1, Q2, Q3, Q4", "commended_count": 0, "reminded_count": 0,
             "criticised_count": 0} for p in roster.people.values()]
    return pd.DataFrame(rows)


def quarters_label(text: str) -> str:
    """"Q1, Q3" -> "quý I, III"."""
    nums = [int(x.strip()[1:]) for x in str(text or "").split(",") if x.strip()[1:].isdigit()]
    return ("quý " + ", ".join(ROMAN[n] for n in nums)) if nums else ""


def action_counts(recs: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    """(results given, done, on time, exceeded) from the self-review's action rows."""
    given = [r.get("year_result") for r in recs if r.get("year_result")]
    return (len(given), sum(1 for g in given if g in RESULT_DONE),
            sum(1 for g in given if g in RESULT_ON_TIME),
            sum(1 for g in given if g in RESULT_EXCEEDED))


def rating_inputs(data: YearData) -> pd.DataFrame:
    """One row per roster person with the columns :func:`toolkit.rating.propose_people` reads,
    plus what the rating sheet shows (quarter scores, self-rating, unit proposal)."""
    import pandas as pd
    ys = data.year_scores.set_index("person_id") if len(data.year_scores) else None
    rows = []
    for unit_code in data.roster.units:
        unit = data.roster.units[unit_code]
        for p in data.roster.people_of(unit_code):
            pid = p.person_id
            y = ys.loc[pid] if ys is not None and pid in ys.index else None
            regs = data.registered.get(pid, [])
            review = data.reviews.get(pid)
            given, done, on_time, exceeded = action_counts(data.review_actions.get(pid, []))
            total = len(regs)
            if not given:                           # no year results: the last quarterly report
                done = last_reported_done(data, pid)
                on_time, exceeded = done, 0
            quarter_scores = [(_num(y.get(f"score_q{q}")) if y is not None else math.nan)
                              for q in (1, 2, 3, 4)]
            rows.append({
                "person_id": pid, "name": p.name, "unit": unit_code, "unit_name": unit.name,
                "position": p.position, "party_group": p.party_group,
                "party_member": p.party_member, "civil_servant": p.civil_servant,
                "key_leader": p.key_leader,
                "score": _num(y.get("year_score")) if y is not None else math.nan,
                "q1": quarter_scores[0], "q2": quarter_scores[1], "q3": quarter_scores[2],
                "q4": quarter_scores[3],
                "quarters_reported": int(_num(y.get("quarters_reported"), 0)) if y is not None
                else 0,
                "quarters_expected": 4,
                "missing_quarters": quarters_label(y.get("quarters_missing") if y is not None
                                                   else "Q1, Q2, Q3, Q4"),
                "has_pledge": bool(regs), "actions_total": total,
                "actions_done": min(done, total), "actions_on_time": min(on_time, total),
                "actions_exceeded": min(exceeded, total),
                "has_review": bool(review and review.get("self_rating")),
                "discipline": (review or {}).get("discipline"),
                "cs_rating": (review or {}).get("cs_rating"),
                "self_rating": (review or {}).get("self_rating"),
                "unit_proposal": (review or {}).get("unit_proposal"),
                "commended": int(_num(y.get("commended_count"), 0)) if y is not None else 0,
                "reminded": int(_num(y.get("reminded_count"), 0)) if y is not None else 0,
                "criticised": int(_num(y.get("criticised_count"), 0)) if y is not None else 0,
            })
    return pd.DataFrame(rows)


def last_reported_done(data: YearData, person_id: str) -> int:
    """Actions reported done in the person's latest quarterly report (0 without any)."""
    for q in (4, 3, 2, 1):
        qs = data.quarters.get(q)
        if qs is None:
            continue
        row = qs.people[qs.people["person_id"] == person_id]
        if len(row) and bool(row["has_report"].iloc[0]):
            return int(_num(row["actions_done"].iloc[0], 0))
    return 0


def unit_year_scores(data: YearData) -> tuple[dict[str, float], dict[str, str]]:
    """unit code -> mean of its quarterly unit scores; unit code -> quarters without reports."""
    scores: dict[str, list[float]] = {}
    missing: dict[str, list[int]] = {}
    for q, qs in data.quarters.items():
        if qs is None:
            for code in data.roster.units:
                missing.setdefault(code, []).append(q)
            continue
        for _, row in qs.units.iterrows():
            code = row["unit"]
            if row["quarterly_state"] in ("missing", "pending") or \
                    row["unit_report_state"] in ("missing", "pending"):
                missing.setdefault(code, []).append(q)
            v = _num(row.get("score"))
            if not math.isnan(v):
                scores.setdefault(code, []).append(v)
    return ({c: sum(v) / len(v) for c, v in scores.items() if v},
            {c: "quý " + ", ".join(ROMAN[q] for q in qs) for c, qs in missing.items()})


def _num(v: Any, default: float = math.nan) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(x) else x

