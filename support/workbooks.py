"""Workbooks built part by part, for tests of hostile uploads."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHEET_PATH = "xl/worksheets/sheet1.xml"


SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_RELATIONSHIP = (
    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdShared"/>'
)


def workbook_bytes(sheet_xml: bytes | None = None, shared_xml: bytes | None = None) -> bytes:
    """A real openpyxl workbook, its sheet replaced if given. openpyxl writes no shared
    strings: ``shared_xml`` is added and declared as Excel declares it, so every reader finds
    it."""
    book = Workbook()
    book.active.title = "名册"
    book.active["A1"] = "占位"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zip_:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SHEET_PATH and sheet_xml is not None:
                data = sheet_xml
            elif shared_xml is not None and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_TYPE + b"</Types>")
            elif shared_xml is not None and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SHARED_RELATIONSHIP + b"</Relationships>")
            zip_.writestr(item.filename, data, zipfile.ZIP_DEFLATED, compresslevel=9)
        if shared_xml is not None:
            zip_.writestr("xl/sharedStrings.xml", shared_xml, zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows}</sheetData></worksheet>"
    ).encode()


def one_huge_row(cells: int) -> bytes:
    return sheet_xml('<row r="1">' + '<c r="XFD1" s="1"/>' * cells + "</row>")
