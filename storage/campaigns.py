"""Campaigns: finding, opening, listing, practice campaigns and their deletion. Works on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from storage.forgetting import forgot
from storage.models import (
    ActivityRecord,
    Answer,
    AuditEntry,
    Ballot,
    BallotStart,
    Campaign,
    DraftLink,
    Organization,
    OutboxMessage,
    PaperCount,
    PaperTally,
    Participation,
    PeerCount,
    PeerRoll,
    ReplyHandle,
    SelfEvaluation,
    Suggestion,
)


async def campaign(session: AsyncSession, campaign_id: int) -> Campaign | None:
    return await session.get(Campaign, campaign_id)


WITHOUT_SNAPSHOT = defer(Campaign.questionnaire, raiseload=True)


_CAMPAIGN_STATE = (
    select(Campaign).options(WITHOUT_SNAPSHOT).where(Campaign.id == bindparam("campaign_id"))
)


async def campaign_state(session: AsyncSession, campaign_id: int) -> Campaign | None:
    """A campaign without its questionnaire snapshot, the one large column, which never
    changes: each answer reads the campaign, and the snapshot is parsed once per process.
    Load it with ``session.refresh(campaign, ["questionnaire"])`` when needed."""
    return await session.scalar(_CAMPAIGN_STATE, {"campaign_id": campaign_id})


# Statements read by every /start and 开始评议 are built once, like an answer's (below).
_CAMPAIGN_BY_TOKEN = select(Campaign).where(Campaign.token == bindparam("token"))


async def campaign_by_token(session: AsyncSession, token: str) -> Campaign | None:
    return await session.scalar(_CAMPAIGN_BY_TOKEN, {"token": token})


async def open_campaign_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Campaign.id).where(Campaign.status == "open")))


async def open_peer_campaigns(session: AsyncSession, organization_ids: list[int]) -> list[Campaign]:
    """The open campaigns with 党员互评 of these organizations, newest first."""
    query = (
        select(Campaign)
        .where(
            Campaign.status == "open",
            Campaign.peer_review.is_(True),
            Campaign.organization_id.in_(organization_ids),
        )
        .order_by(Campaign.id.desc())
    )
    return list(await session.scalars(query))


async def campaigns_with_counts(
    session: AsyncSession, organization_ids: list[int] | None = None, limit: int | None = None
) -> list[tuple[Campaign, str, int, int]]:
    """Campaigns with their organization's name, submitted chat ballots and paper
    questionnaires: open first, then newest."""
    submitted = (
        select(func.count())
        .where(Ballot.campaign_id == Campaign.id, Ballot.submitted.is_(True))
        .correlate(Campaign)
        .scalar_subquery()
    )
    paper = (
        select(func.coalesce(func.sum(PaperTally.ballots), 0))
        .where(PaperTally.campaign_id == Campaign.id)
        .correlate(Campaign)
        .scalar_subquery()
    )
    query = (
        select(Campaign, Organization.name, submitted, paper)
        .join(Organization, Organization.id == Campaign.organization_id)
        .order_by(Campaign.status.desc(), Campaign.id.desc())  # "open" sorts after "closed"
        .limit(limit)
    )
    if organization_ids is not None:
        query = query.where(Campaign.organization_id.in_(organization_ids))
    return [tuple(row) for row in await session.execute(query)]


_GROUP_CAMPAIGNS = select(Campaign).where(Campaign.group_id == bindparam("root_id"))


async def group_campaigns(session: AsyncSession, root_id: int) -> Sequence[Campaign]:
    """The campaigns of a group's branches (not the root itself)."""
    return (await session.scalars(_GROUP_CAMPAIGNS, {"root_id": root_id})).all()


async def open_campaign_for(session: AsyncSession, organization_id: int, period: str) -> int | None:
    return await session.scalar(
        select(Campaign.id).where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.status == "open",
            Campaign.practice.is_(False),
        )
    )


async def practice_campaign_ids(session: AsyncSession, organization_ids: list[int]) -> list[int]:
    return list(
        await session.scalars(
            select(Campaign.id).where(
                Campaign.practice.is_(True), Campaign.organization_id.in_(organization_ids)
            )
        )
    )


async def delete_campaigns(session: AsyncSession, campaign_ids: list[int]) -> None:
    """Erase campaigns with every ballot, answer, draft link and roll entry they have."""
    ballot_ids = select(Ballot.id).where(Ballot.campaign_id.in_(campaign_ids))
    await session.execute(delete(DraftLink).where(DraftLink.campaign_id.in_(campaign_ids)))
    await session.execute(delete(Answer).where(Answer.ballot_id.in_(ballot_ids)))
    await session.execute(delete(Ballot).where(Ballot.campaign_id.in_(campaign_ids)))
    await session.execute(delete(Participation).where(Participation.campaign_id.in_(campaign_ids)))
    await session.execute(delete(BallotStart).where(BallotStart.campaign_id.in_(campaign_ids)))
    for model in (PeerCount, PeerRoll, SelfEvaluation):
        await session.execute(delete(model).where(model.campaign_id.in_(campaign_ids)))
    await session.execute(delete(OutboxMessage).where(OutboxMessage.campaign_id.in_(campaign_ids)))
    codes = select(Suggestion.code).where(Suggestion.campaign_id.in_(campaign_ids))
    await session.execute(delete(ReplyHandle).where(ReplyHandle.code.in_(codes)))
    await session.execute(delete(Suggestion).where(Suggestion.campaign_id.in_(campaign_ids)))
    await session.execute(
        delete(ActivityRecord).where(ActivityRecord.campaign_id.in_(campaign_ids))
    )
    tallies = select(PaperTally.id).where(PaperTally.campaign_id.in_(campaign_ids))
    await session.execute(delete(PaperCount).where(PaperCount.tally_id.in_(tallies)))
    await session.execute(delete(PaperTally).where(PaperTally.campaign_id.in_(campaign_ids)))
    await session.execute(
        update(AuditEntry).where(AuditEntry.campaign_id.in_(campaign_ids)).values(campaign_id=None)
    )
    await session.execute(delete(Campaign).where(Campaign.id.in_(campaign_ids)))
    forgot(session)


async def campaign_of_period(
    session: AsyncSession, organization_id: int, period: str
) -> Campaign | None:
    """The organization's newest real campaign of the period, open or closed."""
    return await session.scalar(
        select(Campaign)
        .where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.practice.is_(False),
        )
        .order_by(Campaign.id.desc())
        .limit(1)
    )
