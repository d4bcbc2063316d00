"""The store knows its history: archive/ records what the store should hold (its journal), a store
that is missing, emptied or behind its archive is refused with the rebuild hint, and
`lamtheobac rebuild` makes it again from archive/ into the same state: every table that matters,
the status of every form and period, the ratings and leadership's decisions."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import drop_in_inbox, pledge_rows, workbook_variant
from toolkit.cli.main import main
from toolkit.config.workspace import Workspace
from toolkit.store.journal import JOURNAL

ROOT = Path(__file__).resolve().parents[1]
# every table the store keeps, compared row by row (ids and times included: a rebuild replays
# the batches in order, each stamped with its own time)
TABLES = ("files", "submissions", "records", "extracts", "issues", "mails", "paths", "decisions",
          "events", "meta", "arrivals", "sent", "fetched", "picks")
STATUS = [("pledge", "2024"), ("quarterly", "2024-Q1"), ("quarterly", "2024-Q2"),
          ("quarterly", "2024-Q3"), ("quarterly", "2024-Q4"), ("unit-report", "2024-Q4"),
          ("diary", "2024-Q4"), ("year-review", "2024")]


def _tables(path: Path) -> dict[str, list[str]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        return {t: [json.dumps(dict(r), sort_keys=True, ensure_ascii=False)
                    for r in db.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in TABLES}
    finally:
        db.close()


def _invoke(root: Path, *args: str):
    return CliRunner().invoke(main, [args[0], "-w", str(root), *args[1:]])


def _json(root: Path, *args: str) -> Any:
    result = _invoke(root, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _views(root: Path) -> dict[str, Any]:
    """What the secretary sees: every status, the year's ratings and decisions."""
    out: dict[str, Any] = {f"{f} {p}": _json(root, "status", "--form", f, "--period", p,
                                             "--as-of", "15/01/2025") for f, p in STATUS}
    rate = _json(root, "rate", "--date", "28/02/2025")   # after the last decisions (07/02)
    out["rate"] = {k: v for k, v in rate.items() if k != "files"}
    return out


@pytest.fixture
def demo_copy(demo_ws, tmp_path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(demo_ws.root, root, symlinks=True)
    return root


COMMANDS = [("status",), ("ingest",), ("feedback",), ("dashboard", "--period", "2024-Q2"),
            ("rate",), ("report", "--period", "2024-H1"), ("run", "--period", "2024-Q4"),
            ("templates", "--form", "quarterly", "--period", "2024-Q3"), ("accept",)]


def _all_refuse(root: Path, words: str) -> None:
    for command in COMMANDS:
        result = _invoke(root, *command)
        assert result.exit_code == 2, (command, result.output)
        assert words in result.output and "lamtheobac rebuild" in result.output, \
            (command, result.output)
        assert "Lỗi không mong muốn" not in result.output


def _pick_an_older_pledge(root: Path) -> int:
    """The secretary picks a unit's first pledge over its resubmission (`lamtheobac pick N`)."""
    ws = Workspace.open(root)
    with ws.store(read_only=True) as store:
        lines = [r for r in store.register() if r["form"] == "pledge" and r["outcome"] == "stored"]
    by_unit: dict[str, list[dict]] = {}
    for line in lines:
        by_unit.setdefault(line["unit"], []).append(line)
    first = next(ls[0] for ls in by_unit.values() if len(ls) > 1)
    result = CliRunner().invoke(main, ["pick", "-w", str(root), str(first["no"])])
    assert result.exit_code == 0, result.output
    return first["submission_id"]


def test_the_demo_store_deleted_every_command_refuses_and_rebuild_gives_it_back(demo_copy):
    store = demo_copy / "lamtheobac.sqlite"
    picked = _pick_an_older_pledge(demo_copy)
    before_tables = _tables(store)
    assert any(f'"submission_id": {picked}' in row for row in before_tables["picks"])
    before = _views(demo_copy)
    assert before["rate"]["decisions"]             # leadership decided, in the demo
    outputs = {p: p.read_bytes() for p in (demo_copy / "out").rglob("*.xlsx")}
    n_files = len(before_tables["files"])
    store.unlink()
    _all_refuse(demo_copy, "Không có kho dữ liệu")
    # the message counts what the archive received (it once said "0 tệp nhận được")
    assert f"đã ghi nhận {n_files} tệp nhận được" in _invoke(demo_copy, "status").output
    assert not store.exists()                      # nobody made a new empty one meanwhile
    assert {p: p.read_bytes() for p in (demo_copy / "out").rglob("*.xlsx")} == outputs
    result = _invoke(demo_copy, "rebuild")
    assert result.exit_code == 0, result.output
    assert "Đã dựng lại kho dữ liệu" in result.output
    assert _tables(store) == before_tables         # every table, row by row
    assert _views(demo_copy) == before             # the same status, ratings and decisions


def test_an_emptied_store_is_refused_and_rebuilt(demo_copy):
    store = demo_copy / "lamtheobac.sqlite"
    before = _tables(store)
    store.write_bytes(b"")                          # ": > lamtheobac.sqlite"
    _all_refuse(demo_copy, "Kho dữ liệu")
    assert store.read_bytes() == b""                # refused, not turned into a new store
    assert "trống" in _invoke(demo_copy, "status").output
    assert _invoke(demo_copy, "rebuild").exit_code == 0
    assert _tables(store) == before
    kept = [p for p in demo_copy.iterdir() if ".truoc-rebuild-" in p.name]
    assert [p.stat().st_size for p in kept] == [0]  # the emptied file is kept, not deleted


def test_a_store_behind_its_archive_is_refused(demo_copy):
    store = demo_copy / "lamtheobac.sqlite"
    old = demo_copy.parent / "old.sqlite"
    shutil.copy(store, old)                         # a backup, taken now
    ws = Workspace.open(demo_copy)
    unit = next(iter(ws.roster().units))
    path = drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 20, 9))
    path.write_bytes(workbook_variant(path.read_bytes(), 7))
    assert _invoke(demo_copy, "ingest").exit_code in (0, 1)
    after = _tables(store)
    shutil.copy(old, store)                         # the old backup copied over the store
    result = _invoke(demo_copy, "status")
    assert result.exit_code == 2 and "cũ hơn archive/" in result.output
    assert "lamtheobac rebuild" in result.output
    assert _invoke(demo_copy, "rebuild").exit_code == 0
    assert _tables(store) == after


def test_a_workspace_from_before_the_journal_gets_one_and_can_be_rebuilt(demo_copy):
    store = demo_copy / "lamtheobac.sqlite"
    (demo_copy / "archive" / JOURNAL).unlink()      # as an older toolkit left it
    assert _invoke(demo_copy, "status").exit_code in (0, 1)     # reading needs no journal
    assert _invoke(demo_copy, "ingest").exit_code in (0, 1)     # writing starts one from the store
    assert (demo_copy / "archive" / JOURNAL).stat().st_size > 0
    before = _tables(store)
    views = _views(demo_copy)
    store.unlink()
    assert _invoke(demo_copy, "status").exit_code == 2
    assert _invoke(demo_copy, "rebuild").exit_code == 0
    got = _tables(store)
    for table in ("files", "submissions", "records", "decisions", "mails", "paths"):
        strip = [json.loads(r) for r in got[table]]
        want = [json.loads(r) for r in before[table]]
        for rows in (strip, want):          # one batch now: times of arrival in the store differ
            for r in rows:
                r.pop("ingested_at", None)
        assert strip == want, table
    assert _views(demo_copy) == views


def test_an_archive_without_journal_nor_store_is_refused_then_rebuilt_from_its_files(ws):
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    assert _invoke(ws.root, "ingest").exit_code in (0, 1)
    ws.store_path.unlink()
    (ws.archive / JOURNAL).unlink()
    shutil.rmtree(ws.inbox)
    ws.inbox.mkdir()
    result = _invoke(ws.root, "status")
    assert result.exit_code == 2 and "archive/ đã ghi nhận 1 tệp" in result.output
    rebuilt = _invoke(ws.root, "rebuild")
    assert rebuilt.exit_code == 0 and "chưa có sổ ghi" in rebuilt.output
    status = _json(ws.root, "status")
    # stored again; when it arrived is lost with the journal (it counts from its archiving)
    [state] = [u["state"] for u in status["units"] if u["unit"] == unit]
    assert state in ("on_time", "late")
    assert (ws.archive / JOURNAL).stat().st_size > 0       # kept from now on


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_a_killed_ingest_leaves_a_journal_that_rebuilds_the_same_store(ws, tmp_path):
    """Killed while batches are written: the next ingest settles the journal (the batch the store
    never committed is abandoned) and a rebuild from it gives the store the ingest gave."""
    units = list(ws.roster().units)
    good = {u: drop_in_inbox(ws, u, pledge_rows(ws, u), dt.datetime(2024, 3, 1, 8)).read_bytes()
            for u in units}
    for p in ws.inbox.iterdir():
        p.unlink()
    for n in range(900):                           # two batches of 500 and more
        unit = units[n % len(units)]
        path = ws.inbox / f"{unit}-{n:04d}.xlsx"
        path.write_bytes(workbook_variant(good[unit], n))
        stamp = dt.datetime(2024, 3, 1, 8).timestamp() + 60 * n
        os.utime(path, (stamp, stamp))
    cmd = [sys.executable, "-m", "toolkit", "-q", "ingest", "-w", str(ws.root)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    journal = ws.archive / JOURNAL
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and b'"committed"' in journal.read_bytes():
            break                                  # the first batch is in: kill in the next
        time.sleep(0.01)
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode in (0, 1), done.stderr
    before = _tables(ws.store_path)
    assert len(before["submissions"]) == 900
    ws.store_path.unlink()
    assert _invoke(ws.root, "rebuild").exit_code == 0
    assert _tables(ws.store_path) == before


@pytest.mark.parametrize("as_zip", [False, True], ids=["folder", "zip"])
def test_backup_moves_the_workspace_to_another_machine(demo_copy, tmp_path, as_zip):
    import zipfile
    target = tmp_path / ("sao-luu.zip" if as_zip else "sao-luu")
    result = _invoke(demo_copy, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output
    moved = tmp_path / "may-moi" / "nam-2024"       # unpacked on the new machine
    if as_zip:
        with zipfile.ZipFile(target) as z:
            z.extractall(moved)
    else:
        shutil.copytree(target, moved)
    names = {p.relative_to(moved).as_posix() for p in moved.rglob("*") if p.is_file()}
    assert {"lamtheobac.toml", "roster.xlsx", "lamtheobac.sqlite", f"archive/{JOURNAL}"} <= names
    assert not [n for n in names if n.startswith(".cache") or ".ingest.lock" in n
                or n.endswith(("-wal", "-shm"))]
    assert _tables(moved / "lamtheobac.sqlite") == _tables(demo_copy / "lamtheobac.sqlite")
    assert _views(moved) == _views(demo_copy)
    # the copy is a whole workspace: it takes in new files and can rebuild its own store
    assert _invoke(moved, "ingest").exit_code in (0, 1)
    (moved / "lamtheobac.sqlite").unlink()
    assert _invoke(moved, "rebuild").exit_code == 0
    assert _views(moved) == _views(demo_copy)


def test_backup_refuses_a_target_inside_the_workspace_or_not_empty(demo_copy, tmp_path):
    inside = _invoke(demo_copy, "backup", str(demo_copy / "out" / "sao-luu"))
    assert inside.exit_code == 2 and "nằm trong chính thư mục làm việc" in inside.output
    full = tmp_path / "co-san"
    full.mkdir()
    (full / "x.txt").write_text("x")
    refused = _invoke(demo_copy, "backup", str(full))
    assert refused.exit_code == 2 and "không ghi đè" in refused.output
    assert [p.name for p in full.iterdir()] == ["x.txt"]


# ---------------------------------------------------------------- the mailbox's logs

def test_a_rebuild_keeps_what_was_sent_and_what_came_back(ws, tmp_path, clean_smtp_sink,
                                                          tls_files, monkeypatch):
    """The send log, a reply tied to what was sent and a bounce: all in the rebuilt store."""
    from tests.helpers import filled_workbook
    from tests.mail_helpers import bounce, unit_mail, wire
    from tests.test_mail_send import _attachments, _send, _smtp_ws
    from toolkit.app.ingest import ingest
    ws = _smtp_ws(ws, clean_smtp_sink, tls_files, monkeypatch)
    roster = ws.roster()
    u1, u2 = list(roster.units)[:2]
    assert _send(ws, "--form", "pledge").exit_code == 0
    sent = {m.rcpt_tos[0]: m for m in clean_smtp_sink.wait_for(len(roster.units))}
    a, b = roster.units[u1], roster.units[u2]
    name, _ = _attachments(sent[a.email].message())[0]
    filled = filled_workbook(ws, tmp_path / "f.xlsx", u1, pledge_rows(ws, u1)).read_bytes()
    reply = unit_mail(a.email, a.name, "Re: " + str(sent[a.email].message()["Subject"]),
                      dt.datetime(2024, 3, 6, 10, 0), [(name, filled)],
                      in_reply_to=sent[a.email].message()["Message-ID"])
    (ws.inbox / "tra-loi.eml").write_bytes(wire(reply))
    (ws.inbox / "bao-loi.eml").write_bytes(bounce(sent[b.email].data, b.email,
                                                  dt.datetime(2024, 3, 6, 11, 0)))
    ingest(ws)
    before = _tables(ws.store_path)
    assert {json.loads(r)["status"] for r in before["sent"]} == {"sent", "bounced"}
    ws.store_path.unlink()
    assert _invoke(ws.root, "status").exit_code == 2
    assert _invoke(ws.root, "rebuild").exit_code == 0
    assert _tables(ws.store_path) == before


def test_a_rebuild_keeps_the_fetched_mail_log(tmp_path, dovecot, imap_user, tls_files,
                                             monkeypatch):
    from tests.mail_helpers import imap_workspace, wire
    from tests.test_mail_fetch import _fetch, _pledge_mail
    monkeypatch.setenv("LAMTHEOBAC_MAIL_PASSWORD", imap_user.password)
    ws = imap_workspace(tmp_path / "ws", dovecot, imap_user, tls_files)
    when = dt.datetime(2024, 3, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    units = list(ws.roster().units)
    dovecot.append_many([(wire(_pledge_mail(ws, tmp_path, u, when + dt.timedelta(hours=i))),
                          when + dt.timedelta(hours=i)) for i, u in enumerate(units)],
                        user=imap_user.name)
    assert _fetch(ws).exit_code == 0
    before = _tables(ws.store_path)
    assert len(before["fetched"]) == len(units)
    assert all('"committed": 1' in r for r in before["fetched"])
    ws.store_path.unlink()
    assert _invoke(ws.root, "rebuild").exit_code == 0
    assert _tables(ws.store_path) == before
    # the server is not asked again for what the rebuilt store holds
    assert _fetch(ws).exit_code == 0
    assert _tables(ws.store_path) == before

