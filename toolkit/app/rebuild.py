"""`lamtheobac rebuild`: the store made again from archive/.

The archive keeps every received file and mail by its hash and, in ``archive/journal.jsonl``,
each storing transaction batch by batch: every step of an ingest (a mail, a file not taken, a
workbook processed, with how and when it arrived), and the changes made elsewhere (the
secretary's acceptances and picks, files read again with a password, the send and fetched-mail
logs). Rebuilding replays the committed batches in order, each in one transaction stamped with
its own time: the workbooks are read and validated again through the same ingest, the checks
against the store and leadership's decisions included, so the new store ends where the old one
was, as long as the config and the roster are the same.

The new store is built beside the old one and put in place only when complete; an old store is
kept beside it (``lamtheobac.sqlite.truoc-rebuild-<time>``), never deleted. An archive from
before the journal was kept has no arrival facts: its files are taken in by the time they were
archived, under their hash as name (the report says so).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.config.workspace import Workspace
from toolkit.store.journal import META_BATCH, Batch, Journal


@dataclass
class RebuildReport:
    store: Path
    kept: Path | None                     # the store that was there, kept beside
    batches: int
    files: int
    counts: dict[str, int] = field(default_factory=dict)
    held: int = 0
    from_journal: bool = True             # False: an archive without a journal


def rebuild(ws: Workspace, *, password: str | None = None, workers: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> RebuildReport:
    from toolkit.app.ingest import _lock_archive
    from toolkit.store.db import Store
    lock = _lock_archive(ws)
    try:
        journal = Journal(ws.archive)
        batches = list(journal.batches())
        from_journal = bool(batches)
        if not batches:
            batches = [_archive_as_batch(ws)]
        fresh = ws.store_path.with_name(ws.store_path.name + ".rebuild")
        _remove_store(fresh)
        store = Store(fresh)
        try:
            total = sum(1 for b in batches for e in b.entries
                        if "file" in e or e.get("entry") == "job")
            done = _replay(ws, store, batches, password, workers, progress, total, lock.fileno)
            if not from_journal:
                store.journal = journal         # the journal starts from what was rebuilt
                with store.transaction():
                    pass
                store.journal = None
            counts = store.counts()
            held = len(store.held_submissions())
        finally:
            store.close()
        kept = _keep_old(ws.store_path)
        os.replace(fresh, ws.store_path)
    finally:
        lock.release()
    return RebuildReport(ws.store_path, kept, len(batches), done, counts, held, from_journal)


def _replay(ws: Workspace, store: Any, batches: list[Batch], password: str | None,
            workers: int | None, progress: Callable[[int, int], None] | None, total: int,
            lock_fd: int | None) -> int:
    """Each batch again, in one transaction (more for a legacy batch of many files)."""
    from toolkit.app.accept import accept_sha
    from toolkit.app.history import decode_entry
    from toolkit.app.ingest import _run_jobs
    from toolkit.app.ingest_store import IngestReport
    report = IngestReport()
    memo: dict[str, Any] = {}
    parents: dict[int, int] = {}
    done = 0
    for batch in batches:
        steps = [e for e in batch.entries if "entry" in e]
        legacy = [e for e in batch.entries if "file" in e]
        changes = [e for e in batch.entries if "entry" not in e and "file" not in e]

        def make_changes(s: Any, changes: list[dict[str, Any]] = changes,
                         number: int = batch.number) -> None:
            for change in changes:
                if "op" in change:
                    s.apply_recorded(change)
            s.set_meta(META_BATCH, str(number))

        with store.as_of(batch.at):
            if steps or legacy:
                entries = [decode_entry(e, lambda fields, sha: _job(ws, fields, sha), memo)
                           for e in steps] or _legacy_entries(ws, legacy, memo)
                step = _progress(progress, done, total)
                _run_jobs(ws, store, entries, password, workers, step, report, make_changes,
                          lock_fd, parents)
                done += sum(1 for e in entries if e.job is not None)
            elif any("accept" in c for c in changes):
                for change in changes:
                    if "accept" in change:
                        accept_sha(store, change["accept"])
                with store.transaction():
                    make_changes(store)
            else:
                with store.transaction():
                    make_changes(store)
    return done


def _progress(progress: Callable[[int, int], None] | None, base: int, total: int
              ) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda n, _t: progress(base + n, total)


def _job(ws: Workspace, fields: dict[str, Any], sha: str) -> Any:
    """A processed workbook's job again, its bytes read from the archive (a file that could not
    be read then cannot be now either)."""
    from toolkit.app.ingest import Job
    from toolkit.app.ingest_store import archive_name
    source = str(ws.archive / archive_name(sha, fields["name"])) if sha else \
        str(ws.archive / ".tmp" / "illisible")
    return Job(**fields, source=source)


def _legacy_entries(ws: Workspace, legacy: list[dict[str, Any]], memo: dict[str, Any]
                    ) -> list[Any]:
    """Files recorded without their intake steps (a store from before the journal, or an
    archive without one): workbooks on disk, or in mails as far as the store knew them (each
    mail once, before its first file)."""
    from toolkit.app.arrivals import JOB, MAIL, Entry
    from toolkit.app.ingest import Job
    from toolkit.app.ingest_store import archive_name
    from toolkit.intake.files import (
        DATE_UNCHECKED,
        FILE_TIME,
        MailFacts,
        MailItem,
        Pending,
        Receipt,
    )
    out = []
    for e in legacy:
        at = dt.datetime.fromisoformat(e["received_at"]) if e.get("received_at") else None
        disk, m = e.get("disk"), e.get("mail")
        mail, receipt = None, Receipt(at, FILE_TIME)
        if m:
            receipt = Receipt(at, DATE_UNCHECKED)
            mail = memo.get(f"legacy:{m['id']}")
            if mail is None:
                date = dt.datetime.fromisoformat(m["date"]) if m.get("date") else None
                origin = m.get("origin") or e["origin"]
                mail = memo[f"legacy:{m['id']}"] = MailFacts(
                    m.get("sender", ""), m.get("subject", ""), date, m["id"], origin,
                    receipt=receipt)
                out.append(Entry(MAIL, MailItem(origin, Path(origin).name, mail, workbooks=1),
                                 mail=mail))
        size, mtime = (disk[0], disk[1]) if disk else (0, 0)
        job = Job(e["origin"], e["name"], at, None, mail, size, mtime, receipt,
                  source=str(ws.archive / archive_name(e["file"], e["name"])))
        out.append(Entry(JOB, Pending(e["origin"], e["name"], size, mtime), job, mail))
    return out


def _archive_as_batch(ws: Workspace) -> Batch:
    """An archive without a journal: its files, oldest archived first, as one batch."""
    found = []
    for folder in sorted(ws.archive.iterdir()) if ws.archive.is_dir() else ():
        if not folder.is_dir() or len(folder.name) != 2:
            continue
        for f in folder.iterdir():
            if f.is_file() and len(f.stem) == 64 and not f.name.endswith((".eml", ".msg",
                                                                         ".mbox")):
                found.append((f.stat().st_mtime_ns, f.name, f))
    found.sort()
    entries = [{"file": f.stem, "name": f.name, "origin": str(f),
                "received_at": dt.datetime.fromtimestamp(ns / 1e9).replace(microsecond=0)
                .isoformat(), "disk": None, "mail": None} for ns, _, f in found]
    return Batch(1, dt.datetime.now().replace(microsecond=0).isoformat(), entries)


def _store_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _remove_store(path: Path) -> None:
    for p in _store_files(path):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _keep_old(path: Path) -> Path | None:
    """Move the store that was there aside (with its -wal and -shm files); never delete it."""
    if not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.truoc-rebuild-{stamp}")
    for old, new in zip(_store_files(path), _store_files(kept)):
        if old.exists():
            os.replace(old, new)
    return kept
