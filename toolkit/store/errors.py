"""What the store raises when it cannot be used as it is (the CLI says what to do, exit code 2)."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The store cannot be used as it is."""

    def __init__(self, path: Path, detail: str = ""):
        super().__init__(f"{path}: {detail}" if detail else str(path))
        self.path, self.detail = Path(path), detail


class StoreTooNew(StoreError):
    """The store was written by a newer version of the toolkit (its schema is ahead of ours)."""

    def __init__(self, path: Path, found: int, known: int):
        super().__init__(path, f"store schema {found} is newer than this toolkit ({known})")
        self.found, self.known = found, known
