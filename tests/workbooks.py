"""Workbooks built part by part, for tests of hostile uploads."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHEET_PATH = "xl/worksheets/sheet1.xml"


def workbook_bytes(sheet_xml: bytes | None = None, shared_xml: bytes | None = None) -> bytes:
    """A real openpyxl workbook (openpyxl writes no shared strings), its sheet replaced and
    a shared-strings part added if given."""
    replaced = {SHEET_PATH: sheet_xml, "xl/sharedStrings.xml": shared_xml}
    book = Workbook()
    book.active.title = "名册"
    book.active["A1"] = "占位"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zip_:
        for item in source.infolist():
            data = replaced.pop(item.filename, None) or source.read(item)
            zip_.writestr(item.filename, data, zipfile.ZIP_DEFLATED, compresslevel=9)
        for name, data in replaced.items():
            if data is not None:
                zip_.writestr(name, data, zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows}</sheetData></worksheet>"
    ).encode()


def one_huge_row(cells: int) -> bytes:
    return sheet_xml('<row r="1">' + '<c r="XFD1" s="1"/>' * cells + "</row>")
