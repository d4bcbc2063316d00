"""The year-end on real workbooks: the self-review (template, rules), the rating sheet written,
decided by leadership, read back, kept across re-runs, and the commands."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers import codes, drop_in_inbox, mail
from tests.quarterly_helpers import quarterly_rows, submit
from tests.yearend_helpers import (
    COMPLETE,
    GOOD,
    REVIEWED,
    edit_decisions,
    report_year,
    review_all,
    review_rows,
    sheet_rows,
)
from toolkit.app.ingest import ingest
from toolkit.app.prepare import make_templates
from toolkit.app.yearend import rate
from toolkit.cli.main import main
from toolkit.forms.year_review import LEVEL_LABELS
from toolkit.rules.decisions import current_decisions, decision_history

EXCELLENT = LEVEL_LABELS[0]
SIGNER = ("Nguyễn Văn Thành", "Bí thư Chi bộ", "22/01/2025")


@pytest.fixture
def reviewed(pledged):
    review_all(pledged)
    return pledged


def _unit(ws, i: int = 0) -> str:
    return list(ws.roster().units)[i]


# ---------------------------------------------------------------- the self-review

def test_year_review_template_is_prefilled_with_actions_and_quarter_results(pledged):
    ws = pledged
    unit = _unit(ws)
    submit(ws, unit, "quarterly", quarterly_rows(ws, unit))          # Q2 reported
    path = make_templates(ws, "year-review", "2024", unit)[0]
    wb = openpyxl.load_workbook(path)
    assert wb["_meta"].sheet_state == "veryHidden"
    acts = wb["Việc làm theo"]
    header = [c.value for c in acts[6]]
    assert header[:5] == ["Mã cán bộ", "Họ và tên", "Việc số", "Việc làm theo đã đăng ký",
                          "Thời hạn"]
    rows = [r for r in acts.iter_rows(min_row=7, values_only=True) if r[0]]
    people = ws.roster().people_of(unit)
    assert len(rows) == 2 * len(people)
    q1, q2 = header.index("Quý I"), header.index("Quý II")
    assert {r[q1] for r in rows} == {"–"}                            # no Q1 report
    assert {r[q2] for r in rows} == {"Hoàn thành", "Đang thực hiện (60%)"}
    assert acts.cell(7, 4).protection.locked and not acts.cell(7, header.index(
        "Kết quả cả năm") + 1).protection.locked
    selfs = [r for r in wb["Tự đánh giá"].iter_rows(min_row=7, values_only=True) if r[0]]
    assert [r[0] for r in selfs] == [p.person_id for p in people]


def test_a_clean_self_review_has_no_issues(pledged):
    ws = pledged
    unit = _unit(ws)
    path = drop_in_inbox(ws, unit, review_rows(ws, unit), REVIEWED, form_id="year-review")
    report = ingest(ws, [path])
    assert report.files[0].status == "stored" and report.files[0].issues == []


def test_self_review_issues(pledged):
    ws = pledged
    unit = _unit(ws)
    roster = ws.roster()
    rows = review_rows(ws, unit)
    people = rows["people"]
    civil = [r for r in people if roster.people[r["person_id"]].civil_servant]
    civil[0]["cs_rating"] = None
    people[1].update(discipline="Khiển trách", self_rating=GOOD)
    people[2]["self_rating"] = "Tốt"                                  # not a level
    removed = people.pop()                                            # a row deleted
    rows["actions"][0]["year_result"] = None
    rows["unit"] = []
    path = drop_in_inbox(ws, unit, rows, REVIEWED, form_id="year-review")
    issues = ingest(ws, [path]).files[0].issues
    found = codes(issues)
    assert {"REVIEW_CS_RATING_MISSING", "REVIEW_RATING_ABOVE_DISCIPLINE", "CHOICE_INVALID",
            "REVIEW_PERSON_MISSING", "REQUIRED_MISSING", "REVIEW_UNIT_RATING_MISSING"} <= found
    missing = next(i for i in issues if i.code == "REVIEW_PERSON_MISSING")
    assert missing.person_id == removed["person_id"]
    above = next(i for i in issues if i.code == "REVIEW_RATING_ABOVE_DISCIPLINE")
    assert above.cell.startswith("H") and "Khiển trách" in above.message()


def test_civil_servant_rating_for_someone_who_is_not_one(pledged):
    import dataclasses

    from toolkit.config.roster import write_roster
    ws = pledged
    roster = ws.roster()
    unit = _unit(ws)
    worker = roster.people_of(unit)[-1]
    roster.people[worker.person_id] = dataclasses.replace(worker, civil_servant=False)
    write_roster(ws.roster_path, ws.config, roster)
    rows = review_rows(ws, unit)
    target = next(r for r in rows["people"] if r["person_id"] == worker.person_id)
    target["cs_rating"] = GOOD
    path = drop_in_inbox(ws, unit, rows, REVIEWED, form_id="year-review")
    assert "REVIEW_CS_RATING_NOT_CS" in codes(ingest(ws, [path]).files[0].issues)


# ---------------------------------------------------------------- the rating workbook

@pytest.fixture(scope="module")
def _full_year_once(tmp_path_factory):
    import random

    from tests.quarterly_helpers import pledge_all
    from toolkit.config.roster import write_roster
    from toolkit.config.seed import SEED_AGENCY
    from toolkit.config.workspace import Workspace, init_workspace
    from toolkit.demo.data import build_roster
    w = init_workspace(tmp_path_factory.mktemp("year") / "ws", 2024, settings=SEED_AGENCY)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=3,
                                                       min_people=5, max_people=6))
    ws = Workspace.open(w.root)
    pledge_all(ws)
    report_year(ws)
    review_all(ws)
    for path in ws.inbox.iterdir():     # taken in already (a copy elsewhere would read them anew)
        path.unlink()
    return ws.root


@pytest.fixture
def full_year(_full_year_once, tmp_path):
    """Every unit reports every quarter (every action done) and sends its self-review (built
    once per module, copied for each test)."""
    import shutil

    from toolkit.config.workspace import Workspace
    shutil.copytree(_full_year_once, tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")


def _workbook_text(path, sheet=None) -> str:
    wb = openpyxl.load_workbook(path)
    sheets = [wb[sheet]] if sheet else [w for w in wb.worksheets if w.sheet_state == "visible"]
    return "\n".join(str(c.value) for w in sheets for row in w.iter_rows() for c in row
                     if c.value is not None)


def test_one_rating_workbook_rates_party_members_and_staff_apart(full_year):
    ws = full_year
    roster = ws.roster()
    result = rate(ws, on=dt.date(2025, 1, 20))
    assert [p.name for p in result.files] == ["xep-loai-2024.xlsx"]
    path = result.files[0]
    wb = openpyxl.load_workbook(path)
    assert [w.title for w in wb.worksheets if w.sheet_state == "visible"] == [
        "Tổng hợp", "Đảng viên", "CB, CC, VC, người lao động", "Tổ đảng, chi bộ",
        "Tập thể đơn vị", "Xác nhận"]
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    assert meta["form_id"] == "rating" and meta["period"] == "2024"
    members = {pid for pid, p in roster.people.items() if p.party_member}
    assert set(sheet_rows(path, "Đảng viên", "Mã cán bộ")) == members
    staff = sheet_rows(path, "CB, CC, VC, người lao động", "Mã cán bộ")
    assert set(staff) == set(roster.people)                         # everyone, by the agency
    assert {pid for pid, r in staff.items() if r["Đảng viên"] == "x"} == members
    groups = sheet_rows(path, "Tổ đảng, chi bộ", "Tổ đảng / chi bộ")
    assert set(groups) == {p.party_group for p in roster.people.values() if p.party_group} | \
        {"Chi bộ"}
    cover = _workbook_text(path, "Tổng hợp")
    for part in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Bắc Giang, ngày 20 tháng 01 năm 2025",
                 "Quy định số 124-QĐ/TW", "Nghị định số 90/2020/NĐ-CP", "48/2023/NĐ-CP",
                 "KIỂM TRA TỈ LỆ XUẤT SẮC", "SỐ LIỆU CHÍNH VÀ CÁCH TÍNH", "Nơi nhận:",
                 "T/M CHI BỘ", ws.config.signer_name):
        assert part in cover, part
    everything = _workbook_text(path)
    assert everything.count("T/M CHI BỘ") == 1 and everything.count("Nơi nhận:") == 1
    assert "Quy định số 124-QĐ/TW" in _workbook_text(path, "Đảng viên")
    assert "90/2020/NĐ-CP" in _workbook_text(path, "CB, CC, VC, người lao động")
    # every action done on time: nobody lacks data, every proposal has its reasons
    party = sheet_rows(path, "Đảng viên", "Mã cán bộ")
    assert all(r["Đề xuất"] in LEVEL_LABELS for r in party.values())
    assert all(r["Lý do đề xuất"].startswith("– ") for r in party.values())
    dv = {str(d.sqref): d.formula1 for d in wb["Đảng viên"].data_validations.dataValidation}
    assert any("Danh mục" in f for f in dv.values()) and len(dv) >= 2


def test_people_whose_unit_sent_nothing_get_no_level_and_the_reason(reviewed):
    ws = reviewed                                   # pledges and self-reviews, no quarter
    result = rate(ws, on=dt.date(2025, 1, 20))
    assert set(result.staff["proposal"]) == {"no_data"}
    assert set(result.party["proposal"]) == {"no_data"}
    rows = sheet_rows(result.files[0], "CB, CC, VC, người lao động", "Mã cán bộ")
    assert all(r["Đề xuất"] == "Chưa đủ dữ liệu" for r in rows.values())
    assert all("Chưa có báo cáo quý I, II, III, IV của đơn vị" in r["Lý do đề xuất"]
               for r in rows.values())
    cover = _workbook_text(result.files[0], "Tổng hợp")
    assert "CHƯA ĐỦ DỮ LIỆU" in cover and "không phải kết quả kém" in cover
    res = CliRunner().invoke(main, ["rate", "-w", str(ws.root), "--date", "20/01/2025"])
    assert res.exit_code == 1 and "chưa đủ dữ liệu" in res.output


def test_a_missing_quarter_makes_no_data_never_a_mean_of_three(pledged):
    ws = pledged
    unit = _unit(ws, 1)
    report_year(ws, skip={(unit, 4)})
    review_all(ws)
    result = rate(ws, on=dt.date(2025, 1, 20))
    staff = result.staff.set_index("person_id")
    mine = [p.person_id for p in ws.roster().people_of(unit)]
    assert set(staff.loc[mine, "proposal"]) == {"no_data"}
    assert all(math.isnan(s) for s in staff.loc[mine, "score"])
    assert all("Chưa có báo cáo quý IV của đơn vị" in r[0] for r in staff.loc[mine, "reasons"])
    others = staff.drop(index=mine)
    assert "no_data" not in set(others["proposal"])


def _decide(ws, overrides: dict[str, tuple], signer=SIGNER, name: str = "chi-uy.xlsx",
            agree_all: bool = True, on: dt.date = dt.date(2025, 1, 20)):
    """Rate, then the party committee decides: every proposal agreed, ``overrides`` changed."""
    result = rate(ws, on=on)
    rows = sheet_rows(result.files[0], "Đảng viên", "Mã cán bộ")
    decisions = {pid: (r["Đề xuất"], "Thống nhất với đề xuất") for pid, r in rows.items()} \
        if agree_all else {}
    decisions.update(overrides)
    return edit_decisions(result.files[0], ws.inbox / name, decisions, signer=signer)


def _members(ws) -> list[str]:
    return [pid for pid, p in ws.roster().people.items() if p.party_member]


def test_decisions_are_read_back_with_who_and_when_and_survive_reruns(full_year):
    ws = full_year
    members = _members(ws)
    a, b = members[0], members[1]
    _decide(ws, {a: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")})
    report = ingest(ws)
    f = report.files[0]
    assert f.form == "rating" and f.status == "stored" and not f.n_errors
    store = ws.store()
    try:
        current = current_decisions(store, 2024)
    finally:
        store.close()
    assert len([k for k in current if k[0] == "person"]) == len(members)
    assert not [k for k in current if k[0] == "staff"]              # the agency decided nothing
    assert current[("person", a)].level == "complete"
    assert current[("person", a)].reason == "Chưa đủ tiêu chí theo đánh giá của Chi ủy"
    assert current[("person", a)].decided_by == "Nguyễn Văn Thành – Bí thư Chi bộ"
    assert current[("person", a)].decided_at == "2025-01-22"
    for _ in range(2):
        result = rate(ws, on=dt.date(2025, 1, 25))
    rows = sheet_rows(result.files[0], "Đảng viên", "Mã cán bộ")
    assert rows[a]["Quyết định của Chi ủy"] == COMPLETE
    assert rows[b]["Quyết định của Chi ủy"] == rows[b]["Đề xuất"]
    assert "Quyết định ngày 22/01/2025 (Nguyễn Văn Thành – Bí thư Chi bộ)" in \
        rows[a]["Lý do đề xuất"]
    assert result.party.set_index("person_id").loc[a, "final"] == "complete"
    # the same file again: nothing new; the regenerated sheet re-sent unchanged: nothing new
    assert ingest(ws, [ws.archive]).count("stored") == 0
    resent = edit_decisions(result.files[0], ws.inbox / "chi-uy-gui-lai.xlsx", {},
                            signer=("Trần Văn Phó", "Phó Bí thư", "26/01/2025"))
    assert ingest(ws, [resent]).files[0].status == "stored"
    store = ws.store()
    try:
        assert len(decision_history(store, 2024, "person", a)) == 1
        assert current_decisions(store, 2024)[("person", a)].decided_at == "2025-01-22"
    finally:
        store.close()


def test_partial_decisions_over_rounds_changed_and_withdrawn(full_year):
    """Two of the party members decided, then one changed and one withdrawn, the rest blank:
    rate and report run at every step (the issue's crash had 2 of 5 decided)."""
    ws = full_year
    a, b, c = _members(ws)[:3]
    result = rate(ws, on=dt.date(2025, 1, 20))
    edit_decisions(result.files[0], ws.inbox / "lan-1.xlsx",
                   {a: (GOOD, "Thống nhất với đề xuất"), b: (COMPLETE, "Chưa đủ tiêu chí theo "
                                                                      "đánh giá của Chi ủy")},
                   signer=SIGNER)
    assert not ingest(ws).files[0].n_errors
    runner = CliRunner()
    for args in (["rate", "--date", "23/01/2025"], ["report", "--date", "23/01/2025"],
                 ["rate", "--format", "json", "--date", "23/01/2025"]):
        res = runner.invoke(main, [args[0], "-w", str(ws.root), *args[1:]])
        assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["decisions"]["party"]["decided"] == 2
    result = rate(ws, on=dt.date(2025, 1, 24))
    edit_decisions(result.files[0], ws.inbox / "lan-2.xlsx",
                   {a: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy"),
                    b: ("Rút quyết định đã ghi (xét lại)", None), c: (None, None)},
                   signer=("Nguyễn Văn Thành", "Bí thư Chi bộ", "25/01/2025"))
    assert not ingest(ws).files[0].n_errors
    store = ws.store()
    try:
        current = current_decisions(store, 2024)
        history_a = decision_history(store, 2024, "person", a)
        history_b = decision_history(store, 2024, "person", b)
    finally:
        store.close()
    assert current[("person", a)].level == "complete" and len(history_a) == 2
    assert ("person", b) not in current and [d.level for d in history_b] == ["complete",
                                                                              "withdrawn"]
    assert ("person", c) not in current
    result = rate(ws, on=dt.date(2025, 1, 26))
    party = result.party.set_index("person_id")
    assert party.loc[b, "decision"] is None and party.loc[b, "final"] == party.loc[b, "proposal"]
    assert result.decision_summary("party")["decided"] == 1
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--date", "26/01/2025"])
    assert res.exit_code == 0, res.output


def test_decisions_breaking_a_blocker_the_quota_or_the_share_are_accepted_and_flagged(
        full_year):
    ws = full_year
    members = _members(ws)
    a, b, c, d = members[:4]
    result = rate(ws, on=dt.date(2025, 1, 20))
    first = result.party.set_index("person_id")
    assert first.loc[a, "proposal"] == "good"      # every action on time, none exceeded
    assert len(members) - 4 < 10                   # two excellent: over 20 % of the good
    edit_decisions(result.files[0], ws.inbox / "x.xlsx",
                   {a: (EXCELLENT, "Thành tích nổi bật, nâng mức"),
                    d: (EXCELLENT, "Thành tích nổi bật, nâng mức"),
                    b: (COMPLETE, None), c: (COMPLETE, "Thống nhất với đề xuất")},
                   extra={a: {"Mức tối đa": "HTTNV"}}, signer=SIGNER)
    issues = ingest(ws).files[0].issues
    found = codes(issues)
    assert {"DECISION_ABOVE_CAP", "DECISION_OVER_QUOTA", "DECISION_REASON_MISSING",
            "DECISION_REASON_CONFLICT"} <= found
    assert not any(i.is_error for i in issues)
    assert next(i for i in issues if i.code == "DECISION_ABOVE_CAP").person_id == a
    # the agency rates more non-members excellent than the party members' share allows (2 of
    # the party members are): over the NĐ 48 share
    n_staff = len(ws.roster().people)
    staff = [pid for pid in ws.roster().people if pid not in members][:2 * n_staff //
                                                                       len(members) + 1]
    result = rate(ws, on=dt.date(2025, 1, 23))
    edit_decisions(result.files[0], ws.inbox / "co-quan.xlsx",
                   {pid: (EXCELLENT, "Thành tích nổi bật, nâng mức") for pid in staff},
                   sheet="CB, CC, VC, người lao động",
                   signer=("Trần Minh Quang", "Trưởng Ban", "24/01/2025"), body="Lãnh đạo")
    issues = ingest(ws).files[0].issues
    assert "DECISION_OVER_SHARE" in codes(issues)
    result = rate(ws, on=dt.date(2025, 1, 25))
    df = result.party.set_index("person_id")
    assert df.loc[a, "final"] == df.loc[d, "final"] == "excellent"
    assert df.loc[[a, d], "final_over"].sum() == 1          # the quota allows one of the two
    over = a if df.loc[a, "final_over"] else d
    assert result.decision_summary("party")["flagged"] >= 1
    assert not result.final_share.ok and staff[-1] in result.final_share.excess
    cover = _workbook_text(result.files[0], "Tổng hợp")
    assert "VƯỢT" in cover
    rows = sheet_rows(result.files[0], "Đảng viên", "Mã cán bộ")
    assert "Lưu ý: quyết định xuất sắc vượt tỉ lệ xuất sắc" in rows[over]["Lý do đề xuất"]


def test_decision_sheet_problems(full_year):
    ws = full_year
    a, b = _members(ws)[:2]
    result = rate(ws, on=dt.date(2025, 1, 20))
    # a code edited in the locked column, a reason without a decision, and nothing decided
    edit_decisions(result.files[0], ws.inbox / "sai.xlsx", {b: (None, "Thống nhất với đề xuất")},
                   extra={a: {"Mã cán bộ": "CB999", "Quyết định của Chi ủy": GOOD}})
    found = codes(ingest(ws).files[0].issues)
    assert {"DECISION_SUBJECT_UNKNOWN", "DECISION_REASON_ONLY"} <= found
    edit_decisions(result.files[0], ws.inbox / "trong.xlsx", {})
    assert "DECISION_NONE" in codes(ingest(ws).files[0].issues)


def test_decisions_are_dated_when_ingested_and_a_date_before_the_proposal_is_flagged(full_year):
    ws = full_year
    a, b = _members(ws)[:2]
    path = _decide(ws, {a: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")}, signer=None,
                   name="tmp.xlsx")
    data = path.read_bytes()
    path.unlink()
    mail(ws.inbox / "chi-uy.eml", "chiuy@example.vn", "Xếp loại", dt.datetime(2025, 1, 21, 8),
         [("xep-loai.xlsx", data)], "<x@example.vn>")
    report = ingest(ws)
    # an address the config does not name as the office's: held until the secretary accepts it
    [held] = [i for i in report.files[0].issues if i.code == "MAIL_SENDER_HELD_UNKNOWN"]
    store = ws.store()
    try:
        assert ("person", a) not in current_decisions(store, 2024)
    finally:
        store.close()
    from toolkit.app.accept import accept
    [accepted] = accept(ws, [dict(held.args)["accept"]])
    assert accepted.current and accepted.form == "rating"
    store = ws.store()
    try:
        d = current_decisions(store, 2024)[("person", a)]
    finally:
        store.close()
    assert d.decided_by == "chiuy@example.vn" and d.decided_at == dt.date.today().isoformat()
    result = rate(ws, on=dt.date(2025, 1, 22))
    edit_decisions(result.files[0], ws.inbox / "som.xlsx",
                   {b: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")},
                   signer=("Nguyễn Văn Thành", "Bí thư Chi bộ", "10/01/2025"))
    issues = ingest(ws).files[0].issues
    early = next(i for i in issues if i.code == "DECISION_DATE_BEFORE_PROPOSAL")
    assert "10/01/2025" in early.message() and "22/01/2025" in early.message()
    store = ws.store()
    try:
        assert current_decisions(store, 2024)[("person", b)].decided_at == "2025-01-10"
    finally:
        store.close()


def test_a_document_is_never_dated_before_the_data_it_holds(full_year):
    ws = full_year
    runner = CliRunner()
    res = runner.invoke(main, ["rate", "-w", str(ws.root), "--date", "31/12/2024"])
    assert res.exit_code == 2
    assert "sớm hơn dữ liệu mới nhất" in res.output and "05/01/2025" in res.output
    assert ".xlsx" in res.output                                  # the file is named
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--period", "2024-H1",
                               "--date", "01/07/2024"])
    assert res.exit_code == 2 and "05/07/2024" in res.output
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--period", "2024-H1",
                               "--date", "06/07/2024"])
    assert res.exit_code == 0, res.output


def test_collective_decisions_key_on_the_unit_code_and_the_cell(full_year):
    ws = full_year
    unit = _unit(ws)
    result = rate(ws, on=dt.date(2025, 1, 20))
    edit_decisions(result.files[0], ws.inbox / "don-vi.xlsx",
                   {unit: (GOOD, "Thống nhất với đề xuất")}, sheet="Tập thể đơn vị",
                   id_header="Mã đơn vị")
    assert ingest(ws).files[0].status == "stored"
    edit_decisions(result.files[0], ws.inbox / "chi-bo.xlsx",
                   {"Chi bộ": (GOOD, "Thống nhất với đề xuất")}, sheet="Tổ đảng, chi bộ",
                   id_header="Tổ đảng / chi bộ")
    assert ingest(ws).files[0].status == "stored"
    store = ws.store()
    try:
        current = current_decisions(store, 2024)
    finally:
        store.close()
    assert current[("unit", unit)].level == "good" and current[("cell", "Chi bộ")].level == "good"


# ---------------------------------------------------------------- the commands

def test_rate_and_report_commands(reviewed):
    ws = reviewed
    runner = CliRunner()
    res = runner.invoke(main, ["rate", "-w", str(ws.root), "--date", "26/12/2024"])
    assert res.exit_code == 1, res.output                      # no quarterly reports: no data
    assert "QĐ 124-QĐ/TW" in res.output and "xep-loai-2024.xlsx" in res.output
    assert "NĐ 90/2020" in res.output
    res = runner.invoke(main, ["--lang", "en", "rate", "-w", str(ws.root), "--format", "json",
                               "--date", "26/12/2024"])
    data = json.loads(res.output)
    assert data["rule_set"] == "qd124" and data["staff_rule_set"] == "nd90"
    assert len(data["staff"]) == len(ws.roster().people)
    assert len(data["party"]) == sum(p.party_member for p in ws.roster().people.values())
    res = runner.invoke(main, ["rate", "-w", str(ws.root), "--year", "2023"])
    assert res.exit_code == 2
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--period", "2024-H1",
                               "--number", "15", "--date", "10/07/2024"])
    assert res.exit_code == 1, res.output                      # quarterly reports are missing
    assert "bao-cao-so-ket-2024-H1.xlsx" in res.output
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--json", "--date", "26/12/2024"])
    data = json.loads(res.output)
    assert data["period"] == "2024" and len(data["files"]) == 4
    assert data["figures"]["completion"]["value"] == 0
    assert [Path(f).name for f in data["files"][:2]] == ["bao-cao-tong-ket-2024.docx",
                                                          "bao-cao-tong-ket-2024.xlsx"]
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--format", "docx", "--json",
                               "--date", "26/12/2024"])
    names = [Path(f).name for f in json.loads(res.output)["files"]]
    assert names[0] == "bao-cao-tong-ket-2024.docx" and "bao-cao-tong-ket-2024.xlsx" not in names
    for bad in (["report", "--period", "2024-Q2"], ["report", "--date", "31/02/2024"],
                ["templates", "--form", "rating"]):
        res = runner.invoke(main, [*bad[:1], "-w", str(ws.root), *bad[1:]])
        assert res.exit_code == 2 and res.output.strip()
