"""The blocks a document is made of: the party / state header, the title, body paragraphs,
drafted sentences, dotted lines to write on, bordered data tables and the signature blocks.

Layout after HD 36-HD/VPTW (party) and NĐ 30/2020 (state): the two-column header, the title,
body 14 pt, tables 12–13 pt with the header row repeated on each page and rows that never split,
"Nơi nhận" bottom left and the signature bottom right. Every block uses a named style of
:mod:`toolkit.outputs.documents.styles`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from toolkit.outputs.documents.settings import DocSettings, cell_text
from toolkit.outputs.documents.styles import (
    add_paragraph,
    add_run,
    style_id,
    table_style,
    text_width,
)

DRAFT_LABEL = "[Dự thảo – cần biên tập]"
# Widths measured on the rendered PDF (Liberation Serif, the metric twin of Times New Roman):
# "ĐẢNG CỘNG SẢN VIỆT NAM" bold 15 pt = 72.9 mm; "Độc lập - Tự do - Hạnh phúc" bold 13 pt = 56.1 mm;
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" bold 12 pt = 88.3 mm. The rule under a line is the
# paragraph's bottom border, shortened by indents to the text's width plus a little.
PARTY_RULE_MM = 75.0
MOTTO_RULE_MM = 58.0
STATE_ORGAN_RULE_MM = 25.0
CELL_MARGIN_MM = 1.9         # Word's default left/right cell margin (108 twips)


# ---------------------------------------------------------------- tables (low level)

def _table_props(table: Table, widths_mm: Sequence[float], *, borders: bool,
                 cell_margin_mm: float | None = None) -> None:
    tbl = table._tbl
    tblPr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblInd", "w:tblBorders", "w:tblCellMar"):
        old = tblPr.find(qn(tag))
        if old is not None:
            tblPr.remove(old)
    tblW = OxmlElement("w:tblW")
    tblW.set(qn("w:w"), str(round(sum(widths_mm) * 56.6929)))
    tblW.set(qn("w:type"), "dxa")
    tblPr.append(tblW)
    # Word in compatibility mode 14 (python-docx's template) and LibreOffice put the cell *text*
    # at the indent, the border one cell margin further left: indent by that margin so the
    # border stands on the page margin and the table spans exactly the text width
    margin = CELL_MARGIN_MM if cell_margin_mm is None else cell_margin_mm
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(round(margin * 56.6929)))
    ind.set(qn("w:type"), "dxa")
    tblPr.append(ind)
    bdr = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        if borders:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        bdr.append(el)
    tblPr.append(bdr)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(margin * 56.6929)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblPr.append(mar)
    # schema order inside tblPr: tblStyle, ..., tblW, jc, ..., tblInd, tblBorders, shd,
    # tblLayout, tblCellMar, tblLook
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
             "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
             "tblLayout", "tblCellMar", "tblLook"]
    children = sorted(tblPr, key=lambda e: order.index(e.tag.split("}")[1])
                      if e.tag.split("}")[1] in order else len(order))
    for child in children:
        tblPr.remove(child)
        tblPr.append(child)
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(round(w * 56.6929)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _after_table(doc: DocxDocument) -> bool:
    body = doc.element.body
    last = [el for el in body if el.tag != qn("w:sectPr")]
    return bool(last) and last[-1].tag == qn("w:tbl")


def _new_table(doc: DocxDocument, rows: int, cols: int) -> Table:
    """A table that never touches the one before it: Word and LibreOffice merge two adjacent
    tables into one (the second then loses its borders, widths and cell margins)."""
    if _after_table(doc):
        space_after_table(doc)
    return doc.add_table(rows=rows, cols=cols)


def _row_flag(row: Any, tag: str) -> None:
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn(tag)) is None:
        trPr.append(OxmlElement(tag))


def _fill(cell: _Cell, lines: Sequence[tuple[str, str]], doc: DocxDocument) -> None:
    """Put paragraphs (text, style name) in a cell, reusing its first empty paragraph."""
    first = True
    for text, style in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p._p.style = style_id(doc, style)
        if text:
            p.add_run(text)


def _blank_first_paragraph(cell: _Cell, doc: DocxDocument, style: str) -> None:
    cell.paragraphs[0]._p.style = style_id(doc, style)


# ---------------------------------------------------------------- header and title

def party_header(doc: DocxDocument, settings: DocSettings, *, with_number: bool = True,
                 with_date: bool = True) -> Table:
    """The two-column header: party (HD 36-HD/VPTW) or state (NĐ 30/2020) per the settings.

    Party: left the superior body (caps 14) over the issuing body (caps 14 bold) and "*", right
    "ĐẢNG CỘNG SẢN VIỆT NAM" (caps 15 bold) with a rule under it; a second row holds the number
    (left) and the place and date (right, italic), so that they stand on one line.
    """
    if settings.header_kind == "state":
        return state_header(doc, settings, with_number=with_number, with_date=with_date)
    width = text_width(doc)
    widths = [width / 2, width / 2]
    table = _new_table(doc, 2 if (with_number or with_date) else 1, 2)
    _table_props(table, widths, borders=False, cell_margin_mm=0)
    left, right = table.rows[0].cells
    lines = []
    if settings.superior:
        lines.append((settings.superior.upper(), "VB Cơ quan cấp trên"))
    lines += [(settings.issuing_body.upper(), "VB Cơ quan ban hành"), ("*", "VB Dấu sao")]
    _fill(left, lines, doc)
    _fill(right, [("ĐẢNG CỘNG SẢN VIỆT NAM", "VB Đảng Cộng sản")], doc)
    indent = max(0.0, (widths[1] - PARTY_RULE_MM) / 2)
    pf = right.paragraphs[0].paragraph_format
    pf.left_indent = pf.right_indent = Mm(indent)
    if len(table.rows) == 2:
        num, date = table.rows[1].cells
        _fill(num, [(settings.number_line() if with_number else "", "VB Số ký hiệu")], doc)
        _fill(date, [(settings.date_line() if with_date else "", "VB Địa danh ngày tháng")], doc)
    _keep_block(table)
    return table


def state_header(doc: DocxDocument, settings: DocSettings, *, with_number: bool = True,
                 with_date: bool = True) -> Table:
    """State header (NĐ 30/2020): organ names left with a short rule, national title and motto
    right with a rule as long as the motto; then "Số: 12/BC-BQL" and the place and date."""
    width = text_width(doc)
    widths = [width * 0.43, width * 0.57]
    table = _new_table(doc, 2 if (with_number or with_date) else 1, 2)
    _table_props(table, widths, borders=False, cell_margin_mm=0)
    left, right = table.rows[0].cells
    lines = []
    if settings.superior:
        lines.append((settings.superior.upper(), "VB Cơ quan cấp trên"))
    lines += [(settings.issuing_body.upper(), "VB Cơ quan ban hành"), ("", "VB Kẻ ngắn")]
    _fill(left, lines, doc)
    rule = left.paragraphs[-1].paragraph_format
    rule.left_indent = rule.right_indent = Mm(max(0.0, (widths[0] - STATE_ORGAN_RULE_MM) / 2))
    _fill(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VB Quốc hiệu"),
                  ("Độc lập - Tự do - Hạnh phúc", "VB Tiêu ngữ")], doc)
    motto = right.paragraphs[1].paragraph_format
    motto.left_indent = motto.right_indent = Mm(max(0.0, (widths[1] - MOTTO_RULE_MM) / 2))
    if len(table.rows) == 2:
        num, date = table.rows[1].cells
        _fill(num, [(settings.number_line() if with_number else "", "VB Số ký hiệu")], doc)
        _fill(date, [(settings.date_line() if with_date else "", "VB Địa danh ngày tháng")], doc)
        for c in (num, date):
            c.paragraphs[0].paragraph_format.space_before = Pt(6)
    _keep_block(table)
    return table


def _keep_block(table: Table) -> None:
    """Rows never split, and every row kept with the next: the block prints on one page."""
    rows = list(table.rows)
    for i, row in enumerate(rows):
        _row_flag(row, "w:cantSplit")
        if i < len(rows) - 1:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def title(doc: DocxDocument, text: str, subtitle: str | None = None, *,
          dashes: bool = True) -> None:
    """The document's kind in caps ("BÁO CÁO") and, under it, the summary line (trích yếu;
    "\n" starts a new line) and what closes the title: the five dashes of HD 36 in a party
    document, a short rule in a state document (NĐ 30/2020)."""
    p = add_paragraph(doc, text.upper(), "VB Tên loại")
    if subtitle:
        for line in subtitle.split("\n"):
            add_paragraph(doc, line, "VB Trích yếu")
    if not dashes:
        p.paragraph_format.space_after = Pt(6)
    elif _header_kind(doc) == "state":
        short_rule(doc, 30)
    else:
        add_paragraph(doc, "-----", "VB Gạch trích yếu")


def short_rule(doc: DocxDocument, length_mm: float) -> Paragraph:
    """A centred horizontal rule ``length_mm`` long (a 2-pt paragraph's bottom border)."""
    p = add_paragraph(doc, "", "VB Kẻ ngắn")
    indent = max(0.0, (text_width(doc) - length_mm) / 2)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(indent)
    p.paragraph_format.space_after = Pt(8)
    p.paragraph_format.keep_with_next = True
    return p


def _header_kind(doc: DocxDocument) -> str:
    return "state" if doc.element.body.find(".//" + qn("w:pStyle") + "[@" + qn("w:val") +
                                            "='VBQuocHieu']") is not None else "party"


def heading(doc: DocxDocument, text: str, level: int = 1) -> Paragraph:
    """'I. KẾT QUẢ ...' (level 1), '1. Học tập ...' (2), 'a) ...' (3): kept with what follows."""
    return add_paragraph(doc, text, f"Heading {level}")


def paragraph(doc: DocxDocument, text: str = "", style: str = "VB Thân văn bản",
              bold_prefix: str = "") -> Paragraph:
    """A body paragraph; ``bold_prefix`` ('Họ và tên: ') is set in the bold character style."""
    p = add_paragraph(doc, "", style)
    if bold_prefix:
        add_run(p, bold_prefix, "VB Chữ đậm", doc)
    if text:
        p.add_run(text)
    return p


def field_line(doc: DocxDocument, label: str, value: str = "", *,
               bold_value: bool = False) -> Paragraph:
    """'Họ và tên: Nguyễn Văn An' on a form; an empty value leaves a dotted line to write on."""
    p = add_paragraph(doc, "", "VB Dòng điền")
    p.add_run(label)
    if value:
        add_run(p, value, "VB Chữ đậm" if bold_value else None, doc)
    else:
        p.add_run("\t")
    return p


def draft_paragraph(doc: DocxDocument, text: str) -> Paragraph:
    """A sentence drafted from the figures, for the secretary to edit.

    Printed shaded light yellow and preceded by "[Dự thảo – cần biên tập]" in bold italic. To
    finish a paragraph: delete the label and apply "VB Thân văn bản". To finish all at once:
    Find & Replace the label with nothing, then modify the style "VB Dự thảo" to drop the shading.
    """
    p = add_paragraph(doc, "", "VB Dự thảo")
    add_run(p, DRAFT_LABEL + " ", "VB Nhãn dự thảo", doc)
    p.add_run(text)
    return p


def dotted_lines(doc: DocxDocument, n: int = 3) -> list[Paragraph]:
    """``n`` dotted lines to write on (a right tab with a dot leader at the text edge), kept
    together on one page."""
    out = []
    for _ in range(n):
        p = add_paragraph(doc, "", "VB Dòng chấm")
        p.add_run("\t")
        out.append(p)
    keep_with_next(out[:-1])
    return out


def keep_with_next(paragraphs: Sequence[Paragraph]) -> None:
    """Keep each of ``paragraphs`` on the page of the paragraph (or table) that follows it."""
    for p in paragraphs:
        p.paragraph_format.keep_with_next = True


def note(doc: DocxDocument, text: str) -> Paragraph:
    return add_paragraph(doc, text, "VB Ghi chú")


def page_break(doc: DocxDocument) -> Paragraph:
    """A page break in a 1-pt paragraph, so no visible blank line is left on either page."""
    p = add_paragraph(doc, "", "VB Ngắt trang")
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


# ---------------------------------------------------------------- data tables

Align = Literal["left", "center"]


def table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[Any]],
          widths_mm: Sequence[float], font_size: float = 13, repeat_header: bool = True, *,
          total: Sequence[Any] | None = None, aligns: Sequence[Align] | None = None,
          keep_together: bool | None = None, note: str | None = None) -> Table:
    """A bordered table: header row (bold, centred, repeated on each printed page), rows that
    never split across pages, an optional bold total row.

    Widths are scaled to the text width when they add up to more. Text columns are left-aligned
    and numbers centred unless ``aligns`` says otherwise. A short table (≤ 4 rows under the
    header) is kept on one page; a longer one keeps its header with the first two rows and its
    last two rows together, so no page holds only a header or a single row. ``note`` is printed
    under the table (italic) and kept on the page of its last row.
    """
    ncols = len(header)
    if len(widths_mm) != ncols:
        raise ValueError(f"{ncols} columns but {len(widths_mm)} widths")
    avail = text_width(doc)
    widths = list(widths_mm)
    if sum(widths) > avail + 0.1:
        widths = [w * avail / sum(widths) for w in widths]
    body = [list(r) for r in rows]
    all_rows = body + ([list(total)] if total is not None else [])
    tbl = _new_table(doc, 1 + len(all_rows), ncols)
    _table_props(tbl, widths, borders=True)
    if aligns is None:
        aligns = [_column_align(h, [r[i] for r in body if i < len(r)])
                  for i, h in enumerate(header)]
    head_style = table_style(doc, " tiêu đề", font_size)
    for cell, text in zip(tbl.rows[0].cells, header):
        _fill(cell, [(text, head_style)], doc)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for r, values in enumerate(all_rows, start=1):
        is_total = total is not None and r == len(all_rows)
        for c, cell in enumerate(tbl.rows[r].cells):
            value = values[c] if c < len(values) else ""
            centred = aligns[c] == "center"
            variant = (" cộng giữa" if centred else " cộng") if is_total else \
                (" giữa" if centred else "")
            _fill(cell, [(cell_text(value), table_style(doc, variant, font_size))], doc)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    rows_all = list(tbl.rows)
    for row in rows_all:
        _row_flag(row, "w:cantSplit")
    if repeat_header:
        _row_flag(rows_all[0], "w:tblHeader")
    if keep_together is None:
        keep_together = len(all_rows) <= 4
    # a long table: the header with its first two rows, the last two rows together
    keep = set(range(len(rows_all) - 1)) if keep_together else {0, 1, len(rows_all) - 2}
    for i in keep:
        if 0 <= i < len(rows_all) - 1:
            for cell in rows_all[i].cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    if note:
        for cell in rows_all[-1].cells:
            keep_with_next(cell.paragraphs)
        add_paragraph(doc, note, "VB Ghi chú")
    return tbl


def _column_align(head: str, values: Sequence[Any]) -> Align:
    """Centred: the STT column and columns of numbers, percentages and "–"; else left."""
    def numeric(v: Any) -> bool:
        return isinstance(v, (int, float)) or cell_text(v) in ("", "–") or \
            str(v).endswith("%")
    if head.strip().upper() == "STT" or (values and all(numeric(v) for v in values)):
        return "center"
    return "left"


def space_after_table(doc: DocxDocument) -> None:
    """A 6-pt gap after a table (and the separator Word needs between two tables)."""
    p = add_paragraph(doc, "", "Normal")
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.line_spacing = Pt(6)


# ---------------------------------------------------------------- signature blocks

@dataclass(frozen=True)
class SignBox:
    """One signer: an optional date line, title lines (bold caps), an optional hint
    ("(Ký, ghi rõ họ tên)"), the space to sign and the name (may be empty: space kept)."""

    titles: tuple[str, ...]
    name: str = ""
    date_line: str | None = None
    hint: str | None = None
    lines_before: int = 0       # blank lines above the titles, to align with a date line opposite


def _sign_lines(box: SignBox) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = [("", "VB Chức danh ký")] * box.lines_before
    if box.date_line:
        lines.append((box.date_line, "VB Địa danh ngày tháng"))
    lines += [(t.upper(), "VB Chức danh ký") for t in box.titles]
    if box.hint:
        lines.append((box.hint, "VB Ghi chú ký"))
    lines.append((box.name, "VB Họ tên ký"))
    return lines


def sign_boxes(doc: DocxDocument, left: SignBox | None, right: SignBox,
               widths_mm: tuple[float, float] | None = None) -> Table:
    """Two signers side by side (left may be None: only the right one), one unsplittable row."""
    width = text_width(doc)
    widths = list(widths_mm or (width * 0.45, width * 0.55))
    tbl = _new_table(doc, 1, 2)
    _table_props(tbl, widths, borders=False, cell_margin_mm=0)
    lcell, rcell = tbl.rows[0].cells
    if left is not None:
        _fill(lcell, _sign_lines(left), doc)
    else:
        _blank_first_paragraph(lcell, doc, "VB Chức danh ký")
    _fill(rcell, _sign_lines(right), doc)
    _keep_inside(tbl)
    return tbl


def _keep_inside(tbl: Table, space_before_pt: float = 12) -> None:
    """Signature rows: never split, every paragraph kept with the next, some air above."""
    for cell in tbl.rows[0].cells:
        cell.paragraphs[0].paragraph_format.space_before = Pt(space_before_pt)
    for row in tbl.rows:
        _row_flag(row, "w:cantSplit")
        for cell in row.cells:
            for p in cell.paragraphs[:-1]:
                p.paragraph_format.keep_with_next = True


def recipients_and_signature(doc: DocxDocument, settings: DocSettings, *,
                             sign_hint: bool = False, archive: str = "Lưu VP.") -> Table:
    """'Nơi nhận:' (bold italic) and its list (12 pt, '- Lưu ...' last) bottom left; the signer
    bottom right (title lines bold caps, optional '(Ký, ghi rõ họ tên)', space, the name); one
    borderless row that is never split across pages."""
    width = text_width(doc)
    widths = [width * 0.45, width * 0.55]
    tbl = _new_table(doc, 1, 2)
    _table_props(tbl, widths, borders=False, cell_margin_mm=0)
    lcell, rcell = tbl.rows[0].cells
    recipients = [r for r in settings.recipients if r.strip()]
    if not any(r.lstrip("- ").startswith("Lưu") for r in recipients):
        recipients.append(archive)
    left = [("Nơi nhận:", "VB Nơi nhận")] + \
        [(r if r.startswith("-") else f"- {r}", "VB Nơi nhận danh sách") for r in recipients]
    _fill(lcell, left, doc)
    box = SignBox(tuple(settings.signer_lines), settings.signer_name,
                  hint="(Ký, ghi rõ họ tên)" if sign_hint else None)
    _fill(rcell, _sign_lines(box), doc)
    _keep_inside(tbl)
    return tbl
