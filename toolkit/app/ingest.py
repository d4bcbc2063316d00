"""Ingest: archive every received file by hash, inspect, read, validate and store it.

The heavy part (inspect + read + validate) is a pure function of the file's bytes and the
workspace, so it runs in worker processes for large batches; the store is written by the parent in
batched transactions. One bad file never stops the batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import current_language
from toolkit.common.issues import Issue
from toolkit.config.workspace import Workspace
from toolkit.intake.files import MailFacts, Pending, Skipped, collect, sha256
from toolkit.rules import decisions, store_quarterly
from toolkit.rules.context import Processed
from toolkit.rules.senders import HELD_CODES
from toolkit.store.journal import META_BATCH, Batch, Journal
from toolkit.store.records import FileRow, NewSubmission, PathRow, pack_records

if TYPE_CHECKING:
    from toolkit.store.db import Store

PARALLEL_MIN_FILES = 24
BATCH = 500
ARCHIVE_TMP = ".tmp"            # archive/.tmp/: files being written; cleared by the next ingest
INGEST_LOCK = ".ingest.lock"    # archive/.ingest.lock: one ingest per workspace at a time


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
    unchanged: int = 0        # files already read, not changed since (not listed one by one)
    notes: list[str] = field(default_factory=list)     # lines for the secretary (a stale lock)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def has_problems(self) -> bool:
        return any(f.status == "rejected" or f.n_errors for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": self.count("stored"), "rejected": self.count("rejected"),
            "duplicate": self.count("duplicate"), "skipped": self.count("skipped"),
            "unchanged": self.unchanged, "notes": self.notes,
            "files": [{"name": f.name, "status": f.status, "form": f.form, "unit": f.unit,
                       "period": f.period, "errors": f.n_errors,
                       "issues": [i.as_dict() for i in f.issues]} for f in self.files],
        }




# ---------------------------------------------------------------- the pure part

_WORKER: dict[str, Any] = {}


def process_bytes(name: str, data: bytes, received_at: dt.datetime | None, sender: str,
                  config: Any = None, roster: Any = None, password: str | None = None,
                  store: Store | None = None, code: str = "") -> Processed:
    """Inspect, read and validate one workbook. Never raises for bad input. ``code``: how the
    secretary names the file to accept it if it is held (its hash's first letters)."""
    config = config or _WORKER["config"]
    roster = roster or _WORKER["roster"]
    password = password if password is not None else _WORKER.get("password")
    try:
        return _process(name, data, received_at, sender, config, roster, password, store, code)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the last guard: a reader bug (or panic) must not stop the batch
        return Processed("", issues=[Issue.make("FILE_READ_FAILED", file=name,
                                                reason=f"{type(exc).__name__}: {exc}"[:200])])


def _process(name: str, data: bytes, received_at: dt.datetime | None, sender: str, config: Any,
             roster: Any, password: str | None, store: Store | None, code: str) -> Processed:
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
                  store=store, file_code=code)
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
    on_disk: bool = False            # read from a folder: remembered by path, size and time
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


def _archive_name(sha: str, name: str) -> str:
    """Where a file's bytes are kept under the archive: ``ab/abcdef….xlsx``."""
    suffix = os.path.splitext(name)[1].lower() or ".bin"
    return f"{sha[:2]}/{sha}{suffix}"


def write_archive(root: Path, sha: str, name: str, data: bytes) -> str:
    """Keep the received bytes, named by their hash; written whole or not at all. Returns the
    file's path. (Paths as text: this runs for every received file.)"""
    base = os.fspath(root)
    rel = _archive_name(sha, name)
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


def _lock_archive(ws: Workspace, report: IngestReport) -> Any:
    """Take the workspace's ingest lock (over from a dead owner, saying so) and clear what a
    killed ingest left half-written."""
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
    if lock.took_over is not None:
        report.notes.append(t("ingest.stale_lock", path=lock.path, pid=lock.took_over.pid,
                              since=_clock(lock.took_over.since)))
    shutil.rmtree(ws.archive / ARCHIVE_TMP, ignore_errors=True)
    _MADE_DIRS.clear()
    return lock


def _clock(iso: str) -> str:
    """'14:05:09 ngày 02/10/2024' from an ISO time (as recorded in a lock file)."""
    try:
        at = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{at:%H:%M:%S} {at:%d/%m/%Y}"


def _reopen_refused(store: Store, paths: list[Path], history: History) -> None:
    """With a password, files refused earlier for want of one are read again (those under
    ``paths``): FILE_ENCRYPTED tells the secretary to run the command with --password."""
    roots = [Path(p).resolve() for p in paths]
    again = [sha for sha, origin in store.password_refused().items()
             if any(r == Path(origin).resolve() or r in Path(origin).resolve().parents
                    for r in roots)]
    if again:
        reopen(store, again, history)


def reopen(store: Store, hashes: list[str], history: History) -> None:
    with history.batch(store) as entries:
        store.reopen(hashes)
        entries.extend({"reopen": sha} for sha in hashes)


def ingest(ws: Workspace, paths: list[Path] | None = None, *, password: str | None = None,
           workers: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Take in every workbook and mail under ``paths`` (default: the inbox).

    Files already read (same path, size and modification time) are not read again; a file whose
    bytes were received before is a no-op; everything new is archived, processed (in worker
    processes for big batches) and stored in batched transactions.
    """
    paths = paths or [ws.inbox]
    report = IngestReport()
    lock = _lock_archive(ws, report)
    try:
        store = ws.store()
    except BaseException:
        lock.release()
        raise
    try:
        history = History(Journal(ws.archive))
        history.journal.settle(store)
        if password:
            _reopen_refused(store, paths, history)
        seen = store.seen_paths()
        known_mails = store.known_mails()
        jobs: list[Job] = []
        bare_mails: list[tuple[str, str]] = []
        for item in collect(paths, known_mails, within=ws.root):
            if isinstance(item, Skipped):
                report.files.append(FileResult(item.name, "", item.origin, "skipped",
                                               issues=[item.issue]))
                if item.issue.code == "MAIL_NO_WORKBOOK":
                    bare_mails.append((item.issue.value, item.origin))
            elif isinstance(item, Pending):
                if seen.get(item.origin) == (item.size, item.mtime_ns):
                    report.unchanged += 1
                    continue
                jobs.append(Job(item.origin, item.name, item.mtime, None, None, item.size,
                                item.mtime_ns, on_disk=True))
            else:
                jobs.append(Job(item.origin, item.name, item.received_at, item.data, item.mail))
        if bare_mails:
            add_bare_mails(store, bare_mails, history)
        if jobs:
            _run_jobs(ws, store, jobs, password, workers, progress, report, lock.fileno,
                      history)
    finally:
        store.close()
        lock.release()
    return report


class History:
    """How the store's changes are recorded: each batch written to the archive's journal before
    the store commits it (an ingest), or replayed from it (``replay``: a rebuild, which writes
    nothing to the journal and stamps the batch's own time)."""

    def __init__(self, journal: Journal, replay: Batch | None = None):
        self.journal, self.replay = journal, replay

    @contextlib.contextmanager
    def batch(self, store: Store) -> Iterator[list[dict[str, Any]]]:
        """A store transaction recorded as one batch: the caller adds the batch's entries to
        the list it gets (what the journal needs to replay it)."""
        entries: list[dict[str, Any]] = []
        if self.replay is not None:
            with store.as_of(self.replay.at), store.transaction():
                yield entries
                store.set_meta(META_BATCH, str(self.replay.number))
            return
        number, at = self.journal.next_batch(store), store.now()
        with store.as_of(at):
            with store.transaction():
                yield entries
                if entries:
                    self.journal.write(number, at, entries)
                    store.set_meta(META_BATCH, str(number))
            if entries:
                self.journal.settled(number)


def add_bare_mails(store: Store, mails: list[tuple[str, str]], history: History) -> None:
    """Mails that carried no workbook: remembered (by message id), so they are not read again."""
    with history.batch(store) as entries:
        for mail_id, origin in mails:
            store.add_mail(mail_id, "", "", "", None, origin)
            entries.append({"mail": {"id": mail_id, "origin": origin}})


def _run_jobs(ws: Workspace, store: Store, jobs: list[Job], password: str | None,
              workers: int | None, progress: Callable[[int, int], None] | None,
              report: IngestReport, lock_fd: int | None, history: History) -> None:
    roster = ws.roster()
    known = store.known_hashes()
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    state = dict(config=ws.config, roster=roster, password=password, known=known,
                 archive=ws.archive)
    if len(jobs) >= PARALLEL_MIN_FILES and n_workers > 1 and hasattr(os, "fork"):
        import gc
        _preload()
        lifeline = os.pipe()        # closed on our side only when we end: the workers watch it
        try:
            state["orphan_guard"] = (os.getpid(), lifeline[0], lifeline[1], lock_fd)
            _store_all(ws, store, _in_workers(jobs, state, n_workers), len(jobs), known, report,
                       progress, history)
        finally:
            gc.unfreeze()
            for fd in lifeline:
                os.close(fd)
    else:
        _init_worker_state({**state, "store": store})
        try:
            _store_all(ws, store, map(_work, jobs), len(jobs), known, report, progress,
                       history)
        finally:
            _WORKER.clear()


def _pool(n_workers: int, state: dict[str, Any]) -> Any:
    import concurrent.futures as cf
    import multiprocessing as mp
    return cf.ProcessPoolExecutor(n_workers, mp_context=mp.get_context("fork"),
                                  initializer=_init_pool_worker, initargs=(state,))


def _init_pool_worker(state: dict[str, Any]) -> None:
    """A forked worker: its state, and no life of its own once the ingest that forked it ends.

    It closes its copy of the ingest lock (the lock is the parent's: a worker left behind must
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


def _store_all(ws: Workspace, store: Store, results: Any, total: int, known: set[str],
               report: IngestReport, progress: Callable[[int, int], None] | None,
               history: History) -> None:
    batch: list[Done] = []
    done = 0
    for result in results:
        batch.append(result)
        if len(batch) >= BATCH:
            _commit(ws, store, batch, known, report, history)
            done += len(batch)
            batch = []
            if progress:
                progress(done, total)
    if batch:
        _commit(ws, store, batch, known, report, history)
        done += len(batch)
        if progress:
            progress(done, total)


def _commit(ws: Workspace, store: Store, batch: list[Done], known: set[str],
            report: IngestReport, history: History) -> None:
    """Store a batch in one transaction, one statement per table where the forms allow it;
    the archive's journal records it."""
    pending = _Pending(store)
    archive = ws.archive.relative_to(ws.root).as_posix() + "/"
    with history.batch(store) as entries:
        for d in batch:
            job, p = d.job, d.processed
            if d.sha256:
                entries.append(_entry(job, d.sha256))
            if job.on_disk and d.sha256:
                pending.paths.append(PathRow(job.origin, job.size, job.mtime_ns, d.sha256))
            mail = job.mail
            if mail:
                store.add_mail(mail.message_id, d.sha256, mail.sender, mail.subject, mail.date,
                               mail.origin)
            if p is None or (d.sha256 and d.sha256 in known):
                report.files.append(FileResult(job.name, d.sha256, job.origin, "duplicate",
                                               issues=[Issue.make("FILE_DUPLICATE",
                                                                  file=job.name)]))
                continue
            if not d.sha256:   # could not even be read
                report.files.append(FileResult(job.name, "", job.origin, "rejected",
                                               issues=p.issues))
                continue
            known.add(d.sha256)
            status = "stored" if p.submission else "rejected"
            pending.files.append(FileRow(
                sha256=d.sha256, name=job.name, size=d.size, origin=job.origin,
                archived=archive + _archive_name(d.sha256, job.name), kind=p.kind,
                sender=mail.sender if mail else "", subject=mail.subject if mail else "",
                mail_id=mail.message_id if mail else "",
                received_at=job.received_at.isoformat() if job.received_at else None,
                status=status))
            result = FileResult(job.name, d.sha256, job.origin, status, p.form, p.unit,
                                p.period, p.kind, p.issues)
            report.files.append(result)
            if not p.submission:
                store.add_issues(d.sha256, None, p.issues)
                continue
            sub = NewSubmission(d.sha256, p.form, p.unit, p.period, job.received_at,
                                p.packed or p.records, p.issues, p.held)
            after_store = AFTER_STORE.get(p.form)
            if after_store is None or p.held:       # a held one is checked once accepted
                pending.submissions.append((sub, result))
                continue
            # a hook may read the store: everything before this submission goes in first
            pending.flush()
            result.submission_id = store.add_submissions([sub])[0]
            after_store(store, result.submission_id, p)
        pending.flush()


def accept_code(sha: str) -> str:
    """How a received file is named to ``lamtheobac accept``: its hash's first ten letters."""
    return sha[:10]


def _entry(job: Job, sha: str) -> dict[str, Any]:
    """A received file as the journal records it (enough to take it in again from the
    archive)."""
    mail = job.mail
    return {"file": sha, "name": job.name, "origin": job.origin,
            "received_at": job.received_at.isoformat() if job.received_at else None,
            "disk": [job.size, job.mtime_ns] if job.on_disk else None,
            "mail": {"id": mail.message_id, "sender": mail.sender, "subject": mail.subject,
                     "date": mail.date.isoformat() if mail.date else None,
                     "origin": mail.origin} if mail else None}


def job_of(entry: dict[str, Any], archive: Path) -> Job:
    """The job that takes a journal's file entry in again, its bytes read from the archive."""
    m = entry.get("mail")
    mail = MailFacts(m["sender"], m["subject"], _when(m.get("date")), m["id"], m["origin"]) \
        if m else None
    disk = entry.get("disk")
    sha = entry["file"]
    return Job(entry["origin"], entry["name"], _when(entry.get("received_at")), None, mail,
               disk[0] if disk else 0, disk[1] if disk else 0, on_disk=disk is not None,
               source=os.path.join(archive, _archive_name(sha, entry["name"])))


def _when(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


class _Pending:
    """Rows of a batch waiting to be written together."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.files: list[FileRow] = []
        self.paths: list[PathRow] = []
        self.submissions: list[tuple[NewSubmission, FileResult]] = []

    def flush(self) -> None:
        if self.files:
            self.store.add_files(self.files)
        if self.submissions:
            ids = self.store.add_submissions([sub for sub, _ in self.submissions])
            for sid, (_, result) in zip(ids, self.submissions):
                result.submission_id = sid
        if self.paths:
            self.store.remember_paths(self.paths)
        self.files, self.paths, self.submissions = [], [], []


# form id -> the check run inside the storing transaction, against what the store already holds:
# the one list of them.
AFTER_STORE: dict[str, Callable[[Store, int, Processed], None]] = {
    "quarterly": store_quarterly.after_quarterly,
    "unit-report": store_quarterly.after_unit_report,
    "rating": decisions.store_decisions,
}
