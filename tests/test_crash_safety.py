"""Crash safety: `lamtheobac ingest` killed with SIGKILL (a power cut, a closed laptop) at several
moments leaves a sound store, and running it again ends exactly where an uninterrupted run ends.

The kill times are fractions of a measured uninterrupted run, so some kills land before the store
exists, some while workers archive and read, some around the commit; the checks hold for all.
Every process of the run (the command and its worker processes) is killed at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import filled_workbook, mail, pledge_rows, workbook_variant
from toolkit.config.roster import write_roster
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster
from toolkit.store.journal import JOURNAL

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")

ROOT = Path(__file__).resolve().parents[1]
N_PER_UNIT = 20
GOAL = "Đạt 100% chỉ tiêu, báo cáo hằng quý"


def _variant(data: bytes, n: int) -> bytes:
    return workbook_variant(data, n, GOAL)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose inbox holds ~65 files: 60 pledge workbooks (20 versions per unit, so
    later ones supersede earlier ones), a few broken files and two mails."""
    base = tmp_path_factory.mktemp("crash")
    w = init_workspace(base / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=3,
                                                       min_people=5, max_people=6))
    ws = Workspace.open(w.root)
    start = dt.datetime(2024, 3, 1, 8, 0)
    n = 0
    for unit in ws.roster().units:
        good = filled_workbook(ws, base / f"{unit}.xlsx", unit, pledge_rows(ws, unit)).read_bytes()
        for k in range(N_PER_UNIT):
            path = ws.inbox / f"{unit}-ban-{k:02d}.xlsx"
            path.write_bytes(_variant(good, k) if k else good)
            when = (start + dt.timedelta(minutes=n)).timestamp()
            os.utime(path, (when, when))
            n += 1
    (ws.inbox / "rong.xlsx").write_bytes(b"")
    (ws.inbox / "hong.xlsx").write_bytes(good[:5000])
    (ws.inbox / "trang-web.xlsx").write_bytes(b"<html><body><table></table></body></html>")
    roster = ws.roster()
    unit = next(iter(roster.units))
    mail(ws.inbox / "thu-co-tep.eml", roster.units[unit].email, "Bản đăng ký (gửi lại)",
         dt.datetime(2024, 3, 5, 10, 0), [("Bản đăng ký.xlsx", _variant(good, 99))],
         "<gui-lai@example.vn>")
    mail(ws.inbox / "thu-khong-tep.eml", roster.units[unit].email, "Bản đăng ký",
         dt.datetime(2024, 3, 5, 11, 0), [], "<khong-tep@example.vn>")
    return ws.root


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, copy_function=shutil.copy2)   # keeps modification times
    return target


def _command(root: Path) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-q", "ingest", "-w", str(root), "--format", "json"]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _run(root: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(_command(root), cwd=ROOT, env=_env(), capture_output=True,
                          timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return done


def _kill_after(root: Path, seconds: float) -> None:
    """Start the ingest and SIGKILL it, workers included, after ``seconds``."""
    proc = subprocess.Popen(_command(root), cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def _integrity(root: Path) -> str:
    path = root / "lamtheobac.sqlite"
    if not path.exists():
        return "ok"                      # killed before the store was created
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def _state(root: Path) -> dict[str, Any]:
    """Everything the store and the archive hold, by content: no ids, no ingest timestamps,
    paths relative to the workspace."""
    prefix = str(root)

    def rel(v: Any) -> Any:
        return v.replace(prefix, "<ws>") if isinstance(v, str) else v

    db = sqlite3.connect(root / "lamtheobac.sqlite")
    db.row_factory = sqlite3.Row
    try:
        sha_of = {r["id"]: r["sha256"] for r in db.execute("SELECT id, sha256 FROM submissions")}

        def rows(sql: str, drop: tuple[str, ...] = (), ids: tuple[str, ...] = ()) -> list:
            out = []
            for r in db.execute(sql):
                d = {k: rel(r[k]) for k in r.keys() if k not in drop}  # noqa: SIM118
                for k in ids:                      # submission ids -> the file's hash
                    d[k] = sha_of.get(d[k]) if d[k] is not None else None
                out.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
            return sorted(out)

        state = {
            "files": rows("SELECT * FROM files", drop=("ingested_at",)),
            "submissions": rows("SELECT * FROM submissions", drop=("ingested_at",),
                                ids=("id", "superseded_by")),
            "records": rows("SELECT * FROM records", ids=("submission_id",)),
            "issues": rows("SELECT * FROM issues", drop=("id",), ids=("submission_id",)),
            "mails": rows("SELECT * FROM mails"),
            "paths": rows("SELECT * FROM paths"),
            "decisions": rows("SELECT * FROM decisions", drop=("id",)),
            "version": db.execute("PRAGMA user_version").fetchone()[0],
        }
    finally:
        db.close()
    archive = root / "archive"
    state["archive"] = sorted(str(p.relative_to(archive)) for p in archive.rglob("*")
                              if p.is_file() and not p.name.startswith(".ingest"))
    return state


def test_killed_ingest_recovers_to_the_same_state(batch: Path, tmp_path: Path) -> None:
    reference = _copy(batch, tmp_path / "reference")
    started = time.perf_counter()
    _run(reference)
    full = time.perf_counter() - started
    expected = _state(reference)
    assert len(expected["submissions"]) == 3 * N_PER_UNIT + 1
    assert sum('"current": 1' in s for s in expected["submissions"]) == 3
    assert expected["files"] and expected["issues"] and expected["mails"]

    landed = []
    plans = [[f] for f in (0.15, 0.35, 0.55, 0.75, 0.95)] + [[0.3, 0.6]]
    for i, fractions in enumerate(plans):
        root = _copy(batch, tmp_path / f"killed-{i}")
        for fraction in fractions:                     # one kill, or two in a row
            _kill_after(root, fraction * full)
            assert _integrity(root) == "ok", (fractions, fraction)
            store = root / "lamtheobac.sqlite"
            landed.append((fraction, store.exists(),
                           sum(1 for p in (root / "archive").rglob("*.xlsx"))))
        _run(root)
        assert _integrity(root) == "ok"
        got = _state(root)
        for key in expected:
            assert got[key] == expected[key], (fractions, key, landed)
        leftovers = [p for p in (root / "archive").rglob("*") if p.is_file()
                     and any(part.startswith(".tmp") for part in p.parts)]
        assert leftovers == [], leftovers
    print("kills (fraction of the run, store existed, archived files):", landed)


def test_temporary_files_of_a_killed_ingest_are_cleared(batch: Path, tmp_path: Path) -> None:
    """A kill while a file is being archived leaves a half-written temporary file; the next run
    removes it and the archive holds only whole files named by their hash."""
    import hashlib
    root = _copy(batch, tmp_path / "ws")
    junk = root / "archive" / ".tmp" / "12345-deadbeef.xlsx"
    junk.parent.mkdir(parents=True)
    junk.write_bytes(b"PK\x03\x04 half")
    _run(root)
    assert not junk.exists()
    for p in (root / "archive").rglob("*"):
        if p.is_file() and not p.name.startswith(".ingest") and p.name != JOURNAL:
            assert hashlib.sha256(p.read_bytes()).hexdigest() == p.stem, p


def test_a_store_killed_before_its_journal_started_is_not_taken_for_a_lost_one(
        batch: Path, tmp_path: Path) -> None:
    """The window the kills above found (1 run in ~10 on a busy machine): a run killed after it
    created the store but before it started the archive's journal, then a run killed after it
    archived files but before the store committed them. The third run saw an empty store, no
    journal and files in archive/ (what a lost store of an old workspace looks like) and
    refused with the rebuild hint. Now the journal starts first, and a new store found
    without one starts it."""
    from toolkit.store.db import Store
    from toolkit.store.journal import Journal
    root = _copy(batch, tmp_path / "ws")
    ws = Workspace.open(root)
    Store(ws.store_path).close()                 # killed here: a store, no journal yet
    assert not Journal(ws.archive).kept
    ws.store().close()                           # the next run opens it for writing
    assert Journal(ws.archive).kept
    # killed after archiving, before the store committed: files in archive/, none stored
    good = next(p for p in sorted(ws.inbox.glob("*.xlsx")) if p.stat().st_size > 10_000)
    copy = ws.archive / "ab" / ("ab" + "0" * 62 + ".xlsx")
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(good.read_bytes())
    ws.store().close()                           # not refused: nothing was ever committed
    done = _run(root)
    assert done.returncode in (0, 1)
    with sqlite3.connect(ws.store_path) as db:
        assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 3 * N_PER_UNIT + 1
