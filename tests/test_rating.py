"""The rating rules on hand-built cases: rule sets by year and population, bands, blockers, the
"chưa đủ dữ liệu" level, the quota among party members only, the NĐ 48 share check, collectives,
and decisions in any state laid over the proposals (the pandas 3 "KeyError: nan" case)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from toolkit.scoring.rating import (
    COMPLETE,
    EXCELLENT,
    GOOD,
    NO_DATA,
    NOT_COMPLETE,
    RatingConfigError,
    decided_levels,
    level_counts,
    level_of,
)
from toolkit.scoring.rating_party import party_collectives, propose_party, staff_levels
from toolkit.scoring.rating_quota import quota_allowed, quota_check
from toolkit.scoring.rating_settings import (
    RatingSettings,
    rule_set_for_year,
    staff_rule_set_for_year,
)
from toolkit.scoring.rating_staff import propose_staff, share_check

Q124 = RatingSettings.from_config({}, 2024)
Q366 = RatingSettings.from_config({}, 2025)


def person(pid: str = "P1", score: float = 80, total: int = 2, done: int | None = None,
           on_time: int | None = None, exceeded: int = 0, **kw) -> dict:
    done = total if done is None else done
    row = dict(person_id=pid, name=kw.pop("name", f"Nguyễn Văn {pid}"), unit=kw.pop("unit", "U1"),
               party_group=kw.pop("party_group", "Tổ 1"), party_member=kw.pop("party_member", True),
               score=score, quarters_reported=4, has_pledge=total > 0, actions_total=total,
               actions_done=done, actions_on_time=done if on_time is None else on_time,
               actions_exceeded=exceeded, has_review=True, discipline="Không",
               civil_servant=False, data_gaps=())
    row.update(kw)
    return row


def propose(rows: list[dict], settings: RatingSettings = Q124) -> pd.DataFrame:
    return propose_party(pd.DataFrame(rows), settings)


def one(settings: RatingSettings = Q124, **kw) -> pd.Series:
    return propose([person(**kw)], settings).iloc[0]


# ---------------------------------------------------------------- rule sets and bands

def test_rule_sets_follow_the_year_and_the_population():
    assert rule_set_for_year(2023) == rule_set_for_year(2024) == "qd124"
    assert rule_set_for_year(2025) == rule_set_for_year(2030) == "qd366"
    assert staff_rule_set_for_year(2024) == staff_rule_set_for_year(2025) == "nd90"
    assert staff_rule_set_for_year(2026) == "nd335"
    assert Q124.rules.name == "QĐ 124-QĐ/TW" and Q366.rules.name == "QĐ 366-QĐ/TW"
    assert "124-QĐ/TW" in Q124.rules.basis and "366-QĐ/TW" in Q366.rules.basis
    assert "90/2020/NĐ-CP" in Q124.staff.rules.basis and "48/2023" in Q124.staff.rules.basis
    y2026 = RatingSettings.from_config({}, 2026)
    assert y2026.staff.rules.code == "nd335" and "335/2025" in y2026.staff.rules.basis
    forced = RatingSettings.from_config({"rule_set": "qd366", "staff": {"rule_set": "nd335"}},
                                        2024)
    assert forced.rules.code == "qd366" and forced.staff.rules.code == "nd335"


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


def test_staff_bands_are_their_own():
    # 87 is excellent under the QĐ 124 approximation (85) but not for the agency (90)
    rows = [person("A", 87, exceeded=1)]
    assert propose(rows)["proposal"].iloc[0] == EXCELLENT
    assert propose_staff(pd.DataFrame(rows), Q124)["proposal"].iloc[0] == GOOD
    strict = RatingSettings.from_config({"staff": {"band_excellent": 80}}, 2024)
    assert propose_staff(pd.DataFrame(rows), strict)["proposal"].iloc[0] == EXCELLENT


def test_thresholds_come_from_the_config():
    strict = RatingSettings.from_config({"q124_band_excellent": 95, "q124_band_good": 80,
                                         "q124_exceeded_share": 0.0}, 2024)
    assert one(strict, score=94, exceeded=0)["proposal"] == GOOD
    assert one(strict, score=79, exceeded=0)["proposal"] == COMPLETE
    assert one(strict, score=96, exceeded=0)["proposal"] == EXCELLENT
    bands = RatingSettings.from_config({"band_excellent": 80}, 2025)
    assert one(bands, score=81, total=2, exceeded=1)["proposal"] == EXCELLENT


@pytest.mark.parametrize("setting, year, key", [
    ({"discipline_cap": "rất tốt"}, 2024, "discipline_cap"),
    ({"quota_ratio": 1.5}, 2024, "quota_ratio"),
    ({"quota_rounding": "ceil"}, 2024, "quota_rounding"),
    ({"quota_group": "room"}, 2024, "quota_group"), ({"band_good": 95}, 2025, "band_good"),
    ({"rule_set": "qd999"}, 2024, "rule_set"), ({"q124_band_good": "x"}, 2024, "q124_band_good"),
    ({"honours_excluded": "hide"}, 2024, "honours_excluded"),
    ({"staff": {"rule_set": "nd1"}}, 2024, "staff.rule_set"),
    ({"staff": {"band_good": 95}}, 2024, "staff.band_good"),
    ({"civil_servant_condition": "yes"}, 2024, "civil_servant_condition")])
def test_bad_settings_name_the_key(setting, year, key):
    with pytest.raises(RatingConfigError) as err:
        RatingSettings.from_config(setting, year)
    assert err.value.key == key


def test_levels_are_read_from_labels_short_labels_and_keys():
    assert level_of("Hoàn thành xuất sắc nhiệm vụ") == EXCELLENT
    assert level_of("hoan thanh tot nhiem vu") == GOOD
    assert level_of("HTNV") == COMPLETE and level_of("not_complete") == NOT_COMPLETE
    assert level_of("Tốt") is None and level_of(None) is None
    assert level_of(float("nan")) is None and level_of(pd.NA) is None


# ---------------------------------------------------------------- who is on which sheet

def test_only_party_members_are_rated_by_the_party_rule():
    rows = [person("M1", 95, exceeded=1), person("M2", 75),
            person("N1", 99, exceeded=2, party_member=False, party_group=""),
            person("N2", 99, exceeded=2, party_member=False, party_group="")]
    party = propose(rows)
    assert list(party["person_id"]) == ["M1", "M2"]
    staff = propose_staff(pd.DataFrame(rows), Q124)
    assert list(staff["person_id"]) == ["M1", "M2", "N1", "N2"]      # everyone, by the agency


def test_the_quota_counts_party_members_only():
    # five non-members rated excellent by the agency take nothing from the party's quota
    members = [person(f"G{i}", 75) for i in range(5)] + [person("X", 95, exceeded=1)]
    others = [person(f"N{i}", 99, exceeded=2, party_member=False, party_group="")
              for i in range(5)]
    party = propose(members + others, RatingSettings.from_config({"quota_group": "all"}, 2024))
    _, groups = quota_check(party, Q124.quota, group_how="all")
    g = groups[0]
    assert (g.n_people, g.n_good, g.n_excellent, g.allowed, g.excess) == (6, 5, 1, 1, ())


# ---------------------------------------------------------------- blockers

def test_discipline_blocks_and_its_cap_is_a_setting():
    row = one(score=97, exceeded=2, discipline="Khiển trách")
    assert row["by_score"] == EXCELLENT and row["proposal"] == NOT_COMPLETE   # QĐ 124 4.3 d
    assert row["blockers"] == ("discipline",) and row["cap"] == NOT_COMPLETE
    assert any("Khiển trách" in r for r in row["reasons"])
    lenient = RatingSettings.from_config({"discipline_cap": "complete"}, 2024)
    assert one(lenient, score=97, exceeded=2, discipline="Cảnh cáo")["proposal"] == COMPLETE
    assert one(score=97, exceeded=2, discipline="Không")["proposal"] == EXCELLENT
    staff = propose_staff(pd.DataFrame([person("A", 97, exceeded=2, discipline="Khiển trách")]),
                          Q124).iloc[0]
    assert staff["proposal"] == NOT_COMPLETE and staff["blockers"] == ("discipline",)


def test_no_pledge_of_ones_own_and_an_incomplete_review_block():
    row = one(score=95, total=0)
    assert "no_pledge" in row["blockers"] and row["proposal"] == NOT_COMPLETE  # nothing done
    row = one(score=95, exceeded=1, has_review=False)
    assert row["blockers"] == ("no_review",) and row["proposal"] == GOOD


def test_civil_servant_condition_takes_the_agencys_level():
    base = dict(score=95, exceeded=1, civil_servant=True)
    assert one(**base, staff_level=EXCELLENT, staff_source="decision")["proposal"] == EXCELLENT
    row = one(**base, staff_level=GOOD, staff_source="decision")
    assert row["proposal"] == GOOD and row["blockers"] == ("civil_servant",)
    assert any("cơ quan đã quyết định" in r for r in row["reasons"])
    row = one(**base, staff_level=None)
    assert row["proposal"] == GOOD and row["blockers"] == ("civil_servant",)
    # a condition that does not bind is not shown as a blocker
    assert one(score=75, civil_servant=True, staff_level=GOOD)["blockers"] == ()
    off = RatingSettings.from_config({"civil_servant_condition": False}, 2024)
    assert one(off, **base, staff_level=None)["proposal"] == EXCELLENT


def test_staff_levels_prefer_the_decision_then_the_self_review_then_the_proposal():
    staff = pd.DataFrame([
        {"person_id": "A", "decision": GOOD, "cs_rating": "Hoàn thành xuất sắc nhiệm vụ",
         "proposal": EXCELLENT},
        {"person_id": "B", "decision": None, "cs_rating": "HTNV", "proposal": EXCELLENT},
        {"person_id": "C", "decision": None, "cs_rating": None, "proposal": GOOD},
        {"person_id": "D", "decision": None, "cs_rating": None, "proposal": NO_DATA}])
    assert staff_levels(staff) == {"A": (GOOD, "decision"), "B": (COMPLETE, "review"),
                                   "C": (GOOD, "proposal")}


# ---------------------------------------------------------------- missing data is not bad work

def test_a_person_whose_unit_sent_nothing_gets_no_level_but_the_reasons():
    gaps = ("Đơn vị chưa gửi bản đăng ký việc làm theo năm 2024",
            "Chưa có báo cáo quý IV của đơn vị")
    row = one(score=float("nan"), total=0, data_gaps=gaps)
    assert row["proposal"] == NO_DATA and row["by_score"] == NO_DATA and not row["capped"]
    assert gaps[0] in row["reasons"][0] and gaps[1] in row["reasons"][0]
    # a known discipline still shows; no blocker turns missing data into a level
    row = one(score=float("nan"), total=0, data_gaps=gaps[1:], discipline="Cảnh cáo")
    assert row["proposal"] == NO_DATA and row["blockers"] == ("discipline",)


def test_nobody_is_dropped_a_person_without_any_column_gets_defaults():
    df = propose([{"person_id": "X", "name": "Lê Văn X", "unit": "U1", "party_member": True}])
    row = df.iloc[0]
    assert len(df) == 1 and row["proposal"] == NOT_COMPLETE
    assert {"no_pledge", "no_review"} <= set(row["blockers"])
    assert math.isnan(row["score"])


def test_no_data_counts_apart_and_never_in_the_quota():
    rows = [person(f"G{i}", 75) for i in range(5)] + [person("X", 95, exceeded=1)] + \
        [person(f"Z{i}", float("nan"), data_gaps=("Chưa có báo cáo quý IV của đơn vị",))
         for i in range(10)]
    df = propose(rows)
    counts = level_counts(df["proposal"])
    assert counts == {EXCELLENT: 1, GOOD: 5, COMPLETE: 0, NOT_COMPLETE: 0, NO_DATA: 10}
    _, groups = quota_check(df, Q124.quota, group_how="all")
    assert groups[0].base == 5 and groups[0].allowed == 1 and not groups[0].excess


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
    df, groups = quota_check(propose(rows), Q124.quota, group_how="unit")
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
    _, groups = quota_check(propose(rows), Q124.quota, group_how="unit")
    by = {g.key: g for g in groups}
    assert by["U1"].allowed == 2 and by["U1"].excess == ()
    assert by["U2"].allowed == 0 and by["U2"].excess == ("C",)
    _, groups = quota_check(propose(rows), Q124.quota, group_how="all")
    # B first (96); A and C tie on score and shares: name order decides
    assert len(groups) == 1 and groups[0].allowed == 2 and groups[0].ranked == ("B", "A", "C")
    assert groups[0].excess == ("C",)


def test_quota_by_party_group_falls_back_to_the_unit():
    rows = [person("M1", 75, party_group="Tổ 1"), person("M2", 95, exceeded=1,
                                                              party_group="Tổ 1"),
            person("N1", 75, party_group=""), person("N2", 95, exceeded=1, party_group="")]
    settings = RatingSettings.from_config({"quota_group": "party_group"}, 2024)
    df, groups = quota_check(propose(rows, settings), settings.quota)
    assert {g.key for g in groups} == {"Tổ 1", "~U1"}


def test_quota_base_and_rounding_are_settings():
    rows = _group(8, [("A", 95, 1), ("B", 94, 1)])
    above = RatingSettings.from_config({"quota_base": "good_and_above"}, 2024)
    assert quota_check(propose(rows), above.quota)[1][0].allowed == 2            # 0.2 × 10
    assert quota_check(propose(rows), Q124.quota)[1][0].allowed == 1             # 0.2 × 8
    rounded = RatingSettings.from_config({"quota_rounding": "round"}, 2024)
    assert quota_check(propose(rows), rounded.quota)[1][0].allowed == 2


# ---------------------------------------------------------------- the NĐ 48 share check

def test_staff_share_beyond_the_party_members_share_is_flagged_never_demoted():
    rows = ([person(f"M{i}", 75) for i in range(9)] + [person("MX", 96, exceeded=2)] +
            [person(f"N{i}", 97 - i, exceeded=2, party_member=False, party_group="")
             for i in range(4)])
    staff = propose_staff(pd.DataFrame(rows), Q124)
    party = propose(rows)
    out, check = share_check(staff, party)
    # party: 1 excellent of 10 (10%); staff: 5 of 14 (36%): at most floor(14 × 1/10) = 1
    assert (check.party_excellent, check.party_rated) == (1, 10)
    assert (check.staff_excellent, check.staff_rated) == (5, 14) and check.allowed == 1
    assert not check.ok and check.excess == ("MX", "N1", "N2", "N3")   # 96 ties: by name
    flagged = out.set_index("person_id")
    assert flagged.loc["N0", "share_rank"] == 1 and not flagged.loc["N0", "over_share"]
    assert flagged.loc["MX", "over_share"] and flagged.loc["MX", "proposal"] == EXCELLENT
    assert (out["proposal"] == staff["proposal"]).all()                 # nobody demoted


def test_the_share_check_passes_when_the_staff_share_is_lower():
    rows = [person("M1", 96, exceeded=2), person("M2", 75), person("N1", 75, party_member=False)]
    _, check = share_check(propose_staff(pd.DataFrame(rows), Q124), propose(rows))
    assert check.ok and check.party_share == 0.5 and check.staff_excellent == 1


# ---------------------------------------------------------------- collectives

def test_party_groups_and_the_cell_get_their_own_proposals():
    rows = [person("A", 95, exceeded=1, party_group="Tổ 1"), person("B", 80, party_group="Tổ 1"),
            person("C", 40, unit="U2", party_group="Tổ 2"),
            person("D", 96, exceeded=1, unit="U2", party_group="Tổ 2", discipline="Cảnh cáo"),
            person("E", float("nan"), unit="U3", party_group="Tổ 3",
                   data_gaps=("Chưa có báo cáo quý IV của đơn vị",))]
    party = propose(rows)
    groups = party_collectives(party, Q124, "Chi bộ", "Chi bộ Ban")
    by = groups.set_index("subject_id")
    assert list(groups["kind"]) == ["party_group"] * 3 + ["cell"]
    assert by.loc["Tổ 1", "proposal"] == EXCELLENT          # mean 87.5 ≥ 85, nobody blocked
    assert set(by.loc["Tổ 2", "blockers"]) == {"member_not_complete", "member_discipline"}
    assert by.loc["Tổ 2", "proposal"] == COMPLETE           # mean 68: the complete band
    assert by.loc["Tổ 3", "proposal"] == NO_DATA            # no member with data
    cell = by.loc["Chi bộ"]
    assert cell["name"] == "Chi bộ Ban" and cell["n_members"] == 5 and cell["n_rated"] == 4
    assert cell["score"] == pytest.approx((95 + 80 + 40 + 96) / 4)    # members with data
    assert "member_no_data" in cell["blockers"]


# ---------------------------------------------------------------- decisions in any state

def _five() -> pd.DataFrame:
    return propose([person("A", 97, exceeded=2, discipline="Khiển trách"), person("B", 80),
                    person("C", 60, total=4, done=1),
                    person("D", float("nan"), data_gaps=("Chưa có báo cáo quý IV",)),
                    person("E", 90, exceeded=1)])


@pytest.mark.parametrize("decisions", [
    {}, {"A": COMPLETE, "B": GOOD}, {"D": GOOD}, {"A": COMPLETE, "B": GOOD, "C": COMPLETE,
                                                  "D": GOOD, "E": EXCELLENT},
    {"B": "Hoàn thành tốt nhiệm vụ", "X": GOOD}, {"B": None, "C": "nonsense"}])
def test_decisions_in_any_state_never_crash(decisions):
    df = decided_levels(_five(), decisions).set_index("person_id")
    decided = {k for k, v in decisions.items() if level_of(v) and k in df.index}
    assert {p for p in df.index if df.loc[p, "decision"] is not None} == decided
    for pid in df.index:
        d = df.loc[pid, "decision"]
        assert df.loc[pid, "final"] == (d if d is not None else df.loc[pid, "proposal"])
    assert df["decision"].dtype == object and df["final"].dtype == object


def test_decisions_override_and_are_flagged_above_the_cap():
    out = decided_levels(_five(), {"A": COMPLETE, "B": GOOD, "D": GOOD}).set_index("person_id")
    assert out.loc["A", "final"] == COMPLETE and out.loc["A", "overridden"]
    assert out.loc["A", "above_cap"]                      # cap is "not complete"
    assert not out.loc["B", "overridden"] and not out.loc["B", "above_cap"]
    assert out.loc["D", "final"] == GOOD and out.loc["D", "overridden"]   # decided without data
    undecided = decided_levels(_five(), {}).set_index("person_id")
    assert undecided.loc["B", "final"] == GOOD and undecided.loc["B", "decision"] is None
    assert undecided.loc["D", "final"] == NO_DATA


def test_decisions_over_text_columns_as_pandas_3_infers_them():
    """pandas 3 stores a column of strings and None as a text column with NaN: the crash of the
    issue ("KeyError: nan" with 2 of 5 decided) came from such NaN taken for a level."""
    df = _five()
    for col in ("cap", "proposal", "discipline"):
        df[col] = pd.array([None if v is None else str(v) for v in df[col]], dtype="string")
    out = decided_levels(df, {"A": COMPLETE, "B": GOOD}).set_index("person_id")
    assert out.loc["A", "above_cap"] and not out.loc["C", "above_cap"]
    assert out.loc["C", "decision"] is None and out.loc["C", "final"] == NOT_COMPLETE
    assert level_counts(out["final"]) == {EXCELLENT: 1, GOOD: 1, COMPLETE: 1, NOT_COMPLETE: 1,
                                          NO_DATA: 1}
    # the quota on the decided levels, with undecided rows, over the same text columns
    _, groups = quota_check(out.reset_index(), Q124.quota, level_col="final", group_how="all")
    assert groups[0].n_excellent == 1 and groups[0].n_good == 1


# ---------------------------------------------------------------- honours

def test_honours_leave_out_or_list_apart_with_the_reason():
    import datetime as dt

    from toolkit.scoring.honours import GoldenEntry, HonourCheck, golden_list
    from toolkit.scoring.rating_settings import HonoursSettings

    def entry(pid: str) -> GoldenEntry:
        return GoldenEntry(pid, f"Người {pid}", "U1", dt.date(2024, 5, 1), "Hiến máu", "", "", 2)

    settings = HonoursSettings(min_level=GOOD, discipline=True, all_quarters=True,
                               excluded="apart")
    check = HonourCheck(settings, (1, 2), levels={"A": (GOOD, True), "B": (COMPLETE, False),
                                                  "C": (NO_DATA, False), "D": (EXCELLENT, True)},
                        discipline={"D": "Khiển trách"}, missing={"E": [2]})
    book = golden_list([entry(p) for p in "ABCDEF"], check, dt.date(2025, 2, 1))
    assert [e.person_id for e in book.included] == ["A", "F"]
    why = {e.person_id: reason for e, reason in book.apart}
    assert "Hoàn thành nhiệm vụ" in why["B"] and "đề xuất" in why["B"]
    assert "chưa đủ dữ liệu" in why["C"] and "Khiển trách" in why["D"]
    assert "quý II" in why["E"]
    assert book.figure.value == 2 and book.show_apart and "không bị kỷ luật" in \
        book.figure.definition
    lenient = HonoursSettings(min_level=COMPLETE, discipline=False, all_quarters=False,
                              excluded="omit")
    check = HonourCheck(lenient, (1, 2), levels=check.levels, discipline=check.discipline,
                        missing=check.missing)
    book = golden_list([entry(p) for p in "ABCDEF"], check, dt.date(2025, 2, 1))
    assert [e.person_id for e in book.included] == ["A", "B", "D", "E", "F"]
    assert not book.show_apart
