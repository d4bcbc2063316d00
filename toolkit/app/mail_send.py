"""`lamtheobac mail send`: mail each unit its own files from the secretary's address.

- ``--form F [--period P]``: each unit its pre-filled form (the files ``templates`` wrote into
  ``out/gui-don-vi/``, written now for the units that have none);
- ``--feedback``: each unit with problems its correction file (``out/phan-hoi/``);
- ``--remind``: each unit that has not sent the form yet a reminder, its form attached again.

Subject and body come from the templates in the config's ``[mail]`` section. Each mail goes to
the unit's address(es) in roster.xlsx and to nobody else, with that unit's files only.
``--dry-run`` writes the mails as .eml files into ``out/thu-gui/`` instead of sending.

The send log in the store is keyed by (unit, kind, form, period, SHA-256 of the attachments): a
re-run never mails a unit the same thing twice (``--resend`` does, on purpose). A mail is logged
as being sent before it goes and as sent after the server took it, and its Message-ID is derived
from that key, so a reply's In-Reply-To / References ties the reply to what was sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.app.mail_account import PASSWORD_ENV, SMTP_PASSWORD_ENV, mail_errors, smtp_settings
from toolkit.common.dates import fmt
from toolkit.common.i18n import t
from toolkit.config.errors import WorkspaceError
from toolkit.config.workspace import Workspace

if TYPE_CHECKING:
    from email.message import EmailMessage

    from toolkit.config.roster import Unit

KINDS = ("form", "feedback", "remind")


@dataclass
class Outgoing:
    unit: Unit
    kind: str
    form: str
    period: str
    files: list[Path]
    to: list[str]
    sha256: str = ""
    subject: str = ""
    message: EmailMessage | None = None


@dataclass
class SendReport:
    kind: str
    form: str
    period: str
    dry_run: bool
    sent: list[dict[str, Any]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)        # .eml files of a dry run
    already: list[str] = field(default_factory=list)        # unit codes sent the same before
    no_address: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    @property
    def has_problems(self) -> bool:
        return bool(self.failed or self.no_address)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "form": self.form, "period": self.period,
                "dry_run": self.dry_run, "sent": self.sent, "written": self.written,
                "already": self.already, "no_address": self.no_address, "failed": self.failed}


def send_mail(ws: Workspace, kind: str, form_id: str | None = None, period: str | None = None,
              *, unit: str | None = None, dry_run: bool = False, resend: bool = False
              ) -> SendReport:
    """Mail the units their files (see the module's description); the report says to whom."""
    from toolkit.prefill.context import resolve_form, resolve_period
    if kind not in KINDS:
        raise WorkspaceError(t("mail.send.choose"))
    form = resolve_form(form_id or "pledge")
    p = resolve_period(ws.config, form, period)
    roster = ws.roster()
    if unit is not None and unit not in roster.units:
        raise WorkspaceError(t("err.unit", value=unit, choices=", ".join(roster.units)))
    cfg = ws.config.mail
    if not cfg.from_address:
        raise WorkspaceError(t("err.mail_not_set", key="mail.from_address", path=ws.config.path))
    report = SendReport(kind, form.id, str(p), dry_run)
    outgoing = _outgoing(ws, kind, form, p, unit, report)
    if not outgoing:
        return report
    with ws.store() as store:
        todo = []
        for out in outgoing:
            done = store.sent_entry(out.unit.code, kind, form.id, str(p), out.sha256)
            if done is not None and done["status"] in ("sent", "bounced") and not resend:
                report.already.append(out.unit.code)
                continue
            _build(ws, out, form, p, resend=done is not None and resend)
            todo.append(out)
        if dry_run:
            _write_eml(ws, todo, report)
        elif todo:
            _deliver(ws, store, todo, report)
    return report


def _outgoing(ws: Workspace, kind: str, form: Any, p: Any, only: str | None,
              report: SendReport) -> list[Outgoing]:
    """Each unit to mail, with its own files and its addresses."""
    roster = ws.roster()
    units = [u for code, u in roster.units.items() if only is None or code == only]
    if kind == "feedback":
        from toolkit.outputs.feedback import write_feedback
        paths = write_feedback(ws, form.id, str(p))
        by_name = {path.name: path for path in paths}
        files = {u.code: [by_name[n]] for u in units
                 if (n := _name(form, u, p).replace(".xlsx", "-can-sua.xlsx")) in by_name}
    else:
        if kind == "remind":
            from toolkit.outputs.status import MISSING, PENDING, compute_status
            status = compute_status(ws, form.id, str(p))
            waiting = {u.unit for u in status.units if u.state in (MISSING, PENDING)}
            units = [u for u in units if u.code in waiting]
        files = _templates(ws, form, p, units)
    out = []
    for u in units:
        if u.code not in files:
            continue
        to = [a.strip() for a in u.email.replace(";", ",").split(",") if "@" in a]
        if not to:
            report.no_address.append(u.code)
            continue
        data = b"".join(hashlib.sha256(f.read_bytes()).digest() for f in files[u.code])
        out.append(Outgoing(u, kind, form.id, str(p), files[u.code], to,
                            hashlib.sha256(data).hexdigest()))
    return out


def _name(form: Any, unit: Unit, p: Any) -> str:
    from toolkit.prefill.context import template_name
    return template_name(form, unit, p)


def _templates(ws: Workspace, form: Any, p: Any, units: list[Unit]) -> dict[str, list[Path]]:
    """Each unit's form as ``templates`` wrote it (the same file, so the same bytes, on every
    run); written now for the units that have none yet."""
    from toolkit.app.prepare import make_templates
    folder = ws.out / "gui-don-vi" / f"{form.id}-{p}"
    missing = [u for u in units if not (folder / _name(form, u, p)).is_file()]
    if len(missing) > 1:
        make_templates(ws, form.id, str(p))         # all units at once (one roster, one store)
    elif missing:
        make_templates(ws, form.id, str(p), missing[0].code)
    return {u.code: [folder / _name(form, u, p)] for u in units
            if (folder / _name(form, u, p)).is_file()}


def _build(ws: Workspace, out: Outgoing, form: Any, p: Any, resend: bool) -> None:
    """The mail to a unit: subject and body from the config's templates, its files attached,
    a Message-ID the send log can recognise in a reply."""
    import datetime as dt
    from email.headerregistry import Address

    from toolkit.config.mail import fill_template
    from toolkit.forms import deadline_for
    from toolkit.outputs.smtp import Attachment, build_message, stable_message_id
    cfg = ws.config.mail
    subject_t, body_t = cfg.template(out.kind)
    values = {"unit": out.unit.name, "unit_code": out.unit.code, "form": form.name,
              "period": p.label(), "deadline": fmt(deadline_for(form, ws.config, p)),
              "org": ws.config.org_short, "files": ", ".join(f.name for f in out.files),
              "count": str(len(out.files))}
    out.subject = fill_template(subject_t, values)
    domain = cfg.from_address.rsplit("@", 1)[1]
    key = f"{out.unit.code}/{out.kind}/{out.form}/{out.period}/{out.sha256}"
    if resend:
        key += "/" + dt.datetime.now().isoformat()
    sender = Address(cfg.from_name or ws.config.org_short, addr_spec=cfg.from_address)
    to = [Address(out.unit.name, addr_spec=a) for a in out.to]
    out.message = build_message(
        sender=sender, to=to, subject=out.subject, body=fill_template(body_t, values),
        message_id=stable_message_id(key, domain),
        attachments=[Attachment(f.name, f.read_bytes()) for f in out.files])


def _write_eml(ws: Workspace, todo: list[Outgoing], report: SendReport) -> None:
    from toolkit.common.fsutil import atomic_output
    folder = ws.out / "thu-gui" / f"{report.kind}-{report.form}-{report.period}"
    folder.mkdir(parents=True, exist_ok=True)
    for out in todo:
        assert out.message is not None
        path = folder / f"{out.unit.code}.eml"
        with atomic_output(path) as tmp:
            tmp.write_bytes(out.message.as_bytes(policy=out.message.policy.clone(
                linesep="\r\n")))
        report.written.append(str(path))


def _deliver(ws: Workspace, store: Any, todo: list[Outgoing], report: SendReport) -> None:
    from toolkit.outputs.smtp import SendError, SmtpSender
    from toolkit.store.register import SentRow
    settings = smtp_settings(ws)
    cfg = ws.config.mail
    with mail_errors(settings.host, settings.effective_port, cfg.smtp_security,
                     settings.user or "", SMTP_PASSWORD_ENV if settings.user else PASSWORD_ENV), \
            SmtpSender(settings) as sender:
        for out in todo:
            assert out.message is not None
            with store.transaction():
                sent_id = store.log_sending(SentRow(
                    out.unit.code, out.kind, out.form, out.period, out.sha256,
                    str(out.message["Message-ID"]), ", ".join(out.to), out.subject,
                    ", ".join(f.name for f in out.files)))
            try:
                sender.send(out.message)
            except SendError as exc:
                report.failed.append({"unit": out.unit.code, "to": ", ".join(out.to),
                                      "detail": str(exc)})
                continue
            with store.transaction():
                store.mark_sent(sent_id)
            report.sent.append({"unit": out.unit.code, "to": out.to,
                                "files": [f.name for f in out.files],
                                "message_id": str(out.message["Message-ID"])})
