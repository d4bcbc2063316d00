"""Party members, party groups and the cell, rated by the party's rule of the year (QĐ 124-QĐ/TW
for 2023–2024, QĐ 366-QĐ/TW from 2025; see :mod:`toolkit.scoring.rating_settings`).

Only party members are on this sheet, and only they count in the "xuất sắc" quota. A party member
who is a civil servant is rated no higher than the agency rates them as a civil servant (HD
21-HD/BTCTW; ``civil_servant_condition``): the agency's decision on the staff sheet when there is
one, else the civil-servant rating the unit wrote in the self-review, else the staff proposal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.scoring.rating import (
    B_CIVIL_SERVANT,
    NO_DATA,
    RANK,
    SHORT,
    Blocker,
    common_blockers,
    level_of,
    present,
    propose_rows,
)
from toolkit.scoring.rating_collective import (
    CollectiveCaps,
    collective_inputs,
    propose_collectives,
)

if TYPE_CHECKING:
    import pandas as pd

    from toolkit.scoring.rating_settings import RatingSettings

CELL = "cell"
PARTY_GROUP = "party_group"
# where a party member's civil-servant level comes from (shown in the reasons)
STAFF_SOURCE = {"decision": "cơ quan đã quyết định", "review": "theo bản kiểm điểm",
                "proposal": "theo đề xuất ở trang CB, CC, VC"}


def party_blockers(settings: RatingSettings) -> Callable[[Any, str | None], list[Blocker]]:
    def blockers(row: Any, level: str | None) -> list[Blocker]:
        found = common_blockers(row, settings.discipline_cap, settings.no_pledge_cap,
                                settings.no_review_cap)
        if settings.civil_servant_condition and row.get("civil_servant") and level is not None:
            staff = level_of(row.get("staff_level"))
            if staff is None:
                cap = settings.civil_servant_missing_cap
                if RANK[cap] < RANK[level]:
                    found.append(Blocker(B_CIVIL_SERVANT, cap, t("rate.block.cs_missing",
                                                                 cap=SHORT[cap])))
            elif RANK[staff] < RANK[level]:            # only when it binds
                source = STAFF_SOURCE.get(str(present(row.get("staff_source")) or ""), "")
                found.append(Blocker(B_CIVIL_SERVANT, staff, t(
                    "rate.block.cs_rating", cs=SHORT[staff], cap=SHORT[staff], source=source)))
        return found
    return blockers


def propose_party(people: pd.DataFrame, settings: RatingSettings) -> pd.DataFrame:
    """The proposals of the party members among ``people`` (the others are not on this sheet)."""
    members = people[[bool(present(v)) for v in people["party_member"]]]
    return propose_rows(members.reset_index(drop=True), settings.rules, party_blockers(settings))


def staff_levels(staff: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """person id -> (level, source) of the agency's rating: decision, self-review, proposal."""
    out: dict[str, tuple[str, str]] = {}
    for _, r in staff.iterrows():
        decision = level_of(r.get("decision"))
        review = level_of(r.get("cs_rating"))
        proposal = present(r.get("proposal"))
        if decision:
            out[str(r["person_id"])] = (decision, "decision")
        elif review:
            out[str(r["person_id"])] = (review, "review")
        elif proposal and proposal != NO_DATA:
            out[str(r["person_id"])] = (proposal, "proposal")
    return out


def party_collectives(party: pd.DataFrame, settings: RatingSettings, cell_id: str,
                      cell_name: str) -> pd.DataFrame:
    """The party groups (tổ đảng) of the party members, then the cell (chi bộ) as a whole."""
    import pandas as pd
    caps = CollectiveCaps(settings.collective_member_not_complete_cap,
                          settings.collective_discipline_cap, settings.missing_reports_cap)
    groups = collective_inputs(party, [str(present(g) or "") for g in party["party_group"]],
                               PARTY_GROUP)
    cell = collective_inputs(party, [cell_id] * len(party), CELL, names={cell_id: cell_name})
    both = pd.concat([groups, cell], ignore_index=True)
    return propose_collectives(both, settings.rules, caps)
