"""`lamtheobac mail fetch`: take the units' mails from the office mailbox (IMAP) into the store.

For each batch of mails fetched (oldest first):

1. the raw mail is written to ``archive/`` (by its SHA-256) before anything reads it;
2. the batch goes through the ingest pipeline as saved mails would (attachments archived, read,
   validated, stored; every mail and file gets its line in the incoming register), and the
   fetched-mail log (account, folder, UIDVALIDITY, UID) is written in the same transaction;
3. only then is the server told: the batch is marked \\Seen (and moved to ``done_folder`` when one
   is set) in one command, and the log notes it.

Mails are fetched 25 at a time and stored 100 at a time (fewer when they are big): each storing
transaction (and the worker processes that read its workbooks) costs a little, once a batch.

A crash between 2 and 3 leaves mails the store holds but the server does not know are done: the
next run tells the server about them without fetching them again (and were they fetched again,
the archive's SHA-256 and the known Message-IDs would make it a no-op). A dropped connection is
reopened with backoff and the batch fetched again whole; the done set (from the log) means a run
that stopped half-way resumes where it was. A wrong password or an unreachable server is a clear
Vietnamese message and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.app.ingest import IngestReport, Intake, write_archive
from toolkit.app.mail_account import PASSWORD_ENV, imap_settings, mail_errors
from toolkit.config.workspace import Workspace
from toolkit.intake.files import RawMail, sha256
from toolkit.store.register import FetchedRow

if TYPE_CHECKING:
    from toolkit.intake.imap import FetchedMessage, ImapMailbox, RetryPolicy

FETCH_SIZE = 25         # mails per UID FETCH (a dropped connection fetches that many again)
BATCH_SIZE = 100        # mails per storing transaction and per server commit ...
BATCH_BYTES = 64 << 20  # ... or fewer, when they hold this many bytes


@dataclass
class FetchReport:
    account: str
    folder: str
    done_folder: str
    fetched: int = 0            # mails fetched and stored this run
    committed: int = 0          # mails marked (and moved) on the server this run
    leftover: int = 0           # of them, stored by an earlier run that stopped before marking
    reconnects: int = 0
    seconds: float = 0.0
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def has_problems(self) -> bool:
        return self.ingest.has_problems

    def as_dict(self) -> dict[str, Any]:
        return {"account": self.account, "folder": self.folder, "done_folder": self.done_folder,
                "fetched": self.fetched, "committed": self.committed,
                "leftover": self.leftover, "reconnects": self.reconnects,
                "seconds": round(self.seconds, 3), "ingest": self.ingest.as_dict()}


def fetch_mail(ws: Workspace, *, password: str | None = None, batch_size: int = BATCH_SIZE,
               retry: RetryPolicy | None = None,
               progress: Callable[[int, int], None] | None = None) -> FetchReport:
    """Fetch the new mails of the configured folder, store them, then mark them on the server.
    ``password``: of encrypted workbooks (as for ``ingest``), not of the mailbox."""
    from toolkit.intake.imap import ImapMailbox, RetryPolicy
    started = time.perf_counter()
    cfg = ws.config.mail
    settings = imap_settings(ws)
    account = f"{settings.user}@{settings.host}"
    report = FetchReport(account, cfg.folder, cfg.done_folder)
    with mail_errors(settings.host, settings.effective_port, cfg.security, settings.user,
                     PASSWORD_ENV), \
            Intake(ws, password=password, progress=progress) as intake, \
            ImapMailbox(settings, batch_size=min(FETCH_SIZE, batch_size),
                        retry=retry or RetryPolicy()) as box:
        report.ingest = intake.report
        if password:
            _reopen_refused(ws, intake, account)
        folder = _server_name(box, cfg.folder)
        move_to = _server_name(box, cfg.done_folder) if cfg.done_folder else None
        state = box.select(folder)
        log = intake.store.fetched_uids(account, cfg.folder, state.uidvalidity)
        leftover = sorted(uid for uid, told in log.items() if not told)
        if leftover:        # stored by a run that stopped before telling the server
            _tell_server(box, intake, account, cfg.folder, state.uidvalidity, leftover, move_to)
            report.leftover = report.committed = len(leftover)
        since = cfg.since or dt.date(ws.config.year, 1, 1)
        batch: list[FetchedMessage] = []
        held = 0
        for message in box.fetch_new(since, log.keys()):
            batch.append(message)
            held += len(message.raw)
            if len(batch) >= batch_size or held >= BATCH_BYTES:
                report.fetched += _take(ws, box, intake, account, cfg.folder, batch, move_to)
                report.committed += len(batch)
                batch, held = [], 0
        if batch:
            report.fetched += _take(ws, box, intake, account, cfg.folder, batch, move_to)
            report.committed += len(batch)
        report.reconnects = box.reconnects
    report.seconds = time.perf_counter() - started
    return report


def _reopen_refused(ws: Workspace, intake: Intake, account: str) -> None:
    """With a password: the files of fetched mails refused for want of one are read again, from
    the mails as archived (the server is not asked again), with the receipt time they had."""
    store = intake.store
    refused = [sha for sha, origin in store.password_refused().items()
               if origin.startswith(f"imap://{account}/")]
    again: list[RawMail] = []
    seen: set[str] = set()
    for sha in refused:
        line = store.mail_of_file(sha)
        if line is None or not line["archived"] or line["origin"] in seen:
            continue
        path = ws.root / line["archived"]
        if not path.is_file():
            continue
        seen.add(line["origin"])
        received = dt.datetime.fromisoformat(line["received_at"]).replace(
            tzinfo=dt.timezone(dt.timedelta(hours=7))) if line["received_at"] else None
        again.append(RawMail(line["origin"], path.read_bytes(), received,
                             name=line["name"] or "thu.eml"))
    if not again:
        return
    with store.transaction():
        store.forget_arrivals_of(refused)
        store.reopen(refused)
    intake.forget_known_mails()
    intake.take_mails(again)


def _server_name(box: ImapMailbox, name: str) -> str:
    """A configured folder name with levels ("Đã xử lý/2024") in the server's own delimiter."""
    if "/" not in name or name.upper() == "INBOX":
        return name
    delimiter = box.delimiter()
    return name.replace("/", delimiter) if delimiter and delimiter != "/" else name


def _take(ws: Workspace, box: ImapMailbox, intake: Intake, account: str, folder: str,
          batch: list[FetchedMessage], move_to: str | None) -> int:
    """Archive, store, then tell the server: one batch."""
    raws = []
    rows = []
    for m in batch:
        sha = sha256(m.raw)
        write_archive(ws.archive, sha, "thu.eml", m.raw)   # before anything reads it
        origin = f"imap://{account}/{folder};UIDVALIDITY={m.uidvalidity}/;UID={m.uid}"
        raws.append(RawMail(origin, m.raw, m.internaldate, name=f"{m.uid}.eml"))
        rows.append(FetchedRow(account, folder, m.uidvalidity, m.uid, sha))
    intake.take_mails(raws, after=lambda store: store.add_fetched(rows))
    _tell_server(box, intake, account, folder, batch[0].uidvalidity, [m.uid for m in batch],
                 move_to)
    return len(batch)


def _tell_server(box: ImapMailbox, intake: Intake, account: str, folder: str,
                 uidvalidity: int, uids: list[int], move_to: str | None) -> None:
    """Mark (and move) the stored mails on the server, then note it in the log."""
    box.commit_many(uids, move_to)
    with intake.store.transaction():
        intake.store.mark_committed(account, folder, uidvalidity, uids)
