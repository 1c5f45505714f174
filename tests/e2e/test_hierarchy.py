"""A campaign on 党委A covers 支部A1 and 支部A2: branch picker, branch links, roll-up figures."""

from __future__ import annotations

import asyncio
import re

import pytest
from openpyxl import load_workbook

from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import organizing as organizing_texts
from evaluation.ballot_state import Reason
from fake_telegram import Person
from support.deployments import ADMIN
from tests.e2e.organizing import A1, A2, build_tree, grant

# No kill or restart: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process

A1_QUESTIONS = 6 + 9 * 5
A2_QUESTIONS = 6 + 1 * 5


async def answer_all(person: Person, label: str, questions: int) -> None:
    await person.press("群众代表")
    for _ in range(questions):
        await person.press(label)
    await person.press("跳过")
    await person.press("✅ 提交")
    assert "提交成功" in person.last["text"]


async def through_the_picker(person: Person, root_token: str) -> None:
    [picker] = await person.send(f"/start {root_token}")
    assert "请先选择您要评议的组织" in picker["text"]
    assert [b.strip("　") for b in person.buttons(picker)] == ["党委A", A1, A2]
    await person.press_containing(A1)
    await answer_all(person, "满意", A1_QUESTIONS)


async def through_the_branch_link(person: Person, token: str) -> None:
    await person.send(f"/start {token}")
    await person.press("开始评议")
    await answer_all(person, "不满意", A2_QUESTIONS)


async def test_a_parent_campaign_rolls_up_its_branches_with_known_numbers(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    _, output = await deployment.cli("campaign", "start", "--org", "党委A", "--expected", "20")
    root_id = int(output.split("campaign id:")[1].split()[0])
    root_token = output.split("invitation link:")[1].split()[0].rsplit("=", 1)[1]
    branch_links = dict(re.findall(r"  (\S+): https://t\.me/\S+\?start=(\S+)", output))
    assert set(branch_links) == {A1, A2}
    await deployment.start()

    await asyncio.gather(
        *(through_the_picker(fake.person(900_100 + n), root_token) for n in range(5)),
        *(through_the_branch_link(fake.person(900_200 + n), branch_links[A2]) for n in range(5)),
    )

    admin = fake.person(ADMIN)
    [status] = await admin.send(f"/status {root_id}")  # 党委A itself has no figures: no chart
    text = status["text"]
    assert "已提交 10 人（网上问卷 10 份，纸质问卷 0 份），应参评 20 人，参评率 50.0%" in text
    assert f"{A1}：已提交 5 · 组织 满意 · 党员 9/9 名基本满意(含)以上" in text
    assert f"{A2}：已提交 5 · 组织 不满意 · 党员 0/1 名基本满意(含)以上" in text
    assert "党委A：已提交 0 · 组织 样本不足" in text
    assert "合计：已提交 10 · 组织综合 不满意" in text  # 30 满意 + 30 不满意: no majority
    assert (
        "评议组织 2 个（共 3 个），基本满意(含)以上 1 个，其中满意(含)以上 1 个；"
        "党员 10 名，参加评议 10 名，基本满意(含)以上 9 名，其中满意(含)以上 9 名。"
    ) in text

    # A branch organizer sees their branch alone; the sibling cannot see the parent's.
    branch_organizer, sibling = fake.person(531), fake.person(532)
    await grant(admin, branch_organizer, A1)
    await grant(admin, sibling, A2)
    own, _chart = await branch_organizer.send("/status", replies=2)
    assert f"{A1} 2026" in own["text"] and "合计" not in own["text"]
    assert "评议组织 1 个（共 1 个）" in own["text"]
    [refused] = await sibling.send(f"/status {root_id}")
    assert refused["text"] == gettext(organizing_texts.NOT_ALLOWED)

    out = deployment.workdir / "group.xlsx"
    await deployment.cli("export", str(root_id), "--out", str(out))
    rows = list(load_workbook(out)["下级汇总"].iter_rows(values_only=True))
    table = {row[0].strip("　"): row[1:] for row in rows[2:6]}
    assert table["党委A"][:2] == (0, "样本不足")
    assert table[A1][:2] == (5, "满意") and table[A1][3:] == (9, 9, 9, 9, 100)  # 组织得分
    assert table[A2][:2] == (5, "不满意") and table[A2][3:7] == (1, 1, 0, 0)
    assert 0 <= table[A2][7] < 60
    assert table["合计"][:2] == (10, "不满意")
    figures = {row[0]: row[1] for row in rows[7:15] if row and row[0]}
    assert figures["评议组织数"] == 2 and figures["党员总数"] == 10

    # Closing the parent closes every branch.
    await deployment.cli("campaign", "close", str(root_id))
    [closed] = await fake.person(900_300).send(f"/start {branch_links[A1]}")
    assert closed["text"] == ballots_texts.refused(Reason.CLOSED)
