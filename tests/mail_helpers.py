"""Helpers for the mailbox tests: a workspace pointed at the test servers, and the mails units
(and mail servers) send: replies with workbooks, forwards, delivery reports."""

from __future__ import annotations

import datetime as dt
import random
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from toolkit.config.roster import write_roster
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster

VN = dt.timezone(dt.timedelta(hours=7))
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
SECRETARY = "vanphong@bqlkcn.bacgiang.gov.vn"


def set_mail_config(ws: Workspace, **values: Any) -> Workspace:
    """``ws`` with these ``[mail]`` keys set in its lamtheobac.toml (reopened)."""
    path = ws.config.path
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n[mail]\n")
    assert sep, "the config has a [mail] section"
    section, sep2, tail = rest.partition("\n# Danh mục chuẩn mực")
    for key, value in values.items():
        if isinstance(value, bool):
            literal = "true" if value else "false"
        elif isinstance(value, (int, dt.date)):
            literal = str(value)
        else:
            literal = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        line = f"{key} = {literal}"
        if re.search(rf"^{key} = ", section, flags=re.M):
            section = re.sub(rf"^{key} = .*$", lambda _m, line=line: line, section, count=1,
                             flags=re.M)
        else:
            section = line + "\n" + section
    path.write_text(head + sep + section + sep2 + tail, encoding="utf-8")
    return Workspace.open(ws.root)


def imap_workspace(root: Path, dovecot: Any, user: Any, tls: Any, *, n_units: int = 3,
                   min_people: int = 2, max_people: int = 3, **extra: Any) -> Workspace:
    """A 2024 workspace whose mailbox is ``user`` on the test Dovecot (implicit TLS, the test
    certificate trusted through ``ca_file``)."""
    w = init_workspace(root, 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=n_units,
                                                       min_people=min_people,
                                                       max_people=max_people))
    return set_mail_config(Workspace.open(root), host=dovecot.host, port=dovecot.imaps_port,
                           security="tls", user=user.name, ca_file=str(tls.cert),
                           since=dt.date(2024, 1, 1), timeout=10, **extra)


def unit_mail(sender: str, sender_name: str, subject: str, when: dt.datetime,
              attachments: list[tuple[str, bytes]] = (), message_id: str | None = None,
              in_reply_to: str | None = None, extra: list[tuple[str, bytes, str]] = ()
              ) -> EmailMessage:
    """A unit's mail: Vietnamese display name and subject, workbooks attached (and ``extra``
    (name, bytes, mime type) attachments)."""
    msg = EmailMessage()
    msg["From"] = Address(sender_name, addr_spec=sender)
    msg["To"] = Address("Văn phòng Chi bộ", addr_spec=SECRETARY)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when if when.tzinfo else when.replace(tzinfo=VN))
    msg["Message-ID"] = message_id or f"<{abs(hash((sender, subject, when)))}@donvi.test>"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content("Kính gửi Văn phòng,\n\nĐơn vị gửi kèm tệp theo yêu cầu.\n\nTrân trọng.")
    for name, data in attachments:
        msg.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    for name, data, mime in extra:
        main, sub = mime.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    msg.policy = msg.policy.clone(max_line_length=998)
    return msg


def forwarded(inner: EmailMessage, by: str, by_name: str, when: dt.datetime) -> EmailMessage:
    """``inner`` forwarded as an attachment (message/rfc822)."""
    outer = EmailMessage()
    outer["From"] = Address(by_name, addr_spec=by)
    outer["To"] = Address("Văn phòng Chi bộ", addr_spec=SECRETARY)
    outer["Subject"] = "Fwd: " + str(inner["Subject"])
    outer["Date"] = format_datetime(when.replace(tzinfo=VN))
    outer["Message-ID"] = f"<fwd-{abs(hash(str(inner['Message-ID'])))}@bqlkcn.test>"
    outer.set_content("Chuyển tiếp thư của đơn vị.")
    outer.add_attachment(inner)
    outer.policy = outer.policy.clone(max_line_length=998)
    return outer


def bounce(original: bytes, recipient: str, when: dt.datetime) -> bytes:
    """A delivery status notification quoting ``original`` (attachments and all)."""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@bqlkcn.test>\r\n"
        f"To: {SECRETARY}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {format_datetime(when.replace(tzinfo=VN))}\r\n"
        f"Message-ID: <bounce-{abs(hash(original))}@bqlkcn.test>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"\r\n'
        "\r\n--BOUNDARY\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        f"Your message could not be delivered to {recipient}.\r\n"
        "\r\n--BOUNDARY\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.bqlkcn.test\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "\r\n--BOUNDARY\r\nContent-Type: message/rfc822\r\n\r\n"
    ).encode() + original + b"\r\n--BOUNDARY--\r\n"


def wire(msg: EmailMessage) -> bytes:
    """The message as it travels (CRLF line ends)."""
    return msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
