"""The per-process cache of zip parts byte-identical to a part already inspected: their verdict
is remembered, so they are not inflated and checked again."""

from __future__ import annotations

import hashlib
import os
import threading
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.intake.safety.sheet_scan import _SheetScan

# What is remembered of a part (see _PartCache): only parts small enough, and not so small that
# hashing them costs what inflating them does; at most so many parts and bytes.
_CACHE_MAX_ENTRIES = 256
_CACHE_MAX_BYTES = 8 * 2**20           # inflated content held by the cache
_CACHE_MAX_PART = 2**20
_CACHE_MIN_COMPRESSED = 64
_CACHE_MAX_SEEN = 4096


class _Verdict:
    """A part that passed its checks: its digest, its inflated content, what its sheet scanner
    found (:meth:`_SheetScan.outcome`), and results computed from the content (see
    :meth:`_PartReader._derived`)."""

    __slots__ = ("digest", "content", "scan", "derived")

    def __init__(self, digest: bytes, content: bytes, scan: tuple | None) -> None:
        self.digest = digest
        self.content = content
        self.scan = scan
        self.derived: dict = {}


class _PartCache:
    """Per-process verdicts of zip parts, keyed by what decides them.

    Reading a part (:meth:`_PartReader._consume`) is a pure function of its header facts
    (name, flags, method, CRC, sizes), of how it is read (DTD check, size cap; for a sheet, the
    scanner class and the Limits) and of its compressed bytes: the facts are the dictionary
    key, the bytes are compared by a SHA-256 digest (never by the CRC alone, which a hostile
    file can forge). Only parts that passed, read whole, are remembered (a sheet over the
    limits never is); parts read without scanner depend on no Limits value.

    A part is hashed only when its facts were seen before, so parts that never repeat (sheets,
    shared strings) cost a set lookup. Bounded in entries and bytes; oldest dropped first.
    """

    def __init__(self) -> None:
        self.enabled = True
        self.entries: dict[tuple, _Verdict] = {}
        self.seen: set[tuple] = set()
        self.size = 0
        self.hits = 0
        self.lock = threading.Lock()

    def takes(self, info: zipfile.ZipInfo, scanner: _SheetScan | None) -> bool:
        return self.enabled and info.compress_size >= _CACHE_MIN_COMPRESSED and \
            info.file_size <= _CACHE_MAX_PART and (scanner is None or bool(scanner.FIELDS))

    def lookup(self, facts: tuple, data: bytes,
               span: tuple[int, int]) -> tuple[_Verdict | None, bytes | None]:
        """(verdict, digest): the verdict of a byte-identical part, or None; the digest of
        the part when its outcome is to be stored (:meth:`store`), else None."""
        entry = self.entries.get(facts)
        if entry is None and facts not in self.seen:
            if len(self.seen) >= _CACHE_MAX_SEEN:
                self.seen.clear()
            self.seen.add(facts)
            return None, None
        digest = hashlib.sha256(memoryview(data)[span[0]:span[1]]).digest()
        if entry is not None and entry.digest == digest:
            self.hits += 1
            return entry, digest
        return None, digest

    def store(self, facts: tuple, digest: bytes, content: bytes,
              scan: tuple | None) -> _Verdict:
        verdict = _Verdict(digest, content, scan)
        with self.lock:
            old = self.entries.pop(facts, None)
            if old is not None:
                self.size -= len(old.content)
            while self.entries and (len(self.entries) >= _CACHE_MAX_ENTRIES
                                    or self.size + len(content) > _CACHE_MAX_BYTES):
                self.size -= len(self.entries.pop(next(iter(self.entries))).content)
            self.entries[facts] = verdict
            self.size += len(content)
        return verdict

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.seen.clear()
            self.size = 0
            self.hits = 0

    def after_fork(self) -> None:
        """In a forked child: keep the entries, never a lock another thread of the parent held."""
        self.lock = threading.Lock()
        self.size = sum(len(v.content) for v in list(self.entries.values()))


_PART_CACHE = _PartCache()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_PART_CACHE.after_fork)


def clear_part_cache() -> None:
    """Forget every part verdict remembered by this process."""
    _PART_CACHE.clear()
