"""The ``[rating]`` settings: which rule set rates which population in which year, the caps, the
quota, and who may be honoured.

* **Party members** (the roster's ``party_member`` flag) are rated by their party cell under the
  party's rule of the year: **QĐ 124-QĐ/TW** (HD 25-HD/BTCTW) for 2023–2024, **QĐ 366-QĐ/TW**
  (HD 43-HD/BTCTW) from 2025. The toolkit holds no criteria data, so QĐ 124 is a documented
  approximation: year score bands (``q124_band_*``) plus the conditions the rule states for
  individuals (xuất sắc: every registered action done on time and at least
  ``q124_exceeded_share`` of them exceeded). QĐ 366 has a 100-point scale with bands 90/70/50.
  The "xuất sắc" quota counts party members only.
* **Staff** (every employee: civil servants, public employees and workers, party members or not)
  are evaluated by the agency: **NĐ 90/2020/NĐ-CP** as amended by **NĐ 48/2023/NĐ-CP** up to
  2025, **NĐ 335/2025/NĐ-CP** from 2026 (``[rating.staff]``). The plan's results are evidence
  for that evaluation; the share of staff rated "xuất sắc" may not exceed the share of party
  members rated "xuất sắc" (checked, flagged, never demoted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.scoring.rating import (
    COMPLETE,
    GOOD,
    NOT_COMPLETE,
    RatingConfigError,
    RuleSet,
    level_of,
)
from toolkit.scoring.rating_quota import QuotaRule

PARTY_BASIS = {
    "qd124": "Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị và Hướng dẫn số "
             "25-HD/BTCTW của Ban Tổ chức Trung ương",
    "qd366": "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị và Hướng dẫn số "
             "43-HD/BTCTW ngày 31/10/2025 của Ban Tổ chức Trung ương",
}
STAFF_BASIS = {
    "nd90": "Nghị định số 90/2020/NĐ-CP ngày 13/8/2020, được sửa đổi, bổ sung bởi Nghị định số "
            "48/2023/NĐ-CP ngày 17/7/2023 của Chính phủ (công chức, viên chức); người lao động "
            "theo quy chế của cơ quan",
    "nd335": "Nghị định số 335/2025/NĐ-CP của Chính phủ (công chức, viên chức); người lao động "
             "theo quy chế của cơ quan",
}
PARTY_NAME = {"qd124": "QĐ 124-QĐ/TW", "qd366": "QĐ 366-QĐ/TW"}
STAFF_NAME = {"nd90": "NĐ 90/2020/NĐ-CP, NĐ 48/2023/NĐ-CP", "nd335": "NĐ 335/2025/NĐ-CP"}


def rule_set_for_year(year: int) -> str:
    """QĐ 124-QĐ/TW rates 2023–2024 (the closest rule for earlier years too); QĐ 366 from 2025."""
    return "qd124" if year <= 2024 else "qd366"


def staff_rule_set_for_year(year: int) -> str:
    """NĐ 90/2020 (amended by NĐ 48/2023) up to 2025; NĐ 335/2025 from 2026."""
    return "nd90" if year <= 2025 else "nd335"


class _Reader:
    """Values of one settings table, checked; errors name the key (``prefix`` + key)."""

    def __init__(self, table: dict[str, Any], prefix: str = ""):
        self.r, self.prefix = dict(table), prefix

    def fail(self, key: str, problem: str) -> RatingConfigError:
        return RatingConfigError(self.prefix + key, problem)

    def num(self, key: str, default: float, lo: float = 0, hi: float = 100) -> float:
        value = self.r.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not lo <= value <= hi:
            raise self.fail(key, f"cần một số từ {lo:g} đến {hi:g}")
        return float(value)

    def level(self, key: str, default: str) -> str:
        found = level_of(self.r.get(key, default))
        if found is None:
            raise self.fail(key, "cần một mức: excellent, good, complete, not_complete")
        return found

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.r.get(key, default)
        if value not in allowed:
            raise self.fail(key, "chỉ nhận " + ", ".join(allowed))
        return str(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.r.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "chỉ nhận true hoặc false")
        return value


def _bands_in_order(rules: RuleSet, key: str, reader: _Reader) -> RuleSet:
    if not rules.band_excellent >= rules.band_good >= rules.band_complete:
        raise reader.fail(key, "cần ngưỡng xuất sắc ≥ tốt ≥ hoàn thành")
    return rules


@dataclass(frozen=True)
class StaffSettings:
    """How the agency's evaluation of its staff is proposed (``[rating.staff]``)."""

    rules: RuleSet
    discipline_cap: str
    no_pledge_cap: str
    no_review_cap: str
    share_check: bool


@dataclass(frozen=True)
class HonoursSettings:
    """Who may be honoured (golden book, commendation lists) and what happens to the others."""

    min_level: str               # people rated below it are not honoured
    discipline: bool             # disciplined in the year: not honoured
    all_quarters: bool           # a quarter without a report: not honoured
    excluded: str                # "apart": listed apart with the reason; "omit": left out


@dataclass(frozen=True)
class RatingSettings:
    rules: RuleSet               # the party's rule of the year (party members, groups, the cell)
    discipline_cap: str
    no_pledge_cap: str
    missing_reports_cap: str     # collectives whose reports are missing
    no_review_cap: str
    civil_servant_condition: bool
    civil_servant_missing_cap: str
    quota: QuotaRule
    collective_discipline_cap: str
    collective_member_not_complete_cap: str
    staff: StaffSettings
    honours: HonoursSettings

    # the quota's parts under their old names (the rating sheet's notes print them)
    @property
    def quota_ratio(self) -> float:
        return self.quota.ratio

    @property
    def quota_base(self) -> str:
        return self.quota.base

    @property
    def quota_group(self) -> str:
        return self.quota.group

    @property
    def quota_rounding(self) -> str:
        return self.quota.rounding

    @classmethod
    def from_config(cls, rating: dict[str, Any], year: int) -> RatingSettings:
        """Settings from the config's ``[rating]`` table; unknown values raise RatingConfigError."""
        r = _Reader(rating)
        code = r.choice("rule_set", "auto", ("auto", "qd124", "qd366"))
        if code == "auto":
            code = rule_set_for_year(year)
        complete_min = r.num("complete_min_done_share", 0.5, 0, 1)
        if code == "qd124":
            rules = RuleSet("qd124", PARTY_NAME[code], PARTY_BASIS[code],
                            r.num("q124_band_excellent", 85), r.num("q124_band_good", 70),
                            r.num("q124_band_complete", 50),
                            r.num("q124_exceeded_share", 0.5, 0, 1), False, complete_min,
                            approximate=True)
        else:
            rules = RuleSet("qd366", PARTY_NAME[code], PARTY_BASIS[code],
                            r.num("band_excellent", 90), r.num("band_good", 70),
                            r.num("band_complete", 50), r.num("q366_exceeded_share", 0.3, 0, 1),
                            True, complete_min)
        _bands_in_order(rules, "band_good", r)
        quota = QuotaRule(r.num("quota_ratio", 0.2, 0, 1),
                          r.choice("quota_base", "good", ("good", "good_and_above")),
                          r.choice("quota_group", "unit", ("unit", "party_group", "all")),
                          r.choice("quota_rounding", "floor", ("floor", "round")))
        return cls(
            rules=rules,
            discipline_cap=r.level("discipline_cap", NOT_COMPLETE),
            no_pledge_cap=r.level("no_pledge_cap", COMPLETE),
            missing_reports_cap=r.level("missing_reports_cap", GOOD),
            no_review_cap=r.level("no_review_cap", GOOD),
            civil_servant_condition=r.flag("civil_servant_condition", True),
            civil_servant_missing_cap=r.level("civil_servant_missing_cap", GOOD),
            quota=quota,
            collective_discipline_cap=r.level("collective_discipline_cap", GOOD),
            collective_member_not_complete_cap=r.level("collective_member_not_complete_cap", GOOD),
            staff=_staff(rating.get("staff", {}), year, complete_min),
            honours=HonoursSettings(
                min_level=r.level("honours_min_level", GOOD),
                discipline=r.flag("honours_discipline", True),
                all_quarters=r.flag("honours_all_quarters", True),
                excluded=r.choice("honours_excluded", "apart", ("apart", "omit"))),
        )


def _staff(table: Any, year: int, complete_min: float) -> StaffSettings:
    if not isinstance(table, dict):
        raise RatingConfigError("staff", "cần một mục [rating.staff]")
    s = _Reader(table, "staff.")
    code = s.choice("rule_set", "auto", ("auto", "nd90", "nd335"))
    if code == "auto":
        code = staff_rule_set_for_year(year)
    rules = RuleSet(code, STAFF_NAME[code], STAFF_BASIS[code], s.num("band_excellent", 90),
                    s.num("band_good", 70), s.num("band_complete", 50),
                    s.num("exceeded_share", 0.3, 0, 1), True, complete_min,
                    approximate=code == "nd90")
    _bands_in_order(rules, "band_good", s)
    return StaffSettings(rules, s.level("discipline_cap", NOT_COMPLETE),
                         s.level("no_pledge_cap", COMPLETE), s.level("no_review_cap", GOOD),
                         s.flag("share_check", True))
