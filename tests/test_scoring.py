"""Scoring with small hand-computed cases: the expected-progress rule, person and unit scores."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from toolkit.scoring.scores import (
    Rules,
    actual_progress,
    expected_progress,
    score_actions,
    score_people,
    score_units,
)

D = dt.date
Q1_END, Q2_END = D(2024, 3, 31), D(2024, 6, 30)
RULES = Rules()   # the defaults of default_config.toml


@pytest.mark.parametrize("deadline, as_of, expected", [
    (D(2024, 12, 31), Q2_END, 100 * 181 / 365),      # half the year gone: ~49.6 %
    (D(2024, 9, 30), Q2_END, 100 * 181 / 273),       # due end of Q3: ~66.3 %
    (D(2024, 6, 30), Q2_END, 100.0),                 # due at quarter end
    (D(2024, 5, 1), Q2_END, 100.0),                  # overdue: never above 100
    (D(2024, 12, 31), Q1_END, 100 * 90 / 365),       # Q1: ~24.7 %
    (None, Q1_END, 100 * 90 / 365),                  # no deadline: 31/12
    (D(2024, 1, 1), Q1_END, 100.0),                  # due on 1/1
])
def test_expected_progress_rule(deadline, as_of, expected):
    assert expected_progress(deadline, as_of, 2024) == pytest.approx(expected)


def test_actual_progress_labels_and_percentages():
    assert actual_progress("Hoàn thành", 80, RULES) == 100      # done wins over a lower %
    assert actual_progress("Đang thực hiện", 40, RULES) == 40
    assert actual_progress("Đang thực hiện", 150, RULES) == 100  # clipped
    assert actual_progress("Đang thực hiện", None, RULES) == RULES.in_progress_percent
    assert actual_progress("Chưa thực hiện", None, RULES) == 0
    assert actual_progress(None, None, RULES) == 0              # not reported


def _actions() -> pd.DataFrame:
    return pd.DataFrame([
        {"person_id": "A", "deadline": D(2024, 12, 31), "progress": "Đang thực hiện",
         "percent": 40.0},
        {"person_id": "A", "deadline": D(2024, 6, 30), "progress": "Hoàn thành",
         "percent": None},
        {"person_id": "C", "deadline": D(2024, 9, 30), "progress": "Đang thực hiện",
         "percent": None},
        {"person_id": "D", "deadline": D(2024, 12, 31), "progress": None, "percent": None},
    ])


def _people() -> pd.DataFrame:
    base = {"party_group": "", "name": "x"}
    return pd.DataFrame([
        {**base, "person_id": "A", "unit": "U1", "has_pledge": True, "has_report": True,
         "sessions_attended": 2, "sessions_denominator": 3, "assessment": "Khá",
         "recognition": "Biểu dương"},
        {**base, "person_id": "B", "unit": "U1", "has_pledge": False, "has_report": True,
         "sessions_attended": 3, "sessions_denominator": 3, "assessment": "Tốt",
         "recognition": "Nhắc nhở"},
        {**base, "person_id": "C", "unit": "U2", "has_pledge": True, "has_report": True,
         "sessions_attended": 0, "sessions_denominator": 0, "assessment": None,
         "recognition": "Phê bình"},
        {**base, "person_id": "D", "unit": "U2", "has_pledge": True, "has_report": False,
         "sessions_attended": None, "sessions_denominator": 3, "assessment": None,
         "recognition": None},
    ])


def _scored() -> pd.DataFrame:
    actions = score_actions(_actions(), Q2_END, 2024, RULES)
    return score_people(_people(), actions, RULES).set_index("person_id")


def test_action_scores_against_expected_progress():
    a = score_actions(_actions(), Q2_END, 2024, RULES)
    assert a["action_score"].tolist() == pytest.approx(
        [100 * 40 / (100 * 181 / 365), 100.0, 100 * 50 / (100 * 181 / 273), 0.0])
    assert a["done"].tolist() == [False, True, False, False]


def test_person_score_with_every_component():
    a = _scored().loc["A"]
    progress = (40 * 365 / 181 + 100) / 2                       # 90.33
    assert a["progress_score"] == pytest.approx(progress)
    assert a["attendance_score"] == pytest.approx(200 / 3)      # 2 of 3 sessions
    assert a["assessment_score"] == 80                          # Khá
    assert a["adjustment"] == 5                                 # commended
    assert a["score"] == pytest.approx(0.5 * progress + 0.2 * 200 / 3 + 0.3 * 80 + 5)  # 87.50
    assert (a["actions_done"], a["actions_total"]) == (1, 2)


def test_no_pledge_scores_zero_progress_and_reminder_costs_points():
    b = _scored().loc["B"]
    assert b["progress_score"] == 0
    assert b["score"] == pytest.approx(0.5 * 0 + 0.2 * 100 + 0.3 * 100 - 5)       # 45
    assert (b["actions_done"], b["actions_total"]) == (0, 0)


def test_missing_components_are_left_out_and_weights_rescaled():
    c = _scored().loc["C"]
    assert math.isnan(c["attendance_score"]) and math.isnan(c["assessment_score"])
    progress = 100 * 50 / (100 * 181 / 273)                                        # 75.41
    assert c["score"] == pytest.approx(progress - 15)                             # criticised


def test_people_without_report_are_kept_without_score():
    people = _scored()
    assert list(people.index) == ["A", "B", "C", "D"]
    assert math.isnan(people.loc["D", "score"])
    assert people.loc["D", "actions_total"] == 1


def test_score_is_kept_within_0_and_100():
    people = _people().iloc[[0]].assign(recognition="Biểu dương", assessment="Tốt",
                                        sessions_attended=9)
    actions = score_actions(_actions().iloc[[1]], Q2_END, 2024, RULES)
    assert score_people(people, actions, RULES)["score"].iloc[0] == 100


def test_unit_scores_and_rank():
    people = _scored().reset_index()
    units = pd.DataFrame([
        {"unit": "U2", "quarterly_state": "missing", "unit_report_state": "missing",
         "sessions_held": float("nan"), "emulation_active": 0, "propaganda_count": 0},
        {"unit": "U1", "quarterly_state": "on_time", "unit_report_state": "late",
         "sessions_held": 3, "emulation_active": 1, "propaganda_count": 1},
    ])
    u = score_units(units, people, RULES).set_index("unit")
    a = 0.5 * (40 * 365 / 181 + 100) / 2 + 0.2 * 200 / 3 + 0.3 * 80 + 5
    c = 100 * 50 / (100 * 181 / 273) - 15
    assert u.loc["U1", "people_score"] == pytest.approx((a + 45) / 2)
    assert u.loc["U1", "on_time_score"] == 75                     # on time 100, late 50
    assert u.loc["U1", "sessions_score"] == 100                    # 3 of 3 expected
    assert u.loc["U1", "activities_score"] == pytest.approx(200 / 3)
    assert u.loc["U1", "score"] == pytest.approx(
        0.5 * (a + 45) / 2 + 0.15 * 75 + 0.2 * 100 + 0.15 * 200 / 3)
    assert u.loc["U2", "people_score"] == pytest.approx(c / 2)   # no report counts 0
    assert u.loc["U2", "score"] == pytest.approx(0.5 * c / 2)
    assert u.loc["U1", "completion"] == 50                         # 1 of 2 actions done
    assert (u.loc["U1", "rank"], u.loc["U2", "rank"]) == (1, 2)


def test_rules_come_from_the_config(ws):
    text = ws.config.path.read_text(encoding="utf-8")
    text = text.replace("weight_progress = 0.5", "weight_progress = 0.6").replace(
        "weight_attendance = 0.2", "weight_attendance = 0.1").replace(
        "late_points = 50", "late_points = 25")
    ws.config.path.write_text(text, encoding="utf-8")
    from toolkit.config.workspace import Workspace
    rules = Rules.from_config(Workspace.open(ws.root).config)
    assert (rules.weight_progress, rules.weight_attendance, rules.late_points) == (0.6, 0.1, 25)
    assert rules.assessment_points["Khá"] == 80
