"""Vietnamese text handling: normalisation, comparison keys, sorting and legacy encodings.

Everything here is pure standard library and cheap to import.

* :func:`nfc` / :func:`clean` normalise what is read from a cell, a sheet name or a file name.
* :func:`canonical` is the key for comparing names: NFC, lower case, single spaces, and one
  placement of the tone mark for the open diphthongs ``oa``, ``oe``, ``uy`` (``hòa``/``hoà``,
  ``khỏe``/``khoẻ``, ``thủy``/``thuỷ`` all become the "new style" ``hoà``, ``khoẻ``, ``thuỷ``).
* :func:`fold` strips every mark on top of that (``đ`` → ``d`` explicitly) for loose matching.
* :func:`name_sort_key` sorts people the Vietnamese way (given name first, letters before tones).
* :func:`detect_legacy_encoding`, :func:`convert_tcvn3`, :func:`convert_vni` deal with text typed
  in the pre-Unicode TCVN3 (ABC, ``.VnTime``) and VNI (``VNI-Times``) fonts.
* :func:`is_formula_like` tells whether a spreadsheet would take a string for a formula.

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

import functools
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "nfc",
    "clean",
    "is_tidy",
    "canonical",
    "fold",
    "name_sort_key",
    "detect_legacy_encoding",
    "convert_tcvn3",
    "convert_vni",
    "is_tcvn3_uppercase_font",
    "is_vietnamese_syllable",
    "is_formula_like",
    "TONES",
]

# --------------------------------------------------------------------------- tones and letters

#: Tone names in the order used for sorting (ngang, huyền, hỏi, ngã, sắc, nặng).
TONES: tuple[str, ...] = ("ngang", "huyen", "hoi", "nga", "sac", "nang")

# combining mark -> tone index (see TONES)
_TONE_MARKS: dict[str, int] = {
    "\u0300": 1,  # grave: huyền
    "\u0309": 2,  # hook above: hỏi
    "\u0303": 3,  # tilde: ngã
    "\u0301": 4,  # acute: sắc
    "\u0323": 5,  # dot below: nặng
}
_TONE_TO_MARK: dict[int, str] = {v: k for k, v in _TONE_MARKS.items()}
# marks that change the letter itself (â ê ô, ă, ơ ư)
_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")

_VOWELS = frozenset("aăâeêioôơuưy")

#: The Vietnamese alphabet in dictionary order (29 letters).
_ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
_ALPHA_RANK: dict[str, int] = {letter: i for i, letter in enumerate(_ALPHABET)}

# look-alikes of đ: Ð U+00D0 (eth, lower ð), Ɖ U+0189 (African D, lower ɖ)
_D_LOOKALIKES = {"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110", "\u0256": "\u0111"}


@lru_cache(maxsize=4096)
def _split_tone(ch: str) -> tuple[str, int]:
    """``ch`` without its tone mark, and the tone index (0 when it has none).

    ``"ấ"`` → ``("â", 4)``; ``"đ"`` → ``("đ", 0)``; letters without marks are returned as is.
    """
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for c in decomposed:
        if c in _TONE_MARKS:
            tone = _TONE_MARKS[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _with_tone(base: str, tone: int) -> str:
    if tone == 0:
        return base
    return unicodedata.normalize("NFC", base + _TONE_TO_MARK[tone])


# --------------------------------------------------------------------------- normalisation

def nfc(s: str) -> str:
    """``s`` in Unicode normalisation form C (composed), as Vietnamese text should be stored."""
    return unicodedata.normalize("NFC", s)


# Horizontal white space that is not a plain space; all become " ".
_SPACE_LIKE = {
    ord(c): " "
    for c in "\t\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u202f\u205f\u3000"
}
# Line breaks other than "\n" (after "\r\n" has been handled).
_SPACE_LIKE.update({ord(c): "\n" for c in "\r\u0085\u2028\u2029"})
# Invisible characters that only get in the way of matching: zero-width space, BOM.
# (Not the soft hyphen U+00AD: it is the letter "ư" in TCVN3 text and must survive.)
_SPACE_LIKE.update({ord(c): None for c in "\u200b\ufeff"})

_MULTI_SPACE = re.compile(" {2,}")
_MANY_NEWLINES = re.compile("\n{3,}")


def is_tidy(s: str) -> bool:
    """Whether :func:`clean` would only strip ``s``: one printable NFC line without double spaces.

    Every character :func:`clean` maps (odd spaces, tabs, line breaks, zero-width space, BOM) is
    non-printable for :meth:`str.isprintable`, so a printable string holds none of them.
    """
    return (s.isprintable() and "  " not in s
            and (s.isascii() or unicodedata.is_normalized("NFC", s)))


def clean(value):
    """Tidy a value read from a cell.

    For a ``str``: NFC; non-breaking and other odd spaces and tabs become plain spaces; runs of
    spaces collapse to one; each line is stripped; ``\\r\\n``/``\\r`` become ``\\n``; inner line
    breaks are kept but more than one blank line in a row collapses to one; outer white space is
    removed. A string that is empty or only white space gives ``None``. Any other value (numbers,
    dates, ``None``) is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    if is_tidy(value):
        return value.strip() or None   # the common case: one tidy line
    s = nfc(value).replace("\r\n", "\n").translate(_SPACE_LIKE)
    lines = [_MULTI_SPACE.sub(" ", line).strip() for line in s.split("\n")]
    s = _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    return s or None


_COMBINING_RUN = re.compile(r"(\w)([\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+)")
# a character outside Basic Latin .. Latin Extended-B and Latin Extended Additional: none of the
# characters inside is a combining mark, and each one alone comes out of _fix_mark_order unchanged
# (tests/test_fast_paths.py checks every one)
_NOT_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


def _fix_mark_order(s: str) -> str:
    """NFC, after putting letter-changing marks (ˆ ˘ ̛) before tone marks.

    Some keyboards type the tone before the circumflex (``e`` + acute + circumflex). Both marks
    have the same combining class, so NFC keeps that order and yields ``é`` + a loose circumflex
    instead of ``ế``. Reordering first fixes it.
    """
    if _NOT_LATIN.search(s) is None and unicodedata.is_normalized("NFC", s):
        return s    # precomposed letters only: their marks are already in order
    s = unicodedata.normalize("NFD", s)
    if not any(m in s for m in _TONE_MARKS):
        return unicodedata.normalize("NFC", s)

    def reorder(m: re.Match[str]) -> str:
        marks = m.group(2)
        quality = [c for c in marks if c in _QUALITY_MARKS]
        others = [c for c in marks if c not in _QUALITY_MARKS]
        return m.group(1) + "".join(quality) + "".join(others)

    return unicodedata.normalize("NFC", _COMBINING_RUN.sub(reorder, s))


_WORD = re.compile(r"[^\W\d_]+")
# open diphthongs whose tone moved between the old and new spelling styles
_TONE_PAIRS = frozenset({("o", "a"), ("o", "e"), ("u", "y")})
# every character that _split_tone() reads as "o" or "u" with a tone (tests/test_fast_paths.py
# checks the whole of Unicode): without one, _place_tone() changes nothing
_TONED_O_U = re.compile("[òóỏõọṍùúủũụṹ]")


def _place_tone(word: str) -> str:
    """Put the tone of a lone ``oa``/``oe``/``uy`` vowel group on its second vowel."""
    chars = list(word)
    parts = [_split_tone(c) for c in chars]
    i = 0
    n = len(parts)
    while i < n:
        if parts[i][0] not in _VOWELS:
            i += 1
            continue
        j = i
        while j < n and parts[j][0] in _VOWELS:
            j += 1
        # vowel group is parts[i:j]
        if j - i == 2:
            (b1, t1), (b2, t2) = parts[i], parts[i + 1]
            if (b1, b2) in _TONE_PAIRS and t1 and not t2:
                chars[i] = b1
                chars[i + 1] = _with_tone(chars[i + 1], t1)
        i = j
    return "".join(chars)


_place_tone_cached = lru_cache(maxsize=1 << 14)(_place_tone)


def _is_letter(c: str) -> bool:
    """What ``[^\\W\\d_]`` (a character of :data:`_WORD`) matches (tests/test_fast_paths.py
    checks the whole of Unicode)."""
    return c.isalnum() and not c.isdecimal()


def _place_tones(s: str) -> str:
    """``_WORD.sub(_place_tone, s)``, with only the words holding a toned "o"/"u" looked at
    (the others never change): each found from a toned letter outwards. An action text of 20
    words has one or two such words; running the pattern over every word took most of the time
    of :func:`canonical`."""
    out = []
    done = 0
    n = len(s)
    for m in _TONED_O_U.finditer(s):
        start = m.start()
        if start < done:
            continue                        # in the word just placed
        while start > done and _is_letter(s[start - 1]):
            start -= 1
        end = m.end()
        while end < n and _is_letter(s[end]):
            end += 1
        word = s[start:end]
        out.append(s[done:start])
        out.append(_place_tone_cached(word) if len(word) <= 12 else _place_tone(word))
        done = end
    out.append(s[done:])
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def canonical(s: str) -> str:
    """A comparison key for names and labels.

    NFC (with tone/letter marks in the right order), lower case, white space collapsed to single
    spaces and stripped, and the tone of the open diphthongs ``oa``, ``oe``, ``uy`` always on the
    second vowel (the "new" style): ``canonical("Hòa") == canonical("Hoà") == "hoà"``,
    ``"thủy"``/``"thuỷ"`` → ``"thuỷ"``, ``"khỏe"``/``"khoẻ"`` → ``"khoẻ"``. A misplaced mark
    before a final consonant (``"hòang"``) is moved the same way (``"hoàng"``).
    """
    s = _fix_mark_order(s).lower()
    s = " ".join(s.split())
    if _TONED_O_U.search(s) is None:
        return s        # no "o"/"u" with a tone: no tone to move
    return _place_tones(s)


_FOLD_TABLE = str.maketrans({"đ": "d", "\u00f0": "d", "\u0256": "d",
                             "Đ": "d", "\u00d0": "d", "\u0189": "d"})
_D_LIKE = tuple(chr(c) for c in _FOLD_TABLE)
_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f\u0300-\u036f]")


# Every combining mark (U+0300-U+036F) removed: where a tone sits does not matter once marks are
# gone, so fold() needs no tone placement, only decomposition. Cached: headers, labels and names
# repeat in every workbook.
_STRIP_MARKS = {c: None for c in range(0x300, 0x370)}


@functools.lru_cache(maxsize=1 << 16)
def fold(s: str) -> str:
    """:func:`canonical` with every diacritic removed: the loosest matching key.

    ``đ`` (and its look-alikes ``Ð`` U+00D0, ``Ɖ`` U+0189, ``ɖ`` U+0256) are mapped to ``d``
    explicitly: they do not decompose in Unicode. ``fold("Nguyễn Thị Đào") == "nguyen thi dao"``.
    People whose names collide once folded must be flagged, never merged.
    """
    if s.isascii():
        return " ".join(s.lower().split())
    for d in _D_LIKE:                   # as s.translate(_FOLD_TABLE), which is slow
        if d in s:
            s = s.replace(d, "d")
    s = unicodedata.normalize("NFD", s.lower())
    if _NOT_ASCII_OR_MARK.search(s) is None:
        # only marks beyond ASCII: dropping every non-ASCII character drops exactly the marks,
        # and NFC leaves ASCII as it is
        return " ".join(s.encode("ascii", "ignore").decode("ascii").split())
    s = s.translate(_STRIP_MARKS)
    return unicodedata.normalize("NFC", " ".join(s.split()))




# --------------------------------------------------------------------------- sorting

@lru_cache(maxsize=1 << 14)
def _word_sort_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letter ranks, tones) of one word; cached: family, middle and given names repeat."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in word:
        base, tone = _split_tone(ch)
        base = _D_LOOKALIKES.get(base, base)
        rank = _ALPHA_RANK.get(base)
        if rank is None:
            if len(base) != 1:     # a lone tone mark (a stray accent typed after a space)
                tones.append(tone)
                continue
            rank = 1000 + ord(base)
        letters.append(rank)
        tones.append(tone)
    return tuple(letters), tuple(tones)


def name_sort_key(full_name: str) -> tuple:
    """Sort key for a Vietnamese full name.

    Order by given name (last word), then the middle words in order, then the family name (first
    word). Within a word, letters are compared first, in the order of the Vietnamese alphabet
    ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`` (other characters after, by code
    point), and only when the letters tie are the tones compared: ngang, huyền, hỏi, ngã, sắc,
    nặng. Case-insensitive; old and new tone placement sort the same.
    Use as ``sorted(names, key=name_sort_key)``.
    """
    words = canonical(full_name).split(" ") if full_name and full_name.strip() else []
    if not words:
        return ((), ()), (), ((), ())
    given = _word_sort_key(words[-1])
    middle = tuple(_word_sort_key(w) for w in words[1:-1])
    family = _word_sort_key(words[0]) if len(words) > 1 else ((), ())
    return given, middle, family


# --------------------------------------------------------------------------- syllables

_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_CODAS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})
# vowel groups that may end a syllable or take a final consonant
_NUCLEI_FREE = frozenset({"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy"})
# vowel groups that need a final consonant
_NUCLEI_CLOSED = frozenset({"ă", "â", "iê", "yê", "uô", "ươ", "uyê", "uâ", "oă", "oo"})
# vowel groups that end the syllable (their last letter is a glide)
_NUCLEI_OPEN = frozenset({
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iêu", "yêu", "oai", "oao", "oay",
    "oeo", "oi", "ôi", "ơi", "ua", "ui", "uôi", "ươi", "ươu", "ưa", "ưi", "ưu", "uya", "uyu", "uơ",
})


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (a heuristic, case-insensitive).

    Checks the onset, the vowel group and the final consonant against Vietnamese spelling, that
    there is at most one tone mark, and that ``-c -ch -p -t`` syllables carry sắc or nặng.
    """
    if not word:
        return False
    bases = []
    tone = 0
    for ch in unicodedata.normalize("NFC", word.lower()):
        base, t = _split_tone(ch)
        if t:
            if tone or base not in _VOWELS:
                return False
            tone = t
        if base not in _ALPHA_RANK:
            return False
        bases.append(base)
    s = "".join(bases)
    for onset in _ONSETS:
        if not s.startswith(onset):
            continue
        rest = s[len(onset):]
        if onset == "gi" and (not rest or rest[0] not in _VOWELS):
            continue  # "gì", "gìn": read as g + i
        for coda in _CODAS:
            if coda and not rest.endswith(coda):
                continue
            nucleus = rest[: len(rest) - len(coda)]
            if not nucleus:
                continue
            if coda:
                ok = nucleus in _NUCLEI_FREE or nucleus in _NUCLEI_CLOSED
                if ok and coda in _STOP_CODAS and tone not in (0, 4, 5):
                    ok = False
                if ok and coda in _STOP_CODAS and tone == 0:
                    ok = False
            else:
                ok = nucleus in _NUCLEI_FREE or nucleus in _NUCLEI_OPEN
            if ok:
                return True
    return False


# --------------------------------------------------------------------------- legacy encodings

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


# --------------------------------------------------------------------------- spreadsheets

_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def is_formula_like(s: str) -> bool:
    """Whether a spreadsheet would read ``s`` as a formula (CSV/formula injection guard).

    True when ``s`` starts with a tab or carriage return, or when its first non-white-space
    character is ``=``, ``+``, ``-`` or ``@`` (or their full-width forms). Non-strings give False.
    """
    if not isinstance(s, str) or not s:
        return False
    if s[0] in "\t\r":
        return True
    stripped = s.lstrip()
    return bool(stripped) and stripped[0] in _FORMULA_START
