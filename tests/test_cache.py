"""The on-disk cache helper (toolkit.common.cache) and the caches that use it: whatever is wrong
with a cache file (a class that moved, a cut-off or damaged file, another key, format or toolkit
version), the value is built again; a write that fails half-way leaves no partial file."""

from __future__ import annotations

import importlib
import os
import pickle
import sys
import textwrap
from pathlib import Path

import pytest

import toolkit
from toolkit.common.cache import DiskCache, cache_key

KEY = cache_key("roster.xlsx", 1234, 5678)


def _module_with_class(tmp_path: Path, module: str, body: str) -> type:
    """A class ``Thing`` defined in a real module file ``module`` under ``tmp_path``."""
    folder = tmp_path / "modules"
    folder.mkdir(exist_ok=True)
    (folder / f"{module}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    return importlib.import_module(module).Thing


def _forget_module(tmp_path: Path, module: str) -> None:
    sys.modules.pop(module, None)
    sys.path.remove(str(tmp_path / "modules"))
    importlib.invalidate_caches()


THING = """
    class Thing:
        def __init__(self, n):
            self.n = n
"""


def test_a_class_that_moved_means_rebuild(tmp_path):
    thing = _module_with_class(tmp_path, "cache_test_moved", THING)
    cache = DiskCache(tmp_path / "c.pickle", 1)
    assert cache.save(KEY, [thing(i) for i in range(100)])
    assert [t.n for t in cache.load(KEY)] == list(range(100))
    _forget_module(tmp_path, "cache_test_moved")
    (tmp_path / "modules" / "cache_test_moved.py").unlink()   # the module is gone
    with pytest.raises(ModuleNotFoundError):                  # what a bare unpickle meets
        with (tmp_path / "c.pickle").open("rb") as fh:
            fh.readline()
            pickle.load(fh)
            pickle.load(fh)
    assert cache.load(KEY) is None
    assert cache.save(KEY, ["rebuilt"]) and cache.load(KEY) == ["rebuilt"]


def test_a_class_renamed_in_its_module_means_rebuild(tmp_path):
    thing = _module_with_class(tmp_path, "cache_test_renamed", THING)
    cache = DiskCache(tmp_path / "c.pickle", 1)
    cache.save(KEY, thing(7))
    _forget_module(tmp_path, "cache_test_renamed")
    (tmp_path / "modules" / "cache_test_renamed.py").write_text(
        THING.replace("class Thing", "class Other"), encoding="utf-8")
    sys.path.insert(0, str(tmp_path / "modules"))
    try:
        importlib.invalidate_caches()
        assert cache.load(KEY) is None                          # AttributeError inside
    finally:
        _forget_module(tmp_path, "cache_test_renamed")


def test_a_cut_off_file_means_rebuild(tmp_path):
    cache = DiskCache(tmp_path / "c.pickle", 1)
    value = {f"P{i:05d}": ("Nguyễn Văn A", i, i % 3 == 0) for i in range(2000)}
    cache.save(KEY, value)
    whole = cache.path.read_bytes()
    assert cache.load(KEY) == value
    for cut in (0, 1, 10, 19, 25, 60, len(whole) // 2, len(whole) - 1):
        cache.path.write_bytes(whole[:cut])
        assert cache.load(KEY) is None, cut
    cache.path.write_bytes(whole)
    assert cache.load(KEY) == value


def test_damaged_bytes_mean_rebuild(tmp_path):
    cache = DiskCache(tmp_path / "c.pickle", 1)
    value = [("Trần Thị B", i, float(i)) for i in range(300)]
    cache.save(KEY, value)
    whole = bytearray(cache.path.read_bytes())
    for pos in range(19, len(whole), max(1, len(whole) // 97)):
        damaged = bytearray(whole)
        damaged[pos] ^= 0xFF
        cache.path.write_bytes(bytes(damaged))
        got = cache.load(KEY)                      # never raises
        assert got is None or isinstance(got, list)


def test_another_key_format_or_toolkit_version_means_rebuild(tmp_path, monkeypatch):
    path = tmp_path / "c.pickle"
    DiskCache(path, 1).save(KEY, "value")
    assert DiskCache(path, 1).load(KEY) == "value"
    assert DiskCache(path, 1).load(cache_key("roster.xlsx", 1234, 5679)) is None
    assert DiskCache(path, 2).load(KEY) is None              # the format was bumped
    monkeypatch.setattr(toolkit, "__version__", toolkit.__version__ + ".post1")
    assert DiskCache(path, 1).load(KEY) is None              # written by another version


def test_a_value_of_another_type_means_rebuild(tmp_path):
    cache = DiskCache(tmp_path / "c.pickle", 1)
    cache.save(KEY, ["a list"])
    assert cache.load(KEY, expect=dict) is None
    assert cache.load(KEY, expect=list) == ["a list"]


def test_an_older_layout_is_not_unpickled(tmp_path):
    """A cache file from before the helper (a pickled (key, value) tuple) is recognised by its
    first bytes: its value is never unpickled (it may name classes that no longer exist)."""
    path = tmp_path / "roster.pickle"
    path.write_bytes(pickle.dumps(((1, 2, "0.1.0"), {"units": {}}), pickle.HIGHEST_PROTOCOL))
    assert DiskCache(path, 1).load(KEY) is None


class _Explodes:
    def __reduce__(self):
        raise OSError(28, "No space left on device")


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path, monkeypatch):
    cache = DiskCache(tmp_path / "c.pickle", 1)
    assert cache.save(KEY, "old")
    before = cache.path.read_bytes()
    # a failure after many bytes were written (pickle writes frames of 64 KB as it goes)
    big = ["x" * 1000 for _ in range(2000)] + [_Explodes()]
    assert cache.save(cache_key("new"), big) is False
    assert cache.path.read_bytes() == before and cache.load(KEY) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pickle"]
    # a failure at the rename
    def no_replace(src, dst):
        raise PermissionError(13, "locked")
    monkeypatch.setattr(os, "replace", no_replace)
    assert cache.save(cache_key("new"), "new") is False
    monkeypatch.undo()
    assert cache.load(KEY) == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pickle"]


def test_a_cache_that_cannot_be_written_is_only_slower(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cache = DiskCache(blocker / "c.pickle", 1)
    assert cache.save(KEY, "v") is False
    assert cache.load(KEY) is None


def test_json_cache(tmp_path, monkeypatch):
    cache = DiskCache(tmp_path / "t.json", 1, codec="json")
    rows = {"k1": {"label": "Quý I", "mean_score": 81.5}}
    assert cache.save(KEY, rows)
    assert cache.load(KEY, expect=dict) == rows
    assert cache.load(cache_key("other"), expect=dict) is None
    assert DiskCache(cache.path, 2, codec="json").load(KEY) is None
    whole = cache.path.read_bytes()
    for cut in (0, 5, len(whole) // 2, len(whole) - 1):
        cache.path.write_bytes(whole[:cut])
        assert cache.load(KEY) is None
    cache.path.write_text('{"k1": {"label": "an older layout"}}', encoding="utf-8")
    assert cache.load(KEY) is None
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError(5, "io")))
    assert cache.save(KEY, rows) is False
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_the_key_is_a_digest_of_its_parts():
    assert cache_key(1, "a") == cache_key(1, "a")
    assert cache_key(1, "a") != cache_key("1", "a") != cache_key(1, "a", None)
    assert len(cache_key()) == 64


# ------------------------------------------------------------------ the caches that use it

def test_roster_cache_rebuilds_from_a_damaged_file(ws):
    from toolkit.config.roster import load_roster, load_roster_cached
    cache_dir = ws.root / ".cache"
    truth = load_roster(ws.roster_path, ws.config)
    first = load_roster_cached(ws.roster_path, ws.config, cache_dir)
    path = cache_dir / "roster.pickle"
    assert path.is_file() and first.people == truth.people
    again = load_roster_cached(ws.roster_path, ws.config, cache_dir)
    assert again.people == truth.people and again.units == truth.units
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])                  # cut off
    assert load_roster_cached(ws.roster_path, ws.config, cache_dir).people == truth.people
    assert path.read_bytes() == whole                           # written again, whole
    # a cache from the old flat layout (classes in toolkit.roster, which no longer exists)
    path.write_bytes(whole.replace(b"toolkit.config.roster", b"toolkit.old_roster___"))
    assert load_roster_cached(ws.roster_path, ws.config, cache_dir).people == truth.people
    assert path.read_bytes() == whole


def test_roster_cache_follows_the_roster_file(ws):
    from toolkit.config.roster import Roster, load_roster_cached, write_roster
    cache_dir = ws.root / ".cache"
    roster = load_roster_cached(ws.roster_path, ws.config, cache_dir)
    smaller = Roster(roster.units, dict(list(roster.people.items())[:-1]))
    write_roster(ws.roster_path, ws.config, smaller)
    got = load_roster_cached(ws.roster_path, ws.config, cache_dir)
    assert set(got.people) == set(smaller.people) != set(roster.people)


def test_year_base_cache_rebuilds_from_a_damaged_file(pledged):
    import pandas.testing as pd_testing

    from toolkit.scoring import year_base as scoring_load
    from toolkit.scoring.scores import year_person_scores
    first = year_person_scores(pledged, 2024)
    path = pledged.root / ".cache" / "year-base-2024.pickle"
    whole = path.read_bytes()
    path.write_bytes(whole[:100])
    scoring_load._BASE.clear()                       # from the file, as a new process would
    pd_testing.assert_frame_equal(year_person_scores(pledged, 2024), first)
    assert path.read_bytes() == whole                # built and written again
    scoring_load._BASE.clear()
    path.write_bytes(whole.replace(b"toolkit.scoring.year_base", b"toolkit.scoring.gone_base"))
    pd_testing.assert_frame_equal(year_person_scores(pledged, 2024), first)
