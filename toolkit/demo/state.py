"""What the demo's phases share: the state of the synthetic year, the summary it prints, and the
two things every phase does (deliver a unit's filled workbook as a mail, run the secretary's
round of ingest, status and feedback)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from toolkit.common.i18n import current_language
from toolkit.config.roster import Roster
from toolkit.config.workspace import Workspace
from toolkit.demo.data import DOMAIN
from toolkit.forms import get_form
from toolkit.forms.workbook import WorkbookContext, write_form
from toolkit.prefill.context import template_name

YEAR = 2024
VN = dt.timezone(dt.timedelta(hours=7))
SECRETARY = f"vanphong.chibo@{DOMAIN}"
XLSX_MIME = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class DemoResult:
    root: Path
    lines: list[tuple[str, str]] = field(default_factory=list)      # (vi, en) summary lines
    outputs: list[tuple[str, Path]] = field(default_factory=list)   # (label, path)
    status: dict[str, Any] = field(default_factory=dict)

    def say(self, vi: str, en: str) -> None:
        self.lines.append((vi, en))

    def summary(self) -> str:
        en = current_language() == "en"
        out = [("lamtheobac demo — " + ("a synthetic agency, year " if en else
                                         "cơ quan mẫu, năm ") + str(YEAR))]
        out += [f"  {en and e or v}" for v, e in self.lines]
        out.append("Outputs:" if en else "Các tệp đã tạo:")
        for label, path in self.outputs:
            out.append(f"  {label}: {path}")
        return "\n".join(out)


@dataclass
class DemoState:
    ws: Workspace
    roster: Roster
    rng: random.Random
    seed: int
    result: DemoResult
    progress: Callable[[int, int], None] | None = None
    data: dict[str, Any] = field(default_factory=dict)


Phase = Callable[[DemoState], None]


# ---------------------------------------------------------------- delivering workbooks

def write_mail(path: Path, sender: str, sender_name: str, subject: str, when: dt.datetime,
               attachments: list[tuple[str, bytes]], message_id: str) -> Path:
    msg = EmailMessage()
    msg["From"] = f"{sender_name} <{sender}>"
    msg["To"] = SECRETARY
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg.set_content("Kính gửi Văn phòng,\n\nĐơn vị gửi kèm tệp theo yêu cầu.\n\nTrân trọng.")
    for name, data in attachments:
        msg.add_attachment(data, maintype=XLSX_MIME[0], subtype=XLSX_MIME[1], filename=name)
    msg.policy = msg.policy.clone(max_line_length=998)  # unfolded headers (see outputs/smtp.py)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(msg))
    return path


def deliver(state: DemoState, unit_code: str, form_id: str, period: str, rows: dict[str, list],
            when: dt.datetime, tag: str, as_mail: bool = True) -> Path:
    """Write a unit's filled workbook and put it in the inbox as a mail (or a bare file)."""
    ws, roster = state.ws, state.roster
    unit = roster.units[unit_code]
    form = get_form(form_id)
    from toolkit.common.periods import Period
    p = Period.parse(period)
    name = template_name(form, unit, p)
    staging = ws.root / ".demo-staging" / tag
    ctx = WorkbookContext(config=ws.config, unit=unit, period=period,
                          generated_at=state.data.get("sent_at", dt.datetime(YEAR, 1, 2, 8)))
    filled = write_form(staging / name, form, ctx, rows)
    data = filled.read_bytes()
    if as_mail:
        subject = f"{form.name} {p.label()} – {unit.name}"
        mail_path = ws.inbox / f"{when:%Y%m%d-%H%M}-{unit_code}-{tag}.eml"
        write_mail(mail_path, unit.email, unit.name, subject, when.replace(tzinfo=VN),
                   [(name, data)], f"<{tag}.{unit_code}.{state.seed}@{DOMAIN}>")
        return mail_path
    target = ws.inbox / name
    target.write_bytes(data)
    import os
    stamp = when.timestamp()  # local time, as the secretary's computer sees it
    os.utime(target, (stamp, stamp))
    return target


def secretary_round(state: DemoState, form_id: str, period: str, as_of: dt.date,
                     sent: list[Path], label_vi: str, label_en: str) -> None:
    from toolkit.app.ingest import ingest
    from toolkit.outputs.feedback import write_feedback
    from toolkit.outputs.status import compute_status
    ws, result = state.ws, state.result
    report = ingest(ws, progress=state.progress)
    status = compute_status(ws, form_id, period, as_of=as_of)
    tot = status.totals()
    fb = write_feedback(ws, form_id, period)
    result.status[f"{form_id}-{period}"] = status.as_dict()
    result.say(
        f"{label_vi} {period}: gửi {len(sent)} biểu mẫu; nhận {report.count('stored')} tệp hợp lệ "
        f"về biểu mẫu, {report.count('duplicate')} trùng, {report.count('skipped')} bỏ qua; "
        f"{tot['on_time']} đơn vị đúng hạn, {tot['late']} muộn, {tot['missing']} chưa nộp, "
        f"{tot['invalid']} có lỗi; {tot['registered']}/{tot['people']} người hoàn thành; "
        f"{len(fb)} tệp sửa lỗi.",
        f"{label_en} {period}: sent {len(sent)}; stored {report.count('stored')}, "
        f"{tot['on_time']} on time, {tot['late']} late, {tot['missing']} missing, "
        f"{tot['invalid']} with errors; {len(fb)} correction files.")
    if sent:
        result.outputs.append((f"Biểu mẫu gửi đơn vị ({label_vi})", sent[0].parent))
    if fb:
        result.outputs.append((f"Tệp sửa lỗi ({label_vi})", fb[0].parent))
