"""The demo's first phase: every unit registers its people's actions (most on time, one late, one
never, a few vague or copied pledges), and the secretary takes them in."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from toolkit.app.prepare import make_templates
from toolkit.demo.data import (
    COPIED,
    COPIED_ACROSS,
    EMULATION,
    GOALS,
    PERSONAL_ACTIONS,
    PERSONAL_BY_UNIT,
    PERSONAL_NOTES,
    UNIT_ACTIONS,
    VAGUE,
)
from toolkit.demo.state import YEAR, DemoState, deliver, secretary_round
from toolkit.prefill.context import PrefillContext
from toolkit.prefill.registry import PREFILL


def _pledge_rows(state: DemoState, unit_code: str) -> dict[str, list[dict[str, Any]]]:
    rng, cfg, roster = state.rng, state.ws.config, state.roster
    pc = PrefillContext(cfg, roster, roster.units[unit_code], None, None)  # type: ignore[arg-type]
    base = PREFILL["pledge"](pc)["pledges"]
    standards = [s.label for s in cfg.standards]
    people: dict[str, list[dict[str, Any]]] = {}
    for row in base:
        people.setdefault(row["person_id"], []).append(dict(row))
    pool = UNIT_ACTIONS.get(unit_code, []) + PERSONAL_BY_UNIT.get(unit_code, PERSONAL_ACTIONS)
    used: set[str] = set()
    for rows in people.values():
        n = rng.choice([2, 2, 3, 3, 3]) if cfg.max_actions >= 3 else cfg.max_actions
        picks = []
        for template in rng.sample(pool, len(pool)):
            text = vary(rng, template)
            if text in used:   # real colleagues word their pledges differently
                text = f"{text} ({rng.choice(PERSONAL_NOTES)})"
            if text not in used:
                used.add(text)
                picks.append(text)
            if len(picks) == n:
                break
        for row, action in zip(rows, picks):
            row.update(action=action, standard=rng.choice(standards), goal=rng.choice(GOALS),
                       deadline=dt.date(YEAR, rng.choice([6, 9, 10, 11, 12]),
                                        rng.choice([15, 30])))
    flat = [r for rows in people.values() for r in rows]
    emulation = [{"activity": a, "goal": g, "period": f"Năm {YEAR}", "owner": "Trưởng phòng"}
                 for a, g in rng.sample(EMULATION, rng.choice([1, 2]))]
    return {"pledges": flat, "emulation": emulation, "_people": people}  # type: ignore[dict-item]


def vary(rng: random.Random, text: str) -> str:
    """The same kind of action in a person's own numbers, as real pledges differ."""
    import re

    def repl(m: re.Match[str]) -> str:
        n = int(m.group(0).replace(".", ""))
        if n in (100, 1) or m.group(0).startswith("0"):
            return m.group(0)
        lo, hi = max(2, n // 2), max(3, n + n // 2)
        return str(rng.randint(lo, hi))

    return re.sub(r"(?<![/\d])\d[\d.]*(?![/\d%])", repl, text)


def pledge_phase(state: DemoState) -> None:
    ws, roster = state.ws, state.roster
    sent_at = dt.datetime(YEAR, 1, 15, 8, 0)
    state.data["sent_at"] = sent_at
    sent = make_templates(ws, "pledge", str(YEAR), generated_at=sent_at)
    codes = list(roster.units)
    missing = codes[6] if len(codes) > 6 else codes[-1]
    late = codes[5] if len(codes) > 5 else None
    planted: list[tuple[str, str]] = []
    for i, code in enumerate(codes):
        if code == missing:
            continue
        rows = _pledge_rows(state, code)
        people = rows.pop("_people")  # type: ignore[arg-type]
        pids = list(people)
        when = dt.datetime(YEAR, 3, 1 + (i * 2) % 12, 9 + i % 6, 15)
        if code == late:
            when = dt.datetime(YEAR, 3, 19, 16, 40)
            planted.append((code, "SUBMISSION_LATE"))
        if i == 1 and len(pids) >= 5:          # one action only; four actions; copied text
            people[pids[0]][1:] = [{k: r[k] for k in ("person_id", "name", "position")}
                                   for r in people[pids[0]][1:]]
            extra = dict(people[pids[1]][0])
            extra.update(action="Hỗ trợ 5 doanh nghiệp mới hoàn thiện hồ sơ trong quý II",
                         deadline=dt.date(YEAR, 6, 30))
            for r in people[pids[1]]:
                if not r.get("action"):
                    r.update(action="Kiểm tra 3 doanh nghiệp mỗi quý", standard=r.get("standard")
                             or ws.config.standards[0].label, goal=GOALS[0],
                             deadline=dt.date(YEAR, 12, 15))
            for pid in pids[2:5]:
                people[pid][0]["action"] = COPIED
            rows["pledges"] = [r for rs in people.values() for r in rs]
            rows["pledges"].append({**extra, "_free": True})
            planted += [(code, "PLEDGE_TOO_FEW"), (code, "PLEDGE_TOO_MANY"),
                        (code, "PLEDGE_COPIED")]
        if i == 2 and len(pids) >= 3:          # vague pledges; a standard not in the catalogue
            people[pids[0]][0].update(action=VAGUE[0], goal="Làm tốt hơn")
            people[pids[1]][1].update(action=VAGUE[1], goal="Tốt")
            people[pids[2]][0]["standard"] = "Chuẩn mực số 6 (tự đặt)"
            people[pids[2]][1].update(action=VAGUE[2], goal="Gương mẫu")
            rows["pledges"] = [r for rs in people.values() for r in rs]
            planted += [(code, "PLEDGE_VAGUE"), (code, "STANDARD_UNKNOWN")]
        if i == 3 and len(pids) >= 4:          # dates typed as text; bad date; no goal
            people[pids[0]][0]["deadline"] = f"30/9/{YEAR}"        # accepted: dd/mm/yyyy text
            people[pids[1]][0]["deadline"] = f"31/06/{YEAR}"       # no such day
            people[pids[2]][0]["deadline"] = dt.date(YEAR + 1, 1, 15)
            people[pids[3]][0]["goal"] = None
            rows["pledges"] = [r for rs in people.values() for r in rs]
            planted += [(code, "DATE_INVALID"), (code, "DATE_OUT_OF_RANGE"),
                        (code, "REQUIRED_MISSING")]
        if i in (4, 5) and len(pids) >= 3:     # one text in two units (2 people here, 1 there)
            for pid in pids[:2] if i == 4 else pids[:1]:
                people[pid][0]["action"] = COPIED_ACROSS
            rows["pledges"] = [r for rs in people.values() for r in rs]
            if i == 5:
                planted.append((code, "PLEDGE_COPIED_OTHER_UNIT"))
        if i == 4 and len(pids) >= 2:          # someone of another unit; someone not registered
            stranger = next(p for p in roster.people.values() if p.unit != code)
            for r in people[pids[-1]]:
                for k in ("action", "standard", "goal", "deadline"):
                    r[k] = None
            rows["pledges"] = [r for rs in people.values() for r in rs]
            rows["pledges"].append({"person_id": stranger.person_id, "name": stranger.name,
                                    "position": stranger.position, "_free": True,
                                    "action": "Tham gia 100% buổi sinh hoạt chuyên đề hằng tháng",
                                    "standard": ws.config.standards[1].label,
                                    "goal": GOALS[1], "deadline": dt.date(YEAR, 12, 31)})
            planted += [(code, "PERSON_OTHER_UNIT"), (code, "PLEDGE_NONE")]
        if i == 0:                              # first a version missing its emulation sheet
            first = {"pledges": rows["pledges"], "emulation": []}
            deliver(state, code, "pledge", str(YEAR), first, when - dt.timedelta(days=4),
                    "pledge-v1")
            planted.append((code, "superseded"))
        as_mail = code != codes[-1]
        deliver(state, code, "pledge", str(YEAR), rows, when, "pledge", as_mail=as_mail)
    # what real inboxes also hold: an Excel lock file and a signature image
    (ws.inbox / f"~$dang-ky-{YEAR}.xlsx").write_bytes(b"\x00" * 165)
    (ws.inbox / "chu-ky.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    state.data["planted_pledge"] = planted
    secretary_round(state, "pledge", str(YEAR), dt.date(YEAR, 3, 20), sent,
                     "Đăng ký việc làm theo", "Pledges")
