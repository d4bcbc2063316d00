"""The store's own changes that the archive's journal records as they are made.

What an ingest stores is replayed from the journal's steps (the files and mails again); these
changes come from elsewhere (the secretary's picks, files read again with a password, the send
log, the fetched-mail log) and are replayed as recorded: a method marked :func:`journaled` adds
``{"op": name, "args": [...]}`` to the transaction's batch, and ``Store.apply_recorded``
calls it again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def journaled(method: F) -> F:
    """Record each call of ``method`` (a store write) in the transaction's journal batch."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any) -> Any:
        args = tuple(list(a) if isinstance(a, Iterator) else a for a in args)
        self.record({"op": method.__name__, "args": _plain(list(args))})
        return method(self, *args)

    return wrapper  # type: ignore[return-value]


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value
