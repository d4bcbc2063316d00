"""Year-end rating: the rule set chosen by year, blockers, proposed levels and the quota check.

Pure functions on pandas DataFrames; nothing here reads the store or writes files. The inputs are
built by :mod:`toolkit.scoring.year_data`; the outputs by :mod:`toolkit.outputs.rating_sheet`.

* **QĐ 124-QĐ/TW** (years 2023–2024). The toolkit holds no full criteria data, so the level is a
  documented approximation: year score bands (settings ``q124_band_*``) plus the conditions the
  rule states for individuals (xuất sắc: 100% of the registered actions done on time and at least
  ``q124_exceeded_share`` of them exceeded; tốt: 100% done; under ``complete_min_done_share`` done
  → không hoàn thành).
* **QĐ 366-QĐ/TW** (from 2025): 100-point bands ``band_excellent/good/complete`` (90/70/50);
  xuất sắc also needs 100% done and ``q366_exceeded_share`` exceeded, tốt 100% done on time.

Blockers cap the level (discipline in the year, no pledge, missing quarterly reports, no year
review, the civil-servant condition). The quota check flags the "xuất sắc" proposals beyond
``quota_ratio`` of the "tốt" ones in each comparison group, in rank order; it never demotes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.forms.year_review import LEVEL_LABELS

if TYPE_CHECKING:
    import pandas as pd

EXCELLENT, GOOD, COMPLETE, NOT_COMPLETE = "excellent", "good", "complete", "not_complete"
LEVELS = (EXCELLENT, GOOD, COMPLETE, NOT_COMPLETE)
RANK = {NOT_COMPLETE: 0, COMPLETE: 1, GOOD: 2, EXCELLENT: 3}
LABEL = dict(zip(LEVELS, LEVEL_LABELS))     # the exact official spelling
SHORT = {EXCELLENT: "HTXSNV", GOOD: "HTTNV", COMPLETE: "HTNV", NOT_COMPLETE: "KHTNV"}

# blocker codes (shown with their reasons; the rating sheet lists them in the "Vướng" column)
B_DISCIPLINE = "discipline"
B_NO_PLEDGE = "no_pledge"
B_MISSING_REPORTS = "missing_reports"
B_NO_REVIEW = "no_review"
B_CIVIL_SERVANT = "civil_servant"
B_MEMBER_NOT_COMPLETE = "member_not_complete"
B_MEMBER_DISCIPLINE = "member_discipline"
BLOCKER_LABEL = {
    B_DISCIPLINE: "Kỷ luật trong năm",
    B_NO_PLEDGE: "Không đăng ký việc làm theo",
    B_MISSING_REPORTS: "Thiếu báo cáo quý",
    B_NO_REVIEW: "Chưa có bản kiểm điểm",
    B_CIVIL_SERVANT: "Điều kiện công chức, viên chức",
    B_MEMBER_NOT_COMPLETE: "Có thành viên không hoàn thành nhiệm vụ",
    B_MEMBER_DISCIPLINE: "Có thành viên bị kỷ luật",
}


class RatingConfigError(ValueError):
    """A [rating] setting has a value the rules cannot use (key, problem)."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"rating.{key}: {problem}")
        self.key, self.problem = key, problem


def level_of(text: Any) -> str | None:
    """The level key a label, short label or key means (folded match), or None."""
    if text is None:
        return None
    from toolkit.common.text import fold
    value = fold(str(text)).strip()
    if not value:
        return None
    for key in LEVELS:
        if value in (key, fold(LABEL[key]), fold(SHORT[key])):
            return key
    return None


def lower(a: str, b: str | None) -> str:
    """The lower of two levels (``b`` may be None: no cap)."""
    return a if b is None or RANK[a] <= RANK[b] else b


# ---------------------------------------------------------------- settings

@dataclass(frozen=True)
class RuleSet:
    code: str                   # "qd124" or "qd366"
    name: str                   # "QĐ 124-QĐ/TW"
    band_excellent: float
    band_good: float
    band_complete: float
    exceeded_share: float       # share of actions exceeded needed for xuất sắc
    good_needs_on_time: bool    # tốt needs every action done on time (366) or just done (124)
    complete_min_done: float    # below this share of actions done: không hoàn thành


@dataclass(frozen=True)
class RatingSettings:
    rules: RuleSet
    discipline_cap: str
    no_pledge_cap: str
    missing_reports_cap: str
    no_review_cap: str
    civil_servant_condition: bool
    civil_servant_missing_cap: str
    quota_ratio: float
    quota_base: str             # "good" or "good_and_above"
    quota_group: str            # "unit", "party_group" or "all"
    quota_rounding: str         # "floor" or "round"
    collective_discipline_cap: str
    collective_member_not_complete_cap: str

    @classmethod
    def from_config(cls, rating: dict[str, Any], year: int) -> RatingSettings:
        """Settings from the config's ``[rating]`` table; unknown values raise RatingConfigError."""
        r = dict(rating)

        def num(key: str, default: float, lo: float = 0, hi: float = 100) -> float:
            value = r.get(key, default)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                    not lo <= value <= hi:
                raise RatingConfigError(key, f"cần một số từ {lo:g} đến {hi:g}")
            return float(value)

        def level(key: str, default: str) -> str:
            value = r.get(key, default)
            found = level_of(value)
            if found is None:
                raise RatingConfigError(key, "cần một mức: excellent, good, complete, not_complete")
            return found

        def choice(key: str, default: str, allowed: tuple[str, ...]) -> str:
            value = r.get(key, default)
            if value not in allowed:
                raise RatingConfigError(key, "chỉ nhận " + ", ".join(allowed))
            return str(value)

        code = choice("rule_set", "auto", ("auto", "qd124", "qd366"))
        if code == "auto":
            code = rule_set_for_year(year)
        complete_min = num("complete_min_done_share", 0.5, 0, 1)
        if code == "qd124":
            rules = RuleSet("qd124", "QĐ 124-QĐ/TW", num("q124_band_excellent", 85),
                            num("q124_band_good", 70), num("q124_band_complete", 50),
                            num("q124_exceeded_share", 0.5, 0, 1), False, complete_min)
        else:
            rules = RuleSet("qd366", "QĐ 366-QĐ/TW", num("band_excellent", 90),
                            num("band_good", 70), num("band_complete", 50),
                            num("q366_exceeded_share", 0.3, 0, 1), True, complete_min)
        if not rules.band_excellent >= rules.band_good >= rules.band_complete:
            raise RatingConfigError("band_good", "cần ngưỡng xuất sắc ≥ tốt ≥ hoàn thành")
        return cls(
            rules=rules,
            discipline_cap=level("discipline_cap", NOT_COMPLETE),
            no_pledge_cap=level("no_pledge_cap", COMPLETE),
            missing_reports_cap=level("missing_reports_cap", GOOD),
            no_review_cap=level("no_review_cap", GOOD),
            civil_servant_condition=bool(r.get("civil_servant_condition", True)),
            civil_servant_missing_cap=level("civil_servant_missing_cap", GOOD),
            quota_ratio=num("quota_ratio", 0.2, 0, 1),
            quota_base=choice("quota_base", "good", ("good", "good_and_above")),
            quota_group=choice("quota_group", "unit", ("unit", "party_group", "all")),
            quota_rounding=choice("quota_rounding", "floor", ("floor", "round")),
            collective_discipline_cap=level("collective_discipline_cap", GOOD),
            collective_member_not_complete_cap=level("collective_member_not_complete_cap", GOOD),
        )


def rule_set_for_year(year: int) -> str:
    """QĐ 124-QĐ/TW rates 2023–2024 (the closest rule for earlier years too); QĐ 366 from 2025."""
    return "qd124" if year <= 2024 else "qd366"


# ---------------------------------------------------------------- people

PERSON_COLUMNS = (
    "person_id", "name", "unit", "party_group", "party_member", "civil_servant", "key_leader",
    "score", "quarters_reported", "quarters_expected", "missing_quarters", "has_pledge",
    "actions_total", "actions_done", "actions_on_time", "actions_exceeded", "has_review",
    "discipline", "cs_rating", "self_rating", "unit_proposal",
)
DEFAULTS: dict[str, Any] = {
    "party_group": "", "party_member": False, "civil_servant": False, "key_leader": False,
    "score": math.nan, "quarters_reported": 0, "quarters_expected": 4, "missing_quarters": "",
    "has_pledge": False, "actions_total": 0, "actions_done": 0, "actions_on_time": 0,
    "actions_exceeded": 0, "has_review": False, "discipline": None, "cs_rating": None,
    "self_rating": None, "unit_proposal": None,
}
NO_DISCIPLINE = ("", "khong", "none")


def _f(v: Any) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return math.nan
    return x


def _pct(x: float) -> str:
    return f"{x * 100:.0f}"


def _score_text(score: float) -> str:
    return "–" if math.isnan(score) else f"{score:.1f}".replace(".", ",")


def shares(row: Any) -> tuple[float, float, float]:
    """(done, on time, exceeded) shares of the registered actions; 0 when there are none."""
    total = int(row.get("actions_total") or 0)
    if total <= 0:
        return 0.0, 0.0, 0.0
    return (int(row.get("actions_done") or 0) / total,
            int(row.get("actions_on_time") or 0) / total,
            int(row.get("actions_exceeded") or 0) / total)


def score_level(score: float, done: float, on_time: float, exceeded: float,
                rules: RuleSet) -> tuple[str, list[str]]:
    """The level the score and the action shares reach, with the reasons in words."""
    s = 0.0 if math.isnan(score) else score
    shown = _score_text(score)
    notes: list[str] = []
    if s >= rules.band_excellent:
        missing = []
        if done < 1 or on_time < 1:
            missing.append(t("rate.need_all_on_time", on_time=_pct(on_time)))
        if exceeded < rules.exceeded_share:
            missing.append(t("rate.need_exceeded", exceeded=_pct(exceeded),
                             need=_pct(rules.exceeded_share)))
        if not missing:
            return EXCELLENT, [t("rate.level.excellent", score=shown,
                                 band=f"{rules.band_excellent:g}", exceeded=_pct(exceeded),
                                 need=_pct(rules.exceeded_share))]
        notes.append(t("rate.not_excellent", score=shown, band=f"{rules.band_excellent:g}",
                       missing="; ".join(missing)))
    if s >= rules.band_good:
        ok = (on_time >= 1) if rules.good_needs_on_time else (done >= 1)
        if ok:
            return GOOD, notes + [t("rate.level.good", score=shown, band=f"{rules.band_good:g}",
                                    done=_pct(on_time if rules.good_needs_on_time else done))]
        key = "rate.not_good_on_time" if rules.good_needs_on_time else "rate.not_good_done"
        notes.append(t(key, score=shown, band=f"{rules.band_good:g}", done=_pct(done),
                       on_time=_pct(on_time)))
    if s >= rules.band_complete and done >= rules.complete_min_done:
        return COMPLETE, notes + [t("rate.level.complete", score=shown,
                                    band=f"{rules.band_complete:g}")]
    if s >= rules.band_complete:
        return NOT_COMPLETE, notes + [t("rate.level.not_complete_done", done=_pct(done),
                                        need=_pct(rules.complete_min_done))]
    return NOT_COMPLETE, notes + [t("rate.level.not_complete", score=shown,
                                    band=f"{rules.band_complete:g}")]


@dataclass(frozen=True)
class Blocker:
    code: str
    cap: str
    reason: str


def person_blockers(row: Any, settings: RatingSettings) -> list[Blocker]:
    """Everything that caps a person's level, each with the cap and the reason."""
    from toolkit.common.text import fold
    out: list[Blocker] = []
    discipline = row.get("discipline")
    if isinstance(discipline, str) and fold(discipline).strip() not in NO_DISCIPLINE:
        cap = settings.discipline_cap
        out.append(Blocker(B_DISCIPLINE, cap, t("rate.block.discipline", form=discipline,
                                                cap=SHORT[cap])))
    if not row.get("has_pledge"):
        cap = settings.no_pledge_cap
        out.append(Blocker(B_NO_PLEDGE, cap, t("rate.block.no_pledge", cap=SHORT[cap])))
    missing = str(row.get("missing_quarters") or "")
    if missing:
        cap = settings.missing_reports_cap
        out.append(Blocker(B_MISSING_REPORTS, cap, t("rate.block.missing_reports",
                                                     quarters=missing, cap=SHORT[cap])))
    if not row.get("has_review"):
        cap = settings.no_review_cap
        out.append(Blocker(B_NO_REVIEW, cap, t("rate.block.no_review", cap=SHORT[cap])))
    if settings.civil_servant_condition and row.get("civil_servant"):
        cs = level_of(row.get("cs_rating"))
        if cs is None:
            cap = settings.civil_servant_missing_cap
            out.append(Blocker(B_CIVIL_SERVANT, cap, t("rate.block.cs_missing", cap=SHORT[cap])))
        elif cs != EXCELLENT:
            out.append(Blocker(B_CIVIL_SERVANT, cs, t("rate.block.cs_rating", cs=SHORT[cs],
                                                      cap=SHORT[cs])))
    return out


def cap_of(blockers: list[Blocker]) -> str | None:
    cap: str | None = None
    for b in blockers:
        cap = b.cap if cap is None else lower(cap, b.cap)
    return cap


def with_defaults(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every input column present (missing ones take their defaults)."""
    out = df.copy()
    for col, default in DEFAULTS.items():
        if col not in out.columns:
            out[col] = [default] * len(out)
        elif default is not None and not (isinstance(default, float) and math.isnan(default)):
            out[col] = [default if _missing(v) else v for v in out[col]]
    return out


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def propose_people(df: pd.DataFrame, settings: RatingSettings) -> pd.DataFrame:
    """Add the proposal to every person: by_score, blockers, cap, proposal and reasons.

    ``df`` holds one row per person with the columns of :data:`PERSON_COLUMNS` (missing ones take
    :data:`DEFAULTS`). Nobody is dropped: a person without data gets the blockers that say so.
    """
    out = with_defaults(df)
    acc = _Proposals()
    for _, row in out.iterrows():
        done, on_time, exceeded = shares(row)
        score = _f(row.get("score"))
        level, notes = score_level(score, done, on_time, exceeded, settings.rules)
        found = [b for b in person_blockers(row, settings)
                 if b.code != B_CIVIL_SERVANT or RANK[b.cap] < RANK[level]]   # only when it binds
        lines = [t("rate.score", score=_score_text(score),
                   reported=int(row.get("quarters_reported") or 0),
                   expected=int(row.get("quarters_expected") or 4),
                   done=int(row.get("actions_done") or 0),
                   total=int(row.get("actions_total") or 0),
                   on_time=int(row.get("actions_on_time") or 0),
                   exceeded=int(row.get("actions_exceeded") or 0))]
        acc.add(level, found, lines + notes)
    acc.write(out, settings.rules.code, with_capped=True)
    return out


class _Proposals:
    """Columns of proposals being built row by row: the level by score, lowered to the tightest
    blocker's cap, with the reasons a leader reads."""

    def __init__(self) -> None:
        self.by_score: list[str] = []
        self.blockers: list[tuple[str, ...]] = []
        self.caps: list[str | None] = []
        self.proposal: list[str] = []
        self.reasons: list[list[str]] = []

    def add(self, level: str, found: list[Blocker], lines: list[str]) -> None:
        cap = cap_of(found)
        final = lower(level, cap)
        lines = lines + [b.reason for b in found]
        if final != level:
            lines.append(t("rate.capped", level=SHORT[level], final=SHORT[final]))
        self.by_score.append(level)
        self.blockers.append(tuple(b.code for b in found))
        self.caps.append(cap)
        self.proposal.append(final)
        self.reasons.append(lines)

    def write(self, out: pd.DataFrame, rule_set: str, with_capped: bool = False) -> None:
        out["by_score"] = self.by_score
        out["blockers"] = self.blockers
        out["cap"] = self.caps
        out["proposal"] = self.proposal
        if with_capped:
            out["capped"] = [p != b for p, b in zip(self.proposal, self.by_score)]
        out["reasons"] = self.reasons
        out["rule_set"] = rule_set


# ---------------------------------------------------------------- the quota check

def quota_allowed(base: int, ratio: float, rounding: str = "floor") -> int:
    """How many "xuất sắc" a group of ``base`` may have: floor (or half-up round) of ratio×base.

    Computed with exact fractions: floor(0.2 × 15) is 3, never 2 through a float error.
    """
    exact = Fraction(str(ratio)) * base
    if rounding == "round":
        return math.floor(exact + Fraction(1, 2))
    return math.floor(exact)


def group_key(row: Any, how: str) -> str:
    if how == "all":
        return "*"
    if how == "party_group":
        return str(row.get("party_group") or "") or f"~{row.get('unit') or ''}"
    return str(row.get("unit") or "")


def rank_key(row: Any) -> tuple:
    """Order of the "xuất sắc" candidates in a group: score, exceeded share, done share, name."""
    from toolkit.common.text import name_sort_key
    done, _, exceeded = shares(row)
    score = _f(row.get("score"))
    return (-(0.0 if math.isnan(score) else score), -exceeded, -done,
            name_sort_key(str(row.get("name") or "")), str(row.get("person_id") or ""))


@dataclass(frozen=True)
class QuotaGroup:
    key: str
    n_people: int
    n_good: int
    n_excellent: int
    base: int
    allowed: int
    ranked: tuple[str, ...]       # ids of the "xuất sắc" levels, best first
    excess: tuple[str, ...]       # ids beyond the quota, in rank order

    @property
    def over(self) -> int:
        return len(self.excess)


def quota_check(df: pd.DataFrame, settings: RatingSettings, level_col: str = "proposal",
                id_col: str = "person_id",
                group_how: str | None = None) -> tuple[pd.DataFrame, list[QuotaGroup]]:
    """Flag the "xuất sắc" levels beyond the quota in each comparison group (never demote).

    Adds ``group``, ``quota_rank`` (1 = best "xuất sắc" of its group, 0 for other levels),
    ``quota_allowed`` and ``over_quota`` to a copy of ``df``; returns it with the groups.
    """
    how = group_how or settings.quota_group
    out = df.copy()
    keys = [group_key(row, how) for _, row in out.iterrows()]
    out["group"] = keys
    out["quota_rank"] = 0
    out["quota_allowed"] = 0
    out["over_quota"] = False
    groups: list[QuotaGroup] = []
    for key in sorted(set(keys)):
        part = out[out["group"] == key]
        levels = list(part[level_col])
        n_good = sum(1 for v in levels if v == GOOD)
        n_exc = sum(1 for v in levels if v == EXCELLENT)
        base = n_good + (n_exc if settings.quota_base == "good_and_above" else 0)
        allowed = quota_allowed(base, settings.quota_ratio, settings.quota_rounding)
        cands = [(rank_key(row), idx, str(row[id_col])) for idx, row in part.iterrows()
                 if row[level_col] == EXCELLENT]
        cands.sort(key=lambda c: c[0])
        excess = []
        for rank, (_, idx, sid) in enumerate(cands, 1):
            out.at[idx, "quota_rank"] = rank
            if rank > allowed:
                out.at[idx, "over_quota"] = True
                excess.append(sid)
        out.loc[part.index, "quota_allowed"] = allowed
        groups.append(QuotaGroup(key, len(part), n_good, n_exc, base, allowed,
                                 tuple(c[2] for c in cands), tuple(excess)))
    return out, groups


def quota_note(row: Any, group: QuotaGroup, settings: RatingSettings, label: str) -> str:
    """The quota line of one "xuất sắc" level, in words."""
    args = dict(rank=int(row["quota_rank"]), n=group.n_excellent, allowed=group.allowed,
                ratio=_pct(settings.quota_ratio), base=group.base, group=label)
    return t("rate.quota.over" if row["over_quota"] else "rate.quota.within", **args)


# ---------------------------------------------------------------- party groups and units

COLLECTIVE_COLUMNS = ("subject_id", "name", "kind", "score", "n_members", "n_rated",
                      "n_excellent", "n_good", "n_complete", "n_not_complete", "n_disciplined",
                      "missing_quarters")


def collective_inputs(people: pd.DataFrame, kind: str,
                      scores: dict[str, float] | None = None,
                      names: dict[str, str] | None = None,
                      missing: dict[str, str] | None = None,
                      level_col: str = "proposal") -> pd.DataFrame:
    """One row per unit (``kind="unit"``) or party group (``"party_group"``) from its people.

    The score is ``scores[id]`` when given (e.g. the unit's own quarterly scores), else the mean
    of its members' year scores. People outside any party group are not a party group.
    """
    import pandas as pd

    from toolkit.common.text import fold
    col = "unit" if kind == "unit" else "party_group"
    rows = []
    for sid, part in people.groupby(col, sort=True):
        if not sid:
            continue
        member_scores = pd.to_numeric(part["score"], errors="coerce")
        own = (scores or {}).get(str(sid))
        score = float(own) if own is not None and not math.isnan(_f(own)) else (
            float(member_scores.mean()) if member_scores.notna().any() else math.nan)
        levels = list(part[level_col])
        disc = sum(1 for d in part.get("discipline", [])
                   if isinstance(d, str) and fold(d).strip() not in NO_DISCIPLINE)
        rows.append({
            "subject_id": str(sid), "name": (names or {}).get(str(sid), str(sid)), "kind": kind,
            "score": score, "n_members": len(part), "n_rated": len(levels),
            "n_excellent": levels.count(EXCELLENT), "n_good": levels.count(GOOD),
            "n_complete": levels.count(COMPLETE), "n_not_complete": levels.count(NOT_COMPLETE),
            "n_disciplined": disc, "missing_quarters": (missing or {}).get(str(sid), ""),
        })
    return pd.DataFrame(rows, columns=list(COLLECTIVE_COLUMNS))


def propose_collectives(df: pd.DataFrame, settings: RatingSettings) -> pd.DataFrame:
    """Proposals for party groups or units: score bands, then the caps members impose."""
    rules = settings.rules
    out = df.copy()
    acc = _Proposals()
    for _, row in out.iterrows():
        score = _f(row["score"])
        shown = _score_text(score)
        s = 0.0 if math.isnan(score) else score
        good_share = ((row["n_excellent"] + row["n_good"]) / row["n_rated"]
                      if row["n_rated"] else 0.0)
        if s >= rules.band_excellent:
            level = EXCELLENT
            band = rules.band_excellent
        elif s >= rules.band_good:
            level, band = GOOD, rules.band_good
        elif s >= rules.band_complete:
            level, band = COMPLETE, rules.band_complete
        else:
            level, band = NOT_COMPLETE, rules.band_complete
        lines = [t("rate.collective.score", score=shown, n=int(row["n_members"]),
                   exc=int(row["n_excellent"]), good=int(row["n_good"]),
                   complete=int(row["n_complete"]), nc=int(row["n_not_complete"]),
                   share=_pct(good_share)),
                 t("rate.collective.band", level=SHORT[level], band=f"{band:g}", score=shown)]
        found: list[Blocker] = []
        if row["n_not_complete"]:
            cap = settings.collective_member_not_complete_cap
            found.append(Blocker(B_MEMBER_NOT_COMPLETE, cap, t(
                "rate.block.member_not_complete", n=int(row["n_not_complete"]), cap=SHORT[cap])))
        if row["n_disciplined"]:
            cap = settings.collective_discipline_cap
            found.append(Blocker(B_MEMBER_DISCIPLINE, cap, t(
                "rate.block.member_discipline", n=int(row["n_disciplined"]), cap=SHORT[cap])))
        if row.get("missing_quarters"):
            cap = settings.missing_reports_cap
            found.append(Blocker(B_MISSING_REPORTS, cap, t(
                "rate.block.unit_reports", quarters=row["missing_quarters"], cap=SHORT[cap])))
        acc.add(level, found, lines)
    acc.write(out, rules.code)
    return out


# ---------------------------------------------------------------- decisions against the rules

def decided_levels(df: pd.DataFrame, decisions: dict[str, str],
                   id_col: str = "person_id") -> pd.DataFrame:
    """Add ``decision`` (level or None) and ``final`` (decision, else proposal) to a copy."""
    out = df.copy()
    out["decision"] = [decisions.get(str(sid)) for sid in out[id_col]]
    out["final"] = [d or p for d, p in zip(out["decision"], out["proposal"])]
    out["overridden"] = [d is not None and d != p for d, p in zip(out["decision"],
                                                                  out["proposal"])]
    out["above_cap"] = [d is not None and c is not None and isinstance(c, str) and RANK[d] > RANK[c]
                        for d, c in zip(out["decision"], out["cap"])]
    return out


def level_counts(levels: Any) -> dict[str, int]:
    values = list(levels)
    return {k: values.count(k) for k in LEVELS}
