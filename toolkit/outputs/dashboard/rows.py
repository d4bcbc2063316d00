"""The dashboard's big tables, written straight into the saved file.

A province has 100,000 people: the people sheet alone is 1.8 million cells, and xlsxwriter takes
about 10 µs a cell (minutes for the dashboard). So a table's first row is written with xlsxwriter
like every other cell (its formats, shared strings and height are xlsxwriter's), and the other rows
are kept as columns of values; once xlsxwriter has saved the workbook, :meth:`Bulk.finish` renders
them to the same worksheet XML xlsxwriter would have written (the first row's cell formats, shared
strings, ``spans``, row heights) and splices them into the file, with the shared strings they add.

The rendered cells follow :func:`toolkit.outputs.dashboard.text` and
:func:`toolkit.outputs.dashboard.num`: None and NaN give an empty cell with the column's format, a
text is always a string cell (never a formula or a link), a bool is "Có" or "".
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEXT, NUM = "text", "num"
SST_PART = "xl/sharedStrings.xml"
STRMAX = 32767              # Excel's limit (UTF-16 units), as xlsxwriter applies it
BIG_PART = 4 << 20          # parts bigger than this are compressed at the fastest level

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

# what xlsxwriter does to a shared string (xmlwriter._escape_control_characters, _escape_data,
# utility._preserve_whitespace)
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LEADING, _TRAILING = re.compile(r"^\s"), re.compile(r"\s$")
_NEEDS_JOINED = [re.compile(p) for p in (    # in strings joined with NUL: what _si() escapes,
    "[&<>\x01-\x08\x0b-\x1f\ufffe\uffff]", "_x[0-9a-fA-F]{4}_",     # or keeps with xml:space
    "\x00\\s", "\\s\x00")]
_PLAIN_TEXT = {str, type(None)}
_PLAIN_NUMBERS = {int, float, type(None)}
_ROW = re.compile(r'<row r="(\d+)"( spans="(\d+):(\d+)")?')
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')


@dataclass
class Column:
    kind: str           # TEXT or NUM
    fmt: Any            # the xlsxwriter format of every cell of the column
    values: list[Any]   # one per row


@dataclass
class _Block:
    first: int                      # 0-based row of the first rendered row
    columns: list[Column]
    heights: list[float | None]     # set_row() heights (points), None for the default


@dataclass
class Bulk:
    """The big tables of one workbook, rendered after xlsxwriter has saved it."""

    blocks: dict[str, list[_Block]] = field(default_factory=dict)   # sheet name -> blocks

    def rows(self, ws: Any, first_row: int, columns: list[Column],
             heights: list[float | None] | None = None) -> int:
        """Write the rows of ``columns`` from ``first_row``; return the row after the last. The
        caller writes nothing else (no cell, no set_row) on these rows."""
        from toolkit.outputs.dashboard.write import num, text
        n = len(columns[0].values) if columns else 0
        if n == 0:
            return first_row
        if any(len(c.values) != n for c in columns) or (heights and len(heights) != n):
            raise ValueError("columns of different lengths")
        for c, col in enumerate(columns):
            (text if col.kind == TEXT else num)(ws, first_row, c, col.values[0], col.fmt)
        if heights and heights[0] is not None:
            ws.set_row(first_row, heights[0])
        if n > 1:
            rest = [Column(col.kind, col.fmt, col.values[1:]) for col in columns]
            hs = list(heights[1:]) if heights else [None] * (n - 1)
            self.blocks.setdefault(ws.name, []).append(_Block(first_row + 1, rest, hs))
        return first_row + n

    def finish(self, path: Path) -> None:
        """Splice the kept rows into the saved workbook at ``path`` (rewritten in place, same
        permissions). The parts are compressed in a second thread while the next one renders;
        the big ones at the fastest level (they are most of the file)."""
        import shutil
        from concurrent.futures import ThreadPoolExecutor
        if not self.blocks:
            return
        path = Path(path)
        out_path = path.with_name(path.name + ".rows")
        with zipfile.ZipFile(path) as zin:
            infos = zin.infolist()
            sheets = _sheet_files(zin)
            sst = _SharedStrings(zin.read(SST_PART))
            ours = {sheets[name]: blocks for name, blocks in self.blocks.items()}
            # the sheets first, then their strings (xlsxwriter puts the strings after them)
            parts = {name: _splice(zin.read(name).decode("utf-8"), ours[name], sst)
                     for name in ours if _after(infos, name, SST_PART)}
            try:
                with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) \
                        as zout, ThreadPoolExecutor(1) as writer:

                    def write(info: zipfile.ZipInfo, data: bytes) -> None:
                        new = zipfile.ZipInfo(info.filename, info.date_time)
                        new.external_attr = info.external_attr
                        new.compress_type = zipfile.ZIP_DEFLATED
                        zout.writestr(new, data,
                                      compresslevel=1 if len(data) > BIG_PART else None)

                    done = []
                    for info in infos:
                        name = info.filename
                        if name in parts:
                            data = parts.pop(name)
                        elif name in ours:
                            data = _splice(zin.read(name).decode("utf-8"), ours[name], sst)
                        elif name == SST_PART:
                            data = sst.xml()
                        else:
                            data = zin.read(info)
                        done.append(writer.submit(write, info, data))
                    for job in done:
                        job.result()
            except BaseException:
                out_path.unlink(missing_ok=True)
                raise
        shutil.copymode(path, out_path)
        out_path.replace(path)


def _after(infos: list[zipfile.ZipInfo], name: str, other: str) -> bool:
    order = [i.filename for i in infos]
    return name in order and other in order and order.index(name) > order.index(other)


# ---------------------------------------------------------------- the saved workbook

def _sheet_files(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package (from workbook.xml and its relationships)."""
    import xml.etree.ElementTree as ET
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    out = {}
    for sheet in book.iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets[sheet.get(f"{{{_REL_NS}}}id")]
        out[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


class _SharedStrings:
    """xlsxwriter's shared strings, and the ones the rendered rows add after them."""

    def __init__(self, xml: bytes):
        import xml.etree.ElementTree as ET
        self.original = xml
        root = ET.fromstring(xml)
        self.count = int(root.get("count") or 0)
        self.index: dict[str, int] = {}
        items = list(root)
        for i, si in enumerate(items):
            if si.find(f"{{{_MAIN_NS}}}r") is not None:
                continue                       # a rich string: never one of ours
            t = si.find(f"{{{_MAIN_NS}}}t")
            value = _unescape(t.text or "") if t is not None else ""
            self.index.setdefault(value, i)
        self.unique = len(items)
        self.added: list[str] = []
        self._text: dict[Any, str] = {None: _BLANK}     # value -> its cell's XML after " s=.."
        self._num: dict[Any, str] = {None: _BLANK}

    def get(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = self.unique
            self.unique += 1
            self.added.append(s)
        return i

    def text_tails(self, values: list[Any]) -> list[str]:
        """The end of each text cell: blank for None and NaN, else the string (as str())."""
        try:                        # every value seen before (cached: str and None only)
            out = list(map(self._text.__getitem__, values))
        except (KeyError, TypeError):
            return self._new_text_tails(values)
        self.count += len(values) - values.count(None)
        return out

    def _new_text_tails(self, values: list[Any]) -> list[str]:
        if not set(map(type, values)) <= _PLAIN_TEXT:
            out = [self._text_tail(v) for v in values]
            self.count += len(out) - out.count(_BLANK)
            return out
        cache = self._text                          # str -> tail, for every column
        distinct = dict.fromkeys(values)
        new = [v for v in distinct if v not in cache]
        self.count += len(values) - values.count(None)
        if not new:
            return list(map(cache.__getitem__, values))
        cut = [v if len(v) <= STRMAX // 2 else _truncate(v[:STRMAX]) for v in new]
        index = self.index
        fresh = [v for v in dict.fromkeys(cut) if v not in index]
        index.update(zip(fresh, range(self.unique, self.unique + len(fresh))))
        self.unique += len(fresh)
        self.added += fresh
        tails = [f' t="s"><v>{index[v]}</v></c>' for v in cut]
        if len(new) == len(values):                 # all different, all new (ids, numbers...)
            return tails                            # (not kept: they will not come again)
        cache.update(zip(new, tails))
        return list(map(cache.__getitem__, values))

    def _text_tail(self, v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return _BLANK
        s = str(v)
        if len(s) > STRMAX // 2:
            s = _truncate(s[:STRMAX])
        return f' t="s"><v>{self.get(s)}</v></c>'

    def num_tails(self, values: list[Any]) -> list[str]:
        """The end of each number cell: blank for None and NaN, "Có"/"" for a bool, else the
        number (as float(), written like xlsxwriter: %.16G)."""
        types = set(map(type, values))
        if not types <= _PLAIN_NUMBERS:
            out = [self._num_tail(v) for v in values]
            self.count += sum(1 for v in values if isinstance(v, bool))
            return out
        if types == {int} and -10**15 < min(values) and max(values) < 10**15:
            return [f"><v>{v}</v></c>" for v in values]     # row numbers: each one different
        try:                        # every value seen before (no bool here: True == 1)
            return list(map(self._num.__getitem__, values))
        except KeyError:
            pass
        tails = dict.fromkeys(values)       # 0, 0.0 and -0.0 are one key: -0.0 prints "-0"
        cache = self._num
        for v in tails:
            tail = cache.get(v)
            if tail is None:
                tail = self._num_tail(v)
                if v is not None and not (isinstance(v, float) and math.isnan(v)) and v != 0:
                    cache[v] = tail
            tails[v] = tail
        if 0 in tails:
            return [self._num_tail(v) if v == 0 else tails[v] for v in values]
        return list(map(tails.__getitem__, values))

    def _num_tail(self, v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return _BLANK
        if isinstance(v, bool):
            return f' t="s"><v>{self.get("Có" if v else "")}</v></c>'
        if v.__class__ is int and -10**15 < v < 10**15:
            return f"><v>{v}</v></c>"                # what %.16G makes of float(v)
        return f"><v>{float(v):.16G}</v></c>"

    def xml(self) -> bytes:
        from bisect import bisect_right
        from itertools import accumulate
        head_end = self.original.index(b">", self.original.index(b"<sst")) + 1
        head = self.original[:head_end].decode("utf-8")
        head = re.sub(r'count="\d+"', f'count="{self.count}"', head)
        head = re.sub(r'uniqueCount="\d+"', f'uniqueCount="{self.unique}"', head)
        body_end = self.original.rindex(b"</sst>")
        added = self.added
        pieces = [f"<si><t>{s}</t></si>" for s in added]
        # the few strings that need escaping or xml:space, found in one pass over them all
        joined = "\x00".join(added)
        ends = list(accumulate(len(s) + 1 for s in added))
        bad = set()
        if joined.count("\x00") != max(len(added) - 1, 0):      # a NUL inside a string
            bad = set(range(len(added)))
        for pattern in _NEEDS_JOINED:
            for m in pattern.finditer(joined):
                bad.add(bisect_right(ends, m.start()))
                bad.add(bisect_right(ends, m.end() - 1))
        if added and (added[0][:1].isspace() or added[-1][-1:].isspace()):
            bad.update((0, len(added) - 1))
        for i in bad:
            if i < len(added):
                pieces[i] = _si(added[i])
        return (head.encode("utf-8") + self.original[head_end:body_end]
                + "".join(pieces).encode("utf-8") + self.original[body_end:])


def _unescape(s: str) -> str:
    if "_x" not in s:
        return s
    return re.sub("_x([0-9a-fA-F]{4})_", lambda m: chr(int(m.group(1), 16)), s)


def _si(s: str) -> str:
    """A shared string element, as xlsxwriter writes it (plain strings only: a value that looks
    like rich-string XML is escaped as text)."""
    if _NEEDS_WORK.search(s):
        s = _ESCAPED.sub(r"_x005F\1", s)
        s = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", s)
        s = s.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _LEADING.search(s) or _TRAILING.search(s):
        return f'<si><t xml:space="preserve">{s}</t></si>'
    return f"<si><t>{s}</t></si>"


def _col_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def _col_number(name: str) -> int:
    n = 0
    for ch in name:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _splice(xml: str, blocks: list[_Block], sst: _SharedStrings) -> bytes:
    """The worksheet XML with the blocks' rows inserted, spans and dimension widened."""
    # xlsxwriter's rows: number -> (start, span); the span of each block of 16 rows
    rows = [(int(m.group(1)), m) for m in _ROW.finditer(xml)]
    spans: dict[int, tuple[int, int]] = {}
    for number, m in rows:
        if m.group(2):
            spans[(number - 1) // 16] = (int(m.group(3)), int(m.group(4)))
    ours: dict[int, tuple[int, int]] = {}
    for b in blocks:
        ncols = len(b.columns)
        for g in range(b.first // 16, (b.first + len(b.heights) - 1) // 16 + 1):
            lo, hi = ours.get(g, (ncols, 1))
            ours[g] = (min(lo, 1), max(hi, ncols))
    union = dict(spans)
    for g, (lo, hi) in ours.items():
        if g in union:
            union[g] = (min(lo, union[g][0]), max(hi, union[g][1]))
        else:
            union[g] = (lo, hi)

    def respan(m: re.Match[str]) -> str:
        number = int(m.group(1))
        g = (number - 1) // 16
        if g not in ours:
            return m.group(0)
        lo, hi = union[g]
        return f'<row r="{number}" spans="{lo}:{hi}"'

    xml = _ROW.sub(respan, xml)
    m = _DIMENSION.search(xml)
    if m:
        c1, r1 = _col_number(m.group(1)), int(m.group(2))
        c2, r2 = (_col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
        for b in blocks:
            c1, c2 = min(c1, 0), max(c2, len(b.columns) - 1)
            r1, r2 = min(r1, b.first + 1), max(r2, b.first + len(b.heights))
        ref = f"{_col_name(c1)}{r1}" + ("" if (c1, r1) == (c2, r2) else f":{_col_name(c2)}{r2}")
        xml = xml[:m.start()] + f'<dimension ref="{ref}"/>' + xml[m.end():]
    # where each block goes: before xlsxwriter's first row after it
    starts = [(int(m.group(1)), m.start()) for m in _ROW.finditer(xml)]
    end = xml.rindex("</sheetData>")
    pieces: list[bytes] = []
    pos = 0
    for b in sorted(blocks, key=lambda b: b.first):
        last = b.first + len(b.heights)             # 1-based number of the block's last row
        at = next((s for number, s in starts if number > last), end)
        if any(b.first < number <= last for number, _ in starts):
            raise ValueError(f"rows {b.first + 1}-{last} were also written by xlsxwriter")
        pieces.append(xml[pos:at].encode("utf-8"))
        styles, extra = _first_row_styles(xml, b.first)
        pieces.append(_render(b, styles, extra, union, sst).encode("utf-8"))
        pos = at
    pieces.append(xml[pos:].encode("utf-8"))
    return b"".join(pieces)


def _first_row_styles(xml: str, number: int) -> tuple[dict[int, str], str]:
    """What xlsxwriter wrote for the table's first row (1-based ``number``, the row above the
    block): column -> its cells' ' s="N"' attribute, and the row's last attribute when the sheet
    is in Excel 2010 style (data bars)."""
    m = re.search(f'<row r="{number}"([^>]*)>(.*?)</row>', xml)
    out: dict[int, str] = {}
    extra = ""
    if m:
        for c in re.finditer(f'<c r="([A-Z]+){number}"( s="\\d+")?', m.group(2)):
            out[_col_number(c.group(1))] = c.group(2) or ""
        if ' x14ac:dyDescent="0.25"' in m.group(1):
            extra = ' x14ac:dyDescent="0.25"'
    return out, extra


def _render(b: _Block, styles: dict[int, str], extra: str, spans: dict[int, tuple[int, int]],
            sst: _SharedStrings) -> str:
    n = len(b.heights)
    numbers = list(map(str, range(b.first + 1, b.first + 1 + n)))
    made: dict[tuple[Any, ...], str] = {}

    def head(span: tuple[int, int], h: float | None) -> str:
        found = made.get((span, h))
        if found is None:
            (lo, hi), pixels = span, 20 if h is None else int(h * 4.0 / 3.0 + 0.5)
            if pixels == 20:                        # xlsxwriter's default height: no attribute
                found = f' spans="{lo}:{hi}"{extra}>'
            else:
                found = f' spans="{lo}:{hi}" ht="{pixels * 0.75:.16g}" customHeight="1"{extra}>'
            made[(span, h)] = found
        return found

    groups = {spans[g] for g in range(b.first // 16, (b.first + n - 1) // 16 + 1)}
    if len(groups) == 1:                            # the same spans on every row
        span = groups.pop()
        plain = head(span, None)
        heads = [plain if h is None else head(span, h) for h in b.heights]
    else:
        heads = [head(spans[(b.first + i) // 16], h) for i, h in enumerate(b.heights)]
    tails = [sst.text_tails(col.values) if col.kind == TEXT else sst.num_tails(col.values)
             for col in b.columns]
    # one template per row: '<row r="12" ...><c r="A12" s="7"/>...</row>'
    template = ('<row r="{0}"{1}' + "".join(
        f'<c r="{_col_name(c)}{{0}}"{styles.get(c, "")}{{{c + 2}}}'
        for c in range(len(b.columns))) + "</row>").format
    return "".join([template(*row) for row in zip(numbers, heads, *tails)])


_BLANK = "/>"


def _truncate(s: str) -> str:
    """xlsxwriter's cut at 32,767 UTF-16 units (a character above U+FFFF counts two)."""
    if len(s.encode("utf-16-le", "surrogatepass")) // 2 <= STRMAX:
        return s
    length = 0
    for i, ch in enumerate(s):
        length += 2 if ord(ch) > 0xFFFF else 1
        if length > STRMAX:
            return s[:i]
    return s
