"""Tests for toolkit.common.lunar (Vietnamese lunar calendar at UTC+7) and
toolkit.common.calendar_vn."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.common.calendar_vn import Occasion, commemorative_days, occasion_label
from toolkit.common.lunar import (
    LunarDate,
    can_chi_year,
    leap_month,
    lunar_month_length,
    lunar_to_solar,
    solar_to_lunar,
)

D = dt.date

TET = {
    1985: D(1985, 1, 21),  # Vietnam; China: 20/02/1985
    2007: D(2007, 2, 17),  # Vietnam; China: 18/02/2007
    2023: D(2023, 1, 22),
    2024: D(2024, 2, 10),
    2025: D(2025, 1, 29),
    2026: D(2026, 2, 17),
    2030: D(2030, 2, 2),  # Vietnam; China: 03/02/2030
}
GIO_TO = {
    2023: D(2023, 4, 29),
    2024: D(2024, 4, 18),
    2025: D(2025, 4, 7),
    2026: D(2026, 4, 26),
}


# --------------------------------------------------------------------------- lunar

@pytest.mark.parametrize("year,date", sorted(TET.items()))
def test_tet(year, date):
    assert lunar_to_solar(1, 1, year) == date
    assert solar_to_lunar(date) == LunarDate(1, 1, year, False)
    # the day before is the last day of month 12 of the previous lunar year
    eve = solar_to_lunar(date - dt.timedelta(days=1))
    assert (eve.month, eve.year) == (12, year - 1)
    assert eve.day in (29, 30)


@pytest.mark.parametrize("year,date", sorted(GIO_TO.items()))
def test_gio_to_hung_vuong(year, date):
    assert lunar_to_solar(10, 3, year) == date
    assert solar_to_lunar(date) == LunarDate(10, 3, year, False)


@pytest.mark.parametrize("solar,lunar", [
    (D(2023, 3, 22), LunarDate(1, 2, 2023, True)),  # tháng 2 nhuận Quý Mão
    (D(2023, 2, 20), LunarDate(1, 2, 2023, False)),
    (D(2023, 4, 20), LunarDate(1, 3, 2023, False)),
    (D(2025, 6, 25), LunarDate(1, 6, 2025, False)),
    (D(2025, 7, 25), LunarDate(1, 6, 2025, True)),  # tháng 6 nhuận Ất Tỵ
    (D(2025, 8, 23), LunarDate(1, 7, 2025, False)),
    (D(2025, 9, 6), LunarDate(15, 7, 2025, False)),  # Vu Lan
    (D(2025, 10, 6), LunarDate(15, 8, 2025, False)),  # Trung thu
    (D(2024, 9, 17), LunarDate(15, 8, 2024, False)),
    (D(2023, 9, 29), LunarDate(15, 8, 2023, False)),
    (D(2020, 5, 23), LunarDate(1, 4, 2020, True)),  # tháng 4 nhuận Canh Tý
    (D(2025, 1, 28), LunarDate(29, 12, 2024, False)),  # giao thừa Giáp Thìn (month of 29 days)
    (D(2024, 2, 9), LunarDate(30, 12, 2023, False)),  # giao thừa Quý Mão
    (D(2024, 12, 31), LunarDate(1, 12, 2024, False)),
])
def test_known_dates(solar, lunar):
    assert solar_to_lunar(solar) == lunar
    assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == solar


def test_leap_months():
    assert leap_month(2020) == 4
    assert leap_month(2023) == 2
    assert leap_month(2025) == 6
    assert leap_month(2033) == 11  # the "2033 problem": Vietnam's leap month is 11
    for year in (2021, 2022, 2024, 2026, 2027, 2030):
        assert leap_month(year) is None
    # leap years come 7 times in 19 years
    assert sum(leap_month(y) is not None for y in range(2001, 2020)) == 7


def test_invalid_lunar_dates_raise():
    with pytest.raises(ValueError):
        lunar_to_solar(1, 3, 2023, leap=True)  # 2023 has leap month 2, not 3
    with pytest.raises(ValueError):
        lunar_to_solar(1, 1, 2024, leap=True)  # 2024 has no leap month
    with pytest.raises(ValueError):
        lunar_to_solar(30, 12, 2024)  # month 12 of Giáp Thìn has 29 days
    with pytest.raises(ValueError):
        lunar_to_solar(0, 1, 2024)
    with pytest.raises(ValueError):
        lunar_to_solar(1, 13, 2024)
    assert lunar_month_length(12, 2024) == 29
    assert lunar_month_length(12, 2023) == 30


def test_round_trip_every_day_2000_2040():
    day = D(2000, 1, 1)
    end = D(2040, 12, 31)
    previous = None
    months = 0
    while day <= end:
        lunar = solar_to_lunar(day)
        assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == day, (day, lunar)
        assert 1 <= lunar.day <= 30
        if previous is not None:
            if lunar.day == 1:
                months += 1
                assert previous.day in (29, 30)
            else:
                # consecutive days within one month
                assert (lunar.day, lunar.month, lunar.year, lunar.leap) == (
                    previous.day + 1, previous.month, previous.year, previous.leap)
        previous = lunar
        day += dt.timedelta(days=1)
    # 41 years ≈ 507 lunations
    assert 505 <= months <= 509


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_round_trip_property(day):
    lunar = solar_to_lunar(day)
    assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == day
    # Tết is always between 21 January and 20 February
    tet = lunar_to_solar(1, 1, day.year)
    assert D(day.year, 1, 21) <= tet <= D(day.year, 2, 20)


def test_lunar_date_is_frozen_and_printable():
    ld = LunarDate(1, 6, 2025, True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ld.day = 2  # type: ignore[misc]
    assert str(ld) == "01/06 nhuận/2025"
    assert str(LunarDate(10, 3, 2025)) == "10/03/2025"


def test_can_chi():
    assert can_chi_year(2024) == "Giáp Thìn"
    assert can_chi_year(2025) == "Ất Tỵ"
    assert can_chi_year(2026) == "Bính Ngọ"
    assert can_chi_year(1945) == "Ất Dậu"
    assert can_chi_year(1930) == "Canh Ngọ"


# --------------------------------------------------------------------------- calendar_vn

def _by_key(year: int) -> dict[str, Occasion]:
    days = commemorative_days(year)
    keys = [o.key for o in days]
    assert len(keys) == len(set(keys))
    return {o.key: o for o in days}


def test_commemorative_days_2025():
    days = commemorative_days(2025)
    assert [o.date for o in days] == sorted(o.date for o in days)
    occ = _by_key(2025)
    expected_solar = {
        "party_founding": (D(2025, 2, 3), 1930),
        "youth_union_founding": (D(2025, 3, 26), 1931),
        "southern_liberation": (D(2025, 4, 30), 1975),
        "dien_bien_phu_victory": (D(2025, 5, 7), 1954),
        "ho_chi_minh_birthday": (D(2025, 5, 19), 1890),
        "ho_chi_minh_departure": (D(2025, 6, 5), 1911),
        "patriotic_emulation_call": (D(2025, 6, 11), 1948),
        "war_invalids_martyrs_day": (D(2025, 7, 27), 1947),
        "august_revolution": (D(2025, 8, 19), 1945),
        "national_day": (D(2025, 9, 2), 1945),
        "ho_chi_minh_death": (D(2025, 9, 2), 1969),
        "capital_liberation": (D(2025, 10, 10), 1954),
        "womens_union_founding": (D(2025, 10, 20), 1930),
        "teachers_day": (D(2025, 11, 20), 1982),
        "peoples_army_founding": (D(2025, 12, 22), 1944),
    }
    assert set(occ) == set(expected_solar) | {"lunar_new_year", "hung_kings_commemoration"}
    for key, (date, origin) in expected_solar.items():
        o = occ[key]
        assert (o.date, o.origin_year, o.anniversary, o.lunar) == (date, origin, 2025 - origin,
                                                                   False), key
        assert o.round == ((2025 - origin) % 5 == 0), key
        assert key.isascii() and key == key.lower()
    assert occ["party_founding"].anniversary == 95 and occ["party_founding"].round
    assert occ["southern_liberation"].anniversary == 50 and occ["southern_liberation"].round
    assert occ["ho_chi_minh_birthday"].anniversary == 135 and occ["ho_chi_minh_birthday"].round
    assert occ["ho_chi_minh_death"].anniversary == 56 and not occ["ho_chi_minh_death"].round
    assert occ["teachers_day"].anniversary == 43 and not occ["teachers_day"].round

    tet = occ["lunar_new_year"]
    assert (tet.date, tet.lunar, tet.origin_year, tet.anniversary, tet.round) == (
        D(2025, 1, 29), True, None, None, False)
    assert occ["hung_kings_commemoration"].date == D(2025, 4, 7)
    assert occ["hung_kings_commemoration"].lunar
    # same-day order: National Day before Bác's death
    keys = [o.key for o in days]
    assert keys.index("national_day") + 1 == keys.index("ho_chi_minh_death")
    assert keys[0] == "lunar_new_year"
    assert keys[-1] == "peoples_army_founding"


@pytest.mark.parametrize("year", sorted(set(TET) | set(GIO_TO)))
def test_lunar_occasions_follow_lunar_calendar(year):
    occ = _by_key(year)
    assert occ["lunar_new_year"].date == TET.get(year, lunar_to_solar(1, 1, year))
    if year in GIO_TO:
        assert occ["hung_kings_commemoration"].date == GIO_TO[year]


def test_names_are_vietnamese_with_diacritics():
    occ = _by_key(2025)
    assert occ["party_founding"].name == \
        "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930)"
    assert occ["dien_bien_phu_victory"].name == "Kỷ niệm Chiến thắng Điện Biên Phủ (07/05/1954)"
    assert "Hồ Chí Minh" in occ["ho_chi_minh_birthday"].name
    assert "19/05/1890" in occ["ho_chi_minh_birthday"].name
    assert "02/09/1969" in occ["ho_chi_minh_death"].name
    assert "02/09/1945" in occ["national_day"].name
    assert occ["lunar_new_year"].name.startswith("Tết Nguyên đán Ất Tỵ")
    assert occ["hung_kings_commemoration"].name.startswith("Giỗ Tổ Hùng Vương")
    for o in occ.values():
        assert not o.name.isascii(), o.key
        assert o.name == o.name.strip()


def test_early_years_skip_future_events():
    keys = set(_by_key(1950))
    assert "southern_liberation" not in keys  # 1975 had not happened
    assert "teachers_day" not in keys
    assert "party_founding" in keys
    assert "lunar_new_year" in keys
    assert "southern_liberation" not in set(_by_key(1975))
    assert _by_key(1976)["southern_liberation"].anniversary == 1


def test_occasion_label():
    occ = _by_key(2025)
    assert occasion_label(occ["party_founding"]) == (
        "03/02 – Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930) "
        "(95 năm, kỷ niệm tròn)")
    assert occasion_label(occ["ho_chi_minh_death"]) == (
        "02/09 – Kỷ niệm ngày mất của Chủ tịch Hồ Chí Minh (02/09/1969) (56 năm)")
    assert occasion_label(occ["lunar_new_year"]).startswith("29/01 – Tết Nguyên đán Ất Tỵ")
    assert "năm)" not in occasion_label(occ["lunar_new_year"])
    assert "kỷ niệm tròn" not in occasion_label(_by_key(2026)["party_founding"])


def test_occasion_is_frozen():
    o = commemorative_days(2025)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.key = "x"  # type: ignore[misc]


def test_every_day_1900_2100_has_a_valid_lunar_date_and_round_trips():
    """Exhaustive: the lunation estimate can be a month late (found at 07/05/2054)."""
    from toolkit.common.lunar import lunar_to_solar, solar_to_lunar
    day = dt.date(1900, 1, 1)
    while day <= dt.date(2100, 12, 31):
        lunar = solar_to_lunar(day)
        assert 1 <= lunar.day <= 30, (day, lunar)
        assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == day
        day += dt.timedelta(days=1)
