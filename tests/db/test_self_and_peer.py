"""党员自我评价 and 党员互评 in the core, on both databases: who may, the screens one at a time,
stale buttons and bad text, the invitation sent once, and a peer ballot leaving only counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from evaluation import ballots, campaign_views, members, quarterly, self_evaluation
from evaluation.ballot_state import Action, Reason, Refused
from evaluation.callers import OPERATOR
from evaluation.campaigns import close_campaign
from evaluation.cycle import CycleRules
from evaluation.navigation import SUBMITTED_STEP
from evaluation.outgoing import Kind
from evaluation.questionnaire import APPRAISAL_CRITERIA, MEMBER, MEMBER_CRITERIA, Rating
from evaluation.self_evaluation import SelfAction, SelfReason, SelfRefused
from storage import appraisals
from storage import organizations as organization_repo
from storage import tallies as tally_repo
from storage.models import Answer, Ballot, DraftLink, OutboxMessage, PeerCount, PeerRoll
from support.sample import MEMBERS, NOW, ORG, TODAY
from tests.factories import PSEUDONYMS, begin, open_campaign, person

ACCOUNTS = {name: 600 + n for n, (name, _) in enumerate(MEMBERS)}  # member → Telegram id


async def bind(session, *names: str) -> None:
    """Each named member claims their account (ACCOUNTS) with a fresh 认领 link."""
    organization = await organization_repo.organization_by_name(session, ORG)
    by_name = {m.name: m.id for m in await organization_repo.members_of(session, organization.id)}
    for name in names:
        link = await members.issue_link(session, OPERATOR, by_name[name], NOW)
        await members.claim(session, PSEUDONYMS, link.token, ACCOUNTS[name], NOW)


async def press(session, campaign_id, user, screen, action, value=0, today=TODAY):
    return await self_evaluation.act(
        session, PSEUDONYMS, user, campaign_id, screen.step, action, value, today, NOW
    )


async def write(session, user, text):
    return await self_evaluation.write_text(session, PSEUDONYMS, user, text, TODAY, NOW)


async def test_a_member_fills_their_self_evaluation_one_screen_at_a_time(session, roster):
    wang, li = MEMBERS[0][0], MEMBERS[1][0]
    await bind(session, wang, li)
    campaign = await open_campaign(session)
    user = ACCOUNTS[wang]
    assert [c.id for c in await self_evaluation.open_for(session, PSEUDONYMS, user, TODAY)] == [
        campaign.id
    ]
    screen = await self_evaluation.begin(session, PSEUDONYMS, user, campaign.id, TODAY, NOW)
    assert (screen.step, screen.member, screen.criteria) == (0, wang, MEMBER_CRITERIA)

    # Ratings, one screen each; 不了解 is not on the scale of oneself.
    with pytest.raises(SelfRefused) as refused:
        await press(session, campaign.id, user, screen, SelfAction.RATE, Rating.UNKNOWN)
    assert refused.value.reason == SelfReason.INVALID
    old = screen
    for rating in (Rating.SATISFIED, Rating.BASIC, Rating.SATISFIED, Rating.UNSATISFIED):
        screen = await press(session, campaign.id, user, screen, SelfAction.RATE, rating)
    # A button of an older screen is refused with where the member really is.
    with pytest.raises(SelfRefused) as refused:
        await press(session, campaign.id, user, old, SelfAction.RATE, Rating.UNSATISFIED)
    assert refused.value.reason == SelfReason.STALE and refused.value.screen.step == 4
    screen = await press(session, campaign.id, user, screen, SelfAction.BACK)
    assert screen.step == 3 and screen.ratings[3] == Rating.UNSATISFIED
    screen = await press(session, campaign.id, user, screen, SelfAction.RATE, Rating.BASIC)
    screen = await press(session, campaign.id, user, screen, SelfAction.RATE, Rating.SATISFIED)
    assert screen.text_index(screen.step) == 0  # 主要表现

    # Text: not a button press; too long and empty are refused and change nothing.
    for text, reason in (("长" * 1001, SelfReason.TOO_LONG), ("  \n ", SelfReason.EMPTY_TEXT)):
        with pytest.raises(SelfRefused) as refused:
            await write(session, user, text)
        assert refused.value.reason == reason and refused.value.screen.step == screen.step
    assert await write(session, ACCOUNTS[li], "不是我的") is None  # li has nothing asking
    screen = await write(session, user, "带头完成巡护任务，" + "全" * 990)  # 1,000 characters
    screen = await write(session, user, "学习不够深入")
    screen = await write(session, user, "每周学习一次")
    assert screen.step == screen.review_step and screen.complete and not screen.submitted
    assert await write(session, user, "多余的文字") is None  # nothing asks for text now

    screen = await press(session, campaign.id, user, screen, SelfAction.SUBMIT)
    assert screen.submitted and screen.just_submitted
    with pytest.raises(SelfRefused):  # a second 提交
        await press(session, campaign.id, user, screen, SelfAction.SUBMIT)
    # Changed after submission, until the campaign closes: it stays submitted.
    screen = await press(session, campaign.id, user, screen, SelfAction.EDIT)
    assert screen.view == "edit"
    screen = await press(
        session, campaign.id, user, screen, SelfAction.JUMP, screen.review_step - 2
    )
    screen = await write(session, user, "改正：学习不够系统")
    assert screen.step == screen.review_step and screen.submitted

    criteria, rows = await self_evaluation.of_campaign(session, OPERATOR, campaign.id)
    assert criteria == MEMBER_CRITERIA and [r.member for r in rows] == [wang]
    assert rows[0].texts[1:] == ("改正：学习不够系统", "每周学习一次")
    assert rows[0].ratings == (0, 1, 0, 1, 0) and rows[0].submitted
    assert await self_evaluation.submitted_count(session, [campaign.id]) == 1

    # Resumed where it stood; another member's begins empty.
    again = await self_evaluation.begin(session, PSEUDONYMS, user, campaign.id, TODAY, NOW)
    assert again.step == again.review_step and again.texts[0].startswith("带头")
    other = await self_evaluation.begin(session, PSEUDONYMS, ACCOUNTS[li], campaign.id, TODAY, NOW)
    assert other.member == li and other.step == 0 and other.ratings == (None,) * 5

    # Not bound, or closed: refused.
    with pytest.raises(SelfRefused) as refused:
        await self_evaluation.begin(session, PSEUDONYMS, 999, campaign.id, TODAY, NOW)
    assert refused.value.reason == SelfReason.NOT_MEMBER
    after = campaign.deadline + timedelta(days=1)
    with pytest.raises(SelfRefused) as refused:
        await press(session, campaign.id, user, screen, SelfAction.EDIT, today=after)
    assert refused.value.reason == SelfReason.CLOSED


async def test_bound_members_are_invited_once_when_a_campaign_opens(session, roster):
    await bind(session, MEMBERS[0][0], MEMBERS[2][0])
    campaign = await open_campaign(session, deadline=TODAY + timedelta(days=10))
    rules = CycleRules()
    for _ in range(2):
        await quarterly.run_due(session, rules, PSEUDONYMS, NOW + timedelta(minutes=1))
    invited = list(
        await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == Kind.MEMBER_INVITE))
    )
    assert sorted(PSEUDONYMS.unseal(m.address) for m in invited) == sorted(
        [ACCOUNTS[MEMBERS[0][0]], ACCOUNTS[MEMBERS[2][0]]]
    )
    assert {m.campaign_id for m in invited} == {campaign.id}


async def peer_ballot(session, campaign_id, user, rating=Rating.SATISFIED):
    respondent = person(user)
    screen = await ballots.act(
        session, campaign_id, respondent, 0, Action.BEGIN, 0, TODAY, peer=True
    )
    asked = []
    while ballots.nav.is_question(screen.campaign.questionnaire, screen.step):
        question = screen.campaign.questionnaire.questions[screen.step]
        asked.append(question.subject.name)
        screen = await ballots.act(
            session, campaign_id, respondent, screen.step, Action.ANSWER, rating, TODAY, peer=True
        )
    submitted = await ballots.act(
        session, campaign_id, respondent, screen.step, Action.SUBMIT, 0, TODAY, peer=True
    )
    return asked, submitted


async def test_a_peer_ballot_rates_everyone_else_and_leaves_only_counts(session, roster):
    names = [name for name, _ in MEMBERS]
    await bind(session, *names[:3])
    campaign = await open_campaign(session, template="member_appraisal", ask_category=False)
    assert campaign.peer_review  # on by default for 党员民主测评
    masses = person(1)
    await begin(session, campaign.id, masses)

    # Stale and invalid presses are refused as on the masses' ballot.
    wang = person(ACCOUNTS[names[0]])
    first = await ballots.act(session, campaign.id, wang, 0, Action.BEGIN, 0, TODAY, peer=True)
    assert first.campaign.peer and first.step == 0
    assert [s.name for s in first.campaign.questionnaire.subjects] == names[1:]
    await ballots.act(session, campaign.id, wang, 0, Action.ANSWER, 0, TODAY, peer=True)
    with pytest.raises(Refused) as refused:
        await ballots.act(session, campaign.id, wang, 0, Action.ANSWER, 2, TODAY, peer=True)
    assert refused.value.reason == Reason.STALE and refused.value.screen.step == 1
    with pytest.raises(Refused) as refused:  # no 意见建议 step on a peer ballot
        await ballots.act(
            session, campaign.id, wang, 1, Action.SKIP_SUGGESTION, 0, TODAY, peer=True
        )
    assert refused.value.reason == Reason.INVALID
    # The peer draft is not one of the masses' ballots begun.
    assert await tally_repo.ballot_count(session, campaign.id) == 1

    for name in names[:3]:
        asked, submitted = await peer_ballot(session, campaign.id, ACCOUNTS[name])
        assert name not in asked  # never about oneself
        assert len(asked) == (len(names) - 1) * len(APPRAISAL_CRITERIA) or name == names[0]
        assert submitted.step == SUBMITTED_STEP and submitted.receipt is None

    # Only counts remain: no ballot, answer or draft of the peers; one roll entry each.
    assert await session.scalar(select(func.count()).select_from(Ballot)) == 1  # the masses'
    assert await session.scalar(select(func.count()).select_from(Answer)) == 0
    assert await session.scalar(select(func.count()).select_from(DraftLink)) == 1
    assert await session.scalar(select(func.count()).select_from(PeerRoll)) == 3
    counts = await appraisals.peer_counts(session, campaign.id)
    questionnaire = campaign_views.campaign_view(campaign).questionnaire
    per_subject = {}
    for number, rating, n in counts:
        subject = questionnaire.questions[number].subject.name
        per_subject[subject] = per_subject.get(subject, 0) + n
        assert rating == Rating.SATISFIED or n == 0
    # Every rating of every member's question has its row from the first ballot on, zeros
    # included: which rows exist says nothing of who rated.
    members = [q.number for q in questionnaire.questions if q.subject.kind == MEMBER]
    assert sorted((q, r) for q, r, _ in counts) == [(q, int(r)) for q in members for r in Rating]
    rated_by_all = len(APPRAISAL_CRITERIA) * 3
    assert per_subject == {
        **{name: len(APPRAISAL_CRITERIA) * 2 for name in names[:3]},
        **{name: rated_by_all for name in names[3:]},
    }
    assert await session.scalar(select(func.sum(PeerCount.count))) == sum(per_subject.values())

    # One peer ballot per member; the unbound and campaigns without 互评 are refused.
    for user, reason in ((ACCOUNTS[names[1]], Reason.ALREADY_SUBMITTED), (999, Reason.NOT_MEMBER)):
        with pytest.raises(Refused) as refused:
            await ballots.act(
                session, campaign.id, person(user), 0, Action.BEGIN, 0, TODAY, peer=True
            )
        assert refused.value.reason == reason
    # An unfinished peer ballot is discarded when the campaign closes: it would say whose it is.
    await bind(session, names[5])
    late = person(ACCOUNTS[names[5]])
    await ballots.act(session, campaign.id, late, 0, Action.BEGIN, 0, TODAY, peer=True)
    await ballots.act(session, campaign.id, late, 0, Action.ANSWER, 0, TODAY, peer=True)
    assert await session.scalar(select(func.count()).select_from(Ballot)) == 2
    await close_campaign(session, OPERATOR, campaign.id, NOW)
    assert await session.scalar(select(func.count()).select_from(Ballot)) == 1  # the masses'
    assert await session.scalar(select(func.count()).select_from(Answer)) == 0
    assert await session.scalar(select(func.count()).select_from(DraftLink)) == 1

    plain = await open_campaign(session, period="2027Q1")
    assert not plain.peer_review
    with pytest.raises(Refused) as refused:
        await ballots.act(session, plain.id, wang, 0, Action.BEGIN, 0, TODAY, peer=True)
    assert refused.value.reason == Reason.NO_PEER_REVIEW


async def test_a_peer_draft_is_valid_only_for_the_binding_it_began_under(session, roster):
    """A claims 戊 and answers one 互评 question; 戊's link is re-issued to another account;
    A claims 己 and presses 🤝 党员互评: A is asked about everyone but 己, and 己 is not rated
    by A."""
    names = [name for name, _ in MEMBERS]
    wu, ji = names[4], names[5]
    await bind(session, *names[:4])
    campaign = await open_campaign(session, template="member_appraisal", ask_category=False)
    organization = await organization_repo.organization_by_name(session, ORG)
    by_name = {m.name: m.id for m in await organization_repo.members_of(session, organization.id)}
    account_a = 700
    link = await members.issue_link(session, OPERATOR, by_name[wu], NOW)
    await members.claim(session, PSEUDONYMS, link.token, account_a, NOW)
    a = person(account_a)
    first = await ballots.act(session, campaign.id, a, 0, Action.BEGIN, 0, TODAY, peer=True)
    assert wu not in [s.name for s in first.campaign.questionnaire.subjects]
    await ballots.act(session, campaign.id, a, 0, Action.ANSWER, 0, TODAY, peer=True)

    relink = await members.issue_link(session, OPERATOR, by_name[wu], NOW)  # 重新生成
    assert relink.withdrew_binding
    await members.claim(session, PSEUDONYMS, relink.token, 701, NOW)
    link = await members.issue_link(session, OPERATOR, by_name[ji], NOW)
    await members.claim(session, PSEUDONYMS, link.token, account_a, NOW)

    # The draft begun as 戊 is not this binding's: A starts afresh, as 己.
    again = await ballots.act(session, campaign.id, a, 0, Action.BEGIN, 0, TODAY, peer=True)
    assert again.step == 0 and not again.progress.answers
    subjects = [s.name for s in again.campaign.questionnaire.subjects]
    assert ji not in subjects and wu in subjects
    asked, submitted = await peer_ballot(session, campaign.id, account_a)
    assert ji not in asked and wu in asked and submitted.step == SUBMITTED_STEP

    questionnaire = campaign_views.campaign_view(campaign).questionnaire
    rated: dict[str, int] = {}
    for number, _, n in await appraisals.peer_counts(session, campaign.id):
        name = questionnaire.questions[number].subject.name
        rated[name] = rated.get(name, 0) + n
    assert rated[ji] == 0 and rated[wu] == len(APPRAISAL_CRITERIA)
    # 戊's new account starts its own ballot, about everyone but 戊.
    b = await ballots.act(session, campaign.id, person(701), 0, Action.BEGIN, 0, TODAY, peer=True)
    assert wu not in [s.name for s in b.campaign.questionnaire.subjects] and b.step == 0
