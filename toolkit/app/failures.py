"""Operational failures in words the secretary can act on.

A full disk, a folder without write permission, a read-only workspace, a damaged store, a store
written by a newer version, a file open in an office suite: each becomes its own message naming
the path and what to do (exit code 2). The technical exception (English, from the operating
system or SQLite) is shown only with ``-v``. Writes are atomic (outputs renamed into place, store
changes in transactions), so when one of these stops a command nothing is left half-written.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from toolkit.common.fsutil import OutputRefused
from toolkit.common.i18n import t
from toolkit.config.errors import WorkspaceError
from toolkit.config.workspace import STORE_NAME
from toolkit.store import errors as store_errors
from toolkit.store.errors import (
    StoreBehind,
    StoreError,
    StoreMissing,
    StoreNeedsUpgrade,
    StoreTooNew,
)

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG)
_DENIED = (errno.EACCES, errno.EPERM)


def explain(exc: BaseException, root: Path | None = None) -> str | None:
    """The message for ``exc`` when it is an operational failure (else None: a bug, shown as
    unexpected). ``root``: the workspace, for failures that name no file. A library that wraps
    the system's error in its own (xlsxwriter's FileCreateError) is seen through."""
    seen: set[int] = set()
    at: BaseException | None = exc
    while at is not None and id(at) not in seen:
        seen.add(id(at))
        message = _explain(at, root)
        if message is not None:
            return message
        at = at.__cause__ or at.__context__
    return None


def _explain(exc: BaseException, root: Path | None) -> str | None:
    if isinstance(exc, (WorkspaceError, OutputRefused)):
        return str(exc)
    store = (Path(root) if root is not None else Path(".")) / STORE_NAME
    where = Path(root) if root is not None else Path(".")
    if isinstance(exc, StoreTooNew):
        return t("fail.store_newer", path=exc.path, found=exc.found, known=exc.known)
    if isinstance(exc, StoreMissing):
        return t("fail.store_empty" if exc.empty else "fail.store_missing", path=exc.path,
                 files=exc.files, batches=exc.batches, at=_clock(exc.at))
    if isinstance(exc, StoreBehind):
        return t("fail.store_behind", path=exc.path, held=exc.held, batches=exc.batches,
                 at=_clock(exc.at))
    if isinstance(exc, StoreNeedsUpgrade):
        return t("fail.store_upgrade", path=exc.path)
    if isinstance(exc, StoreError):
        return t("fail.store_corrupt", path=exc.path)
    kind = store_errors.sqlite_failure(exc)
    if kind is not None:
        return _sqlite(kind, store, where)
    if isinstance(exc, OSError):
        return _os(exc, where)
    return None


def _sqlite(kind: str, store: Path, root: Path) -> str:
    if kind == store_errors.FULL:
        return t("fail.disk_full", path=store)
    if kind in (store_errors.READ_ONLY, store_errors.CANT_OPEN, store_errors.IO) and \
            _read_only_fs(root):      # SQLite cannot open its -shm beside a read-only store
        return t("fail.read_only", path=root)
    if kind == store_errors.READ_ONLY:
        return t("fail.denied", path=store)
    if kind == store_errors.CORRUPT:
        return t("fail.store_corrupt", path=store)
    if kind == store_errors.BUSY:
        return t("fail.store_busy", path=store)
    if _disk_full(root):      # SQLite says "I/O error" when its shared memory cannot grow
        return t("fail.disk_full", path=store)
    return t("fail.cannot_open" if kind == store_errors.CANT_OPEN else "fail.io", path=store)


def _os(exc: OSError, root: Path) -> str:
    path = exc.filename if exc.filename is not None else root
    if exc.errno in _FULL:
        return t("fail.disk_full", path=path)
    if exc.errno == errno.EROFS:
        return t("fail.read_only", path=root)
    if exc.errno in _DENIED or isinstance(exc, PermissionError):
        return t("fail.read_only", path=root) if _read_only_fs(root) else \
            t("fail.denied", path=path)
    if exc.errno == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return t("fail.missing", path=path)
    return t("fail.disk_full" if _disk_full(root) else "fail.io", path=path)


def _read_only_fs(path: Path) -> bool:
    """Whether ``path`` lies on a file system mounted read-only (where the system says)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):      # no statvfs on Windows
        return False


def _disk_full(path: Path, margin: int = 256 * 1024) -> bool:
    """Whether the disk holding ``path`` has (next to) no room left."""
    try:
        return shutil.disk_usage(path).free < margin
    except OSError:
        return False


def _clock(iso: str) -> str:
    """dd/mm/yyyy hh:mm of an ISO time ('?' when there is none)."""
    import datetime as dt
    try:
        return f"{dt.datetime.fromisoformat(iso):%d/%m/%Y %H:%M}"
    except (TypeError, ValueError):
        return iso or "?"
