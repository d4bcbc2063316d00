"""Fetching mail over IMAP (standard library ``imaplib`` only): the office mailbox as a source of
received mails for ``lamtheobac mail fetch``.

The flow::

    with ImapMailbox(settings) as box:
        state = box.select("INBOX")                       # FolderState, with UIDVALIDITY
        for message in box.fetch_new(since, done):        # FetchedMessage, oldest UID first
            ...store it (archive + store commit)...
        box.commit_many(uids, move_to="Đã xử lý")         # then \\Seen (+ move), per batch

A crash between the store commit and ``commit_many()`` leaves the mails unmarked on the server;
the caller's done set (keyed by folder, UIDVALIDITY, UID) and the archive's SHA-256 make fetching
them again a no-op. A connection that drops while fetching or committing is reopened with bounded
exponential backoff; the batch being fetched is fetched again whole, so nothing is lost or handed
out twice. Messages are fetched with ``BODY.PEEK[]`` (``RFC822`` would set ``\\Seen`` at once)
and the folder is never filtered on UNSEEN (the secretary may have read a mail in webmail).
"""

from __future__ import annotations

import imaplib
import ssl
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from toolkit.intake.imap_wire import (
    WireError,
    imap_date,
    parse_delimiter,
    parse_fetch,
    parse_list,
    parse_search,
    quote_mailbox,
    uid_set,
)
from toolkit.intake.transport import AuthError, ConnectError, Security, TransportError, ssl_context

__all__ = [
    "AuthError", "ConnectError", "FetchedMessage", "FolderError", "FolderState", "ImapMailbox",
    "ImapSettings", "RetryPolicy", "Security", "UidValidityChangedError",
]

T = TypeVar("T")


# --------------------------------------------------------------------------- errors


class FolderError(TransportError):
    """A folder cannot be selected, created, or a message cannot be moved."""


class UidValidityChangedError(FolderError):
    """The folder's UIDVALIDITY changed while we worked: stored UIDs no longer apply."""


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class ImapSettings:
    """Where and how to log in.

    The password comes from an environment variable or the OS keyring, never the config.
    """

    host: str
    user: str
    password: str = field(repr=False)
    port: int | None = None
    security: Security = Security.TLS
    ca_file: Path | None = None
    timeout: float = 30.0

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return 993 if self.security is Security.TLS else 143

    def ssl_context(self) -> ssl.SSLContext:
        """A verifying context; trusts *ca_file* when given, else the system CAs."""
        return ssl_context(self.ca_file)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff for reconnecting after a dropped connection."""

    attempts: int = 5
    initial_delay: float = 0.5
    max_delay: float = 8.0
    factor: float = 2.0

    def delay(self, failure: int) -> float:
        """Seconds to wait before reconnect number *failure* (1-based)."""
        return min(self.max_delay, self.initial_delay * self.factor ** (failure - 1))


@dataclass(frozen=True)
class FolderState:
    """What SELECT told us about a folder."""

    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int


@dataclass(frozen=True)
class FetchedMessage:
    """One message as fetched: raw RFC 822 bytes exactly as stored on the server."""

    folder: str
    uidvalidity: int
    uid: int
    internaldate: datetime
    raw: bytes

    @property
    def key(self) -> tuple[str, int, int]:
        """(folder, UIDVALIDITY, UID): stable identity of a message on this server."""
        return (self.folder, self.uidvalidity, self.uid)


# --------------------------------------------------------------------------- connection


# Errors that mean "the connection is gone": worth reconnecting.  imaplib raises
# IMAP4.abort on EOF, BYE and socket errors; OSError covers resets and timeouts.
_DROPPED = (imaplib.IMAP4.abort, OSError, EOFError)


def _open_connection(settings: ImapSettings) -> imaplib.IMAP4:
    """Connect and secure the connection; map failures to ConnectError."""
    host, port = settings.host, settings.effective_port
    try:
        if settings.security is Security.TLS:
            return imaplib.IMAP4_SSL(
                host, port, ssl_context=settings.ssl_context(), timeout=settings.timeout
            )
        connection = imaplib.IMAP4(host, port, timeout=settings.timeout)
    except ssl.SSLError as error:
        raise ConnectError(f"TLS with {host}:{port} failed: {error}") from error
    except (OSError, imaplib.IMAP4.error) as error:
        raise ConnectError(f"cannot connect to {host}:{port}: {error}") from error
    try:
        connection.starttls(ssl_context=settings.ssl_context())
    except (ssl.SSLError, OSError, imaplib.IMAP4.error) as error:
        _shutdown(connection)
        raise ConnectError(f"STARTTLS with {host}:{port} failed: {error}") from error
    return connection


def _login(connection: imaplib.IMAP4, settings: ImapSettings) -> None:
    try:
        connection.login(settings.user, settings.password)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error as error:
        _shutdown(connection)
        raise AuthError(f"login as {settings.user!r} refused: {_text(error)}") from error


def _read_capabilities(connection: imaplib.IMAP4) -> frozenset[str]:
    """Capabilities after login (imaplib keeps only the pre-login list, which lacks MOVE)."""
    status, data = connection.capability()
    if status != "OK" or not data or not isinstance(data[-1], bytes):
        return frozenset(str(cap) for cap in connection.capabilities)
    return frozenset(data[-1].decode("ascii").upper().split())


def _shutdown(connection: imaplib.IMAP4 | None) -> None:
    if connection is None:
        return
    try:
        connection.shutdown()
    except OSError:
        pass


def _text(error: BaseException) -> str:
    argument = error.args[0] if error.args else error
    return argument.decode("utf-8", "replace") if isinstance(argument, bytes) else str(argument)


class ImapMailbox:
    """One logged-in IMAP session with reconnect-and-resume.

    Not thread-safe. ``sleep`` is injectable so tests need not wait.
    """

    def __init__(
        self,
        settings: ImapSettings,
        *,
        retry: RetryPolicy = RetryPolicy(),
        batch_size: int = 25,
        use_move: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.retry = retry
        self.batch_size = batch_size
        self._use_move = use_move  # None: use MOVE when the server offers it
        self._sleep = sleep
        self._connection: imaplib.IMAP4 | None = None
        self._capabilities: frozenset[str] = frozenset()
        self._selected: FolderState | None = None
        self._known_folders: set[str] = set()
        self.reconnects = 0  # reconnect attempts after dropped connections (for logs and tests)

    # ----------------------------------------------------------------- lifecycle

    def __enter__(self) -> ImapMailbox:
        self.connect()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def connect(self) -> None:
        """Connect, secure and log in. Fails fast: no retries for the first connection."""
        connection = _open_connection(self.settings)
        try:
            _login(connection, self.settings)
            self._capabilities = _read_capabilities(connection)
        except _DROPPED as error:
            _shutdown(connection)
            raise ConnectError(
                f"connection to {self.settings.host} lost during login: {error}"
            ) from error
        self._connection = connection

    def close(self) -> None:
        """Log out politely; never raises."""
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.logout()
        except (imaplib.IMAP4.error, OSError, EOFError):
            _shutdown(connection)

    @property
    def capabilities(self) -> frozenset[str]:
        return self._capabilities

    @property
    def selected(self) -> FolderState | None:
        return self._selected

    @property
    def tls_version(self) -> str | None:
        """TLS version of the current connection (e.g. 'TLSv1.3'), None if not encrypted."""
        sock = self._conn().sock
        return sock.version() if isinstance(sock, ssl.SSLSocket) else None

    def _conn(self) -> imaplib.IMAP4:
        if self._connection is None:
            raise ConnectError("not connected")
        return self._connection

    # ----------------------------------------------------------------- reconnect

    def _reconnect(self) -> None:
        """Open a new session and re-select the folder we were in, checking UIDVALIDITY."""
        _shutdown(self._connection)
        self._connection = None
        self.connect()
        if self._selected is None:
            return
        state = self._select_now(self._selected.name)
        if state.uidvalidity != self._selected.uidvalidity:
            raise UidValidityChangedError(
                f"UIDVALIDITY of {state.name!r} changed from {self._selected.uidvalidity} "
                f"to {state.uidvalidity}: fetch the folder again from scratch"
            )
        self._selected = state

    def _resilient(self, operation: Callable[[], T]) -> T:
        """Run *operation*; when the connection drops, reconnect with backoff and run it again.

        Operations must be safe to repeat (fetching, flagging, moving by UID are).
        """
        failures = 0
        while True:
            try:
                if self._connection is None:
                    self._reconnect()
                return operation()
            except (*_DROPPED, ConnectError) as error:
                failures += 1
                _shutdown(self._connection)
                self._connection = None
                if failures > self.retry.attempts:
                    raise ConnectError(
                        f"connection to {self.settings.host} lost and not restored after "
                        f"{self.retry.attempts} attempts: {error}"
                    ) from error
                self.reconnects += 1
                self._sleep(self.retry.delay(failures))

    # ----------------------------------------------------------------- folders

    def select(self, folder: str = "INBOX") -> FolderState:
        """Select *folder* (read-write) and return its UIDVALIDITY and counts."""
        self._selected = None
        state = self._resilient(lambda: self._select_now(folder))
        self._selected = state
        return state

    def _select_now(self, folder: str) -> FolderState:
        connection = self._conn()
        status, data = connection.select(quote_mailbox(folder))
        if status != "OK":
            reason = (
                data[0].decode("utf-8", "replace") if data and isinstance(data[0], bytes) else data
            )
            raise FolderError(f"cannot open folder {folder!r}: {reason}")
        uidvalidity = connection.response("UIDVALIDITY")[1]
        uidnext = connection.response("UIDNEXT")[1]
        if not uidvalidity or uidvalidity[0] is None:
            raise FolderError(f"server sent no UIDVALIDITY for {folder!r}")
        return FolderState(
            name=folder,
            uidvalidity=int(uidvalidity[-1]),
            uidnext=int(uidnext[-1]) if uidnext and uidnext[-1] is not None else None,
            exists=int(data[0]) if data and data[0] else 0,
        )

    def list_folders(self) -> list[str]:
        """Every folder name, decoded from modified UTF-7."""

        def run() -> list[str]:
            status, data = self._conn().list('""', "*")
            if status != "OK":
                raise FolderError(f"LIST failed: {data!r}")
            return parse_list(data)

        return self._resilient(run)

    def delimiter(self) -> str | None:
        """The server's hierarchy delimiter (``LIST "" ""``): "/" on Dovecot, "." on some
        servers; None when the server has no hierarchy."""

        def run() -> str | None:
            status, data = self._conn().list('""', '""')
            if status != "OK":
                raise FolderError(f"LIST failed: {data!r}")
            return parse_delimiter(data)

        return self._resilient(run)

    def ensure_folder(self, folder: str) -> None:
        """Create *folder* (and subscribe to it) unless it exists."""
        if folder in self._known_folders:
            return

        def run() -> None:
            connection = self._conn()
            _, listed = connection.list('""', quote_mailbox(folder))
            if folder not in parse_list(listed):
                status, data = connection.create(quote_mailbox(folder))
                if status != "OK" and b"ALREADYEXISTS" not in (data[0] or b""):
                    raise FolderError(f"cannot create folder {folder!r}: {data!r}")
                connection.subscribe(quote_mailbox(folder))

        self._resilient(run)
        self._known_folders.add(folder)

    def _require_selected(self) -> FolderState:
        if self._selected is None:
            raise FolderError("select() a folder first")
        return self._selected

    # ----------------------------------------------------------------- fetching

    def search_since(self, since: date) -> list[int]:
        """UIDs in the selected folder whose INTERNALDATE is on or after *since* (server's date)."""
        self._require_selected()

        def run() -> list[int]:
            status, data = self._conn().uid("SEARCH", "SINCE", imap_date(since))
            if status != "OK":
                raise FolderError(f"SEARCH failed: {data!r}")
            return parse_search(data)

        return self._resilient(run)

    def fetch_batch(self, uids: Sequence[int]) -> list[FetchedMessage]:
        """Raw bytes and INTERNALDATE of *uids* in one ``UID FETCH``; missing UIDs are skipped.

        Uses ``BODY.PEEK[]``: unlike ``RFC822`` it does not set ``\\Seen``, which
        must only happen after the caller committed the message.
        """
        state = self._require_selected()
        if not uids:
            return []
        status, data = self._conn().uid("FETCH", uid_set(uids), "(UID INTERNALDATE BODY.PEEK[])")
        if status != "OK":
            raise FolderError(f"FETCH failed: {data!r}")
        wanted = set(uids)
        try:
            answer = parse_fetch(data)
        except WireError as error:
            raise FolderError(str(error)) from error
        fetched = {
            uid: FetchedMessage(state.name, state.uidvalidity, uid, internaldate, raw)
            for uid, internaldate, raw in answer
            if uid in wanted
        }
        return [fetched[uid] for uid in sorted(fetched)]

    def fetch_new(
        self, since: date, done: Collection[int] = frozenset()
    ) -> Iterator[FetchedMessage]:
        """Yield every message since *since* whose UID is not in *done*, oldest UID first.

        Batches of ``batch_size``. A batch is handed out only once it arrived
        whole; if the connection drops, the session is reopened (backoff,
        bounded) and the same batch is fetched again, so each UID is yielded
        exactly once. The caller may call :meth:`commit` between items.
        """
        pending = [uid for uid in self.search_since(since) if uid not in done]
        while pending:
            batch = pending[: self.batch_size]
            messages = self._resilient(partial(self.fetch_batch, batch))
            del pending[: len(batch)]
            yield from messages

    # ----------------------------------------------------------------- committing

    def commit(self, uid: int, move_to: str | None = None) -> None:
        """Mark *uid* ``\\Seen`` and optionally move it to *move_to* (created if missing).

        Call only after the message is safely stored. Safe to repeat.
        """
        self.commit_many([uid], move_to)

    def commit_many(self, uids: Sequence[int], move_to: str | None = None) -> None:
        """:meth:`commit` for several UIDs in one STORE (and one MOVE): a batch stored at once."""
        self._require_selected()
        if not uids:
            return
        if move_to is not None:
            self.ensure_folder(move_to)
        self._resilient(lambda: self._commit_now(uid_set(uids), move_to))

    def _commit_now(self, uids: str, move_to: str | None) -> None:
        connection = self._conn()
        self._checked(connection.uid("STORE", uids, "+FLAGS.SILENT", r"(\Seen)"), "STORE")
        if move_to is None:
            return
        target = quote_mailbox(move_to)
        if self._can_move():
            self._checked(connection.uid("MOVE", uids, target), "MOVE")
        else:
            self._checked(connection.uid("COPY", uids, target), "COPY")
            self._checked(connection.uid("STORE", uids, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
            self._expunge(connection, uids)
        connection.response("EXPUNGE")  # drop the untagged EXPUNGE replies imaplib collects

    def _can_move(self) -> bool:
        return self._use_move if self._use_move is not None else "MOVE" in self._capabilities

    def _expunge(self, connection: imaplib.IMAP4, uids: str) -> None:
        """Expunge only *uids* when UIDPLUS allows, else every \\Deleted mail of the folder."""
        if "UIDPLUS" in self._capabilities:
            self._checked(connection.uid("EXPUNGE", uids), "UID EXPUNGE")
        else:
            self._checked(connection.expunge(), "EXPUNGE")

    @staticmethod
    def _checked(reply: tuple[str, list[Any]], command: str) -> None:
        status, data = reply
        if status != "OK":
            raise FolderError(f"{command} failed: {data!r}")
