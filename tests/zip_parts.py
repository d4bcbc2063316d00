"""The parts of a minimal .xlsx package, built by hand, for tests that craft workbooks byte by
byte (the safety inspection and its cache)."""

from __future__ import annotations

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def root_rels(target: str = "xl/workbook.xml") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{target}"/>'
            "</Relationships>").encode()


def workbook_xml(names: list[str], states: list[str] | None = None, pr: str = "") -> bytes:
    states = states or ["visible"] * len(names)
    sheets = "".join(f'<sheet name="{n}" sheetId="{i}" state="{s}" r:id="rId{i}"/>'
                     for i, (n, s) in enumerate(zip(names, states), 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"{pr}<sheets>{sheets}</sheets></workbook>").encode()


def workbook_rels(count: int, folder: str = "worksheets") -> bytes:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                   f'Target="{folder}/sheet{i}.xml"/>' for i in range(1, count + 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}'
            "</Relationships>").encode()


def sheet_xml(rows: str, tail: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<dimension ref="A1"/><sheetData>{rows}</sheetData>{tail}</worksheet>').encode()
