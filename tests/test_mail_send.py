"""`lamtheobac mail send` against a real SMTP server (aiosmtpd on 127.0.0.1; smtplib is not
mocked): each unit gets exactly its own files, a re-run sends nothing twice, a dry run writes the
same mails as .eml files, and a reply (or a delivery report) is tied back to what was sent."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import json

import pytest
from click.testing import CliRunner

from tests.conftest import SMTP_PASSWORD, SMTP_USER
from tests.helpers import pledge_rows
from tests.mail_helpers import SECRETARY, bounce, set_mail_config, unit_mail, wire
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.outputs.register import compute_register


def _smtp_ws(ws, sink, tls_files, monkeypatch, **extra):
    monkeypatch.setenv("LAMTHEOBAC_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.delenv("LAMTHEOBAC_MAIL_PASSWORD", raising=False)
    return set_mail_config(ws, smtp_host=sink.host, smtp_port=sink.port,
                           smtp_security="starttls", smtp_user=SMTP_USER,
                           ca_file=str(tls_files.cert), from_address=SECRETARY,
                           from_name="Văn phòng Chi bộ", **extra)


def _send(ws, *args):
    return CliRunner().invoke(main, ["-q", "mail", "send", "-w", str(ws.root), *args])


def _unit_of(data: bytes) -> str:
    """The unit code a workbook was made for (its hidden _meta sheet)."""
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book["_meta"]
    meta = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    return str(meta.get("unit_code") or meta.get("unit"))


def _attachments(msg):
    return [(part.get_filename(), part.get_payload(decode=True))
            for part in msg.iter_attachments()]


def test_each_unit_gets_exactly_its_own_form_once(ws, clean_smtp_sink, tls_files, monkeypatch):
    ws = _smtp_ws(ws, clean_smtp_sink, tls_files, monkeypatch)
    roster = ws.roster()
    result = _send(ws, "--form", "pledge", "--dry-run")
    assert result.exit_code == 0, result.output
    dry = sorted((ws.out / "thu-gui" / "form-pledge-2024").glob("*.eml"))
    assert [p.stem for p in dry] == sorted(roster.units)
    assert clean_smtp_sink.messages == []                  # a dry run sends nothing

    result = _send(ws, "--form", "pledge")
    assert result.exit_code == 0, result.output
    received = clean_smtp_sink.wait_for(len(roster.units))
    assert len(received) == len(roster.units)
    for got in received:
        assert got.authenticated_as == SMTP_USER and got.tls
        assert got.mail_from == SECRETARY
        msg = got.message()
        [to] = msg["To"].addresses
        unit = next(u for u in roster.units.values() if u.email == to.addr_spec)
        assert list(got.rcpt_tos) == [unit.email]
        files = _attachments(msg)
        assert len(files) == 1
        name, data = files[0]
        assert unit.code in name and _unit_of(data) == unit.code
        assert str(msg["Subject"]) == f"[{ws.config.org_short}] Bản đăng ký việc làm theo " \
                                      f"Năm 2024 – {unit.name}"
        assert "15/03/2024" in msg.get_body().get_content()
        assert all(b < 128 for b in got.data)                     # 7-bit clean on the wire
        # the dry run wrote the same mail
        dry_msg = email.message_from_bytes((ws.out / "thu-gui" / "form-pledge-2024" /
                                            f"{unit.code}.eml").read_bytes(),
                                           policy=email.policy.default)
        assert dry_msg["Message-ID"] == msg["Message-ID"]
        assert _attachments(dry_msg) == files

    clean_smtp_sink.clear()
    result = _send(ws, "--form", "pledge")
    assert result.exit_code == 0
    assert "không gửi lại" in result.output and clean_smtp_sink.messages == []
    with ws.store() as store:
        log = store.sent_log()
    assert [(r["unit"], r["kind"], r["status"]) for r in log] == \
        [(code, "form", "sent") for code in roster.units]


def test_feedback_and_reminders_go_only_to_the_units_concerned(
        ws, tmp_path, clean_smtp_sink, tls_files, monkeypatch):
    ws = _smtp_ws(ws, clean_smtp_sink, tls_files, monkeypatch)
    roster = ws.roster()
    u1, u2, u3 = list(roster.units)
    from tests.helpers import filled_workbook
    bad = pledge_rows(ws, u1)
    bad["emulation"] = []
    a, b = roster.units[u1], roster.units[u2]
    for unit, rows in ((a, bad), (b, pledge_rows(ws, u2))):
        data = filled_workbook(ws, tmp_path / f"{unit.code}.xlsx", unit.code, rows).read_bytes()
        (ws.inbox / f"{unit.code}.eml").write_bytes(wire(unit_mail(
            unit.email, unit.name, "Đăng ký", dt.datetime(2024, 3, 5, 9, 0), [("dk.xlsx", data)])))
    ingest(ws)
    result = _send(ws, "--feedback", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["unit"] for s in json.loads(result.output)["sent"]] == [u1]
    [got] = clean_smtp_sink.wait_for(1)
    msg = got.message()
    assert list(got.rcpt_tos) == [a.email]
    [(name, data)] = _attachments(msg)
    assert name.endswith("-can-sua.xlsx") and _unit_of(data) == u1
    assert "Đề nghị sửa" in str(msg["Subject"])
    clean_smtp_sink.clear()
    assert _send(ws, "--feedback").exit_code == 0           # the same corrections: not again
    assert clean_smtp_sink.messages == []

    result = _send(ws, "--remind", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["unit"] for s in json.loads(result.output)["sent"]] == [u3]
    [got] = clean_smtp_sink.wait_for(1)
    assert list(got.rcpt_tos) == [roster.units[u3].email]
    assert "Nhắc nộp" in str(got.message()["Subject"])
    clean_smtp_sink.clear()
    assert _send(ws, "--remind").exit_code == 0
    assert clean_smtp_sink.messages == []
    assert _send(ws, "--remind", "--resend").exit_code == 0    # on purpose, again
    assert len(clean_smtp_sink.wait_for(1)) == 1


def test_a_reply_and_a_bounce_are_tied_to_what_was_sent(
        ws, tmp_path, clean_smtp_sink, tls_files, monkeypatch):
    ws = _smtp_ws(ws, clean_smtp_sink, tls_files, monkeypatch)
    roster = ws.roster()
    u1, u2 = list(roster.units)[:2]
    assert _send(ws, "--form", "pledge").exit_code == 0
    sent = {m.rcpt_tos[0]: m for m in clean_smtp_sink.wait_for(len(roster.units))}
    a, b = roster.units[u1], roster.units[u2]
    sent_id = sent[a.email].message()["Message-ID"]
    # the unit fills the attached form and answers the mail
    name, data = _attachments(sent[a.email].message())[0]
    from tests.helpers import filled_workbook
    filled = filled_workbook(ws, tmp_path / "f.xlsx", u1, pledge_rows(ws, u1)).read_bytes()
    reply = unit_mail(a.email, a.name, "Re: " + str(sent[a.email].message()["Subject"]),
                      dt.datetime(2024, 3, 6, 10, 0), [(name, filled)], in_reply_to=sent_id)
    (ws.inbox / "tra-loi.eml").write_bytes(wire(reply))
    # the mail to the second unit came back
    (ws.inbox / "bao-loi.eml").write_bytes(bounce(sent[b.email].data, b.email,
                                                  dt.datetime(2024, 3, 6, 11, 0)))
    ingest(ws)
    lines = {line.name: line for line in compute_register(ws).lines}
    assert lines["tra-loi.eml"].reply_to["kind"] == "form"
    assert lines["tra-loi.eml"].reply_to["form"] == "pledge"
    assert lines[name].outcome == "current" and lines[name].unit == u1
    assert lines["bao-loi.eml"].outcome == "skipped"
    assert lines["bao-loi.eml"].reply_to["form"] == "pledge"
    assert name not in {line.name for line in compute_register(ws).lines
                        if line.parent == lines["bao-loi.eml"].no}
    with ws.store() as store:
        status = {r["unit"]: r["status"] for r in store.sent_log()}
    assert status[u2] == "bounced" and status[u1] == "sent"


def test_sending_needs_a_server_a_sender_and_the_right_password(
        ws, clean_smtp_sink, tls_files, monkeypatch):
    assert _send(ws, "--form", "pledge").exit_code == 2            # no from_address
    ws = _smtp_ws(ws, clean_smtp_sink, tls_files, monkeypatch)
    monkeypatch.setenv("LAMTHEOBAC_SMTP_PASSWORD", "sai")
    result = _send(ws, "--form", "pledge")
    assert result.exit_code == 2 and "từ chối đăng nhập" in result.output
    assert clean_smtp_sink.messages == []
    with ws.store() as store:
        assert store.sent_log() == []
    assert _send(ws).exit_code == 2                                # nothing chosen
    assert _send(ws, "--feedback", "--remind").exit_code == 2


@pytest.mark.parametrize("placeholder", ["{ten_don_vi}", "{unit"])
def test_a_template_with_an_unknown_placeholder_is_a_config_error(ws, placeholder):
    from toolkit.config.workspace import WorkspaceError
    with pytest.raises(WorkspaceError, match="mail.subject_form"):
        set_mail_config(ws, subject_form=f"Gửi {placeholder}")      # reopens the workspace


def test_a_long_vietnamese_subject_comes_back_word_for_word(clean_smtp_sink, tls_files):
    from email.headerregistry import Address

    from toolkit.outputs.smtp import Attachment, SmtpSender, SmtpSettings, build_message
    subject = ("[Ban Quản lý các KCN] Đề nghị sửa Bản đăng ký việc làm theo Năm 2024 – Phòng "
               "Quản lý Môi trường và Xây dựng khu công nghiệp")
    for cut in range(30, len(subject), 7):
        msg = build_message(sender=Address("Văn phòng", addr_spec=SECRETARY),
                            to=[Address("Phòng Kế hoạch – Tổng hợp", addr_spec="kh@x.vn")],
                            subject=subject[:cut].strip(), body="Kính gửi",
                            message_id=f"<{cut}@x.vn>",
                            attachments=[Attachment("Biểu mẫu đăng ký – Phòng Kế hoạch.xlsx",
                                                    b"PK")])
        with SmtpSender(SmtpSettings(clean_smtp_sink.host, clean_smtp_sink.port,
                                     user=SMTP_USER, password=SMTP_PASSWORD,
                                     ca_file=tls_files.cert)) as sender:
            sender.send(msg)
    for got, cut in zip(clean_smtp_sink.wait_for(len(range(30, len(subject), 7))),
                        range(30, len(subject), 7)):
        msg = got.message()
        assert str(msg["Subject"]) == subject[:cut].strip()
        assert msg["To"].addresses[0].display_name == "Phòng Kế hoạch – Tổng hợp"
        assert _attachments(msg) == [("Biểu mẫu đăng ký – Phòng Kế hoạch.xlsx", b"PK")]
        assert all(b < 128 for b in got.data)
