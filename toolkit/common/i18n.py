"""The message catalogue for everything a person reads outside workbook forms.

Vietnamese first, English second. Pick English with ``LAMTHEOBAC_LANG=en`` or ``--lang en``.
Issue messages live with their codes in :mod:`toolkit.common.issues`; this file holds the rest
(CLI output, summaries, output-sheet titles).
"""

from __future__ import annotations

import os

_LANG: list[str] = []


def current_language() -> str:
    if _LANG:
        return _LANG[-1]
    lang = os.environ.get("LAMTHEOBAC_LANG", "vi").lower()[:2]
    return "en" if lang == "en" else "vi"


def reset_language() -> None:
    """Back to the default (LAMTHEOBAC_LANG or Vietnamese)."""
    _LANG.clear()


def set_language(lang: str) -> None:
    _LANG[:] = ["en" if lang.lower().startswith("en") else "vi"]


def t(msg_id: str, **kw: object) -> str:
    """The message ``msg_id`` in the current language, formatted with ``kw``."""
    entry = MESSAGES[msg_id]
    text = entry[1] if current_language() == "en" else entry[0]
    return text.format(**kw) if kw else text


# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # ---- quarterly cycle: `run`, `dashboard`, scripts/consolidate.py
    "run.title": ("Tổng hợp {period_label} – {org}", "Consolidation {period_label} – {org}"),
    "run.stage.ingest": ("Đọc thư và tệp trong inbox/ …", "Reading the inbox …"),
    "run.stage.feedback": ("Lập tệp sửa lỗi cho các đơn vị …", "Writing correction files …"),
    "run.stage.dashboard": ("Tính điểm và lập bảng theo dõi …", "Scoring and writing the "
                            "dashboard …"),
    "run.ingest": (
        "Hộp thư: {stored} tệp mới hợp lệ về biểu mẫu, {rejected} tệp bị từ chối, {duplicate} tệp "
        "đã nhận trước đó, {skipped} tệp bỏ qua.",
        "Inbox: {stored} new workbooks stored, {rejected} rejected, {duplicate} already received, "
        "{skipped} skipped."),
    "run.status": (
        "{form}: {on_time} đơn vị đúng hạn, {late} muộn, {missing} chưa nộp, {pending} chưa đến "
        "hạn; {invalid} đơn vị có lỗi.",
        "{form}: {on_time} units on time, {late} late, {missing} missing, {pending} not yet due; "
        "{invalid} with errors."),
    "run.people": (
        "Cá nhân: {reported}/{people} người có báo cáo; {done}/{total} việc hoàn thành "
        "({completion}); điểm trung bình {mean}.",
        "People: {reported}/{people} reported; {done}/{total} actions done ({completion}); mean "
        "score {mean}."),
    "run.candidates": (
        "Đề xuất biểu dương: {candidates} người; cần nhắc nhở: {reminders} người; lỗi dữ liệu: "
        "{errors} lỗi, {warnings} cảnh báo.",
        "Commendation candidates: {candidates}; reminders: {reminders}; data issues: {errors} "
        "errors, {warnings} warnings."),
    "run.feedback": ("Tệp sửa lỗi gửi đơn vị: {count} tệp trong {folder}.",
                     "Correction files for units: {count} in {folder}."),
    "run.no_feedback": ("Không đơn vị nào cần sửa lỗi.", "No unit needs corrections."),
    "run.dashboard": ("Bảng theo dõi: {path} (ghi trong {seconds} giây).",
                      "Dashboard: {path} (written in {seconds} s)."),
    "run.next_problems": (
        "Việc tiếp theo: gửi tệp sửa lỗi cho các đơn vị và nhắc các đơn vị chưa nộp; khi nhận lại, "
        "chạy lại lệnh này.",
        "Next: send the correction files and remind the missing units; run this again when they "
        "reply."),
    "run.next_ok": ("Dữ liệu đầy đủ, không còn lỗi. In bảng theo dõi để báo cáo chi ủy.",
                    "Data complete, no errors left. Print the dashboard for leadership."),
    "dashboard.done": ("Đã ghi bảng theo dõi {period_label}: {path}",
                       "Wrote the {period_label} dashboard: {path}"),
    "dashboard.figures": (
        "{people} người, {reported} có báo cáo; tỷ lệ việc hoàn thành {completion}; điểm trung "
        "bình {mean}; {errors} lỗi dữ liệu. Ghi trong {seconds} giây.",
        "{people} people, {reported} reported; {completion} of actions done; mean score {mean}; "
        "{errors} data errors. Written in {seconds} s."),
    "script.pause": ("Nhấn Enter để đóng cửa sổ.", "Press Enter to close this window."),
    # errors the CLI maps to exit code 2
    "err.no_workspace": (
        "Không tìm thấy thư mục làm việc: '{path}' không có tệp lamtheobac.toml. Hãy chạy "
        "'lamtheobac init {path}' hoặc chỉ đúng thư mục bằng -w.",
        "No workspace: '{path}' has no lamtheobac.toml. Run 'lamtheobac init {path}' or pass -w."),
    "err.config": (
        "Tệp cấu hình {path}: {problem} (khoá '{key}'). Hãy sửa rồi chạy lại.",
        "Config {path}: {problem} (key '{key}'). Fix it and run again."),
    "err.config_problems": (
        "Tệp cấu hình {path} có {n} chỗ cần sửa:\n{problems}\nHãy sửa rồi chạy lại.",
        "Config {path} has {n} problems:\n{problems}\nFix them and run again."),
    "cfg.unknown_section_near": (
        "mục [{section}] không có; có phải ý bạn là [{near}]? (các mục: {known})",
        "there is no section [{section}]; did you mean [{near}]? (sections: {known})"),
    "cfg.unknown_section": (
        "mục [{section}] không có; các mục được dùng: {known}",
        "there is no section [{section}]; the sections are {known}"),
    "cfg.unknown_key_near": (
        "khoá '{key}' không có trong {where}; có phải ý bạn là '{near}'?",
        "{where} has no key '{key}'; did you mean '{near}'?"),
    "cfg.unknown_key": (
        "khoá '{key}' không có trong {where}; các khoá được dùng: {known}",
        "{where} has no key '{key}'; its keys are {known}"),
    "cfg.key_elsewhere": (
        "khoá '{key}' không thuộc {where} mà thuộc {other}; hãy chuyển dòng này vào {other}",
        "key '{key}' belongs in {other}, not in {where}; move the line there"),
    "cfg.top": ("phần đầu tệp (trước mọi [mục])", "the top of the file (before any [section])"),
    "cfg.not_section": (
        "'{section}' phải là một mục [{section}] chứa các khoá, không phải một giá trị",
        "'{section}' must be a [{section}] section holding keys, not a value"),
    "cfg.missing": ("thiếu khoá '{key}'", "key '{key}' is missing"),
    "cfg.wrong_type": (
        "khoá '{key}' = {value}: sai kiểu, cần {want}",
        "key '{key}' = {value}: wrong type, expected {want}"),
    "cfg.out_of_range": (
        "khoá '{key}' = {value}: ngoài phạm vi cho phép, cần {want}",
        "key '{key}' = {value}: out of range, allowed: {want}"),
    "cfg.want_int": ("một số nguyên từ {lo} đến {hi}", "a whole number from {lo} to {hi}"),
    "cfg.want_number": (
        "một số từ {lo} đến {hi} (viết không có ngoặc kép, dùng dấu chấm thập phân, ví dụ 0.5)",
        "a number from {lo} to {hi} (no quotes, decimal point, e.g. 0.5)"),
    "cfg.want_bool": ("true hoặc false (không có ngoặc kép)", "true or false (no quotes)"),
    "cfg.want_text": ("một đoạn chữ trong ngoặc kép", "text in double quotes"),
    "cfg.want_text_filled": ("một đoạn chữ không rỗng, trong ngoặc kép",
                             "non-empty text in double quotes"),
    "cfg.want_version": ("một số hoặc một đoạn chữ", "a number or text"),
    "cfg.want_choice": ("một trong các giá trị {choices}", "one of {choices}"),
    "cfg.want_date": (
        "một ngày từ {lo} đến {hi}, viết dạng năm-tháng-ngày (ví dụ {lo})",
        "a date from {lo} to {hi}, written year-month-day (e.g. {lo})"),
    "cfg.want_date_any": ("một ngày viết dạng năm-tháng-ngày, ví dụ 2024-03-15",
                          "a date written year-month-day, e.g. 2024-03-15"),
    "cfg.want_texts": (
        "một danh sách từ {lo} đến {hi} đoạn chữ, ví dụ [\"A\", \"B\"]",
        "a list of {lo} to {hi} texts, e.g. [\"A\", \"B\"]"),
    "cfg.want_emails": (
        "một danh sách tối đa {hi} địa chỉ thư khác nhau, ví dụ [\"vanphong@coquan.gov.vn\"]",
        "a list of at most {hi} distinct mail addresses, e.g. [\"office@agency.gov.vn\"]"),
    "cfg.want_numbers": ("một danh sách {n} số, mỗi số từ {lo} đến {hi}",
                         "a list of {n} numbers, each from {lo} to {hi}"),
    "cfg.want_points": (
        "một bảng mức = điểm, mỗi điểm từ {lo} đến {hi}, ví dụ {{ \"Tốt\" = 100 }}",
        "a table of level = points, each from {lo} to {hi}, e.g. {{ \"Tốt\" = 100 }}"),
    "cfg.want_items": ("các bảng [[standards.items]], mỗi bảng có code, group, name",
                       "[[standards.items]] tables, each with code, group, name"),
    "cfg.want_email": ("một địa chỉ thư trong ngoặc kép (hoặc \"\"), ví dụ \"vanphong@coquan.gov.vn\"",
                       "a mail address in quotes (or \"\"), e.g. \"office@agency.gov.vn\""),
    "cfg.want_table": ("một mục [{key}] chứa các khoá", "a [{key}] table of keys"),
    "cfg.no_password": (
        "khoá '{key}': không ghi mật khẩu trong tệp cấu hình; hãy đặt biến môi trường "
        "LAMTHEOBAC_MAIL_PASSWORD (và LAMTHEOBAC_SMTP_PASSWORD nếu máy chủ gửi thư dùng mật khẩu "
        "khác) hoặc lưu vào keyring của hệ điều hành, rồi xoá dòng này",
        "key '{key}': never write a password in the config: set LAMTHEOBAC_MAIL_PASSWORD (and "
        "LAMTHEOBAC_SMTP_PASSWORD) or store it in the OS keyring, and delete this line"),
    "cfg.want_distinct": ("các mục của danh sách không được trùng nhau",
                          "the items of the list must differ"),
    "err.config_syntax": (
        "Tệp cấu hình {path} sai cú pháp TOML ở dòng {line}: {problem}.",
        "Config {path} is not valid TOML at line {line}: {problem}."),
    "err.roster": (
        "Danh sách cán bộ {path}, trang '{sheet}', ô {cell}: {problem}",
        "Roster {path}, sheet '{sheet}', cell {cell}: {problem}"),
    "err.workspace_exists": (
        "Thư mục '{path}' đã có lamtheobac.toml; không ghi đè. Hãy chọn thư mục khác.",
        "'{path}' already has lamtheobac.toml; not overwritten. Choose another folder."),
    "err.from_year": (
        "Thư mục năm trước '{path}' là của năm {old}; năm mới phải sau đó (đã cho {year}). Hãy bỏ "
        "--year hoặc ghi --year {old} + 1.",
        "Last year's workspace '{path}' is for {old}; the new year must come after it (got "
        "{year})."),
    "warn.to_fill": (
        "Lưu ý: {path} còn {count} mục chưa điền (giá trị bắt đầu bằng \"CẦN ĐIỀN\"): {keys}. "
        "Biểu mẫu và báo cáo sẽ in nguyên chữ đó cho đến khi điền xong; hãy mở tệp, ghi giá trị "
        "thật thay cho \"CẦN ĐIỀN: …\".",
        "Note: {path} still has {count} values to fill (they start with \"CẦN ĐIỀN\"): {keys}. "
        "Forms and reports print them as they are until filled."),
    "cli.ingest.common": (
        "{count} nội dung việc làm theo được từ 100 người trở lên đăng ký gần như giống hệt nhau "
        "(không cảnh báo từng dòng; nên xem lại cách hướng dẫn đăng ký):",
        "{count} pledge texts were written (nearly) alike by 100 people or more (not warned row "
        "by row; worth a look at how pledges are asked for):"),
    "cli.ingest.common_text": (
        "  \"{text}\": {people} người, {units} đơn vị",
        "  \"{text}\": {people} people, {units} units"),
    "cli.init.created": (
        "Đã tạo thư mục làm việc {path} cho năm {year}:",
        "Created workspace {path} for {year}:"),
    "cli.init.from": (
        "Đã chép từ {path} (năm {old}): cấu hình (giữ tên cơ quan, tiêu đề văn bản, chuẩn mực, "
        "cách chấm điểm), danh sách cán bộ ({people} người) và {pledges} việc làm theo năm {old} "
        "của {owners} người để đối chiếu việc chép lại năm nay. Thư mục năm trước không bị sửa.",
        "Copied from {path} ({old}): the config (organisation, header, standards, scoring), the "
        "roster ({people} people) and {pledges} pledged actions of {old} by {owners} people, to "
        "spot pledges copied from last year. The old workspace was not changed."),
    "cli.init.check_header": (
        "Hãy kiểm tra phần [organisation] (tên cơ quan, cơ quan cấp trên, nơi ban hành): từ 1/7/2025 "
        "nhiều tỉnh đã sáp nhập, chính quyền địa phương còn hai cấp.",
        "Check [organisation] (names, superior body, place): many provinces merged on 1/7/2025."),
    "cli.init.next": (
        "Bước tiếp: điền roster.xlsx (hoặc 'lamtheobac roster import <tệp danh sách>'), sửa "
        "lamtheobac.toml, rồi chạy 'lamtheobac -w {path} templates --form pledge'.",
        "Next: fill roster.xlsx (or 'lamtheobac roster import <list>'), edit lamtheobac.toml, then "
        "run 'lamtheobac -w {path} templates --form pledge'."),
    "err.period": (
        "Kỳ '{value}' không hợp lệ. Hãy ghi dạng {year}-Q1 … {year}-Q4, {year}-H1 hoặc {year}.",
        "Period '{value}' is not valid. Use {year}-Q1 … {year}-Q4, {year}-H1 or {year}."),
    "err.quarter": (
        "Kỳ '{value}' không phải một quý của năm {year}: bảng theo dõi và các lệnh theo quý cần "
        "{year}-Q1, {year}-Q2, {year}-Q3 hoặc {year}-Q4.",
        "Period '{value}' is not a quarter of {year}: the dashboard and the quarterly commands "
        "need {year}-Q1, {year}-Q2, {year}-Q3 or {year}-Q4."),
    "err.form": (
        "Biểu mẫu '{value}' không có. Các biểu mẫu: {choices}.",
        "Unknown form '{value}'. Forms: {choices}."),
    "err.unit": (
        "Không có đơn vị '{value}'. Các đơn vị: {choices}.",
        "Unknown unit '{value}'. Units: {choices}."),
    "err.output_locked": (
        "Không ghi được '{path}' vì tệp đang mở trong Excel/LibreOffice. Hãy đóng tệp rồi chạy lại; "
        "tệp cũ vẫn giữ nguyên.",
        "Cannot write '{path}': it is open in an office suite. Close it and run again; the old file "
        "is kept."),
    "err.output_read_only": (
        "Không ghi đè '{path}' vì tệp đang để chế độ chỉ đọc (có thể ai đó muốn giữ nguyên bản "
        "này). Nếu muốn thay bằng bản mới, hãy bỏ thuộc tính chỉ đọc (Windows: chuột phải vào tệp "
        "> Properties > bỏ chọn Read-only) hoặc đổi tên tệp cũ, rồi chạy lại; tệp cũ vẫn giữ "
        "nguyên.",
        "Not replacing '{path}': it is marked read-only (someone may want to keep this version). "
        "To replace it, clear the read-only mark (Windows: right-click > Properties > untick "
        "Read-only) or rename the old file, then run again; the old file is kept."),
    "err.ingest_busy": (
        "Đang có một lượt đọc thư/tệp khác chạy trên thư mục '{path}'. Hãy đợi lượt đó xong (hoặc "
        "đóng cửa sổ đang chạy) rồi chạy lại.",
        "Another ingest is running on '{path}'. Wait for it to finish, then run again."),
    "err.ingest_busy_owner": (
        "Đang có một lượt đọc thư/tệp khác chạy trên thư mục '{path}' (tiến trình {pid} trên máy "
        "{host}, bắt đầu lúc {since}). Hãy đợi lượt đó xong rồi chạy lại.",
        "Another ingest is running on '{path}' (process {pid} on {host}, since {since}). Wait for "
        "it to finish, then run again."),
    "ingest.stale_lock": (
        "Lưu ý: khoá {path} do một lượt đọc trước để lại (tiến trình {pid}, bắt đầu lúc {since}) "
        "nhưng tiến trình đó đã dừng; đã tiếp quản khoá và đọc tiếp bình thường.",
        "Note: the lock {path} was left by an earlier ingest (process {pid}, since {since}) that "
        "no longer runs; it was taken over and the ingest went on."),
    # operational failures (toolkit.app.failures): the path and what to do; exit code 2
    "fail.disk_full": (
        "Ổ đĩa đã đầy: không ghi được '{path}'. Hãy giải phóng chỗ trống trên ổ đĩa chứa thư mục "
        "làm việc (xoá bớt tệp không cần, dọn Thùng rác) rồi chạy lại lệnh. Dữ liệu đã có vẫn "
        "nguyên vẹn: phần đang ghi dở đã được bỏ.",
        "The disk is full: cannot write '{path}'. Free some space on the disk holding the "
        "workspace, then run the command again. Existing data is intact: what was being written "
        "was discarded."),
    "fail.read_only": (
        "Thư mục làm việc '{path}' chỉ cho đọc (ổ đĩa, thư mục dùng chung hoặc thẻ nhớ đang đặt "
        "chỉ đọc) mà lệnh này cần ghi. Các lệnh chỉ xem như 'lamtheobac status' vẫn chạy được. "
        "Hãy bỏ chế độ chỉ đọc, hoặc chép cả thư mục sang nơi ghi được ('lamtheobac backup'), "
        "rồi chạy lại.",
        "The workspace '{path}' is read-only (a read-only disk, share or card) and this command "
        "needs to write. Viewing commands such as 'lamtheobac status' still work. Make it "
        "writable, or copy the whole folder somewhere writable ('lamtheobac backup'), then run "
        "again."),
    "fail.denied": (
        "Không có quyền truy cập '{path}'. Hãy kiểm tra quyền của tệp/thư mục này (Windows: chuột "
        "phải > Properties > Security) hoặc nhờ người quản trị máy cấp quyền đọc và ghi cho tài "
        "khoản của bạn, rồi chạy lại. Không có gì bị ghi dở.",
        "Permission denied on '{path}'. Check the permissions of this file or folder (Windows: "
        "right-click > Properties > Security) or ask your administrator for read and write "
        "access, then run again. Nothing was left half-written."),
    "fail.missing": (
        "Không tìm thấy '{path}' (tệp hoặc thư mục đã bị xoá, đổi tên hoặc chuyển đi trong khi "
        "chạy). Hãy kiểm tra lại rồi chạy lại lệnh.",
        "'{path}' was not found (deleted, renamed or moved while the command ran). Check, then "
        "run the command again."),
    "fail.io": (
        "Lỗi đọc/ghi ổ đĩa ở '{path}'. Hãy kiểm tra ổ đĩa (ổ mạng còn kết nối, thẻ nhớ, ổ cắm "
        "ngoài) rồi chạy lại; nếu lỗi lặp lại, hãy sao lưu thư mục làm việc sang ổ khác.",
        "Disk read/write error at '{path}'. Check the disk (network drive connected, card, "
        "external drive), then run again; if it happens again, back the workspace up to another "
        "disk."),
    "fail.store_corrupt": (
        "Kho dữ liệu '{path}' bị hỏng, không đọc được. Các tệp đã nhận vẫn còn nguyên trong "
        "archive/: hãy đổi tên tệp hỏng (ví dụ thành lamtheobac.sqlite.hong) rồi chạy "
        "'lamtheobac rebuild' để dựng lại kho từ archive/, hoặc chép lại bản sao lưu gần nhất.",
        "The store '{path}' is damaged and cannot be read. Every received file is still in "
        "archive/: rename the damaged file (e.g. to lamtheobac.sqlite.broken) and run "
        "'lamtheobac rebuild' to rebuild the store from archive/, or restore the latest backup."),
    "fail.store_newer": (
        "Kho dữ liệu '{path}' do một phiên bản lamtheobac mới hơn ghi (cấu trúc số {found}; "
        "phiên bản đang chạy chỉ biết đến số {known}). Hãy cài phiên bản lamtheobac mới nhất "
        "rồi chạy lại; kho không bị sửa gì.",
        "The store '{path}' was written by a newer lamtheobac (schema {found}; this one knows up "
        "to {known}). Install the latest lamtheobac and run again; the store was not changed."),
    "fail.store_missing": (
        "Không có kho dữ liệu '{path}', trong khi archive/ đã ghi nhận {files} tệp nhận được "
        "({batches} lượt đọc, lần gần nhất lúc {at}). Có thể kho đã bị xoá, hoặc chưa được chép "
        "theo khi chuyển máy. Không lệnh nào chạy tiếp trên kho thiếu, để không ra kết quả sai "
        "(mọi đơn vị \"chưa nộp\"). Hãy chạy 'lamtheobac rebuild' để dựng lại kho từ archive/, "
        "hoặc chép lại tệp lamtheobac.sqlite từ bản sao lưu.",
        "The store '{path}' is missing while archive/ records {files} received files ({batches} "
        "batches, the last at {at}): it was deleted, or not copied when moving machines. No "
        "command runs on it, so as not to report every unit missing. Run 'lamtheobac rebuild' to "
        "rebuild it from archive/, or copy lamtheobac.sqlite back from a backup."),
    "fail.store_empty": (
        "Kho dữ liệu '{path}' trống, trong khi archive/ đã ghi nhận {files} tệp nhận được "
        "({batches} lượt đọc, lần gần nhất lúc {at}). Có thể tệp kho đã bị xoá nội dung hoặc bị "
        "thay bằng một tệp mới. Không lệnh nào chạy tiếp trên kho trống, để không ra kết quả sai "
        "(mọi đơn vị \"chưa nộp\"). Hãy chạy 'lamtheobac rebuild' để dựng lại kho từ archive/, "
        "hoặc chép lại tệp lamtheobac.sqlite từ bản sao lưu.",
        "The store '{path}' is empty while archive/ records {files} received files ({batches} "
        "batches, the last at {at}). No command runs on it, so as not to report every unit "
        "missing. Run 'lamtheobac rebuild' to rebuild it from archive/, or copy lamtheobac.sqlite "
        "back from a backup."),
    "fail.store_behind": (
        "Kho dữ liệu '{path}' cũ hơn archive/: kho mới có đến lượt đọc thứ {held}, còn archive/ "
        "đã ghi nhận đến lượt {batches} (lúc {at}). Có thể đây là một bản sao lưu cũ được chép "
        "đè lên. Hãy chạy 'lamtheobac rebuild' để dựng lại kho đầy đủ từ archive/ (kho hiện có "
        "được giữ lại bên cạnh).",
        "The store '{path}' is behind archive/: it holds batches up to {held}, archive/ records "
        "up to {batches} (at {at}) — perhaps an old backup was copied over it. Run 'lamtheobac "
        "rebuild' to rebuild it in full from archive/ (the present one is kept beside it)."),
    "fail.store_upgrade": (
        "Kho dữ liệu '{path}' do phiên bản lamtheobac cũ hơn ghi và cần được nâng cấp một lần "
        "(phải ghi), nhưng thư mục đang chỉ cho đọc. Hãy chạy một lệnh bất kỳ (ví dụ "
        "'lamtheobac status') trên máy hoặc thư mục có quyền ghi, rồi chạy lại.",
        "The store '{path}' was written by an older lamtheobac and must be upgraded once (a "
        "write), but the folder is read-only. Run any command (e.g. 'lamtheobac status') where "
        "the folder is writable, then run again."),
    "fail.store_busy": (
        "Kho dữ liệu '{path}' đang bận: một lệnh khác đang ghi vào đó. Hãy đợi lệnh đó xong rồi "
        "chạy lại.",
        "The store '{path}' is busy: another command is writing to it. Wait for it to finish, "
        "then run again."),
    "fail.cannot_open": (
        "Không mở được kho dữ liệu '{path}'. Hãy kiểm tra tệp và thư mục chứa nó còn đó và tài "
        "khoản của bạn có quyền ghi, rồi chạy lại.",
        "Cannot open the store '{path}'. Check that it and its folder exist and that you may "
        "write there, then run again."),
    "fail.detail": ("Chi tiết kỹ thuật: {detail}", "Technical detail: {detail}"),
    # rebuild, backup, accept (toolkit/cli/upkeep.py)
    "cli.rebuild.done": (
        "Đã dựng lại kho dữ liệu {path} từ archive/: {files} tệp đọc lại qua {batches} lượt; "
        "{submissions} bản nộp, {decisions} quyết định xếp loại đã ghi (của Chi ủy và lãnh đạo "
        "cơ quan, kể cả quyết định đã được thay bằng quyết định sau).",
        "Rebuilt the store {path} from archive/: {files} files read again in {batches} batches; "
        "{submissions} submissions, {decisions} rating decisions recorded (the party committee's "
        "and the agency leadership's, replaced ones included)."),
    "cli.rebuild.no_journal": (
        "Lưu ý: archive/ chưa có sổ ghi (journal.jsonl, thư mục làm từ phiên bản cũ) nên các tệp "
        "được đọc lại theo thứ tự lưu trữ, với tên là mã của tệp và không có thông tin thư gửi; "
        "từ nay sổ ghi được giữ đầy đủ.",
        "Note: archive/ had no journal (an older workspace): files were read again in the order "
        "they were archived, named by their hash, without their mails; the journal is kept from "
        "now on."),
    "cli.rebuild.kept": ("Kho cũ được giữ lại ở {path}.", "The previous store is kept at {path}."),
    "cli.backup.done": (
        "Đã sao lưu thư mục làm việc vào {target}: {files} tệp, {size} MB, kho dữ liệu có "
        "{submissions} bản nộp.",
        "Backed the workspace up to {target}: {files} files, {size} MB, the store holding "
        "{submissions} submissions."),
    "cli.backup.restore": (
        "Để dùng bản sao (trên máy khác): chép {target} sang (giải nén nếu là .zip) rồi chạy các "
        "lệnh với -w chỉ tới thư mục đó.",
        "To use the copy (on another machine): copy {target} there (unzip a .zip), then run the "
        "commands with -w pointing at it."),
    "cli.held.none": ("Không có bản nộp nào đang chờ xác nhận.", "No submission awaits "
                      "confirmation."),
    "cli.held.count": (
        "{n} bản nộp đang chờ xác nhận (thư gửi từ địa chỉ không phải của đơn vị); xem bằng "
        "'lamtheobac accept', chấp nhận bằng 'lamtheobac accept <mã>':",
        "{n} submissions await confirmation (mailed from an address not the unit's); list them "
        "with 'lamtheobac accept', accept with 'lamtheobac accept <code>':"),
    "cli.accept.done": (
        "Đã chấp nhận {code} ({name}): nay là bản hiện hành của đơn vị {unit}, kỳ {period}.",
        "Accepted {code} ({name}): now the current submission of {unit} for {period}."),
    "cli.accept.done_older": (
        "Đã chấp nhận {code} ({name}) vào lịch sử của đơn vị {unit}, kỳ {period}; đơn vị đã có "
        "bản gửi muộn hơn nên bản đó vẫn là bản hiện hành.",
        "Accepted {code} ({name}) into the history of {unit} for {period}; a later submission "
        "stays current."),
    "err.accept_code": (
        "Mã '{code}' không hợp lệ: hãy ghi ít nhất 6 ký tự đầu của mã tệp như 'lamtheobac accept' "
        "liệt kê (chữ số 0–9 và a–f).",
        "Code '{code}' is not valid: give at least the first 6 characters of the file code as "
        "'lamtheobac accept' lists it (0-9, a-f)."),
    "err.accept_unknown": (
        "Không có tệp nào nhận được có mã bắt đầu bằng '{code}'. Chạy 'lamtheobac accept' (không "
        "kèm mã) để xem các bản đang chờ.",
        "No received file has a code starting '{code}'. Run 'lamtheobac accept' alone to list "
        "the waiting ones."),
    "err.accept_ambiguous": (
        "Có nhiều tệp có mã bắt đầu bằng '{code}'; hãy ghi thêm vài ký tự.",
        "Several files have codes starting '{code}'; give a few more characters."),
    "err.accept_not_held": (
        "Tệp {name} (mã {code}) không ở trạng thái chờ xác nhận; không cần chấp nhận.",
        "{name} ({code}) is not awaiting confirmation; nothing to accept."),
    "err.backup_inside": (
        "Không sao lưu vào '{target}' vì nằm trong chính thư mục làm việc '{path}'. Hãy chọn một "
        "thư mục ở ổ khác hoặc thẻ nhớ.",
        "Not backing up into '{target}': it lies inside the workspace '{path}'. Choose a folder "
        "on another disk or a card."),
    "err.backup_exists": (
        "'{target}' đã có và không trống; không ghi đè. Hãy chọn một tên mới (ví dụ thêm ngày).",
        "'{target}' exists and is not empty; not overwritten. Choose a new name (add the date)."),
    "err.unexpected": (
        "Lỗi không mong muốn: {problem}. Chạy lại với --verbose để xem chi tiết và báo cho người "
        "quản trị.",
        "Unexpected error: {problem}. Run again with --verbose for details."),
}

# ---- year-end (rating reasons, rate/report commands)
MESSAGES.update({
    "rate.score": (
        "Điểm {score} ({reported}/{expected} quý có báo cáo); việc làm theo: xong {done}/{total}, "
        "đúng hạn {on_time}, vượt mức {exceeded}.",
        "Score {score} ({reported}/{expected} quarters reported); actions: {done}/{total} done, "
        "{on_time} on time, {exceeded} exceeded."),
    "rate.need_all_on_time": (
        "đúng hạn {on_time}% số việc (cần 100%)",
        "{on_time}% of the actions on time (100% needed)"),
    "rate.need_exceeded": (
        "vượt mức {exceeded}% (cần từ {need}%)",
        "{exceeded}% exceeded ({need}% needed)"),
    "rate.level.excellent": (
        "Mức xuất sắc: điểm ≥ {band}, 100% việc đúng hạn, vượt mức {exceeded}% (cần từ {need}%).",
        "Excellent: score ≥ {band}, every action on time, {exceeded}% exceeded ({need}% needed)."),
    "rate.not_excellent": (
        "Chưa xuất sắc (điểm ≥ {band}): {missing}.",
        "Not excellent (score ≥ {band}): {missing}."),
    "rate.level.good": (
        "Mức tốt: điểm ≥ {band}, {done}% việc hoàn thành.",
        "Good: score ≥ {band}, {done}% of the actions done."),
    "rate.not_good_done": (
        "Chưa tốt (điểm ≥ {band}): mới xong {done}% số việc (cần 100%).",
        "Not good (score ≥ {band}): only {done}% of the actions done (100% needed)."),
    "rate.not_good_on_time": (
        "Chưa tốt (điểm ≥ {band}): đúng hạn {on_time}% số việc (cần 100%).",
        "Not good (score ≥ {band}): {on_time}% of the actions on time (100% needed)."),
    "rate.level.complete": (
        "Mức hoàn thành: điểm ≥ {band}.",
        "Complete: score ≥ {band}."),
    "rate.level.not_complete": (
        "Mức không hoàn thành: điểm {score} < {band}.",
        "Not complete: score {score} < {band}."),
    "rate.level.not_complete_done": (
        "Mức không hoàn thành: mới xong {done}% số việc (dưới {need}%).",
        "Not complete: only {done}% of the actions done (below {need}%)."),
    "rate.block.discipline": (
        "Kỷ luật \"{form}\" trong năm: tối đa {cap} (trừ khi tự phát hiện, khắc phục xong hậu "
        "quả – Chi ủy xem xét).",
        "Disciplined (\"{form}\") in the year: at most {cap} (unless self-reported and "
        "remedied)."),
    "rate.block.no_pledge": (
        "Không đăng ký việc làm theo: tối đa {cap}.",
        "No registered actions: at most {cap}."),
    "rate.block.missing_reports": (
        "Thiếu báo cáo {quarters}: tối đa {cap}.",
        "Missing reports ({quarters}): at most {cap}."),
    "rate.block.no_review": (
        "Bản kiểm điểm cuối năm chưa ghi mức tự xếp loại: tối đa {cap}.",
        "The year-end self-review gives no self-rating: at most {cap}."),
    "rate.no_data": (
        "Chưa đủ dữ liệu, chưa đề xuất mức (không phải kết quả kém): {gaps}. Hãy đôn đốc đơn vị "
        "gửi bổ sung; cấp có thẩm quyền vẫn có thể quyết định.",
        "Not enough data, no level proposed (not a poor result): {gaps}. Ask the unit for the "
        "missing files; leadership may still decide."),
    "rate.collective.no_data": (
        "Chưa thành viên nào trong {n} người có đủ dữ liệu",
        "None of the {n} members has enough data"),
    "rate.block.member_no_data": (
        "Có {n} người chưa đủ dữ liệu (điểm tính trên những người có đủ): tối đa {cap}.",
        "{n} member(s) without enough data (the score counts the others): at most {cap}."),
    "rate.block.cs_missing": (
        "Công chức, viên chức chưa có kết quả xếp loại CCVC: tối đa {cap}.",
        "A civil servant without a civil-servant rating: at most {cap}."),
    "rate.block.cs_rating": (
        "Xếp loại công chức, viên chức {cs} ({source}): tối đa {cap}.",
        "Civil-servant rating {cs} ({source}): at most {cap}."),
    "rate.capped": (
        "Vướng nên đề xuất {final} (theo điểm: {level}).",
        "Blocked: proposed {final} (by the score: {level})."),
    "rate.quota.within": (
        "Trong tỉ lệ: thứ {rank}/{n} đề xuất xuất sắc của {group}; tối đa {allowed} ({ratio}% "
        "của {base} người mức tốt).",
        "Within the quota: {rank} of {n} excellent proposals in {group}; at most {allowed} "
        "({ratio}% of {base} rated good)."),
    "rate.quota.over": (
        "VƯỢT TỈ LỆ: thứ {rank}/{n} đề xuất xuất sắc của {group}, tối đa {allowed} ({ratio}% của "
        "{base} người mức tốt). Chi ủy xem xét; không tự hạ mức.",
        "OVER THE QUOTA: {rank} of {n} excellent proposals in {group}, at most {allowed} "
        "({ratio}% of {base} rated good). Leadership decides; nothing is demoted."),
    "rate.collective.score": (
        "Điểm {score}; {n} người: {exc} xuất sắc, {good} tốt, {complete} hoàn thành, {nc} không "
        "hoàn thành ({share}% từ tốt trở lên).",
        "Score {score}; {n} people: {exc} excellent, {good} good, {complete} complete, {nc} not "
        "complete ({share}% good or better)."),
    "rate.collective.band": (
        "Theo ngưỡng điểm {band}: {level}.",
        "By the score band {band}: {level}."),
    "rate.block.member_not_complete": (
        "Có {n} người không hoàn thành nhiệm vụ: tối đa {cap}.",
        "{n} member(s) not complete: at most {cap}."),
    "rate.block.member_discipline": (
        "Có {n} người bị kỷ luật trong năm: tối đa {cap}.",
        "{n} member(s) disciplined in the year: at most {cap}."),
    "rate.block.unit_reports": (
        "Đơn vị thiếu báo cáo {quarters}: tối đa {cap}.",
        "The unit misses reports for {quarters}: at most {cap}."),
    "rate.decision.above_cap": (
        "Quyết định \"{level}\" cao hơn mức tối đa \"{cap}\" do vướng: đã ghi nhận, cần lưu ý.",
        "Decision \"{level}\" is above the cap \"{cap}\": accepted, flagged."),
    "rate.decision.over_quota": (
        "Quyết định xuất sắc vượt tỉ lệ của {group} ({n}/{allowed}): đã ghi nhận, cần lưu ý.",
        "Excellent decision over the quota of {group} ({n}/{allowed}): accepted, flagged."),
    "cli.rate.done": (
        "Xếp loại năm {year}: {party} đảng viên theo {rule} ({groups} tổ đảng và chi bộ); "
        "{staff} cán bộ, công chức, viên chức, người lao động theo {staff_rule} ({units} đơn vị).",
        "Year {year} rating: {party} party members under {rule} ({groups} party groups and the "
        "cell); {staff} staff under {staff_rule} ({units} units)."),
    "cli.rate.levels": (
        "{who} – đề xuất: {excellent} xuất sắc, {good} tốt, {complete} hoàn thành, "
        "{not_complete} không hoàn thành, {no_data} chưa đủ dữ liệu.",
        "{who} – proposed: {excellent} excellent, {good} good, {complete} complete, "
        "{not_complete} not complete, {no_data} without enough data."),
    "cli.rate.quota": (
        "Tỉ lệ xuất sắc của đảng viên: {over} trường hợp vượt tỉ lệ ở {groups} nhóm so sánh; "
        "CB, CC, VC, người lao động: {share} (NĐ 48). Xem trang \"Tổng hợp\".",
        "Party members' quota: {over} excellent proposal(s) over it in {groups} group(s); staff: "
        "{share} (NĐ 48). See the \"Tổng hợp\" sheet."),
    "cli.rate.decisions": (
        "{who} đã quyết định {what} ({overridden} khác đề xuất, {flagged} cần lưu ý).",
        "{who} decided {what} ({overridden} differ from the proposal, {flagged} flagged)."),
    "cli.rate.next": (
        "Bước tiếp: Chi ủy (đảng viên, tổ đảng, chi bộ) và lãnh đạo cơ quan (CB, CC, VC, người lao "
        "động, đơn vị) ghi cột \"Quyết định\" và \"Lý do\", lưu tệp vào inbox/, chạy "
        "'lamtheobac ingest' rồi 'lamtheobac rate' để cập nhật bảng.",
        "Next: the party committee (party members, groups, the cell) and the agency's leaders "
        "(staff, units) fill \"Quyết định\" and \"Lý do\", save the file into inbox/, then run "
        "'lamtheobac ingest' and 'lamtheobac rate' to update it."),
    "cli.files": ("Các tệp:", "Files:"),
    "cli.rate.lacking": (
        "Còn {n} người chưa đủ dữ liệu (đơn vị chưa gửi bản đăng ký, báo cáo quý hoặc bản kiểm "
        "điểm): chưa đề xuất mức, có ghi lý do; hãy đôn đốc đơn vị gửi bổ sung.",
        "{n} people lack data (the unit has not sent the pledge, a quarterly report or the "
        "self-review): no level proposed, the reason is shown; ask the units for the files."),
    "err.date_before_data": (
        "Ngày ghi trên văn bản ({on}) sớm hơn dữ liệu mới nhất mà văn bản dùng: tệp \"{file}\" "
        "nhận ngày {when}. Hãy bỏ --date (lấy ngày hôm nay) hoặc ghi ngày từ {when} trở đi.",
        "The document date ({on}) is before the newest data it holds: file \"{file}\" received "
        "{when}. Drop --date (today) or give a date from {when} on."),
    "cli.report.missing": (
        "Lưu ý: {n} lượt báo cáo quý chưa gửi; số liệu của các đơn vị đó tính bằng 0.",
        "Note: {n} quarterly reports missing; those units count zero."),
    "err.rate_year": (
        "Thư mục làm việc này là của năm {year}, không xếp loại được năm {value}. Hãy dùng "
        "--year {year} hoặc chỉ đúng thư mục của năm {value} bằng -w.",
        "This workspace is for {year}; it cannot rate {value}. Use --year {year} or point -w at "
        "the {value} workspace."),
    "err.date": (
        "Ngày '{value}' không hợp lệ. Hãy ghi dạng ngày/tháng/năm, ví dụ 25/12/2024.",
        "Date '{value}' is not valid. Write day/month/year, e.g. 25/12/2024."),
    "cli.report.done": (
        "Đã lập báo cáo {label}: {path}",
        "Wrote the {label} report: {path}"),
    "cli.report.period": (
        "Báo cáo chỉ lập cho 6 tháng ({year}-H1, {year}-H2) hoặc cả năm ({year}); '{value}' không "
        "phải kỳ báo cáo.",
        "Reports are for a half year ({year}-H1, {year}-H2) or the year ({year}); '{value}' is not "
        "one."),
    # ---- `documents`: the papers people sign (Word, PDF)
    "err.documents_form": (
        "Không có loại văn bản '{value}'. Chọn một trong: {choices} (bản đăng ký: pledge; bản "
        "kiểm điểm: self-review).",
        "No document kind '{value}'. Choose one of: {choices}."),
    "cli.documents.pledge": (
        "Đã lập bản đăng ký việc làm theo năm {year} của {people} người, {units} đơn vị (mỗi đơn "
        "vị một tệp Word, mỗi người một trang).",
        "Wrote the {year} pledges of {people} people in {units} units (one Word file per unit, "
        "one page per person)."),
    "cli.documents.self-review": (
        "Đã lập bản kiểm điểm cá nhân năm {year} của {people} người, {units} đơn vị (mỗi người "
        "một tệp Word, điền sẵn kết quả cả năm).",
        "Wrote the {year} self-reviews of {people} people in {units} units (one Word file per "
        "person, pre-filled with the year's results)."),
    "documents.not_ready": (
        "{name} ({unit}): {n} việc, cần từ {low} đến {high}",
        "{name} ({unit}): {n} actions, {low} to {high} needed"),
    "cli.documents.not_ready": (
        "Chưa in bản đăng ký của {n} người có số việc làm theo ngoài quy định (tệp sửa lỗi của "
        "đơn vị đã báo; in khi nhận bản đã sửa): {people}.",
        "{n} pledges not printed, their number of actions is outside the rule (the unit's "
        "correction file says so; printed once the corrected pledge comes): {people}."),
    "cli.documents.without": (
        "Chưa có bản đăng ký hợp lệ của {n} đơn vị: {units}. Hãy đôn đốc gửi hoặc sửa lỗi rồi chạy "
        "lại.",
        "No valid pledge yet from {n} units: {units}. Ask them to send or fix it and run again."),
    "cli.documents.too_long": (
        "{n} bản đăng ký dài quá một trang (nên viết ngắn gọn, rõ việc, rõ mục tiêu): {people}.",
        "{n} pledges do not fit one page (ask for shorter actions): {people}."),
    "cli.documents.pdf": (
        "Bản PDF để in: {n} tệp (LibreOffice).",
        "PDF copies to print: {n} files (LibreOffice)."),
    "cli.documents.no_office": (
        "Máy chưa cài LibreOffice nên chưa có bản PDF; mở tệp Word và in trực tiếp, hoặc cài "
        "LibreOffice rồi chạy lại.",
        "LibreOffice is not installed, so no PDF was made; print the Word files, or install "
        "LibreOffice and run again."),
    "cli.documents.pdf_failed": (
        "LibreOffice không chuyển được {n} tệp sang PDF: {problem}",
        "LibreOffice could not convert {n} files to PDF: {problem}"),
    "err.report_format": (
        "Không có dạng báo cáo '{value}'. Chọn một trong: {choices} (docx: Word để biên tập, "
        "xlsx: bảng tính, both: cả hai).",
        "No report format '{value}'. Choose one of: {choices}."),
    "err.rating_template": (
        "Bảng xếp loại không gửi cho đơn vị: hãy lập bằng lệnh 'lamtheobac rate --year {year}'. "
        "Biểu mẫu kiểm điểm cuối năm gửi đơn vị là --form year-review.",
        "The rating sheet is not sent to units: run 'lamtheobac rate --year {year}'. The year-end "
        "form for units is --form year-review."),
    "err.rating_config": (
        "Tệp cấu hình, mục [rating], khoá '{key}': {problem}. Hãy sửa rồi chạy lại.",
        "Config [rating] key '{key}': {problem}. Fix it and run again."),
})

# ---- roster import (`lamtheobac roster import`)
MESSAGES.update({
    "roster_import.unreadable": (
        "Không đọc được tệp '{file}' ({problem}). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại "
        "dạng .xlsx rồi nhập lại.",
        "Cannot read '{file}' ({problem}). Open it in Excel or LibreOffice, save as .xlsx and "
        "import again."),
    "roster_import.no_file": (
        "Không có tệp '{file}'. Hãy kiểm tra đường dẫn.",
        "No file '{file}'. Check the path."),
    "roster_import.no_table": (
        "Không tìm thấy danh sách người trong tệp '{file}': không trang nào có dòng tiêu đề với cột "
        "họ tên (\"Họ và tên\", \"Họ tên\", \"Tên cán bộ\", hoặc \"Họ đệm\" và \"Tên\") và có "
        "người bên dưới. Hãy kiểm tra tệp hoặc sửa tên cột.",
        "No list of people found in '{file}': no sheet has a header row with a name column "
        "(\"Họ và tên\", \"Họ tên\", \"Tên cán bộ\", or \"Họ đệm\" and \"Tên\") with people "
        "below it."),
    "roster_import.duplicate_id": (
        "{file}, trang \"{sheet}\", ô {cell}: mã \"{value}\" của {name} trùng với ô {other_cell} "
        "({other_name}, trang \"{other_sheet}\"); dòng {row} không được nhập. Hãy sửa mã trong tệp "
        "rồi nhập lại.",
        "{file}, sheet \"{sheet}\", cell {cell}: id \"{value}\" of {name} is also at "
        "{other_cell} ({other_name}, sheet \"{other_sheet}\"); row {row} left out. Fix the id and "
        "import again."),
    "roster_import.duplicate_person": (
        "{file}, trang \"{sheet}\", ô {cell}: {name} trùng họ tên và ngày sinh với ô {other_cell} "
        "(trang \"{other_sheet}\"); dòng {row} không được nhập (có lẽ một người ghi hai lần). Nếu là "
        "hai người, hãy ghi mã cán bộ riêng cho mỗi người rồi nhập lại.",
        "{file}, sheet \"{sheet}\", cell {cell}: {name} has the name and birth date of "
        "{other_cell} (sheet \"{other_sheet}\"); row {row} left out (probably listed twice). If "
        "they are two people, give each an id and import again."),
    "roster_import.no_unit": (
        "{file}, trang \"{sheet}\", ô {cell}: {name} (dòng {row}) không có đơn vị nên chưa được "
        "nhập. Hãy điền đơn vị, hoặc chạy lại với --unit \"Tên đơn vị\" nếu cả tệp là của một "
        "đơn vị.",
        "{file}, sheet \"{sheet}\", cell {cell}: {name} (row {row}) has no unit and was left "
        "out. Fill in the unit, or run again with --unit \"Unit name\" if the whole file is one "
        "unit's."),
    "roster_import.bad_date": (
        "{file}, trang \"{sheet}\", ô {cell}: ngày sinh \"{value}\" của {name} không đọc được "
        "(hãy ghi ngày/tháng/năm, ví dụ 05/03/1985); không dùng để so người trùng.",
        "{file}, sheet \"{sheet}\", cell {cell}: birth date \"{value}\" of {name} is not a "
        "date (write day/month/year, e.g. 05/03/1985); not used to find duplicates."),
    "roster_import.sheet": (
        "Tệp {file}, trang \"{sheet}\": tiêu đề ở dòng {rows}, {people} người.",
        "File {file}, sheet \"{sheet}\": header on row {rows}, {people} people."),
    "roster_import.column": (
        "  {field:<20} ← ô {cell} \"{header}\"",
        "  {field:<20} <- cell {cell} \"{header}\""),
    "roster_import.unused": (
        "  (không dùng: {columns})",
        "  (not used: {columns})"),
    "roster_import.default_unit": (
        "  Người không ghi đơn vị thuộc: {unit}",
        "  People without a unit belong to: {unit}"),
    "roster_import.units": (
        "Đơn vị: {count} ({units}).",
        "Units: {count} ({units})."),
    "roster_import.people": (
        "Cán bộ: {count} (đảng viên {party}, đoàn viên {youth}, lãnh đạo chủ chốt {leaders}, "
        "công chức/viên chức {civil}).",
        "People: {count} ({party} party members, {youth} youth members, {leaders} key leaders, "
        "{civil} civil servants)."),
    "roster_import.ids": (
        "Mã cán bộ: {generated} mã mới (CB…) cho người tệp không ghi mã, {reused} mã giữ theo "
        "roster.xlsx hiện có.",
        "Person ids: {generated} new (CB…) for people without one, {reused} kept from the current "
        "roster.xlsx."),
    "roster_import.leaders": (
        "Lãnh đạo chủ chốt: {count} người suy ra từ chức vụ (Trưởng…, Giám đốc, Chánh…); sửa trong "
        "roster.xlsx nếu cần.",
        "Key leaders: {count} inferred from the position (head, director…); fix in roster.xlsx if "
        "needed."),
    "roster_import.preview": (
        "Xem trước ({shown}/{count} người):",
        "Preview ({shown}/{count} people):"),
    "roster_import.problems": (
        "Cần xem lại ({count}):",
        "To check ({count}):"),
    "roster_import.not_written": (
        "Chưa ghi {path}. Hãy xem lại rồi chạy lại lệnh với --yes để ghi.",
        "{path} not written. Check the preview, then run again with --yes to write it."),
    "roster_import.confirm": (
        "Ghi danh sách này vào {path}?",
        "Write this roster to {path}?"),
    "roster_import.written": (
        "Đã ghi {path} ({units} đơn vị, {people} người){backup}.",
        "Wrote {path} ({units} units, {people} people){backup}."),
    "roster_import.backup": (
        "; bản cũ lưu ở {path}",
        "; the old one is kept as {path}"),
})

# ---- the mailbox: `mail fetch`, `mail send`, the incoming register (`status --files`), `pick`
MESSAGES.update({
    "err.mail_not_set": (
        "Chưa cấu hình hộp thư: hãy ghi '{key}' trong mục [mail] của {path} (xem chú thích ở đó).",
        "The mailbox is not set up: write '{key}' in the [mail] section of {path}."),
    "err.mail_no_password": (
        "Chưa có mật khẩu của tài khoản {user} trên máy chủ {host}. Hãy đặt biến môi trường {env} "
        "(trong PowerShell: $env:{env}=\"mật khẩu\"; trong cmd: set {env}=mật khẩu) hoặc lưu vào "
        "keyring của hệ điều hành (dịch vụ \"lamtheobac\", tên \"{name}\"). Mật khẩu không ghi "
        "trong lamtheobac.toml.",
        "No password for {user} on {host}. Set the environment variable {env} or store it in the "
        "OS keyring (service \"lamtheobac\", name \"{name}\"); never in lamtheobac.toml."),
    "err.mail_auth": (
        "Máy chủ thư {host} từ chối đăng nhập tài khoản {user}: sai tên đăng nhập hoặc mật khẩu "
        "(biến môi trường {env} hoặc keyring). Hãy kiểm tra lại; Gmail, Outlook cần \"mật khẩu "
        "ứng dụng\" thay cho mật khẩu thường. Chi tiết: {detail}",
        "The mail server {host} refused the login of {user}: wrong user name or password ({env} "
        "or the keyring). Gmail and Outlook need an app password. Details: {detail}"),
    "err.mail_connect": (
        "Không kết nối được máy chủ thư {host} (cổng {port}, bảo mật {security}). Hãy kiểm tra "
        "tên máy chủ, cổng và kiểu bảo mật trong mục [mail] của lamtheobac.toml và kết nối mạng. "
        "Chi tiết: {detail}",
        "Cannot connect to the mail server {host} (port {port}, {security}). Check the [mail] "
        "settings and the network. Details: {detail}"),
    "err.mail_folder": (
        "Máy chủ thư không mở được thư mục: {detail}. Hãy kiểm tra khoá '{key}' trong mục [mail] "
        "(tên thư mục đúng như trên hộp thư; một số máy chủ không cho dấu chấm trong tên).",
        "The mail server refused a folder: {detail}. Check '{key}' in the [mail] section."),
    "err.mail_send": (
        "Máy chủ gửi thư {host} từ chối: {detail}",
        "The outgoing server {host} refused: {detail}"),
    "err.received_date": (
        "Ngày nhận '{value}' không hợp lệ. Hãy ghi dạng ngày/tháng/năm, ví dụ 14/03/2024.",
        "Receipt date '{value}' is not valid. Write day/month/year, e.g. 14/03/2024."),
    "mail.fetch.done": (
        "Đã lấy {fetched} thư mới từ {account} (thư mục \"{folder}\"); {committed} thư đã được "
        "{action} trên máy chủ. ({seconds} giây)",
        "Fetched {fetched} new mails from {account} (folder \"{folder}\"); {committed} {action} "
        "on the server. ({seconds} s)"),
    "mail.fetch.none": (
        "Không có thư mới trong {account} (thư mục \"{folder}\"). ({seconds} giây)",
        "No new mail in {account} (folder \"{folder}\"). ({seconds} s)"),
    "mail.fetch.leftover": (
        "{count} thư đã lưu ở lượt trước nhưng chưa kịp đánh dấu trên máy chủ: nay đã đánh dấu.",
        "{count} mails stored last time but not yet marked on the server: marked now."),
    "mail.fetch.reconnects": (
        "Kết nối bị ngắt {count} lần và đã nối lại; không mất thư nào.",
        "The connection dropped {count} times and was restored; no mail was lost."),
    "mail.action.seen": ("đánh dấu đã đọc", "marked as read"),
    "mail.action.moved": ("chuyển sang \"{folder}\"", "moved to \"{folder}\""),
    "mail.send.sent": ("Đã gửi {count} thư.", "Sent {count} mails."),
    "mail.send.dry": (
        "Chạy thử: không gửi; đã ghi {count} thư (.eml) vào {folder}.",
        "Dry run: nothing sent; wrote {count} mails (.eml) to {folder}."),
    "mail.send.already": (
        "{count} đơn vị đã được gửi đúng nội dung này trước đó: không gửi lại.",
        "{count} units were sent the same thing before: not sent again."),
    "mail.send.no_address": (
        "{count} đơn vị chưa có địa chỉ thư trong roster.xlsx (cột e-mail của trang đơn vị): {units}.",
        "{count} units have no e-mail address in roster.xlsx: {units}."),
    "mail.send.failed": (
        "Không gửi được cho {unit} ({to}): {detail}",
        "Could not send to {unit} ({to}): {detail}"),
    "mail.send.nothing": ("Không có thư nào cần gửi.", "Nothing to send."),
    "mail.send.choose": (
        "Hãy chọn một trong --form, --feedback hoặc --remind.",
        "Choose one of --form, --feedback or --remind."),
    "pick.done": (
        "Đã chọn tệp số đến {no} ({name}) làm bản dùng của {unit}, {form} kỳ {period}.",
        "Arrival {no} ({name}) is now the submission used for {unit}, {form} {period}."),
    "pick.reset": (
        "Bỏ chọn: {unit}, {form} kỳ {period} lại dùng bản nhận sau cùng.",
        "Choice removed: {unit}, {form} {period} uses the last one received again."),
    "pick.not_found": (
        "Không có tệp số đến {no} trong sổ theo dõi (xem 'lamtheobac status --files').",
        "No arrival {no} in the register (see 'lamtheobac status --files')."),
    "pick.not_submission": (
        "Tệp số đến {no} ({name}) không phải một bản nộp đã lưu ({outcome}); chỉ chọn được bản đã "
        "lưu của một đơn vị.",
        "Arrival {no} ({name}) is not a stored submission ({outcome}); only those can be picked."),
})
