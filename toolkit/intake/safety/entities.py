"""DOCTYPE/ENTITY declarations in XML parts (billion laughs, external entities): refused before
any parser reads the part. :class:`_DtdScan` follows a part chunk by chunk; :func:`_dtd_in`
judges a part read whole the same way."""

from __future__ import annotations

import re

_DTD_WINDOW = 64 * 1024
_DECL_OPEN = re.compile(rb"<!")                      # a regex finds it faster than bytes.find
_DTD_MARK = re.compile(rb"<!\s*(?:doctype|entity)", re.I)


class _DtdScan:
    """Detect DOCTYPE/ENTITY declarations in an XML stream.

    Looks at the first 64 KB as text (any ``<!DOCTYPE``/``<!ENTITY`` there), and follows the
    prolog however long it is (comments and processing instructions skipped) until the root
    element starts — a DOCTYPE can only come before it. UTF-16 parts are handled by dropping
    NUL bytes before matching.
    """

    __slots__ = ("seen", "tail", "wide", "state", "buf", "found")

    def __init__(self) -> None:
        self.seen = 0
        self.tail = b""
        self.wide: bool | None = None
        self.state = "top"          # top | pi | comment | done
        self.buf = b""
        self.found = False

    @property
    def finished(self) -> bool:
        return self.found or (self.state == "done" and self.seen >= _DTD_WINDOW)

    def feed(self, chunk: bytes) -> bool:
        if self.found:
            return True
        if self.wide is None:
            self.wide = chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]
        if self.wide:
            chunk = chunk.replace(b"\x00", b"")
        if self.seen < _DTD_WINDOW:
            window = self.tail + chunk[: _DTD_WINDOW - self.seen + 16]
            if _DTD_MARK.search(window):
                self.found = True
                return True
        self.seen += len(chunk)
        self.tail = chunk[-16:]
        if self.state != "done":
            self._prolog(chunk)
        return self.found

    def _prolog(self, chunk: bytes) -> None:
        buf = self.buf + chunk
        i, n = 0, len(buf)
        while i < n:
            if self.state == "pi":
                j = buf.find(b"?>", i)
                if j < 0:
                    self.buf = buf[-1:]
                    return
                i, self.state = j + 2, "top"
            elif self.state == "comment":
                j = buf.find(b"-->", i)
                if j < 0:
                    self.buf = buf[-2:]
                    return
                i, self.state = j + 3, "top"
            else:
                while i < n and buf[i] in b" \t\r\n\xef\xbb\xbf\xff\xfe":
                    i += 1
                if i >= n:
                    break
                if buf[i:i + 1] != b"<":
                    self.state = "done"
                    break
                if n - i < 4:
                    self.buf = buf[i:]
                    return
                if buf.startswith(b"<?", i):
                    i, self.state = i + 2, "pi"
                elif buf.startswith(b"<!--", i):
                    i, self.state = i + 4, "comment"
                elif buf.startswith(b"<!", i):
                    self.found = True        # DOCTYPE (or another declaration) in the prolog
                    self.state = "done"
                    break
                else:
                    self.state = "done"      # the root element: no DOCTYPE can follow
                    break
        self.buf = b""


_PROLOG_SPACE = b" \t\r\n\xef\xbb\xbf\xff\xfe"
# The usual prolog — an XML declaration (no "?" inside), then the root element — for which
# _prolog_declares is False.
_PLAIN_PROLOG = re.compile(rb"[%s]*<\?[^?]*\?>[%s]*<[^?!]" % (_PROLOG_SPACE, _PROLOG_SPACE))


def _dtd_in(part: bytes) -> bool:
    """What a fresh :class:`_DtdScan` reports when fed ``part`` as its only chunk.

    Used for parts read whole: the same 64 KB window test and the same prolog walk, without
    the state kept between chunks. A window without "!" cannot hold ``<!``.
    """
    if part[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in part[:4]:
        part = part.replace(b"\x00", b"")
    window = part if len(part) <= _DTD_WINDOW + 16 else part[:_DTD_WINDOW + 16]
    if b"!" in window and _DTD_MARK.search(window):
        return True
    return not _PLAIN_PROLOG.match(part) and _prolog_declares(part)


def _prolog_declares(buf: bytes) -> bool:
    """True when a declaration (``<!`` other than a comment) opens before the root element;
    :meth:`_DtdScan._prolog` on a complete buffer."""
    i, n = 0, len(buf)
    while i < n:
        while i < n and buf[i] in _PROLOG_SPACE:
            i += 1
        if i >= n or buf[i] != 0x3C or n - i < 4:          # not "<", or cut short
            return False
        if buf.startswith(b"<?", i):
            i = buf.find(b"?>", i + 2)
            if i < 0:
                return False
            i += 2
        elif buf.startswith(b"<!--", i):
            i = buf.find(b"-->", i + 4)
            if i < 0:
                return False
            i += 3
        else:
            return buf.startswith(b"<!", i)
    return False
