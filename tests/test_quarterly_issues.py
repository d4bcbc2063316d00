"""Every quarterly issue code, triggered from a real workbook written and ingested."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import codes
from tests.quarterly_helpers import (
    PERIOD,
    diary_rows,
    quarterly_rows,
    submit,
    unit_report_rows,
)


def _unit(ws) -> str:
    return next(iter(ws.roster().units))


def _first(issues, code):
    return next(i for i in issues if i.code == code)


def test_changed_action_names_the_registered_text(pledged):
    ws, unit = pledged, _unit(pledged)
    rows = quarterly_rows(ws, unit)
    registered = rows["progress"][0]["action"]
    rows["progress"][0]["action"] = registered + " (sửa lại)"
    issues = submit(ws, unit, "quarterly", rows)
    issue = _first(issues, "ACTION_NOT_REGISTERED")
    assert issue.is_error and issue.sheet == "Tiến độ" and issue.cell.startswith("D")
    assert registered in issue.message()
    assert "ACTION_NOT_REPORTED" in codes(issues)      # the registered one has no row now


def test_an_action_retyped_in_another_style_is_still_the_registered_one(pledged):
    """Case, spacing, a final full stop and the old tone placement do not make another action;
    the other rows keep the registered text as the template put it."""
    ws, unit = pledged, _unit(pledged)
    rows = quarterly_rows(ws, unit)
    registered = rows["progress"][0]["action"]
    rows["progress"][0]["action"] = "  " + registered.upper().replace(" ", "  ") + " ."
    issues = submit(ws, unit, "quarterly", rows)
    assert not {"ACTION_NOT_REGISTERED", "ACTION_NOT_REPORTED"} & codes(issues)
    assert registered != rows["progress"][0]["action"]


def test_an_added_unknown_action_is_an_error(pledged):
    ws, unit = pledged, _unit(pledged)
    rows = quarterly_rows(ws, unit)
    first = rows["progress"][0]
    rows["progress"].append({"person_id": first["person_id"], "name": first["name"],
                             "_free": True, "action": "Việc chưa từng đăng ký",
                             "progress": "Đang thực hiện", "percent": 10})
    assert "ACTION_NOT_REGISTERED" in codes(submit(ws, unit, "quarterly", rows))


def test_quarterly_without_a_pledge_is_flagged(ws):
    unit = _unit(ws)
    rows = quarterly_rows(ws, unit)
    assert rows["progress"] == []                       # nothing registered yet
    assert codes(submit(ws, unit, "quarterly", rows)) == {"PLEDGE_NOT_FOUND"}


@pytest.mark.parametrize("change, code", [
    ({"progress": "Hoàn thành", "percent": 100, "evidence": None}, "EVIDENCE_MISSING"),
    ({"progress": "Hoàn thành", "percent": 70, "evidence": "Sổ"}, "PROGRESS_PERCENT_MISMATCH"),
    ({"progress": "Chưa thực hiện", "percent": 30}, "PROGRESS_PERCENT_MISMATCH"),
    ({"progress": "Đang thực hiện", "percent": None, "result": None}, "PROGRESS_NO_MEASURE"),
    ({"progress": "Đang thực hiện", "percent": 120}, "NUMBER_RANGE"),
    ({"progress": "Đang thực hiện", "percent": "nan"}, "NUMBER_INVALID"),    # float() takes these
    ({"progress": "Đang thực hiện", "percent": "inf"}, "NUMBER_INVALID"),
    ({"progress": "Xong rồi"}, "CHOICE_INVALID"),
    ({"progress": None, "percent": 20}, "REQUIRED_MISSING"),
])
def test_progress_row_checks(pledged, change, code):
    ws, unit = pledged, _unit(pledged)
    rows = quarterly_rows(ws, unit)
    rows["progress"][1].update(change)
    issues = submit(ws, unit, "quarterly", rows)
    assert code in codes(issues)
    assert _first(issues, code).person_id == rows["progress"][1]["person_id"]


def test_assessment_sheet_checks(pledged):
    ws, unit = pledged, _unit(pledged)
    rows = quarterly_rows(ws, unit)
    rows["people"][0].update(recognition="Phê bình", recognition_note=None)
    rows["people"][1]["head_assessment"] = None
    dropped = rows["people"].pop()
    issues = submit(ws, unit, "quarterly", rows)
    assert {"RECOGNITION_NOTE_MISSING", "REQUIRED_MISSING", "PERSON_NOT_IN_REPORT"} <= codes(issues)
    assert _first(issues, "PERSON_NOT_IN_REPORT").person_id == dropped["person_id"]


@pytest.mark.parametrize("report_first", [True, False])
def test_attendance_cannot_exceed_sessions_held(pledged, report_first):
    ws, unit = pledged, _unit(pledged)
    report = unit_report_rows(ws, unit, sessions=2)
    quarterly = quarterly_rows(ws, unit, attended=2)
    quarterly["people"][0]["sessions_attended"] = 3
    if report_first:
        submit(ws, unit, "unit-report", report)
        issues = submit(ws, unit, "quarterly", quarterly)
        assert [i.code for i in issues if i.code == "ATTENDANCE_EXCEEDS"] == ["ATTENDANCE_EXCEEDS"]
    else:
        assert "ATTENDANCE_EXCEEDS" not in codes(submit(ws, unit, "quarterly", quarterly))
        submit(ws, unit, "unit-report", report)
    store = ws.store()
    sub = store.submissions("quarterly", PERIOD)[0]
    stored = [i for i in store.issues(submission_id=sub["id"]) if i.code == "ATTENDANCE_EXCEEDS"]
    n_errors = sub["n_errors"]
    store.close()
    assert len(stored) == 1 and stored[0].person_id == quarterly["people"][0]["person_id"]
    assert n_errors == 1
    # a corrected unit report (3 sessions) clears it
    submit(ws, unit, "unit-report", unit_report_rows(ws, unit, sessions=3),
           when=dt.datetime(2024, 7, 6, 9))
    store = ws.store()
    sub = store.submissions("quarterly", PERIOD)[0]
    assert sub["n_errors"] == 0
    assert not [i for i in store.issues(submission_id=sub["id"])
                if i.code == "ATTENDANCE_EXCEEDS"]
    store.close()


def test_unit_report_checks(pledged):
    ws, unit = pledged, _unit(pledged)
    rows = unit_report_rows(ws, unit, sessions=2)
    rows["sessions"][0]["date"] = dt.date(2024, 3, 20)           # before the quarter
    rows["sessions"][1]["topic"] = None
    rows["propaganda"][0]["occasion"] = "Ngày tự đặt"
    issues = submit(ws, unit, "unit-report", rows)
    assert {"SESSIONS_FEW", "DATE_OUT_OF_RANGE", "REQUIRED_MISSING", "CHOICE_INVALID"} <= codes(
        issues)
    assert _first(issues, "DATE_OUT_OF_RANGE").sheet == "Sinh hoạt chuyên đề"


def test_diary_checks(pledged):
    ws, unit = pledged, _unit(pledged)
    rows = diary_rows(ws, unit)
    if not rows["entries"]:
        pytest.skip("no youth member in this unit")
    rows["entries"][0]["reason"] = None
    rows["entries"].append({"person_id": "CB999", "name": "Người lạ", "_free": True,
                            "date": dt.date(2024, 5, 2), "deed": "Việc tốt"})
    issues = submit(ws, unit, "diary", rows)
    assert {"GOLDEN_BOOK_NO_REASON", "PERSON_UNKNOWN"} <= codes(issues)


def test_late_quarterly_is_flagged(pledged):
    ws, unit = pledged, _unit(pledged)
    issues = submit(ws, unit, "quarterly", quarterly_rows(ws, unit),
                    when=dt.datetime(2024, 7, 11, 8))
    assert codes(issues) == {"SUBMISSION_LATE"}


def test_every_quarterly_code_has_both_languages():
    from toolkit.common.issues import CATALOGUE
    mine = ["ACTION_NOT_REGISTERED", "ACTION_NOT_REPORTED", "PLEDGE_NOT_FOUND", "EVIDENCE_MISSING",
            "PROGRESS_PERCENT_MISMATCH", "PROGRESS_NO_MEASURE", "ATTENDANCE_EXCEEDS",
            "RECOGNITION_NOTE_MISSING", "PERSON_NOT_IN_REPORT", "SESSIONS_FEW",
            "GOLDEN_BOOK_NO_REASON"]
    for code in mine:
        entry = CATALOGUE[code]
        assert entry.vi and entry.en and entry.vi != entry.en
        assert "Hãy" in entry.vi or "hãy" in entry.vi          # says how to fix it
