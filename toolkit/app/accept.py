"""`lamtheobac accept`: the secretary takes a held submission (a mail from an address the roster
does not allow for that unit) into its unit's history.

Accepting is recorded in the archive's journal like everything the store takes in, so a rebuilt
store accepts it again. The checks a form runs against the store once stored (the quarter's
registered actions, attendance, leadership decisions) run when it is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.config.workspace import Workspace, WorkspaceError
from toolkit.rules.context import Processed

if TYPE_CHECKING:
    from toolkit.store.db import Store


@dataclass
class Accepted:
    code: str
    sha256: str
    form: str
    unit: str
    period: str
    file_name: str
    sender: str
    current: bool          # it became the unit's current submission


def held(ws: Workspace) -> list[dict[str, Any]]:
    """Every held submission, with its accept code and the reason's issue message."""
    from toolkit.app.ingest import accept_code
    out = []
    with ws.store(read_only=True) as store:
        for row in store.held_submissions():
            reason = next((i.message() for i in store.issues(submission_id=row["id"])
                           if i.code == row["held"]), "")
            out.append({**{k: row[k] for k in row.keys()},  # noqa: SIM118
                        "code": accept_code(row["sha256"]), "reason": reason})
    return out


def accept(ws: Workspace, codes: list[str]) -> list[Accepted]:
    """Accept the held submissions named by ``codes`` (the first letters of their file's hash,
    as status and the issue show them). Under the ingest lock; each is journaled."""
    from toolkit.app.ingest import _lock_archive
    lock = _lock_archive(ws)
    try:
        with ws.store() as store:
            found = [_find(store, code) for code in codes]
            return [accept_one(store, row, code) for code, row in zip(codes, found)]
    finally:
        lock.release()


def _find(store: Store, code: str) -> Any:
    code = code.strip().lower()
    if len(code) < 6 or any(c not in "0123456789abcdef" for c in code):
        raise WorkspaceError(t("err.accept_code", code=code))
    rows = store.submissions_of_file(code)
    if not rows:
        raise WorkspaceError(t("err.accept_unknown", code=code))
    if len({r["sha256"] for r in rows}) > 1:
        raise WorkspaceError(t("err.accept_ambiguous", code=code))
    waiting = [r for r in rows if r["held"]]
    if not waiting:
        raise WorkspaceError(t("err.accept_not_held", code=code, name=rows[0]["file_name"]))
    return waiting[0]


def accept_one(store: Store, row: Any, code: str = "") -> Accepted:
    """Release one held submission (a row of the submissions table), in its own transaction."""
    from toolkit.app.ingest_store import AFTER_STORE
    with store.transaction():
        store.release(row["id"])
        after_store = AFTER_STORE.get(row["form"])
        if after_store is not None:
            after_store(store, row["id"], _processed(store, row))
        store.record({"accept": row["sha256"]})
    now = store.submissions(row["form"], row["period"], unit=row["unit"])
    return Accepted(code or row["sha256"][:10], row["sha256"], row["form"], row["unit"],
                    row["period"], row["file_name"], row["sender"],
                    any(s["id"] == row["id"] for s in now))


def accept_sha(store: Store, sha256: str) -> None:
    """Accept again what the journal says was accepted (a rebuild)."""
    for row in store.submissions_of_file(sha256):
        if row["held"]:
            accept_one(store, row)


def _processed(store: Store, row: Any) -> Processed:
    """A stored submission as the after-store checks take it."""
    records: dict[str, list[dict[str, Any]]] = {}
    for rec in store.records(row["id"]):
        records.setdefault(rec["_table"], []).append(rec)
    return Processed("", row["form"], row["unit"], row["period"], records,
                     store.issues(submission_id=row["id"]), submission=True)
