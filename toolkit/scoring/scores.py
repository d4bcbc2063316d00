"""Quarter and year scores, computed with pandas; every weight and mapping comes from ``[scoring]``
in lamtheobac.toml, and every component is kept beside the score so a leader can see why.

Person, quarter (0–100)::

    expected % of an action at quarter end E, deadline D (Jan 1 = J):
        expected = min(100, 100 × (E − J) / (D − J))        (D on or before J: 100)
    actual %  = 100 for "Hoàn thành"; else the % written; else "Đang thực hiện" counts as
                in_progress_percent, "Chưa thực hiện" or no row as 0; a row with an error
                ("Hoàn thành" without evidence when evidence_required, a % out of range…)
                counts as no row until the unit fixes it: checked data only
    action score   = min(100, 100 × actual / expected)
    progress score = mean of the person's action scores (no pledge: no_pledge_progress)
    attendance     = min(100, 100 × sessions attended / sessions the unit held)
                     (no unit report: against the sessions expected, months × sessions_per_month;
                     nothing to attend: the component is left out and the weights re-scaled)
    assessment     = assessment_points[head's assessment] (not assessed: left out, re-scaled)
    score = weighted mean of the components + bonus_commendation − penalty_reminder −
            penalty_criticism, kept within 0–100; no report this quarter: no score (shown empty)
    year  = the mean of the four quarter scores; a quarter without a report is not left out of
            it: no year score then (``score_so_far`` is the mean of those reported, named so)

Unit, quarter: people (mean of its people's scores, a person without a report counting 0),
on time (each of the quarterly and unit reports: on time 100, late late_points, missing 0),
study sessions held against months × sessions_per_month, and activities (emulation activities
under way + propaganda activities) against activities_per_quarter; weighted by unit_weight_*.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.scoring.states import LATE, MISSING, ON_TIME, PENDING

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.config.workspace import Config, Workspace
    from toolkit.scoring.year_base import YearBase


PERSON_COLUMNS = ["person_id", "name", "unit", "party_group", "period", "score", "progress_score",
                  "attendance_score", "assessment", "assessment_score", "adjustment", "commended",
                  "reminded", "criticised", "has_pledge", "has_report", "actions_done",
                  "actions_total"]


@dataclass(frozen=True)
class Rules:
    """The scoring settings, read once from the config."""

    weight_progress: float = 0.5
    weight_attendance: float = 0.2
    weight_assessment: float = 0.3
    assessment_points: dict[str, float] = field(default_factory=lambda: {
        "Tốt": 100, "Khá": 80, "Đạt": 60, "Chưa đạt": 20})
    bonus_commendation: float = 5
    penalty_reminder: float = 5
    penalty_criticism: float = 15
    unit_weight_people: float = 0.5
    unit_weight_on_time: float = 0.15
    unit_weight_sessions: float = 0.2
    unit_weight_activities: float = 0.15
    sessions_per_month: float = 1
    activities_per_quarter: float = 3
    commend_min_score: float = 90
    remind_max_score: float = 50
    in_progress_percent: float = 50
    no_pledge_progress: float = 0
    late_points: float = 50
    evidence_required: bool = True       # "Hoàn thành" counts done only with its evidence
    progress_labels: tuple[str, str, str] = ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện")
    recognition_labels: tuple[str, str, str] = ("Biểu dương", "Nhắc nhở", "Phê bình")

    @classmethod
    def from_config(cls, config: Config) -> Rules:
        s = config.scoring
        names = [f for f in cls.__dataclass_fields__ if f not in (
            "assessment_points", "progress_labels", "recognition_labels", "evidence_required")]
        kw: dict[str, Any] = {n: float(s[n]) for n in names if n in s}
        kw["evidence_required"] = bool(s.get("evidence_required", True))
        if "assessment_points" in s:
            kw["assessment_points"] = {str(k): float(v) for k, v in s["assessment_points"].items()}
        kw["progress_labels"] = tuple(config.progress_scale)
        return cls(**kw)


# ---------------------------------------------------------------- the rules, one value at a time

def expected_progress(deadline: dt.date | None, as_of: dt.date, year: int) -> float:
    """The % of an action expected done by ``as_of`` when it is due on ``deadline``."""
    start = dt.date(year, 1, 1)
    deadline = deadline or dt.date(year, 12, 31)
    if deadline <= start:
        return 100.0
    return max(0.0, min(100.0, 100.0 * (as_of - start).days / (deadline - start).days))


def actual_progress(progress: Any, percent: Any, rules: Rules) -> float:
    done, doing, _todo = rules.progress_labels
    if progress == done:
        return 100.0
    if _is_number(percent):
        return max(0.0, min(100.0, float(percent)))
    if progress == doing:
        return rules.in_progress_percent
    return 0.0


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v)


# ---------------------------------------------------------------- tables

def score_actions(actions: pd.DataFrame, as_of: dt.date, year: int, rules: Rules
                  ) -> pd.DataFrame:
    """Add expected, actual, action_score and done to a table of registered actions.

    ``actions`` columns: person_id, deadline (date or None), progress, percent.
    """
    import numpy as np

    df = actions.copy()
    if df.empty:
        for col in ("expected", "actual", "action_score"):
            df[col] = []
        df["done"] = []
        return df
    cache: dict[Any, float] = {}      # a few hundred distinct deadlines for 300,000 actions
    expected = []
    for d in df["deadline"]:
        value = cache.get(d)
        if value is None:
            value = cache[d] = expected_progress(d if isinstance(d, dt.date) else None, as_of,
                                                 year)
        expected.append(value)
    df["expected"] = expected
    done, doing, _todo = rules.progress_labels
    progress, percent = df["progress"], df["percent"]
    if percent.dtype.kind in "fiu" or (percent.dtype == object and set(
            map(type, percent.dropna())) <= {int, float}):    # numbers: the same, at once
        pct = percent.to_numpy(dtype=float, na_value=np.nan)
        is_done = (progress == done).to_numpy()
        actual = np.where(is_done, 100.0, np.where(
            ~np.isnan(pct), np.clip(pct, 0.0, 100.0),
            np.where((progress == doing).to_numpy(), float(rules.in_progress_percent), 0.0)))
        df["actual"] = actual
    else:
        df["actual"] = [actual_progress(p, c, rules) for p, c in zip(progress, percent)]
    a = df["actual"].to_numpy(dtype=float)
    e = df["expected"].to_numpy(dtype=float)
    positive = e > 0
    df["action_score"] = np.where(
        positive, np.minimum(100.0, 100.0 * a / np.where(positive, e, 1.0)), 100.0)
    df["done"] = progress == done
    return df


def score_people(people: pd.DataFrame, actions: pd.DataFrame, rules: Rules
                 ) -> pd.DataFrame:
    """Person scores from scored actions and the people table.

    ``people`` columns: person_id, has_pledge, has_report, sessions_attended,
    sessions_denominator, assessment, recognition (+ any descriptive columns, kept).
    """
    import numpy as np
    import pandas as pd

    df = people.copy()
    if len(actions):
        acts = actions if "unchecked" in actions.columns else actions.assign(unchecked=False)
        grouped = acts.groupby("person_id").agg(
            progress_score=("action_score", "mean"), actions_done=("done", "sum"),
            actions_total=("action_score", "size"), expected_progress=("expected", "mean"),
            actual_progress=("actual", "mean"), actions_unchecked=("unchecked", "sum"))
        df = df.merge(grouped, how="left", left_on="person_id", right_index=True)
    else:
        for col in ("progress_score", "expected_progress", "actual_progress"):
            df[col] = np.nan
        df["actions_done"] = 0
        df["actions_total"] = 0
        df["actions_unchecked"] = 0
    for col in ("actions_done", "actions_total", "actions_unchecked"):
        df[col] = df[col].fillna(0).astype(int)
    df["progress_score"] = df["progress_score"].where(df["has_pledge"], rules.no_pledge_progress)
    attended = pd.to_numeric(df["sessions_attended"], errors="coerce").fillna(0)
    denominator = pd.to_numeric(df["sessions_denominator"], errors="coerce").fillna(0)
    df["attendance_score"] = (100 * attended / denominator.where(denominator > 0)).clip(0, 100)
    df["assessment_score"] = df["assessment"].map(
        lambda a: rules.assessment_points.get(a, np.nan) if isinstance(a, str) else np.nan)
    wp, wa, ws_ = rules.weight_progress, rules.weight_attendance, rules.weight_assessment
    has_a = df["attendance_score"].notna()
    has_s = df["assessment_score"].notna()
    total = (wp * df["progress_score"] + wa * df["attendance_score"].fillna(0)
             + ws_ * df["assessment_score"].fillna(0))
    weight = wp + wa * has_a + ws_ * has_s
    df["base_score"] = total / weight
    commend, remind, criticise = rules.recognition_labels
    df["commended"] = df["recognition"] == commend
    df["reminded"] = df["recognition"] == remind
    df["criticised"] = df["recognition"] == criticise
    df["adjustment"] = (rules.bonus_commendation * df["commended"]
                        - rules.penalty_reminder * df["reminded"]
                        - rules.penalty_criticism * df["criticised"]).astype(float)
    score = (df["base_score"] + df["adjustment"]).clip(0, 100)
    df["score"] = score.where(df["has_report"].astype(bool))
    return df


def score_units(units: pd.DataFrame, people: pd.DataFrame, rules: Rules, months: int = 3
                ) -> pd.DataFrame:
    """Unit scores. ``units`` columns: unit, quarterly_state, unit_report_state, sessions_held
    (NaN without a report), emulation_active, propaganda_count (+ descriptive columns, kept)."""
    import numpy as np
    import pandas as pd

    df = units.copy()
    by_unit = people.assign(score0=people["score"].fillna(0)).groupby("unit").agg(
        people_score=("score0", "mean"), people_total=("person_id", "size"),
        people_reported=("has_report", "sum"), people_with_pledge=("has_pledge", "sum"),
        actions_done=("actions_done", "sum"), actions_total=("actions_total", "sum"),
        mean_person_score=("score", "mean"),
        commended=("commended", "sum"), reminded=("reminded", "sum"),
        criticised=("criticised", "sum"))
    df = df.merge(by_unit, how="left", left_on="unit", right_index=True)
    for col in ("people_total", "people_reported", "people_with_pledge", "actions_done",
                "actions_total", "commended", "reminded", "criticised"):
        df[col] = df[col].fillna(0).astype(int)
    points = {ON_TIME: 100.0, LATE: rules.late_points, MISSING: 0.0, PENDING: 0.0}
    df["on_time_score"] = (df["quarterly_state"].map(points).fillna(0)
                           + df["unit_report_state"].map(points).fillna(0)) / 2
    expected = months * rules.sessions_per_month
    held = pd.to_numeric(df["sessions_held"], errors="coerce").fillna(0)
    df["sessions_expected"] = expected
    df["sessions_score"] = (100 * held / expected).clip(0, 100) if expected else 100.0
    df["activities"] = df["emulation_active"].fillna(0) + df["propaganda_count"].fillna(0)
    per_q = rules.activities_per_quarter
    df["activities_score"] = (100 * df["activities"] / per_q).clip(0, 100) if per_q else 100.0
    df["people_score"] = df["people_score"].fillna(0)
    weights = (rules.unit_weight_people, rules.unit_weight_on_time, rules.unit_weight_sessions,
               rules.unit_weight_activities)
    parts = ("people_score", "on_time_score", "sessions_score", "activities_score")
    total = sum(w * df[p] for w, p in zip(weights, parts))
    df["score"] = total / (sum(weights) or 1)
    df["completion"] = np.where(df["actions_total"] > 0,
                                100 * df["actions_done"] / df["actions_total"].where(
                                    df["actions_total"] > 0, 1), np.nan)
    df["rank"] = df["score"].rank(ascending=False, method="min").astype(int)
    return df.sort_values(["rank", "unit"]).reset_index(drop=True)


# ---------------------------------------------------------------- the public API (the store)

def person_quarter_scores(ws: Workspace, period: str) -> pd.DataFrame:
    """One row per roster person: the quarter score and every component (see module doc)."""
    return quarter(ws, period).people


def unit_quarter_scores(ws: Workspace, period: str) -> pd.DataFrame:
    """One row per unit: the quarter score, its components, submission states and counts."""
    return quarter(ws, period).units


def quarter(ws: Workspace, period: str, as_of: dt.date | None = None, *,
            base: YearBase | None = None, sources: bool = True) -> QuarterScores:
    """Score one quarter. ``base`` (see :func:`toolkit.scoring.year_base.year_base`) shares the
    roster and the registered actions between the quarters of a year; ``sources=False`` leaves
    the table of source files empty (the trend of earlier quarters does not need it)."""
    from toolkit.scoring.load import load_quarter
    data = load_quarter(ws, period, as_of, base=base, sources=sources)
    rules = Rules.from_config(ws.config)
    actions = score_actions(data.actions, data.period.end, data.period.year, rules)
    people = score_people(data.people, actions, rules)
    people["period"] = str(data.period)
    people = people[PERSON_COLUMNS + [c for c in people.columns if c not in PERSON_COLUMNS]]
    units = score_units(data.units, people, rules, months=len(data.period.quarters) * 3)
    units["period"] = str(data.period)
    return QuarterScores(str(data.period), data.as_of, people, units, actions, data.sources,
                         rules)


@dataclass
class QuarterScores:
    period: str
    as_of: dt.date
    people: pd.DataFrame
    units: pd.DataFrame
    actions: pd.DataFrame
    sources: pd.DataFrame
    rules: Rules


def year_person_scores(ws: Workspace, year: int) -> pd.DataFrame:
    """One row per roster person with the four quarter scores side by side (missing quarters
    empty and named in ``quarters_missing``), their mean as ``year_score`` (none while a quarter
    is missing), the mean of the quarters reported so far as ``score_so_far``, and the
    commendation / reminder / criticism counts of the year."""
    import numpy as np

    from toolkit.scoring.year_base import year_base

    base = year_base(ws, year)
    frames = [quarter(ws, f"{year}-Q{q}", base=base, sources=False).people for q in (1, 2, 3, 4)]
    base_df = frames[0][["person_id", "name", "unit", "party_group"]].copy()
    for q, df in enumerate(frames, 1):
        part = df.set_index("person_id")
        base_df[f"score_q{q}"] = base_df["person_id"].map(part["score"])
        base_df[f"assessment_q{q}"] = base_df["person_id"].map(part["assessment"])
    scores = base_df[[f"score_q{q}" for q in (1, 2, 3, 4)]]
    missing = scores.isna().to_numpy()
    base_df["quarters_reported"] = scores.notna().sum(axis=1).astype(int)
    labels = [", ".join(f"Q{q}" for q in (1, 2, 3, 4) if mask & (1 << (q - 1)))
              for mask in range(16)]
    codes = missing.astype(int) @ np.array([1, 2, 4, 8]) if len(missing) else []
    base_df["quarters_missing"] = [labels[c] for c in codes]
    # the year score is the mean of the four quarters: a quarter without a report is not left
    # out of it (that raised the mean of whoever missed a weak quarter), so without one there
    # is no year score; what there is so far is kept apart, named as such
    base_df["year_score"] = scores.mean(axis=1, skipna=False)
    base_df["score_so_far"] = scores.mean(axis=1, skipna=True)
    for col in ("commended", "reminded", "criticised"):
        total = sum(df.set_index("person_id")[col].astype(int) for df in frames)
        base_df[f"{col}_count"] = base_df["person_id"].map(total).fillna(0).astype(int)
    last = frames[-1].set_index("person_id")
    for q in (3, 2, 1):
        if last["has_report"].any():
            break
        last = frames[q - 1].set_index("person_id")
    base_df["has_pledge"] = base_df["person_id"].map(last["has_pledge"]).astype(bool)
    base_df["actions_done"] = base_df["person_id"].map(last["actions_done"]).fillna(0).astype(int)
    base_df["actions_total"] = base_df["person_id"].map(last["actions_total"]).fillna(0).astype(
        int)
    base_df["year"] = year
    return base_df
