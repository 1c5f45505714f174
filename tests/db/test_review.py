"""综合评定 and 支部审定 on both databases: composites from known ballots, ranks, the suggested
grade, a different grade needing a reason, 审定完成 locking the grades and the comments."""

from __future__ import annotations

import pytest

from evaluation import ballots, comments, members, review
from evaluation.ballot_state import Action
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignError
from evaluation.questionnaire import Rating
from evaluation.review import ReviewError, Weights
from evaluation.roster import RosterData, import_roster
from storage import access as access_repo
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from support.sample import NOW, TODAY
from tests.factories import PSEUDONYMS, fill_ballot, open_campaign, person

SCHOOL = "实验小学党支部"
ROSTER = [
    ("赵书记", "党支部书记"),
    ("钱委员", "党支部委员"),
    ("孙委员", "党支部委员"),
    ("李老师", None),
    ("周老师", None),
]
MASSES = [Rating.SATISFIED, Rating.SATISFIED, Rating.BASIC, Rating.BASIC, Rating.UNSATISFIED]


async def branch(session):
    await import_roster(session, OPERATOR, RosterData(SCHOOL, "学校医院", None, ROSTER), NOW)
    campaign = await open_campaign(session, SCHOOL, peer_review=True, ask_category=False)
    organization = await organization_repo.organization_by_name(session, SCHOOL)
    ids = {m.name: m.id for m in await organization_repo.members_of(session, organization.id)}
    for n, (name, _) in enumerate(ROSTER):
        link = await members.issue_link(session, OPERATOR, ids[name], NOW)
        await members.claim(session, PSEUDONYMS, link.token, 800 + n, NOW)
    # Five masses' ballots: the organization all 满意, each member as MASSES says.
    ratings = [Rating.SATISFIED] * 6 + [r for r in MASSES for _ in range(5)]
    for n in range(5):
        await fill_ballot(session, campaign.id, person(900 + n), ratings)
    # Each member's peer ballot: 满意 for everyone but 周老师, who gets 基本满意.
    for n in range(len(ROSTER)):
        rater = person(800 + n)
        screen = await ballots.act(
            session, campaign.id, rater, 0, Action.BEGIN, 0, TODAY, peer=True
        )
        while ballots.nav.is_question(screen.campaign.questionnaire, screen.step):
            subject = screen.campaign.questionnaire.questions[screen.step].subject.name
            rating = Rating.BASIC if subject == "周老师" else Rating.SATISFIED
            screen = await ballots.act(
                session, campaign.id, rater, screen.step, Action.ANSWER, rating, TODAY, peer=True
            )
        await ballots.act(
            session, campaign.id, rater, screen.step, Action.SUBMIT, 0, TODAY, peer=True
        )
    return campaign, ids


async def test_composites_ranks_and_the_branchs_final_grades(session):
    campaign, ids = await branch(session)
    found = await review.review(session, OPERATOR, campaign.id)
    assert found.weights == Weights(60, 40)
    rows = [
        (m.name.split("（")[0], m.masses_score, m.peer_score, m.composite, m.rank, m.suggested)
        for m in found.members
    ]
    assert rows == [
        ("赵书记", 100, 100, 100, 1, "优秀"),
        ("钱委员", 100, 100, 100, 1, "优秀"),
        ("孙委员", 60, 100, 76, 3, "合格"),
        ("李老师", 60, 100, 76, 3, "合格"),
        ("周老师", 0, 60, 24, 5, "不合格"),
    ]

    # The suggestion is taken as it is; a different grade needs its reason.
    await review.decide(session, OPERATOR, campaign.id, ids["赵书记"], "优秀", None, NOW)
    with pytest.raises(ReviewError, match="请写一句理由"):
        await review.decide(session, OPERATOR, campaign.id, ids["周老师"], "基本合格", " ", NOW)
    with pytest.raises(ReviewError, match="等次应为"):
        await review.decide(session, OPERATOR, campaign.id, ids["李老师"], "良好", None, NOW)
    await review.decide(
        session, OPERATOR, campaign.id, ids["周老师"], "基本合格", "病休半年，已有明显改进", NOW
    )
    # 审定完成 waits for the campaign's close (the grades rest on figures that still change),
    # or closes it in the same step; a refusal closes nothing.
    with pytest.raises(ReviewError, match="评议还在进行中"):
        await review.finish(session, OPERATOR, campaign.id, NOW)
    with pytest.raises(ReviewError, match="还有 3 名党员未审定"):
        await review.finish(session, OPERATOR, campaign.id, NOW, close=True)
    assert (await campaign_repo.campaign(session, campaign.id)).status == "open"
    for name in ("钱委员", "孙委员", "李老师"):
        suggested = next(m.suggested for m in found.members if m.name.startswith(name))
        await review.decide_named(session, OPERATOR, campaign.id, name, suggested, None, NOW)
    decided = await review.review(session, OPERATOR, campaign.id)
    assert [m.final for m in decided.members] == ["优秀", "优秀", "合格", "合格", "基本合格"]
    assert decided.members[-1].reason == "病休半年，已有明显改进"

    await review.finish(session, OPERATOR, campaign.id, NOW, close=True)
    assert (await campaign_repo.campaign(session, campaign.id)).status == "closed"
    with pytest.raises(ReviewError, match="已审定完成"):
        await review.decide(session, OPERATOR, campaign.id, ids["李老师"], "优秀", "改", NOW)
    with pytest.raises(CampaignError, match="点评不能再修改"):
        await comments.import_sheet(session, OPERATOR, campaign.id, [], NOW)
    entries = [entry.detail for entry, _ in await access_repo.audit_page(session, 20, 0)]
    assert any("周老师" in d and "基本合格" in d and "病休半年" in d for d in entries)


async def test_without_peer_review_the_composite_is_the_masses_score(session):
    await import_roster(session, OPERATOR, RosterData(SCHOOL, "学校医院", None, ROSTER), NOW)
    campaign = await open_campaign(session, SCHOOL, ask_category=False)
    ratings = [Rating.SATISFIED] * 6 + [r for r in MASSES for _ in range(5)]
    for n in range(5):
        await fill_ballot(session, campaign.id, person(900 + n), ratings)
    found = await review.review(session, OPERATOR, campaign.id)
    assert found.weights == Weights(100, 0)
    assert [m.composite for m in found.members] == [100, 100, 60, 60, 0]
    assert [m.peer_score for m in found.members] == [None] * 5


async def test_the_workbooks_comments_and_review_sheets(session, tmp_path):
    from openpyxl import load_workbook

    from exports.workbook import export_campaign

    campaign, ids = await branch(session)
    known = {s.name: s for s in await comments.subjects(session, campaign)}
    written = comments.cleaned(["积极参加", *[None] * 5], "教学认真", "联系家长不够")
    found = [comments.SheetComment(known["李老师"], "钱委员", "党支部委员", written)]
    await comments.import_sheet(session, OPERATOR, campaign.id, found, NOW)
    await review.decide(session, OPERATOR, campaign.id, ids["赵书记"], "优秀", None, NOW)
    await review.decide(session, OPERATOR, campaign.id, ids["周老师"], "基本合格", "病休半年", NOW)
    out = tmp_path / "book.xlsx"
    await export_campaign(session, OPERATOR, campaign.id, out, NOW)
    workbook = load_workbook(out)
    lines = [r[:2] for r in workbook["领导点评"].iter_rows(min_row=3, values_only=True) if any(r)]
    assert lines == [
        ("点评对象", "李老师"),
        ("点评人", "钱委员（党支部委员）"),
        ("参加创先争优活动情况", "积极参加"),
        ("优点", "教学认真"),
        ("需改进", "联系家长不够"),
    ]
    rows = [r for r in workbook["综合评定"].iter_rows(min_row=4, values_only=True) if r[1]]
    assert [
        (r[0], r[1].split("（")[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for r in rows
    ] == [
        (1, "赵书记", 100, 100, 100, "优秀", "优秀", None, "★"),
        (1, "钱委员", 100, 100, 100, "优秀", "未审定", None, None),
        (3, "孙委员", 60, 100, 76, "合格", "未审定", None, None),
        (3, "李老师", 60, 100, 76, "合格", "未审定", None, None),
        (5, "周老师", 0, 60, 24, "不合格", "基本合格", "病休半年", None),
    ]


async def test_review_in_the_chat_one_member_per_screen(database_url, monkeypatch):
    from bot.i18n import gettext
    from bot.texts import organizing as organizing_texts
    from bot.texts import review as review_texts
    from support.offline import OfflineBot, OfflineUser

    appraised = []  # each computation of the campaign's appraisal
    appraise = review.appraise

    async def counted(*args, **options):
        appraised.append(args[1].id)
        return await appraise(*args, **options)

    monkeypatch.setattr(review, "appraise", counted)
    bot = await OfflineBot(database_url, secret=b"test-secret", admin_ids=(900,)).start()
    try:
        async with bot.sessionmaker() as session:
            campaign, ids = await branch(session)
        admin = OfflineUser(900, bot.fake)

        async def press(fragment: str):
            return await bot.feed(admin.press(admin.button(fragment)))

        await bot.feed(admin.message(f"/review {campaign.id}"))
        admin.last_message()
        screen = admin.screen["text"]
        assert "第 1/5 人，已审定 0 人" in screen and "党员：赵书记（党支部书记）" in screen
        assert "群众评分 100.0，互评评分 100.0，综合得分 100.0（第 1 名）" in screen
        assert "建议等次：优秀" in screen and "审定等次：未审定" in screen
        appraised.clear()
        calls = await press(f"o:rg:{campaign.id}:{ids['赵书记'] * 8 + 0}")
        assert [c.method for c in calls] == ["editMessageText", "answerCallbackQuery"]
        assert appraised == [campaign.id]  # once per grade press, not once per step
        assert "审定等次：优秀" in admin.screen["text"] and "已审定 1 人" in admin.screen["text"]
        for _ in range(4):
            await press("下一人 ▶")
        assert "党员：周老师" in admin.screen["text"] and "建议等次：不合格" in admin.screen["text"]
        # Another grade than the suggestion: the screen itself asks for its reason, the next
        # text; 返回 leaves the grade as it was and the next text is no reason.
        calls = await press(f"o:rg:{campaign.id}:{ids['周老师'] * 8 + 2}")
        assert [c.method for c in calls] == ["editMessageText", "answerCallbackQuery"]
        assert "请发送一句理由" in admin.screen["text"]
        await press(gettext(review_texts.REVIEW_REASON_BACK))
        assert "党员：周老师" in admin.screen["text"] and "审定等次：未审定" in admin.screen["text"]
        [ignored] = await bot.feed(admin.message("病休半年"))  # nobody asked: no reason
        assert "审定" not in ignored.params["text"]
        await press(f"o:rg:{campaign.id}:{ids['周老师'] * 8 + 2}")
        asked_on = admin.message_id
        appraised.clear()
        calls = await bot.feed(admin.message("病休半年，已有明显改进"))
        assert appraised == [campaign.id]
        [reply] = [c for c in calls if c.method == "sendMessage"]
        assert (
            "审定等次：基本合格" in reply.params["text"]
            and "理由：病休半年" in reply.params["text"]
        )
        # The question above the reason keeps no buttons: one screen with live buttons.
        assert "reply_markup" not in bot.fake.chats[admin.id].messages[asked_on]
        admin.last_message()
        await press("✅ 审定完成")
        # Still open: the one press closes it first, and refuses while members are left.
        assert admin.screen["text"].startswith(gettext(review_texts.REVIEW_STILL_OPEN))
        calls = await press(gettext(review_texts.REVIEW_CLOSE_AND_FINISH))
        assert "还有 3 名党员未审定" in calls[-1].params["text"]
        async with bot.sessionmaker() as session:
            assert (await campaign_repo.campaign(session, campaign.id)).status == "open"
            for name, grade in (("钱委员", "优秀"), ("孙委员", "合格"), ("李老师", "合格")):
                await review.decide(session, OPERATOR, campaign.id, ids[name], grade, None, NOW)
        calls = await press(gettext(review_texts.REVIEW_CLOSE_AND_FINISH))
        assert calls[-1].params["text"] == gettext(review_texts.REVIEW_CLOSED_AND_FINISHED)
        assert gettext(review_texts.REVIEW_DONE) in admin.screen["text"] and "o:rg" not in str(
            admin.screen
        )
        async with bot.sessionmaker() as session:
            assert (await campaign_repo.campaign(session, campaign.id)).status == "closed"
        # A stranger's forged grade button meets the organizer gate.
        stranger = OfflineUser(66, bot.fake)
        await bot.feed(stranger.message("/start"))
        stranger.last_message()
        calls = await bot.feed(stranger.press(f"o:rg:{campaign.id}:{ids['李老师'] * 8}"))
        assert calls[-1].params["text"] == gettext(organizing_texts.ORGANIZERS_BUTTON)
    finally:
        await bot.close()


async def test_a_campaigns_weights_and_the_grade_set_from_the_settings(session):
    from deployment.settings import Settings, SettingsError
    from evaluation.campaigns import parse_weights

    await import_roster(session, OPERATOR, RosterData(SCHOOL, "学校医院", None, ROSTER), NOW)
    campaign = await open_campaign(
        session, SCHOOL, ask_category=False, weights=parse_weights("50，50"), peer_review=False
    )
    ratings = [Rating.SATISFIED] * 6 + [r for r in MASSES for _ in range(5)]
    for n in range(5):
        await fill_ballot(session, campaign.id, person(900 + n), ratings)
    rule = Settings(final_grades="好,较好,一般", grade_floors="95, 50").grading_rule()
    found = await review.review(session, OPERATOR, campaign.id, rule)
    # Half the weight on a 互评 this campaign does not have: no composite can be made.
    assert found.weights == Weights(50, 50) and [m.composite for m in found.members] == [None] * 5
    assert found.grades == ("好", "较好", "一般")
    plain = await open_campaign(session, SCHOOL, ask_category=False, period="2027Q1")
    for n in range(5):
        await fill_ballot(session, plain.id, person(950 + n), ratings)
    found = await review.review(session, OPERATOR, plain.id, rule)
    assert [m.suggested for m in found.members] == ["好", "好", "较好", "较好", "一般"]
    with pytest.raises(ReviewError, match="等次应为"):
        await review.decide(
            session, OPERATOR, plain.id, found.members[0].member_id, "优秀", "x", NOW, rule
        )
    for wrong in ({"grade_floors": "50,95"}, {"final_grades": "好", "grade_floors": ""}):
        with pytest.raises(SettingsError):
            Settings(**wrong).grading_rule()
    with pytest.raises(CampaignError, match="两个不小于 0 的数"):
        parse_weights("60")


async def test_a_review_screen_with_more_text_than_a_message_still_fits(database_url):
    """Three long 点评 on one member are more than Telegram's 4,096: the /review screen cuts
    them with 「…」, and its buttons still work."""
    from support.offline import OfflineBot, OfflineUser

    bot = await OfflineBot(database_url, secret=b"test-secret", admin_ids=(900,)).start()
    try:
        async with bot.sessionmaker() as session:
            campaign, _ = await branch(session)
            subject = next(
                s for s in await comments.subjects(session, campaign) if s.name.startswith("赵书记")
            )
            written = comments.cleaned(["长" * 200] * len(subject.items), "优" * 500, "改" * 500)
            found = [
                comments.SheetComment(subject, f"点评人{n}", "上级", written) for n in range(3)
            ]
            await comments.import_sheet(session, OPERATOR, campaign.id, found, NOW)
        admin = OfflineUser(900, bot.fake)
        calls = await bot.feed(admin.message(f"/review {campaign.id}"))
        [screen] = [c for c in calls if c.method == "sendMessage"]
        text = screen.params["text"]
        assert len(text.encode("utf-16-le")) // 2 <= 4096 and "改…" in text
        assert "党员：赵书记" in text and "o:rg" in str(screen.params["reply_markup"])
    finally:
        await bot.close()
