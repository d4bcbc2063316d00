"""Workbooks saved by a real office suite (LibreOffice), and outputs as they print."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import workspace_copy
from toolkit.app.ingest import ingest


def _data(ws):
    store = ws.store()
    out = []
    for sub in store.submissions():
        for table in ("pledges", "emulation"):
            for r in store.records(sub["id"], table):
                out.append((table, r.get("person_id"), r.get("action") or r.get("activity"),
                            r.get("standard"), r.get("goal"), r.get("deadline")))
    store.close()
    return sorted(out, key=str)


def test_pledge_saved_by_libreoffice_reads_the_same_with_no_issues(lo_batch, demo_ws, tmp_path):
    original = workspace_copy(demo_ws, tmp_path / "a")
    resaved = workspace_copy(demo_ws, tmp_path / "b")
    r1 = ingest(original, [lo_batch.originals["lo-pledge.xlsx"]])
    r2 = ingest(resaved, [lo_batch.roundtrip["lo-pledge.xlsx"]])
    assert r2.files[0].status == "stored"
    assert [i.code for i in r2.files[0].issues if i.code != "SUBMISSION_LATE"] == []
    assert [i.code for i in r1.files[0].issues if i.code != "SUBMISSION_LATE"] == []
    assert _data(original) == _data(resaved)
    assert len(_data(resaved)) > 10


def _pdf_text(path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_pledge_template_and_feedback_print_in_vietnamese(lo_batch):
    sent = [k for k in lo_batch.pdfs if "gui-don-vi" in k and "pledge" in k]
    fixes = [k for k in lo_batch.pdfs if "phan-hoi" in k and "pledge" in k]
    assert sent and fixes
    text = _pdf_text(lo_batch.pdfs[sent[0]])
    assert "BẢN ĐĂNG KÝ VIỆC LÀM THEO TẤM GƯƠNG ĐẠO ĐỨC HỒ CHÍ MINH NĂM 2024" in text
    assert "Hướng dẫn" not in text or "HƯỚNG DẪN ĐIỀN" in text
    fix_text = _pdf_text(lo_batch.pdfs[fixes[0]])
    assert "CÁC LỖI CẦN SỬA" in fix_text
    for bad in ("#REF!", "#NAME?", "#VALUE!", "Err:5"):
        assert bad not in text and bad not in fix_text
