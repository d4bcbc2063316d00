"""One function run in a forked child process while this one goes on (the other core).

Threads share one Python lock: two threads decoding rows take as long as one doing both. A forked
child shares nothing at run time: it starts with this process's memory (the year's base, the open
modules), runs the function and sends its pickled result back through a pipe. Meant for a job
that does much Python work and returns compact data (columns of a few distinct values).

Forking is only safe while this process runs one thread (a lock held by another thread at the
fork would stay held in the child forever), and only where the system can fork: otherwise
:func:`start` returns None and the caller runs the function itself. Whatever goes wrong in the
child (an error, a crash, a kill) comes back as :class:`ForkedError` from :meth:`Forked.result`,
and the caller can run the function itself then too.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Any


class ForkedError(Exception):
    """The child did not return a result (its error, or how it ended)."""


class Forked:
    """A running child: :meth:`result` waits for it; :meth:`cancel` stops it."""

    def __init__(self, pid: int, fd: int):
        self.pid, self.fd = pid, fd

    def result(self) -> Any:
        chunks = []
        try:
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
        except BaseException:                       # interrupted: do not wait for the child
            self.cancel()
            raise
        self._reap()
        try:
            ok, value = pickle.loads(b"".join(chunks))
        except Exception as exc:                    # noqa: BLE001 (any damage: no result)
            raise ForkedError(f"no result from the child process ({exc!r})") from None
        if not ok:
            raise ForkedError(value)
        return value

    def cancel(self) -> None:
        if self.fd >= 0:
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
            self._reap()

    def _reap(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:               # reaped already (SIGCHLD ignored)
                pass


def start(fn: Callable[..., Any], *args: Any) -> Forked | None:
    """``fn(*args)`` in a forked child; None where forking is not possible or not safe."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:                                    # the child: never returns
        code = 1
        try:
            os.close(read_fd)
            try:
                payload = pickle.dumps((True, fn(*args)), pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:            # noqa: BLE001 (reported to the parent)
                payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
            view = memoryview(payload)
            while view:
                view = view[os.write(write_fd, view):]
            code = 0
        finally:
            os._exit(code)                          # no atexit, no buffers of the parent
    os.close(write_fd)
    return Forked(pid, read_fd)
