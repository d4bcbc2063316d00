"""The rating workbook leadership decides on, one per year: a summary sheet (signed), then one
sheet per population — party members (rated by the cell under the party's rule), staff (every
employee, evaluated by the agency), party groups and the cell, units — each with the proposals
(locked) and the decision, reason and note columns (drop-downs). Written by ``lamtheobac rate``
(outputs/rating_sheet.py), read back like any form when it comes back to the inbox; a decision row
keys on the person id (or the party group, the cell, the unit code).

A decision can be changed by a later sheet, and withdrawn with :data:`WITHDRAW`; a blank cell
decides nothing and withdraws nothing.
"""

from __future__ import annotations

from toolkit.forms.spec import CHOICE, ID, LONG, NUMBER, TEXT, Field, Form, Table
from toolkit.forms.year_review import LEVEL_LABELS

DECISION_REASONS = (
    "Thống nhất với đề xuất",
    "Vượt tỉ lệ xuất sắc, xếp mức tốt",
    "Thành tích nổi bật, nâng mức",
    "Tự phát hiện, khắc phục xong vi phạm",
    "Chưa đủ tiêu chí theo đánh giá của Chi ủy",
    "Đã có đủ thông tin để xếp loại",
    "Khác (ghi rõ ở cột Ghi chú)",
)
AGREE = DECISION_REASONS[0]
WITHDRAW = "Rút quyết định đã ghi (xét lại)"
DECISION_LEVELS = (*LEVEL_LABELS, WITHDRAW)
CELL_ID = "Chi bộ"                       # the cell's code on the party groups' sheet
PARTY_BODY = "Chi ủy"                   # who decides for party members, groups and the cell
AGENCY_BODY = "cơ quan"                 # the agency's leaders: staff and units
# the rows of the "Xác nhận" sheet: who signs for which decisions
APPROVAL_ROWS = {PARTY_BODY: "Chi ủy (đảng viên, tổ đảng, chi bộ)",
                 AGENCY_BODY: "Lãnh đạo cơ quan (CB, CC, VC, người lao động; tập thể đơn vị)"}


def _decision(body: str) -> Field:
    return Field("decision", f"Quyết định của {body}", CHOICE, width=11,
                 choices="decision_levels",
                 aliases=("Quyết định của Chi ủy", "Quyết định của cơ quan", "Quyết định",
                          "Mức quyết định"), english="Decision",
                 help="Chọn mức quyết định; dòng để trống là chưa quyết định. Muốn xét lại một "
                      f"quyết định đã gửi, chọn \"{WITHDRAW}\".")


REASON = Field("decision_reason", "Lý do quyết định", CHOICE, width=12, choices="decision_reasons",
               aliases=("Lý do",), english="Reason",
               help="Chọn lý do; bắt buộc khi quyết định khác đề xuất.")
NOTE = Field("decision_note", "Ghi chú", TEXT, width=8, max_len=500, english="Note")


def _display(key: str, header: str, width: float, kind: str = TEXT, english: str = "",
             aliases: tuple[str, ...] = ()) -> Field:
    return Field(key, header, kind, width=width, prefill=True, english=english, aliases=aliases)


PARTY = Table(
    key="party",
    sheet="Đảng viên",
    aliases=("Dang vien", "Party members"),
    title="PHỤ LỤC 1. ĐỀ XUẤT XẾP LOẠI ĐẢNG VIÊN NĂM {year}",
    person_field="person_id",
    blank_rows=0,
    fields=(
        Field("person_id", "Mã cán bộ", ID, required=True, width=7, prefill=True,
              aliases=("Mã CB",), english="Person ID"),
        _display("name", "Họ và tên", 14, english="Full name"),
        _display("score", "Điểm năm", 5.5, NUMBER, english="Year score"),
        _display("blockers", "Vướng", 10, english="Blockers"),
        _display("cap", "Mức tối đa", 6.5, english="Cap"),
        _display("proposal", "Đề xuất", 11, english="Proposal"),
        _display("quota", "Tỉ lệ xuất sắc", 9, english="Quota"),
        _display("reasons", "Lý do đề xuất", 46, LONG, english="Reasons"),
        _decision(PARTY_BODY),
        REASON,
        NOTE,
    ),
)

STAFF = Table(
    key="staff",
    sheet="CB, CC, VC, người lao động",
    aliases=("CB CC VC nguoi lao dong", "Staff"),
    title="PHỤ LỤC 2. ĐỀ XUẤT ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC, NGƯỜI LAO ĐỘNG "
          "NĂM {year}",
    person_field="person_id",
    blank_rows=0,
    fields=(
        Field("person_id", "Mã cán bộ", ID, required=True, width=7, prefill=True,
              aliases=("Mã CB",), english="Person ID"),
        _display("name", "Họ và tên", 14, english="Full name"),
        _display("member", "Đảng viên", 5.5, english="Party member"),
        _display("score", "Điểm năm", 5.5, NUMBER, english="Year score"),
        _display("blockers", "Vướng", 10, english="Blockers"),
        _display("cap", "Mức tối đa", 6.5, english="Cap"),
        _display("proposal", "Đề xuất", 11, english="Proposal"),
        _display("quota", "Tỉ lệ xuất sắc (NĐ 48)", 9, english="Share check"),
        _display("reasons", "Lý do đề xuất", 42, LONG, english="Reasons"),
        _decision(AGENCY_BODY),
        REASON,
        NOTE,
    ),
)


def _collective(key: str, sheet: str, aliases: tuple[str, ...], title: str,
                id_header: str, body: str) -> Table:
    return Table(
        key=key, sheet=sheet, aliases=aliases, title=title, blank_rows=0, required=False,
        fields=(
            Field("subject_id", id_header, ID, required=True, width=9, prefill=True,
                  english="Code"),
            _display("name", "Tên", 15, english="Name"),
            _display("score", "Điểm năm", 5.5, NUMBER, english="Year score"),
            _display("members", "Thành viên", 11, english="Members"),
            _display("blockers", "Vướng", 10, english="Blockers"),
            _display("cap", "Mức tối đa", 6.5, english="Cap"),
            _display("proposal", "Đề xuất", 11, english="Proposal"),
            _display("quota", "Tỉ lệ xuất sắc", 9, english="Quota"),
            _display("reasons", "Lý do đề xuất", 38, LONG, english="Reasons"),
            _decision(body),
            REASON,
            NOTE,
        ))


GROUPS = _collective("groups", "Tổ đảng, chi bộ", ("To dang, chi bo", "Party groups"),
                     "PHỤ LỤC 3. ĐỀ XUẤT XẾP LOẠI TỔ ĐẢNG VÀ CHI BỘ NĂM {year}", "Tổ đảng / chi bộ",
                     PARTY_BODY)
UNITS = _collective("units", "Tập thể đơn vị", ("Tap the don vi", "Units"),
                    "PHỤ LỤC 4. ĐỀ XUẤT ĐÁNH GIÁ TẬP THỂ PHÒNG, ĐƠN VỊ NĂM {year}", "Mã đơn vị",
                    AGENCY_BODY)

APPROVAL = Table(
    key="approval",
    sheet="Xác nhận",
    aliases=("Xac nhan", "Approval"),
    title="XÁC NHẬN QUYẾT ĐỊNH XẾP LOẠI NĂM {year}",
    blank_rows=0,
    required=False,
    fields=(
        Field("body", "Cấp quyết định", TEXT, width=30, prefill=True, english="Decided by"),
        Field("decided_by", "Người ký", TEXT, width=24, aliases=("Người ký (Chi ủy)",),
              english="Signed by", help="Họ tên người ký thay mặt cấp quyết định."),
        Field("role", "Chức vụ", TEXT, width=18, english="Role"),
        Field("decided_on", "Ngày quyết định", TEXT, width=14, english="Date",
              help="Ngày/tháng/năm họp quyết định. Để trống: tính ngày văn phòng nhận lại "
                   "bảng."),
        Field("proposal_date", "Ngày lập bảng đề xuất", TEXT, width=14, prefill=True,
              english="Proposal date"),
    ),
)

RATING = Form(
    id="rating",
    version=2,
    name="Bảng xếp loại cuối năm",
    title="ĐÁNH GIÁ, XẾP LOẠI NĂM {year}",
    period_kind="year",
    tables=(PARTY, STAFF, GROUPS, UNITS, APPROVAL),
    file_stem="xep-loai",
    per_unit=False,
    instructions=(
        "Trang \"Tổng hợp\" là văn bản trình ký: căn cứ, số lượng theo từng mức, kiểm tra tỉ lệ "
        "xuất sắc, các số liệu chính. Các trang sau là phụ lục: mỗi người, tổ đảng, đơn vị một "
        "dòng, có mức đề xuất, lý do, các vướng mắc.",
        "Đảng viên và tổ đảng, chi bộ do Chi ủy quyết định (QĐ 124-QĐ/TW năm 2023–2024, QĐ "
        "366-QĐ/TW từ năm 2025); cán bộ, công chức, viên chức, người lao động và tập thể đơn vị "
        "do lãnh đạo cơ quan quyết định (NĐ 90/2020, NĐ 48/2023; NĐ 335/2025 từ năm 2026).",
        "Ghi cột \"Quyết định\" (một trong bốn mức) và \"Lý do quyết định\"; dòng để trống là "
        "chưa quyết định. Có thể quyết định nhiều lần: lần sau thay lần trước; muốn xét lại, chọn "
        f"\"{WITHDRAW}\". \"Chưa đủ dữ liệu\" nghĩa là đơn vị chưa gửi đủ biểu mẫu, công cụ không "
        "tự đề xuất mức.",
        "Trang \"Xác nhận\": họ tên, chức vụ người ký và ngày quyết định của từng cấp. Lưu tệp và "
        "đặt vào thư mục inbox/ (hoặc gửi thư cho văn phòng); văn phòng chạy lại lệnh để cập nhật.",
    ),
)

__all__ = ["AGREE", "CELL_ID", "DECISION_LEVELS", "DECISION_REASONS", "RATING", "WITHDRAW"]
