"""The demo's papers people sign: after the pledges are in, each unit's pledge pages (Word, and
PDF where LibreOffice is installed); after the year's reports, each person's pre-filled
self-review (Word)."""

from __future__ import annotations

import datetime as dt

from toolkit.demo.state import YEAR, DemoState


def pledge_documents(state: DemoState) -> None:
    from toolkit.app.documents import PLEDGE, documents
    r = documents(state.ws, PLEDGE, on=dt.date(YEAR, 3, 25))
    pdf_vi = (f"; {len(r.pdfs)} bản PDF" if r.pdfs else
              "; chưa có PDF (máy chưa cài LibreOffice)" if r.pdf_missing_office else "")
    state.result.say(
        f"Bản đăng ký việc làm theo để ký: {r.people} người, {r.units} đơn vị (Word{pdf_vi}); "
        f"{len(r.units_without)} đơn vị chưa có bản đăng ký hợp lệ; {len(r.not_ready)} người "
        "chưa in vì số việc ngoài quy định (chờ bản sửa).",
        f"Pledges to sign: {r.people} people in {r.units} units (Word, {len(r.pdfs)} PDF); "
        f"{len(r.units_without)} units without a valid pledge.")
    if r.files:
        state.result.outputs.append(("Bản đăng ký để ký (mỗi đơn vị một tệp)", r.files[0].parent))


def self_review_documents(state: DemoState) -> None:
    from toolkit.app.documents import SELF_REVIEW, documents
    r = documents(state.ws, SELF_REVIEW, on=dt.date(YEAR, 12, 22))
    state.result.say(
        f"Bản kiểm điểm cá nhân điền sẵn: {r.people} người, {r.units} đơn vị (Word, mỗi người "
        "một tệp).",
        f"Pre-filled self-reviews: {r.people} people in {r.units} units (Word, one per person).")
    if r.files:
        state.result.outputs.append(("Bản kiểm điểm cá nhân (mỗi người một tệp)",
                                     r.files[0].parent.parent))
