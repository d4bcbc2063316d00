"""Cross-field rules of the pledge form: people, action counts, vague ("5 rõ", see
:mod:`toolkit.rules.five_clear`) and copied pledges."""

from __future__ import annotations

import functools
from itertools import repeat
from typing import Any

from toolkit.common.issues import Issue
from toolkit.common.text import fold
from toolkit.forms.spec import Form
from toolkit.rules.context import Context
from toolkit.rules.copies import closest, words_of
from toolkit.rules.five_clear import Verdict, assess, message_en, message_vi, words
from toolkit.rules.shared import check_person, has_input, input_keys, required_missing

_MEMO_LIMIT = 16384
_UNSEEN: Any = object()


# what a vague pledge's issue says: the verdict, and its explanation in Vietnamese and English
Vague = tuple[Verdict, str, str]


@functools.lru_cache(maxsize=8)
def _memos(standard_names: tuple[str, ...]) -> tuple[dict[str, str], dict[Any, Vague | None]]:
    """The (bounded) memos of pledge_rules for one list of standards: an action's copy key (its
    folded words joined by spaces), and the "5 rõ" verdict of (action, goal, deadline given):
    None when concrete. Real agencies repeat their texts; a province's 260,000 pledge rows hold
    far fewer distinct ones."""
    return {}, {}


def copy_key(action: str) -> str:
    """What two pledges share when one copies the other: the folded words, in order."""
    return " ".join(words(fold(action)))


def _key(keys: dict[str, str], action: str) -> str:
    if len(keys) >= _MEMO_LIMIT:
        keys.clear()
    found = keys[action] = copy_key(action)
    return found


def _vague(verdicts: dict[Any, Vague | None], memo_key: tuple[str, Any, bool],
           standard_names: tuple[str, ...]) -> Vague | None:
    """The "5 rõ" verdict of a row (as :data:`Vague`, None when concrete), remembered."""
    action, goal, dated = memo_key
    verdict = assess(action, goal or "", "x" if dated else None, standards=standard_names,
                     explain=False)
    found = (verdict, message_vi(verdict, action), message_en(verdict, action)) \
        if verdict.vague else None
    if len(verdicts) >= _MEMO_LIMIT:
        verdicts.clear()
    verdicts[memo_key] = found
    return found


def vague_issue(rec: dict[str, Any], vague: Vague, **place: Any) -> Issue:
    """PLEDGE_VAGUE for a record: the missing "rõ", why, and an example fix (in both languages),
    and the codes themselves (``missing``, ``reasons``) for whoever counts them."""
    verdict, detail, detail_en = vague
    return Issue.make("PLEDGE_VAGUE", cell=rec["_cells"]["action"], field="action",
                      value=rec["action"], detail=detail, detail_en=detail_en,
                      missing=",".join(verdict.missing), reasons=",".join(verdict.reasons),
                      **place)


def pledge_rules(form: Form, records: dict[str, list[dict[str, Any]]], ctx: Context, unit: str,
                 period: str, issues: list[Issue]) -> None:
    cfg = ctx.config
    table = form.table("pledges")
    counts: dict[str, list[dict[str, Any]]] = {}
    standard_names = tuple(s.name for s in cfg.standards)
    keys, verdicts = _memos(standard_names)
    inputs = input_keys(table)
    warn_vague = cfg.warn_vague
    last_year = ctx.reference
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
        text_keys[id(rec)] = keys.get(action) or _key(keys, action)
        goal, deadline = rec.get("goal"), rec.get("deadline")
        if not (rec.get("standard") and goal and deadline):
            required_missing("pledges", form, rec, tuple(k for k in table.required_inputs
                                                         if k != "action"),
                             ctx, unit, pid, issues)
        if warn_vague:
            memo_key = (action, goal, deadline is not None and deadline != "")
            vague = verdicts.get(memo_key, _UNSEEN)
            if vague is _UNSEEN:
                vague = _vague(verdicts, memo_key, standard_names)
            if vague is not None:
                issues.append(vague_issue(rec, vague, file=ctx.file, sheet=table.sheet,
                                          unit=unit, person_id=pid))
        if last_year is not None and pid in last_year[1]:
            score, previous = closest(words_of(action), last_year[1][pid])
            if score >= cfg.copy_similarity:
                person = ctx.roster.people.get(pid)
                issues.append(Issue.make(
                    "PLEDGE_SAME_AS_LAST_YEAR", cell=rec["_cells"]["action"], field="action",
                    value=action, previous=previous, year=last_year[0],
                    score=round(100 * score), name=person.name if person else pid,
                    file=ctx.file, sheet=table.sheet, unit=unit, person_id=pid))
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
