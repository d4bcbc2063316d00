"""Writing outputs safely: to a temporary file first, then renamed into place."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from toolkit.common.i18n import t


class OutputRefused(Exception):
    """An output that must not be replaced now; the old file is kept (exit code 2)."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


class OutputLocked(OutputRefused):
    """The target is open in an office suite; the old file is kept."""

    def __init__(self, path: Path):
        super().__init__(t("err.output_locked", path=path), path)


class OutputReadOnly(OutputRefused):
    """The target is marked read-only (someone keeps that version); it is not replaced."""

    def __init__(self, path: Path):
        super().__init__(t("err.output_read_only", path=path), path)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    When the target cannot be replaced (Windows keeps files open in Excel locked), raise
    :class:`OutputLocked` and leave the old file untouched. LibreOffice marks an open file with a
    ``.~lock.NAME#`` file beside it, Excel with ``~$NAME``; those count as locked too. A target
    marked read-only is not replaced (:class:`OutputReadOnly`). The new file gets the permissions
    any new file of the user gets (the umask), not the private ones of a temporary file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_open_elsewhere(path):
        raise OutputLocked(path)
    if is_read_only(path):
        raise OutputReadOnly(path)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():
            os.chmod(tmp, 0o666 & ~umask())
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise OutputLocked(path) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def umask() -> int:
    """The process's umask (read without changing it where the system says it: Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def is_read_only(path: Path) -> bool:
    """An existing file marked read-only (no write permission for its owner; on Windows the
    read-only attribute)."""
    try:
        return not os.stat(path).st_mode & stat.S_IWRITE
    except OSError:
        return False


def owner_files(path: Path) -> list[Path]:
    """The names an office suite gives the file that says ``path`` is open: LibreOffice's
    ``.~lock.NAME#``, Excel's ``~$NAME`` (the full name), Word's ``~$`` over the name's first
    one or two letters (long names)."""
    name = path.name
    out = [path.with_name(f".~lock.{name}#"), path.with_name("~$" + name)]
    out += [path.with_name("~$" + name[k:]) for k in (1, 2) if len(name) > k + 1]
    return out


def is_open_elsewhere(path: Path) -> bool:
    lo_lock, *ms_locks = owner_files(path)
    return lo_lock.exists() or (path.exists() and any(p.exists() for p in ms_locks))


def safe_filename(text: str) -> str:
    """A file name part that Windows accepts, keeping Vietnamese letters."""
    bad = '<>:"/\\|?*\x00'
    cleaned = "".join("-" if c in bad or ord(c) < 32 else c for c in text).strip(" .")
    return cleaned or "_"
