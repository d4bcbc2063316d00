"""The incoming register (`status --files`): every received mail and file named, with what became
of it; receipt dates and where they came from; on time by the first submission; the current one
is the last received, or the secretary's pick."""

from __future__ import annotations

import datetime as dt
import json
import os

from click.testing import CliRunner

from tests.helpers import filled_workbook, pledge_rows
from tests.mail_helpers import VN, bounce, unit_mail, wire
from toolkit.app.ingest import ingest
from toolkit.cli.main import main
from toolkit.outputs.status import compute_status


def _workbook(ws, tmp_path, unit, name, change=None, broken=False):
    rows = pledge_rows(ws, unit)
    if broken:
        rows["emulation"] = []                              # PLEDGE: an error to correct
    if change:
        rows["pledges"][0]["goal"] = change
    return filled_workbook(ws, tmp_path / name, unit, rows).read_bytes()


def _register(ws):
    result = CliRunner().invoke(main, ["status", "-w", str(ws.root), "--files",
                                       "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_a_mixed_batch_names_every_item_with_its_outcome(ws, tmp_path):
    """Accepted, superseded, duplicate, rejected, a mail without a workbook, a non-workbook
    attachment, a resent workbook, a mail saved twice, a delivery report and loose files: each
    is a line of the register, by the name it came with."""
    roster = ws.roster()
    u1, u2, u3 = list(roster.units)[:3]
    a, b, c = (roster.units[u] for u in (u1, u2, u3))
    first = _workbook(ws, tmp_path, u1, "1.xlsx", broken=True)
    fixed = _workbook(ws, tmp_path, u1, "2.xlsx")
    other = _workbook(ws, tmp_path, u2, "3.xlsx")
    day = dt.datetime(2024, 3, 1, 9, 0)
    mails = {
        "01-lan-dau.eml": unit_mail(a.email, a.name, "Bản đăng ký – lần đầu", day,
                                    [("Bản đăng ký (lần 1).xlsx", first)]),
        "02-sua-lai.eml": unit_mail(a.email, a.name, "Bản đăng ký – đã sửa",
                                    day + dt.timedelta(days=2),
                                    [("Bản đăng ký đã sửa.xlsx", fixed)]),
        "03-kem-chu-ky.eml": unit_mail(b.email, b.name, "Đăng ký của phòng", day,
                                       [("Đăng ký phòng.xlsx", other)],
                                       extra=[("chữ ký.png", b"\x89PNG\r\n\x1a\n", "image/png")]),
        "04-khong-tep.eml": unit_mail(c.email, c.name, "Xin gia hạn nộp đăng ký", day),
        "05-gui-lai.eml": unit_mail(b.email, b.name, "Gửi lại đăng ký", day + dt.timedelta(days=3),
                                    [("Đăng ký phòng (gửi lại).xlsx", other)]),
    }
    for name, msg in mails.items():
        (ws.inbox / name).write_bytes(wire(msg))
    (ws.inbox / "07-ban-sao thu 04.eml").write_bytes(wire(mails["04-khong-tep.eml"]))
    (ws.inbox / "06-bao-loi.eml").write_bytes(bounce(wire(mails["03-kem-chu-ky.eml"]),
                                                     "sai@donvi.test", day))
    (ws.inbox / "hỏng.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (ws.inbox / "ghi chú.docx").write_bytes(b"PK\x03\x04 a document")
    (ws.inbox / "thư hỏng.eml").write_bytes(b"\x00\x01 not a mail at all")
    (ws.inbox / "~$Bản đăng ký.xlsx").write_bytes(b"\0" * 165)       # a lock file: not received
    ingest(ws)
    reg = _register(ws)
    lines = reg["lines"]
    by_name: dict[str, list[dict]] = {}
    for line in lines:
        by_name.setdefault(line["name"], []).append(line)
    outcome = {name: [line["outcome"] for line in found] for name, found in by_name.items()}
    assert outcome["01-lan-dau.eml"] == ["received"]
    assert outcome["Bản đăng ký (lần 1).xlsx"] == ["superseded"]
    assert outcome["Bản đăng ký đã sửa.xlsx"] == ["current"]
    assert outcome["Đăng ký phòng.xlsx"] == ["current"]
    assert outcome["chữ ký.png"] == ["skipped"]
    assert outcome["Đăng ký phòng (gửi lại).xlsx"] == ["duplicate"]
    assert outcome["04-khong-tep.eml"] == ["skipped"]
    assert outcome["07-ban-sao thu 04.eml"] == ["duplicate"]
    assert outcome["06-bao-loi.eml"] == ["skipped"]
    assert outcome["hỏng.xlsx"] == ["rejected"]
    assert outcome["ghi chú.docx"] == ["skipped"]
    assert outcome["thư hỏng.eml"] == ["rejected"]
    assert by_name["thư hỏng.eml"][0]["codes"] == ["MAIL_UNREADABLE"]
    assert by_name["thư hỏng.eml"][0]["date_source"] == "file-time"
    assert "~$Bản đăng ký.xlsx" not in by_name
    # every file inside a mail points to its mail's line; what superseded and duplicated what
    mail_no = {line["name"]: line["no"] for line in lines if line["kind"] == "mail"}
    line = by_name["Bản đăng ký (lần 1).xlsx"][0]
    assert line["parent"] == mail_no["01-lan-dau.eml"]
    assert line["superseded_by"] == by_name["Bản đăng ký đã sửa.xlsx"][0]["no"]
    assert by_name["Đăng ký phòng (gửi lại).xlsx"][0]["duplicate_of"] == \
        by_name["Đăng ký phòng.xlsx"][0]["no"]
    assert by_name["07-ban-sao thu 04.eml"][0]["duplicate_of"] == mail_no["04-khong-tep.eml"]
    assert by_name["chữ ký.png"][0]["parent"] == mail_no["03-kem-chu-ky.eml"]
    assert by_name["hỏng.xlsx"][0]["codes"]
    assert "MAIL_NO_WORKBOOK" in by_name["04-khong-tep.eml"][0]["codes"]
    assert "MAIL_BOUNCE" in by_name["06-bao-loi.eml"][0]["codes"]
    assert by_name["Đăng ký phòng.xlsx"][0]["unit"] == u2
    assert by_name["Bản đăng ký đã sửa.xlsx"][0]["form"] == "pledge"
    # the quoted attachment of the delivery report was not taken as a submission
    assert sum(1 for line in lines if line["name"] == "Đăng ký phòng.xlsx") == 1
    # everything is kept in the archive under the name the register gives
    for line in lines:
        if line["archived"]:
            assert (ws.root / line["archived"]).is_file(), line
    assert reg["totals"]["mails"] == 8
    # a second ingest adds nothing
    ingest(ws)
    assert len(_register(ws)["lines"]) == len(lines)


def test_receipt_dates_and_where_they_came_from(ws, tmp_path):
    roster = ws.roster()
    u1, u2 = list(roster.units)[:2]
    a = roster.units[u1]
    book = _workbook(ws, tmp_path, u1, "a.xlsx")
    sent = dt.datetime(2024, 3, 14, 23, 50, tzinfo=VN)
    on_time = unit_mail(a.email, a.name, "Đúng giờ", sent, [("dung-gio.xlsx", book)])
    on_time["Received"] = "from mx.donvi.test by mx.bqlkcn.test; Fri, 15 Mar 2024 00:03:00 +0700"
    wrong_clock = unit_mail(a.email, a.name, "Đồng hồ sai", dt.datetime(2023, 1, 1, 8, 0),
                            [("dong-ho-sai.xlsx", _workbook(ws, tmp_path, u1, "b.xlsx",
                                                            change="Sửa lần 2"))])
    wrong_clock["Received"] = ("from mx.donvi.test by mx.bqlkcn.test;"
                               " Sat, 16 Mar 2024 10:00:00 +0700")
    (ws.inbox / "a.eml").write_bytes(wire(on_time))
    (ws.inbox / "b.eml").write_bytes(wire(wrong_clock))
    loose = ws.inbox / "de-roi.xlsx"
    loose.write_bytes(_workbook(ws, tmp_path, u2, "c.xlsx"))
    stamp = dt.datetime(2024, 12, 7, 10, 0).timestamp()              # saved from webmail later
    os.utime(loose, (stamp, stamp))
    result = CliRunner().invoke(main, ["ingest", "-w", str(ws.root), "--received", "12/03/2024"])
    assert result.exit_code in (0, 1), result.output
    lines = {line["name"]: line for line in _register(ws)["lines"]}
    assert lines["dung-gio.xlsx"]["date_source"] == "mail-date"
    assert lines["dung-gio.xlsx"]["received_at"] == "14/03/2024 23:50"     # sent in time
    assert lines["dong-ho-sai.xlsx"]["date_source"] == "server"
    assert lines["dong-ho-sai.xlsx"]["received_at"] == "16/03/2024 10:00"
    assert lines["b.eml"]["claimed_at"] == "01/01/2023 08:00"
    assert "MAIL_DATE_SUSPECT" in lines["b.eml"]["codes"]
    with ws.store() as store:                       # the unit's file says so too (a warning)
        sub = next(s for s in store.submissions("pledge", "2024", current_only=False)
                   if s["file_name"] == "dong-ho-sai.xlsx")
        assert "MAIL_DATE_SUSPECT" in {i.code for i in store.issues(submission_id=sub["id"])}
    assert lines["de-roi.xlsx"]["date_source"] == "given"
    assert lines["de-roi.xlsx"]["received_at"].startswith("12/03/2024")
    status = {u.unit: u for u in compute_status(ws, "pledge", "2024",
                                                as_of=dt.date(2024, 4, 1)).units}
    assert status[u2].state == "on_time"              # not "late 07/12" by its file time
    assert status[u1].state == "on_time"
    # without --received a loose file takes its file time, and the register says so
    later = ws.inbox / "them.xlsx"
    later.write_bytes(_workbook(ws, tmp_path, u2, "d.xlsx", change="Bản thêm"))
    os.utime(later, (stamp, stamp))
    ingest(ws)
    lines = {line["name"]: line for line in _register(ws)["lines"]}
    assert lines["them.xlsx"]["date_source"] == "file-time"
    assert lines["them.xlsx"]["received_at"] == "07/12/2024 10:00"
    bad = CliRunner().invoke(main, ["ingest", "-w", str(ws.root), "--received", "31/02/2024"])
    assert bad.exit_code == 2 and "31/02/2024" in bad.output


def test_a_correction_after_the_deadline_never_makes_a_unit_late(ws, tmp_path):
    roster = ws.roster()
    u1 = next(iter(roster.units))
    a = roster.units[u1]
    first = unit_mail(a.email, a.name, "Đăng ký", dt.datetime(2024, 3, 10, 9, 0),
                      [("dang-ky.xlsx", _workbook(ws, tmp_path, u1, "1.xlsx", broken=True))])
    fix = unit_mail(a.email, a.name, "Đăng ký (sửa)", dt.datetime(2024, 3, 25, 9, 0),
                    [("dang-ky-sua.xlsx", _workbook(ws, tmp_path, u1, "2.xlsx"))])
    (ws.inbox / "1.eml").write_bytes(wire(first))
    ingest(ws)
    (ws.inbox / "2.eml").write_bytes(wire(fix))
    report = ingest(ws)
    fixed = next(f for f in report.files if f.name == "dang-ky-sua.xlsx")
    assert "SUBMISSION_LATE" not in {i.code for i in fixed.issues}
    unit = next(u for u in compute_status(ws, "pledge", "2024", as_of=dt.date(2024, 4, 1)).units
                if u.unit == u1)
    assert (unit.state, unit.errors, unit.file) == ("on_time", 0, "dang-ky-sua.xlsx")
    assert unit.first_submitted_at == "10/03/2024" and unit.submitted_at == "25/03/2024"
    # a unit whose first submission came after the deadline is late
    b = roster.units[list(roster.units)[1]]
    late = unit_mail(b.email, b.name, "Đăng ký", dt.datetime(2024, 3, 20, 9, 0),
                     [("muon.xlsx", _workbook(ws, tmp_path, b.code, "3.xlsx"))])
    (ws.inbox / "3.eml").write_bytes(wire(late))
    report = ingest(ws)
    assert "SUBMISSION_LATE" in {i.code for i in report.files[-1].issues}
    states = {u.unit: u.state for u in compute_status(ws, "pledge", "2024",
                                                      as_of=dt.date(2024, 4, 1)).units}
    assert states[b.code] == "late"


def test_pick_another_submission_and_keep_it(ws, tmp_path):
    roster = ws.roster()
    u1 = next(iter(roster.units))
    a = roster.units[u1]
    good = unit_mail(a.email, a.name, "Đăng ký", dt.datetime(2024, 3, 10, 9, 0),
                     [("tot.xlsx", _workbook(ws, tmp_path, u1, "1.xlsx"))])
    worse = unit_mail(a.email, a.name, "Đăng ký", dt.datetime(2024, 3, 12, 9, 0),
                      [("nham.xlsx", _workbook(ws, tmp_path, u1, "2.xlsx", broken=True))])
    (ws.inbox / "1.eml").write_bytes(wire(good))
    (ws.inbox / "2.eml").write_bytes(wire(worse))
    ingest(ws)
    lines = {line["name"]: line for line in _register(ws)["lines"]}
    assert lines["nham.xlsx"]["outcome"] == "current"
    runner = CliRunner()
    result = runner.invoke(main, ["pick", "-w", str(ws.root), str(lines["tot.xlsx"]["no"])])
    assert result.exit_code == 0, result.output
    assert str(lines["tot.xlsx"]["no"]) in result.output
    ingest(ws)
    lines = {line["name"]: line for line in _register(ws)["lines"]}
    assert (lines["tot.xlsx"]["outcome"], lines["tot.xlsx"]["picked"]) == ("current", True)
    assert lines["nham.xlsx"]["superseded_by"] == lines["tot.xlsx"]["no"]
    unit = next(u for u in compute_status(ws, "pledge", "2024").units if u.unit == u1)
    assert (unit.file, unit.errors) == ("tot.xlsx", 0)
    # only a stored submission can be picked; a number not in the register is misuse
    mail_no = lines["1.eml"]["no"]
    assert runner.invoke(main, ["pick", "-w", str(ws.root), str(mail_no)]).exit_code == 2
    assert runner.invoke(main, ["pick", "-w", str(ws.root), "999"]).exit_code == 2
    result = runner.invoke(main, ["pick", "-w", str(ws.root), "--reset",
                                  str(lines["tot.xlsx"]["no"])])
    assert result.exit_code == 0
    lines = {line["name"]: line for line in _register(ws)["lines"]}
    assert lines["nham.xlsx"]["outcome"] == "current"


def test_the_register_as_a_table(ws, tmp_path):
    roster = ws.roster()
    u1 = next(iter(roster.units))
    a = roster.units[u1]
    (ws.inbox / "1.eml").write_bytes(wire(unit_mail(
        a.email, a.name, "Bản đăng ký việc làm theo", dt.datetime(2024, 3, 10, 9, 0),
        [("Bản đăng ký.xlsx", _workbook(ws, tmp_path, u1, "1.xlsx"))])))
    ingest(ws)
    result = CliRunner().invoke(main, ["status", "-w", str(ws.root), "--files"])
    assert result.exit_code == 0, result.output
    assert "Sổ theo dõi thư và tệp đến" in result.output
    assert "Bản đăng ký việc làm theo" in result.output and "Bản đăng ký.xlsx" in result.output
    assert "bản đang dùng" in result.output
