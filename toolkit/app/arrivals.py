"""The incoming register as an ingest writes it: every received mail and every file in it (or
dropped alone into the inbox) gets a numbered line, in arrival order, with what became of it.

:func:`plan` puts the items an ingest collected in arrival order — a mail with its attachments
stays together; mails and bare files are ordered by their receipt time (the walk order breaks
ties) — so that the register's numbers, and the order in which submissions are stored (which
decides the current one: the last received), follow when things reached the office, not the
order of file names. :class:`Numbering` turns the entries of one storing transaction into
register lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.intake.files import (
    KnownFile,
    MailFacts,
    MailItem,
    Pending,
    Receipt,
    Received,
    Skipped,
    is_lock_file,
)
from toolkit.store.register import ArrivalRow

if TYPE_CHECKING:
    from toolkit.app.ingest import FileResult, Job
    from toolkit.store.db import Store

MAIL, SKIP, JOB, KNOWN = "mail", "skip", "job", "known"


@dataclass
class Entry:
    """One step of an ingest, in arrival order: a mail, a file not taken, a workbook to process,
    or a saved mail already known (only remembered)."""

    kind: str
    item: Any
    job: Job | None = None
    mail: MailFacts | None = None       # the mail a file came in
    register: bool = True               # lock files are reported, not registered


def plan(items: Iterable[Any], make_job: Any) -> list[Entry]:
    """The collected items as entries in arrival order (``make_job``: item -> Job)."""
    groups: list[tuple[tuple[int, dt.datetime, int], list[Entry]]] = []
    current: list[Entry] | None = None
    current_mail: MailFacts | None = None
    for index, item in enumerate(items):
        if isinstance(item, MailItem):
            current, current_mail = [Entry(MAIL, item, mail=item.facts)], item.facts
            groups.append((_when(item.facts.receipt, index), current))
            continue
        mail = getattr(item, "mail", None)
        if mail is not None and mail is current_mail and current is not None:
            entry = _entry(item, make_job, mail)
            current.append(entry)
            continue
        entry = _entry(item, make_job, mail)
        receipt = item.receipt if isinstance(item, (Pending, Received, Skipped)) \
            else Receipt(None, "")
        groups.append((_when(receipt, index), [entry]))
    groups.sort(key=lambda g: g[0])
    return [entry for _, group in groups for entry in group]


def _when(receipt: Receipt, index: int) -> tuple[int, dt.datetime, int]:
    """Sort key: known times first in time order, unknown ones after, the walk order within."""
    if receipt.at is None:
        return (1, dt.datetime.min, index)
    return (0, receipt.at, index)


def _entry(item: Any, make_job: Any, mail: MailFacts | None) -> Entry:
    if isinstance(item, Skipped):
        return Entry(SKIP, item, mail=mail, register=not is_lock_file(item.name)
                     or item.mail is not None)
    if isinstance(item, KnownFile):
        return Entry(KNOWN, item, register=False)
    return Entry(JOB, item, job=make_job(item), mail=mail)


@dataclass
class Numbering:
    """The register lines of one storing transaction: numbers in entry order, a file's line
    pointing to its mail's. Lines of processed files are finished once their submission ids are
    known (:meth:`write` runs last in the transaction)."""

    store: Store
    archive: str                                    # "archive/" (relative to the workspace)
    now: str
    next_no: int = 0
    mails: dict[int, int] = field(default_factory=dict)     # id(MailFacts) -> its line's no
    lines: list[tuple[ArrivalRow, FileResult | None]] = field(default_factory=list)
    replies: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.next_no = self.store.next_arrival_no()

    def _take_no(self) -> int:
        no = self.next_no
        self.next_no += 1
        return no

    def mail(self, item: MailItem, archived: str, reply_to: int | None) -> None:
        facts = item.facts
        no = self._take_no()
        self.mails[id(facts)] = no
        if item.duplicate:
            outcome = "duplicate"
        elif item.bounce is not None or not item.workbooks:
            outcome = "skipped"
        else:
            outcome = "received"
        self.lines.append((ArrivalRow(
            no, None, "mail", item.name if not item.origin.startswith("imap://") else "",
            item.origin, facts.sender, facts.sender_name, facts.subject, facts.message_id,
            _iso(facts.receipt.at), facts.receipt.source, _iso(facts.receipt.claimed),
            item.container[1], archived, outcome, _codes(i.code for i in item.issues), "", "",
            "", None, reply_to, self.now), None))

    def skipped(self, item: Skipped) -> None:
        parent = self.mails.get(id(item.mail)) if item.mail is not None else None
        mail_file = item.issue.code == "MAIL_UNREADABLE"
        self.lines.append((ArrivalRow(
            self._take_no(), parent, "mail" if mail_file else "file", item.name, item.origin,
            *_from(item.mail), *self._times(item.mail, item.receipt if item.mail is None
                                            else None),
            "", "", "rejected" if mail_file else "skipped", item.issue.code, "", "", "", None,
            None, self.now), None))

    def file(self, job: Job, sha: str, archived: str, result: FileResult) -> None:
        parent = self.mails.get(id(job.mail)) if job.mail is not None else None
        self.lines.append((ArrivalRow(
            self._take_no(), parent, "file", job.name, job.origin, *_from(job.mail),
            *self._times(job.mail, job.receipt), sha, archived, result.status,
            "", "", "", "", None, None, self.now), result))

    @staticmethod
    def _times(mail: MailFacts | None, receipt: Receipt | None
               ) -> tuple[str | None, str, str | None]:
        got = receipt if receipt is not None else (mail.receipt if mail else None)
        if got is None:
            return None, "", None
        return _iso(got.at), got.source, _iso(got.claimed)

    def write(self) -> None:
        """Add the lines (processed files with their outcome, unit, form, period and submission
        as they ended)."""
        rows = []
        for row, result in self.lines:
            if result is not None:
                codes = _codes(i.code for i in result.issues if i.is_error) \
                    if result.status == "rejected" else ""
                row = row._replace(outcome=result.status, codes=codes, unit=result.unit,
                                   form=result.form, period=result.period,
                                   submission_id=result.submission_id)
            rows.append(row)
        if rows:
            self.store.add_arrivals(rows)
        self.lines = []


def _from(mail: MailFacts | None) -> tuple[str, str, str, str]:
    """(sender, sender name, subject, Message-ID) of the mail a file came in."""
    if mail is None:
        return "", "", "", ""
    return mail.sender, mail.sender_name, mail.subject, mail.message_id


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _codes(codes: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(codes))
