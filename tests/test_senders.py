"""The sender policy: a mailed submission replaces a unit's current one only when it comes from an
address the roster allows for that unit (or the office's own); from anywhere else it is held
("chờ xác nhận") with the reason, shown by status, until the secretary accepts it."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from tests.helpers import (
    codes,
    drop_in_inbox,
    edit_cells,
    filled_workbook,
    mail,
    pledge_rows,
    set_senders,
)
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.config.roster import write_roster


def _current(ws, unit: str) -> str:
    with ws.store(read_only=True) as store:
        [sub] = store.submissions("pledge", "2024", unit=unit)
        return sub["sha256"]


def _status(ws) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["status", "-w", str(ws.root), "--format", "json"])
    return result.exit_code, json.loads(result.output)


def _edited_copy(ws, tmp_path, unit: str):
    """The unit's pledge as it came in, with one action rewritten by someone else."""
    src = filled_workbook(ws, tmp_path / "goc.xlsx", unit, pledge_rows(ws, unit))
    return edit_cells(src, tmp_path / "sua.xlsx", "Đăng ký", {"D7": "Không làm gì cả"})


def _first_pledge(ws, unit: str):
    drop_in_inbox(ws, unit, pledge_rows(ws, unit), dt.datetime(2024, 3, 1, 9))
    assert ingest(ws).files[0].status == "stored"
    return _current(ws, unit)


def test_a_mail_from_outside_the_roster_is_held_not_current(ws, tmp_path):
    unit = next(iter(ws.roster().units))
    original = _first_pledge(ws, unit)
    spoof = mail(ws.inbox / "gia-mao.eml", "ke-gia-mao@gmail.com", "Bản đăng ký (sửa)",
                 dt.datetime(2024, 3, 5, 9), [("dang-ky.xlsx",
                                               _edited_copy(ws, tmp_path, unit).read_bytes())],
                 "<gia-mao@gmail.com>")
    report = ingest(ws, [spoof])
    [f] = report.files
    assert f.status == "stored" and "MAIL_SENDER_HELD_UNKNOWN" in codes(f.issues)
    assert _current(ws, unit) == original          # the unit's pledge is still its own
    code, status = _status(ws)
    assert code == 1 and status["totals"]["held"] == 1
    [held] = status["held"]
    assert held["unit"] == unit and held["sender"] == "ke-gia-mao@gmail.com"
    assert held["code"] == f.sha256[:10] and "chờ xác nhận" in held["reason"]
    assert [u["held"] for u in status["units"] if u["unit"] == unit] == [1]
    table = CliRunner().invoke(main, ["status", "-w", str(ws.root)]).output
    assert "Chờ xác nhận" in table and held["code"] in table


def test_a_mail_from_another_units_address_is_held(ws, tmp_path):
    roster = ws.roster()
    unit, other = list(roster.units)[:2]
    original = _first_pledge(ws, unit)
    m = mail(ws.inbox / "nham.eml", roster.units[other].email, "Bản đăng ký",
             dt.datetime(2024, 3, 5, 9), [("dang-ky.xlsx",
                                           _edited_copy(ws, tmp_path, unit).read_bytes())],
             "<nham@x.vn>")
    [f] = ingest(ws, [m]).files
    assert "MAIL_SENDER_HELD_OTHER_UNIT" in codes(f.issues)
    assert "MAIL_SENDER_MISMATCH" not in codes(f.issues)
    assert _current(ws, unit) == original


def test_any_of_a_units_listed_addresses_and_the_office_may_send(ws, tmp_path):
    roster = ws.roster()
    unit = next(iter(roster.units))
    u = roster.units[unit]
    roster.units[unit] = type(u)(u.code, u.name, f"{u.email}; truong.phong@x.vn, pho@x.vn",
                                 u.head)
    write_roster(ws.roster_path, ws.config, roster)
    ws = set_senders(ws, secretary=["VanPhong@CoQuan.gov.vn"])
    _first_pledge(ws, unit)
    for n, sender in enumerate(("truong.phong@x.vn", "Pho@X.vn", "vanphong@coquan.gov.vn")):
        src = filled_workbook(ws, tmp_path / f"{n}.xlsx", unit, pledge_rows(ws, unit))
        data = edit_cells(src, tmp_path / f"{n}b.xlsx", "Đăng ký", {"E7": f"Mục tiêu {n}"})
        m = mail(ws.inbox / f"{n}.eml", sender, "Bản đăng ký", dt.datetime(2024, 3, 5 + n, 9),
                 [("dang-ky.xlsx", data.read_bytes())], f"<{n}@x.vn>")
        [f] = ingest(ws, [m]).files
        assert not codes(f.issues) & {"MAIL_SENDER_HELD_UNKNOWN", "MAIL_SENDER_HELD_OTHER_UNIT"}
        assert _current(ws, unit) == f.sha256, sender        # it replaced the earlier one


def test_accept_takes_a_held_submission_in_and_a_rebuild_keeps_it(ws, tmp_path):
    unit = next(iter(ws.roster().units))
    _first_pledge(ws, unit)
    m = mail(ws.inbox / "moi.eml", "thu.ky.moi@gmail.com", "Bản đăng ký",
             dt.datetime(2024, 3, 5, 9), [("dang-ky.xlsx",
                                           _edited_copy(ws, tmp_path, unit).read_bytes())],
             "<moi@gmail.com>")
    [f] = ingest(ws, [m]).files
    runner = CliRunner()
    listing = runner.invoke(main, ["accept", "-w", str(ws.root)])
    assert listing.exit_code == 1 and f.sha256[:10] in listing.output
    bad = runner.invoke(main, ["accept", "-w", str(ws.root), "zz"])
    assert bad.exit_code == 2 and "không hợp lệ" in bad.output
    done = runner.invoke(main, ["accept", "-w", str(ws.root), f.sha256[:8]])
    assert done.exit_code == 0 and "nay là bản hiện hành" in done.output
    assert _current(ws, unit) == f.sha256
    _code, status = _status(ws)
    assert status["held"] == [] and status["totals"]["held"] == 0
    again = runner.invoke(main, ["accept", "-w", str(ws.root), f.sha256[:8]])
    assert again.exit_code == 2 and "không ở trạng thái chờ" in again.output
    ws.store_path.unlink()
    assert runner.invoke(main, ["rebuild", "-w", str(ws.root)]).exit_code == 0
    assert _current(ws, unit) == f.sha256           # accepted again by the rebuild


def test_bare_files_are_the_secretarys(ws, tmp_path):
    unit = next(iter(ws.roster().units))
    _first_pledge(ws, unit)
    edited = _edited_copy(ws, tmp_path, unit)
    target = ws.inbox / "ban-sua.xlsx"
    target.write_bytes(edited.read_bytes())
    [f] = ingest(ws).files
    assert not codes(f.issues) & {"MAIL_SENDER_HELD_UNKNOWN", "MAIL_SENDER_HELD_OTHER_UNIT"}
    assert _current(ws, unit) == f.sha256


def _policy(ws, policy: str):
    import re
    text = ws.config.path.read_text(encoding="utf-8")
    ws.config.path.write_text(re.sub(r'^policy = "\w+"', f'policy = "{policy}"', text,
                                     flags=re.M), encoding="utf-8")
    return type(ws).open(ws.root)


def test_open_policy_takes_every_mail_and_roster_policy_its_people(ws, tmp_path):
    roster = ws.roster()
    unit, other = list(roster.units)[:2]
    person = next(p for p in roster.people.values() if p.unit == unit and p.email)
    for policy, sender, held in (("roster", person.email, False),
                                 ("strict", person.email, True),
                                 ("open", roster.units[other].email, False)):
        w = _policy(ws, policy)
        src = filled_workbook(w, tmp_path / f"{policy}.xlsx", unit, pledge_rows(w, unit))
        data = edit_cells(src, tmp_path / f"{policy}b.xlsx", "Đăng ký", {"E7": policy})
        m = mail(w.inbox / f"{policy}.eml", sender, "Bản đăng ký", dt.datetime(2024, 3, 5, 9),
                 [("dang-ky.xlsx", data.read_bytes())], f"<{policy}@x.vn>")
        [f] = ingest(w, [m]).files
        is_held = bool(codes(f.issues) & {"MAIL_SENDER_HELD_UNKNOWN",
                                          "MAIL_SENDER_HELD_OTHER_UNIT"})
        assert is_held == held, (policy, codes(f.issues))
        assert ("MAIL_SENDER_MISMATCH" in codes(f.issues)) == (policy == "open")


def test_the_demo_mails_come_from_the_units_and_the_office(demo_ws):
    """Under the strict policy nothing of the demo waits: units mail from their roster
    addresses, the party committee's rating sheet from an office address of the config."""
    with demo_ws.store(read_only=True) as store:
        assert store.held_submissions() == []
    assert demo_ws.config.sender_policy == "strict"
    assert any(a.startswith("chiuy.") for a in demo_ws.config.secretary_emails)
