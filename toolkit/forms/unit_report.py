"""The unit's quarterly report: study sessions held, its emulation activities, propaganda tied to
commemorative days, and youth-union activities."""

from __future__ import annotations

from toolkit.forms.spec import CHOICE, DATE, INT, LONG, TEXT, Field, Form, Table

MEETING_KINDS = ("Sinh hoạt chi bộ", "Sinh hoạt cơ quan", "Sinh hoạt đoàn thể")
PROPAGANDA_KINDS = ("Treo pano", "Áp phích", "Khẩu hiệu", "Thi kể chuyện về Bác", "Tọa đàm", "Khác")
YOUTH_KINDS = ("Đối thoại với đoàn viên thanh niên", "Sinh hoạt chuyên đề Đoàn",
               "Viết Nhật ký làm theo lời Bác", "Đề cử Sổ vàng làm theo lời Bác")

SESSIONS = Table(
    key="sessions",
    sheet="Sinh hoạt chuyên đề",
    aliases=("Sinh hoat chuyen de", "Study sessions"),
    title="CÁC BUỔI HỌC TẬP CHUYÊN ĐỀ ĐÃ TỔ CHỨC – {period_label}",
    note="Mỗi buổi một dòng. Kế hoạch: sinh hoạt chuyên đề hằng tháng trong sinh hoạt chi bộ, cơ "
         "quan và đoàn thể. Chuyên đề năm {year}: {topic}",
    blank_rows=10,
    fields=(
        Field("date", "Ngày tổ chức", DATE, required=True, width=13, date_range="period",
              aliases=("Ngày",), english="Date"),
        Field("topic", "Nội dung chuyên đề", LONG, required=True, width=44, max_len=500,
              aliases=("Chuyên đề", "Nội dung"), english="Topic"),
        Field("venue", "Hình thức sinh hoạt", CHOICE, required=True, width=20,
              choices="meeting_kinds", aliases=("Hình thức",), english="Meeting",
              help="Chọn: sinh hoạt chi bộ / cơ quan / đoàn thể."),
        Field("attendance", "Số người dự", INT, required=True, width=10, min=0, max=10000,
              english="Attendance"),
        Field("note", "Ghi chú", TEXT, width=20, english="Note"),
    ),
)

EMULATION = Table(
    key="emulation",
    sheet="Thi đua",
    aliases=("Thi dua", "Emulation"),
    title="TIẾN ĐỘ HOẠT ĐỘNG THI ĐUA LÀM THEO BÁC CỦA ĐƠN VỊ – {period_label}",
    note="Các hoạt động thi đua đơn vị đã chọn khi đăng ký (ô xám). Ghi tiến độ và kết quả trong "
         "quý.",
    blank_rows=2,
    required=True,
    fields=(
        Field("activity", "Hoạt động thi đua", LONG, required=True, width=44, prefill=True,
              aliases=("Hoạt động",), english="Activity"),
        Field("progress", "Tiến độ", CHOICE, required=True, width=16, choices="progress",
              english="Progress"),
        Field("result", "Kết quả trong quý", LONG, width=40, max_len=1000, english="Result"),
        Field("evidence", "Minh chứng", LONG, width=24, max_len=500, english="Evidence"),
    ),
)

PROPAGANDA = Table(
    key="propaganda",
    sheet="Tuyên truyền",
    aliases=("Tuyen truyen", "Propaganda"),
    title="HOẠT ĐỘNG TUYÊN TRUYỀN – {period_label}",
    note="Pano, áp phích, khẩu hiệu, thi kể chuyện, tọa đàm… gắn với ngày lễ, kỷ niệm (chọn trong "
         "danh sách, đã tính cả ngày âm lịch năm {year}).",
    blank_rows=8,
    fields=(
        Field("kind", "Hình thức", CHOICE, required=True, width=18, choices="propaganda_kinds",
              english="Kind"),
        Field("date", "Ngày thực hiện", DATE, required=True, width=13, date_range="period",
              aliases=("Ngày",), english="Date"),
        Field("occasion", "Gắn với ngày lễ, kỷ niệm", CHOICE, width=46, choices="occasions",
              aliases=("Ngày lễ, kỷ niệm",), english="Occasion",
              help="Chọn ngày lễ, kỷ niệm trong danh sách; để trống nếu không gắn với ngày nào."),
        Field("description", "Nội dung", LONG, required=True, width=36, max_len=500,
              english="Description"),
        Field("participants", "Số người tham gia", INT, width=10, min=0, max=100000,
              english="Participants"),
    ),
)

YOUTH = Table(
    key="youth",
    sheet="Đoàn thanh niên",
    aliases=("Doan thanh nien", "Youth union"),
    title="HOẠT ĐỘNG CỦA ĐOÀN THANH NIÊN – {period_label}",
    note="Đối thoại, sinh hoạt chuyên đề Đoàn, viết \"Nhật ký làm theo lời Bác\", đề cử \"Sổ vàng "
         "làm theo lời Bác\". Đơn vị không có đoàn viên để trống.",
    blank_rows=6,
    required=False,
    fields=(
        Field("kind", "Hoạt động", CHOICE, required=True, width=30, choices="youth_kinds",
              english="Activity"),
        Field("date", "Ngày", DATE, width=13, date_range="period", english="Date"),
        Field("content", "Nội dung", LONG, width=40, max_len=500, english="Content"),
        Field("count", "Số người / số bài", INT, width=11, min=0, max=100000,
              aliases=("Số lượng",), english="Count"),
        Field("note", "Ghi chú", TEXT, width=18, english="Note"),
    ),
)

UNIT_REPORT = Form(
    id="unit-report",
    version=1,
    name="Báo cáo quý của đơn vị",
    title="BÁO CÁO KẾT QUẢ HỌC TẬP VÀ LÀM THEO BÁC CỦA ĐƠN VỊ – {period_label}",
    period_kind="quarter",
    tables=(SESSIONS, EMULATION, PROPAGANDA, YOUTH),
    file_stem="bao-cao-don-vi",
    instructions=(
        ("Trang \"Sinh hoạt chuyên đề\": mỗi buổi học tập chuyên đề đơn vị đã tổ chức hoặc tham gia "
        "trong quý một dòng: ngày, nội dung, hình thức (chi bộ / cơ quan / đoàn thể), số người dự. "
        "Kế hoạch yêu cầu sinh hoạt chuyên đề hằng tháng."),
        ("Trang \"Thi đua\": các hoạt động thi đua đơn vị đã chọn khi đăng ký đã điền sẵn; ghi tiến "
        "độ, kết quả và minh chứng trong quý."),
        ("Trang \"Tuyên truyền\": pano, áp phích, khẩu hiệu, thi kể chuyện về tấm gương đạo đức Hồ "
        "Chí Minh, tọa đàm…; chọn ngày lễ, kỷ niệm gắn với hoạt động trong danh sách thả xuống."),
        ("Trang \"Đoàn thanh niên\": đối thoại, sinh hoạt chuyên đề Đoàn, số bài \"Nhật ký làm theo "
        "lời Bác\", số người được đề cử \"Sổ vàng làm theo lời Bác\"."),
        ("Ngày tháng ghi dạng ngày/tháng/năm, trong quý ({period_label}). Hạn nộp: {deadline}. Không "
        "đổi tên trang, không xoá cột, không sửa trang ẩn."),
    ),
)
