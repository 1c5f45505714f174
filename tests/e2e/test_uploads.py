"""Hostile and mistaken uploads: refused in one Chinese line, and nobody else waits for them."""

from __future__ import annotations

import asyncio
import statistics
import time

from exports import sheets
from support.deployments import ADMIN
from support.workbooks import one_huge_row, sheet_xml, workbook_bytes


async def test_a_bomb_upload_is_refused_while_a_respondent_keeps_answering(deployment):
    person, _, _ = await deployment.ballot_started(21)
    await person.press("党员")
    admin = deployment.fake.person(ADMIN)
    row_bomb = workbook_bytes(one_huge_row(6_000_000))  # one row, 6 million cells
    strings_bomb = workbook_bytes(
        sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        b"<sst>" + b"<si><t>x</t></si>" * 4_000_000 + b"</sst>",
    )
    assert max(len(row_bomb), len(strings_bomb)) < 2 * 1024 * 1024  # under the upload limit

    async def timed_press() -> float:
        started = time.perf_counter()
        await person.press("满意")
        return time.perf_counter() - started

    calm = [await timed_press() for _ in range(5)]
    uploads = [
        asyncio.create_task(admin.send_document(f"名册{n}.xlsx", bomb, timeout=30))
        for n, bomb in enumerate([row_bomb, strings_bomb] * 2)
    ]
    meanwhile = [await timed_press() for _ in range(8)]
    for upload in uploads:
        [refusal] = await upload
        assert f"超过 {sheets.PART_LIMIT_MB} MB" in refusal["text"]
    assert f"第 {13 + 1}/" in person.last["text"]  # all 13 answers were recorded and shown
    # Generous on a loaded CI machine; a bomb that were parsed would take minutes and gigabytes.
    assert max(meanwhile) < max(2.0, 10 * statistics.median(calm)), (calm, meanwhile)
    assert "Traceback" not in deployment.log and "MemoryError" not in deployment.log


async def test_files_that_are_not_workbooks_get_their_own_message(deployment):
    await deployment.start()
    admin = deployment.fake.person(ADMIN)
    [empty] = await admin.send_document("名册.xlsx", b"")
    assert "文件是空的" in empty["text"]
    [old] = await admin.send_document("名册.xls", sheets.OLE_MAGIC + bytes(1024))
    assert "旧版 Excel（.xls）" in old["text"] and "另存为" in old["text"]
    [other] = await admin.send_document("名册.xlsx", b"%PDF-1.4 not a workbook")
    assert "这不是 Excel 工作簿" in other["text"]
    for reply in (empty, old, other):
        assert "zip" not in reply["text"].lower() and "openpyxl" not in reply["text"]
