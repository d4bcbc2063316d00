"""The fields scores read, kept per submission (extracts): the same values the rows give."""

from __future__ import annotations

import json

import toolkit.store.queries as store_module
from toolkit.store.extracts import EXTRACTS
from toolkit.store.records import pack_records


def _json_path(store, monkeypatch, *args, **kwargs):
    with monkeypatch.context() as m:
        m.setattr(store_module, "EXTRACTS", {})
        return store.current_values(*args, **kwargs)


def test_extracts_give_what_the_stored_rows_give(demo_ws, monkeypatch):
    store = demo_ws.store()
    try:
        checked = 0
        for (form, tbl), keys in EXTRACTS.items():
            periods = [r[0] for r in store.db.execute(
                "SELECT DISTINCT period FROM submissions WHERE form = ?", (form,))]
            assert periods, form
            for period in periods:
                units = [r[0] for r in store.db.execute(
                    "SELECT unit FROM submissions WHERE form = ? AND period = ? AND current = 1",
                    (form, period))]
                for wanted in (keys, keys[::-2]):
                    for live in (False, True):
                        for unit in (None, units[0]):
                            args = (form, period, tbl, wanted, unit, live)
                            kept = store._extracted(*args[:4], unit, live)
                            assert kept is not None, args            # the extract was used
                            assert store.current_values(*args) == kept
                            assert kept == _json_path(store, monkeypatch, *args), args
                            checked += len(kept)
        assert checked > 1000
    finally:
        store.close()


def test_a_submission_without_extracts_is_read_from_its_rows(demo_ws, tmp_path, monkeypatch):
    """A store written before extracts were kept (or missing one) reads as before."""
    import shutil

    from toolkit.store.db import Store
    copy = tmp_path / "s.sqlite"
    shutil.copy(demo_ws.store_path, copy)
    with Store(copy) as store:
        args = ("quarterly", "2024-Q2", "progress", EXTRACTS[("quarterly", "progress")], None,
                True)
        before = store.current_values(*args)
        with store.transaction():
            store.db.execute("DELETE FROM extracts WHERE rowid = (SELECT MIN(e.rowid) "
                             "FROM extracts e"
                             " JOIN submissions s ON s.id = e.submission_id"
                             " WHERE s.form = 'quarterly' AND s.period = '2024-Q2'"
                             " AND s.current = 1 AND e.tbl = 'progress')")
        assert store._extracted(*args[:4], None, True) is None
        assert store.current_values(*args) == before


def test_a_table_without_rows_has_an_empty_list():
    people = [{"_row": 7, "person_id": "P1", "sessions_attended": 2, "recognition": None},
              {"_row": 8, "person_id": "P2", "_excluded": True, "sessions_attended": 9}]
    packed = pack_records({"people": people}, "quarterly")
    assert packed.extracts["progress"] == "[]"
    kept = json.loads(packed.extracts["people"])
    assert kept == [["P1", 1, 2, None, None, None, None], ["P2", 0, 9, None, None, None, None]]
    assert pack_records({"people": people}).extracts == {}      # no form: nothing kept


def test_rows_left_out_are_left_out_of_live_extracts(pledged, monkeypatch):
    """A person not in the roster (excluded) and rows left blank: kept in the extract, marked
    not live, so live reads skip them as the JSON path does."""
    from tests.quarterly_helpers import PERIOD, quarterly_rows, submit
    unit = next(iter(pledged.roster().units))
    rows = quarterly_rows(pledged, unit)
    stranger = dict(rows["people"][0], person_id="XX999", name="Người Lạ")
    rows["people"].append(stranger)
    rows["progress"].append(dict(rows["progress"][0], person_id="XX999", name="Người Lạ"))
    submit(pledged, unit, "quarterly", rows)
    with pledged.store() as store:
        for tbl in ("people", "progress"):
            keys = EXTRACTS[("quarterly", tbl)]
            every = store.current_values("quarterly", PERIOD, tbl, keys, None, False)
            live = store.current_values("quarterly", PERIOD, tbl, keys, None, True)
            assert len(live) < len(every) and not any(r[1] == "XX999" for r in live)
            for flag in (False, True):
                assert store.current_values("quarterly", PERIOD, tbl, keys, None, flag) == \
                    _json_path(store, monkeypatch, "quarterly", PERIOD, tbl, keys, None, flag)


def test_a_list_kept_with_other_fields_is_not_used(demo_ws, tmp_path):
    """A list written by a version that kept other fields (its ``fields`` differ) is ignored:
    the rows are read instead, so the values never come from the wrong place."""
    import shutil

    from toolkit.store.db import Store
    copy = tmp_path / "s.sqlite"
    shutil.copy(demo_ws.store_path, copy)
    with Store(copy) as store:
        keys = EXTRACTS[("quarterly", "people")]
        args = ("quarterly", "2024-Q3", "people", keys, None, True)
        before = store.current_values(*args)
        assert store._extracted(*args[:4], None, True) == before
        with store.transaction():
            store.db.execute("UPDATE extracts SET fields = 'recognition,' || fields"
                             " WHERE tbl = 'people' AND submission_id = (SELECT MAX(id)"
                             " FROM submissions WHERE form = 'quarterly' AND period = '2024-Q3'"
                             " AND current = 1)")
        assert store._extracted(*args[:4], None, True) is None
        assert store.current_values(*args) == before
