"""Intake: folders, workbooks and saved mails become one input shape before anything reads them.

A :class:`Received` is (origin, file name, bytes, sha256, mail facts). The hash is the identity:
the same file twice is a no-op. Folders are walked in sorted order so runs are deterministic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.common.issues import Issue
from toolkit.common.text import nfc

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
MAIL_SUFFIXES = (".eml", ".msg", ".mbox")
MAX_READ_BYTES = 120 * 2**20


@dataclass(frozen=True)
class MailFacts:
    sender: str
    subject: str
    date: dt.datetime | None
    message_id: str
    origin: str


@dataclass(frozen=True)
class Received:
    origin: str                 # the path it came from (the mail file for attachments)
    name: str                   # the workbook's file name, NFC
    data: bytes
    sha256: str
    mail: MailFacts | None = None
    mtime: dt.datetime | None = None

    @property
    def received_at(self) -> dt.datetime | None:
        """When it reached the secretary: the mail's date, else the file's modification time."""
        if self.mail and self.mail.date:
            return self.mail.date.astimezone(_VN).replace(tzinfo=None)
        return self.mtime


@dataclass(frozen=True)
class Pending:
    """A workbook on disk, not read yet (workers read it, so the parent never holds all bytes)."""

    origin: str
    name: str
    size: int
    mtime_ns: int

    @property
    def mtime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.mtime_ns / 1e9).replace(microsecond=0)

    def load(self) -> Received:
        data = Path(self.origin).read_bytes()
        return Received(self.origin, self.name, data, sha256(data), None, self.mtime)


@dataclass(frozen=True)
class Skipped:
    origin: str
    name: str
    issue: Issue


_VN = dt.timezone(dt.timedelta(hours=7))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def collect(paths: list[Path], known_mails: set[str] | None = None,
            within: Path | None = None) -> Iterator[Received | Pending | Skipped]:
    """Every workbook in ``paths`` (files, folders, saved mails), in a stable order.

    Workbooks on disk come as :class:`Pending` (not read yet); mail attachments as
    :class:`Received`; lock files, other files, unreadable mails and links leading out of the
    workspace as :class:`Skipped`.
    """
    known_mails = known_mails if known_mails is not None else set()
    for path in iter_paths(paths, within):
        if isinstance(path, Skipped):
            yield path
            continue
        name = nfc(path.name)
        origin = str(path)
        lower = name.lower()
        if name.startswith("~$") or name.startswith(".~lock."):
            yield Skipped(origin, name, Issue.make("FILE_SKIPPED_LOCK", file=name))
            continue
        if lower.endswith(MAIL_SUFFIXES):
            yield from _from_mail(path, name, known_mails)
            continue
        if not lower.endswith(WORKBOOK_SUFFIXES):
            yield Skipped(origin, name, Issue.make("FILE_SKIPPED_OTHER", file=name))
            continue
        try:
            st = path.stat()
        except OSError as exc:
            yield Skipped(origin, name, Issue.make("FILE_READ_FAILED", file=name,
                                                   reason=exc.strerror or str(exc)))
            continue
        if st.st_size > MAX_READ_BYTES:
            yield Skipped(origin, name, Issue.make(
                "FILE_TOO_LARGE", file=name, size_mb=round(st.st_size / 2**20, 1),
                limit_mb=MAX_READ_BYTES // 2**20))
            continue
        yield Pending(origin, name, st.st_size, st.st_mtime_ns)


def _from_mail(path: Path, name: str, known_mails: set[str]) -> Iterator[Received | Skipped]:
    from toolkit.intake.mail import MailError, parse_mail
    origin = str(path)
    try:
        raw = path.read_bytes()
        messages = parse_mail(name, raw)
    except MailError as exc:
        yield Skipped(origin, name, Issue.make("MAIL_UNREADABLE", file=name, reason=str(exc)))
        return
    except Exception as exc:  # a broken mail must never stop the batch
        yield Skipped(origin, name, Issue.make("MAIL_UNREADABLE", file=name,
                                               reason=f"{type(exc).__name__}: {exc}"[:200]))
        return
    for msg in messages:
        if msg.message_id in known_mails:
            continue
        facts = MailFacts(msg.sender, msg.subject, msg.date, msg.message_id, origin)
        workbooks = [a for a in msg.attachments if a.filename.lower().endswith(WORKBOOK_SUFFIXES)]
        if not workbooks:
            yield Skipped(origin, name, Issue.make("MAIL_NO_WORKBOOK", file=name,
                                                   subject=msg.subject, sender=msg.sender,
                                                   value=msg.message_id))
            continue
        for att in workbooks:
            yield Received(origin, nfc(att.filename), att.data, sha256(att.data), facts)
