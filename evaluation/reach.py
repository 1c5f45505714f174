"""Who the bot may message on its own, and who has asked not to be.

A bot can only write to people who started it. Two kinds of people can be reached about a
campaign: subscribers of its organization (they pressed 订阅提醒 after a ballot) and people
who began its ballot and have not submitted. /stop (or 不再提醒) silences a person; a 403 from
Telegram (blocked) marks them unreachable. Nobody who submitted is ever reminded: the roll
decides, through the same pseudonym the ballot used.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.pseudonyms import Pseudonyms
from storage import access as access_repo
from storage import ballots as ballot_repo
from storage import campaigns as campaign_repo
from storage import outbox as outbox_repo
from storage import reach as reach_repo
from storage import writes
from storage.models import BallotStart, Campaign, Cycle, Participation, Subscription


async def note_start(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    campaign_id: int,
    user_id: int,
    language: str | None = None,
) -> None:
    """The person began this campaign's ballot: reachable for its reminders until they submit,
    in ``language`` when given.

    Whoever presses a button has unblocked the bot, so an old 403 mark is lifted.
    """
    person = pseudonyms.person(user_id)
    await writes.insert_unless_present(
        session,
        BallotStart,
        campaign_id=campaign_id,
        person=person,
        contact=pseudonyms.seal(user_id),
    )
    if language is not None:
        await reach_repo.set_recipient(session, person, language=language, unreachable=False)
    else:
        await reach_repo.lift_unreachable(session, person)


async def may_offer_reminders(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, campaign_id: int
) -> bool:
    """After a submission: ask about 订阅提醒 unless already subscribed to this organization."""
    campaign = await campaign_repo.campaign(session, campaign_id)
    if campaign is None or campaign.practice:
        return False
    person = pseudonyms.person(user_id)
    return not await reach_repo.is_subscribed(session, person, campaign.organization_id)


async def subscribe(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    campaign_id: int,
    language: str | None = None,
) -> Campaign | None:
    """订阅提醒 for the campaign's organization. Only someone who submitted to it may; this
    also lifts an earlier /stop. None if the person has not submitted."""
    campaign = await campaign_repo.campaign(session, campaign_id)
    if campaign is None or not await ballot_repo.has_submitted(
        session, campaign_id, pseudonyms.key(campaign_id, user_id)
    ):
        return None
    person = pseudonyms.person(user_id)
    await writes.insert_unless_present(
        session,
        Subscription,
        person=person,
        organization_id=campaign.organization_id,
        contact=pseudonyms.seal(user_id),
    )
    languages = {"language": language} if language is not None else {}
    await reach_repo.set_recipient(session, person, stopped=False, **languages)
    await session.commit()
    return campaign


async def language(session: AsyncSession, person: str) -> str | None:
    """The language a person last used the bot in (a ballot, an organizer's commands), if known."""
    recipient = await reach_repo.recipient(session, person)
    return recipient.language if recipient is not None else None


async def note_language(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, spoken: str
) -> None:
    """An organizer's language, for what the bot sends them unasked (the cycle's notices, the
    summaries). Written only when it changed: organizers use the bot often."""
    person = pseudonyms.person(user_id)
    if await language(session, person) != spoken:
        await reach_repo.set_recipient(session, person, language=spoken)
        await session.commit()


async def stop(session: AsyncSession, pseudonyms: Pseudonyms, user_id: int) -> None:
    """/stop: no more reminders or invitations; whatever is queued for them is dropped."""
    person = pseudonyms.person(user_id)
    await reach_repo.set_recipient(session, person, stopped=True)
    await outbox_repo.cancel_pending(session, person, "cancelled")
    await session.commit()


async def mark_unreachable(session: AsyncSession, person: str) -> None:
    """Telegram said 403: never try this person again (until they press a button)."""
    await reach_repo.set_recipient(session, person, unreachable=True)
    await outbox_repo.cancel_pending(session, person, "unreachable")


async def reachable(
    session: AsyncSession, pseudonyms: Pseudonyms, campaign: Campaign
) -> dict[str, int]:
    """Everyone the bot may write to about this campaign, submitted or not: person → user id."""
    found = await reach_repo.subscribers(session, campaign.organization_id)
    found += await reach_repo.starters(session, campaign.id)
    return {person: pseudonyms.unseal(contact) for person, contact in found}


async def reachable_count(session: AsyncSession, campaigns: list[Campaign]) -> int:
    """How many distinct people the bot may write to about these campaigns (a group's)."""
    people: set[str] = set()
    for campaign in campaigns:
        people |= {
            person for person, _ in await reach_repo.subscribers(session, campaign.organization_id)
        }
        people |= {person for person, _ in await reach_repo.starters(session, campaign.id)}
    return len(people)


async def _not_submitted(
    session: AsyncSession, pseudonyms: Pseudonyms, campaign_id: int, people: dict[str, int]
) -> dict[str, int]:
    by_key = {pseudonyms.key(campaign_id, user): person for person, user in people.items()}
    keys, submitted = list(by_key), set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        submitted |= set(
            await session.scalars(
                select(Participation.respondent).where(
                    Participation.campaign_id == campaign_id, Participation.respondent.in_(chunk)
                )
            )
        )
    gone = {by_key[key] for key in submitted}
    return {person: user for person, user in people.items() if person not in gone}


async def to_remind(
    session: AsyncSession, pseudonyms: Pseudonyms, campaign: Campaign
) -> dict[str, int]:
    """Reachable people who have not submitted: person → user id."""
    people = await reachable(session, pseudonyms, campaign)
    return await _not_submitted(session, pseudonyms, campaign.id, people)


async def to_invite(
    session: AsyncSession, pseudonyms: Pseudonyms, campaign: Campaign
) -> dict[str, int]:
    """Subscribers of the campaign's organization who have not (yet) submitted."""
    found = await reach_repo.subscribers(session, campaign.organization_id)
    people = {person: pseudonyms.unseal(contact) for person, contact in found}
    return await _not_submitted(session, pseudonyms, campaign.id, people)


async def still_wanted(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    person: str,
    user_id: int,
    campaign: Campaign,
    today: date,
) -> bool:
    """Just before sending an invitation or reminder: still open, still not submitted."""
    if campaign.status != "open" or (campaign.deadline is not None and today > campaign.deadline):
        return False
    recipient = await reach_repo.recipient(session, person)
    if recipient is not None and (recipient.stopped or recipient.unreachable):
        return False
    return not await ballot_repo.has_submitted(
        session, campaign.id, pseudonyms.key(campaign.id, user_id)
    )


async def cycle_organizers(session: AsyncSession, cycle: Cycle) -> list[int]:
    """Who a cycle tells what it did: its organization's organizers and whoever switched it on."""
    people = {o.user_id for o in await access_repo.organizers_of(session, cycle.organization_id)}
    if cycle.enabled_by:
        people.add(cycle.enabled_by)
    return sorted(people)
