"""The office's mail account, as ``mail fetch`` and ``mail send`` use it: the settings from the
config's ``[mail]`` section, the password from an environment variable or the OS keyring (never
from the config), and the transports' errors turned into clear Vietnamese messages (exit code 2).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from toolkit.common.i18n import t
from toolkit.config.errors import WorkspaceError

if TYPE_CHECKING:
    from toolkit.config.workspace import Workspace
    from toolkit.intake.imap import ImapSettings
    from toolkit.outputs.smtp import SmtpSettings

PASSWORD_ENV = "LAMTHEOBAC_MAIL_PASSWORD"
SMTP_PASSWORD_ENV = "LAMTHEOBAC_SMTP_PASSWORD"
KEYRING_SERVICE = "lamtheobac"


def keyring_name(user: str, host: str) -> str:
    """The name a password is kept under in the OS keyring (service ``lamtheobac``)."""
    return f"{user}@{host}"


def password_for(user: str, host: str, env_names: tuple[str, ...]) -> str:
    """The account's password: the first environment variable of ``env_names`` that is set,
    else the OS keyring (when the ``keyring`` package is installed). WorkspaceError else."""
    for name in env_names:
        value = os.environ.get(name)
        if value:
            return value
    try:
        import keyring
    except ImportError:
        keyring = None
    if keyring is not None:
        try:
            value = keyring.get_password(KEYRING_SERVICE, keyring_name(user, host))
        except Exception:           # no usable keyring backend on this computer
            value = None
        if value:
            return value
    raise WorkspaceError(t("err.mail_no_password", user=user, host=host, env=env_names[0],
                           name=keyring_name(user, host)))


def _need(ws: Workspace, key: str, value: str) -> str:
    if not value:
        raise WorkspaceError(t("err.mail_not_set", key=f"mail.{key}", path=ws.config.path))
    return value


def imap_settings(ws: Workspace) -> ImapSettings:
    """How to reach the office mailbox (IMAP)."""
    from toolkit.intake.imap import ImapSettings
    from toolkit.intake.transport import Security
    cfg = ws.config.mail
    host = _need(ws, "host", cfg.host)
    user = _need(ws, "user", cfg.user)
    return ImapSettings(host=host, user=user, password=password_for(user, host, (PASSWORD_ENV,)),
                        port=cfg.port or None, security=Security.parse(cfg.security),
                        ca_file=cfg.ca_path(ws.root), timeout=float(cfg.timeout))


def smtp_settings(ws: Workspace) -> SmtpSettings:
    """How to reach the outgoing server (SMTP); the account is the mailbox's unless set."""
    from toolkit.intake.transport import Security
    from toolkit.outputs.smtp import SmtpSettings
    cfg = ws.config.mail
    host = _need(ws, "smtp_host", cfg.smtp_host)
    user = cfg.smtp_user or cfg.user
    password = password_for(user, host, (SMTP_PASSWORD_ENV, PASSWORD_ENV)) if user else None
    return SmtpSettings(host=host, port=cfg.smtp_port or None,
                        security=Security.parse(cfg.smtp_security), user=user or None,
                        password=password, ca_file=cfg.ca_path(ws.root),
                        timeout=float(cfg.timeout))


@contextlib.contextmanager
def mail_errors(host: str, port: int, security: str, user: str, env: str,
                folder_key: str = "folder") -> Iterator[None]:
    """Turn the transports' errors into WorkspaceError with a Vietnamese message (exit 2)."""
    from toolkit.intake.imap import FolderError
    from toolkit.intake.transport import AuthError, ConnectError
    from toolkit.outputs.smtp import SendError
    try:
        yield
    except AuthError as exc:
        raise WorkspaceError(t("err.mail_auth", host=host, user=user, env=env,
                               detail=str(exc))) from None
    except ConnectError as exc:
        raise WorkspaceError(t("err.mail_connect", host=host, port=port, security=security,
                               detail=str(exc))) from None
    except FolderError as exc:
        raise WorkspaceError(t("err.mail_folder", detail=str(exc), key=f"mail.{folder_key}")
                             ) from None
    except SendError as exc:
        raise WorkspaceError(t("err.mail_send", host=host, detail=str(exc))) from None
