"""意见建议 → 整改台账: organizers handle each opinion in the chat and on the command line; the
response reaches only the writers who chose 愿意接收答复, once; anyone with a code can follow it."""

from __future__ import annotations

import asyncio
import re
import sqlite3

import pytest
from openpyxl import load_workbook

from bot.demo import vote
from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import organizing as organizing_texts
from bot.texts import rectification as rectification_texts
from fake_telegram import Person
from support.deployments import ADMIN
from support.script import Script

# No kill or restart: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process

ANSWERED = "有了答复"


def opinion_code(receipt: str) -> str:
    return re.search(r"意见编号：(\w{4}-\w{4})", receipt).group(1)


def replies(person: Person) -> list[dict]:
    return [m for m in person.messages if ANSWERED in m.get("text", "")]


def stored(deployment, query: str) -> list[tuple]:
    with sqlite3.connect(deployment.workdir / "pingyi.db") as connection:
        return connection.execute(query).fetchall()


async def test_the_ledger_and_the_reply_that_reaches_only_who_asked(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    await deployment.start()
    wants, declines, other = fake.person(501), fake.person(502), fake.person(503)
    plans = [Script.make(n) for n in (3, 6, 9)]
    plans[0].suggestion, plans[0].wants_reply = "办事大厅中午没人值班，希望改进。", True
    plans[1].suggestion, plans[1].wants_reply = "=SUM(A1:A9) 食堂太小", False
    plans[2].suggestion, plans[2].wants_reply = "希望多开展走访。", True
    receipts = await asyncio.gather(
        *(vote(p, token, s) for p, s in zip((wants, declines, other), plans, strict=True))
    )
    code_wants, code_declines, code_other = (opinion_code(r) for r in receipts)
    assert len(stored(deployment, "SELECT code FROM reply_handles")) == 2

    # /receipt: the writer, or anyone holding the code; a wrong code or none gets help.
    [shown] = await wants.send(f"/receipt {code_wants.lower().replace('-', ' ')}")
    assert "整改状态：待处理" in shown["text"] and "答复：尚未答复" in shown["text"]
    [shown] = await fake.person(504).send(f"/receipt {code_declines}")
    assert "=SUM(A1:A9) 食堂太小" in shown["text"]
    [missing] = await wants.send("/receipt ZZZZ-ZZZZ")
    assert missing["text"] == gettext(ballots_texts.RECEIPT_NOT_FOUND)
    [usage] = await wants.send("/receipt")
    assert usage["text"] == gettext(ballots_texts.RECEIPT_USAGE)

    # The organizer's ledger: a picker, then the list, filtered by status.
    admin = fake.person(ADMIN)
    await admin.send("/suggestions")
    await admin.press_containing(f"#{campaign_id}")
    assert (
        "整改台账：共 3 条（待处理 3，整改中 0，已办结 0，无需整改 0），未办结 3 条"
        in admin.last["text"]
    )
    await admin.press("已办结")
    assert gettext(rectification_texts.LEDGER_NONE) in admin.last["text"]
    await admin.press("全部")

    # The writer who asked: the organizer sees that a reply will be delivered, not to whom.
    await admin.press_containing(code_wants)
    assert "提出人愿意接收答复" in admin.last["text"] and str(wants.id) not in admin.last["text"]
    await admin.press("整改中")
    assert "整改状态：整改中" in admin.last["text"]
    await admin.press("设置期限")
    [refused] = await admin.send("下个月")
    assert "2026-12-31" in refused["text"]
    [item] = await admin.send("2026年12月31日")
    assert "整改期限：2026年12月31日" in item["text"]
    await admin.press_data(admin.button_containing("填写答复", item), item)
    assert "答复将私信送达" in admin.last["text"]
    [item] = await admin.send("已安排中午轮流值班，感谢您的意见。")
    assert "答复：已安排中午轮流值班" in item["text"]
    await fake.wait_for(lambda: len(replies(wants)) == 1, 15)
    [reply] = replies(wants)
    assert code_wants in reply["text"] and "已安排中午轮流值班" in reply["text"]
    assert "办事大厅中午没人值班" in reply["text"]

    # Once sent, nothing keeps the writer's address: no handle, no outbox row.
    assert stored(deployment, "SELECT code FROM reply_handles") == [(code_other,)]
    for _ in range(50):  # the row goes just after Telegram accepted the message
        if not stored(deployment, "SELECT * FROM outbox WHERE kind = 'reply'"):
            break
        await asyncio.sleep(0.1)
    assert stored(deployment, "SELECT * FROM outbox WHERE kind = 'reply'") == []
    # A second response is recorded, but never sent: the writer was told once.
    await admin.press_data(admin.button_containing("填写答复", item), item)
    await admin.send("补充：值班表已公示。")

    # The writer who did not ask is never messaged; the command line answers that item.
    _, output = await deployment.cli(
        "suggestions", "set", code_declines, "--status", "已办结", "--response", "已扩建食堂。"
    )
    assert "已办结" in output
    # 涉及党员 from the command line: a roster name is kept, any other name refused in one line.
    _, output = await deployment.cli("suggestions", "set", code_other, "--member", "张伟")
    assert f"{code_other}\t待处理\t-\t张伟\t" in output
    code, output = await deployment.cli(
        "suggestions", "set", code_other, "--member", "张三丰", check=False
    )
    assert code == 2 and "没有名为「张三丰」的党员" in output and "Traceback" not in output
    # The third writer asked, but the organizer cancels before answering.
    await admin.send(f"/suggestions {campaign_id}")
    await admin.press_containing(code_other)
    await admin.press("填写答复")
    [cancelled] = await admin.send("/cancel")
    assert cancelled["text"] == gettext(rectification_texts.PROMPT_CANCELLED)
    [nothing] = await admin.send("/cancel")
    assert nothing["text"] == gettext(rectification_texts.NOTHING_TO_CANCEL)
    await asyncio.sleep(3)  # time for anything wrongly queued to go out
    assert len(replies(wants)) == 1 and replies(declines) == [] and replies(other) == []

    # A stranger's forged ledger button changes nothing.
    stranger = fake.person(777)
    forged = f"k:st:0:2:0:{code_other}"
    [hello] = await stranger.send("/help")
    answer = await stranger.press_data(forged, hello)
    assert answer["text"] == gettext(organizing_texts.ORGANIZERS_BUTTON)
    assert stored(deployment, f"SELECT status FROM suggestions WHERE code = '{code_other}'") == [
        ("待处理",)
    ]

    [shown] = await wants.send(f"/receipt {code_wants}")
    assert "整改状态：整改中" in shown["text"] and "补充：值班表已公示。" in shown["text"]
    _, listing = await deployment.cli("suggestions", "list", str(campaign_id))
    assert f"{code_declines}\t已办结" in listing and f"{code_wants}\t整改中" in listing
    assert f"{code_other}\t待处理\t-\t-\t张伟\t希望多开展走访。" in listing
    assert f"{code_other}\t待处理" in listing and "愿意接收答复" in listing
    _, log = await deployment.cli("audit")
    # status, deadline, two responses, the CLI's two changes; the refused name is not audited
    assert log.count("更新整改台账") == 6

    # An opinion with nothing to fix: 无需整改, shown and counted, but not as open.
    await admin.send(f"/suggestions {campaign_id}")
    await admin.press_containing(code_other)
    await admin.press("无需整改")
    assert "整改状态：无需整改" in admin.last["text"]
    await admin.press(gettext(rectification_texts.LEDGER_BACK))
    assert "（待处理 0，整改中 1，已办结 1，无需整改 1），未办结 1 条" in admin.last["text"]
    [shown] = await other.send(f"/receipt {code_other}")
    assert "整改状态：无需整改" in shown["text"]
    public = deployment.workdir / "public.xlsx"
    await deployment.cli("export", str(campaign_id), "--out", str(public), "--public")
    rows = [r[0] for r in load_workbook(public).active.iter_rows(values_only=True) if r[0]]
    rows = [r.replace("\n", "") for r in rows]  # the notice's text is broken into lines
    assert any("已办结 1 条，无需整改 1 条" in r for r in rows), rows
