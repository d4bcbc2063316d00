"""What an inspection finds and gives back: the limits it applies, the findings it records
(codes from :mod:`toolkit.common.issues`) and the :class:`Inspection` it returns.

Names with a leading underscore are private to the :mod:`toolkit.intake.safety` package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.common.issues import CATALOGUE, ERROR
from toolkit.intake.safety.stored import _stored_zip


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 2**20
    max_uncompressed_bytes: int = 300 * 2**20
    max_ratio: float = 200.0           # per entry, uncompressed / compressed, entries > 1 MB
    max_entries: int = 2000
    max_rows: int = 100_000            # per sheet extent (rows)
    max_cols: int = 500


@dataclass(frozen=True)
class Finding:
    code: str
    args: dict
    sheet: str = ""


@dataclass(frozen=True)
class Inspection:
    kind: str                          # "xlsx", "xlsm", "xls", "ods", "xlsb", or ""
    findings: tuple[Finding, ...]
    readable: bool
    date1904: bool = False
    sheet_extents: dict[str, tuple[int, int]] = field(default_factory=dict)
    hidden_sheets: tuple[str, ...] = ()
    external_links: int = 0
    # (name, UTF-8 flag, CRC, content) of every zip entry in directory order; only when asked
    # for (inspect_bytes(keep_parts=True)) and the workbook qualifies (see stored_zip)
    kept_parts: tuple[tuple[str, int, int, bytes], ...] | None = field(
        default=None, compare=False, repr=False)

    def stored_zip(self) -> bytes | None:
        """The workbook as an uncompressed (stored) zip: every entry of the original, same
        names, same order, same content. The reader then has nothing to inflate.

        None unless ``inspect_bytes`` was called with ``keep_parts=True`` on an .xlsx/.xlsm
        that passed inspection from a plain archive (see :meth:`_PartReader._kept_parts`):
        read the original bytes then.
        """
        return None if self.kept_parts is None else _stored_zip(self.kept_parts)


# Vietnamese descriptions for FILE_NOT_WORKBOOK / FILE_LEGACY_FORMAT {detected}
DETECTED_XLS = "Excel 97-2003 (.xls)"
DETECTED_XLS95 = "Excel 5.0/95 (.xls)"
DETECTED_ODS = "OpenDocument (.ods)"
DETECTED_XLSB = "Excel nhị phân (.xlsb)"


class _Stop(Exception):
    """Raised by a consumer to end reading of the current part early."""


class _Report:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, code: str, sheet: str = "", **args) -> None:
        assert code in CATALOGUE, code
        self.findings.append(Finding(code, dict(args), sheet))

    @property
    def fatal(self) -> bool:
        return any(CATALOGUE[f.code].severity == ERROR for f in self.findings)


def _mb(n: float) -> float | int:
    value = round(n / 2**20, 1)
    return int(value) if value == int(value) else value


def _done(kind: str, report: _Report, **extra) -> Inspection:
    """Close an inspection; ``kind`` is "" whenever an ERROR finding makes the file unusable."""
    fatal = report.fatal
    return Inspection(kind="" if fatal else kind, findings=tuple(report.findings),
                      readable=not fatal, **extra)
