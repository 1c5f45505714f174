"""Reading uploads: the same cells openpyxl gives, and hostile files refused before they cost."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from exports import sheets
from exports.sheets import SheetFileError, read_cells
from support.workbooks import SHEET_PATH, one_huge_row, sheet_xml, workbook_bytes


def test_values_are_read_as_openpyxl_reads_them():
    book = Workbook()
    sheet = book.active
    sheet.title = "名册"
    sheet.append(["组织名称", "第一党支部", "多余的列"])
    sheet.append([12, 3.5, True])
    sheet.append([None, "=1+1", None])
    sheet["B5"] = "张三"
    other = book.create_sheet("纸质汇总")
    other["A1"] = "纸质问卷汇总表"
    data = io.BytesIO()
    book.save(data)

    rows = read_cells(data, 2, "名册")
    assert rows == {
        1: ("组织名称", "第一党支部"),
        2: (12, 3.5),
        5: (None, "张三"),
    }
    assert read_cells(data, 1, "纸质汇总") == {1: ("纸质问卷汇总表",)}
    assert read_cells(data, 1, "没有这张表") == {1: ("组织名称",), 2: (12,)}  # else the first sheet


def test_shared_rich_and_inline_strings_and_cells_without_references():
    rows = (
        '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>内联</t></is></c>'
        "</row>"
        '<row r="3"><c t="s"><v>0</v></c><c t="b"><v>1</v></c><c><v>99</v></c></row>'
    )
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>甲</t></si><si><r><t>王</t></r><r><t>建国</t></r><rPh><t>おう</t></rPh></si></sst>"
    ).encode()
    data = workbook_bytes(sheet_xml(rows), shared)
    assert read_cells(io.BytesIO(data), 2) == {1: ("王建国", "内联"), 3: ("甲", True)}


def test_a_roster_written_by_openpyxl_round_trips():
    from exports.roster import fill_template, read_rows, write_template

    template = Path(__file__).parent / "roster-template.xlsx"
    try:
        write_template(template)
        filled = fill_template(template.read_bytes(), "第一党支部", [("王建国", "党支部书记")])
    finally:
        template.unlink(missing_ok=True)
    rows = read_rows(io.BytesIO(filled))
    assert rows[1] == ("组织名称", "第一党支部", None)  # columns A to C (C: 公开承诺)
    assert ("王建国", "党支部书记", None) in rows.values()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "文件是空的"),
        (sheets.OLE_MAGIC + b"\0" * 600, "旧版 Excel（.xls）"),
        (b"name,role\n", "这不是 Excel 工作簿"),
        (b"PK\x03\x04 truncated", "这不是 Excel 工作簿"),
    ],
)
def test_files_that_are_not_workbooks_each_get_their_own_message(content, expected):
    with pytest.raises(SheetFileError) as refused:
        read_cells(io.BytesIO(content), 2)
    assert expected in str(refused.value)
    assert "zip" not in str(refused.value).lower()


def test_a_zip_that_is_not_a_workbook_and_a_damaged_sheet():
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zip_:
        zip_.writestr("word/document.xml", "<w/>")
    with pytest.raises(SheetFileError, match="这不是 Excel 工作簿"):
        read_cells(other, 2)
    damaged = workbook_bytes(sheet_xml("<row><c><v>1</v></c>").replace(b"</worksheet>", b""))
    with pytest.raises(SheetFileError, match="工作簿已损坏"):
        read_cells(io.BytesIO(damaged), 2)


def test_a_row_of_millions_of_cells_is_refused_from_the_zip_directory():
    """Under 2 MB on the wire, hundreds of MB inflated: refused before any XML is parsed."""
    data = workbook_bytes(one_huge_row(12_000_000))
    assert len(data) < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(SheetFileError) as refused:
        read_cells(io.BytesIO(data), 9)
    assert time.perf_counter() - started < 1.0
    assert f"{sheets.PART_LIMIT_MB} MB" in str(refused.value)


def test_inflating_shared_strings_are_refused():
    shared = b"<sst>" + b"<si><t>x</t></si>" * 3_000_000 + b"</sst>"
    data = workbook_bytes(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)
    with pytest.raises(SheetFileError, match="压缩比"):
        read_cells(io.BytesIO(data), 2)


def test_a_part_that_inflates_past_its_declared_size_is_damaged_not_read():
    honest = workbook_bytes(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'))
    lying = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(honest)) as source, zipfile.ZipFile(lying, "w") as zip_:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == SHEET_PATH:
                data = one_huge_row(200_000)
            zip_.writestr(item, data, zipfile.ZIP_DEFLATED)
    raw = bytearray(lying.getvalue())
    # Rewrite the sheet's declared size in the central directory to a small one.
    entry = raw.rfind(b"PK\x01\x02", 0, raw.find(SHEET_PATH.encode(), raw.find(b"PK\x01\x02")))
    raw[entry + 24 : entry + 28] = (4096).to_bytes(4, "little")
    with pytest.raises(SheetFileError, match="工作簿已损坏"):
        read_cells(io.BytesIO(bytes(raw)), 2)


def test_a_wide_row_within_the_limits_is_streamed_in_bounded_memory(tmp_path):
    """Half a million cells right of the needed columns: only the needed ones are kept.
    Measured in a fresh interpreter: the peak resident memory it adds."""
    cells = "".join(f'<c r="{_letters(3 + n % 16000)}1"><v>{n}</v></c>' for n in range(350_000))
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>组织名称</t></is></c>' + cells + "</row>"
    path = tmp_path / "wide.xlsx"
    path.write_bytes(workbook_bytes(sheet_xml(rows)))
    assert zipfile.ZipFile(path).getinfo(SHEET_PATH).file_size < sheets.PART_LIMIT
    code = (
        "import resource, sys; from pathlib import Path; from exports.sheets import read_cells;"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        f"rows = read_cells(Path({str(path)!r}), 2);"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "print(rows, (after - before) // 1024)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    rows, grown = done.stdout.rsplit(" ", 1)
    assert rows == "{1: ('组织名称', None)}"
    assert int(grown) < 40, f"reading grew the process by {grown} MiB"


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
