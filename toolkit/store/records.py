"""What crosses the store's boundary: the rows written to its tables as typed records, each
declared once with the INSERT that writes it (:func:`insert_sql` takes the column list from the
record's fields), and the packing of a submission's records into rows of the records table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

import orjson as _orjson

from toolkit.common.issues import Issue
from toolkit.store.cells import RowCells
from toolkit.store.extracts import EXTRACTS


def insert_sql(table: str, record: type[tuple], extra: tuple[str, ...] = (),
               verb: str = "INSERT") -> str:
    """The INSERT of ``record``'s fields (then ``extra`` columns) into ``table``."""
    columns = (*record._fields, *extra)                     # type: ignore[attr-defined]
    return (f"{verb} INTO {table} ({', '.join(columns)})"
            f" VALUES ({','.join('?' * len(columns))})")


class FileRow(NamedTuple):
    """A received file (the files table; the store adds when it was stored)."""

    sha256: str
    name: str
    size: int
    origin: str
    archived: str
    kind: str
    sender: str
    subject: str
    mail_id: str
    received_at: str | None      # ISO date-time
    status: str                  # "stored" / "rejected"


class PathRow(NamedTuple):
    """A file read from disk, by path (the paths table): unchanged, it is not read again."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


class MailRow(NamedTuple):
    """A mail taken in (the mails table)."""

    mail_id: str
    sha256: str
    sender: str
    subject: str
    mail_date: str | None        # ISO date-time
    origin: str


class ReferencePledgeRow(NamedTuple):
    """A pledged action of an earlier year, kept to compare this year's with (the
    reference_pledges table, filled by ``init --from``)."""

    year: int
    person_id: str
    unit: str
    name: str
    action: str
    goal: str
    deadline: str                # ISO date, or the text as typed
    source: str                  # the workspace it was copied from


class IssueRow(NamedTuple):
    """An issue of a file or a submission (the issues table)."""

    sha256: str
    submission_id: int | None
    code: str
    severity: str
    file: str
    sheet: str
    cell: str
    value: str
    unit: str
    person_id: str
    field: str
    args: str                    # JSON object

    @classmethod
    def of(cls, sha256: str, submission_id: int | None, i: Issue) -> IssueRow:
        return cls(sha256, submission_id, i.code, i.severity, i.file, i.sheet, i.cell, i.value,
                   i.unit, i.person_id, i.field,
                   json.dumps(dict(i.args), ensure_ascii=False, default=json_default))


class SubmissionRow(NamedTuple):
    """A new submission (the submissions table; ``current`` is worked out once it is stored)."""

    id: int
    sha256: str
    form: str
    unit: str
    period: str
    submitted_at: str | None     # ISO date-time
    n_errors: int
    n_warnings: int
    ingested_at: str
    cells: str                   # JSON: table -> field -> column letter
    held: str                    # the issue code of why it waits for the secretary ('' if not)


class RecordRow(NamedTuple):
    """A row of a submission's table (the records table). :func:`pack_records` builds them
    without the submission id, as plain tuples in the same order (``RecordRow._fields[1:]``):
    a province's 300,000 rows are made in worker processes and pickled back, which a NamedTuple
    makes several times slower; the store puts the submission id in front when it inserts them."""

    submission_id: int
    tbl: str
    row_no: int
    person_id: str
    valid: int
    data: str                    # JSON object


class ExtractRow(NamedTuple):
    """The fields scores read of a table, kept once per submission (the extracts table)."""

    submission_id: int
    tbl: str
    data: str                    # JSON list of [person id, live, *fields]
    fields: str                  # the fields' names, comma-separated


class DecisionRow(NamedTuple):
    """A leadership decision (the decisions table; ``current`` is worked out once it is in)."""

    year: int
    subject_kind: str
    subject_id: str
    level: str
    reason: str
    note: str
    decided_by: str
    decided_at: str
    sha256: str


INSERT_FILE = insert_sql("files", FileRow, ("ingested_at",), "INSERT OR IGNORE")
INSERT_PATH = insert_sql("paths", PathRow, verb="INSERT OR REPLACE")
INSERT_MAIL = insert_sql("mails", MailRow, verb="INSERT OR IGNORE")
INSERT_ISSUE = insert_sql("issues", IssueRow)
INSERT_SUBMISSION = insert_sql("submissions", SubmissionRow)
INSERT_RECORD = insert_sql("records", RecordRow)
INSERT_EXTRACT = insert_sql("extracts", ExtractRow)
INSERT_DECISION = insert_sql("decisions", DecisionRow, ("current",))
INSERT_REFERENCE_PLEDGE = insert_sql("reference_pledges", ReferencePledgeRow)


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
    held: str = ""               # held for its sender (the issue code): never current till accepted


class PackedRecords:
    """Rows ready for the records table (JSON already encoded): built in worker processes so the
    process that writes the store only inserts. ``rows``: :class:`RecordRow` without the
    submission id (filled in when stored); ``letters``: table -> the column letters its rows'
    cells come from (the submissions table's ``cells``); ``extracts``: table -> its extract."""

    __slots__ = ("packed", "letters", "extracts")

    def __init__(self, packed: list[tuple[str, int, str, int, str]],
                 letters: dict[str, dict[str, str | None]],
                 extracts: dict[str, str] | None = None):
        self.packed = packed
        self.letters = letters
        self.extracts = extracts or {}

    @property
    def rows(self) -> list[RecordRow]:
        """The rows as records (submission id 0: not stored yet)."""
        return [RecordRow(0, *row) for row in self.packed]

    def with_id(self, submission_id: int) -> list[tuple[Any, ...]]:
        """The rows as the records table takes them (:data:`INSERT_RECORD`)."""
        head = (submission_id,)
        return [head + row for row in self.packed]


def pack_records(records: dict[str, list[dict[str, Any]]], form: str = "") -> PackedRecords:
    """Records as rows of the records table. A record whose ``_cells`` are its table's
    :class:`RowCells` (as validation makes them) keeps them as its submission's letters, once;
    any other ``_cells`` are kept in the record itself. For ``form``'s tables listed in
    :data:`EXTRACTS`, the extracts table's lists: [person id, live (0/1), *the fields] per row,
    the values as the row's stored JSON holds them."""
    encode = encode_json
    rows: list[tuple[str, int, str, int, str]] = []
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
            for flag in FLAGS:
                if rec.get(flag):
                    data[flag] = rec[flag]
            valid = not rec.get("_excluded") and not rec.get("_bad")
            person = str(rec.get("person_id") or "")
            # RecordRow's fields after the submission id: tbl, row_no, person_id, valid, data
            rows.append((tbl, rec.get("_row", 0), person, int(valid), encode(data)))
            if picked is not None:
                live = "_excluded" not in data and "_empty" not in data
                picked.append([person, int(live), *map(data.get, keys)])
        if picked is not None:
            extracts[tbl] = encode(picked)
    return PackedRecords(rows, letters, extracts)


FLAGS = ("_excluded", "_empty", "_bad", "_raw")


def extract_fields(keys: Iterable[str]) -> str:
    """The extracts table's ``fields``: the names of the fields a list holds, in order."""
    return ",".join(keys)


def _fields_of(rec: dict[str, Any], names: tuple[str, ...], pick: Any) -> dict[str, Any]:
    """A record's fields (its keys not starting with "_", in its order). ``names``: the fields of
    its table in order (its cells' letters), so a record that holds exactly those besides
    ``_row``, ``_cells`` and flags is taken with one itemgetter (300,000 rows a province)."""
    extra = len(rec) - len(names) - 2
    if pick is not None and "_row" in rec and (
            extra == 0 or (extra > 0 and sum(f in rec for f in FLAGS) == extra)):
        try:
            return dict(zip(names, pick(rec)))
        except KeyError:
            pass
    return {k: v for k, v in rec.items() if k[:1] != "_"}


def json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, RowCells):
        return dict(value)
    return str(value)


# the standard library's encoder, for what orjson refuses (integers over 64 bits, non-text keys,
# lone surrogates): one instance, as json.dumps with options builds a new one per call
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=json_default)


def encode_json(data: Any) -> str:
    """A record as compact JSON text, the same text the standard library writes (dates as ISO
    text, anything else unknown as str), about six times faster: 30 rows a workbook, 10,000
    workbooks a province."""
    try:
        return _orjson.dumps(data, default=json_default).decode()
    except (TypeError, _orjson.JSONEncodeError):
        return _ENCODER.encode(data)


def loads(text: str | bytes) -> Any:
    """Stored JSON back as values, as json.loads gives them (faster with orjson, which refuses
    the NaN an older version may have written)."""
    try:
        return _orjson.loads(text)
    except _orjson.JSONDecodeError:
        return json.loads(text)


def issue_of(r: Any) -> Issue:
    """An issues-table row back as an :class:`Issue`."""
    args = json.loads(r["args"])
    return Issue(code=r["code"], severity=r["severity"], file=r["file"], sheet=r["sheet"],
                 cell=r["cell"], value=r["value"], unit=r["unit"], person_id=r["person_id"],
                 field=r["field"], args=tuple(sorted(args.items())))
