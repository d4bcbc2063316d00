"""The embedded store: SQLite in the workspace, with a schema version and forward migrations.

Every received file, every submission (with its records and issues) and every leadership decision
is kept; a resubmission supersedes the earlier one (``current`` flag) but both stay. All writes run
in transactions, so a crash leaves the store as it was before the interrupted batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson as _orjson

from toolkit.common.issues import Issue
from toolkit.store.cells import RowCells, cells_of
from toolkit.store.errors import StoreTooNew
from toolkit.store.extracts import EXTRACTS

SCHEMA_VERSION = 7
PAGE_SIZE = 16384

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
}


# what a submission row gives its readers (its cells' letters are read with its records)
_SUBMISSION_COLUMNS = ", ".join(f"s.{c}" for c in (
    "id", "sha256", "form", "unit", "period", "submitted_at", "n_errors", "n_warnings", "current",
    "superseded_by", "ingested_at"))


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, RowCells):
        return dict(value)
    return str(value)


class Store:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        if self.db.execute("PRAGMA page_count").fetchone()[0] == 0:
            # a new store: 16 KB pages (SQLite's default is 4 KB) take a province's 300,000
            # rows in a third less time; an existing store keeps its own
            self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ schema
    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreTooNew(self.path, current, SCHEMA_VERSION)
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for stmt in MIGRATIONS[version].split(";"):
                    if stmt.strip():
                        self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {version}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

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

    def reopen(self, hashes: Iterable[str]) -> None:
        """Forget that these refused files were received, so that the next ingest reads them
        again (their bytes stay in the archive). Used when a password is given."""
        for sha in hashes:
            self.db.execute("DELETE FROM issues WHERE sha256 = ? AND submission_id IS NULL", (sha,))
            self.db.execute("DELETE FROM paths WHERE sha256 = ?", (sha,))
            self.db.execute("DELETE FROM mails WHERE sha256 = ? OR mail_id IN (SELECT mail_id"
                            " FROM files WHERE sha256 = ? AND mail_id != '')", (sha, sha))
            self.db.execute("DELETE FROM files WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM"
                            " submissions s WHERE s.sha256 = files.sha256)", (sha,))

    def seen_paths(self) -> dict[str, tuple[int, int]]:
        """Files already read, by path: (size, mtime_ns). An unchanged file is not read again."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT path, size, mtime_ns FROM paths")}

    def remember_path(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        self.remember_paths([(path, size, mtime_ns, sha256)])

    def remember_paths(self, rows: list[tuple[str, int, int, str]]) -> None:
        """(path, size, mtime_ns, sha256) of files read: unchanged, they are not read again."""
        self.db.executemany("INSERT OR REPLACE INTO paths VALUES (?,?,?,?)", rows)

    def add_mail(self, mail_id: str, sha256: str, sender: str, subject: str,
                 mail_date: dt.datetime | None, origin: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO mails VALUES (?,?,?,?,?,?)",
                        (mail_id, sha256, sender, subject,
                         mail_date.isoformat() if mail_date else None, origin))

    def add_file(self, sha256: str, name: str, size: int, origin: str, archived: str, kind: str,
                 status: str, received_at: dt.datetime | None, sender: str = "",
                 subject: str = "", mail_id: str = "") -> None:
        self.add_files([(sha256, name, size, origin, archived, kind, sender, subject, mail_id,
                         received_at.isoformat() if received_at else None, status)])

    def add_files(self, rows: list[tuple]) -> None:
        """Received files, each as the files table's columns but the last (ingested_at)."""
        now = _now()
        self.db.executemany("INSERT OR IGNORE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                            [(*row, now) for row in rows])

    def add_issues(self, sha256: str, submission_id: int | None, issues: Iterable[Issue]) -> None:
        self._insert_issues([_issue_row(sha256, submission_id, i) for i in issues])

    def _insert_issues(self, rows: list[tuple]) -> None:
        if rows:
            self.db.executemany(
                "INSERT INTO issues (sha256, submission_id, code, severity, file, sheet, cell,"
                " value, unit, person_id, field, args) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    # ------------------------------------------------------------ submissions
    def add_submission(self, sha256: str, form: str, unit: str, period: str,
                       submitted_at: dt.datetime | None,
                       records: dict[str, list[dict[str, Any]]] | PackedRecords,
                       issues: list[Issue]) -> int:
        """Store one submission with its rows and issues; it becomes the unit's current one
        unless a later-dated submission of the same form and period exists."""
        return self.add_submissions([NewSubmission(sha256, form, unit, period, submitted_at,
                                                   records, issues)])[0]

    def add_submissions(self, subs: list[NewSubmission]) -> list[int]:
        """Store many submissions at once (a batch of an ingest): one statement per table for
        the whole batch. Returns their ids, in order. Call inside a transaction."""
        if not subs:
            return []
        first = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM submissions").fetchone()[0]
        now = _now()
        ids = list(range(first, first + len(subs)))
        sub_rows, record_rows, issue_rows = [], [], []
        extract_rows: list[tuple[int, str, str]] = []
        for sid, sub in zip(ids, subs):
            issues = sub.issues
            records = sub.records
            packed = records if isinstance(records, PackedRecords) else \
                pack_records(records, sub.form)
            sub_rows.append((sid, sub.sha256, sub.form, sub.unit, sub.period,
                             sub.submitted_at.isoformat() if sub.submitted_at else None,
                             sum(1 for i in issues if i.is_error),
                             sum(1 for i in issues if i.severity == "warning"), now,
                             _encode(packed.letters) if packed.letters else "{}"))
            for row in packed.rows:
                row[0] = sid
            record_rows.extend(packed.rows)
            extract_rows.extend((sid, tbl, data, _fields(EXTRACTS.get((sub.form, tbl), ())))
                                for tbl, data in packed.extracts.items())
            issue_rows.extend(_issue_row(sub.sha256, sid, i) for i in issues)
        self.db.executemany(
            "INSERT INTO submissions (id, sha256, form, unit, period, submitted_at, n_errors,"
            " n_warnings, ingested_at, cells) VALUES (?,?,?,?,?,?,?,?,?,?)", sub_rows)
        self.db.executemany("INSERT INTO records VALUES (?,?,?,?,?,?)", record_rows)
        if extract_rows:
            self.db.executemany("INSERT INTO extracts (submission_id, tbl, data, fields)"
                                " VALUES (?,?,?,?)", extract_rows)
        self._insert_issues(issue_rows)
        self._mark_current(ids[0], ids[-1])
        return ids

    _OTHER_OF_KEY = ("EXISTS (SELECT 1 FROM submissions o WHERE o.form = s.form AND o.unit = s.unit"
                     " AND o.period = s.period AND o.id != s.id)")

    def _mark_current(self, first: int, last: int) -> None:
        """Current flags after submissions ``first``..``last`` were added: alone of their form,
        unit and period they simply are current; otherwise the whole history is ordered again."""
        shared = self.db.execute(
            "SELECT DISTINCT form, unit, period FROM submissions s WHERE s.id BETWEEN ? AND ?"
            f" AND {self._OTHER_OF_KEY}", (first, last)).fetchall()
        self.db.execute(
            "UPDATE submissions AS s SET current = 1, superseded_by = NULL WHERE s.id BETWEEN ?"
            f" AND ? AND NOT {self._OTHER_OF_KEY}", (first, last))
        for form, unit, period in shared:
            self._recompute_current(form, unit, period)

    def _recompute_current(self, form: str, unit: str, period: str) -> None:
        subs = self.db.execute(
            "SELECT id FROM submissions WHERE form=? AND unit=? AND period=?"
            " ORDER BY COALESCE(submitted_at, ''), id", (form, unit, period)).fetchall()
        ids = [r[0] for r in subs]
        for i, sid in enumerate(ids):
            nxt = ids[i + 1] if i + 1 < len(ids) else None
            self.db.execute("UPDATE submissions SET current=?, superseded_by=? WHERE id=?",
                            (int(nxt is None), nxt, sid))

    def submissions(self, form: str | None = None, period: str | None = None,
                    current_only: bool = True, unit: str | None = None) -> list[sqlite3.Row]:
        sql = (f"SELECT {_SUBMISSION_COLUMNS}, f.name AS file_name, f.sender, f.subject,"
               " f.archived FROM submissions s"
               " JOIN files f ON f.sha256 = s.sha256 WHERE 1=1")
        args: list[Any] = []
        if form:
            sql += " AND s.form=?"
            args.append(form)
        if period:
            sql += " AND s.period=?"
            args.append(period)
        if unit is not None:
            sql += " AND s.unit=?"
            args.append(unit)
        if current_only:
            sql += " AND s.current=1"
        return self.db.execute(sql + " ORDER BY s.unit, s.id", args).fetchall()

    def records(self, submission_id: int, tbl: str | None = None) -> list[dict[str, Any]]:
        """Rows of a submission as stored; date fields come back as ``datetime.date``."""
        sql = "SELECT tbl, row_no, valid, data FROM records WHERE submission_id=?"
        args: list[Any] = [submission_id]
        if tbl:
            sql += " AND tbl=?"
            args.append(tbl)
        dates, letters = self._layout(submission_id)
        out = []
        for r in self.db.execute(sql + " ORDER BY rowid", args):
            data = _loads(r["data"])
            if "_cells" not in data:
                data["_cells"] = cells_of(letters.get(r["tbl"]), r["row_no"])
            for key in dates.get(r["tbl"], ()):
                value = data.get(key)
                if isinstance(value, str) and key not in data.get("_raw", {}):
                    try:
                        data[key] = dt.date.fromisoformat(value[:10])
                    except ValueError:
                        pass
            data["_row"], data["_table"], data["_valid"] = r["row_no"], r["tbl"], bool(r["valid"])
            out.append(data)
        return out

    def _layout(self, submission_id: int
                     ) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str | None]]]:
        """Of a submission: table -> its date fields, and table -> its cells' column letters."""
        from toolkit.forms import get_form
        from toolkit.forms.spec import DATE
        row = self.db.execute("SELECT form, cells FROM submissions WHERE id=?",
                              (submission_id,)).fetchone()
        letters = _loads(row["cells"]) if row else {}
        try:
            form = get_form(row["form"]) if row else None
        except KeyError:
            form = None
        if form is None:
            return {}, letters
        return ({t.key: tuple(f.key for f in t.fields if f.kind == DATE) for t in form.tables},
                letters)

    def current_records(self, form: str, period: str, tbl: str) -> list[dict[str, Any]]:
        """Records of the current submission of every unit, with the unit code added."""
        out = []
        for sub in self.submissions(form, period):
            for rec in self.records(sub["id"], tbl):
                rec["_unit"] = sub["unit"]
                rec["_submission"] = sub["id"]
                out.append(rec)
        return out

    def filled_people(self, form: str, period: str, tbl: str,
                      key: str | None) -> dict[int, dict[str, int]]:
        """For every current submission: person id -> number of filled rows of ``tbl`` (rows that
        hold ``key``, or any input when ``key`` is None). One query for all units."""
        sql = ("SELECT r.submission_id, r.person_id, COUNT(*) FROM records r"
               " JOIN submissions s ON s.id = r.submission_id"
               " WHERE s.form = ? AND s.period = ? AND s.current = 1 AND r.tbl = ?"
               " AND r.person_id != '' AND json_extract(r.data, '$._excluded') IS NULL"
               " AND json_extract(r.data, '$._empty') IS NULL")
        args: list[Any] = [form, period, tbl]
        if key:
            sql += " AND json_extract(r.data, ?) IS NOT NULL"
            args.append(f"$.{key}")
        out: dict[int, dict[str, int]] = {}
        for sid, pid, n in self.db.execute(sql + " GROUP BY 1, 2", args):
            out.setdefault(sid, {})[pid] = n
        return out

    def people_with_errors(self, form: str, period: str) -> dict[int, set[str]]:
        out: dict[int, set[str]] = {}
        for sid, pid in self.db.execute(
                "SELECT i.submission_id, i.person_id FROM issues i"
                " JOIN submissions s ON s.id = i.submission_id"
                " WHERE s.form = ? AND s.period = ? AND s.current = 1 AND i.severity = 'error'"
                " AND i.person_id != ''", (form, period)):
            out.setdefault(sid, set()).add(pid)
        return out

    def current_values(self, form: str, period: str, tbl: str, keys: Iterable[str],
                       unit: str | None = None, live: bool = False) -> list[list[Any]]:
        """A few fields of every row of ``tbl`` in the current submissions of ``form`` and
        ``period`` (or of one unit), in store order (by unit, then as stored): lists
        [submission id, person_id column, *values of ``keys``], each value what ``json.loads``
        of the row gives (None when absent; dates as stored, ISO text). ``live``: without the
        rows marked ``_excluded`` or ``_empty``. One query returning one JSON document: SQLite
        picks out the fields, no row is decoded in Python, and Python's lock is free while
        SQLite works (another thread can run)."""
        keys = list(keys)
        kept = self._extracted(form, period, tbl, keys, unit, live)
        if kept is not None:
            return kept
        if sqlite3.sqlite_version_info < (3, 38, 0):    # no "->" (nor built-in JSON) yet
            return self._current_values_decoded(form, period, tbl, keys, unit, live)
        fields = "".join(", r.data -> ?" for _ in keys)
        where, args = _current_of(form, period, unit)
        sql = (f"SELECT json_group_array(json_array(s.unit, s.id, r.rowid, r.person_id{fields}))"
               " FROM submissions s JOIN records r ON r.submission_id = s.id AND r.tbl = ?"
               + where)
        args = [f"$.{k}" for k in keys] + [tbl] + args
        if live:
            sql += " AND r.data -> '$._excluded' IS NULL AND r.data -> '$._empty' IS NULL"
        rows = _loads(self.db.execute(sql, args).fetchone()[0])
        prev: list[Any] = []
        for row in rows:                    # in store order? (SQLite does not promise it)
            if row[:3] < prev:
                rows.sort(key=lambda row: row[:3])
                break
            prev = row[:3]
        for row in rows:
            del row[0], row[1]
        return rows

    def _extracted(self, form: str, period: str, tbl: str, keys: list[str], unit: str | None,
                   live: bool) -> list[list[Any]] | None:
        """:meth:`current_values` from the extracts table, when every current submission has
        its list and it holds ``keys``; else None."""
        kept = EXTRACTS.get((form, tbl))
        if kept is None or not set(keys) <= set(kept):
            return None
        where, args = _current_of(form, period, unit)
        found = self.db.execute(
            "SELECT s.id, e.data, e.fields FROM submissions s LEFT JOIN extracts e"
            " ON e.submission_id = s.id AND e.tbl = ?" + where + " ORDER BY s.unit, s.id",
            [tbl] + args).fetchall()
        # none kept (stored before extracts were), or kept with other fields: read the rows
        fields = _fields(kept)
        if any(data is None or held != fields for _, data, held in found):
            return None
        out: list[list[Any]] = []
        add = out.append
        if tuple(keys) == kept:      # the lists as kept: [person, live, ...] -> [sid, person, ...]
            for sid, data, _ in found:
                for row in _loads(data):
                    if live and not row[1]:
                        continue
                    row[1] = row[0]
                    row[0] = sid
                    add(row)
            return out
        at = [kept.index(k) + 2 for k in keys]
        for sid, data, _ in found:
            for row in _loads(data):
                if live and not row[1]:
                    continue
                add([sid, row[0], *[row[i] for i in at]])
        return out

    def _current_values_decoded(self, form: str, period: str, tbl: str, keys: list[str],
                                unit: str | None, live: bool) -> list[list[Any]]:
        """:meth:`current_values` for SQLite before 3.38: every row decoded here (slower)."""
        where, args = _current_of(form, period, unit)
        sql = ("SELECT s.id, r.person_id, r.data FROM submissions s JOIN records r"
               " ON r.submission_id = s.id AND r.tbl = ?" + where)
        out = []
        for sid, pid, text in self.db.execute(sql + " ORDER BY s.unit, s.id, r.rowid",
                                              [tbl] + args):
            data = _loads(text)
            if live and ("_excluded" in data or "_empty" in data):
                continue
            values = []
            for key in keys:
                value: Any = data
                for part in key.split("."):
                    value = value.get(part) if isinstance(value, dict) else None
                values.append(value)
            out.append([sid, pid, *values])
        return out

    def current_submissions(self, form: str, period: str) -> list[dict[str, Any]]:
        """:meth:`submissions` (current ones) as dicts, with ``versions``: how many times the
        unit sent this form for this period. One query returning one JSON document."""
        if sqlite3.sqlite_version_info < (3, 38, 0):    # JSON functions may be missing
            counts = {r[0]: r[1] for r in self.db.execute(
                "SELECT s.unit, COUNT(*) FROM submissions s JOIN files f USING (sha256)"
                " WHERE s.form = ? AND s.period = ? GROUP BY s.unit", (form, period))}
            return [{**dict(sub), "versions": counts.get(sub["unit"], 0)}
                    for sub in self.submissions(form, period)]
        cols = ("id", "sha256", "form", "unit", "period", "submitted_at", "n_errors",
                "n_warnings", "current", "superseded_by", "ingested_at")
        pairs = ", ".join(f"'{c}', s.{c}" for c in cols)
        sql = (f"SELECT json_group_array(json_object({pairs}, 'file_name', f.name,"
               " 'sender', f.sender, 'subject', f.subject, 'archived', f.archived,"
               " 'versions', v.n))"
               " FROM submissions s JOIN files f ON f.sha256 = s.sha256"
               " JOIN (SELECT x.unit, COUNT(*) AS n FROM submissions x JOIN files g"
               " ON g.sha256 = x.sha256 WHERE x.form = ? AND x.period = ? GROUP BY x.unit) v"
               " ON v.unit = s.unit"
               " WHERE s.form = ? AND s.period = ? AND s.current = 1")
        subs = _loads(self.db.execute(sql, (form, period, form, period)).fetchone()[0])
        subs.sort(key=lambda sub: (sub["unit"], sub["id"]))
        return subs

    def issues_of(self, submission_ids: Iterable[int]) -> list[Issue]:
        """The issues of these submissions, in the order given, each one's by id."""
        ids = list(submission_ids)
        found: dict[int, list[Issue]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT * FROM issues WHERE submission_id IN ({marks}) ORDER BY id", chunk)
            for r in rows:
                found.setdefault(r["submission_id"], []).append(_issue(r))
        return [i for sid in ids for i in found.get(sid, ())]

    def issues(self, submission_id: int | None = None, sha256: str | None = None) -> list[Issue]:
        if submission_id is not None:
            rows = self.db.execute("SELECT * FROM issues WHERE submission_id=? ORDER BY id",
                                   (submission_id,))
        elif sha256 is not None:
            rows = self.db.execute("SELECT * FROM issues WHERE sha256=? ORDER BY id", (sha256,))
        else:
            rows = self.db.execute("SELECT * FROM issues ORDER BY id")
        return [_issue(r) for r in rows]

    def file_issues_without_submission(self) -> list[tuple[sqlite3.Row, list[Issue]]]:
        """Files that never became a submission (unreadable, not our template...)."""
        files = self.db.execute(
            "SELECT * FROM files f WHERE NOT EXISTS (SELECT 1 FROM submissions s"
            " WHERE s.sha256=f.sha256) ORDER BY f.ingested_at, f.name").fetchall()
        return [(f, self.issues(sha256=f["sha256"])) for f in files]

    def files(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM files ORDER BY ingested_at, name").fetchall()

    def log(self, kind: str, detail: dict[str, Any]) -> None:
        self.db.execute("INSERT INTO events (at, kind, detail) VALUES (?,?,?)",
                        (_now(), kind, json.dumps(detail, ensure_ascii=False,
                                                  default=_json_default)))

    def history(self, form: str, unit: str, period: str) -> list[sqlite3.Row]:
        return self.db.execute(
            f"SELECT {_SUBMISSION_COLUMNS}, f.name AS file_name FROM submissions s"
            " JOIN files f USING (sha256)"
            " WHERE form=? AND unit=? AND period=? ORDER BY s.id", (form, unit, period)).fetchall()


def _issue_row(sha256: str, submission_id: int | None, i: Issue) -> tuple:
    return (sha256, submission_id, i.code, i.severity, i.file, i.sheet, i.cell, i.value, i.unit,
            i.person_id, i.field, json.dumps(dict(i.args), ensure_ascii=False,
                                             default=_json_default))


@dataclass
class NewSubmission:
    """A submission to store: what :meth:`Store.add_submissions` takes."""

    sha256: str
    form: str
    unit: str
    period: str
    submitted_at: dt.datetime | None
    records: dict[str, list[dict[str, Any]]] | PackedRecords
    issues: list[Issue]


class PackedRecords:
    """Rows ready for the records table (JSON already encoded): built in worker processes so the
    process that writes the store only inserts. Each row is a list whose first item, the
    submission id, is filled in when it is stored; ``letters``: table -> the column letters its
    rows' cells come from (the submissions table's ``cells``)."""

    __slots__ = ("rows", "letters", "extracts")

    def __init__(self, rows: list[list[Any]], letters: dict[str, dict[str, str | None]],
                 extracts: dict[str, str] | None = None):
        self.rows = rows
        self.letters = letters
        self.extracts = extracts or {}


def pack_records(records: dict[str, list[dict[str, Any]]], form: str = "") -> PackedRecords:
    """Records as rows of the records table. A record whose ``_cells`` are its table's
    :class:`RowCells` (as validation makes them) keeps them as its submission's letters, once;
    any other ``_cells`` are kept in the record itself. For ``form``'s tables listed in
    :data:`EXTRACTS`, the extracts table's lists: [person id, live (0/1), *the fields] per row,
    the values as the row's stored JSON holds them."""
    encode = _encode
    rows: list[list[Any]] = []
    letters: dict[str, dict[str, str | None]] = {}
    extracts: dict[str, str] = {}
    for (of_form, table) in EXTRACTS if form else ():
        if of_form == form and table not in records:
            extracts[table] = "[]"              # a table without rows still has its list
    for tbl, recs in records.items():
        shared = None
        names: tuple[str, ...] = ()
        pick: Any = None
        keys = EXTRACTS.get((form, tbl)) if form else None
        picked: list[list[Any]] | None = [] if keys else None
        for rec in recs:
            cells = rec.get("_cells", {})
            if cells.__class__ is RowCells and cells.row == rec.get("_row", 0) and (
                    shared is None or cells.letters is shared):
                if shared is None:
                    shared = letters[tbl] = cells.letters
                    names = tuple(shared)
                    pick = itemgetter(*names) if len(names) > 1 else None
                data = _fields_of(rec, names, pick)
            else:
                data = {k: v for k, v in rec.items() if k[:1] != "_"}
                data["_cells"] = dict(cells)
            for flag in _FLAGS:
                if rec.get(flag):
                    data[flag] = rec[flag]
            valid = not rec.get("_excluded") and not rec.get("_bad")
            person = str(rec.get("person_id") or "")
            rows.append([0, tbl, rec.get("_row", 0), person, int(valid), encode(data)])
            if picked is not None:
                live = "_excluded" not in data and "_empty" not in data
                picked.append([person, int(live), *map(data.get, keys)])
        if picked is not None:
            extracts[tbl] = encode(picked)
    return PackedRecords(rows, letters, extracts)


_FLAGS = ("_excluded", "_empty", "_bad", "_raw")


def _current_of(form: str, period: str, unit: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause (and its arguments) picking the current submissions ``s`` of a form and
    period, or of one unit of them."""
    sql = " WHERE s.form = ? AND s.period = ? AND s.current = 1"
    args: list[Any] = [form, period]
    if unit is not None:
        sql += " AND s.unit = ?"
        args.append(unit)
    return sql, args


def _fields(keys: Iterable[str]) -> str:
    """The extracts table's ``fields``: the names of the fields a list holds, in order."""
    return ",".join(keys)


def _fields_of(rec: dict[str, Any], names: tuple[str, ...], pick: Any) -> dict[str, Any]:
    """A record's fields (its keys not starting with "_", in its order). ``names``: the fields of
    its table in order (its cells' letters), so a record that holds exactly those besides
    ``_row``, ``_cells`` and flags is taken with one itemgetter (300,000 rows a province)."""
    extra = len(rec) - len(names) - 2
    if pick is not None and "_row" in rec and (
            extra == 0 or (extra > 0 and sum(f in rec for f in _FLAGS) == extra)):
        try:
            return dict(zip(names, pick(rec)))
        except KeyError:
            pass
    return {k: v for k, v in rec.items() if k[:1] != "_"}
# the standard library's encoder, for what orjson refuses (integers over 64 bits, non-text keys,
# lone surrogates): one instance, as json.dumps with options builds a new one per call
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _encode(data: dict[str, Any]) -> str:
    """A record as compact JSON text, the same text the standard library writes (dates as ISO
    text, anything else unknown as str), about six times faster: 30 rows a workbook, 10,000
    workbooks a province."""
    try:
        return _orjson.dumps(data, default=_json_default).decode()
    except (TypeError, _orjson.JSONEncodeError):
        return _ENCODER.encode(data)


def _loads(text: str | bytes) -> Any:
    """Stored JSON back as values, as json.loads gives them (faster with orjson, which refuses
    the NaN an older version may have written)."""
    try:
        return _orjson.loads(text)
    except _orjson.JSONDecodeError:
        return json.loads(text)


def _row_of(cell: str) -> int:
    digits = "".join(ch for ch in cell if ch.isdigit())
    return int(digits) if digits else 0


def _issue(r: sqlite3.Row) -> Issue:
    args = json.loads(r["args"])
    return Issue(code=r["code"], severity=r["severity"], file=r["file"], sheet=r["sheet"],
                 cell=r["cell"], value=r["value"], unit=r["unit"], person_id=r["person_id"],
                 field=r["field"], args=tuple(sorted(args.items())))
