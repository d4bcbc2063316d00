"""How an ingest's steps are written in the archive's journal, and read back to replay them.

Each step of a storing transaction (an :class:`~toolkit.app.arrivals.Entry`: a mail, a file not
taken, a workbook processed, a saved mail already known) is kept as JSON: the intake item as it
was (its dataclass and fields), the job of a processed workbook with the SHA-256 of the bytes it
read, and the mail it came in. Bytes are never copied into the journal: they are in the archive
under their hash, where the replay reads them (:func:`decode_entry` gives the job a ``source``
there). Mail facts shared by a mail and its files come back as one object, so the incoming
register links them as it did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from toolkit.app.arrivals import Entry
from toolkit.common.issues import Issue
from toolkit.intake.files import (
    KnownFile,
    MailFacts,
    MailItem,
    Pending,
    Receipt,
    Received,
    Skipped,
)

_TYPES: dict[str, type] = {c.__name__: c for c in (
    MailItem, MailFacts, Receipt, Received, Pending, Skipped, KnownFile, Issue)}


def encode_entry(entry: Entry, done: Any) -> dict[str, Any]:
    """One step of a storing transaction as the journal keeps it (``done``: the processed
    result of a job, for the hash of what it read)."""
    out: dict[str, Any] = {"entry": entry.kind, "item": _enc(entry.item),
                           "register": entry.register}
    if entry.job is not None:
        job = {f.name: _enc(getattr(entry.job, f.name)) for f in dataclasses.fields(entry.job)
               if f.name not in ("data", "source")}
        out["job"] = job
        out["sha"] = done.sha256 if done is not None else ""
    if entry.mail is not None:
        out["mail"] = _enc(entry.mail)
    return out


def decode_entry(data: dict[str, Any], make_job: Callable[[dict[str, Any], str], Any],
                 memo: dict[str, Any]) -> Entry:
    """A journal's step back as an entry; ``make_job(fields, sha)`` makes its job (reading its
    bytes from the archive); ``memo``: shared by the whole replay (one object per mail)."""
    item = _dec(data["item"], memo)
    job = None
    if "job" in data:
        job = make_job({k: _dec(v, memo) for k, v in data["job"].items()}, data.get("sha", ""))
    mail = _dec(data["mail"], memo) if "mail" in data else None
    return Entry(data["entry"], item, job, mail, data.get("register", True))


def _enc(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"$": type(value).__name__,
                **{f.name: _enc(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.compare or f.name != "extra"}}
    if isinstance(value, bytes):
        return {"$bytes": len(value)}           # kept in the archive, not here
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [_enc(v) for v in value]}
    if isinstance(value, list):
        return [_enc(v) for v in value]
    if isinstance(value, dict):
        return {"$dict": [[_enc(k), _enc(v)] for k, v in value.items()]}
    if isinstance(value, str):
        return str(value)                       # an IssueCode member: its plain string
    return value


def _dec(value: Any, memo: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_dec(v, memo) for v in value]
    if not isinstance(value, dict):
        return value
    if "$" in value:
        key = json.dumps(value, sort_keys=True, ensure_ascii=False)
        if value["$"] == "MailFacts" and key in memo:
            return memo[key]
        cls = _TYPES[value["$"]]
        found = cls(**{k: _dec(v, memo) for k, v in value.items() if k != "$"})
        if value["$"] == "MailFacts":
            memo[key] = found
        return found
    if "$bytes" in value:
        return None             # the replay reads bytes from the archive, by hash
    if "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$tuple" in value:
        return tuple(_dec(v, memo) for v in value["$tuple"])
    if "$dict" in value:
        return {_dec(k, memo): _dec(v, memo) for k, v in value["$dict"]}
    return value
