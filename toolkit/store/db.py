"""The embedded store: SQLite in the workspace, with a schema version and forward migrations.

Every received file, every submission (with its records and issues) and every leadership decision
is kept; a resubmission supersedes the earlier one (``current`` flag) but both stay. All writes run
in transactions, so a crash leaves the store as it was before the interrupted batch.

The store package is the only place that knows SQL: :mod:`toolkit.store.schema` (tables and
migrations), :mod:`toolkit.store.records` (the typed rows written), :mod:`toolkit.store.queries`
(the named reads) and this module (the connection, transactions and writes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from toolkit.common.issues import Issue
from toolkit.store.errors import StoreNeedsUpgrade, StoreTooNew
from toolkit.store.extracts import EXTRACTS
from toolkit.store.journal import META_BATCH, Journal
from toolkit.store.oplog import journaled
from toolkit.store.queries import Reads
from toolkit.store.records import (
    INSERT_DECISION,
    INSERT_EXTRACT,
    INSERT_FILE,
    INSERT_ISSUE,
    INSERT_MAIL,
    INSERT_PATH,
    INSERT_RECORD,
    INSERT_REFERENCE_PLEDGE,
    INSERT_SUBMISSION,
    DecisionRow,
    ExtractRow,
    FileRow,
    IssueRow,
    MailRow,
    NewSubmission,
    PackedRecords,
    PathRow,
    ReferencePledgeRow,
    SubmissionRow,
    encode_json,
    extract_fields,
    json_default,
    pack_records,
)
from toolkit.store.register import FetchedRow, RegisterStore, SentRow
from toolkit.store.schema import PAGE_SIZE, SCHEMA_VERSION, migrate, version_of

__all__ = ["PAGE_SIZE", "SCHEMA_VERSION", "NewSubmission", "PackedRecords", "Store",
           "pack_records"]


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


class _Clock:
    """When the store says a row was added: now, or a time fixed while a recorded history is
    replayed (:meth:`Store.as_of`)."""

    def __init__(self) -> None:
        self.fixed: str | None = None

    def __call__(self) -> str:
        return self.fixed or _now()


class Store(Reads, RegisterStore):
    def __init__(self, path: Path | str, read_only: bool = False):
        self.path = Path(path)
        self.now = _Clock()
        # the archive's journal, where every transaction that changes what the store holds is
        # recorded (None: not recorded, as in a rebuild that replays it)
        self.journal: Journal | None = None
        self._recording: list[dict[str, Any]] | None = None
        if read_only:
            if self._open_read_only():
                return
            self.db.close()       # an older schema: brought forward once (that writes)
            try:
                self._open()
            except sqlite3.OperationalError as exc:
                found = self.version_found
                raise StoreNeedsUpgrade(self.path, found, SCHEMA_VERSION) from exc
            return
        self._open()

    def _open(self) -> None:
        self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        if self.db.execute("PRAGMA page_count").fetchone()[0] == 0:
            # a new store: 16 KB pages (SQLite's default is 4 KB) take a province's 300,000
            # rows in a third less time; an existing store keeps its own
            self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        migrate(self.db, self.transaction, self.path)

    def _open_read_only(self) -> bool:
        """Open for reading only, writing nothing beside the file (a read-only folder or disk:
        SQLite then reads the file as it is). False for a store of an older schema (it must be
        brought forward first)."""
        uri = self.path.resolve().as_uri()
        try:
            self.db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                      timeout=30)
            self.db.row_factory = sqlite3.Row
            current = version_of(self.db)
        except sqlite3.OperationalError:
            # a WAL store in a folder where its -shm file cannot be made: nobody can be writing
            self.db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            current = version_of(self.db)
        if current > SCHEMA_VERSION:
            raise StoreTooNew(self.path, current, SCHEMA_VERSION)
        self.version_found = current
        return current == SCHEMA_VERSION

    @contextlib.contextmanager
    def as_of(self, at: str | None) -> Iterator[None]:
        """Stamp the rows added meanwhile with ``at`` (ISO time) instead of now: a history
        replayed keeps its times."""
        before, self.now.fixed = self.now.fixed, at
        try:
            yield
        finally:
            self.now.fixed = before

    def copy_to(self, path: Path) -> None:
        """A consistent copy of the whole store in one file at ``path`` (SQLite's online backup:
        what another connection commits meanwhile is either all in it or not at all)."""
        target = sqlite3.connect(str(path))
        try:
            self.db.backup(target)
            # one self-contained file (no -wal beside it); the store turns WAL on when opened
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return version_of(self.db)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction. With a journal, it is one batch of it: what the transaction
        records (:meth:`record`) is written to the journal, and flushed to disk, before the
        store commits, with the batch's number kept in the store; every row it adds is stamped
        with the batch's time."""
        self.db.execute("BEGIN IMMEDIATE")
        journal = self.journal if self._recording is None else None
        number = 0
        if journal is not None:
            self._recording, fixed = [], self.now.fixed
            self.now.fixed = self.now()
        try:
            if journal is not None:
                journal.settle(self)        # what a killed writer left, under the write lock
            yield self.db
            if journal is not None and self._recording:
                number = journal.next_batch(self)
                journal.write(number, self.now(), self._recording)
                self.set_meta(META_BATCH, str(number))
        except BaseException:
            self.db.execute("ROLLBACK")
            if journal is not None:
                journal.rolled_back()
            raise
        else:
            self.db.execute("COMMIT")
            if journal is not None:
                journal.committed_now(number)
        finally:
            if journal is not None:
                self._recording, self.now.fixed = None, fixed

    def apply_recorded(self, entry: dict[str, Any]) -> None:
        """Make a change the journal recorded (``{"op": name, "args": [...]}``) again, inside
        a transaction (a rebuild)."""
        name, args = entry["op"], list(entry["args"])
        if name == "log_sending":
            args = [SentRow(*args[0])]
        elif name == "add_fetched":
            args = [[FetchedRow(*row) for row in args[0]]]
        getattr(self, name)(*args)

    def record(self, entry: dict[str, Any]) -> None:
        """Add a step to the journal batch of the transaction under way (if recorded)."""
        if self._recording is not None:
            self._recording.append(entry)

    # ------------------------------------------------------------ files and mails
    def known_hashes(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT sha256 FROM files")}

    def known_mails(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT mail_id FROM mails")}

    def password_refused(self) -> dict[str, str]:
        """sha256 -> origin of the files refused only for want of the right password."""
        return {r[0]: r[1] for r in self.db.execute(
            "SELECT f.sha256, f.origin FROM files f WHERE f.status = 'rejected' AND EXISTS"
            " (SELECT 1 FROM issues i WHERE i.sha256 = f.sha256 AND i.submission_id IS NULL"
            " AND i.code IN ('FILE_ENCRYPTED', 'FILE_PASSWORD_WRONG'))")}

    @journaled
    def reopen(self, hashes: Iterable[str]) -> None:
        """Forget that these refused files were received, so that the next ingest reads them
        again (their bytes stay in the archive). Used when a password is given."""
        for sha in hashes:
            self.db.execute("DELETE FROM issues WHERE sha256 = ? AND submission_id IS NULL", (sha,))
            self.db.execute("DELETE FROM paths WHERE sha256 = ? OR path IN (SELECT origin FROM"
                            " files WHERE sha256 = ?)", (sha, sha))
            self.db.execute("DELETE FROM mails WHERE sha256 = ? OR mail_id IN (SELECT mail_id"
                            " FROM files WHERE sha256 = ? AND mail_id != '')", (sha, sha))
            self.db.execute("DELETE FROM files WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM"
                            " submissions s WHERE s.sha256 = files.sha256)", (sha,))

    def seen_paths(self) -> dict[str, tuple[int, int]]:
        """Files already read, by path: (size, mtime_ns). An unchanged file is not read again."""
        return {r[0]: (r[1], r[2])
                for r in self.db.execute("SELECT path, size, mtime_ns FROM paths")}

    def remember_path(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        self.remember_paths([PathRow(path, size, mtime_ns, sha256)])

    def remember_paths(self, rows: list[PathRow]) -> None:
        """Files read from disk: unchanged, they are not read again."""
        self.db.executemany(INSERT_PATH, rows)

    def add_mail(self, mail_id: str, sha256: str, sender: str, subject: str,
                 mail_date: dt.datetime | None, origin: str) -> None:
        self.db.execute(INSERT_MAIL, MailRow(mail_id, sha256, sender, subject,
                                             mail_date.isoformat() if mail_date else None,
                                             origin))

    def add_file(self, sha256: str, name: str, size: int, origin: str, archived: str, kind: str,
                 status: str, received_at: dt.datetime | None, sender: str = "",
                 subject: str = "", mail_id: str = "") -> None:
        self.add_files([FileRow(sha256, name, size, origin, archived, kind, sender, subject,
                                mail_id, received_at.isoformat() if received_at else None,
                                status)])

    def add_files(self, rows: list[FileRow]) -> None:
        """Received files (the store adds when they were stored)."""
        now = self.now()
        self.db.executemany(INSERT_FILE, [(*row, now) for row in rows])

    def add_issues(self, sha256: str, submission_id: int | None, issues: Iterable[Issue]) -> None:
        self._insert_issues([IssueRow.of(sha256, submission_id, i) for i in issues])

    def _insert_issues(self, rows: list[IssueRow]) -> None:
        if rows:
            self.db.executemany(INSERT_ISSUE, rows)

    def attach_issues(self, submission_id: int, sha256: str, issues: list[Issue]) -> None:
        """Add issues to a stored submission, keeping its error and warning counts right."""
        if not issues:
            return
        self.add_issues(sha256, submission_id, issues)
        self.db.execute(
            "UPDATE submissions SET n_errors = n_errors + ?, n_warnings = n_warnings + ?"
            " WHERE id = ?", (sum(i.is_error for i in issues),
                              sum(i.severity == "warning" for i in issues), submission_id))

    def drop_issues(self, submission_id: int, code: str) -> None:
        """Remove a stored submission's issues of ``code``, keeping its counts right."""
        n, severity = self.db.execute(
            "SELECT COUNT(*), MAX(severity) FROM issues WHERE submission_id=? AND code=?",
            (submission_id, code)).fetchone()
        if not n:
            return
        self.db.execute("DELETE FROM issues WHERE submission_id=? AND code=?",
                        (submission_id, code))
        if severity == "error":
            self.db.execute("UPDATE submissions SET n_errors = MAX(0, n_errors - ?) WHERE id=?",
                            (n, submission_id))
        else:
            self.db.execute("UPDATE submissions SET n_warnings = MAX(0, n_warnings - ?)"
                            " WHERE id=?", (n, submission_id))

    # ------------------------------------------------------------ submissions
    def add_submission(self, sha256: str, form: str, unit: str, period: str,
                       submitted_at: dt.datetime | None,
                       records: dict[str, list[dict[str, Any]]] | PackedRecords,
                       issues: list[Issue]) -> int:
        """Store one submission with its rows and issues; it becomes the unit's current one
        (the last received counts)."""
        return self.add_submissions([NewSubmission(sha256, form, unit, period, submitted_at,
                                                   records, issues)])[0]

    def add_submissions(self, subs: list[NewSubmission]) -> list[int]:
        """Store many submissions at once (a batch of an ingest): one statement per table for
        the whole batch. Returns their ids, in order. Call inside a transaction."""
        if not subs:
            return []
        first = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM submissions").fetchone()[0]
        now = self.now()
        ids = list(range(first, first + len(subs)))
        sub_rows: list[SubmissionRow] = []
        record_rows: list[tuple[Any, ...]] = []
        issue_rows: list[IssueRow] = []
        extract_rows: list[ExtractRow] = []
        for sid, sub in zip(ids, subs):
            issues = sub.issues
            records = sub.records
            packed = records if isinstance(records, PackedRecords) else \
                pack_records(records, sub.form)
            sub_rows.append(SubmissionRow(
                sid, sub.sha256, sub.form, sub.unit, sub.period,
                sub.submitted_at.isoformat() if sub.submitted_at else None,
                sum(1 for i in issues if i.is_error),
                sum(1 for i in issues if i.severity == "warning"), now,
                encode_json(packed.letters) if packed.letters else "{}", sub.held))
            record_rows.extend(packed.with_id(sid))
            extract_rows.extend(
                ExtractRow(sid, tbl, data, extract_fields(EXTRACTS.get((sub.form, tbl), ())))
                for tbl, data in packed.extracts.items())
            issue_rows.extend(IssueRow.of(sub.sha256, sid, i) for i in issues)
        self.db.executemany(INSERT_SUBMISSION, sub_rows)
        self.db.executemany(INSERT_RECORD, record_rows)
        if extract_rows:
            self.db.executemany(INSERT_EXTRACT, extract_rows)
        self._insert_issues(issue_rows)
        self._mark_current(ids[0], ids[-1])
        return ids

    # held submissions (a sender the roster does not allow) take no part in which is current
    _OTHER_OF_KEY = ("EXISTS (SELECT 1 FROM submissions o WHERE o.form = s.form AND o.unit = s.unit"
                     " AND o.period = s.period AND o.id != s.id AND o.held = '')")

    def _mark_current(self, first: int, last: int) -> None:
        """Current flags after submissions ``first``..``last`` were added: alone of their form,
        unit and period they simply are current; otherwise the whole history is ordered again.
        A held submission is never current."""
        shared = self.db.execute(
            "SELECT DISTINCT form, unit, period FROM submissions s WHERE s.id BETWEEN ? AND ?"
            f" AND s.held = '' AND {self._OTHER_OF_KEY}", (first, last)).fetchall()
        self.db.execute(
            "UPDATE submissions AS s SET current = 1, superseded_by = NULL WHERE s.id BETWEEN ?"
            f" AND ? AND s.held = '' AND NOT {self._OTHER_OF_KEY}", (first, last))
        for form, unit, period in shared:
            # a submission newer than the secretary's pick: the last received counts again
            self.unpick(form, unit, period)
            self._recompute_current(form, unit, period)

    def _recompute_current(self, form: str, unit: str, period: str) -> None:
        """The current submission of a unit's form and period: the one the secretary picked,
        else the last received (submissions are stored in arrival order, so the highest id;
        not the latest date a file claims). The others are superseded by it. A held one is
        neither current nor superseded: it waits for the secretary."""
        key = (form, unit, period)
        self.db.execute("UPDATE submissions SET current = 0, superseded_by = NULL"
                        " WHERE form=? AND unit=? AND period=? AND held != ''", key)
        ids = [r[0] for r in self.db.execute(
            "SELECT id FROM submissions WHERE form=? AND unit=? AND period=? AND held = ''"
            " ORDER BY id", key)]
        if not ids:
            return
        picked = self.picked(form, unit, period)
        current = picked if picked in ids else ids[-1]
        self.db.execute(
            "UPDATE submissions SET current = (id = ?), superseded_by = CASE WHEN id = ?"
            " THEN NULL ELSE ? END WHERE form=? AND unit=? AND period=? AND held = ''",
            (current, current, current, *key))

    @journaled
    def choose_current(self, form: str, unit: str, period: str,
                       submission_id: int | None) -> None:
        """The secretary's choice of current submission (None: back to the last received),
        kept across re-runs until a newer submission arrives. Call inside a transaction."""
        if submission_id is None:
            self.unpick(form, unit, period)
        else:
            self.pick(form, unit, period, submission_id)
        self._recompute_current(form, unit, period)

    def release(self, submission_id: int) -> bool:
        """A held submission accepted by the secretary: it takes its place in its unit's history
        (current if it is the latest). False if it was not held. Call inside a transaction."""
        row = self.db.execute("SELECT form, unit, period, held FROM submissions WHERE id=?",
                              (submission_id,)).fetchone()
        if row is None or not row["held"]:
            return False
        self.db.execute("UPDATE submissions SET held = '' WHERE id=?", (submission_id,))
        self._recompute_current(row["form"], row["unit"], row["period"])
        return True

    # ------------------------------------------------------------ the store's own facts
    def set_meta(self, key: str, value: str) -> None:
        """Remember a fact about the store itself. Call inside a transaction."""
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------ decisions
    def add_decision(self, row: DecisionRow) -> None:
        """Add a decision; it becomes the current one of its subject (the decision received last
        is current: a date written by hand may be wrong, and does not reorder them). Call inside
        a transaction."""
        self.db.execute(INSERT_DECISION, (*row, 0))
        key = (row.year, row.subject_kind, row.subject_id)
        latest = self.db.execute(
            "SELECT id FROM decisions WHERE year=? AND subject_kind=? AND subject_id=?"
            " ORDER BY id DESC LIMIT 1", key).fetchone()
        self.db.execute("UPDATE decisions SET current=(id=?) WHERE year=? AND subject_kind=? AND"
                        " subject_id=?", (latest["id"], *key))

    # ------------------------------------------------------------ earlier years' pledges
    def add_reference_pledges(self, rows: Iterable[ReferencePledgeRow]) -> int:
        """Keep an earlier year's pledged actions to compare with (``init --from``); the rows
        of that year copied before are replaced. Call inside a transaction."""
        rows = list(rows)
        for year in {r.year for r in rows}:
            self.db.execute("DELETE FROM reference_pledges WHERE year = ?", (year,))
        self.db.executemany(INSERT_REFERENCE_PLEDGE, rows)
        return len(rows)

    @classmethod
    @contextlib.contextmanager
    def snapshot(cls, path: Path | str) -> Iterator[Store]:
        """A store on a copy of the one at ``path``, taken through SQLite's backup from a
        read-only connection and brought to this toolkit's schema: the original (another
        year's workspace) is never written, not even migrated. The copy is deleted after."""
        import tempfile
        path = Path(path).resolve()
        # no write-ahead log beside it (the store was closed): immutable, so SQLite does not
        # even create its shared-memory file there; else read-only, the log read too
        wal = path.with_name(path.name + "-wal")
        mode = "mode=ro" if wal.exists() and wal.stat().st_size else "immutable=1"
        with tempfile.TemporaryDirectory(prefix="lamtheobac-snapshot-") as tmp:
            copy = Path(tmp) / "copy.sqlite"
            source = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True)
            target = sqlite3.connect(str(copy))
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
            store = cls(copy)
            try:
                yield store
            finally:
                store.close()

    # ------------------------------------------------------------ the event log
    def log(self, kind: str, detail: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO events (at, kind, detail) VALUES (?,?,?)",
                        (self.now(), kind, json.dumps(detail, ensure_ascii=False,
                                                  default=json_default)))

