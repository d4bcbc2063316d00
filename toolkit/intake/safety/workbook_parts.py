"""The small parts that say what a workbook holds, read without trusting them: relationships
(.rels), the workbook part (XML or .xlsb binary: sheets, their state, the 1904 date system,
external references) and the content types (macros).

XML parts are read as defusedxml's ElementTree.fromstring reads them: same elements and
attributes (ElementTree names, "{uri}local"), same failures."""

from __future__ import annotations

import posixpath
import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element as _Element
from xml.etree.ElementTree import fromstring as _et_fromstring
from xml.parsers import expat

from toolkit.intake.safety.entities import _DECL_OPEN


def _norm(path: str) -> str:
    return path.replace("\\", "/").lstrip("/").lower()


# A relative path that unquote and normpath leave alone: no "%", "#", "\\", "//", "." or "..".
_PLAIN_PATH = re.compile(r"[\w\-][\w.\-]*(?:/[\w\-][\w.\-]*)*")


def _resolve(base_dir: str, target: str) -> str:
    """A relationship target as a lower-case zip entry name (OPC names are percent-encoded)."""
    if _PLAIN_PATH.fullmatch(target) and (not base_dir or _PLAIN_PATH.fullmatch(base_dir)):
        return (f"{base_dir}/{target}" if base_dir else target).lower()
    from urllib.parse import unquote
    target = unquote(target.split("#", 1)[0]).replace("\\", "/")
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(base_dir, target))
    return joined.lower()


_MACRO_ENABLED = re.compile(rb"macroenabled", re.I)


def _macro_enabled(content_types: bytes) -> bool:
    """True when [Content_Types].xml names a macro-enabled content type."""
    return _MACRO_ENABLED.search(content_types) is not None


class _Refused(Exception):
    """An entity declaration or reference refused as defusedxml / ElementTree refuse it."""


def _refuse(*args) -> None:
    raise _Refused


def _default_text(text: str) -> None:
    """Expat's default handler: an entity reference that reaches it is undefined."""
    if text[:1] == "&":
        raise _Refused


def _ignore(*args) -> None:
    pass


_TARGET_TEXT = re.compile(rb"Target\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ATTR_SPACES = {9: " ", 10: " ", 13: " "}


def _attribute_value(raw: bytes) -> str | None:
    """A literal UTF-8 attribute value as expat reports it (tab, newline, CR, CRLF: one space
    each); None if it is not UTF-8."""
    try:
        value = raw.decode()
    except UnicodeDecodeError:
        return None
    if "\r" in value or "\n" in value or "\t" in value:
        value = value.replace("\r\n", " ").translate(_ATTR_SPACES)
    return value


def _plain_targets(rels: bytes) -> tuple[str, ...] | None:
    """Every Target of a .rels part as a lower-case entry name, when they can be read without
    a parser: in a UTF-8 part without "&" or "<!" (no reference, no DTD) every Target attribute
    is among the Target="..." texts. None otherwise."""
    if b"&" in rels or not _without_dtd(rels):
        return None
    targets = []
    for double, single in _TARGET_TEXT.findall(rels):
        value = _attribute_value(double or single)
        if value is None:
            return None
        targets.append(_resolve("", value))
    return tuple(targets)


_XML_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([^\"']*)")


def _elements(data: bytes) -> Iterable[_Element]:
    """Every element of an XML part (tag and attributes only), in document order, as defusedxml's
    ``ElementTree.fromstring`` gives them; raises ValueError where it raises.

    A UTF-8 part without "<!" has no DTD: defusedxml's refusals cannot apply there, and the C
    ElementTree parser (the same expat) reads it the same way, only faster.
    """
    try:
        if _without_dtd(data):
            return _et_fromstring(data).iter()
        return _defused_elements(data)
    except Exception as exc:  # ParseError, expat.error, _Refused
        raise ValueError(str(exc)) from None


def _without_dtd(data: bytes) -> bool:
    """True for a UTF-8 part (no NUL, declared UTF-8 or undeclared) holding no "<!"."""
    if b"\x00" in data or _DECL_OPEN.search(data):
        return False
    head = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    if not head.startswith(b"<"):
        return False
    encoding = _XML_DECL_ENCODING.match(head)
    return encoding is None or encoding.group(1).lower() == b"utf-8"


def _defused_elements(data: bytes) -> list[_Element]:
    """:func:`_elements` through expat with defusedxml's handlers (entity declarations and
    external entities refused, undefined entities an error), element starts only."""
    elements = []

    def start(name: str, flat: list[str]) -> None:
        attrib = {("{" + k if "}" in k else k): v for k, v in zip(flat[::2], flat[1::2])}
        elements.append(_Element("{" + name if "}" in name else name, attrib))

    parser = expat.ParserCreate(None, "}")
    parser.ordered_attributes = True
    parser.buffer_text = True
    parser.DefaultHandlerExpand = _default_text
    parser.CharacterDataHandler = _ignore
    parser.StartElementHandler = start
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.Parse(data, False)
    parser.Parse(b"", True)
    return elements


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _is(tag: str, local: str) -> bool:
    """``_local(tag) == local`` (``local`` holding no "}")."""
    return tag.endswith(local) and (tag == local or tag.endswith("}" + local))


def _relationships(data: bytes) -> list[tuple[str, str, str, str]]:
    """(id, type lower-case, target, target mode lower-case) of a .rels part."""
    try:
        elements = _elements(data)
    except ValueError:
        return []
    return [(el.get("Id", ""), el.get("Type", "").lower(), el.get("Target", ""),
             el.get("TargetMode", "").lower())
            for el in elements if _is(el.tag, "Relationship")]


def _parse_workbook(data: bytes) -> tuple[bool, list[tuple[str, str, str]], int]:
    """(date1904, [(sheet name, state lower-case, relationship id)], external references)."""
    date1904 = False
    sheets: list[tuple[str, str, str]] = []
    external = 0
    for el in _elements(data):
        tag = el.tag
        if _is(tag, "sheet"):
            rid = next((v for k, v in el.attrib.items() if k.startswith("{") and
                        _local(k) == "id"), "")
            sheets.append((unicodedata.normalize("NFC", el.get("name", "")),
                           (el.get("state") or "visible").strip().lower(), rid))
        elif _is(tag, "workbookPr"):
            date1904 = (el.get("date1904") or "").strip().lower() in ("1", "true")
        elif _is(tag, "externalReference"):
            external += 1
    return date1904, sheets, external


def _biff12_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    pos, n = 0, len(data)
    while pos < n:
        rtype, pos = _varint(data, pos, 2)
        size, pos = _varint(data, pos, 4)
        if rtype is None or size is None or pos + size > n:
            return
        yield rtype, data[pos:pos + size]
        pos += size


def _varint(data: bytes, pos: int, max_bytes: int) -> tuple[int | None, int]:
    value = shift = 0
    for _ in range(max_bytes):
        if pos >= len(data):
            return None, pos
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, pos
    return value, pos


def _xl_wide(data: bytes, pos: int) -> tuple[str | None, int]:
    if pos + 4 > len(data):
        return None, pos
    cch = struct.unpack_from("<I", data, pos)[0]
    pos += 4
    if cch == 0xFFFFFFFF:
        return None, pos
    raw = data[pos:pos + 2 * cch]
    return raw.decode("utf-16-le", "replace"), pos + 2 * cch


def _parse_xlsb_workbook(data: bytes) -> tuple[bool, list[tuple[str, str, str]], int]:
    date1904 = False
    sheets: list[tuple[str, str, str]] = []
    external = 0
    states = {0: "visible", 1: "hidden", 2: "veryhidden"}
    for rtype, body in _biff12_records(data):
        if rtype == 0x0099 and len(body) >= 4:           # BrtWbProp
            date1904 = bool(struct.unpack_from("<I", body)[0] & 0x1)
        elif rtype == 0x009C and len(body) >= 8:         # BrtBundleSh
            state, _tab = struct.unpack_from("<II", body)
            rid, pos = _xl_wide(body, 8)
            name, _ = _xl_wide(body, pos)
            sheets.append((unicodedata.normalize("NFC", name or ""),
                           states.get(state, "hidden"), rid or ""))
        elif rtype == 0x0168:                             # BrtSupBookSrc: an external book
            external += 1
    return date1904, sheets, external
