"""Text typed in the pre-Unicode Vietnamese fonts: TCVN3 (ABC, ``.VnTime``) and VNI
(``VNI-Times``). :func:`detect_legacy_encoding` tells whether a text looks typed in one of them;
:func:`convert_tcvn3` and :func:`convert_vni` turn it into Unicode.

Exactness of the legacy converters
----------------------------------
:func:`convert_tcvn3` implements the TCVN 5712:1993 "VN3" single-byte set as used by the ``.Vn*``
fonts: every lower-case letter with every tone (positions 0xB5–0xFE), the lower-case base letters
``ă â ê ô ơ ư đ`` (0xA8–0xAE) and the upper-case base letters ``Ă Â Ê Ô Ơ Ư Đ`` (0xA1–0xA7).
Upper-case letters *with a tone* are not in that set (the ``.Vn*H`` capital fonts draw the
lower-case codes as capitals); pass ``uppercase=True`` for text in such a font. Characters outside
the table are kept as they are. The table was checked position by position against glibc's
``TCVN5712-1`` converter, which agrees with it on all these positions.

:func:`convert_vni` implements the VNI-Windows scheme (a base letter followed by a mark byte, plus
single bytes for ``đ ơ ư``, ``i`` with tones and ``ỵ``), lower and upper case. Mark bytes not
preceded by a letter they can sit on are kept unchanged.
"""

from __future__ import annotations

import re

from toolkit.common.text import _with_tone, is_vietnamese_syllable

__all__ = [
    "detect_legacy_encoding",
    "convert_tcvn3",
    "convert_vni",
    "is_tcvn3_uppercase_font",
]


def _build_tcvn3() -> dict[str, str]:
    """The TCVN3 (TCVN 5712:1993, VN3 / "ABC") table: Latin-1 character → Unicode letter.

    Built from the layout of the standard: seven upper-case base letters at 0xA1, the same seven
    in lower case at 0xA8, then each lower-case vowel with its five tones in the order
    huyền, hỏi, ngã, sắc, nặng, from 0xB5 up, skipping the positions the standard leaves to
    Latin-1.
    """
    table: dict[str, str] = {}
    for i, letter in enumerate("ĂÂÊÔƠƯĐăâêôơưđ"):
        table[chr(0xA1 + i)] = letter
    # (vowel, code points for huyền, hỏi, ngã, sắc, nặng)
    layout = [
        ("a", (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
        ("ă", (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
        ("â", (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
        ("e", (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
        ("ê", (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
        ("i", (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
        ("o", (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
        ("ô", (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
        ("ơ", (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
        ("u", (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
        ("ư", (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
        ("y", (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
    ]
    for vowel, codes in layout:
        for tone, code in zip((1, 2, 3, 4, 5), codes):
            table[chr(code)] = _with_tone(vowel, tone)
    return table


_TCVN3: dict[str, str] = _build_tcvn3()
_TCVN3_TRANS = str.maketrans(_TCVN3)


def convert_tcvn3(text: str, uppercase: bool = False) -> str:
    """Convert TCVN3 (ABC, ``.VnTime``) text, read as Latin-1 characters, to Unicode (NFC).

    ``convert_tcvn3("B¶o Th¾ng") == "Bảo Thắng"``. Characters outside the TCVN3 table (ASCII,
    other symbols) are kept. With ``uppercase=True`` (text in a ``.Vn...H`` capitals font, which
    draws every letter as a capital) the result is upper-cased. See the module docstring for the
    exact coverage.
    """
    out = text.translate(_TCVN3_TRANS)
    return out.upper() if uppercase else out


def is_tcvn3_uppercase_font(font_name: str | None) -> bool:
    """Whether ``font_name`` is a TCVN3 capitals font (``.VnTimeH``, ``.VnArialH`` ...)."""
    if not font_name:
        return False
    f = font_name.strip()
    return f.lower().startswith(".vn") and f.endswith("H")


def _build_vni() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """VNI-Windows: (base letter → {mark character → Unicode letter}, single character → letter)."""
    tone_marks = {"ù": 4, "ø": 1, "û": 2, "õ": 3, "ï": 5}  # sắc, huyền, hỏi, ngã, nặng
    circumflex = {"â": 0, "á": 4, "à": 1, "å": 2, "ã": 3, "ä": 5}
    breve = {"ê": 0, "é": 4, "è": 1, "ú": 2, "ü": 3, "ë": 5}
    combos: dict[str, dict[str, str]] = {}

    def add(base: str, marks: dict[str, int], letter: str) -> None:
        for case in (str.lower, str.upper):
            b = case(base)
            for mark, tone in marks.items():
                target = case(_with_tone(letter, tone))
                # the mark byte may come in either case (typed with or without Shift)
                combos.setdefault(b, {})[mark] = target
                combos[b][mark.upper()] = target

    for v in "aeouy":
        add(v, tone_marks, v)
    for v, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        add(v, circumflex, hat)
    add("a", breve, "ă")
    add("ô", tone_marks, "ơ")  # in VNI the byte ô is the letter ơ, ö is ư
    add("ö", tone_marks, "ư")
    singles = {"ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ",
               "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
    singles.update({k.upper(): v.upper() for k, v in list(singles.items())})
    return combos, singles


_VNI_COMBOS, _VNI_SINGLES = _build_vni()
_VNI_CHARS = frozenset(_VNI_SINGLES) | {m for marks in _VNI_COMBOS.values() for m in marks}


def convert_vni(text: str) -> str:
    """Convert VNI-Windows text, read as Latin-1 characters, to Unicode (NFC).

    ``convert_vni("Xin chaøo Vieät Nam") == "Xin chào Việt Nam"``. A base vowel followed by a VNI
    mark byte becomes one letter; ``ñ ô ö`` become ``đ ơ ư``; ``í ì æ ó ò`` are ``i`` with a tone
    and ``î`` is ``ỵ``. Other characters are kept.
    """
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        marks = _VNI_COMBOS.get(ch)
        if marks is not None and i + 1 < n and text[i + 1] in marks:
            out.append(marks[text[i + 1]])
            i += 2
            continue
        out.append(_VNI_SINGLES.get(ch, ch))
        i += 1
    return "".join(out)


# Vietnamese letters that no 8-bit legacy font text can contain (all above U+00FF)
_UNICODE_VIETNAMESE = re.compile("[ĂăĐđƠơƯưĨĩŨũ\u1ea0-\u1ef9\u0300-\u036f]")


def _has_unicode_vietnamese(text: str) -> bool:
    """Whether ``text`` has a Vietnamese letter that no 8-bit legacy font text can contain."""
    return _UNICODE_VIETNAMESE.search(text) is not None


_TOKEN_STRIP = "\"'()[]{}<>.,;:!?-–—…/\\|*_~`^=+&%$#@"


def detect_legacy_encoding(text: str, font_name: str | None = None) -> str | None:
    """``"TCVN3"``, ``"VNI"`` or ``None`` for text that looks typed in a legacy Vietnamese font.

    The font is the first clue: a name starting with ``.Vn`` (``.VnTime``, ``.VnArialH``) means
    TCVN3, ``VNI-`` (``VNI-Times``) means VNI, unless the text holds Vietnamese letters that only
    Unicode has (then someone pasted Unicode text into a cell with an old font, and the answer is
    ``None``).

    Without a font clue the text decides, conservatively: each word with non-ASCII characters is
    read three ways (as it is, as TCVN3, as VNI) and checked with
    :func:`is_vietnamese_syllable`. A word counts for a legacy encoding when it is a valid syllable
    only in that reading (``"Néi"`` → ``"Nội"``, ``"chaøo"`` → ``"chào"``). Genuine Unicode
    Vietnamese, English, and text with letters like ``é ü ñ`` from other languages return ``None``.
    """
    legacy = text if isinstance(text, str) else ""
    unicode_vi = _has_unicode_vietnamese(legacy)
    if font_name:
        f = font_name.strip().lower()
        clue = "TCVN3" if f.startswith(".vn") else "VNI" if f.startswith(("vni-", "vni ")) else None
        if clue:
            return None if unicode_vi else clue
    if not legacy or unicode_vi or legacy.isascii():
        return None

    score = {"TCVN3": 0, "VNI": 0}
    unicode_only = 0
    candidates = 0
    for raw in legacy.split():
        token = raw.strip(_TOKEN_STRIP)
        if not token or token.isascii():
            continue
        candidates += 1
        if token[0] == "µ":  # micro sign: µm, µg, µl ... are units, not "àm"
            continue
        as_is = is_vietnamese_syllable(token)
        # a one-letter reading ("«" → "ô", "où" → "ó") is too weak to count
        tcvn = convert_tcvn3(token)
        as_tcvn = (len(tcvn) >= 2
                   and all(c.isascii() and c.isalpha() or c in _TCVN3 for c in token)
                   and is_vietnamese_syllable(tcvn))
        vni = convert_vni(token)
        as_vni = (len(vni) >= 2
                  and all(c.isascii() and c.isalpha() or c in _VNI_CHARS for c in token)
                  and is_vietnamese_syllable(vni))
        if as_is and not as_tcvn and not as_vni:
            unicode_only += 1
        if as_tcvn and not as_is:
            score["TCVN3"] += 1
        if as_vni and not as_is:
            score["VNI"] += 1

    best = max(score, key=lambda k: score[k])
    other = "VNI" if best == "TCVN3" else "TCVN3"
    hits = score[best]
    if hits == 0 or hits == score[other] or hits <= unicode_only:
        return None
    if hits >= 2 or 2 * hits >= candidates:
        return best
    return None
