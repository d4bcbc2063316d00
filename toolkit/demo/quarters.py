"""The demo's quarters: units fill the quarterly workbook, the unit report and the youth diary
realistically (progress grows through the year, a few are late, one is missing, a few mistakes),
mail them in, and the secretary runs the quarter's one command, dashboard included."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from toolkit.app.prepare import make_templates
from toolkit.common.periods import Period, quarter_end
from toolkit.demo.state import YEAR, DemoState, deliver
from toolkit.prefill.context import PrefillContext
from toolkit.prefill.registry import PREFILL
from toolkit.scoring.scores import expected_progress

if TYPE_CHECKING:
    from toolkit.store.db import Store

TOPICS = ["Học tập chuyên đề năm {year}: phong cách quần chúng, dân chủ, nêu gương",
          "Trách nhiệm nêu gương của cán bộ, đảng viên, nhất là người đứng đầu",
          "Liên hệ bản thân: việc làm theo Bác gắn với nhiệm vụ của phòng",
          "Phong cách làm việc khoa học, sâu sát, cụ thể của Bác",
          "Bác Hồ với công tác cải cách hành chính, phục vụ Nhân dân"]
PROPAGANDA = [("Treo pano", "Treo pano tuyên truyền tại trụ sở cơ quan"),
              ("Khẩu hiệu", "Treo khẩu hiệu tại hội trường và cổng khu công nghiệp"),
              ("Tọa đàm", "Tọa đàm \"Làm theo Bác từ những việc nhỏ hằng ngày\""),
              ("Thi kể chuyện về Bác", "Hội thi kể chuyện về tấm gương đạo đức Hồ Chí Minh"),
              ("Áp phích", "Dán áp phích tại các phòng làm việc")]
DEEDS = ["Hướng dẫn tận tình doanh nghiệp hoàn thiện hồ sơ, không để doanh nghiệp đi lại nhiều lần",
         "Tham gia hiến máu tình nguyện tại cơ quan",
         "Dọn vệ sinh khu dân cư nơi cư trú vào ngày Chủ nhật xanh",
         "Giúp đồng nghiệp mới làm quen phần mềm quản lý hồ sơ",
         "Tặng quà cho trẻ em có hoàn cảnh khó khăn dịp Trung thu",
         "Trả lại ví tiền nhặt được cho người đánh rơi"]


def diligence(state: DemoState) -> dict[str, float]:
    if "diligence" not in state.data:
        rng = state.rng
        state.data["diligence"] = {pid: (rng.uniform(0.15, 0.5) if rng.random() < 0.1 else
                                         rng.uniform(0.55, 1.25))
                                   for pid in state.roster.people}
    return state.data["diligence"]


def _progress_rows(state: DemoState, rows: list[dict[str, Any]], q: int,
                   rng: random.Random) -> dict[str, float]:
    """Fill progress rows; return each person's mean actual/expected ratio."""
    done, doing, todo = state.ws.config.progress_scale
    dil = diligence(state)
    ratios: dict[str, list[float]] = {}
    end = quarter_end(YEAR, q)
    for row in rows:
        deadline = row.get("deadline")
        expected = expected_progress(deadline, end, YEAR)
        pct = max(0, min(100, round(expected * dil[row["person_id"]] + rng.uniform(-5, 8))))
        if deadline and end >= deadline and dil[row["person_id"]] >= 0.6:
            pct = 100   # most people finish what they pledged once the deadline comes
        if pct >= 97:
            row.update(progress=done, percent=100, result="Đã hoàn thành theo mục tiêu đăng ký",
                       evidence=rng.choice(["Báo cáo kết quả của phòng", "Sổ theo dõi công việc",
                                            "Biên bản kiểm tra", "Số liệu trên phần mềm"]))
        elif pct == 0:
            row.update(progress=todo, percent=0, difficulties="Chưa bố trí được thời gian")
        else:
            row.update(progress=doing, percent=pct,
                       result=f"Đạt khoảng {pct}% mục tiêu đến cuối quý")
        ratios.setdefault(row["person_id"], []).append(
            (row["percent"] or 0) / expected if expected else 1)
    return {pid: sum(v) / len(v) for pid, v in ratios.items()}


def _assessment(ratio: float, scale: tuple[str, ...]) -> str:
    good, fair, pass_, fail = scale[:4]
    return good if ratio >= 1.05 else fair if ratio >= 0.85 else pass_ if ratio >= 0.55 else fail


def _fill(state: DemoState, code: str, p: Period, store: Store, rng: random.Random
          ) -> dict[str, dict[str, list[dict[str, Any]]]]:
    cfg, roster = state.ws.config, state.roster
    pc = PrefillContext(cfg, roster, roster.units[code], p, store)
    q = p.number
    quarterly = PREFILL["quarterly"](pc)
    ratios = _progress_rows(state, quarterly["progress"], q, rng)
    start = p.start
    held = 3 if rng.random() < 0.8 else 2
    sessions = [{"date": dt.date(YEAR, start.month + m, rng.choice([8, 12, 15, 20])),
                 "topic": rng.choice(TOPICS).format(year=YEAR),
                 "venue": cfg_list(state, "meeting_kinds")[m % 3],
                 "attendance": len(roster.people_of(code)) - rng.randint(0, 2)}
                for m in range(held)]
    dil = diligence(state)
    for row in quarterly["people"]:
        pid = row["person_id"]
        ratio = ratios.get(pid, dil[pid] * 0.8)
        head = _assessment(ratio, cfg.assessment_scale)
        row.update(sessions_attended=held - (1 if rng.random() < 0.3 else 0),
                   self_assessment=_assessment(ratio * 1.1, cfg.assessment_scale),
                   head_assessment=head)
        if head == cfg.assessment_scale[0] and rng.random() < 0.15:
            row.update(recognition="Biểu dương",
                       recognition_note="Hoàn thành vượt tiến độ các việc đã đăng ký")
        elif head == cfg.assessment_scale[-1]:
            row.update(recognition="Nhắc nhở", recognition_note="Chậm tiến độ việc đã đăng ký")
    unit_report = PREFILL["unit-report"](pc)
    unit_report["sessions"] = sessions
    for row in unit_report["emulation"]:
        row.update(progress=cfg.progress_scale[1] if q < 4 else cfg.progress_scale[0],
                   result=f"Triển khai theo kế hoạch quý {q}",
                   evidence="Báo cáo thi đua của phòng")
    occasions = [o for o in _occasions(cfg.year) if p.start <= o[0] <= p.end]
    propaganda = []
    for kind, text in rng.sample(PROPAGANDA, rng.randint(0, 3)):
        when, label = rng.choice(occasions) if occasions else (p.start, None)
        propaganda.append({"kind": kind, "date": when - dt.timedelta(days=rng.randint(0, 5))
                           if when - dt.timedelta(days=5) >= p.start else when,
                           "occasion": label, "description": text,
                           "participants": rng.randint(10, 60)})
    unit_report["propaganda"] = propaganda
    youth = [x for x in roster.people_of(code) if x.youth_member]
    diary = PREFILL["diary"](pc)
    if youth:
        unit_report["youth"] = [
            {"kind": "Viết Nhật ký làm theo lời Bác", "date": p.end - dt.timedelta(days=3),
             "content": "Đoàn viên viết nhật ký làm theo lời Bác", "count": len(youth)},
            {"kind": "Đối thoại với đoàn viên thanh niên", "date": p.start + dt.timedelta(days=40),
             "content": "Lãnh đạo phòng đối thoại với đoàn viên", "count": len(youth)}][
            :1 + (q % 2)]
        for row in diary["entries"]:
            row.update(date=p.start + dt.timedelta(days=rng.randint(5, 80)),
                       deed=rng.choice(DEEDS), result="Được đồng nghiệp, nhân dân ghi nhận")
            if rng.random() < 0.2:
                row.update(golden_book=True, reason="Việc làm tiêu biểu, có tác dụng lan tỏa")
    return {"quarterly": quarterly, "unit-report": unit_report, "diary": diary}


def cfg_list(state: DemoState, name: str) -> list[str]:
    from toolkit.forms import choice_lists
    return choice_lists(state.ws.config)[name]


def _occasions(year: int) -> list[tuple[dt.date, str]]:
    from toolkit.common.calendar_vn import commemorative_days, occasion_label
    return [(o.date, occasion_label(o)) for o in commemorative_days(year)]


def _plant(q: int, code_index: int, filled: dict[str, dict[str, list[dict[str, Any]]]],
           planted: list[tuple[str, str]], code: str) -> None:
    """A few mistakes real units make, different each quarter."""
    prog = filled["quarterly"]["progress"]
    people = filled["quarterly"]["people"]
    if q == 1 and code_index == 1 and len(prog) >= 2:
        prog[0]["action"] = prog[0]["action"] + " (đã sửa lại)"     # a locked text changed
        prog[1].update(progress="Hoàn thành", percent=100, evidence=None)
        planted += [(code, "ACTION_NOT_REGISTERED"), (code, "EVIDENCE_MISSING")]
    if q == 2 and code_index == 2 and people:
        people[0]["sessions_attended"] = 5                           # more than the unit held
        if prog:
            prog[-1]["percent"] = 120
        filled["unit-report"]["sessions"][0]["date"] = dt.date(YEAR, 3, 28)
        planted += [(code, "ATTENDANCE_EXCEEDS"), (code, "NUMBER_RANGE"),
                    (code, "DATE_OUT_OF_RANGE")]
    if q == 3 and code_index == 3 and len(prog) >= 1 and people:
        prog[0].update(progress="Hoàn thành", percent=60, evidence="Báo cáo của phòng")
        people[-1].update(recognition="Phê bình", recognition_note=None)
        planted += [(code, "PROGRESS_PERCENT_MISMATCH"), (code, "RECOGNITION_NOTE_MISSING")]
    if q == 4 and code_index == 4 and people and prog:
        prog.append({**{k: prog[0][k] for k in ("person_id", "name")}, "_free": True,
                     "action": "Viết 2 bài báo về gương người tốt việc tốt",
                     "progress": "Hoàn thành", "percent": 100, "evidence": "Bài đăng bản tin"})
        people[0]["head_assessment"] = None
        planted += [(code, "ACTION_NOT_REGISTERED"), (code, "REQUIRED_MISSING")]


def _quarter(state: DemoState, q: int) -> None:
    from toolkit.app.run import run_quarter, vn_number
    ws, roster = state.ws, state.roster
    p = Period(YEAR, "Q", q)
    end = p.end
    rng = random.Random(state.seed * 10 + q)
    sent_at = dt.datetime(end.year, end.month, end.day - 5, 8, 0)
    state.data["sent_at"] = sent_at
    sent = {f: make_templates(ws, f, str(p), generated_at=sent_at)
            for f in ("quarterly", "unit-report", "diary")}
    codes = list(roster.units)
    missing = codes[(q + 3) % len(codes)]
    late = codes[(q + 4) % len(codes)]
    planted: list[tuple[str, str]] = []
    store = ws.store()
    try:
        for i, code in enumerate(codes):
            if code == missing:
                continue
            filled = _fill(state, code, p, store, rng)
            _plant(q, i, filled, planted, code)
            day = min(9, 1 + (i * 3 + q) % 9)
            when = dt.datetime.combine(end + dt.timedelta(days=day), dt.time(9 + i % 7, 20))
            if code == late:
                when += dt.timedelta(days=12)
                planted.append((code, "SUBMISSION_LATE"))
            _deliver_quarter(state, code, p, filled, when)
        if q > 1:       # last quarter's missing unit, reminded, sends it late (not in Q4: never)
            _catch_up(state, codes[(q + 2) % len(codes)], Period(YEAR, "Q", q - 1), store, rng,
                      dt.datetime.combine(end + dt.timedelta(days=2), dt.time(15, 5)), planted)
    finally:
        store.close()
    as_of = end + dt.timedelta(days=ws.config.quarter_report_days + 15)
    result = run_quarter(ws, str(p), as_of=as_of, progress=state.progress)
    state.data[f"planted_{p}"] = planted
    f = result.dashboard.figures
    qs = result.status["quarterly"].totals()
    us = result.status["unit-report"].totals()
    n_fb = sum(len(v) for v in result.feedback.values())
    state.result.say(
        f"{p.label()}: gửi {sum(len(v) for v in sent.values())} biểu mẫu; báo cáo quý "
        f"{qs['on_time']} đúng hạn, {qs['late']} muộn, {qs['missing']} chưa nộp; báo cáo đơn vị "
        f"{us['on_time'] + us['late']}/{us['units']}; {f['people_reported']}/{f['people']} người "
        f"có báo cáo; việc hoàn thành {vn_number(f['completion'])}%; điểm TB "
        f"{vn_number(f['mean_score'])}; {f['candidates']} đề xuất biểu dương trong quý, "
        f"{f['reminders']} cần nhắc nhở; {f['errors']} lỗi, {f['warnings']} cảnh báo; {n_fb} tệp "
        f"sửa lỗi; bảng theo dõi ghi trong {vn_number(result.dashboard.seconds, 2)} giây.",
        f"{p.label('en')}: quarterly {qs['on_time']} on time, {qs['late']} late, "
        f"{qs['missing']} missing; {f['people_reported']}/{f['people']} people reported; "
        f"{vn_number(f['completion'])}% of actions done; mean score {vn_number(f['mean_score'])}; "
        f"{f['errors']} errors; dashboard in {result.dashboard.seconds:.2f} s.")
    state.result.outputs.append((f"Bảng theo dõi {p.label()}", result.dashboard.path))
    if q == 1:
        state.result.outputs.append(("Biểu mẫu quý gửi đơn vị", sent["quarterly"][0].parent.parent))
    files = [x for v in result.feedback.values() for x in v]
    if files:
        state.result.outputs.append((f"Tệp sửa lỗi {p.label()}", files[0].parent))


def _deliver_quarter(state: DemoState, code: str, p: Period,
                     filled: dict[str, dict[str, list[dict[str, Any]]]], when: dt.datetime) -> None:
    for k, form_id in enumerate(("unit-report", "quarterly", "diary")):
        rows = filled[form_id]
        if form_id == "diary" and not any(r.get("deed") for r in rows["entries"]):
            continue
        deliver(state, code, form_id, str(p), rows, when + dt.timedelta(minutes=10 * k),
                f"{form_id}-{p}")


def _catch_up(state: DemoState, code: str, p: Period, store: Any, rng: random.Random,
              when: dt.datetime, planted: list[tuple[str, str]]) -> None:
    """A unit that missed a quarter sends it after the reminder, in the next quarter."""
    _deliver_quarter(state, code, p, _fill(state, code, p, store, rng), when)
    planted.append((code, f"late {p}"))


def quarter_1(state: DemoState) -> None:
    _quarter(state, 1)


def quarter_2(state: DemoState) -> None:
    _quarter(state, 2)


def quarter_3(state: DemoState) -> None:
    _quarter(state, 3)


def quarter_4(state: DemoState) -> None:
    _quarter(state, 4)
