"""Operational failures speak Vietnamese: each its own message naming the path and what to do,
exit code 2, nothing half-written, the English exception only with -v.

Real failures, not imitations: a full disk is a small tmpfs filled to the last byte, a read-only
workspace a read-only bind mount (both inside a private mount namespace, `unshare -rm`), a
permission denied a folder the user may not write (the test drops root first when it runs as
root), a damaged store bytes overwritten, a newer store a schema version from the future.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import drop_in_inbox, pledge_rows, workbook_variant
from toolkit.app.ingest import ingest
from toolkit.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("OSError", "OperationalError", "DatabaseError", "Errno", "RuntimeError",
           "Traceback", "Lỗi không mong muốn", "database", "Permission denied")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "LAMTHEOBAC_LANG": "vi"}


def _vietnamese_only(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


def _namespaces() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_mounts = pytest.mark.skipif(not _namespaces(),
                                  reason="needs a private mount namespace (unshare -rm)")


def _archive_sound(root: Path) -> None:
    """Every archived file is whole: its bytes hash to its name."""
    for p in (root / "archive").rglob("*"):
        if p.is_file() and len(p.stem) == 64 and ".tmp" not in p.parts:
            assert hashlib.sha256(p.read_bytes()).hexdigest() == p.stem, p


def _store_sound(root: Path) -> dict[str, int]:
    db = sqlite3.connect(root / "lamtheobac.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("files", "submissions", "records", "issues", "paths")}
    finally:
        db.close()


def _no_temporary_outputs(root: Path) -> None:
    assert not [p for p in (root / "out").rglob(".tmp-*")]


# ---------------------------------------------------------------- a full disk

FULL_DISK = """
import json, os, shutil, subprocess, sys
src, out, probes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
mnt = os.path.join(out, "mnt")
os.makedirs(mnt)
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt], check=True)
ws = os.path.join(mnt, "ws")
filler = os.path.join(mnt, "filler")


def fill(free_kb):
    # the disk full to the last byte, but for free_kb
    size = 0
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(bytes(4096))
                size += 4096
        except OSError:
            pass
    os.truncate(filler, max(0, size - free_kb * 1024))


results = []
for name, args, free_kb in probes:
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(src, ws, symlinks=True)
    args = [a.replace("@WS@", ws) for a in args]
    fill(free_kb)
    runs = []
    for extra in ([], ["-v"]):
        done = subprocess.run([sys.executable, "-m", "toolkit", *extra, *args, "-w", ws],
                              capture_output=True, text=True)
        runs.append([done.returncode, done.stdout, done.stderr])
    leftovers = sorted(os.path.relpath(os.path.join(d, f), ws) for d, _, fs in os.walk(ws)
                       for f in fs if ".tmp" in f or ".tmp" in d)
    os.remove(filler)
    again = subprocess.run([sys.executable, "-m", "toolkit", *args, "-w", ws],
                           capture_output=True, text=True)
    shutil.copytree(ws, os.path.join(out, name), symlinks=True)
    results.append({"name": name, "runs": runs, "again": [again.returncode, again.stderr],
                    "leftovers": leftovers})
json.dump(results, open(os.path.join(out, "results.json"), "w"))
"""


@needs_mounts
def test_a_full_disk_is_said_in_vietnamese_and_leaves_nothing_half_written(ws, tmp_path):
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    second = list(ws.roster().units)[1]
    good = drop_in_inbox(ws, second, pledge_rows(ws, second), dt.datetime(2024, 3, 2, 10))
    for k in range(30):                            # the parallel path, archive written by workers
        path = ws.inbox / f"ban-{k:02d}.xlsx"
        path.write_bytes(workbook_variant(good.read_bytes(), k))
        os.utime(path, (dt.datetime(2024, 3, 2, 10, k).timestamp(),) * 2)
    good.unlink()
    ingest(ws, [ws.inbox / f"ban-{k:02d}.xlsx" for k in range(3)])     # a store to write into
    # a file received before under another name: only the store is written (SQLite's full disk)
    shutil.copy(ws.inbox / "ban-00.xlsx", ws.inbox / "ban-00-ban-sao.xlsx")
    dup = ["ingest", "@WS@/inbox/ban-00-ban-sao.xlsx"]
    probes = [[f"ingest-dup-{kb}kb", dup, kb] for kb in (32, 40, 48, 56, 64, 80)] + [
        ["ingest-0kb", ["ingest"], 0],              # nothing fits
        ["ingest-48kb", ["ingest"], 48],            # a few files fit, then the disk is full
        ["ingest-160kb", ["ingest"], 160],
        ["dashboard-0kb", ["dashboard", "--period", "2024-Q1"], 0],
        ["dashboard-40kb", ["dashboard", "--period", "2024-Q1"], 40],    # the workbook's turn
        ["templates", ["templates"], 48],           # a workbook written, then full
    ]
    done = subprocess.run(["unshare", "-rm", sys.executable, "-c", FULL_DISK, str(ws.root),
                           str(tmp_path), json.dumps(probes)], env=_env(), capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    details = []
    for r in results:
        (code, _out, err), (code_v, _out_v, err_v) = r["runs"]
        assert r["again"][0] in (0, 1), (r["name"], r["again"][1])     # space freed: it works
        after = tmp_path / r["name"]
        _archive_sound(after)
        _store_sound(after)
        _no_temporary_outputs(after)
        assert r["leftovers"] == [], r["leftovers"]     # no temporary file left behind
        if code in (0, 1) and r["name"].startswith("ingest-dup"):
            continue                                # there was room enough for this one
        assert code == 2 and code_v == 2, (r["name"], err)
        assert "Ổ đĩa đã đầy" in err and "giải phóng chỗ trống" in err, (r["name"], err)
        assert "/ws" in err                                 # names where it could not write
        _vietnamese_only(err)
        assert "Chi tiết kỹ thuật" in err_v and any(
            x in err_v for x in ("Errno 28", "disk is full", "disk I/O error")), err_v
        details.append(err_v)
    assert len(details) >= 6
    # both kinds of the finding: the system's "No space left" and SQLite's "disk is full"
    assert any("Errno 28" in d for d in details)
    assert any("OperationalError: database or disk is full" in d for d in details), details
    last = tmp_path / "ingest-48kb"
    assert _store_sound(last)["submissions"] == 31      # every file stored once space was freed


# ---------------------------------------------------------------- permission denied

def _as_other_user() -> tuple[list[str], int | None]:
    """The command prefix that runs as an ordinary user, and that user's id (None: we are one)."""
    if os.geteuid() != 0:
        return [], None
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], 65534


def _chown_tree(root: Path, uid: int) -> None:
    for p in [root, *root.rglob("*")]:
        os.lchown(p, uid, uid)


@pytest.fixture
def shared_ws(ws):
    """``ws`` copied where another user can reach it (the pytest folder is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="lamtheobac-"))
    base.chmod(0o755)
    root = base / "ws"
    shutil.copytree(ws.root, root)
    yield root
    shutil.rmtree(base, ignore_errors=True)


def test_permission_denied_names_the_folder(shared_ws):
    prefix, uid = _as_other_user()
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop privileges")
    root = shared_ws
    home = root.parent / "home"
    home.mkdir()
    if uid is not None:
        _chown_tree(root, uid)
        _chown_tree(home, uid)
        os.chown(root / "out", 0, 0)               # out/ belongs to someone else
        (root / "out").chmod(0o755)
    else:
        (root / "out").chmod(0o555)
    try:
        for extra in ([], ["-v"]):
            done = subprocess.run([*prefix, sys.executable, "-m", "toolkit", *extra, "templates",
                                   "-w", str(root)], env={**_env(), "HOME": str(home)},
                                  capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 2, done.stderr
            assert "Không có quyền truy cập" in done.stderr
            assert str(root / "out" / "gui-don-vi") in done.stderr
            assert "Security" in done.stderr               # what to do on Windows
            if extra:
                assert "PermissionError" in done.stderr
            else:
                _vietnamese_only(done.stderr)
        assert list((root / "out").iterdir()) == []
    finally:
        (root / "out").chmod(0o755)


# ---------------------------------------------------------------- a damaged or newer store

def _invoke(ws, *args: str):
    return CliRunner().invoke(main, [*args[:1], "-w", str(ws.root), *args[1:]])


@pytest.mark.parametrize("damage", ["header", "pages"])
def test_a_damaged_store_is_said_with_the_way_back(ws, damage):
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    path = ws.store_path
    data = bytearray(path.read_bytes())
    if damage == "header":
        data[:100] = b"x" * 100
    else:                          # cut short, as by a copy that did not finish
        del data[len(data) * 3 // 5:]
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    for command in (("status",), ("ingest",), ("rate",), ("dashboard", "--period", "2024-Q1")):
        result = _invoke(ws, *command)
        assert result.exit_code == 2, (command, result.output)
        assert "bị hỏng" in result.output and str(path) in result.output, (command, result.output)
        assert "lamtheobac rebuild" in result.output
        _vietnamese_only(result.output)
    assert path.read_bytes() == before             # nothing tried to write into it


def test_a_store_from_a_newer_version_is_refused_untouched(ws):
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    from toolkit.store.db import SCHEMA_VERSION
    db = sqlite3.connect(ws.store_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = ws.store_path.read_bytes()
    for command in (("status",), ("ingest",)):
        result = _invoke(ws, *command)
        assert result.exit_code == 2, result.output
        assert "phiên bản lamtheobac mới hơn" in result.output
        assert str(ws.store_path) in result.output and "cài phiên bản" in result.output
        _vietnamese_only(result.output)
    verbose = CliRunner().invoke(main, ["-v", "status", "-w", str(ws.root)])
    assert verbose.exit_code == 2 and "StoreTooNew" in verbose.output
    assert ws.store_path.read_bytes() == before


def test_the_consolidation_script_says_the_same(ws):
    from toolkit.store.db import SCHEMA_VERSION
    unit = next(iter(ws.roster().units))
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    db = sqlite3.connect(ws.store_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    script = textwrap.dedent(f"""
        from toolkit.app.run import consolidate
        lines = []
        code = consolidate({str(ws.root)!r}, "2024-Q1", quiet=True, echo=lines.append)
        print(code)
        print("\\n".join(lines))
    """)
    done = subprocess.run([sys.executable, "-c", script], env=_env(), capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    code, *lines = done.stdout.splitlines()
    assert code == "2" and "phiên bản lamtheobac mới hơn" in "\n".join(lines)


# ---------------------------------------------------------------- a read-only workspace

READ_ONLY = """
import json, os, subprocess, sys
ws, out = sys.argv[1], sys.argv[2]
subprocess.run(["mount", "--bind", ws, ws], check=True)
subprocess.run(["mount", "-o", "remount,ro,bind", ws], check=True)
results = {}
for name, args in [("status", ["status", "--format", "json", "--as-of", "15/03/2024"]),
                   ("status-table", ["status", "--as-of", "15/03/2024"]),
                   ("ingest", ["ingest"]), ("ingest-v", ["-v", "ingest"]),
                   ("dashboard", ["dashboard", "--period", "2024-Q1"]),
                   ("templates", ["templates"])]:
    done = subprocess.run([sys.executable, "-m", "toolkit", *args, "-w", ws],
                          capture_output=True, text=True)
    results[name] = [done.returncode, done.stdout, done.stderr]
json.dump(results, open(os.path.join(out, "results.json"), "w"))
"""


@needs_mounts
def test_a_read_only_workspace_still_shows_status_and_says_why_it_cannot_write(ws, tmp_path):
    units = list(ws.roster().units)
    drop_in_inbox(ws, units[0], pledge_rows(ws, units[0]), dt.datetime(2024, 3, 2, 9))
    ingest(ws)
    drop_in_inbox(ws, units[1], pledge_rows(ws, units[1]), dt.datetime(2024, 3, 3, 9))
    before = CliRunner().invoke(main, ["status", "-w", str(ws.root), "--format", "json",
                                       "--as-of", "15/03/2024"])
    listing = sorted(str(p) for p in ws.root.rglob("*"))
    done = subprocess.run(["unshare", "-rm", sys.executable, "-c", READ_ONLY, str(ws.root),
                           str(tmp_path)], env=_env(), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    r = json.loads((tmp_path / "results.json").read_text())
    code, out, err = r["status"]
    assert code == before.exit_code, err
    assert json.loads(out) == json.loads(before.output)
    assert r["status-table"][0] == before.exit_code and "Đơn vị" in r["status-table"][1]
    for name in ("ingest", "dashboard", "templates"):
        code, _out, err = r[name]
        assert code == 2, (name, err)
        assert "chỉ cho đọc" in err and str(ws.root) in err, (name, err)
        assert "'lamtheobac status' vẫn chạy được" in err
        _vietnamese_only(err)
    assert "Chi tiết kỹ thuật" in r["ingest-v"][2]
    assert sorted(str(p) for p in ws.root.rglob("*")) == listing     # nothing written
