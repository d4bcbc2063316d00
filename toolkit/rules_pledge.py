"""Cross-field rules of the pledge form: people, action counts, vague and copied pledges."""

from __future__ import annotations

import functools
import re
from typing import Any

from .forms.spec import Form
from .issues import Issue
from .text import fold
from .validation import Context, check_person, form_rule, required_missing

# "rõ thời gian": a time word or a date-like token
_TIME_WORDS = re.compile(
    r"\b(ngay|thang|quy|nam|tuan|hang tuan|hang thang|hang quy|hang nam|hang ngay|truoc|"
    r"dinh ky|cuoi nam|giua nam|dau nam|6 thang)\b")
_DIGIT = re.compile(r"\d")
_FILLER = {"nang", "cao", "thuc", "hien", "tot", "hon", "tang", "cuong", "day", "manh", "giu",
           "gin", "phat", "huy", "ren", "luyen", "luon", "trong", "cong", "viec", "ban", "than",
           "va", "cua", "voi", "theo", "la", "co", "y", "thuc", "tinh", "than", "su", "cac", "moi"}


@functools.lru_cache(maxsize=64)
def _heading_words(standard_names: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(re.findall(r"\w+", fold(n))) for n in standard_names)


def vague_reason(action: str, goal: str, standard_names: list[str] | tuple[str, ...]) -> str | None:
    """Why a pledge reads as a formality ("hình thức"), or None when it is concrete."""
    folded = fold(action)
    words = set(re.findall(r"\w+", folded))
    for name_words in _heading_words(tuple(standard_names)):
        if words and words <= (name_words | _FILLER) and len(words & name_words) >= 1:
            return "chỉ nhắc lại tên chuẩn mực"
    both = f"{folded} {fold(goal or '')}"
    has_number = bool(_DIGIT.search(both))
    has_time = bool(_TIME_WORDS.search(both))
    if not has_number and not has_time:
        return "không có con số, không có thời gian"
    return None


@form_rule("pledge")
def pledge_rules(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context, unit: str,
                 period: str, issues: list[Issue]) -> None:
    cfg = ctx.config
    table = form.table("pledges")
    counts: dict[str, list[dict[str, Any]]] = {}
    standard_names = [s.name for s in cfg.standards]
    for rec in records.get("pledges", []):
        has_input = any(rec.get(f.key) not in (None, "") or f.key in rec.get("_bad", [])
                        for f in table.inputs)
        if not check_person(rec, "pledges", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        counts.setdefault(pid, [])
        if not has_input:
            rec["_empty"] = True
            continue
        place = dict(file=ctx.file, sheet=table.sheet, unit=unit, person_id=pid)
        if not rec.get("action"):
            issues.append(Issue.make("ACTION_EMPTY", cell=rec["_cells"]["action"], field="action",
                                     **place))
            continue
        counts[pid].append(rec)
        required_missing("pledges", form, rec, ("standard", "goal", "deadline"), ctx, unit, pid,
                         issues)
        if cfg.warn_vague:
            reason = vague_reason(rec["action"], rec.get("goal") or "", standard_names)
            if reason:
                issues.append(Issue.make("PLEDGE_VAGUE", cell=rec["_cells"]["action"],
                                         field="action", value=rec["action"], reason=reason,
                                         **place))
    # counts per person, including the unit's people who are not in the file at all
    people = {p.person_id: p for p in ctx.roster.people_of(unit)}
    for pid, person in people.items():
        rows = counts.get(pid, [])
        n = len(rows)
        place = dict(file=ctx.file, sheet=table.sheet, unit=unit, person_id=pid, name=person.name,
                     count=n, min=cfg.min_actions, max=cfg.max_actions)
        if n == 0:
            issues.append(Issue.make("PLEDGE_NONE", **place))
        elif n < cfg.min_actions:
            issues.append(Issue.make("PLEDGE_TOO_FEW", cell=rows[0]["_cells"]["action"],
                                     field="action", **place))
        elif n > cfg.max_actions:
            issues.append(Issue.make("PLEDGE_TOO_MANY", cell=rows[-1]["_cells"]["action"],
                                     field="action", **place))
    # the same text copied across people of the unit
    by_text: dict[str, list[dict[str, Any]]] = {}
    for pid, rows in counts.items():
        for rec in rows:
            by_text.setdefault(re.sub(r"\W+", " ", fold(rec["action"])).strip(), []).append(rec)
    for text, recs in by_text.items():
        owners = sorted({r["person_id"] for r in recs})
        if len(owners) >= cfg.copied_min_people:
            names = ", ".join(people[p].name if p in people else p for p in owners[:5])
            for rec in recs:
                issues.append(Issue.make("PLEDGE_COPIED", file=ctx.file, sheet=table.sheet,
                                         cell=rec["_cells"]["action"], unit=unit,
                                         person_id=rec["person_id"], field="action",
                                         value=rec["action"], count=len(owners), names=names))
    # the unit's emulation activities
    emu = form.table("emulation")
    chosen = []
    for rec in records.get("emulation", []):
        if rec.get("activity"):
            chosen.append(rec)
            required_missing("emulation", form, rec, ("goal",), ctx, unit, "", issues)
        elif any(rec.get(f.key) for f in emu.inputs):
            required_missing("emulation", form, rec, ("activity",), ctx, unit, "", issues)
    if not cfg.min_emulation <= len(chosen) <= cfg.max_emulation:
        cell = chosen[-1]["_cells"]["activity"] if chosen else "A7"
        issues.append(Issue.make("EMULATION_COUNT", file=ctx.file, sheet=emu.sheet, cell=cell,
                                 unit=unit, count=len(chosen), min=cfg.min_emulation,
                                 max=cfg.max_emulation))
