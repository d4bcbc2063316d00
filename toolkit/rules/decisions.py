"""Leadership decisions read back from the rating sheet, kept in the store's ``decisions`` table.

A decision keys on (year, subject kind, subject id): ``person`` / ``party_group`` / ``unit``. Each
received rating sheet adds the decisions that differ from the current ones, with who decided and
when; the latest decision (by decision date, then by arrival) is current. Nothing is deleted: an
empty decision cell never withdraws an earlier decision, and a re-sent sheet that repeats the
current decisions changes nothing (so who/when stay those of the first sheet). Re-running
``lamtheobac rate`` only reads this table, so decisions survive every re-run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import parse_date
from toolkit.store.records import DecisionRow

if TYPE_CHECKING:
    from toolkit.store.db import Store

PERSON, PARTY_GROUP, UNIT = "person", "party_group", "unit"
TABLE_KIND = {"people": PERSON, "groups": PARTY_GROUP, "units": UNIT}
ID_FIELD = {"people": "person_id", "groups": "subject_id", "units": "subject_id"}


@dataclass(frozen=True)
class Decision:
    year: int
    kind: str
    subject_id: str
    level: str               # level key (rating.LEVELS)
    reason: str              # the reason chosen in the drop-down
    note: str                # the free note beside it
    decided_by: str
    decided_at: str          # ISO date or date-time
    sha256: str = ""

    @property
    def decided_on(self) -> str:
        """dd/mm/yyyy of the decision."""
        d = parse_date(self.decided_at[:10])
        return d.strftime("%d/%m/%Y") if d else self.decided_at


def current_decisions(store: Store, year: int) -> dict[tuple[str, str], Decision]:
    """(kind, subject id) -> the current decision of ``year``."""
    rows = store.current_decision_rows(year)
    return {(r["subject_kind"], r["subject_id"]): _decision(r) for r in rows}


def decision_history(store: Store, year: int, kind: str, subject_id: str) -> list[Decision]:
    rows = store.decision_rows(year, kind, subject_id)
    return [_decision(r) for r in rows]


def _decision(r: Any) -> Decision:
    return Decision(int(r["year"]), r["subject_kind"], r["subject_id"], r["level"], r["reason"],
                    r["note"], r["decided_by"], r["decided_at"], r["sha256"])


def _signer(records: dict[str, list[dict[str, Any]]]) -> tuple[str, dt.date | None]:
    for rec in records.get("approval", []):
        who = " – ".join(str(rec.get(k)) for k in ("decided_by", "role") if rec.get(k))
        when = parse_date(rec.get("decided_on")) if rec.get("decided_on") else None
        if who or when:
            return who, when
    return "", None


def add_decision(store: Store, d: Decision) -> bool:
    """Add ``d`` unless it repeats the current decision; True when added. Needs a transaction."""
    cur = store.current_decision(d.year, d.kind, d.subject_id)
    if cur is not None and (cur["level"], cur["reason"], cur["note"]) == (d.level, d.reason,
                                                                          d.note):
        return False
    store.add_decision(DecisionRow(d.year, d.kind, d.subject_id, d.level, d.reason, d.note,
                                   d.decided_by, d.decided_at, d.sha256))
    return True


def store_decisions(store: Store, submission_id: int, processed: Any) -> int:
    """The ingest hook of the rating form: add the sheet's decisions (in ingest's transaction)."""
    from toolkit.common.periods import Period, PeriodError
    from toolkit.scoring.rating import level_of
    sub = store.submission_source(submission_id)
    try:
        year = Period.parse(sub["period"]).year
    except PeriodError:
        return 0
    signer, signed_on = _signer(processed.records)
    who = signer or sub["sender"] or f"tệp {sub['name']}"
    received = sub["submitted_at"] or sub["received_at"]
    when = (signed_on.isoformat() if signed_on else
            (received or dt.datetime.now().replace(microsecond=0).isoformat()))
    added = 0
    for table, kind in TABLE_KIND.items():
        for rec in processed.records.get(table, []):
            if rec.get("_excluded") or "decision" in (rec.get("_bad") or []):
                continue
            level = level_of(rec.get("decision"))
            subject = str(rec.get(ID_FIELD[table]) or "").strip()
            if level is None or not subject:
                continue
            d = Decision(year, kind, subject, level, str(rec.get("decision_reason") or ""),
                         str(rec.get("decision_note") or ""), who, when, sub["sha256"])
            added += add_decision(store, d)
    store.log("decisions", {"submission": submission_id, "added": added, "by": who})
    return added
