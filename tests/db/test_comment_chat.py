"""逐级点评 in the chat, through the dispatcher in process on both databases: /comment lists
whom the caller may comment on; one field at a time by text, 上一项 / 跳过 / 完成; a restart
(a new dispatcher on the same database) and an old button lose nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.i18n import gettext
from bot.sending import CUT
from bot.texts import comments as comments_texts
from bot.texts import organizing as organizing_texts
from evaluation import members
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.comments import MEMBER_ITEMS
from evaluation.roster import RosterData, import_roster
from storage import cycle as cycle_repo
from storage import organizations as organization_repo
from storage import rectification as rectification_repo
from storage.models import Comment, Suggestion
from support.offline import OfflineBot, OfflineUser

COUNTY, SCHOOL = "县教育党委", "实验小学党支部"
ROSTER = [("赵书记", "党支部书记"), ("钱委员", "党支部委员"), ("李老师", None)]
ADMIN = 900


async def prepare(bot: OfflineBot) -> dict[str, str]:
    """The school branch under the county committee, an open campaign; each member's link."""
    now = datetime.now(UTC)
    async with bot.sessionmaker() as session:
        await import_roster(session, OPERATOR, RosterData(COUNTY, "学校医院", None, []), now)
        await import_roster(session, OPERATOR, RosterData(SCHOOL, "学校医院", COUNTY, ROSTER), now)
        school = await find_organization(session, SCHOOL)
        await start_campaign(
            session, OPERATOR, CampaignRequest(school.id, "2026Q4"), now.date(), now
        )
        links = {}
        for member in await organization_repo.members_of(session, school.id):
            links[member.name] = (await members.issue_link(session, OPERATOR, member.id, now)).token
    return links


def labels(user: OfflineUser) -> list[str]:
    return [b["text"] for row in user.screen["reply_markup"]["inline_keyboard"] for b in row]


async def comments(bot: OfflineBot) -> list[Comment]:
    async with bot.sessionmaker() as session:
        return list(await session.scalars(select(Comment)))


async def test_a_committee_member_comments_field_by_field_across_a_restart(database_url):
    bot = await OfflineBot(database_url, admin_ids=(ADMIN,)).start()
    links = await prepare(bot)
    qian, teacher, secretary, admin = (OfflineUser(n, bot.fake) for n in (502, 503, 501, ADMIN))
    for user, name in ((qian, "钱委员"), (teacher, "李老师"), (secretary, "赵书记")):
        await bot.feed(user.message(f"/start {links[name]}"))

    # Who may comment on whom; with one subject to pick, /comment opens it at once.
    for user, expected in (
        (teacher, None),
        (admin, [SCHOOL, "赵书记（党支部书记）", "钱委员（党支部委员）", "李老师"]),
    ):
        await bot.feed(user.message("/comment"))
        user.last_message()
        if expected is None:
            assert user.screen["text"] == gettext(comments_texts.COMMENT_NONE)
        else:
            assert labels(user) == expected
    await bot.feed(secretary.message("/comment"))
    secretary.last_message()
    assert secretary.screen["text"].startswith("📝 逐级点评 · 钱委员（党支部委员）")

    calls = await bot.feed(qian.message("/comment"))
    assert [c.method for c in calls] == ["sendMessage"]
    qian.last_message()
    # The two required fields first; nothing to press until they are written.
    assert "第 1/8 项：优点（必填）" in qian.screen["text"]
    assert "点评人：钱委员（党支部委员）" in qian.screen["text"]
    assert "reply_markup" not in qian.screen
    subject = next(c.subject for c in await comments(bot) if c.commenter_name == "钱委员")
    calls = await bot.feed(qian.press(f"n:1:{subject}:0:done:0"))  # forged: refused, told why
    assert calls[-1].params["text"] == "「优点」必须填写，请发送文字。"
    [reply] = await bot.feed(qian.message("长" * 501))
    assert reply.params["text"].startswith("这一项最多 500 字")
    [reply] = await bot.feed(qian.message("教学认真"))
    assert "第 2/8 项：需改进（必填）" in reply.params["text"]
    assert gettext(comments_texts.COMMENT_DONE) not in str(reply.params["reply_markup"])
    qian.last_message()
    first = qian.screen  # its ⬅ 上一项 goes stale below

    [reply] = await bot.feed(qian.message("联系家长不够"))
    assert "第 3/8 项：参加创先争优活动情况（选填）" in reply.params["text"]
    qian.last_message()
    assert labels(qian) == [
        gettext(comments_texts.COMMENT_BACK),
        gettext(comments_texts.COMMENT_SKIP),
        gettext(comments_texts.COMMENT_DONE),
    ]

    # A restart: a new dispatcher on the same database; the old button is refused with the
    # current field, and the next text still goes where it belongs.
    await bot.close()
    bot = await OfflineBot(database_url, admin_ids=(ADMIN,), fake=bot.fake).start()  # same chats
    stale = qian.press(first["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    stale["callback_query"]["message"] = first
    calls = await bot.feed(stale)
    assert calls[-1].params["text"] == "这个按钮已过期，已显示当前这一项。"
    assert "第 3/8 项" in calls[0].params["text"]
    [reply] = await bot.feed(qian.message("积极参加"))
    assert "第 4/8 项" in reply.params["text"]
    qian.last_message()
    # ✅ 完成 leaves the other optional items empty: no 跳过 for each.
    await bot.feed(qian.press(qian.button(":done:")))
    assert qian.screen["text"].startswith(gettext(comments_texts.COMMENT_SAVED))

    [saved] = [c for c in await comments(bot) if c.commenter_name == "钱委员"]
    assert (saved.commenter_name, saved.commenter_role, saved.completed) == (
        "钱委员",
        "党支部委员",
        True,
    )
    assert saved.items[0] == "积极参加" and saved.items[1:] == [None] * 5
    assert (saved.strengths, saved.improvements, saved.awaiting) == (
        "教学认真",
        "联系家长不够",
        False,
    )
    # Text now asks for nothing: it is not taken into the comment.
    await bot.feed(qian.message("多余的话"))
    assert saved.improvements == "联系家长不够"
    # Someone else's comment button changes nothing of it.
    teacher.last_message()
    calls = await bot.feed(teacher.press(f"n:1:{saved.subject}:8:q:0"))
    assert calls[-1].params["text"] == "您不能点评这个对象。"
    assert [c.step for c in await comments(bot) if c.id == saved.id] == [8]
    await bot.close()


async def test_an_organizer_picks_who_comments_on_a_member(database_url):
    bot = await OfflineBot(database_url, admin_ids=(ADMIN,)).start()
    try:
        links = await prepare(bot)
        admin, secretary = OfflineUser(ADMIN, bot.fake), OfflineUser(501, bot.fake)
        await bot.feed(secretary.message(f"/start {links['赵书记']}"))
        await bot.feed(admin.message("/commenters"))
        admin.last_message()
        await bot.feed(admin.press(admin.button("o:pw:")))
        assert "李老师 · 钱委员" in labels(admin)
        await bot.feed(admin.press(admin.button("李老师 · 钱委员")))
        assert "谁点评「李老师」" in admin.screen["text"] and "✓ 钱委员" in labels(admin)
        calls = await bot.feed(admin.press(admin.button("赵书记")))
        assert [c.method for c in calls] == ["editMessageText", "answerCallbackQuery"]
        assert "✓ 赵书记" in labels(admin) and "✓ 钱委员" in labels(admin)
        await bot.feed(secretary.message("/comment"))
        secretary.last_message()
        assert labels(secretary) == ["钱委员（党支部委员）", "李老师"]
        # A stranger's forged toggle meets the organizer gate; nothing changes.
        stranger = OfflineUser(66, bot.fake)
        await bot.feed(stranger.message("/start"))
        stranger.last_message()
        calls = await bot.feed(stranger.press(admin.button("✓ 赵书记")))
        assert calls[-1].params["text"] == gettext(organizing_texts.ORGANIZERS_BUTTON)
        await bot.feed(secretary.message("/comment"))
        secretary.last_message()
        assert "李老师" in labels(secretary)
    finally:
        await bot.close()


async def test_an_organizer_names_the_member_an_opinion_is_about(database_url):
    """涉及党员 from the 整改台账's item screen: a name not in the campaign is refused and the
    question stays open; a roster name is set; 「无」 clears it."""
    bot = await OfflineBot(database_url, admin_ids=(ADMIN,)).start()
    try:
        await prepare(bot)
        async with bot.sessionmaker() as session:
            school = await find_organization(session, SCHOOL)
            campaign = await cycle_repo.latest_campaign_of(session, school.id)
            session.add(Suggestion(code="ABCD-EFGH", campaign_id=campaign.id, text="作业太多"))
            await session.commit()
        admin = OfflineUser(ADMIN, bot.fake)
        await bot.feed(admin.message(f"/suggestions {campaign.id}"))
        admin.last_message()
        await bot.feed(admin.press(admin.button("ABCD-EFGH【待处理】")))
        assert "涉及党员：未填写" in admin.screen["text"]
        asked, _ = await bot.feed(admin.press(admin.button("涉及党员")))
        assert "涉及的党员姓名" in asked.params["text"]
        [refused] = await bot.feed(admin.message("王老师"))
        assert "没有名为「王老师」的党员" in refused.params["text"]
        [shown] = await bot.feed(admin.message("李老师"))
        assert "涉及党员：李老师" in shown.params["text"]
        async with bot.sessionmaker() as session:
            assert (await rectification_repo.suggestion(session, "ABCD-EFGH")).member_id is not None
        admin.last_message()
        await bot.feed(admin.press(admin.button("涉及党员")))
        [cleared] = await bot.feed(admin.message("无"))
        assert "涉及党员：未填写" in cleared.params["text"]
    finally:
        await bot.close()


async def test_a_comment_of_the_longest_emoji_items_fits_and_is_saved(database_url):
    """Every item at its limit as Telegram counts it (100 emoji are 200 UTF-16 units, 250 are
    500): each screen fits a message and the comment is saved; one emoji more is refused."""
    bot = await OfflineBot(database_url, admin_ids=(ADMIN,)).start()
    try:
        links = await prepare(bot)
        qian = OfflineUser(502, bot.fake)
        await bot.feed(qian.message(f"/start {links['钱委员']}"))
        await bot.feed(qian.message("/comment"))  # one subject: opened at once
        [reply] = await bot.feed(qian.message("😀" * 251))
        assert reply.params["text"].startswith("这一项最多 500 字")
        for n, text in enumerate(["😀" * 250] * 2 + ["😀" * 100] * len(MEMBER_ITEMS)):
            if n == 2:  # the first optional item
                [reply] = await bot.feed(qian.message("😀" * 101))
                assert reply.params["text"].startswith("这一项最多 200 字")
            calls = await bot.feed(qian.message(text))
            assert all(len(c.params["text"].encode("utf-16-le")) // 2 <= 4096 for c in calls)
            assert not any(CUT in c.params["text"] for c in calls)  # whole, not cut
        qian.last_message()
        await bot.feed(qian.press(qian.button(":done:")))
        assert qian.screen["text"].startswith(gettext(comments_texts.COMMENT_SAVED))
        [saved] = await comments(bot)
        assert saved.items == ["😀" * 100] * len(MEMBER_ITEMS) and saved.improvements == "😀" * 250
    finally:
        await bot.close()
