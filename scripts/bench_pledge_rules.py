"""Micro-benchmark of pledge validation: ``validate()`` of already-read pledge workbooks.

    python scripts/bench_pledge_rules.py [--units 300] [--repeat 5]

Builds (in a temporary folder) a workspace with N units of 9–11 people and one filled pledge
workbook per unit, reads them once, then times ``validate()`` over all of them: the first pass
with the per-text memo cleared (every worker process starts that way) and warm passes after it,
in two corpora:

* ``demo``: the demo's action texts (a pool of a few hundred texts, numbers varied per person),
  as ``scripts/bench.py`` uses them: per-text work is mostly remembered;
* ``distinct``: the same texts, each made distinct (a person's own words appended), so every
  action is judged once: the cost of the "5 rõ" check itself.

Prints milliseconds per workbook and microseconds per pledge row (medians).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = ["tại tổ {n}", "cho khu vực {n}", "theo phân công số {n}", "ở địa bàn {n}"]


def build(base: Path, n_units: int, distinct: bool) -> tuple[object, list[object]]:
    import datetime as dt

    from toolkit.config.roster import write_roster
    from toolkit.config.workspace import init_workspace
    from toolkit.demo.data import build_roster
    from toolkit.demo.pledges import _pledge_rows
    from toolkit.demo.state import DemoResult, DemoState
    from toolkit.forms import get_form
    from toolkit.forms.workbook import WorkbookContext, write_form
    from toolkit.read.workbook import read_workbook
    ws = init_workspace(base, 2024, **_SEED)
    roster = build_roster(random.Random(n_units), n_units=n_units, min_people=9, max_people=11)
    write_roster(ws.roster_path, ws.config, roster)
    ws = type(ws).open(base)
    roster = ws.roster()
    form = get_form("pledge")
    results = []
    n = 0
    for i, code in enumerate(roster.units):
        state = DemoState(ws, roster, random.Random(i), i, DemoResult(ws.root))
        rows = _pledge_rows(state, code)
        rows.pop("_people")
        if distinct:
            for r in rows["pledges"]:
                if r.get("action"):
                    n += 1
                    r["action"] = f"{r['action']} {SUFFIXES[n % 4].format(n=n)}"
        ctx = WorkbookContext(config=ws.config, unit=roster.units[code], period="2024",
                              generated_at=dt.datetime(2024, 1, 15, 8))
        path = write_form(base / "wb" / f"{code}.xlsx", form, ctx, rows)
        results.append(read_workbook(path.read_bytes(), form, path.name))
    return ws, results


def clear_memo() -> None:
    """Forget what validation remembers per text (as a fresh worker process would)."""
    from toolkit.common import text
    from toolkit.rules import pledge
    for fn in (getattr(pledge, "_memos", None), getattr(pledge, "_action_memo", None),
               text.fold, text.canonical):
        if fn is not None:
            fn.cache_clear()


def measure(ws: object, results: list[object], repeat: int) -> tuple[float, list[float], int]:
    from toolkit.rules.context import Context
    from toolkit.rules.engine import validate
    ctx = Context(config=ws.config, roster=ws.roster(), file="x.xlsx")  # type: ignore[attr-defined]
    rows = sum(len(r.tables.get("pledges", [])) for r in results)  # type: ignore[attr-defined]
    colds, warms = [], []
    for _ in range(repeat):
        clear_memo()
        t = time.process_time()
        for r in results:
            validate(r, ctx)  # type: ignore[arg-type]
        colds.append(time.process_time() - t)
        t = time.process_time()
        for r in results:
            validate(r, ctx)  # type: ignore[arg-type]
        warms.append(time.process_time() - t)
    return statistics.median(colds), warms, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for distinct in (False, True):
        with tempfile.TemporaryDirectory(prefix="bench-pledge-") as tmp:
            ws, results = build(Path(tmp) / "ws", args.units, distinct)
            cold, warms, rows = measure(ws, results, args.repeat)
            warm = statistics.median(warms)
            name = "distinct" if distinct else "demo"
            n = len(results)
            print(f"{name:9s} {n} workbooks, {rows} pledge rows: "
                  f"cold memo {cold / n * 1e3:.3f} ms/workbook ({cold / rows * 1e6:.1f} us/row), "
                  f"warm {warm / n * 1e3:.3f} ms/workbook ({warm / rows * 1e6:.1f} us/row)")


try:  # the seed agency's settings, where init_workspace takes them (issue 17 on)
    from toolkit.config.seed import SEED_AGENCY
    _SEED: dict = {"settings": SEED_AGENCY}
except ImportError:  # pragma: no cover - measuring an older checkout
    _SEED = {}

if __name__ == "__main__":
    main()
