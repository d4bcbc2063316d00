"""Ingest: archive every received file by hash, inspect, read, validate and store it.

The heavy part (inspect + read + validate) is a pure function of the file's bytes and the
workspace, so it runs in worker processes for large batches; the store is written by the parent in
batched transactions. One bad file never stops the batch.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .intake import Received, Skipped, collect
from .issues import Issue
from .workspace import Workspace

PARALLEL_MIN_FILES = 24
BATCH = 500


@dataclass
class FileResult:
    name: str
    sha256: str
    origin: str
    status: str                      # "stored", "rejected", "duplicate", "skipped"
    form: str = ""
    unit: str = ""
    period: str = ""
    kind: str = ""
    issues: list[Issue] = field(default_factory=list)
    submission_id: int | None = None

    @property
    def n_errors(self) -> int:
        return sum(1 for i in self.issues if i.is_error)


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def has_problems(self) -> bool:
        return any(f.status == "rejected" or f.n_errors for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.count("stored"), "rejected": self.count("rejected"),
            "duplicate": self.count("duplicate"), "skipped": self.count("skipped"),
            "files": [{"name": f.name, "status": f.status, "form": f.form, "unit": f.unit,
                       "period": f.period, "errors": f.n_errors,
                       "issues": [i.as_dict() for i in f.issues]} for f in self.files],
        }


@dataclass
class Processed:
    kind: str
    form: str = ""
    unit: str = ""
    period: str = ""
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    submission: bool = False


# ---------------------------------------------------------------- the pure part

_WORKER: dict[str, Any] = {}


def _init_worker(config: Any, roster: Any, password: str | None) -> None:
    _WORKER.update(config=config, roster=roster, password=password)


def process_bytes(name: str, data: bytes, received_at: dt.datetime | None, sender: str,
                  config: Any = None, roster: Any = None, password: str | None = None,
                  store: Any = None) -> Processed:
    """Inspect, read and validate one workbook. Never raises for bad input."""
    config = config or _WORKER["config"]
    roster = roster or _WORKER["roster"]
    password = password if password is not None else _WORKER.get("password")
    try:
        return _process(name, data, received_at, sender, config, roster, password, store)
    except Exception as exc:  # the last guard: a reader bug must not stop the batch
        return Processed("", issues=[Issue.make("FILE_READ_FAILED", file=name,
                                                reason=f"{type(exc).__name__}: {exc}"[:200])])


def _process(name: str, data: bytes, received_at: dt.datetime | None, sender: str, config: Any,
             roster: Any, password: str | None, store: Any) -> Processed:
    from .reading import ReadError, open_workbook, read_meta, read_workbook
    from .safety import inspect_bytes
    from .validation import Context, validate
    from .forms import get_form

    inspection = inspect_bytes(name, data)
    issues = [Issue.make(f.code, file=name, sheet=f.sheet, **f.args) for f in inspection.findings]
    if any(i.code == "FILE_ENCRYPTED" for i in issues) and password:
        from .crypto import DecryptError, decrypt_bytes
        try:
            data = decrypt_bytes(data, password)
        except DecryptError:
            return Processed("", issues=[Issue.make("FILE_PASSWORD_WRONG", file=name)])
        inspection = inspect_bytes(name, data)
        issues = [Issue.make(f.code, file=name, sheet=f.sheet, **f.args)
                  for f in inspection.findings]
    if not inspection.readable:
        return Processed(inspection.kind, issues=issues)
    try:
        wb = open_workbook(data)
        meta = read_meta(wb, list(wb.sheet_names))
        form_id = (meta or {}).get("form_id", "")
        try:
            form = get_form(form_id)
        except KeyError:
            form = None
        if form is None:
            from .validation import check_meta
            ctx = Context(config=config, roster=roster, file=name)
            _, _, _, meta_issues = check_meta(meta, ctx, name, None)
            return Processed(inspection.kind, issues=issues + meta_issues)
        result = read_workbook(data, form, name, wb=wb)
    except ReadError as exc:
        return Processed(inspection.kind, issues=issues + [
            Issue.make("FILE_READ_FAILED", file=name, reason=str(exc))])
    sender_unit = roster.unit_of_email(sender) if sender else None
    ctx = Context(config=config, roster=roster, file=name, submitted_at=received_at,
                  sender_unit=sender_unit, sender=sender, date1904=inspection.date1904,
                  store=store)
    outcome = validate(result, ctx)
    all_issues = issues + outcome.issues
    if outcome.form is None or (not outcome.records and any(
            i.is_error and i.code.startswith("META_") for i in outcome.issues)):
        return Processed(inspection.kind, issues=all_issues)
    return Processed(inspection.kind, outcome.form.id, outcome.unit, outcome.period,
                     outcome.records, all_issues, submission=True)


def _work(item: tuple[str, bytes, dt.datetime | None, str]) -> Processed:
    return process_bytes(*item)


# ---------------------------------------------------------------- the orchestration

def archive_path(ws: Workspace, sha: str, name: str) -> Path:
    suffix = Path(name).suffix.lower() or ".bin"
    return ws.archive / sha[:2] / f"{sha}{suffix}"


def archive(ws: Workspace, item: Received) -> Path:
    target = archive_path(ws, item.sha256, item.name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".tmp-{os.getpid()}-{target.name}")
        tmp.write_bytes(item.data)
        os.replace(tmp, target)
    return target


def ingest(ws: Workspace, paths: list[Path] | None = None, *, password: str | None = None,
           workers: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Take in every workbook and mail under ``paths`` (default: the inbox)."""
    paths = paths or [ws.inbox]
    roster = ws.roster()
    report = IngestReport()
    store = ws.store()
    try:
        known = store.known_hashes()
        known_mails = store.known_mails()
        todo: list[Received] = []
        seen_now: set[str] = set()
        for item in collect(paths, known_mails):
            if isinstance(item, Skipped):
                report.files.append(FileResult(item.name, "", item.origin, "skipped",
                                               issues=[item.issue]))
                if item.issue.code == "MAIL_NO_WORKBOOK":
                    with store.transaction():
                        store.add_mail(item.issue.value, "", "", "", None, item.origin)
                continue
            if item.sha256 in known or item.sha256 in seen_now:
                report.files.append(FileResult(item.name, item.sha256, item.origin, "duplicate",
                                               issues=[Issue.make("FILE_DUPLICATE",
                                                                  file=item.name)]))
                if item.mail:
                    with store.transaction():
                        store.add_mail(item.mail.message_id, item.sha256, item.mail.sender,
                                       item.mail.subject, item.mail.date, item.mail.origin)
                continue
            seen_now.add(item.sha256)
            archive(ws, item)
            todo.append(item)
        _process_all(ws, store, todo, roster, password, workers, progress, report)
    finally:
        store.close()
    return report


def _process_all(ws: Workspace, store: Any, todo: list[Received], roster: Any,
                 password: str | None, workers: int | None,
                 progress: Callable[[int, int], None] | None, report: IngestReport) -> None:
    config = ws.config
    jobs = [(r.name, r.data, r.received_at, r.mail.sender if r.mail else "") for r in todo]
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    needs_store = any(_needs_store(r) for r in todo)
    if len(todo) >= PARALLEL_MIN_FILES and n_workers > 1 and not needs_store:
        import concurrent.futures as cf
        import multiprocessing as mp
        ctx = mp.get_context("fork") if hasattr(os, "fork") else None
        with cf.ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=_init_worker,
                                    initargs=(config, roster, password)) as pool:
            results = pool.map(_work, jobs, chunksize=max(1, len(jobs) // (n_workers * 8)))
            _store_all(ws, store, todo, results, report, progress)
    else:
        results = (process_bytes(*job, config=config, roster=roster, password=password,
                                 store=store) for job in jobs)
        _store_all(ws, store, todo, results, report, progress)


def _needs_store(item: Received) -> bool:
    """Forms validated against earlier submissions are processed in the parent (store access)."""
    return False


def _store_all(ws: Workspace, store: Any, todo: list[Received], results: Any,
               report: IngestReport, progress: Callable[[int, int], None] | None) -> None:
    total = len(todo)
    batch: list[tuple[Received, Processed]] = []
    done = 0
    for item, processed in zip(todo, results):
        batch.append((item, processed))
        if len(batch) >= BATCH:
            _commit(ws, store, batch, report)
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        _commit(ws, store, batch, report)
        done += len(batch)
        if progress:
            progress(done, total)


def _commit(ws: Workspace, store: Any, batch: list[tuple[Received, Processed]],
            report: IngestReport) -> None:
    with store.transaction():
        for item, p in batch:
            status = "stored" if p.submission else "rejected"
            mail = item.mail
            store.add_file(item.sha256, item.name, len(item.data), item.origin,
                           str(archive_path(ws, item.sha256, item.name).relative_to(ws.root)),
                           p.kind, status, item.received_at,
                           sender=mail.sender if mail else "", subject=mail.subject if mail else "",
                           mail_id=mail.message_id if mail else "")
            if mail:
                store.add_mail(mail.message_id, item.sha256, mail.sender, mail.subject, mail.date,
                               mail.origin)
            sid = None
            if p.submission:
                sid = store.add_submission(item.sha256, p.form, p.unit, p.period,
                                           item.received_at, p.records, p.issues)
                after_store = AFTER_STORE.get(p.form)
                if after_store:
                    after_store(store, sid, p)
            else:
                store.add_issues(item.sha256, None, p.issues)
            report.files.append(FileResult(item.name, item.sha256, item.origin, status, p.form,
                                           p.unit, p.period, p.kind, p.issues, sid))


# form id -> hook run inside the storing transaction (e.g. rating decisions)
AFTER_STORE: dict[str, Callable[[Any, int, Processed], None]] = {}
