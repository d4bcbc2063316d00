"""The "5 rõ" check of a pledge action (việc làm theo): is it concrete, and if not, what is missing.

A transparent rule set over the folded text (:func:`toolkit.common.text.fold`: lower case, tone
and letter marks stripped, đ → d); no model, every rule is a short word list or pattern below.

* **rõ việc** (``viec``): a concrete action verb (giải quyết, soạn, dự giờ, trồng, tặng, báo cáo…),
  or a generic one (thực hiện, tổ chức, xây dựng, hoàn thành…) whose object carries a measure.
  Abstract verbs alone (nâng cao, tăng cường, đẩy mạnh, phấn đấu, rèn luyện…) do not count.
* **rõ kết quả / sản phẩm** (``ket_qua``): a number with a unit or a countable noun (``12 hồ sơ``,
  ``2 buổi``, ``100% hồ sơ``, ``hai chuyên đề``), a checkable criterion (``đúng hạn``, ``không để
  tồn đọng``), or a named product after a concrete verb (``sổ theo dõi``, ``báo cáo``, ``ảnh Bác``).
  Numbers that are not results are neutralised first: years, school years, dates, document
  numbers (``Chỉ thị 05-CT/TW``), the ``5`` of ``5 điều Bác Hồ dạy``, and shares of people or units
  reaching a rating (``100% … hoàn thành tốt nhiệm vụ trở lên``). The row's goal column is read
  with the action, so it can give the result (not the action: a slogan in the action stays
  without "rõ việc" whatever verb its goal has).
* **rõ thời gian** (``thoi_gian``): a date, ``trước …``, ``hằng/mỗi tuần|tháng|quý``, ``quý II``,
  ``học kỳ I``, ``năm 2024``, ``trong năm``, ``đúng hạn``, ``trong vòng 3 ngày``… — or a filled
  ``deadline`` (the pledge row's own deadline column).
* **rõ trách nhiệm** (``trach_nhiem``): the pledge commits the writer, not others. Missing when the
  subject is a collective (``100% cán bộ…``, ``các đơn vị…``, ``mỗi đoàn viên…``) or the only verbs
  are ones of taking part (tham gia, phối hợp, góp phần, hưởng ứng).
* **rõ người** is given by the form (each pledge row belongs to a person) and never reported here.

Negative evidence is reported as stable reason codes: ``slogan``, ``document_reference``,
``striving``, ``rating_target``, ``collective``, ``standard_heading``, ``no_action``,
``no_measure``, ``no_time``. A pledge is vague when any "rõ" is missing (or it only repeats a
standard's name); the reasons say why. How the rules were written and measured, on which
corpus: ``docs/pledges/`` and ``scripts/eval_five_clear.py``.

The expensive patterns are tried only when a word they need is in the text (a substring test
costs far less than a regular expression with dozens of alternatives at every position).

>>> assess("Giải quyết 100% hồ sơ được giao đúng hạn, không để tồn đọng quá 3 ngày").vague
False
>>> v = assess("100% cơ quan, đơn vị hoàn thành tốt nhiệm vụ trở lên")
>>> v.vague, v.missing, v.reasons[:2]
(True, ('viec', 'ket_qua', 'thoi_gian', 'trach_nhiem'), ('rating_target', 'slogan'))
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from toolkit.common.text import fold

__all__ = ["CODES", "REASONS", "Verdict", "assess", "message_en", "message_vi"]

#: The "rõ" codes a verdict may report missing, in the order they are reported.
CODES: tuple[str, ...] = ("viec", "ket_qua", "thoi_gian", "trach_nhiem")
#: Every reason code, in the order they are reported.
REASONS: tuple[str, ...] = ("rating_target", "document_reference", "slogan", "striving",
                            "collective", "standard_heading", "no_action", "no_measure",
                            "no_time")


@dataclass(frozen=True)
class Verdict:
    """What :func:`assess` found: vague or not, the missing "rõ", and why."""

    vague: bool
    missing: tuple[str, ...]
    reasons: tuple[str, ...]


# --------------------------------------------------------------------------- word lists
# All patterns work on folded text. Keep each list short and readable: they are the rules.

def _alt(words: Iterable[str]) -> str:
    """An alternation of the words (a space in a word matches any white space), factorised as a
    trie: ``giup(?:\\s+do)?`` rather than ``giup\\s+do|giup``. Python's regular expressions try
    every alternative at every position; the trie tries one branch per first letter, 3–4 times
    faster for a hundred words, and still finds the longest word that matches first."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(node[ch])
                    for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if "" in node else "")

    return build(trie)


# units and countable nouns: a number followed by one of these is a measure
_UNITS = [
    "%", "phan tram", "ho so", "van ban", "buoi", "bai", "bai viet", "bai giang", "bai bao",
    "tin", "tin bai", "lan", "luot", "tiet", "tiet day", "gio", "phut", "ngay", "tuan", "thang",
    "hoc sinh", "em", "hs", "nguoi", "ho", "ho dan", "gia dinh", "suat", "phan qua", "qua",
    "cay", "cay xanh", "km", "m", "m2", "kg", "tan", "lit", "kwh", "trieu", "trieu dong", "dong",
    "nghin dong", "sang kien", "de tai", "chuyen de", "mo hinh", "cong trinh", "san pham",
    "giao an", "lop", "bao cao", "cuoc", "dot", "hoi nghi", "cuon", "cuon sach", "quyen",
    "quyen sach", "thon", "xom", "ban", "xa", "nhom", "don", "don thu", "vu", "vu viec", "ca",
    "benh nhan", "nguoi benh", "nha", "can", "thiet bi", "phan mem", "du an", "hop dong",
    "tai lieu", "video", "clip", "thu tuc", "tthc", "cong van", "ke hoach", "bien ban", "phieu",
    "cau hoi", "de", "de kiem tra", "hoc lieu", "lop hoc", "cau lac bo", "clb", "doan vien",
    "hoi vien", "dang vien", "quan chung", "tre", "chau", "co so", "doanh nghiep", "tieu chi",
    "chi tieu", "ky", "hoc ky", "quy", "so", "to", "hoat dong", "chuong trinh", "khoa hoc",
    "chung chi", "ban ve", "mau", "ha", "con", "chiec", "bo", "thung", "phong", "diem",
    "khoa", "khoa boi duong", "an pham", "so lieu", "phan anh", "yeu cau", "thu hoi", "thu",
    "doan", "doan khach", "nha dau tu", "cuoc goi", "hoc vien", "sinh vien", "tiet hoc",
    "cong nhan", "moc", "moc gioi", "ban tin", "bo anh", "anh", "danh ba",
]
_UNIT = rf"(?:{_alt(_UNITS)})"
# "năm/tư/sáu/tám/trăm" fold to "nam/tu/sau/tam/tram", which are also "year/from/after/heart/
# station": only the unambiguous number words are kept (five and above are written as digits)
_NUMBER_WORDS = ["mot", "hai", "ba", "bon", "bay", "chin", "muoi", "muoi hai", "hai muoi"]
# "một số", "một cách", "mỗi một" are not counts; a number word needs a unit noun after it
_NUMBER_WORD = rf"\b(?:{_alt(_NUMBER_WORDS)})\s+(?!so\b|cach\b|vai\b|it\b)"

# concrete action verbs: naming one of these is "rõ việc"
_CONCRETE_VERBS = [
    "giai quyet", "soan", "soan giang", "giang day", "day hoc", "day them", "day lop", "du gio",
    "kiem tra", "cham bai", "cham diem", "phu dao", "boi duong", "kem", "kem cap", "huong dan",
    "tu van", "kham", "kham benh", "dieu tri", "cham soc", "tiem", "xet nghiem", "trong cay",
    "trong hoa", "trong rau", "thu gom", "don dep", "ve sinh", "quet", "tang qua", "trao",
    "ung ho", "dong gop", "hien mau", "hien dat", "giup", "giup do", "do dau", "nhan do dau",
    "nhan giup do", "tham hoi", "treo", "lap", "lap dat", "sua chua", "sua", "viet bai",
    "viet tin", "doc", "dang tai", "cap nhat", "so hoa", "nhap lieu", "ra soat", "bao cao",
    "nop", "tra ket qua", "tra loi", "tiep cong dan", "tiep dan", "tiep nhan", "doi thoai",
    "di co so", "xuong co so", "xuong dia ban", "tuyen truyen", "van dong", "thu nop",
    "chi tra", "cap phat", "thanh tra", "giam sat", "xu ly", "hoa giai", "phan cong", "chia",
    "ghi", "ghi chep", "chup", "quay", "thiet ke", "lam moi", "xay", "be tong", "mua",
    "ban giao", "tat", "tap huan", "on tap", "ra de", "sap xep", "luu tru", "gui", "ky ket",
    "lay y kien", "khao sat", "thong ke", "kiem ke", "bao duong", "van hanh", "tuan tra",
    "dieu tra", "xac minh", "phat hien", "rut ngan", "cat giam", "giam", "tiet kiem",
    "tong hop", "tham dinh", "di lam", "tiep va lam viec", "lam viec voi", "xuat ban",
    "bien soan", "chuyen doi", "dao tao", "nghien cuu", "chi dao", "goi dien", "hoi tham",
    "bien dich", "dich thuat",
    "to chuc", "xay dung", "thuc hien", "hoan thanh", "trien khai", "tham gia", "chu tri",
    "dang ky", "ap dung", "su dung", "lam",
]
# generic verbs count as "rõ việc" only when the text also has a measure
_GENERIC_VERBS = {"to chuc", "xay dung", "thuc hien", "hoan thanh", "trien khai", "tham gia",
                  "chu tri", "dang ky", "ap dung", "su dung", "lam", "tiet kiem", "tuyen truyen",
                  "van dong", "giup", "giup do", "giam"}


_VERB = re.compile(rf"\b({_alt(_CONCRETE_VERBS)})\b")

# named products: a concrete verb + one of these is "rõ kết quả" without a number
_PRODUCTS = [
    "so theo doi", "so nhat ky", "so tay", "so ghi chep", "bao cao", "ke hoach", "giao an",
    "bai giang dien tu", "bai giang", "video", "phan mem", "danh sach", "bang tong hop",
    "bang theo doi", "anh bac", "tuong bac", "hop thu", "trang thong tin", "quy trinh",
    "bien ban", "ho so", "de cuong", "sang kien", "de tai", "tai lieu", "ban do", "mo hinh",
    "goc hoc tap", "tu sach", "thu vien", "vuon rau", "nha ve sinh", "so lieu", "an pham",
    "danh ba",
]
_PRODUCT = re.compile(rf"\b(?:{_alt(_PRODUCTS)})\b")
# checkable criteria that stand for a result
_CRITERIA = re.compile(
    r"\b(?:dung han|dung hen|dung gio|truoc han|khong vi pham|khong (?:de )?(?:xay ra )?"
    r"(?:ton dong|qua han|tre han|tre hen|sai sot|"
    r"sai|that lac|khieu nai|vuot cap)|khong co (?:ho so|don|vu viec)[^,;.]* (?:qua han|tre han|"
    r"ton dong))\b")

# time expressions
_TIME = re.compile(
    r"\b\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\b"                       # 30/6, 30/6/2024
    r"|\btruoc\s+(?:ngay|thang|quy|nam|hoc ky|tet|dip|le|khi|\d)"          # trước ngày/30/6
    r"|\b(?:hang|hanh|moi|tung)\s+(?:ngay|tuan|thang|quy|nam|ky|hoc ky|buoi|sang|chieu)\b"
    r"|\bdinh ky\b|\bthuong xuyen (?:hang|moi)\b"
    r"|\bquy\s+(?:i{1,3}|iv|[1-4])\b|\bhoc ky\s+(?:i{1,2}|[12])\b"
    r"|\bthang\s+\d{1,2}\b|\bnam\s+(?:19|20)\d\d\b|\bnam hoc\s+(?:19|20)\d\d"
    r"|\b(?:trong|ca|cuoi|dau|giua|het)\s+(?:nam|thang|quy|hoc ky|nam hoc|ky)\b"
    r"|\b(?:trong vong|trong|qua|khong qua|sau|chi trong|moi|sau moi)\s+\d+\s*"
    r"(?:ngay|gio|tuan|thang|phut|quy|nam)\b"
    r"|\bso voi\s+(?:nam truoc|nam ngoai|cung ky|nam (?:19|20)\d\d)"
    r"|\b\d+\s*(?:ngay|gio|phut)\s*(?:/|mot|moi)\s*(?:ho so|lan|ca)\b"
    r"|\bdung han\b|\bdung hen\b|\btruoc han\b"
    r"|\b(?:sang|chieu|toi)\s+thu\s+(?:hai|ba|tu|nam|sau|bay|\d)\b|\bchu nhat\b"
    r"|\btu\s+(?:ngay|thang)\s+\S+\s+den\b|\bden (?:ngay|thang|het|cuoi)\b"
    r"|\bnhan dip\b|\bdip\s+(?:\d|le|tet|ky niem)")

# negative evidence. As a search, a leading optional group only slows the match down:
# "(lao dong|don vi|…)? tien tien" finds what "tien tien" finds
_RATING = re.compile(
    r"hoan thanh\s+(?:tot|xuat sac|tot va xuat sac)?\s*(?:cac|moi)?\s*nhiem vu"
    r"|xep loai|danh hieu|dat chuan|dat tieu chuan|tien tien|chien si thi dua|vung manh|xuat sac"
    r"|kha gioi|dat loai|dat muc")
_COLLECTIVE_SUBJ = re.compile(
    r"^(?:\W*)(?:phan dau\s+)?(?:\d+(?:[.,]\d+)?\s*(?:-\s*\d+\s*)?%|100 phan tram|tat ca|toan the|"
    r"toan bo|cac|moi|nhung|100% cac)\s*(?:cac\s+)?(?:co quan|don vi|chi bo|to chuc|dang vien|"
    r"can bo|cong chuc|vien chuc|cb|cc|vc|cbcc|cbccvc|nguoi lao dong|doan vien|hoi vien|chi doan|"
    r"chi hoi|co so|to dan pho|thon|xa|phuong|ho|gia dinh|thanh vien|giao vien|nhan vien|"
    r"cong doan|phong|ban|khoa|truong|lop|hoc sinh|chien sy|chien si|cbcnv|cnvc)")
_PEOPLE = (r"\s*(?:cac\s+)?(?:co quan|don vi|chi bo|to chuc|dang vien|can bo|cong chuc|"
           r"vien chuc|cbcc\w*|nguoi lao dong|doan vien|hoi vien|chi doan|co so|to dan pho|thon|"
           r"xa|phuong|ho|gia dinh|giao vien|nhan vien|cong doan)\b[^;.]*")
_PERCENT_PEOPLE = re.compile(r"(\d+(?:[.,]\d+)?\s*(?:-\s*\d+\s*)?%|100 phan tram)" + _PEOPLE)
# what follows the "%" of _PERCENT_PEOPLE: tried after each "%" (a search tries every position)
_PEOPLE_AFTER = re.compile(_PEOPLE)
_PERCENT = re.compile(r"\b\d+\s*%")
_DOC_WORDS = ["chi thi", "nghi quyet", "quy dinh", "ket luan", "nghi dinh", "thong tu",
              "huong dan", "quyet dinh", "ke hoach", "cong van", "luat", "phap lenh", "dieu le",
              "quy che", "tw"]
_DOC = re.compile(
    rf"\b(?:chi thi|nghi quyet|quy dinh|ket luan|nghi dinh|thong tu)\s*(?:so\s*)?\d+[\w/.-]*"
    rf"(?!\s*(?:{_UNIT})\b)"
    rf"|\b(?:huong dan|quyet dinh|ke hoach|cong van|luat|phap lenh|dieu le|quy che)\s*"
    rf"(?:so\s*\d+[\w/.-]*|\d+\s*[-/][\w/.-]+)"
    rf"|\b(?:ct|nq|qd|kl|hd)\s*/\s*tw\b|\bnghi quyet (?:dai hoi|trung uong)\b")
# a document named as the action: tried only when one of these words is in the text
_DOC_ACTION_WORDS = ["chi thi", "nghi quyet", "quy dinh", "ket luan", "nghi dinh", "thong tu",
                     "huong dan", "dieu le", "quy che", "luat", "chu de", "cuoc van dong"]
_DOC_ACTION = re.compile(
    r"\b(?:thuc hien|tiep tuc thuc hien|ket hop thuc hien|quan triet|hoc tap|trien khai|chap hanh|"
    r"lam theo|thuc hien tot|thuc hien nghiem|van dung)\b[^;.]{0,40}?(?:chi thi|nghi quyet|"
    r"quy dinh|ket luan|nghi dinh|thong tu|huong dan|dieu le|quy che|luat|chu de|cuoc van dong)")
_SLOGANS = [
    r"\b[56] dieu bac ho day\b", r"\bnam dieu bac ho day\b",
    r"\bhoan thanh\s+(?:tot|xuat sac|tot va xuat sac)?\s*(?:cac|moi)?\s*nhiem vu\b",
    r"\bhoan thanh\s+(?:\d+\s*%|tat ca|toan bo)\s*(?:cac\s+)?nhiem vu\b",
    r"\b(?:tot|cao|nghiem|manh me) nhat\b", r"\bvung (?:y chi|y tri|vang)\b",
    r"\bchac niem tin\b", r"\btu dien bien\b|\btu chuyen hoa\b",
    r"\bcan,? kiem,? liem,? chinh\b", r"\bchi cong vo tu\b", r"\btrong sach,? vung manh\b",
    r"\bvung manh\b", r"\bhoc tap va lam theo (?:tu tuong|tam guong)\b",
    r"\bday tot,? ?-? ?hoc tot\b", r"\b(?:chan tinh|nong hau)\b", r"\bvan minh\b",
    r"\b(?:thuc hien|to chuc|lam|chap hanh|giu) (?:tot|nghiem|dung)\b(?! (?:gio|han|hen))",
    r"\bdoan ket tot\b", r"\bsoi noi\b", r"\bthiet thuc\b", r"\bhieu qua cao\b",
    r"\bdat hieu qua\b", r"\bgop phan\b", r"\bkhong ngung\b",
]
_SLOGAN = re.compile("|".join(_SLOGANS))
_STRIVING_WORDS = [
    "phan dau", "no luc", "co gang", "ra suc", "quyet tam", "nang cao", "tang cuong", "day manh",
    "tao khi the", "phat huy", "tich cuc", "chu dong", "ren luyen", "tu duong", "giu gin",
    "giu vung", "gop phan", "sua doi loi lam viec", "nang cao tinh than", "nang cao y thuc",
    "thuc hanh tiet kiem", "cam ket", "tiep tuc", "doi moi", "khac phuc"]
_STRIVING = re.compile(rf"\b(?:{_alt(_STRIVING_WORDS)}|hoc tap,? lam theo)\b")
_PARTICIPATE_ONLY = re.compile(r"\b(?:tham gia|phoi hop|gop phan|huong ung|ung ho chu truong)\b")
# neutralised numbers (not results)
_SCHOOL_YEAR = re.compile(r"\bnam hoc\s+(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\b")
_TASK_SHARE = re.compile(r"\b\d+\s*%\s*(?:cac\s+)?nhiem vu\b")
_BAC_HO_DAY = re.compile(r"\b(?:[56]|nam|sau) dieu bac ho day\b")
_MEASURE = re.compile(
    rf"(?:\d+(?:[.,]\d+)?\s*(?:-\s*\d+(?:[.,]\d+)?\s*)?(?:%|\b{_UNIT}\b))"
    rf"|(?:{_NUMBER_WORD}{_UNIT}\b)"
    rf"|\b(?:toan bo|tat ca|100%)\s+(?:cac\s+)?(?:ho so|van ban|don|don thu|hoc sinh|"
    rf"thu tuc|ke hoach|bao cao|giao an|bai)\b")
_DIGIT = re.compile(r"\d")
# words a pledge may use beside a standard's name and still only repeat it
_FILLER = frozenset({"nang", "cao", "thuc", "hien", "tot", "hon", "tang", "cuong", "day", "manh",
                     "giu", "gin", "phat", "huy", "ren", "luyen", "luon", "trong", "cong", "viec",
                     "ban", "than", "va", "cua", "voi", "theo", "la", "co", "y", "tinh", "su",
                     "cac", "moi"})
_WORDS = re.compile(r"\w+")
# bytes.translate table for ASCII text: word characters kept, every other one a space
_ASCII_WORDS = bytes(c if c > 127 or _WORDS.match(chr(c)) else 32 for c in range(256))


def words(folded: str) -> list[str]:
    """The words (runs of word characters, as ``re.findall(r"\\w+")``) of a folded text; fast
    for ASCII text, which is what fold() gives for Vietnamese."""
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    return _WORDS.findall(folded)


def _needles(needles: Iterable[str]) -> Callable[[str], re.Match[str] | None]:
    """A test whether a text holds one of the strings anywhere (one search, not one per string)."""
    return re.compile(_alt(needles)).search


_HAS_DOC_WORD = _needles(_DOC_WORDS)
_HAS_DOC_ACTION_WORD = _needles(_DOC_ACTION_WORDS)


def _blank_rating(reasons: list[str]):  # noqa: ANN202 - a re.sub callback
    def blank(m: re.Match[str]) -> str:
        if _RATING.search(m.group(0)):
            reasons.append("rating_target")
            return " " + _DIGIT.sub(" ", m.group(0)).replace("%", " ") + " "
        return m.group(0)
    return blank


def _percent_of_people(text: str) -> bool:
    """Whether _PERCENT_PEOPLE occurs in the text: its people part tried after each "%" only."""
    if "phan tram" in text:
        return _PERCENT_PEOPLE.search(text) is not None
    at = text.find("%")
    while at >= 0:
        if text[:at].rstrip()[-1:].isdigit() and _PEOPLE_AFTER.match(text, at + 1):
            return True
        at = text.find("%", at + 1)
    return False


def _neutralise(folded: str, doc_words: bool = True) -> tuple[str, list[str]]:
    """The text with numbers that are not results blanked out, and the reasons found doing so
    (``doc_words``: whether the text holds a word of _DOC_WORDS, when the caller knows)."""
    reasons: list[str] = []
    text = folded
    percent = "%" in text
    if percent or "100 phan tram" in text:
        if _percent_of_people(text):
            text = _PERCENT_PEOPLE.sub(_blank_rating(reasons), text)
        elif _PERCENT.search(text) and _RATING.search(text) and not _VERB.search(
                re.sub(r"\bhoan thanh\b", "", text)):
            reasons.append("rating_target")
            text = re.sub(r"\d+\s*%", " ", text)
    if doc_words and _HAS_DOC_WORD(text) and _DOC.search(text):
        text = _DOC.sub(lambda m: " van ban " + re.sub(r"[\d/]", " ", m.group(0)) + " ", text)
    if "dieu bac ho day" in text:
        text = _BAC_HO_DAY.sub(" dieu bac ho ", text)
    if percent and "nhiem vu" in text:   # "100% nhiệm vụ (được giao)": every task, not a result
        text = _TASK_SHARE.sub(" nhiem vu", text)
    if _DIGIT.search(text):
        if "nam hoc" in text:
            text = _SCHOOL_YEAR.sub(" nam hoc ", text)
        if "/" in text:
            text = _DATE.sub(" ", text)
        if "19" in text or "20" in text:
            text = _YEAR.sub(" ", text)
    return text, reasons


@functools.lru_cache(maxsize=64)
def _heading_words(standards: tuple[str, ...]) -> tuple[frozenset[str],
                                                         tuple[tuple[frozenset[str],
                                                                     frozenset[str]], ...]]:
    """Every word a pledge may use and still only repeat a standard's name, and for each standard
    its name's words with the words allowed beside them (those and the filler words)."""
    heads = [frozenset(words(fold(n))) for n in standards]
    each = tuple((w, w | _FILLER) for w in heads if w)
    return _FILLER.union(*heads), each


def names_only(action_words: Iterable[str], standards: tuple[str, ...]) -> bool:
    """Whether the words of an action only repeat one standard's name (with filler words)."""
    found = frozenset(action_words)
    if found and standards:
        anywhere, each = _heading_words(standards)
        if found <= anywhere:   # else no standard's allowed words hold them all
            for name_words, allowed in each:
                if found <= allowed and not found.isdisjoint(name_words):
                    return True
    return False


def assess(action: str, goal: str = "", deadline: object = None, *,
           standards: Sequence[str] = (), explain: bool = True) -> Verdict:
    """The "5 rõ" verdict of one pledge row.

    ``action`` is the pledge text (việc làm theo), ``goal`` the row's goal/product column and
    ``deadline`` its deadline column (any value that is not empty gives "rõ thời gian").
    ``standards`` are the names of the standards catalogue: an action that only repeats one of
    them is vague (``standard_heading``). With ``explain`` false, the reasons that decide
    nothing (``slogan``, ``striving``) are looked for only when the pledge is vague: the same
    verdict for a vague pledge, fewer reasons for a concrete one, in less time.
    """
    # the two texts folded apart (each is remembered: actions and goals repeat) and joined
    folded_action = fold(action or "")
    folded_goal = fold(goal) if goal else ""
    raw = folded_action
    if folded_goal:
        raw = f"{raw} {folded_goal}" if raw else folded_goal
    doc_words = _HAS_DOC_WORD(raw) is not None
    text, reasons = _neutralise(raw, doc_words)

    doc_ref = (doc_words and _DOC.search(raw) is not None) or (
        _HAS_DOC_ACTION_WORD(raw) and _DOC_ACTION.search(raw) is not None
        and _MEASURE.search(text) is None)
    if doc_ref:
        reasons.append("document_reference")
    collective = _COLLECTIVE_SUBJ.search(raw) is not None
    if collective:
        reasons.append("collective")
    if standards and names_only(words(folded_action), tuple(standards)):
        reasons.append("standard_heading")

    # rõ kết quả: a measure left after neutralising, a checkable criterion, or a named product
    verbs = _VERB.findall(text)
    concrete_verbs = [v for v in verbs if " ".join(v.split()) not in _GENERIC_VERBS]
    measure = _MEASURE.search(text) is not None or _CRITERIA.search(text) is not None
    product = bool(concrete_verbs) and _PRODUCT.search(text) is not None
    has_result = measure or product
    # rõ việc: a concrete verb, or a generic one with a measure; a document reference or a
    # slogan in place of the action gives no action
    has_action = bool(concrete_verbs) or (bool(verbs) and measure)
    if "rating_target" in reasons and not concrete_verbs:
        has_action = False
    if doc_ref and not measure:
        has_action = False
    if has_action and folded_goal and _SLOGAN.search(folded_action) \
            and not _own_concrete_verb(folded_action):
        # a slogan in the action ("Hoàn thành 100% nhiệm vụ được giao") is not rescued by the
        # goal's verb ("báo cáo kết quả…"): the goal can give the result and the time, the
        # action must say what will be done
        has_action = False
    has_time = bool(deadline is not None and str(deadline).strip()) or (
        _TIME.search(raw) is not None)
    # rõ trách nhiệm: the writer's own commitment
    own = not collective and "rating_target" not in reasons
    if own and not concrete_verbs and not measure and _PARTICIPATE_ONLY.search(text):
        own = False

    missing = []
    if not has_action:
        missing.append("viec")
        reasons.append("no_action")
    if not has_result:
        missing.append("ket_qua")
        reasons.append("no_measure")
    if not has_time:
        missing.append("thoi_gian")
        reasons.append("no_time")
    if not own:
        missing.append("trach_nhiem")
    vague = bool(missing) or "standard_heading" in reasons
    if vague or explain:
        if _SLOGAN.search(raw):
            reasons.append("slogan")
        if _STRIVING.search(raw):
            reasons.append("striving")
    ordered = tuple(r for r in REASONS if r in reasons)
    return Verdict(vague=vague, missing=tuple(missing), reasons=ordered)


# --------------------------------------------------------------------------- messages

_RO_VI = {"viec": "rõ việc", "ket_qua": "rõ kết quả (sản phẩm)", "thoi_gian": "rõ thời gian",
          "trach_nhiem": "rõ trách nhiệm"}
_RO_EN = {"viec": "a clear action", "ket_qua": "a clear result (product)",
          "thoi_gian": "a clear time", "trach_nhiem": "a clear personal responsibility"}
_WHY_VI = {
    "rating_target": "lấy tỷ lệ xếp loại, danh hiệu làm mục tiêu thay cho kết quả công việc",
    "document_reference": "nêu tên văn bản (chỉ thị, nghị quyết, quy định) thay cho việc làm",
    "slogan": "dùng khẩu hiệu chung chung (như “hoàn thành tốt nhiệm vụ”, “thực hiện tốt…”)",
    "striving": "chỉ nêu quyết tâm, phấn đấu, “nâng cao…” mà không nói làm gì",
    "collective": "đăng ký thay cho tập thể hoặc người khác",
    "standard_heading": "chỉ nhắc lại tên chuẩn mực",
}
_WHY_EN = {
    "rating_target": "a share of ratings or titles is used as the target instead of a work result",
    "document_reference": "a document (directive, resolution, regulation) is named instead of an"
                          " action",
    "slogan": "a generic slogan (\"complete the tasks well\", \"do … well\")",
    "striving": "only resolve or striving (\"raise…\", \"strive…\"), not what will be done",
    "collective": "it commits a collective or other people",
    "standard_heading": "it only repeats the name of a standard",
}
_EXAMPLE_VI = {
    "hồ sơ": "Giải quyết 100% hồ sơ được giao đúng hạn, không để tồn đọng quá 3 ngày; báo cáo "
             "số hồ sơ trễ hằng tháng",
    "dạy": "Soạn và dạy 10 tiết có ứng dụng bài giảng điện tử trong học kỳ I; dự giờ đồng nghiệp "
           "2 tiết mỗi tháng",
    "y tế": "Tư vấn trước khi ra viện cho 100% người bệnh khoa mình phụ trách; không để người bệnh "
            "chờ khám quá 30 phút, tự kiểm tra hằng tuần",
    "tiết kiệm": "Tắt điện, điều hòa khi rời phòng; giảm 10% tiền điện của phòng so với năm 2023, "
                 "theo dõi hằng quý",
    "chung": "Hoàn thành 12 hồ sơ thẩm định được giao trước ngày 30/6/2024; báo cáo kết quả hằng "
             "quý",
}
_EXAMPLE_EN = {
    "hồ sơ": "Settle 100% of the files assigned on time, none pending more than 3 days; report "
             "late files monthly",
    "dạy": "Prepare and teach 10 lessons with e-lecture slides in term I; observe 2 colleague "
           "lessons a month",
    "y tế": "Counsel 100% of discharged patients of my ward; no patient waits more than 30 "
            "minutes, checked weekly",
    "tiết kiệm": "Switch off lights and air conditioning when leaving; cut the room's electricity"
                 " bill by 10% against 2023, checked quarterly",
    "chung": "Complete the 12 appraisal files assigned before 30/6/2024; report quarterly",
}


def _own_concrete_verb(folded: str) -> bool:
    """Whether the folded action text itself (without the goal column) has a concrete verb."""
    text, _ = _neutralise(folded, _HAS_DOC_WORD(folded) is not None)
    return any(" ".join(v.split()) not in _GENERIC_VERBS for v in _VERB.findall(text))


def _topic(text: str) -> str:
    t = fold(text)
    if re.search(r"\b(?:ho so|thu tuc|mot cua|tiep dan|cong dan)\b", t):
        return "hồ sơ"
    if re.search(r"\b(?:hoc sinh|giao vien|day|giang day|nam hoc|lop|bac ho day)\b", t):
        return "dạy"
    if re.search(r"\b(?:benh|y te|kham|bac si|dieu duong)\b", t):
        return "y tế"
    if re.search(r"\b(?:tiet kiem|lang phi|dien|nuoc)\b", t):
        return "tiết kiệm"
    return "chung"


def _join_vi(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def message_vi(verdict: Verdict, text: str = "") -> str:
    """A Vietnamese explanation: which "rõ" is missing, why, and an example fix.

    ``text`` (the pledge) picks an example close to its field (hồ sơ, dạy học, y tế, tiết kiệm).
    """
    if not verdict.vague:
        return "Việc làm theo đã rõ việc, rõ kết quả, rõ thời gian."
    parts = []
    if verdict.missing:
        parts.append("Thiếu " + _join_vi([_RO_VI[c] for c in verdict.missing]) + ".")
    why = [_WHY_VI[r] for r in verdict.reasons if r in _WHY_VI]
    if why:
        parts.append("Lý do: " + "; ".join(why) + ".")
    parts.append(f"Ví dụ: \"{_EXAMPLE_VI[_topic(text)]}\".")
    return " ".join(parts)


def message_en(verdict: Verdict, text: str = "") -> str:
    """The English twin of :func:`message_vi`."""
    if not verdict.vague:
        return "The action is clear: what, result, and when."
    parts = []
    if verdict.missing:
        parts.append("Missing " + _join_en([_RO_EN[c] for c in verdict.missing]) + ".")
    why = [_WHY_EN[r] for r in verdict.reasons if r in _WHY_EN]
    if why:
        parts.append("Why: " + "; ".join(why) + ".")
    parts.append(f"For example: \"{_EXAMPLE_EN[_topic(text)]}\".")
    return " ".join(parts)
