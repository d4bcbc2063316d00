"""`--password`: templates sent encrypted, received encrypted workbooks opened with the password."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner

from tests.helpers import filled_workbook, mail, pledge_rows
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.common.crypto import DecryptError, decrypt_bytes, encrypt_file
from toolkit.intake.safety import inspect_bytes

PASSWORD = "Mật-khẩu 2024"


def test_encrypt_then_decrypt_gives_the_same_bytes(tmp_path) -> None:
    path = tmp_path / "a.xlsx"
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Đăng ký").write_string(0, 0, "Việc làm theo")
    wb.close()
    plain = path.read_bytes()
    encrypt_file(path, PASSWORD)
    sealed = path.read_bytes()
    assert sealed != plain and sealed[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert decrypt_bytes(sealed, PASSWORD) == plain
    with pytest.raises(DecryptError):
        decrypt_bytes(sealed, "sai mật khẩu")
    with pytest.raises(ValueError):                   # damaged: not a password problem
        decrypt_bytes(sealed[: len(sealed) // 2], PASSWORD)


def test_templates_with_password_are_encrypted_and_ingest_with_it(ws) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["templates", "-w", str(ws.root), "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    paths = sorted((ws.out / "gui-don-vi" / "pledge-2024").glob("*.xlsx"))
    assert len(paths) == len(ws.roster().units)
    for p in paths:
        ins = inspect_bytes(p.name, p.read_bytes())
        assert [f.code for f in ins.findings] == ["FILE_ENCRYPTED"] and not ins.readable
        assert decrypt_bytes(p.read_bytes(), PASSWORD)[:4] == b"PK\x03\x04"
    # the units send them back (still encrypted, as sent): readable with the password only
    for p in paths:
        (ws.inbox / p.name).write_bytes(p.read_bytes())
        when = dt.datetime(2024, 3, 2, 9).timestamp()
        os.utime(ws.inbox / p.name, (when, when))
    result = runner.invoke(main, ["ingest", "-w", str(ws.root), "--format", "json",
                                  "--password", PASSWORD])
    import json
    data = json.loads(result.output)
    assert data["stored"] == len(paths) and data["rejected"] == 0, data
    codes = {i["code"] for f in data["files"] for i in f["issues"]}
    assert not {c for c in codes if c.startswith(("FILE_", "META_"))}, codes


def test_refused_for_a_password_then_read_with_it(ws, tmp_path) -> None:
    """What the secretary does: ingest -> FILE_ENCRYPTED ("run with --password"); a wrong
    password -> FILE_PASSWORD_WRONG; the right one -> stored, records as typed. Each time the
    refused file is read again (not skipped as already seen), and the store ends with one file,
    one submission and no stale refusal."""
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    sealed = filled_workbook(ws, tmp_path / "plain.xlsx", unit, rows)
    encrypt_file(sealed, PASSWORD)
    target = ws.inbox / sealed.name
    target.write_bytes(sealed.read_bytes())
    when = dt.datetime(2024, 3, 2, 9).timestamp()
    os.utime(target, (when, when))
    roster = ws.roster()
    mail(ws.inbox / "thu.eml", roster.units[unit].email, "Bản đăng ký (có mật khẩu)",
         dt.datetime(2024, 3, 2, 10), [("Bản đăng ký.xlsx", _other(ws, unit, tmp_path))],
         "<mat-khau@example.vn>")

    first = ingest(ws)
    assert sorted((f.status, tuple(i.code for i in f.issues)) for f in first.files) == [
        ("rejected", ("FILE_ENCRYPTED",)), ("rejected", ("FILE_ENCRYPTED",))]
    wrong = ingest(ws, password="sai")
    assert [tuple(i.code for i in f.issues) for f in wrong.files] == [
        ("FILE_PASSWORD_WRONG",), ("FILE_PASSWORD_WRONG",)]
    right = ingest(ws, password=PASSWORD)
    assert [f.status for f in right.files] == ["stored", "stored"], right.files
    assert [i.code for f in right.files for i in f.issues if i.is_error] == []
    assert ingest(ws, password=PASSWORD).files == []          # nothing left to read again
    store = ws.store()
    try:
        assert len(store.files()) == 2 and len(store.submissions(current_only=False)) == 2
        assert not [i for i in store.issues() if i.code.startswith("FILE_")]
        sub = next(s for s in store.submissions(current_only=False) if s["sender"] == "")
        got = [r["action"] for r in store.records(sub["id"], "pledges") if r.get("action")]
    finally:
        store.close()
    assert got == [r["action"] for r in rows["pledges"] if r.get("action")]


def _other(ws, unit: str, tmp_path) -> bytes:
    """Another version of the unit's workbook, encrypted (sent by mail)."""
    rows = pledge_rows(ws, unit)
    rows["emulation"][0]["goal"] = "Không hồ sơ trễ hạn (bản gửi thư)"
    path = filled_workbook(ws, tmp_path / "other.xlsx", unit, rows)
    encrypt_file(path, PASSWORD)
    return path.read_bytes()
