"""The hostile corpus, end to end: every case (tests/corpus/make_corpus.py) in ONE ingest batch
together with good workbooks. Each case gets its code with a clear message naming the file, the
good workbooks are stored, nothing stops the batch and the store stays sound."""

from __future__ import annotations

import json
import random
import shutil
import string
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import workspace_copy
from tests.corpus.make_corpus import Case, build
from toolkit.app.ingest import FileResult, IngestReport, ingest
from toolkit.cli.cycle import render_ingest
from toolkit.cli.main import main
from toolkit.common.issues import CATALOGUE, Issue
from toolkit.config.roster import write_roster
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path, list[Case]]:
    """The corpus, built once per test worker for a workspace like the ``ws`` fixture's."""
    base = tmp_path_factory.mktemp("corpus")
    w = init_workspace(base / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=3,
                                                       min_people=5, max_people=6))
    ws = Workspace.open(w.root)
    folder = base / "files"
    return ws, folder, build(ws, folder)


def _fresh(corpus: tuple[Workspace, Path, list[Case]], target: Path) -> Workspace:
    source, folder, _ = corpus
    ws = workspace_copy(source, target)
    for f in folder.iterdir():
        shutil.copy2(f, ws.inbox / f.name)          # keeps the modification time (= received)
    return ws


def _results(report: IngestReport, ws: Workspace, case: Case) -> list[FileResult]:
    origin = str(ws.inbox / case.file)
    return [f for f in report.files if f.origin == origin]


def _unresolved(issue: Issue, lang: str) -> list[str]:
    """Placeholders of the message template that have no (non-empty) value."""
    entry = CATALOGUE[issue.code]
    template = entry.en if lang == "en" else entry.vi
    values = {"value": issue.value, "person_id": issue.person_id, "sheet": issue.sheet,
              "file": issue.file, **dict(issue.args)}
    return [name for _, name, _, _ in string.Formatter().parse(template)
            if name is not None and values.get(name) in (None, "")]


def _data(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in records
            if not r.get("_empty") and any(v not in (None, "") for k, v in r.items()
                                           if k not in ("person_id", "name", "position")
                                           and not k.startswith("_"))]


def test_the_whole_corpus_in_one_batch(corpus, tmp_path: Path) -> None:
    _, _, cases = corpus
    ws = _fresh(corpus, tmp_path / "ws")
    start = time.perf_counter()
    report = ingest(ws)                                  # 30+ files: worker processes
    seconds = time.perf_counter() - start
    assert seconds < 60, f"the batch took {seconds:.1f} s"   # bounded work (a million rows...)

    store = ws.store()
    problems: list[str] = []
    try:
        sub_of = {r["sha256"]: r["id"] for r in store.db.execute("SELECT id, sha256 FROM "
                                                                   "submissions")}

        def records(result: FileResult) -> dict[str, list[dict[str, Any]]]:
            sid = sub_of[result.sha256]
            return {t: store.records(sid, t) for t in ("pledges", "emulation", "progress",
                                                       "people")}

        by_file: dict[str, FileResult] = {}
        for case in cases:
            found = _results(report, ws, case)
            where = f"{case.file} ({case.what})"
            if len(found) != 1:
                problems.append(f"{where}: {len(found)} results, expected 1")
                continue
            result = by_file[case.file] = found[0]
            got = [i.code for i in result.issues]
            if result.status != case.status:
                problems.append(f"{where}: {result.status}, expected {case.status}: {got}")
            for code in case.codes:
                hits = [i for i in result.issues if i.code == code]
                if not hits:
                    problems.append(f"{where}: no {code} in {got}")
                    continue
                issue = hits[0]
                # a clear message: every placeholder filled, in both languages, naming the file
                for lang in ("vi", "en"):
                    text = issue.message(lang)
                    if "{" in text or "}" in text or _unresolved(issue, lang):
                        problems.append(f"{where}: {code} {lang} message unresolved "
                                        f"{_unresolved(issue, lang)}: {text}")
                names = {result.name, unicodedata.normalize("NFC", case.file)}
                if issue.file not in names:
                    problems.append(f"{where}: {code} names file {issue.file!r}, not {names}")
                if code in case.cells and issue.cell != case.cells[code]:
                    problems.append(f"{where}: {code} at {issue.cell!r}, not {case.cells[code]}")
                if code in case.sheets and issue.sheet != case.sheets[code]:
                    problems.append(f"{where}: {code} on {issue.sheet!r}, not "
                                    f"{case.sheets[code]}")
            for code in case.absent:
                if code in got:
                    problems.append(f"{where}: unexpected {code}")
            if case.status == "stored":
                if result.unit != case.unit:
                    problems.append(f"{where}: unit {result.unit}, expected {case.unit}")
                if result.sha256 not in sub_of:
                    problems.append(f"{where}: no submission in the store")
                    continue
                if case.same_as or case.file.startswith("00-"):
                    errors = [i.code for i in result.issues if i.is_error]
                    if errors:
                        problems.append(f"{where}: errors {errors}")
                for key, expected in case.values.items():
                    table, fld = key.split(".")
                    seen = {r[fld] for r in records(result)[table] if r.get(fld) is not None}
                    if seen != expected:
                        problems.append(f"{where}: {key} read as {seen}, expected {expected}")
        for case in cases:
            if case.file.startswith("00-") and case.file in by_file:
                assert by_file[case.file].issues == [], by_file[case.file].issues
            if case.same_as and case.file in by_file and case.same_as in by_file:
                mine, ref = records(by_file[case.file]), records(by_file[case.same_as])
                for table in ("pledges", "emulation"):
                    a, b = _data(mine[table]), _data(ref[table])
                    if a != b:
                        diff = next(((x, y) for x, y in zip(a, b) if x != y), (len(a), len(b)))
                        problems.append(f"{case.file}: {table} differ from {case.same_as}: "
                                        f"{diff[0]} != {diff[1]}")
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # nothing received is lost: every file that was read is archived under its hash
        for f in store.files():
            assert (ws.root / f["archived"]).is_file(), f["name"]
    finally:
        store.close()
    assert not problems, "\n".join(problems)

    # the secretary's view: every rejected file is listed by name with its message
    text = render_ingest(report)
    for f in report.files:
        if f.status == "rejected":
            assert f.name in text and f.issues[0].message() in text


def test_the_corpus_through_the_command_line(corpus, tmp_path: Path) -> None:
    """`lamtheobac ingest` on the corpus: exit code 1 (problems remain), JSON lists every file."""
    _, _, cases = corpus
    ws = _fresh(corpus, tmp_path / "ws")
    result = CliRunner().invoke(main, ["ingest", "-w", str(ws.root), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    stored = sum(1 for c in cases if c.status == "stored")
    assert (data["stored"], data["rejected"], data["skipped"]) == (
        stored, sum(1 for c in cases if c.status == "rejected"),
        sum(1 for c in cases if c.status == "skipped"))
    assert all("{" not in i["message"] for f in data["files"] for i in f["issues"])


def test_the_legacy_encoding_samples_are_what_they_claim() -> None:
    """The corpus's TCVN3/VNI texts really are those encodings of Vietnamese text."""
    from tests.corpus.make_corpus import VNI_MEANS, VNI_TEXT, to_tcvn3
    from toolkit.common.legacy_encodings import (
        convert_tcvn3,
        convert_vni,
        detect_legacy_encoding,
    )
    text = "Đọc 4 cuốn sách về Bác, mỗi quý một cuốn"
    assert convert_tcvn3(to_tcvn3(text)) == text and detect_legacy_encoding(to_tcvn3(text))
    assert convert_vni(VNI_TEXT) == VNI_MEANS and detect_legacy_encoding(VNI_TEXT) == "VNI"
