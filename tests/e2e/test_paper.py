"""Paper questionnaires: the tally sheet from the bot, merged once per 场次, refused when wrong."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from openpyxl import load_workbook

from bot.i18n import gettext
from bot.texts import paper as paper_texts
from evaluation import paper
from support.deployments import ADMIN
from tests.e2e.organizing import A1, build_tree, filled, grant

# No kill or restart: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process

MEMBER_SUBJECT_ROW = paper.FIRST_ROW + 6  # 王建国's first criterion


async def test_paper_tallies_merge_once_per_meeting_and_show_in_status_and_export(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    campaign_id, _ = await deployment.start_campaign(A1, "--expected", "20")
    await deployment.start()
    admin, organizer = fake.person(ADMIN), fake.person(541)
    await grant(admin, organizer, A1)

    await organizer.send("/paper")
    await organizer.press_containing(f"#{campaign_id}")
    # The tally sheet, then the blank 测评表 by the number of copies.
    await fake.wait_for(
        lambda: organizer.last.get("text") == gettext(paper_texts.PAPER_BALLOTS_PROMPT)
    )
    [document] = [m for m in organizer.messages if "document" in m]
    template, _ = fake.files[document["document"]["file_id"]]
    await organizer.press("10 份")
    await fake.wait_for(lambda: "document" in organizer.last)
    ballots, _ = fake.files[organizer.last["document"]["file_id"]]
    with pdfplumber.open(io.BytesIO(ballots)) as printed:
        assert len(printed.pages) == 10 * 2  # 10 copies of two pages (nine members)
        numbers = {re.search(r"No\. (\d{6})", p.extract_text())[1] for p in printed.pages}
    assert len(numbers) == 10 and "每份 2 页" in organizer.last["caption"]
    sheet = load_workbook(io.BytesIO(template)).active
    assert sheet.cell(paper.CAMPAIGN_ROW, 2).value == campaign_id
    assert sheet.cell(MEMBER_SUBJECT_ROW, 1).value == "王建国（党支部书记）"

    first = filled(template, "第一次评议会", 10, (7, 2, 1, 0))
    [merged] = await organizer.send_document("第一次.xlsx", first)
    assert "已并入" in merged["text"] and "10 份" in merged["text"]
    [again] = await organizer.send_document("第一次-再发.xlsx", first)
    assert "已替换" in again["text"]
    status, _chart = await organizer.send(f"/status {campaign_id}", replies=2)
    # Chat and paper counted the same way everywhere, and told apart.
    assert "已提交 10 人（网上问卷 0 份，纸质问卷 10 份）" in status["text"]
    assert "网上问卷已开始未提交 0 人" in status["text"]
    assert "纸质问卷 10 份不分类别" in status["text"]

    second = filled(template, "第二次评议会", 5, (5, None, None, None))
    [merged] = await organizer.send_document("第二次.xlsx", second)
    assert "已并入" in merged["text"]
    path = deployment.workdir / "second.xlsx"
    path.write_bytes(second)
    _, output = await deployment.cli("paper", "import", str(path))
    assert "替换" in output

    for broken, expected in (
        (filled(template, "第三次", None, (1, 0, 0, 0)), f"第{paper.BALLOTS_ROW}行"),
        (filled(template, "第三次", 3, (2, 2, 0, 0)), f"第{paper.FIRST_ROW}行：合计 4 张"),
        (filled(template, "第三次", 3, (-1, 0, 0, 0)), "非负整数"),
        (filled(template, "第三次", 3, ("9" * 5000, 0, 0, 0)), "非负整数"),
    ):
        [refusal] = await organizer.send_document("坏表.xlsx", broken)
        assert (
            refusal["text"].startswith(gettext(paper_texts.PAPER_ERRORS))
            and expected in refusal["text"]
        )
    workbook = load_workbook(io.BytesIO(first))
    workbook.active.cell(MEMBER_SUBJECT_ROW, 2, "被改动的评议内容")
    moved = io.BytesIO()
    workbook.save(moved)
    [refusal] = await organizer.send_document("改动.xlsx", moved.getvalue())
    assert f"第{MEMBER_SUBJECT_ROW}行：应为「王建国（党支部书记） · " in refusal["text"]

    status, _chart = await organizer.send(f"/status {campaign_id}", replies=2)
    assert "已提交 15 人（网上问卷 0 份，纸质问卷 15 份）" in status["text"]
    assert f"· 【组织】{A1}：满意" in status["text"]

    out = deployment.workdir / "export.xlsx"
    await deployment.cli("export", str(campaign_id), "--out", str(out))
    workbook = load_workbook(out)
    rows = list(workbook["组织评议"].iter_rows(values_only=True))
    header = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row}
    assert header["实际参评人数"] == 15 and header["其中纸质问卷（已并入统计）"] == 15
    _, listing = await deployment.cli("campaign", "list")
    assert "已提交 15/20（网上问卷 0，纸质问卷 15）" in listing
    first_aspect = next(r for r in rows if r and r[1] == "对创先争优活动是否重视")
    assert first_aspect[2:6] == (12, 2, 1, 0)
    _, log = await deployment.cli("audit")
    assert log.count("并入纸质问卷") == 4 and "替换此前导入的同一场次" in log
