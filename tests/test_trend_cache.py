"""The dashboard's trend: earlier quarters are scored once and remembered until what they are
made of changes (a new or corrected report of that quarter, the config, the roster, the date)."""

from __future__ import annotations

import datetime as dt

import toolkit.scoring.scores as scoring
from tests.quarterly_helpers import quarterly_rows, submit
from toolkit.common.periods import Period
from toolkit.outputs.dashboard.data import trend_rows
from toolkit.scoring.scores import quarter

AS_OF = dt.date(2024, 7, 20)


def _units(ws):
    return list(ws.roster().units)


def _count_quarter_calls(monkeypatch) -> list[str]:
    calls: list[str] = []

    def counting(ws, period, *args, **kwargs):
        calls.append(period)
        return quarter(ws, period, *args, **kwargs)

    monkeypatch.setattr(scoring, "quarter", counting)
    return calls


def _q2_trend(ws):
    p = Period.parse("2024-Q2")
    return trend_rows(ws, p, quarter(ws, "2024-Q2", AS_OF), AS_OF)


def test_earlier_quarter_scored_once_then_remembered(pledged, monkeypatch):
    ws = pledged
    first = _units(ws)[0]
    submit(ws, first, "quarterly", quarterly_rows(ws, first), when=dt.datetime(2024, 4, 5, 9),
           period="2024-Q1")
    calls = _count_quarter_calls(monkeypatch)
    fresh = _q2_trend(ws)
    assert calls == ["2024-Q1"]
    assert (ws.root / ".cache" / "trend-2024.json").is_file()
    again = _q2_trend(ws)
    assert calls == ["2024-Q1"]                       # not scored again
    assert again == fresh


def test_a_new_report_of_that_quarter_is_seen(pledged, monkeypatch):
    ws = pledged
    first, second = _units(ws)[:2]
    submit(ws, first, "quarterly", quarterly_rows(ws, first), when=dt.datetime(2024, 4, 5, 9),
           period="2024-Q1")
    before = _q2_trend(ws)[0]
    submit(ws, second, "quarterly", quarterly_rows(ws, second), when=dt.datetime(2024, 4, 6, 9),
           period="2024-Q1")
    calls = _count_quarter_calls(monkeypatch)
    after = _q2_trend(ws)[0]
    assert calls == ["2024-Q1"]
    assert after["reported"] > before["reported"]
    monkeypatch.undo()
    (ws.root / ".cache" / "trend-2024.json").unlink()
    assert _q2_trend(ws)[0] == after                  # what the cache gave is what scoring gives


def test_another_date_is_scored_again(pledged, monkeypatch):
    ws = pledged
    first = _units(ws)[0]
    submit(ws, first, "quarterly", quarterly_rows(ws, first), when=dt.datetime(2024, 4, 5, 9),
           period="2024-Q1")
    _q2_trend(ws)
    calls = _count_quarter_calls(monkeypatch)
    p = Period.parse("2024-Q2")
    later = dt.date(2024, 8, 1)
    trend_rows(ws, p, quarter(ws, "2024-Q2", later), later)
    assert calls == ["2024-Q1"]
