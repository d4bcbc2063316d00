"""The store's reads: every question other modules ask of the store, by name.

Callers never write SQL: they ask :class:`~toolkit.store.db.Store` (which has these methods) for
submissions, records, issues and the few fields scores read, and get rows (``sqlite3.Row``) or
plain values back. Hot paths (:meth:`Reads.current_values`, :meth:`Reads.current_submissions`)
return what one SQLite query builds: no row is decoded in Python there.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any

from toolkit.common.issues import Issue
from toolkit.store.cells import cells_of
from toolkit.store.extracts import EXTRACTS
from toolkit.store.records import ReferencePledgeRow
from toolkit.store.records import extract_fields as _fields
from toolkit.store.records import issue_of as _issue
from toolkit.store.records import loads as _loads

# what a submission row gives its readers (its cells' letters are read with its records)
_SUBMISSION_COLUMNS = ", ".join(f"s.{c}" for c in (
    "id", "sha256", "form", "unit", "period", "submitted_at", "n_errors", "n_warnings", "current",
    "superseded_by", "ingested_at", "held"))


# when the first acceptable submission of the same unit, form and period as ``s`` reached the
# office: a unit is on time when that one was in by the deadline (a later correction never makes
# it late). Acceptable: stored, and not held for the secretary's acceptance (where the store
# holds submissions back, see Reads._acceptable).
_FIRST_AT = ("(SELECT MIN(x.submitted_at) FROM submissions x WHERE x.form = s.form"
             " AND x.unit = s.unit AND x.period = s.period{held})")


class Reads:
    """The named reads of :class:`~toolkit.store.db.Store` (a mixin: ``self.db`` is its
    connection)."""

    db: sqlite3.Connection

    def submissions(self, form: str | None = None, period: str | None = None,
                    current_only: bool = True, unit: str | None = None) -> list[sqlite3.Row]:
        sql = (f"SELECT {_SUBMISSION_COLUMNS}, f.name AS file_name, f.sender, f.subject,"
               f" f.archived, {self._first_at()} AS first_at FROM submissions s"
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

    def _acceptable(self, alias: str) -> str:
        """The SQL condition (" AND ...", or "") that leaves out submissions held for the
        secretary's acceptance, where the store has that column."""
        held = getattr(self, "_has_held", None)
        if held is None:
            held = self._has_held = "held" in {
                r[1] for r in self.db.execute("PRAGMA table_info(submissions)")}
        return f" AND {alias}.held = ''" if held else ""

    def _first_at(self) -> str:
        return _FIRST_AT.format(held=self._acceptable("x"))

    def first_submitted(self, form: str, unit: str, period: str) -> dt.datetime | None:
        """When the unit's first acceptable submission of this form and period reached the
        office (the earliest receipt time of its stored submissions): what being on time is
        judged by."""
        row = self.db.execute(
            "SELECT MIN(s.submitted_at) FROM submissions s WHERE s.form=? AND s.unit=?"
            f" AND s.period=?{self._acceptable('s')}", (form, unit, period)).fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

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
                "n_warnings", "current", "superseded_by", "ingested_at", "held")
        pairs = ", ".join(f"'{c}', s.{c}" for c in cols)
        sql = (f"SELECT json_group_array(json_object({pairs}, 'file_name', f.name,"
               " 'sender', f.sender, 'subject', f.subject, 'archived', f.archived,"
               " 'versions', v.n,"
               f" 'first_at', {self._first_at()}))"
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


    def history(self, form: str, unit: str, period: str) -> list[sqlite3.Row]:
        return self.db.execute(
            f"SELECT {_SUBMISSION_COLUMNS}, f.name AS file_name FROM submissions s"
            " JOIN files f USING (sha256)"
            " WHERE form=? AND unit=? AND period=? ORDER BY s.id", (form, unit, period)).fetchall()

    # ------------------------------------------------------------ small named questions
    def submission_sha(self, submission_id: int) -> str:
        """The sha256 of the file a stored submission came from."""
        return self.db.execute("SELECT sha256 FROM submissions WHERE id=?",
                               (submission_id,)).fetchone()[0]

    def file_name(self, sha256: str) -> str:
        """The name a received file came with."""
        return self.db.execute("SELECT name FROM files WHERE sha256=?", (sha256,)).fetchone()[0]

    def submission_source(self, submission_id: int) -> sqlite3.Row:
        """A submission with what its file says of where it came from: sha256, period,
        submitted_at, ingested_at, sender, name, received_at."""
        return self.db.execute(
            "SELECT s.sha256, s.period, s.submitted_at, s.ingested_at, f.sender, f.name,"
            " f.received_at"
            " FROM submissions s JOIN files f ON f.sha256 = s.sha256 WHERE s.id=?",
            (submission_id,)).fetchone()

    def stamp(self) -> tuple[int, int, int]:
        """Changes whenever a submission or a decision is added: (last submission id, number of
        submissions, last decision id). What in-process caches key on."""
        a = self.db.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM submissions").fetchone()
        b = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()
        return int(a[0]), int(a[1]), int(b[0])

    def forms_stamp(self, forms: Iterable[str]) -> tuple[int, int]:
        """Changes whenever a submission of one of ``forms`` is added: (its last id, how many).
        What a cache of those forms' data keys on (a rating decision does not change it)."""
        names = list(forms)
        marks = ",".join("?" * len(names))
        row = self.db.execute(f"SELECT COALESCE(MAX(id), 0), COUNT(*) FROM submissions"
                              f" WHERE form IN ({marks})", names).fetchone()
        return int(row[0]), int(row[1])

    def current_pledge_stamps(self, year: int) -> list[sqlite3.Row]:
        """(id, sha256, ingested_at) of the year's current pledge submissions, by id: what the
        year's base of registered actions is made of."""
        return self.db.execute(
            "SELECT id, sha256, ingested_at FROM submissions WHERE form = 'pledge'"
            " AND period = ? AND current = 1 ORDER BY id", (str(year),)).fetchall()

    def period_stamps(self, period: str, year: str) -> list[sqlite3.Row]:
        """(id, sha256, form, current, n_errors, n_warnings) of every submission of ``period``
        and every pledge of ``year``, by id: what a period's figures are made of."""
        return self.db.execute(
            "SELECT id, sha256, form, current, n_errors, n_warnings FROM submissions"
            " WHERE period = ? OR (form = 'pledge' AND period = ?) ORDER BY id",
            (period, year)).fetchall()

    # ------------------------------------------------------------ held submissions
    def held_submissions(self, form: str | None = None, period: str | None = None
                         ) -> list[sqlite3.Row]:
        """Submissions held for their sender, waiting for the secretary to accept them: the
        submission's columns (``held``: the code of the issue saying why) and the file's name,
        sender, subject and received_at, by unit and arrival."""
        sql = (f"SELECT {_SUBMISSION_COLUMNS}, f.name AS file_name, f.sender, f.subject,"
               " f.received_at FROM submissions s JOIN files f ON f.sha256 = s.sha256"
               " WHERE s.held != ''")
        args: list[Any] = []
        if form:
            sql += " AND s.form = ?"
            args.append(form)
        if period:
            sql += " AND s.period = ?"
            args.append(period)
        return self.db.execute(sql + " ORDER BY s.unit, s.id", args).fetchall()

    def submissions_of_file(self, sha256_prefix: str) -> list[sqlite3.Row]:
        """The submissions whose file's sha256 starts with ``sha256_prefix`` (any case)."""
        prefix = sha256_prefix.lower()
        return self.db.execute(
            f"SELECT {_SUBMISSION_COLUMNS}, f.name AS file_name, f.sender FROM submissions s"
            " JOIN files f ON f.sha256 = s.sha256 WHERE substr(s.sha256, 1, ?) = ?"
            " ORDER BY s.id", (len(prefix), prefix)).fetchall()

    # ------------------------------------------------------------ the store's own facts
    def meta(self, key: str, default: str = "") -> str:
        """A fact about the store itself (``default`` when not recorded)."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def holds_files(self) -> bool:
        """Whether any received file is recorded."""
        return self.db.execute("SELECT 1 FROM files LIMIT 1").fetchone() is not None

    def counts(self) -> dict[str, int]:
        """How many files, submissions, mails and decisions the store holds."""
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("files", "submissions", "mails", "decisions")}

    def stored_arrivals(self) -> list[sqlite3.Row]:
        """Every received file as it was stored (oldest row first), with where it was read
        from (``path_size``, ``path_mtime_ns`` of the paths table when read from disk) and its
        mail's date and origin: what a store made before the archive kept a journal knows of
        its history."""
        return self.db.execute(
            "SELECT f.*, p.size AS path_size, p.mtime_ns AS path_mtime_ns,"
            " m.mail_date AS mail_date, m.origin AS mail_origin FROM files f"
            " LEFT JOIN paths p ON p.sha256 = f.sha256 AND p.path = f.origin"
            " LEFT JOIN mails m ON m.mail_id = f.mail_id AND f.mail_id != ''"
            " ORDER BY f.rowid").fetchall()

    def path_rows(self) -> list[list[Any]]:
        """Every row of the paths table (path, size, mtime_ns, sha256), as stored."""
        return [list(r) for r in self.db.execute(
            "SELECT path, size, mtime_ns, sha256 FROM paths ORDER BY rowid")]

    # ------------------------------------------------------------ decisions
    def current_decision_rows(self, year: int) -> list[sqlite3.Row]:
        """The current decision of every subject of ``year``, in the order they were added."""
        return self.db.execute(
            "SELECT * FROM decisions WHERE year=? AND current=1 ORDER BY id", (year,)).fetchall()

    def decision_rows(self, year: int, kind: str, subject_id: str) -> list[sqlite3.Row]:
        """Every decision on one subject of ``year``, in the order they were added."""
        return self.db.execute(
            "SELECT * FROM decisions WHERE year=? AND subject_kind=? AND subject_id=? ORDER BY id",
            (year, kind, subject_id)).fetchall()

    def error_rows(self, form: str, period: str, tbl: str, sheet: str
                   ) -> list[tuple[str, dict[str, Any], str, str]]:
        """The rows of ``tbl`` in the current submissions of ``form`` and ``period`` that an
        error issue points at (on ``sheet``, by its cell's row): (person id, the row's data,
        the issue's code, the issue's field). Scores leave such rows out: checked data only."""
        found = self.db.execute(
            "SELECT r.person_id, r.data, i.code, i.field FROM issues i"
            " JOIN submissions s ON s.id = i.submission_id"
            " JOIN records r ON r.submission_id = s.id AND r.tbl = ?"
            " AND r.row_no = CAST(LTRIM(UPPER(i.cell), '$ABCDEFGHIJKLMNOPQRSTUVWXYZ') AS INTEGER)"
            " WHERE s.form = ? AND s.period = ? AND s.current = 1 AND i.severity = 'error'"
            " AND i.sheet = ? AND i.cell != ''", (tbl, form, period, sheet)).fetchall()
        return [(pid, _loads(data), code, field) for pid, data, code, field in found]

    def current_decision(self, year: int, kind: str, subject_id: str) -> sqlite3.Row | None:
        """The current decision on one subject of ``year``, if any."""
        return self.db.execute(
            "SELECT * FROM decisions WHERE year=? AND subject_kind=? AND subject_id=?"
            " AND current=1", (year, kind, subject_id)).fetchone()

    def submissions_with_issue(self, form: str, period: str, code: str) -> set[int]:
        """The current submissions of a form and period that carry an issue of ``code``."""
        where, args = _current_of(form, period, None)
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT s.id FROM submissions s JOIN issues i ON i.submission_id = s.id"
            f" AND i.code = ?{where}", [code, *args])}

    def reference_pledges(self, year: int) -> list[ReferencePledgeRow]:
        """The pledged actions of ``year`` kept for reference (see ``init --from``), by person
        and in the order they were written."""
        return [_reference_row(r) for r in self.db.execute(
            "SELECT * FROM reference_pledges WHERE year = ? ORDER BY person_id, rowid", (year,))]


def _reference_row(r: sqlite3.Row) -> ReferencePledgeRow:
    return ReferencePledgeRow(*(r[k] for k in ReferencePledgeRow._fields))


def _current_of(form: str, period: str, unit: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause (and its arguments) picking the current submissions ``s`` of a form and
    period, or of one unit of them."""
    sql = " WHERE s.form = ? AND s.period = ? AND s.current = 1"
    args: list[Any] = [form, period]
    if unit is not None:
        sql += " AND s.unit = ?"
        args.append(unit)
    return sql, args

