"""The agency's evaluation of its staff (every employee: civil servants, public employees and
workers, party members or not) by NĐ 90/2020 as amended by NĐ 48/2023 (NĐ 335/2025 from 2026),
the plan's results serving as evidence; and the units as collectives.

NĐ 48/2023's condition is checked, never enforced: the share of staff rated "xuất sắc" may not
exceed the share of party members rated "xuất sắc" in the agency. The staff "xuất sắc" beyond
that share are flagged in rank order for the agency to decide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from toolkit.scoring.rating import EXCELLENT, NO_DATA, common_blockers, present, propose_rows
from toolkit.scoring.rating_collective import (
    CollectiveCaps,
    collective_inputs,
    propose_collectives,
)
from toolkit.scoring.rating_quota import rank_key

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.scoring.rating_settings import RatingSettings

UNIT = "unit"


def propose_staff(people: pd.DataFrame, settings: RatingSettings) -> pd.DataFrame:
    """The agency's proposal for every employee in ``people``."""
    s = settings.staff

    def blockers(row: Any, level: str | None) -> list[Any]:
        return common_blockers(row, s.discipline_cap, s.no_pledge_cap, s.no_review_cap)

    return propose_rows(people.reset_index(drop=True), s.rules, blockers)


def unit_collectives(staff: pd.DataFrame, settings: RatingSettings, scores: dict[str, float],
                     names: dict[str, str], missing: dict[str, str]) -> pd.DataFrame:
    """Each unit from its quarterly unit scores and its staff's proposals."""
    caps = CollectiveCaps(settings.collective_member_not_complete_cap,
                          settings.collective_discipline_cap, settings.missing_reports_cap)
    inputs = collective_inputs(staff, [str(u) for u in staff["unit"]], UNIT, scores, names,
                               missing)
    order = {code: i for i, code in enumerate(names)}
    inputs = inputs.sort_values("subject_id", key=lambda s: s.map(order)).reset_index(drop=True)
    return propose_collectives(inputs, settings.staff.rules, caps)


@dataclass(frozen=True)
class ShareCheck:
    """NĐ 48/2023: staff "xuất sắc" share against the party members' one (on one level column)."""

    staff_rated: int
    staff_excellent: int
    party_rated: int
    party_excellent: int
    allowed: int                   # staff "xuất sắc" the party share allows
    excess: tuple[str, ...]        # staff ids beyond it, in rank order (lowest last)

    @property
    def staff_share(self) -> float:
        return self.staff_excellent / self.staff_rated if self.staff_rated else math.nan

    @property
    def party_share(self) -> float:
        return self.party_excellent / self.party_rated if self.party_rated else math.nan

    @property
    def ok(self) -> bool:
        return not self.excess


def _rated(levels: Any) -> list[Any]:
    return [v for v in (present(x) for x in levels) if v is not None and v != NO_DATA]


def share_check(staff: pd.DataFrame, party: pd.DataFrame, level_col: str = "proposal"
                ) -> tuple[pd.DataFrame, ShareCheck]:
    """Compare the shares; add ``share_rank`` and ``over_share`` to a copy of ``staff``."""
    out = staff.copy()
    staff_levels, party_levels = _rated(out[level_col]), _rated(party[level_col])
    n_staff, n_party = len(staff_levels), len(party_levels)
    exc_party = party_levels.count(EXCELLENT)
    allowed = math.floor(Fraction(exc_party * n_staff, n_party)) if n_party else 0
    cands = sorted(((rank_key(r), idx, str(r["person_id"])) for idx, r in out.iterrows()
                    if present(r[level_col]) == EXCELLENT), key=lambda c: c[0])
    out["share_rank"] = 0
    out["over_share"] = False
    excess = []
    for rank, (_, idx, pid) in enumerate(cands, 1):
        out.at[idx, "share_rank"] = rank
        if rank > allowed:
            out.at[idx, "over_share"] = True
            excess.append(pid)
    return out, ShareCheck(n_staff, len(cands), n_party, exc_party, allowed, tuple(excess))
