"""`lamtheobac rebuild`: the store made again from archive/.

The archive keeps every received file by its hash and, in ``archive/journal.jsonl``, how and when
each arrived (file name, where it came from, the mail that carried it) batch by batch, with the
secretary's acceptances and the files read again with a password. Rebuilding replays the committed
batches in order through the same ingest (each file read, validated and stored again, the checks
against the store and leadership's decisions included, each batch stamped with its own time), so
the new store ends where the old one was, as long as the config and the roster are the same.

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
from toolkit.store.journal import Batch, Journal


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
    from toolkit.app.ingest import IngestReport, _lock_archive
    from toolkit.store.db import Store
    lock = _lock_archive(ws, IngestReport())
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
            total = sum(1 for b in batches for e in b.entries if "file" in e)
            done = _replay(ws, store, batches, password, workers, progress, total, lock.fileno)
            if not from_journal:
                journal.settle(store)       # the journal starts from what was rebuilt
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
    from toolkit.app.accept import accept_sha
    from toolkit.app.ingest import History, IngestReport, _run_jobs, add_bare_mails, job_of, reopen
    done = 0
    report = IngestReport()

    def run(jobs: list[Any], history: History) -> None:
        nonlocal done
        if jobs:
            base = done
            step = (lambda n, _t: progress(base + n, total)) if progress else None
            _run_jobs(ws, store, jobs, password, workers, step, report, lock_fd, history)
            done += len(jobs)

    for batch in batches:
        history = History(Journal(ws.archive), replay=batch)
        jobs: list[Any] = []
        for entry in batch.entries:
            if "file" in entry:
                jobs.append(job_of(entry, ws.archive))
                continue
            run(jobs, history)
            jobs = []
            if "mail" in entry:
                m = entry["mail"]
                add_bare_mails(store, [(m["id"], m["origin"])], history)
            elif "reopen" in entry:
                reopen(store, [entry["reopen"]], history)
            elif "accept" in entry:
                accept_sha(store, entry["accept"], history)
        run(jobs, history)
        with history.batch(store):      # the store holds this batch now, whatever it held
            pass
    return done


def _archive_as_batch(ws: Workspace) -> Batch:
    """An archive without a journal: its files, oldest archived first, as one batch."""
    found = []
    for folder in sorted(ws.archive.iterdir()) if ws.archive.is_dir() else ():
        if not folder.is_dir() or len(folder.name) != 2:
            continue
        for f in folder.iterdir():
            if f.is_file() and len(f.stem) == 64:
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
