"""The year-end on real workbooks: the self-review (template, rules), the rating sheet written,
decided by leadership, read back, kept across re-runs, and the commands."""

from __future__ import annotations

import datetime as dt
import json

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
SIGNER = ("Nguyễn Văn Thành", "Bí thư Chi bộ", "30/12/2024")


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


# ---------------------------------------------------------------- the rating sheet

def test_rating_sheet_is_a_form_with_every_person_and_a_proposal(reviewed):
    ws = reviewed
    result = rate(ws, on=dt.date(2024, 12, 26))
    path = result.files[0]
    assert path.name == "xep-loai-2024-de-xuat.xlsx" and len(result.files) == 1
    wb = openpyxl.load_workbook(path)
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    assert meta["form_id"] == "rating" and meta["period"] == "2024"
    assert wb["_meta"].sheet_state == "veryHidden" and wb["Danh mục"].sheet_state == "hidden"
    rows = sheet_rows(path, "Cá nhân", "Mã cán bộ")
    assert set(rows) == set(ws.roster().people)
    # no quarterly reports at all: nobody dropped, everybody carries the blocker
    assert all("Thiếu báo cáo quý" in r["Vướng"] for r in rows.values())
    assert {r["Đề xuất"] for r in rows.values()} <= set(LEVEL_LABELS)
    assert all(r["Quyết định của Chi ủy"] is None for r in rows.values())
    text = " ".join(str(c.value) for row in wb["Cá nhân"].iter_rows() for c in row if c.value)
    for part in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Bắc Giang, ngày 26 tháng 12 năm 2024",
                 "Nơi nhận:", "T/M CHI BỘ", ws.config.signer_name, "QĐ 124-QĐ/TW"):
        assert part in text
    dv = {str(d.sqref): d.formula1 for d in wb["Cá nhân"].data_validations.dataValidation}
    assert any("Danh mục" in f for f in dv.values()) and len(dv) >= 2
    assert "Chưa có bản kiểm điểm" not in text                      # every unit reviewed
    notes = " ".join(str(c.value) for row in wb["Ghi chú"].iter_rows() for c in row if c.value)
    assert "gần đúng" in notes                                       # QĐ 124 approximation


def _decide(ws, overrides: dict[str, tuple], signer=SIGNER, name: str = "chi-uy.xlsx",
            agree_all: bool = True):
    """Rate, then leadership decides: every proposal agreed, ``overrides`` changed."""
    result = rate(ws, on=dt.date(2024, 12, 26))
    rows = sheet_rows(result.files[0], "Cá nhân", "Mã cán bộ")
    decisions = {pid: (r["Đề xuất"], "Thống nhất với đề xuất") for pid, r in rows.items()} \
        if agree_all else {}
    decisions.update(overrides)
    return edit_decisions(result.files[0], ws.inbox / name, decisions, signer=signer)


def test_decisions_are_read_back_with_who_and_when_and_survive_reruns(reviewed):
    ws = reviewed
    people = list(ws.roster().people)
    a, b = people[0], people[1]
    _decide(ws, {a: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")})
    report = ingest(ws)
    f = report.files[0]
    assert f.form == "rating" and f.status == "stored" and not f.n_errors
    store = ws.store()
    try:
        current = current_decisions(store, 2024)
    finally:
        store.close()
    assert len([k for k in current if k[0] == "person"]) == len(people)
    assert current[("person", a)].level == "complete"
    assert current[("person", a)].reason == "Chưa đủ tiêu chí theo đánh giá của Chi ủy"
    assert current[("person", a)].decided_by == "Nguyễn Văn Thành – Bí thư Chi bộ"
    assert current[("person", a)].decided_at == "2024-12-30"
    # every re-run of rate keeps them, pre-filled in the sheet, and writes the decided sheet
    for _ in range(2):
        result = rate(ws, on=dt.date(2025, 1, 5))
    proposal, final = result.files
    rows = sheet_rows(proposal, "Cá nhân", "Mã cán bộ")
    assert rows[a]["Quyết định của Chi ủy"] == COMPLETE
    assert rows[b]["Quyết định của Chi ủy"] == rows[b]["Đề xuất"]
    assert result.people.set_index("person_id").loc[a, "final"] == "complete"
    decided = openpyxl.load_workbook(final)["Kết quả"]
    text = [[c.value for c in row] for row in decided.iter_rows()]
    row_a = next(r for r in text if ws.roster().people[a].name in r)
    assert COMPLETE in row_a and "Nguyễn Văn Thành – Bí thư Chi bộ\n30/12/2024" in row_a
    # the same file again: nothing new; the regenerated sheet re-sent unchanged: nothing new
    assert ingest(ws, [ws.archive]).count("stored") == 0
    resent = edit_decisions(proposal, ws.inbox / "chi-uy-gui-lai.xlsx", {},
                            signer=("Trần Văn Phó", "Phó Bí thư", "05/01/2025"))
    assert ingest(ws, [resent]).files[0].status == "stored"
    store = ws.store()
    try:
        assert len(decision_history(store, 2024, "person", a)) == 1
        assert current_decisions(store, 2024)[("person", a)].decided_at == "2024-12-30"
    finally:
        store.close()


def test_a_later_decision_replaces_the_current_and_an_empty_cell_withdraws_nothing(reviewed):
    ws = reviewed
    a, b = list(ws.roster().people)[:2]
    _decide(ws, {a: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")})
    ingest(ws)
    result = rate(ws)
    edit_decisions(result.files[0], ws.inbox / "chi-uy-2.xlsx",
                   {a: (GOOD, "Thành tích nổi bật, nâng mức"), b: (None, None)},
                   signer=("Nguyễn Văn Thành", "Bí thư Chi bộ", "05/01/2025"))
    ingest(ws)
    store = ws.store()
    try:
        current = current_decisions(store, 2024)
        history = decision_history(store, 2024, "person", a)
    finally:
        store.close()
    assert current[("person", a)].level == "good" and len(history) == 2
    assert ("person", b) in current                                  # not withdrawn


def test_decisions_breaking_a_blocker_or_the_quota_are_accepted_and_flagged(reviewed):
    ws = reviewed
    a, b, c, d = list(ws.roster().people)[:4]
    _decide(ws, {a: (EXCELLENT, "Thành tích nổi bật, nâng mức"),      # above the cap (no reports)
                 b: (COMPLETE, None),                                  # differs, no reason
                 c: (COMPLETE, "Thống nhất với đề xuất")})             # reason contradicts
    issues = ingest(ws).files[0].issues
    found = codes(issues)
    assert {"DECISION_ABOVE_CAP", "DECISION_OVER_QUOTA", "DECISION_REASON_MISSING",
            "DECISION_REASON_CONFLICT"} <= found
    assert not any(i.is_error for i in issues)
    assert next(i for i in issues if i.code == "DECISION_ABOVE_CAP").person_id == a
    result = rate(ws)
    df = result.people.set_index("person_id")
    assert df.loc[a, "final"] == "excellent" and df.loc[a, "above_cap"]
    assert df.loc[a, "final_over_quota"]
    assert result.decision_summary()["flagged"] >= 1
    flags = sheet_rows(result.files[1], "Kết quả", "Họ và tên")[ws.roster().people[a].name]
    assert "Cao hơn mức tối đa" in flags["Lưu ý"] and "Vượt tỉ lệ" in flags["Lưu ý"]


def test_decision_sheet_problems(reviewed):
    ws = reviewed
    a, b = list(ws.roster().people)[:2]
    result = rate(ws)
    # a code edited in the locked column, a reason without a decision, and nothing decided
    edit_decisions(result.files[0], ws.inbox / "sai.xlsx", {b: (None, "Thống nhất với đề xuất")},
                   extra={a: {"Mã cán bộ": "CB999", "Quyết định của Chi ủy": GOOD}})
    found = codes(ingest(ws).files[0].issues)
    assert {"DECISION_SUBJECT_UNKNOWN", "DECISION_REASON_ONLY"} <= found
    edit_decisions(result.files[0], ws.inbox / "trong.xlsx", {})
    assert "DECISION_NONE" in codes(ingest(ws).files[0].issues)


def test_who_decided_is_the_mail_sender_when_nobody_signed(reviewed):
    ws = reviewed
    a = list(ws.roster().people)[0]
    path = _decide(ws, {a: (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")}, signer=None,
                   name="tmp.xlsx")
    data = path.read_bytes()
    path.unlink()
    mail(ws.inbox / "chi-uy.eml", "chiuy@example.vn", "Xếp loại", dt.datetime(2024, 12, 31, 8),
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
    assert d.decided_by == "chiuy@example.vn" and d.decided_at.startswith("2024-12-31")


def test_collective_decisions_key_on_the_unit_code(reviewed):
    ws = reviewed
    unit = _unit(ws)
    result = rate(ws)
    edit_decisions(result.files[0], ws.inbox / "don-vi.xlsx",
                   {unit: (GOOD, "Thống nhất với đề xuất")}, sheet="Đơn vị", id_header="Mã đơn vị")
    report = ingest(ws)
    assert report.files[0].status == "stored"
    store = ws.store()
    try:
        assert current_decisions(store, 2024)[("unit", unit)].level == "good"
    finally:
        store.close()


# ---------------------------------------------------------------- the commands

def test_rate_and_report_commands(reviewed):
    ws = reviewed
    runner = CliRunner()
    res = runner.invoke(main, ["rate", "-w", str(ws.root), "--date", "26/12/2024"])
    assert res.exit_code == 1, res.output                      # rated, but no quarterly reports
    assert "QĐ 124-QĐ/TW" in res.output and "xep-loai-2024-de-xuat.xlsx" in res.output
    res = runner.invoke(main, ["--lang", "en", "rate", "-w", str(ws.root), "--format", "json"])
    data = json.loads(res.output)
    assert data["rule_set"] == "qd124" and len(data["people"]) == len(ws.roster().people)
    assert all(p["proposal"] for p in data["people"])
    res = runner.invoke(main, ["rate", "-w", str(ws.root), "--year", "2023"])
    assert res.exit_code == 2
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--period", "2024-H1",
                               "--number", "15", "--date", "10/07/2024"])
    assert res.exit_code == 1, res.output                      # quarterly reports are missing
    assert "bao-cao-so-ket-2024-H1.xlsx" in res.output
    res = runner.invoke(main, ["report", "-w", str(ws.root), "--format", "json"])
    data = json.loads(res.output)
    assert data["period"] == "2024" and len(data["files"]) == 3
    for bad in (["report", "--period", "2024-Q2"], ["report", "--date", "31/02/2024"],
                ["templates", "--form", "rating"]):
        res = runner.invoke(main, [*bad[:1], "-w", str(ws.root), *bad[1:]])
        assert res.exit_code == 2 and res.output.strip()
