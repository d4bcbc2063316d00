"""The docx engine: a new A4 document with the named styles every document uses, and the
deterministic, atomic save.

Every paragraph gets a *named style* ("VB Thân văn bản", "VB Dự thảo", "VB Tên loại" ...), never
direct formatting, so the secretary restyles a whole document by modifying one style in Word or
LibreOffice. The styles carry Times New Roman in all four font slots (ASCII, high ANSI, East
Asian, complex script) and no theme font: LibreOffice would otherwise swap a CJK fallback font in
for quotes and dashes, and a theme font wins over an explicit one.

``save`` writes atomically and deterministically: the same input gives a byte-identical .docx
(python-docx stamps zip members with the current time; the core properties are fixed from the
document date).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph

from toolkit.outputs.documents.settings import A4_HEIGHT_MM, A4_WIDTH_MM, DocSettings

FONT = "Times New Roman"
AUTHOR = "lamtheobac"

@dataclass(frozen=True)
class _Style:
    name: str
    style_id: str
    base: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    first_indent_mm: float | None = None
    before: float | None = None
    after: float | None = None
    keep_next: bool | None = None
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH


C = WD_ALIGN_PARAGRAPH.CENTER
J = WD_ALIGN_PARAGRAPH.JUSTIFY
L = WD_ALIGN_PARAGRAPH.LEFT

# name, id, based on, size, bold, italic, alignment, first-line indent, space before/after (pt)
STYLES: tuple[_Style, ...] = (
    _Style("VB Thân văn bản", "VBThan", "Normal", 14, align=J, first_indent_mm=10, after=6),
    _Style("VB Kết thúc", "VBKetThuc", "VB Thân văn bản", keep_next=True),
    _Style("VB Dự thảo", "VBDuThao", "VB Thân văn bản"),
    _Style("VB Dòng điền", "VBDongDien", "Normal", 14, align=L, after=3),
    _Style("VB Dòng chấm", "VBDongCham", "Normal", 14, align=L, after=3),
    _Style("VB Ghi chú", "VBGhiChu", "Normal", 13, italic=True, align=J, after=3),
    _Style("VB Tên loại", "VBTenLoai", "Normal", 15, bold=True, align=C, before=12, keep_next=True),
    _Style("VB Trích yếu", "VBTrichYeu", "Normal", 14, bold=True, align=C, keep_next=True),
    _Style("VB Dòng phụ", "VBDongPhu", "Normal", 14, italic=True, align=C, after=6,
           keep_next=True),
    _Style("VB Gạch trích yếu", "VBGachTrichYeu", "Normal", 14, align=C, after=6,
           keep_next=True),
    _Style("VB Cơ quan cấp trên", "VBCoQuanCapTren", "Normal", 14, align=C),
    _Style("VB Cơ quan ban hành", "VBCoQuanBanHanh", "Normal", 14, bold=True, align=C),
    _Style("VB Dấu sao", "VBDauSao", "Normal", 14, align=C),
    _Style("VB Số ký hiệu", "VBSoKyHieu", "Normal", 14, align=C),
    _Style("VB Đảng Cộng sản", "VBDangCongSan", "Normal", 15, bold=True, align=C),
    _Style("VB Quốc hiệu", "VBQuocHieu", "Normal", 12, bold=True, align=C),
    _Style("VB Tiêu ngữ", "VBTieuNgu", "Normal", 13, bold=True, align=C),
    _Style("VB Kẻ ngắn", "VBKeNgan", "Normal", 2, align=C, before=3),
    _Style("VB Địa danh ngày tháng", "VBDiaDanh", "Normal", 14, italic=True, align=C),
    _Style("VB Nơi nhận", "VBNoiNhan", "Normal", 12, bold=True, italic=True, align=L),
    _Style("VB Nơi nhận danh sách", "VBNoiNhanDS", "Normal", 12, align=L),
    _Style("VB Chức danh ký", "VBChucDanhKy", "Normal", 14, bold=True, align=C),
    _Style("VB Ghi chú ký", "VBGhiChuKy", "Normal", 14, italic=True, align=C),
    _Style("VB Họ tên ký", "VBHoTenKy", "Normal", 14, bold=True, align=C, before=66),
    _Style("VB Ngắt trang", "VBNgatTrang", "Normal", 1),
    _Style("VB Nhãn dự thảo", "VBNhanDuThao", None, bold=True, italic=True,
           kind=WD_STYLE_TYPE.CHARACTER),
    _Style("VB Chữ đậm", "VBChuDam", None, bold=True, kind=WD_STYLE_TYPE.CHARACTER),
)

# (style name suffix, bold, alignment) of the table cell styles; sizes are added on demand
TABLE_STYLES = {"": (False, L), " giữa": (False, C), " tiêu đề": (True, C), " cộng": (True, L),
                " cộng giữa": (True, C)}
TABLE_SIZES = (12, 13)         # dense tables: 12–13 pt (HD 36-HD/VPTW)
DRAFT_SHADING = "FFF2CC"     # light yellow: prints as a faint grey on a black-and-white printer


def _set_fonts(rpr: Any) -> None:
    """Times New Roman for the four font slots (ASCII, high ANSI, East Asian, complex script);
    theme fonts removed, since a theme font wins over an explicit one."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _doc_defaults(doc: DocxDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    # Widow/orphan control off: LibreOffice leaves a "keep with next" heading alone at the foot
    # of a page when the paragraph after it moves whole to the next page for widow control; a
    # stranded heading is worse than one line of a paragraph at the foot of a page
    widow = OxmlElement("w:widowControl")
    widow.set(qn("w:val"), "0")
    insert_ppr_child(ppr, widow)
    spacing = ppr.find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")


def _define(doc: DocxDocument, spec: _Style) -> None:
    styles = doc.styles
    st = styles.add_style(spec.name, spec.kind)
    st.style_id = spec.style_id
    if spec.base:
        st.base_style = styles[spec.base]
    st.quick_style = True
    font = st.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    _set_fonts(st.element.get_or_add_rPr())
    if spec.kind != WD_STYLE_TYPE.PARAGRAPH:
        return
    pf = st.paragraph_format
    if spec.align is not None:
        pf.alignment = spec.align
    if spec.first_indent_mm is not None:
        pf.first_line_indent = Mm(spec.first_indent_mm)
    if spec.before is not None:
        pf.space_before = Pt(spec.before)
    if spec.after is not None:
        pf.space_after = Pt(spec.after)
    if spec.keep_next is not None:
        pf.keep_with_next = spec.keep_next


# the order of w:pPr's children in the schema (Word rejects a file whose order is wrong)
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
             "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
             "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def insert_ppr_child(ppr: Any, el: Any) -> None:
    """Insert ``el`` into a w:pPr at its place in the schema order."""
    name = el.tag.split("}")[1]
    later = {qn(f"w:{t}") for t in PPR_ORDER[PPR_ORDER.index(name) + 1:]}
    for i, child in enumerate(ppr):
        if child.tag in later:
            ppr.insert(i, el)
            return
    ppr.append(el)


def _paragraph_border(ppr: Any, side: str, size_eighths: int = 6, space: int = 1) -> None:
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        insert_ppr_child(ppr, borders)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), "000000")
    borders.append(el)


def _shading(ppr: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    insert_ppr_child(ppr, shd)


def _define_styles(doc: DocxDocument, text_width_mm: float) -> None:
    _doc_defaults(doc)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    for spec in STYLES:
        _define(doc, spec)
    # built-in headings restyled (black, Times New Roman 14, indented like the body) so Word's
    # navigation pane and a table of contents still work
    for level, italic in ((1, False), (2, False), (3, True)):
        st = styles[f"Heading {level}"]
        st.font.size = Pt(14)
        st.font.bold = True
        st.font.italic = italic
        st.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(st.element.get_or_add_rPr())
        pf = st.paragraph_format
        pf.space_before = Pt(6)
        pf.space_after = Pt(6)
        pf.first_line_indent = Mm(10)
        pf.alignment = L           # justified caps headings stretch their spaces
        pf.keep_with_next = True
        pf.keep_together = True
    for name in ("Header", "Footer"):
        st = styles[name]
        st.font.size = Pt(14)
        _set_fonts(st.element.get_or_add_rPr())
        st.paragraph_format.alignment = C
    # the dotted line to write on: a right tab at the text edge with a dot leader
    dotted = styles["VB Dòng chấm"].paragraph_format
    dotted.tab_stops.add_tab_stop(Mm(text_width_mm - 0.5), WD_TAB_ALIGNMENT.RIGHT,
                                  WD_TAB_LEADER.DOTS)
    info = styles["VB Dòng điền"].paragraph_format
    info.tab_stops.add_tab_stop(Mm(text_width_mm - 0.5), WD_TAB_ALIGNMENT.RIGHT,
                                WD_TAB_LEADER.DOTS)
    # the draft: shaded paragraph, its label in a character style
    _shading(styles["VB Dự thảo"].element.get_or_add_pPr(), DRAFT_SHADING)
    # "ĐẢNG CỘNG SẢN VIỆT NAM" and the state motto carry their rule as a bottom border
    for name in ("VB Đảng Cộng sản", "VB Tiêu ngữ"):
        _paragraph_border(styles[name].element.get_or_add_pPr(), "bottom", 6, 1)
    _paragraph_border(styles["VB Kẻ ngắn"].element.get_or_add_pPr(), "bottom", 6, 0)
    page_break_style = styles["VB Ngắt trang"].paragraph_format
    page_break_style.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    page_break_style.line_spacing = Pt(1)


_STYLE_IDS: dict[str, str] = {}     # style name -> id: the same in every document built here


def style_id(doc: DocxDocument, name: str) -> str:
    """The id of the style called ``name``. Looking styles up through python-docx's
    ``doc.styles[name]`` or ``paragraph.style = name`` costs a scan of the ~300 template styles
    each time; one XPath look-up per name and this cache make a document ten times faster."""
    sid = _STYLE_IDS.get(name)
    if sid is None:
        el = doc.styles.element.get_by_name(BabelFish.ui2internal(name))
        if el is None:
            raise KeyError(f"no style {name!r}")
        sid = _STYLE_IDS[name] = el.styleId
    return sid


def add_paragraph(doc: DocxDocument, text: str = "", style: str = "Normal") -> Paragraph:
    p = doc.add_paragraph(text)
    p._p.style = style_id(doc, style)
    return p


def add_run(p: Paragraph, text: str, char_style: str | None, doc: DocxDocument) -> Any:
    r = p.add_run(text)
    if char_style:
        r._r.style = style_id(doc, char_style)
    return r


def table_style(doc: DocxDocument, variant: str = "", size: float = 13) -> str:
    """Name of the table-cell paragraph style ('VB Bảng tiêu đề 13' ...): those of
    :data:`TABLE_SIZES` are in every document, others are created on first use."""
    bold, align = TABLE_STYLES[variant]
    size_text = f"{size:g}".replace(".", ",")
    name = f"VB Bảng{variant} {size_text}"
    if name in _STYLE_IDS and size in TABLE_SIZES:
        return name
    if doc.styles.element.get_by_name(name) is None:
        sid = "VBBang" + {"": "", " giữa": "Giua", " tiêu đề": "TieuDe", " cộng": "Cong",
                          " cộng giữa": "CongGiua"}[variant] + size_text.replace(",", "_")
        _define(doc, _Style(name, sid, "Normal", size, bold=bold, align=align, before=1.5,
                            after=1.5))
    return name


# ---------------------------------------------------------------- the document

# the styled empty document, saved once per page geometry: defining the ~40 styles through
# python-docx costs 0.3 s, loading the saved result a tenth of that (a unit's self-reviews are
# dozens of documents)
_TEMPLATES: dict[tuple[bool, float, float, float, float], bytes] = {}


def new_document(settings: DocSettings, landscape: bool = False) -> DocxDocument:
    """An empty A4 document with the settings' margins and the named styles defined."""
    key = (landscape, settings.margin_top_mm, settings.margin_bottom_mm,
           settings.margin_left_mm, settings.margin_right_mm)
    data = _TEMPLATES.get(key)
    if data is None:
        buf = io.BytesIO()
        _styled_document(settings, landscape).save(buf)
        data = _TEMPLATES[key] = buf.getvalue()
    doc = Document(io.BytesIO(data))
    set_properties(doc, settings)
    return doc


def _styled_document(settings: DocSettings, landscape: bool) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(A4_HEIGHT_MM), Mm(A4_WIDTH_MM)
    else:
        section.page_width, section.page_height = Mm(A4_WIDTH_MM), Mm(A4_HEIGHT_MM)
    section.top_margin = Mm(settings.margin_top_mm)
    section.bottom_margin = Mm(settings.margin_bottom_mm)
    section.left_margin = Mm(settings.margin_left_mm)
    section.right_margin = Mm(settings.margin_right_mm)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    page_width = A4_HEIGHT_MM if landscape else A4_WIDTH_MM
    text = page_width - settings.margin_left_mm - settings.margin_right_mm
    _define_styles(doc, text)
    for size in TABLE_SIZES:           # the table cell styles, defined once here
        for variant in TABLE_STYLES:
            table_style(doc, variant, size)
    # python-docx's template carries a thumbnail of itself (a file browser would show it) and a
    # Word 2010 copy of the styles (stylesWithEffects) that would not carry the styles set here
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.rels.pop(rid)
    # the template's empty first paragraph, if any, would print a blank line at the top
    body = doc.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return doc


def text_width(doc: DocxDocument) -> float:
    s = doc.sections[-1]
    return (s.page_width - s.left_margin - s.right_margin) / 36000  # EMU -> mm


def page_numbers(doc: DocxDocument) -> None:
    """Page number centred at the top from page 2 on (the first page carries the header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False     # an empty first-page header
    p = section.header.paragraphs[0]
    p._p.style = style_id(doc, "Header")
    p.paragraph_format.alignment = C
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)



# ---------------------------------------------------------------- saving

def _fixed_time(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, 8, 0, 0)


def set_properties(doc: DocxDocument, settings: DocSettings, title_text: str = "") -> None:
    """Core properties fixed from the document date, so that a rebuild is byte-identical."""
    cp = doc.core_properties
    when = _fixed_time(settings.date)
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.title = title_text or settings.title
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""
    cp.language = "vi-VN"


ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _normalised_zip(raw: bytes) -> bytes:
    """The package re-zipped with fixed member times and attributes (python-docx stamps each
    member with the current time, so two saves a second apart differ)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, zin.read(item.filename), compresslevel=6)
    return out.getvalue()


def save(doc: DocxDocument, path: Path | str) -> Path:
    """Write ``doc`` to ``path`` atomically (a temporary file beside it, then renamed; a file
    open in Word or LibreOffice raises :class:`toolkit.common.fsutil.OutputLocked` and stays as
    it was) and deterministically: the core properties were fixed from the document date by
    :func:`new_document`, and the zip members get fixed times here."""
    from toolkit.common.fsutil import atomic_output
    path = Path(path)
    buf = io.BytesIO()
    doc.save(buf)
    data = _normalised_zip(buf.getvalue())
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
    return path
