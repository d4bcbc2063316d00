"""The built wheel, installed into a fresh virtual environment, runs the demo.

What a user gets from ``pip install lamtheobac`` is the wheel, not this source tree: the test
builds it (``pip wheel . --no-deps``), installs it into a new venv (its dependencies from the
package index or pip's cache), and runs ``lamtheobac demo`` there from a folder outside the
source tree. It catches a module or data file missing from the package, an entry point that
does not resolve and a dependency left out of pyproject.toml. Slow (about a minute): marked
``wheel`` so that .ci/run runs it once, in the main environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.wheel


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def test_the_wheel_installs_into_a_fresh_venv_and_runs_the_demo(tmp_path):
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
         cwd=tmp_path)
    [wheel] = wheels.glob("lamtheobac-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert "toolkit/config/default_config.toml" in names
    assert not any(n.startswith(("tests/", "scripts/")) for n in names)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path)

    where = _run([str(bindir / "python"), "-c", "import toolkit; print(toolkit.__file__)"],
                 cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(venv)            # the installed copy, not the source tree
    assert _run([str(bindir / "lamtheobac"), "--help"], cwd=tmp_path).stdout.strip()

    demo = tmp_path / "demo-2024"
    done = _run([str(bindir / "lamtheobac"), "-q", "demo", str(demo), "--units", "3"],
                cwd=tmp_path)
    # the summary ends with the files it wrote: every one is there
    listed = [Path(m.group(1)) for m in re.finditer(r"^  [^\n]*: (/[^\n]+)$",
                                                    done.stdout.split("Các tệp đã tạo:")[-1],
                                                    re.M)]
    assert len(listed) >= 10, done.stdout
    assert [p for p in listed if not p.exists()] == []
    for key in ("lamtheobac.sqlite", "roster.xlsx",
                "out/bang-theo-doi/bang-theo-doi-2024-Q4.xlsx",
                "out/xep-loai/xep-loai-2024.xlsx",
                "out/bao-cao/bao-cao-tong-ket-2024.xlsx"):
        assert (demo / key).stat().st_size > 0, key
    with zipfile.ZipFile(demo / "out/bang-theo-doi/bang-theo-doi-2024-Q4.xlsx") as z:
        assert z.testzip() is None and "xl/workbook.xml" in z.namelist()
