"""The archive's journal: what the store should hold, in the order it arrived.

``archive/journal.jsonl`` is append-only, one JSON object a line, grouped in numbered batches
(one batch per store transaction that took something in):

* ``{"batch": 3, "begin": "2024-03-15T10:00:00"}`` — when the batch was taken in;
* ``{"batch": 3, "file": sha256, "name", "origin", "received_at", "disk": [size, mtime_ns] |
  null, "mail": {"id", "sender", "subject", "date", "origin"} | null}`` — a received file, in
  arrival order (its bytes are in the archive under its hash; ``disk``: read from a folder);
* ``{"batch": 3, "mail": {...}}`` — a mail that carried no workbook;
* ``{"batch": 3, "reopen": sha256}`` — a file refused for want of a password, read again;
* ``{"batch": 3, "accept": sha256}`` — a held submission the secretary accepted;
* ``{"batch": 3, "committed": true}`` / ``{"batch": 3, "abandoned": true}`` — the store did
  (did not) commit the batch.

A batch's lines are written, and flushed to disk, before the store commits it; the store records
the last batch it holds (its ``journal_batch`` fact) in the same transaction; the ``committed``
line follows. A process killed in between leaves a batch with neither line: the next writer
settles it from what the store says (:meth:`Journal.settle`). So the store can always be compared
with its archive (:func:`check`: missing, empty or behind is refused) and re-created from it
(``lamtheobac rebuild`` replays the committed batches).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.store.errors import StoreBehind, StoreMissing

if TYPE_CHECKING:
    from toolkit.store.db import Store

JOURNAL = "journal.jsonl"
META_BATCH = "journal_batch"

_HEAD = re.compile(rb'^\{"batch": (\d+), "(\w+)"')


@dataclass
class Batch:
    """One committed batch as recorded: when, and its entries in order."""

    number: int
    at: str
    entries: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class State:
    """Where the journal stands."""

    committed: int          # the last committed batch (0: none)
    last: int               # the highest batch number written (committed or not)
    pending: int            # a batch written but neither committed nor abandoned (0: none)
    at: str                 # when the last committed batch began


class Journal:
    def __init__(self, archive: Path):
        self.path = Path(archive) / JOURNAL
        self._marks: list[int] = []     # batches of the transaction under way (a snapshot)

    # ------------------------------------------------------------ reading
    def _lines_backwards(self) -> Iterator[bytes]:
        try:
            f = open(self.path, "rb")
        except FileNotFoundError:
            return
        with f:
            end = f.seek(0, os.SEEK_END)
            rest = b""
            while end > 0:
                start = max(0, end - 65536)
                f.seek(start)
                chunk = f.read(end - start) + rest
                lines = chunk.split(b"\n")
                rest = lines[0]
                for line in reversed(lines[1:]):
                    if line:
                        yield line
                end = start
            if rest:
                yield rest

    def state(self) -> State:
        """The last committed batch, the last written and the pending one, read from the end."""
        committed = last = pending = 0
        at = ""
        settled: set[int] = set()
        begins: dict[int, str] = {}
        for line in self._lines_backwards():
            m = _HEAD.match(line)
            if not m:
                continue
            number, kind = int(m.group(1)), m.group(2).decode()
            last = max(last, number)
            if kind in ("committed", "abandoned"):
                settled.add(number)
                if kind == "committed" and not committed:
                    committed = number
            elif kind == "begin":
                begins[number] = json.loads(line).get("begin", "")
                if number not in settled and not pending:
                    pending = number
            if committed and committed in begins:
                break
        return State(committed, last, pending, begins.get(committed, at))

    def batches(self) -> Iterator[Batch]:
        """Every committed batch, in order (a batch neither committed nor abandoned is left
        out: its store transaction may never have happened)."""
        found: dict[int, Batch] = {}
        status: dict[int, str] = {}
        order: list[int] = []
        try:
            f = open(self.path, encoding="utf-8")
        except FileNotFoundError:
            return
        with f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue                  # a line cut short by a crash
                number = entry.get("batch")
                if not isinstance(number, int):
                    continue
                if "begin" in entry:
                    found[number] = Batch(number, entry["begin"])
                    order.append(number)
                elif "committed" in entry or "abandoned" in entry:
                    status[number] = "committed" if "committed" in entry else "abandoned"
                elif number in found:
                    found[number].entries.append(entry)
        for number in order:
            if status.get(number) == "committed":
                yield found[number]

    def received_files(self) -> int:
        """How many distinct received files the committed batches record (for messages): an
        ingest's workbooks by their hash, and the files a snapshot of an older store lists."""
        return len({e.get("sha") or e.get("file") for b in self.batches() for e in b.entries
                    if (e.get("entry") == "job" and e.get("sha")) or "file" in e})

    @property
    def kept(self) -> bool:
        """Whether this archive keeps a journal (a workspace from before it was kept has none)."""
        return self.path.exists()

    # ------------------------------------------------------------ writing (under the lock)
    def start(self) -> None:
        """Begin keeping the journal (a new store: nothing received yet)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(exist_ok=True)

    def next_batch(self, store: Store) -> int:
        return max(self.state().last, _store_batch(store)) + 1

    def write(self, number: int, at: str, entries: list[dict[str, Any]]) -> None:
        """A batch's lines, on disk before the store commits it."""
        lines = [json.dumps({"batch": number, "begin": at})]
        lines += [json.dumps({"batch": number, **e}, ensure_ascii=False,
                             separators=(", ", ": ")) for e in entries]
        self._append("\n".join(lines) + "\n", sync=True)

    def settled(self, number: int, committed: bool = True) -> None:
        self._append(json.dumps({"batch": number, "committed" if committed else "abandoned":
                                 True}) + "\n", sync=False)

    def _append(self, text: str, sync: bool) -> None:
        """Append whole lines or nothing: a write cut short (a full disk) is taken back."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        with open(self.path, "ab", buffering=0) as f:
            size = f.seek(0, os.SEEK_END)
            try:
                written = 0
                while written < len(data):
                    written += f.write(data[written:])
                if sync:
                    os.fsync(f.fileno())
            except BaseException:
                try:
                    f.truncate(size)
                except OSError:
                    pass
                raise

    def settle(self, store: Store) -> None:
        """Settle what a killed writer left (inside the store's write transaction: no other
        writer is between its journal lines and its commit). A batch written but neither
        committed nor abandoned is committed when the store holds it, else abandoned. A store
        holding more than the journal says (a store from before the journal was kept, or a
        journal cut short) has its files recorded as one batch, so the journal can rebuild it."""
        state = self.state()
        held = _store_batch(store)
        if state.pending:
            self.settled(state.pending, committed=held >= state.pending)
            state = self.state()
        if held > state.committed or (held == 0 and state.committed == 0 and
                                      store.holds_files()):
            number = max(held, state.last) + 1
            self.write(number, store.now(), _snapshot(store))
            store.set_meta(META_BATCH, str(number))
            self._marks.append(number)

    def committed_now(self, number: int = 0) -> None:
        """The store committed: the batches of this transaction are marked so."""
        for n in [*self._marks, *([number] if number else [])]:
            self.settled(n)
        self._marks = []

    def rolled_back(self) -> None:
        self._marks = []        # left pending: the next writer abandons them


def _snapshot(store: Store) -> list[dict[str, Any]]:
    """Every file the store holds as it arrived (oldest first): what a store made before the
    archive kept a journal knows of its history."""
    entries: list[dict[str, Any]] = []
    for f in store.stored_arrivals():
        disk = [f["path_size"], f["path_mtime_ns"]] if f["path_size"] is not None else None
        mail = None
        if f["mail_id"]:
            mail = {"id": f["mail_id"], "sender": f["sender"], "subject": f["subject"],
                    "date": f["mail_date"], "origin": f["mail_origin"] or f["origin"]}
        entries.append({"file": f["sha256"], "name": f["name"], "origin": f["origin"],
                        "received_at": f["received_at"], "disk": disk, "mail": mail})
    entries.append({"op": "remember_paths", "args": [store.path_rows()]})
    return entries


def _store_batch(store: Store) -> int:
    try:
        return int(store.meta(META_BATCH, "0"))
    except ValueError:
        return 0


def archive_holds_files(archive: Path) -> int:
    """How many received files the archive holds (0 for none; counting stops at 1,000)."""
    n = 0
    try:
        folders = [e for e in os.scandir(archive) if e.is_dir() and len(e.name) == 2]
    except OSError:
        return 0
    for folder in folders:
        try:
            n += sum(1 for e in os.scandir(folder.path) if e.is_file())
        except OSError:
            continue
        if n >= 1000:
            break
    return n


def check(store_path: Path, archive: Path, store: Store | None, emptied: bool = False) -> None:
    """Refuse a store that is missing, empty or behind what its archive recorded (the archive
    is the history; the store is what it built). ``store`` None: there is no store file (or,
    ``emptied``, one of 0 bytes)."""
    journal = Journal(archive)
    state = journal.state()
    if store is None or (not store.holds_files() and _store_batch(store) == 0):
        # the journal says what the store should hold; an archive that keeps none (a workspace
        # from before it was kept) can only be looked at: any file in it was received
        if journal.kept:
            files = journal.received_files() if state.committed else 0
        else:
            files = archive_holds_files(archive)
        if state.committed or files:
            raise StoreMissing(store_path, files=files, batches=state.committed,
                               at=state.at, empty=store is not None or emptied)
        return
    held = _store_batch(store)
    if held < state.committed:
        raise StoreBehind(store_path, held=held, batches=state.committed, at=state.at)
