"""The year-end self-review (bản kiểm điểm cá nhân), pre-filled from the year's data.

Party members follow the party template of the year's rule set:

* ``qd124`` (2023–2024): QĐ 124-QĐ/TW, template Mẫu 02A / 02B-HD KĐ.ĐG 2023 of HD 25-HD/BTCTW;
* ``qd366`` (from 2025): QĐ 366-QĐ/TW, template Mẫu 2A / 2B-HD KĐ.ĐG 2025 of HD 43-HD/BTCTW,
  with the 100-point self-scoring (general criteria 30 + task results 70). The section list
  below is reconstructed from public summaries of HD 43 and QĐ 366's annex: check it against the
  annex before relying on it (see NOTES.md); it is data, so a correction is a one-line change.

Other staff follow the agency's civil-servant form after NĐ 90/2020 (phiếu đánh giá, xếp loại
chất lượng công chức, viên chức), titled "BẢN KIỂM ĐIỂM CÁ NHÂN".

Pre-filled: the person's details and the section on the year's commitment (việc thực hiện cam
kết / học tập và làm theo Bác): the registered actions with their quarterly results, the study
sessions attended, commendations and reminders, the year score and its components. Everything
only the person can write (self-assessment, strengths, shortcomings, causes, remedies, direction,
self-rating) is a dotted space.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from toolkit.common.numbers import percent, vn_number
from toolkit.outputs.documents import blocks, styles
from toolkit.outputs.documents.blocks import SignBox
from toolkit.outputs.documents.settings import DocSettings

RuleSet = Literal["qd124", "qd366"]
LEVELS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
          "Không hoàn thành nhiệm vụ")
ROMAN = ("I", "II", "III", "IV")
SIGN_HINT = "(Ký, ghi rõ họ tên)"


# ---------------------------------------------------------------- data

@dataclass(frozen=True)
class ReviewAction:
    """A registered action with its result in each quarter ("" = not reported) and the year."""

    action: str
    standard: str = ""
    goal: str = ""
    deadline: str | dt.date = ""
    quarters: tuple[str, str, str, str] = ("", "", "", "")
    year_result: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class ScoreSummary:
    """The year score and its components per quarter (None = no report that quarter).

    Quarter score = progress × w1 + attendance × w2 + the unit's assessment × w3 (0–100);
    year score = mean of the quarters reported (toolkit.scoring.year_person_scores)."""

    quarter_scores: tuple[float | None, ...]
    progress: tuple[float | None, ...] = (None, None, None, None)
    attendance: tuple[float | None, ...] = (None, None, None, None)
    assessment: tuple[str | None, ...] = (None, None, None, None)
    year_score: float | None = None
    weights: tuple[float, float, float] = (0.5, 0.2, 0.3)


@dataclass(frozen=True)
class ReviewPerson:
    name: str
    position: str
    unit: str
    party_member: bool
    party_cell: str = ""
    birth_year: int | None = None
    party_position: str = ""          # "Chi ủy viên", "Đảng viên" ...
    leader: bool = False              # holds a leadership / management post (Mẫu 02B / 2B)
    actions: tuple[ReviewAction, ...] = ()
    sessions_attended: int | None = None
    sessions_held: int | None = None
    commendations: tuple[str, ...] = ()
    reminders: tuple[str, ...] = ()
    scores: ScoreSummary | None = None
    person_id: str = ""


# ---------------------------------------------------------------- templates (data)

@dataclass(frozen=True)
class Section:
    """One part of a template: ``kind`` is "write" (heading and dotted lines for the person),
    "head" (heading only), "commitment" (pre-filled), or a rating / sign-off part."""

    heading: str
    kind: str = "write"
    level: int = 2
    lines: int = 3


@dataclass(frozen=True)
class Template:
    code: str                 # the form's name in its guide
    source: str
    subtitle: str             # under "Năm ...": which people it is for
    sections: tuple[Section, ...]


_COMMITMENT_124 = "3. Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm"

PARTY_124 = Template(
    "Mẫu 02A-HD KĐ.ĐG 2023", "HD 25-HD/BTCTW ngày 10/11/2023 (QĐ 124-QĐ/TW)",
    "(Cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    (
        Section("I. Ưu điểm, kết quả đạt được", "head", 1),
        Section("1. Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ "
                "luật; tác phong, lề lối làm việc", lines=4),
        Section("2. Về thực hiện chức trách, nhiệm vụ được giao", lines=4),
        Section(_COMMITMENT_124, "commitment"),
        Section("II. Hạn chế, khuyết điểm và nguyên nhân", "head", 1),
        Section("1. Hạn chế, khuyết điểm", lines=3),
        Section("2. Nguyên nhân của hạn chế, khuyết điểm", lines=2),
        Section("III. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền "
                "kết luận hoặc được chỉ ra ở các kỳ kiểm điểm trước", level=1, lines=2),
        Section("IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", level=1, lines=2),
        Section("V. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập "
                "thể (nếu có)", level=1, lines=2),
        Section("VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", level=1, lines=3),
        Section("VII. Tự nhận mức xếp loại chất lượng", "rating124", 1),
        Section("NGƯỜI TỰ KIỂM ĐIỂM", "sign_self"),
        Section("Nhận xét, đánh giá của chi ủy", "cell_assessment", 1),
    ),
)

# leaders (Mẫu 02B): the results part also covers leadership and the example they set
PARTY_124_LEADER = Template(
    "Mẫu 02B-HD KĐ.ĐG 2023", PARTY_124.source,
    "(Cá nhân giữ chức vụ lãnh đạo, quản lý)",
    PARTY_124.sections[:3] + (
        Section("3. Kết quả lãnh đạo, chỉ đạo, quản lý, điều hành; mức độ hoàn thành nhiệm vụ "
                "của cơ quan, đơn vị được giao phụ trách; trách nhiệm nêu gương", lines=4),
        Section("4. Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm",
                "commitment"),
    ) + PARTY_124.sections[4:],
)

PARTY_366 = Template(
    "Mẫu 2A-HD KĐ.ĐG 2025", "HD 43-HD/BTCTW ngày 31/10/2025 (QĐ 366-QĐ/TW)",
    "(Cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    (
        Section("I. Ưu điểm, kết quả đạt được", "head", 1),
        Section("1. Về chính trị, tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật, thực hiện "
                "trách nhiệm nêu gương (nhóm tiêu chí chung)", lines=4),
        Section("2. Về tinh thần đổi mới, sáng tạo, dám nghĩ, dám làm; tự phê bình và phê bình, "
                "tự soi, tự sửa (nhóm tiêu chí chung)", lines=3),
        Section("3. Về kết quả thực hiện chức trách, nhiệm vụ được giao: số lượng, tiến độ, chất "
                "lượng, hiệu quả, sản phẩm cụ thể (nhóm tiêu chí kết quả thực hiện nhiệm vụ)",
                lines=4),
        Section("4. Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu", "commitment"),
        Section("II. Hạn chế, khuyết điểm và nguyên nhân", "head", 1),
        Section("1. Hạn chế, khuyết điểm", lines=3),
        Section("2. Nguyên nhân của hạn chế, khuyết điểm", lines=2),
        Section("III. Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra", level=1, lines=2),
        Section("IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", level=1, lines=2),
        Section("V. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", level=1, lines=3),
        Section("VI. Tự chấm điểm, tự nhận mức xếp loại chất lượng", "rating366", 1),
        Section("NGƯỜI TỰ KIỂM ĐIỂM", "sign_self"),
        Section("Nhận xét, đánh giá của chi ủy", "cell_assessment", 1),
    ),
)

PARTY_366_LEADER = Template(
    "Mẫu 2B-HD KĐ.ĐG 2025", PARTY_366.source,
    "(Cá nhân giữ chức vụ lãnh đạo, quản lý)",
    PARTY_366.sections[:3] + (
        Section("3. Về kết quả thực hiện chức trách, nhiệm vụ và năng lực lãnh đạo, quản lý: "
                "kết quả của cơ quan, đơn vị được giao phụ trách, sản phẩm cụ thể (nhóm tiêu chí "
                "kết quả thực hiện nhiệm vụ)", lines=4),
    ) + PARTY_366.sections[4:],
)

STAFF = Template(
    "Phiếu đánh giá, xếp loại chất lượng công chức, viên chức",
    "NĐ 90/2020/NĐ-CP (sửa đổi bởi NĐ 48/2023/NĐ-CP)",
    "(Dùng cho công chức, viên chức, người lao động)",
    (
        Section("I. Kết quả tự đánh giá", "head", 1),
        Section("1. Chính trị tư tưởng", lines=2),
        Section("2. Đạo đức, lối sống", lines=2),
        Section("3. Tác phong, lề lối làm việc", lines=2),
        Section("4. Ý thức tổ chức kỷ luật", lines=2),
        Section("5. Kết quả thực hiện chức trách, nhiệm vụ được giao", lines=4),
        Section("6. Thái độ phục vụ nhân dân, doanh nghiệp (đối với vị trí tiếp xúc trực tiếp)",
                lines=2),
        Section("7. Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                "commitment"),
        Section("II. Tự nhận xét, xếp loại chất lượng", "head", 1),
        Section("1. Ưu điểm", lines=3),
        Section("2. Hạn chế, khuyết điểm và nguyên nhân", lines=3),
        Section("3. Phương hướng, biện pháp khắc phục", lines=2),
        Section("4. Tự xếp loại chất lượng", "rating_staff"),
        Section("NGƯỜI TỰ ĐÁNH GIÁ", "sign_self"),
        Section("III. Ý kiến nhận xét, đánh giá của người quản lý trực tiếp", "manager", 1),
        Section("IV. Kết quả đánh giá, xếp loại chất lượng (phần dành cho cấp có thẩm quyền)",
                "authority", 1),
    ),
)


def template_for(person: ReviewPerson, rule_set: str) -> Template:
    """The template a person follows in a year of ``rule_set`` ("qd124" / "qd366")."""
    if not person.party_member:
        return STAFF
    if rule_set == "qd124":
        return PARTY_124_LEADER if person.leader else PARTY_124
    if rule_set == "qd366":
        return PARTY_366_LEADER if person.leader else PARTY_366
    raise ValueError(f"rule_set must be 'qd124' or 'qd366', not {rule_set!r}")


def rule_set_for_year(year: int) -> RuleSet:
    """QĐ 124 rates 2023–2024 (and is the nearest rule for earlier years); QĐ 366 from 2025."""
    return "qd124" if year <= 2024 else "qd366"


# ---------------------------------------------------------------- writing

def _num(x: float | None) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else vn_number(x)


def _mean(xs: tuple[float | None, ...]) -> float | None:
    vals = [x for x in xs if x is not None and not (isinstance(x, float) and math.isnan(x))]
    return sum(vals) / len(vals) if vals else None


def _done(a: ReviewAction) -> bool:
    text = (a.year_result or next((q for q in reversed(a.quarters) if q), "")).lower()
    return text.startswith("hoàn thành")


def _summary_sentence(p: ReviewPerson, year: int) -> str:
    n = len(p.actions)
    done = sum(_done(a) for a in p.actions)
    exceeded = sum("vượt" in a.year_result.lower() for a in p.actions)
    parts = [f"Năm {year}, tôi đăng ký {n} việc làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
             if n else f"Năm {year}, tôi chưa đăng ký việc làm theo"]
    if n:
        text = f"đến cuối năm hoàn thành {done}/{n} việc ({percent(done, n)})"
        if exceeded:
            text += f", trong đó {exceeded} việc hoàn thành vượt mức"
        parts.append(text)
    if p.sessions_held:
        parts.append(f"dự {p.sessions_attended or 0}/{p.sessions_held} buổi học tập chuyên đề")
    if p.commendations:
        parts.append(f"được biểu dương {len(p.commendations)} lần")
    if p.reminders:
        parts.append(f"bị nhắc nhở, phê bình {len(p.reminders)} lần")
    if p.scores and p.scores.year_score is not None:
        parts.append(f"điểm đánh giá bình quân cả năm {_num(p.scores.year_score)}/100")
    return "; ".join(parts) + "."


def _action_cell(a: ReviewAction) -> str:
    lines = [a.action]
    if a.standard:
        lines.append(f"Chuẩn mực: {a.standard}")
    if a.goal:
        lines.append(f"Mục tiêu, sản phẩm: {a.goal}")
    if a.deadline:
        d = a.deadline.strftime("%d/%m/%Y") if isinstance(a.deadline, dt.date) else a.deadline
        lines.append(f"Thời hạn: {d}")
    return "\n".join(lines)


def _quarters_cell(a: ReviewAction) -> str:
    return "\n".join(f"Quý {ROMAN[i]}: {q or 'chưa báo cáo'}" for i, q in enumerate(a.quarters))


def _result_cell(a: ReviewAction) -> str:
    return "\n".join(x for x in (a.year_result or "Chưa đánh giá", a.evidence) if x)


def _commitment(doc, section: Section, p: ReviewPerson, year: int) -> None:
    blocks.heading(doc, section.heading, section.level)
    blocks.keep_with_next([blocks.note(doc, "(Phần này đã được điền sẵn từ bản đăng ký và báo cáo "
                                        "các quý; cá nhân kiểm tra lại, bổ sung minh chứng và "
                                        "tự nhận xét.)")])
    if "học tập và làm theo" not in section.heading:      # else the section says it already
        blocks.heading(doc, f"Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                            f"năm {year}", 3)
    blocks.draft_paragraph(doc, _summary_sentence(p, year))
    if p.actions:
        blocks.table(doc, ["STT", "Việc làm theo đã đăng ký", "Kết quả các quý",
                         "Kết quả cả năm, minh chứng"],
                     [[i, _action_cell(a), _quarters_cell(a), _result_cell(a)]
                    for i, a in enumerate(p.actions, 1)],
                     [12, 58, 50, 40], font_size=12, aligns=["center", "left", "left", "left"])
        blocks.space_after_table(doc)
    if p.sessions_held:
        blocks.paragraph(doc, f"Học tập chuyên đề: dự {p.sessions_attended or 0}/{p.sessions_held} "
                              f"buổi do đơn vị tổ chức "
                              f"({percent(p.sessions_attended or 0, p.sessions_held)}).")
    blocks.paragraph(doc, "Được biểu dương: " + ("; ".join(p.commendations) + "."
                                             if p.commendations else "không."))
    blocks.paragraph(doc, "Bị nhắc nhở, phê bình: " + ("; ".join(p.reminders) + "."
                                                   if p.reminders else "không."))
    if p.scores:
        _score_table(doc, p.scores)


def _score_table(doc, s: ScoreSummary) -> None:
    w1, w2, w3 = (round(w * 100) for w in s.weights)
    rows = [
        [f"Tiến độ việc làm theo ({w1}%)", *[_num(x) for x in s.progress], _num(_mean(s.progress))],
        [f"Dự học tập chuyên đề ({w2}%)", *[_num(x) for x in s.attendance],
         _num(_mean(s.attendance))],
        [f"Đánh giá của đơn vị ({w3}%)", *[x or "–" for x in s.assessment], ""],
    ]
    blocks.table(doc, ["Điểm đánh giá (thang 100)", "Quý I", "Quý II", "Quý III", "Quý IV",
                     "Cả năm"], rows, [60, 20, 20, 20, 20, 20], font_size=12,
                 total=["Điểm quý, điểm năm", *[_num(x) for x in s.quarter_scores],
                      _num(s.year_score)],
                 aligns=["left"] + ["center"] * 5,
                 note=f"Điểm quý = {w1}% tiến độ + {w2}% dự học tập + {w3}% đánh giá của đơn vị; "
                    "điểm năm = bình quân các quý đã báo cáo; \"–\": quý chưa có báo cáo.")


def _write(doc, section: Section) -> None:
    blocks.heading(doc, section.heading, section.level)
    blocks.dotted_lines(doc, section.lines)


def _levels_hint(doc) -> None:
    blocks.keep_with_next([blocks.note(doc, "(Ghi một trong bốn mức: " + "; ".join(LEVELS) + ".)")])


def _rating(doc, section: Section) -> None:
    """The self-rating; its lines kept with the signature that follows."""
    blocks.heading(doc, section.heading, section.level)
    if section.kind == "rating124":
        blocks.keep_with_next([blocks.field_line(doc, "1. Xếp loại cán bộ, công chức, viên chức: "),
                             blocks.field_line(doc, "2. Xếp loại đảng viên: ")])
        _levels_hint(doc)
    elif section.kind == "rating366":
        blocks.table(doc, ["Nhóm tiêu chí", "Điểm tối đa", "Cá nhân tự chấm"],
                     [["Nhóm tiêu chí chung", 30, ""],
                    ["Nhóm tiêu chí về kết quả thực hiện nhiệm vụ", 70, ""]],
                     [90, 30, 40], font_size=13, total=["Tổng điểm", 100, ""],
                     aligns=["left", "center", "center"])
        blocks.space_after_table(doc)
        blocks.keep_with_next([
            blocks.field_line(doc, "Tự nhận mức xếp loại chất lượng: "),
            blocks.note(doc, "(Xuất sắc: từ 90 điểm; tốt: từ 70 đến dưới 90; hoàn thành: từ 50 đến "
                             "dưới 70, kèm các điều kiện về kết quả nhiệm vụ. Ghi một trong bốn "
                             "mức: " + "; ".join(LEVELS) + ".)")])
    else:
        blocks.keep_with_next([blocks.field_line(doc, "Mức tự xếp loại: ")])
        _levels_hint(doc)


def _sign_self(doc, settings: DocSettings, section: Section, p: ReviewPerson) -> None:
    blocks.sign_boxes(doc, None, SignBox((section.heading,), name=p.name, hint=SIGN_HINT))


def _assessment(doc, settings: DocSettings, section: Section, p: ReviewPerson) -> None:
    """Who assesses the person after the self-review: heading, dotted lines, the level and the
    signature, all on one page."""
    blocks.heading(doc, section.heading, section.level)
    block = blocks.dotted_lines(doc, 3)
    if section.kind == "cell_assessment":
        block.append(blocks.field_line(doc, "Chi bộ xếp loại chất lượng đảng viên: "))
        box = SignBox(tuple(settings.signer_lines), settings.signer_name)
    elif section.kind == "manager":
        box = SignBox(("NGƯỜI QUẢN LÝ TRỰC TIẾP",), hint=SIGN_HINT)
    else:
        block.append(blocks.field_line(doc, "Mức xếp loại chất lượng: "))
        box = SignBox(settings.state_signer_lines or ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",),
                      settings.state_signer_name, hint=SIGN_HINT)
    blocks.keep_with_next(block)
    blocks.sign_boxes(doc, None, box)


def write_self_review(path: Path | str, settings: DocSettings, person: ReviewPerson, year: int,
                      rule_set: str | None = None) -> Path:
    """The person's self-review for ``year`` as an editable .docx.

    ``rule_set`` ("qd124" / "qd366"; None: by the year) picks the party template; people who are
    not party members get the civil-servant form under the agency's state header
    (``settings.as_state()``).
    """
    rule_set = rule_set or rule_set_for_year(year)
    tpl = template_for(person, rule_set)
    head_settings = settings if person.party_member else settings.as_state()
    doc = styles.new_document(head_settings)
    styles.set_properties(doc, head_settings, f"Bản kiểm điểm cá nhân năm {year} – {person.name}")
    styles.page_numbers(doc)
    blocks.party_header(doc, head_settings, with_number=False, with_date=True)
    blocks.title(doc, "BẢN KIỂM ĐIỂM CÁ NHÂN", f"Năm {year}", dashes=False)
    blocks.paragraph(doc, tpl.subtitle, style="VB Dòng phụ")
    blocks.field_line(doc, "Họ và tên: ", person.name, bold_value=True)
    if person.birth_year:
        blocks.field_line(doc, "Năm sinh: ", str(person.birth_year))
    if person.party_member:
        blocks.field_line(doc, "Chức vụ Đảng: ", person.party_position or "Đảng viên")
        blocks.field_line(doc, "Chức vụ chính quyền: ", person.position)
        blocks.field_line(doc, "Đơn vị công tác: ", person.unit)
        blocks.field_line(doc, "Chi bộ: ", person.party_cell)
    else:
        blocks.field_line(doc, "Chức vụ, chức danh: ", person.position)
        blocks.field_line(doc, "Đơn vị công tác: ", person.unit)
    blocks.note(doc, "Các phần có dòng chấm do cá nhân tự viết. Phần kết quả làm theo Bác đã "
                     "được điền sẵn từ số liệu cả năm; câu đánh dấu \"" + blocks.DRAFT_LABEL +
                "\" là câu dự thảo từ số liệu, cá nhân sửa lại cho đúng.")
    for section in tpl.sections:
        if section.kind == "head":
            blocks.heading(doc, section.heading, section.level)
        elif section.kind == "write":
            _write(doc, section)
        elif section.kind == "commitment":
            _commitment(doc, section, person, year)
        elif section.kind.startswith("rating"):
            _rating(doc, section)
        elif section.kind == "sign_self":
            _sign_self(doc, settings, section, person)
        else:
            _assessment(doc, settings, section, person)
    return styles.save(doc, path)


__all__ = ["LEVELS", "PARTY_124", "PARTY_124_LEADER", "PARTY_366", "PARTY_366_LEADER",
           "ReviewAction", "ReviewPerson", "STAFF", "ScoreSummary", "Section", "Template",
           "rule_set_for_year", "template_for", "write_self_review"]
