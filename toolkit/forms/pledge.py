"""The pledge form: each person's 2-3 actions and the unit's 1-2 emulation activities."""

from __future__ import annotations

from toolkit.forms.spec import CHOICE, DATE, ID, LONG, TEXT, Field, Form, Table

PERSON_ID = Field("person_id", "Mã cán bộ", ID, required=True, width=11, prefill=True,
                  aliases=("Mã CB", "Mã số"), english="Person ID",
                  help="Mã trong danh sách cán bộ. Dòng bổ sung: ghi đúng mã của người đăng ký.")
PERSON_NAME = Field("name", "Họ và tên", TEXT, width=22, prefill=True, aliases=("Họ tên",),
                    english="Full name")
POSITION = Field("position", "Chức vụ", TEXT, width=16, prefill=True, english="Position")

PLEDGES = Table(
    key="pledges",
    sheet="Đăng ký",
    aliases=("Dang ky", "Pledges"),
    title="BẢN ĐĂNG KÝ VIỆC LÀM THEO TẤM GƯƠNG ĐẠO ĐỨC HỒ CHÍ MINH NĂM {year}",
    note="Mỗi người đăng ký từ {min_actions} đến {max_actions} việc cụ thể, rõ việc, rõ mục tiêu. "
         "Hạn đăng ký: {deadline}.",
    person_field="person_id",
    blank_rows=15,
    fields=(
        PERSON_ID,
        PERSON_NAME,
        POSITION,
        Field("action", "Việc làm theo (cụ thể, rõ việc)", LONG, required=True, width=42,
              max_len=500,
              aliases=("Việc làm theo", "Nội dung việc làm theo"), english="Action",
              help="Việc cụ thể gắn với nhiệm vụ của mình, ví dụ: \"Giải quyết 100% hồ sơ được "
                   "giao đúng hạn\". Tránh ghi chung chung."),
        Field("standard", "Chuẩn mực đạo đức", CHOICE, required=True, width=26,
              choices="standards",
              aliases=("Chuẩn mực",), english="Standard",
              help="Chọn chuẩn mực trong danh sách thả xuống."),
        Field("goal", "Mục tiêu, kết quả cần đạt", LONG, required=True, width=34, max_len=500,
              aliases=("Mục tiêu", "Kết quả cần đạt"), english="Goal",
              help="Kết quả kiểm chứng được: con số, sản phẩm, mốc thời gian."),
        Field("deadline", "Thời hạn hoàn thành", DATE, required=True, width=13,
              aliases=("Thời hạn",),
              english="Deadline", help="Ngày/tháng/năm, trong năm {year}, ví dụ 30/09/{year}."),
        Field("note", "Ghi chú", TEXT, width=14, english="Note"),
    ),
)

EMULATION = Table(
    key="emulation",
    sheet="Thi đua",
    aliases=("Thi dua", "Emulation"),
    title="HOẠT ĐỘNG THI ĐUA LÀM THEO BÁC CỦA ĐƠN VỊ NĂM {year}",
    note="Đơn vị chọn từ {min_emulation} đến {max_emulation} hoạt động làm theo cụ thể, phát động "
         "thành phong trào thi đua.",
    blank_rows=4,
    fields=(
        Field("activity", "Hoạt động thi đua", LONG, required=True, width=44, max_len=500,
              aliases=("Hoạt động",), english="Activity",
              help="Hoạt động cụ thể gắn với nhiệm vụ trọng tâm của đơn vị."),
        Field("goal", "Mục tiêu", LONG, required=True, width=36, english="Goal"),
        Field("period", "Thời gian thực hiện", TEXT, width=18, english="Time"),
        Field("owner", "Người/bộ phận phụ trách", TEXT, width=22, english="Owner"),
    ),
)

PLEDGE = Form(
    id="pledge",
    version=1,
    name="Bản đăng ký việc làm theo",
    title="BẢN ĐĂNG KÝ VIỆC LÀM THEO TẤM GƯƠNG ĐẠO ĐỨC HỒ CHÍ MINH NĂM {year}",
    period_kind="year",
    tables=(PLEDGES, EMULATION),
    file_stem="dang-ky",
    deadline_key="registration",
    instructions=(
        "Mỗi cán bộ, đảng viên, quần chúng đăng ký từ {min_actions} đến {max_actions} việc làm theo "
        "tấm gương đạo đức của Bác, cụ thể, thiết thực, phù hợp với chức trách, nhiệm vụ của bản thân.",
        "Bản đăng ký phải ngắn gọn, rõ việc, rõ mục tiêu (không chung chung như bản cam kết); bám "
        "sát các chuẩn mực đạo đức của cơ quan và chủ đề năm {year}: {theme}",
        "Trang \"Đăng ký\": các ô xám (mã, họ tên, chức vụ) đã điền sẵn và bị khoá. Mỗi người có "
        "{max_actions} dòng; dòng không dùng thì để trống. Người chưa có tên: ghi vào các dòng bổ "
        "sung cuối bảng, kèm mã cán bộ.",
        "Trang \"Thi đua\": đơn vị ghi {min_emulation}–{max_emulation} hoạt động thi đua đã chọn.",
        "Ngày tháng ghi dạng ngày/tháng/năm (ví dụ 30/09/{year}). Không đổi tên trang, không xoá cột, "
        "không sửa trang ẩn.",
        "Hạn nộp: {deadline}. Lưu tệp (Excel, LibreOffice hay WPS đều được) và gửi lại qua thư "
        "điện tử cho văn phòng.",
    ),
)
