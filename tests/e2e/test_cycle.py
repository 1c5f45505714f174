"""一季一评议 through the real bot: turned on in the chat, and a bot that was down over the
quarter boundary opens the new quarter's campaign once when it comes back."""

from __future__ import annotations

import asyncio

from bot.i18n import gettext
from bot.texts import cycle as cycle_texts
from bot.texts import summaries as summaries_texts
from support.deployments import ADMIN
from support.sample import ORG
from tests.e2e.organizing import documents


def cycle_notices(person) -> list[dict]:
    return [
        m
        for m in person.messages
        if m.get("text", "").startswith(gettext(cycle_texts.CYCLE_OPENED).strip())
    ]


async def test_down_over_the_quarter_boundary_the_new_campaign_opens_once(deployment):
    fake = deployment.fake
    deployment.env["PINGYI_CLOCK_START"] = "2026-12-01T10:00:00+08:00"
    await deployment.open_campaign("--template", "four_aspects", "--expected", "20")
    await deployment.start()
    admin = fake.person(ADMIN)
    await admin.send("/cycle on")
    await admin.press_containing(ORG)
    turned_on = admin.last["text"]
    assert "一季一评议已开启（四个方面 + 五看" in turned_on
    assert "下次自动开启：2027年1月4日 09:00" in turned_on  # 1 January is 元旦, then a weekend
    [listing] = await admin.send("/cycle")
    assert ORG in listing["text"] and "2027年1月4日 09:00" in listing["text"]
    await deployment.stop()

    # Down from December until 08:00 on 5 January: the 4 January opening is caught up once,
    # and so are the 31 December workbooks (半年一小结 of the second half, 年终一总评).
    deployment.env["PINGYI_CLOCK_START"] = "2027-01-05T08:00:00+08:00"
    await deployment.start()
    expected = {"poster", f"{ORG} 2026年下半年小结.xlsx", f"{ORG} 2026年年终总评.xlsx"}
    await fake.wait_for(lambda: len(documents(admin)) == 3, 30)
    assert {("poster" if n.endswith("-poster.png") else n) for n in documents(admin)} == expected
    [notice] = cycle_notices(admin)
    assert f"{ORG} 2027年第一季度" in notice["text"] and "?start=" in notice["text"]
    _, listed = await deployment.cli("campaign", "list")
    assert listed.count("2027年第一季度") == 1
    _, audit = await deployment.cli("audit")
    assert "一季一评议（自动）" in audit and "一季一评议自动开启" in audit

    # Restarted again (and the clock a little later): nothing is opened or told twice.
    await deployment.stop()
    deployment.env["PINGYI_CLOCK_START"] = "2027-01-05T11:00:00+08:00"
    await deployment.start()
    await asyncio.sleep(1.5)
    assert len(cycle_notices(admin)) == 1 and len(documents(admin)) == 3
    _, listed = await deployment.cli("campaign", "list")
    assert listed.count("2027年第一季度") == 1

    # The year review on demand: a workbook with the year's quarters.
    await admin.send("/summary year")
    await admin.press_containing(ORG)
    await fake.wait_for(lambda: "document" in admin.messages[-1], 20)
    review = admin.messages[-1]
    assert review["document"]["file_name"] == f"{ORG} 2027年年终总评.xlsx"
    [usage] = await admin.send("/summary")
    assert usage["text"] == gettext(summaries_texts.SUMMARY_USAGE)

    await admin.send("/cycle off")
    await admin.press_containing(ORG)
    assert "已停止一季一评议" in admin.last["text"]
    _, cycles = await deployment.cli("cycle", "list")
    assert "已停止" in cycles
