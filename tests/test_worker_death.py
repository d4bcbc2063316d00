"""A reader that kills its worker process costs one file, not the batch."""

from __future__ import annotations

import datetime as dt
import os

from tests.helpers import filled_workbook, pledge_rows
from toolkit.app import ingest as ingest_module
from toolkit.app.ingest import PARALLEL_MIN_FILES, ingest


def test_a_worker_that_dies_is_caught_and_the_batch_goes_on(ws, tmp_path, monkeypatch):
    unit = next(iter(ws.roster().units))
    good = filled_workbook(ws, tmp_path / "good.xlsx", unit, pledge_rows(ws, unit))
    data = good.read_bytes()
    n = PARALLEL_MIN_FILES + 6
    for i in range(n):
        # distinct bytes per file (a trailing zip comment), so none is a duplicate
        (ws.inbox / f"f{i:03d}.xlsx").write_bytes(data[:-2] + len(str(i)).to_bytes(2, "little")
                                                  + str(i).encode())
    (ws.inbox / "f010-chet.xlsx").write_bytes(data[:-2] + b"\x03\x00die")
    real = ingest_module.process_bytes

    def dying(name, *args, **kwargs):
        if name == "f010-chet.xlsx":      # what a reader abort (a Rust panic = abort) looks like
            os._exit(134)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "process_bytes", dying)
    stamp = dt.datetime(2024, 3, 1).timestamp()
    for f in ws.inbox.iterdir():
        os.utime(f, (stamp, stamp))
    report = ingest(ws, workers=2)
    by_name = {f.name: f for f in report.files}
    assert by_name["f010-chet.xlsx"].status == "rejected"
    assert [i.code for i in by_name["f010-chet.xlsx"].issues] == ["FILE_READ_FAILED"]
    stored = [f for f in report.files if f.status in ("stored", "duplicate")]
    assert len(stored) == n
    # the dead file's bytes are archived like any other
    sha = by_name["f010-chet.xlsx"].sha256
    assert (ws.archive / sha[:2] / f"{sha}.xlsx").exists()
