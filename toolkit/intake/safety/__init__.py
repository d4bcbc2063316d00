"""Inspect a received file before any parser touches it.

A received workbook is hostile until read. :func:`inspect_bytes` looks at the raw bytes only —
magic numbers, the zip directory, and each part decompressed as a capped stream — and reports
what it found as :class:`Finding` objects carrying codes from :mod:`toolkit.common.issues`:

* empty or oversized files, files that are not workbooks (sniffed by content, never by name);
* password-protected files (OOXML in an OLE container, .xls with FILEPASS, encrypted zip entries);
* zip bombs: too many entries, too much declared data, extreme ratios, and parts that inflate to
  more than they declare (the real stream is counted, declared sizes are not trusted);
* damaged zips (bad directory, bad CRC, cut-off streams);
* XML parts declaring a DOCTYPE/ENTITY (billion laughs, external entities);
* macros (.xlsm, Excel 4 macro sheets), external links, the 1904 date system, hidden sheets;
* the true extent of each worksheet, computed from the cells in its XML (``<dimension>`` can
  lie): python-calamine allocates a dense grid up to the farthest cell, so one value in
  XFD1048576 would ask for tens of GB. Sheets beyond the limits make the file unreadable.

``readable`` is False as soon as an ERROR finding is present: no parser may open the file then.
Nothing here executes, follows a link or expands an entity.

Zip parts byte-identical to a part already inspected in this process (same compressed bytes, same
Zip parts byte-identical to a part already inspected in this process (same compressed bytes, same
header facts) are not inflated and checked again: :class:`~toolkit.intake.safety.part_cache.
_PartCache` remembers their outcome. ``inspect_bytes(..., keep_parts=True)`` keeps the inflated
parts of a workbook so that :meth:`Inspection.stored_zip` can hand the reader the same workbook
without compression.

The parts, in the order a file meets them:

* :mod:`~toolkit.intake.safety.findings`: Limits, Finding, Inspection, the report of findings;
* :mod:`~toolkit.intake.safety.sniff`: files that are not zip workbooks, and OLE (.xls) files;
* :mod:`~toolkit.intake.safety.container`: the zip container, its directory
  (:mod:`~toolkit.intake.safety.directory`) and its document parts
  (:mod:`~toolkit.intake.safety.workbook_parts`);
* :mod:`~toolkit.intake.safety.reading`: every part inflated as a capped stream, DTDs refused
  (:mod:`~toolkit.intake.safety.entities`), byte-identical parts remembered
  (:mod:`~toolkit.intake.safety.part_cache`);
* :mod:`~toolkit.intake.safety.sheet_scan` and its kinds (``sheet_xml``, ``sheet_xlsb``,
  ``sheet_ods``): the true extent of each sheet;
* :mod:`~toolkit.intake.safety.stored`: the uncompressed copy handed to the reader.

Names with a leading underscore are private to this package: tests import them from the module
that defines them.
"""

from __future__ import annotations

from toolkit.intake.safety.container import _ZipInspector
from toolkit.intake.safety.findings import Finding, Inspection, Limits, _done, _mb, _Report
from toolkit.intake.safety.part_cache import clear_part_cache
from toolkit.intake.safety.sniff import _describe_other, _inspect_ole

__all__ = ["Limits", "Finding", "Inspection", "inspect_bytes", "clear_part_cache"]

_DEFAULT_LIMITS = Limits()
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def inspect_bytes(name: str, data: bytes, limits: Limits = _DEFAULT_LIMITS,
                  keep_parts: bool = False) -> Inspection:
    """Inspect the raw bytes of a received file. Never raises for bad input.

    ``keep_parts``: keep the inflated parts of a workbook for :meth:`Inspection.stored_zip`.
    """
    report = _Report()
    data = bytes(data) if not isinstance(data, bytes) else data
    if not data:
        report.add("FILE_EMPTY")
        return _done("", report)
    if len(data) > limits.max_file_bytes:
        report.add("FILE_TOO_LARGE", size_mb=_mb(len(data)), limit_mb=_mb(limits.max_file_bytes))
        return _done("", report)
    try:
        if data[:8] == _OLE_MAGIC:
            return _inspect_ole(data, report)
        if data[:4] in _ZIP_MAGICS:
            return _ZipInspector(data, limits, report, keep_parts).run()
        report.add("FILE_NOT_WORKBOOK", detected=_describe_other(data))
        return _done("", report)
    except (MemoryError, RecursionError):
        report.add("FILE_READ_FAILED", reason="tệp quá phức tạp để kiểm tra")
        return _done("", report)
