"""Cross-field rules of the pledge form: people, action counts, vague and copied pledges."""

from __future__ import annotations

import functools
import re
from itertools import repeat
from typing import Any

from toolkit.common.issues import Issue
from toolkit.common.text import fold
from toolkit.forms.spec import Form
from toolkit.rules.context import Context
from toolkit.rules.shared import check_person, has_input, input_keys, required_missing

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


_NAME_ONLY = "chỉ nhắc lại tên chuẩn mực"
_NO_MEASURE = "không có con số, không có thời gian"


def _vague_reason(folded: str, words: set[str], goal: str,
                  standard_names: tuple[str, ...]) -> str | None:
    """:func:`vague_reason` of an action already folded and split into words."""
    if _names_only(words, standard_names):
        return _NAME_ONLY
    return _no_measure(folded, goal)


def _names_only(words: set[str] | frozenset[str], standard_names: tuple[str, ...]) -> bool:
    """Whether the words of an action only repeat a standard's name (with filler words)."""
    if words:
        anywhere, each = _heading_words(standard_names)
        if words <= anywhere:   # else no standard's allowed words hold them all
            for name_words, allowed in each:
                if words <= allowed and not words.isdisjoint(name_words):
                    return True
    return False


def _no_measure(folded: str, goal: str) -> str | None:
    """The vague reason of an action (folded) that does not only repeat a standard's name."""
    folded_goal = fold(goal or "")
    if _DIGIT.search(folded) or _DIGIT.search(folded_goal):
        return None         # a number; a time word may run across the two texts
    if not _TIME_WORDS.search(f"{folded} {folded_goal}"):
        return _NO_MEASURE
    return None


# What pledge_rules needs of an action text, remembered per list of standards (actions repeat):
# (its words joined by spaces: the key of copied texts, the folded text, and its vague reason:
# a reason, None when concrete whatever the goal says, or _ASK_GOAL when the goal decides)
Action = tuple[str, str, "str | None | object"]
_ASK_GOAL = object()
_ACTIONS_LIMIT = 16384


@functools.lru_cache(maxsize=8)
def _action_memo(standard_names: tuple[str, ...]) -> dict[str, Action]:
    """The (bounded) memo of :func:`_action` for one list of standards."""
    return {}


def _action(memo: dict[str, Action], action: str, standard_names: tuple[str, ...]) -> Action:
    """The :data:`Action` facts of ``action``, worked out and remembered in ``memo``."""
    folded = fold(action)
    words = _words(folded)
    if _names_only(set(words), standard_names):
        verdict: Any = _NAME_ONLY
    elif _DIGIT.search(folded) or _TIME_WORDS.search(folded):
        verdict = None      # a number, or a time word (it stays one after " " + the goal)
    else:
        verdict = _ASK_GOAL
    if len(memo) >= _ACTIONS_LIMIT:
        memo.clear()
    found = memo[action] = (" ".join(words), folded, verdict)
    return found


def pledge_rules(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context, unit: str,
                 period: str, issues: list[Issue]) -> None:
    cfg = ctx.config
    table = form.table("pledges")
    counts: dict[str, list[dict[str, Any]]] = {}
    standard_names = tuple(s.name for s in cfg.standards)
    memo = _action_memo(standard_names)
    inputs = input_keys(table)
    warn_vague = cfg.warn_vague
    text_keys: dict[int, str] = {}      # id of a counted record -> the words of its action
    for rec in records.get("pledges", []):
        filled = has_input(rec, inputs)
        if not check_person(rec, "pledges", form, ctx, unit, issues):
            rec["_excluded"] = True
            continue
        pid = rec["person_id"]
        rows = counts.setdefault(pid, [])
        if not filled:
            rec["_empty"] = True
            continue
        action = rec.get("action")
        if not action:
            issues.append(Issue.make("ACTION_EMPTY", cell=rec["_cells"]["action"], field="action",
                                     file=ctx.file, sheet=table.sheet, unit=unit, person_id=pid))
            continue
        rows.append(rec)
        key, folded, reason = memo.get(action) or _action(memo, action, standard_names)
        text_keys[id(rec)] = key
        if not (rec.get("standard") and rec.get("goal") and rec.get("deadline")):
            required_missing("pledges", form, rec, tuple(k for k in table.required_inputs
                                                         if k != "action"),
                             ctx, unit, pid, issues)
        if warn_vague:
            if reason is _ASK_GOAL:
                reason = _no_measure(folded, rec.get("goal") or "")
            if reason:
                issues.append(Issue.make("PLEDGE_VAGUE", cell=rec["_cells"]["action"],
                                         field="action", value=action, reason=reason,
                                         file=ctx.file, sheet=table.sheet, unit=unit,
                                         person_id=pid))
    people: dict[str, Any] | None = None    # the unit's people in roster order, when needed
    # counts per person, including the unit's people who are not in the file at all
    lo, hi = cfg.min_actions, cfg.max_actions
    if not all(n and lo <= n <= hi for n in map(len, map(counts.get, ctx.roster.ids_of(unit),
                                                         repeat(())))):
        people = _people(ctx, unit)
        for pid, person in people.items():
            rows = counts.get(pid, [])
            n = len(rows)
            if n and cfg.min_actions <= n <= cfg.max_actions:
                continue
            place = dict(file=ctx.file, sheet=table.sheet, unit=unit, person_id=pid,
                         name=person.name, count=n, min=cfg.min_actions, max=cfg.max_actions)
            if n == 0:
                issues.append(Issue.make("PLEDGE_NONE", **place))
            elif n < cfg.min_actions:
                issues.append(Issue.make("PLEDGE_TOO_FEW", cell=rows[0]["_cells"]["action"],
                                         field="action", **place))
            elif n > cfg.max_actions:
                issues.append(Issue.make("PLEDGE_TOO_MANY", cell=rows[-1]["_cells"]["action"],
                                         field="action", **place))
    # the same text copied across people of the unit (none when every text is different)
    if cfg.copied_min_people <= 1 or len(set(text_keys.values())) < len(text_keys):
        _copied(table.sheet, counts, text_keys, people, ctx, unit, issues)
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


def _people(ctx: Context, unit: str) -> dict[str, Any]:
    """The unit's people by id, in roster order (the order of their issues)."""
    return {p.person_id: p for p in ctx.roster.people_of(unit)}


def _copied(sheet: str, counts: dict[str, list[dict[str, Any]]], text_keys: dict[int, str],
            people: dict[str, Any] | None, ctx: Context, unit: str, issues: list[Issue]) -> None:
    """PLEDGE_COPIED for each record whose text (its words) the unit's people copied."""
    by_text: dict[str, list[dict[str, Any]]] = {}
    for rows in counts.values():
        for rec in rows:
            by_text.setdefault(text_keys[id(rec)], []).append(rec)
    for recs in by_text.values():
        if len(recs) == 1:
            owners = [recs[0]["person_id"]]
        else:
            owners = sorted({r["person_id"] for r in recs})
        if len(owners) >= ctx.config.copied_min_people:
            if people is None:
                people = _people(ctx, unit)
            names = ", ".join(people[p].name if p in people else p for p in owners[:5])
            for rec in recs:
                issues.append(Issue.make("PLEDGE_COPIED", file=ctx.file, sheet=sheet,
                                         cell=rec["_cells"]["action"], unit=unit,
                                         person_id=rec["person_id"], field="action",
                                         value=rec["action"], count=len(owners), names=names))
