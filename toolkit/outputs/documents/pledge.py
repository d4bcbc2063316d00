"""Each person's pledge (bản đăng ký việc làm theo) as a signed A4 page; one .docx per unit.

Per person: the party header, the title with the year, name, position, unit and whether the
person is a party member, the actions (what, the standard it follows, goal or product, deadline),
the place-and-date line, "NGƯỜI ĐĂNG KÝ" with room to sign, and the confirmation of the cell
(party members) or of the head of the unit (other staff). A page break between people; 2–3
actions of realistic length fit on one page: the table drops from 13 to 12 pt when it must, and
:func:`fits_one_page` tells the caller when even that is not enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.outputs.documents import blocks, styles
from toolkit.outputs.documents.blocks import SignBox
from toolkit.outputs.documents.settings import DocSettings

TITLE = "BẢN ĐĂNG KÝ VIỆC LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM {year}"
HEADER = ("STT", "Việc làm theo", "Chuẩn mực", "Mục tiêu, sản phẩm", "Thời hạn")
WIDTHS_MM = (14, 51, 32, 38, 25)        # 160 mm: A4 less 35 + 15 mm margins
CONFIRM_CELL = "XÁC NHẬN CỦA CHI ỦY"
CONFIRM_HEAD = "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ"
SIGN_HINT = "(Ký, ghi rõ họ tên)"


@dataclass(frozen=True)
class PledgeAction:
    action: str
    standard: str
    goal: str
    deadline: str | dt.date


@dataclass(frozen=True)
class PledgePerson:
    name: str
    position: str
    unit: str
    party_member: bool
    actions: tuple[PledgeAction, ...]

    def __post_init__(self) -> None:
        # accept plain (action, standard, goal, deadline) tuples
        object.__setattr__(self, "actions", tuple(
            a if isinstance(a, PledgeAction) else PledgeAction(*a) for a in self.actions))


def _deadline(d: str | dt.date) -> str:
    return d.strftime("%d/%m/%Y") if isinstance(d, dt.date) else str(d)


# Height the actions table may take for the page to hold header, details, table and both
# signatures: about 112 mm on the rendered page, less the estimate's error (up to 6 % low).
TABLE_BUDGET_MM = 104.0
TABLE_SIZES = (13, 12)          # dense tables: 12–13 pt (HD 36)


def _rows(person: PledgePerson) -> list[list]:
    return [[i, a.action, a.standard, a.goal, _deadline(a.deadline)]
            for i, a in enumerate(person.actions, 1)]


def table_height_mm(rows: Sequence[Sequence], size: float,
                    widths: Sequence[float] = WIDTHS_MM) -> float:
    """Printed height of the actions table, estimated by wrapping each cell's words greedily at
    Times New Roman's average width (0.45 em); within 1 mm of LibreOffice on the samples."""
    line_mm = size * 1.15 * 0.3528
    char_mm = size * 0.3528 * 0.45
    total = 0.0
    for row in [HEADER, *rows]:
        lines = 1
        for text, width in zip(row, widths):
            per_line = max(1, int((width - 2 * blocks.CELL_MARGIN_MM) / char_mm))
            n, used = 1, 0
            for word in str(text).split():
                if used and used + 1 + len(word) > per_line:
                    n, used = n + 1, len(word)
                else:
                    used = used + 1 + len(word) if used else len(word)
            lines = max(lines, n)
        total += lines * line_mm + 1.1
    return total


def table_font_size(person: PledgePerson) -> float | None:
    """13 pt, or 12 pt if that is what it takes for the page to fit; None: it fits at neither
    (the actions are too long for one page: ask for shorter ones, "rõ việc, rõ mục tiêu")."""
    rows = _rows(person)
    return next((s for s in TABLE_SIZES if table_height_mm(rows, s) <= TABLE_BUDGET_MM), None)


def fits_one_page(person: PledgePerson) -> bool:
    return table_font_size(person) is not None


def _person_page(doc, settings: DocSettings, year: int, unit_name: str,
                 person: PledgePerson, confirm_by: str | None) -> None:
    blocks.party_header(doc, settings, with_number=False, with_date=False)
    blocks.title(doc, TITLE.format(year=year))
    blocks.field_line(doc, "Họ và tên: ", person.name, bold_value=True)
    blocks.field_line(doc, "Chức vụ: ", person.position)
    blocks.field_line(doc, "Đơn vị công tác: ", person.unit or unit_name)
    blocks.field_line(doc, "Đảng viên: ", "Có" if person.party_member else
                      "Không (quần chúng)")
    plan_of = settings.party_cell or settings.issuing_body
    blocks.paragraph(doc, f"Căn cứ Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
                          f"Chí Minh năm {year} của {plan_of} và chức trách, nhiệm vụ được giao, "
                          f"tôi đăng ký thực hiện các việc làm theo sau:")
    blocks.table(doc, HEADER, _rows(person), WIDTHS_MM,
                 font_size=table_font_size(person) or TABLE_SIZES[-1],
                 aligns=["center", "left", "left", "left", "center"], keep_together=True)
    confirm = confirm_by or (CONFIRM_CELL if person.party_member else CONFIRM_HEAD)
    blocks.sign_boxes(
        doc,
        SignBox((confirm,), hint=SIGN_HINT, lines_before=1),
        SignBox(("NGƯỜI ĐĂNG KÝ",), name=person.name, date_line=settings.date_line(),
                hint=SIGN_HINT))


def write_pledges(path: Path | str, settings: DocSettings, year: int, unit_name: str,
                  people: Iterable[PledgePerson], *, confirm_by: str | None = None) -> Path:
    """One .docx holding the pledge page of every person of the unit ``unit_name``.

    ``confirm_by`` overrides the confirmation heading for everybody; by default party members
    are confirmed by the cell ("XÁC NHẬN CỦA CHI ỦY"), other staff by the head of the unit.
    """
    people = list(people)
    if not people:
        raise ValueError(f"no people to write pledges for in {unit_name!r}")
    doc = styles.new_document(settings)
    styles.set_properties(doc, settings, f"Bản đăng ký việc làm theo năm {year} – {unit_name}")
    for i, person in enumerate(people):
        if i:
            blocks.page_break(doc)
        _person_page(doc, settings, year, unit_name, person, confirm_by)
    return styles.save(doc, path)


def pledges_from_rows(rows: Sequence[dict]) -> list[PledgePerson]:
    """People from flat rows (one per action: name, position, unit, party_member, action,
    standard, goal, deadline), as a store query returns them; order kept."""
    order: list[tuple] = []
    actions: dict[tuple, list[PledgeAction]] = {}
    for r in rows:
        key = (r["name"], r.get("position", ""), r.get("unit", ""), bool(r.get("party_member")))
        if key not in actions:
            order.append(key)
            actions[key] = []
        if r.get("action"):
            actions[key].append(PledgeAction(r["action"], r.get("standard", ""),
                                             r.get("goal", ""), r.get("deadline", "")))
    return [PledgePerson(*key, tuple(actions[key])) for key in order]


__all__ = ["PledgeAction", "PledgePerson", "fits_one_page", "pledges_from_rows",
           "table_font_size", "table_height_mm", "write_pledges"]
