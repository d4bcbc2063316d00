"""The "xuất sắc" quota: at most ``ratio`` of those rated "tốt" (or "tốt" and above) in each
comparison group may be rated "xuất sắc" (QĐ 124 / QĐ 366: 20 % by default; base, rounding and
the group are settings). The check ranks the "xuất sắc" levels of a group and flags those beyond
the quota; it never demotes anybody.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.scoring.rating import EXCELLENT, GOOD, _f, pct, present, shares

if TYPE_CHECKING:
    import pandas as pd


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
        return str(present(row.get("party_group")) or "") or f"~{row.get('unit') or ''}"
    return str(present(row.get("unit")) or "")


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


@dataclass(frozen=True)
class QuotaRule:
    """How the quota is counted (the settings' part the check needs)."""

    ratio: float
    base: str                   # "good" or "good_and_above"
    group: str                  # "unit", "party_group" or "all"
    rounding: str               # "floor" or "round"


def quota_check(df: pd.DataFrame, rule: QuotaRule, level_col: str = "proposal",
                id_col: str = "person_id",
                group_how: str | None = None) -> tuple[pd.DataFrame, list[QuotaGroup]]:
    """Flag the "xuất sắc" levels beyond the quota in each comparison group (never demote).

    Adds ``group``, ``quota_rank`` (1 = best "xuất sắc" of its group, 0 for other levels),
    ``quota_allowed`` and ``over_quota`` to a copy of ``df``; returns it with the groups. Rows
    without a level (no data, undecided) count in no group's base.
    """
    how = group_how or rule.group
    out = df.copy()
    keys = [group_key(row, how) for _, row in out.iterrows()]
    out["group"] = keys
    out["quota_rank"] = 0
    out["quota_allowed"] = 0
    out["over_quota"] = False
    groups: list[QuotaGroup] = []
    for key in sorted(set(keys)):
        part = out[out["group"] == key]
        levels = [present(v) for v in part[level_col]]
        n_good = sum(1 for v in levels if v == GOOD)
        n_exc = sum(1 for v in levels if v == EXCELLENT)
        base = n_good + (n_exc if rule.base == "good_and_above" else 0)
        allowed = quota_allowed(base, rule.ratio, rule.rounding)
        cands = [(rank_key(row), idx, str(row[id_col])) for idx, row in part.iterrows()
                 if present(row[level_col]) == EXCELLENT]
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


def quota_note(row: Any, group: QuotaGroup, rule: QuotaRule, label: str) -> str:
    """The quota line of one "xuất sắc" level, in words."""
    args = dict(rank=int(row["quota_rank"]), n=group.n_excellent, allowed=group.allowed,
                ratio=pct(rule.ratio), base=group.base, group=label)
    return t("rate.quota.over" if row["over_quota"] else "rate.quota.within", **args)


