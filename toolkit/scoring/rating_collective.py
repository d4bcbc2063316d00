"""Collectives: party groups and the cell (rated by the party's rule) and units (evaluated by the
agency). A collective's proposal comes from its score band, capped by what its members bring: a
member not completing the tasks, a member disciplined, members without data, missing reports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.scoring.rating import (
    B_MEMBER_DISCIPLINE,
    B_MEMBER_NO_DATA,
    B_MEMBER_NOT_COMPLETE,
    B_MISSING_REPORTS,
    COMPLETE,
    EXCELLENT,
    GOOD,
    NO_DATA,
    NOT_COMPLETE,
    SHORT,
    Blocker,
    Proposals,
    RuleSet,
    _f,
    band_level,
    disciplined,
    pct,
    present,
    score_text,
)

if TYPE_CHECKING:
    import pandas as pd

COLLECTIVE_COLUMNS = ("subject_id", "name", "kind", "score", "n_members", "n_rated",
                      "n_excellent", "n_good", "n_complete", "n_not_complete", "n_no_data",
                      "n_disciplined", "missing_quarters")


def collective_inputs(people: pd.DataFrame, keys: list[str], kind: str,
                      scores: dict[str, float] | None = None,
                      names: dict[str, str] | None = None,
                      missing: dict[str, str] | None = None,
                      level_col: str = "proposal") -> pd.DataFrame:
    """One row per collective from its members: ``keys`` gives each person's collective (empty:
    none). The score is ``scores[id]`` when given (a unit's own quarterly scores), else the mean
    of the year scores of its members who have data (their number is shown beside it)."""
    import pandas as pd
    rows = []
    frame = people.assign(_key=keys)
    for sid, part in frame.groupby("_key", sort=False):
        if not sid:
            continue
        levels = [present(v) for v in part[level_col]]
        with_data = [s for s, lv in zip(part["score"], levels)
                     if lv is not None and lv != NO_DATA and not math.isnan(_f(s))]
        own = (scores or {}).get(str(sid))
        score = float(own) if own is not None and not math.isnan(_f(own)) else (
            sum(with_data) / len(with_data) if with_data else math.nan)
        rows.append({
            "subject_id": str(sid), "name": (names or {}).get(str(sid), str(sid)), "kind": kind,
            "score": score, "n_members": len(part), "n_rated": len(with_data),
            "n_excellent": levels.count(EXCELLENT), "n_good": levels.count(GOOD),
            "n_complete": levels.count(COMPLETE), "n_not_complete": levels.count(NOT_COMPLETE),
            "n_no_data": levels.count(NO_DATA),
            "n_disciplined": sum(1 for d in part.get("discipline", []) if disciplined(d)),
            "missing_quarters": (missing or {}).get(str(sid), ""),
        })
    return pd.DataFrame(rows, columns=list(COLLECTIVE_COLUMNS))


@dataclass(frozen=True)
class CollectiveCaps:
    member_not_complete: str
    member_discipline: str
    missing: str                  # members without data, or reports missing


def propose_collectives(df: pd.DataFrame, rules: RuleSet, caps: CollectiveCaps) -> pd.DataFrame:
    """Proposals for collectives: score bands, then the caps members impose."""
    out = df.copy()
    acc = Proposals()
    for _, row in out.iterrows():
        score = _f(row["score"])
        shown = score_text(score)
        good_share = ((row["n_excellent"] + row["n_good"]) / row["n_rated"]
                      if row["n_rated"] else 0.0)
        lines = [t("rate.collective.score", score=shown, n=int(row["n_members"]),
                   exc=int(row["n_excellent"]), good=int(row["n_good"]),
                   complete=int(row["n_complete"]), nc=int(row["n_not_complete"]),
                   share=pct(good_share))]
        found = _blockers(row, caps)
        if math.isnan(score):
            acc.add_no_data([t("rate.collective.no_data", n=int(row["n_members"]))], found,
                            lines)
            continue
        level, band = band_level(score, rules)
        lines.append(t("rate.collective.band", level=SHORT[level], band=f"{band:g}",
                       score=shown))
        acc.add(level, found, lines)
    acc.write(out, rules.code)
    return out


def _blockers(row: Any, caps: CollectiveCaps) -> list[Blocker]:
    found: list[Blocker] = []
    if row["n_not_complete"]:
        found.append(Blocker(B_MEMBER_NOT_COMPLETE, caps.member_not_complete, t(
            "rate.block.member_not_complete", n=int(row["n_not_complete"]),
            cap=SHORT[caps.member_not_complete])))
    if row["n_disciplined"]:
        found.append(Blocker(B_MEMBER_DISCIPLINE, caps.member_discipline, t(
            "rate.block.member_discipline", n=int(row["n_disciplined"]),
            cap=SHORT[caps.member_discipline])))
    if row.get("n_no_data"):
        found.append(Blocker(B_MEMBER_NO_DATA, caps.missing, t(
            "rate.block.member_no_data", n=int(row["n_no_data"]), cap=SHORT[caps.missing])))
    if present(row.get("missing_quarters")):
        found.append(Blocker(B_MISSING_REPORTS, caps.missing, t(
            "rate.block.unit_reports", quarters=row["missing_quarters"], cap=SHORT[caps.missing])))
    return found
