"""The fast paths of reading and validation give exactly what the plain algorithms give.

Reading remembers header keys and cleaned cell texts across workbooks, validation converts the
common values without convert_value(), and text.py skips work it can prove is a no-op. Each test
here sets a fast path against a plain reference written out below (the algorithm as it stood
before the fast path), on real workbooks where a workbook is involved, and on inputs chosen to
trip it: texts seen tidy in one file and dirty in the next, moved or decorated headers, odd
spaces, zero-width characters, tone marks in every position.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import filled_workbook, pledge_rows
from toolkit.common import legacy_encodings, text
from toolkit.common.text import _SPACE_LIKE, canonical, clean, fold
from toolkit.forms import get_form
from toolkit.forms.spec import Row
from toolkit.read import workbook as reading
from toolkit.read.convert import cached_choice_lists, convert_value
from toolkit.read.workbook import ReadResult, open_workbook, read_meta, read_workbook, sheet_rows
from toolkit.rules import five_clear
from toolkit.rules.context import Context
from toolkit.rules.engine import validate

PLEDGE = get_form("pledge")
TRICKY = [
    "", " ", "  ", "\u00a0", "\u200b", "\ufeff", "\t", "\r\n", "a\u00a0b", "a  b", " a", "a ",
    "Đọc sách\u00a0hằng tuần", "Đọc\u200bsách", "\ufeffĐọc sách", "Đọc\tsách",
    "Đọc sách\r\nmỗi quý",
    "dòng 1\n\n\n\ndòng 2", unicodedata.normalize("NFD", "Nguyễn Thị Hoà Bình"), "Hòa", "Hoà",
    "thủy", "thuỷ", "khỏe", "khoẻ", "hòang", "e\u0301\u0302", "o\u0323\u031b", "ĐÀO ðào ɖ Ɖ Ð",
    "Ωmega Å ﬁ İ Σς", "Мария", "各位", "mixed é and ệ", "\u1e4d\u1e79", "x\u0301", "\u0301x",
    "Mã cán bộ *", "HỌ VÀ TÊN:", "Mục\u00a0tiêu", "µm", "B¶o Th¾ng", "chaøo",
]


# ------------------------------------------------------------------------------ references

def ref_fold(s: str) -> str:
    if s.isascii():
        return " ".join(s.lower().split())
    s = unicodedata.normalize("NFD", s.translate(text._FOLD_TABLE).lower())
    s = s.translate(text._STRIP_MARKS)
    return unicodedata.normalize("NFC", " ".join(s.split()))


def ref_fix_mark_order(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    if not any(m in s for m in text._TONE_MARKS):
        return unicodedata.normalize("NFC", s)

    def reorder(m: re.Match[str]) -> str:
        marks = m.group(2)
        quality = [c for c in marks if c in text._QUALITY_MARKS]
        others = [c for c in marks if c not in text._QUALITY_MARKS]
        return m.group(1) + "".join(quality) + "".join(others)

    return unicodedata.normalize("NFC", text._COMBINING_RUN.sub(reorder, s))


def ref_canonical(s: str) -> str:
    s = " ".join(ref_fix_mark_order(s).lower().split())
    return text._WORD.sub(lambda m: text._place_tone(m.group(0)), s)


def ref_clean(value: Any) -> Any:
    """clean() by its slow path only."""
    if not isinstance(value, str):
        return value
    s = unicodedata.normalize("NFC", value).replace("\r\n", "\n").translate(_SPACE_LIKE)
    lines = [re.sub(" {2,}", " ", line).strip() for line in s.split("\n")]
    return re.sub("\n{3,}", "\n\n", "\n".join(lines)).strip() or None


def ref_header_key(value: Any) -> str:
    return ref_fold(value).rstrip(" *:").strip() if isinstance(value, str) else ""


def ref_table(grid: list[list[Any]], table: Any) -> tuple[int | None, dict[str, int], list]:
    """locate_columns() and read_table() as plain loops: every row scanned, every cell cleaned."""
    lookup: dict[str, str] = {}
    for f in table.fields:
        for h in f.headers:
            lookup.setdefault(ref_header_key(h), f.key)
    best_row, best = None, {}
    for r, row in enumerate(grid[:reading.HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for c, value in enumerate(row):
            key = lookup.get(ref_header_key(value))
            if key and key not in found:
                found[key] = c
        if len(found) > len(best):
            best_row, best = r, found
    if best_row is None or len(best) < max(1, min(2, len(table.fields))):
        return None, {}, []
    width = max(best.values()) + 1
    rows = []
    for r in range(best_row + 1, len(grid)):
        line = list(grid[r]) + [None] * max(0, width - len(grid[r]))
        values = {}
        for key, c in best.items():
            v = line[c]
            values[key] = ref_clean(v) if v.__class__ is str else (None if v == "" else v)
        if any(v is not None for v in values.values()):
            rows.append((r + 1, values))
    return best_row, best, rows


def typed(values: dict[str, Any]) -> list[tuple[str, type, Any]]:
    """Values with their types and in order (1 == 1.0 == True would hide a difference)."""
    return [(k, type(v), v) for k, v in values.items()]


def assert_read_as_reference(data: bytes, form: Any = PLEDGE) -> Any:
    wb = open_workbook(data)
    result = read_workbook(data, form, "a.xlsx", wb=wb, meta=read_meta(wb, list(wb.sheet_names)))
    for table in form.tables:
        grid = sheet_rows(open_workbook(data), reading.find_sheet(result.sheet_names, table))
        header_row, cols, rows = ref_table(grid, table)
        assert reading.locate_columns(grid, table) == (header_row, cols)
        got = result.tables[table.key]
        assert [r.number for r in got] == [n for n, _ in rows]
        assert [typed(r.values) for r in got] == [typed(v) for _, v in rows]
        assert all(r.columns == cols for r in got)
    return result


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _good(ws: Any, tmp_path: Path) -> bytes:
    unit = next(iter(ws.roster().units))
    return filled_workbook(ws, tmp_path / "a.xlsx", unit, pledge_rows(ws, unit)).read_bytes()


# ------------------------------------------------------------------------------ reading

def test_moved_and_decorated_headers_after_the_memo_is_filled(ws, tmp_path) -> None:
    good = _good(ws, tmp_path)
    assert_read_as_reference(good)                       # fills the header and text memos
    wb = openpyxl.load_workbook(io.BytesIO(good))
    sheet = wb["Đăng ký"]
    sheet.move_range("F1:F200", cols=4)                  # goal -> J
    sheet.move_range("I1:I200", cols=-3)                 # note -> F
    moved = _save(wb)
    result = assert_read_as_reference(moved)
    goals = {r.values["goal"] for r in result.tables["pledges"] if r.values.get("action")}
    assert goals == {"Đạt 100% chỉ tiêu, báo cáo hằng quý"}
    assert result.tables["pledges"][0].columns["goal"] == 9
    # the same header texts decorated: a star, a colon, capitals, a non-breaking space, and a
    # long run of stars (too long to be remembered, still a header)
    wb = openpyxl.load_workbook(io.BytesIO(good))
    sheet = wb["Đăng ký"]
    sheet["A6"] = "Mã cán bộ *"
    sheet["B6"] = "HỌ VÀ TÊN:"
    sheet["F6"] = "Mục\u00a0tiêu,  kết quả cần đạt"
    sheet["G6"] = "Thời hạn hoàn thành" + " *" * 150
    assert_read_as_reference(_save(wb))
    assert_read_as_reference(good)                       # and the plain file again


def test_a_second_header_row_and_a_header_in_the_data(ws, tmp_path) -> None:
    """Ties keep the first row; a row with every header ends the scan, never an earlier one."""
    wb = openpyxl.load_workbook(io.BytesIO(_good(ws, tmp_path)))
    sheet = wb["Đăng ký"]
    sheet["A5"], sheet["B5"] = "Mã cán bộ", "Họ và tên"      # a partial header above the real one
    for c, value in enumerate(["Mã cán bộ", "Họ và tên", "Chức vụ", "Việc làm theo"], 1):
        sheet.cell(9, c).value = value                        # and one below it
    assert_read_as_reference(_save(wb))
    wb = openpyxl.load_workbook(io.BytesIO(_good(ws, tmp_path)))
    wb["Đăng ký"]["H6"] = "Ghi chú khác"                      # no row has every header now
    assert_read_as_reference(_save(wb))


def test_texts_seen_tidy_then_with_odd_characters(ws, tmp_path) -> None:
    good = _good(ws, tmp_path)
    first = assert_read_as_reference(good)
    action = next(r.values["action"] for r in first.tables["pledges"] if r.values.get("action"))
    wb = openpyxl.load_workbook(io.BytesIO(good))
    sheet = wb["Đăng ký"]
    rows = [r for r in range(7, sheet.max_row + 1) if sheet.cell(r, 4).value]
    variants = [action + "\u00a0", "\u200b" + action, action.replace(" ", "  ", 1),
                action.replace(" ", "\t", 1), "\ufeff" + action, action + "\r\nthêm dòng",
                unicodedata.normalize("NFD", action), " " + action + " "]
    for r, value in zip(rows, variants):
        sheet.cell(r, 4).value = value
    # an extra row holding only texts that clean to nothing: not a row at all
    blank = sheet.max_row + 1
    sheet.cell(blank, 4).value = "\u200b"
    sheet.cell(blank, 6).value = "   "
    sheet.cell(blank, 8).value = "\ufeff"
    # and one with a real value beside them
    sheet.cell(blank + 1, 4).value = "\u00a0"
    sheet.cell(blank + 1, 8).value = "ghi chú"
    result = assert_read_as_reference(_save(wb))
    numbers = [r.number for r in result.tables["pledges"]]
    assert blank not in numbers and blank + 1 in numbers
    read = {r.number: r.values["action"] for r in result.tables["pledges"]}
    assert read[rows[0]] == read[rows[1]] == read[rows[4]] == read[rows[7]] == action
    assert read[rows[5]] == action + "\nthêm dòng"
    # the dirty texts are now remembered: the tidy file still reads the same
    assert_read_as_reference(good)


def test_the_text_memo_emptied_between_and_inside_files(ws, tmp_path, monkeypatch) -> None:
    good = _good(ws, tmp_path)
    monkeypatch.setattr(reading._TextMemo, "MAX_TEXTS", 5)
    reading._TEXTS.clear()
    assert_read_as_reference(good)          # more texts than the memo holds, in one table
    assert_read_as_reference(good)
    monkeypatch.setattr(reading._TextMemo, "MAX_CHARS", 10)
    assert_read_as_reference(good)
    assert_read_as_reference(good)
    reading._TEXTS.clear()


def test_grids_with_values_calamine_never_gives() -> None:
    """A str subclass, an object equal to "" and an unhashable value: read cell by cell."""

    class Text(str):
        pass

    class Nothing:
        def __eq__(self, other: object) -> bool:
            return other == ""

        __hash__ = None  # type: ignore[assignment]

    table = PLEDGE.tables[1]
    header = ["Hoạt động thi đua", "Mục tiêu", "Thời gian thực hiện", "Người/bộ phận phụ trách"]
    for odd in (Text(" có khoảng trắng "), Text(""), Nothing(), ["x"]):
        grid = [header, ["Thi đua", odd, "  ", None], ["", odd, "", ""], ["", "", "", ""],
                ["a\u00a0b", 3.0, dt.date(2024, 1, 2), True], ["x"]]
        rows, _ = reading.read_table(grid, table, "Thi đua")
        _, _, expected = ref_table(grid, table)
        assert [(r.number, typed(r.values)) for r in rows] == [(n, typed(v)) for n, v in expected]


def test_clean_fast_check_agrees_with_the_slow_path() -> None:
    assert all(not chr(c).isprintable() for c in _SPACE_LIKE)
    samples = list(TRICKY)
    for c in range(0x10000):
        ch = chr(c)
        samples += [ch, f"a{ch}b", f" {ch}", f"{ch} "]
    for s in samples:
        assert clean(s) == ref_clean(s), repr(s)


# ------------------------------------------------------------------------------ text

def _random_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    letters = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
               "ùúủũụừứửữựỳýỷỹỵÒÓỎÕỌÙÚỦŨỤ ,.;:*-_0123456789")
    extra = ["\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323",
             "\u1dc4", "\u00a0", "\u200b", "\t", "\n", "ð", "ɖ", "Ð", "Ɖ", "İ", "Σ", "ß", "ﬁ",
             "각", "\u0f73", "\u0344", "ø", "ṍ", "ṹ", "ǅ", "Ⅻ"]
    out = []
    for _ in range(n):
        s = "".join(rng.choice(letters) if rng.random() < 0.75 else rng.choice(extra)
                    for _ in range(rng.randrange(0, 24)))
        out.append(unicodedata.normalize("NFD", s) if rng.random() < 0.3 else s)
    return out


def test_fold_and_canonical_agree_with_the_plain_algorithms() -> None:
    samples = TRICKY + _random_texts(1, 20000)
    samples += [chr(c) for c in range(0x10000)] + [f"o{chr(c)}a" for c in range(0x300, 0x370)]
    for s in samples:
        assert fold(s) == ref_fold(s), repr(s)
        assert canonical(s) == ref_canonical(s), repr(s)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_fold_and_canonical_on_any_text(s: str) -> None:
    assert fold(s) == ref_fold(s)
    assert canonical(s) == ref_canonical(s)


def test_latin_letters_need_no_mark_reordering() -> None:
    """What _fix_mark_order's shortcut relies on, for every character the shortcut accepts."""
    for c in [*range(0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(c)
        assert text._NOT_LATIN.search(ch) is None
        assert unicodedata.combining(ch) == 0
        assert unicodedata.combining(unicodedata.normalize("NFD", ch)[0]) == 0
        if unicodedata.is_normalized("NFC", ch):
            assert ref_fix_mark_order(ch) == ch, hex(c)


def test_every_o_or_u_with_a_tone_is_known() -> None:
    """canonical() moves no tone unless one of these characters is in the text."""
    split = text._split_tone.__wrapped__
    found = {chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c < 0xE000 and split(chr(c))[1] and split(chr(c))[0] in ("o", "u")}
    assert found == set(text._TONED_O_U.pattern[1:-1])


def test_a_letter_is_what_the_word_pattern_matches() -> None:
    """canonical() finds the words around a toned letter with _is_letter(), in place of _WORD."""
    word = re.compile(r"[^\W\d_]")
    differ = [hex(c) for c in range(sys.maxunicode + 1)
              if text._is_letter(chr(c)) != bool(word.match(chr(c)))]
    assert differ == []
    assert text._WORD.pattern == r"[^\W\d_]+"


def test_tones_are_placed_in_words_next_to_digits_marks_and_punctuation() -> None:
    for s in ("hòa2thủy", "_hòa_", "hòa-thủy.khỏe", "2hòa", "hòáa", "xhòax hòa",
              "hòahòa thủythủy", "ò", "ọa", "a ủy b", "ủy²", "½hòa"):
        assert canonical(s) == ref_canonical(s), repr(s)


def test_unicode_vietnamese_letters() -> None:
    def plain(s: str) -> bool:
        return any(ord(ch) > 0xFF and (ch in "ĂăĐđƠơƯưĨĩŨũ" or 0x1EA0 <= ord(ch) <= 0x1EF9
                                       or 0x0300 <= ord(ch) <= 0x036F) for ch in s)

    for c in range(sys.maxunicode + 1):
        if not 0xD800 <= c < 0xE000:
            assert legacy_encodings._has_unicode_vietnamese(chr(c)) == plain(chr(c)), hex(c)


# ------------------------------------------------------------------------------ validation

def _context(ws: Any, file: str = "a.xlsx") -> Context:
    return Context(config=ws.config, roster=ws.roster(), file=file)


def test_converted_values_are_what_convert_value_gives(ws) -> None:
    """Text, ids, choices and dates are converted without convert_value(): same values, same
    bad cells, for the odd raw values a ReadResult may hold."""
    config = ws.config
    lists = cached_choice_lists(config)
    label = lists["standards"][0]
    raws: dict[str, list[Any]] = {
        "person_id": ["CB1", " CB1 ", "   ", "", 12.0, 12.5, True, dt.date(2024, 1, 2)],
        "name": ["Lê Hoa", "  ", " Lê Hoa ", "", 7.0, dt.datetime(2024, 5, 1, 8)],
        "action": ["Đọc 4 cuốn sách", "\t", " x ", "", 3.0, False, dt.date(2024, 1, 1)],
        "standard": [label, f"  {label} ", label.lower(), label.split(". ")[0], "không có",
                     "", " ", 1.0, dt.date(2024, 3, 3)],
        "deadline": [dt.date(2024, 9, 30), dt.date(2023, 9, 30), dt.datetime(2024, 9, 30, 7),
                     "30/09/2024", " ", "", "abc", 45565.0, True, dt.time(8, 0)],
    }
    table = PLEDGE.tables[0]
    n = max(len(v) for v in raws.values())
    rows = [Row(7 + i, {k: v[i % len(v)] for k, v in raws.items()},
                {f.key: c for c, f in enumerate(table.fields)}) for i in range(n)]
    meta = {"period": "2024"}
    result = ReadResult(meta=meta, sheet_names=[], tables={"pledges": rows, "emulation": []})
    from toolkit.rules.cells import convert_rows
    records = convert_rows(PLEDGE, result, _context(ws), "DV1", [])
    for row, rec in zip(rows, records["pledges"]):
        for key, raw in row.values.items():
            value, bad = convert_value(table.field(key), raw, config, lists)
            if bad:
                assert rec[key] is None and key in rec["_bad"], (key, raw)
                assert rec["_raw"][key] is not None
            else:
                assert (type(rec[key]), rec[key]) == (type(value), value), (key, raw)


def test_legacy_text_is_reported_in_every_file(ws, tmp_path) -> None:
    """The memo of detect_legacy_encoding() must not hide the issue in a second file."""
    from tests.corpus.make_corpus import to_tcvn3
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    for r in rows["pledges"]:
        if r.get("action"):
            r["action"] = to_tcvn3("Đọc 4 cuốn sách về Bác trong năm") + f" {r['person_id']}"
    data = filled_workbook(ws, tmp_path / "a.xlsx", unit, rows).read_bytes()
    for _ in range(2):
        wb = open_workbook(data)
        result = read_workbook(data, PLEDGE, "a.xlsx", wb=wb,
                               meta=read_meta(wb, list(wb.sheet_names)))
        outcome = validate(result, _context(ws))
        assert [i.code for i in outcome.issues].count("FILE_LEGACY_ENCODING") == 1


# ------------------------------------------------------------------------------ pledge rules

def ref_names_only(action: str, standard_names: tuple[str, ...]) -> bool:
    words = set(re.findall(r"\w+", ref_fold(action)))
    for n in standard_names:
        name_words = frozenset(re.findall(r"\w+", ref_fold(n)))
        if words and words <= (name_words | five_clear._FILLER) and len(words & name_words):
            return True
    return False


def test_words_of_a_folded_text() -> None:
    for s in TRICKY + _random_texts(2, 5000) + [fold(t) for t in _random_texts(3, 5000)]:
        words = five_clear.words(s)
        assert words == re.findall(r"\w+", s)
        assert " ".join(words) == re.sub(r"\W+", " ", s).strip()


def test_standard_heading_agrees_with_the_plain_rule(ws) -> None:
    """names_only() (its words worked out once per list of standards) is the plain set test."""
    names = tuple(s.name for s in ws.config.standards)
    actions = [names[0], f"Nâng cao {names[0].lower()}", f"{names[1]}!", "Thực hiện tốt",
               "Đọc sách", "Đọc 4 cuốn sách", "Rèn luyện hằng", "Giữ gìn", "", "tinh thần",
               "Kiểm tra doanh nghiệp trước tháng 6", *_random_texts(4, 300)]
    for action in actions:
        assert five_clear.names_only(five_clear.words(fold(action)), names) == \
            ref_names_only(action, names), action
        assert ("standard_heading" in five_clear.assess(action, standards=names).reasons) == \
            ref_names_only(action, names), action


def test_copied_pledges_found_through_punctuation_and_case(ws, tmp_path) -> None:
    unit = next(iter(ws.roster().units))
    rows = pledge_rows(ws, unit)
    owners = []
    for r in rows["pledges"]:
        if r.get("action") and r["person_id"] not in owners and len(owners) < 3:
            r["action"] = ["Đọc 4 cuốn sách, về Bác!", "ĐỌC 4 CUỐN SÁCH VỀ BÁC",
                           "  đọc 4 cuốn sách (về Bác)"][len(owners)]
            owners.append(r["person_id"])
    data = filled_workbook(ws, tmp_path / "a.xlsx", unit, rows).read_bytes()
    result = read_workbook(data, PLEDGE, "a.xlsx")
    copied = [i for i in validate(result, _context(ws)).issues if i.code == "PLEDGE_COPIED"]
    assert sorted(i.person_id for i in copied) == sorted(owners)
    assert {dict(i.args)["count"] for i in copied} == {3}
