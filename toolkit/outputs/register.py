"""The incoming register (sổ theo dõi văn bản/tệp đến): one line per received mail and per file
inside it (or dropped alone into the inbox), in arrival order, with what became of it.

Like the register of incoming documents an office keeps (NĐ 30/2020): arrival number, when it
was received (and from what that time was told), from whom, the subject, the file name as it
came, the unit, form and period it turned out to be, the outcome — stored and current, superseded
(by which arrival), a duplicate (of which), rejected (with its issue codes), skipped (and why),
held awaiting the secretary's acceptance — and the name it is kept under in ``archive/``.
``lamtheobac status --files`` prints it (``--format json`` gives :meth:`Register.as_dict`); the
dashboard has it as a sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from toolkit.common.i18n import current_language
from toolkit.config.workspace import Workspace

# what became of a line (the JSON's "outcome")
RECEIVED, CURRENT, SUPERSEDED, DUPLICATE, REJECTED, SKIPPED, HELD = (
    "received", "current", "superseded", "duplicate", "rejected", "skipped", "held")

DATE_SOURCE_LABEL = {
    "vi": {"mail-date": "ngày trong thư, khớp giờ máy chủ nhận",
           "mail-date-unchecked": "ngày trong thư (không có giờ máy chủ để đối chiếu)",
           "server": "giờ máy chủ nhận thư",
           "file-time": "giờ sửa tệp",
           "given": "ngày nhập khi đọc (--received)",
           "": "không rõ"},
    "en": {"mail-date": "the mail's Date, matching the server's receipt time",
           "mail-date-unchecked": "the mail's Date (no server time to check it)",
           "server": "the server's receipt time",
           "file-time": "the file's modification time",
           "given": "the date given (--received)",
           "": "unknown"},
}

# short reasons for lines not taken (the full messages are in `status` and the feedback files)
REASON_LABEL = {
    "vi": {"FILE_SKIPPED_OTHER": "không phải tệp Excel",
           "FILE_SKIPPED_LOCK": "tệp khoá tạm của Excel",
           "MAIL_NO_WORKBOOK": "thư không kèm tệp Excel",
           "MAIL_BOUNCE": "thư báo gửi không thành công",
           "MAIL_UNREADABLE": "không đọc được thư",
           "MAIL_DUPLICATE": "thư đã nhận trước đó",
           "MAIL_DATE_SUSPECT": "ngày trong thư lệch giờ máy chủ",
           "FILE_TOO_LARGE": "tệp quá lớn",
           "FILE_READ_FAILED": "không đọc được tệp"},
    "en": {"FILE_SKIPPED_OTHER": "not a workbook",
           "FILE_SKIPPED_LOCK": "an Excel lock file",
           "MAIL_NO_WORKBOOK": "no workbook attached",
           "MAIL_BOUNCE": "a delivery failure report",
           "MAIL_UNREADABLE": "the mail could not be read",
           "MAIL_DUPLICATE": "the same mail again",
           "MAIL_DATE_SUSPECT": "the mail's Date is far from the server's time",
           "FILE_TOO_LARGE": "too large",
           "FILE_READ_FAILED": "could not be read"},
}


@dataclass
class RegisterLine:
    no: int
    parent: int | None
    kind: str                       # "mail" or "file"
    received_at: str                # dd/mm/yyyy hh:mm
    date_source: str
    date_source_text: str
    claimed_at: str                 # the mail's Date, when set aside as too far off
    sender: str
    sender_name: str
    subject: str
    name: str                       # as it came
    unit: str
    unit_name: str
    form: str
    form_name: str
    period: str
    outcome: str
    outcome_text: str
    codes: list[str]
    superseded_by: int | None = None
    duplicate_of: int | None = None
    picked: bool = False
    reply_to: dict[str, Any] | None = None
    archived: str = ""
    origin: str = ""


@dataclass
class Register:
    lines: list[RegisterLine] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        out = {k: 0 for k in (RECEIVED, CURRENT, SUPERSEDED, DUPLICATE, REJECTED, SKIPPED, HELD)}
        for line in self.lines:
            out[line.outcome] = out.get(line.outcome, 0) + 1
        out["mails"] = sum(1 for line in self.lines if line.kind == "mail")
        out["files"] = sum(1 for line in self.lines if line.kind == "file")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"totals": self.totals(), "lines": [asdict(line) for line in self.lines]}


def _when(text: str | None) -> str:
    if not text:
        return ""
    at = dt.datetime.fromisoformat(text)
    return f"{at:%d/%m/%Y %H:%M}"


def compute_register(ws: Workspace, lang: str | None = None) -> Register:
    """The register as the store holds it, each line with its outcome worked out."""
    from toolkit.forms import get_form
    lang = lang or current_language()
    en = lang == "en"
    roster = ws.roster()
    with ws.store() as store:
        rows = store.register()
    out = Register()
    for r in rows:
        outcome, text = _outcome(r, lang)
        try:
            form_name = get_form(r["form"]).name if r["form"] else ""
        except KeyError:
            form_name = r["form"]
        unit = roster.units.get(r["unit"])
        reply = None
        if r["reply_to"] is not None:
            reply = {"kind": r["reply_kind"], "form": r["reply_form"],
                     "period": r["reply_period"], "sent_at": _when(r["reply_sent_at"]),
                     "subject": r["reply_subject"]}
        codes = [c for c in r["codes"].split(",") if c]
        out.lines.append(RegisterLine(
            no=r["no"], parent=r["parent"], kind=r["kind"], received_at=_when(r["received_at"]),
            date_source=r["date_source"],
            date_source_text=DATE_SOURCE_LABEL["en" if en else "vi"].get(r["date_source"], ""),
            claimed_at=_when(r["claimed_at"]), sender=r["sender"],
            sender_name=r["sender_name"], subject=r["subject"], name=r["name"],
            unit=r["unit"], unit_name=unit.name if unit else "", form=r["form"],
            form_name=form_name, period=r["period"], outcome=outcome, outcome_text=text,
            codes=codes,
            superseded_by=r["current_no"] if outcome == SUPERSEDED else None,
            duplicate_of=r["first_no"] if outcome == DUPLICATE else None,
            picked=bool(r["picked"] and r["picked"] == r["sid"]), reply_to=reply,
            archived=r["archived"], origin=r["origin"]))
    return out


def _outcome(r: dict[str, Any], lang: str) -> tuple[str, str]:
    """(outcome, its text) of a register row."""
    en = lang == "en"
    reasons = REASON_LABEL["en" if en else "vi"]
    codes = [c for c in r["codes"].split(",") if c]
    why = "; ".join(reasons.get(c, c) for c in codes)
    stored = r["outcome"]
    if stored == "stored" and r.get("held"):    # stored, but waiting for the secretary
        stored = "held"
    if stored == "stored":
        if r["current"]:
            picked = r["picked"] is not None and r["picked"] == r["sid"]
            if en:
                return CURRENT, "stored, the one used" + (" (picked)" if picked else "")
            return CURRENT, "đã lưu, bản đang dùng" + (" (văn phòng chọn)" if picked else "")
        if r["current_no"] is None:       # another submission is current but not registered
            return SUPERSEDED, "superseded" if en else "đã có bản khác thay"
        return SUPERSEDED, (f"superseded by no. {r['current_no']} ({r['current_name']})" if en
                            else f"đã thay bằng số đến {r['current_no']} ({r['current_name']})")
    if stored == "held":
        return HELD, ("held: the sender is not allowed for this unit; awaiting acceptance" if en
                      else "chờ xác nhận: người gửi không thuộc đơn vị (lamtheobac accept)")
    if stored == "duplicate":
        first = r["first_no"]
        if r["kind"] == "mail":
            return DUPLICATE, (f"the same mail as no. {first}" if en
                               else f"trùng thư số đến {first}") if first else (
                "the same mail again" if en else "thư đã nhận trước đó")
        return DUPLICATE, (f"same file as no. {first} ({r['first_name']})" if en
                           else f"trùng tệp số đến {first} ({r['first_name']})") if first else (
            "received before" if en else "đã nhận trước đó")
    if stored == "rejected":
        return REJECTED, (f"rejected: {', '.join(codes)}" if en
                          else f"bị từ chối: {', '.join(codes)}")
    if stored == "skipped":
        return SKIPPED, (f"skipped: {why}" if en else f"bỏ qua: {why}")
    if stored == "received":
        note = f" ({why})" if why else ""
        return RECEIVED, ("received" + note) if en else ("đã nhận" + note)
    return stored, stored


def render_register(reg: Register, lang: str = "vi") -> str:
    """The register as a text table (mails, then their files indented under them)."""
    en = lang == "en"
    head = (("No.", "Received", "From", "Subject / file", "Unit", "Form", "Period", "Outcome")
            if en else ("Số", "Nhận lúc", "Người gửi", "Tiêu đề / tệp", "Đơn vị", "Biểu mẫu",
                        "Kỳ", "Kết quả"))
    rows = [head]
    for line in reg.lines:
        what = (line.subject or line.name) if line.kind == "mail" else \
            ("  └ " if line.parent else "") + line.name
        when = line.received_at + (" *" if line.date_source in ("file-time", "given", "")
                                   or line.claimed_at else "")
        outcome = line.outcome_text
        if line.reply_to:
            r = line.reply_to
            outcome += (f" (answers the {r['form']} {r['period']} mail of {r['sent_at']})" if en
                        else f" (trả lời thư {r['form']} {r['period']} gửi {r['sent_at']})")
        rows.append((str(line.no), when, line.sender if line.kind == "mail" or not line.parent
                     else "", what[:48], line.unit, line.form, line.period, outcome[:90]))
    widths = [max(len(r[c]) for r in rows) for c in range(len(head))]
    title = ("Incoming register (mails and files received)" if en
             else "Sổ theo dõi thư và tệp đến")
    out = [title, ""]
    for i, r in enumerate(rows):
        out.append("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    tot = reg.totals()
    if en:
        out.append(f"\n{tot['mails']} mails, {tot['files']} files: {tot[CURRENT]} in use, "
                   f"{tot[SUPERSEDED]} superseded, {tot[DUPLICATE]} duplicates, {tot[REJECTED]} "
                   f"rejected, {tot[SKIPPED]} skipped, {tot[HELD]} held. * receipt time from the "
                   "file's time, a date given, or a mail Date set aside (see --format json).")
    else:
        out.append(f"\n{tot['mails']} thư, {tot['files']} tệp: {tot[CURRENT]} đang dùng, "
                   f"{tot[SUPERSEDED]} đã có bản thay, {tot[DUPLICATE]} trùng, {tot[REJECTED]} "
                   f"bị từ chối, {tot[SKIPPED]} bỏ qua, {tot[HELD]} chờ xác nhận. * ngày nhận "
                   "lấy theo giờ sửa tệp, ngày nhập tay, hoặc ngày trong thư bị lệch (xem "
                   "--format json).")
    return "\n".join(out)
