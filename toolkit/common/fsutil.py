"""Writing outputs safely: to a temporary file first, then renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from toolkit.common.i18n import t


class OutputLocked(Exception):
    """The target is open in an office suite; the old file is kept."""

    def __init__(self, path: Path):
        super().__init__(t("err.output_locked", path=path))
        self.path = path


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    When the target cannot be replaced (Windows keeps files open in Excel locked), raise
    :class:`OutputLocked` and leave the old file untouched. LibreOffice marks an open file with a
    ``.~lock.NAME#`` file beside it; that counts as locked too.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_open_elsewhere(path):
        raise OutputLocked(path)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise OutputLocked(path) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def is_open_elsewhere(path: Path) -> bool:
    lo_lock = path.with_name(f".~lock.{path.name}#")
    ms_lock = path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else None
    return lo_lock.exists() or bool(ms_lock and ms_lock.exists() and path.exists())


def safe_filename(text: str) -> str:
    """A file name part that Windows accepts, keeping Vietnamese letters."""
    bad = '<>:"/\\|?*\x00'
    cleaned = "".join("-" if c in bad or ord(c) < 32 else c for c in text).strip(" .")
    return cleaned or "_"
