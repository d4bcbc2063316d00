"""Ingest and the store: archive by hash, no-op re-ingest, supersede with history, transactions."""

from __future__ import annotations

import datetime as dt
import sqlite3

from tests.helpers import drop_in_inbox, filled_workbook, mail, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.store.db import SCHEMA_VERSION


def test_archive_by_hash_and_second_ingest_is_a_noop(ws):
    unit = next(iter(ws.roster().units))
    path = drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 1))
    first = ingest(ws)
    assert first.count("stored") == 1
    sha = first.files[0].sha256
    archived = ws.archive / sha[:2] / f"{sha}.xlsx"
    assert archived.read_bytes() == path.read_bytes()
    second = ingest(ws)
    assert second.count("stored") == 0 and second.unchanged == 1   # not even read again
    (ws.inbox / "ban-sao.xlsx").write_bytes(path.read_bytes())      # same bytes, another name
    third = ingest(ws)
    assert third.count("duplicate") == 1 and third.count("stored") == 0
    db = sqlite3.connect(ws.store_path)
    assert db.execute("select count(*) from submissions").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_resubmission_supersedes_and_both_stay(ws, tmp_path):
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    rows["emulation"] = []
    drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 1))
    ingest(ws)
    rows = pledge_rows(ws, unit)
    late = drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 5))
    late.rename(late.with_name("lan-2.xlsx"))
    ingest(ws)
    store = ws.store()
    history = store.history("pledge", unit, "2024")
    current = store.submissions("pledge", "2024")
    store.close()
    assert len(history) == 2
    assert [h["current"] for h in history] == [0, 1]
    assert history[0]["superseded_by"] == history[1]["id"]
    assert current[0]["n_errors"] == 0 and history[0]["n_errors"] == 1


def test_the_last_received_is_current_whatever_date_it_claims(ws):
    """An invalid file arriving after a valid one is current even though its file time is
    earlier (arrival order, not the date a file claims); the secretary can pick the other,
    and the pick holds across re-runs until a newer file arrives."""
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 5))
    ingest(ws)
    rows = pledge_rows(ws, unit)
    rows["emulation"] = []
    old = drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 1))
    old.rename(old.with_name("cu.xlsx"))
    ingest(ws)
    with ws.store() as store:
        first, second = store.history("pledge", unit, "2024")
        assert (first["current"], second["current"]) == (0, 1)
        assert store.submissions("pledge", "2024")[0]["n_errors"] == 1
        with store.transaction():
            store.choose_current("pledge", unit, "2024", first["id"])
    ingest(ws)                                         # a re-run keeps the choice
    with ws.store() as store:
        assert [h["current"] for h in store.history("pledge", unit, "2024")] == [1, 0]
        assert store.submissions("pledge", "2024")[0]["n_errors"] == 0
    rows = pledge_rows(ws, unit)
    rows["pledges"][0]["goal"] = "Hoàn thành trước 30/6/2024"       # other bytes: a new file
    newer = drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 2))
    newer.rename(newer.with_name("moi.xlsx"))
    ingest(ws)
    with ws.store() as store:                          # a newer arrival counts again
        history = store.history("pledge", unit, "2024")
        assert [h["file_name"] for h in history if h["current"]] == ["moi.xlsx"]
        assert store.picked("pledge", unit, "2024") is None


def test_mail_attachment_uses_the_mail_date_and_the_same_mail_twice_is_a_noop(ws, tmp_path):
    roster = ws.roster()
    unit = next(iter(roster.units))
    book = filled_workbook(ws, tmp_path / "b.xlsx", unit, pledge_rows(ws, unit))
    m = mail(ws.inbox / "thu.eml", roster.units[unit].email, "Bản đăng ký việc làm theo",
             dt.datetime(2024, 3, 20, 8, 30), [("Bản đăng ký.xlsx", book.read_bytes())],
             "<abc@example.vn>")
    report = ingest(ws)
    assert report.count("stored") == 1
    assert "SUBMISSION_LATE" in {i.code for i in report.files[0].issues}
    store = ws.store()
    sub = store.submissions("pledge", "2024")[0]
    assert sub["submitted_at"].startswith("2024-03-20T08:30")
    assert sub["sender"] == roster.units[unit].email
    store.close()
    (ws.inbox / "ban-sao.eml").write_bytes(m.read_bytes())
    again = ingest(ws)
    assert again.count("stored") == 0


def test_lock_files_and_other_files_are_skipped_with_a_note(ws):
    (ws.inbox / "~$dang-ky.xlsx").write_bytes(b"\0" * 100)
    (ws.inbox / "anh.jpg").write_bytes(b"\xff\xd8\xff")
    report = ingest(ws)
    assert sorted(i.code for f in report.files for i in f.issues) == [
        "FILE_SKIPPED_LOCK", "FILE_SKIPPED_OTHER"]
    assert not report.has_problems


def test_a_broken_file_does_not_stop_the_batch(ws):
    unit = next(iter(ws.roster().units))
    (ws.inbox / "a-hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 1))
    report = ingest(ws)
    assert report.count("stored") == 1 and report.count("rejected") == 1
    assert report.has_problems


def test_a_new_store_has_large_pages_and_an_old_one_keeps_its_own(tmp_path):
    from toolkit.store.db import PAGE_SIZE, Store
    with Store(tmp_path / "new.sqlite") as store:
        assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    old = sqlite3.connect(tmp_path / "old.sqlite")
    old.execute("PRAGMA page_size = 4096")
    old.execute("CREATE TABLE t (x)")
    old.commit()
    old.close()
    with Store(tmp_path / "old.sqlite") as store:
        assert store.db.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert store.version == SCHEMA_VERSION
    with Store(tmp_path / "new.sqlite") as store:          # opened again: unchanged
        assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
