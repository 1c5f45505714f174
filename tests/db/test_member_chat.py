"""党员自我评价 and 党员互评 in the chat, through the real dispatcher in process: what a member
sees screen by screen, two Bot API calls per press, and who is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot import texts
from bot.i18n import gettext
from bot.sending import CUT
from bot.texts import ballots as ballots_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation import members
from evaluation.ballot_state import Reason
from evaluation.callers import OPERATOR
from evaluation.self_evaluation import SelfReason
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.models import SelfEvaluation
from support.offline import OfflineBot, OfflineUser
from support.sample import MEMBERS, ORG

WANG, LI = MEMBERS[0][0], MEMBERS[1][0]


ADMIN = 900  # a super-organizer: manages the branch, and is not one of its members


@pytest.fixture
async def chat(database_url):
    bot = await OfflineBot(database_url, admin_ids=(ADMIN,)).start()
    yield bot
    await bot.close()


async def claim(chat: OfflineBot, user: OfflineUser, name: str) -> None:
    async with chat.sessionmaker() as session:
        organization = await organization_repo.organization_by_name(session, ORG)
        member = next(
            m
            for m in await organization_repo.members_of(session, organization.id)
            if m.name == name
        )
        link = await members.issue_link(session, OPERATOR, member.id, datetime.now(UTC))
    await chat.feed(user.message(f"/start {link.token}"))
    user.last_message()


async def press(chat: OfflineBot, user: OfflineUser, fragment: str):
    """Press a button of the user's current message; the calls it made."""
    return await chat.feed(user.press(user.button(fragment)))


def methods(calls) -> list[str]:
    return [c.method for c in calls]


async def self_evaluations(chat: OfflineBot) -> dict[int, tuple]:
    async with chat.sessionmaker() as session:
        rows = await session.scalars(select(SelfEvaluation))
        return {r.member_id: (r.step, tuple(r.ratings), r.performance) for r in rows}


async def test_a_member_fills_the_self_evaluation_and_the_peer_review_in_the_chat(chat):
    campaign = await chat.open_campaign()
    async with chat.sessionmaker() as session:
        (await campaign_repo.campaign(session, campaign.id)).peer_review = True
        await session.commit()
    wang, li, stranger = (OfflineUser(n, chat.fake) for n in (501, 502, 66))
    await claim(chat, wang, WANG)
    await claim(chat, li, LI)

    # A stranger, a respondent who voted and an organizer of the branch who is no member of
    # it each get one line, and nothing is stored; so do forged member buttons.
    respondent, organizer = OfflineUser(67, chat.fake), OfflineUser(ADMIN, chat.fake)
    await chat.begin(respondent, campaign.token)
    for _ in range(3):
        await press(chat, respondent, ":ans:0")
    for outsider in (stranger, respondent, organizer):
        await chat.feed(outsider.message("/self_evaluation"))
        outsider.last_message()
        assert outsider.screen["text"] == gettext(self_evaluation_texts.SELF_NONE)
        for data in (f"e:{campaign.id}:0:go:0", f"p:{campaign.id}:0:go:0"):
            calls = await chat.feed(outsider.press(data))
            assert methods(calls) == ["answerCallbackQuery"]
            assert "已认领的本组织党员" in calls[0].params["text"]
    assert await self_evaluations(chat) == {}

    await chat.feed(wang.message("/self_evaluation"))
    wang.last_message()
    assert "请填写您的党员自我评价" in wang.screen["text"] and "党员互评" in wang.screen["text"]
    calls = await press(chat, wang, f"e:{campaign.id}:0:go")
    assert methods(calls) == ["editMessageText", "answerCallbackQuery"]
    assert f"党员：{WANG}" in wang.screen["text"] and "第 1/5 项（自评）" in wang.screen["text"]
    assert "不了解" not in str(wang.screen["reply_markup"])
    first = wang.screen
    for _ in range(5):
        calls = await press(chat, wang, "基本满意")
        assert methods(calls) == ["editMessageText", "answerCallbackQuery"]
    assert "「主要表现」" in wang.screen["text"]

    # An old button is refused with the current screen; text is taken where text is asked.
    old = wang.press(f"e:{campaign.id}:0:ans:0")
    old["callback_query"]["message"] = first
    calls = await chat.feed(old)
    assert calls[-1].params["text"] == self_evaluation_texts.self_refused(SelfReason.STALE)
    [reply] = await chat.feed(wang.message("长" * 1001))
    assert reply.params["text"].startswith("每项最多 1000 字")
    for text in ("认真完成巡护任务", "学习不够深入", "每周集中学习一次"):
        await chat.feed(wang.message(text))
    wang.last_message()
    assert "【整改措施】\n每周集中学习一次" in wang.screen["text"]
    calls = await press(chat, wang, ":sub:")
    assert wang.screen["text"].startswith(gettext(self_evaluation_texts.SELF_SUBMITTED))

    # 李秀英 replays 王建国's buttons: they only ever reach her own self-evaluation.
    mine = await self_evaluations(chat)
    for data in (f"e:{campaign.id}:8:sub:0", f"e:{campaign.id}:1:ans:2", f"e:{campaign.id}:8:q:0"):
        calls = await chat.feed(li.press(data))
        assert methods(calls) == ["answerCallbackQuery"]
    assert await self_evaluations(chat) == mine

    # 党员互评: the same engine, two calls a press, never about oneself.
    await chat.feed(wang.message("/self_evaluation"))
    wang.last_message()
    await press(chat, wang, f"p:{campaign.id}:0:go")
    # Text where a button is expected: one reply, the hint above the peer question on show.
    [reply] = await chat.feed(wang.message("我要打字"))
    assert reply.params["text"].startswith(ballots_texts.refused(Reason.BUTTON_EXPECTED))
    assert "党员互评" in reply.params["text"] and "p:" in str(reply.params["reply_markup"])
    wang.last_message()
    subjects = []
    while "评议对象：" in wang.screen["text"]:
        subjects.append(wang.screen["text"].split("评议对象：")[1].split("\n")[0])
        assert "党员互评" in wang.screen["text"]
        calls = await press(chat, wang, "满意")
        assert methods(calls) == ["editMessageText", "answerCallbackQuery"]
    assert WANG not in "".join(subjects) and LI in subjects[0]
    assert "【党员互评】" in wang.screen["text"]
    calls = await press(chat, wang, ":sub:")
    assert methods(calls) == ["editMessageText", "answerCallbackQuery"]
    assert "党员互评已提交" in wang.screen["text"]
    await chat.feed(wang.message("/self_evaluation"))
    wang.last_message()
    calls = await press(chat, wang, f"p:{campaign.id}:0:go")
    assert "已提交过" in calls[-1].params["text"]


async def rated_self_evaluation(chat: OfflineBot, rating: str):
    """王建国 claims his account and rates himself on every criterion: the campaign, and him
    at the self-evaluation's first text."""
    campaign = await chat.open_campaign()
    wang = OfflineUser(501, chat.fake)
    await claim(chat, wang, WANG)
    await chat.feed(wang.message("/self_evaluation"))
    wang.last_message()
    await press(chat, wang, f"e:{campaign.id}:0:go")
    for _ in range(5):
        await press(chat, wang, rating)
    return campaign, wang


async def test_an_opinion_typed_at_the_ballot_never_lands_in_the_signed_text(chat):
    campaign, wang = await rated_self_evaluation(chat, "满意")
    # The self-evaluation waits for 主要表现; the masses' ballot reaches its 意见建议.
    await chat.begin(wang, campaign.token)
    while "意见建议" not in wang.screen["text"]:
        await press(chat, wang, ":ans:0")
    await chat.feed(wang.message("食堂饭菜太贵"))
    wang.last_message()
    assert "请核对您的评议" in wang.screen["text"] and "食堂饭菜太贵" in wang.screen["text"]
    [(step, _, performance)] = (await self_evaluations(chat)).values()
    assert performance is None and step == 5
    # Once the ballot no longer asks for text, the self-evaluation gets it.
    await press(chat, wang, "✅ 提交，不需答复")
    await chat.feed(wang.message("认真完成巡护任务"))
    [(step, _, performance)] = (await self_evaluations(chat)).values()
    assert performance == "认真完成巡护任务" and step == 6


async def test_the_longest_self_evaluation_fits_its_screens_and_is_submitted(chat):
    """Three texts at the limit as Telegram counts it (500 emoji are 1,000 UTF-16 units): the
    review screen fits a message and the self-evaluation is submitted; one emoji more is
    refused, as 1,001 characters are."""
    _, wang = await rated_self_evaluation(chat, "基本满意")
    [reply] = await chat.feed(wang.message("😀" * 501))
    assert reply.params["text"].startswith("每项最多 1000 字")
    for _ in range(3):
        calls = await chat.feed(wang.message("😀" * 500))
        assert all(len(c.params["text"].encode("utf-16-le")) // 2 <= 4096 for c in calls)
        assert not any(CUT in c.params["text"] for c in calls)  # whole, not cut
    wang.last_message()
    assert "【整改措施】" in wang.screen["text"] and "😀" * 500 in wang.screen["text"]
    await press(chat, wang, ":sub:")
    assert wang.screen["text"].startswith(gettext(self_evaluation_texts.SELF_SUBMITTED))
    assert (await self_evaluations(chat))[1][2] == "😀" * 500


async def test_a_reply_that_fails_after_a_commit_does_not_say_nothing_was_recorded(chat):
    """The claim is stored, then its reply fails: the apology says it was saved. A failure
    before anything was stored still says nothing was recorded."""
    await chat.open_campaign()
    wang = OfflineUser(501, chat.fake)
    async with chat.sessionmaker() as session:
        organization = await organization_repo.organization_by_name(session, ORG)
        member = next(
            m
            for m in await organization_repo.members_of(session, organization.id)
            if m.name == WANG
        )
        link = await members.issue_link(session, OPERATOR, member.id, datetime.now(UTC))
    chat.fail_sends()
    calls = await chat.feed(wang.message(f"/start {link.token}"))
    assert calls[-1].params["text"] == gettext(texts.FAILURE_AFTER_SAVING)
    async with chat.sessionmaker() as session:
        assert await organization_repo.bindings_of(session, organization.id)  # it was stored
    chat.fail_sends()
    calls = await chat.feed(wang.message("/self_evaluation"))  # reads, stores nothing
    assert calls[-1].params["text"] == gettext(texts.FAILURE)
