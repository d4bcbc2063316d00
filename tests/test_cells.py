"""Cell references of records: shared column letters per table, stored once per submission."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sqlite3

from tests.helpers import drop_in_inbox, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.store.cells import RowCells
from toolkit.store.db import SCHEMA_VERSION, Store, pack_records


def test_row_cells_read_like_the_dict_they_replace():
    letters = {"person_id": "A", "action": "D", "note": None}
    cells = RowCells(letters, 7)
    expected = {"person_id": "A7", "action": "D7", "note": "7:7"}
    assert dict(cells) == expected and cells == expected and expected == cells
    assert cells["action"] == "D7" and cells.get("missing", "") == ""
    assert list(cells) == ["person_id", "action", "note"] and len(cells) == 3
    again = pickle.loads(pickle.dumps(cells))
    assert again == expected and again.letters == letters


def test_stored_records_keep_letters_once_and_give_back_the_same_cells(ws):
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    rows["pledges"][1]["deadline"] = "ngày mai"          # a bad value: _raw and _bad kept
    drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 1))
    report = ingest(ws)
    assert report.count("stored") == 1
    db = sqlite3.connect(ws.store_path)
    sid, letters = db.execute("SELECT id, cells FROM submissions").fetchone()
    letters = json.loads(letters)
    assert letters["pledges"]["action"] == "D" and letters["pledges"]["person_id"] == "A"
    texts = [r[0] for r in db.execute("SELECT data FROM records WHERE submission_id = ?", (sid,))]
    assert texts and not any('"_cells"' in t for t in texts)
    db.close()
    with Store(ws.store_path) as store:
        recs = store.records(sid, "pledges")
    for rec in recs:
        n = rec["_row"]
        assert rec["_cells"]["action"] == f"D{n}" and rec["_cells"]["person_id"] == f"A{n}"
    bad = [r for r in recs if r.get("_bad")]
    assert bad and bad[0]["_raw"]["deadline"] == "ngày mai"
    # the issue of the bad value names the same cell the record gives back
    issue = next(i for i in report.files[0].issues if i.code.startswith("DATE"))
    assert issue.cell == bad[0]["_cells"]["deadline"]


def test_records_with_their_own_cells_keep_them(tmp_path):
    mixed = {"t": [{"_row": 3, "_cells": RowCells({"a": "B"}, 3), "a": 1},
                   {"_row": 4, "_cells": {"a": "Z9"}, "a": 2},          # not the table's letters
                   {"_row": 5, "_cells": RowCells({"a": "C"}, 5), "a": 3},  # other letters
                   {"_row": 6, "_cells": RowCells({"a": "B"}, 99), "a": 4}]}  # another row's
    packed = pack_records(mixed)
    kept = [json.loads(row[-1]).get("_cells") for row in packed.rows]
    assert kept == [None, {"a": "Z9"}, {"a": "C5"}, {"a": "B99"}]
    assert packed.letters == {"t": {"a": "B"}}
    with Store(tmp_path / "s.sqlite") as store, store.transaction():
        store.add_files([("x" * 64, "f.xlsx", 1, "f.xlsx", "a/x", "xlsx", "", "", "", None,
                          "stored")])
        sid = store.add_submission("x" * 64, "pledge", "DV", "2024", None, mixed, [])
        got = [r["_cells"] for r in store.records(sid, "t")]
    assert got == [{"a": "B3"}, {"a": "Z9"}, {"a": "C5"}, {"a": "B99"}]


def test_a_store_written_before_letters_reads_as_before(tmp_path):
    """Schema 4 kept ``_cells`` in every record; opening it migrates and reads them unchanged."""
    path = tmp_path / "old.sqlite"
    with Store(path) as store:
        pass
    db = sqlite3.connect(path)
    db.executescript("""
        ALTER TABLE submissions DROP COLUMN cells;
        DROP TABLE extracts;
        DROP TABLE arrivals; DROP TABLE sent; DROP TABLE fetched; DROP TABLE picks;
        ALTER TABLE decisions DROP COLUMN note;
        DROP TABLE meta;
        ALTER TABLE submissions DROP COLUMN held;
        PRAGMA user_version = 4;
        INSERT INTO files VALUES ('s', 'f.xlsx', 1, 'f.xlsx', 'a', 'xlsx', '', '', '', NULL,
                                  'stored', '2024-01-01');
        INSERT INTO submissions (id, sha256, form, unit, period, n_errors, n_warnings, current,
                                 ingested_at) VALUES (1, 's', 'pledge', 'DV', '2024', 0, 0, 1, 'x');
        INSERT INTO records VALUES (1, 'pledges', 7, 'P1', 1,
            '{"person_id":"P1","deadline":"2024-05-01","_cells":{"person_id":"A7"}}');
    """)
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        rec = store.records(1, "pledges")[0]
    assert rec["_cells"] == {"person_id": "A7"} and rec["deadline"] == dt.date(2024, 5, 1)


def _reference_rows(records):
    """pack_records' rows as the plain rule says: every key not starting with "_", then the
    true flags; cells as the submission's letters."""
    out = []
    for tbl, recs in records.items():
        for rec in recs:
            data = {k: v for k, v in rec.items() if k[:1] != "_"}
            for flag in ("_excluded", "_empty", "_bad", "_raw"):
                if rec.get(flag):
                    data[flag] = rec[flag]
            out.append((tbl, rec["_row"], json.dumps(data, ensure_ascii=False,
                                                     separators=(",", ":"), default=str)))
    return out


def test_packed_rows_are_the_records_fields_for_every_demo_workbook(demo_ws):
    """Every workbook the demo received (all forms, with its planted mistakes), read and
    validated again: the stored JSON of each row holds exactly its fields and flags."""
    from toolkit.forms import get_form
    from toolkit.read.workbook import open_workbook, read_meta, read_workbook
    from toolkit.rules.context import Context
    from toolkit.rules.engine import validate
    roster, n_rows, forms = demo_ws.roster(), 0, set()
    flagged = 0
    for path in sorted(demo_ws.archive.glob("*/*.xlsx")):
        data = path.read_bytes()
        wb = open_workbook(data)
        meta = read_meta(wb, list(wb.sheet_names))
        try:
            form = get_form((meta or {}).get("form_id", ""))
        except KeyError:
            continue
        result = read_workbook(data, form, path.name, wb=wb, meta=meta)
        outcome = validate(result, Context(config=demo_ws.config, roster=roster, file=path.name))
        packed = pack_records(outcome.records, form.id)
        got = [(row[1], row[2], row[5]) for row in packed.rows]
        want = _reference_rows(outcome.records)
        assert [(t, r, json.loads(d)) for t, r, d in got] == \
               [(t, r, json.loads(d)) for t, r, d in want], path.name
        assert [list(json.loads(d)) for _, _, d in got] == \
               [list(json.loads(d)) for _, _, d in want], path.name        # same key order
        n_rows += len(got)
        flagged += sum('"_' in d for _, _, d in got)
        forms.add(form.id)
    assert n_rows > 500 and flagged > 10 and len(forms) >= 4, (n_rows, flagged, forms)


def test_a_record_with_a_field_added_after_reading_keeps_it():
    letters = {"a": "B", "b": "C"}
    plain = {"_row": 3, "_cells": RowCells(letters, 3), "a": 1, "b": 2}
    added = {**plain, "c": 3}                        # a field its table does not have
    missing = {"_row": 4, "_cells": RowCells(letters, 4), "a": 1, "z": 9}
    flagged = {**plain, "_empty": True, "_bad": ["b"]}
    rows = pack_records({"t": [plain, added, missing, flagged]}).rows
    assert [json.loads(r[-1]) for r in rows] == [
        {"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}, {"a": 1, "z": 9},
        {"a": 1, "b": 2, "_empty": True, "_bad": ["b"]}]
