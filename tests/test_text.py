"""Tests for toolkit.common.text and legacy_encodings: normalisation, keys, sorting, TCVN3/VNI."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.common.legacy_encodings import (
    convert_tcvn3,
    convert_vni,
    detect_legacy_encoding,
    is_tcvn3_uppercase_font,
)
from toolkit.common.text import (
    canonical,
    clean,
    fold,
    is_formula_like,
    is_vietnamese_syllable,
    name_sort_key,
    nfc,
)

# Real Vietnamese text (Unicode), used both as "must not be detected as legacy" and, encoded by
# the helpers below, as legacy text that must be detected and converted back.
SENTENCES = [
    "Hồ Chí Minh",
    "đảng viên",
    "Nguyễn Thị Ánh",
    "Đảng Cộng sản Việt Nam",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập – Tự do – Hạnh phúc",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Trần Văn Đức, Lê Thị Hoà, Phạm Quỳnh Anh",
    "Chi bộ đã tổ chức sinh hoạt chuyên đề vào ngày 19 tháng 5.",
    "Đồng chí Bí thư chi bộ phát biểu khai mạc hội nghị.",
    "Không có gì quý hơn độc lập, tự do.",
    "Bản đăng ký làm theo của cán bộ, đảng viên năm 2025",
    "Xã Bảo Thắng, huyện Bảo Thắng, tỉnh Lào Cai",
    "Phường Hoàn Kiếm, thành phố Hà Nội",
    "Nguyễn Thuỳ Dương; Võ Thị Thủy; Đặng Khoẻ; Huỳnh Quốc Việt",
    "Kỷ niệm ngày thành lập Quân đội nhân dân Việt Nam",
    "Hoàn thành tốt nhiệm vụ",
    "Người tốt, việc tốt",
    "Ngô Bảo Châu, Đoàn Thị Điểm, Dương Quảng Hàm",
    "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
]
# Vietnamese words that happen to use only Latin-1 letters, and non-Vietnamese text.
PLAIN = [
    "Tôi là Hà",
    "Chú Tâm và bà Ba",
    "có",
    "Hello world",
    "The quick brown fox jumps over the lazy dog.",
    "Annual report 2024 (draft) - see p. 3",
    "Le garçon à côté du café. Où est la gare ?",
    "¿Dónde está la biblioteca? El niño comió mañana.",
    "Straße, Größe, Müller, über, schön",
    "São Paulo, coração, não",
    "naïve façade, déjà vu, crème brûlée, touché, fiancé",
    "Señor José Peña Muñoz; Zoë Brontë; Noël",
    "© 2024 Acme® « guillemets » 5 µm 10 µg § 3 · item ½ ¼ ¾ °C ±5 ¶ para",
    "",
    "12345",
]


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 (as Latin-1 chars). Upper-case toned letters are lowered first."""
    table = {v: k for k, v in _tcvn3_table().items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif ch.lower() in table and not ch.isascii():
            out.append(table[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def _tcvn3_table() -> dict[str, str]:
    from toolkit.common.legacy_encodings import _TCVN3

    return _TCVN3


_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä", "": "â"}
_VNI_BREVE = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë", "": "ê"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò", "": "i"}


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows (as Latin-1 chars), written independently of the decoder."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        upper = ch.isupper()
        d = unicodedata.normalize("NFD", ch.lower())
        base, marks = d[0], d[1:]
        tone = next((m for m in marks if m in _VNI_TONE), "")
        if ch.lower() == "đ":
            s = "ñ"
        elif base == "i":
            s = _VNI_I[tone]
        elif base == "y" and tone == "\u0323":
            s = "î"
        elif base in "aeo" and "\u0302" in marks:
            s = base + _VNI_HAT[tone]
        elif base == "a" and "\u0306" in marks:
            s = "a" + _VNI_BREVE[tone]
        elif base in "ou" and "\u031b" in marks:
            s = ("ô" if base == "o" else "ö") + _VNI_TONE.get(tone, "")
        elif base in "aeouy" and not ch.isascii():
            s = base + _VNI_TONE.get(tone, "")
        else:
            s = ch.lower()
        out.append(s.upper() if upper else s)
    return "".join(out)


# --------------------------------------------------------------------------- nfc / clean

def test_nfc_composes_decomposed_text():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert nfd != "Nguyễn Thị Ánh"
    assert nfc(nfd) == "Nguyễn Thị Ánh"


def test_clean_strings():
    assert clean("  Nguyễn\u00a0\u00a0Văn\tA  ") == "Nguyễn Văn A"
    assert clean("   \t\u00a0\n ") is None
    assert clean("") is None
    assert clean("dòng 1  \r\n   dòng   2\r\n") == "dòng 1\ndòng 2"
    assert clean("a\n\n\n\n\nb") == "a\n\nb"
    assert clean("\u200bHà\ufeff") == "Hà"
    assert clean(unicodedata.normalize("NFD", "Hoà")) == "Hoà"


def test_clean_keeps_tcvn3_soft_hyphen_letter():
    # U+00AD is "ư" in TCVN3 text: clean must not drop it
    assert clean("Tr\u00adêng") == "Tr\u00adêng"


def test_clean_other_types_unchanged():
    import datetime

    d = datetime.date(2025, 1, 1)
    assert clean(5) == 5
    assert clean(2.5) == 2.5
    assert clean(None) is None
    assert clean(d) is d


# --------------------------------------------------------------------------- canonical / fold

@pytest.mark.parametrize("old,new", [
    ("hòa", "hoà"), ("hóa", "hoá"), ("hỏa", "hoả"), ("hõa", "hoã"), ("họa", "hoạ"),
    ("khòe", "khoè"), ("khóe", "khoé"), ("khỏe", "khoẻ"), ("khõe", "khoẽ"), ("khọe", "khoẹ"),
    ("thùy", "thuỳ"), ("thúy", "thuý"), ("thủy", "thuỷ"), ("thũy", "thuỹ"), ("thụy", "thuỵ"),
    ("Hòa Bình", "Hoà Bình"), ("Nguyễn Thị Thủy", "Nguyễn Thị Thuỷ"), ("qùy", "quỳ"),
])
def test_canonical_unifies_tone_placement(old, new):
    assert canonical(old) == canonical(new)
    assert canonical(old) == nfc(new).lower()


def test_canonical_values():
    assert canonical("  Hòa   Bình ") == "hoà bình"
    assert canonical("HOÀ") == "hoà"
    assert canonical("Khỏe") == "khoẻ"
    # tone already on the main vowel is untouched
    assert canonical("hoàng") == "hoàng"
    assert canonical("hòang") == "hoàng"
    assert canonical("toán") == "toán"
    # other vowel groups keep the mark where it is
    for word in ("ngoài", "của", "khuya", "túi", "mùa", "thuở", "người", "quốc", "quý", "giữa"):
        assert canonical(word) == word
    # different letters stay different
    assert canonical("hoà") != canonical("hồ")
    assert canonical("Thuỷ") != canonical("Thủ")


def test_canonical_fixes_mark_order():
    # tone typed before the circumflex: NFC alone leaves é + a loose circumflex
    odd = "Nguy" + "e\u0301\u0302" + "n"
    assert unicodedata.normalize("NFC", odd) != "Nguyến"
    assert canonical(odd) == "nguyến"


def test_canonical_nfd_equals_nfc():
    s = "Nguyễn Thị Hoà"
    assert canonical(unicodedata.normalize("NFD", s)) == canonical(s) == "nguyễn thị hoà"


def test_fold_values():
    assert fold("Nguyễn Thị Đào") == "nguyen thi dao"
    assert fold("ĐẶNG") == "dang"
    assert fold("\u00d0ặng") == "dang"  # Ð eth look-alike
    assert fold("\u0189inh") == "dinh"  # Ɖ African D
    assert fold("\u0256inh") == "dinh"  # ɖ
    assert fold("Hòa") == fold("Hoà") == fold("HOA") == "hoa"
    assert fold("Trương Ưng Ơn Ăn Âu") == "truong ung on an au"
    assert fold("  Lê   Văn  A ") == "le van a"


@pytest.mark.parametrize("s", SENTENCES)
def test_fold_is_ascii_for_vietnamese(s):
    folded = fold(s)
    assert all(c.isascii() for c in folded if c.isalpha())
    assert folded == folded.lower()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâeêioôơuưydđghnt ÀÁẢÃẠàáảãạHhÒÓỎÕỌòóỏõọùúủũụỳýỷỹỵ", max_size=20))
def test_canonical_and_fold_idempotent(s):
    c = canonical(s)
    assert canonical(c) == c
    f = fold(s)
    assert fold(f) == f
    assert fold(c) == f


# --------------------------------------------------------------------------- sorting

def test_sort_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Cường", "Phạm Thị An"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Thị An", "Phạm Thị An", "Trần Văn Bình", "Lê Cường"]


def test_sort_middle_then_family():
    names = ["Nguyễn Văn An", "Nguyễn Thị An", "Lê Thị An"]
    assert sorted(names, key=name_sort_key) == ["Lê Thị An", "Nguyễn Thị An", "Nguyễn Văn An"]


def test_sort_d_bar_between_d_and_e():
    names = ["Lê Em", "Lê Đức", "Lê Dũng", "Lê Zô", "Lê Yến"]
    assert sorted(names, key=name_sort_key) == ["Lê Dũng", "Lê Đức", "Lê Em", "Lê Yến", "Lê Zô"]
    # plain code-point order would put Đ after Z
    assert sorted(["Đức", "Zô"]) == ["Zô", "Đức"]


def test_sort_vietnamese_alphabet():
    given = ["Ân", "An", "Ăn", "Bê", "Ơn", "Ôn", "On", "Ưng", "Ung", "Yên"]
    assert sorted(given, key=name_sort_key) == [
        "An", "Ăn", "Ân", "Bê", "On", "Ôn", "Ơn", "Ung", "Ưng", "Yên"]


def test_sort_letters_before_tones():
    # "Anh" < "Ánh" (tone), but "Ánh" < "Ao" (letters decide first)
    assert sorted(["Ao", "Ánh", "Anh"], key=name_sort_key) == ["Anh", "Ánh", "Ao"]
    # tone order: ngang, huyền, hỏi, ngã, sắc, nặng
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=name_sort_key) == tones


def test_sort_case_insensitive_and_tone_style():
    assert name_sort_key("NGUYỄN VĂN AN") == name_sort_key("nguyễn văn an")
    assert name_sort_key("Lê Thị Hòa") == name_sort_key("Lê Thị Hoà")
    assert name_sort_key("Lê Thị Thủy") == name_sort_key("Lê  Thị Thuỷ ")
    assert name_sort_key("Bình") < name_sort_key("Lê Văn Cường")


# --------------------------------------------------------------------------- syllables

@pytest.mark.parametrize("w", ["Nguyễn", "người", "nghĩa", "quý", "gì", "giữa", "khuya", "Ánh",
                               "thuở", "khuỷu", "xoong", "Đảng", "Việt", "hoạch", "uống"])
def test_valid_syllables(w):
    assert is_vietnamese_syllable(w)


@pytest.mark.parametrize("w", ["hello", "café", "néi", "chaøo", "vieät", "hµ", "bác.", "hát̀",
                               "xyz", "ăn̂", "mat", "ang̣", ""])
def test_invalid_syllables(w):
    assert not is_vietnamese_syllable(w)


# --------------------------------------------------------------------------- TCVN3 / VNI

def test_convert_tcvn3_examples():
    assert convert_tcvn3("B¶o Th¾ng") == "Bảo Thắng"
    assert convert_tcvn3("Hµ Néi") == "Hà Nội"
    assert convert_tcvn3("§¶ng Céng s¶n ViÖt Nam") == "Đảng Cộng sản Việt Nam"
    assert convert_tcvn3("Tr\u00adêng") == "Trường"
    assert convert_tcvn3("§¶NG", uppercase=True) == "ĐẢNG"
    assert convert_tcvn3("abc 123 !") == "abc 123 !"


def test_tcvn3_table_covers_all_lowercase_letters():
    table = _tcvn3_table()
    values = set(table.values())
    letters = set()
    for v in "aăâeêioôơuưy":
        for mark in ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323"):
            letters.add(unicodedata.normalize("NFC", v + mark))
    assert len(letters) == 60
    assert letters <= values
    assert set("ĂÂÊÔƠƯĐăâêôơưđ") <= values
    assert len(table) == 74  # 60 toned + 14 base letters, each once
    assert len(values) == 74
    assert all(0xA1 <= ord(k) <= 0xFE for k in table)


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
def test_tcvn3_table_matches_glibc_iconv():
    for k, v in _tcvn3_table().items():
        proc = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
                              input=bytes([ord(k)]), capture_output=True)
        if proc.returncode != 0:
            pytest.skip("iconv has no TCVN5712-1")
        assert unicodedata.normalize("NFC", proc.stdout.decode("utf-8")) == v, hex(ord(k))


def test_convert_vni_examples():
    assert convert_vni("Xin chaøo") == "Xin chào"
    assert convert_vni("Vieät Nam") == "Việt Nam"
    assert convert_vni("Ñaûng") == "Đảng"
    assert convert_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == \
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert convert_vni("Ñoäc laäp – Töï do – Haïnh phuùc") == "Độc lập – Tự do – Hạnh phúc"
    assert convert_vni("TRÖÔØNG ÑAÏI HOÏC") == "TRƯỜNG ĐẠI HỌC"
    assert convert_vni("aêaéaèaúaüaë") == "ăắằẳẵặ"
    assert convert_vni("yùyøyûyõî") == "ýỳỷỹỵ"


@pytest.mark.parametrize("s", SENTENCES)
def test_tcvn3_round_trip(s):
    legacy = encode_tcvn3(s)
    assert legacy != s
    assert all(ord(c) <= 0xFF or c == "–" for c in legacy)
    back = convert_tcvn3(legacy)
    # upper-case toned letters do not exist in TCVN3; compare case-insensitively
    assert back.lower() == s.lower()


@pytest.mark.parametrize("s", SENTENCES)
def test_vni_round_trip(s):
    legacy = encode_vni(s)
    assert legacy != s
    assert all(ord(c) <= 0xFF or c == "–" for c in legacy)
    assert convert_vni(legacy) == s


@pytest.mark.parametrize("s", SENTENCES + PLAIN)
def test_detect_genuine_text_is_none(s):
    assert detect_legacy_encoding(s) is None


@pytest.mark.parametrize("s", [w for s in SENTENCES for w in s.split()])
def test_detect_single_genuine_words_is_none(s):
    assert detect_legacy_encoding(s) is None


@pytest.mark.parametrize("s", [w for s in PLAIN for w in s.split()])
def test_detect_single_foreign_words_is_none(s):
    assert detect_legacy_encoding(s) is None


@pytest.mark.parametrize("s", ["B¶o Th¾ng", "Hµ Néi", "§¶ng", "§¶ng Céng s¶n ViÖt Nam",
                               "Trung t©m Y tÕ huyÖn"])
def test_detect_tcvn3_examples(s):
    assert detect_legacy_encoding(s) == "TCVN3"


@pytest.mark.parametrize("s", ["Xin chaøo", "Vieät Nam", "Ñaûng", "Ñoäc laäp – Töï do",
                               "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"])
def test_detect_vni_examples(s):
    assert detect_legacy_encoding(s) == "VNI"


def test_detect_ambiguous_vni_needs_the_font():
    # "Hồ Chí Minh" in VNI reads "Hoà Chí Minh", itself valid Unicode Vietnamese: the text alone
    # cannot tell, so detection stays conservative and only the font name decides.
    legacy = encode_vni("Hồ Chí Minh")
    assert legacy == "Hoà Chí Minh"
    assert detect_legacy_encoding(legacy) is None
    assert detect_legacy_encoding(legacy, "VNI-Times") == "VNI"
    assert convert_vni(legacy) == "Hồ Chí Minh"


@pytest.mark.parametrize("s", SENTENCES[1:])
def test_detect_encoded_sentences(s):
    assert detect_legacy_encoding(encode_tcvn3(s)) == "TCVN3"
    # capitals font (.VnTimeH): ASCII letters may be typed in capitals, legacy codes stay
    capitals = "".join(c.upper() if c.isascii() else c for c in encode_tcvn3(s))
    assert detect_legacy_encoding(capitals) == "TCVN3"
    assert convert_tcvn3(capitals, uppercase=True) == s.upper()
    assert detect_legacy_encoding(encode_vni(s)) == "VNI"


def test_detect_by_font_name():
    assert detect_legacy_encoding("Nam", ".VnTime") == "TCVN3"
    assert detect_legacy_encoding("B¶o", ".VnArialH") == "TCVN3"
    assert detect_legacy_encoding("Nam", "VNI-Times") == "VNI"
    assert detect_legacy_encoding("Nam", "Times New Roman") is None
    # Unicode text pasted into a cell that keeps an old font: not legacy
    assert detect_legacy_encoding("Hồ Chí Minh", ".VnTime") is None
    assert detect_legacy_encoding("Việt Nam", "VNI-Times") is None
    # a Unicode font does not hide legacy text
    assert detect_legacy_encoding("B¶o Th¾ng", "Arial") == "TCVN3"


def test_uppercase_font():
    assert is_tcvn3_uppercase_font(".VnTimeH")
    assert not is_tcvn3_uppercase_font(".VnTime")
    assert not is_tcvn3_uppercase_font("Times New Roman")
    assert not is_tcvn3_uppercase_font(None)


# --------------------------------------------------------------------------- formulas

@pytest.mark.parametrize("s", ["=SUM(A1:A2)", "+1", "-5", "@cmd", "  =1+1", "\t1", "\rx",
                               "\n=HYPERLINK(\"x\")", "＝1"])
def test_formula_like(s):
    assert is_formula_like(s)


@pytest.mark.parametrize("s", ["Nguyễn Văn A", "1-2", "a=b", "", "   ", "5", "email@x.vn"])
def test_not_formula_like(s):
    assert not is_formula_like(s)


def test_formula_like_non_string():
    assert not is_formula_like(None)  # type: ignore[arg-type]
    assert not is_formula_like(-5)  # type: ignore[arg-type]


def test_name_sort_key_takes_a_stray_tone_mark():
    """A combining accent typed alone between words (after a space) must not break sorting."""
    from toolkit.common.text import name_sort_key
    names = ["Nguyễn \u0301 An", "Lê Bình", "Trần Văn An"]
    assert sorted(names, key=name_sort_key)[-1] == "Lê Bình"
    assert name_sort_key("Nguyễn \u0301 An") != name_sort_key("Nguyễn An")
