"""The demo's year-end, after the quarters: the 6-month review, the self-review workbooks filled
by the units, the proposed ratings, a leadership decision file that overrides two proposals (one of
them above a blocker, so it is flagged), the decided rating sheet, the year summary, the golden
book and the Q4 commendation candidates.

Works with or without the quarterly phases: without quarterly data every person carries the
"missing reports" blocker and is still rated.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from toolkit.app.prepare import make_templates
from toolkit.demo import quarters
from toolkit.demo.data import DOMAIN
from toolkit.demo.state import VN, YEAR, DemoState, deliver, secretary_round, write_mail
from toolkit.forms.rating_decision import AGREE
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
    r = report(state.ws, f"{YEAR}-H1", on=dt.date(YEAR, 7, 10), number="15")
    d = r.data
    state.result.say(
        f"Sơ kết 6 tháng: {d.sessions_total} buổi học tập chuyên đề, {d.registered}/"
        f"{d.people_total} người đăng ký, {d.actions_done}/{d.actions_total} việc hoàn thành, "
        f"{sum(n for _, n, _ in d.propaganda_by_kind)} hoạt động tuyên truyền, {d.golden_entries} "
        "việc đề cử Sổ vàng.",
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
        q4 = str(row.get("q4") or "–")
        if q4.startswith("Hoàn thành"):
            result = exceeded if d >= 1.02 and rng.random() < 0.75 else on_time
        elif q4 == "–":
            result = on_time if d >= 0.95 else late if d >= 0.7 else failed
        else:
            pct = int("".join(ch for ch in q4.split("(")[-1] if ch.isdigit()) or 0)
            result = late if pct >= 60 else failed
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
        people[2].update(discipline="Khiển trách", self_rating=LEVEL_LABELS[1],
                         unit_proposal=LEVEL_LABELS[2])
        planted.append((code, "REVIEW_RATING_ABOVE_DISCIPLINE"))
        state.data["disciplined"] = people[2]["person_id"]
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
    missing = codes[4] if len(codes) > 4 else None
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

def leadership_decides(proposal: Path, target: Path, overrides: dict[str, tuple[str, str]],
                       signer: tuple[str, str, str]) -> Path:
    """What the party committee does with the sheet: copy every proposal into the decision
    column, change the ``overrides`` (person id -> (level, reason)), sign, save (openpyxl)."""
    import openpyxl

    from toolkit.forms.rating_decision import RATING
    wb = openpyxl.load_workbook(proposal)
    for table in RATING.tables[:3]:
        sh = wb[table.sheet]
        head, cols = _header(sh, [f.header for f in table.fields])
        if head is None:
            continue
        id_col = cols[table.fields[0].header]
        for r in range(head + 1, sh.max_row + 1):
            sid = sh.cell(r, id_col).value
            if not sid:
                continue
            proposal_text = sh.cell(r, cols["Đề xuất"]).value
            level, reason = overrides.get(str(sid), (proposal_text, AGREE))
            sh.cell(r, cols["Quyết định của Chi ủy"]).value = level
            sh.cell(r, cols["Lý do quyết định"]).value = reason
    approval = RATING.table("approval")
    sh = wb[approval.sheet]
    head, cols = _header(sh, [f.header for f in approval.fields])
    if head is not None:
        for f, value in zip(approval.fields, signer):
            sh.cell(head + 1, cols[f.header]).value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _header(sh: Any, headers: list[str]) -> tuple[int | None, dict[str, int]]:
    for row in sh.iter_rows(min_row=1, max_row=30):
        values = {c.value: c.column for c in row if isinstance(c.value, str)}
        if sum(h in values for h in headers) >= 3 or (len(headers) <= 3 and
                                                      all(h in values for h in headers)):
            return row[0].row, {h: values[h] for h in headers if h in values}
    return None, {}


def _overrides(state: DemoState, result: Any) -> dict[str, tuple[str, str]]:
    from toolkit.scoring.rating import COMPLETE, EXCELLENT, GOOD, LABEL
    df = result.people
    out: dict[str, tuple[str, str]] = {}
    over = df[df["over_quota"] & (df["proposal"] == EXCELLENT)]
    excellent = df[df["proposal"] == EXCELLENT]
    if len(over):
        pid = str(over.sort_values("quota_rank").iloc[-1]["person_id"])
        out[pid] = (LABEL[GOOD], "Vượt tỉ lệ xuất sắc, xếp mức tốt")
    elif len(excellent):
        pid = str(excellent.sort_values("score").iloc[0]["person_id"])
        out[pid] = (LABEL[GOOD], "Chưa đủ tiêu chí theo đánh giá của Chi ủy")
    else:
        good = df[df["proposal"] == GOOD].sort_values("score", ascending=False)
        if len(good):
            out[str(good.iloc[0]["person_id"])] = (LABEL[EXCELLENT],
                                                   "Thành tích nổi bật, nâng mức")
    disciplined = state.data.get("disciplined")
    if disciplined and disciplined not in out:
        out[disciplined] = (LABEL[COMPLETE], "Tự phát hiện, khắc phục xong vi phạm")
    return out


def rating(state: DemoState) -> None:
    from toolkit.app.ingest import ingest
    from toolkit.app.yearend import rate
    ws, result = state.ws, state.result
    first = rate(ws, on=dt.date(YEAR, 12, 26))
    c = first.counts()
    over = sum(g.over for g in first.quota["people"])
    overrides = _overrides(state, first)
    staging = ws.root / ".demo-staging" / "rating"
    decided = leadership_decides(first.files[0], staging / first.files[0].name, overrides,
                                 (ws.config.signer_name, "Bí thư Chi bộ", f"30/12/{YEAR}"))
    when = dt.datetime(YEAR, 12, 30, 16, 45, tzinfo=VN)
    write_mail(ws.inbox / f"{when:%Y%m%d-%H%M}-chi-uy-xep-loai.eml", CHI_UY, "Chi ủy Chi bộ",
               f"Bảng xếp loại năm {YEAR} – Chi ủy đã quyết định", when,
               [(first.files[0].name, decided.read_bytes())], f"<rating.{state.seed}@{DOMAIN}>")
    report = ingest(ws, progress=state.progress)
    flags = [i for f in report.files if f.form == "rating" for i in f.issues]
    final = rate(ws, on=dt.date(YEAR + 1, 1, 6))
    summary = final.decision_summary()
    state.data["rating_overrides"] = overrides
    state.data["rating_flags"] = [i.code for i in flags]
    result.say(
        f"Xếp loại năm {YEAR} ({first.settings.rules.name}): đề xuất {c['excellent']} xuất sắc, "
        f"{c['good']} tốt, {c['complete']} hoàn thành, {c['not_complete']} không hoàn thành; "
        f"{over} đề xuất xuất sắc vượt tỉ lệ (được đánh dấu, không tự hạ mức). Chi ủy quyết "
        f"định {summary['decided']} trường hợp, {summary['overridden']} khác đề xuất, "
        f"{summary['flagged']} cần lưu ý ({', '.join(sorted(set(state.data['rating_flags'])))}).",
        f"Rating {YEAR}: proposed {c['excellent']} excellent, {c['good']} good, "
        f"{c['complete']} complete, {c['not_complete']} not complete; {over} over the quota. "
        f"Leadership decided {summary['decided']}, {summary['overridden']} overriding the "
        f"proposal, {summary['flagged']} flagged.")
    result.outputs.append(("Bảng đề xuất xếp loại (Chi ủy quyết định)", final.files[0]))
    if len(final.files) > 1:
        result.outputs.append(("Kết quả xếp loại", final.files[1]))


def year_report(state: DemoState) -> None:
    from toolkit.app.yearend import report
    r = report(state.ws, str(YEAR), on=dt.date(YEAR + 1, 1, 10), number="03")
    d = r.data
    state.result.say(
        f"Tổng kết năm: {d.actions_done}/{d.actions_total} việc hoàn thành, "
        f"{d.golden_entries} việc vào Sổ vàng; danh sách đề nghị biểu dương quý IV.",
        f"Year summary: {d.actions_done}/{d.actions_total} actions done, {d.golden_entries} "
        "golden-book entries; Q4 commendation candidates.")
    labels = ("Báo cáo tổng kết năm (Word)", "Báo cáo tổng kết năm (bảng tính)",
              "Sổ vàng làm theo lời Bác", "Đề nghị biểu dương quý IV")
    for label, path in zip(labels, r.files):
        state.result.outputs.append((label, path))
