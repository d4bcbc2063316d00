"""What the year-end needs from the store, as pandas tables: the quarterly scores of the year
(toolkit.scoring.scores), the registered actions, the self-reviews, and the diaries and unit
reports.

:func:`load_year` gathers it once; the rating inputs (:func:`rating_inputs`), the year-review
prefill and the reports read from the result. A missing piece never drops a person: without
quarterly reports the scores are empty and the person carries the "missing reports" blocker.
"""

from __future__ import annotations

import datetime as dt
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
    pledge_units: set[str] = field(default_factory=set)   # units whose pledge was received
    memo: dict[str, Any] = field(default_factory=dict, repr=False)   # what is worked out of it


# the forms the year's data is read from (not the rating workbook: decisions are read apart)
YEAR_FORMS = ("pledge", "quarterly", "unit-report", "diary", "year-review")


def store_stamp(store: Store) -> tuple[int, int]:
    """Changes whenever a submission the year's data is read from is added: the key of the
    cache below (a rating workbook read back leaves it as it is)."""
    return store.forms_stamp(YEAR_FORMS)


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
        pledge_units = {sub["unit"] for sub in store.submissions("pledge", str(year))}
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
                    review_actions, unit_reviews, review_units, pledge_units)
    _CACHE.clear()
    _CACHE[key] = data
    return data


def newest_data(store: Store, year: int, quarters: tuple[int, ...] = (1, 2, 3, 4),
                with_year: bool = True) -> tuple[dt.datetime | None, str]:
    """When the newest data of the year (or of ``quarters`` and the pledges) was received, and
    its file: a document holding it is never dated before that."""
    periods = [f"{year}-Q{q}" for q in quarters]
    best: tuple[dt.datetime | None, str] = (None, "")
    for period in [str(year), *periods]:
        for sub in store.submissions(None, period):
            if period == str(year) and not with_year and sub["form"] != "pledge":
                continue
            when = sub["submitted_at"]
            if not when:
                continue
            at = dt.datetime.fromisoformat(when)
            at = at.replace(tzinfo=None) if at.tzinfo else at
            if best[0] is None or at > best[0]:
                best = (at, sub["file_name"])
    return best


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
    """One row per roster person with the columns the proposals read (see
    :data:`toolkit.scoring.rating.PERSON_COLUMNS`), plus what the rating sheets show.

    * ``score``: the year score, the mean of the four quarter scores; without a quarter it has
      none (a missing quarter is never left out of an average).
    * ``data_gaps``: why the data is not enough for a level when the unit did not send it (no
      pledge, a quarterly report or the self-review missing, the person left out of one). Such
      a person gets "chưa đủ dữ liệu", not a level for what was never sent.
    * ``actions_done``: the registered actions the fourth quarter's reports say are done
      (checked: no error on the row, evidence given where required), the same count as the
      completion figure; on time and exceeded as the self-review says of those actions.
    """
    import pandas as pd
    if "rating_inputs" in data.memo:          # the year-review prefill asks once per unit
        return data.memo["rating_inputs"].copy()
    ys = data.year_scores.set_index("person_id").to_dict("index") \
        if len(data.year_scores) else {}
    done_by = _done_actions(data)
    gaps_index = _gap_index(data)
    rows = []
    for unit_code in data.roster.units:
        unit = data.roster.units[unit_code]
        for p in data.roster.people_of(unit_code):
            pid = p.person_id
            y = ys.get(pid)
            regs = data.registered.get(pid, [])
            review = data.reviews.get(pid)
            done = done_by.get(pid, set())
            on_time, exceeded = _review_shares(data.review_actions.get(pid, []), done)
            quarter_scores = [(_num(y.get(f"score_q{q}")) if y is not None else math.nan)
                              for q in (1, 2, 3, 4)]
            rows.append({
                "person_id": pid, "name": p.name, "unit": unit_code, "unit_name": unit.name,
                "position": p.position, "party_group": p.party_group,
                "party_member": p.party_member, "civil_servant": p.civil_servant,
                "key_leader": p.key_leader,
                "score": _num(y.get("year_score")) if y is not None else math.nan,
                "score_so_far": _num(y.get("score_so_far")) if y is not None else math.nan,
                "q1": quarter_scores[0], "q2": quarter_scores[1], "q3": quarter_scores[2],
                "q4": quarter_scores[3],
                "quarters_reported": sum(not math.isnan(s) for s in quarter_scores),
                "quarters_expected": 4,
                "data_gaps": tuple(data_gaps(data, unit_code, pid, gaps_index)),
                "missing_quarters": quarters_label(y.get("quarters_missing") if y is not None
                                                   else "Q1, Q2, Q3, Q4"),
                "has_pledge": bool(regs), "actions_total": len(regs),
                "actions_done": min(len(done), len(regs)),
                "actions_on_time": min(on_time, len(regs)),
                "actions_exceeded": min(exceeded, len(regs)),
                "has_review": bool(review and review.get("self_rating")),
                "discipline": (review or {}).get("discipline"),
                "cs_rating": (review or {}).get("cs_rating"),
                "self_rating": (review or {}).get("self_rating"),
                "unit_proposal": (review or {}).get("unit_proposal"),
                "commended": int(_num(y.get("commended_count"), 0)) if y is not None else 0,
                "reminded": int(_num(y.get("reminded_count"), 0)) if y is not None else 0,
                "criticised": int(_num(y.get("criticised_count"), 0)) if y is not None else 0,
            })
    frame = pd.DataFrame(rows)
    for col in ("data_gaps", "discipline", "cs_rating", "self_rating", "unit_proposal"):
        if len(frame):                  # Python values, never pandas 3's NaN for None
            frame[col] = pd.Series([r[col] for r in rows], dtype=object)
    data.memo["rating_inputs"] = frame
    return frame.copy()


def _gap_index(data: YearData) -> dict[int, tuple[set[str], set[str]] | None]:
    """Per quarter: (units that sent their quarterly report, people in a report), or None."""
    out: dict[int, tuple[set[str], set[str]] | None] = {}
    for q in (1, 2, 3, 4):
        qs = data.quarters.get(q)
        if qs is None:
            out[q] = None
            continue
        sent = qs.units.loc[~qs.units["quarterly_state"].isin(("missing", "pending")), "unit"]
        reported = qs.people.loc[qs.people["has_report"].astype(bool), "person_id"]
        out[q] = (set(sent), set(reported))
    return out


def data_gaps(data: YearData, unit: str, person_id: str,
              index: dict[int, tuple[set[str], set[str]] | None] | None = None) -> list[str]:
    """What the year-end lacks of one person because it was never received, in words."""
    index = index if index is not None else _gap_index(data)
    gaps = []
    if unit not in data.pledge_units:
        gaps.append(f"Đơn vị chưa gửi bản đăng ký việc làm theo năm {data.year}")
    unit_missing, person_missing = [], []
    for q in (1, 2, 3, 4):
        found = index.get(q)
        if found is None or unit not in found[0]:
            unit_missing.append(q)
        elif person_id not in found[1]:
            person_missing.append(q)
    if unit_missing:
        gaps.append("Chưa có báo cáo quý " + ", ".join(ROMAN[q] for q in unit_missing) +
                    " của đơn vị")
    if person_missing:
        gaps.append("Không có tên trong báo cáo quý " +
                    ", ".join(ROMAN[q] for q in person_missing) + " của đơn vị")
    if unit not in data.review_units:
        gaps.append("Đơn vị chưa gửi bản kiểm điểm cuối năm")
    elif person_id not in data.reviews:
        gaps.append("Không có tên trong bản kiểm điểm cuối năm của đơn vị")
    return gaps


def _done_actions(data: YearData) -> dict[str, set[int]]:
    """person id -> numbers of the registered actions the fourth quarter's reports say are done
    (the checked "done" of :mod:`toolkit.scoring.scores`, the completion figure's own count)."""
    out: dict[str, set[int]] = {}
    qs = data.quarters.get(4)
    if qs is None or not len(qs.actions):
        return out
    acts = qs.actions
    mine = acts[acts["done"].astype(bool)]
    for pid, no in zip(mine["person_id"], mine["no"]):
        out.setdefault(pid, set()).add(int(no))
    return out


def _review_shares(recs: list[dict[str, Any]], done: set[int]) -> tuple[int, int]:
    """(on time, exceeded) among the actions done, as the self-review grades them; without a
    graded self-review every action done counts on time and none exceeded."""
    graded = {int(r["action_no"]): r.get("year_result") for r in recs
              if r.get("year_result") and isinstance(r.get("action_no"), (int, float))}
    if not graded:
        return len(done), 0
    return (sum(1 for n in done if graded.get(n) in RESULT_ON_TIME),
            sum(1 for n in done if graded.get(n) in RESULT_EXCEEDED))


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

