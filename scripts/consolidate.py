#!/usr/bin/env python3
"""Tổng hợp một quý cho văn phòng: đọc thư/tệp trong inbox/, xem tình hình nộp, lập tệp sửa lỗi
cho các đơn vị và bảng theo dõi quý — đúng như lệnh ``lamtheobac run``.

Cách dùng (chép tệp này và consolidate.bat vào thư mục làm việc, nơi có lamtheobac.toml):
    python consolidate.py                 quý vừa kết thúc
    python consolidate.py 2024-Q2         một quý cụ thể
    python consolidate.py 2024-Q2 D:\\lamtheobac\\nam-2024   thư mục làm việc khác
Mã thoát: 0 xong; 1 xong nhưng còn dữ liệu thiếu/lỗi; 2 thư mục làm việc không dùng được.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _workspace(args: list[str]) -> Path:
    if len(args) > 1:
        return Path(args[1])
    here = Path(__file__).resolve().parent
    for folder in (Path.cwd(), here, here.parent):
        if (folder / "lamtheobac.toml").is_file():
            return folder
    return Path.cwd()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    period = args[0] if args and args[0] not in ("-", "") else None
    try:
        from toolkit.app.run import consolidate
    except ImportError:
        repo = Path(__file__).resolve().parent.parent
        sys.path.insert(0, str(repo))
        from toolkit.app.run import consolidate
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    return consolidate(_workspace(args), period)


if __name__ == "__main__":
    sys.exit(main())
