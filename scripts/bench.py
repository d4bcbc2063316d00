"""Province-scale benchmark: N unit workbooks ingested, re-ingested, scored and reported.

    python scripts/bench.py               # N = 10,000 unit workbooks (~30 pledge rows each)
    python scripts/bench.py --n 500       # a quick run
    python scripts/bench.py --repeat 3    # medians over 3 repeats

It generates the workbooks once (cached in --dir) with the demo generator: N pledge workbooks and,
for the first quarter, N quarterly assessments and N unit reports. Then it measures and prints:
reading roster.xlsx the first time and from its cache, ingest + validate + store of the pledges
(cold store: an empty store and archive; the roster cache warm, as `templates` leaves it), then of
the first quarter's workbooks, the raw python-calamine read of the same files (the floor),
a naive pandas.read_excel(engine="openpyxl") loop (on a sample, scaled), an unchanged re-run,
scoring + the dashboard for all N units' people, `lamtheobac --help` and `lamtheobac status` from
a cold process, and the peak resident memory of the ingest; then the ratios and the goals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {"ingest_vs_raw": 3.0, "naive_vs_ingest": 15.0, "rerun_s": 1.0, "dashboard_s": 5.0,
         "help_s": 0.25, "peak_mb": 600.0}


# ---------------------------------------------------------------- corpus

def _make_one(args: tuple[str, str, int]) -> None:
    ws_root, unit_code, seed = args
    from toolkit.common.periods import Period
    from toolkit.config.workspace import Workspace
    from toolkit.demo.pledges import _pledge_rows
    from toolkit.demo.state import DemoResult, DemoState
    from toolkit.forms import get_form
    from toolkit.forms.workbook import WorkbookContext, write_form
    from toolkit.prefill.context import template_name
    ws = _WS.get("ws") or Workspace.open(ws_root)
    roster = _WS.get("roster") or ws.roster()
    _WS.update(ws=ws, roster=roster)
    state = DemoState(ws, roster, random.Random(seed), seed, DemoResult(ws.root))
    rows = _pledge_rows(state, unit_code)
    rows.pop("_people")
    unit = roster.units[unit_code]
    form = get_form("pledge")
    name = template_name(form, unit, Period(2024, "Y"))
    ctx = WorkbookContext(config=ws.config, unit=unit, period="2024",
                          generated_at=dt.datetime(2024, 1, 15, 8))
    path = write_form(ws.root / "corpus" / name, form, ctx, rows)
    stamp = dt.datetime(2024, 3, 1 + seed % 14, 9).timestamp()
    os.utime(path, (stamp, stamp))


_WS: dict = {}


def build_corpus(base: Path, n: int) -> Path:
    """A workspace with N units and one filled pledge workbook per unit under corpus/."""
    from toolkit.config.roster import write_roster
    from toolkit.config.seed import SEED_AGENCY
    from toolkit.config.workspace import init_workspace
    from toolkit.demo.data import build_roster
    ws_root = base / f"ws-{n}"
    marker = ws_root / "corpus.done"
    if marker.exists():
        return ws_root
    if ws_root.exists():
        shutil.rmtree(ws_root)
    ws = init_workspace(ws_root, 2024, settings=SEED_AGENCY)
    roster = build_roster(random.Random(n), n_units=n, min_people=9, max_people=11)
    write_roster(ws.roster_path, ws.config, roster)
    (ws_root / "corpus").mkdir()
    t = time.perf_counter()
    jobs = [(str(ws_root), code, i) for i, code in enumerate(roster.units)]
    with mp.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        for k, _ in enumerate(pool.imap_unordered(_make_one, jobs, chunksize=50), 1):
            if k % 1000 == 0:
                print(f"  generated {k}/{n} workbooks", flush=True)
    print(f"corpus: {n} workbooks, {len(roster.people)} people, "
          f"{time.perf_counter() - t:.1f} s to generate", flush=True)
    marker.write_text("ok")
    return ws_root


QUARTER = "2024-Q1"
QUARTER_FORMS = ("quarterly", "unit-report")


def _make_quarter(args: tuple[str, str, int]) -> None:
    """One unit's first-quarter workbooks: the progress of its pledges and its activity report,
    filled by the demo generator from the pledges in the corpus workspace's store."""
    ws_root, unit_code, seed = args
    from toolkit.common.periods import Period
    from toolkit.demo.quarters import _fill
    from toolkit.demo.state import DemoResult, DemoState
    from toolkit.forms import get_form
    from toolkit.forms.workbook import WorkbookContext, write_form
    from toolkit.prefill.context import template_name
    ws, roster = _WS["ws"], _WS["roster"]
    if "store" not in _WS:                       # one connection per worker, opened after fork
        _WS["store"] = ws.store()
    state = DemoState(ws, roster, random.Random(seed), seed, DemoResult(ws.root),
                      data={"diligence": _WS["diligence"]})
    period = Period.parse(QUARTER)
    filled = _fill(state, unit_code, period, _WS["store"], random.Random(seed))
    unit = roster.units[unit_code]
    for form_id in QUARTER_FORMS:
        form = get_form(form_id)
        ctx = WorkbookContext(config=ws.config, unit=unit, period=QUARTER,
                              generated_at=dt.datetime(2024, 3, 25, 8))
        path = write_form(ws.root / "corpus-q1" / template_name(form, unit, period), form, ctx,
                          filled[form_id])
        stamp = dt.datetime(2024, 4, 1 + seed % 9, 9).timestamp()
        os.utime(path, (stamp, stamp))


def build_quarter_corpus(ws_root: Path) -> Path:
    """corpus-q1/: each unit's quarterly assessment and unit report for the first quarter.

    The pledges are ingested into the corpus workspace first (its store is never measured), as
    the quarterly forms come pre-filled with each person's pledged actions.
    """
    from toolkit.app.ingest import ingest
    from toolkit.config.workspace import Workspace
    folder = ws_root / "corpus-q1"
    marker = ws_root / "corpus-q1.done"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    t = time.perf_counter()
    ws = Workspace.open(ws_root)
    ingest(ws, [ws_root / "corpus"])
    roster = ws.roster()
    rng = random.Random(len(roster.units))
    _WS.update(ws=ws, roster=roster, diligence={
        pid: rng.uniform(0.15, 0.5) if rng.random() < 0.1 else rng.uniform(0.55, 1.25)
        for pid in roster.people})
    jobs = [(str(ws_root), code, i) for i, code in enumerate(roster.units)]
    with mp.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        for k, _ in enumerate(pool.imap_unordered(_make_quarter, jobs, chunksize=50), 1):
            if k % 1000 == 0:
                print(f"  generated {k}/{len(jobs)} units' quarterly workbooks", flush=True)
    _WS.clear()
    print(f"quarter corpus: {2 * len(jobs)} workbooks, {time.perf_counter() - t:.1f} s",
          flush=True)
    marker.write_text("ok")
    return folder


# ---------------------------------------------------------------- measurements

def fresh_copy(ws_root: Path, target: Path, roster_cache: bool = True) -> Path:
    """A workspace with the corpus's config and roster and an empty store and archive.

    With ``roster_cache`` the roster's cache comes along (as after ``templates``, which every
    quarter runs before units send anything back); without it the first command reads
    roster.xlsx itself, which :func:`measure_roster` times on its own.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("lamtheobac.toml", "roster.xlsx"):
        shutil.copy2(ws_root / name, target / name)     # copy2: the cache is keyed by mtime
    if roster_cache:
        shutil.copytree(ws_root / ".cache", target / ".cache")
    for sub in ("inbox", "archive", "out"):
        (target / sub).mkdir()
    return target


def run_child(code: str, sample_memory: bool = False) -> dict:
    """Run Python code in a cold process; it prints a JSON dict as its last line.

    With ``sample_memory``, the proportional set size (PSS: shared pages split between the
    processes that share them, so forked workers are not counted twice) of the whole process
    tree is sampled every 20 ms and its peak added as ``peak_pss_mb``.
    """
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0.0
    if sample_memory:
        while proc.poll() is None:
            peak = max(peak, tree_pss_mb(proc.pid))
            time.sleep(0.02)
    out, err = proc.communicate()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, "python -c", out, err)
    result = json.loads(out.strip().splitlines()[-1])
    if sample_memory:
        result["peak_pss_mb"] = peak
    return result


def tree_pss_mb(pid: int) -> float:
    """PSS of a process and all its descendants, in MB (Linux /proc)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total


INGEST_CODE = """
import json, resource, time, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from toolkit.app.ingest import ingest
from toolkit.config.workspace import Workspace
ws = Workspace.open({ws!r})
t = time.perf_counter()
report = ingest(ws, [Path(p) for p in {corpus!r}])
elapsed = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"s": elapsed, "stored": report.count("stored"),
                  "duplicate": report.count("duplicate"), "parent_mb": me, "worker_mb": kids}}))
"""


def measure_ingest(ws_root: Path, work: Path, repeat: int
                   ) -> tuple[list[float], dict, list[float], dict, list[tuple[float, float]]]:
    """Each repeat: a fresh workspace takes in the pledge corpus (cold store) and writes the
    dashboard of those pledges, then takes in the first quarter's corpus (the store holding the
    pledges, as in a real year)."""
    times, last, q_times, q_last, dash = [], {}, [], {}, []
    for i in range(repeat):
        target = fresh_copy(ws_root, work / f"ingest-{i}")
        last = run_child(INGEST_CODE.format(root=str(ROOT), ws=str(target),
                                            corpus=[str(ws_root / "corpus")]))
        times.append(last["s"])
        # twice: the first run also builds the year's base (remembered in .cache)
        first = run_child(DASH_CODE.format(root=str(ROOT), ws=str(target)))["s"]
        dash.append((first, run_child(DASH_CODE.format(root=str(ROOT), ws=str(target)))["s"]))
        q_last = run_child(INGEST_CODE.format(root=str(ROOT), ws=str(target),
                                              corpus=[str(ws_root / "corpus-q1")]))
        q_times.append(q_last["s"])
    return times, last, q_times, q_last, dash


def measure_memory(ws_root: Path, work: Path) -> tuple[dict, dict]:
    """The pledge and then the first-quarter ingest once more, their memory sampled (apart
    from the timed runs: reading /proc every 20 ms takes CPU from the ingest)."""
    target = fresh_copy(ws_root, work / "memory")
    pledges = run_child(INGEST_CODE.format(root=str(ROOT), ws=str(target),
                                           corpus=[str(ws_root / "corpus")]), sample_memory=True)
    quarter = run_child(INGEST_CODE.format(root=str(ROOT), ws=str(target),
                                           corpus=[str(ws_root / "corpus-q1")]),
                        sample_memory=True)
    shutil.rmtree(target)
    return pledges, quarter


ROSTER_CODE = """
import json, time, sys
sys.path.insert(0, {root!r})
from toolkit.config.workspace import Workspace
ws = Workspace.open({ws!r})
t = time.perf_counter()
roster = ws.roster()
first = time.perf_counter() - t
t = time.perf_counter()
Workspace.open({ws!r}).roster()
print(json.dumps({{"first": first, "cached": time.perf_counter() - t,
                  "people": len(roster.people)}}))
"""


def measure_roster(ws_root: Path, work: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Reading roster.xlsx the first time (no cache) and then from its cache, in cold processes."""
    first, cached = [], []
    for _ in range(repeat):
        target = fresh_copy(ws_root, work / "roster", roster_cache=False)
        res = run_child(ROSTER_CODE.format(root=str(ROOT), ws=str(target)))
        first.append(res["first"])
        cached.append(res["cached"])
    shutil.rmtree(work / "roster")
    return first, cached


def measure_rerun(ws_root: Path, work: Path, repeat: int) -> list[float]:
    target = work / "ingest-0"
    times = []
    for _ in range(repeat):
        res = run_child(INGEST_CODE.format(root=str(ROOT), ws=str(target),
                                           corpus=[str(ws_root / "corpus"),
                                                   str(ws_root / "corpus-q1")]))
        assert res["stored"] == 0, res
        times.append(res["s"])
    return times


def probe_file_creation(folder: Path, n: int = 500) -> float:
    """Milliseconds to create, write (14.5 KB, a workbook's size) and close one new file in
    ``folder``: the archive keeps every received file, so this bounds the ingest. On a disk
    where many files were just deleted, ext4 can take ten times longer (it skips recently
    freed inodes one by one); the figure is printed so that such a run can be told apart."""
    probe = folder / f"probe-{os.getpid()}"
    probe.mkdir()
    data = b"x" * 14500
    t = time.perf_counter()
    for i in range(n):
        (probe / f"{i}.xlsx").write_bytes(data)
    ms = (time.perf_counter() - t) / n * 1e3
    shutil.rmtree(probe)
    return ms


def measure_raw(files: list[Path]) -> float:
    import python_calamine as pc
    t = time.perf_counter()
    for f in files:
        wb = pc.load_workbook(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - t


PHASES_CODE = """
import json, sys, tempfile, time
sys.path.insert(0, {root!r})
from pathlib import Path
from toolkit.app import ingest as ing
from toolkit.forms import get_form
from toolkit.intake.files import sha256
from toolkit.read.workbook import open_workbook, read_meta, read_workbook
from toolkit.intake.safety import inspect_bytes
from toolkit.store.records import pack_records
from toolkit.rules.context import Context
from toolkit.rules.engine import validate
from toolkit.config.workspace import Workspace
ws = Workspace.open({ws!r})
roster, config = ws.roster(), ws.config
archive = Path(tempfile.mkdtemp(prefix="bench-phases-", dir={work!r}))
files = [Path(f) for f in {files!r}]
spent = dict.fromkeys(("read file + sha-256", "archive", "inspect (safety)",
                       "open + metadata sheet", "read tables", "validate", "encode rows"), 0.0)
keys = list(spent)
for f in files:
    t = [time.perf_counter()]
    data = f.read_bytes(); sha = sha256(data); t.append(time.perf_counter())
    ing.write_archive(archive, sha, f.name, data); t.append(time.perf_counter())
    inspection = inspect_bytes(f.name, data, keep_parts=True); t.append(time.perf_counter())
    wb = open_workbook(inspection.stored_zip() or data)
    meta = read_meta(wb, list(wb.sheet_names)); t.append(time.perf_counter())
    result = read_workbook(data, get_form(meta["form_id"]), f.name, wb=wb, meta=meta)
    t.append(time.perf_counter())
    outcome = validate(result, Context(config=config, roster=roster, file=f.name,
                                       date1904=inspection.date1904))
    t.append(time.perf_counter())
    pack_records(outcome.records); t.append(time.perf_counter())
    for k, a, b in zip(keys, t, t[1:]):
        spent[k] += b - a
import shutil
shutil.rmtree(archive)
print(json.dumps({{k: v / len(files) * 1e3 for k, v in spent.items()}}))
"""


def measure_phases(ws_root: Path, files: list[Path], work: Path) -> dict[str, float]:
    """Milliseconds per workbook of each step of the ingest's work, one core, one process (the
    archive written under ``work``, as the ingest's is)."""
    return run_child(PHASES_CODE.format(root=str(ROOT), ws=str(ws_root), work=str(work),
                                        files=[str(f) for f in files]))


def measure_naive(files: list[Path], sample: int) -> tuple[float, int]:
    import pandas as pd
    chosen = files[:sample]
    t = time.perf_counter()
    for f in chosen:
        pd.read_excel(f, sheet_name=None, engine="openpyxl")
    per_file = (time.perf_counter() - t) / len(chosen)
    return per_file * len(files), len(chosen)


DASH_CODE = """
import json, time, sys
sys.path.insert(0, {root!r})
from toolkit.config.workspace import Workspace
ws = Workspace.open({ws!r})
t = time.perf_counter()
try:
    from toolkit.outputs.dashboard.book import write_dashboard
except ImportError:
    print(json.dumps({{"s": float("nan"), "people": 0, "units": 0}}))
    raise SystemExit
path = write_dashboard(ws, "2024-Q1")
elapsed = time.perf_counter() - t
roster = ws.roster()
print(json.dumps({{"s": elapsed, "people": len(roster.people),
                  "units": len(roster.units), "path": str(path)}}))
"""


def cold_command(args: list[str], cwd: Path, repeat: int) -> list[float]:
    exe = shutil.which("lamtheobac")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "toolkit", *args]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of unit workbooks")
    ap.add_argument("--repeat", type=int, default=3, help="repeats for medians")
    ap.add_argument("--naive-sample", type=int, default=100, help="files read the naive way")
    ap.add_argument("--phases-sample", type=int, default=1000,
                    help="files timed step by step on one core")
    ap.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) /
                    "lamtheobac-bench", help="where the corpus is cached")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    ws_root = build_corpus(args.dir, args.n)
    work = args.dir / f"work-{args.n}"
    work.mkdir(exist_ok=True)
    create_ms = probe_file_creation(work)
    print(f"creating a new 14.5 KB file in {work}: {create_ms:.3f} ms", flush=True)
    files = sorted((ws_root / "corpus").glob("*.xlsx"))
    size_mb = sum(f.stat().st_size for f in files) / 2**20
    q_files = sorted(build_quarter_corpus(ws_root).glob("*.xlsx"))
    q_mb = sum(f.stat().st_size for f in q_files) / 2**20
    print(f"files: {len(files)} pledge workbooks ({size_mb:.0f} MB), {len(q_files)} first-quarter "
          f"workbooks ({q_mb:.0f} MB), cores: {os.cpu_count()}", flush=True)

    if not (ws_root / ".cache" / "roster.pickle").exists():
        from toolkit.config.workspace import Workspace
        Workspace.open(ws_root).roster()                 # the cache `templates` leaves behind
    roster_first, roster_cached = measure_roster(ws_root, work, args.repeat)
    ingest_times, ingest_info, q_times, q_info, pledge_dash = measure_ingest(ws_root, work,
                                                                             args.repeat)
    memory = measure_memory(ws_root, work)
    raw_times = [measure_raw(files) for _ in range(args.repeat)]
    q_raw_times = [measure_raw(q_files) for _ in range(args.repeat)]
    naive_s, sampled = measure_naive(files, min(args.naive_sample, len(files)))
    rerun_times = measure_rerun(ws_root, work, args.repeat)
    try:
        dash = [run_child(DASH_CODE.format(root=str(ROOT), ws=str(work / "ingest-0")))
                for _ in range(args.repeat)]
    except subprocess.CalledProcessError as exc:
        print("dashboard failed:", exc.stderr[-2000:] if exc.stderr else exc)
        dash = [{"s": float("nan")}]
    phases = measure_phases(ws_root, files[:args.phases_sample], work)
    help_times = cold_command(["--help"], ROOT, max(args.repeat, 5))
    status_times = cold_command(["status", "-w", str(work / "ingest-0"), "--format", "json"],
                                ROOT, args.repeat)

    med = statistics.median
    ingest_s, raw_s = med(ingest_times), med(raw_times)
    dash_s = med(d["s"] for d in dash)
    q_s, q_raw_s = med(q_times), med(q_raw_times)
    peak = max(m["peak_pss_mb"] for m in memory)
    rows = [
        ("ingest + validate + store (cold)", f"{ingest_s:.2f} s",
         f"{len(files) / ingest_s:.0f} files/s, stored {ingest_info['stored']}"),
        ("first quarter: ingest (pledges stored)", f"{q_s:.2f} s",
         f"{len(q_files)} quarterly + unit reports, {len(q_files) / q_s:.0f} files/s, "
         f"stored {q_info['stored']}"),
        ("first quarter: raw python-calamine read", f"{q_raw_s:.2f} s",
         f"ingest ÷ raw {q_s / q_raw_s:.1f}×"),
        ("roster.xlsx read, first time", f"{med(roster_first):.2f} s",
         f"then {med(roster_cached):.2f} s from its cache (every later command)"),
        ("raw python-calamine read (1 core)", f"{raw_s:.2f} s", "the floor"),
        ("naive pandas/openpyxl loop", f"{naive_s:.1f} s",
         f"scaled from {sampled} files"),
        ("re-run, nothing changed", f"{med(rerun_times):.2f} s",
         f"{len(files) + len(q_files)} files"),
        ("scoring + dashboard, pledges only", f"{med(d[1] for d in pledge_dash):.2f} s",
         f"{med(d[0] for d in pledge_dash):.2f} s the first time (it builds the year's base)"),
        ("scoring + dashboard (first quarter)", f"{dash_s:.2f} s",
         f"{dash[0].get('people', '?')} people, {dash[0].get('units', '?')} units, "
         "with their progress"),
        ("lamtheobac --help (cold)", f"{med(help_times):.3f} s", ""),
        ("lamtheobac status (cold)", f"{med(status_times):.2f} s", ""),
        ("new file, created and written (disk probe)", f"{create_ms:.3f} ms",
         "each received workbook is archived as one"),
        ("peak memory of ingest (PSS, all processes)", f"{peak:.0f} MB",
         f"max RSS: parent {max(m['parent_mb'] for m in memory):.0f} MB, a worker "
         f"{max(m['worker_mb'] for m in memory):.0f} MB (shared pages counted in each; a "
         "separate run)"),
    ]
    print()
    print(f"lamtheobac benchmark — {len(files)} unit pledge workbooks, then {len(q_files)} "
          f"first-quarter workbooks; medians of {args.repeat}")
    for label, value, note in rows:
        print(f"  {label:<44} {value:>10}  {note}")
    ratios = {
        "ingest_vs_raw": ingest_s / raw_s,
        "naive_vs_ingest": naive_s / ingest_s,
        "rerun_s": med(rerun_times),
        "dashboard_s": dash_s,
        "help_s": med(help_times),
        "peak_mb": peak,
    }
    print(f"\nwhere a workbook's time goes (one core, {min(args.phases_sample, len(files))} "
          "files, ms per workbook):")
    for label, ms in phases.items():
        print(f"  {label:<24} {ms:6.2f}")
    print(f"  {'total':<24} {sum(phases.values()):6.2f}")
    print("\nratios and goals:")
    checks = [
        ("ingest ÷ raw read", ratios["ingest_vs_raw"], "≤", GOALS["ingest_vs_raw"]),
        ("naive ÷ ingest", ratios["naive_vs_ingest"], "≥", GOALS["naive_vs_ingest"]),
        ("unchanged re-run (s)", ratios["rerun_s"], "≤", GOALS["rerun_s"]),
        ("dashboard, pledges (s)", med(d[1] for d in pledge_dash), "≤", GOALS["dashboard_s"]),
        ("dashboard, Q1 (s)", ratios["dashboard_s"], "≤", GOALS["dashboard_s"]),
        ("--help (s)", ratios["help_s"], "≤", GOALS["help_s"]),
        ("peak memory (MB)", ratios["peak_mb"], "≤", GOALS["peak_mb"]),
    ]
    for label, value, op, goal in checks:
        ok = value <= goal if op == "≤" else value >= goal
        print(f"  {label:<24} {value:8.2f}  goal {op} {goal:g}  {'ok' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
