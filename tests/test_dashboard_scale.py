"""The province-scale paths of scoring and the dashboard give what the simple ones give: the bulk
store reads against Store.records(), the roster order against Roster.people_of(), and the
remembered year base against a fresh one. (The big tables rendered straight to XML are checked
against xlsxwriter in tests/test_xlsxwriter_equivalence.py.)"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest


def test_demo_dashboard_lists_every_person(demo_ws, tmp_path):
    import openpyxl

    from toolkit.outputs.dashboard.book import write_dashboard
    result = write_dashboard(demo_ws, "2024-Q2", as_of=dt.date(2024, 7, 20),
                             path=tmp_path / "d.xlsx")
    wb = openpyxl.load_workbook(result.path)
    people = wb["Cá nhân"]
    ids = [people.cell(r, 2).value for r in range(1, people.max_row + 1)]
    assert set(demo_ws.roster().people) <= set(ids)


# ---------------------------------------------------------------- the store, read in bulk

def test_current_values_are_what_records_give(demo_ws):
    store = demo_ws.store()
    try:
        for form, period, tbl, keys in [
                ("pledge", "2024", "pledges", ("action", "deadline", "_raw", "_excluded")),
                ("quarterly", "2024-Q2", "progress", ("action", "progress", "percent",
                                                       "_excluded", "_empty")),
                ("quarterly", "2024-Q2", "people", ("sessions_attended", "head_assessment")),
                ("diary", "2024-Q3", "entries", ("deed", "golden_book", "_empty"))]:
            expected = []
            for sub in store.submissions(form, period):
                for rec in store.records(sub["id"], tbl):
                    values = [rec.get(k) for k in keys]
                    values = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
                    expected.append([sub["id"], str(rec.get("person_id") or ""), *values])
            got = store.current_values(form, period, tbl, keys)
            assert got == expected, (form, tbl)
            assert all(isinstance(a, type(b)) for g, e in zip(got, expected)
                       for a, b in zip(g, e) if b is not None)
            live = store.current_values(form, period, tbl, keys, live=True)
            assert len(live) <= len(got)
        subs = store.current_submissions("quarterly", "2024-Q2")
        assert [s["id"] for s in subs] == [s["id"] for s in store.submissions("quarterly",
                                                                             "2024-Q2")]
        for sub in subs:
            assert sub["versions"] == len(store.history("quarterly", sub["unit"], "2024-Q2"))
    finally:
        store.close()


def test_bulk_reads_without_json_arrows(demo_ws, monkeypatch):
    """SQLite before 3.38 (Ubuntu 22.04's) has no "->": the same rows, decoded in Python."""
    import sqlite3
    store = demo_ws.store()
    try:
        cases = [("pledge", "2024", "pledges", ("action", "deadline", "_raw", "_raw.deadline")),
                 ("quarterly", "2024-Q2", "progress", ("action", "percent", "_excluded")),
                 ("diary", "2024-Q3", "entries", ("deed", "golden_book"))]
        fast = [store.current_values(f, p, t, k, live=live) for f, p, t, k in cases
                for live in (False, True)]
        subs = [store.current_submissions(f, p) for f, p in (("quarterly", "2024-Q2"),
                                                             ("pledge", "2024"))]
        monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 37, 2))
        assert [store.current_values(f, p, t, k, live=live) for f, p, t, k in cases
                for live in (False, True)] == fast
        assert [store.current_submissions(f, p) for f, p in (("quarterly", "2024-Q2"),
                                                             ("pledge", "2024"))] == subs
    finally:
        store.close()


def test_registered_actions_from_the_bulk_read(demo_ws):
    from toolkit.scoring.quarter_data import Registered, registered_actions, stored_date
    store = demo_ws.store()
    try:
        expected: dict[str, list[Registered]] = {}
        for sub in store.submissions("pledge", "2024"):
            for rec in store.records(sub["id"], "pledges"):
                pid = str(rec.get("person_id") or "")
                if not pid or rec.get("_excluded") or rec.get("_empty") or not rec.get("action"):
                    continue
                deadline = None if "deadline" in (rec.get("_raw") or {}) else \
                    stored_date(rec.get("deadline"), 2024)
                mine = expected.setdefault(pid, [])
                mine.append(Registered(pid, len(mine) + 1, str(rec["action"]), deadline,
                                       str(rec.get("standard") or ""), str(rec.get("goal") or ""),
                                       sub["unit"], sub["file_name"], str(rec.get("name") or "")))
        assert registered_actions(store, 2024) == expected
        unit = next(iter(demo_ws.roster().units))
        assert registered_actions(store, 2024, unit) == {
            k: v for k, v in expected.items() if v[0].unit == unit}
    finally:
        store.close()


# ---------------------------------------------------------------- the year base

def test_roster_order_is_people_of(ws):
    from toolkit.config.roster import Person, Roster
    from toolkit.scoring.year_base import ordered_people
    roster = ws.roster()
    names = ["Nguyễn Văn An", "Nguyễn văn an", "Hoà", "Hòa", "Lê Thị Ánh", "  ", "Ánh", "Anh",
             "Trần Đức Anh", "Trần Đức Ánh", "Đỗ An"]
    people = dict(roster.people)
    units = list(roster.units)
    for i, name in enumerate(names * 3):
        pid = f"T{(i * 7919) % 1000:03d}"
        people[pid] = Person(pid, name, units[i % len(units)], key_leader=i % 5 == 0)
    big = Roster(roster.units, people)
    assert ordered_people(big) == [p for u in big.units for p in big.people_of(u)]


def test_year_base_is_remembered_and_renewed(ws, tmp_path):
    from tests.quarterly_helpers import pledge_all
    from toolkit.scoring import year_base as scoring_base
    from toolkit.scoring.scores import year_person_scores
    pledge_all(ws)
    first = year_person_scores(ws, 2024)
    cache = ws.root / ".cache" / "year-base-2024.pickle"
    assert cache.exists()
    scoring_base._BASE.clear()                      # from the file, as a new process would
    pd_testing = pytest.importorskip("pandas.testing")
    pd_testing.assert_frame_equal(year_person_scores(ws, 2024), first)
    # a new pledge submission: the base is built again
    from tests.helpers import drop_in_inbox, pledge_rows
    from toolkit.app.ingest import ingest
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    dropped = {r["person_id"] for r in rows["pledges"][:2]}
    rows["pledges"] = rows["pledges"][2:]
    drop_in_inbox(ws, unit, rows, dt.datetime(2024, 3, 5, 9))
    ingest(ws)
    again = year_person_scores(ws, 2024).set_index("person_id")
    left = {r["person_id"] for r in rows["pledges"] if r.get("action")}
    assert dropped - left
    for pid in dropped - left:
        assert not again.loc[pid, "has_pledge"] and first.set_index("person_id").loc[
            pid, "has_pledge"]


def test_action_scores_at_once_match_one_by_one():
    import pandas as pd

    from toolkit.scoring.scores import Rules, actual_progress, expected_progress, score_actions
    rules = Rules()
    rng = random.Random(3)
    deadlines = [None, dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 12, 31),
                 dt.date(2023, 12, 1)]
    labels = ["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", None, "khác"]
    for percents in ([None, 0, 40, 100, 150, -5, 33.333333333333336, float("nan")],
                     [None], [10.5, 20], [True, "50", None, 30]):
        df = pd.DataFrame({"person_id": [f"P{i % 9}" for i in range(300)],
                           "deadline": [rng.choice(deadlines) for _ in range(300)],
                           "progress": [rng.choice(labels) for _ in range(300)],
                           "percent": [rng.choice(percents) for _ in range(300)]})
        out = score_actions(df, dt.date(2024, 6, 30), 2024, rules)
        for row in out.itertuples():
            e = expected_progress(row.deadline, dt.date(2024, 6, 30), 2024)
            a = actual_progress(row.progress, row.percent, rules)
            assert row.expected == e and row.actual == a
            assert row.action_score == (min(100.0, 100.0 * a / e) if e > 0 else 100.0)
            assert math.isfinite(row.action_score)


def test_values_worked_out_once_each_are_what_one_by_one_gives():
    """The dashboard rounds and words a column once per distinct value: the same cells as value by
    value, signed zeros and NaN included (0.0 and -0.0 are one dict key)."""
    from toolkit.outputs.dashboard.sheets import _each, _g, _r, _rs, _when
    nan = float("nan")
    mixed = [0.0, -0.0, 0, False, 1, 1.0, True, 2.5, nan, None, 3, -0.0, nan, 0.0]
    assert _each(_g, mixed) == [_g(v) for v in mixed]
    floats = [0.0, -0.0, 2.55, 2.45, nan, 66.666, -0.04, 0.04, 99.95, -0.0, nan, 0.0]
    assert list(map(repr, _rs(floats))) == list(map(repr, [_r(v) for v in floats]))
    assert repr(_rs(floats)[1]) == "-0.0" and repr(_rs(floats)[0]) == "0.0"
    assert math.isnan(floats[4]) and _rs(floats)[4] is None
    stamps = [dt.datetime(2024, 4, 5, 9, 30), None, dt.datetime(2024, 4, 5, 9, 30), "15/07/2024"]
    assert _each(_when, stamps) == [_when(v) for v in stamps]
    unhashable = [[1], 2]
    assert _each(str, unhashable) == ["[1]", "2"]
