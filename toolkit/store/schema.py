"""The store's schema: its version, and the migration that brings a store from each version to
the next. A store is created by running every migration from 1; an older store runs the ones it
lacks, each in its own transaction, so it moves forward one version at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from toolkit.store.errors import StoreTooNew
from toolkit.store.register import REGISTER_SCHEMA

SCHEMA_VERSION = 11
PAGE_SIZE = 16384

# version -> the statements (separated by ";") that bring a store of the previous version to it.
# 8: decisions keep the reason and the note in their own columns (they were one text, the note
# after the first newline). 9: the incoming register, the send log, the fetched-mail log and the
# secretary's picks (toolkit.store.register).
# 10: reference_pledges: last year's pledged actions, copied by `init --from` to find pledges
# copied from the year before (the old workspace is never read again).
# 11: the store's own facts (``meta``: which batch of the archive's journal it holds) and
# submissions held for a sender the roster does not allow (``held``: the reason's issue code,
# '' when not held).
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE files (
        sha256 TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        origin TEXT NOT NULL,
        archived TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        sender TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        mail_id TEXT NOT NULL DEFAULT '',
        received_at TEXT,
        status TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES files(sha256),
        form TEXT NOT NULL,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        submitted_at TEXT,
        n_errors INTEGER NOT NULL,
        n_warnings INTEGER NOT NULL,
        current INTEGER NOT NULL DEFAULT 0,
        superseded_by INTEGER,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX submissions_key ON submissions(form, period, unit);
    CREATE TABLE records (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        tbl TEXT NOT NULL,
        row_no INTEGER NOT NULL,
        person_id TEXT NOT NULL DEFAULT '',
        valid INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX records_submission ON records(submission_id, tbl);
    CREATE TABLE issues (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        submission_id INTEGER,
        code TEXT NOT NULL,
        severity TEXT NOT NULL,
        file TEXT NOT NULL,
        sheet TEXT NOT NULL,
        cell TEXT NOT NULL,
        value TEXT NOT NULL,
        unit TEXT NOT NULL,
        person_id TEXT NOT NULL,
        field TEXT NOT NULL,
        args TEXT NOT NULL
    );
    CREATE INDEX issues_submission ON issues(submission_id);
    CREATE INDEX issues_sha ON issues(sha256);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    """,
    2: """
    CREATE TABLE mails (
        mail_id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        sender TEXT NOT NULL,
        subject TEXT NOT NULL,
        mail_date TEXT,
        origin TEXT NOT NULL
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        subject_kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        level TEXT NOT NULL,
        reason TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        current INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX decisions_key ON decisions(year, subject_kind, subject_id);
    """,
    4: """
    CREATE INDEX submissions_sha ON submissions(sha256);
    CREATE INDEX issues_person ON issues(submission_id, severity, person_id);
    """,
    5: """
    ALTER TABLE submissions ADD COLUMN cells TEXT NOT NULL DEFAULT '{}'
    """,
    6: """
    CREATE TABLE extracts (
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        tbl TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (submission_id, tbl)
    )
    """,
    7: """
    ALTER TABLE extracts ADD COLUMN fields TEXT NOT NULL DEFAULT ''
    """,
    3: """
    CREATE TABLE paths (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL
    );
    """,
    8: """
    ALTER TABLE decisions ADD COLUMN note TEXT NOT NULL DEFAULT '';
    UPDATE decisions SET reason = substr(reason, 1, instr(reason, char(10)) - 1),
                         note = substr(reason, instr(reason, char(10)) + 1)
     WHERE instr(reason, char(10)) > 0
    """,
    9: REGISTER_SCHEMA,
    10: """
    CREATE TABLE IF NOT EXISTS reference_pledges (
        year INTEGER NOT NULL,
        person_id TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        goal TEXT NOT NULL DEFAULT '',
        deadline TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS reference_pledges_year ON reference_pledges(year, person_id)
    """,
    11: """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    ALTER TABLE submissions ADD COLUMN held TEXT NOT NULL DEFAULT ''
    """,
}


def version_of(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection,
            transaction: Callable[[], AbstractContextManager[object]],
            path: Path | None = None) -> None:
    """Bring the store forward to :data:`SCHEMA_VERSION` (one transaction per version). A store
    a newer toolkit wrote is left untouched (:class:`StoreTooNew`)."""
    current = version_of(db)
    if current > SCHEMA_VERSION:
        raise StoreTooNew(path or Path(""), current, SCHEMA_VERSION)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with transaction():
            for stmt in MIGRATIONS[version].split(";"):
                if stmt.strip():
                    db.execute(stmt)
            db.execute(f"PRAGMA user_version = {version}")
