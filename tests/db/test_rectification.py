"""整改台账 and 统计单 records in the core, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from evaluation import activities, rectification
from evaluation.activities import ActivityError
from evaluation.callers import OPERATOR, Caller, Forbidden
from evaluation.rectification import RectificationError
from evaluation.roster import RosterData, import_roster
from storage import campaigns as campaign_repo
from storage.models import AuditEntry, OutboxMessage, ReplyHandle, Suggestion
from support.sample import NOW
from tests.factories import PSEUDONYMS, all_satisfied, fill_ballot, open_campaign, person

QUESTIONS = 6 + 9 * 5
STRANGER = Caller(4242, False)


async def count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_an_opinion_becomes_an_item_and_its_reply_is_queued_once(session, roster):
    campaign = await open_campaign(session)
    asked = await fill_ballot(
        session,
        campaign.id,
        person(1),
        all_satisfied(QUESTIONS),
        suggestion="路灯坏了",
        wants_reply=True,
    )
    silent = await fill_ballot(
        session, campaign.id, person(2), all_satisfied(QUESTIONS), suggestion="=1+1"
    )
    await fill_ballot(session, campaign.id, person(3), all_satisfied(QUESTIONS))
    assert await count(session, Suggestion) == 2 and await count(session, ReplyHandle) == 1

    page = await rectification.items(session, OPERATOR, campaign.id)
    assert page.counts == {"待处理": 2, "整改中": 0, "已办结": 0, "无需整改": 0}
    waiting = {item.code: item.reply_pending for item in page.items}
    assert waiting == {asked.suggestion_code: True, silent.suggestion_code: False}

    with pytest.raises(Forbidden):
        await rectification.items(session, STRANGER, campaign.id)
    with pytest.raises(Forbidden):
        await rectification.update(
            session, STRANGER, asked.suggestion_code, NOW, PSEUDONYMS, status="已办结"
        )
    with pytest.raises(RectificationError):
        await rectification.update(
            session, OPERATOR, asked.suggestion_code, NOW, PSEUDONYMS, status="完成"
        )
    with pytest.raises(RectificationError):
        await rectification.update(
            session, OPERATOR, asked.suggestion_code, NOW, PSEUDONYMS, owner=" \x07 "
        )

    item = await rectification.update(
        session,
        OPERATOR,
        asked.suggestion_code,
        NOW,
        PSEUDONYMS,
        status="整改中",
        owner="办公室",
        deadline=date(2026, 12, 31),
        response="已修好",
    )
    assert (item.status, item.owner, item.deadline, item.response) == (
        "整改中",
        "办公室",
        date(2026, 12, 31),
        "已修好",
    )
    assert not item.reply_pending and await count(session, ReplyHandle) == 0
    [queued] = list(await session.scalars(select(OutboxMessage)))
    assert queued.kind == "reply" and queued.reason == f"reply:{asked.suggestion_code}"
    assert PSEUDONYMS.unseal(queued.address) == 1 and queued.recipient == PSEUDONYMS.person(1)

    # A second response, and a response to the writer who did not ask: nothing more queued.
    for code in (asked.suggestion_code, silent.suggestion_code):
        await rectification.update(session, OPERATOR, code, NOW, PSEUDONYMS, response="补充")
    assert await count(session, OutboxMessage) == 1
    assert await count(session, AuditEntry) >= 3

    found = await rectification.lookup(session, asked.suggestion_code.lower().replace("-", ""))
    assert found.text == "路灯坏了" and found.response == "补充"
    assert await rectification.lookup(session, "no such code") is None


async def test_recorded_figures_add_up_over_a_group_and_refuse_nonsense(session):
    await import_roster(
        session, OPERATOR, RosterData("支部甲", "机关", "党委甲", [("党员甲", None)]), NOW
    )
    root = await open_campaign(session, organization="党委甲")
    [branch] = await campaign_repo.group_campaigns(session, root.id)
    assert await activities.record(session, OPERATOR, root.id, "visits", 5, NOW) == 5
    assert await activities.record(session, OPERATOR, branch.id, "visits", 2, NOW) == 2
    assert await activities.record(session, OPERATOR, root.id, "visits", -1, NOW) == 4
    with pytest.raises(ActivityError):
        await activities.record(session, OPERATOR, root.id, "visits", -5, NOW)  # below zero
    with pytest.raises(ActivityError):
        await activities.record(session, OPERATOR, root.id, "nonsense", 1, NOW)
    with pytest.raises(Forbidden):
        await activities.record(session, STRANGER, root.id, "visits", 1, NOW)
    for text in ("abc", "1.5", "", "99999999", "１２"):
        with pytest.raises(ActivityError):
            activities.parse_count(text)
    assert activities.parse_count("＋12") == 12 and activities.parse_count("-3") == -3

    totals = await activities.totals(session, root)
    assert totals["visits"] == 6 and totals["deeds"] is None  # 4 on the root + 2 on the branch
    assert (await activities.totals(session, branch))["visits"] == 2
