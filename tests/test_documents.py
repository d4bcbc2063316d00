"""The Word documents (toolkit/outputs/documents) on real files.

Sample documents (tests/documents_samples.py: known figures, the 2025 template, the state header)
are read back with python-docx (styles, fonts, sizes, page setup, header, signature, page breaks)
and rebuilt for byte-identity; the demo's documents are checked against the store they come
from (people, actions, scores; the report's figures against the workbook report's); the PDFs of
the shared LibreOffice batch (tests/conftest.py) are checked page by page with poppler.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

import tests.documents_samples as sd
from tests.documents_samples import build_all
from toolkit.common.dates import document_date
from toolkit.common.numbers import percent, vn_int, vn_number
from toolkit.outputs.documents import styles
from toolkit.outputs.documents.blocks import DRAFT_LABEL
from toolkit.outputs.documents.pledge import write_pledges
from toolkit.outputs.documents.report import KeyFigure, figures_from_report_data
from toolkit.outputs.documents.self_review import PARTY_124, PARTY_366, STAFF, template_for
from toolkit.outputs.documents.settings import DocSettings
from toolkit.outputs.documents.styles import FONT

PARTY_DOCS = ("pledges", "review_party_124", "review_leader_366", "report_h1", "report_year")
STATE_DOCS = ("review_staff", "report_state")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# what must never print in a document people read (the print-preview tool's patterns, and more)
CODE = re.compile(r"\b[A-Z]{3,}(?:_[A-Z0-9]+)+\b")
ISO_PERIOD = re.compile(r"\b20\d\d-(?:Q[1-4]|H[12])\b")
DECIMAL_POINT = re.compile(r"(?<![\d.,/:-])\d{1,3}\.\d{1,2}(?![\d.])")
ENGLISH = re.compile(r"\b(?:None|nan|NaN|True|False|Q[1-4]|H[12]|qd124|qd366|party|state|"
                     r"year|page|Page)\b")


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="session")
def pdfs(lo_batch) -> dict[str, Path]:
    """The sample documents as printed by the shared LibreOffice batch."""
    missing = [n for n, p in lo_batch.sample_pdfs.items() if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return lo_batch.sample_pdfs


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def para_text(d: docx.document.Document) -> str:
    """Every paragraph of the body (tables included), one a line, its runs joined."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in d.element.body.iter(qn("w:p")))


def all_text(d: docx.document.Document) -> str:
    """Every paragraph of the body, tables included, in document order."""
    return "\n".join(t.text or "" for t in d.element.body.iter(qn("w:t")))


# ---------------------------------------------------------------- formatting helpers

def test_document_date_leading_zeros():
    for d, want in ((dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
                    (dt.date(2024, 2, 28), "ngày 28 tháng 02 năm 2024"),
                    (dt.date(2024, 3, 9), "ngày 09 tháng 3 năm 2024"),
                    (dt.date(2024, 12, 18), "ngày 18 tháng 12 năm 2024")):
        assert document_date("Bắc Giang", d) == f"Bắc Giang, {want}"


def test_vietnamese_numbers():
    assert vn_int(1036) == "1.036"
    assert vn_number(94.0) == "94,0"           # the digits kept: 94,0 beside 94,5
    assert vn_number(91.26) == "91,3"
    assert vn_number(1234.5) == "1.234,5"
    assert percent(46, 48) == "95,8%" and percent(12, 12) == "100,0%"
    assert percent(1, 0) == "–"


def test_number_lines():
    party = sd.party_settings(number="12")
    assert party.number_line() == "Số 12-BC/CB"
    assert sd.state_settings().number_line() == "Số: 125/BC-BQL"
    with pytest.raises(ValueError):
        DocSettings("a", "b", "c", dt.date(2024, 1, 1), header_kind="other")


# ---------------------------------------------------------------- read back with python-docx

def test_page_setup_a4_and_margins(built):
    for name, path in built.items():
        s = docx.Document(str(path)).sections[0]
        assert abs(s.page_width - Mm(210)) < Mm(0.1), name
        assert abs(s.page_height - Mm(297)) < Mm(0.1), name
        for got, want in ((s.top_margin, 25), (s.bottom_margin, 25), (s.left_margin, 35),
                          (s.right_margin, 15)):
            assert abs(got - Mm(want)) < Mm(0.1), (name, got, want)


def test_times_new_roman_in_every_font_slot(built):
    """docDefaults and every style: ASCII, high ANSI, East Asian and complex script all Times New
    Roman, no theme font (a theme font wins over the explicit one); no run sets a font itself."""
    for name, path in built.items():
        d = docx.Document(str(path))
        styles = d.styles.element
        defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        used = {el.get(qn("w:val")) for el in d.element.body.iter(qn("w:pStyle"), qn("w:rStyle"))}
        by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        chains = [defaults]
        for sid in used:
            st = by_id[sid]
            while st is not None:
                rpr = st.find(qn("w:rPr"))
                if rpr is not None:
                    chains.append(rpr)
                based = st.find(qn("w:basedOn"))
                st = by_id.get(based.get(qn("w:val"))) if based is not None else None
        for rpr in chains:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            assert not [a for a in fonts.attrib if "heme" in a], (name, fonts.attrib)
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert fonts.get(qn(f"w:{slot}")) == FONT, (name, slot)
        assert not list(d.element.body.iter(qn("w:rFonts"))), name


def test_named_styles_not_direct_run_formatting(built):
    """Runs carry at most a character style: the secretary restyles by modifying a style."""
    for name, path in built.items():
        d = docx.Document(str(path))
        for rpr in d.element.body.iter(qn("w:rPr")):
            if rpr.getparent().tag != qn("w:r"):
                continue
            assert {c.tag for c in rpr} <= {qn("w:rStyle")}, (name, [c.tag for c in rpr])
        names = {s.name for s in d.styles}
        for needed in ("VB Thân văn bản", "VB Dự thảo", "VB Tên loại", "VB Địa danh ngày tháng",
                       "VB Chức danh ký", "VB Nơi nhận"):
            assert needed in names, (name, needed)


def test_style_sizes(built):
    d = docx.Document(str(built["report_year"]))
    st = d.styles
    assert st["Normal"].font.size == Pt(14)
    assert st["VB Thân văn bản"].font.size == Pt(14)
    assert st["VB Đảng Cộng sản"].font.size == Pt(15) and st["VB Đảng Cộng sản"].font.bold
    assert st["VB Cơ quan cấp trên"].font.size == Pt(14) and not st["VB Cơ quan cấp trên"].font.bold
    assert st["VB Cơ quan ban hành"].font.size == Pt(14) and st["VB Cơ quan ban hành"].font.bold
    assert st["VB Địa danh ngày tháng"].font.size == Pt(14)
    assert st["VB Địa danh ngày tháng"].font.italic
    assert st["VB Tên loại"].font.size == Pt(15) and st["VB Tên loại"].font.bold
    assert st["VB Nơi nhận"].font.bold and st["VB Nơi nhận"].font.italic
    assert st["VB Nơi nhận danh sách"].font.size == Pt(12)
    table_sizes = {s.font.size.pt for s in st if s.name.startswith("VB Bảng")}
    assert table_sizes and table_sizes <= {12.0, 13.0}
    # the draft style is shaded, its label a bold italic character style
    ppr = st["VB Dự thảo"].element.find(qn("w:pPr"))
    assert ppr.find(qn("w:shd")) is not None
    assert st["VB Nhãn dự thảo"].font.bold and st["VB Nhãn dự thảo"].font.italic


def header_text(d) -> str:
    return flat(" ".join(c.text for c in d.tables[0]._cells))


def test_party_header(built):
    for name in PARTY_DOCS:
        d = docx.Document(str(built[name]))
        head = header_text(d)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in head, name
        assert "ĐẢNG ỦY CÁC CƠ QUAN TỈNH" in head and "CHI BỘ BAN QUẢN LÝ CÁC KCN" in head, name
        assert " * " in f" {head} ", name
        # the rule under "ĐẢNG CỘNG SẢN VIỆT NAM" is its paragraph's bottom border
        cell = d.tables[0].rows[0].cells[1]
        p = cell.paragraphs[0]
        assert p.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and p.style.name == "VB Đảng Cộng sản"
        assert p.style.element.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom")) \
            is not None
    report = header_text(docx.Document(str(built["report_year"])))
    assert "Số 25-BC/CB" in report
    assert "Bắc Giang, ngày 18 tháng 12 năm 2024" in report
    h1 = header_text(docx.Document(str(built["report_h1"])))
    assert "Số 12-BC/CB" in h1 and "Bắc Giang, ngày 20 tháng 6 năm 2024" in h1


def test_state_header(built):
    for name in STATE_DOCS:
        head = header_text(docx.Document(str(built[name])))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head, name
        assert "Độc lập - Tự do - Hạnh phúc" in head, name
        assert "ĐẢNG CỘNG SẢN" not in head, name
        assert "UBND TỈNH BẮC GIANG" in head and "BAN QUẢN LÝ CÁC KCN" in head, name
    assert "Số: 125/BC-BQL" in header_text(docx.Document(str(built["report_state"])))


def test_report_title_sections_and_signature(built):
    d = docx.Document(str(built["report_year"]))
    text = all_text(d)
    assert "BÁO CÁO" in text
    assert "Tổng kết năm 2024 việc học tập và làm theo" in text
    for section in ("I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN",
                    "1. Công tác học tập chuyên đề", "2. Xây dựng, bổ sung chuẩn mực đạo đức",
                    "3. Đăng ký và thực hiện việc làm theo", "4. Phong trào thi đua làm theo Bác",
                    "5. Công tác tuyên truyền", "6. Giáo dục đoàn viên thanh niên",
                    "7. Biểu dương, khen thưởng", "III. ĐÁNH GIÁ CHUNG", "1. Ưu điểm",
                    "2. Hạn chế", "3. Nguyên nhân", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025",
                    "V. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert section in text, section
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in heads
    signature = next(t for t in d.tables if "Nơi nhận:" in t._cells[0].text)
    sign = flat(" ".join(c.text for c in signature._cells))
    for part in ("Nơi nhận:", "- Đảng ủy các cơ quan tỉnh (b/c);", "- Lưu VP Chi bộ.",
                 "T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn Thành"):
        assert part in sign, part
    # the signature row never splits across pages
    assert signature.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    h1 = all_text(docx.Document(str(built["report_h1"])))
    assert "Sơ kết 6 tháng đầu năm 2024" in h1 and "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM" in h1
    assert "8. Kết quả đánh giá" not in h1


def test_report_figures_printed(built):
    text = flat(para_text(docx.Document(str(built["report_year"]))))
    f = sd.report_figures("year")
    assert f"{f.registered}/{f.people_total} người (95,8%)" in text
    assert "1.036 lượt người dự" in text
    assert "Việc làm theo đã hoàn thành đến hết quý IV: 95/126 (75,4%)" in text
    assert f"có {f.actions_exceeded} việc được đánh giá hoàn thành vượt mức" in text
    assert "Đề xuất biểu dương theo quý (quý I: 4 người; quý II: 5 người;" in text
    assert "Danh sách đề nghị biểu dương quý IV: 6 (5 cá nhân, 1 tập thể" in text
    assert "Đảng viên do Chi ủy xếp loại theo QĐ 124-QĐ/TW" in text
    assert "PHỤ LỤC. SỐ LIỆU CHÍNH VÀ CÁCH TÍNH" in text
    d = docx.Document(str(built["report_year"]))
    study = next(t for t in d.tables if t.rows[0].cells[0].text == "Phòng, đơn vị"
                 and t.rows[0].cells[1].text == "Quý I")
    assert [c.text for c in study.rows[-1].cells] == ["Cộng", "14", "14", "12", "14", "54", "60",
                                                      "90,0%"]
    pledges = next(t for t in d.tables if t.rows[0].cells[1].text == "Số người")
    assert [c.text for c in pledges.rows[-1].cells] == ["Cộng", "48", "46", "126", "95", "75,4",
                                                        "26"]
    ratings = next(t for t in d.tables if t.rows[0].cells[0].text == "Mức xếp loại (kết quả)")
    assert [c.text for c in ratings.rows[-1].cells] == ["Cộng", "32", "16", "5", "5"]


def test_draft_paragraphs_marked(built):
    d = docx.Document(str(built["report_year"]))
    drafts = [p for p in d.paragraphs if p.style.name == "VB Dự thảo"]
    assert len(drafts) >= 10
    for p in drafts:
        assert p.text.startswith(DRAFT_LABEL), p.text
        assert p.runs[0].style.name == "VB Nhãn dự thảo"
    # facts stated by the agency are not drafts
    assert any(p.style.name == "VB Thân văn bản" and "48 cán bộ" in p.text for p in d.paragraphs)


def test_data_tables_repeat_header_and_rows_do_not_split(built):
    d = docx.Document(str(built["report_year"]))
    bordered = [t for t in d.tables
                if t._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val"))
                == "single"]
    assert len(bordered) >= 6
    for t in bordered:
        rows = t.rows
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        widths = [c.get(qn("w:w")) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(int(w) for w in widths) - 160 * 56.6929) < 10   # the text width


def test_no_two_tables_touch(built):
    """Word and LibreOffice merge adjacent tables: a paragraph always stands between two."""
    for name, path in built.items():
        body = [el.tag for el in docx.Document(str(path)).element.body]
        for a, b in zip(body, body[1:]):
            assert not (a == b == qn("w:tbl")), name


def test_pledges_one_page_per_person(built):
    d = docx.Document(str(built["pledges"]))
    breaks = [br for br in d.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    assert len(breaks) == len(sd.PLEDGES) - 1
    text = all_text(d)
    title = "BẢN ĐĂNG KÝ VIỆC LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM 2024"
    assert text.count(title) == len(sd.PLEDGES)
    assert text.count("ĐẢNG CỘNG SẢN VIỆT NAM") == len(sd.PLEDGES)
    assert text.count("NGƯỜI ĐĂNG KÝ") == len(sd.PLEDGES)
    assert text.count("(Ký, ghi rõ họ tên)") == 2 * len(sd.PLEDGES)
    members = sum(p.party_member for p in sd.PLEDGES)
    assert text.count("XÁC NHẬN CỦA CHI ỦY") == members
    assert text.count("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ") == len(sd.PLEDGES) - members
    for person in sd.PLEDGES:
        assert person.name in text
        for a in person.actions:
            assert a.action in text and a.goal in text
    assert "30/09/2024" in text and "Không (quần chúng)" in text


def test_pledge_table_shrinks_to_12pt_then_flags(tmp_path):
    """3 long actions still fit one page at 12 pt; longer ones are flagged, not squeezed."""
    from toolkit.outputs.documents.pledge import PledgePerson, fits_one_page, table_font_size
    assert [table_font_size(p) for p in sd.PLEDGES] == [13, 13, 13, 12]
    mid = ("Chủ trì rà soát quy trình nội bộ giải quyết thủ tục đầu tư trong khu công nghiệp; đề "
           "xuất cắt giảm 20% thời gian giải quyết so với quy định",
           "Chất lượng và hiệu quả công việc",
           "Quyết định ban hành quy trình sửa đổi; báo cáo hằng quý", dt.date(2024, 10, 31))
    long = (mid[0] + "; tổ chức đối thoại với doanh nghiệp về kết quả cắt giảm", *mid[1:])
    person = PledgePerson("Nguyễn Thị Minh Nguyệt", "Phó Trưởng phòng", "Phòng Quản lý đầu tư",
                          True, (mid, mid, mid))
    assert table_font_size(person) == 12
    too_long = PledgePerson("Nguyễn Thị Minh Nguyệt", "Phó Trưởng phòng", "Phòng Quản lý đầu tư",
                            True, (long, long, long))
    assert not fits_one_page(too_long)
    path = write_pledges(tmp_path / "p.docx", sd.party_settings(), 2024, "Phòng", [person])
    d = docx.Document(str(path))
    by_id = {s.style_id: s for s in d.styles}
    used = {el.get(qn("w:val")) for el in d.element.body.iter(qn("w:pStyle"))}
    sizes = {by_id[i].font.size.pt for i in used if by_id[i].name.startswith("VB Bảng")}
    assert sizes == {12.0}


def test_pledges_from_rows_groups_actions_per_person():
    from toolkit.outputs.documents.pledge import pledges_from_rows
    rows = [{"name": "A", "position": "Chuyên viên", "unit": "Văn phòng", "party_member": 1,
             "action": "Việc 1", "standard": "C1", "goal": "M1", "deadline": "30/6/2024"},
            {"name": "B", "position": "Chuyên viên", "unit": "Văn phòng", "party_member": 0,
             "action": "Việc 3", "standard": "C3", "goal": "M3", "deadline": "Quý IV"},
            {"name": "A", "position": "Chuyên viên", "unit": "Văn phòng", "party_member": 1,
             "action": "Việc 2", "standard": "C2", "goal": "M2", "deadline": "Hằng tháng"}]
    people = pledges_from_rows(rows)
    assert [(p.name, p.party_member, [a.action for a in p.actions]) for p in people] == \
        [("A", True, ["Việc 1", "Việc 2"]), ("B", False, ["Việc 3"])]


def test_self_review_party_2024(built):
    d = docx.Document(str(built["review_party_124"]))
    text = all_text(d)
    assert template_for(sd.REVIEW_PARTY, "qd124") is PARTY_124
    for s in PARTY_124.sections:
        if s.kind not in ("sign_self",):
            assert s.heading in text, s.heading
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in text and "Năm 2024" in text
    assert "Chi bộ: Chi bộ Ban Quản lý các KCN" in flat(text.replace("\n", " "))
    # pre-filled commitment: actions, quarterly results, sessions, commendation, score
    for a in sd.REVIEW_PARTY.actions:
        assert a.action in text
    assert "Quý II: Đang thực hiện (70%)" in text and "Quý IV: chưa báo cáo" in text
    assert "dự 10/12 buổi" in text and "Quý II – hoàn thành số hóa hồ sơ trước hạn" in text
    assert "91,2" in text
    # the parts only the person writes are dotted lines
    dotted = [p for p in d.paragraphs if p.style.name == "VB Dòng chấm"]
    assert len(dotted) >= 15
    assert "NGƯỜI TỰ KIỂM ĐIỂM" in text and "Xếp loại đảng viên:" in text


def test_self_review_party_2025_scores_on_100_points(built):
    text = all_text(docx.Document(str(built["review_leader_366"])))
    assert template_for(sd.REVIEW_LEADER, "qd366").code == "Mẫu 2B-HD KĐ.ĐG 2025"
    assert "(Cá nhân giữ chức vụ lãnh đạo, quản lý)" in text
    for part in ("Nhóm tiêu chí chung", "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ",
                 "Tổng điểm", "Tự nhận mức xếp loại chất lượng"):
        assert part in text, part
    assert "Năm 2025" in text


def test_self_review_staff_form(built):
    d = docx.Document(str(built["review_staff"]))
    text = all_text(d)
    assert template_for(sd.REVIEW_STAFF, "qd124") is STAFF
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text and "Chi bộ:" not in text
    for s in STAFF.sections:
        if s.kind != "sign_self":
            assert s.heading in text, s.heading
    assert "NGƯỜI TỰ ĐÁNH GIÁ" in text and "Quý III – chậm nộp bài thu hoạch" in text
    assert PARTY_366.sections[0].heading == "I. Ưu điểm, kết quả đạt được"


def test_figures_from_report_data():
    """A ReportData-shaped object maps field by field, the key figures with the texts the
    workbook prints (Figure.text(), Figure.note())."""
    from toolkit.scoring.figures import Figure
    f = sd.report_figures("year")
    done = Figure("completion", "Việc làm theo đã hoàn thành", 95, 126,
                  "Việc được báo cáo Hoàn thành", dt.date(2024, 12, 31))
    quarter = Figure("quarter_commendations", "Đề xuất biểu dương quý IV/2024", 6, None,
                     "Điểm quý từ 90", dt.date(2024, 12, 31))
    rd = SimpleNamespace(
        quarters=[1, 2, 3, 4], people_total=f.people_total, party_members=f.party_members,
        youth_members=f.youth_members, studied=f.studied, attendance_total=f.attendance_total,
        sessions_total=f.sessions_total, sessions_by_venue=[list(x) for x in f.sessions_by_venue],
        registered=f.registered, actions_total=f.actions_total, actions_done=f.actions_done,
        actions_exceeded=f.actions_exceeded, people_all_done=f.people_all_done,
        units=[SimpleNamespace(code=f"U{i}", **{k: getattr(u, k) for k in (
            "name", "people", "registered", "actions", "done", "all_done", "sessions",
            "sessions_expected", "score")}) for i, u in enumerate(f.units)],
        emulation=list(f.emulation), propaganda_by_kind=list(f.propaganda_by_kind),
        propaganda_by_occasion=list(f.propaganda_by_occasion), youth_by_kind=list(f.youth_by_kind),
        diary_entries=f.diary_entries, diary_writers=f.diary_writers,
        golden_entries=f.golden_entries, commended=list(f.commended), reminded=list(f.reminded),
        missing_reports=list(f.missing_reports), no_pledge=list(f.no_pledge),
        no_pledge_units=["Phòng Kế hoạch – Tổng hợp"], figures={"completion": done},
        quarter_commendations=[quarter], commendations=None, ratings=None)
    got = figures_from_report_data(rd, org_short=f.org_short, study_topic=f.study_topic,
                                   theme=f.theme, standards_count=5, standards_version="2024")
    assert got.completion == KeyFigure("Việc làm theo đã hoàn thành", "95/126 (75,4%)",
                                       "Việc được báo cáo Hoàn thành; tính đến ngày 31/12/2024",
                                       95, 126)
    assert [k.text for k in got.key_figures] == ["95/126 (75,4%)", "6"]
    assert got.no_pledge_units == ("Phòng Kế hoạch – Tổng hợp",) and got.ratings is None
    same = ("people_total", "registered", "actions_total", "actions_done", "units", "emulation",
            "propaganda_by_kind", "commended", "reminded", "missing_reports", "no_pledge")
    assert all(getattr(got, k) == getattr(f, k) for k in same)


ORDERS = {
    "pPr": styles.PPR_ORDER,
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
            "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
            "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
            "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
            "eastAsianLayout", "specVanish", "oMath"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
              "tblLayout", "tblCellMar", "tblLook"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
             "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"),
}


def test_ooxml_child_order(built):
    """Property elements in schema order in the body and the styles: Word refuses a file
    ("unreadable content") where LibreOffice is lenient."""
    from lxml import etree
    for name, path in built.items():
        with zipfile.ZipFile(path) as z:
            for part in ("word/document.xml", "word/styles.xml", "word/header1.xml",
                         "word/header2.xml"):
                if part not in z.namelist():
                    continue
                root = etree.fromstring(z.read(part))
                for tag, order in ORDERS.items():
                    for el in root.iter(W + tag):
                        seq = [c.tag.split("}")[1] for c in el if isinstance(c.tag, str)]
                        known = [t for t in seq if t in order]
                        assert known == sorted(known, key=order.index), (name, part, tag, seq)


# ---------------------------------------------------------------- saving

def test_rebuild_is_byte_identical(built, tmp_path):
    time.sleep(1.1)         # zip member times would differ by now if they were not fixed
    again = build_all(tmp_path / "again")
    for name, path in built.items():
        assert path.read_bytes() == again[name].read_bytes(), name
    with zipfile.ZipFile(again["report_year"]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        assert "word/stylesWithEffects.xml" not in z.namelist()
    core = docx.Document(str(again["report_year"])).core_properties
    assert core.author == "lamtheobac" and core.last_modified_by == "lamtheobac"
    assert core.created.replace(tzinfo=None) == dt.datetime(2024, 12, 18, 8, 0)
    assert core.modified == core.created
    assert core.revision == 1


def test_save_is_atomic_and_overwrites(tmp_path):
    settings = sd.party_settings()
    target = tmp_path / "dang-ky.docx"
    target.write_bytes(b"old")
    write_pledges(target, settings, 2024, "Văn phòng", sd.PLEDGES[:1])
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dang-ky.docx"]   # no temp file left
    with pytest.raises(ValueError):
        write_pledges(tmp_path / "none.docx", settings, 2024, "Văn phòng", [])
    assert not (tmp_path / "none.docx").exists()


# ---------------------------------------------------------------- printed (LibreOffice → PDF)

def test_pdf_pages_a4_and_fonts(pdfs):
    for name, pdf in pdfs.items():
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", str(pdf)], capture_output=True,
                              text=True, check=True).stdout
        sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)
        assert sizes, name
        for w, h in sizes:
            assert abs(float(w) - 595.3) < 3 and abs(float(h) - 841.9) < 3, (name, w, h)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        names = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in fonts if line.strip()}
        assert names and all(re.match(r"(TimesNewRoman|LiberationSerif|Tinos)", n)
                             for n in names), (name, names)


def test_pdf_pledge_one_page_per_person(pdfs):
    pages = pages_text(pdfs["pledges"])
    assert len(pages) == len(sd.PLEDGES)
    for page, person in zip(pages, sd.PLEDGES):
        text = flat(page)
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert "NGƯỜI ĐĂNG KÝ" in text and person.name in text
        assert "(Ký, ghi rõ họ tên)" in text


def test_pdf_header_and_signature_on_the_pages(pdfs):
    expected_last = {
        "pledges": sd.PLEDGES[-1].name, "review_party_124": "Nguyễn Văn Thành",
        "review_leader_366": "Nguyễn Văn Thành", "review_staff": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "report_h1": "Nguyễn Văn Thành", "report_year": "Nguyễn Văn Thành",
        "report_state": "Nguyễn Xuân Ngọc"}
    for name, pdf in pdfs.items():
        pages = pages_text(pdf)
        first = flat(pages[0])
        national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" if name in STATE_DOCS \
            else "ĐẢNG CỘNG SẢN VIỆT NAM"
        assert national in first, name
        signed = pages[-1]
        if name.startswith("report"):
            # the key figures' annex follows the signature, on a page of its own
            annex = next(i for i, p in enumerate(pages) if "PHỤ LỤC. SỐ LIỆU CHÍNH" in flat(p))
            assert re.match(r"(\d+ )?PHỤ LỤC\.", flat(pages[annex]).strip()), name
            signed = pages[annex - 1]
            assert "Nơi nhận:" in flat(signed), name
        assert expected_last[name] in flat(signed), name
        # no page holds only a heading, a table header or a line or two
        for i, page in enumerate(pages, 1):
            lines = [ln for ln in page.splitlines() if ln.strip() and not ln.strip().isdigit()]
            assert len(lines) >= 3, (name, i, lines)


def test_pdf_no_heading_stranded_at_a_page_foot(built, pdfs):
    """Headings are kept with what follows: no page ends with a heading's first line."""
    for name, pdf in pdfs.items():
        d = docx.Document(str(built[name]))
        heads = [flat(p.text)[:25] for p in d.paragraphs
                 if p.style.name.startswith("Heading") and len(p.text) > 3]
        for i, page in enumerate(pages_text(pdf)[:-1], 1):
            lines = [flat(ln).strip() for ln in page.splitlines() if ln.strip()]
            last = lines[-1] if lines else ""
            assert not any(last.startswith(h) or h.startswith(last[:25]) and len(last) > 12
                           for h in heads), (name, i, last)


def test_pdf_page_counts(pdfs):
    counts = {name: len(pages_text(pdf)) for name, pdf in pdfs.items()}
    assert counts["pledges"] == len(sd.PLEDGES)
    for name in ("review_party_124", "review_leader_366", "review_staff"):
        assert 2 <= counts[name] <= 5, counts
    for name in ("report_h1", "report_year", "report_state"):
        assert 3 <= counts[name] <= 7, counts


def test_pdf_no_english_codes_or_decimal_points(pdfs):
    for name, pdf in pdfs.items():
        text = "\n".join(pages_text(pdf))
        for pattern in (CODE, ISO_PERIOD, DECIMAL_POINT, ENGLISH):
            found = pattern.findall(text)
            assert not found, (name, pattern.pattern, found[:5])


# ---------------------------------------------------------------- wired to the demo's store

def test_demo_pledge_documents_hold_each_valid_pledge(demo_ws):
    """One .docx per unit with a valid pledge, a page per person with their registered actions,
    in the roster's order; the unit whose pledge never came has none. Someone whose number of
    actions is outside the rule (the demo plants one with 1 and one with 4) is not printed."""
    from toolkit.scoring.quarter_data import registered_actions
    folder = demo_ws.out / "van-ban" / "dang-ky-2024"
    roster = demo_ws.roster()
    low, high = demo_ws.config.min_actions, demo_ws.config.max_actions
    with demo_ws.store() as store:
        registered = registered_actions(store, 2024)
    outside = {pid for pid, regs in registered.items() if regs and not low <= len(regs) <= high}
    assert outside                                  # the demo plants them
    files = sorted(folder.glob("*.docx"))
    units_with = {p.unit for pid, regs in registered.items() if regs and pid not in outside
                  for p in [roster.people[pid]]}
    assert len(files) == len(units_with) and len(files) < len(roster.units)
    printed = " ".join(para_text(docx.Document(str(path))) for path in files)
    for pid in outside:
        assert f"Họ và tên: {roster.people[pid].name}" not in printed, pid
    for path in files:
        code = path.stem.split("-")[3]
        d = docx.Document(str(path))
        text = para_text(d)
        people = [p for p in roster.people_of(code)
                  if registered.get(p.person_id) and p.person_id not in outside]
        breaks = [b for b in d.element.body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
        assert len(breaks) == len(people) - 1, path.name
        assert text.count("ĐẢNG CỘNG SẢN VIỆT NAM") == len(people)
        assert text.count("NGƯỜI ĐĂNG KÝ") == len(people)
        positions = [text.index(f"Họ và tên: {p.name}") for p in people]
        assert positions == sorted(positions), path.name          # roster order
        for p in people:
            for reg in registered[p.person_id]:
                assert reg.action in text
                if reg.deadline:
                    assert reg.deadline.strftime("%d/%m/%Y") in text
        # the standard prints by its name, never the catalogue's code ("TN. ...", "QD144-3")
        assert not re.search(r"\b(?:TN|KL|CL|DD|QD144-\d)\.", text), path.name
        assert "Căn cứ Kế hoạch học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh " \
               "năm 2024 của Chi bộ Ban Quản lý các KCN" in flat(text)


def test_demo_pledge_pdfs_one_page_per_person(demo_ws):
    from toolkit.outputs.documents.pdf import soffice
    folder = demo_ws.out / "van-ban" / "dang-ky-2024"
    if soffice() is None:
        assert not list(folder.glob("*.pdf"))
        pytest.skip("LibreOffice not installed: the demo made no PDF (checked)")
    for path in sorted(folder.glob("*.docx")):
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), pdf
        pages = pages_text(pdf)
        n = sum(1 for b in docx.Document(str(path)).element.body.iter(qn("w:br"))
                if b.get(qn("w:type")) == "page") + 1
        assert len(pages) == n, path.name
        for page in pages:
            text = flat(page)
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "NGƯỜI ĐĂNG KÝ" in text
            assert "(Ký, ghi rõ họ tên)" in text
            for pattern in (CODE, ISO_PERIOD, DECIMAL_POINT, ENGLISH):
                assert not pattern.findall(text), (path.name, pattern.pattern)


def test_demo_self_reviews_prefilled_from_the_year(demo_ws):
    """A .docx per person; party members on the party template of the year's rule set (QĐ 124
    for 2024), staff on the agency's form; the actions, quarter results and scores are the
    store's. (The demo writes them in December, before the fourth quarter's reports: what the
    first three quarters said is checked, and the fourth shows as not reported.)"""
    from toolkit.common.numbers import vn_number
    from toolkit.outputs.documents.sources import review_people
    base = demo_ws.out / "van-ban" / "kiem-diem-2024"
    roster = demo_ws.roster()
    files = sorted(base.glob("*/*.docx"))
    assert len(files) == len(roster.people)
    code = next(iter(roster.units))
    people = {p.person_id: p for p in review_people(demo_ws, code)}
    checked = {"party": 0, "staff": 0, "score": 0, "actions": 0}
    for path in sorted(base.glob(f"{code}-*/*.docx")):
        pid = path.stem.split("-")[3]
        person, review = roster.people[pid], people[pid]
        text = para_text(docx.Document(str(path)))
        assert person.name in text and "BẢN KIỂM ĐIỂM CÁ NHÂN" in text
        if person.party_member:
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "NGƯỜI TỰ KIỂM ĐIỂM" in text
            assert "Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm" in text
            assert "Chi bộ: Chi bộ Ban Quản lý các KCN" in flat(text)
            checked["party"] += 1
        else:
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ĐẢNG CỘNG SẢN" not in text
            assert "UBND TỈNH BẮC GIANG" in text and "NGƯỜI TỰ ĐÁNH GIÁ" in text
            checked["staff"] += 1
        for action in review.actions:
            assert action.action in text
            for q, result in enumerate(action.quarters[:3]):
                if result:
                    assert f"Quý {'I II III'.split()[q]}: {result}" in text
            assert "Quý IV: chưa báo cáo" in text
            checked["actions"] += 1
        if review.scores is not None:
            shown = [vn_number(x) for x in review.scores.quarter_scores[:3] if x is not None]
            score_row = next(ln for ln in text.splitlines() if ln == "Điểm quý, điểm năm")
            assert score_row and all(v in text for v in shown), (path.name, shown)
            checked["score"] += 1
    assert all(checked.values()), checked


def test_demo_self_review_rule_set_follows_the_year(demo_ws, tmp_path):
    """The same person under QĐ 366 (rule_set set to qd366) gets the 100-point form."""
    from toolkit.outputs.documents.self_review import write_self_review
    from toolkit.outputs.documents.settings import settings_from_config
    from toolkit.outputs.documents.sources import review_people, rule_set
    assert rule_set(demo_ws.config, 2024) == "qd124"
    assert rule_set(demo_ws.config, 2025) == "qd366"
    member = next(p for p in review_people(demo_ws, next(iter(demo_ws.roster().units)))
                  if p.party_member)
    path = write_self_review(tmp_path / "k.docx",
                             settings_from_config(demo_ws.config, dt.date(2025, 12, 1)),
                             member, 2025, "qd366")
    text = all_text(docx.Document(str(path)))
    assert "Nhóm tiêu chí chung" in text and "Tổng điểm" in text and "Năm 2025" in text


def _numbers(text: str) -> list[float]:
    """Every figure of a text as a number, read the Vietnamese way (1.036 and 94,5)."""
    out = []
    for token in re.findall(r"\d[\d.]*(?:,\d+)?", text):
        token = token.rstrip(".")
        out.append(float(token.replace(".", "").replace(",", ".")))
    return out


def _cell_number(value) -> float | str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)):
        return float(value)
    found = _numbers(str(value))
    return found[0] if len(found) == 1 and re.fullmatch(r"[\d.,%]+", str(value).strip()) \
        else str(value).strip()


def _xlsx_tables(path: Path) -> list[list[list]]:
    """The report workbook's tables: runs of bordered rows, the first being the header."""
    import openpyxl
    from openpyxl.cell.cell import MergedCell
    ws = openpyxl.load_workbook(path).worksheets[0]
    tables, current = [], None
    for row in ws.iter_rows():
        cells = [c for c in row if c.border.left.style and not isinstance(c, MergedCell)]
        if cells:
            if current is None:
                current = []
                tables.append(current)
            current.append(["" if c.value is None else c.value for c in cells])
        else:
            current = None
    return tables


def _docx_tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    out = []
    for t in d.tables:
        top = t._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top"))
        if top.get(qn("w:val")) == "single":
            out.append([[c.text for c in r.cells] for r in t.rows])
    return out


@pytest.mark.parametrize("stem", ["bao-cao-so-ket-2024-H1", "bao-cao-tong-ket-2024"])
def test_report_docx_figures_equal_the_workbook(demo_ws, stem):
    """Both forms of a report print the same figures: every table of the workbook report is in
    the Word report with the same numbers, and every count and share of its sentences ("66/77",
    "85,7%") is in the Word report's text."""
    import openpyxl
    folder = demo_ws.out / "bao-cao"
    xlsx, word = folder / f"{stem}.xlsx", folder / f"{stem}.docx"
    w_tables = [[[_cell_number(v) for v in row] for row in t] for t in _docx_tables(word)]
    x_tables = [[[_cell_number(v) for v in row] for row in t] for t in _xlsx_tables(xlsx)]
    assert len(x_tables) >= 5
    for table in x_tables:
        assert table in w_tables, table[0]
    x_text = "\n".join(str(c.value) for row in openpyxl.load_workbook(xlsx).worksheets[0]
                       .iter_rows() for c in row if isinstance(c.value, str))
    w_text = flat(para_text(docx.Document(str(word))))
    shares = set(re.findall(r"\d+/\d+|\d+(?:,\d+)?%", x_text))
    assert len(shares) >= 6
    missing = {s for s in shares if s not in w_text}
    assert not missing, missing


def test_report_docx_party_document(demo_ws):
    d = docx.Document(str(demo_ws.out / "bao-cao" / "bao-cao-tong-ket-2024.docx"))
    head = header_text(d)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in head and "Số 03-BC/CB" in head
    assert "Bắc Giang, ngày 12 tháng 02 năm 2025" in head
    signature = next(t for t in d.tables if "Nơi nhận:" in t._cells[0].text)
    sign = flat(" ".join(c.text for c in signature._cells))
    assert "Nơi nhận:" in sign and "T/M CHI BỘ" in sign and "Nguyễn Văn Thành" in sign
    text = all_text(d)
    assert "8. Kết quả đánh giá, xếp loại cuối năm" in text
    for pattern in (CODE, ISO_PERIOD):
        assert not pattern.findall(text)


def test_documents_command(demo_ws, tmp_path):
    """The command on a copy of the demo: one unit, no PDF; a unit that never sent its pledge
    exits 1 and says so; an unknown unit is misuse."""
    import json
    import shutil

    from click.testing import CliRunner

    from toolkit.cli.main import main
    root = tmp_path / "ws"
    shutil.copytree(demo_ws.root, root, ignore=shutil.ignore_patterns("out", "archive", "inbox"))
    runner = CliRunner()
    res = runner.invoke(main, ["documents", "-w", str(root), "--form", "pledge", "--unit", "VP",
                               "--no-pdf", "--date", "25/03/2024", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [Path(f).name for f in out["files"]] == ["dang-ky-2024-VP-Văn phòng.docx"]
    assert out["pdfs"] == [] and out["people"] > 0
    missing = [c for c in demo_ws.roster().units
               if not (demo_ws.out / "van-ban" / "dang-ky-2024").glob(f"dang-ky-2024-{c}-*")
               or not list((demo_ws.out / "van-ban" / "dang-ky-2024").glob(f"dang-ky-2024-{c}-*"))]
    assert len(missing) == 1
    res = runner.invoke(main, ["documents", "-w", str(root), "--form", "pledge", "--unit",
                               missing[0], "--no-pdf"])
    assert res.exit_code == 1 and "Chưa có bản đăng ký hợp lệ" in res.output
    # a unit with someone whose number of actions is outside the rule: printed without them,
    # and the command names them
    from toolkit.scoring.quarter_data import registered_actions
    roster = demo_ws.roster()
    with demo_ws.store() as store:
        registered = registered_actions(store, 2024)
    low, high = demo_ws.config.min_actions, demo_ws.config.max_actions
    held = next(pid for pid, regs in registered.items() if regs and not low <= len(regs) <= high)
    person = roster.people[held]
    res = runner.invoke(main, ["documents", "-w", str(root), "--form", "pledge", "--unit",
                               person.unit, "--no-pdf"])
    assert res.exit_code == 0, res.output
    assert "Chưa in bản đăng ký của" in res.output
    assert f"{person.name} ({roster.units[person.unit].name}): {len(registered[held])} việc, " \
           f"cần từ {low} đến {high}" in res.output
    res = runner.invoke(main, ["documents", "-w", str(root), "--form", "self-review", "--unit",
                               "VP"])
    assert res.exit_code == 0 and "Đã lập bản kiểm điểm cá nhân năm 2024" in res.output
    res = runner.invoke(main, ["documents", "-w", str(root), "--form", "pledge", "--unit", "ZZ"])
    assert res.exit_code == 2


def test_demo_documents_print_with_header_and_signature(lo_batch):
    """The demo's Word reports and self-reviews, printed by LibreOffice: the party (or, for
    staff, the state) header on the first page, the signature on the last, no English code."""
    printed = {name: pdf for name, pdf in lo_batch.pdfs.items() if name.endswith(".docx")}
    kinds = {"report": 0, "review": 0}
    roster = lo_batch.workspace.roster()
    for name, pdf in printed.items():
        pages = pages_text(pdf)
        first, last = flat(pages[0]), flat(pages[-1])
        if "/bao-cao/" in name:
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "BÁO CÁO" in first, name
            # the key figures' annex starts a page of its own, after the signed one
            annex = next(i for i, p in enumerate(pages) if "PHỤ LỤC. SỐ LIỆU CHÍNH" in flat(p))
            assert re.match(r"(\d+ )?PHỤ LỤC\.", flat(pages[annex]).strip()), name
            signed = flat(pages[annex - 1])
            assert "Nơi nhận:" in signed and "T/M CHI BỘ" in signed and "Nguyễn Văn Thành" in signed
            kinds["report"] += 1
        else:
            person = roster.people[Path(name).stem.split("-")[3]]
            national = "ĐẢNG CỘNG SẢN VIỆT NAM" if person.party_member else \
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            assert national in first and "BẢN KIỂM ĐIỂM CÁ NHÂN" in first, name
            signer = "NGƯỜI TỰ KIỂM ĐIỂM" if person.party_member else "NGƯỜI TỰ ĐÁNH GIÁ"
            assert signer in flat(" ".join(pages)) and person.name in flat(" ".join(pages))
            assert ("T/M CHI BỘ" if person.party_member else "THỦ TRƯỞNG CƠ QUAN") in last
            kinds["review"] += 1
        text = "\n".join(pages)
        for pattern in (CODE, ISO_PERIOD, DECIMAL_POINT, ENGLISH):
            assert not pattern.findall(text), (name, pattern.pattern)
    assert kinds["report"] == 2 and kinds["review"] >= 3, kinds
