"""The issue catalogue: stable codes, severities and the messages people read.

Every problem the toolkit finds in received data is an :class:`Issue` with a code from
:class:`IssueCode`. Tests assert codes, never message text. Messages are Vietnamese by default and
English as the second language (``LAMTHEOBAC_LANG=en``); each says what is wrong and how to fix it.
The place (file, sheet, cell) and the value are carried beside the message, not inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum, auto
from typing import Any

from toolkit.common.i18n import current_language

ERROR = "error"
WARNING = "warning"
INFO = "info"

SEVERITY_LABEL = {
    "vi": {ERROR: "Lỗi", WARNING: "Cảnh báo", INFO: "Ghi chú"},
    "en": {ERROR: "Error", WARNING: "Warning", INFO: "Note"},
}


class IssueCode(StrEnum):
    """Every issue code, with its severity and its Vietnamese and English message templates.

    A member is its own name as a string (``IssueCode.FILE_EMPTY == "FILE_EMPTY"``), so a code
    can be given as the member or as the plain string. To add a code, add one member here (where
    it belongs in the flow) and raise it somewhere: tests/test_issue_codes.py fails on a code
    never raised and on a code raised but not listed here.

    How to word a message: Vietnamese first, English second; say what is wrong and how to fix
    it; use ``{placeholders}`` for the values (the place - file, sheet, cell - is carried beside
    the message, not inside it).
    """

    severity: str
    vi: str
    en: str

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list) -> str:
        return name

    def __new__(cls, value: str, severity: str, vi: str, en: str) -> IssueCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.vi = vi
        member.en = en
        return member

    # ---------------------------------------------------------------- files and mail (intake)
    FILE_EMPTY = (auto(), ERROR,
        "Tệp rỗng (0 byte). Hãy gửi lại đúng tệp Excel đã điền.",
        "The file is empty (0 bytes). Send the filled workbook again.")
    FILE_TOO_LARGE = (auto(), ERROR,
        "Tệp quá lớn ({size_mb} MB, giới hạn {limit_mb} MB). Hãy xoá dữ liệu thừa, lưu lại và gửi lại.",
        "The file is too large ({size_mb} MB, limit {limit_mb} MB). Remove extra data and resend.")
    FILE_NOT_WORKBOOK = (auto(), ERROR,
        "Tệp không phải sổ Excel (.xlsx) mà là {detected}. Hãy mở biểu mẫu gốc bằng Excel, điền và "
        "lưu dạng .xlsx rồi gửi lại.",
        "This is not an Excel workbook but {detected}. Fill the original template and save as .xlsx.")
    FILE_TRUNCATED = (auto(), ERROR,
        "Tệp bị hỏng hoặc tải về không hết (nén zip không đọc được). Hãy gửi lại tệp.",
        "The file is damaged or incomplete (broken zip). Send it again.")
    FILE_ZIP_BOMB = (auto(), ERROR,
        "Tệp có cấu trúc nén bất thường ({reason}); không mở để bảo đảm an toàn. Hãy gửi lại biểu "
        "mẫu gốc đã điền.",
        "The file's compression is abnormal ({reason}); it was not opened for safety. Resend the "
        "filled template.")
    FILE_XML_ENTITIES = (auto(), ERROR,
        "Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY) ở phần {part}; không mở để bảo đảm "
        "an toàn. Hãy gửi lại biểu mẫu gốc đã điền.",
        "The file declares XML entities (DOCTYPE/ENTITY) in {part}; not opened for safety.")
    FILE_ENCRYPTED = (auto(), ERROR,
        "Tệp được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm "
        "việc) rồi gửi lại, hoặc chạy lệnh với --password.",
        "The workbook is password-protected. Remove the password and resend, or use --password.")
    FILE_PASSWORD_WRONG = (auto(), ERROR,
        "Mật khẩu đã cho không mở được tệp. Hãy kiểm tra lại mật khẩu.",
        "The given password does not open the file. Check the password.")
    FILE_MACROS = (auto(), WARNING,
        "Tệp có macro (.xlsm). Đã đọc giá trị, macro không bao giờ được chạy. Lần sau hãy lưu dạng "
        ".xlsx.",
        "The workbook contains macros (.xlsm). Values were read; macros never run. Save as .xlsx.")
    FILE_LEGACY_FORMAT = (auto(), WARNING,
        "Tệp ở định dạng {detected}; đã đọc được nhưng có thể mất kiểm tra dữ liệu. Lần sau hãy lưu "
        "dạng .xlsx (Excel Workbook).",
        "The file is in {detected} format; it was read but may lose validation. Save as .xlsx.")
    FILE_SHEET_TOO_LARGE = (auto(), ERROR,
        "Trang '{sheet}' có vùng dữ liệu quá lớn ({rows} dòng × {cols} cột, giới hạn {limit_rows} "
        "dòng). Hãy xoá các dòng/cột thừa ở cuối trang rồi lưu lại.",
        "Sheet '{sheet}' spans too much ({rows} rows × {cols} columns, limit {limit_rows} rows). "
        "Delete the extra rows/columns and save.")
    FILE_EXTERNAL_LINKS = (auto(), WARNING,
        "Tệp có liên kết tới tệp khác ({count}); các liên kết không được mở hay cập nhật. Hãy dán giá "
        "trị (Paste Values) thay cho công thức liên kết.",
        "The workbook links to other files ({count}); links are never followed. Paste values instead.")
    FILE_READ_FAILED = (auto(), ERROR,
        "Không đọc được tệp ({reason}). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx và gửi lại.",
        "The file could not be read ({reason}). Open it in Excel, save as .xlsx and resend.")
    FILE_FORMULA_NO_VALUE = (auto(), WARNING,
        "Trang '{sheet}' có {count} ô công thức chưa có giá trị đã tính (ô đầu tiên {ref}: "
        "{formula}); các ô này được đọc là trống. Tệp có lẽ do một chương trình tạo ra: hãy mở tệp "
        "bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại (hoặc ghi giá trị thay cho công thức).",
        "Sheet '{sheet}' has {count} formula cell(s) with no computed value (first {ref}: "
        "{formula}); they are read as empty. Open the file in Excel or LibreOffice, save and "
        "resend (or type the values instead).")
    FILE_LEGACY_ENCODING = (auto(), WARNING,
        "Chữ Việt có vẻ gõ bằng bảng mã cũ {encoding} (\"{sample}\"). Hãy chuyển sang Unicode "
        "(Unikey: Công cụ chuyển mã) và gõ lại ô này.",
        "Vietnamese text looks like legacy {encoding} encoding (\"{sample}\"). Convert to Unicode.")
    FILE_DATE_1904 = (auto(), INFO,
        "Tệp dùng hệ ngày 1904 (Excel cho Mac); ngày tháng đã được quy đổi đúng.",
        "The workbook uses the 1904 date system (Mac Excel); dates were converted.")
    FILE_HIDDEN_DATA = (auto(), WARNING,
        "Trang ẩn '{sheet}' có dữ liệu không thuộc biểu mẫu; dữ liệu này không được đọc. Nếu cần, hãy "
        "chép vào đúng trang của biểu mẫu.",
        "Hidden sheet '{sheet}' holds data outside the form; it was not read.")
    FILE_SKIPPED_LOCK = (auto(), INFO,
        "Bỏ qua tệp khoá tạm của Excel (~$...).",
        "Skipped an Excel lock file (~$...).")
    FILE_LINK_OUTSIDE = (auto(), WARNING,
        "Tệp này là một liên kết (shortcut/symlink) trỏ ra ngoài thư mục làm việc ({target}); không "
        "đọc để bảo đảm an toàn. Nếu đúng là tệp cần nhận, hãy chép chính tệp đó vào inbox/.",
        "This file is a link pointing outside the workspace ({target}); not read, for safety. If "
        "it is a file to receive, copy the file itself into inbox/.")
    FILE_SKIPPED_OTHER = (auto(), INFO,
        "Bỏ qua tệp không phải sổ Excel hay thư điện tử.",
        "Skipped a file that is neither a workbook nor a mail.")
    FILE_DUPLICATE = (auto(), INFO,
        "Tệp này đã nhận trước đó (cùng nội dung); không xử lý lại.",
        "This file was received before (same content); nothing to do.")
    MAIL_UNREADABLE = (auto(), ERROR,
        "Không đọc được thư ({reason}). Hãy lưu lại thư (Lưu thành .eml/.msg) hoặc lưu riêng tệp đính kèm.",
        "The mail could not be read ({reason}). Save it again or save the attachment itself.")
    MAIL_NO_WORKBOOK = (auto(), WARNING,
        "Thư \"{subject}\" từ {sender} không có tệp Excel đính kèm. Hãy nhắc đơn vị gửi lại kèm tệp.",
        "Mail \"{subject}\" from {sender} has no workbook attached.")
    MAIL_DUPLICATE = (auto(), INFO,
        "Thư \"{subject}\" đã nhận trước đó (cùng mã thư {value}); không xử lý lại.",
        "Mail \"{subject}\" was received before (same Message-ID {value}); nothing to do.")
    MAIL_BOUNCE = (auto(), WARNING,
        "Thư báo gửi không thành công tới {recipients} (\"{subject}\"); tệp trong thư báo không được lấy. Hãy kiểm tra địa chỉ thư của đơn vị trong roster.xlsx rồi gửi lại.",
        "Delivery failed to {recipients} (\"{subject}\"); files inside the report were not taken. Check the unit's address in roster.xlsx and send again.")
    MAIL_DATE_SUSPECT = (auto(), WARNING,
        "Ngày giờ ghi trong thư ({claimed}) lệch khoảng {hours} giờ so với lúc máy chủ nhận thư ({received}); ngày nhận được tính theo máy chủ. Có thể đồng hồ máy tính của đơn vị bị sai.",
        "The mail's Date ({claimed}) is about {hours} hours from the server's receipt time ({received}); the receipt time is used. The sender's clock may be wrong.")
    MAIL_SENDER_MISMATCH = (auto(), WARNING,
        "Thư gửi từ {sender} (địa chỉ của đơn vị {sender_unit}) nhưng tệp là của đơn vị {unit_name}. Hãy "
        "kiểm tra đơn vị đã gửi nhầm tệp hay chưa.",
        "Sent from {sender} ({sender_unit}) but the workbook belongs to {unit_name}. Check for a mix-up.")
    MAIL_SENDER_HELD_OTHER_UNIT = (auto(), WARNING,
        "Thư gửi từ {sender}, địa chỉ của đơn vị {sender_unit}, nhưng tệp là của đơn vị {unit_name}: "
        "bản nộp được giữ lại (chờ xác nhận), chưa thay bản hiện có của đơn vị {unit_name}. Nếu đúng "
        "là bản của đơn vị {unit_name}, hãy chấp nhận bằng lệnh 'lamtheobac accept {accept}'; nếu không, "
        "hãy bỏ qua.",
        "Sent from {sender}, an address of {sender_unit}, but the workbook belongs to {unit_name}: "
        "held (awaiting confirmation), not replacing {unit_name}'s current one. If it is theirs, "
        "accept it with 'lamtheobac accept {accept}'; otherwise ignore it.")
    MAIL_SENDER_HELD_UNKNOWN = (auto(), WARNING,
        "Thư gửi từ {sender}, không phải địa chỉ của đơn vị {unit_name} ghi trong roster.xlsx (cũng "
        "không phải địa chỉ văn phòng trong lamtheobac.toml): bản nộp được giữ lại (chờ xác nhận), chưa "
        "thay bản hiện có. Nếu đúng là bản của đơn vị, hãy chấp nhận bằng lệnh 'lamtheobac accept "
        "{accept}' (và thêm địa chỉ này vào cột thư điện tử của đơn vị nếu đơn vị sẽ gửi từ đó).",
        "Sent from {sender}, which is not an address of {unit_name} in roster.xlsx (nor an office "
        "address in lamtheobac.toml): held (awaiting confirmation), not replacing the current one. "
        "If it is theirs, accept it with 'lamtheobac accept {accept}' (and add the address to the "
        "unit's e-mail column if they will send from it).")
    # ---------------------------------------------------------------- template identity
    META_MISSING = (auto(), ERROR,
        "Tệp không phải biểu mẫu do lamtheobac phát hành (không có trang thông tin ẩn). Hãy dùng biểu "
        "mẫu đã được gửi cho đơn vị, chép dữ liệu vào đó và gửi lại.",
        "Not a lamtheobac template (hidden metadata sheet missing). Copy the data into the sent template.")
    META_TAMPERED = (auto(), ERROR,
        "Thông tin ẩn của biểu mẫu đã bị sửa ({key}). Hãy dùng lại biểu mẫu gốc đã được gửi.",
        "The template's hidden metadata was edited ({key}). Use the original template.")
    META_UNKNOWN_FORM = (auto(), ERROR,
        "Biểu mẫu \"{found}\" không được công cụ này hỗ trợ. Hãy dùng biểu mẫu mới nhất.",
        "Form \"{found}\" is not known to this toolkit. Use the current template.")
    META_WRONG_VERSION = (auto(), ERROR,
        "Biểu mẫu phiên bản {found}, phiên bản hiện hành là {expected}. Hãy chép dữ liệu sang biểu "
        "mẫu mới được gửi kèm phản hồi.",
        "Template version {found}; the current version is {expected}. Copy the data to the new one.")
    META_WRONG_YEAR = (auto(), ERROR,
        "Biểu mẫu của năm/kỳ {found}, không phải {expected}. Hãy dùng biểu mẫu của kỳ {expected}.",
        "The template is for {found}, not {expected}.")
    META_WRONG_ORG = (auto(), ERROR,
        "Biểu mẫu của cơ quan \"{found}\", không phải \"{expected}\". Hãy dùng biểu mẫu của cơ quan mình.",
        "The template belongs to organisation \"{found}\", not \"{expected}\".")
    META_UNIT_UNKNOWN = (auto(), ERROR,
        "Mã đơn vị \"{found}\" không có trong danh sách đơn vị. Hãy dùng đúng biểu mẫu được gửi cho "
        "đơn vị mình.",
        "Unit code \"{found}\" is not in the roster. Use the template sent to your unit.")
    UNIT_MISMATCH = (auto(), ERROR,
        "Tên đơn vị ghi trong tệp (\"{found}\") khác với đơn vị của biểu mẫu (\"{expected}\"). Hãy "
        "kiểm tra đã dùng đúng tệp của đơn vị mình.",
        "The unit named in the sheet (\"{found}\") differs from the template's unit (\"{expected}\").")
    SHEET_MISSING = (auto(), ERROR,
        "Thiếu trang \"{sheet}\" của biểu mẫu. Đừng xoá hay đổi tên trang; hãy dùng lại biểu mẫu gốc.",
        "Sheet \"{sheet}\" is missing. Do not delete or rename sheets.")
    HEADER_MISSING = (auto(), ERROR,
        "Không tìm thấy cột \"{header}\" trên trang. Đừng xoá hay đổi tên tiêu đề cột.",
        "Column \"{header}\" was not found. Do not delete or rename column headers.")
    # ---------------------------------------------------------------- generic cell checks
    REQUIRED_MISSING = (auto(), ERROR,
        "Chưa điền \"{header}\". Hãy điền vào ô này.",
        "\"{header}\" is empty. Fill in this cell.")
    CHOICE_INVALID = (auto(), ERROR,
        "\"{value}\" không có trong danh sách của cột \"{header}\". Hãy chọn một giá trị từ danh sách "
        "thả xuống: {choices}.",
        "\"{value}\" is not in the list for \"{header}\". Pick one of: {choices}.")
    NUMBER_INVALID = (auto(), ERROR,
        "\"{value}\" ở cột \"{header}\" không phải là số. Hãy ghi một số (ví dụ 80).",
        "\"{value}\" in \"{header}\" is not a number.")
    NUMBER_RANGE = (auto(), ERROR,
        "Giá trị {value} ở cột \"{header}\" phải trong khoảng {min} đến {max}.",
        "{value} in \"{header}\" must be between {min} and {max}.")
    DATE_INVALID = (auto(), ERROR,
        "\"{value}\" ở cột \"{header}\" không phải ngày tháng. Hãy ghi theo dạng ngày/tháng/năm, ví dụ "
        "30/09/{year}.",
        "\"{value}\" in \"{header}\" is not a date. Write day/month/year, e.g. 30/09/{year}.")
    DATE_OUT_OF_RANGE = (auto(), ERROR,
        "Ngày {value} ở cột \"{header}\" nằm ngoài khoảng {start} – {end}. Hãy ghi ngày trong khoảng này.",
        "Date {value} in \"{header}\" is outside {start} – {end}.")
    TEXT_TOO_LONG = (auto(), WARNING,
        "Nội dung ở cột \"{header}\" dài {length} ký tự (tối đa {max}). Hãy viết ngắn gọn hơn.",
        "\"{header}\" holds {length} characters (at most {max}). Shorten it.")
    # ---------------------------------------------------------------- people and pledges
    PERSON_UNKNOWN = (auto(), ERROR,
        "Không có người mã \"{person_id}\" ({name}) trong danh sách cán bộ. Hãy ghi đúng mã trong danh "
        "sách, hoặc báo văn phòng bổ sung người mới vào danh sách.",
        "No person \"{person_id}\" ({name}) in the roster. Use the roster id or ask to add the person.")
    PERSON_OTHER_UNIT = (auto(), ERROR,
        "{name} ({person_id}) thuộc đơn vị {other_unit}, không thuộc đơn vị này. Hãy xoá dòng này; "
        "người đó đăng ký tại đơn vị của mình.",
        "{name} ({person_id}) belongs to {other_unit}, not this unit. Remove the row.")
    PERSON_NAME_MISMATCH = (auto(), WARNING,
        "Họ tên \"{found}\" khác với danh sách (\"{expected}\") cho mã {person_id}. Hãy kiểm tra lại "
        "mã và họ tên.",
        "Name \"{found}\" differs from the roster (\"{expected}\") for {person_id}.")
    PLEDGE_NONE = (auto(), WARNING,
        "{name} chưa đăng ký việc làm theo nào. Hãy đăng ký {min}–{max} việc.",
        "{name} has registered no action. Register {min}–{max} actions.")
    PLEDGE_TOO_FEW = (auto(), ERROR,
        "{name} mới đăng ký {count} việc; cần từ {min} đến {max} việc. Hãy bổ sung.",
        "{name} registered {count} action(s); {min} to {max} are required.")
    PLEDGE_TOO_MANY = (auto(), ERROR,
        "{name} đăng ký {count} việc; tối đa {max} việc. Hãy chọn {max} việc thiết thực nhất.",
        "{name} registered {count} actions; at most {max}. Keep the {max} most concrete.")
    ACTION_EMPTY = (auto(), ERROR,
        "Dòng có chuẩn mực/mục tiêu/thời hạn nhưng chưa ghi \"Việc làm theo\". Hãy ghi việc cụ thể hoặc "
        "xoá cả dòng.",
        "The row has a standard/goal/deadline but no action. Write the action or clear the row.")
    STANDARD_UNKNOWN = (auto(), ERROR,
        "Chuẩn mực \"{value}\" không có trong danh mục. Hãy chọn từ danh sách thả xuống.",
        "Standard \"{value}\" is not in the catalogue. Pick one from the drop-down.")
    SUBMISSION_LATE = (auto(), WARNING,
        "Đơn vị nộp \"{form}\" ngày {submitted}, sau hạn {deadline}.",
        "The unit submitted \"{form}\" on {submitted}, after the deadline {deadline}.")
    PLEDGE_VAGUE = (auto(), WARNING,
        "Việc làm theo \"{value}\" còn chung chung, chưa đủ \"5 rõ\". {detail} Hãy ghi rõ làm việc gì, kết quả (con số, sản phẩm) kiểm chứng được và thời hạn.",
        "Action \"{value}\" is vague: it lacks the \"5 rõ\". {detail_en}")
    PLEDGE_COPIED = (auto(), WARNING,
        "Việc làm theo này giống hệt của {count} người trong đơn vị ({names}). Mỗi người hãy đăng ký "
        "việc gắn với nhiệm vụ của mình.",
        "The same action text is used by {count} people of the unit ({names}). Make it personal.")
    PLEDGE_SAME_AS_LAST_YEAR = (auto(), WARNING,
        "Việc làm theo \"{value}\" gần như chép lại việc {name} đã đăng ký năm {year}: \"{previous}\" (giống {score}%). Hãy đăng ký việc của năm nay, gắn với nhiệm vụ năm nay; nếu tiếp tục việc cũ, hãy ghi rõ phần việc và kết quả mới.",
        "Action \"{value}\" nearly repeats what {name} pledged in {year}: \"{previous}\" ({score}% alike). Pledge this year's work; if it continues last year's, say what is new and its result.")
    PLEDGE_COPIED_OTHER_UNIT = (auto(), WARNING,
        "Việc làm theo \"{value}\" giống việc đã đăng ký ở {other_unit}: \"{other}\" (giống {score}%); {count} người ở {units} đơn vị cùng đăng ký nội dung này. Mỗi người hãy đăng ký việc gắn với nhiệm vụ của mình.",
        "Action \"{value}\" is the same as one pledged in {other_unit}: \"{other}\" ({score}% alike); {count} people in {units} units pledged it. Make it personal.")
    EMULATION_COUNT = (auto(), ERROR,
        "Đơn vị chọn {count} hoạt động thi đua; cần từ {min} đến {max}. Hãy sửa trang \"Thi đua\".",
        "The unit chose {count} emulation activities; {min} to {max} are expected.")
    # ---------------------------------------------------------------- status (not tied to a file)
    SUBMISSION_MISSING = (auto(), ERROR,
        "Đơn vị {unit} chưa nộp \"{form}\" kỳ {period} (hạn {deadline}). Hãy nhắc đơn vị gửi.",
        "Unit {unit} has not submitted \"{form}\" for {period} (due {deadline}).")
    # ---- quarterly (progress, unit report, diary)
    ACTION_NOT_REGISTERED = (auto(), ERROR,
        "Việc \"{value}\" của {name} không khớp việc đã đăng ký. Việc đã đăng ký: {registered}. "
        "Hãy giữ nguyên nội dung việc đã đăng ký (ô xám); muốn đổi việc, hãy báo văn phòng.",
        "Action \"{value}\" of {name} is not a registered action. Registered: {registered}. Keep "
        "the registered text; ask the office to change a pledge.")
    ACTION_NOT_REPORTED = (auto(), WARNING,
        "Việc đã đăng ký \"{action}\" của {name} không có dòng báo cáo trong quý. Hãy bổ sung dòng "
        "và ghi tiến độ.",
        "Registered action \"{action}\" of {name} has no progress row this quarter. Add it.")
    PLEDGE_NOT_FOUND = (auto(), ERROR,
        "Chưa có bản đăng ký việc làm theo năm {year} của đơn vị nên không đối chiếu, không tính "
        "được tiến độ các việc làm theo; người của đơn vị sẽ \"chưa đủ dữ liệu\" khi xếp loại. Hãy "
        "gửi ngay bản đăng ký cho văn phòng.",
        "The unit's {year} pledge has not been received: no action can be checked or counted, "
        "and its people will lack data at the year-end rating. Send the pledge now.")
    EVIDENCE_MISSING = (auto(), ERROR,
        "Việc \"{action}\" báo \"Hoàn thành\" nhưng chưa có minh chứng. Hãy ghi minh chứng (văn bản, "
        "sổ theo dõi, số liệu) hoặc chọn lại tiến độ.",
        "Action \"{action}\" is reported done without evidence. Add the evidence or change the "
        "progress.")
    PROGRESS_PERCENT_MISMATCH = (auto(), WARNING,
        "Tiến độ \"{progress}\" không khớp tỷ lệ {value}%. Hãy kiểm tra lại tiến độ hoặc tỷ lệ.",
        "Progress \"{progress}\" does not match {value}%. Check the progress or the percentage.")
    PROGRESS_NO_MEASURE = (auto(), WARNING,
        "Việc \"{action}\" đang thực hiện nhưng chưa ghi tỷ lệ hoàn thành hoặc kết quả thực tế. Hãy "
        "ghi một trong hai.",
        "Action \"{action}\" is in progress with no percentage or actual result. Add one.")
    ATTENDANCE_EXCEEDS = (auto(), ERROR,
        "{name} dự {attended} buổi sinh hoạt chuyên đề nhưng đơn vị chỉ ghi {held} buổi đã tổ chức "
        "trong quý. Hãy sửa số buổi đã dự, hoặc bổ sung buổi còn thiếu ở báo cáo đơn vị.",
        "{name} attended {attended} study sessions but the unit reports only {held} held this "
        "quarter. Fix the attendance or add the missing sessions to the unit report.")
    RECOGNITION_NOTE_MISSING = (auto(), WARNING,
        "Đã chọn \"{value}\" cho {name} nhưng chưa ghi nội dung. Hãy ghi rõ lý do ở cột bên cạnh.",
        "\"{value}\" is chosen for {name} without a note. Write the reason next to it.")
    PERSON_NOT_IN_REPORT = (auto(), WARNING,
        "{name} ({person_id}) không có dòng ở trang \"{sheet}\". Hãy bổ sung để người này được đánh "
        "giá trong quý.",
        "{name} ({person_id}) has no row on sheet \"{sheet}\". Add it.")
    SESSIONS_FEW = (auto(), WARNING,
        "Đơn vị ghi {count} buổi sinh hoạt chuyên đề trong quý; kế hoạch là {expected} buổi (mỗi "
        "tháng {per_month} buổi). Hãy bổ sung các buổi đã tổ chức hoặc giải trình ở cột ghi chú.",
        "The unit reports {count} study sessions this quarter; {expected} are planned "
        "({per_month} a month). Add the missing ones or explain.")
    GOLDEN_BOOK_NO_REASON = (auto(), WARNING,
        "Việc của {name} được đề cử Sổ vàng nhưng chưa ghi lý do đề cử. Hãy ghi lý do.",
        "{name}'s deed is nominated for the golden book without a reason. Add one.")
    # ---- year-end (year review, rating decisions)
    REVIEW_PERSON_MISSING = (auto(), WARNING,
        "{name} ({person_id}) không có dòng ở trang \"{sheet}\" của bản kiểm điểm. Hãy bổ sung dòng "
        "(ghi đúng mã cán bộ) để người này được đánh giá, xếp loại.",
        "{name} ({person_id}) has no row on sheet \"{sheet}\" of the self-review. Add it.")
    REVIEW_CS_RATING_MISSING = (auto(), WARNING,
        "{name} là công chức, viên chức nhưng chưa ghi \"Xếp loại công chức, viên chức\". Hãy ghi "
        "kết quả xếp loại của cơ quan; thiếu thì không được đề xuất mức xuất sắc.",
        "{name} is a civil servant but the civil-servant rating is empty. Fill it in; without it "
        "the excellent level cannot be proposed.")
    REVIEW_CS_RATING_NOT_CS = (auto(), WARNING,
        "{name} không phải công chức, viên chức theo danh sách cán bộ nhưng có ghi xếp loại công "
        "chức, viên chức. Hãy xoá ô này, hoặc báo văn phòng sửa danh sách cán bộ.",
        "{name} is not a civil servant in the roster but has a civil-servant rating. Clear it or "
        "ask the office to fix the roster.")
    REVIEW_RATING_ABOVE_DISCIPLINE = (auto(), WARNING,
        "{name} bị kỷ luật \"{discipline}\" trong năm nhưng {what} là \"{value}\", cao hơn mức tối "
        "đa \"{cap}\". Hãy xem lại mức xếp loại (trừ trường hợp tự phát hiện và khắc phục xong hậu "
        "quả).",
        "{name} was disciplined (\"{discipline}\") but {what} is \"{value}\", above \"{cap}\". "
        "Check the level.")
    REVIEW_UNIT_RATING_MISSING = (auto(), ERROR,
        "Trang \"{sheet}\" chưa có mức đơn vị đề xuất xếp loại tập thể. Hãy chọn một trong bốn mức.",
        "Sheet \"{sheet}\" has no proposed rating for the unit. Pick one of the four levels.")
    DECISION_SUBJECT_UNKNOWN = (auto(), ERROR,
        "Dòng có quyết định nhưng mã \"{value}\" không có trong bảng xếp loại ({kind}). Đừng sửa "
        "cột mã (ô xám); hãy ghi quyết định vào đúng dòng của người, tổ đảng hoặc đơn vị.",
        "A decision row whose code \"{value}\" is not in the rating sheet ({kind}). Do not edit "
        "the code column; write the decision on the right row.")
    DECISION_REASON_MISSING = (auto(), WARNING,
        "Quyết định \"{value}\" khác đề xuất \"{proposal}\" nhưng chưa có lý do. Hãy chọn lý do ở "
        "cột \"Lý do quyết định\"; quyết định vẫn được ghi nhận.",
        "Decision \"{value}\" differs from the proposal \"{proposal}\" without a reason. Pick one; "
        "the decision is recorded.")
    DECISION_REASON_CONFLICT = (auto(), WARNING,
        "Lý do \"Thống nhất với đề xuất\" nhưng quyết định \"{value}\" khác đề xuất \"{proposal}\". "
        "Hãy chọn lý do đúng hoặc sửa quyết định.",
        "Reason \"agree with the proposal\" but the decision \"{value}\" differs from "
        "\"{proposal}\". Fix the reason or the decision.")
    DECISION_REASON_ONLY = (auto(), WARNING,
        "Có lý do \"{reason}\" nhưng chưa chọn mức ở cột \"Quyết định\". Dòng này chưa được tính "
        "là đã quyết định; hãy chọn mức.",
        "A reason without a decision: the row is not counted as decided. Pick the level.")
    DECISION_ABOVE_CAP = (auto(), WARNING,
        "Quyết định \"{value}\" cao hơn mức tối đa \"{cap}\" do vướng ({blockers}). Quyết định được "
        "ghi nhận nhưng được đánh dấu; Chi ủy hãy xác nhận lý do.",
        "Decision \"{value}\" is above the cap \"{cap}\" ({blockers}). Recorded but flagged; "
        "leadership should confirm the reason.")
    DECISION_OVER_QUOTA = (auto(), WARNING,
        "Quyết định xuất sắc làm {group} có {count} người xuất sắc, vượt tỉ lệ tối đa {allowed} "
        "({ratio}% của {base} người mức tốt). Quyết định được ghi nhận nhưng được đánh dấu.",
        "This excellent decision brings {group} to {count}, over the quota of {allowed} "
        "({ratio}% of {base} rated good). Recorded but flagged.")
    DECISION_OVER_SHARE = (auto(), WARNING,
        "Quyết định xuất sắc làm tỉ lệ cán bộ, công chức, viên chức, người lao động xuất sắc "
        "({count}/{n}) vượt tỉ lệ đảng viên xuất sắc ({party}/{n_party}); tối đa {allowed} người "
        "(NĐ 48/2023). Quyết định được ghi nhận nhưng được đánh dấu.",
        "This excellent decision brings the staff's excellent share ({count}/{n}) over the party "
        "members' ({party}/{n_party}); at most {allowed} (Decree 48/2023). Recorded but flagged.")
    DECISION_DATE_BEFORE_PROPOSAL = (auto(), WARNING,
        "{body}: ngày quyết định {value} trước ngày lập bảng đề xuất {proposal}. Hãy kiểm tra lại "
        "ngày; quyết định được ghi nhận nhưng được đánh dấu.",
        "{body}: decided on {value}, before the proposal of {proposal}. Check the date; the "
        "decisions are recorded but flagged.")
    DECISION_NONE = (auto(), WARNING,
        "Bảng xếp loại gửi về chưa có quyết định nào ở cột \"Quyết định\". Hãy ghi quyết định rồi "
        "gửi lại.",
        "The rating sheet came back with no decision. Fill in the decisions and send it again.")


# Code -> member (a member carries .severity, .vi and .en).
CATALOGUE: dict[str, IssueCode] = {member.value: member for member in IssueCode}


@dataclass(frozen=True)
class Issue:
    """One problem found in received data, with where it is and what to do."""

    code: str                       # an IssueCode (given as the member or its string)
    file: str = ""
    sheet: str = ""
    cell: str = ""
    value: str = ""
    unit: str = ""
    person_id: str = ""
    field: str = ""
    args: tuple[tuple[str, Any], ...] = dc_field(default_factory=tuple)
    severity: str = ""

    def __post_init__(self) -> None:
        if type(self.code) is not str:      # an IssueCode member: keep the plain string
            object.__setattr__(self, "code", str(self.code))
        if self.code not in CATALOGUE:
            raise KeyError(f"unknown issue code {self.code}")
        if not self.severity:
            object.__setattr__(self, "severity", CATALOGUE[self.code].severity)

    @classmethod
    def make(cls, code: IssueCode | str, **kw: Any) -> Issue:
        base = {k: kw.pop(k) for k in list(kw) if k in _PLACE_KEYS}
        for k in ("value", "person_id"):
            if k in base and base[k] is not None:
                base[k] = str(base[k])
                kw.setdefault(k, base[k])
        return cls(code=code, args=tuple(sorted((k, _plain(v)) for k, v in kw.items())), **base)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        entry = CATALOGUE[self.code]
        template = entry.en if lang == "en" else entry.vi
        args = _Defaults(dict(self.args))
        args.setdefault("value", self.value)
        args.setdefault("person_id", self.person_id)
        args.setdefault("sheet", self.sheet)
        args.setdefault("file", self.file)
        args.setdefault("unit", self.unit)
        return template.format_map(args)

    def missing_args(self) -> list[str]:
        """Placeholders of the message that this issue has no value for (should be none)."""
        import string
        have = {k for k, _ in self.args} | {"value", "person_id", "sheet", "file", "unit"}
        entry = CATALOGUE[self.code]
        return sorted({f[1] for t in (entry.vi, entry.en) for f in string.Formatter().parse(t)
                       if f[1] and f[1] not in have})

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity, "file": self.file, "sheet": self.sheet,
            "cell": self.cell, "value": self.value, "unit": self.unit, "person_id": self.person_id,
            "field": self.field, "message": self.message(lang),
        }


_PLACE_KEYS = {"file", "sheet", "cell", "value", "unit", "person_id", "field", "severity"}


def _plain(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if hasattr(v, "strftime"):
        return v.strftime("%d/%m/%Y")
    return str(v)


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def severity_label(sev: str, lang: str | None = None) -> str:
    return SEVERITY_LABEL.get(lang or current_language(), SEVERITY_LABEL["vi"])[sev]
