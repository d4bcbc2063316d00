"""Commemorative days that propaganda and emulation plans are tied to.

:func:`commemorative_days` lists, for one year, the national anniversaries (fixed solar dates)
and the two lunar festivals (Tết Nguyên đán on 1/1 and Giỗ Tổ Hùng Vương on 10/3 of the lunar
calendar, converted with :mod:`toolkit.common.lunar` at UTC+7). Each anniversary carries how many
years have passed since the event and whether that is a round number (a multiple of 5), since round
anniversaries get larger events. :func:`occasion_label` is the one-line text for a drop-down.

An anniversary is listed only for years after its origin year (1975 has no "0th" anniversary of
30/04/1975). 02/09 gives two occasions: National Day (1945) and the day President Hồ Chí Minh died
(1969).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from toolkit.common.lunar import can_chi_year, lunar_to_solar

__all__ = ["Occasion", "commemorative_days", "occasion_label", "SOLAR_DAYS"]


@dataclass(frozen=True)
class Occasion:
    """One commemorative day of a given year."""

    date: _dt.date
    key: str  #: stable ASCII id, e.g. "party_founding"
    name: str  #: Vietnamese name, with diacritics
    origin_year: int | None  #: year of the event commemorated; None for festivals
    anniversary: int | None  #: year - origin_year
    round: bool  #: anniversary is a multiple of 5
    lunar: bool  #: the date comes from the lunar calendar


# (key, day, month, origin year, Vietnamese name); the date of origin is added to the name.
SOLAR_DAYS: tuple[tuple[str, int, int, int, str], ...] = (
    ("party_founding", 3, 2, 1930, "Kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam"),
    ("youth_union_founding", 26, 3, 1931,
     "Kỷ niệm ngày thành lập Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ("southern_liberation", 30, 4, 1975,
     "Kỷ niệm ngày Giải phóng miền Nam, thống nhất đất nước"),
    ("dien_bien_phu_victory", 7, 5, 1954, "Kỷ niệm Chiến thắng Điện Biên Phủ"),
    ("ho_chi_minh_birthday", 19, 5, 1890, "Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh"),
    ("ho_chi_minh_departure", 5, 6, 1911, "Kỷ niệm ngày Bác Hồ ra đi tìm đường cứu nước"),
    ("patriotic_emulation_call", 11, 6, 1948,
     "Kỷ niệm ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc"),
    ("war_invalids_martyrs_day", 27, 7, 1947, "Kỷ niệm ngày Thương binh – Liệt sĩ"),
    ("august_revolution", 19, 8, 1945, "Kỷ niệm Cách mạng Tháng Tám thành công"),
    ("national_day", 2, 9, 1945,
     "Kỷ niệm ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("ho_chi_minh_death", 2, 9, 1969, "Kỷ niệm ngày mất của Chủ tịch Hồ Chí Minh"),
    ("capital_liberation", 10, 10, 1954, "Kỷ niệm ngày Giải phóng Thủ đô"),
    ("womens_union_founding", 20, 10, 1930,
     "Kỷ niệm ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam"),
    ("teachers_day", 20, 11, 1982, "Ngày Nhà giáo Việt Nam"),
    ("peoples_army_founding", 22, 12, 1944,
     "Kỷ niệm ngày thành lập Quân đội nhân dân Việt Nam"),
)

# order of occasions falling on the same day: table order, lunar ones last
_ORDER = {key: i for i, (key, *_rest) in enumerate(SOLAR_DAYS)}
_ORDER.update({"lunar_new_year": len(_ORDER), "hung_kings_commemoration": len(_ORDER) + 1})


def commemorative_days(year: int) -> list[Occasion]:
    """The commemorative days of ``year``, sorted by date (ties in a fixed order)."""
    days: list[Occasion] = []
    for key, day, month, origin, name in SOLAR_DAYS:
        if year <= origin:
            continue
        anniversary = year - origin
        days.append(Occasion(
            date=_dt.date(year, month, day),
            key=key,
            name=f"{name} ({day:02d}/{month:02d}/{origin})",
            origin_year=origin,
            anniversary=anniversary,
            round=anniversary % 5 == 0,
            lunar=False,
        ))
    days.append(Occasion(
        date=lunar_to_solar(1, 1, year),
        key="lunar_new_year",
        name=f"Tết Nguyên đán {can_chi_year(year)} (mùng 1 tháng Giêng âm lịch)",
        origin_year=None, anniversary=None, round=False, lunar=True,
    ))
    days.append(Occasion(
        date=lunar_to_solar(10, 3, year),
        key="hung_kings_commemoration",
        name="Giỗ Tổ Hùng Vương (mùng 10 tháng 3 âm lịch)",
        origin_year=None, anniversary=None, round=False, lunar=True,
    ))
    days.sort(key=lambda o: (o.date, _ORDER[o.key]))
    return days


def occasion_label(o: Occasion) -> str:
    """One line for a drop-down: ``"03/02 – <name> (95 năm, kỷ niệm tròn)"``.

    The part in brackets says how many years have passed ("96 năm") and, when that is a multiple
    of 5, adds "kỷ niệm tròn"; festivals without an origin year have no bracket.
    """
    label = f"{o.date:%d/%m} – {o.name}"
    if o.anniversary is not None:
        extra = f"{o.anniversary} năm"
        if o.round:
            extra += ", kỷ niệm tròn"
        label += f" ({extra})"
    return label
