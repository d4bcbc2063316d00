"""Every wrapped cell of every output workbook shows all its lines: each row is at least as tall
as LibreOffice's own optimal height for it.

Row heights are written by the toolkit (neither Excel nor LibreOffice fits them when a file is
opened), from the wrapped-text estimate of ``toolkit/common/paging.py``. A row estimated too
short hides the end of a message in the unit's correction file or of a reason in the rating
sheet; here LibreOffice (through ``tests/lo_heights.py``, one process for all the workbooks of
the shared batch) says how tall each row must be.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import require_lo, soffice

TOLERANCE_PT = 1.0
SYSTEM_PYTHON = "/usr/bin/python3"


def _uno_python() -> str | None:
    for python in (SYSTEM_PYTHON, shutil.which("python3")):
        if python and subprocess.run([python, "-c", "import uno"],
                                     capture_output=True).returncode == 0:
            return python
    return None


@pytest.fixture(scope="module")
def optimal(lo_batch, tmp_path_factory) -> dict[str, dict[str, dict[str, float]]]:
    python = _uno_python()
    if python is None:
        if require_lo():
            pytest.fail("LibreOffice's Python bridge (python3-uno) is missing; .ci/run installs it")
        pytest.skip("python3-uno is not installed; .ci/run installs it")
    root = lo_batch.workspace.root
    files = [str(root / name) for name in lo_batch.pdfs if name.endswith(".xlsx")]
    target = tmp_path_factory.mktemp("heights") / "heights.json"
    subprocess.run([python, str(Path(__file__).with_name("lo_heights.py")), str(target), *files],
                   check=True, timeout=900, env={**os.environ, "SOFFICE": soffice() or "soffice"})
    return json.loads(target.read_text(encoding="utf-8"))


def _wrapped_rows(ws) -> dict[int, str]:
    """0-based row -> a wrapped, unmerged text cell of it (the longest)."""
    merged = {(r, c) for rng in ws.merged_cells.ranges
              for r in range(rng.min_row, rng.max_row + 1)
              for c in range(rng.min_col, rng.max_col + 1)}
    out: dict[int, str] = {}
    for row in ws.iter_rows():
        for cell in row:
            if (isinstance(cell.value, str) and cell.value.strip() and cell.alignment.wrap_text
                    and (cell.row, cell.column) not in merged):
                if len(cell.value) > len(out.get(cell.row - 1, "")):
                    out[cell.row - 1] = f"{cell.coordinate}: {cell.value}"
    return out


def test_the_batch_has_workbooks_with_wrapped_rows(optimal):
    assert any("phan-hoi" in name for name in optimal)
    assert any("xep-loai" in name for name in optimal)


def test_no_wrapped_cell_is_cut_off(optimal):
    short = []
    checked = 0
    for name, sheets in optimal.items():
        wb = openpyxl.load_workbook(name)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible" or ws.title not in sheets:
                continue
            need = sheets[ws.title]
            for r, text in _wrapped_rows(ws).items():
                if ws.row_dimensions[r + 1].hidden:
                    continue
                written = ws.row_dimensions[r + 1].height or 15.0
                checked += 1
                if written + TOLERANCE_PT < need[str(r)]:
                    short.append((Path(name).name, ws.title, r + 1, written,
                                  round(need[str(r)], 1), text[:80]))
    assert checked > 500
    assert not short, "\n".join(map(str, short[:30]))
