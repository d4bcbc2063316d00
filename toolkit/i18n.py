"""The message catalogue for everything a person reads outside workbook forms.

Vietnamese first, English second. Pick English with ``LAMTHEOBAC_LANG=en`` or ``--lang en``.
Issue messages live with their codes in :mod:`toolkit.issues`; this file holds the rest
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


def set_language(lang: str) -> None:
    _LANG[:] = ["en" if lang.lower().startswith("en") else "vi"]


def t(msg_id: str, **kw: object) -> str:
    """The message ``msg_id`` in the current language, formatted with ``kw``."""
    entry = MESSAGES[msg_id]
    text = entry[1] if current_language() == "en" else entry[0]
    return text.format(**kw) if kw else text


# key: (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    # errors the CLI maps to exit code 2
    "err.no_workspace": (
        "Không tìm thấy thư mục làm việc: '{path}' không có tệp lamtheobac.toml. Hãy chạy "
        "'lamtheobac init {path}' hoặc chỉ đúng thư mục bằng -w.",
        "No workspace: '{path}' has no lamtheobac.toml. Run 'lamtheobac init {path}' or pass -w."),
    "err.config": (
        "Tệp cấu hình {path}: {problem} (khoá '{key}'). Hãy sửa rồi chạy lại.",
        "Config {path}: {problem} (key '{key}'). Fix it and run again."),
    "err.config_syntax": (
        "Tệp cấu hình {path} sai cú pháp TOML ở dòng {line}: {problem}.",
        "Config {path} is not valid TOML at line {line}: {problem}."),
    "err.roster": (
        "Danh sách cán bộ {path}, trang '{sheet}', ô {cell}: {problem}",
        "Roster {path}, sheet '{sheet}', cell {cell}: {problem}"),
    "err.workspace_exists": (
        "Thư mục '{path}' đã có lamtheobac.toml; không ghi đè. Hãy chọn thư mục khác.",
        "'{path}' already has lamtheobac.toml; not overwritten. Choose another folder."),
    "err.period": (
        "Kỳ '{value}' không hợp lệ. Hãy ghi dạng {year}-Q1 … {year}-Q4, {year}-H1 hoặc {year}.",
        "Period '{value}' is not valid. Use {year}-Q1 … {year}-Q4, {year}-H1 or {year}."),
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
    "err.unexpected": (
        "Lỗi không mong muốn: {problem}. Chạy lại với --verbose để xem chi tiết và báo cho người "
        "quản trị.",
        "Unexpected error: {problem}. Run again with --verbose for details."),
}
