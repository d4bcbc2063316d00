"""The demo's year-end: the 6-month review (after the second quarter), the self-review workbooks
filled by the units in December (one unit never sends it; a party member was disciplined), then,
after the fourth quarter, the rating: the agency's leaders decide the staff (a date typed before
the proposal, flagged), then the party committee decides its members over two meetings (the first
partial, the second changing one decision and withdrawing another); the year summary, the golden
book and the Q4 commendation list.

Party members and staff are rated apart; people whose unit never sent what the rating needs are
"chưa đủ dữ liệu", never a low level. Works with or without the quarterly phases.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from toolkit.app.prepare import make_templates
from toolkit.demo import quarters
from toolkit.demo.data import DOMAIN
from toolkit.demo.state import VN, YEAR, DemoState, deliver, secretary_round, write_mail
from toolkit.prefill.context import PrefillContext
from toolkit.prefill.registry import PREFILL

CHI_UY = f"chiuy.chibo@{DOMAIN}"
SELF_ASSESSMENT = [
    "Hoàn thành các nhiệm vụ được giao; chủ động, trách nhiệm trong công việc",
    "Thực hiện nghiêm nội quy cơ quan; tích cực học tập chuyên đề, liên hệ bản thân",
    "Giữ gìn đạo đức, lối sống; đoàn kết, giúp đỡ đồng nghiệp",
]
LIMITATIONS = ["Có việc hoàn thành chậm so với thời hạn đăng ký",
               "Chưa chủ động đề xuất giải pháp mới trong công việc",
               "Việc ghi chép minh chứng kết quả chưa thường xuyên"]
REMEDIES = ["Lập kế hoạch theo tháng, báo cáo tiến độ với trưởng phòng",
            "Tăng cường trao đổi, học hỏi kinh nghiệm của đồng nghiệp",
            "Ghi sổ theo dõi kết quả hằng tuần"]


def _diligence(state: DemoState) -> dict[str, float]:
    return quarters.diligence(state)


def _level_for(score: Any, labels: tuple[str, ...]) -> str:
    s = float(score) if isinstance(score, (int, float)) and score == score else 60.0
    return labels[0] if s >= 88 else labels[1] if s >= 70 else labels[2] if s >= 50 else labels[3]


# ---------------------------------------------------------------- 6-month review

def half_year_report(state: DemoState) -> None:
    from toolkit.app.yearend import report
    # dated after the second quarter's round: never before the newest data it holds
    r = report(state.ws, f"{YEAR}-H1", on=dt.date(YEAR, 7, 26), number="15")
    d = r.data
    state.result.say(
        f"Sơ kết 6 tháng: {d.sessions_total} buổi học tập chuyên đề, {d.registered}/"
        f"{d.people_total} người đăng ký, việc làm theo đã hoàn thành "
        f"{d.figures['completion'].text()}, {sum(n for _, n, _ in d.propaganda_by_kind)} hoạt "
        f"động tuyên truyền, {d.golden.included_count} việc ghi vào Sổ vàng.",
        f"6-month review: {d.sessions_total} study sessions, {d.registered}/{d.people_total} "
        f"registered, {d.actions_done}/{d.actions_total} actions done.")
    state.result.outputs.append(("Báo cáo sơ kết 6 tháng (Word)", r.files[0]))
    state.result.outputs.append(("Báo cáo sơ kết 6 tháng (bảng tính)", r.files[1]))


# ---------------------------------------------------------------- the self-review

def _review_rows(state: DemoState, code: str, rng: random.Random, planted: list[tuple[str, str]]
                 ) -> dict[str, list[dict[str, Any]]]:
    from toolkit.forms.year_review import ACTION_RESULTS, LEVEL_LABELS
    ws, roster = state.ws, state.roster
    store = ws.store()
    try:
        rows = PREFILL["year-review"](PrefillContext(ws.config, roster, roster.units[code],
                                                     None, store))  # type: ignore[arg-type]
    finally:
        store.close()
    dil = _diligence(state)
    exceeded, on_time, late, failed = ACTION_RESULTS
    for row in rows["actions"]:
        d = dil.get(row["person_id"], 1.0)
        latest = next((str(row.get(f"q{q}")) for q in (4, 3, 2, 1)
                       if row.get(f"q{q}") and row.get(f"q{q}") != "–"), "–")
        if latest.startswith("Hoàn thành"):
            result = exceeded if d >= 1.02 and rng.random() < 0.75 else on_time
        elif latest == "–":
            result = on_time if d >= 0.8 else late if d >= 0.6 else failed
        else:
            pct = int("".join(ch for ch in latest.split("(")[-1] if ch.isdigit()) or 0)
            result = on_time if d >= 0.8 else late if pct >= 60 else failed
        row.update(year_result=result, result_note=f"Kết quả cả năm: {result.lower()}; có báo "
                   "cáo, sổ theo dõi kèm theo")
    for row in rows["people"]:
        person = roster.people[row["person_id"]]
        level = _level_for(row.get("year_score"), LEVEL_LABELS)
        row.update(self_assessment="; ".join(rng.sample(SELF_ASSESSMENT, 2)) + ".",
                   self_rating=level, discipline="Không",
                   cs_rating=level if person.civil_servant else None,
                   limitations=rng.choice(LIMITATIONS) + ".", remedies=rng.choice(REMEDIES) + ".",
                   unit_proposal=level)
    people = rows["people"]
    if code == list(roster.units)[1] and len(people) >= 4:        # planted cases
        members = [r for r in people[1:] if roster.people[r["person_id"]].party_member]
        culprit = (members or people[2:])[0]                # a party member, not the head
        culprit.update(discipline="Khiển trách", self_rating=LEVEL_LABELS[1],
                       unit_proposal=LEVEL_LABELS[2])
        planted.append((code, "REVIEW_RATING_ABOVE_DISCIPLINE"))
        state.data["disciplined"] = culprit["person_id"]
        civil = [r for r in people if roster.people[r["person_id"]].civil_servant]
        if civil:
            civil[-1]["cs_rating"] = None
            planted.append((code, "REVIEW_CS_RATING_MISSING"))
    rows["unit"] = [{"achievements": "Hoàn thành các nhiệm vụ trọng tâm; 100% cán bộ học tập "
                                     "chuyên đề; triển khai các hoạt động thi đua đã đăng ký.",
                     "limitations": rng.choice(LIMITATIONS) + ".",
                     "proposed_rating": LEVEL_LABELS[1]}]
    return rows


def year_review(state: DemoState) -> None:
    ws, roster = state.ws, state.roster
    rng = random.Random(state.seed * 10 + 5)
    sent_at = dt.datetime(YEAR, 12, 2, 8, 0)
    state.data["sent_at"] = sent_at
    sent = make_templates(ws, "year-review", str(YEAR), generated_at=sent_at)
    codes = list(roster.units)
    missing = codes[6] if len(codes) > 6 else None      # the unit that never sent its pledge
    planted: list[tuple[str, str]] = []
    for i, code in enumerate(codes):
        if code == missing:
            continue
        rows = _review_rows(state, code, rng, planted)
        when = dt.datetime(YEAR, 12, 9 + i, 9 + i % 6, 30)
        deliver(state, code, "year-review", str(YEAR), rows, when, "year-review")
    state.data["planted_year_review"] = planted
    secretary_round(state, "year-review", str(YEAR), dt.date(YEAR, 12, 21), sent,
                     "Kiểm điểm cuối năm", "Year review")


# ---------------------------------------------------------------- rating and decisions

def leadership_decides(proposal: Path, target: Path,
                       decide: Callable[[str, str, str], tuple[str, str] | None],
                       signers: dict[str, tuple[str, str, str]]) -> Path:
    """What the party committee and the agency's leaders do with the workbook: for each row of
    each sheet, ``decide(table, id, proposal)`` gives (level, reason) or None (left blank); then
    each body signs on the "Xác nhận" sheet (``signers``: "Chi ủy" / "Lãnh đạo cơ quan" ->
    name, role, date). Saved with openpyxl, as Excel would."""
    import openpyxl

    from toolkit.forms.rating_decision import RATING
    wb = openpyxl.load_workbook(proposal)
    for table in RATING.tables[:4]:
        sh = wb[table.sheet]
        head, cols = _header(sh, [f.header for f in table.fields])
        if head is None:
            continue
        id_col = cols[table.fields[0].header]
        decision = cols[table.field("decision").header]
        for r in range(head + 1, sh.max_row + 1):
            sid = sh.cell(r, id_col).value
            if not sid:
                continue
            chosen = decide(table.key, str(sid), str(sh.cell(r, cols["Đề xuất"]).value or ""))
            if chosen is None:
                continue
            sh.cell(r, decision).value = chosen[0]
            sh.cell(r, cols["Lý do quyết định"]).value = chosen[1]
    approval = RATING.table("approval")
    sh = wb[approval.sheet]
    head, cols = _header(sh, [f.header for f in approval.fields])
    if head is not None:
        for r in range(head + 1, head + 3):
            body = str(sh.cell(r, cols["Cấp quyết định"]).value or "")
            signer = next((v for k, v in signers.items() if body.startswith(k)), None)
            if signer is None:
                continue
            for key, value in zip(("decided_by", "role", "decided_on"), signer):
                sh.cell(r, cols[approval.field(key).header]).value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _header(sh: Any, headers: list[str]) -> tuple[int | None, dict[str, int]]:
    for row in sh.iter_rows(min_row=1, max_row=30):
        values = {c.value: c.column for c in row if isinstance(c.value, str)}
        if sum(h in values for h in headers) >= 3:
            return row[0].row, {h: values[h] for h in headers if h in values}
    return None, {}


def _send(state: DemoState, result: Any, decide: Callable[[str, str, str], Any],
          signers: dict[str, tuple[str, str, str]], when: dt.datetime, tag: str) -> list[str]:
    """The decided workbook mailed back and ingested; returns the codes of the flags."""
    from toolkit.app.ingest import ingest
    ws = state.ws
    staging = ws.root / ".demo-staging" / tag
    decided = leadership_decides(result.files[0], staging / result.files[0].name, decide,
                                 signers)
    write_mail(ws.inbox / f"{when:%Y%m%d-%H%M}-{tag}.eml", CHI_UY, "Chi ủy Chi bộ",
               f"Bảng xếp loại năm {YEAR} – {tag}", when.replace(tzinfo=VN),
               [(result.files[0].name, decided.read_bytes())], f"<{tag}.{state.seed}@{DOMAIN}>")
    report = ingest(ws, progress=state.progress)
    return [i.code for f in report.files if f.form == "rating" for i in f.issues]


def _agency(state: DemoState, proposal: Any) -> Callable[[str, str, str], Any]:
    """The agency's leaders first (civil servants are rated as such before the party rates its
    members): every employee and unit with data as proposed (the staff "xuất sắc" beyond the
    party members' share stay flagged, not demoted); people without data left undecided."""
    from toolkit.forms.rating_decision import AGREE
    from toolkit.scoring.rating import LABEL

    def decide(table: str, sid: str, level: str) -> tuple[str, str] | None:
        if table in ("staff", "units") and level != LABEL["no_data"]:
            return level, AGREE
        return None
    return decide


def _round_one(state: DemoState, first: Any) -> Callable[[str, str, str], Any]:
    """The party committee's first meeting: the party members of every party group but the
    last, and the groups; the excellent over the quota down to good, the disciplined member
    raised (flagged above the cap)."""
    from toolkit.forms.rating_decision import AGREE
    from toolkit.scoring.rating import EXCELLENT, GOOD, LABEL
    party = first.party
    groups = sorted({g for g in party["party_group"] if g})
    later = groups[-1] if len(groups) > 1 else None
    over = party[party["over"] & (party["proposal"] == EXCELLENT)]
    overrides: dict[str, tuple[str, str]] = {}
    if len(over):
        pid = str(over.sort_values("quota_rank").iloc[-1]["person_id"])
        overrides[pid] = (LABEL[GOOD], "Vượt tỉ lệ xuất sắc, xếp mức tốt")
    disciplined = state.data.get("disciplined")
    if disciplined:
        overrides[disciplined] = (LABEL["complete"], "Tự phát hiện, khắc phục xong vi phạm")
    group_of = dict(zip(party["person_id"], party["party_group"]))
    state.data["round_one"] = overrides

    def decide(table: str, sid: str, proposal: str) -> tuple[str, str] | None:
        if table == "party":
            if sid in overrides:
                return overrides[sid]
            if group_of.get(sid) == later or proposal == LABEL["no_data"]:
                return None
            return proposal, AGREE
        if table == "groups" and proposal != LABEL["no_data"]:
            return proposal, AGREE
        return None
    return decide


def _round_two(state: DemoState, second: Any) -> Callable[[str, str, str], Any]:
    """The committee's second meeting: the last party group decided, one earlier decision
    changed and one withdrawn for review; people without data left undecided."""
    from toolkit.forms.rating_decision import AGREE, WITHDRAW
    from toolkit.scoring.rating import COMPLETE, GOOD, LABEL
    party = second.party
    decided = party[party["decision"].map(lambda d: d is not None)]
    first = state.data.get("round_one", {})
    rest = decided[~decided["person_id"].isin(list(first)) &
                   (decided["decision"] == GOOD)].sort_values("score")
    changes: dict[str, tuple[str, str]] = {}
    if len(rest) >= 2:
        low = rest.iloc[0]
        changes[str(low["person_id"])] = (LABEL[COMPLETE], "Chưa đủ tiêu chí theo đánh giá "
                                                            "của Chi ủy")
        changes[str(rest.iloc[1]["person_id"])] = (WITHDRAW, "Khác (ghi rõ ở cột Ghi chú)")
    state.data["round_two"] = changes
    undecided = set(party.loc[party["decision"].map(lambda d: d is None), "person_id"])

    def decide(table: str, sid: str, proposal: str) -> tuple[str, str] | None:
        if proposal == LABEL["no_data"]:
            return None
        if table == "party":
            if sid in changes:
                return changes[sid]
            return (proposal, AGREE) if sid in undecided else None
        return None
    return decide


def rating(state: DemoState) -> None:
    from toolkit.app.yearend import rate
    ws, result = state.ws, state.result
    first = rate(ws, on=dt.date(YEAR + 1, 1, 27))
    # the agency's leader types last year's month by mistake: a date before the proposal
    flags0 = _send(state, first, _agency(state, first),
                   {"Lãnh đạo cơ quan": ("Trần Minh Quang", "Trưởng Ban", f"30/01/{YEAR}")},
                   dt.datetime(YEAR + 1, 1, 30, 16, 20), "co-quan")
    second = rate(ws, on=dt.date(YEAR + 1, 2, 3))
    flags1 = _send(state, second, _round_one(state, second),
                   {"Chi ủy": (ws.config.signer_name, "Bí thư Chi bộ", f"05/02/{YEAR + 1}")},
                   dt.datetime(YEAR + 1, 2, 5, 16, 45), "chi-uy-lan-1")
    third = rate(ws, on=dt.date(YEAR + 1, 2, 6))
    flags2 = _send(state, third, _round_two(state, third),
                   {"Chi ủy": (ws.config.signer_name, "Bí thư Chi bộ", f"07/02/{YEAR + 1}")},
                   dt.datetime(YEAR + 1, 2, 7, 17, 10), "chi-uy-lan-2")
    final = rate(ws, on=dt.date(YEAR + 1, 2, 10))
    state.data["rating_flags"] = sorted(set(flags0 + flags1 + flags2))
    state.data["rating"] = final
    result.say(*_rating_lines(final, state.data["rating_flags"]))
    result.outputs.append(("Bảng đánh giá, xếp loại (tổng hợp và phụ lục)", final.files[0]))


# what each decision flag of the year's sheet means, for the summary (the code in brackets)
_FLAG_VI = {
    "DECISION_ABOVE_CAP": "cao hơn mức tối đa do vướng (DECISION_ABOVE_CAP)",
    "DECISION_DATE_BEFORE_PROPOSAL": "ngày quyết định trước ngày lập đề xuất "
                                     "(DECISION_DATE_BEFORE_PROPOSAL)",
    "DECISION_OVER_QUOTA": "vượt tỉ lệ xuất sắc của tổ, chi bộ (DECISION_OVER_QUOTA)",
    "DECISION_OVER_SHARE": "tỉ lệ xuất sắc NĐ 48 vượt tỉ lệ đảng viên xuất sắc "
                           "(DECISION_OVER_SHARE)",
}


def _rating_lines(final: Any, flags: list[str]) -> tuple[str, str]:
    def levels(c: dict[str, int]) -> str:
        return (f"{c['excellent']} xuất sắc, {c['good']} tốt, {c['complete']} hoàn thành, "
                f"{c['not_complete']} không hoàn thành, {c['no_data']} chưa đủ dữ liệu")

    s = final.settings
    d = {k: final.decision_summary(k) for k in ("party", "groups", "staff", "units")}
    n = {k: len(final.tables[k]) for k in d}
    share = "đạt" if final.final_share.ok else \
        f"vượt {len(final.final_share.excess)} người, được đánh dấu"
    over = sum(g.over for g in final.quota["party"])
    vi = (f"Xếp loại năm {YEAR}: {n['party']} đảng viên theo {s.rules.name} – đề xuất "
          f"{levels(final.counts('party'))} ({over} vượt tỉ lệ xuất sắc, được đánh dấu); "
          f"{n['staff']} CB, CC, VC, người lao động theo {s.staff.rules.name} – đề xuất "
          f"{levels(final.counts('staff'))}. Qua hai lần họp, Chi ủy đã quyết định "
          f"{d['party']['decided']}/{n['party']} đảng viên và {d['groups']['decided']}/"
          f"{n['groups']} tổ đảng, chi bộ; lãnh đạo cơ quan {d['staff']['decided']}/{n['staff']} "
          f"CB, CC, VC, người lao động và {d['units']['decided']}/{n['units']} đơn vị; tỉ lệ "
          f"xuất sắc NĐ 48: {share}; quyết định được đánh dấu để xem lại: "
          f"{'; '.join(_FLAG_VI.get(f, f) for f in flags) or 'không'}.")
    en = (f"Rating {YEAR}: {n['party']} party members under {s.rules.name}, {n['staff']} staff "
          f"under {s.staff.rules.name}; decided {d['party']['decided']}/{n['party']} party "
          f"members, {d['staff']['decided']}/{n['staff']} staff; flags: {', '.join(flags)}.")
    return vi, en


def year_report(state: DemoState) -> None:
    from toolkit.app.yearend import report
    r = report(state.ws, str(YEAR), on=dt.date(YEAR + 1, 2, 12), number="03")
    d = r.data
    done = d.figures["completion"]
    cl = d.commendations
    state.result.say(
        f"Tổng kết năm: việc làm theo đã hoàn thành {done.text()}; {d.golden.included_count} "
        f"việc vào Sổ vàng ({len(d.golden.apart)} đề cử để riêng); đề nghị biểu dương điển hình "
        f"tiên tiến năm (theo điểm năm, tại hội nghị quý IV) {len(cl.people)} cá nhân, "
        f"{len(cl.units)} tập thể ({len(cl.apart)} trường hợp để riêng có lý do).",
        f"Year summary: {done.text()} actions done; {d.golden.included_count} golden-book "
        f"entries; {len(cl.people)} people and {len(cl.units)} units proposed for commendation.")
    labels = ("Báo cáo tổng kết năm (Word)", "Báo cáo tổng kết năm (bảng tính)",
              "Sổ vàng làm theo lời Bác",
              "Đề nghị biểu dương điển hình tiên tiến năm (hội nghị quý IV)")
    for label, path in zip(labels, r.files):
        state.result.outputs.append((label, path))
