"""LibreOffice's own row heights: run with a Python that has LibreOffice's ``uno`` module
(Debian: python3-uno, for /usr/bin/python3), not the project's.

    /usr/bin/python3 tests/lo_heights.py OUT.json FILE.xlsx ...

For every sheet of every workbook, each used row is set to its optimal height (what the office
suite needs to show every line of its wrapped cells, as "Optimal row height" does) and that height
is written, in points, to OUT.json as {file: {sheet: {row (0-based): points}}}. One LibreOffice
process, with a private profile, serves all the files.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not answer on its pipe")


def heights(desktop, path):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank",
                                       0, (_prop("Hidden", True),))
    try:
        out = {}
        for sheet in doc.Sheets:
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            rows = sheet.Rows
            found = {}
            for r in range(cursor.RangeAddress.EndRow + 1):
                row = rows.getByIndex(r)
                row.OptimalHeight = True
                found[r] = row.Height / 100 / 25.4 * 72      # 1/100 mm -> points
            out[sheet.Name] = found
        return out
    finally:
        doc.close(True)


def main():
    target, files = sys.argv[1], sys.argv[2:]
    profile = tempfile.mkdtemp(prefix="lo-heights-")
    pipe = f"lamtheobac-heights-{os.getpid()}"
    proc = subprocess.Popen(
        [os.environ.get("SOFFICE", "soffice"), "--headless", "--invisible", "--norestore",
         "--nologo", f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": profile})
    desktop = None
    try:
        ctx = _connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        result = {f: heights(desktop, f) for f in files}
        with open(target, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
