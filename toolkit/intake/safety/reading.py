"""Reading the parts of a zip workbook as capped streams: every part inflated chunk by chunk,
never beyond its declared size (the real stream is counted, declared sizes are not trusted),
its CRC verified, XML parts scanned for DTDs, sheet parts fed to their extent scanner.

A part byte-identical to one inspected before in this process is not read again
(:mod:`toolkit.intake.safety.part_cache`); verified parts are kept, when asked, for the stored
copy handed to the reader (:mod:`toolkit.intake.safety.stored`)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from toolkit.intake.safety.entities import _dtd_in, _DtdScan
from toolkit.intake.safety.findings import Limits, _Report, _Stop
from toolkit.intake.safety.part_cache import _PART_CACHE, _Verdict
from toolkit.intake.safety.sheet_scan import _SheetScan
from toolkit.intake.safety.stored import _UTF8_FLAG

_OUT_CHUNK = 64 * 1024
_IN_CHUNK = 64 * 1024
_SMALL_PART_CAP = 16 * 2**20           # workbook.xml, rels, content types: never larger
_KEEP_MAX_BYTES = 16 * 2**20           # parts kept for Inspection.stored_zip, per workbook
_XML_SUFFIXES = (".xml", ".rels", ".vml")


class _Damaged(Exception):
    pass


class _Inflated(Exception):
    """A part inflates to more than its declared size."""


class _Unsupported(Exception):
    pass


class _PartReader:
    """The parts of one zip workbook, read and verified; what :class:`_ZipInspector` (in
    :mod:`toolkit.intake.safety.container`) reads every part through."""

    def __init__(self, data: bytes, limits: Limits, report: _Report,
                 keep_parts: bool = False) -> None:
        self.data = data
        self.limits = limits
        self.report = report
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.checked: set[str] = set()
        self.plain = False                     # a plain archive (see _ZipInspector._directory)
        self.cached: dict[str, _Verdict] = {}  # cached verdicts of the parts read
        self.kept: dict[str, bytes] | None = {} if keep_parts else None
        self.kept_bytes = 0

    def _span(self, info: zipfile.ZipInfo) -> tuple[int, int]:
        """(start, end) of an entry's compressed bytes, from its local header."""
        data = self.data
        off = info.header_offset
        if data[off:off + 4] != b"PK\x03\x04":
            raise _Damaged
        name_len, extra_len = struct.unpack_from("<HH", data, off + 26)
        start = off + 30 + name_len + extra_len
        end = start + info.compress_size
        if end > len(data):
            raise _Damaged
        return start, end

    def _whole(self, info: zipfile.ZipInfo, span: tuple[int, int]) -> bytes | None:
        """A small entry decompressed in one call; None when it must be read by :meth:`_chunks`.

        Used only when :meth:`_chunks` would hand out the very same single chunk: the entry
        fits in one input and one output chunk and its stream ends within the declared size
        (anything else — inflation, a cut or bad stream — is left to :meth:`_chunks`, which
        reports it). The caller still checks size and CRC, after the consumers, as
        :meth:`_chunks` does. Raises what :meth:`_chunks` raises before its first chunk.
        ``span``: the entry's compressed bytes, from :meth:`_span`.
        """
        start, end = span
        declared = info.file_size
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != declared:
                raise _Damaged
            return self.data[start:end] if declared <= _OUT_CHUNK else None
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise _Unsupported
        if declared >= _OUT_CHUNK or info.compress_size > _IN_CHUNK:
            return None
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(self.data[start:end], declared + 1)
        except zlib.error:
            return None
        return out if d.eof and len(out) <= declared else None

    def _chunks(self, info: zipfile.ZipInfo, span: tuple[int, int]) -> Iterator[bytes]:
        """Decompressed chunks of one entry, never more than its declared size (+1 chunk).

        Raises _Inflated when the stream holds more than declared, _Damaged on bad data or CRC.
        """
        start, end = span
        comp = memoryview(self.data)[start:end]
        declared = info.file_size
        crc = 0
        total = 0
        if info.compress_type == zipfile.ZIP_STORED:
            if info.compress_size != declared:
                raise _Damaged
            for i in range(0, len(comp), _OUT_CHUNK):
                piece = comp[i:i + _OUT_CHUNK]
                crc = zlib.crc32(piece, crc)
                total += len(piece)
                yield piece.tobytes()
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            d = zlib.decompressobj(-15)
            pos, n = 0, len(comp)
            try:
                while not d.eof:
                    if d.unconsumed_tail:
                        inp = d.unconsumed_tail
                    elif pos < n:
                        inp = comp[pos:pos + _IN_CHUNK]
                        pos += _IN_CHUNK
                    else:
                        inp = b""
                    out = d.decompress(inp, _OUT_CHUNK)
                    if out:
                        total += len(out)
                        if total > declared:
                            raise _Inflated
                        crc = zlib.crc32(out, crc)
                        yield out
                    elif not inp:
                        break
            except zlib.error:
                raise _Damaged from None
            if not d.eof:
                raise _Damaged
        else:
            raise _Unsupported
        if total != declared or (crc & 0xFFFFFFFF) != info.CRC:
            raise _Damaged

    def _consume(self, key: str, scanner: _SheetScan | None = None, dtd: bool = True,
                 keep: int = 0) -> bytes | None | bool:
        """Read one entry fully (verifying it), feeding ``scanner`` (closed at the end);
        ``keep`` > 0 returns the bytes (at most ``keep``). Returns False after recording a
        fatal finding.

        An entry that is a byte-identical repeat of one that passed before, read the same way
        (see :class:`_PartCache`), gives the outcome remembered then: the result, and the
        scanner's findings. A verified entry is kept for :meth:`Inspection.stored_zip` when
        asked."""
        info = self.infos[key]
        self.checked.add(key)
        try:
            span = self._span(info)
            facts = digest = None
            if _PART_CACHE.takes(info, scanner):
                facts = (info.filename, info.flag_bits, info.compress_type, info.CRC,
                         info.compress_size, info.file_size, dtd, keep,
                         None if scanner is None else (type(scanner), self.limits))
                verdict, digest = _PART_CACHE.lookup(facts, self.data, span)
                if verdict is not None:
                    return self._cached(key, verdict, scanner, keep)
            if self.kept is not None and self.kept_bytes + info.file_size > _KEEP_MAX_BYTES:
                self.kept = None          # too large to hand over uncompressed
            consumer = None if scanner is None else scanner.feed
            whole = self._whole(info, span)
            if whole is not None:
                result, content = self._take_whole(info, whole, consumer, dtd, keep)
            else:
                collect = self.kept is not None or digest is not None
                result, content = self._take_chunks(info, span, consumer, dtd, keep, collect)
            if result is not False and scanner is not None:
                scanner.close()
            if content is not None:
                if digest is not None and (scanner is None or not scanner.over):
                    self.cached[key] = _PART_CACHE.store(
                        facts, digest, content, None if scanner is None else scanner.outcome())
                self._keep(key, content)
            elif result is not False:
                self.kept = None          # verified only in part (a scanner stopped early)
            return result
        except _Inflated:
            self.report.add("FILE_ZIP_BOMB", reason=f"phần {info.filename} giải nén ra nhiều "
                            "hơn dung lượng khai báo")
            return False
        except _Damaged:
            self.report.add("FILE_TRUNCATED")
            return False
        except _Unsupported:
            self.report.add("FILE_READ_FAILED", reason=f"kiểu nén {info.compress_type} không "
                            f"được hỗ trợ (phần {info.filename})")
            return False

    def _take_chunks(self, info: zipfile.ZipInfo, span: tuple[int, int],
                     consumer: Callable[[bytes], None] | None, dtd: bool, keep: int,
                     collect: bool) -> tuple[bytes | bool, bytes | None]:
        """Feed the chunks of an entry to the DTD scan, the size cap and ``consumer``.

        Returns (result as :meth:`_consume` gives it, the whole verified content when
        ``collect`` or ``keep`` and the entry was read to its end, else None)."""
        scan = _DtdScan() if dtd else None
        kept: list[bytes] = []
        size = 0
        for chunk in self._chunks(info, span):
            if scan is not None and not scan.finished and scan.feed(chunk):
                self.report.add("FILE_XML_ENTITIES", part=info.filename)
                return False, None
            if keep:
                size += len(chunk)
                if size > keep:
                    self._too_big(info)
                    return False, None
            if keep or collect:
                kept.append(chunk)
            if consumer is not None:
                try:
                    consumer(chunk)
                except _Stop:
                    return True, None  # the consumer has seen enough (the sheet is over a limit)
        content = b"".join(kept) if keep or collect else None
        return (content if keep else True), content

    def _take_whole(self, info: zipfile.ZipInfo, part: bytes,
                    consumer: Callable[[bytes], None] | None, dtd: bool,
                    keep: int) -> tuple[bytes | bool, bytes | None]:
        """:meth:`_take_chunks` for an entry read by :meth:`_whole`: one chunk, then the
        size and CRC check that ends :meth:`_chunks`. The content is always given back."""
        if part:
            if dtd and _dtd_in(part):
                self.report.add("FILE_XML_ENTITIES", part=info.filename)
                return False, None
            if keep and len(part) > keep:
                self._too_big(info)
                return False, None
            if consumer is not None:
                try:
                    consumer(part)
                except _Stop:
                    return True, None
        if len(part) != info.file_size or zlib.crc32(part) != info.CRC:
            raise _Damaged
        return (part if keep else True), part

    def _cached(self, key: str, verdict: _Verdict, scanner: _SheetScan | None,
                keep: int) -> bytes | bool:
        """What :meth:`_consume` gives for an entry that ``verdict`` remembers."""
        self.cached[key] = verdict
        if scanner is not None:
            scanner.restore(verdict.scan)
        self._keep(key, verdict.content)
        return verdict.content if keep else True

    def _keep(self, key: str, content: bytes) -> None:
        """Keep a verified part for :meth:`Inspection.stored_zip`, while they stay small."""
        if self.kept is not None:
            self.kept_bytes += len(content)
            if self.kept_bytes > _KEEP_MAX_BYTES:
                self.kept = None
            else:
                self.kept[key] = content

    def _kept_parts(self) -> tuple[tuple[str, int, int, bytes], ...] | None:
        """What :meth:`Inspection.stored_zip` needs: every entry of a plain archive, verified
        whole, in directory order. None when parts were not kept (or not all of them)."""
        kept = self.kept
        if kept is None or not self.plain or len(kept) != len(self.infos):
            return None
        return tuple((info.filename, info.flag_bits & _UTF8_FLAG, info.CRC, kept[key])
                     for key, info in self.infos.items())

    def _derived(self, key: str, fn: Callable[[bytes], Any], part: bytes) -> Any:
        """``fn(part)`` for ``part``, the content of entry ``key``: remembered with the cached
        verdict of the entry, if any. ``fn`` must be a pure function of the bytes, and its
        result is shared: callers never change it."""
        verdict = self.cached.get(key)
        if verdict is None or verdict.content is not part:
            return fn(part)
        try:
            return verdict.derived[fn]
        except KeyError:
            value = verdict.derived[fn] = fn(part)
            return value

    def _too_big(self, info: zipfile.ZipInfo) -> None:
        self.report.add("FILE_READ_FAILED", reason=f"phần {info.filename} lớn bất thường")

    def _small(self, key: str, cap: int = _SMALL_PART_CAP) -> bytes | None:
        """A small metadata part, verified and DTD-checked; None after a fatal finding."""
        dtd = key != "mimetype"
        result = self._consume(key, dtd=dtd, keep=cap)
        if result is False:
            return None
        return result if isinstance(result, bytes) else b""

    def _verify_rest(self, sheet_parts: dict[str, _SheetScan]) -> bool:
        """Verify every remaining entry; DTD-scan XML parts; scan worksheet extents."""
        for key in self.infos:
            if key in self.checked:
                continue
            scanner = sheet_parts.get(key)
            is_xml = key.endswith(_XML_SUFFIXES) or (scanner is not None and scanner.xml)
            if self._consume(key, scanner, is_xml) is False:
                return False
        return True
