"""Shared fixtures: a workspace, the full demo (once per worker) and one LibreOffice batch.

LibreOffice is slow to start, so every test that needs it shares one batch: the producers in
``tests/lo_producers.py`` write the workbooks to round-trip, the demo's outputs are added, and one
``soffice`` call converts everything (xlsx -> xlsx re-saved by Calc, and xlsx -> pdf).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from toolkit.config.roster import write_roster
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A fresh 2024 workspace with a small deterministic roster (3 units)."""
    w = init_workspace(tmp_path / "ws", 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=3,
                                                       min_people=5, max_people=6))
    return Workspace.open(w.root)


@pytest.fixture
def pledged(ws: Workspace) -> Workspace:
    """``ws`` with every unit's pledge ingested (the start of the quarterly cycle)."""
    from tests.quarterly_helpers import pledge_all
    pledge_all(ws)
    return ws


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The whole demo, run once per test worker. Tests must not modify it."""
    from toolkit.demo.agency import run_demo
    root = tmp_path_factory.mktemp("demo") / "demo"
    run_demo(root, seed=2024)
    return Workspace.open(root)


def workspace_copy(source: Workspace, target: Path) -> Workspace:
    """A fresh workspace with the same config and roster (and an empty store)."""
    target.mkdir(parents=True)
    for name in ("lamtheobac.toml", "roster.xlsx"):
        shutil.copy(source.root / name, target / name)
    for sub in ("inbox", "archive", "out"):
        (target / sub).mkdir()
    return Workspace.open(target)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(files: list[Path], outdir: Path, target: str, timeout: int = 600) -> None:
    """Convert ``files`` with one headless LibreOffice run (own profile, killed on timeout)."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: run .ci/run or apt-get install "
                           "libreoffice-calc-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout,
                       env={**os.environ, "HOME": str(profile)})
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class LOBatch:
    """What one LibreOffice batch produced."""

    roundtrip: dict[str, Path] = field(default_factory=dict)   # producer file name -> re-saved
    originals: dict[str, Path] = field(default_factory=dict)   # producer file name -> original
    pdfs: dict[str, Path] = field(default_factory=dict)        # output file name -> pdf
    workspace: Workspace | None = None


def require_lo() -> bool:
    """CI (and anyone who sets LAMTHEOBAC_REQUIRE_LO=1) must have LibreOffice: no skipping."""
    return (os.environ.get("CI", "").lower() == "true"
            or bool(os.environ.get("LAMTHEOBAC_REQUIRE_LO")))


@pytest.fixture(scope="session")
def lo_batch(demo_ws: Workspace, tmp_path_factory: pytest.TempPathFactory) -> LOBatch:
    from tests import lo_producers
    if soffice() is None and not require_lo():
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    base = tmp_path_factory.mktemp("lo")
    filled = base / "filled"
    filled.mkdir()
    batch = LOBatch(workspace=demo_ws)
    for producer in lo_producers.PRODUCERS:
        for path in producer(demo_ws, filled):
            batch.originals[path.name] = path
    resaved = base / "resaved"
    if batch.originals:
        lo_convert(list(batch.originals.values()), resaved, 'xlsx:Calc MS Excel 2007 XML')
        for name in batch.originals:
            batch.roundtrip[name] = resaved / name
    outputs = sorted(p for p in (demo_ws.root / "out").rglob("*.xlsx")
                     if "gui-don-vi" not in p.parts or p.name.endswith(("VP-Văn phòng.xlsx",)))
    pdf_dir = base / "pdf"
    if outputs:
        # identical names in different folders would overwrite each other: copy under unique names
        staging = base / "to-pdf"
        staging.mkdir()
        staged = []
        for i, p in enumerate(outputs):
            target = staging / f"{i:03d}-{p.name}"
            shutil.copy(p, target)
            staged.append(target)
        lo_convert(staged, pdf_dir, "pdf")
        for p, s in zip(outputs, staged):
            batch.pdfs[str(p.relative_to(demo_ws.root))] = pdf_dir / (s.stem + ".pdf")
    return batch
