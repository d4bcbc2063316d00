"""Real mail servers on 127.0.0.1 for tests: a throwaway Dovecot and an aiosmtpd sink.

Everything here is per instance: free TCP ports, a private temporary directory
(config, sockets, logs, Maildirs, certificate) and a process group that is
ended on ``stop()``.  Nothing global is changed (no system users, no files
under /etc, no system service), so several test processes (pytest-xdist
workers) can each run their own servers side by side.

Dependencies: the standard library, ``aiosmtpd`` (for :class:`SmtpSink`), and
the ``dovecot``/``doveadm`` and ``openssl`` binaries (Debian packages
``dovecot-imapd`` and ``openssl``).

Typical use::

    with Dovecot() as imap, SmtpSink(tls=imap.tls, users={"u": "p"}) as smtp:
        uid = imap.append(raw_bytes, internaldate=some_aware_datetime)
        ...
"""

from __future__ import annotations

import atexit
import email
import email.policy
import imaplib
import logging
import os
import pwd
import re
import secrets
import selectors
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

LOCALHOST = "127.0.0.1"
DEFAULT_USER = "tester"
DEFAULT_PASSWORD = "s3cret-pass"  # ASCII: imaplib sends LOGIN arguments as ASCII
# The unprivileged account that owns the test Maildirs.  Dovecot refuses UID 0
# for mail access (even with first_valid_uid = 0), and creating a dedicated
# system user would be a global change; "nobody" exists on every Debian system.
MAIL_OWNER_FALLBACK = (65534, 65534)


class MailServerError(RuntimeError):
    """A test mail server could not be set up, started or driven."""


class MissingToolError(MailServerError):
    """A program the servers need is not installed."""


class DovecotNotInstalledError(MissingToolError):
    """The dovecot binaries are missing (install the Debian package dovecot-imapd)."""


# --------------------------------------------------------------------------- helpers


def free_port(host: str = LOCALHOST) -> int:
    """Return a TCP port that is free on *host* right now.

    There is a small window before the caller binds it; callers that start a
    server retry with new ports when the bind fails (see ``Dovecot.start``).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_for_port(host: str, port: int, timeout: float, alive: Callable[[], bool]) -> None:
    """Block until *host:port* accepts TCP connections, *alive()* turns false, or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise MailServerError(f"server process exited before listening on {host}:{port}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise MailServerError(f"nothing listening on {host}:{port} after {timeout:.0f}s")


def _die_with_parent_prefix() -> list[str]:
    """Command prefix that makes the server get SIGTERM when the starting thread dies.

    ``setpriv --pdeathsig`` (util-linux) sets PR_SET_PDEATHSIG and execs the
    server: the last line of defence against orphaned servers when a test
    process is SIGKILLed and neither ``stop()`` nor ``atexit`` run.  (A
    ``preexec_fn`` would do the same but is unsafe in threaded processes.)
    The signal fires when the *thread* that started the server ends, so it is
    only used from the main thread.
    """
    setpriv = shutil.which("setpriv")
    if setpriv is None or threading.current_thread() is not threading.main_thread():
        return []
    return [setpriv, "--pdeathsig", "TERM", "--"]


def _require_binary(name: str, package: str) -> str:
    """Full path of *name*; also looks in /usr/sbin and /sbin (dovecot lives there)."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/bin:/bin")
    if path is None:
        error = DovecotNotInstalledError if package.startswith("dovecot") else MissingToolError
        raise error(f"'{name}' not found; install it with: apt-get install -y {package}")
    return path


# --------------------------------------------------------------------------- TLS


@dataclass(frozen=True)
class TlsFiles:
    """A self-signed certificate (also usable as its own CA file) and its key."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        """An SSL context for a server presenting this certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts exactly this certificate."""
        return ssl.create_default_context(cafile=str(self.cert))


def make_self_signed_cert(directory: Path, common_name: str = "localhost") -> TlsFiles:
    """Create a self-signed RSA certificate for localhost and 127.0.0.1 with ``openssl``."""
    openssl = _require_binary("openssl", "openssl")
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(cert=directory / "cert.pem", key=directory / "key.pem")
    command = [
        openssl,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-sha256",
        "-days",
        "7",
        "-subj",
        f"/CN={common_name}",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-keyout",
        str(files.key),
        "-out",
        str(files.cert),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise MailServerError(f"openssl failed: {result.stderr.strip()}")
    return files


# --------------------------------------------------------------------------- Dovecot config


def dovecot_version(binary: str | None = None) -> tuple[int, int, int]:
    """Return the installed Dovecot version as (major, minor, patch)."""
    binary = binary or _require_binary("dovecot", "dovecot-imapd")
    output = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", output.strip())
    if match is None:
        raise MailServerError(f"cannot parse dovecot --version output: {output!r}")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


@dataclass(frozen=True)
class DovecotLayout:
    """Where one Dovecot instance keeps its files, and which ports it listens on."""

    root: Path
    imap_port: int
    imaps_port: int
    tls: TlsFiles
    instance_name: str

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def base_dir(self) -> Path:
        return self.root / "run"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"

    @property
    def users_dir(self) -> Path:
        """One passwd-file per user (``users/NAME``), see ``Dovecot._write_user``."""
        return self.root / "users"

    @property
    def homes(self) -> Path:
        return self.root / "home"


def _common_lines(layout: DovecotLayout) -> list[str]:
    return [
        f"base_dir = {layout.base_dir}",
        f"state_dir = {layout.state_dir}",
        f"instance_name = {layout.instance_name}",
        f"log_path = {layout.log}",
        "protocols = imap",
        f"listen = {LOCALHOST}",
        "ssl = yes",
        "auth_mechanisms = plain login",
        # Tests try wrong passwords on purpose: no 2 s delay per failure.
        "auth_failure_delay = 0",
        "first_valid_uid = 1",
        # Default 10: resume tests open many connections per user from 127.0.0.1.
        "mail_max_userip_connections = 200",
        "mail_fsync = never",
        "namespace inbox {",
        "  inbox = yes",
        "  separator = /",
        "}",
        "service imap-login {",
        "  inet_listener imap {",
        f"    port = {layout.imap_port}",
        "  }",
        "  inet_listener imaps {",
        f"    port = {layout.imaps_port}",
        "    ssl = yes",
        "  }",
        "}",
        # Dovecot's anvil delays every login from an IP after a failed one (up to
        # 15 s, even for correct passwords).  An inaccessible penalty socket turns
        # that off (auth logs one harmless "net_connect_unix(...) failed" line).
        "service anvil {",
        "  unix_listener anvil-auth-penalty {",
        "    mode = 0",
        "  }",
        "}",
    ]


def render_config_23(layout: DovecotLayout) -> str:
    """Dovecot 2.3 configuration for a throwaway IMAP server (tested with 2.3.19.1)."""
    dh_file = Path("/usr/share/dovecot/dh.pem")
    lines = [
        *_common_lines(layout),
        f"ssl_cert = <{layout.tls.cert}",
        f"ssl_key = <{layout.tls.key}",
        *([f"ssl_dh = <{dh_file}"] if dh_file.exists() else []),
        "disable_plaintext_auth = no",
        "mail_location = maildir:~/Maildir",
        "passdb {",
        "  driver = passwd-file",
        f"  args = scheme=PLAIN username_format=%u {layout.users_dir}/%u",
        "}",
        "userdb {",
        "  driver = passwd-file",
        f"  args = username_format=%u {layout.users_dir}/%u",
        "}",
    ]
    return "\n".join(lines) + "\n"


def render_config_24(layout: DovecotLayout) -> str:
    """Dovecot 2.4 configuration (UNTESTED here: Debian bookworm ships 2.3).

    Written from the 2.3 -> 2.4 upgrade notes: versions first, named
    passdb/userdb sections, ``ssl_server_*_file``, ``auth_allow_cleartext``,
    ``mail_driver``/``mail_path`` instead of ``mail_location``.
    """
    lines = [
        "dovecot_config_version = 2.4.0",
        "dovecot_storage_version = 2.4.0",
        *_common_lines(layout),
        f"ssl_server_cert_file = {layout.tls.cert}",
        f"ssl_server_key_file = {layout.tls.key}",
        "auth_allow_cleartext = yes",
        "mail_driver = maildir",
        "mail_path = ~/Maildir",
        "passdb passwd-file {",
        f"  passwd_file_path = {layout.users_dir}/%{{user}}",
        "  default_password_scheme = PLAIN",
        "}",
        "userdb passwd-file {",
        f"  passwd_file_path = {layout.users_dir}/%{{user}}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def render_config(layout: DovecotLayout, version: tuple[int, int, int]) -> str:
    """Pick the configuration syntax that matches the installed Dovecot *version*."""
    if version[:2] == (2, 3):
        return render_config_23(layout)
    if version[:2] == (2, 4):
        return render_config_24(layout)
    raise MailServerError(f"unsupported Dovecot version {'.'.join(map(str, version))}")


# --------------------------------------------------------------------------- Dovecot


@dataclass(frozen=True)
class MailUser:
    """A virtual IMAP user of a test Dovecot."""

    name: str
    password: str


# Strong references on purpose: a server whose object was dropped without
# stop() must still be stopped at exit.
_LIVE_SERVERS: set[Any] = set()


@atexit.register
def _stop_leftover_servers() -> None:
    """Stop every server still running when the interpreter exits normally."""
    for server in list(_LIVE_SERVERS):
        server.stop()


def _mail_owner() -> tuple[int, int]:
    """UID/GID that owns the test Maildirs: 'nobody' (never root, see MAIL_OWNER_FALLBACK)."""
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return MAIL_OWNER_FALLBACK
    return entry.pw_uid, entry.pw_gid


class Dovecot:
    """A private Dovecot IMAP server on 127.0.0.1 (plain+STARTTLS port and implicit-TLS port).

    Needs root (Dovecot's master drops privileges per process).  ``start()``
    writes a config into a fresh temporary directory, runs ``dovecot -F -c``
    in its own process group and waits until both ports answer; ``stop()``
    ends that process group and removes the directory (unless ``keep=True``).
    """

    host = LOCALHOST

    def __init__(
        self,
        user: str = DEFAULT_USER,
        password: str = DEFAULT_PASSWORD,
        *,
        tls: TlsFiles | None = None,
        parent_dir: Path | None = None,
        startup_timeout: float = 20.0,
        keep: bool = False,
    ) -> None:
        if os.geteuid() != 0:
            raise MailServerError(
                "Dovecot test servers need root (the master drops privileges per process)"
            )
        self._binary = _require_binary("dovecot", "dovecot-imapd")
        self._doveadm = _require_binary("doveadm", "dovecot-core")
        self.version = dovecot_version(self._binary)
        self.user = MailUser(user, password)
        self._users: dict[str, MailUser] = {user: self.user}
        self._given_tls = tls
        self._parent_dir = parent_dir
        self._startup_timeout = startup_timeout
        self._keep = keep
        self._process: subprocess.Popen[bytes] | None = None
        self._layout: DovecotLayout | None = None
        self._owner = _mail_owner()

    # ----------------------------------------------------------------- lifecycle

    def __enter__(self) -> Dovecot:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def layout(self) -> DovecotLayout:
        if self._layout is None:
            raise MailServerError("Dovecot has not been started")
        return self._layout

    @property
    def imap_port(self) -> int:
        """Port for plain IMAP with STARTTLS."""
        return self.layout.imap_port

    @property
    def imaps_port(self) -> int:
        """Port for IMAP over implicit TLS."""
        return self.layout.imaps_port

    @property
    def tls(self) -> TlsFiles:
        return self.layout.tls

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, attempts: int = 3) -> None:
        """Start the server; on a port clash (another worker took the port) retry with new ports."""
        if self.is_running():
            return
        if self._layout is None:
            self._layout = self._prepare_layout()
        last_error: MailServerError | None = None
        for _ in range(attempts):
            try:
                self._launch()
                _LIVE_SERVERS.add(self)
                return
            except MailServerError as error:
                last_error = error
                self._kill_group()
                if "already in use" not in self.log_text():
                    break
                self._layout = self._relocate_ports(self.layout)
        raise MailServerError(
            f"dovecot did not start: {last_error}\n--- log ---\n{self.log_text()}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL to its process group) and clean up."""
        self.halt(timeout)
        _LIVE_SERVERS.discard(self)
        if self._layout is not None and not self._keep:
            shutil.rmtree(self._layout.root, ignore_errors=True)
            self._layout = None

    def halt(self, timeout: float = 10.0) -> None:
        """Stop the processes but keep ports, users and mail, so that ``start()`` resumes them."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self._kill_group()
        self._process = None

    def restart(self) -> None:
        """Stop and start again on the same ports, with the same users and mail."""
        self.halt()
        self.start()

    def _prepare_layout(self) -> DovecotLayout:
        root = Path(tempfile.mkdtemp(prefix="dovecot-", dir=self._parent_dir))
        # Short paths matter: unix socket paths (base_dir/...) are limited to 107 bytes.
        root.chmod(0o755)  # the auth process runs as user 'dovecot' and reads the users file
        tls = self._given_tls or make_self_signed_cert(root / "tls")
        layout = DovecotLayout(
            root=root,
            imap_port=free_port(),
            imaps_port=free_port(),
            tls=tls,
            instance_name=f"dovecot-test-{secrets.token_hex(4)}",
        )
        layout.homes.mkdir()
        self._write_user(layout, self.user)
        return layout

    def _relocate_ports(self, layout: DovecotLayout) -> DovecotLayout:
        return DovecotLayout(
            layout.root, free_port(), free_port(), layout.tls, layout.instance_name
        )

    def _launch(self) -> None:
        layout = self.layout
        layout.config.write_text(render_config(layout, self.version), encoding="utf-8")
        layout.log.unlink(missing_ok=True)
        with open(layout.root / "stdout.log", "ab") as output:
            self._process = subprocess.Popen(
                [*_die_with_parent_prefix(), self._binary, "-F", "-c", str(layout.config)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: stop() can end every child
            )
        for port in (layout.imap_port, layout.imaps_port):
            wait_for_port(self.host, port, self._startup_timeout, self.is_running)

    def _kill_group(self) -> None:
        process = self._process
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def group_processes(self) -> list[int]:
        """PIDs still alive in this server's process group (empty once stopped)."""
        if self._process is None:
            return []
        return pids_in_group(self._process.pid)

    # ----------------------------------------------------------------- users

    def _write_user(self, layout: DovecotLayout, user: MailUser) -> None:
        """Write *user*'s own passwd-file and home directory.

        One file per user (the config has ``.../users/%u``): Dovecot checks a
        passwd-file for changes at most once a second and by mtime/size, so a
        user appended to a shared file right after a login stays unknown for
        up to a second.  A new file is read on the first lookup of its path.
        """
        uid, gid = self._owner
        home = layout.homes / user.name
        home.mkdir(exist_ok=True)
        os.chown(home, uid, gid)
        layout.users_dir.mkdir(mode=0o755, exist_ok=True)
        entry = layout.users_dir / user.name
        entry.write_text(
            f"{user.name}:{{PLAIN}}{user.password}:{uid}:{gid}::{home}::\n", encoding="utf-8"
        )
        entry.chmod(0o644)  # read by the auth process, which runs as user 'dovecot'

    def add_user(self, name: str, password: str = DEFAULT_PASSWORD) -> MailUser:
        """Create another IMAP user (a clean mailbox for one test); works while running."""
        if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
            raise ValueError(f"unsafe user name: {name!r}")
        if name in self._users:
            raise ValueError(f"user {name!r} exists already")
        user = MailUser(name, password)
        self._users[name] = user
        self._write_user(self.layout, user)
        return user

    def maildir(self, user: str | None = None) -> Path:
        """Path of *user*'s Maildir (INBOX)."""
        return self.layout.homes / (user or self.user.name) / "Maildir"

    # ----------------------------------------------------------------- mail

    def admin_connection(self, user: str | None = None) -> imaplib.IMAP4:
        """A logged-in plain IMAP connection for test set-up and assertions."""
        account = self._users[user or self.user.name]
        connection = imaplib.IMAP4(self.host, self.imap_port, timeout=30)
        # imaplib writes a literal and its CRLF separately: without NODELAY, Nagle
        # makes every APPEND wait for an ACK.
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.login(account.name, account.password)
        return connection

    def append(
        self,
        message: bytes | EmailMessage,
        internaldate: datetime | None = None,
        *,
        folder: str = "INBOX",
        flags: str = "",
        user: str | None = None,
    ) -> int:
        """IMAP APPEND one message with the given INTERNALDATE; return its UID."""
        return self.append_many([(message, internaldate)], folder=folder, flags=flags, user=user)[0]

    def append_many(
        self,
        messages: Iterable[tuple[bytes | EmailMessage, datetime | None]],
        *,
        folder: str = "INBOX",
        flags: str = "",
        user: str | None = None,
    ) -> list[int]:
        """IMAP APPEND many messages over one connection; return their UIDs in order.

        *folder* must already be in IMAP wire form (modified UTF-7, quoted if
        needed); it is created when missing.
        """
        connection = self.admin_connection(user)
        try:
            connection.create(folder)  # NO [ALREADYEXISTS] is fine
            return [
                self._append_one(connection, folder, flags, raw, date) for raw, date in messages
            ]
        finally:
            _logout_quietly(connection)

    @staticmethod
    def _append_one(
        connection: imaplib.IMAP4,
        folder: str,
        flags: str,
        message: bytes | EmailMessage,
        internaldate: datetime | None,
    ) -> int:
        raw = to_wire_bytes(message)
        date_arg = imaplib.Time2Internaldate(internaldate) if internaldate else None
        status, data = connection.append(folder, f"({flags})" if flags else None, date_arg, raw)
        if status != "OK":
            raise MailServerError(f"APPEND failed: {data!r}")
        match = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        if match is None:
            raise MailServerError(f"server sent no APPENDUID: {data!r}")
        return int(match.group(1))

    def deliver_maildir(
        self,
        message: bytes | EmailMessage,
        received: datetime | None = None,
        *,
        user: str | None = None,
    ) -> Path:
        """Drop a message straight into the INBOX Maildir (like a local MDA).

        Dovecot takes the file's mtime as INTERNALDATE, so *received* is set
        as mtime.  The message gets its UID when a client next looks at the folder.
        """
        maildir = self.maildir(user)
        for sub in ("tmp", "new", "cur"):
            (maildir / sub).mkdir(parents=True, exist_ok=True)
            os.chown(maildir / sub, *self._owner)
        os.chown(maildir, *self._owner)
        name = f"{time.time_ns()}.P{os.getpid()}Q{secrets.token_hex(6)}.localhost"
        temporary = maildir / "tmp" / name
        temporary.write_bytes(to_wire_bytes(message))
        os.chown(temporary, *self._owner)
        if received is not None:
            stamp = received.timestamp()
            os.utime(temporary, (stamp, stamp))
        final = maildir / "new" / name
        temporary.rename(final)
        return final

    def folder_uids(self, folder: str = "INBOX", *, user: str | None = None) -> dict[int, set[str]]:
        """UID -> flags of every message in *folder* (wire form), for assertions."""
        connection = self.admin_connection(user)
        try:
            status, _ = connection.select(folder, readonly=True)
            if status != "OK":
                return {}
            _, data = connection.uid("FETCH", "1:*", "(UID FLAGS)")
            return _parse_uid_flags(data)
        finally:
            _logout_quietly(connection)

    # ----------------------------------------------------------------- faults

    def doveadm(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``doveadm -c CONFIG ARGS`` against this instance."""
        return subprocess.run(
            [self._doveadm, "-c", str(self.layout.config), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )

    def kick(self, user: str | None = None) -> None:
        """Disconnect every IMAP session of *user* (``doveadm kick``): a dropped connection."""
        result = self.doveadm("kick", user or self.user.name)
        if result.returncode != 0:
            raise MailServerError(f"doveadm kick failed: {result.stderr.strip()}")

    def log_text(self) -> str:
        """Dovecot's log so far (useful in assertion messages)."""
        if self._layout is None:
            return ""
        parts = [
            p.read_text(errors="replace")
            for p in (self._layout.log, self._layout.root / "stdout.log")
            if p.exists()
        ]
        return "\n".join(parts)


def pids_in_group(pgid: int) -> list[int]:
    """PIDs of live (non-zombie) processes whose process group is *pgid* (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and fields[0] != "Z" and int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


def _parse_uid_flags(data: Sequence[Any]) -> dict[int, set[str]]:
    result: dict[int, set[str]] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid = re.search(rb"UID (\d+)", line)
        flags = re.search(rb"FLAGS \(([^)]*)\)", line)
        if uid:
            result[int(uid.group(1))] = set(flags.group(1).decode().split()) if flags else set()
    return result


def _logout_quietly(connection: imaplib.IMAP4) -> None:
    try:
        connection.logout()
    except (imaplib.IMAP4.error, OSError):
        pass


def to_wire_bytes(message: bytes | EmailMessage) -> bytes:
    """Serialize a message with CRLF line ends, as it travels over IMAP/SMTP."""
    if isinstance(message, bytes):
        return message
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


# --------------------------------------------------------------------------- drop proxy


class DroppingProxy:
    """A TCP forwarder that cuts connections after a number of server-to-client bytes.

    Put it between a client and a real server to drop a connection in the
    middle of a FETCH literal (TLS passes through untouched).  The first
    *drops* connections are cut with a TCP reset once they carried
    *drop_after_bytes* bytes from the server; later ones pass through.
    """

    host = LOCALHOST

    def __init__(
        self,
        target_port: int,
        *,
        drop_after_bytes: int,
        drops: int = 1,
        target_host: str = LOCALHOST,
    ) -> None:
        self.target = (target_host, target_port)
        self.drop_after_bytes = drop_after_bytes
        self.drops_left = drops
        self.dropped = 0
        self.connections = 0
        self._listener = socket.create_server((self.host, 0))
        self.port = int(self._listener.getsockname()[1])
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name="drop-proxy", daemon=True
        )

    def __enter__(self) -> DroppingProxy:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._accept_thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._listener.close()
        self._accept_thread.join(5)
        for thread in self._threads:
            thread.join(5)

    def _accept_loop(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                cut = self.drops_left > 0
                self.drops_left -= int(cut)
            thread = threading.Thread(target=self._pump, args=(client, cut), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _pump(self, client: socket.socket, cut: bool) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=10)
        except OSError:
            client.close()
            return
        sent_to_client = 0
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, upstream)
            selector.register(upstream, selectors.EVENT_READ, client)
            while not self._stopping.is_set():
                for key, _ in selector.select(0.2):
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = _recv(source)
                    if not data or not _send(key.data, data):
                        _close_all(client, upstream, reset=False)
                        return
                    if source is upstream:
                        sent_to_client += len(data)
                    if cut and sent_to_client >= self.drop_after_bytes:
                        with self._lock:
                            self.dropped += 1
                        _close_all(client, upstream, reset=True)
                        return
        _close_all(client, upstream, reset=False)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def _close_all(*sockets: socket.socket, reset: bool) -> None:
    for sock in sockets:
        if reset:
            try:  # SO_LINGER 0: close sends RST, like a NAT box or a crashed peer
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        sock.close()


# --------------------------------------------------------------------------- SMTP sink


@dataclass(frozen=True)
class ReceivedMail:
    """One message accepted by :class:`SmtpSink`."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    authenticated_as: str | None
    tls: bool

    def message(self) -> EmailMessage:
        """Parse the received bytes with the modern email API."""
        return email.message_from_bytes(self.data, policy=email.policy.default)


@dataclass
class _SinkState:
    messages: list[ReceivedMail] = field(default_factory=list)
    condition: threading.Condition = field(default_factory=threading.Condition)


class _RecordingHandler:
    """aiosmtpd handler that stores every message."""

    def __init__(self, state: _SinkState) -> None:
        self._state = state

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        login = getattr(session.auth_data, "login", None) if session.authenticated else None
        received = ReceivedMail(
            mail_from=envelope.mail_from,
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(envelope.original_content or envelope.content),
            authenticated_as=login.decode("utf-8", "replace") if isinstance(login, bytes) else None,
            # session.ssl is only set after STARTTLS; this covers implicit TLS too.
            tls=server.transport.get_extra_info("ssl_object") is not None,
        )
        with self._state.condition:
            self._state.messages.append(received)
            self._state.condition.notify_all()
        return "250 Message accepted for delivery"


class _PasswordAuthenticator:
    """aiosmtpd authenticator checking LOGIN/PLAIN credentials against a dict."""

    def __init__(self, users: Mapping[str, str]) -> None:
        self._users = dict(users)

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace")
        ok = self._users.get(user) == auth_data.password.decode("utf-8", "replace")
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


# aiosmtpd warns on every connection when AUTH is allowed without STARTTLS,
# which is exactly what the implicit-TLS and plain test sinks do.
warnings.filterwarnings(
    "ignore", message="Requiring AUTH while not requiring TLS", category=UserWarning
)


class _NoLoginDataNotice(logging.Filter):
    """aiosmtpd logs a deprecation notice on every login, from its own plumbing (it sets the
    attribute it deprecates): not news to a test or a benchmark."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "login_data is deprecated" not in record.getMessage()


logging.getLogger("mail.log").addFilter(_NoLoginDataNotice())


class SmtpSink:
    """An aiosmtpd server on a free 127.0.0.1 port that records every message.

    * ``users``: require AUTH (PLAIN/LOGIN) with these credentials (allowed
      without TLS too, for tests).
    * ``tls`` + ``implicit_tls=False``: offer STARTTLS (``require_starttls`` to insist).
    * ``tls`` + ``implicit_tls=True``: SMTPS, TLS from the first byte.
    """

    host = LOCALHOST

    def __init__(
        self,
        *,
        users: Mapping[str, str] | None = None,
        tls: TlsFiles | None = None,
        implicit_tls: bool = False,
        require_starttls: bool = False,
    ) -> None:
        if (implicit_tls or require_starttls) and tls is None:
            raise ValueError("implicit_tls/require_starttls need tls files")
        self._users = users
        self._tls = tls
        self._implicit_tls = implicit_tls
        self._require_starttls = require_starttls
        self._state = _SinkState()
        self._controller: Any = None
        self.port = 0

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def messages(self) -> list[ReceivedMail]:
        """A snapshot of the messages received so far."""
        with self._state.condition:
            return list(self._state.messages)

    def clear(self) -> None:
        with self._state.condition:
            self._state.messages.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedMail]:
        """Wait until at least *count* messages arrived; return them."""
        with self._state.condition:
            if not self._state.condition.wait_for(
                lambda: len(self._state.messages) >= count, timeout
            ):
                raise MailServerError(f"expected {count} messages, got {len(self._state.messages)}")
            return list(self._state.messages)

    def start(self, attempts: int = 3) -> None:
        """Start the server thread, retrying with another port if the port was taken."""
        for attempt in range(attempts):
            self.port = free_port()
            self._controller = self._make_controller()
            try:
                self._controller.start()
                _LIVE_SERVERS.add(self)
                return
            except OSError:
                if attempt == attempts - 1:
                    raise

    def stop(self) -> None:
        if self._controller is not None:
            try:
                self._controller.stop()
            except AssertionError:  # aiosmtpd asserts when stop() runs twice
                pass
            self._controller = None
        _LIVE_SERVERS.discard(self)

    def _make_controller(self) -> Any:
        from aiosmtpd.controller import Controller

        kwargs: dict[str, Any] = {
            "hostname": self.host,
            "port": self.port,
            "server_hostname": "sink.localhost",  # avoid socket.getfqdn() (slow without DNS)
            "ready_timeout": 10.0,
            "enable_SMTPUTF8": True,
            "decode_data": False,
        }
        if self._users is not None:
            kwargs.update(
                authenticator=_PasswordAuthenticator(self._users),
                auth_required=True,
                # aiosmtpd only knows about STARTTLS: with implicit TLS (or none)
                # it would refuse AUTH if TLS were required.
                auth_require_tls=self._tls is not None and not self._implicit_tls,
            )
        if self._tls is not None and self._implicit_tls:
            kwargs["ssl_context"] = self._tls.server_context()
        elif self._tls is not None:
            kwargs.update(
                tls_context=self._tls.server_context(), require_starttls=self._require_starttls
            )
        return Controller(_RecordingHandler(self._state), **kwargs)


def iter_attachments(message: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """(filename, payload bytes) of every attachment of a parsed message."""
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            yield part.get_filename() or "", payload
