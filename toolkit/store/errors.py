"""What the store raises when it cannot be used as it is (the CLI says what to do, exit code 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The store cannot be used as it is."""

    def __init__(self, path: Path, detail: str = ""):
        super().__init__(f"{path}: {detail}" if detail else str(path))
        self.path, self.detail = Path(path), detail


class StoreNeedsUpgrade(StoreError):
    """A store of an older schema opened for reading only: it cannot be brought forward."""

    def __init__(self, path: Path, found: int, known: int):
        super().__init__(path, f"store schema {found} is older than this toolkit ({known})")
        self.found, self.known = found, known


class StoreTooNew(StoreError):
    """The store was written by a newer version of the toolkit (its schema is ahead of ours)."""

    def __init__(self, path: Path, found: int, known: int):
        super().__init__(path, f"store schema {found} is newer than this toolkit ({known})")
        self.found, self.known = found, known


# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xff)
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
FULL, READ_ONLY, CORRUPT, BUSY, CANT_OPEN, IO = "full", "read_only", "corrupt", "busy", \
    "cant_open", "io"


def sqlite_failure(exc: BaseException) -> str | None:
    """The kind of operational failure a SQLite error reports (:data:`FULL`, :data:`READ_ONLY`,
    :data:`CORRUPT`, :data:`BUSY`, :data:`CANT_OPEN`, :data:`IO`), or None (not a SQLite error,
    or a bug such as a wrong statement)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc).lower()
    if code == _FULL or "disk is full" in text:
        return FULL
    if code == _READONLY or "readonly database" in text:
        return READ_ONLY
    if code in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text or \
            "could not decode" in text:
        return CORRUPT
    if code in (_BUSY, _LOCKED) or "database is locked" in text:
        return BUSY
    if code == _CANTOPEN or "unable to open" in text:
        return CANT_OPEN
    if code == _IOERR or "disk i/o error" in text:
        return IO
    return None


class StoreMissing(StoreError):
    """The store is missing (or empty) while the archive records what it should hold."""

    def __init__(self, path: Path, files: int, batches: int, at: str, empty: bool):
        super().__init__(path, f"store {'empty' if empty else 'missing'}: the archive records "
                               f"{files} received files in {batches} batches")
        self.files, self.batches, self.at, self.empty = files, batches, at, empty


class StoreBehind(StoreError):
    """The store holds less than its archive recorded (an old copy put back, say)."""

    def __init__(self, path: Path, held: int, batches: int, at: str):
        super().__init__(path, f"store behind its archive: batch {held} of {batches}")
        self.held, self.batches, self.at = held, batches, at
