"""Shared fixtures: a workspace, the full demo (once per worker), one LibreOffice batch, and real
mail servers (Dovecot for IMAP, aiosmtpd for SMTP; see ``tests/mailservers.py``).

LibreOffice is slow to start, so every test that needs it shares one batch: the producers in
``tests/lo_producers.py`` write the workbooks to round-trip, the demo's outputs are added (its
workbooks, its Word reports and a few of its self-reviews), with the sample Word documents of
``tests/documents_samples.py``, and one ``soffice`` call converts each kind (xlsx -> xlsx re-saved
by Calc; xlsx and docx -> pdf). Tests that use the batch run on one xdist worker (they share the
``libreoffice`` group), so the batch is made once per run.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from toolkit.config.roster import write_roster
from toolkit.config.seed import SEED_AGENCY
from toolkit.config.workspace import Workspace, init_workspace
from toolkit.demo.data import build_roster

if TYPE_CHECKING:
    from tests.mailservers import Dovecot, MailUser, SmtpSink, TlsFiles
    from toolkit.intake.imap import ImapSettings


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A fresh 2024 workspace with a small deterministic roster (3 units)."""
    w = init_workspace(tmp_path / "ws", 2024, settings=SEED_AGENCY)
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


# a Vietnamese office computer: numbers shown 94,0 and 1.036 (as the secretary's Excel shows them)
LO_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">\
<value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>vi-VN</value></prop></item>
</oor:items>
"""


def lo_convert(files: list[Path], outdir: Path, target: str, timeout: int = 600) -> None:
    """Convert ``files`` with one headless LibreOffice run (own profile with the vi-VN locale,
    killed on timeout)."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: run .ci/run or apt-get install "
                           "libreoffice-calc-nogui libreoffice-writer-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(LO_SETTINGS, encoding="utf-8")
    cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
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
    pdfs: dict[str, Path] = field(default_factory=dict)        # output (relative path) -> pdf
    samples: dict[str, Path] = field(default_factory=dict)     # sample document name -> docx
    sample_pdfs: dict[str, Path] = field(default_factory=dict)  # sample document name -> pdf
    workspace: Workspace | None = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test of the LibreOffice batch on one worker (``--dist loadgroup``): one batch."""
    for item in items:
        if "lo_batch" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("libreoffice"))


def demo_documents(ws: Workspace) -> list[Path]:
    """The demo's Word documents that are printed in the batch: both reports and one
    self-review of each template (party member, party member with a leadership post, staff);
    the pledge pages are printed by the demo itself (``documents --form pledge`` makes PDFs)."""
    from toolkit.outputs.documents.sources import holds_leadership
    out = ws.root / "out"
    picked = sorted((out / "bao-cao").glob("*.docx"))
    kinds: dict[tuple[bool, bool], Path] = {}
    for path in sorted((out / "van-ban").glob("kiem-diem-*/*/*.docx")):
        person = ws.roster().people.get(path.stem.split("-")[3])
        if person is not None:
            kind = (person.party_member, person.party_member and holds_leadership(person))
            kinds.setdefault(kind, path)
    return picked + [kinds[k] for k in sorted(kinds)]


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
    outputs += demo_documents(demo_ws)
    from tests.documents_samples import build_all
    batch.samples = build_all(base / "samples")
    outputs += list(batch.samples.values())
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
        samples = {path: name for name, path in batch.samples.items()}
        for p, s in zip(outputs, staged):
            if p in samples:
                batch.sample_pdfs[samples[p]] = pdf_dir / (s.stem + ".pdf")
            else:
                batch.pdfs[str(p.relative_to(demo_ws.root))] = pdf_dir / (s.stem + ".pdf")
    return batch


# ---------------------------------------------------------------- real mail servers
# One Dovecot and one SMTP sink per test process (xdist worker): start-up is paid once; each test
# gets its own IMAP user (a fresh, empty Maildir), so tests never see each other's mail.

SMTP_USER = "vanthu"
SMTP_PASSWORD = "smtp-pass"

_imap_user_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """A self-signed certificate for localhost/127.0.0.1, shared by all servers of this worker."""
    from tests.mailservers import make_self_signed_cert
    return make_self_signed_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def dovecot(tls_files: TlsFiles) -> Iterator[Dovecot]:
    """This worker's Dovecot (ports and directory of its own); stopped after the session."""
    from tests.mailservers import Dovecot
    with Dovecot(tls=tls_files) as server:
        yield server


@pytest.fixture
def imap_user(dovecot: Dovecot) -> MailUser:
    """A brand-new IMAP user, so the test starts with an empty INBOX."""
    return dovecot.add_user(f"user{next(_imap_user_numbers)}", "pw-" + "x" * 8)


@pytest.fixture
def imap_settings(dovecot: Dovecot, imap_user: MailUser, tls_files: TlsFiles) -> ImapSettings:
    """Client settings for ``imap_user`` over implicit TLS, trusting the test certificate."""
    from toolkit.intake.imap import ImapSettings, Security
    return ImapSettings(host=dovecot.host, port=dovecot.imaps_port, user=imap_user.name,
                        password=imap_user.password, security=Security.TLS,
                        ca_file=tls_files.cert, timeout=10.0)


@pytest.fixture(scope="session")
def smtp_sink(tls_files: TlsFiles) -> Iterator[SmtpSink]:
    """This worker's SMTP server: STARTTLS offered, AUTH required."""
    from tests.mailservers import SmtpSink
    with SmtpSink(users={SMTP_USER: SMTP_PASSWORD}, tls=tls_files) as sink:
        yield sink


@pytest.fixture
def clean_smtp_sink(smtp_sink: SmtpSink) -> SmtpSink:
    """The session sink, emptied for this test."""
    smtp_sink.clear()
    return smtp_sink


@pytest.fixture(autouse=True)
def _vietnamese_messages():
    """Each test starts in the default language (a test that switches to English must not
    leave it on for the next test in the same worker)."""
    from toolkit.common.i18n import reset_language
    reset_language()
    yield
    reset_language()
