"""What the quarters of a year share, built once: the roster's people in order and their
registered actions (:class:`YearBase`), remembered in the process and in the workspace's
``.cache`` while the roster file and the year's current pledge submissions stay the same.

Building it reads every registered action of the year (300,000 in a province) with one store
query (:func:`toolkit.scoring.quarter_data.live_pledges`), in a second thread while the roster
loads, and lines them up with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.scoring.quarter_data import action_key, live_pledges

if TYPE_CHECKING:
    from toolkit.config.roster import Person, Roster
    from toolkit.config.workspace import Workspace

# of the cached YearBase: change it when YearBase or its making changes (3: YearBase moved here
# from toolkit.scoring.load)
CACHE_FORMAT = 3


@dataclass
class YearBase:
    """The roster's people in order and their registered actions: the same for every quarter."""

    year: int
    units: dict[str, str]             # unit code -> name, in roster order
    people: dict[str, list[Any]]      # the roster columns of the people table, in roster order
    actions: dict[str, list[Any]]     # person_id, unit, no, action, deadline: in roster order
    pledged: set[str]                 # people with a registered action
    _keys: dict[str, str] = field(default_factory=dict)

    def action_keys(self, texts: list[str]) -> list[str]:
        """:func:`action_key` of each text (computed once per distinct text)."""
        keys = self._keys
        for text in set(texts) - keys.keys():
            keys[text] = action_key(text)
        return [keys[t] for t in texts]


_BASE: dict[str, Any] = {}


def year_base(ws: Workspace, year: int) -> YearBase:
    """The year's :class:`YearBase`. Building it reads the roster and every registered action
    (seconds for a province), so it is remembered, in the process and in the workspace's
    ``.cache`` (like the roster), while the roster file and the year's current pledge
    submissions stay the same. When it is built, the pledges are read in a second thread while
    the roster loads (SQLite works outside Python's lock)."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as reader:
        return finish_base(ws, year, start_base(ws, year, reader))


def _base_key(ws: Workspace, year: int) -> tuple[Any, ...] | None:
    """What the year's base is made of: the roster file (size, time), the current pledge
    submissions (id, file hash, when stored) and the toolkit version. None without a roster."""
    import hashlib

    from toolkit import __version__
    try:
        st = ws.roster_path.stat()
    except OSError:
        return None
    with ws.store() as store:
        subs = store.current_pledge_stamps(year)
    digest = hashlib.sha256("\n".join(f"{i} {h} {t}" for i, h, t in subs).encode()).hexdigest()
    return (CACHE_FORMAT, __version__, year, st.st_size, st.st_mtime_ns, digest)


def _disk_cache(ws: Workspace, year: int) -> Any:
    from toolkit.common.cache import DiskCache
    return DiskCache(ws.root / ".cache" / f"year-base-{year}.pickle", CACHE_FORMAT)


def start_base(ws: Workspace, year: int, reader: Any) -> Any:
    """The remembered base, or what building it needs: its key and the pledges being read by
    ``reader`` (an executor with one thread: SQLite runs one query at a time anyway)."""
    from toolkit.common.cache import cache_key
    key = _base_key(ws, year)
    if key is not None and _BASE.get("key") == key:
        return _BASE["base"]
    if key is not None:
        base = _disk_cache(ws, year).load(cache_key(*key), expect=YearBase)
        if base is not None:
            _BASE.clear()
            _BASE.update(key=key, base=base)
            return base
    return key, reader.submit(_read_pledges, ws, year)


def _read_pledges(ws: Workspace, year: int) -> list[list[Any]]:
    with ws.store() as store:
        return live_pledges(store, year)


def finish_base(ws: Workspace, year: int, started: Any) -> YearBase:
    from toolkit.common.cache import cache_key
    if isinstance(started, YearBase):
        return started
    key, pledges = started
    roster = ws.roster()
    people = _People(roster, ordered_people(roster))      # while the pledges are read
    base = _make_base(year, people, pledges.result())
    if key is not None:
        _BASE.clear()
        _BASE.update(key=key, base=base)
        _disk_cache(ws, year).save(cache_key(*key), base)
    return base


class _People:
    """The roster columns of the people table, and how to find a person in them."""

    def __init__(self, roster: Roster, people: list[Person]):
        import pandas as pd
        fields = ("person_id", "name", "unit", "position", "party_group", "party_member",
                  "key_leader", "youth_member")
        attrs = [vars(p) for p in people]
        values = {f: [a[f] for a in attrs] for f in fields}
        self.units = {code: unit.name for code, unit in roster.units.items()}
        self.columns = {"person_id": values["person_id"], "name": shared(values["name"]),
                        "unit": shared(values["unit"]),
                        "unit_name": [self.units[u] for u in values["unit"]]}
        self.columns.update((f, shared(values[f])) for f in fields[3:])
        self.index = pd.Index(values["person_id"])
        self.unit_of = dict(zip(values["person_id"], self.columns["unit"]))


def shared(values: list[Any]) -> list[Any]:
    """The same values, equal ones as one object (a smaller, faster cache file)."""
    seen: dict[Any, Any] = {}
    return [seen.setdefault(v, v) for v in values]


def _make_base(year: int, people: _People, rows: list[list[Any]]) -> YearBase:
    import numpy as np
    import pandas as pd

    # the registered actions, person by person in roster order, each in pledge order (numbered
    # in pledge order, whoever's roster they are in)
    pids = [r[1] for r in rows]
    codes, uniques = pd.factorize(np.array(pids, dtype=object))
    first = np.argsort(codes, kind="stable")           # rows grouped by person, in order
    starts = np.zeros(len(uniques) + 1, dtype=np.int64)
    np.cumsum(np.bincount(codes, minlength=len(uniques)), out=starts[1:])
    numbers = np.empty(len(rows), dtype=np.int64)
    numbers[first] = np.arange(len(rows)) - starts[codes[first]] + 1
    where = people.index.get_indexer(uniques) if len(uniques) else \
        np.array([], dtype=np.int64)
    at = where[codes] if len(rows) else np.array([], dtype=np.int64)
    keep = np.flatnonzero(at >= 0)
    order = keep[np.argsort(at[keep], kind="stable")]
    ids, units = people.columns["person_id"], people.columns["unit"]
    positions, picked = at[order].tolist(), [rows[k] for k in order.tolist()]
    actions = {"person_id": [ids[i] for i in positions],
               "unit": [units[i] for i in positions],
               "no": numbers[order].tolist(),
               "action": shared([str(r[2]) for r in picked]),
               "deadline": [r[3] for r in picked]}
    base = YearBase(year, people.units, people.columns, actions, set(actions["person_id"]))
    # the registered actions' keys, computed once and kept with the base: a quarter's report
    # repeats its person's registered texts, so they are found there (in a province most of
    # 300,000 texts are each one person's own; keying them took seconds every dashboard)
    base.action_keys(actions["action"])
    return base


def ordered_people(roster: Roster) -> list[Person]:
    """``[p for u in roster.units for p in roster.people_of(u)]``, with the name keys computed
    once per distinct word (a province roster has 100,000 names but a few thousand words)."""
    from toolkit.common.text import _word_sort_key, canonical

    words: dict[str, Any] = {}

    def word(w: str) -> Any:
        k = words.get(w)
        if k is None:
            k = words[w] = _word_sort_key(w)
        return k

    names: dict[str, Any] = {}
    for name in {p.name for p in roster.people.values()}:
        parts = canonical(name).split(" ") if name and name.strip() else []
        if not parts:
            names[name] = ((), ()), (), ((), ())
        else:
            names[name] = (word(parts[-1]), tuple(word(w) for w in parts[1:-1]),
                           word(parts[0]) if len(parts) > 1 else ((), ()))
    key_rank = {k: i for i, k in enumerate(sorted(set(names.values())))}   # equal keys tie
    rank = {name: key_rank[k] for name, k in names.items()}
    # one sort of the whole roster: unit (in roster order), key leaders first, name, id
    units = {code: i for i, code in enumerate(roster.units)}
    people = [p for p in roster.people.values() if p.unit in units]
    people.sort(key=lambda p: (units[p.unit], not p.key_leader, rank[p.name], p.person_id))
    return people
