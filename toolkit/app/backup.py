"""`lamtheobac backup`: the whole workspace copied somewhere else, to keep or to move machines.

The copy holds the config, the roster, inbox/, archive/ (every received file and its journal),
out/ and a consistent copy of the store, taken while no ingest runs (the ingest lock is held), so
the store and its archive agree. Caches and lock files are left out (they are made again). Point
``-w`` at the copy (or unzip it first) and every command works there. Copying the folder by hand
while no command runs does the same.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.common.i18n import t
from toolkit.config.workspace import STORE_NAME, Workspace, WorkspaceError

SKIP_DIRS = {".cache", ".tmp", ".demo-staging"}


@dataclass
class BackupReport:
    target: Path
    files: int
    size: int
    counts: dict[str, int]


def backup(ws: Workspace, target: Path) -> BackupReport:
    """Copy ``ws`` to the folder ``target`` (new or empty), or into the zip file ``target``
    when it ends in .zip."""
    from toolkit.app.ingest import IngestReport, _lock_archive
    target = Path(target)
    as_zip = target.suffix.lower() == ".zip"
    root = ws.root.resolve()
    if target.resolve() == root or root in target.resolve().parents:
        raise WorkspaceError(t("err.backup_inside", target=target, path=ws.root))
    if target.exists() and (as_zip or any(target.iterdir())):
        raise WorkspaceError(t("err.backup_exists", target=target))
    lock = _lock_archive(ws, IngestReport())
    try:
        staging = target.with_name(target.name + ".dang-chep")
        if staging.exists():
            shutil.rmtree(staging) if staging.is_dir() else staging.unlink()
        staging.mkdir(parents=True)
        try:
            files, size = _copy_tree(root, staging)
            with ws.store(read_only=True) as store:
                store.copy_to(staging / STORE_NAME)
                counts = store.counts()
            files += 1
            size += (staging / STORE_NAME).stat().st_size
            _check_copy(staging)
            if as_zip:
                _zip(staging, target)
                shutil.rmtree(staging)
            else:
                if target.exists():
                    target.rmdir()
                os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        lock.release()
    return BackupReport(target, files, size, counts)


def _copy_tree(root: Path, dest: Path) -> tuple[int, int]:
    files = size = 0
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        (dest / rel).mkdir(exist_ok=True)
        for name in sorted(names):
            if name.startswith(STORE_NAME) or name.startswith(".ingest.lock") or \
                    name.startswith(".tmp-"):
                continue            # the store is copied whole, by SQLite; locks are not state
            src = Path(folder) / name
            if src.is_symlink():
                continue
            shutil.copy2(src, dest / rel / name)
            files += 1
            size += src.stat().st_size
    return files, size


def _check_copy(folder: Path) -> None:
    """The copy opens as a workspace and its store agrees with its archive."""
    copy = Workspace.open(folder)
    with copy.store(read_only=True):
        pass


def _zip(folder: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                packed = path.suffix.lower() in (".xlsx", ".xlsm", ".zip")
                z.write(path, path.relative_to(folder).as_posix(),
                        compress_type=zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED)
    os.replace(tmp, target)
