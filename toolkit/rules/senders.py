"""Who may send a unit's submission: the sender policy (``[senders]`` in the config).

Strict (the default): a mailed submission takes its place in a unit's history only when the mail
comes from an address the roster gives that unit (its e-mail column, one address or several) or
from one of the office's own addresses (``[senders] secretary``); from anywhere else it is held,
with the reason, until the secretary accepts it (``lamtheobac accept``). A workbook the secretary
drops into inbox/ is the secretary's. ``roster`` also allows the addresses of the unit's people;
``open`` takes every mail and only warns when it comes from another unit's address. A form that
belongs to no unit (the rating sheet leadership decides on) comes from the office alone.
"""

from __future__ import annotations

from toolkit.common.issues import Issue, IssueCode
from toolkit.forms.spec import Form
from toolkit.rules.context import Context

HELD_CODES = (IssueCode.MAIL_SENDER_HELD_OTHER_UNIT, IssueCode.MAIL_SENDER_HELD_UNKNOWN)


def sender_issue(form: Form, unit: str, ctx: Context, file: str) -> Issue | None:
    """The issue a submission's sender raises under the policy (None: the sender may send it).
    A held code (:data:`HELD_CODES`) means the submission waits for the secretary."""
    sender = ctx.sender.strip().lower()
    cfg, roster = ctx.config, ctx.roster
    if not sender or sender in cfg.secretary_emails:
        return None
    policy = cfg.sender_policy
    unit_name = roster.units[unit].name if unit in roster.units else (unit or form.name)
    sender_unit = roster.unit_of_email(sender)
    sender_name = roster.units[sender_unit].name if sender_unit in roster.units else ""
    if policy == "open":
        if form.per_unit and sender_unit and sender_unit != unit:
            return Issue.make(IssueCode.MAIL_SENDER_MISMATCH, file=file, unit=unit,
                              sender=ctx.sender, sender_unit=sender_name or sender_unit,
                              unit_name=unit_name)
        return None
    allowed = roster.addresses_of(unit, people=policy == "roster") if form.per_unit else set()
    if sender in allowed:
        return None
    if sender_unit and sender_unit != unit:
        return Issue.make(IssueCode.MAIL_SENDER_HELD_OTHER_UNIT, file=file, unit=unit,
                          value=ctx.sender, sender=ctx.sender,
                          sender_unit=sender_name or sender_unit, unit_name=unit_name,
                          accept=ctx.file_code)
    return Issue.make(IssueCode.MAIL_SENDER_HELD_UNKNOWN, file=file, unit=unit, value=ctx.sender,
                      sender=ctx.sender, unit_name=unit_name, accept=ctx.file_code)
