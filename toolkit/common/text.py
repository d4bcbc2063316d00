"""Vietnamese text handling: normalisation, comparison keys, sorting and spelling.

Everything here is pure standard library and cheap to import.

* :func:`nfc` / :func:`clean` normalise what is read from a cell, a sheet name or a file name.
* :func:`canonical` is the key for comparing names: NFC, lower case, single spaces, and one
  placement of the tone mark for the open diphthongs ``oa``, ``oe``, ``uy`` (``hòa``/``hoà``,
  ``khỏe``/``khoẻ``, ``thủy``/``thuỷ`` all become the "new style" ``hoà``, ``khoẻ``, ``thuỷ``).
* :func:`fold` strips every mark on top of that (``đ`` → ``d`` explicitly) for loose matching.
* :func:`name_sort_key` sorts people the Vietnamese way (given name first, letters before tones).
* :func:`is_vietnamese_syllable` tells whether a word is spelled like one Vietnamese syllable.
* :func:`is_formula_like` tells whether a spreadsheet would take a string for a formula.

Text typed in the pre-Unicode TCVN3 (ABC, ``.VnTime``) and VNI (``VNI-Times``) fonts is detected
and converted by :mod:`toolkit.common.legacy_encodings`.
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
