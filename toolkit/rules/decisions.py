"""Leadership decisions read back from the rating workbook, kept in the store's ``decisions``
table.

A decision keys on (year, subject kind, subject id): ``person`` (a party member, decided by the
party committee), ``staff`` (an employee, decided by the agency's leaders), ``party_group``,
``cell``, ``unit``. Each received workbook adds the decisions that differ from the current ones,
with who decided and when: the date the deciding body wrote on the "Xác nhận" sheet, else the day
the workbook is ingested. The decision received last is current (a date written by hand may be
wrong: a date before the proposal is flagged, it does not reorder the decisions).
Nothing is deleted: an empty decision cell decides nothing and withdraws nothing; choosing
"Rút quyết định" records a withdrawal, after which the subject is undecided again. A re-sent
workbook that repeats the current decisions changes nothing (so who/when stay those of the first
one). Re-running ``lamtheobac rate`` only reads this table, so decisions survive every re-run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.dates import parse_date
from toolkit.store.records import DecisionRow

if TYPE_CHECKING:
    from toolkit.store.db import Store

PERSON, STAFF, PARTY_GROUP, CELL, UNIT = "person", "staff", "party_group", "cell", "unit"
TABLE_KIND = {"party": PERSON, "staff": STAFF, "groups": PARTY_GROUP, "units": UNIT}
ID_FIELD = {"party": "person_id", "staff": "person_id", "groups": "subject_id",
            "units": "subject_id"}
WITHDRAWN = "withdrawn"          # the level of a withdrawal: the subject is undecided again


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
    """(kind, subject id) -> the current decision of ``year`` (a subject whose latest entry is
    a withdrawal has none)."""
    rows = store.current_decision_rows(year)
    return {(r["subject_kind"], r["subject_id"]): _decision(r) for r in rows
            if r["level"] != WITHDRAWN}


def decision_history(store: Store, year: int, kind: str, subject_id: str) -> list[Decision]:
    rows = store.decision_rows(year, kind, subject_id)
    return [_decision(r) for r in rows]


def _decision(r: Any) -> Decision:
    return Decision(int(r["year"]), r["subject_kind"], r["subject_id"], r["level"], r["reason"],
                    r["note"], r["decided_by"], r["decided_at"], r["sha256"])


def _signer(records: dict[str, list[dict[str, Any]]], body: str) -> tuple[str, dt.date | None]:
    """Who signed for ``body`` on the "Xác nhận" sheet, and the date they wrote."""
    from toolkit.common.text import fold
    for rec in records.get("approval", []):
        if not fold(str(rec.get("body") or "")).startswith(fold(body)):
            continue
        who = " – ".join(str(rec.get(k)) for k in ("decided_by", "role") if rec.get(k))
        when = parse_date(rec.get("decided_on")) if rec.get("decided_on") else None
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
    from toolkit.common.text import fold
    from toolkit.forms.rating_decision import AGENCY_BODY, APPROVAL_ROWS, PARTY_BODY, WITHDRAW
    ingested = (sub["ingested_at"] or dt.datetime.now().isoformat())[:10]
    bodies = {}
    for body in (PARTY_BODY, AGENCY_BODY):
        signer, signed_on = _signer(processed.records, APPROVAL_ROWS[body].split(" (")[0])
        # dated when the deciding body says, else the day the workbook is taken in
        bodies[body] = (signer or sub["sender"] or f"tệp {sub['name']}",
                        signed_on.isoformat() if signed_on else ingested)
    added = 0
    for table in TABLE_KIND:
        who, when = bodies[PARTY_BODY if table in ("party", "groups") else AGENCY_BODY]
        for rec in processed.records.get(table, []):
            if rec.get("_excluded") or "decision" in (rec.get("_bad") or []):
                continue
            value = rec.get("decision")
            withdraw = isinstance(value, str) and fold(value).strip() == fold(WITHDRAW)
            level = WITHDRAWN if withdraw else level_of(value)
            subject = str(rec.get(ID_FIELD[table]) or "").strip()
            if level is None or not subject:
                continue
            if withdraw and (kind_of(table, subject), subject) not in \
                    current_decisions(store, year):
                continue                # nothing to withdraw
            d = Decision(year, kind_of(table, subject), subject, level,
                         str(rec.get("decision_reason") or ""),
                         str(rec.get("decision_note") or ""), who, when, sub["sha256"])
            added += add_decision(store, d)
    store.log("decisions", {"submission": submission_id, "added": added,
                            "by": [b[0] for b in bodies.values()]})
    return added


def kind_of(table: str, subject: str) -> str:
    """The subject kind of a row: the cell's row sits among the party groups."""
    from toolkit.forms.rating_decision import CELL_ID
    if table == "groups" and subject == CELL_ID:
        return CELL
    return TABLE_KIND[table]
