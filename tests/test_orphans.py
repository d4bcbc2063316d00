"""No orphans: the ingest's worker processes die with it, and a lock left behind by processes whose
owner is gone is taken over (with a line saying so) instead of keeping every later ingest out.

The ingest runs as its own process on the parallel path (hundreds of files, two workers); the test
waits until the workers exist, kills the main process alone (SIGKILL or SIGTERM, as a closed
window or `kill` does), and checks that no worker survives and that the next ingest at once goes
through and stores everything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.helpers import filled_workbook, pledge_rows, workbook_variant
from toolkit.config.roster import write_roster
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"),
                                reason="finds the workers through /proc")

ROOT = Path(__file__).resolve().parents[1]
N_FILES = 600


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("orphans")
    w = init_workspace(base / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=3,
                                                       min_people=5, max_people=6))
    ws = Workspace.open(w.root)
    units = list(ws.roster().units)
    good = {u: filled_workbook(ws, base / f"{u}.xlsx", u, pledge_rows(ws, u)).read_bytes()
            for u in units}
    start = dt.datetime(2024, 3, 1, 8, 0).timestamp()
    for n in range(N_FILES):
        unit = units[n % len(units)]
        path = ws.inbox / f"{unit}-ban-{n:04d}.xlsx"
        path.write_bytes(workbook_variant(good[unit], n))
        os.utime(path, (start + 60 * n, start + 60 * n))
    return ws.root


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _ingest_cmd(root: Path) -> list[str]:
    return [sys.executable, "-m", "toolkit", "-q", "ingest", "-w", str(root), "--format", "json"]


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting for a parent to reap it)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2:][:1] not in (b"Z", b"X")


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat[stat.rfind(b")") + 2:].split()[1]) == pid:
            out.append(int(entry))
    return out


def _start_and_kill(cmd: list[str], sig: int) -> list[int]:
    """Start ``cmd``; once its two workers run, send ``sig`` to the main process alone. Returns
    the workers' ids."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.005)
        assert len(workers) >= 2, "the ingest never started its workers"
        time.sleep(0.1)                  # the workers are reading files now
        proc.send_signal(sig)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return workers


def _survivors(workers: list[int], wait: float = 3.0) -> list[int]:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        left = [pid for pid in workers if _alive(pid)]
        if not left:
            return []
        time.sleep(0.05)
    return [pid for pid in workers if _alive(pid)]


def _reap(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _ingest_now(root: Path) -> dict:
    done = subprocess.run(_ingest_cmd(root), cwd=ROOT, env=_env(), capture_output=True,
                          timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return json.loads(done.stdout)


def _stored(root: Path) -> int:
    from toolkit.store.db import Store
    with Store(root / "lamtheobac.sqlite") as store:
        return len(store.submissions(current_only=False))


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "kill-TERM"])
def test_workers_die_with_the_ingest_and_the_next_ingest_goes_through(batch, tmp_path, sig):
    root = shutil.copytree(batch, tmp_path / "ws", copy_function=shutil.copy2)
    workers = _start_and_kill(_ingest_cmd(root), sig)
    left = _survivors(workers)
    _reap(left)
    assert left == [], f"workers outlived the ingest: {left}"
    report = _ingest_now(root)                     # at once: no "another ingest is running"
    assert _stored(root) == N_FILES
    assert report["notes"] == []                   # the lock went with its owner


def test_without_a_death_signal_the_workers_see_the_lifeline_close(batch, tmp_path):
    """Where the system has no parent-death signal (macOS, BSD), the workers watch a pipe."""
    root = shutil.copytree(batch, tmp_path / "ws", copy_function=shutil.copy2)
    script = textwrap.dedent(f"""
        import sys
        import toolkit.app.ingest as ingest
        ingest._die_with_parent = lambda: False
        from toolkit.cli.main import main
        sys.argv = {_ingest_cmd(root)[2:]!r}
        main()
    """)
    workers = _start_and_kill([sys.executable, "-c", script], signal.SIGKILL)
    left = _survivors(workers)
    _reap(left)
    assert left == [], f"workers outlived the ingest: {left}"
    _ingest_now(root)
    assert _stored(root) == N_FILES


HOLDER = """
import os, sys, time
from toolkit.common.lockfile import FileLock
lock = FileLock(sys.argv[1]).acquire()
child = os.fork()
if child == 0:          # inherits the locked file, as a forked worker does, and outlives us
    time.sleep(120)
    os._exit(0)
print(child, flush=True)
time.sleep(120)
"""


def test_a_lock_left_by_dead_processes_is_taken_over_with_a_line(batch, tmp_path):
    root = shutil.copytree(batch, tmp_path / "ws", copy_function=shutil.copy2)
    lock = root / "archive" / ".ingest.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock)], cwd=ROOT, env=_env(),
                              stdout=subprocess.PIPE, text=True)
    leftover = int(holder.stdout.readline())
    try:
        holder.kill()                             # the owner dies; its child keeps the lock
        holder.wait()
        assert _alive(leftover)
        done = subprocess.run(_ingest_cmd(root)[:-2], cwd=ROOT, env=_env(), capture_output=True,
                              text=True, timeout=300, check=False)
        assert done.returncode in (0, 1), done.stderr
        assert f"tiến trình {holder.pid}" in done.stdout and "đã tiếp quản khoá" in done.stdout
        assert _stored(root) == N_FILES
        # the next one finds a clean lock: no line
        again = subprocess.run(_ingest_cmd(root), cwd=ROOT, env=_env(), capture_output=True,
                               timeout=300, check=False)
        assert again.returncode in (0, 1) and json.loads(again.stdout)["notes"] == []
    finally:
        _reap([leftover])


def test_a_running_ingest_is_not_taken_over(tmp_path):
    from toolkit.common.lockfile import Busy, FileLock
    path = tmp_path / ".ingest.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom toolkit.common.lockfile import FileLock\n"
         "lock = FileLock(sys.argv[1]).acquire()\nprint('ok', flush=True)\ntime.sleep(120)",
         str(path)],
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(Busy) as busy:
            FileLock(path).acquire()
        assert busy.value.owner is not None and busy.value.owner.pid == holder.pid
        assert busy.value.owner.alive() is True
    finally:
        holder.kill()
        holder.wait()
    with FileLock(path) as lock:        # its owner ended: the operating system released it
        assert lock.took_over is None


def test_an_owner_on_another_host_is_never_judged_stale(tmp_path):
    from toolkit.common.lockfile import Owner
    me = Owner.me()
    other = Owner(me.pid + 10**6, "", "may-khac", me.since)
    assert other.alive() is None
    gone = Owner(me.pid + 10**6 if me.pid < 10**6 else 1, "x:1", me.host, me.since)
    assert gone.alive() is False
    reused = Owner(os.getppid(), "not-its-start", me.host, me.since)     # that id, another start
    assert reused.alive() is False
