"""A function run in a forked child (toolkit/forked.py), and the quarter's scores read with one:
the same tables with the child, without one, and when the child fails."""

from __future__ import annotations

import os
import threading
import time

import pandas as pd
import pytest

from tests.quarterly_helpers import quarterly_rows, submit, unit_report_rows
from toolkit.common import forked
from toolkit.scoring import load as sl
from toolkit.scoring.scores import quarter
from toolkit.scoring.year_base import year_base

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _boom(message: str) -> None:
    raise ValueError(message)


def test_the_result_comes_back() -> None:
    child = forked.start(lambda a, b: {"sum": a + b, "texts": ["Hoàn thành"] * 3}, 2, 3)
    assert isinstance(child, forked.Forked)
    assert child.result() == {"sum": 5, "texts": ["Hoàn thành"] * 3}
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)            # reaped


def test_a_big_result_is_read_whole() -> None:
    child = forked.start(lambda n: list(range(n)), 2_000_000)     # far beyond a pipe's buffer
    assert child.result() == list(range(2_000_000))


def test_an_error_in_the_child_is_reported() -> None:
    child = forked.start(_boom, "hỏng")
    with pytest.raises(forked.ForkedError, match="ValueError: hỏng"):
        child.result()


def test_a_child_that_dies_gives_no_result() -> None:
    child = forked.start(os._exit, 3)
    with pytest.raises(forked.ForkedError, match="no result"):
        child.result()


def test_cancel_stops_the_child() -> None:
    child = forked.start(time.sleep, 60)
    started = time.monotonic()
    child.cancel()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)
    child.cancel()                                   # twice: nothing to do


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert forked.start(sum, [1, 2]) is None
    finally:
        stop.set()
        other.join()
    assert forked.start(sum, [1, 2]).result() == 3


@pytest.fixture
def reported(pledged):
    """Two units with a second-quarter report (one with its unit report), one without."""
    ws = pledged
    units = list(ws.roster().units)
    submit(ws, units[0], "quarterly", quarterly_rows(ws, units[0]))
    submit(ws, units[1], "quarterly", quarterly_rows(ws, units[1], attended=1))
    submit(ws, units[0], "unit-report", unit_report_rows(ws, units[0]))
    year_base(ws, 2024)                              # the base exists: the child is used
    return ws


def _tables(ws) -> tuple[pd.DataFrame, ...]:
    q = quarter(ws, "2024-Q2")
    return q.people, q.actions, q.units, q.sources


def _same(a: tuple[pd.DataFrame, ...], b: tuple[pd.DataFrame, ...]) -> None:
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)


def _counting_starts(monkeypatch) -> list[str]:
    started: list[str] = []
    real = forked.start

    def start(fn, *args):
        child = real(fn, *args)
        if child is not None:
            started.append(fn.__name__)
        return child

    monkeypatch.setattr(forked, "start", start)
    return started


def test_scores_are_the_same_with_and_without_the_child(reported, monkeypatch) -> None:
    started = _counting_starts(monkeypatch)
    with_child = _tables(reported)
    assert started == ["_progress_lined_up"]
    people, actions = with_child[0], with_child[1]
    assert actions["reported"].sum() > 0 and people["has_report"].sum() > 0
    assert set(actions.loc[actions["reported"], "progress"]) == {"Hoàn thành", "Đang thực hiện"}
    assert set(people["sessions_attended"].dropna()) == {1, 2}

    monkeypatch.setattr(forked, "start", lambda fn, *args: None)
    _same(with_child, _tables(reported))


def test_a_failing_child_is_replaced_by_reading_here(reported, monkeypatch) -> None:
    expected = _tables(reported)
    started = _counting_starts(monkeypatch)

    def broken(ws, p, base):
        raise RuntimeError("the child breaks")

    monkeypatch.setattr(sl, "_progress_lined_up", broken)
    _same(expected, _tables(reported))
    assert started == ["broken"]


def test_an_interrupted_wait_stops_the_child(monkeypatch) -> None:
    child = forked.start(time.sleep, 60)

    def interrupted(fd, n):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "read", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        child.result()
    assert time.monotonic() - started < 10
    monkeypatch.undo()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)            # killed and reaped
