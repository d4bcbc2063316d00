"""What the mail transports (IMAP in, SMTP out) share: how a connection is protected, the TLS
context, and the errors a command maps to a clear message and exit code 2.

Standard library only; the messages here are technical (English) and end up under a Vietnamese
sentence the application layer writes (``err.mail_*`` in the message catalogue).
"""

from __future__ import annotations

import ssl
from enum import Enum
from pathlib import Path


class Security(Enum):
    """How the connection is protected."""

    TLS = "tls"            # TLS from the first byte: IMAP 993, SMTP 465
    STARTTLS = "starttls"  # plain connect, then STARTTLS: IMAP 143, SMTP 587

    @classmethod
    def parse(cls, value: str) -> Security:
        """``"tls"`` / ``"ssl"`` / ``"starttls"`` (any case) -> the member; ValueError else."""
        text = value.strip().lower()
        if text in ("tls", "ssl"):
            return cls.TLS
        if text == "starttls":
            return cls.STARTTLS
        raise ValueError(value)


def ssl_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """A verifying client context: trusts ``ca_file`` when given, else the system's CAs."""
    return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)


class TransportError(Exception):
    """Base class of the errors of the mail transports."""


class ConnectError(TransportError):
    """The server cannot be reached, TLS failed, or the connection kept dropping."""


class AuthError(TransportError):
    """The server refused the user name or password."""
