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
           "va", "cua", "voi", "theo", "la", "co", "y", "tinh", "su", "cac", "moi"}


_WORDS = re.compile(r"\w+")
Words = frozenset[str]
Headings = tuple[Words, tuple[tuple[Words, Words], ...]]
# bytes.translate table for ASCII text: word characters kept, every other one a space
_ASCII_WORDS = bytes(c if c > 127 or _WORDS.match(chr(c)) else 32 for c in range(256))


def _words(folded: str) -> list[str]:
    """The words (runs of word characters, as ``_WORDS.findall``) of a folded text.

    Fast for ASCII text, which is what fold() gives for Vietnamese.
    """
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    return _WORDS.findall(folded)


@functools.lru_cache(maxsize=64)
def _heading_words(standard_names: tuple[str, ...]) -> Headings:
    """Every word a pledge may use and still only repeat a standard's name, and for each standard
    its name's words with the words allowed beside them (those and the filler words)."""
    heads = [frozenset(_words(fold(n))) for n in standard_names]
    each = tuple((words, words | _FILLER) for words in heads)
    return frozenset(_FILLER).union(*heads), each


def vague_reason(action: str, goal: str, standard_names: list[str] | tuple[str, ...]) -> str | None:
    """Why a pledge reads as a formality ("hình thức"), or None when it is concrete."""
    folded = fold(action)
    return _vague_reason(folded, set(_words(folded)), goal, tuple(standard_names))


def _vague_reason(folded: str, words: set[str], goal: str,
                  standard_names: tuple[str, ...]) -> str | None:
    """:func:`vague_reason` of an action already folded and split into words."""
    if words:
        anywhere, each = _heading_words(standard_names)
        if words <= anywhere:   # else no standard's allowed words hold them all
            for name_words, allowed in each:
                if words <= allowed and not words.isdisjoint(name_words):
                    return "chỉ nhắc lại tên chuẩn mực"
    folded_goal = fold(goal or "")
    if _DIGIT.search(folded) or _DIGIT.search(folded_goal):
        return None         # a number; a time word may run across the two texts
    if not _TIME_WORDS.search(f"{folded} {folded_goal}"):
        return "không có con số, không có thời gian"
    return None


def _has_input(rec: dict[str, Any], keys: list[str]) -> bool:
    """Whether the row has a value (or a bad value) in one of the input fields ``keys``."""
    bad = rec.get("_bad", [])
    for k in keys:
        if rec.get(k) not in (None, "") or k in bad:
            return True
    return False


@form_rule("pledge")
def pledge_rules(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context, unit: str,
                 period: str, issues: list[Issue]) -> None:
    cfg = ctx.config
    table = form.table("pledges")
    counts: dict[str, list[dict[str, Any]]] = {}
    standard_names = tuple(s.name for s in cfg.standards)
    inputs = [f.key for f in table.inputs]
    text_keys: dict[int, str] = {}      # id of a counted record -> the words of its action
    for rec in records.get("pledges", []):
        has_input = _has_input(rec, inputs)
        if not check_person(rec, "pledges", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        counts.setdefault(pid, [])
        if not has_input:
            rec["_empty"] = True
            continue
        if not rec.get("action"):
            issues.append(Issue.make("ACTION_EMPTY", cell=rec["_cells"]["action"], field="action",
                                     file=ctx.file, sheet=table.sheet, unit=unit, person_id=pid))
            continue
        counts[pid].append(rec)
        folded = fold(rec["action"])
        words = _words(folded)
        text_keys[id(rec)] = " ".join(words)
        required_missing("pledges", form, rec, ("standard", "goal", "deadline"), ctx, unit, pid,
                         issues)
        if cfg.warn_vague:
            reason = _vague_reason(folded, set(words), rec.get("goal") or "", standard_names)
            if reason:
                issues.append(Issue.make("PLEDGE_VAGUE", cell=rec["_cells"]["action"],
                                         field="action", value=rec["action"], reason=reason,
                                         file=ctx.file, sheet=table.sheet, unit=unit,
                                         person_id=pid))
    # counts per person, including the unit's people who are not in the file at all
    people = {p.person_id: p for p in ctx.roster.people_of(unit)}
    for pid, person in people.items():
        rows = counts.get(pid, [])
        n = len(rows)
        if n and cfg.min_actions <= n <= cfg.max_actions:
            continue
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
            by_text.setdefault(text_keys[id(rec)], []).append(rec)
    for text, recs in by_text.items():
        if len(recs) == 1:
            owners = [recs[0]["person_id"]]
        else:
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
