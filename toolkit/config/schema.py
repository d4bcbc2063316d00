"""What lamtheobac.toml may hold: every section and key, its type and its allowed range.

:func:`check_config` walks the parsed file against :data:`SCHEMA` and returns every problem at
once: an unknown section or key (with the nearest known name: a typo must not silently bring back
a default), a value of the wrong type, a value outside its range. Each problem names the key, the
value and what is allowed. Rules between keys (min ≤ max, weights adding up to 1, a point for
every assessment level) stay in :func:`toolkit.config.workspace.load_config`.

A new setting is added here, in the default config (with its comment) and where it is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from toolkit.common.i18n import t
from toolkit.config.placeholders import is_to_fill

TEXT, INT, NUMBER, BOOL, DATE, CHOICE, LEVEL = "text", "int", "number", "bool", "date", "choice", \
    "level"
TEXTS, NUMBERS, EMAILS, POINTS, ITEMS, VERSION = "texts", "numbers", "emails", "points", "items", \
    "version"
TABLE, FORBIDDEN, EMAIL = "table", "forbidden", "email"

# the year-end levels a cap may name (their labels and short labels are accepted too)
LEVEL_KEYS = ("excellent", "good", "complete", "not_complete")
_LEVEL_SHORT = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


@dataclass(frozen=True)
class Key:
    """One setting: its kind and what it allows.

    ``lo``/``hi``: the range of a number (or of each number of a list); for a date, the years
    allowed as offsets from the workspace's year. ``size``: how many items a list may hold.
    ``required``: the file must set it. ``blank``: a text (or a date) may be empty. ``keys``:
    the keys of an inner table (``[rating.staff]``). ``message``: why a forbidden key is.
    """

    kind: str
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    size: tuple[int, int] | None = None
    required: bool = False
    blank: bool = True
    keys: dict[str, Key] | None = field(default=None, compare=False)
    message: str = ""

    @property
    def has_range(self) -> bool:
        """Whether some value of the right type is still refused (free text and booleans: no)."""
        return self.kind not in (TEXT, BOOL, VERSION, TABLE) or (
            self.kind == TEXT and not self.blank)


def _num(lo: float, hi: float) -> Key:
    return Key(NUMBER, lo, hi)


def _int(lo: int, hi: int, required: bool = False) -> Key:
    return Key(INT, lo, hi, required=required)


def _choice(*choices: str) -> Key:
    return Key(CHOICE, choices=choices)


_SHARE = _num(0, 1)
_PORT = _int(0, 65535)
_SECURITY = _choice("tls", "starttls", "ssl")
_POINTS100 = _num(0, 100)
_CAP = Key(LEVEL, choices=LEVEL_KEYS)

# section -> key -> Key; "" holds the keys at the top of the file (before any [section]).
SCHEMA: dict[str, dict[str, Key]] = {
    "": {"language": _choice("vi", "en")},
    "organisation": {
        "id": Key(TEXT, required=True, blank=False),
        "name": Key(TEXT, required=True, blank=False),
        "short_name": Key(TEXT),
        "superior": Key(TEXT),
        "issuing_body": Key(TEXT),
        "place": Key(TEXT),
        "header_style": _choice("party", "state"),
        "report_symbol": Key(TEXT),
        "signer_titles": Key(TEXTS, size=(0, 6)),
        "signer_name": Key(TEXT),
        "recipients": Key(TEXTS, size=(0, 30)),
        "margins_mm": Key(NUMBERS, 0, 100, size=(4, 4)),
    },
    "documents": {
        "party_cell": Key(TEXT),
        "state_superior": Key(TEXT),
        "state_issuing_body": Key(TEXT),
        "state_signer_titles": Key(TEXTS, size=(0, 6)),
        "state_signer_name": Key(TEXT),
        "pdf": Key(BOOL),
    },
    "year": {
        "year": _int(2000, 2100, required=True),
        "theme": Key(TEXT),
        "study_topic": Key(TEXT),
        "registration_deadline": Key(DATE, 0, 0, required=True),
        "quarter_report_days": _int(0, 90),
        "year_review_deadline": Key(DATE, 0, 1),
    },
    "pledge": {
        "min_actions": _int(1, 10),
        "max_actions": _int(1, 10),
        "min_emulation": _int(0, 10),
        "max_emulation": _int(0, 10),
        "warn_vague": Key(BOOL),
        "copied_min_people": _int(2, 1000),
        "copy_similarity": _num(0.5, 1),
    },
    "scales": {
        "assessment": Key(TEXTS, size=(2, 10), blank=False),
        "progress": Key(TEXTS, size=(3, 3), blank=False),
    },
    "scoring": {
        "weight_progress": _SHARE,
        "weight_attendance": _SHARE,
        "weight_assessment": _SHARE,
        "assessment_points": Key(POINTS, 0, 100, size=(1, 10)),
        "bonus_commendation": _POINTS100,
        "penalty_reminder": _POINTS100,
        "penalty_criticism": _POINTS100,
        "unit_weight_people": _SHARE,
        "unit_weight_on_time": _SHARE,
        "unit_weight_sessions": _SHARE,
        "unit_weight_activities": _SHARE,
        "sessions_per_month": _num(0, 31),
        "activities_per_quarter": _num(1, 100),
        "commend_min_score": _POINTS100,
        "remind_max_score": _POINTS100,
        "in_progress_percent": _POINTS100,
        "no_pledge_progress": _POINTS100,
        "late_points": _POINTS100,
        "evidence_required": Key(BOOL),
    },
    "rating": {
        "rule_set": _choice("auto", "qd124", "qd366"),
        "band_excellent": _POINTS100,
        "band_good": _POINTS100,
        "band_complete": _POINTS100,
        "quota_ratio": _SHARE,
        "quota_base": _choice("good", "good_and_above"),
        "quota_rounding": _choice("floor", "round"),
        "quota_group": _choice("all", "party_group", "unit"),
        "q366_exceeded_share": _SHARE,
        "q124_band_excellent": _POINTS100,
        "q124_band_good": _POINTS100,
        "q124_band_complete": _POINTS100,
        "q124_exceeded_share": _SHARE,
        "complete_min_done_share": _SHARE,
        "discipline_cap": _CAP,
        "no_pledge_cap": _CAP,
        "missing_reports_cap": _CAP,
        "no_review_cap": _CAP,
        "civil_servant_condition": Key(BOOL),
        "civil_servant_missing_cap": _CAP,
        "collective_member_not_complete_cap": _CAP,
        "collective_discipline_cap": _CAP,
        "honours_min_level": _CAP,
        "honours_discipline": Key(BOOL),
        "honours_all_quarters": Key(BOOL),
        "honours_excluded": _choice("apart", "omit"),
        "staff": Key(TABLE, keys={
            "rule_set": _choice("auto", "nd90", "nd335"),
            "band_excellent": _POINTS100,
            "band_good": _POINTS100,
            "band_complete": _POINTS100,
            "exceeded_share": _SHARE,
            "discipline_cap": _CAP,
            "no_pledge_cap": _CAP,
            "no_review_cap": _CAP,
            "share_check": Key(BOOL),
        }),
    },
    "mail": {
        "host": Key(TEXT),
        "port": _PORT,
        "security": _SECURITY,
        "user": Key(TEXT),
        "password": Key(FORBIDDEN, message="cfg.no_password"),
        "folder": Key(TEXT),
        "since": Key(DATE, 0, 0),
        "done_folder": Key(TEXT),
        "ca_file": Key(TEXT),
        "timeout": _int(1, 600),
        "date_tolerance_hours": _int(0, 720),
        "smtp_host": Key(TEXT),
        "smtp_port": _PORT,
        "smtp_security": _SECURITY,
        "smtp_user": Key(TEXT),
        "smtp_password": Key(FORBIDDEN, message="cfg.no_password"),
        "from_address": Key(EMAIL),
        "from_name": Key(TEXT),
        "subject_form": Key(TEXT),
        "body_form": Key(TEXT),
        "subject_feedback": Key(TEXT),
        "body_feedback": Key(TEXT),
        "subject_remind": Key(TEXT),
        "body_remind": Key(TEXT),
    },
    "senders": {
        "policy": _choice("strict", "roster", "open"),
        "secretary": Key(EMAILS, size=(0, 50)),
    },
    "standards": {
        "version": Key(VERSION),
        "items": Key(ITEMS, size=(1, 200), required=True),
    },
}

# the keys of each [[standards.items]] entry
STANDARD_ITEM: dict[str, Key] = {
    "code": Key(TEXT, required=True, blank=False),
    "group": Key(TEXT),
    "name": Key(TEXT, required=True, blank=False),
}


@dataclass(frozen=True)
class Problem:
    """One thing to fix in the config: the key (dotted, as the message shows it) and the text."""

    key: str
    text: str


def check_config(data: dict[str, Any]) -> list[Problem]:
    """Every problem of a parsed config against :data:`SCHEMA`, in file order."""
    problems: list[Problem] = []
    year = data.get("year", {}).get("year") if isinstance(data.get("year"), dict) else None
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    sections = [s for s in SCHEMA if s]
    for name, value in data.items():
        if name in SCHEMA[""]:
            problems += _check(name, value, SCHEMA[""][name], year)
        elif name in SCHEMA:
            if not isinstance(value, dict):
                problems.append(Problem(name, t("cfg.not_section", section=name)))
                continue
            problems += _check_section(name, value, SCHEMA[name], year)
        elif isinstance(value, dict):
            problems.append(Problem(name, _unknown_section(name, sections)))
        else:
            problems.append(Problem(name, _unknown_key(name, "", list(SCHEMA[""]))))
    for section, keys in SCHEMA.items():
        for key, spec in keys.items():
            where = data if not section else data.get(section)
            if spec.required and (not isinstance(where, dict) or key not in where):
                full = f"{section}.{key}" if section else key
                problems.append(Problem(full, t("cfg.missing", key=full)))
    return problems


def _check_section(section: str, table: dict[str, Any], keys: dict[str, Key],
                   year: int | None) -> list[Problem]:
    out: list[Problem] = []
    for key, value in table.items():
        full = f"{section}.{key}"
        spec = keys.get(key)
        if spec is None:
            out.append(Problem(full, _unknown_key(key, section, list(keys))))
        elif isinstance(value, str) and is_to_fill(value):
            continue        # a placeholder init wrote: the loader reads it and status points it out
        else:
            out += _check(full, value, spec, year)
    return out


def _unknown_section(name: str, known: list[str]) -> str:
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    listing = ", ".join(f"[{k}]" for k in known)
    if near:
        return t("cfg.unknown_section_near", section=name, near=near[0], known=listing)
    return t("cfg.unknown_section", section=name, known=listing)


def _unknown_key(key: str, section: str | None, known: list[str], where: str = "") -> str:
    """``section``: where the key was found (None: inside [[standards.items]])."""
    where = where or (f"[{section}]" if section else t("cfg.top"))
    elsewhere = [] if section is None else [
        s for s, keys in SCHEMA.items() if key in keys and s != section]
    if elsewhere:
        return t("cfg.key_elsewhere", key=key, where=where,
                 other=f"[{elsewhere[0]}]" if elsewhere[0] else t("cfg.top"))
    near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if near:
        return t("cfg.unknown_key_near", key=key, where=where, near=near[0])
    return t("cfg.unknown_key", key=key, where=where, known=", ".join(known))


def show(value: Any) -> str:
    """A value as it is written in the file (TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{show(str(k))} = {show(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


def _fmt(x: float | None) -> str:
    return f"{x:g}" if x is not None else ""


def _wrong(key: str, value: Any, want: str) -> Problem:
    return Problem(key, t("cfg.wrong_type", key=key, value=_short(show(value)), want=want))


def _outside(key: str, value: Any, want: str) -> Problem:
    return Problem(key, t("cfg.out_of_range", key=key, value=_short(show(value)), want=want))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _want(spec: Key, year: int | None) -> str:
    """What a key allows, in words (the message's "allowed" part)."""
    k = spec.kind
    if k == INT:
        return t("cfg.want_int", lo=_fmt(spec.lo), hi=_fmt(spec.hi))
    if k == NUMBER:
        return t("cfg.want_number", lo=_fmt(spec.lo), hi=_fmt(spec.hi))
    if k == BOOL:
        return t("cfg.want_bool")
    if k == TEXT:
        return t("cfg.want_text" if spec.blank else "cfg.want_text_filled")
    if k == VERSION:
        return t("cfg.want_version")
    if k == EMAIL:
        return t("cfg.want_email")
    if k in (CHOICE, LEVEL):
        return t("cfg.want_choice", choices=", ".join(f'"{c}"' for c in spec.choices))
    if k == DATE:
        lo, hi = _date_range(spec, year)
        return t("cfg.want_date", lo=lo.isoformat(), hi=hi.isoformat()) if lo else \
            t("cfg.want_date_any")
    size = spec.size or (0, 0)
    if k == TEXTS:
        return t("cfg.want_texts", lo=size[0], hi=size[1])
    if k == EMAILS:
        return t("cfg.want_emails", hi=size[1])
    if k == NUMBERS:
        return t("cfg.want_numbers", n=size[0], lo=_fmt(spec.lo), hi=_fmt(spec.hi))
    if k == POINTS:
        return t("cfg.want_points", lo=_fmt(spec.lo), hi=_fmt(spec.hi))
    if k == ITEMS:
        return t("cfg.want_items")
    return ""


def _date_range(spec: Key, year: int | None) -> tuple[dt.date | None, dt.date | None]:
    if year is None or not 2000 <= year <= 2100:
        return None, None
    return dt.date(year + int(spec.lo or 0), 1, 1), dt.date(year + int(spec.hi or 0), 12, 31)


def _check(key: str, value: Any, spec: Key, year: int | None) -> list[Problem]:
    k = spec.kind
    if k == FORBIDDEN:
        return [Problem(key, t(spec.message, key=key))]
    if k == TABLE:
        if not isinstance(value, dict):
            return [_wrong(key, value, t("cfg.want_table", key=key))]
        return _check_section(key, value, spec.keys or {}, year)
    want = _want(spec, year)
    if k == INT:
        if not _is_int(value):
            return [_wrong(key, value, want)]
        return [] if spec.lo <= value <= spec.hi else [_outside(key, value, want)]
    if k == NUMBER:
        if not _is_number(value):
            return [_wrong(key, value, want)]
        return [] if spec.lo <= value <= spec.hi else [_outside(key, value, want)]
    if k == BOOL:
        return [] if isinstance(value, bool) else [_wrong(key, value, want)]
    if k == TEXT:
        if not isinstance(value, str):
            return [_wrong(key, value, want)]
        return [] if spec.blank or value.strip() else [_outside(key, value, want)]
    if k == VERSION:
        return [] if isinstance(value, str) or _is_number(value) else [_wrong(key, value, want)]
    if k == EMAIL:
        if not isinstance(value, str):
            return [_wrong(key, value, want)]
        return [] if not value.strip() or _looks_like_address(value) else \
            [_outside(key, value, want)]
    if k == CHOICE:
        if not isinstance(value, str):
            return [_wrong(key, value, want)]
        return [] if value in spec.choices else [_outside(key, value, want)]
    if k == LEVEL:
        if not isinstance(value, str):
            return [_wrong(key, value, want)]
        return [] if _is_level(value) else [_outside(key, value, want)]
    if k == DATE:
        return _check_date(key, value, spec, year, want)
    if k in (TEXTS, EMAILS, NUMBERS):
        return _check_list(key, value, spec, want)
    if k == POINTS:
        return _check_points(key, value, spec, want)
    if k == ITEMS:
        return _check_items(key, value, spec, want)
    raise AssertionError(k)


def _is_level(value: str) -> bool:
    from toolkit.common.text import fold
    from toolkit.forms.year_review import LEVEL_LABELS
    folded = fold(value).strip()
    return any(folded == fold(x) for x in (*LEVEL_KEYS, *LEVEL_LABELS, *_LEVEL_SHORT))


def _check_date(key: str, value: Any, spec: Key, year: int | None, want: str) -> list[Problem]:
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        if not value.strip() and spec.blank and not spec.required:
            return []
        from toolkit.common.dates import parse_date
        from toolkit.config.placeholders import proposed_date
        parsed = parse_date(proposed_date(value))     # a date still to fill: its proposal
        if parsed is None:
            return [_wrong(key, value, want)]
        value = parsed
    elif not isinstance(value, dt.date):
        return [_wrong(key, value, want)]
    lo, hi = _date_range(spec, year)
    if lo is not None and hi is not None and not lo <= value <= hi:
        return [_outside(key, value, want)]
    return []


def _check_list(key: str, value: Any, spec: Key, want: str) -> list[Problem]:
    if not isinstance(value, list):
        return [_wrong(key, value, want)]
    for item in value:
        if spec.kind == NUMBERS:
            if not _is_number(item):
                return [_wrong(key, value, want)]
            if not spec.lo <= item <= spec.hi:
                return [_outside(key, value, want)]
        elif not isinstance(item, str):
            return [_wrong(key, value, want)]
        elif spec.kind == EMAILS and not _looks_like_address(item):
            return [_outside(key, value, want)]
        elif not spec.blank and not item.strip():
            return [_outside(key, value, want)]
    lo, hi = spec.size or (0, 10**6)
    if not lo <= len(value) <= hi:
        return [_outside(key, value, want)]
    if spec.kind != NUMBERS and len({str(v).strip().lower() for v in value}) != len(value):
        return [_outside(key, value, t("cfg.want_distinct"))]
    return []


def _looks_like_address(text: str) -> bool:
    local, at, domain = text.strip().rpartition("@")
    return bool(at and local and "." in domain and " " not in text.strip())


def _check_points(key: str, value: Any, spec: Key, want: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [_wrong(key, value, want)]
    out: list[Problem] = []
    for label, points in value.items():
        if not _is_number(points):
            out.append(_wrong(f'{key}."{label}"', points, want))
        elif not spec.lo <= points <= spec.hi:
            out.append(_outside(f'{key}."{label}"', points, want))
    return out


def _check_items(key: str, value: Any, spec: Key, want: str) -> list[Problem]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return [_wrong(key, value, want)]
    lo, hi = spec.size or (0, 10**6)
    if not lo <= len(value) <= hi:
        return [_outside(key, value, want)]
    out: list[Problem] = []
    for i, item in enumerate(value, 1):
        where = f"{key}[{i}]"
        for name, v in item.items():
            sub = STANDARD_ITEM.get(name)
            if sub is None:
                out.append(Problem(f"{where}.{name}",
                                   _unknown_key(name, None, list(STANDARD_ITEM),
                                                "[[standards.items]]")))
            else:
                out += _check(f"{where}.{name}", v, sub, None)
        for name, sub in STANDARD_ITEM.items():
            if sub.required and name not in item:
                out.append(Problem(f"{where}.{name}", t("cfg.missing", key=f"{where}.{name}")))
    return out
