"""The rating rules on hand-built cases: rule set by year, bands, blockers, the quota check with
floor rounding and the order of the excess, collectives, decisions against the rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from toolkit.scoring.rating import (
    COMPLETE,
    EXCELLENT,
    GOOD,
    NOT_COMPLETE,
    RatingConfigError,
    RatingSettings,
    collective_inputs,
    decided_levels,
    level_of,
    propose_collectives,
    propose_people,
    quota_allowed,
    quota_check,
    rule_set_for_year,
)

Q124 = RatingSettings.from_config({}, 2024)
Q366 = RatingSettings.from_config({}, 2025)


def person(pid: str = "P1", score: float = 80, total: int = 2, done: int | None = None,
           on_time: int | None = None, exceeded: int = 0, **kw) -> dict:
    done = total if done is None else done
    row = dict(person_id=pid, name=kw.pop("name", f"Nguyễn Văn {pid}"), unit=kw.pop("unit", "U1"),
               party_group=kw.pop("party_group", ""), score=score, quarters_reported=4,
               has_pledge=total > 0, actions_total=total, actions_done=done,
               actions_on_time=done if on_time is None else on_time, actions_exceeded=exceeded,
               has_review=True, discipline="Không", civil_servant=False)
    row.update(kw)
    return row


def propose(rows: list[dict], settings: RatingSettings = Q124) -> pd.DataFrame:
    return propose_people(pd.DataFrame(rows), settings)


def one(settings: RatingSettings = Q124, **kw) -> pd.Series:
    return propose([person(**kw)], settings).iloc[0]


# ---------------------------------------------------------------- rule set and bands

def test_rule_set_follows_the_year():
    assert rule_set_for_year(2023) == rule_set_for_year(2024) == "qd124"
    assert rule_set_for_year(2025) == rule_set_for_year(2030) == "qd366"
    assert Q124.rules.name == "QĐ 124-QĐ/TW" and Q366.rules.name == "QĐ 366-QĐ/TW"
    forced = RatingSettings.from_config({"rule_set": "qd366"}, 2024)
    assert forced.rules.code == "qd366"


@pytest.mark.parametrize("score, total, done, on_time, exceeded, expected", [
    (90, 2, 2, 2, 1, EXCELLENT),       # ≥85, all on time, 50% exceeded
    (84.9, 2, 2, 2, 2, GOOD),          # just under the excellent band
    (95, 2, 2, 2, 0, GOOD),            # no action exceeded
    (95, 2, 2, 1, 1, GOOD),            # one action late: good under QĐ 124 (done is enough)
    (80, 3, 2, 2, 0, COMPLETE),        # 2 of 3 done: not good
    (69.9, 2, 2, 2, 0, COMPLETE),
    (60, 4, 1, 1, 0, NOT_COMPLETE),    # under 50% of the actions done
    (49.9, 2, 2, 2, 2, NOT_COMPLETE),
])
def test_qd124_bands(score, total, done, on_time, exceeded, expected):
    row = one(score=score, total=total, done=done, on_time=on_time, exceeded=exceeded)
    assert row["proposal"] == expected
    assert row["blockers"] == ()
    assert row["reasons"] and "Điểm" in row["reasons"][0]


@pytest.mark.parametrize("score, done, on_time, exceeded, expected", [
    (90, 3, 3, 1, EXCELLENT),          # ≥90, 100%, 33% exceeded (≥30%)
    (89.9, 3, 3, 3, GOOD),
    (92, 3, 3, 0, GOOD),
    (85, 3, 2, 0, COMPLETE),           # tốt needs 100% on time under QĐ 366
    (70, 3, 3, 0, GOOD),
    (69.9, 3, 3, 3, COMPLETE),
    (50, 3, 3, 0, COMPLETE),
    (49.9, 3, 3, 0, NOT_COMPLETE),
])
def test_qd366_bands(score, done, on_time, exceeded, expected):
    row = one(Q366, score=score, total=3, done=done, on_time=on_time, exceeded=exceeded)
    assert row["proposal"] == expected


def test_thresholds_come_from_the_config():
    strict = RatingSettings.from_config({"q124_band_excellent": 95, "q124_band_good": 80,
                                         "q124_exceeded_share": 0.0}, 2024)
    assert one(strict, score=94, exceeded=0)["proposal"] == GOOD
    assert one(strict, score=79, exceeded=0)["proposal"] == COMPLETE
    assert one(strict, score=96, exceeded=0)["proposal"] == EXCELLENT
    bands = RatingSettings.from_config({"band_excellent": 80}, 2025)
    assert one(bands, score=81, total=2, exceeded=1)["proposal"] == EXCELLENT


@pytest.mark.parametrize("setting, year", [
    ({"discipline_cap": "rất tốt"}, 2024), ({"quota_ratio": 1.5}, 2024),
    ({"quota_rounding": "ceil"}, 2024), ({"quota_group": "room"}, 2024), ({"band_good": 95}, 2025),
    ({"rule_set": "qd999"}, 2024), ({"q124_band_good": "x"}, 2024)])
def test_bad_settings_name_the_key(setting, year):
    with pytest.raises(RatingConfigError) as err:
        RatingSettings.from_config(setting, year)
    assert err.value.key in {*setting, "band_good"}


def test_levels_are_read_from_labels_short_labels_and_keys():
    assert level_of("Hoàn thành xuất sắc nhiệm vụ") == EXCELLENT
    assert level_of("hoan thanh tot nhiem vu") == GOOD
    assert level_of("HTNV") == COMPLETE and level_of("not_complete") == NOT_COMPLETE
    assert level_of("Tốt") is None and level_of(None) is None


# ---------------------------------------------------------------- blockers

def test_discipline_blocks_and_its_cap_is_a_setting():
    row = one(score=97, exceeded=2, discipline="Khiển trách")
    assert row["by_score"] == EXCELLENT and row["proposal"] == NOT_COMPLETE   # QĐ 124 4.3 d
    assert row["blockers"] == ("discipline",) and row["cap"] == NOT_COMPLETE
    assert any("Khiển trách" in r for r in row["reasons"])
    lenient = RatingSettings.from_config({"discipline_cap": "complete"}, 2024)
    assert one(lenient, score=97, exceeded=2, discipline="Cảnh cáo")["proposal"] == COMPLETE
    assert one(score=97, exceeded=2, discipline="Không")["proposal"] == EXCELLENT


def test_missing_pledge_reports_and_review_block():
    row = one(score=95, total=0)
    assert "no_pledge" in row["blockers"] and row["proposal"] == NOT_COMPLETE  # nothing done
    row = one(score=95, exceeded=1, missing_quarters="quý III")
    assert row["blockers"] == ("missing_reports",) and row["proposal"] == GOOD
    assert any("quý III" in r for r in row["reasons"])
    row = one(score=95, exceeded=1, has_review=False)
    assert row["blockers"] == ("no_review",) and row["proposal"] == GOOD


def test_civil_servant_condition():
    base = dict(score=95, exceeded=1, civil_servant=True)
    assert one(**base, cs_rating="Hoàn thành xuất sắc nhiệm vụ")["proposal"] == EXCELLENT
    row = one(**base, cs_rating="Hoàn thành tốt nhiệm vụ")
    assert row["proposal"] == GOOD and row["blockers"] == ("civil_servant",)
    row = one(**base, cs_rating=None)
    assert row["proposal"] == GOOD and row["blockers"] == ("civil_servant",)
    # a condition that does not bind is not shown as a blocker
    assert one(score=75, civil_servant=True, cs_rating="Hoàn thành tốt nhiệm vụ")["blockers"] == ()
    off = RatingSettings.from_config({"civil_servant_condition": False}, 2024)
    assert one(off, **base, cs_rating=None)["proposal"] == EXCELLENT


def test_nobody_is_dropped_a_person_without_data_gets_blockers():
    df = propose([{"person_id": "X", "name": "Lê Văn X", "unit": "U1",
                   "missing_quarters": "quý I, II, III, IV"}])
    row = df.iloc[0]
    assert len(df) == 1 and row["proposal"] == NOT_COMPLETE
    assert {"no_pledge", "missing_reports", "no_review"} <= set(row["blockers"])
    assert math.isnan(row["score"])


# ---------------------------------------------------------------- the quota check

@pytest.mark.parametrize("base, ratio, rounding, expected", [
    (14, 0.2, "floor", 2), (15, 0.2, "floor", 3), (4, 0.2, "floor", 0), (5, 0.2, "floor", 1),
    (100, 0.57, "floor", 57),            # 0.57 × 100 is 56.99999999999999 in floats
    (12, 0.2, "round", 2), (13, 0.2, "round", 3), (0, 0.2, "floor", 0),
])
def test_quota_allowed(base, ratio, rounding, expected):
    assert quota_allowed(base, ratio, rounding) == expected


def _group(n_good: int, excellent: list[tuple[str, float, int]], unit: str = "U1",
           **kw) -> list[dict]:
    rows = [person(f"{unit}-G{i}", score=75, unit=unit, **kw) for i in range(n_good)]
    rows += [person(pid, score=s, total=2, exceeded=e, unit=unit, **kw) for pid, s, e in excellent]
    return rows


def test_quota_floor_per_unit_and_excess_in_rank_order():
    rows = _group(9, [("A", 91, 1), ("B", 99, 1), ("C", 95, 2), ("D", 95, 1)])
    df, groups = quota_check(propose(rows), Q124)
    g = groups[0]
    assert (g.n_good, g.n_excellent, g.base, g.allowed) == (9, 4, 9, 1)   # floor(0.2 × 9)
    assert g.ranked == ("B", "C", "D", "A")   # score, then the share exceeded
    assert g.excess == ("C", "D", "A")
    flagged = df.set_index("person_id")
    assert not flagged.loc["B", "over_quota"] and flagged.loc["A", "over_quota"]
    assert flagged.loc["A", "quota_rank"] == 4
    assert (df["proposal"][df["person_id"].isin(["A", "C", "D"])] == EXCELLENT).all()  # kept


def test_quota_groups_are_separate():
    rows = _group(10, [("A", 95, 1), ("B", 96, 1)], unit="U1") + \
        _group(4, [("C", 95, 1)], unit="U2")
    _, groups = quota_check(propose(rows), Q124)
    by = {g.key: g for g in groups}
    assert by["U1"].allowed == 2 and by["U1"].excess == ()
    assert by["U2"].allowed == 0 and by["U2"].excess == ("C",)
    everyone = RatingSettings.from_config({"quota_group": "all"}, 2024)
    _, groups = quota_check(propose(rows), everyone)
    # B first (96); A and C tie on score and shares: name order decides
    assert len(groups) == 1 and groups[0].allowed == 2 and groups[0].ranked == ("B", "A", "C")
    assert groups[0].excess == ("C",)


def test_quota_by_party_group_falls_back_to_the_unit_for_non_members():
    rows = [person("M1", 75, party_group="Tổ 1"), person("M2", 95, exceeded=1,
                                                              party_group="Tổ 1"),
            person("N1", 75), person("N2", 95, exceeded=1)]
    settings = RatingSettings.from_config({"quota_group": "party_group"}, 2024)
    df, groups = quota_check(propose(rows), settings)
    assert {g.key for g in groups} == {"Tổ 1", "~U1"}


def test_quota_base_and_rounding_are_settings():
    rows = _group(8, [("A", 95, 1), ("B", 94, 1)])
    above = RatingSettings.from_config({"quota_base": "good_and_above"}, 2024)
    assert quota_check(propose(rows), above)[1][0].allowed == 2            # 0.2 × 10
    assert quota_check(propose(rows), Q124)[1][0].allowed == 1             # 0.2 × 8 = 1.6
    rounded = RatingSettings.from_config({"quota_rounding": "round"}, 2024)
    assert quota_check(propose(rows), rounded)[1][0].allowed == 2


# ---------------------------------------------------------------- collectives

def test_party_groups_and_units_get_their_own_proposals():
    rows = [person("A", 95, exceeded=1, party_group="Tổ 1"), person("B", 80, party_group="Tổ 1"),
            person("C", 40, unit="U2", party_group="Tổ 2"),
            person("D", 96, exceeded=1, unit="U2", party_group="Tổ 2", discipline="Cảnh cáo")]
    people = propose(rows)
    groups = propose_collectives(collective_inputs(people, "party_group"), Q124)
    by = groups.set_index("subject_id")
    assert by.loc["Tổ 1", "proposal"] == EXCELLENT          # mean 87.5 ≥ 85, nobody blocked
    assert set(by.loc["Tổ 2", "blockers"]) == {"member_not_complete", "member_discipline"}
    assert by.loc["Tổ 2", "proposal"] == COMPLETE           # mean 68: the complete band
    units = propose_collectives(collective_inputs(people, "unit", scores={"U1": 72.0},
                                                  missing={"U1": "quý IV"}), Q124)
    u = units.set_index("subject_id")
    assert u.loc["U1", "score"] == 72.0 and u.loc["U1", "proposal"] == GOOD
    assert "missing_reports" in u.loc["U1", "blockers"]


# ---------------------------------------------------------------- decisions

def test_decisions_override_and_are_flagged_above_the_cap():
    df = propose([person("A", 97, exceeded=2, discipline="Khiển trách"), person("B", 80)])
    out = decided_levels(df, {"A": COMPLETE, "B": GOOD}).set_index("person_id")
    assert out.loc["A", "final"] == COMPLETE and out.loc["A", "overridden"]
    assert out.loc["A", "above_cap"]                      # cap is "not complete"
    assert not out.loc["B", "overridden"] and not out.loc["B", "above_cap"]
    undecided = decided_levels(df, {}).set_index("person_id")
    assert undecided.loc["B", "final"] == GOOD and undecided.loc["B", "decision"] is None
