from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from evaluation import ballots, invitations, navigation, submission
from evaluation.ballot_state import SUGGESTION_LIMIT, Action, Reason, Refused
from evaluation.callers import OPERATOR
from evaluation.campaigns import close_campaign
from evaluation.questionnaire import Rating
from storage import ballots as ballot_repo
from storage import rectification as rectification_repo
from storage.models import Answer, Ballot, DraftLink, OutboxMessage, Participation, ReplyHandle
from support.sample import NOW, TODAY
from tests.factories import PSEUDONYMS, all_satisfied, begin, fill_ballot, open_campaign, person

QUESTIONS = 6 + 9 * 5


async def count(session, model, **where):
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return await session.scalar(query)


async def refused(coroutine) -> Reason:
    with pytest.raises(Refused) as caught:
        await coroutine
    return caught.value.reason


async def test_a_whole_ballot_from_invitation_to_submission(session, roster):
    campaign = await open_campaign(session)
    alice = person(1)
    invitation = await invitations.open_invitation(session, campaign.token, alice, TODAY)
    assert invitation.campaign.organization == campaign.questionnaire["organization"]
    assert not invitation.resuming
    assert await count(session, Ballot) == 0  # the invitation stores nothing

    ratings = [Rating(i % 4) for i in range(QUESTIONS)]
    screen = await fill_ballot(
        session,
        campaign.id,
        alice,
        ratings,
        category=1,
        suggestion="食堂开放时间太短",
        submit=False,
    )
    screen = await ballots.act(session, campaign.id, alice, screen.step, Action.SUBMIT, 0, TODAY)
    assert screen.step == navigation.SUBMITTED_STEP
    assert len(screen.receipt) == 9
    # The thank-you waits in the outbox (for a crash before it is shown) until it is shown.
    [thanks] = await session.scalars(select(OutboxMessage))
    assert (thanks.kind, thanks.payload) == (
        "receipt",
        # no screen: this respondent pressed no chat message (the chat's own is kept here)
        {"receipt": screen.receipt, "code": screen.suggestion_code, "screen": None},
    )
    assert thanks.recipient == PSEUDONYMS.person(1) and PSEUDONYMS.unseal(thanks.address) == 1
    await submission.receipt_shown(session, alice, campaign.id)
    assert await count(session, OutboxMessage) == 0

    ballot = (await session.scalars(select(Ballot))).one()
    assert ballot.submitted and ballot.day == TODAY and ballot.category == "服务对象"
    # The opinion left the ballot: a 整改 item under its own code, nothing ties the two.
    assert ballot.suggestion is None
    [item] = await rectification_repo.suggestions(session, campaign.id)
    assert item.text == "食堂开放时间太短" and item.status == "待处理"
    assert item.code == screen.suggestion_code != screen.receipt
    assert await count(session, ReplyHandle) == 0  # 愿意接收答复 was not chosen
    assert await ballot_repo.answers_of(session, ballot.id) == {
        i: int(r) for i, r in enumerate(ratings)
    }
    assert await count(session, Participation) == 1
    assert await count(session, DraftLink) == 0  # the link to the person is gone

    assert await refused(invitations.open_invitation(session, campaign.token, alice, TODAY)) == (
        Reason.ALREADY_SUBMITTED
    )
    assert await refused(begin(session, campaign.id, alice)) == (Reason.ALREADY_SUBMITTED)


async def test_beginning_needs_the_admission_drawn_for_that_person(session, roster):
    campaign = await open_campaign(session)
    eve, dora = person(5), person(6)
    for admission in (0, dora.admission(campaign.id), eve.admission(campaign.id + 1)):
        assert (
            await refused(ballots.begin(session, campaign.id, eve, TODAY, admission))
            == Reason.NOT_STARTED
        )
    assert (
        await refused(  # an unknown campaign answers the same: nothing is learned
            ballots.act(session, campaign.id + 7, eve, 0, Action.BEGIN, 0, TODAY)
        )
        == Reason.NOT_STARTED
    )
    assert await count(session, Ballot) == 0
    invitation = await invitations.open_invitation(session, campaign.token, eve, TODAY)
    assert invitation.admission == eve.admission(campaign.id) != dora.admission(campaign.id)
    screen = await ballots.act(
        session, campaign.id, eve, 0, Action.BEGIN, invitation.admission, TODAY
    )
    # Once begun, an old button without the admission (继续评议 from before) resumes it.
    assert (await ballots.begin(session, campaign.id, eve, TODAY, 0)).step == screen.step
    assert await count(session, Ballot) == 1


async def test_a_stale_or_repeated_button_changes_nothing(session, roster):
    campaign = await open_campaign(session)
    bob = person(2)
    screen = await begin(session, campaign.id, bob)
    screen = await ballots.act(session, campaign.id, bob, screen.step, Action.CATEGORY, 0, TODAY)
    assert screen.step == 0
    await ballots.act(session, campaign.id, bob, 0, Action.ANSWER, Rating.BASIC, TODAY)
    # the same tap again (a double tap), and a tap on the older category message
    assert (
        await refused(
            ballots.act(session, campaign.id, bob, 0, Action.ANSWER, Rating.UNSATISFIED, TODAY)
        )
        == Reason.STALE
    )
    assert (
        await refused(
            ballots.act(
                session, campaign.id, bob, navigation.CATEGORY_STEP, Action.CATEGORY, 3, TODAY
            )
        )
        == Reason.STALE
    )
    # A stale tap says where the respondent really is, so the front end can show it.
    with pytest.raises(Refused) as caught:
        await ballots.act(session, campaign.id, bob, 0, Action.BACK, 0, TODAY)
    assert caught.value.screen.step == 1
    assert caught.value.screen.progress.answers == {0: Rating.BASIC}
    ballot = await ballot_repo.draft_ballot(session, campaign.id, bob.key(campaign.id))
    assert ballot.category == "群众代表" and ballot.step == 1
    assert await ballot_repo.answers_of(session, ballot.id) == {0: Rating.BASIC}


async def test_forged_buttons_are_refused(session, roster):
    campaign = await open_campaign(session)
    carol, dave = person(3), person(4)
    await begin(session, campaign.id, carol)
    cases = [
        (campaign.id, navigation.CATEGORY_STEP, Action.CATEGORY, 9),  # no such category
        (campaign.id, navigation.CATEGORY_STEP, Action.ANSWER, 0),  # not a question screen
        (campaign.id, navigation.CATEGORY_STEP, Action.UNKNOWN_PERSON, 0),
        (campaign.id, navigation.CATEGORY_STEP, Action.SUBMIT, 0),
        (campaign.id, navigation.CATEGORY_STEP, Action.JUMP, 3),
        (campaign.id, navigation.CATEGORY_STEP, Action.BACK, 0),
    ]
    for campaign_id, step, action, value in cases:
        assert (
            await refused(ballots.act(session, campaign_id, carol, step, action, value, TODAY))
            == Reason.INVALID
        ), action
    assert (
        await refused(ballots.act(session, campaign.id + 99, carol, 0, Action.ANSWER, 0, TODAY))
        == Reason.UNKNOWN_CAMPAIGN
    )
    # Dave never started: a button copied from Carol's chat touches nothing of hers.
    assert (
        await refused(
            ballots.act(
                session, campaign.id, dave, navigation.CATEGORY_STEP, Action.CATEGORY, 0, TODAY
            )
        )
        == Reason.NOT_STARTED
    )
    ballot = await ballot_repo.draft_ballot(session, campaign.id, carol.key(campaign.id))
    assert ballot.category is None and ballot.step == navigation.CATEGORY_STEP
    assert await count(session, Ballot) == 1


async def test_answers_are_out_of_range_refused(session, roster):
    campaign = await open_campaign(session, ask_category=False)
    erin = person(5)
    await begin(session, campaign.id, erin)
    assert await refused(ballots.act(session, campaign.id, erin, 0, Action.ANSWER, 4, TODAY)) == (
        Reason.INVALID
    )
    assert await refused(ballots.act(session, campaign.id, erin, 0, Action.ANSWER, -1, TODAY)) == (
        Reason.INVALID
    )


async def test_unknown_person_fills_the_five_looks_and_moves_on(session, roster):
    campaign = await open_campaign(session, ask_category=False)
    frank = person(6)
    screen = await begin(session, campaign.id, frank)
    for _ in range(6):
        screen = await ballots.act(
            session, campaign.id, frank, screen.step, Action.ANSWER, 0, TODAY
        )
    assert screen.step == 6
    screen = await ballots.act(session, campaign.id, frank, 6, Action.UNKNOWN_PERSON, 0, TODAY)
    assert screen.step == 11
    answers = screen.progress.answers
    assert [answers[q] for q in range(6, 11)] == [Rating.UNKNOWN] * 5
    # 不了解此人 is only offered on a member's first screen
    await ballots.act(session, campaign.id, frank, 11, Action.ANSWER, 0, TODAY)
    assert (
        await refused(ballots.act(session, campaign.id, frank, 12, Action.UNKNOWN_PERSON, 0, TODAY))
        == Reason.INVALID
    )


async def test_back_and_edit_from_the_review(session, roster):
    campaign = await open_campaign(session)
    grace = person(7)
    screen = await fill_ballot(session, campaign.id, grace, all_satisfied(QUESTIONS), submit=False)
    review = navigation.review_step(screen.campaign.questionnaire)
    assert screen.step == review
    picker = await ballots.act(session, campaign.id, grace, review, Action.PICK_CRITERION, 3, TODAY)
    assert picker.view == "criteria" and picker.step == review
    member_question = 6 + 2 * 5 + 4  # third member, fifth look
    screen = await ballots.act(
        session, campaign.id, grace, review, Action.JUMP, member_question, TODAY
    )
    assert screen.step == member_question
    screen = await ballots.act(
        session, campaign.id, grace, member_question, Action.ANSWER, Rating.UNSATISFIED, TODAY
    )
    assert screen.step == review  # straight back to the review
    assert screen.progress.answers[member_question] == Rating.UNSATISFIED
    screen = await ballots.act(
        session, campaign.id, grace, review, Action.JUMP, navigation.CATEGORY_STEP, TODAY
    )
    screen = await ballots.act(session, campaign.id, grace, screen.step, Action.CATEGORY, 2, TODAY)
    assert screen.step == review and screen.progress.category == "党员"
    # 上一题 walks backwards from a question
    screen = await ballots.act(session, campaign.id, grace, review, Action.JUMP, 10, TODAY)
    screen = await ballots.act(session, campaign.id, grace, 10, Action.BACK, 0, TODAY)
    assert screen.step == 9


async def test_leaving_and_coming_back_resumes_at_the_first_unanswered(session, roster):
    campaign = await open_campaign(session)
    henry = person(8)
    screen = await begin(session, campaign.id, henry)
    screen = await ballots.act(session, campaign.id, henry, screen.step, Action.CATEGORY, 0, TODAY)
    for _ in range(9):
        screen = await ballots.act(
            session, campaign.id, henry, screen.step, Action.ANSWER, 1, TODAY
        )
    screen = await ballots.act(session, campaign.id, henry, screen.step, Action.BACK, 0, TODAY)
    screen = await ballots.act(session, campaign.id, henry, screen.step, Action.BACK, 0, TODAY)
    assert screen.step == 7
    invitation = await invitations.open_invitation(session, campaign.token, henry, TODAY)
    assert invitation.resuming
    screen = await begin(session, campaign.id, henry)
    assert screen.step == 9
    assert await count(session, Ballot) == 1


async def test_closed_and_expired_campaigns_refuse_everything(session, roster):
    campaign = await open_campaign(session, deadline=TODAY + timedelta(days=1))
    ivy = person(9)
    screen = await begin(session, campaign.id, ivy)
    later = TODAY + timedelta(days=2)
    assert await refused(invitations.open_invitation(session, campaign.token, ivy, later)) == (
        Reason.CLOSED
    )
    assert (
        await refused(
            ballots.act(session, campaign.id, ivy, screen.step, Action.CATEGORY, 0, later)
        )
        == Reason.CLOSED
    )
    await close_campaign(session, OPERATOR, campaign.id, NOW)
    assert (
        await refused(
            ballots.act(session, campaign.id, ivy, screen.step, Action.CATEGORY, 0, TODAY)
        )
        == Reason.CLOSED
    )
    assert await refused(ballots.write_text(session, ivy, "意见", TODAY)) == Reason.NOT_STARTED
    ballot = (await session.scalars(select(Ballot))).one()
    assert ballot.category is None


async def test_unknown_and_malformed_tokens(session, roster):
    await open_campaign(session)
    for token in ("nope", "", "x" * 65, "中文", "a b", "../../etc"):
        assert await refused(invitations.open_invitation(session, token, person(1), TODAY)) == (
            Reason.UNKNOWN_CAMPAIGN
        )


async def test_suggestion_text_rules(session, roster):
    campaign = await open_campaign(session, ask_category=False)
    jack = person(10)
    screen = await begin(session, campaign.id, jack)
    assert await refused(ballots.write_text(session, jack, "你好", TODAY)) == (
        Reason.BUTTON_EXPECTED
    )
    for _ in range(QUESTIONS):
        screen = await ballots.act(session, campaign.id, jack, screen.step, Action.ANSWER, 0, TODAY)
    assert screen.step == navigation.suggestion_step(screen.campaign.questionnaire)
    assert (
        await refused(ballots.write_text(session, jack, "长" * (SUGGESTION_LIMIT + 1), TODAY))
        == Reason.TOO_LONG
    )
    assert await refused(ballots.write_text(session, jack, " \x00\x07 ", TODAY)) == (
        Reason.EMPTY_TEXT
    )
    screen = await ballots.write_text(session, jack, '=HYPERLINK("x")\x00' + "长" * 900, TODAY)
    assert screen.step == navigation.review_step(screen.campaign.questionnaire)
    ballot = await ballot_repo.draft_ballot(session, campaign.id, jack.key(campaign.id))
    assert ballot.suggestion == '=HYPERLINK("x")' + "长" * 900


async def test_one_ballot_per_person_is_the_databases_rule(session, roster):
    campaign = await open_campaign(session, ask_category=False)
    campaign_id = campaign.id  # the rollback below expires ORM objects
    kate = person(11)
    await fill_ballot(session, campaign_id, kate, all_satisfied(QUESTIONS))
    key = kate.key(campaign_id)
    with pytest.raises(IntegrityError):
        await session.execute(insert(Participation).values(campaign_id=campaign_id, respondent=key))
    await session.rollback()
    # A second draft that slipped in while the first was being submitted cannot be submitted.
    await session.execute(
        insert(Ballot).values(
            id="f" * 32, campaign_id=campaign_id, step=0, submitted=False, suggestion_done=False
        )
    )
    await session.execute(
        insert(DraftLink).values(campaign_id=campaign_id, respondent=key, ballot_id="f" * 32)
    )
    await session.commit()
    for q in range(QUESTIONS):
        await ballots.act(session, campaign_id, kate, q, Action.ANSWER, 1, TODAY)
    await ballots.act(session, campaign_id, kate, QUESTIONS, Action.SKIP_SUGGESTION, 0, TODAY)
    assert (
        await refused(
            ballots.act(session, campaign_id, kate, QUESTIONS + 1, Action.SUBMIT, 0, TODAY)
        )
        == Reason.ALREADY_SUBMITTED
    )
    assert await count(session, Ballot, submitted=True) == 1
    assert await count(session, Ballot) == 1  # the stray draft is discarded
    assert await count(session, Answer) == QUESTIONS
    assert await count(session, Participation) == 1
