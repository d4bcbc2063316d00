"""Intake: folders, workbooks and mails become one input shape before anything reads them.

Walking ``inbox/`` (or the paths given) yields, in a stable order:

- :class:`MailItem` for each received mail (a saved .eml/.msg, each message of an .mbox, or a
  mail fetched over IMAP), followed by what it carries: a :class:`Received` per workbook and a
  :class:`Skipped` per other attachment;
- :class:`Pending` for a workbook on disk (read later, by a worker);
- :class:`Skipped` for what is not taken (lock files, other files, unreadable mails).

A :class:`Received` is (origin, file name, bytes, sha256, mail facts, receipt): the hash is the
identity, so the same file twice is a no-op. Every item carries its :class:`Receipt`: when it
reached the office, and from what that was told (see :func:`mail_receipt`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.common.issues import Issue
from toolkit.common.text import nfc

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAIL_SUFFIXES = (".eml", ".msg", ".mbox")
MAX_READ_BYTES = 120 * 2**20

VN = dt.timezone(dt.timedelta(hours=7))

# Where a receipt time came from (the register says which was used).
DATE_CHECKED = "mail-date"              # the mail's Date, close to the server's receipt time
DATE_UNCHECKED = "mail-date-unchecked"  # the mail's Date; no receipt time to check it against
SERVER_TIME = "server"                  # the server's receipt time (Date missing or far off)
FILE_TIME = "file-time"                 # a bare file's (or a saved mail's) modification time
GIVEN = "given"                         # the date given with --received
NO_DATE = ""

DEFAULT_TOLERANCE = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Receipt:
    """When an item reached the office (naive Vietnam time, as the store keeps dates)."""

    at: dt.datetime | None
    source: str
    claimed: dt.datetime | None = None      # the mail's Date, when set aside as too far off


@dataclass(frozen=True)
class MailFacts:
    sender: str
    subject: str
    date: dt.datetime | None            # the Date header (what the sender's computer said)
    message_id: str
    origin: str                         # the saved mail's path, or imap://… of a fetched one
    sender_name: str = ""
    server_time: dt.datetime | None = None      # INTERNALDATE, or the last Received header
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    receipt: Receipt = Receipt(None, NO_DATE)
    notes: tuple[Issue, ...] = ()       # about the mail, for each file in it (a Date set aside)


@dataclass(frozen=True)
class MailItem:
    """A received mail, yielded before its attachments. ``issues``: about the mail itself (no
    workbook, a delivery report, a Date far from the receipt time). ``container``: the file it
    came in (the .eml/.mbox/.msg, or the raw fetched mail) as (name, sha256, bytes) — bytes only
    on the first mail of a container, so it is archived once."""

    origin: str
    name: str
    facts: MailFacts
    issues: tuple[Issue, ...] = ()
    container: tuple[str, str, bytes | None] = ("", "", None)
    workbooks: int = 0
    bounce: tuple[tuple[str, ...], str] | None = None   # (recipients, original Message-ID)
    path: tuple[int, int] | None = None     # (size, mtime_ns) of the saved mail on disk
    duplicate: bool = False                 # received before (same Message-ID)


@dataclass(frozen=True)
class Received:
    origin: str                 # the path it came from (the mail file for attachments)
    name: str                   # the workbook's file name, NFC
    data: bytes
    sha256: str
    mail: MailFacts | None = None
    receipt: Receipt = Receipt(None, NO_DATE)

    @property
    def received_at(self) -> dt.datetime | None:
        return self.receipt.at


@dataclass(frozen=True)
class Pending:
    """A workbook on disk, not read yet (workers read it, so the parent never holds all bytes)."""

    origin: str
    name: str
    size: int
    mtime_ns: int
    given: dt.date | None = None

    @property
    def mtime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.mtime_ns / 1e9).replace(microsecond=0)

    @property
    def receipt(self) -> Receipt:
        if self.given is not None:
            return Receipt(dt.datetime.combine(self.given, dt.time()), GIVEN)
        return Receipt(self.mtime, FILE_TIME)

    def load(self) -> Received:
        data = Path(self.origin).read_bytes()
        return Received(self.origin, self.name, data, sha256(data), None, self.receipt)


@dataclass(frozen=True)
class Skipped:
    origin: str
    name: str
    issue: Issue
    mail: MailFacts | None = None       # the mail it was attached to
    path: tuple[int, int] | None = None  # (size, mtime_ns) of a file on disk
    receipt: Receipt = Receipt(None, NO_DATE)


@dataclass(frozen=True)
class KnownFile:
    """A file on disk with nothing new: read before and unchanged since (``seen``), or a saved
    mail whose messages were all received before (its (size, mtime_ns) is then remembered, so
    that, unchanged, it is not parsed again)."""

    origin: str
    path: tuple[int, int]
    seen: bool = False          # read before, unchanged since (its path is remembered already)


@dataclass(frozen=True)
class RawMail:
    """A mail as fetched from a server: its bytes and the server's receipt time."""

    origin: str                          # imap://user@host/folder;UIDVALIDITY=v/;UID=u
    data: bytes
    server_time: dt.datetime | None
    name: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def vn_time(when: dt.datetime) -> dt.datetime:
    """An aware time as naive Vietnam time (naive ones are taken as already local)."""
    return when.astimezone(VN).replace(tzinfo=None) if when.tzinfo else when


def mail_receipt(date: dt.datetime | None, server: dt.datetime | None, fallback: Receipt,
                 tolerance: dt.timedelta = DEFAULT_TOLERANCE) -> tuple[Receipt, bool]:
    """When a mail reached the office, and whether its Date was set aside as too far off.

    The Date header is what the sender's computer said; the server's receipt time (IMAP
    INTERNALDATE, or the last Received header of a saved mail) is what the office's server saw.
    The Date is used when it is within ``tolerance`` of the receipt time (it is then the more
    exact: a mail sent at 23:50 on the deadline and received at 00:03 was sent in time); a Date
    further off is set aside (flagged) for the receipt time. Without a receipt time the Date is
    used unchecked; without either, ``fallback`` (the saved mail's file time)."""
    if server is None:
        if date is None:
            return fallback, False
        return Receipt(vn_time(date), DATE_UNCHECKED), False
    if date is None:
        return Receipt(vn_time(server), SERVER_TIME), False
    if date.tzinfo is not None and server.tzinfo is not None and abs(date - server) > tolerance:
        return Receipt(vn_time(server), SERVER_TIME, vn_time(date)), True
    return Receipt(vn_time(date), DATE_CHECKED), False


def iter_paths(paths: list[Path], within: Path | None = None) -> Iterator[Path | Skipped]:
    """Every file under ``paths`` (files given, folders walked in sorted order, hidden folders
    left out). A link met while walking a folder is not followed out of that folder and of
    ``within`` (the workspace): a link in inbox/ to /etc/passwd is reported, never read. Paths
    given by name are the secretary's choice and are read as given."""
    inside_of = [within.resolve()] if within is not None else []
    for p in paths:
        if not p.is_dir():
            if p.exists():
                yield p
            continue
        allowed = [p.resolve(), *inside_of]
        for root, dirs, files in os.walk(p):
            kept = []
            for d in sorted(dirs):
                if d.startswith("."):
                    continue
                folder = Path(root) / d
                if folder.is_symlink():         # never walked (os.walk does not follow links)
                    if not _inside(folder, allowed):
                        yield _link_outside(folder)
                    continue
                kept.append(d)
            dirs[:] = kept
            for f in sorted(files):
                path = Path(root) / f
                if path.is_symlink() and not _inside(path, allowed):
                    yield _link_outside(path)
                    continue
                yield path


def _inside(link: Path, roots: list[Path]) -> bool:
    """Whether the link leads to a place under one of ``roots`` (all links on the way
    resolved)."""
    try:
        target = link.resolve()
    except (OSError, RuntimeError):          # a loop of links
        return False
    return any(target == r or r in target.parents for r in roots)


def _link_outside(path: Path) -> Skipped:
    name = nfc(path.name)
    try:
        target = str(path.resolve())
    except (OSError, RuntimeError):
        target = os.readlink(path)
    return Skipped(str(path), name, Issue.make("FILE_LINK_OUTSIDE", file=name, target=target))


def is_lock_file(name: str) -> bool:
    return name.startswith("~$") or name.startswith(".~lock.")


def collect(paths: list[Path], known_mails: set[str] | None = None, *,
            given: dt.date | None = None,
            seen: dict[str, tuple[int, int]] | None = None,
            tolerance: dt.timedelta = DEFAULT_TOLERANCE, within: Path | None = None,
            ) -> Iterator[MailItem | Received | Pending | Skipped | KnownFile]:
    """Every item in ``paths`` (files, folders, saved mails), in a stable order.

    ``known_mails``: Message-IDs already received (those mails are left out); ``seen``: path ->
    (size, mtime_ns) of files already read, which are left out while unchanged; ``given``: the
    receipt date of bare files (``--received``), else their modification time is used;
    ``within``: the workspace (a link in a folder walked does not lead out of it).
    """
    known_mails = known_mails if known_mails is not None else set()
    seen = seen or {}
    for path in iter_paths(paths, within):
        if isinstance(path, Skipped):
            yield path
            continue
        name = nfc(path.name)
        origin = str(path)
        lower = name.lower()
        if is_lock_file(name):
            yield Skipped(origin, name, Issue.make("FILE_SKIPPED_LOCK", file=name))
            continue
        try:
            st = path.stat()
        except OSError as exc:
            yield Skipped(origin, name, Issue.make("FILE_READ_FAILED", file=name,
                                                   reason=exc.strerror or str(exc)))
            continue
        stamp = (st.st_size, st.st_mtime_ns)
        if seen.get(origin) == stamp:
            yield KnownFile(origin, stamp, seen=True)
            continue
        if lower.endswith(MAIL_SUFFIXES):
            mtime = dt.datetime.fromtimestamp(st.st_mtime_ns / 1e9).replace(microsecond=0)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                yield Skipped(origin, name, Issue.make("FILE_READ_FAILED", file=name,
                                                       reason=exc.strerror or str(exc)))
                continue
            yield from from_mail(origin, name, raw, known_mails, None,
                                 Receipt(mtime, FILE_TIME), tolerance, stamp)
            continue
        bare = Pending(origin, name, st.st_size, st.st_mtime_ns, given)
        if not lower.endswith(WORKBOOK_SUFFIXES):
            yield Skipped(origin, name, Issue.make("FILE_SKIPPED_OTHER", file=name), path=stamp,
                          receipt=bare.receipt)
            continue
        if st.st_size > MAX_READ_BYTES:
            yield Skipped(origin, name, Issue.make(
                "FILE_TOO_LARGE", file=name, size_mb=round(st.st_size / 2**20, 1),
                limit_mb=MAX_READ_BYTES // 2**20), path=stamp, receipt=bare.receipt)
            continue
        yield bare


def from_raw_mails(mails: list[RawMail], known_mails: set[str] | None = None,
                   tolerance: dt.timedelta = DEFAULT_TOLERANCE
                   ) -> Iterator[MailItem | Received | Skipped | KnownFile]:
    """The items of mails fetched from a server (each one as a saved .eml would give)."""
    known_mails = known_mails if known_mails is not None else set()
    for mail in mails:
        name = mail.name or "thu.eml"
        yield from from_mail(mail.origin, name, mail.data, known_mails, mail.server_time,
                             Receipt(None, NO_DATE), tolerance, None, mailbox=True)


def from_mail(origin: str, name: str, raw: bytes, known_mails: set[str],
              server_time: dt.datetime | None, fallback: Receipt, tolerance: dt.timedelta,
              stamp: tuple[int, int] | None, mailbox: bool = False
              ) -> Iterator[MailItem | Received | Skipped | KnownFile]:
    """The items of one saved or fetched mail (an .mbox holds several).

    A mail whose Message-ID was received before is left out when it comes from a mailbox (an
    .mbox read again because it grew, or a folder on the server fetched again): it is not a new
    arrival. A saved .eml/.msg of a known mail is a line of its own, a duplicate."""
    from toolkit.intake.mail import MailError, parse_mail
    try:
        messages = parse_mail(name, raw)
    except MailError as exc:
        yield Skipped(origin, name, Issue.make("MAIL_UNREADABLE", file=name, reason=str(exc)),
                      path=stamp, receipt=fallback)
        return
    except Exception as exc:  # a broken mail must never stop the batch
        yield Skipped(origin, name, Issue.make("MAIL_UNREADABLE", file=name,
                                               reason=f"{type(exc).__name__}: {exc}"[:200]),
                      path=stamp, receipt=fallback)
        return
    container_sha = sha256(raw)
    mailbox = mailbox or name.lower().endswith(".mbox")
    first = True
    for msg in messages:
        duplicate = msg.message_id in known_mails
        if duplicate and mailbox:
            continue        # a mailbox read again: its old mails are not new arrivals
        known_mails.add(msg.message_id)
        server = server_time or msg.received
        receipt, far_off = mail_receipt(msg.date, server, fallback, tolerance)
        issues: list[Issue] = []
        if far_off and receipt.claimed and receipt.at:
            hours = abs(receipt.claimed - receipt.at).total_seconds() / 3600
            issues.append(Issue.make(
                "MAIL_DATE_SUSPECT", file=name, value=f"{receipt.claimed:%d/%m/%Y %H:%M}",
                claimed=f"{receipt.claimed:%d/%m/%Y %H:%M}",
                received=f"{receipt.at:%d/%m/%Y %H:%M}", hours=round(hours)))
        facts = MailFacts(msg.sender, msg.subject, msg.date, msg.message_id, origin,
                          msg.sender_name, server, msg.in_reply_to, msg.references, receipt,
                          tuple(issues))
        workbooks = [a for a in msg.attachments
                     if a.filename.lower().endswith(WORKBOOK_SUFFIXES)]
        bounce = None
        if duplicate:       # the same mail (same Message-ID) again: saved twice, or fetched
            issues.append(Issue.make("MAIL_DUPLICATE", file=name, value=msg.message_id,
                                     subject=msg.subject))
            yield MailItem(origin, name, facts, tuple(issues),
                           (name, container_sha, raw if first else None), 0, None, stamp,
                           duplicate=True)
            first = False
            continue
        if msg.bounce is not None:
            bounce = (msg.bounce.recipients, msg.bounce.original_id)
            issues.append(Issue.make("MAIL_BOUNCE", file=name, value=msg.bounce.original_id,
                                     recipients=", ".join(msg.bounce.recipients) or "?",
                                     subject=msg.subject))
        elif not workbooks:
            issues.append(Issue.make("MAIL_NO_WORKBOOK", file=name, subject=msg.subject,
                                     sender=msg.sender, value=msg.message_id))
        yield MailItem(origin, name, facts, tuple(issues),
                       (name, container_sha, raw if first else None), len(workbooks), bounce,
                       stamp)
        first = False
        for att in msg.attachments:
            att_name = nfc(att.filename)
            if att.filename.lower().endswith(WORKBOOK_SUFFIXES):
                yield Received(origin, att_name, att.data, sha256(att.data), facts, receipt)
            else:
                yield Skipped(origin, att_name, Issue.make("FILE_SKIPPED_OTHER", file=att_name),
                              mail=facts)
    if first and stamp is not None:
        yield KnownFile(origin, stamp)
