"""PDF copies of the Word documents, made by LibreOffice where it is installed.

One headless ``soffice`` run converts every file of a command (LibreOffice takes seconds to
start), with a private, throw-away profile (``-env:UserInstallation``) so that a LibreOffice the
secretary has open is neither used nor disturbed. The run has its own process group and is
killed whole when it takes too long. PDFs are written to a temporary folder beside their
document and renamed into place, so an interrupted run never leaves half a PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT_S = 300
WINDOWS_CANDIDATES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def soffice() -> str | None:
    """The LibreOffice binary: on the PATH, or where the Windows installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if sys.platform == "win32":
        for candidate in WINDOWS_CANDIDATES:
            if Path(candidate).is_file():
                return candidate
    return None


@dataclass
class PdfResult:
    made: dict[Path, Path] = field(default_factory=dict)    # document -> its PDF
    failed: list[Path] = field(default_factory=list)         # documents without a PDF
    missing_office: bool = False                              # no LibreOffice on this computer
    problem: str = ""                                         # LibreOffice's complaint, if any


def _run(cmd: list[str], timeout: float, env: dict[str, str]) -> tuple[bool, str]:
    """Run ``cmd`` in its own process group; kill the whole group on timeout."""
    kwargs: dict = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "env": env}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    proc = subprocess.Popen(cmd, **kwargs)
    try:
        _, err = proc.communicate(timeout=timeout)
        return proc.returncode == 0, err.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            proc.kill()
        proc.communicate()
        return False, f"LibreOffice did not finish within {timeout:.0f} s"


def convert_to_pdf(documents: list[Path], timeout: float = TIMEOUT_S) -> PdfResult:
    """A PDF beside each document (same name, .pdf), all converted in one LibreOffice run."""
    result = PdfResult()
    documents = [Path(d) for d in documents]
    if not documents:
        return result
    binary = soffice()
    if binary is None:
        result.missing_office = True
        result.failed = list(documents)
        return result
    # one LibreOffice run per batch of distinct names (LibreOffice names a PDF after its
    # document, whatever its folder); the commands here give distinct names, so one run
    batches: list[list[Path]] = []
    for d in documents:
        batch = next((b for b in batches if d.stem not in {x.stem for x in b}), None)
        if batch is None:
            batches.append(batch := [])
        batch.append(d)
    profile = Path(tempfile.mkdtemp(prefix="lamtheobac-lo-"))
    out = Path(tempfile.mkdtemp(prefix=".pdf-", dir=documents[0].parent))
    try:
        ok, err, produced = True, "", {}
        for batch in batches:
            one_ok, one_err = _run([binary, f"-env:UserInstallation={profile.as_uri()}",
                                    "--headless", "--invisible", "--norestore", "--nologo",
                                    "--nodefault", "--nolockcheck", "--convert-to", "pdf",
                                    "--outdir", str(out), *map(str, batch)], timeout,
                                   {**os.environ, "HOME": str(profile)})
            ok, err = ok and one_ok, err + one_err
            for d in batch:
                pdf = out / (d.stem + ".pdf")
                if pdf.is_file() and pdf.stat().st_size > 0:
                    target = d.with_suffix(".pdf")
                    os.replace(pdf, target)
                    produced[d] = target
        result.made = produced
        result.failed = [d for d in documents if d not in produced]
        if result.failed or not ok:
            result.problem = err.strip()[-500:]
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return result
