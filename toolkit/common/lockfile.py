"""One writer at a time: an advisory lock on a file that the operating system releases when the
process ends, however it ends.

The lock file records its owner (process id, the process's start time, the host and when the
lock was taken). When the lock is held but its recorded owner is gone (processes it left behind
still hold it: forked children inherit the lock with the file), the lock is stale: the next
writer takes it over (:attr:`FileLock.took_over` says from whom) instead of waiting forever. An
owner on another host, or one whose liveness cannot be told, is never judged stale.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(frozen=True)
class Owner:
    """Who holds a lock: enough to tell later whether that process still runs."""

    pid: int
    started: str        # the process's start as the system counts it ("" when unknown)
    host: str
    since: str          # when the lock was taken, ISO local time

    @classmethod
    def me(cls) -> Owner:
        return cls(os.getpid(), process_start(os.getpid()) or "", socket.gethostname(),
                   dt.datetime.now().replace(microsecond=0).isoformat())

    @classmethod
    def parse(cls, text: bytes) -> Owner | None:
        try:
            d = json.loads(text.decode("utf-8"))
            return cls(int(d["pid"]), str(d["started"]), str(d["host"]), str(d["since"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def dump(self) -> bytes:
        return json.dumps(asdict(self)).encode("utf-8")

    def alive(self) -> bool | None:
        """Whether the owner still runs: None when this host cannot tell (another host, or a
        system where a process cannot be looked up safely)."""
        if self.host != socket.gethostname() or os.name == "nt":
            return None
        if self.pid == os.getpid():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass                    # it exists, under another user
        except OSError:
            return None
        if self.started:
            now = process_start(self.pid)
            if now is not None:
                return now == self.started    # another process now has that id
        return True


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque text (boot id and clock ticks since boot on
    Linux), or None where the system does not say."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2:].split()
    try:
        ticks = fields[19].decode()
    except IndexError:
        return None
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            boot = f.read().strip()
    except OSError:
        boot = ""
    return f"{boot}:{ticks}"


class Busy(Exception):
    """Another process holds the lock (``owner``: who, when the lock file says)."""

    def __init__(self, path: Path, owner: Owner | None = None):
        super().__init__(str(path))
        self.path, self.owner = path, owner


class FileLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh: BinaryIO | None = None
        self.took_over: Owner | None = None     # the stale owner this lock was taken from

    @property
    def fileno(self) -> int | None:
        """The descriptor holding the lock (a forked child should close its copy)."""
        return self._fh.fileno() if self._fh is not None else None

    def acquire(self, take_over_stale: bool = True) -> FileLock:
        """Take the lock now or raise :class:`Busy` (never waits). A lock whose recorded owner
        is no longer running is taken over when ``take_over_stale``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        owner: Owner | None = None
        for _ in range(5):
            fh = open(self.path, "a+b", buffering=0)
            if not _try_lock(fh):
                owner = _read_owner(fh)
                fh.close()
                if not take_over_stale or owner is None or owner.alive() is not False:
                    raise Busy(self.path, owner)
                if self._take_over(owner):
                    return self
                continue
            _write_owner(fh)
            if not _names(self.path, fh):      # replaced while we took it: try again
                _unlock(fh)
                fh.close()
                continue
            self._fh = fh
            return self
        raise Busy(self.path, owner)

    def _take_over(self, stale: Owner) -> bool:
        """Replace a lock file held only by what a dead owner left behind with a new one, locked
        by us. One taker at a time (a second, short-lived lock beside it)."""
        guard = FileLock(self.path.with_name(self.path.name + ".takeover"))
        try:
            guard.acquire(take_over_stale=False)
        except Busy:
            raise Busy(self.path, stale) from None
        fh: BinaryIO | None = None
        try:
            fresh = self.path.with_name(self.path.name + ".new")
            fh = open(fresh, "w+b", buffering=0)
            if not _try_lock(fh):
                return False
            _write_owner(fh)
            # a writer that took the old file a moment ago has recorded itself by now (it
            # records itself right after taking the lock, then checks the path still names it)
            time.sleep(0.05)
            with open(self.path, "rb") as f:
                if Owner.parse(f.read()) != stale:
                    return False                # someone else changed it meanwhile
            os.replace(fresh, self.path)
            self._fh, self.took_over, fh = fh, stale, None
            return True
        except FileNotFoundError:
            return False
        finally:
            if fh is not None:
                _unlock(fh)
                fh.close()
            guard.release()

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            fh.seek(0)
            fh.truncate()       # no owner recorded once released
        except OSError:
            pass
        try:
            _unlock(fh)
        finally:
            try:
                fh.close()
            except OSError:
                pass

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _try_lock(fh: BinaryIO) -> bool:
    try:
        if os.name == "nt":
            import msvcrt
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: BinaryIO) -> None:
    try:
        if os.name == "nt":
            import msvcrt
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


def _names(path: Path, fh: BinaryIO) -> bool:
    """Whether ``path`` still names the file open as ``fh``."""
    if os.name == "nt":
        return True
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fh.fileno())
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _read_owner(fh: BinaryIO) -> Owner | None:
    try:
        fh.seek(0)
        return Owner.parse(fh.read(4096))
    except OSError:
        return None


def _write_owner(fh: BinaryIO) -> None:
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(Owner.me().dump())
    except OSError:
        pass            # the lock holds all the same; only the record of its owner is missing
