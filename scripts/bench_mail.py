"""Mailbox benchmark: `mail fetch` of N unit mails from a real IMAP server, and a re-run with
nothing new; `mail send` of N forms to a real SMTP server.

    python scripts/bench_mail.py              # N = 200 mails, 3 repeats
    python scripts/bench_mail.py --n 1000 --repeat 1

It starts a private Dovecot (IMAP, implicit TLS on 127.0.0.1, needs root and the Debian package
dovecot-imapd) and an aiosmtpd server (STARTTLS + AUTH), the same servers the tests use
(tests/mailservers.py). A workspace with N units (one person each) is made; each unit's filled
pledge workbook is mailed with a Vietnamese subject and sender name and appended to the mailbox
(with its receipt time). Then, per repeat, on a fresh mailbox and store:

- fetch + ingest of the N mails (`fetch_mail`: fetch, archive, read, validate, store, register,
  mark on the server), in this process, then as its parts: the same N mails saved as .eml files
  and ingested from inbox/ (no server), so the server's share shows;
- a re-run with nothing new, in this process and as a cold `lamtheobac mail fetch` process (goal:
  under 1 s);
- `mail send --form pledge` to the N units over SMTP, and a re-run (nothing sent twice).

Medians over the repeats are printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VN = dt.timezone(dt.timedelta(hours=7))
# the installed command (what the secretary runs), beside this Python
CLI = shutil.which("lamtheobac", path=str(Path(sys.executable).parent)) or "lamtheobac"
GOAL_RERUN_S = 1.0


def _workspace(root: Path, n: int):
    from tests.mail_helpers import set_mail_config
    from toolkit.config.roster import write_roster
    from toolkit.config.workspace import Workspace, init_workspace
    from toolkit.demo.data import build_roster
    w = init_workspace(root, 2024)
    write_roster(w.roster_path, w.config, build_roster(random.Random(7), n_units=n,
                                                       min_people=1, max_people=1))
    return set_mail_config(Workspace.open(root), since=dt.date(2024, 1, 1), timeout=30)


def _mails(ws, n: int, scratch: Path) -> list[tuple[bytes, dt.datetime]]:
    from tests.helpers import filled_workbook, pledge_rows
    from tests.mail_helpers import unit_mail, wire
    out = []
    start = dt.datetime(2024, 3, 1, 8, 0, tzinfo=VN)
    for i, (code, unit) in enumerate(ws.roster().units.items()):
        when = start + dt.timedelta(minutes=5 * i)
        data = filled_workbook(ws, scratch / f"{code}.xlsx", code, pledge_rows(ws, code))
        msg = unit_mail(unit.email, unit.name, f"Bản đăng ký việc làm theo năm 2024 – {unit.name}",
                        when, [(f"Bản đăng ký – {unit.name}.xlsx", data.read_bytes())])
        out.append((wire(msg), when + dt.timedelta(seconds=40)))
    return out[:n]


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="mails (units) per run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=None,
                        help="mails per fetch batch (default: the command's)")
    args = parser.parse_args()

    from tests.conftest import SMTP_PASSWORD, SMTP_USER
    from tests.mail_helpers import set_mail_config
    from tests.mailservers import Dovecot, SmtpSink, make_self_signed_cert
    from toolkit.app.ingest import ingest
    from toolkit.app.mail_fetch import fetch_mail
    from toolkit.app.mail_send import send_mail

    base = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    tls = make_self_signed_cert(base / "tls")
    template = _workspace(base / "template", args.n)
    print(f"Making {args.n} unit mails (one filled pledge workbook each) ...", flush=True)
    mails = _mails(template, args.n, base / "books")
    size_mb = sum(len(raw) for raw, _ in mails) / 2**20
    figures: dict[str, list[float]] = {}

    def note(key: str, seconds: float) -> None:
        figures.setdefault(key, []).append(seconds)

    with Dovecot(tls=tls) as imap, SmtpSink(users={SMTP_USER: SMTP_PASSWORD}, tls=tls) as smtp:
        for r in range(args.repeat):
            user = imap.add_user(f"bench{r}", "bench-pass")
            root = base / f"run{r}"
            shutil.copytree(template.root, root)
            from toolkit.config.workspace import Workspace
            ws = set_mail_config(Workspace.open(root), host=imap.host, port=imap.imaps_port,
                                 security="tls", user=user.name, ca_file=str(tls.cert),
                                 smtp_host=smtp.host, smtp_port=smtp.port,
                                 smtp_user=SMTP_USER, from_address="vanphong@bqlkcn.test")
            os.environ["LAMTHEOBAC_MAIL_PASSWORD"] = user.password
            os.environ["LAMTHEOBAC_SMTP_PASSWORD"] = SMTP_PASSWORD
            seconds, _ = _timed(lambda u=user: imap.append_many(mails, user=u.name))
            note("append (setup)", seconds)
            batch = {"batch_size": args.batch} if args.batch else {}
            seconds, report = _timed(lambda w=ws, b=batch: fetch_mail(w, **b))
            assert report.fetched == args.n and report.committed == args.n, report.as_dict()
            assert report.ingest.count("stored") == args.n
            note("fetch + ingest", seconds)
            seconds, again = _timed(lambda w=ws: fetch_mail(w))
            assert again.fetched == 0
            note("re-run, nothing new (in process)", seconds)
            seconds, done = _timed(lambda w=ws: subprocess.run(
                [CLI, "--lang", "en", "-q", "mail", "fetch", "-w", str(w.root)],
                capture_output=True, text=True))
            assert "No new mail" in done.stdout, done.stdout + done.stderr
            assert done.returncode == 0, done.stdout + done.stderr
            note("re-run, nothing new (cold process)", seconds)
            # the same mails as saved .eml files, ingested from inbox/: no server involved
            plain = base / f"plain{r}"
            shutil.copytree(template.root, plain)
            for i, (raw, _) in enumerate(mails):
                (plain / "inbox" / f"{i:05d}.eml").write_bytes(raw)
            seconds, rep = _timed(lambda p=plain: ingest(Workspace.open(p)))
            assert rep.count("stored") == args.n
            note("ingest of the same .eml from inbox/", seconds)
            smtp.clear()
            seconds, sent = _timed(lambda w=ws: send_mail(w, "form", "pledge"))
            assert len(sent.sent) == args.n, sent.as_dict()
            smtp.wait_for(args.n, timeout=60)
            note("mail send --form pledge", seconds)
            seconds, sent = _timed(lambda w=ws: send_mail(w, "form", "pledge"))
            assert not sent.sent and len(sent.already) == args.n
            note("mail send again (nothing to send)", seconds)
            print(f"  repeat {r + 1}/{args.repeat} done", flush=True)
    shutil.rmtree(base, ignore_errors=True)

    print(f"\n{args.n} mails ({size_mb:.1f} MB in all), medians of {args.repeat} repeat(s):")
    for key, values in figures.items():
        print(f"  {key:<40} {statistics.median(values):8.3f} s   "
              f"(min {min(values):.3f}, max {max(values):.3f})")
    rerun = statistics.median(figures["re-run, nothing new (cold process)"])
    fetch = statistics.median(figures["fetch + ingest"])
    plain = statistics.median(figures["ingest of the same .eml from inbox/"])
    print(f"\n  per mail: fetch + ingest {fetch / args.n * 1000:.1f} ms, ingest from inbox/ "
          f"{plain / args.n * 1000:.1f} ms; the server's share {max(0.0, fetch - plain):.2f} s")
    print(f"  re-run with nothing new (cold process): {rerun:.2f} s "
          f"(goal <= {GOAL_RERUN_S:g} s: {'met' if rerun <= GOAL_RERUN_S else 'NOT met'})")
    try:
        load = os.getloadavg()
        print(f"  load average while measured: {load[0]:.1f} (2 cores)")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
