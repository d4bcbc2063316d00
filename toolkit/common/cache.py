"""On-disk caches: one file each in the workspace's ``.cache``, all kept the same way.

A cache only ever saves time; it is never the only copy of anything. So:

* **Key**: a digest of what the cached value is made of (:func:`cache_key`: file sizes and
  times, hashes of the stored submissions...). A different key means the value is stale.
* **Format version**: each cache states the version of what it stores (bump it when the value's
  classes or their meaning change, a class moved or renamed included). The toolkit version is
  part of every file too: a file written by another version is never trusted.
* **Atomic write**: the value is written to a temporary file beside the cache, then renamed over
  it (``os.replace``); a write that fails half-way leaves the old file (or none) and no partial one.
* **What means "rebuild"**: a missing or unreadable file, another layout, format, toolkit version
  or key, a value of the wrong type, and *any* exception while decoding the file. Unpickling a
  damaged or outdated file can raise almost anything (``EOFError`` when cut short,
  ``UnpicklingError``, ``AttributeError``/``ModuleNotFoundError``/``ImportError`` for a class
  that moved or was renamed, ``TypeError``, ``ValueError``, ``IndexError``, ``KeyError``...), so
  no list of them is kept: :meth:`DiskCache.load` returns None and the caller builds the value
  again. A cache that cannot be written (a read-only workspace, a full disk) only makes the next
  run slower; a value that cannot be pickled at all is a bug, and raises.

Two codecs: ``"pickle"`` (the header is read before the value, so a stale 100,000-person roster
is never unpickled just to be thrown away) and ``"json"`` (plain data).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["DiskCache", "cache_key"]

# The first bytes of every pickle cache file: another layout (an older toolkit's cache) is
# recognised without unpickling anything.
_MAGIC = b"lamtheobac-cache 1\n"
_JSON_LAYOUT = "lamtheobac-cache 1"


def cache_key(*parts: Any) -> str:
    """A digest of what a cache depends on: the ``repr`` of each part (numbers, strings,
    tuples of them), in order."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _toolkit_version() -> str:
    from toolkit import __version__
    return __version__


class DiskCache:
    """One cache file: ``path``, the ``version`` of its format, its ``codec``.

    ``paused_gc``: unpickle with the garbage collector paused (a value of many small objects
    made at once, such as a province's roster: collections in between would only walk them
    again and again).
    """

    def __init__(self, path: Path, version: int, codec: str = "pickle",
                 paused_gc: bool = False) -> None:
        if codec not in ("pickle", "json"):
            raise ValueError(f"unknown cache codec {codec!r}")
        self.path = Path(path)
        self.version = version
        self.codec = codec
        self.paused_gc = paused_gc

    def _header(self, key: str) -> tuple[int, str, str]:
        return (self.version, _toolkit_version(), key)

    # ------------------------------------------------------------------ reading
    def load(self, key: str, expect: type | tuple[type, ...] | None = None) -> Any | None:
        """The value saved under ``key``, or None when it must be built again (see the module
        docstring for when). ``expect``: the type the value must have. Never raises."""
        try:
            if self.codec == "json":
                return self._load_json(key, expect)
            return self._load_pickle(key, expect)
        except Exception:           # a damaged or outdated cache: rebuild (module docstring)
            return None

    def _load_pickle(self, key: str, expect: type | tuple[type, ...] | None) -> Any | None:
        with self.path.open("rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                return None
            header = pickle.load(fh)
            if header != self._header(key):
                return None
            if self.paused_gc:
                from toolkit.common.gcutil import paused_gc
                with paused_gc():
                    value = pickle.load(fh)
            else:
                value = pickle.load(fh)
        return value if expect is None or isinstance(value, expect) else None

    def _load_json(self, key: str, expect: type | tuple[type, ...] | None) -> Any | None:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        version, toolkit, saved_key = self._header(key)
        if not isinstance(data, dict) or data.get("layout") != _JSON_LAYOUT \
                or data.get("format") != version or data.get("toolkit") != toolkit \
                or data.get("key") != saved_key or "value" not in data:
            return None
        value = data["value"]
        return value if expect is None or isinstance(value, expect) else None

    # ------------------------------------------------------------------ writing
    def save(self, key: str, value: Any) -> bool:
        """Save ``value`` under ``key``, atomically. False when the cache could not be written
        (the old file, if any, is then left as it was, and no temporary file stays behind)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp",
                                       dir=self.path.parent)
        except OSError:
            return False                # a read-only workspace still works, only slower
        try:
            with os.fdopen(fd, "wb") as fh:
                if self.codec == "json":
                    version, toolkit, saved_key = self._header(key)
                    fh.write(json.dumps({"layout": _JSON_LAYOUT, "format": version,
                                         "toolkit": toolkit, "key": saved_key, "value": value},
                                        ensure_ascii=False).encode("utf-8"))
                else:
                    fh.write(_MAGIC)
                    pickle.dump(self._header(key), fh, protocol=pickle.HIGHEST_PROTOCOL)
                    pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            return True
        except (OSError, pickle.PicklingError, RecursionError):
            return False                # a full disk, a file another program holds...
        finally:
            try:
                os.unlink(tmp)          # still there only when something above failed
            except OSError:
                pass

    def clear(self) -> None:
        """Remove the cache file (the next :meth:`load` gives None)."""
        try:
            self.path.unlink()
        except OSError:
            pass
