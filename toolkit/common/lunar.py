"""The Vietnamese lunar calendar (âm lịch), computed for Vietnam's time zone, UTC+7.

This follows the astronomical method Hồ Ngọc Đức published for the Vietnamese calendar:

* new moons from Meeus' series (mean lunation plus periodic terms, with a ΔT correction), taken
  as the local (UTC+7) day on which they fall: that day is the first day of a lunar month;
* the sun's apparent longitude (low-precision series), to find the major solar terms (trung khí,
  every 30°);
* the month holding the winter solstice (sun at 270°) is month 11; a lunar year from one month 11
  to the next that spans 13 months has a leap month, which is the first month after month 11 that
  contains no major solar term; it takes the number of the month before it.

Because the computation is done at UTC+7 and not at China's UTC+8, some dates differ from a
Chinese calendar: Tết 1985 is 21/01/1985, Tết 2007 is 17/02/2007 and Tết 2030 is 02/02/2030 in
Vietnam.

Dates are ``datetime.date`` (proleptic Gregorian). The method is meant for roughly 1800–2199;
outside that range its results drift from the official almanac.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["LunarDate", "solar_to_lunar", "lunar_to_solar", "lunar_month_length",
           "leap_month", "can_chi_year", "TIME_ZONE"]

#: Hours east of UTC used for the Vietnamese calendar.
TIME_ZONE = 7.0

_RAD = math.pi / 180.0
_SYNODIC_MONTH = 29.530588853
# Julian day of the new moon of 1900-01-01, the origin of the lunation count k.
_EPOCH_NEW_MOON = 2415021.076998695
# date.toordinal() + this = Julian Day Number (noon-based) of that date.
_JDN_OFFSET = 1721425


@dataclass(frozen=True)
class LunarDate:
    """A day of the Vietnamese lunar calendar. ``leap`` marks a day in the leap (nhuận) month."""

    day: int
    month: int
    year: int
    leap: bool = False

    def __str__(self) -> str:
        suffix = " nhuận" if self.leap else ""
        return f"{self.day:02d}/{self.month:02d}{suffix}/{self.year}"


def _jdn(d: _dt.date) -> int:
    return d.toordinal() + _JDN_OFFSET


def _date_from_jdn(jdn: int) -> _dt.date:
    return _dt.date.fromordinal(jdn - _JDN_OFFSET)


def _new_moon(k: int) -> float:
    """Julian date (UTC) of the k-th new moon after the one of January 1900 (Meeus, ch. 49)."""
    t = k / 1236.85  # Julian centuries from 1900-01-01
    t2 = t * t
    t3 = t2 * t
    jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _RAD)
    m_sun = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * _RAD
    m_moon = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * _RAD
    f_arg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * _RAD
    correction = (
        (0.1734 - 0.000393 * t) * math.sin(m_sun)
        + 0.0021 * math.sin(2 * m_sun)
        - 0.4068 * math.sin(m_moon)
        + 0.0161 * math.sin(2 * m_moon)
        - 0.0004 * math.sin(3 * m_moon)
        + 0.0104 * math.sin(2 * f_arg)
        - 0.0051 * math.sin(m_sun + m_moon)
        - 0.0074 * math.sin(m_sun - m_moon)
        + 0.0004 * math.sin(2 * f_arg + m_sun)
        - 0.0004 * math.sin(2 * f_arg - m_sun)
        - 0.0006 * math.sin(2 * f_arg + m_moon)
        + 0.0010 * math.sin(2 * f_arg - m_moon)
        + 0.0005 * math.sin(m_sun + 2 * m_moon)
    )
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd + correction - delta_t


@lru_cache(maxsize=4096)
def _new_moon_day(k: int) -> int:
    """Julian Day Number of the local (UTC+7) day holding the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24.0)


def _sun_longitude(jd_utc: float) -> float:
    """The sun's apparent longitude, in radians within [0, 2π), at Julian date ``jd_utc``."""
    t = (jd_utc - 2451545.0) / 36525.0  # Julian centuries from J2000.0
    t2 = t * t
    mean_anomaly = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * _RAD
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    centre = (
        (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(mean_anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * mean_anomaly)
        + 0.000290 * math.sin(3 * mean_anomaly)
    )
    lon = (mean_longitude + centre) * _RAD
    return lon - 2 * math.pi * math.floor(lon / (2 * math.pi))


def _solar_term_sector(jdn: int) -> int:
    """Which 30° sector (0–11) the sun is in at the start of local day ``jdn``.

    Sector 9 starts at 270°, the winter solstice; a month whose first day is in sector 9 or later
    cannot be the solstice month of the year.
    """
    # start of the local day, in UTC: JDN is noon-based, so minus half a day minus the zone
    lon = _sun_longitude(jdn - 0.5 - TIME_ZONE / 24.0)
    return math.floor(lon / math.pi * 6)


def _lunation_index(jdn: float) -> int:
    return math.floor((jdn - _EPOCH_NEW_MOON) / _SYNODIC_MONTH)


@lru_cache(maxsize=512)
def _month11_start(year: int) -> int:
    """JDN of the first day of lunar month 11 (the one holding the winter solstice) of ``year``."""
    last_day = _jdn(_dt.date(year, 12, 31))
    k = math.floor((last_day - 2415021) / _SYNODIC_MONTH)
    start = _new_moon_day(k)
    if _solar_term_sector(start) >= 9:
        start = _new_moon_day(k - 1)
    return start


@lru_cache(maxsize=512)
def _leap_offset(month11: int) -> int:
    """Position (1..13) after month 11 of the leap month in a 13-month year starting there.

    The leap month is the first whose start and the next month's start fall in the same 30°
    sector of the sun, i.e. that holds no major solar term.
    """
    k = math.floor((month11 - _EPOCH_NEW_MOON) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _solar_term_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _solar_term_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def solar_to_lunar(d: _dt.date) -> LunarDate:
    """The Vietnamese lunar date of the (Gregorian) date ``d``.

    >>> solar_to_lunar(datetime.date(2025, 1, 29))
    LunarDate(day=1, month=1, year=2025, leap=False)
    """
    if isinstance(d, _dt.datetime):
        d = d.date()
    day_number = _jdn(d)
    k = _lunation_index(day_number) + 1
    month_start = _new_moon_day(k)
    while month_start > day_number:  # the estimate of k can be one lunation late
        k -= 1
        month_start = _new_moon_day(k)
    a11 = _month11_start(d.year)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _month11_start(d.year - 1)
    else:
        lunar_year = d.year + 1
        b11 = _month11_start(d.year + 1)
    day = day_number - month_start + 1
    diff = (month_start - a11) // 29
    leap = False
    month = diff + 11
    if b11 - a11 > 365:  # 13 lunar months between the two months 11
        leap_diff = _leap_offset(a11)
        if diff >= leap_diff:
            month = diff + 10
            if diff == leap_diff:
                leap = True
    if month > 12:
        month -= 12
    if month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(day, month, lunar_year, leap)


def _month_start(month: int, year: int, leap: bool) -> tuple[int, int]:
    """(lunation index, JDN of day 1) of lunar ``month`` (leap or not) of ``year``.

    Raises ValueError when there is no such month.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"lunar month must be 1..12, got {month}")
    if month < 11:
        a11 = _month11_start(year - 1)
        b11 = _month11_start(year)
    else:
        a11 = _month11_start(year)
        b11 = _month11_start(year + 1)
    k = math.floor(0.5 + (a11 - _EPOCH_NEW_MOON) / _SYNODIC_MONTH)
    offset = month - 11
    if offset < 0:
        offset += 12
    if b11 - a11 > 365:
        leap_off = _leap_offset(a11)
        leap_m = leap_off - 2
        if leap_m <= 0:
            leap_m += 12
        if leap and month != leap_m:
            raise ValueError(f"lunar year {year} has no leap month {month} (its leap month is "
                             f"{leap_m})")
        if leap or offset >= leap_off:
            offset += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month {month}")
    return k + offset, _new_moon_day(k + offset)


def lunar_month_length(month: int, year: int, leap: bool = False) -> int:
    """Number of days (29 or 30) of lunar ``month`` of ``year``."""
    k, start = _month_start(month, year, leap)
    return _new_moon_day(k + 1) - start


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> _dt.date:
    """The Gregorian date of lunar ``day``/``month``/``year`` (``leap`` for the leap month).

    Raises ``ValueError`` for a month or day that does not exist (a leap month the year lacks,
    day 30 of a 29-day month).

    >>> lunar_to_solar(10, 3, 2025)
    datetime.date(2025, 4, 7)
    """
    k, start = _month_start(month, year, leap)
    length = _new_moon_day(k + 1) - start
    if not 1 <= day <= length:
        raise ValueError(f"lunar month {month}{' (leap)' if leap else ''}/{year} has {length} "
                         f"days, got day {day}")
    return _date_from_jdn(start + day - 1)


def leap_month(year: int) -> int | None:
    """The leap month number of lunar ``year`` (months 1–12 counted in that year), or None."""
    for month in range(1, 13):
        try:
            _month_start(month, year, True)
        except ValueError:
            continue
        return month
    return None


_CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_CHI = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")


def can_chi_year(year: int) -> str:
    """The sexagenary name of lunar ``year`` in Vietnamese: 2024 → "Giáp Thìn", 2025 → "Ất Tỵ"."""
    return f"{_CAN[(year + 6) % 10]} {_CHI[(year + 8) % 12]}"
