"""Storing what an ingest took in: the results of the processed files, in arrival order, in
batched transactions, each batch with its lines of the incoming register; the checks some forms
run inside the storing transaction (:data:`AFTER_STORE`); and what the ingest reports.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.app.arrivals import JOB, KNOWN, MAIL, Numbering
from toolkit.app.history import encode_entry
from toolkit.common.issues import Issue
from toolkit.config.workspace import Workspace
from toolkit.intake.files import MailItem
from toolkit.rules import decisions, store_quarterly
from toolkit.rules.context import Processed
from toolkit.store.records import FileRow, NewSubmission, PathRow

if TYPE_CHECKING:
    from toolkit.app.ingest import Done
    from toolkit.app.ingest_copies import CrossUnit
    from toolkit.store.db import Store

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
    unchanged: int = 0        # files already read, not changed since (not listed one by one)
    mails: int = 0            # mails received (each also has its line in the register)
    registered: int = 0       # lines added to the incoming register
    # pledge texts a hundred people or more wrote (or nearly): (text, people, units)
    common_pledges: list[tuple[str, int, int]] = field(default_factory=list)
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
            "unchanged": self.unchanged, "mails": self.mails, "registered": self.registered,
            "common_pledges": [{"text": t, "people": n, "units": u}
                               for t, n, u in self.common_pledges],
            "notes": self.notes,
            "files": [{"name": f.name, "status": f.status, "form": f.form, "unit": f.unit,
                       "period": f.period, "errors": f.n_errors,
                       "issues": [i.as_dict() for i in f.issues]} for f in self.files],
        }




def archive_name(sha: str, name: str) -> str:
    """Where a file's bytes are kept under the archive: ``ab/abcdef….xlsx``."""
    suffix = os.path.splitext(name)[1].lower() or ".bin"
    return f"{sha[:2]}/{sha}{suffix}"



def store_all(ws: Workspace, store: Store, entries: list[Any], results: Any, total: int,
              known: set[str], report: IngestReport,
              progress: Callable[[int, int], None] | None,
              after: Callable[[Any], None] | None = None,
              copies: CrossUnit | None = None,
              parents: dict[int, int] | None = None) -> None:
    """Store the entries in order, ``BATCH`` processed files per transaction, each job's
    result taken from ``results`` (in job order) as its entry comes. ``copies`` notes every
    pledge stored, for the agency-wide copy check run after; ``parents``: a mail's register
    number, for its files in a later batch (shared by the batches of a replay)."""
    batch: list[tuple[Any, Done | None]] = []
    done = jobs_in_batch = 0
    parents = parents if parents is not None else {}
    for entry in entries:
        if entry.kind == JOB:
            batch.append((entry, next(results)))
            jobs_in_batch += 1
        else:
            batch.append((entry, None))
        if jobs_in_batch >= BATCH:
            _commit(ws, store, batch, known, report, parents=parents, copies=copies)
            done += jobs_in_batch
            batch, jobs_in_batch = [], 0
            if progress:
                progress(done, total)
    if batch or after is not None:
        _commit(ws, store, batch, known, report, after, parents, copies)
        done += jobs_in_batch
        if progress and total:
            progress(done, total)


def _commit(ws: Workspace, store: Store, batch: list[tuple[Any, Done | None]], known: set[str],
            report: IngestReport, after: Callable[[Any], None] | None = None,
            parents: dict[int, int] | None = None, copies: CrossUnit | None = None) -> None:
    """Store a batch in one transaction, one statement per table where the forms allow it, with
    the batch's lines of the incoming register."""
    pending = _Pending(store)
    archive = ws.archive.relative_to(ws.root).as_posix() + "/"
    with store.transaction():
        register = Numbering(store, archive, store.now(),
                             mails=parents if parents is not None else {})
        late = _LateCheck(ws, store)
        for entry, d in batch:
            store.record(encode_entry(entry, d))        # the archive's journal: how it came
            if entry.kind == MAIL:
                _commit_mail(store, entry.item, archive, register, report)
                if entry.item.path is not None:     # a saved mail: not parsed again unchanged
                    pending.paths.append(PathRow(entry.item.origin, *entry.item.path, ""))
                continue
            if entry.kind == KNOWN:         # a saved mail with no new message
                pending.paths.append(PathRow(entry.item.origin, *entry.item.path, ""))
                report.unchanged += 1
                continue
            if entry.kind != JOB:       # a file not taken
                item = entry.item
                report.files.append(FileResult(item.name, "", item.origin, "skipped",
                                               issues=[item.issue]))
                if item.path is not None:
                    pending.paths.append(PathRow(item.origin, *item.path, ""))
                if entry.register:
                    register.skipped(item)
                continue
            assert d is not None
            job, p = d.job, d.processed
            if job.data is None and job.mail is None and d.sha256:     # read from disk
                pending.paths.append(PathRow(job.origin, job.size, job.mtime_ns, d.sha256))
            mail = job.mail
            if p is None or (d.sha256 and d.sha256 in known):
                result = FileResult(job.name, d.sha256, job.origin, "duplicate",
                                    issues=[Issue.make("FILE_DUPLICATE", file=job.name)])
                report.files.append(result)
                register.file(job, d.sha256, archive + archive_name(d.sha256, job.name), result)
                continue
            if not d.sha256:   # could not even be read
                result = FileResult(job.name, "", job.origin, "rejected", issues=p.issues)
                report.files.append(result)
                register.file(job, "", "", result)
                continue
            known.add(d.sha256)
            status = "stored" if p.submission else "rejected"
            archived = archive + archive_name(d.sha256, job.name)
            pending.files.append(FileRow(
                sha256=d.sha256, name=job.name, size=d.size, origin=job.origin,
                archived=archived, kind=p.kind, sender=mail.sender if mail else "",
                subject=mail.subject if mail else "", mail_id=mail.message_id if mail else "",
                received_at=job.received_at.isoformat() if job.received_at else None,
                status=status))
            issues = late.kept(p, job.received_at) if p.submission else p.issues
            if mail is not None and mail.notes:     # a Date set aside: the file says so too
                issues = [*issues, *mail.notes]
            result = FileResult(job.name, d.sha256, job.origin, status, p.form, p.unit,
                                p.period, p.kind, issues)
            report.files.append(result)
            register.file(job, d.sha256, archived, result)
            if not p.submission:
                store.add_issues(d.sha256, None, issues)
                continue
            if copies is not None and p.texts:
                copies.note(store, p, result)
            sub = NewSubmission(d.sha256, p.form, p.unit, p.period, job.received_at,
                                p.packed or p.records, issues, p.held)
            after_store = AFTER_STORE.get(p.form)
            if after_store is None or p.held:       # a held one is checked once accepted
                pending.submissions.append((sub, result))
                continue
            # a hook may read the store: everything before this submission goes in first
            pending.flush()
            result.submission_id = store.add_submissions([sub])[0]
            after_store(store, result.submission_id, p)
        pending.flush()
        report.registered += len(register.lines)
        register.write()
        if after is not None:
            after(store)


def mail_file_name(name: str) -> str:
    """The name a received mail is archived under: its saved file's, or "thu.eml"."""
    return name if name.lower().endswith((".eml", ".msg", ".mbox")) else "thu.eml"


def _commit_mail(store: Store, item: MailItem, archive: str, register: Any,
                 report: IngestReport) -> None:
    """A received mail: its line in the register (tied to the mail sent from here that it
    answers, if any), its delivery report noted on the send log, its Message-ID known."""
    facts = item.facts
    name, sha, _ = item.container
    archived = archive + archive_name(sha, mail_file_name(name)) if sha else ""
    reply_to = None
    if item.bounce is not None and item.bounce[1]:
        reply_to = store.mark_bounced(item.bounce[1])
    elif facts.in_reply_to or facts.references:
        sent = store.sent_ids([facts.in_reply_to, *reversed(facts.references)])
        for mid in (facts.in_reply_to, *reversed(facts.references)):
            if mid in sent:
                reply_to = sent[mid]
                break
    register.mail(item, archived, reply_to)
    if not item.duplicate:
        report.mails += 1
        store.add_mail(facts.message_id, "", facts.sender, facts.subject, facts.date,
                       facts.origin)
    for issue in item.issues:
        if issue.code in ("MAIL_NO_WORKBOOK", "MAIL_BOUNCE"):      # the mail is not taken
            report.files.append(FileResult(item.name or facts.subject, "", facts.origin,
                                           "skipped", issues=[issue]))
    if item.duplicate:
        report.files.append(FileResult(item.name or facts.subject, "", facts.origin,
                                       "duplicate", issues=list(item.issues)))


class _LateCheck:
    """SUBMISSION_LATE is dropped from a submission when the same unit's first acceptable one
    for that form and period reached the office by the deadline: a later correction never makes
    a unit late."""

    def __init__(self, ws: Workspace, store: Store) -> None:
        self.ws, self.store = ws, store
        self.firsts: dict[tuple[str, str, str], dt.datetime | None] = {}

    def kept(self, p: Processed, received_at: dt.datetime | None) -> list[Issue]:
        key = (p.form, p.unit, p.period)
        if key not in self.firsts:
            self.firsts[key] = self.store.first_submitted(*key)
        first = self.firsts[key]
        if received_at is not None and (first is None or received_at < first):
            self.firsts[key] = received_at
        if first is None or not any(i.code == "SUBMISSION_LATE" for i in p.issues):
            return p.issues
        from toolkit.forms import deadline_for, get_form
        try:
            deadline = deadline_for(get_form(p.form), self.ws.config, p.period)
        except Exception:
            return p.issues
        if first.date() > deadline:
            return p.issues
        return [i for i in p.issues if i.code != "SUBMISSION_LATE"]


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
