"""The 6-month review (sơ kết) and the year summary (tổng kết) as editable Word documents.

Sections follow the seed plan: I. Đặc điểm tình hình; II. Kết quả thực hiện, by activity of the
plan (học tập chuyên đề, chuẩn mực, đăng ký làm theo, thi đua, tuyên truyền, thanh niên / nhật ký
/ sổ vàng, biểu dương); III. Đánh giá chung (ưu điểm, hạn chế, nguyên nhân); IV. Phương hướng,
nhiệm vụ; V. Kiến nghị, đề xuất. Figures go in tables; what the data can only suggest is drafted
as a sentence and marked for the secretary to edit (:func:`blocks.draft_paragraph`).

:class:`ReportFigures` holds what ``toolkit.report_data.collect`` computes, as plain values;
:func:`figures_from_report_data` maps a ``ReportData`` onto it so the writer can be wired to the
store later without this package importing the toolkit. Numbers are formatted exactly as in the
workbook report (``vn_number``, ``percent``), so the two show the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from toolkit.common.numbers import percent, vn_int, vn_number
from toolkit.outputs.documents import blocks, styles
from toolkit.outputs.documents.settings import DocSettings

ReportKind = Literal["H1", "H2", "year"]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
TOPIC = "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


# ---------------------------------------------------------------- figures

@dataclass(frozen=True)
class UnitFigures:
    name: str
    people: int
    registered: int
    actions: int
    done: int
    all_done: int
    sessions: tuple[int | None, ...]     # per quarter of the period (None: no unit report)
    sessions_expected: int
    score: float | None = None


@dataclass(frozen=True)
class Named:
    name: str
    unit: str
    detail: str


@dataclass(frozen=True)
class KeyFigure:
    """One key figure as the workbook report prints it (``toolkit.scoring.figures.Figure``):
    its label, its text ("94/168 (56,0%)"), what it counts and when, and the counts."""

    label: str
    text: str
    note: str = ""
    value: int = 0
    total: int | None = None


@dataclass(frozen=True)
class Ratings:
    """The year's ratings as the workbook report prints them."""

    rows: tuple[tuple[str, int, int, int, int], ...]    # level, party, staff, groups, units
    totals: tuple[int, int, int, int]
    party_rule: str                                       # "QĐ 124-QĐ/TW"
    staff_rule: str
    party_summary: str                                    # RatingResult.summary_text("party")
    staff_summary: str
    quota_ratio: float


@dataclass(frozen=True)
class ReportFigures:
    """Every figure of the report: the fields of ``toolkit.scoring.report_data.ReportData``
    as plain values, the key figures with the texts the workbook report prints."""

    quarters: tuple[int, ...]
    org_short: str
    study_topic: str = ""
    theme: str = ""
    people_total: int = 0
    party_members: int = 0
    youth_members: int = 0
    studied: int = 0
    attendance_total: int = 0
    sessions_total: int = 0
    sessions_by_venue: tuple[tuple[str, int], ...] = ()
    registered: int = 0
    actions_total: int = 0
    actions_done: int = 0
    actions_exceeded: int | None = None
    people_all_done: int = 0
    units: tuple[UnitFigures, ...] = ()
    emulation: tuple[tuple[str, str, str, str], ...] = ()      # unit, activity, progress, result
    propaganda_by_kind: tuple[tuple[str, int, int], ...] = ()  # kind, activities, participants
    propaganda_by_occasion: tuple[tuple[str, int], ...] = ()
    youth_by_kind: tuple[tuple[str, int, int], ...] = ()
    diary_entries: int = 0
    diary_writers: int = 0
    golden_entries: int = 0
    commended: tuple[Named, ...] = ()
    reminded: tuple[Named, ...] = ()
    missing_reports: tuple[str, ...] = ()
    no_pledge: tuple[str, ...] = ()
    no_pledge_units: tuple[str, ...] = ()
    completion: KeyFigure | None = None          # actions reported done (the one definition)
    quarter_commendations: tuple[KeyFigure, ...] = ()
    commendation_list: str = ""                  # the Q4 list's sentence (year report)
    key_figures: tuple[KeyFigure, ...] = ()      # the annex "Số liệu chính và cách tính"
    standards_count: int | None = None          # chuẩn mực in the catalogue of the year
    standards_version: str = ""
    ratings: Ratings | None = None

    @property
    def sessions_planned(self) -> int:
        return sum(u.sessions_expected for u in self.units)


def _key(f: Any) -> KeyFigure:
    return KeyFigure(f.label, f.text(), f.note(), int(f.value),
                     None if f.total is None else int(f.total))


def _commendation_sentence(cl: Any) -> str:
    """The Q4 commendation list as the workbook report words it."""
    text = (f"{cl.figure.label}: {cl.figure.text()} ({len(cl.people)} cá nhân, "
            f"{len(cl.units)} tập thể; danh sách kèm theo)")
    if cl.apart and cl.show_apart:
        text += (f"; {len(cl.apart)} trường hợp đủ điểm nhưng chưa đề nghị (bị kỷ luật, xếp loại "
                 "thấp hơn mức quy định hoặc thiếu báo cáo quý), liệt kê riêng trong danh sách")
    return text + "."


def figures_from_report_data(rd: Any, *, org_short: str, study_topic: str = "", theme: str = "",
                             standards_count: int | None = None,
                             standards_version: str = "") -> ReportFigures:
    """A ``toolkit.scoring.report_data.ReportData`` (read by attribute) as
    :class:`ReportFigures`: the same values, and the key figures' texts, the workbook prints."""
    def named(xs: Any) -> tuple[Named, ...]:
        return tuple(Named(n.name, n.unit, n.detail) for n in xs)

    def num(x: Any) -> float | None:
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)

    ratings = None
    if getattr(rd, "ratings", None) is not None:
        from toolkit.scoring.rating import LABEL, LEVELS, NO_DATA
        r = rd.ratings
        keys = ("party", "staff", "groups", "units")
        counts = {k: r.counts(k, "final") for k in keys}
        s = r.settings
        ratings = Ratings(
            rows=tuple((LABEL[lv], *(int(counts[k][lv]) for k in keys))
                       for lv in (*LEVELS, NO_DATA)),
            totals=tuple(len(r.tables[k]) for k in keys),  # type: ignore[arg-type]
            party_rule=s.rules.name, staff_rule=s.staff.rules.name,
            party_summary=r.summary_text("party"), staff_summary=r.summary_text("staff"),
            quota_ratio=float(s.quota_ratio))
    figures = getattr(rd, "figures", {}) or {}
    completion = figures.get("completion")
    cl = getattr(rd, "commendations", None)
    return ReportFigures(
        quarters=tuple(rd.quarters), org_short=org_short, study_topic=study_topic, theme=theme,
        people_total=rd.people_total, party_members=rd.party_members,
        youth_members=rd.youth_members, studied=rd.studied, attendance_total=rd.attendance_total,
        sessions_total=rd.sessions_total, sessions_by_venue=tuple(map(tuple, rd.sessions_by_venue)),
        registered=rd.registered, actions_total=rd.actions_total, actions_done=rd.actions_done,
        actions_exceeded=rd.actions_exceeded, people_all_done=rd.people_all_done,
        units=tuple(UnitFigures(u.name, u.people, u.registered, u.actions, u.done, u.all_done,
                                tuple(u.sessions), u.sessions_expected, num(u.score))
                    for u in rd.units),
        emulation=tuple(map(tuple, rd.emulation)),
        propaganda_by_kind=tuple(map(tuple, rd.propaganda_by_kind)),
        propaganda_by_occasion=tuple(map(tuple, rd.propaganda_by_occasion)),
        youth_by_kind=tuple(map(tuple, rd.youth_by_kind)), diary_entries=rd.diary_entries,
        diary_writers=rd.diary_writers, golden_entries=rd.golden_entries,
        commended=named(rd.commended), reminded=named(rd.reminded),
        missing_reports=tuple(rd.missing_reports), no_pledge=tuple(rd.no_pledge),
        no_pledge_units=tuple(getattr(rd, "no_pledge_units", ())),
        completion=_key(completion) if completion is not None else None,
        quarter_commendations=tuple(_key(f) for f in getattr(rd, "quarter_commendations", ())),
        commendation_list=_commendation_sentence(cl) if cl is not None else "",
        key_figures=tuple(_key(f) for f in (*figures.values(),
                                            *getattr(rd, "quarter_commendations", ()))),
        standards_count=standards_count, standards_version=standards_version, ratings=ratings)


# ---------------------------------------------------------------- wording

def _kind(kind: str) -> str:
    k = {"h1": "H1", "h2": "H2", "year": "year", "y": "year"}.get(kind.lower())
    if k is None:
        raise ValueError(f"kind must be 'H1', 'H2' or 'year', not {kind!r}")
    return k


def report_subtitle(kind: str, year: int) -> str:
    what = {"H1": f"Sơ kết 6 tháng đầu năm {year}", "H2": f"Sơ kết 6 tháng cuối năm {year}",
            "year": f"Tổng kết năm {year}"}[_kind(kind)]
    return f"{what} {TOPIC}"


def _span(kind: str) -> str:
    return {"H1": "6 tháng đầu năm", "H2": "6 tháng cuối năm", "year": "năm"}[kind]


def _until(kind: str) -> str:
    return "cuối năm" if kind == "year" else "hết " + _span(kind)


def _next_period(kind: str, year: int) -> str:
    if kind == "year":
        return f"NĂM {year + 1}"
    if kind == "H1":
        return "6 THÁNG CUỐI NĂM"
    return f"6 THÁNG ĐẦU NĂM {year + 1}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- sections

def _situation(doc, f: ReportFigures, year: int) -> None:
    blocks.heading(doc, "I. ĐẶC ĐIỂM TÌNH HÌNH")
    blocks.paragraph(doc, f"{f.org_short} có {len(f.units)} phòng, đơn vị trực thuộc với "
                          f"{vn_int(f.people_total)} cán bộ, đảng viên, công chức, viên chức "
                          f"và người lao động, trong đó {vn_int(f.party_members)} đảng viên, "
                          f"{vn_int(f.youth_members)} đoàn viên thanh niên.")
    if f.theme:
        blocks.paragraph(doc, f"Chủ đề năm {year}: \"{f.theme}\"")
    good = (f"cấp ủy, lãnh đạo cơ quan quan tâm chỉ đạo; {f.registered}/{f.people_total} người "
            f"({percent(f.registered, f.people_total)}) đã đăng ký việc làm theo")
    hard = ("khối lượng công việc chuyên môn lớn, thời gian dành cho sinh hoạt chuyên đề còn hạn "
            "chế")
    if f.missing_reports:
        hard += f"; còn {len(f.missing_reports)} lượt báo cáo quý chưa gửi hoặc gửi chưa đủ"
    blocks.draft_paragraph(doc, f"Thuận lợi: {good}. Khó khăn: {hard}.")


def _study(doc, f: ReportFigures, year: int) -> None:
    blocks.heading(doc, "1. Công tác học tập chuyên đề", 2)
    venues = "; ".join(f"{k.lower()}: {n} buổi" for k, n in f.sessions_by_venue) or "chưa có"
    topic = f"Chuyên đề năm {year}: \"{f.study_topic}\". " if f.study_topic else ""
    blocks.draft_paragraph(doc, f"{topic}Các phòng, đơn vị đã tổ chức {f.sessions_total} buổi học "
                                f"tập chuyên đề ({venues}), tổng cộng "
                                f"{vn_int(f.attendance_total)} lượt người dự; "
                                f"{f.studied}/{f.people_total} người "
                                f"({percent(f.studied, f.people_total)}) đã tham gia học tập "
                                f"chuyên đề.")
    n = len(f.quarters)
    qw = 20 if n <= 2 else 14
    unit_w = 160 - n * qw - 3 * (20 if n <= 2 else 18)
    rest = 20 if n <= 2 else 18
    header = ["Phòng, đơn vị"] + [f"Quý {ROMAN[q]}" for q in f.quarters] + \
        ["Tổng số buổi", "Kế hoạch", "Đạt (%)"]
    rows, total_held, total_plan = [], 0, 0
    for u in f.units:
        held = sum(s for s in u.sessions if s)
        total_held += held
        total_plan += u.sessions_expected
        rows.append([u.name] + [s if s is not None else "–" for s in u.sessions] +
                    [held, u.sessions_expected, percent(held, u.sessions_expected)])
    total = ["Cộng"] + [sum(u.sessions[i] or 0 for u in f.units) for i in range(n)] + \
        [total_held, total_plan, percent(total_held, total_plan)]
    blocks.table(doc, header, rows, [unit_w] + [qw] * n + [rest] * 3, total=total,
                 aligns=["left"] + ["center"] * (n + 3),
                 note="\"–\": đơn vị chưa gửi báo cáo quý. Kế hoạch: sinh hoạt chuyên đề hằng "
                    "tháng.")


def _standards(doc, f: ReportFigures) -> None:
    blocks.heading(doc, "2. Xây dựng, bổ sung chuẩn mực đạo đức", 2)
    count = (f"{f.standards_count} chuẩn mực" if f.standards_count else "các chuẩn mực")
    version = f" (danh mục phiên bản {f.standards_version})" if f.standards_version else ""
    blocks.draft_paragraph(doc, f"Chi bộ tiếp tục rà soát, bổ sung {count} đạo đức của cán bộ, "
                                f"đảng viên, quần chúng{version}, tập trung vào tinh thần trách "
                                f"nhiệm, ý thức chấp hành tổ chức kỷ luật, chất lượng và hiệu quả "
                                f"công việc, tư tưởng, đạo đức và lối sống; mỗi việc làm theo đã "
                                f"đăng ký đều gắn với một chuẩn mực.")


def _pledges(doc, f: ReportFigures, kind: str) -> None:
    blocks.heading(doc, "3. Đăng ký và thực hiện việc làm theo", 2)
    text = (f"{f.registered}/{f.people_total} người ({percent(f.registered, f.people_total)}) "
            f"đã đăng ký {f.actions_total} việc làm theo tấm gương đạo đức của Bác.")
    if f.completion is not None:
        until = "hết quý IV" if kind == "year" else "hết " + _span(kind)
        text += (f" {f.completion.label} đến {until}: {f.completion.text}; "
                 f"{f.people_all_done} người đã hoàn thành tất cả các việc đã đăng ký.")
    else:
        text += (f" Đến {_until(kind)}, {f.actions_done} việc đã hoàn thành "
                 f"({percent(f.actions_done, f.actions_total)}); {f.people_all_done} người đã "
                 "hoàn thành tất cả các việc đã đăng ký.")
    if f.actions_exceeded is not None:
        text += (f" Theo bản kiểm điểm cuối năm, có {f.actions_exceeded} việc được đánh giá hoàn "
                 "thành vượt mức.")
    if f.no_pledge_units:
        text += (" Chưa gửi bản đăng ký: " + ", ".join(f.no_pledge_units) + " (việc của đơn vị "
                 "chưa được tính).")
    blocks.draft_paragraph(doc, text)
    rows = [[u.name, u.people, u.registered, u.actions, u.done,
             vn_number(100 * u.done / u.actions) if u.actions else "–", u.all_done]
            for u in f.units]
    total = ["Cộng", f.people_total, f.registered, f.actions_total, f.actions_done,
             vn_number(100 * f.actions_done / f.actions_total) if f.actions_total else "–",
             f.people_all_done]
    blocks.table(doc, ["Phòng, đơn vị", "Số người", "Đã đăng ký", "Số việc", "Việc hoàn thành",
                     "Tỉ lệ (%)", "Người hoàn thành tất cả"], rows,
                 [46, 16, 18, 16, 20, 18, 26], total=total,
                 aligns=["left"] + ["center"] * 6)
    blocks.space_after_table(doc)


def _emulation(doc, f: ReportFigures, kind: str) -> None:
    blocks.heading(doc, "4. Phong trào thi đua làm theo Bác", 2)
    units = len({u for u, *_ in f.emulation})
    done = sum(1 for _, _, prog, _ in f.emulation if prog == "Hoàn thành")
    blocks.draft_paragraph(doc, f"{units} phòng, đơn vị đã chọn và phát động "
                                f"{len(f.emulation)} hoạt động thi đua làm theo Bác gắn với nhiệm "
                                f"vụ chính trị; {done} hoạt động đã hoàn thành, các hoạt động còn "
                                f"lại đang triển khai theo kế hoạch.")
    if f.emulation:
        blocks.table(doc, ["Phòng, đơn vị", "Hoạt động thi đua", "Tiến độ", "Kết quả"],
                     [list(e) for e in f.emulation], [36, 60, 26, 38],
                     aligns=["left", "left", "center", "left"])
        blocks.space_after_table(doc)


def _propaganda(doc, f: ReportFigures, kind: str) -> None:
    blocks.heading(doc, "5. Công tác tuyên truyền", 2)
    total = sum(n for _, n, _ in f.propaganda_by_kind)
    people = sum(p for _, _, p in f.propaganda_by_kind)
    blocks.draft_paragraph(doc, f"Các phòng, đơn vị đã thực hiện {total} hoạt động tuyên truyền "
                                f"(treo pano, áp phích, khẩu hiệu, thi kể chuyện, tọa đàm…) với "
                                f"{vn_int(people)} lượt người tham gia, gắn với kỷ niệm các "
                                f"ngày lễ lớn trong {'năm' if kind == 'year' else '6 tháng'}.")
    if f.propaganda_by_kind:
        blocks.table(doc, ["Hình thức tuyên truyền", "Số hoạt động", "Lượt người tham gia"],
                     [list(x) for x in f.propaganda_by_kind], [80, 40, 40],
                     total=["Cộng", total, people], aligns=["left", "center", "center"])
        blocks.space_after_table(doc)
    if f.propaganda_by_occasion:
        blocks.table(doc, ["Gắn với ngày lễ, kỷ niệm", "Số hoạt động"],
                     [list(x) for x in f.propaganda_by_occasion], [120, 40],
                     aligns=["left", "center"])
        blocks.space_after_table(doc)


def _youth(doc, f: ReportFigures) -> None:
    blocks.heading(doc, "6. Giáo dục đoàn viên thanh niên; \"Nhật ký làm theo lời Bác\", \"Sổ vàng "
                        "làm theo lời Bác\"", 2)
    blocks.draft_paragraph(doc, f"Chi đoàn tổ chức {sum(n for _, n, _ in f.youth_by_kind)} hoạt "
                                f"động (đối thoại, sinh hoạt chuyên đề Đoàn, viết nhật ký…); "
                                f"{f.diary_writers}/{f.youth_members} đoàn viên viết "
                                f"{f.diary_entries} bài \"Nhật ký làm theo lời Bác\"; "
                                f"{f.golden_entries} việc làm được đề cử ghi vào \"Sổ vàng làm "
                                f"theo lời Bác\".")
    if f.youth_by_kind:
        blocks.table(doc, ["Hoạt động", "Số lần tổ chức", "Số người / số bài"],
                     [list(x) for x in f.youth_by_kind], [80, 40, 40],
                     aligns=["left", "center", "center"])
        blocks.space_after_table(doc)


def _recognition(doc, f: ReportFigures) -> None:
    blocks.heading(doc, "7. Biểu dương, khen thưởng; nhắc nhở, phê bình", 2)
    text = (f"Trong báo cáo quý, các đơn vị đã biểu dương {len(f.commended)} cá nhân có việc làm "
            f"tiêu biểu; nhắc nhở, phê bình {len(f.reminded)} người chậm thực hiện việc đã đăng "
            "ký.")
    quarters = "; ".join(f"{k.label.replace('Đề xuất biểu dương ', '')}: {k.text} người"
                         for k in f.quarter_commendations)
    if quarters:
        text += f" Đề xuất biểu dương theo quý ({quarters})."
    blocks.draft_paragraph(doc, text)
    if f.commendation_list:
        blocks.paragraph(doc, f.commendation_list)
    rows = [[n.name, n.unit, n.detail] for n in (*f.commended, *f.reminded)]
    if rows:
        blocks.table(doc, ["STT", "Cá nhân", "Đơn vị", "Nội dung"],
                     [[i, *r] for i, r in enumerate(rows, 1)], [14, 44, 44, 58],
                     aligns=["center", "left", "left", "left"])
        blocks.space_after_table(doc)


def _ratings(doc, f: ReportFigures) -> None:
    r = f.ratings
    if r is None:
        return
    blocks.heading(doc, "8. Kết quả đánh giá, xếp loại cuối năm", 2)
    blocks.paragraph(doc, f"Kết quả học tập và làm theo Bác là một tiêu chí đánh giá, xếp loại "
                          f"cuối năm. Đảng viên do Chi ủy xếp loại theo {r.party_rule} (tỉ lệ "
                          f"xuất sắc chỉ tính trong đảng viên): {r.party_summary}. Cán bộ, công "
                          f"chức, viên chức, người lao động do lãnh đạo cơ quan đánh giá theo "
                          f"{r.staff_rule}: {r.staff_summary}. Chưa có quyết định thì tính theo "
                          "đề xuất; chi tiết: bảng xếp loại.")
    blocks.table(doc, ["Mức xếp loại (kết quả)", "Đảng viên", "CB, CC, VC, NLĐ",
                       "Tổ đảng, chi bộ", "Tập thể đơn vị"], [list(x) for x in r.rows],
                 [56, 26, 26, 26, 26], total=["Cộng", *r.totals],
                 aligns=["left"] + ["center"] * 4,
                 note=f"Tỉ lệ xuất sắc của đảng viên: không quá {r.quota_ratio * 100:.0f}% số xếp "
                      "mức tốt trong mỗi nhóm so sánh; tỉ lệ xuất sắc của CB, CC, VC, NLĐ không "
                      "vượt tỉ lệ đảng viên xuất sắc (NĐ 48/2023).")
    blocks.space_after_table(doc)


def _annex(doc, f: ReportFigures) -> None:
    """The key figures, each with what it counts and when (as in the workbook report)."""
    if not f.key_figures:
        return
    # a new page by the heading's own "page break before" (a break paragraph after a signature
    # that ends a page would leave a blank page)
    blocks.heading(doc, "PHỤ LỤC. SỐ LIỆU CHÍNH VÀ CÁCH TÍNH").paragraph_format \
        .page_break_before = True
    blocks.table(doc, ["Số liệu", "Giá trị", "Cách tính; thời điểm"],
                 [[k.label, k.text, k.note] for k in f.key_figures], [44, 30, 86], font_size=12,
                 aligns=["left", "center", "left"])


def _strengths(f: ReportFigures) -> list[str]:
    out = []
    if f.people_total and f.registered == f.people_total:
        out.append("100% cán bộ, đảng viên, công chức, viên chức và người lao động đăng ký việc "
                   "làm theo; các việc đăng ký cụ thể, gắn với chức trách, nhiệm vụ.")
    elif f.people_total:
        out.append(f"{percent(f.registered, f.people_total)} cán bộ, đảng viên, công chức, viên "
                   f"chức và người lao động đăng ký việc làm theo, gắn với chức trách, nhiệm vụ.")
    if f.sessions_planned and f.sessions_total >= f.sessions_planned:
        out.append("Các phòng, đơn vị duy trì sinh hoạt chuyên đề hằng tháng theo kế hoạch.")
    if f.commended:
        out.append(f"Xuất hiện {len(f.commended)} cá nhân có việc làm tiêu biểu được biểu dương "
                   "kịp thời.")
    if f.golden_entries:
        out.append(f"Đoàn viên thanh niên tích cực viết nhật ký; {f.golden_entries} việc làm được "
                   "đề cử ghi vào \"Sổ vàng làm theo lời Bác\".")
    return out or ["Việc học tập và làm theo Bác được triển khai theo kế hoạch."]


def _limitations(f: ReportFigures) -> list[str]:
    """The same findings as the workbook report's "Hạn chế, nguyên nhân"."""
    out = []
    if f.no_pledge_units:
        out.append("Chưa gửi bản đăng ký việc làm theo: " + ", ".join(f.no_pledge_units) +
                   "; không đối chiếu, không tính được tiến độ việc làm theo của đơn vị.")
    if f.missing_reports:
        shown = "; ".join(f.missing_reports[:8]) + ("…" if len(f.missing_reports) > 8 else "")
        out.append(f"Còn {len(f.missing_reports)} lượt báo cáo quý chưa gửi hoặc gửi chưa đủ: "
                   f"{shown}.")
    if f.no_pledge:
        out.append(f"{len(f.no_pledge)} người chưa đăng ký việc làm theo.")
    plan = f.sessions_planned
    if f.sessions_total < plan:
        out.append(f"Số buổi học tập chuyên đề ({f.sessions_total}) chưa đạt kế hoạch sinh hoạt "
                   f"hằng tháng ({plan} buổi).")
    done = f.completion
    if done is not None and done.total and done.value < done.total:
        out.append(f"{done.total - done.value} việc làm theo đã đăng ký chưa được báo cáo hoàn "
                   f"thành ({percent(done.total - done.value, done.total)}).")
    elif done is None and f.actions_total and f.actions_done < f.actions_total:
        out.append(f"{f.actions_total - f.actions_done} việc làm theo đã đăng ký chưa hoàn thành "
                   f"({percent(f.actions_total - f.actions_done, f.actions_total)}).")
    if f.reminded:
        out.append(f"{len(f.reminded)} người bị nhắc nhở, phê bình do chậm thực hiện việc đã "
                   "đăng ký.")
    return out or ["Không có hạn chế lớn được ghi nhận qua số liệu báo cáo."]


def _causes(f: ReportFigures) -> str:
    subjective = []
    if f.missing_reports or f.no_pledge:
        subjective.append("một số phòng, đơn vị chưa quan tâm đúng mức đến việc đăng ký và báo "
                          "cáo định kỳ")
    if f.actions_total and f.actions_done < f.actions_total:
        subjective.append("một số cán bộ đăng ký việc làm chưa sát với điều kiện thực hiện")
    subj = "; ".join(subjective) or "việc kiểm tra, đôn đốc có lúc chưa thường xuyên"
    return (f"Nguyên nhân khách quan: khối lượng nhiệm vụ chuyên môn lớn, nhiều việc đột xuất. "
            f"Nguyên nhân chủ quan: {subj}.")


def _next_steps(kind: str, year: int) -> list[str]:
    if kind != "H1":
        return [
            f"Tiếp tục học tập chuyên đề năm {year + 1}; đưa nội dung học tập vào sinh hoạt chi "
            "bộ, cơ quan, đoàn thể hằng tháng.",
            "Mỗi cán bộ, đảng viên, quần chúng đăng ký việc làm theo cụ thể, rõ việc, rõ mục tiêu "
            "gắn với nhiệm vụ được giao; rà soát hằng quý.",
            "Phát huy vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu; biểu dương "
            "kịp thời các điển hình tiên tiến, nhắc nhở các trường hợp chưa tích cực.",
            "Đẩy mạnh tuyên truyền gắn với các ngày lễ lớn; duy trì \"Nhật ký làm theo lời Bác\", "
            "\"Sổ vàng làm theo lời Bác\" trong đoàn viên thanh niên.",
        ]
    return [
        "Tiếp tục tổ chức học tập chuyên đề hằng tháng; các đơn vị chưa đủ buổi sinh hoạt bổ sung "
        "theo kế hoạch.",
        "Đôn đốc hoàn thành các việc làm theo đã đăng ký đúng thời hạn; người chưa đăng ký bổ sung "
        "ngay.",
        f"Chuẩn bị hội nghị biểu dương điển hình tiên tiến học tập và làm theo Bác vào quý IV/"
        f"{year}; kiểm điểm, đánh giá, xếp loại cuối năm.",
        "Tiếp tục tuyên truyền gắn với các ngày lễ lớn 6 tháng cuối năm.",
    ]


def _proposals(settings: DocSettings) -> str:
    above = settings.superior[:1].upper() + settings.superior[1:].lower() \
        if settings.superior.isupper() else settings.superior
    return (f"Đề nghị {above or 'cấp ủy cấp trên'} tiếp tục quan tâm chỉ đạo, cung cấp tài liệu "
            f"học tập chuyên đề kịp thời; tổ chức tập huấn nghiệp vụ và biểu dương các điển hình "
            f"tiên tiến trong học tập và làm theo Bác.")


# ---------------------------------------------------------------- the report

def write_report(path: Path | str, settings: DocSettings, kind: str, year: int,
                 figures: ReportFigures) -> Path:
    """The sơ kết ("H1", also "H2") or tổng kết ("year") report for ``year`` as a .docx."""
    k = _kind(kind)
    f = figures
    doc = styles.new_document(settings)
    subtitle = report_subtitle(k, year)
    styles.set_properties(doc, settings, "Báo cáo " + subtitle[:1].lower() + subtitle[1:])
    styles.page_numbers(doc)
    blocks.party_header(doc, settings)
    blocks.title(doc, "BÁO CÁO", subtitle.replace(" tư tưởng, đạo đức", "\ntư tưởng, đạo đức"))
    blocks.paragraph(doc, f"Thực hiện Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong "
                          f"cách Hồ Chí Minh năm {year}, {f.org_short} báo cáo kết quả thực hiện "
                          f"{_span(k)} {year} (số liệu tổng hợp từ báo cáo của {len(f.units)} "
                          f"phòng, đơn vị trực thuộc) như sau:")
    _situation(doc, f, year)
    blocks.heading(doc, "II. KẾT QUẢ THỰC HIỆN")
    _study(doc, f, year)
    _standards(doc, f)
    _pledges(doc, f, k)
    _emulation(doc, f, k)
    _propaganda(doc, f, k)
    _youth(doc, f)
    _recognition(doc, f)
    if k == "year":
        _ratings(doc, f)
    blocks.heading(doc, "III. ĐÁNH GIÁ CHUNG")
    blocks.heading(doc, "1. Ưu điểm", 2)
    for s in _strengths(f):
        blocks.draft_paragraph(doc, s)
    blocks.heading(doc, "2. Hạn chế", 2)
    for s in _limitations(f):
        blocks.draft_paragraph(doc, s)
    blocks.heading(doc, "3. Nguyên nhân", 2)
    blocks.draft_paragraph(doc, _causes(f))
    blocks.heading(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ " + _next_period(k, year))
    for s in _next_steps(k, year):
        blocks.draft_paragraph(doc, s)
    blocks.heading(doc, "V. KIẾN NGHỊ, ĐỀ XUẤT")
    blocks.draft_paragraph(doc, _proposals(settings))
    what = {"H1": "sơ kết 6 tháng đầu năm", "H2": "sơ kết 6 tháng cuối năm",
            "year": "tổng kết năm"}[k]
    blocks.paragraph(doc, f"Trên đây là báo cáo {what} {year} {TOPIC} của {f.org_short}./.",
                     style="VB Kết thúc")
    blocks.recipients_and_signature(doc, settings)
    _annex(doc, f)
    return styles.save(doc, path)




# ---------------------------------------------------------------- from the workspace

def report_docx_path(out: Path, period: Any) -> Path:
    """out/bao-cao/bao-cao-so-ket-2024-H1.docx, beside the workbook of the same report."""
    kind = "tong-ket" if period.kind == "Y" else "so-ket"
    return out / "bao-cao" / f"bao-cao-{kind}-{period}.docx"


def write_report_docx(path: Path, config: Any, rd: Any, number: str | None = None) -> Path:
    """The report of ``rd`` (a ``toolkit.scoring.report_data.ReportData``, the figures of the
    workbook report) as an editable Word document with the workspace's settings."""
    from toolkit.outputs.documents.settings import settings_from_config
    settings = settings_from_config(config, rd.on, number=number)
    kind = "year" if rd.is_year else ("H1" if rd.period.number == 1 else "H2")
    figures = figures_from_report_data(
        rd, org_short=config.org_short, study_topic=config.study_topic, theme=config.theme,
        standards_count=len(config.standards), standards_version=config.standards_version)
    return write_report(path, settings, kind, rd.period.year, figures)
