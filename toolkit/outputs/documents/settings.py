"""What a Word document's header, date line and signature say (:class:`DocSettings`), read from
the workspace's config by :func:`settings_from_config`, and how a value prints in a table cell.

Config keys (``lamtheobac.toml``): ``[organisation]`` superior, issuing_body, place,
header_style, report_symbol, signer_titles, signer_name, recipients, margins_mm (top, bottom,
left, right); ``[documents]`` party_cell (the cell's name as written in a sentence),
state_superior, state_issuing_body, state_signer_titles, state_signer_name (the agency's state
bodies and signer, for the civil servant's self-review of a workspace whose own documents are
party documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from toolkit.common.dates import document_date
from toolkit.common.numbers import vn_int, vn_number

if TYPE_CHECKING:
    from toolkit.config.workspace import Config

HeaderKind = Literal["party", "state"]
A4_WIDTH_MM, A4_HEIGHT_MM = 210, 297
DEFAULT_MARGINS_MM = (25.0, 25.0, 35.0, 15.0)       # top, bottom, left, right (HD 36-HD/VPTW)


@dataclass(frozen=True)
class DocSettings:
    """What the header, the date line and the signature of a document say.

    ``number`` is the number only ("12"; "" leaves room to write it by hand) and ``symbol`` the
    symbol ("BC/CB" party, "BC-BQL" state): the line reads "Số 12-BC/CB" (party) or
    "Số: 12/BC-BQL" (state). ``state_superior`` / ``state_issuing_body`` are the agency's bodies
    for papers that follow the state form (a civil servant's self-review) when the workspace's
    own documents are party documents; empty means the same as ``superior`` / ``issuing_body``.
    """

    superior: str
    issuing_body: str
    place: str
    date: dt.date
    number: str = ""
    symbol: str = "BC/CB"
    header_kind: HeaderKind = "party"
    margin_top_mm: float = 25
    margin_bottom_mm: float = 25
    margin_left_mm: float = 35
    margin_right_mm: float = 15
    signer_lines: tuple[str, ...] = ("T/M CHI BỘ", "BÍ THƯ")
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    state_superior: str = ""
    state_issuing_body: str = ""
    state_signer_lines: tuple[str, ...] = ()
    state_signer_name: str = ""
    party_cell: str = ""        # the cell's name as a sentence ("Chi bộ Ban Quản lý các KCN")
    title: str = ""             # written to the document properties only

    def __post_init__(self) -> None:
        if self.header_kind not in ("party", "state"):
            raise ValueError(f"header_kind must be 'party' or 'state', not {self.header_kind!r}")
        # lists are accepted for convenience and frozen into tuples
        object.__setattr__(self, "signer_lines", tuple(self.signer_lines))
        object.__setattr__(self, "recipients", tuple(self.recipients))
        object.__setattr__(self, "state_signer_lines", tuple(self.state_signer_lines))

    @property
    def text_width_mm(self) -> float:
        return A4_WIDTH_MM - self.margin_left_mm - self.margin_right_mm

    def number_line(self) -> str:
        """'Số 12-BC/CB' (party, no colon) or 'Số: 12/BC-BQL' (state)."""
        number = self.number or "      "
        if self.header_kind == "state":
            return f"Số: {number}/{self.symbol}"
        return f"Số {number}-{self.symbol}"

    def date_line(self) -> str:
        return document_date(self.place, self.date)

    def as_state(self) -> DocSettings:
        """The same settings with the state header and the agency's bodies."""
        if self.header_kind == "state":
            return self
        return replace(self, header_kind="state",
                       superior=self.state_superior or self.superior,
                       issuing_body=self.state_issuing_body or self.issuing_body,
                       signer_lines=self.state_signer_lines or self.signer_lines,
                       signer_name=self.state_signer_name if self.state_signer_lines
                       else self.signer_name)


def margins_mm(config: Config) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) in mm from ``[organisation] margins_mm``."""
    raw = config.raw.get("organisation", {}).get("margins_mm", DEFAULT_MARGINS_MM)
    try:
        top, bottom, left, right = (float(m) for m in raw)
    except (TypeError, ValueError):
        return DEFAULT_MARGINS_MM
    return top, bottom, left, right


def settings_from_config(config: Config, on: dt.date, *, number: str | None = None,
                         symbol: str | None = None) -> DocSettings:
    """The document settings of the workspace, dated ``on``."""
    docs: dict[str, Any] = config.raw.get("documents", {}) or {}
    top, bottom, left, right = margins_mm(config)
    return DocSettings(
        superior=config.superior, issuing_body=config.issuing_body, place=config.place,
        date=on, number=str(number or ""), symbol=symbol or config.report_symbol,
        header_kind="state" if config.header_style == "state" else "party",
        margin_top_mm=top, margin_bottom_mm=bottom, margin_left_mm=left, margin_right_mm=right,
        signer_lines=tuple(config.signer_titles) or ("T/M CHI BỘ", "BÍ THƯ"),
        signer_name=config.signer_name, recipients=tuple(config.recipients),
        state_superior=str(docs.get("state_superior", "")),
        state_issuing_body=str(docs.get("state_issuing_body", "")),
        state_signer_lines=tuple(str(x) for x in docs.get("state_signer_titles", ())),
        state_signer_name=str(docs.get("state_signer_name", "")),
        party_cell=str(docs.get("party_cell") or (config.issuing_body if not
                                                  config.issuing_body.isupper() else
                                                  config.org_short)))


def cell_text(value: Any) -> str:
    """A value as it prints in a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return vn_int(value)
    if isinstance(value, float):
        return vn_number(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
