"""Workbooks to save through LibreOffice in the shared batch (see conftest.lo_batch).

Each producer takes the demo workspace and a folder, writes filled workbooks there as a unit
would, and returns their paths. File names must be unique across producers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.config.workspace import Workspace

PRODUCERS: list[Callable[[Workspace, Path], list[Path]]] = []


Producer = Callable[[Workspace, Path], list[Path]]


def producer(fn: Producer) -> Producer:
    PRODUCERS.append(fn)
    return fn


PLEDGE_UNIT = "QLDN"


@producer
def pledge_filled(ws: Workspace, folder: Path) -> list[Path]:
    """A pledge workbook as a unit fills it: real dates, a date typed as text, a serial."""
    import datetime as dt

    from tests.helpers import filled_workbook, pledge_rows
    rows = pledge_rows(ws, PLEDGE_UNIT)
    filled = [r for r in rows["pledges"] if r.get("action")]
    filled[0]["deadline"] = "30/9/2024"
    filled[1]["deadline"] = 45565.0
    filled[2]["deadline"] = dt.date(2024, 12, 15)
    return [filled_workbook(ws, folder / "lo-pledge.xlsx", PLEDGE_UNIT, rows)]


QUARTER_UNIT, QUARTER = "VP", "2024-Q2"
QUARTER_FILES = ("lo-q1-unit-report.xlsx", "lo-q2-quarterly.xlsx", "lo-q3-diary.xlsx")


@producer
def quarterly_filled(ws: Workspace, folder: Path) -> list[Path]:
    """The quarter's three workbooks, pre-filled from the demo store and filled as a unit would."""
    from tests.helpers import filled_workbook
    from tests.quarterly_helpers import diary_rows, quarterly_rows, unit_report_rows
    rows = (unit_report_rows(ws, QUARTER_UNIT, sessions=3), quarterly_rows(ws, QUARTER_UNIT),
            diary_rows(ws, QUARTER_UNIT))
    return [filled_workbook(ws, folder / name, QUARTER_UNIT, r, form_id=form, period=QUARTER)
            for name, r, form in zip(QUARTER_FILES, rows, ("unit-report", "quarterly", "diary"))]


YEAREND_UNIT = "QHXD"
YEAREND_FILES = ("lo-year-review.xlsx", "lo-rating.xlsx")


@producer
def yearend_filled(ws: Workspace, folder: Path) -> list[Path]:
    """A unit's self-review, and the demo's rating sheet decided by leadership (one override)."""
    from tests.helpers import filled_workbook
    from tests.yearend_helpers import COMPLETE, edit_decisions, review_rows, sheet_rows
    review = filled_workbook(ws, folder / YEAREND_FILES[0], YEAREND_UNIT,
                             review_rows(ws, YEAREND_UNIT), form_id="year-review", period="2024")
    proposal = ws.out / "xep-loai" / "xep-loai-2024.xlsx"
    rows = sheet_rows(proposal, "Đảng viên", "Mã cán bộ")
    decisions = {pid: (r["Đề xuất"], "Thống nhất với đề xuất") for pid, r in rows.items()
                 if r["Đề xuất"] != "Chưa đủ dữ liệu"}
    first = sorted(decisions)[0]
    decisions[first] = (COMPLETE, "Chưa đủ tiêu chí theo đánh giá của Chi ủy")
    decided = edit_decisions(proposal, folder / YEAREND_FILES[1], decisions,
                             signer=("Nguyễn Văn Thành", "Bí thư Chi bộ", "11/02/2025"))
    return [review, decided]
