"""`lamtheobac demo`: a realistic synthetic agency run end to end, deterministic by seed.

The demo plays every role: the secretary sends workbooks, units fill them the way real units do
(most correct, some late, one missing, a few mistakes) and mail them back as .eml files, and the
secretary ingests the inbox and produces status, feedback and the later outputs. Phases are
registered in :data:`PHASES` in the order of the year.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from toolkit.demo.data import (DOMAIN, EMULATION, GOALS, PERSONAL_ACTIONS, PERSONAL_NOTES, UNIT_ACTIONS,
                        VAGUE, build_roster)
from toolkit.forms import get_form
from toolkit.common.i18n import current_language
from toolkit.config.roster import Roster, write_roster
from toolkit.app.prepare import PREFILL, PrefillContext, make_templates, template_name
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.config.workspace import Workspace, WorkspaceError, init_workspace

YEAR = 2024
VN = dt.timezone(dt.timedelta(hours=7))
SECRETARY = f"vanphong.chibo@{DOMAIN}"
XLSX_MIME = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class DemoResult:
    root: Path
    lines: list[tuple[str, str]] = field(default_factory=list)      # (vi, en) summary lines
    outputs: list[tuple[str, Path]] = field(default_factory=list)   # (label, path)
    status: dict[str, Any] = field(default_factory=dict)

    def say(self, vi: str, en: str) -> None:
        self.lines.append((vi, en))

    def summary(self) -> str:
        en = current_language() == "en"
        out = [("lamtheobac demo — " + ("a synthetic agency, year " if en else
                                         "cơ quan mẫu, năm ") + str(YEAR))]
        out += [f"  {en and e or v}" for v, e in self.lines]
        out.append("Outputs:" if en else "Các tệp đã tạo:")
        for label, path in self.outputs:
            out.append(f"  {label}: {path}")
        return "\n".join(out)


@dataclass
class DemoState:
    ws: Workspace
    roster: Roster
    rng: random.Random
    seed: int
    result: DemoResult
    progress: Callable[[int, int], None] | None = None
    data: dict[str, Any] = field(default_factory=dict)


Phase = Callable[[DemoState], None]
PHASES: list[Phase] = []


def phase(fn: Phase) -> Phase:
    PHASES.append(fn)
    return fn


def run_demo(root: Path, seed: int = 2024, n_units: int = 8, force: bool = False,
             progress: Callable[[int, int], None] | None = None,
             until: str | None = None) -> DemoResult:
    root = Path(root)
    if (root / "lamtheobac.toml").exists():
        if not force:
            raise WorkspaceError(
                f"Thư mục '{root}' đã có dữ liệu; thêm --force để chạy lại demo (ghi đè)."
                if current_language() != "en" else
                f"'{root}' already holds a workspace; add --force to run the demo again.")
        shutil.rmtree(root)
    ws = init_workspace(root, YEAR)
    rng = random.Random(seed)
    roster = build_roster(rng, n_units=n_units)
    write_roster(ws.roster_path, ws.config, roster)
    state = DemoState(ws, roster, rng, seed, DemoResult(root), progress)
    state.result.say(f"{len(roster.units)} đơn vị, {len(roster.people)} người "
                     f"({sum(p.party_member for p in roster.people.values())} đảng viên, "
                     f"{sum(p.youth_member for p in roster.people.values())} đoàn viên).",
                     f"{len(roster.units)} units, {len(roster.people)} people.")
    state.result.outputs.append(("Danh sách cán bộ" if current_language() != "en" else "Roster",
                                 ws.roster_path))
    for ph in PHASES:
        ph(state)
        if until and ph.__name__ == until:
            break
    return state.result


# ---------------------------------------------------------------- delivering workbooks

def write_mail(path: Path, sender: str, sender_name: str, subject: str, when: dt.datetime,
               attachments: list[tuple[str, bytes]], message_id: str) -> Path:
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>"
    msg["To"] = SECRETARY
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg.set_content("Kính gửi Văn phòng,\n\nĐơn vị gửi kèm tệp theo yêu cầu.\n\nTrân trọng.")
    for name, data in attachments:
        msg.add_attachment(data, maintype=XLSX_MIME[0], subtype=XLSX_MIME[1], filename=name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(msg))
    return path


def deliver(state: DemoState, unit_code: str, form_id: str, period: str, rows: dict[str, list],
            when: dt.datetime, tag: str, as_mail: bool = True) -> Path:
    """Write a unit's filled workbook and put it in the inbox as a mail (or a bare file)."""
    ws, roster = state.ws, state.roster
    unit = roster.units[unit_code]
    form = get_form(form_id)
    from toolkit.common.periods import Period
    p = Period.parse(period)
    name = template_name(form, unit, p)
    staging = ws.root / ".demo-staging" / tag
    ctx = WorkbookContext(config=ws.config, unit=unit, period=period,
                          generated_at=state.data.get("sent_at", dt.datetime(YEAR, 1, 2, 8)))
    filled = write_form(staging / name, form, ctx, rows)
    data = filled.read_bytes()
    if as_mail:
        subject = f"{form.name} {p.label()} – {unit.name}"
        mail_path = ws.inbox / f"{when:%Y%m%d-%H%M}-{unit_code}-{tag}.eml"
        write_mail(mail_path, unit.email, unit.name, subject, when.replace(tzinfo=VN),
                   [(name, data)], f"<{tag}.{unit_code}.{state.seed}@{DOMAIN}>")
        return mail_path
    target = ws.inbox / name
    target.write_bytes(data)
    import os
    stamp = when.timestamp()  # local time, as the secretary's computer sees it
    os.utime(target, (stamp, stamp))
    return target


# ---------------------------------------------------------------- phase 1: pledges

def _pledge_rows(state: DemoState, unit_code: str) -> dict[str, list[dict[str, Any]]]:
    rng, cfg, roster = state.rng, state.ws.config, state.roster
    pc = PrefillContext(cfg, roster, roster.units[unit_code], None, None)  # type: ignore[arg-type]
    base = PREFILL["pledge"](pc)["pledges"]
    standards = [s.label for s in cfg.standards]
    people: dict[str, list[dict[str, Any]]] = {}
    for row in base:
        people.setdefault(row["person_id"], []).append(dict(row))
    pool = UNIT_ACTIONS.get(unit_code, []) + PERSONAL_ACTIONS
    used: set[str] = set()
    for pid, rows in people.items():
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


def _rows_of(people: dict[str, list[dict[str, Any]]], pid_index: int) -> list[dict[str, Any]]:
    return list(people.values())[pid_index]


@phase
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
            copied = "Hoàn thành 100% nhiệm vụ được giao trong năm"
            for pid in pids[2:5]:
                people[pid][0]["action"] = copied
            rows["pledges"] = [r for rs in people.values() for r in rs]
            rows["pledges"].append({**extra, "_free": True})
            planted += [(code, "PLEDGE_TOO_FEW"), (code, "PLEDGE_TOO_MANY"),
                        (code, "PLEDGE_COPIED")]
        if i == 2 and len(pids) >= 3:          # vague pledges; a standard not in the catalogue
            people[pids[0]][0].update(action=VAGUE[0], goal="Làm tốt hơn")
            people[pids[1]][1].update(action=VAGUE[1], goal="Tốt")
            people[pids[2]][0]["standard"] = "Chuẩn mực số 6 (tự đặt)"
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
    _secretary_round(state, "pledge", str(YEAR), dt.date(YEAR, 3, 20), sent,
                     "Đăng ký việc làm theo", "Pledges")


def _secretary_round(state: DemoState, form_id: str, period: str, as_of: dt.date,
                     sent: list[Path], label_vi: str, label_en: str) -> None:
    from toolkit.outputs.feedback import write_feedback
    from toolkit.app.ingest import ingest
    from toolkit.outputs.status import compute_status
    ws, result = state.ws, state.result
    report = ingest(ws, progress=state.progress)
    status = compute_status(ws, form_id, period, as_of=as_of)
    tot = status.totals()
    fb = write_feedback(ws, form_id, period)
    result.status[f"{form_id}-{period}"] = status.as_dict()
    result.say(
        f"{label_vi} {period}: gửi {len(sent)} biểu mẫu; nhận {report.count('stored')} tệp hợp lệ "
        f"về biểu mẫu, {report.count('duplicate')} trùng, {report.count('skipped')} bỏ qua; "
        f"{tot['on_time']} đơn vị đúng hạn, {tot['late']} muộn, {tot['missing']} chưa nộp, "
        f"{tot['invalid']} có lỗi; {tot['registered']}/{tot['people']} người hoàn thành; "
        f"{len(fb)} tệp sửa lỗi.",
        f"{label_en} {period}: sent {len(sent)}; stored {report.count('stored')}, "
        f"{tot['on_time']} on time, {tot['late']} late, {tot['missing']} missing, "
        f"{tot['invalid']} with errors; {len(fb)} correction files.")
    if sent:
        result.outputs.append((f"Biểu mẫu gửi đơn vị ({label_vi})", sent[0].parent))
    if fb:
        result.outputs.append((f"Tệp sửa lỗi ({label_vi})", fb[0].parent))


from toolkit.demo import quarters as demo_quarters  # noqa: E402,F401  (the quarters' phases, after the pledge phase)
from toolkit.demo import yearend as demo_yearend  # noqa: E402,F401  (the year-end phases, after the quarters)
