"""Sending mail over SMTP (standard library ``smtplib`` + ``email`` only), for ``mail send``.

:func:`build_message` makes a mail with a Vietnamese subject and body and .xlsx attachments,
7-bit clean for any relay (bodies quoted-printable or base64, non-ASCII headers RFC 2047,
non-ASCII file names RFC 2231), with a Message-ID chosen by the caller (so the send log can
recognise replies) and optional threading headers; :class:`SmtpSender` delivers it over STARTTLS
or implicit TLS, logging in when credentials are given.
"""

from __future__ import annotations

import email.policy
import hashlib
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from toolkit.intake.transport import AuthError, ConnectError, Security, TransportError, ssl_context

__all__ = [
    "Attachment", "AuthError", "ConnectError", "SendError", "Security", "SmtpSender",
    "SmtpSettings", "build_message", "stable_message_id", "thread_headers",
]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Default policy, but never raw 8-bit bodies: the text part becomes
# quoted-printable or base64, so any relay (even without 8BITMIME) passes it.
MESSAGE_POLICY = email.policy.default.clone(cte_type="7bit")
# How a built message is written out: header lines are not folded at 78 characters. Python's
# folding of RFC 2047 encoded words drops the space at some fold points (3.11: the subject
# "… Đề nghị sửa Bản đăng ký …" came back as "… sửaBản …"); unfolded, an encoded header is one
# line (well under the 998 allowed) and every client reads it back exactly. Bodies and file names
# are encoded before this applies (base64 / quoted-printable lines of 76).
SEND_POLICY = MESSAGE_POLICY.clone(max_line_length=998)


class SendError(TransportError):
    """The server refused the sender, the recipients or the message."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int | None = None
    security: Security = Security.STARTTLS
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    timeout: float = 30.0
    local_hostname: str = "localhost"  # EHLO name; avoids a slow socket.getfqdn()

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return 465 if self.security is Security.TLS else 587

    def ssl_context(self) -> ssl.SSLContext:
        return ssl_context(self.ca_file)


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime_type: str = XLSX_MIME


# --------------------------------------------------------------------------- building


def stable_message_id(key: str, domain: str) -> str:
    """A Message-ID derived from *key* (e.g. "pledge/2026/unit-07/v1"): the same key, the same id.

    The send log stores the key; a reply's In-Reply-To then maps back to it.
    """
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def thread_headers(
    parent_message_id: str, parent_references: Sequence[str] = ()
) -> tuple[str, list[str]]:
    """(In-Reply-To, References) for a message answering *parent_message_id* (RFC 5322 3.6.4)."""
    references = [ref for ref in parent_references if ref != parent_message_id]
    return parent_message_id, [*references, parent_message_id]


def build_message(
    *,
    sender: Address,
    to: Sequence[Address],
    subject: str,
    body: str,
    message_id: str,
    attachments: Sequence[Attachment] = (),
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    date: datetime | None = None,
) -> EmailMessage:
    """Build a UTF-8 mail; non-ASCII headers are RFC 2047, non-ASCII file names RFC 2231."""
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = sender
    message["To"] = list(to)
    message["Subject"] = subject
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = " ".join(references)
    message.set_content(body, charset="utf-8")
    for attachment in attachments:
        maintype, subtype = attachment.mime_type.split("/", 1)
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    message.policy = SEND_POLICY
    return message


# --------------------------------------------------------------------------- sending


class SmtpSender:
    """One SMTP session; send many messages, then ``close()`` (or use ``with``)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSender:
        self.connect()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def connect(self) -> None:
        smtp = self._open()
        try:
            self._login(smtp)
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp

    def _open(self) -> smtplib.SMTP:
        settings = self.settings
        host, port = settings.host, settings.effective_port
        try:
            if settings.security is Security.TLS:
                return smtplib.SMTP_SSL(
                    host,
                    port,
                    local_hostname=settings.local_hostname,
                    timeout=settings.timeout,
                    context=settings.ssl_context(),
                )
            smtp = smtplib.SMTP(
                host, port, local_hostname=settings.local_hostname, timeout=settings.timeout
            )
        except (OSError, smtplib.SMTPException) as error:
            raise ConnectError(f"cannot connect to {host}:{port}: {error}") from error
        try:
            smtp.starttls(context=settings.ssl_context())
        except (OSError, smtplib.SMTPException) as error:
            smtp.close()
            raise ConnectError(f"STARTTLS with {host}:{port} failed: {error}") from error
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        if self.settings.user is None:
            return
        try:
            smtp.login(self.settings.user, self.settings.password or "")
        except smtplib.SMTPAuthenticationError as error:
            raise AuthError(
                f"login as {self.settings.user!r} refused: {error.smtp_error!r}"
            ) from error
        except smtplib.SMTPNotSupportedError as error:
            raise AuthError(f"server offers no AUTH: {error}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise ConnectError(f"connection failed during login: {error}") from error

    def send(self, message: EmailMessage) -> None:
        """Send *message* to its To/Cc/Bcc; raise SendError if any recipient is refused."""
        if self._smtp is None:
            raise ConnectError("not connected")
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise SendError(f"all recipients refused: {error.recipients!r}") from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise SendError(str(error)) from error
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            raise ConnectError(f"connection lost while sending: {error}") from error
        except smtplib.SMTPException as error:
            raise SendError(str(error)) from error
        if refused:
            raise SendError(f"recipients refused: {refused!r}")

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def send_message(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send one message in its own session."""
    with SmtpSender(settings) as sender:
        sender.send(message)
