"""The ``[mail]`` section of lamtheobac.toml: the office mailbox (IMAP, for ``mail fetch``), the
outgoing server (SMTP, for ``mail send``), the secretary's address and the subject and body
templates of the mails sent to units.

No password is ever read from the config: ``mail fetch`` and ``mail send`` take it from an
environment variable or the OS keyring (see :mod:`toolkit.app.mail_account`). A ``password`` key
here is an error that says so.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.common.i18n import current_language, t
from toolkit.config.errors import WorkspaceError

#: The placeholders a subject or body template may use (filled per unit when sending).
PLACEHOLDERS = ("unit", "unit_code", "form", "period", "deadline", "org", "files", "count")

#: kind of mail sent -> its (subject, body) templates' keys and Vietnamese defaults.
TEMPLATE_DEFAULTS: dict[str, tuple[str, str]] = {
    "form": (
        "[{org}] {form} {period} – {unit}",
        "Kính gửi {unit},\n\n"
        "Văn phòng gửi kèm biểu mẫu \"{form}\" kỳ {period} của đơn vị ({files}). Đề nghị đơn vị "
        "điền đầy đủ và gửi lại bằng cách trả lời thư này, hạn chậm nhất ngày {deadline}.\n\n"
        "Xin lưu ý: không đổi tên trang tính, không xoá cột; có thể thêm dòng.\n\n"
        "Trân trọng,\n{org}"),
    "feedback": (
        "[{org}] Đề nghị sửa {form} {period} – {unit}",
        "Kính gửi {unit},\n\n"
        "Văn phòng gửi kèm tệp sửa lỗi \"{form}\" kỳ {period} của đơn vị ({files}). Các ô cần "
        "sửa được tô màu, danh sách lỗi ở trang \"Lỗi cần sửa\". Đề nghị đơn vị sửa trên tệp "
        "đã gửi và gửi lại bằng cách trả lời thư này trước ngày {deadline}.\n\n"
        "Trân trọng,\n{org}"),
    "remind": (
        "[{org}] Nhắc nộp {form} {period} – {unit}",
        "Kính gửi {unit},\n\n"
        "Đến nay Văn phòng chưa nhận được \"{form}\" kỳ {period} của đơn vị (hạn ngày "
        "{deadline}). Văn phòng gửi kèm lại biểu mẫu ({files}); đề nghị đơn vị điền và gửi lại "
        "bằng cách trả lời thư này.\n\n"
        "Nếu đơn vị đã gửi, xin bỏ qua thư này.\n\n"
        "Trân trọng,\n{org}"),
}

SECURITY_CHOICES = ("tls", "starttls")


@dataclass(frozen=True)
class MailConfig:
    """The ``[mail]`` settings (every one has a default: an office that never mails units
    needs none of them)."""

    host: str = ""                      # IMAP server; "" = mail fetch not set up
    port: int = 0                       # 0: 993 for tls, 143 for starttls
    security: str = "tls"
    user: str = ""
    folder: str = "INBOX"
    since: dt.date | None = None        # None: 1 January of the workspace's year
    done_folder: str = ""               # "": only mark fetched mails as read
    ca_file: str = ""                   # a CA certificate to trust besides the system's
    timeout: int = 30
    date_tolerance_hours: int = 12
    smtp_host: str = ""                 # SMTP server; "" = mail send not set up
    smtp_port: int = 0                  # 0: 465 for tls, 587 for starttls
    smtp_security: str = "starttls"
    smtp_user: str = ""                 # "": the same as user
    from_address: str = ""              # the secretary's address
    from_name: str = ""
    templates: tuple[tuple[str, str, str], ...] = tuple(
        (kind, subject, body) for kind, (subject, body) in TEMPLATE_DEFAULTS.items())

    def template(self, kind: str) -> tuple[str, str]:
        """(subject, body) templates of a kind of mail (form, feedback, remind)."""
        for k, subject, body in self.templates:
            if k == kind:
                return subject, body
        return TEMPLATE_DEFAULTS[kind]

    def ca_path(self, root: Path) -> Path | None:
        """The CA file, relative to the workspace when not absolute; None when not set."""
        if not self.ca_file:
            return None
        path = Path(self.ca_file).expanduser()
        return path if path.is_absolute() else root / path


def _p(vi: str, en: str) -> str:
    return en if current_language() == "en" else vi


def read_mail_config(data: dict[str, Any], path: Path, year: int) -> MailConfig:
    """The ``[mail]`` table of a parsed config (``data``: the whole document)."""
    section = data.get("mail", {})

    def fail(key: str, problem: str) -> WorkspaceError:
        return WorkspaceError(t("err.config", path=path, key=f"mail.{key}", problem=problem))

    if not isinstance(section, dict):
        raise fail("", _p("phải là một bảng [mail]", "must be a [mail] table"))
    if "password" in section or "smtp_password" in section:
        key = "password" if "password" in section else "smtp_password"
        raise fail(key, _p(
            "không ghi mật khẩu trong tệp cấu hình; đặt biến môi trường "
            "LAMTHEOBAC_MAIL_PASSWORD (và LAMTHEOBAC_SMTP_PASSWORD nếu máy chủ gửi thư dùng mật "
            "khẩu khác) hoặc lưu vào keyring của hệ điều hành, rồi xoá dòng này",
            "never write a password in the config: set LAMTHEOBAC_MAIL_PASSWORD (and "
            "LAMTHEOBAC_SMTP_PASSWORD) or store it in the OS keyring, and delete this line"))

    def get(key: str, kind: type, default: Any) -> Any:
        value = section.get(key, default)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise fail(key, _p(f"giá trị {value!r} phải là số nguyên",
                               f"value {value!r} must be a whole number"))
        if kind is str and not isinstance(value, str):
            raise fail(key, _p(f"giá trị {value!r} phải là chuỗi trong ngoặc kép",
                               f"value {value!r} must be a quoted string"))
        return value

    def security(key: str, default: str) -> str:
        value = get(key, str, default).strip().lower()
        value = "tls" if value == "ssl" else value
        if value not in SECURITY_CHOICES:
            raise fail(key, _p(f"chỉ nhận \"tls\" hoặc \"starttls\" (đang ghi {value!r})",
                               f"must be \"tls\" or \"starttls\" (is {value!r})"))
        return value

    def port(key: str) -> int:
        value = get(key, int, 0)
        if not 0 <= value <= 65535:
            raise fail(key, _p(f"cổng {value} không hợp lệ (1–65535; 0 là cổng mặc định)",
                               f"port {value} is out of range (1-65535; 0 = the default)"))
        return value

    since = section.get("since", None)
    if isinstance(since, str) and since.strip():
        from toolkit.common.dates import parse_date
        parsed = parse_date(since)
        if parsed is None:
            raise fail("since", _p(f"'{since}' không phải ngày (ghi dạng {year}-01-01)",
                                   f"'{since}' is not a date (write {year}-01-01)"))
        since = parsed
    elif isinstance(since, dt.datetime):
        since = since.date()
    elif isinstance(since, str) or since is None:
        since = None
    elif not isinstance(since, dt.date):
        raise fail("since", _p(f"'{since}' không phải ngày (ghi dạng {year}-01-01)",
                               f"'{since}' is not a date (write {year}-01-01)"))
    timeout = get("timeout", int, 30)
    if not 1 <= timeout <= 600:
        raise fail("timeout", _p("cần từ 1 đến 600 giây", "needs 1 to 600 seconds"))
    tolerance = get("date_tolerance_hours", int, 12)
    if not 0 <= tolerance <= 24 * 30:
        raise fail("date_tolerance_hours", _p("cần từ 0 đến 720 giờ", "needs 0 to 720 hours"))
    templates = []
    for kind, (subject_default, body_default) in TEMPLATE_DEFAULTS.items():
        subject = get(f"subject_{kind}", str, subject_default)
        body = get(f"body_{kind}", str, body_default)
        for key, text in ((f"subject_{kind}", subject), (f"body_{kind}", body)):
            _check_template(text, lambda problem, key=key: fail(key, problem))
        templates.append((kind, subject.replace("\n", " ").strip(), body))
    from_address = get("from_address", str, "").strip()
    if from_address and "@" not in from_address:
        raise fail("from_address", _p(f"'{from_address}' không phải địa chỉ thư",
                                      f"'{from_address}' is not a mail address"))
    folder = get("folder", str, "INBOX").strip() or "INBOX"
    return MailConfig(
        host=get("host", str, "").strip(), port=port("port"),
        security=security("security", "tls"), user=get("user", str, "").strip(),
        folder=folder, since=since, done_folder=get("done_folder", str, "").strip(),
        ca_file=get("ca_file", str, "").strip(), timeout=timeout,
        date_tolerance_hours=tolerance, smtp_host=get("smtp_host", str, "").strip(),
        smtp_port=port("smtp_port"), smtp_security=security("smtp_security", "starttls"),
        smtp_user=get("smtp_user", str, "").strip(), from_address=from_address,
        from_name=get("from_name", str, "").strip(), templates=tuple(templates))


def _check_template(text: str, fail: Any) -> None:
    """Every ``{placeholder}`` of a template is one of :data:`PLACEHOLDERS`."""
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise fail(_p(f"dấu ngoặc nhọn không khớp; dùng {{{{ và }}}} để viết dấu ngoặc, hoặc "
                      f"một trong {allowed}",
                      f"unbalanced braces; write {{{{ and }}}} for a brace, or one of "
                      f"{allowed}")) from None
    for name in fields:
        if name not in PLACEHOLDERS:
            raise fail(_p(f"không có chỗ điền {{{name}}}; dùng được: {allowed}",
                          f"no placeholder {{{name}}}; allowed: {allowed}"))


def fill_template(text: str, values: dict[str, str]) -> str:
    """A template with its placeholders filled (the config was checked when it was read)."""
    return text.format_map({p: values.get(p, "") for p in PLACEHOLDERS})
