"""The quarterly cycle, reachability and the outbox on both databases, with an injected clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from evaluation import outbox, quarterly, reach
from evaluation.ballot_state import Respondent
from evaluation.callers import OPERATOR, Caller, Forbidden
from evaluation.campaigns import CampaignError
from evaluation.cycle import CycleRules
from evaluation.roster import RosterData, import_roster
from storage import access as access_repo
from storage import campaigns as campaign_repo
from storage import cycle as cycle_repo
from storage import reach as reach_repo
from storage.models import BallotStart, Campaign, OutboxMessage
from support.sample import MEMBERS, NOW, ORG
from tests.db.test_access import become
from tests.factories import PSEUDONYMS, all_satisfied, begin, fill_ballot, open_campaign, person

RULES = CycleRules()
WHO = {PSEUDONYMS.person(user): user for user in range(100)}  # pseudonym → test user id
DEADLINE = date(2026, 12, 9)
ORGANIZER = Caller(41, False)


async def setup_campaign(session, **options) -> Campaign:
    await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, MEMBERS), NOW)
    options.setdefault("deadline", DEADLINE)
    return await open_campaign(session, **options)


async def rows(session, prefix: str = "") -> list[OutboxMessage]:
    statement = select(OutboxMessage).order_by(OutboxMessage.id)
    if prefix:
        statement = statement.where(OutboxMessage.reason.startswith(prefix))
    return list(await session.scalars(statement))


async def submit(session, campaign_id: int, user_id: int) -> None:
    questions = 6 + 5 * len(MEMBERS)
    await fill_ballot(session, campaign_id, person(user_id), all_satisfied(questions))


async def test_the_cycle_opens_next_quarter_once_with_the_same_settings(session):
    first = await setup_campaign(session, template="four_aspects", expected=25, peer_review=True)
    organization = first.organization_id
    await become(session, ORGANIZER, organization)
    row = await quarterly.set_cycle(session, ORGANIZER, organization, True, NOW, RULES)
    # Turned on in the middle of 2026Q4: the next opening is the first working day of 2027.
    assert row.next_opening == RULES.opening("2027Q1")
    assert row.template == "four_aspects" and row.duration_days == 14
    assert (await quarterly.run_due(session, RULES, PSEUDONYMS, NOW)).opened == []

    opening = RULES.opening("2027Q1")
    december = RULES.summary_moment(2026, 2)  # the 半年一小结 and 年终一总评 fall due first
    assert await quarterly.next_due(session, RULES, december - timedelta(days=1)) == december
    await quarterly.run_due(session, RULES, PSEUDONYMS, december)
    assert await quarterly.next_due(session, RULES, december) == opening
    report = await quarterly.run_due(session, RULES, PSEUDONYMS, opening + timedelta(hours=5))
    [campaign_id] = report.opened
    campaign = await campaign_repo.campaign(session, campaign_id)
    assert (campaign.period, campaign.template, campaign.expected) == ("2027Q1", "four_aspects", 25)
    assert campaign.peer_review  # 党员互评, off by default for this template, was turned on
    assert campaign.deadline == date(2027, 1, 4) + timedelta(days=14)
    # Told once: the link, then the poster.
    told = await rows(session, "opened:") + await rows(session, "poster:")
    assert sorted((WHO[r.recipient], r.kind) for r in told) == [(41, "opened"), (41, "poster")]
    assert {PSEUDONYMS.unseal(r.address) for r in told} == {41}

    for later in (opening + timedelta(hours=6), opening + timedelta(days=30)):
        again = await quarterly.run_due(session, RULES, PSEUDONYMS, later)
        assert again.opened == []
    count = select(func.count()).select_from(Campaign).where(Campaign.period == "2027Q1")
    assert await session.scalar(count) == 1
    assert len(await rows(session, "opened:")) == 1
    entries = [entry for entry, _ in await access_repo.audit_page(session, 10, 0)]
    assert any("一季一评议自动开启" in e.detail and e.actor == 0 for e in entries)


async def test_a_cycle_turned_off_opens_nothing_and_rights_are_checked(session):
    first = await setup_campaign(session)
    with pytest.raises(Forbidden):
        await quarterly.set_cycle(session, ORGANIZER, first.organization_id, True, NOW, RULES)
    await quarterly.set_cycle(session, OPERATOR, first.organization_id, True, NOW, RULES)
    await quarterly.set_cycle(session, OPERATOR, first.organization_id, False, NOW, RULES)
    with pytest.raises(CampaignError):
        await quarterly.set_cycle(session, OPERATOR, first.organization_id, False, NOW, RULES)
    report = await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.opening("2027Q1"))
    assert report.opened == []


async def test_a_quarter_already_opened_by_hand_is_left_alone(session):
    first = await setup_campaign(session)
    await quarterly.set_cycle(session, OPERATOR, first.organization_id, True, NOW, RULES)
    await open_campaign(session, period="2027Q1", deadline=date(2027, 1, 20))
    report = await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.opening("2027Q1"))
    assert report.opened == [] and report.not_opened == []


async def test_reminders_reach_non_submitters_only_once_per_round(session):
    campaign = await setup_campaign(session)
    for user in (1, 2, 3):  # submitted; 1 and 2 subscribe
        await submit(session, campaign.id, user)
    for user in (1, 2):
        assert await reach.subscribe(session, PSEUDONYMS, user, campaign.id) is not None
    assert await reach.subscribe(session, PSEUDONYMS, 99, campaign.id) is None  # never voted
    for user in range(10, 20):  # began, did not finish
        await begin(session, campaign.id, person(user))
    await reach.stop(session, PSEUDONYMS, 18)
    await reach.mark_unreachable(session, PSEUDONYMS.person(19))
    await session.commit()

    before = RULES.rounds(DEADLINE)[0].moment - timedelta(minutes=1)
    assert (await quarterly.run_due(session, RULES, PSEUDONYMS, before)).reminded == 0
    first = await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.rounds(DEADLINE)[0].moment)
    assert first.reminded == 8
    reminded = await rows(session, f"remind:{campaign.id}:3")
    assert sorted(WHO[r.recipient] for r in reminded) == list(range(10, 18))
    assert sorted(PSEUDONYMS.unseal(r.address) for r in reminded) == list(range(10, 18))
    assert {r.payload["days"] for r in reminded} == {3}
    again = await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.rounds(DEADLINE)[0].moment)
    assert again.reminded == 0

    await submit(session, campaign.id, 10)  # submits between the rounds
    second = await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.rounds(DEADLINE)[1].moment)
    assert second.reminded == 7
    # After the deadline nobody is reminded of anything.
    assert await quarterly.next_due(session, RULES, NOW.replace(year=2027)) is None


async def test_overdue_rounds_are_coalesced_and_capped_per_person(session):
    rules = CycleRules(max_messages=1)
    campaign = await setup_campaign(session)
    await begin(session, campaign.id, person(10))
    late = RULES.rounds(DEADLINE)[1].moment + timedelta(hours=1)  # down over both rounds
    report = await quarterly.run_due(session, rules, PSEUDONYMS, late)
    assert report.reminded == 1
    assert [r.reason for r in await rows(session, "remind:")] == [f"remind:{campaign.id}:1"]
    assert await cycle_repo.done_events(session, [f"remind:{campaign.id}:3"])


async def test_subscribers_are_invited_when_the_next_campaign_opens(session):
    first = await setup_campaign(session)
    await submit(session, first.id, 1)
    await submit(session, first.id, 2)
    await reach.subscribe(session, PSEUDONYMS, 1, first.id)
    await reach.subscribe(session, PSEUDONYMS, 2, first.id)
    await reach.stop(session, PSEUDONYMS, 2)
    await quarterly.set_cycle(session, OPERATOR, first.organization_id, True, NOW, RULES)
    report = await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.opening("2027Q1"))
    [new] = report.opened
    assert [(WHO[r.recipient], r.reason) for r in await rows(session, "invite:")] == [
        (1, f"invite:{new}")
    ]
    assert report.invited == 1


async def test_the_outbox_claims_recovers_and_cancels(session):
    campaign = await setup_campaign(session)
    for user in (10, 11):
        await begin(session, campaign.id, person(user))
    await quarterly.run_due(session, RULES, PSEUDONYMS, RULES.rounds(DEADLINE)[0].moment)
    claimed = await outbox.claim(session, NOW + timedelta(days=20), 10)
    assert sorted(WHO[m.recipient] for m in claimed) == [10, 11]
    assert await outbox.claim(session, NOW + timedelta(days=20), 10) == []
    # Only a message whose request was about to go counts as in flight; a queued one does not.
    await outbox.sending(session, claimed[0])
    assert await outbox.recover(session) == 1  # a crash: one in flight, one only queued
    claimed = await outbox.claim(session, NOW + timedelta(days=20), 10)
    assert len(claimed) == 2  # both back, to be sent
    await submit(session, campaign.id, 11)  # submitted while the reminder was queued
    wanted = {
        WHO[m.recipient]: await outbox.wanted(session, PSEUDONYMS, m, DEADLINE) for m in claimed
    }
    assert wanted == {10: True, 11: False}
    [for_10] = [m for m in claimed if WHO[m.recipient] == 10]
    assert await outbox.retry_later(session, for_10, NOW, 3.0)
    assert await outbox.claim(session, NOW, 10) == []  # not before NOW + 3 s
    [again] = await outbox.claim(session, NOW + timedelta(seconds=3), 10)
    await outbox.sent(session, again, NOW)
    states = {WHO[r.recipient]: r.state for r in await rows(session)}
    assert states == {10: "sent", 11: "cancelled"}


async def test_no_start_row_outlives_a_submission_and_no_table_keeps_an_id_or_a_time(
    session, engine
):
    campaign = await setup_campaign(session)
    await begin(session, campaign.id, person(5))
    [(who, contact)] = await reach_repo.starters(session, campaign.id)
    assert (WHO[who], PSEUDONYMS.unseal(contact)) == (5, 5)
    assert PSEUDONYMS.seal(5) != contact != "5"  # a fresh nonce each time; never the id
    await submit(session, campaign.id, 5)
    assert await session.scalar(select(func.count()).select_from(BallotStart)) == 0

    def columns(connection):
        return {c["name"] for c in inspect(connection).get_columns("subscriptions")}

    async with engine.connect() as connection:
        assert await connection.run_sync(columns) == {"person", "organization_id", "contact"}


@pytest.mark.parametrize("language", [None, "en"])
async def test_pressing_begin_again_lifts_a_blocked_mark(session, language):
    """Whoever presses 开始评议 has unblocked the bot: an old 403 mark is lifted, whether or
    not the press says which language the person reads."""
    campaign = await setup_campaign(session)
    await begin(session, campaign.id, person(19))
    await reach.mark_unreachable(session, PSEUDONYMS.person(19))
    await reach.mark_unreachable(session, PSEUDONYMS.person(20))  # never presses again
    await session.commit()
    assert (await reach_repo.recipient(session, PSEUDONYMS.person(19))).unreachable

    await begin(session, campaign.id, Respondent(19, PSEUDONYMS, language))
    session.expunge_all()
    again = await reach_repo.recipient(session, PSEUDONYMS.person(19))
    assert not again.unreachable and again.language == language
    assert (await reach_repo.recipient(session, PSEUDONYMS.person(20))).unreachable
