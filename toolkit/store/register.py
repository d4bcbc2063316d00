"""The store's incoming register, send log, fetched-mail log and the secretary's picks.

- ``arrivals``: one row per received mail and per file inside it (or bare file), numbered in
  arrival order — the "sổ theo dõi văn bản/tệp đến": when, from whom, what, and what became of it.
- ``sent``: one row per mail sent to a unit (key: unit, kind, form, period, SHA-256 of the
  attachments): a re-run never mails a unit the same thing twice; a reply's In-Reply-To or
  References finds the row by its Message-ID.
- ``fetched``: the mails taken from an IMAP folder (account, folder, UIDVALIDITY, UID), and
  whether the server was told (\\Seen, moved) after the store committed them.
- ``picks``: the submission the secretary chose as current for a unit, form and period.

A store made before the register gets one line per file it had received (in the order they were
stored), so the register names them too.

Callers ask by name; the SQL is here (a mixin of :class:`~toolkit.store.db.Store`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from toolkit.store.oplog import journaled

# the migration that adds these tables (see toolkit.store.db.MIGRATIONS)
REGISTER_SCHEMA = """
    CREATE TABLE arrivals (
        no INTEGER PRIMARY KEY,
        parent INTEGER,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        origin TEXT NOT NULL,
        sender TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        subject TEXT NOT NULL,
        mail_id TEXT NOT NULL,
        received_at TEXT,
        date_source TEXT NOT NULL,
        claimed_at TEXT,
        sha256 TEXT NOT NULL,
        archived TEXT NOT NULL,
        outcome TEXT NOT NULL,
        codes TEXT NOT NULL,
        unit TEXT NOT NULL,
        form TEXT NOT NULL,
        period TEXT NOT NULL,
        submission_id INTEGER,
        reply_to INTEGER,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX arrivals_sha ON arrivals(sha256);
    CREATE INDEX arrivals_submission ON arrivals(submission_id);
    CREATE TABLE sent (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL,
        form TEXT NOT NULL,
        period TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        message_id TEXT NOT NULL,
        recipients TEXT NOT NULL,
        subject TEXT NOT NULL,
        files TEXT NOT NULL,
        status TEXT NOT NULL,
        sent_at TEXT,
        UNIQUE (unit, kind, form, period, sha256)
    );
    CREATE INDEX sent_message ON sent(message_id);
    CREATE TABLE fetched (
        account TEXT NOT NULL,
        folder TEXT NOT NULL,
        uidvalidity INTEGER NOT NULL,
        uid INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        committed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, folder, uidvalidity, uid)
    );
    CREATE TABLE picks (
        form TEXT NOT NULL,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        submission_id INTEGER NOT NULL,
        picked_at TEXT NOT NULL,
        PRIMARY KEY (form, unit, period)
    );
    INSERT INTO arrivals (parent, kind, name, origin, sender, sender_name, subject, mail_id,
                          received_at, date_source, claimed_at, sha256, archived, outcome,
                          codes, unit, form, period, submission_id, reply_to, ingested_at)
    SELECT NULL, 'file', f.name, f.origin, f.sender, '', f.subject, f.mail_id, f.received_at,
           CASE WHEN f.mail_id != '' THEN 'mail-date-unchecked' ELSE 'file-time' END, NULL,
           f.sha256, f.archived, f.status, '', COALESCE(s.unit, ''), COALESCE(s.form, ''),
           COALESCE(s.period, ''), s.id, NULL, f.ingested_at
      FROM files f LEFT JOIN submissions s ON s.id = (
           SELECT MIN(x.id) FROM submissions x WHERE x.sha256 = f.sha256)
     ORDER BY f.ingested_at, f.rowid
"""


class ArrivalRow(NamedTuple):
    """One line of the register, as stored (dates as ISO text)."""

    no: int
    parent: int | None
    kind: str                   # "mail" or "file"
    name: str                   # as it came (a mail: its saved file's name; "" when fetched)
    origin: str
    sender: str
    sender_name: str
    subject: str
    mail_id: str
    received_at: str | None
    date_source: str
    claimed_at: str | None
    sha256: str
    archived: str
    outcome: str                # received / stored / duplicate / rejected / skipped / held
    codes: str                  # issue codes, comma-separated
    unit: str
    form: str
    period: str
    submission_id: int | None
    reply_to: int | None
    ingested_at: str


class SentRow(NamedTuple):
    unit: str
    kind: str                   # "form", "feedback", "remind"
    form: str
    period: str
    sha256: str                 # of the attachments ("" for none)
    message_id: str
    recipients: str
    subject: str
    files: str


class FetchedRow(NamedTuple):
    account: str
    folder: str
    uidvalidity: int
    uid: int
    sha256: str


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


class RegisterStore:
    """Named reads and writes of the register, send log, fetched log and picks (a mixin:
    ``self.db`` is the store's connection)."""

    db: sqlite3.Connection
    now: Callable[[], str]          # the store's clock (a replayed history keeps its times)

    # ------------------------------------------------------------ the register
    def next_arrival_no(self) -> int:
        """The number the next arrival gets (call inside the transaction that adds it)."""
        return self.db.execute("SELECT COALESCE(MAX(no), 0) + 1 FROM arrivals").fetchone()[0]

    def add_arrivals(self, rows: Iterable[ArrivalRow]) -> None:
        self.db.executemany(f"INSERT INTO arrivals VALUES ({','.join('?' * 22)})", list(rows))

    def register(self) -> list[dict[str, Any]]:
        """Every line of the register in arrival order, each with what it became: for a stored
        file, whether its submission is current and, if not, the arrival that is; for a
        duplicate, the arrival that first brought the same bytes; for a mail that answers one
        sent from here, what was sent."""
        held = "s.held" if "held" in self._submission_columns() else "''"
        # a duplicate's first arrival: the earliest arrival of the same bytes (a file) or the
        # same Message-ID (a mail) that was not itself a duplicate, if it came before. Worked
        # out once per key (a subquery per line scanned every earlier line: minutes for a
        # province's 30,000 lines)
        sql = f"""
            WITH firsts AS (
                SELECT kind, CASE WHEN kind = 'mail' THEN mail_id ELSE sha256 END AS k,
                       MIN(no) AS no
                  FROM arrivals WHERE outcome != 'duplicate' GROUP BY 1, 2)
            SELECT a.*, s.current AS current, s.id AS sid, {held} AS held,
                   cur.no AS current_no, cur.name AS current_name,
                   first.no AS first_no, first.name AS first_name,
                   snt.kind AS reply_kind, snt.form AS reply_form, snt.period AS reply_period,
                   snt.sent_at AS reply_sent_at, snt.subject AS reply_subject,
                   p.submission_id AS picked
              FROM arrivals a
              LEFT JOIN submissions s ON s.id = a.submission_id
              LEFT JOIN submissions c ON a.submission_id IS NOT NULL AND c.form = s.form
                   AND c.unit = s.unit AND c.period = s.period AND c.current = 1
              LEFT JOIN arrivals cur ON cur.submission_id = c.id
              LEFT JOIN firsts f ON a.outcome = 'duplicate' AND f.kind = a.kind
                   AND f.k = (CASE WHEN a.kind = 'mail' THEN a.mail_id ELSE a.sha256 END)
                   AND f.no < a.no
              LEFT JOIN arrivals first ON first.no = f.no
              LEFT JOIN sent snt ON snt.id = a.reply_to
              LEFT JOIN picks p ON p.form = s.form AND p.unit = s.unit AND p.period = s.period
             ORDER BY a.no"""
        return [dict(r) for r in self.db.execute(sql)]

    def _submission_columns(self) -> set[str]:
        return {r[1] for r in self.db.execute("PRAGMA table_info(submissions)")}

    def mail_of_file(self, sha256: str) -> sqlite3.Row | None:
        """The register line of the (first) mail that brought a file."""
        return self.db.execute(
            "SELECT m.* FROM arrivals f JOIN arrivals m ON m.no = f.parent"
            " WHERE f.sha256 = ? AND m.kind = 'mail' ORDER BY f.no LIMIT 1", (sha256,)).fetchone()

    def arrival(self, no: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM arrivals WHERE no = ?", (no,)).fetchone()

    @journaled
    def forget_arrivals_of(self, hashes: Iterable[str]) -> None:
        """Drop the register lines of files to be read again (a password given for files
        refused for want of one), and of the mails that brought them: they come in again."""
        for sha in hashes:
            self.db.execute(
                "DELETE FROM arrivals WHERE no IN (SELECT parent FROM arrivals WHERE sha256 = ?"
                " AND parent IS NOT NULL) OR parent IN (SELECT parent FROM arrivals WHERE"
                " sha256 = ? AND parent IS NOT NULL) OR sha256 = ?", (sha, sha, sha))

    # ------------------------------------------------------------ the send log
    def sent_entry(self, unit: str, kind: str, form: str, period: str,
                   sha256: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT * FROM sent WHERE unit = ? AND kind = ? AND form = ? AND period = ?"
            " AND sha256 = ?", (unit, kind, form, period, sha256)).fetchone()

    @journaled
    def log_sending(self, row: SentRow) -> int:
        """Record a mail about to be sent (status 'sending'); its id. A row already there for
        the same key (a send that did not finish) is reused."""
        self.db.execute(
            "INSERT INTO sent (unit, kind, form, period, sha256, message_id, recipients,"
            " subject, files, status) VALUES (?,?,?,?,?,?,?,?,?, 'sending')"
            " ON CONFLICT (unit, kind, form, period, sha256) DO UPDATE SET"
            " message_id = excluded.message_id, recipients = excluded.recipients,"
            " subject = excluded.subject, files = excluded.files", row)
        return self.db.execute(
            "SELECT id FROM sent WHERE unit = ? AND kind = ? AND form = ? AND period = ?"
            " AND sha256 = ?", (row.unit, row.kind, row.form, row.period, row.sha256)
        ).fetchone()[0]

    @journaled
    def mark_sent(self, sent_id: int) -> None:
        self.db.execute("UPDATE sent SET status = 'sent', sent_at = ? WHERE id = ?",
                        (self.now(), sent_id))

    def mark_bounced(self, message_id: str) -> int | None:
        """A delivery report came back for this Message-ID: the sent row's id (None if not
        one of ours)."""
        row = self.db.execute("SELECT id FROM sent WHERE message_id = ?", (message_id,)
                              ).fetchone()
        if row is None:
            return None
        self.db.execute("UPDATE sent SET status = 'bounced' WHERE id = ?", (row[0],))
        return row[0]

    def sent_ids(self, message_ids: Iterable[str]) -> dict[str, int]:
        """Message-ID -> id of the mails sent from here among ``message_ids``."""
        ids = list(dict.fromkeys(message_ids))
        out: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            out.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT message_id, id FROM sent WHERE message_id IN ({marks})", chunk))
        return out

    def sent_log(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM sent ORDER BY id").fetchall()

    # ------------------------------------------------------------ mails fetched over IMAP
    def fetched_uids(self, account: str, folder: str, uidvalidity: int) -> dict[int, bool]:
        """UID -> whether the server was told, of the mails stored from this folder."""
        return {r[0]: bool(r[1]) for r in self.db.execute(
            "SELECT uid, committed FROM fetched WHERE account = ? AND folder = ?"
            " AND uidvalidity = ?", (account, folder, uidvalidity))}

    @journaled
    def add_fetched(self, rows: Iterable[FetchedRow]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO fetched (account, folder, uidvalidity, uid,"
                            " sha256) VALUES (?,?,?,?,?)", list(rows))

    @journaled
    def mark_committed(self, account: str, folder: str, uidvalidity: int,
                       uids: Iterable[int]) -> None:
        self.db.executemany(
            "UPDATE fetched SET committed = 1 WHERE account = ? AND folder = ?"
            " AND uidvalidity = ? AND uid = ?",
            [(account, folder, uidvalidity, uid) for uid in uids])

    # ------------------------------------------------------------ the secretary's picks
    def pick(self, form: str, unit: str, period: str, submission_id: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO picks VALUES (?,?,?,?,?)",
                        (form, unit, period, submission_id, self.now()))

    def unpick(self, form: str, unit: str, period: str) -> None:
        self.db.execute("DELETE FROM picks WHERE form = ? AND unit = ? AND period = ?",
                        (form, unit, period))

    def picked(self, form: str, unit: str, period: str) -> int | None:
        row = self.db.execute("SELECT submission_id FROM picks WHERE form = ? AND unit = ?"
                              " AND period = ?", (form, unit, period)).fetchone()
        return row[0] if row else None
