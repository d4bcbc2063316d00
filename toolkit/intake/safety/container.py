"""The zip container: what kind of document it is (OOXML workbook, .xlsb, ODS, or another
document), its directory checked for zip bombs and damage, then the workbook's parts read in
order: content types (macros), workbook and relationships (sheets, hidden sheets, external
links, the 1904 date system) and every other part, sheets scanned for their true extent."""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile

from toolkit.intake.safety.directory import _find_eocd, _plain_directory, _plain_end
from toolkit.intake.safety.findings import (
    DETECTED_ODS,
    DETECTED_XLSB,
    Inspection,
    _done,
    _mb,
)
from toolkit.intake.safety.reading import _PartReader
from toolkit.intake.safety.sheet_ods import _OdsScan
from toolkit.intake.safety.sheet_scan import _SheetScan
from toolkit.intake.safety.sheet_xlsb import _XlsbSheetScan
from toolkit.intake.safety.sheet_xml import _XmlSheetScan
from toolkit.intake.safety.workbook_parts import (
    _macro_enabled,
    _norm,
    _parse_workbook,
    _parse_xlsb_workbook,
    _plain_targets,
    _relationships,
    _resolve,
)

_RATIO_FLOOR = 2**20                   # ratios are judged only for entries above 1 MB
_EXTERNAL_LINK_PART = re.compile(r"xl/externallinks/externallink\d+\.(?:xml|bin)")
_SHEET_REL = ("/worksheet",)


class _ZipInspector(_PartReader):
    """One zip container inspected: :meth:`run` gives its :class:`Inspection`."""

    # -------------------------------------------------------------- structure
    def run(self) -> Inspection:
        if not self._directory():
            return _done("", self.report)
        names = self.infos
        if "mimetype" in names:
            mimetype = self._small("mimetype", 256)
            if mimetype is None:
                return _done("", self.report)
            mimetype = mimetype.strip()
            if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                return self._ods()
            if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                self.report.add("FILE_NOT_WORKBOOK", detected="tài liệu OpenDocument khác "
                                "(không phải bảng tính)")
                return _done("", self.report)
        if "word/document.xml" in names:
            self.report.add("FILE_NOT_WORKBOOK", detected="tài liệu Word")
            return _done("", self.report)
        if "ppt/presentation.xml" in names:
            self.report.add("FILE_NOT_WORKBOOK", detected="bản trình chiếu PowerPoint")
            return _done("", self.report)
        workbook = self._office_document()
        if self.report.fatal:
            return _done("", self.report)
        if workbook is None:
            if "[content_types].xml" in names:
                detected = "tài liệu Office khác (không phải sổ Excel)"
            else:
                detected = "tệp nén (.zip)"
            self.report.add("FILE_NOT_WORKBOOK", detected=detected)
            return _done("", self.report)
        if "[content_types].xml" not in names:
            self.report.add("FILE_READ_FAILED", reason="thiếu phần [Content_Types].xml")
            return _done("", self.report)
        if workbook.endswith(".bin"):
            return self._ooxml(workbook, binary=True)
        return self._ooxml(workbook, binary=False)

    def _directory(self) -> bool:
        """Central-directory checks: truncation, entry count, sizes, ratios, duplicates."""
        data, limits, report = self.data, self.limits, self.report
        eocd = _find_eocd(data)
        if eocd is None:
            report.add("FILE_TRUNCATED")
            return False
        entries, cd_size = eocd
        if entries > limits.max_entries:
            report.add("FILE_ZIP_BOMB", reason=f"có {entries} phần nén (giới hạn "
                       f"{limits.max_entries})")
            return False
        if cd_size > max(limits.max_entries, 1) * 1024:
            report.add("FILE_ZIP_BOMB", reason=f"mục lục nén quá lớn ({_mb(cd_size)} MB)")
            return False
        try:
            infos = _plain_directory(data)
            self.plain = infos is not None and _plain_end(data, len(infos))
            if infos is None:
                infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
                struct.error, NotImplementedError, OverflowError, UnicodeDecodeError, KeyError):
            report.add("FILE_TRUNCATED")
            return False
        if len(infos) > limits.max_entries:
            report.add("FILE_ZIP_BOMB", reason=f"có {len(infos)} phần nén (giới hạn "
                       f"{limits.max_entries})")
            return False
        total = 0
        for info in infos:
            if info.header_offset + 30 + info.compress_size > len(data):
                report.add("FILE_TRUNCATED")
                return False
            total += info.file_size
        for info in infos:
            if info.flag_bits & 0x1:
                report.add("FILE_ENCRYPTED")
                return False
        if total > limits.max_uncompressed_bytes:
            report.add("FILE_ZIP_BOMB", reason=f"tổng dung lượng giải nén {_mb(total)} MB "
                       f"(giới hạn {_mb(limits.max_uncompressed_bytes)} MB)")
            return False
        for info in infos:
            if info.file_size > _RATIO_FLOOR:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_ratio:
                    report.add("FILE_ZIP_BOMB", reason=f"tỉ lệ nén {ratio:.0f}:1 ở phần "
                               f"{info.filename}")
                    return False
        for info in infos:
            if not info.filename:       # empty, or cut at a NUL byte: a damaged directory
                report.add("FILE_TRUNCATED")
                return False
            key = _norm(info.filename)
            if key in self.infos and not info.is_dir():
                report.add("FILE_ZIP_BOMB", reason=f"hai phần trùng tên {info.filename}")
                return False
            if not info.is_dir():
                self.infos[key] = info
        self.plain = self.plain and len(self.infos) == len(infos)     # no directory entries
        return True

    def _office_document(self) -> str | None:
        """Path (lower-case) of the workbook part, from _rels/.rels, else the usual place."""
        usual = next((c for c in ("xl/workbook.xml", "xl/workbook.bin") if c in self.infos), None)
        rels = self._small("_rels/.rels") if "_rels/.rels" in self.infos else None
        if rels and not self._only_leads_to(rels, usual):
            for rel in self._derived("_rels/.rels", _relationships, rels):
                if rel[1].endswith("/officedocument") and rel[3] != "external":
                    target = _resolve("", rel[2])
                    if self._may_be_workbook(target):
                        return target
        return usual

    def _may_be_workbook(self, target: str) -> bool:
        return target in self.infos and target.endswith((".xml", ".bin")) and \
            self._is_workbook_name(target)

    def _only_leads_to(self, rels: bytes, usual: str | None) -> bool:
        """True when reading ``rels`` (the part _rels/.rels) cannot give a workbook other than
        ``usual``: none of its plain targets (see :func:`_plain_targets`) is another part that
        may be a workbook."""
        targets = self._derived("_rels/.rels", _plain_targets, rels)
        if targets is None:
            return False
        return not any(target != usual and self._may_be_workbook(target) for target in targets)

    @staticmethod
    def _is_workbook_name(target: str) -> bool:
        return not target.startswith(("word/", "ppt/"))

    # -------------------------------------------------------------- OOXML
    def _ooxml(self, workbook: str, binary: bool) -> Inspection:
        report = self.report
        content_types = self._small("[content_types].xml")
        if content_types is None:
            return _done("", report)
        macros = self._derived("[content_types].xml", _macro_enabled, content_types) or any(
            key.endswith("vbaproject.bin") and key.rsplit("/", 1)[-1] == "vbaproject.bin"
            or key.startswith("xl/macrosheets/") for key in self.infos)
        kind = "xlsb" if binary else ("xlsm" if macros else "xlsx")
        if binary:
            report.add("FILE_LEGACY_FORMAT", detected=DETECTED_XLSB)
        if macros:
            report.add("FILE_MACROS")
        wb_bytes = self._small(workbook)
        if wb_bytes is None:
            return _done(kind, report)
        base = posixpath.dirname(workbook)
        rels_key = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
        rels: list[tuple[str, str, str, str]] = []
        if rels_key in self.infos:
            rels_bytes = self._small(rels_key)
            if rels_bytes is None:
                return _done(kind, report)
            rels = self._derived(rels_key, _relationships, rels_bytes)
        try:
            book = self._derived(workbook, _parse_xlsb_workbook if binary else _parse_workbook,
                                 wb_bytes)
        except ValueError:
            report.add("FILE_READ_FAILED", reason=f"phần {self.infos[workbook].filename} bị hỏng")
            return _done(kind, report)
        date1904, sheets, ext_refs = book
        by_id = {rid: (rtype, _resolve(base, target), mode) for rid, rtype, target, mode in rels}
        external_parts = sum(1 for key in self.infos if key.startswith("xl/externallinks/")
                             and _EXTERNAL_LINK_PART.fullmatch(key))
        external = max(ext_refs, external_parts)
        if external:
            report.add("FILE_EXTERNAL_LINKS", count=external)
        if date1904:
            report.add("FILE_DATE_1904")
        hidden: list[str] = []
        sheet_parts: dict[str, _SheetScan] = {}
        names_by_part: dict[str, list[str]] = {}
        for sheet_name, state, rid in sheets:
            if state in ("hidden", "veryhidden"):
                hidden.append(sheet_name)
            rel = by_id.get(rid)
            if rel is None:
                continue
            rtype, target, mode = rel
            if mode == "external" or not rtype.endswith(_SHEET_REL) or target not in self.infos:
                continue
            names_by_part.setdefault(target, []).append(sheet_name)
            if target not in sheet_parts:
                sheet_parts[target] = (_XlsbSheetScan if binary or target.endswith(".bin")
                                       else _XmlSheetScan)(self.limits)
        ok = self._verify_rest(sheet_parts)
        extents: dict[str, tuple[int, int]] = {}
        if ok:
            for target, scanner in sheet_parts.items():
                for sheet_name in names_by_part[target]:
                    extents[sheet_name] = (scanner.max_row, scanner.max_col)
                    if scanner.over:
                        rows, cols = scanner.reported
                        report.add("FILE_SHEET_TOO_LARGE", sheet=sheet_name, rows=rows,
                                   cols=cols, limit_rows=self.limits.max_rows)
                    elif getattr(scanner, "no_value", 0):
                        cell, formula = scanner.no_value_first
                        report.add("FILE_FORMULA_NO_VALUE", sheet=sheet_name, cell=cell,
                                   ref=cell or "?", formula=formula or "=…",
                                   count=scanner.no_value)
        kept = None if binary or report.fatal else self._kept_parts()
        return _done(kind, report, date1904=date1904, sheet_extents=extents,
                     hidden_sheets=tuple(hidden), external_links=external, kept_parts=kept)

    # -------------------------------------------------------------- ODS
    def _ods(self) -> Inspection:
        report = self.report
        manifest_key = "meta-inf/manifest.xml"
        if manifest_key in self.infos:
            manifest = self._small(manifest_key)
            if manifest is None:
                return _done("", report)
            if b"encryption-data" in manifest:
                report.add("FILE_ENCRYPTED")
                return _done("", report)
        report.add("FILE_LEGACY_FORMAT", detected=DETECTED_ODS)
        if any(key.startswith(("basic/", "scripts/")) and key.rsplit("/", 1)[-1] not in (
                "script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml")
               for key in self.infos):
            report.add("FILE_MACROS")
        if "content.xml" not in self.infos:
            report.add("FILE_READ_FAILED", reason="thiếu phần content.xml")
            return _done("ods", report)
        scanner = _OdsScan(self.limits)
        ok = self._verify_rest({"content.xml": scanner})
        extents: dict[str, tuple[int, int]] = {}
        if ok:
            for sheet_name, (rows, cols) in scanner.extents.items():
                extents[sheet_name] = (rows, cols)
            if scanner.over_sheet is not None:
                rows, cols = scanner.extents.get(scanner.over_sheet, (0, 0))
                report.add("FILE_SHEET_TOO_LARGE", sheet=scanner.over_sheet, rows=rows, cols=cols,
                           limit_rows=self.limits.max_rows)
            if scanner.failed:
                report.add("FILE_READ_FAILED", reason="phần content.xml bị hỏng")
        return _done("ods", report, sheet_extents=extents, hidden_sheets=tuple(scanner.hidden))
