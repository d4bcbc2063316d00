"""The secretary's one command for a quarter: ingest, status, feedback, dashboard, summary.

``lamtheobac run --period 2024-Q2`` and ``scripts/consolidate.py`` both call :func:`run_quarter`.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.common.i18n import t
from toolkit.common.periods import Period

if TYPE_CHECKING:
    from toolkit.app.ingest import IngestReport
    from toolkit.config.workspace import Config, Workspace
    from toolkit.outputs.dashboard.book import DashboardResult
    from toolkit.outputs.status import StatusReport

STATUS_FORMS = ("quarterly", "unit-report")
FEEDBACK_FORMS = ("quarterly", "unit-report", "diary")


def default_quarter(config: Config, today: dt.date | None = None) -> str:
    """The quarter to consolidate: the last one that has ended (Q1 before April)."""
    today = today or dt.date.today()
    if today.year > config.year:
        return f"{config.year}-Q4"
    if today.year < config.year:
        return f"{config.year}-Q1"
    return f"{config.year}-Q{max(1, (today.month - 1) // 3)}"


def vn_number(value: Any, digits: int = 1) -> str:
    """12,5 (Vietnamese decimal comma); '–' for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


@dataclass
class RunReport:
    period: str
    ingest: IngestReport
    status: dict[str, StatusReport]
    feedback: dict[str, list[Path]]
    dashboard: DashboardResult
    seconds: float
    lines: list[str] = field(default_factory=list)

    @property
    def has_problems(self) -> bool:
        return self.ingest.has_problems or any(s.has_problems for s in self.status.values())

    def as_dict(self) -> dict[str, Any]:
        figs = {k: (None if isinstance(v, float) and math.isnan(v) else v)
                for k, v in self.dashboard.figures.items()}
        return {"period": self.period, "ingest": self.ingest.as_dict(),
                "status": {k: v.as_dict() for k, v in self.status.items()},
                "feedback": {k: [str(p) for p in v] for k, v in self.feedback.items()},
                "dashboard": str(self.dashboard.path), "figures": figs,
                "seconds": round(self.seconds, 2), "problems": self.has_problems}


def run_quarter(ws: Workspace, period: str | None = None, *, as_of: dt.date | None = None,
                paths: list[Path] | None = None, password: str | None = None,
                progress: Callable[[int, int], None] | None = None,
                stage: Callable[[str], None] | None = None,
                received: dt.date | None = None) -> RunReport:
    """Ingest the inbox (or ``paths``), then status, feedback and the dashboard of ``period``."""
    from toolkit.app.ingest import ingest
    from toolkit.outputs.dashboard.book import write_dashboard
    from toolkit.outputs.feedback import write_feedback
    from toolkit.outputs.status import compute_status
    from toolkit.scoring.load import parse_quarter

    started = time.perf_counter()
    p = parse_quarter(ws, period or default_quarter(ws.config))
    say = stage or (lambda _msg: None)
    say(t("run.stage.ingest"))
    report = ingest(ws, paths, password=password, progress=progress, received=received)
    statuses = {f: compute_status(ws, f, str(p), as_of=as_of) for f in STATUS_FORMS}
    say(t("run.stage.feedback"))
    feedback = {f: write_feedback(ws, f, str(p)) for f in FEEDBACK_FORMS}
    say(t("run.stage.dashboard"))
    dash = write_dashboard(ws, str(p), as_of=as_of)
    result = RunReport(str(p), report, statuses, feedback, dash, time.perf_counter() - started)
    result.lines = summary_lines(ws, p, result)
    return result


def summary_lines(ws: Workspace, p: Period, r: RunReport) -> list[str]:
    from toolkit.forms import get_form
    lines = [t("run.title", period_label=p.label(), org=ws.config.org_short), *r.ingest.notes,
             t("run.ingest", stored=r.ingest.count("stored"), rejected=r.ingest.count("rejected"),
               duplicate=r.ingest.count("duplicate"), skipped=r.ingest.count("skipped"))]
    for form_id, status in r.status.items():
        tot = status.totals()
        lines.append(t("run.status", form=get_form(form_id).name, on_time=tot["on_time"],
                       late=tot["late"], missing=tot["missing"], pending=tot["pending"],
                       invalid=tot["invalid"]))
    f = r.dashboard.figures
    lines.append(t("run.people", reported=f["people_reported"], people=f["people"],
                   done=f["actions_done"], total=f["actions_total"],
                   completion=vn_number(f["completion"]) + "%", mean=vn_number(f["mean_score"])))
    lines.append(t("run.candidates", candidates=f["candidates"], reminders=f["reminders"],
                   errors=f["errors"], warnings=f["warnings"]))
    files = [path for paths in r.feedback.values() for path in paths]
    if files:
        lines.append(t("run.feedback", count=len(files), folder=files[0].parent.parent))
    else:
        lines.append(t("run.no_feedback"))
    lines.append(t("run.dashboard", path=r.dashboard.path,
                   seconds=vn_number(r.dashboard.seconds, 2)))
    lines.append(t("run.next_problems") if r.has_problems else t("run.next_ok"))
    return lines


def consolidate(workspace: Path, period: str | None = None, *, quiet: bool = False,
                echo: Callable[[str], None] = print) -> int:
    """What scripts/consolidate.py runs: the quarter's run with its summary; the exit code
    (0 done, 1 done but problems remain, 2 unusable workspace)."""
    from toolkit.app.failures import explain
    from toolkit.common.i18n import set_language
    from toolkit.config.workspace import Workspace
    try:
        ws = Workspace.open(workspace)
        if ws.config.language:
            set_language(ws.config.language)
        result = run_quarter(ws, period, stage=None if quiet else echo)
    except Exception as exc:
        message = explain(exc, workspace)
        if message is None:
            raise
        echo(message)
        return 2
    for line in result.lines:
        echo(line)
    return 1 if result.has_problems else 0
