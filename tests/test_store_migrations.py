"""The store's schema moves forward: a store written by the previous version opens with this one.

Schema 8 keeps a decision's reason and note in their own columns; before, they were one text (the
note after the first newline). A schema-7 store is built here with the migrations as they were
(1..7), holding joined decisions, then opened with the current code.
"""

from __future__ import annotations

import sqlite3

from toolkit.rules.decisions import Decision, add_decision, current_decisions, decision_history
from toolkit.store.db import Store
from toolkit.store.schema import MIGRATIONS, SCHEMA_VERSION


def _store_at(path, version: int) -> None:
    db = sqlite3.connect(path)
    for v in range(1, version + 1):
        for stmt in MIGRATIONS[v].split(";"):
            if stmt.strip():
                db.execute(stmt)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


def test_joined_decisions_come_apart_when_a_schema_7_store_is_opened(tmp_path):
    path = tmp_path / "old.sqlite"
    _store_at(path, 7)
    db = sqlite3.connect(path)
    assert "note" not in {r[1] for r in db.execute("PRAGMA table_info(decisions)")}
    db.executemany(
        "INSERT INTO decisions (year, subject_kind, subject_id, level, reason, decided_by,"
        " decided_at, sha256, current) VALUES (2024, ?, ?, ?, ?, 'Bí thư', ?, 'h', ?)",
        [("person", "P1", "good", "Thành tích nổi bật\nĐã lập thành tích trong quý IV",
          "2024-12-30", 1),
         ("person", "P2", "complete", "Chưa đủ tiêu chí", "2024-12-30", 1),
         ("unit", "DV1", "excellent", "Nâng mức\ndòng một\ndòng hai", "2024-12-30", 1),
         ("person", "P3", "good", "", "2024-12-29", 0),
         ("person", "P3", "complete", "Hạ mức\nnhắc nhở", "2024-12-30", 1)])
    db.commit()
    db.close()

    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        current = current_decisions(store, 2024)
        p3 = decision_history(store, 2024, "person", "P3")
        raw = {(r["subject_id"], r["decided_at"]): (r["reason"], r["note"])
               for r in store.db.execute("SELECT * FROM decisions")}
    assert (current[("person", "P1")].reason, current[("person", "P1")].note) == \
        ("Thành tích nổi bật", "Đã lập thành tích trong quý IV")
    assert (current[("person", "P2")].reason, current[("person", "P2")].note) == \
        ("Chưa đủ tiêu chí", "")
    # the note is everything after the first newline, as the joined text was read before
    assert (current[("unit", "DV1")].reason, current[("unit", "DV1")].note) == \
        ("Nâng mức", "dòng một\ndòng hai")
    assert [(d.level, d.reason, d.note) for d in p3] == \
        [("good", "", ""), ("complete", "Hạ mức", "nhắc nhở")]
    assert raw[("P1", "2024-12-30")] == ("Thành tích nổi bật", "Đã lập thành tích trong quý IV")
    assert raw[("P3", "2024-12-30")] == ("Hạ mức", "nhắc nhở")


def test_reason_and_note_are_stored_apart_and_a_repeat_adds_nothing(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        d = Decision(2024, "person", "P1", "good", "Thành tích\nnổi bật", "ghi chú", "Bí thư",
                     "2024-12-30", "h")
        with store.transaction():
            assert add_decision(store, d)
            assert not add_decision(store, d)                       # the same again: nothing
            # a different split of the same joined text is a different decision
            assert add_decision(store, Decision(2024, "person", "P1", "good", "Thành tích",
                                                "nổi bật\nghi chú", "Bí thư", "2024-12-31", "h"))
        row = store.db.execute("SELECT reason, note FROM decisions ORDER BY id").fetchone()
        got = decision_history(store, 2024, "person", "P1")
    assert tuple(row) == ("Thành tích\nnổi bật", "ghi chú")
    assert [(x.reason, x.note) for x in got] == [("Thành tích\nnổi bật", "ghi chú"),
                                                 ("Thành tích", "nổi bật\nghi chú")]
    assert got[0].decided_at == "2024-12-30"


def test_a_schema_8_store_gets_a_register_line_for_every_file_it_had(tmp_path):
    """Schema 9 adds the incoming register: the files an older store received get their lines
    (in the order they were stored), stored ones with their submission."""
    path = tmp_path / "old.sqlite"
    _store_at(path, 8)
    db = sqlite3.connect(path)
    db.executemany("INSERT INTO files VALUES (?,?,1,?,?,'xlsx',?,?,?,?,?,?)", [
        ("a" * 64, "Đăng ký.xlsx", "inbox/thu.eml", "archive/aa/a.xlsx", "dv1@x.vn", "Gửi",
         "<m1@x.vn>", "2024-03-01T08:00:00", "stored", "2024-03-02T09:00:00"),
        ("b" * 64, "hong.xlsx", "inbox/hong.xlsx", "archive/bb/b.xlsx", "", "", "",
         "2024-03-03T10:00:00", "rejected", "2024-03-04T09:00:00")])
    db.execute("INSERT INTO submissions (id, sha256, form, unit, period, submitted_at, n_errors,"
               " n_warnings, current, ingested_at) VALUES (1, ?, 'pledge', 'DV1', '2024',"
               " '2024-03-01T08:00:00', 0, 0, 1, 'x')", ("a" * 64,))
    db.commit()
    db.close()
    with Store(path) as store:
        lines = store.register()
    assert [(r["no"], r["name"], r["outcome"], r["unit"], r["submission_id"], r["date_source"])
            for r in lines] == [
        (1, "Đăng ký.xlsx", "stored", "DV1", 1, "mail-date-unchecked"),
        (2, "hong.xlsx", "rejected", "", None, "file-time")]


def test_a_schema_9_store_gains_last_years_pledges(tmp_path):
    """Schema 10: the reference_pledges table (init --from); a snapshot reads a store without
    writing it, not even its write-ahead log files."""
    from toolkit.store.records import ReferencePledgeRow
    path = tmp_path / "old.sqlite"
    _store_at(path, 9)
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        with store.transaction():
            store.add_reference_pledges([
                ReferencePledgeRow(2024, "CB2", "VP", "B", "Đọc 2 cuốn sách", "", "", "x"),
                ReferencePledgeRow(2024, "CB1", "VP", "A", "Trồng 10 cây", "Có ảnh",
                                   "2024-09-30", "x")])
        rows = store.reference_pledges(2024)
        assert [r.person_id for r in rows] == ["CB1", "CB2"] and rows[0].goal == "Có ảnh"
        assert store.reference_pledges(2023) == []
    before = path.read_bytes()
    with Store.snapshot(path) as copy:
        assert [r.action for r in copy.reference_pledges(2024)] == ["Trồng 10 cây",
                                                                     "Đọc 2 cuốn sách"]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]
