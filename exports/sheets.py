"""Reading the first columns of an uploaded workbook, whatever it turns out to be.

An upload is hostile input. An .xlsx is a zip of XML parts, and a file of under 2 MB can
inflate to gigabytes, or hold one row of millions of cells. So the zip's directory is checked
before anything is inflated (each part's size and compression ratio), and the sheet is read
as a stream: only the cells of the columns asked for are kept, each parsed element is
dropped at once, and only the shared strings those cells use are looked up. Memory and time
are bounded by the limits below, whatever the file holds. openpyxl is not used here: it
builds every cell of a row and the whole shared-strings table.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from lxml import etree

from evaluation.refusals import Refusal
from evaluation.wording import N_, Phrase

MAX_ROWS = 5000
PART_LIMIT_MB = 10  # a 5,000-row roster's sheet is about 1 MB of XML
PART_LIMIT = PART_LIMIT_MB * 1024 * 1024
RATIO_LIMIT = 100  # ordinary sheet XML compresses 5–20×; zip bombs, thousands of times
RATIO_FROM = 1024 * 1024  # a small part may compress well: its size bounds it anyway
SHARED_STRINGS = "xl/sharedStrings.xml"  # where Excel and WPS put them, if not named
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx

NOT_WORKBOOK = N_("这不是 Excel 工作簿：请发送用 Excel 或 WPS 保存的 .xlsx 文件。")
DAMAGED = N_("工作簿已损坏，无法读取：请用 Excel 或 WPS 打开后重新保存为 .xlsx 再发送。")


class SheetFileError(Refusal):
    """The file is not a workbook we can read; the message is for the organizer."""


def read_cells(
    source: Path | BinaryIO, columns: int, sheet_name: str | None = None
) -> dict[int, tuple[object, ...]]:
    """Columns A… of the named (else the first) sheet, by row number, for rows that have a
    value in them; cached values, not formulas. Numbers come back as int or float."""
    archive = _open_archive(source)
    with archive:
        _check_parts(archive)
        workbook, sheet_part = _sheet_part(archive, sheet_name)
        cells: dict[tuple[int, int], tuple[str | None, str]] = {}
        with _part(archive, sheet_part) as stream:
            for row, column, kind, raw in _sheet_cells(stream, columns):
                cells[row, column] = (kind, raw)
        indices = {int(raw) for kind, raw in cells.values() if kind == "s" and _index(raw)}
        shared = _shared_strings(archive, workbook, indices)
    rows: dict[int, list[object]] = {}
    for (row, column), (kind, raw) in cells.items():
        value = _value(kind, raw, shared)
        if value is not None:
            rows.setdefault(row, [None] * columns)[column] = value
    return {row: tuple(values) for row, values in sorted(rows.items())}


def _open_archive(source: Path | BinaryIO) -> zipfile.ZipFile:
    """The zip behind the workbook, or a message naming what the file is instead."""
    if isinstance(source, Path):
        with source.open("rb") as file:
            head = file.read(8)
    else:
        source.seek(0)
        head = source.read(8)
        source.seek(0)
    if not head:
        raise SheetFileError(Phrase(N_("文件是空的（0 字节）：请重新发送填好的 .xlsx 工作簿。")))
    if head == OLE_MAGIC:
        raise SheetFileError(
            Phrase(
                N_(
                    "这是旧版 Excel（.xls）文件或设了密码的工作簿，无法读取："
                    "请在 Excel 或 WPS 中「另存为」.xlsx（不设密码）后再发送。"
                )
            )
        )
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise SheetFileError(Phrase(NOT_WORKBOOK)) from None


def _check_parts(archive: zipfile.ZipFile) -> None:
    """Refuse before inflating anything: the sizes in the zip's directory bound every read
    below (``zipfile`` never inflates a part past its declared size)."""
    parts = archive.infolist()
    if len(parts) > 10_000:
        raise SheetFileError(Phrase(NOT_WORKBOOK))
    for part in parts:
        too_big = part.file_size > PART_LIMIT
        inflated = part.file_size > RATIO_FROM and part.file_size > RATIO_LIMIT * max(
            part.compress_size, 1
        )
        if too_big or inflated:
            raise SheetFileError(
                Phrase(
                    N_(
                        "工作簿内容过大（解压后单个部分超过 {limit} MB，或压缩比超过 {ratio} 倍），"
                        "不予读取：请只保留名册或汇总表本身，另存为新的 .xlsx 后再发送。"
                    ),
                    limit=PART_LIMIT_MB,
                    ratio=RATIO_LIMIT,
                )
            )


def _part(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    try:
        return archive.open(name)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError):
        raise SheetFileError(Phrase(NOT_WORKBOOK)) from None


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    with _part(archive, name) as stream:
        try:
            return etree.parse(stream, _PARSER).getroot()
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError):
            raise SheetFileError(Phrase(DAMAGED)) from None


# No DTDs, no entities, no network, libxml2's default limits on a text node's size.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _relationships(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """Id → (type, target) of a part's relationships; {} if it has none."""
    folder, base = posixpath.split(name)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels not in archive.NameToInfo:
        return {}
    return {
        r.get("Id", ""): (r.get("Type", ""), _resolve(folder, r.get("Target", "")))
        for r in _xml(archive, rels)
        if etree.QName(r).localname == "Relationship"
    }


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str | None) -> tuple[str, str]:
    """The workbook's part, and the part of the named sheet (else of the first one)."""
    package = _relationships(archive, "")
    workbook = next(
        (t for kind, t in package.values() if kind.endswith("/officeDocument")), "xl/workbook.xml"
    )
    if workbook not in archive.NameToInfo:
        raise SheetFileError(Phrase(NOT_WORKBOOK))
    targets = _relationships(archive, workbook)
    sheets = [
        (s.get("name"), targets.get(s.get(_REL_ID) or "", ("", ""))[1])
        for s in _xml(archive, workbook).iter("{*}sheet")
    ]
    sheets = [(name, part) for name, part in sheets if part in archive.NameToInfo]
    if not sheets:
        raise SheetFileError(Phrase(NOT_WORKBOOK))
    return workbook, next((part for name, part in sheets if name == sheet_name), sheets[0][1])


_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REFERENCE = re.compile(r"([A-Z]{1,3})(\d{1,7})")


def _sheet_cells(stream: IO[bytes], columns: int) -> Iterator[tuple[int, int, str | None, str]]:
    """(row, column index, cell type, raw text) of each cell in columns < ``columns``.

    Each cell element is read at its end and removed from the tree, so one row of millions of
    cells costs no more memory than one cell."""
    row = column = 0
    events = etree.iterparse(stream, events=("start", "end"), tag=("{*}row", "{*}c"), **_SAFE)
    try:
        for event, element in events:
            is_row = etree.QName(element).localname == "row"
            if event == "start":
                if is_row:
                    row = _number(element.get("r"), row + 1)
                    column = 0
                continue
            if not is_row:
                column = _column(element.get("r"), column + 1)
                if column <= columns:
                    raw = _raw(element)
                    if raw is not None:
                        if row > MAX_ROWS:
                            raise SheetFileError(
                                Phrase(N_("表格超过 {limit} 行，请拆分后导入。"), limit=MAX_ROWS)
                            )
                        yield row, column - 1, element.get("t"), raw
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError):
        raise SheetFileError(Phrase(DAMAGED)) from None


def _number(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isdigit() and len(text) <= 7 else default


def _column(reference: str | None, default: int) -> int:
    """The 1-based column of a reference such as ``AB12``; ``default`` if it has none."""
    match = _REFERENCE.fullmatch(reference or "")
    if match is None:
        return default
    number = 0
    for letter in match.group(1):
        number = number * 26 + ord(letter) - 64
    return number


def _raw(cell: etree._Element) -> str | None:
    """The text a cell holds: its cached value, or an inline string's text."""
    if cell.get("t") == "inlineStr":
        box = cell.find("{*}is")
        return None if box is None else _string_text(box)
    value = cell.find("{*}v")
    return None if value is None or value.text is None else value.text


def _string_text(box: etree._Element) -> str:
    """The text of a string item (plain or rich runs), without phonetic guides."""
    return "".join(
        t.text or "" for t in box.iter("{*}t") if etree.QName(t.getparent()).localname != "rPh"
    )


def _index(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and len(raw) <= 9


def _shared_strings(archive: zipfile.ZipFile, workbook: str, wanted: set[int]) -> dict[int, str]:
    """Only the shared strings the read cells use."""
    if not wanted:
        return {}
    targets = _relationships(archive, workbook).values()
    part = next((t for kind, t in targets if kind.endswith("/sharedStrings")), SHARED_STRINGS)
    if part not in archive.NameToInfo:
        return {}
    found: dict[int, str] = {}
    last = max(wanted)
    with _part(archive, part) as stream:
        try:
            items = etree.iterparse(stream, events=("end",), tag="{*}si", **_SAFE)
            for index, (_event, item) in enumerate(items):
                if index in wanted:
                    found[index] = _string_text(item)
                item.clear(keep_tail=False)
                while item.getprevious() is not None:
                    del item.getparent()[0]
                if index >= last:
                    break
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError):
            raise SheetFileError(Phrase(DAMAGED)) from None
    return found


def _value(kind: str | None, raw: str, shared: dict[int, str]) -> object:
    """A cell's value as openpyxl would give it: text, int, float or bool."""
    if kind == "s":
        return shared.get(int(raw)) if _index(raw) else None
    if kind in ("str", "inlineStr", "e", "d"):
        return raw
    if kind == "b":
        return raw.strip() == "1"
    text = raw.strip()
    try:
        return float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        return text or None
