"""The collector pause used by the big outputs: nested and concurrent blocks restore it."""

from __future__ import annotations

import gc
import threading

import pytest

from toolkit.common.gcutil import paused_gc


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the outer block is still open
    assert gc.isenabled()


def test_restored_after_an_error():
    with pytest.raises(ValueError):
        with paused_gc():
            raise ValueError
    assert gc.isenabled()


def test_left_off_when_it_was_off_before():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_threads_leave_it_on():
    inside, release = threading.Barrier(3), threading.Event()

    def work():
        with paused_gc():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for th in threads:
        th.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for th in threads:
        th.join()
    assert gc.isenabled()
