"""公开承诺: lists per subject, 践诺 states, limits, rights, and the campaign's snapshot."""

from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest

from bot.screens import ballots as ballots_screens
from evaluation import ballots, campaign_views, commitments
from evaluation.ballot_state import Action, Reason, Refused
from evaluation.callers import OPERATOR, Caller, Forbidden
from evaluation.commitments import CommitmentError
from evaluation.questionnaire import MEMBER_CRITERIA, SIX_ASPECTS, Rating
from evaluation.roster import import_roster, parse_roster
from storage import access as access_repo
from storage import ballots as ballot_repo
from storage import organizations as organization_repo
from support.sample import MEMBERS, NOW, ORG, TODAY
from tests.factories import begin, open_campaign, person


async def test_lists_states_and_limits(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    wang = MEMBERS[0][0]
    own = await commitments.set_list(
        session,
        OPERATOR,
        organization.id,
        None,
        ["每月走访群众不少于 4 户", "年内办实事 3 件"],
        NOW,
    )
    assert [i.text for i in own.items] == ["每月走访群众不少于 4 户", "年内办实事 3 件"]
    his = await commitments.set_list(session, OPERATOR, organization.id, wang, ["带头学习"], NOW)
    done = await commitments.set_state(session, OPERATOR, his.items[0].id, "已完成", NOW)
    assert done.state == "已完成"
    logged = [entry.detail for entry, _ in await access_repo.audit_page(session, 5, 0)]
    assert logged[0] == f"{wang}：带头学习：已完成"  # whose item, by name
    # The list replaced as a whole: an item that stays keeps its state, a new one starts.
    his = await commitments.set_list(
        session, OPERATOR, organization.id, wang, ["带头学习", "结对帮扶 2 户"], NOW
    )
    assert [(i.text, i.state) for i in his.items] == [
        ("带头学习", "已完成"),
        ("结对帮扶 2 户", "未开始"),
    ]
    listing = await commitments.listing(session, OPERATOR, organization.id)
    assert [s.member for s in listing] == [None, *(name for name, _ in MEMBERS)]
    assert len(listing[0].items) == 2 and len(listing[1].items) == 2

    for lines, message in (
        (["x"] * (commitments.LIST_LIMIT + 1), "最多 10 项"),
        (["短", "长" * (commitments.TEXT_LIMIT + 1)], "第 2 项超过 100 字"),
    ):
        with pytest.raises(CommitmentError, match=message):
            await commitments.set_list(session, OPERATOR, organization.id, wang, lines, NOW)
    with pytest.raises(CommitmentError, match="没有党员「无名氏」"):
        await commitments.set_list(session, OPERATOR, organization.id, "无名氏", ["x"], NOW)
    with pytest.raises(CommitmentError, match="践诺状态应为"):
        await commitments.set_state(session, OPERATOR, his.items[0].id, "差不多", NOW)
    stranger = Caller(777, False)
    with pytest.raises(Forbidden):
        await commitments.set_list(session, stranger, organization.id, wang, ["冒名"], NOW)
    with pytest.raises(Forbidden):
        await commitments.set_state(session, stranger, his.items[0].id, "已完成", NOW)
    assert commitments.lines_of("  一\n\n二 \n") == ["一", "二"]


async def test_a_campaign_shows_the_commitments_it_opened_with(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    wang = MEMBERS[0][0]
    await commitments.set_list(session, OPERATOR, organization.id, None, ["年内办实事 3 件"], NOW)
    await commitments.set_list(session, OPERATOR, organization.id, wang, ["带头学习"], NOW)
    campaign = await open_campaign(session, ask_category=False)
    # Changed after the opening: the campaign keeps what was promised when it opened.
    later = NOW + timedelta(days=1)
    await commitments.set_list(session, OPERATOR, organization.id, wang, ["别的"], later)

    alice = person(1)
    screen = await begin(session, campaign.id, alice)
    questionnaire = screen.campaign.questionnaire
    aspect = SIX_ASPECTS.index("公开承诺是否完成")
    own = questionnaire.subject_questions(0)[aspect].number
    member = next(q for q in questionnaire.subject_questions(1) if "公开承诺" in q.criterion)
    assert MEMBER_CRITERIA[member.criterion_index] == member.criterion

    def shown(step: int) -> str:
        screen.step = step
        return ballots_screens.render(screen)[0]

    assert "公开承诺：\n①年内办实事 3 件（未开始）" in shown(own)
    assert "①带头学习（未开始）" in shown(member.number) and "别的" not in shown(member.number)
    assert "公开承诺：" not in shown(0) and "公开承诺：" not in shown(member.number + 1)
    assert campaign_views.campaign_view(campaign).questionnaire.subjects[1].commitments == (
        ("带头学习", "未开始"),
    )


async def test_a_long_list_is_cut_under_its_question(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    lines = [f"第{n}项" + "很长的承诺内容" * 8 for n in range(10)]
    await commitments.set_list(session, OPERATOR, organization.id, None, lines, NOW)
    campaign = await open_campaign(session, ask_category=False)
    screen = await begin(session, campaign.id, person(2))
    screen.step = SIX_ASPECTS.index("公开承诺是否完成")
    text = ballots_screens.render(screen)[0]
    block = text.split("公开承诺：\n", 1)[1]
    assert len(block) == ballots_screens.COMMITMENTS_SHOWN and block.endswith("…")


async def test_the_whole_list_in_the_questions_message_and_back(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    lines = [f"第{n}项" + "很长的承诺内容" * 8 for n in range(10)]
    await commitments.set_list(session, OPERATOR, organization.id, None, lines, NOW)
    campaign = await open_campaign(session, ask_category=False)
    bob = person(3)
    screen = await begin(session, campaign.id, bob)
    aspect = SIX_ASPECTS.index("公开承诺是否完成")
    for _ in range(aspect):
        screen = await ballots.act(
            session, campaign.id, bob, screen.step, Action.ANSWER, Rating.SATISFIED, TODAY
        )
    text, keyboard = ballots_screens.render(screen)
    labels = [b.text for row in keyboard.inline_keyboard for b in row]
    assert "📜 查看承诺" in labels and text.endswith("…")

    shown = await ballots.act(session, campaign.id, bob, aspect, Action.COMMITMENTS, 0, TODAY)
    text, keyboard = ballots_screens.render(shown)
    assert all(line in text for line in lines)  # the whole list, nothing cut
    assert [b.text for row in keyboard.inline_keyboard for b in row] == ["⬅ 返回题目"]
    back = await ballots.act(session, campaign.id, bob, aspect, Action.QUESTION, 0, TODAY)
    assert ballots_screens.render(back)[0] == ballots_screens.render(screen)[0]
    # Viewing stores nothing; the rating still goes where it belongs.
    assert (
        await ballot_repo.draft_ballot(session, campaign.id, bob.key(campaign.id))
    ).step == aspect
    after = await ballots.act(session, campaign.id, bob, aspect, Action.ANSWER, Rating.BASIC, TODAY)
    assert after.step == aspect + 1 and after.progress.answers[aspect] == Rating.BASIC
    # No list behind this question: 查看承诺 is not offered and a forged press is refused.
    text, keyboard = ballots_screens.render(after)
    assert "📜 查看承诺" not in str(keyboard)
    with pytest.raises(Refused) as refused:
        await ballots.act(session, campaign.id, bob, aspect + 1, Action.COMMITMENTS, 0, TODAY)
    assert refused.value.reason == Reason.INVALID


async def test_the_roster_template_sets_commitments_and_a_blank_cell_keeps_them(session, roster):
    from exports.roster import fill_template, read_rows, write_template

    organization = await organization_repo.organization_by_name(session, ORG)
    li = MEMBERS[1][0]
    await commitments.set_list(session, OPERATOR, organization.id, li, ["原有承诺"], NOW)
    template = Path(tempfile.mkdtemp()) / "template.xlsx"
    write_template(template)
    promised = {None: ["年内办实事 3 件"], MEMBERS[0][0]: ["带头学习", "结对帮扶 2 户"]}
    filled = fill_template(template.read_bytes(), ORG, MEMBERS, commitments=promised)
    data, errors = parse_roster(read_rows(io.BytesIO(filled)))
    assert errors == []
    summary = await import_roster(session, OPERATOR, data, NOW)
    assert summary.commitments == 2
    listing = {
        s.member: [i.text for i in s.items]
        for s in await commitments.listing(session, OPERATOR, organization.id)
    }
    assert listing[None] == promised[None] and listing[MEMBERS[0][0]] == promised[MEMBERS[0][0]]
    assert listing[li] == ["原有承诺"]  # its cell was blank
