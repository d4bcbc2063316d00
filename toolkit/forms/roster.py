"""The roster workbook: units and people. Read like a form, but it has no metadata sheet."""

from __future__ import annotations

from toolkit.forms.spec import ID, TEXT, YESNO, Field, Form, Table

UNITS = Table(
    key="units",
    sheet="Đơn vị",
    aliases=("Don vi", "Units"),
    title="DANH SÁCH ĐƠN VỊ",
    blank_rows=20,
    fields=(
        Field("code", "Mã đơn vị", ID, required=True, width=12, english="Unit code",
              help="Mã ngắn, không dấu, ví dụ VP, KHTH. Dùng trong tên tệp gửi đơn vị."),
        Field("name", "Tên đơn vị", TEXT, required=True, width=40, english="Unit name"),
        Field("email", "Thư điện tử", TEXT, width=30, english="E-mail",
              help="Địa chỉ đơn vị dùng để gửi tệp; dùng để đối chiếu người gửi."),
        Field("head", "Trưởng đơn vị", TEXT, width=24, english="Head"),
    ),
)

PEOPLE = Table(
    key="people",
    sheet="Cán bộ",
    aliases=("Can bo", "People"),
    title="DANH SÁCH CÁN BỘ, ĐẢNG VIÊN, CÔNG CHỨC, VIÊN CHỨC VÀ NGƯỜI LAO ĐỘNG",
    blank_rows=100,
    fields=(
        Field("person_id", "Mã cán bộ", ID, required=True, width=12, english="Person ID",
              aliases=("Mã CB",), help="Mã riêng của mỗi người, không trùng."),
        Field("name", "Họ và tên", TEXT, required=True, width=26, english="Full name"),
        Field("unit", "Mã đơn vị", ID, required=True, width=12, english="Unit code",
              help="Mã đơn vị trong trang \"Đơn vị\"."),
        Field("position", "Chức vụ", TEXT, width=20, english="Position"),
        Field("party_member", "Đảng viên", YESNO, width=10, choices="yes_no",
              english="Party member"),
        Field("key_leader", "Lãnh đạo chủ chốt", YESNO, width=11, choices="yes_no",
              english="Key leader"),
        Field("youth_member", "Đoàn viên", YESNO, width=10, choices="yes_no",
              english="Youth member"),
        Field("civil_servant", "Công chức, viên chức", YESNO, width=11, choices="yes_no",
              english="Civil servant"),
        Field("party_group", "Tổ đảng", TEXT, width=14, english="Party group"),
        Field("email", "Thư điện tử", TEXT, width=26, english="E-mail"),
    ),
)

ROSTER = Form(
    id="roster",
    version=1,
    name="Danh sách cán bộ",
    title="DANH SÁCH CÁN BỘ NĂM {year}",
    period_kind="year",
    tables=(UNITS, PEOPLE),
    file_stem="roster",
    per_unit=False,
    instructions=(
        "Trang \"Đơn vị\": mỗi phòng, đơn vị trực thuộc một dòng, với mã ngắn không dấu.",
        "Trang \"Cán bộ\": mỗi người một dòng; mã cán bộ không trùng; cột \"Mã đơn vị\" ghi mã ở "
        "trang \"Đơn vị\"; các cột Có/Không chọn từ danh sách.",
        "Sau khi điền, lưu tệp với tên roster.xlsx trong thư mục làm việc.",
    ),
)
