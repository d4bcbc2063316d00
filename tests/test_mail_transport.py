"""The IMAP fetch and SMTP send layers against REAL servers.

Dovecot and aiosmtpd run on 127.0.0.1 (see conftest.py / mailservers.py); nothing of imaplib or
smtplib is mocked.
"""

from __future__ import annotations

import email
import email.policy
import io
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from functools import cache
from typing import Any

import openpyxl
import pytest

import toolkit.intake.imap as imap_client
import toolkit.outputs.smtp as smtp_client
from tests.conftest import SMTP_PASSWORD, SMTP_USER
from tests.mailservers import (
    Dovecot,
    DroppingProxy,
    MailUser,
    SmtpSink,
    TlsFiles,
    free_port,
    iter_attachments,
    pids_in_group,
    to_wire_bytes,
)
from toolkit.intake.imap import (
    AuthError,
    ConnectError,
    FetchedMessage,
    ImapMailbox,
    ImapSettings,
    RetryPolicy,
    Security,
    UidValidityChangedError,
)
from toolkit.intake.imap_wire import (
    decode_mailbox_name,
    encode_mailbox_name,
    parse_internaldate,
    quote_mailbox,
    uid_set,
)
from toolkit.outputs.smtp import (
    XLSX_MIME,
    Attachment,
    SmtpSender,
    SmtpSettings,
    build_message,
    stable_message_id,
    thread_headers,
)

VN = timezone(timedelta(hours=7))
DONE_FOLDER = "Đã xử lý"
SINCE = date(2026, 1, 1)
NO_WAIT = RetryPolicy(attempts=5, initial_delay=0.05, max_delay=0.5)


# --------------------------------------------------------------------------- sample mail


@cache
def workbook_bytes(title: str = "Cam kết") -> bytes:
    """A small real .xlsx made with openpyxl, with Vietnamese text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(["Đơn vị", "Chỉ tiêu", "Giá trị"])
    sheet.append(["Phòng Kế hoạch – Tài chính", "Thu ngân sách", 1250.5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def unit_mail(
    number: int,
    *,
    workbooks: Iterable[tuple[str, bytes]] = (),
    subject: str | None = None,
) -> EmailMessage:
    """A department's mail: Vietnamese display name and subject (RFC 2047 on the wire)."""
    message = EmailMessage()
    message["From"] = Address(
        f"Phòng Tài nguyên và Môi trường số {number}", f"donvi{number}@huyen.test"
    )
    message["To"] = Address("Văn phòng Sở", "vanphong@so.test")
    message["Subject"] = subject or f"Báo cáo quý I/2026 – đơn vị {number:03d} (đã ký duyệt)"
    message["Date"] = email.utils.format_datetime(datetime(2026, 3, 14, 8, 30, tzinfo=VN))
    message["Message-ID"] = f"<unit-{number}@huyen.test>"
    message.set_content(
        f"Kính gửi Văn phòng Sở,\n\nĐơn vị số {number} xin gửi biểu mẫu đã điền.\n\nTrân trọng."
    )
    for filename, data in workbooks:
        message.add_attachment(
            data, maintype="application", subtype=XLSX_MIME.split("/")[1], filename=filename
        )
    return message


def forwarded_mail() -> EmailMessage:
    """A secretary forwards a unit's mail as an attachment (message/rfc822 holding the workbook)."""
    inner = unit_mail(7, workbooks=[("Biểu cam kết – xã Tân Hòa.xlsx", workbook_bytes())])
    outer = EmailMessage()
    outer["From"] = Address("Nguyễn Thị Hồng Nhung", "nhung@so.test")
    outer["To"] = Address("Văn phòng Sở", "vanphong@so.test")
    outer["Subject"] = "Fwd: " + str(inner["Subject"])
    outer["Message-ID"] = "<fwd-1@so.test>"
    outer.set_content("Chuyển tiếp thư của đơn vị 7.")
    outer.add_attachment(inner)  # -> message/rfc822 part
    return outer


def bounce_mail() -> bytes:
    """A delivery status notification (multipart/report; report-type=delivery-status)."""
    original = to_wire_bytes(unit_mail(9)).decode("utf-8")  # its body is 8bit UTF-8
    return (
        "From: Mail Delivery System <MAILER-DAEMON@so.test>\r\n"
        "To: vanphong@so.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@so.test>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"\r\n'
        "\r\n"
        "--BOUNDARY\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "Your message could not be delivered to donvi9@huyen.test.\r\n"
        "\r\n"
        "--BOUNDARY\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.so.test\r\n"
        "\r\n"
        "Final-Recipient: rfc822; donvi9@huyen.test\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "\r\n"
        "--BOUNDARY\r\n"
        "Content-Type: message/rfc822\r\n"
        "\r\n"
        f"{original}"
        "\r\n--BOUNDARY--\r\n"
    ).encode()


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def fetch_all(
    settings: ImapSettings, done: Iterable[int] = (), **options: object
) -> list[FetchedMessage]:
    with ImapMailbox(settings, **options) as box:  # type: ignore[arg-type]
        box.select("INBOX")
        return list(box.fetch_new(SINCE, set(done)))


def report(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """Print past pytest's capture (visible with -s; under xdist use -p no:xdist to see it)."""
    with capsys.disabled():
        print(f"\n[timing] {text}")


# --------------------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("INBOX", "INBOX"),
        ("Đã xử lý", "&ARAA4w- x&Hu0- l&AP0-"),
        ("Tom & Jerry", "Tom &- Jerry"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),  # RFC 3501 example
        ("Hộp thư đến/Năm 2026", "H&Htk-p th&AbA- &AREevw-n/N&AQM-m 2026"),
    ],
)
def test_modified_utf7_round_trip(text: str, wire: str) -> None:
    assert encode_mailbox_name(text) == wire
    assert decode_mailbox_name(wire) == text


def test_quote_mailbox_and_uid_set() -> None:
    assert quote_mailbox(DONE_FOLDER) == '"&ARAA4w- x&Hu0- l&AP0-"'
    assert quote_mailbox('a"b\\c') == '"a\\"b\\\\c"'
    assert uid_set([7, 1, 2, 3, 9, 10]) == "1:3,7,9:10"


def test_parse_internaldate_keeps_the_offset() -> None:
    parsed = parse_internaldate(" 7-Mar-2026 08:05:09 +0700")
    assert parsed == datetime(2026, 3, 7, 8, 5, 9, tzinfo=VN)
    assert parsed.utcoffset() == timedelta(hours=7)


# --------------------------------------------------------------------------- IMAP fetch


def test_fetch_200_vietnamese_mails(
    dovecot: Dovecot,
    imap_user: MailUser,
    imap_settings: ImapSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mails = [
        unit_mail(n, workbooks=[(f"Báo cáo đơn vị {n}.xlsx", workbook_bytes())])
        for n in range(1, 201)
    ]
    dates = [datetime(2026, 3, 14, 8, 0, tzinfo=VN) + timedelta(minutes=n) for n in range(200)]
    raws = [to_wire_bytes(mail) for mail in mails]
    started = time.perf_counter()
    uids = dovecot.append_many(zip(raws, dates), user=imap_user.name)
    append_seconds = time.perf_counter() - started

    started = time.perf_counter()
    fetched = fetch_all(imap_settings)
    fetch_seconds = time.perf_counter() - started

    assert [m.uid for m in fetched] == uids
    assert [m.internaldate for m in fetched] == dates
    assert [m.raw for m in fetched] == raws
    for original, message in zip(mails, fetched):
        parsed = parse(message.raw)
        assert parsed["Subject"] == original["Subject"]
        assert (
            parsed["From"].addresses[0].display_name == original["From"].addresses[0].display_name
        )
    assert b"=?utf-8?" in fetched[0].raw  # RFC 2047 on the wire
    started = time.perf_counter()
    with ImapMailbox(imap_settings) as box:
        box.select("INBOX")
        for message in fetched:
            box.commit(message.uid, move_to=DONE_FOLDER)
    commit_seconds = time.perf_counter() - started

    size_mb = sum(len(m.raw) for m in fetched) / 1e6
    report(
        capsys,
        f"append 200 mails: {append_seconds:.2f}s; "
        f"fetch 200 mails ({size_mb:.1f} MB): {fetch_seconds:.2f}s; "
        f"commit (\\Seen + MOVE, one by one) 200 mails: {commit_seconds:.2f}s",
    )


def test_rerun_with_nothing_new_is_fast(
    dovecot: Dovecot,
    imap_user: MailUser,
    imap_settings: ImapSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dovecot.append_many(((unit_mail(n), None) for n in range(200)), user=imap_user.name)
    with ImapMailbox(imap_settings) as box:
        box.select("INBOX")
        done = {message.key for message in box.fetch_new(SINCE)}
        started = time.perf_counter()
        box.commit_many([uid for _, _, uid in done])  # \Seen, stays in INBOX
        commit_seconds = time.perf_counter() - started

    started = time.perf_counter()
    with ImapMailbox(imap_settings) as box:
        state = box.select("INBOX")
        done_uids = {
            uid
            for folder, validity, uid in done
            if (folder, validity) == (state.name, state.uidvalidity)
        }
        again = list(box.fetch_new(SINCE, done_uids))
    rerun_seconds = time.perf_counter() - started

    assert again == []
    assert all("\\Seen" in flags for flags in dovecot.folder_uids(user=imap_user.name).values())
    report(
        capsys,
        f"commit_many (one UID STORE) 200 mails: {commit_seconds * 1000:.0f} ms; "
        f"re-run with nothing new (200 done; connect, login, select, search): "
        f"{rerun_seconds * 1000:.0f} ms",
    )
    assert rerun_seconds < 3.0  # goal <= 1 s (about 30 ms on an idle machine); slack for loaded CI


def test_mail_with_two_workbooks_one_without_forwarded_and_bounce(
    dovecot: Dovecot, imap_user: MailUser, imap_settings: ImapSettings
) -> None:
    two = unit_mail(
        1,
        workbooks=[
            ("Biểu 01 – cam kết.xlsx", workbook_bytes("A")),
            ("Biểu 02.xlsx", workbook_bytes("B")),
        ],
    )
    none = unit_mail(2, subject="Hỏi về thời hạn nộp báo cáo")
    forwarded = forwarded_mail()
    bounce = bounce_mail()
    sent = [to_wire_bytes(m) for m in (two, none, forwarded)] + [bounce]
    dovecot.append_many(((raw, None) for raw in sent), user=imap_user.name)

    fetched = fetch_all(imap_settings)

    assert [m.raw for m in fetched] == sent
    with_two, without, fwd, dsn = (parse(m.raw) for m in fetched)
    assert list(iter_attachments(with_two)) == [
        ("Biểu 01 – cam kết.xlsx", workbook_bytes("A")),
        ("Biểu 02.xlsx", workbook_bytes("B")),
    ]
    assert list(iter_attachments(without)) == []
    inner_part = next(fwd.iter_attachments())
    assert inner_part.get_content_type() == "message/rfc822"
    inner = inner_part.get_content()
    assert list(iter_attachments(inner)) == [("Biểu cam kết – xã Tân Hòa.xlsx", workbook_bytes())]
    assert dsn.get_content_type() == "multipart/report"
    assert dsn.get_param("report-type") == "delivery-status"
    assert [p.get_content_type() for p in dsn.iter_parts()] == [
        "text/plain",
        "message/delivery-status",
        "message/rfc822",
    ]


def test_maildir_delivery_uses_file_time_as_internaldate(
    dovecot: Dovecot, imap_user: MailUser, imap_settings: ImapSettings
) -> None:
    received = datetime(2026, 3, 14, 16, 59, 58, tzinfo=UTC)
    dovecot.deliver_maildir(unit_mail(3), received, user=imap_user.name)
    [message] = fetch_all(imap_settings)
    assert message.internaldate == received
    assert parse(message.raw)["Message-ID"] == "<unit-3@huyen.test>"


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_implicit_tls_and_starttls(
    dovecot: Dovecot, imap_user: MailUser, tls_files: TlsFiles, security: Security
) -> None:
    uid = dovecot.append(unit_mail(5), user=imap_user.name)
    port = dovecot.imaps_port if security is Security.TLS else dovecot.imap_port
    settings = ImapSettings(
        dovecot.host,
        imap_user.name,
        imap_user.password,
        port=port,
        security=security,
        ca_file=tls_files.cert,
    )
    with ImapMailbox(settings) as box:
        assert box.tls_version in ("TLSv1.2", "TLSv1.3")
        box.select("INBOX")
        [message] = list(box.fetch_new(SINCE))
    assert message.uid == uid


def test_wrong_password_is_auth_error_without_slowing_the_next_login(
    imap_user: MailUser, imap_settings: ImapSettings
) -> None:
    wrong = replace(imap_settings, password="sai-mat-khau")
    for _ in range(3):
        with pytest.raises(AuthError, match="AUTHENTICATIONFAILED"):
            ImapMailbox(wrong).connect()
    started = time.perf_counter()
    with ImapMailbox(imap_settings) as box:
        box.select("INBOX")
    assert time.perf_counter() - started < 1.0  # auth penalty is off in the test config


def test_unreachable_port_and_untrusted_certificate_are_connect_errors(
    dovecot: Dovecot, imap_settings: ImapSettings
) -> None:
    closed = replace(imap_settings, port=free_port())
    with pytest.raises(ConnectError, match="cannot connect"):
        ImapMailbox(closed).connect()
    untrusted = replace(imap_settings, ca_file=None)
    with pytest.raises(ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        ImapMailbox(untrusted).connect()
    starttls_untrusted = replace(untrusted, port=dovecot.imap_port, security=Security.STARTTLS)
    with pytest.raises(ConnectError, match="STARTTLS"):
        ImapMailbox(starttls_untrusted).connect()


def test_unknown_folder_is_folder_error(imap_settings: ImapSettings) -> None:
    with ImapMailbox(imap_settings) as box, pytest.raises(imap_client.FolderError):
        box.select("Không tồn tại")


# --------------------------------------------------------------------------- commit and move


@pytest.mark.parametrize("use_move", [None, False], ids=["MOVE", "COPY+EXPUNGE"])
def test_commit_moves_to_vietnamese_folder(
    dovecot: Dovecot, imap_user: MailUser, imap_settings: ImapSettings, use_move: bool | None
) -> None:
    dovecot.append_many(((unit_mail(n), None) for n in range(6)), user=imap_user.name)
    with ImapMailbox(imap_settings, use_move=use_move) as box:
        box.select("INBOX")
        messages = list(box.fetch_new(SINCE))
        for message in messages[:3]:
            box.commit(message.uid, move_to=DONE_FOLDER)
        box.commit_many([m.uid for m in messages[3:]], move_to=DONE_FOLDER)
        box.commit(messages[0].uid, move_to=DONE_FOLDER)  # repeating a commit is harmless
        assert DONE_FOLDER in box.list_folders()

    assert dovecot.folder_uids(user=imap_user.name) == {}
    moved = dovecot.folder_uids(quote_mailbox(DONE_FOLDER), user=imap_user.name)
    assert len(moved) == 6 and all("\\Seen" in flags for flags in moved.values())
    assert (dovecot.maildir(imap_user.name) / ".&ARAA4w- x&Hu0- l&AP0-").is_dir()
    listed = dovecot.doveadm("mailbox", "list", "-u", imap_user.name).stdout.splitlines()
    assert DONE_FOLDER in listed  # Dovecot itself decodes our encoding to the same name
    assert fetch_all(imap_settings) == []  # the re-run finds nothing


# --------------------------------------------------------------------------- dropped connections


def test_connection_dropped_mid_literal_resumes_without_loss_or_repeat(
    dovecot: Dovecot, imap_user: MailUser, imap_settings: ImapSettings
) -> None:
    mails = [
        to_wire_bytes(unit_mail(n, workbooks=[("b.xlsx", workbook_bytes())])) for n in range(60)
    ]
    uids = dovecot.append_many(((raw, None) for raw in mails), user=imap_user.name)
    batch_bytes = 10 * len(mails[0])
    with DroppingProxy(dovecot.imaps_port, drop_after_bytes=int(2.5 * batch_bytes)) as proxy:
        settings = replace(imap_settings, port=proxy.port)
        with ImapMailbox(settings, batch_size=10, retry=NO_WAIT) as box:
            box.select("INBOX")
            fetched = list(box.fetch_new(SINCE))
            reconnects = box.reconnects
    assert proxy.dropped == 1 and reconnects >= 1
    assert [m.uid for m in fetched] == uids
    assert [m.raw for m in fetched] == mails


def test_kick_between_commits_resumes_and_moves_everything_once(
    dovecot: Dovecot, imap_user: MailUser, imap_settings: ImapSettings
) -> None:
    uids = dovecot.append_many(((unit_mail(n), None) for n in range(30)), user=imap_user.name)
    seen: list[int] = []
    with ImapMailbox(imap_settings, batch_size=7, retry=NO_WAIT) as box:
        box.select("INBOX")
        for message in box.fetch_new(SINCE):
            seen.append(message.uid)
            if len(seen) in (5, 17):
                dovecot.kick(imap_user.name)  # server drops the session under us
            box.commit(message.uid, move_to=DONE_FOLDER)
        assert box.reconnects >= 2
    assert seen == uids
    assert dovecot.folder_uids(user=imap_user.name) == {}
    assert len(dovecot.folder_uids(quote_mailbox(DONE_FOLDER), user=imap_user.name)) == 30


def test_server_down_for_a_while_then_back(tls_files: TlsFiles) -> None:
    """A second Dovecot beside the session one: stop it mid-fetch, start it again later."""
    with Dovecot(tls=tls_files) as server:
        uids = server.append_many((unit_mail(n), None) for n in range(20))
        settings = ImapSettings(
            server.host,
            server.user.name,
            server.user.password,
            port=server.imaps_port,
            ca_file=tls_files.cert,
        )
        waits: list[float] = []

        def sleep(seconds: float) -> None:
            waits.append(seconds)
            time.sleep(seconds)

        restart = threading.Timer(1.5, server.start)
        seen: list[int] = []
        with ImapMailbox(
            settings,
            batch_size=5,
            retry=RetryPolicy(attempts=8, initial_delay=0.2, max_delay=1.0),
            sleep=sleep,
        ) as box:
            box.select("INBOX")
            for message in box.fetch_new(SINCE):
                seen.append(message.uid)
                if len(seen) == 5:
                    server.halt()
                    restart.start()
        restart.join()
        assert seen == uids
        assert len(waits) >= 2  # it did back off while the server was down


def test_uidvalidity_change_is_detected_on_resume(
    dovecot: Dovecot, imap_user: MailUser, imap_settings: ImapSettings
) -> None:
    folder = quote_mailbox("Thư đến")
    dovecot.append_many(
        ((unit_mail(n), None) for n in range(3)), folder=folder, user=imap_user.name
    )
    with ImapMailbox(imap_settings, batch_size=1, retry=NO_WAIT) as box:
        before = box.select("Thư đến")
        stream = box.fetch_new(SINCE)
        first = next(stream)
        assert first.key == ("Thư đến", before.uidvalidity, 1)
        admin = dovecot.admin_connection(imap_user.name)
        admin.delete(folder)
        admin.logout()
        dovecot.append_many(((unit_mail(9), None),), folder=folder, user=imap_user.name)
        dovecot.kick(imap_user.name)
        with pytest.raises(UidValidityChangedError):
            list(stream)


# --------------------------------------------------------------------------- SMTP


def _smtp_settings(sink: SmtpSink, tls_files: TlsFiles, **changes: Any) -> SmtpSettings:
    base = SmtpSettings(
        host=sink.host,
        port=sink.port,
        security=smtp_client.Security.STARTTLS,
        user=SMTP_USER,
        password=SMTP_PASSWORD,
        ca_file=tls_files.cert,
        timeout=10.0,
    )
    return replace(base, **changes)


def _form_mail(
    unit: int, attachments: list[Attachment], **threading_headers: object
) -> EmailMessage:
    return build_message(
        sender=Address("Văn phòng Sở Kế hoạch và Đầu tư", "vanphong@so.test"),
        to=[Address(f"Ủy ban nhân dân xã số {unit}", f"xa{unit}@huyen.test")],
        subject=f"Đề nghị điền biểu cam kết năm 2026 – xã số {unit}",
        body=(
            "Kính gửi Quý đơn vị,\n\n"
            "Đề nghị điền biểu mẫu đính kèm và gửi lại trước ngày 31/03/2026.\n\nTrân trọng."
        ),
        message_id=stable_message_id(f"pledge/2026/unit-{unit}", "so.test"),
        attachments=attachments,
        date=datetime(2026, 3, 1, 9, 0, tzinfo=VN),
        **threading_headers,  # type: ignore[arg-type]
    )


def test_send_with_starttls_auth_and_attachments_byte_for_byte(
    clean_smtp_sink: SmtpSink, tls_files: TlsFiles
) -> None:
    attachments = [
        Attachment("Biểu cam kết – xã số 4.xlsx", workbook_bytes("Cam kết")),
        Attachment("Hướng dẫn điền biểu.xlsx", workbook_bytes("Hướng dẫn")),
    ]
    in_reply_to, references = thread_headers("<reply-1@huyen.test>", ["<root@so.test>"])
    message = _form_mail(4, attachments, in_reply_to=in_reply_to, references=references)
    with SmtpSender(_smtp_settings(clean_smtp_sink, tls_files)) as sender:
        sender.send(message)

    [received] = clean_smtp_sink.wait_for(1)
    assert received.tls and received.authenticated_as == SMTP_USER
    assert received.mail_from == "vanphong@so.test" and received.rcpt_tos == ("xa4@huyen.test",)
    parsed = received.message()
    assert parsed["Subject"] == "Đề nghị điền biểu cam kết năm 2026 – xã số 4"
    assert parsed["To"].addresses[0].display_name == "Ủy ban nhân dân xã số 4"
    assert parsed["Message-ID"] == stable_message_id("pledge/2026/unit-4", "so.test")
    assert parsed["In-Reply-To"] == "<reply-1@huyen.test>"
    assert parsed["References"] == "<root@so.test> <reply-1@huyen.test>"
    body = parsed.get_body(("plain",))
    assert body is not None and "Đề nghị điền biểu mẫu" in body.get_content()
    assert list(iter_attachments(parsed)) == [(a.filename, a.data) for a in attachments]
    assert all(part.get_content_type() == XLSX_MIME for part in parsed.iter_attachments())
    assert max(len(line) for line in received.data.split(b"\r\n")) <= 998
    assert all(byte < 128 for byte in received.data)  # 7-bit clean: no 8BITMIME needed


def test_send_over_implicit_tls_without_login(tls_files: TlsFiles) -> None:
    with SmtpSink(tls=tls_files, implicit_tls=True) as sink:
        settings = _smtp_settings(
            sink, tls_files, security=smtp_client.Security.TLS, user=None, password=None
        )
        smtp_client.send_message(
            settings, _form_mail(8, [Attachment("Biểu.xlsx", workbook_bytes())])
        )
        [received] = sink.wait_for(1)
    assert received.tls and received.authenticated_as is None
    assert list(iter_attachments(received.message())) == [("Biểu.xlsx", workbook_bytes())]


def test_smtp_wrong_password_unreachable_and_untrusted(
    clean_smtp_sink: SmtpSink, tls_files: TlsFiles
) -> None:
    with pytest.raises(smtp_client.AuthError):
        SmtpSender(_smtp_settings(clean_smtp_sink, tls_files, password="sai")).connect()
    with pytest.raises(smtp_client.ConnectError, match="cannot connect"):
        SmtpSender(_smtp_settings(clean_smtp_sink, tls_files, port=free_port())).connect()
    with pytest.raises(smtp_client.ConnectError, match="STARTTLS"):
        SmtpSender(_smtp_settings(clean_smtp_sink, tls_files, ca_file=None)).connect()
    assert clean_smtp_sink.messages == []


def test_sent_form_and_unit_reply_thread_through_both_servers(
    clean_smtp_sink: SmtpSink,
    tls_files: TlsFiles,
    dovecot: Dovecot,
    imap_user: MailUser,
    imap_settings: ImapSettings,
) -> None:
    """Send a form over SMTP, the unit replies, fetch the reply over IMAP: the thread ties up."""
    form = _form_mail(12, [Attachment("Biểu cam kết.xlsx", workbook_bytes())])
    smtp_client.send_message(_smtp_settings(clean_smtp_sink, tls_files), form)
    [delivered] = clean_smtp_sink.wait_for(1)
    original = delivered.message()

    reply = unit_mail(
        12,
        workbooks=[("Biểu cam kết (đã điền).xlsx", workbook_bytes("Đã điền"))],
        subject="Re: " + str(original["Subject"]),
    )
    in_reply_to, references = thread_headers(original["Message-ID"], ())
    reply["In-Reply-To"] = in_reply_to
    reply["References"] = " ".join(references)
    dovecot.append(reply, datetime(2026, 3, 20, 10, 0, tzinfo=VN), user=imap_user.name)

    [fetched] = fetch_all(imap_settings)
    answer = parse(fetched.raw)
    assert answer["In-Reply-To"] == stable_message_id("pledge/2026/unit-12", "so.test")
    assert list(iter_attachments(answer)) == [
        ("Biểu cam kết (đã điền).xlsx", workbook_bytes("Đã điền"))
    ]


# --------------------------------------------------------------------------- housekeeping


def test_stopped_dovecot_leaves_no_process_and_no_files(tls_files: TlsFiles) -> None:
    server = Dovecot(tls=tls_files)
    server.start()
    root = server.layout.root
    connection = server.admin_connection()  # leave a session open: imap-login, auth, imap
    connection.select("INBOX")
    assert len(server.group_processes()) >= 4
    master = server.pid
    assert master is not None
    server.stop()
    connection.shutdown()  # the server is gone; just release our socket
    assert server.group_processes() == []
    assert pids_in_group(master) == []
    assert not root.exists()
