"""One writer at a time: an advisory lock on a file that the operating system releases when the
process ends, however it ends (a killed ingest never leaves a stale lock behind)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO


class Busy(Exception):
    """Another process holds the lock."""


class FileLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh: IO[bytes] | None = None

    def acquire(self) -> FileLock:
        """Take the lock now or raise :class:`Busy` (never waits)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")
        try:
            if os.name == "nt":
                import msvcrt
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise Busy(str(self.path)) from None
        self._fh = fh
        return self

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
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
        finally:
            fh.close()

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
