"""Saved mails become attachments: real .eml, .mbox, .msg and winmail.dat files are built here."""

from __future__ import annotations

import base64
import hashlib
import io
import mailbox
import struct
import unicodedata
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit.intake.mail as mail_module
from toolkit.intake.mail import Attachment, MailError, MailMessage, is_mail_name, parse_mail

SUBJECT = "Báo cáo quý 1 – Phòng Kế hoạch"
FILENAME = "Bản đăng ký.xlsx"


@pytest.fixture(scope="module")
def xlsx_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("wb") / "a.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Đăng ký").write_row(0, 0, ["STT", "Họ và tên", "Việc làm theo"])
    wb.close()
    return path.read_bytes()


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def encoded_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def eml_main(xlsx: bytes, *, message_id: bool = True) -> bytes:
    """A unit's reply as Thunderbird/Gmail write it: alternative body + mixed with the workbook,
    the mixed part nested inside the alternative one, the file name in RFC 2231 form."""
    mid = "Message-ID: <20240401.1@kcn.gov.vn>\r\n" if message_id else ""
    text = (
        f"From: {encoded_word('Phòng Kế hoạch')} <PhongKH@KCN.gov.vn>\r\n"
        "To: vanphong@kcn.gov.vn\r\n"
        f"Subject: {encoded_word(SUBJECT)}\r\n"
        "Date: Mon, 01 Apr 2024 09:30:00 +0700\r\n"
        f"{mid}"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="ALT"\r\n'
        "\r\n"
        "--ALT\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "Kính gửi Văn phòng, phòng gửi bản đăng ký.\r\n"
        "--ALT\r\n"
        'Content-Type: multipart/mixed; boundary="MIX"\r\n'
        "\r\n"
        "--MIX\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "\r\n"
        "<p>Kính gửi Văn phòng</p>\r\n"
        "--MIX\r\n"
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment;\r\n"
        " filename*=utf-8''B%E1%BA%A3n%20%C4%91%C4%83ng%20k%C3%BD.xlsx\r\n"
        "\r\n"
        f"{b64(xlsx)}"
        "--MIX--\r\n"
        "--ALT--\r\n"
    )
    return text.encode("utf-8")


def test_is_mail_name() -> None:
    assert is_mail_name("Thư.EML") and is_mail_name("a.msg") and is_mail_name("hop-thu.mbox")
    assert not is_mail_name("winmail.dat")
    assert not is_mail_name("a.xlsx") and not is_mail_name("eml")


def test_eml_with_rfc2231_name_in_nested_multipart(tmp_path: Path, xlsx_bytes: bytes) -> None:
    path = tmp_path / "thu.eml"
    path.write_bytes(eml_main(xlsx_bytes))
    [msg] = parse_mail(path.name, path.read_bytes())
    assert isinstance(msg, MailMessage)
    assert msg.sender == "phongkh@kcn.gov.vn"
    assert msg.sender_name == "Phòng Kế hoạch"
    assert msg.subject == SUBJECT
    assert msg.date == datetime(2024, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    assert msg.date.tzinfo is not None
    assert msg.message_id == "<20240401.1@kcn.gov.vn>"
    assert msg.attachments == (Attachment(FILENAME, xlsx_bytes),)


def test_missing_message_id_is_the_hash(xlsx_bytes: bytes) -> None:
    raw = eml_main(xlsx_bytes, message_id=False)
    [msg] = parse_mail("a.eml", raw)
    assert msg.message_id == hashlib.sha256(raw).hexdigest()


def test_bad_date_is_none(xlsx_bytes: bytes) -> None:
    raw = eml_main(xlsx_bytes).replace(b"Mon, 01 Apr 2024 09:30:00 +0700", b"hom qua")
    assert parse_mail("a.eml", raw)[0].date is None


def test_forwarded_mail_carries_the_workbook(xlsx_bytes: bytes) -> None:
    inner = EmailMessage()
    inner["From"] = "Tổ Công đoàn <congdoan@kcn.gov.vn>"
    inner["Subject"] = "Bản đăng ký của tổ"
    inner.set_content("Gửi chị bản đăng ký.")
    inner.add_attachment(xlsx_bytes, maintype="application",
                         subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         filename="Tổ công đoàn.xlsx")
    outer = EmailMessage()
    outer["From"] = "Lê Thị Hoa <hoa@kcn.gov.vn>"
    outer["To"] = "vanphong@kcn.gov.vn"
    outer["Subject"] = "Fwd: Bản đăng ký của tổ"
    outer["Message-ID"] = "<fwd@kcn.gov.vn>"
    outer.set_content("Chuyển tiếp.")
    outer.add_attachment(inner)  # message/rfc822
    outer.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf",
                         filename="Công văn.pdf")
    [msg] = parse_mail("fwd.eml", outer.as_bytes())
    assert msg.sender == "hoa@kcn.gov.vn" and msg.sender_name == "Lê Thị Hoa"
    assert msg.subject == "Fwd: Bản đăng ký của tổ"
    names = [a.filename for a in msg.attachments]
    assert names == ["Tổ công đoàn.xlsx", "Công văn.pdf"]
    assert msg.attachments[0].data == xlsx_bytes


def test_forwarded_mail_wrongly_base64_encoded(xlsx_bytes: bytes) -> None:
    inner = EmailMessage()
    inner["From"] = "a@kcn.gov.vn"
    inner["Subject"] = "x"
    inner.set_content("x")
    inner.add_attachment(xlsx_bytes, maintype="application", subtype="octet-stream",
                         filename="ben-trong.xlsx")
    raw = (
        "From: b@kcn.gov.vn\r\nSubject: y\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        "Content-Type: text/plain\r\n\r\nxem\r\n--B\r\n"
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{b64(inner.as_bytes())}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert [a.filename for a in msg.attachments] == ["ben-trong.xlsx"]
    assert msg.attachments[0].data == xlsx_bytes


@pytest.mark.parametrize("disposition, expected", [
    # RFC 2231 continuations with a Vietnamese Windows code page (combining tone marks → NFC)
    ("attachment;\r\n filename*0*=windows-1258''%D0%F5n%20vi%F2%20ba%ECo;\r\n"
     " filename*1*=%20ca%ECo.xlsx", "Đơn vị báo cáo.xlsx"),
    # plain continuations
    ('attachment; filename*0="bao-cao-"; filename*1="quy-1.xlsx"', "bao-cao-quy-1.xlsx"),
    # RFC 2047 inside quotes, as Outlook and Gmail write it, folded over two lines
    ('attachment; filename="=?utf-8?b?QuG6o24gxJHEg25nIGvDvS54?=\r\n =?utf-8?b?bHN4?="',
     FILENAME),
    # both forms: the RFC 2231 one wins over the ASCII fallback
    ("attachment; filename=\"Ban dang ky.xlsx\";\r\n"
     " filename*=utf-8''B%E1%BA%A3n%20%C4%91%C4%83ng%20k%C3%BD.xlsx", FILENAME),
    # no folders, no way out of the archive
    ('attachment; filename="../../etc/Bao cao.xlsx"', "Bao cao.xlsx"),
    ('attachment; filename="C:\\\\Users\\\\Hoa\\\\Desktop\\\\Bao cao.xlsx"', "Bao cao.xlsx"),
    ('attachment; filename="bao:cao?.xlsx"', "bao_cao_.xlsx"),
])
def test_file_name_encodings(disposition: str, expected: str) -> None:
    raw = (
        "From: a@b.vn\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        "Content-Type: text/plain\r\n\r\nx\r\n--B\r\n"
        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Disposition: {disposition}\r\n\r\n{b64(b'PK-data')}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert [a.filename for a in msg.attachments] == [expected]
    assert msg.attachments[0].data == b"PK-data"


def test_raw_utf8_file_name_and_subject() -> None:
    raw = (
        "From: \"Phòng Tổ chức\" <tochuc@kcn.gov.vn>\r\nSubject: Gửi bản đăng ký\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        'Content-Type: application/vnd.ms-excel; name="Tổ chức.xlsx"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{b64(b'PK')}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert msg.subject == "Gửi bản đăng ký"
    assert msg.sender_name == "Phòng Tổ chức"
    assert [a.filename for a in msg.attachments] == ["Tổ chức.xlsx"]


def test_inline_part_with_a_name_counts_but_bodies_do_not() -> None:
    raw = (
        "From: a@b.vn\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        "Content-Type: text/html; charset=utf-8\r\n\r\n<img src=cid:x>\r\n--B\r\n"
        "Content-Type: image/png\r\nContent-ID: <x>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{b64(b'PNG')}--B\r\n"
        "Content-Type: application/octet-stream\r\n"
        'Content-Disposition: inline; filename="a.xlsx"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{b64(b'PK')}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert [a.filename for a in msg.attachments] == ["a.xlsx"]


def test_unnamed_workbook_attachment_gets_a_name() -> None:
    raw = (
        "From: a@b.vn\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        "Content-Type: text/plain\r\n\r\nx\r\n--B\r\n"
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{b64(b'PK')}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert len(msg.attachments) == 1
    assert msg.attachments[0].filename.endswith(".xlsx")


def test_mbox_with_three_messages(tmp_path: Path, xlsx_bytes: bytes) -> None:
    box = mailbox.mbox(str(tmp_path / "hop-thu.mbox"))
    for i in range(3):
        m = EmailMessage()
        m["From"] = f"Đơn vị {i} <dv{i}@kcn.gov.vn>"
        m["Subject"] = f"Bản đăng ký số {i}"
        m["Message-ID"] = f"<m{i}@kcn.gov.vn>"
        m["Date"] = f"Tue, 0{i + 2} Apr 2024 08:00:00 +0700"
        m.set_content("From the unit: see the file.\nFrom here on, thanks.\n")
        m.add_attachment(xlsx_bytes, maintype="application", subtype="octet-stream",
                         filename=f"Đơn vị {i}.xlsx")
        box.add(m)
    box.flush()
    box.close()
    messages = parse_mail("hop-thu.mbox", (tmp_path / "hop-thu.mbox").read_bytes())
    assert [m.message_id for m in messages] == ["<m0@kcn.gov.vn>", "<m1@kcn.gov.vn>",
                                                "<m2@kcn.gov.vn>"]
    assert [m.sender for m in messages] == ["dv0@kcn.gov.vn", "dv1@kcn.gov.vn", "dv2@kcn.gov.vn"]
    assert [m.subject for m in messages] == [f"Bản đăng ký số {i}" for i in range(3)]
    for i, m in enumerate(messages):
        assert m.attachments == (Attachment(f"Đơn vị {i}.xlsx", xlsx_bytes),)
        assert m.date is not None and m.date.day == i + 2


# ------------------------------------------------------------------------------ Outlook .msg

def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _props(header_len: int, entries: list[tuple[int, bytes]], counts: tuple[int, int] = (0, 0)
           ) -> bytes:
    out = bytearray(8)
    if header_len >= 24:
        out += struct.pack("<IIII", counts[0], counts[1], counts[0], counts[1])
    if header_len == 32:
        out += bytes(8)
    for tag, value in entries:
        out += struct.pack("<II", tag, 6) + value
    return bytes(out)


def _add_msg(writer, prefix: list[str], *, subject: str, headers: str,
             attachments: list[tuple], header_len: int) -> None:
    """Write one Outlook item (MS-OXMSG): string properties, then its attachments."""
    strings = {0x001A: "IPM.Note", 0x0037: subject, 0x007D: headers,
               0x0C1A: "Phòng Kế hoạch", 0x1000: "Xem tệp đính kèm."}
    entries = []
    for pid, text in strings.items():
        data = _utf16(text)
        writer.addEntry(prefix + [f"__substg1.0_{pid:04X}001F"], data)
        entries.append(((pid << 16) | 0x001F, struct.pack("<II", len(data) + 2, 0)))
    entries.append(((0x0E07 << 16) | 0x0003, struct.pack("<II", 1, 0)))  # flags: read, sent
    for i, att in enumerate(attachments):
        storage = prefix + [f"__attach_version1.0_#{i:08X}"]
        writer.addEntry(storage, storage=True)
        att_entries = []
        if att[0] == "file":
            _, name, data = att
            writer.addEntry(storage + ["__substg1.0_3707001F"], _utf16(name))
            writer.addEntry(storage + ["__substg1.0_37010102"], data)
            att_entries += [((0x3705 << 16) | 0x0003, struct.pack("<II", 1, 0)),
                            ((0x3707 << 16) | 0x001F, struct.pack("<II", len(_utf16(name)) + 2, 0)),
                            ((0x3701 << 16) | 0x0102, struct.pack("<II", len(data), 0))]
        else:  # an attached Outlook item
            embedded = storage + ["__substg1.0_3701000D"]
            writer.addEntry(embedded, storage=True)
            att_entries.append(((0x3705 << 16) | 0x0003, struct.pack("<II", 5, 0)))
            _add_msg(writer, embedded, header_len=24, **att[1])
        writer.addEntry(storage + ["__properties_version1.0"], _props(8, att_entries))
    writer.addEntry(prefix + ["__properties_version1.0"],
                    _props(header_len, entries, (0, len(attachments))))


def build_msg(xlsx: bytes) -> bytes:
    from extract_msg.ole_writer import OleWriter
    writer = OleWriter()
    writer.addEntry(["__nameid_version1.0"], storage=True)
    for stream in ("__substg1.0_00020102", "__substg1.0_00030102", "__substg1.0_00040102"):
        writer.addEntry(["__nameid_version1.0", stream], b"")
    headers = (f"From: {encoded_word('Phòng Kế hoạch')} <PhongKH@kcn.gov.vn>\r\n"
               f"Subject: {encoded_word(SUBJECT)}\r\n"
               "Date: Mon, 1 Apr 2024 09:30:00 +0700\r\n"
               "Message-ID: <outlook-1@kcn.gov.vn>\r\n\r\n")
    inner = {"subject": "Bản của tổ", "headers": "From: to@kcn.gov.vn\r\n\r\n",
             "attachments": [("file", "Tổ 1.xlsx", xlsx)]}
    _add_msg(writer, [], subject=SUBJECT, headers=headers, header_len=32,
             attachments=[("file", FILENAME, xlsx), ("msg", inner)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_outlook_msg_with_an_attached_msg(tmp_path: Path, xlsx_bytes: bytes) -> None:
    path = tmp_path / "Thư Outlook.msg"
    path.write_bytes(build_msg(xlsx_bytes))
    [msg] = parse_mail(path.name, path.read_bytes())
    assert msg.sender == "phongkh@kcn.gov.vn"
    assert msg.sender_name == "Phòng Kế hoạch"
    assert msg.subject == SUBJECT
    assert msg.message_id == "<outlook-1@kcn.gov.vn>"
    assert msg.date == datetime(2024, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    assert msg.attachments == (Attachment(FILENAME, xlsx_bytes),
                               Attachment("Tổ 1.xlsx", xlsx_bytes))


def test_outlook_msg_sniffed_even_when_named_eml(xlsx_bytes: bytes) -> None:
    [msg] = parse_mail("renamed.eml", build_msg(xlsx_bytes))
    assert msg.subject == SUBJECT


def test_saved_mails_attached_as_plain_files_are_opened(xlsx_bytes: bytes) -> None:
    inner = EmailMessage()
    inner["From"] = "to@kcn.gov.vn"
    inner["Subject"] = "Bản của tổ"
    inner.set_content("x")
    inner.add_attachment(xlsx_bytes, maintype="application", subtype="octet-stream",
                         filename="Tổ 2.xlsx")
    outer = EmailMessage()
    outer["From"] = "hoa@kcn.gov.vn"
    outer["Subject"] = "Gửi kèm thư"
    outer.set_content("x")
    outer.add_attachment(inner.as_bytes(), maintype="application", subtype="octet-stream",
                         filename="Thư của tổ.eml")
    outer.add_attachment(build_msg(xlsx_bytes), maintype="application",
                         subtype="vnd.ms-outlook", filename="Thư Outlook.msg")
    [msg] = parse_mail("a.eml", outer.as_bytes())
    assert [a.filename for a in msg.attachments] == [
        "Thư của tổ.eml", "Tổ 2.xlsx", "Thư Outlook.msg", FILENAME, "Tổ 1.xlsx"]
    assert msg.attachments[1].data == xlsx_bytes


# ------------------------------------------------------------------------------ winmail.dat

def _tnef_attr(level: int, attr: int, data: bytes) -> bytes:
    return struct.pack("<BII", level, attr, len(data)) + data + struct.pack(
        "<H", sum(data) & 0xFFFF)


def build_tnef(files: list[tuple[str, bytes]]) -> bytes:
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += _tnef_attr(1, 0x00089006, struct.pack("<I", 0x00010000))     # attTnefVersion
    out += _tnef_attr(1, 0x00069007, struct.pack("<II", 1258, 0))      # attOemCodepage
    for name, data in files:
        out += _tnef_attr(2, 0x00069002, bytes(14))                     # attAttachRenddata
        out += _tnef_attr(2, 0x00018010, b"BANDAN~1.XLS\x00")           # short 8.3 title
        out += _tnef_attr(2, 0x0006800F, data)                          # attAttachData
        long_name = _utf16(name) + b"\x00\x00"
        props = (struct.pack("<I", 2)
                 + struct.pack("<HHII", 0x0003, 0x3705, 1, 0)[:8]       # PR_ATTACH_METHOD
                 + struct.pack("<HHII", 0x001F, 0x3707, 1, len(long_name)) + long_name
                 + bytes(-len(long_name) % 4))
        out += _tnef_attr(2, 0x00069005, props)                         # attAttachment
    return out


def test_winmail_dat_is_unpacked(xlsx_bytes: bytes) -> None:
    tnef = build_tnef([(FILENAME, xlsx_bytes), ("Phụ lục.pdf", b"%PDF-1.4")])
    raw = (
        "From: a@kcn.gov.vn\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        "Content-Type: text/plain\r\n\r\nx\r\n--B\r\n"
        'Content-Type: application/ms-tnef; name="winmail.dat"\r\n'
        'Content-Disposition: attachment; filename="winmail.dat"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{b64(tnef)}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert msg.attachments == (Attachment(FILENAME, xlsx_bytes), Attachment("Phụ lục.pdf",
                                                                            b"%PDF-1.4"))


def test_winmail_dat_that_is_not_tnef_is_kept() -> None:
    raw = (
        "From: a@kcn.gov.vn\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        'Content-Type: application/ms-tnef; name="winmail.dat"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{b64(b'not tnef')}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    assert msg.attachments == (Attachment("winmail.dat", b"not tnef"),)


# ------------------------------------------------------------------------------ refusals

def test_unreadable_inputs_raise_mail_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(MailError):
        parse_mail("a.eml", b"")
    with pytest.raises(MailError):
        parse_mail("a.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(MailError):
        parse_mail("a.msg", b"this is not outlook")
    with pytest.raises(MailError):
        parse_mail("a.eml", bytes(range(256)) * 10)
    monkeypatch.setattr(mail_module, "MAX_MAIL_BYTES", 100)
    with pytest.raises(MailError) as exc:
        parse_mail("a.eml", b"From: a@b.vn\r\nSubject: x\r\n\r\n" + b"x" * 200)
    assert exc.value.reason


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=1500), st.sampled_from(["a.eml", "a.mbox", "a.msg"]))
def test_garbage_never_escapes_as_another_exception(blob: bytes, name: str) -> None:
    try:
        result = parse_mail(name, blob)
    except MailError:
        return
    assert all(isinstance(m, MailMessage) for m in result)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60), st.booleans())
def test_any_attachment_name_is_safe(name: str, extended: bool) -> None:
    if extended:
        param = "filename*=utf-8''" + quote(name.encode("utf-8"), safe="")
    else:
        param = 'filename="' + encoded_word(name) + '"'
    raw = (
        "From: a@b.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
        f"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; {param}\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{b64(b'data')}--B--\r\n"
    ).encode()
    [msg] = parse_mail("a.eml", raw)
    [att] = msg.attachments
    assert att.filename and "/" not in att.filename and "\\" not in att.filename
    assert att.filename not in (".", "..")
    assert not any(ord(ch) < 32 for ch in att.filename)
    assert unicodedata.is_normalized("NFC", att.filename)
    assert att.data == b"data"
