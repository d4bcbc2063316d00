"""Ingest: archive every received file by hash, inspect, read, validate and store it.

The heavy part (inspect + read + validate) is a pure function of the file's bytes and the
workspace, so it runs in worker processes for large batches; the store is written by the parent in
batched transactions. One bad file never stops the batch.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.app.ingest_copies import CrossUnit, last_year, pledge_texts
from toolkit.app.ingest_store import (
    AFTER_STORE,
    IngestReport,
    archive_name,
    mail_file_name,
    store_all,
)
from toolkit.app.ingest_store import BATCH as BATCH  # noqa: F401 (re-exported)
from toolkit.app.ingest_store import FileResult as FileResult  # noqa: F401 (re-exported)
from toolkit.common.i18n import current_language
from toolkit.common.issues import Issue
from toolkit.config.workspace import Workspace
from toolkit.intake.files import (
    DEFAULT_TOLERANCE,
    KnownFile,
    MailFacts,
    Pending,
    RawMail,
    Receipt,
    Received,
    collect,
    from_raw_mails,
    sha256,
)
from toolkit.rules.context import LastYear, Processed
from toolkit.rules.senders import HELD_CODES
from toolkit.store.records import pack_records

if TYPE_CHECKING:
    from toolkit.store.db import Store

PARALLEL_MIN_FILES = 24
ARCHIVE_TMP = ".tmp"            # archive/.tmp/: files being written; cleared by the next ingest
INGEST_LOCK = ".ingest.lock"    # archive/.ingest.lock: one ingest per workspace at a time


# ---------------------------------------------------------------- the pure part

_WORKER: dict[str, Any] = {}


def process_bytes(name: str, data: bytes, received_at: dt.datetime | None, sender: str,
                  config: Any = None, roster: Any = None, password: str | None = None,
                  store: Store | None = None, reference: LastYear | None = None,
                  code: str = "") -> Processed:
    """Inspect, read and validate one workbook. Never raises for bad input. ``reference``:
    last year's pledges (:func:`toolkit.app.ingest_copies.last_year`); ``code``: how the
    secretary names the file to accept it if it is held (its hash's first letters)."""
    config = config or _WORKER["config"]
    roster = roster or _WORKER["roster"]
    password = password if password is not None else _WORKER.get("password")
    reference = reference if reference is not None else _WORKER.get("reference")
    try:
        return _process(name, data, received_at, sender, config, roster, password, store,
                        reference, code)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the last guard: a reader bug (or panic) must not stop the batch
        return Processed("", issues=[Issue.make("FILE_READ_FAILED", file=name,
                                                reason=f"{type(exc).__name__}: {exc}"[:200])])


def _process(name: str, data: bytes, received_at: dt.datetime | None, sender: str, config: Any,
             roster: Any, password: str | None, store: Store | None,
             reference: LastYear | None = None, code: str = "") -> Processed:
    from toolkit.forms import get_form
    from toolkit.intake.safety import inspect_bytes
    from toolkit.read.workbook import ReadError, find_sheet, open_workbook, read_meta, read_workbook
    from toolkit.rules.context import Context
    from toolkit.rules.engine import validate

    inspection = inspect_bytes(name, data, keep_parts=True)
    issues = [Issue.make(f.code, file=name, sheet=f.sheet, **f.args) for f in inspection.findings]
    if any(i.code == "FILE_ENCRYPTED" for i in issues) and password:
        from toolkit.common.crypto import DecryptError, decrypt_bytes
        try:
            data = decrypt_bytes(data, password)
        except DecryptError:
            return Processed("", issues=[Issue.make("FILE_PASSWORD_WRONG", file=name)])
        inspection = inspect_bytes(name, data, keep_parts=True)
        issues = [Issue.make(f.code, file=name, sheet=f.sheet, **f.args)
                  for f in inspection.findings]
    if not inspection.readable:
        return Processed(inspection.kind, issues=issues)
    try:
        # the parts inspection already inflated, as an uncompressed zip: calamine does not
        # inflate them again (None for anything unusual: then the bytes as received)
        wb = open_workbook(inspection.stored_zip() or data)
        meta = read_meta(wb, list(wb.sheet_names))
        form_id = (meta or {}).get("form_id", "")
        try:
            form = get_form(form_id)
        except KeyError:
            form = None
        if form is None:
            from toolkit.rules.engine import check_meta
            ctx = Context(config=config, roster=roster, file=name)
            _, _, _, meta_issues = check_meta(meta, ctx, name, None)
            return Processed(inspection.kind, issues=issues + meta_issues)
        # a formula without a value matters on the form's tables only (not on the guide ...)
        issues = [i for i in issues if i.code != "FILE_FORMULA_NO_VALUE"
                  or any(find_sheet([i.sheet], t) for t in form.tables)]
        result = read_workbook(data, form, name, wb=wb, meta=meta)
    except ReadError as exc:
        return Processed(inspection.kind, issues=issues + [
            Issue.make("FILE_READ_FAILED", file=name, reason=str(exc))])
    sender_unit = roster.unit_of_email(sender) if sender else None
    ctx = Context(config=config, roster=roster, file=name, submitted_at=received_at,
                  sender_unit=sender_unit, sender=sender, date1904=inspection.date1904,
                  store=store, reference=reference, file_code=code)
    outcome = validate(result, ctx)
    all_issues = issues + outcome.issues
    if outcome.form is None or (not outcome.records and any(
            i.is_error and i.code.startswith("META_") for i in outcome.issues)):
        return Processed(inspection.kind, issues=all_issues)
    held = next((i.code for i in outcome.issues if i.code in HELD_CODES), "")
    return Processed(inspection.kind, outcome.form.id, outcome.unit, outcome.period,
                     outcome.records, all_issues, submission=True, held=held)


@dataclass
class Job:
    """One workbook to process: on disk (``data`` None: the worker reads it) or in memory."""

    origin: str
    name: str
    received_at: dt.datetime | None
    data: bytes | None = None
    mail: MailFacts | None = None
    size: int = 0
    mtime_ns: int = 0
    receipt: Receipt | None = None
    source: str | None = None        # where the bytes are read from, if not ``origin`` (archive)


@dataclass
class Done:
    job: Job
    sha256: str
    size: int
    processed: Processed | None        # None: a file already received (same hash)


def _work(job: Job) -> Done:
    """Read (if on disk), hash, archive and process one job, in a worker or in the parent."""
    try:
        data = job.data if job.data is not None else _read(job.source or job.origin)
    except OSError as exc:
        issue = Issue.make("FILE_READ_FAILED", file=job.name, reason=exc.strerror or str(exc))
        return Done(job, "", 0, Processed("", issues=[issue]))
    sha = sha256(data)
    if sha in _WORKER["known"]:
        return Done(job, sha, len(data), None)
    write_archive(_WORKER["archive"], sha, job.name, data)
    sender = job.mail.sender if job.mail else ""
    processed = process_bytes(job.name, data, job.received_at, sender, store=_WORKER.get("store"),
                              code=accept_code(sha))
    if processed.submission:
        if processed.form == "pledge":      # what the agency-wide copy check reads
            processed.texts = pledge_texts(processed.records)
        # JSON is encoded here, in parallel; the records themselves travel back only for forms
        # whose after-store hook reads them
        processed.packed = pack_records(processed.records, processed.form)
        if processed.form not in AFTER_STORE:
            processed.records = {}
    return Done(job, sha, len(data), processed)


# ---------------------------------------------------------------- the orchestration

def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def write_archive(root: Path, sha: str, name: str, data: bytes) -> str:
    """Keep the received bytes, named by their hash; written whole or not at all. Returns the
    file's path. (Paths as text: this runs for every received file.)"""
    base = os.fspath(root)
    rel = archive_name(sha, name)
    target = os.path.join(base, rel)
    if not os.path.exists(target):
        folder, tmp_folder = os.path.join(base, sha[:2]), os.path.join(base, ARCHIVE_TMP)
        for made in (folder, tmp_folder):
            if made not in _MADE_DIRS:
                os.makedirs(made, exist_ok=True)
                _MADE_DIRS.add(made)
        tmp = os.path.join(tmp_folder, f"{os.getpid()}-{rel[3:]}")
        try:
            with open(tmp, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:       # a full disk: nothing half-written stays behind
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    return target


_MADE_DIRS: set[str] = set()    # folders this process already made (one mkdir each, not per file)


def _lock_archive(ws: Workspace, report: IngestReport | None = None) -> Any:
    """Take the workspace's ingest lock (over from a dead owner, saying so in ``report``) and
    clear what a killed ingest left half-written."""
    import shutil

    from toolkit.common.i18n import t
    from toolkit.common.lockfile import Busy, FileLock
    from toolkit.config.workspace import WorkspaceError
    try:
        lock = FileLock(ws.archive / INGEST_LOCK).acquire()
    except Busy as busy:
        owner = busy.owner
        if owner is None:
            raise WorkspaceError(t("err.ingest_busy", path=ws.root)) from None
        raise WorkspaceError(t("err.ingest_busy_owner", path=ws.root, pid=owner.pid,
                               host=owner.host, since=_clock(owner.since))) from None
    if lock.took_over is not None and report is not None:
        report.notes.append(t("ingest.stale_lock", path=lock.path, pid=lock.took_over.pid,
                              since=_clock(lock.took_over.since)))
    shutil.rmtree(ws.archive / ARCHIVE_TMP, ignore_errors=True)
    _MADE_DIRS.clear()
    return lock


def _clock(iso: str) -> str:
    """'14:05:09 02/10/2024' from an ISO time (as recorded in a lock file)."""
    try:
        at = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{at:%H:%M:%S} {at:%d/%m/%Y}"


def accept_code(sha: str) -> str:
    """How a received file is named to ``lamtheobac accept``: its hash's first ten letters."""
    return sha[:10]


def _reopen_refused(store: Store, paths: list[Path]) -> None:
    """With a password, files refused earlier for want of one are read again (those under
    ``paths``): FILE_ENCRYPTED tells the secretary to run the command with --password."""
    roots = [Path(p).resolve() for p in paths]
    again = [sha for sha, origin in store.password_refused().items()
             if "://" not in origin     # a fetched mail's: `mail fetch --password` reopens it
             and any(r == Path(origin).resolve() or r in Path(origin).resolve().parents
                     for r in roots)]
    if again:
        with store.transaction():
            store.forget_arrivals_of(again)
            store.reopen(again)


def ingest(ws: Workspace, paths: list[Path] | None = None, *, password: str | None = None,
           workers: int | None = None,
           progress: Callable[[int, int], None] | None = None,
           received: dt.date | None = None) -> IngestReport:
    """Take in every workbook and mail under ``paths`` (default: the inbox).

    Files already read (same path, size and modification time) are not read again; a file whose
    bytes were received before is a no-op; everything new is archived, processed (in worker
    processes for big batches) and stored in batched transactions, in arrival order, each with
    its line in the incoming register. ``received``: the date bare files reached the office
    (else their modification time is used).
    """
    paths = paths or [ws.inbox]
    with Intake(ws, password=password, workers=workers, progress=progress) as intake:
        if password:
            _reopen_refused(intake.store, paths)
        intake.take_paths(paths, received)
    return intake.report


class Intake:
    """One ingest: holds the workspace's ingest lock and the store while it takes in paths
    (:meth:`take_paths`) or mails fetched from a server (:meth:`take_mails`)."""

    def __init__(self, ws: Workspace, *, password: str | None = None,
                 workers: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> None:
        self.ws, self.password, self.workers, self.progress = ws, password, workers, progress
        self.report = IngestReport()
        self.tolerance = dt.timedelta(hours=ws.config.mail.date_tolerance_hours) \
            if ws.config.mail else DEFAULT_TOLERANCE
        self.lock = _lock_archive(ws, self.report)
        try:
            self.store = ws.store()
        except BaseException:
            self.lock.release()
            raise
        self._known_mails: set[str] | None = None

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()
        self.lock.release()

    def forget_known_mails(self) -> None:
        """Read the known Message-IDs from the store again (after some were forgotten)."""
        self._known_mails = None

    @property
    def known_mails(self) -> set[str]:
        if self._known_mails is None:
            self._known_mails = self.store.known_mails()
        return self._known_mails

    def take_paths(self, paths: list[Path], received: dt.date | None = None) -> None:
        items = collect(paths, self.known_mails, given=received, seen=self.store.seen_paths(),
                        tolerance=self.tolerance, within=self.ws.root)
        self._take(self._new(items))

    def _new(self, items: Any) -> Iterator[Any]:
        """``items`` without the files read before and unchanged since (only counted)."""
        for item in items:
            if isinstance(item, KnownFile) and item.seen:
                self.report.unchanged += 1
            else:
                yield item

    def take_mails(self, mails: list[RawMail],
                   after: Callable[[Any], None] | None = None) -> None:
        """Take in mails fetched from a server; ``after(store)`` runs inside the transaction
        that stores the last of them (the fetched-mail log goes in with what it brought)."""
        self._take(from_raw_mails(mails, self.known_mails, self.tolerance), after)

    def _take(self, items: Any, after: Callable[[Any], None] | None = None) -> None:
        from toolkit.app.arrivals import MAIL, plan
        entries = plan(items, _job_of)
        if not entries and after is None:
            return                      # nothing new: no transaction at all
        for entry in entries:
            if entry.kind == MAIL:
                name, sha, data = entry.item.container
                if data is not None:        # the mail as received, before anything reads it
                    write_archive(self.ws.archive, sha, mail_file_name(name), data)
        _run_jobs(self.ws, self.store, entries, self.password, self.workers, self.progress,
                  self.report, after, self.lock.fileno)


def _job_of(item: Any) -> Job:
    if isinstance(item, Pending):
        return Job(item.origin, item.name, item.receipt.at, None, None, item.size, item.mtime_ns,
                   item.receipt)
    assert isinstance(item, Received)
    return Job(item.origin, item.name, item.received_at, item.data, item.mail,
               receipt=item.receipt)


def _run_jobs(ws: Workspace, store: Store, entries: list[Any], password: str | None,
              workers: int | None, progress: Callable[[int, int], None] | None,
              report: IngestReport, after: Callable[[Any], None] | None = None,
              lock_fd: int | None = None, parents: dict[int, int] | None = None) -> None:
    from toolkit.app.arrivals import JOB
    jobs = [e.job for e in entries if e.kind == JOB]
    known = store.known_hashes() if jobs else set()
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if not jobs:
        store_all(ws, store, entries, iter(()), 0, known, report, progress, after,
                  parents=parents)
        return
    roster = ws.roster()
    state = dict(config=ws.config, roster=roster, password=password, known=known,
                 archive=ws.archive, reference=last_year(store, ws.config.year))
    copies = CrossUnit(ws, roster)
    if len(jobs) >= PARALLEL_MIN_FILES and n_workers > 1 and hasattr(os, "fork"):
        import gc
        _preload()
        lifeline = os.pipe()        # closed on our side only when we end: the workers watch it
        state["orphan_guard"] = (os.getpid(), lifeline[0], lifeline[1], lock_fd)
        try:
            store_all(ws, store, entries, _in_workers(jobs, state, n_workers), len(jobs),
                      known, report, progress, after, copies, parents)
        finally:
            gc.unfreeze()
            for fd in lifeline:
                os.close(fd)
    else:
        _init_worker_state({**state, "store": store})
        try:
            store_all(ws, store, entries, map(_work, jobs), len(jobs), known, report, progress,
                      after, copies, parents)
        finally:
            _WORKER.clear()
    copies.finish(store, report)


def _pool(n_workers: int, state: dict[str, Any]) -> Any:
    import concurrent.futures as cf
    import multiprocessing as mp
    return cf.ProcessPoolExecutor(n_workers, mp_context=mp.get_context("fork"),
                                  initializer=_init_pool_worker, initargs=(state,))


def _init_pool_worker(state: dict[str, Any]) -> None:
    """A forked worker: its state, and no life of its own once the ingest that forked it ends.

    It gives up its copy of the ingest lock (the lock is the parent's: a worker left behind must
    not keep the next ingest out) and of the lifeline's writing end, then dies with its parent:
    by the kernel's parent-death signal where there is one (Linux), else by a thread that waits
    on the lifeline pipe, which reads end-of-file once the parent is gone.
    """
    parent, lifeline_read, lifeline_write, lock_fd = state["orphan_guard"]
    try:
        os.close(lifeline_write)
        if lock_fd is not None:     # the descriptor number stays taken, by /dev/null
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, lock_fd)
            os.close(devnull)
    except OSError:
        pass
    if not _die_with_parent():
        import threading
        threading.Thread(target=_watch_lifeline, args=(lifeline_read,), daemon=True).start()
    if os.getppid() != parent:      # the parent ended before the guard was in place
        os._exit(1)
    _init_worker_state(state)


def _die_with_parent() -> bool:
    """Ask the kernel to kill this process when its parent ends (Linux prctl PR_SET_PDEATHSIG);
    False where the system has no such thing."""
    import sys
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        import signal
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0     # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_lifeline(fd: int) -> None:
    """Wait until the parent's end of the lifeline closes (it ended), then end at once."""
    try:
        while os.read(fd, 1):
            pass
    except OSError:
        pass
    os._exit(1)


def _in_workers(jobs: list[Job], state: dict[str, Any], n_workers: int) -> Iterator[Done]:
    """Results of ``jobs`` in order, from worker processes.

    A worker that dies (a reader that aborts the process) breaks the pool: the first job without a
    result is then run alone in a fresh process; if that one dies too, it is reported as
    unreadable, and the batch goes on with a new pool.
    """
    from concurrent.futures.process import BrokenProcessPool
    done = 0
    chunk = max(1, min(64, len(jobs) // (n_workers * 8)))
    while done < len(jobs):
        try:
            with _pool(n_workers, state) as pool:
                for result in pool.map(_work, jobs[done:], chunksize=chunk):
                    done += 1
                    yield result
        except BrokenProcessPool:
            job = jobs[done]
            try:
                with _pool(1, state) as alone:
                    result = alone.submit(_work, job).result()
            except BrokenProcessPool:
                result = _died(job, state["archive"])
            done += 1
            yield result


def _died(job: Job, archive_root: Path) -> Done:
    """The job whose reader killed its process: unreadable, and its bytes archived all the same."""
    try:
        data = job.data if job.data is not None else Path(job.source or job.origin).read_bytes()
    except OSError:
        data = b""
    sha = sha256(data) if data else ""
    if sha:
        write_archive(archive_root, sha, job.name, data)
    reason = _READER_DIED.get(current_language(), _READER_DIED["vi"])
    return Done(job, sha, len(data), Processed("", issues=[
        Issue.make("FILE_READ_FAILED", file=job.name, reason=reason)]))


_READER_DIED = {"vi": "trình đọc bị dừng đột ngột khi mở tệp này",
                "en": "the reader stopped abruptly on this file"}


def _init_worker_state(state: dict[str, Any]) -> None:
    _WORKER.clear()
    _WORKER.update(state)


def _preload() -> None:
    """Import what every job needs once, in the parent, so forked workers inherit it instead of
    each importing it again; then move everything alive now (the roster above all: 100,000
    people in a province) out of the garbage collector's sight, so the collections a worker runs
    neither walk those objects again and again nor copy their memory pages."""
    import gc

    import python_calamine  # noqa: F401

    from toolkit.intake import safety  # noqa: F401
    from toolkit.read import workbook as reading  # noqa: F401
    from toolkit.rules import engine as validation  # noqa: F401
    gc.collect()
    gc.freeze()


