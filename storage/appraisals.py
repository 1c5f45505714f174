"""Queries of 民主评议 beside the masses' ballot: 党员互评 counts and roll, 党员自我评价."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.forgetting import forgot
from storage.models import Answer, Ballot, DraftLink, PeerCount, PeerRoll, SelfEvaluation


def _count_upsert(insert):
    counts = PeerCount.__table__
    statement = insert(counts).values(
        campaign_id=bindparam("campaign_id"),
        question=bindparam("question"),
        rating=bindparam("rating"),
        count=bindparam("count"),
    )
    return statement.on_conflict_do_update(
        index_elements=[counts.c.campaign_id, counts.c.question, counts.c.rating],
        set_={"count": counts.c.count + statement.excluded.count},
    )


_ADD_PEER_COUNTS = {
    "postgresql": _count_upsert(postgresql.insert),
    "sqlite": _count_upsert(sqlite.insert),
}


async def add_peer_counts(
    session: AsyncSession,
    campaign_id: int,
    questions: Sequence[int],
    scale: Sequence[int],
    ratings: dict[int, int],
) -> None:
    """One peer ballot's answers (question → rating) added to the campaign's counts. Every
    rating of ``scale`` for every one of ``questions`` (all the members' questions, the
    rater's own among them) is written, with 0 where the ballot has none: the first ballot
    leaves the same rows as any other."""
    rows = [
        {"campaign_id": campaign_id, "question": q, "rating": r, "count": int(ratings.get(q) == r)}
        for q in questions
        for r in scale
    ]
    if rows:
        await session.execute(_ADD_PEER_COUNTS[session.bind.dialect.name], rows)


async def discard_peer_drafts(session: AsyncSession, campaign_ids: list[int]) -> None:
    """Unfinished 党员互评 ballots of closed campaigns: nothing will count them, and each one
    still says whose it is (its link, and the subject it leaves out)."""
    peer_drafts = (Ballot.campaign_id.in_(campaign_ids), Ballot.peer.is_(True))
    drafts = select(Ballot.id).where(*peer_drafts)
    await session.execute(delete(DraftLink).where(DraftLink.ballot_id.in_(drafts)))
    await session.execute(delete(Answer).where(Answer.ballot_id.in_(drafts)))
    await session.execute(delete(Ballot).where(*peer_drafts))
    forgot(session)


async def peer_counts(session: AsyncSession, campaign_id: int) -> list[tuple[int, int, int]]:
    """(question, rating, count) of the campaign's submitted peer ballots."""
    rows = await session.execute(
        select(PeerCount.question, PeerCount.rating, PeerCount.count).where(
            PeerCount.campaign_id == campaign_id
        )
    )
    return [tuple(row) for row in rows]


async def peer_rated(session: AsyncSession, campaign_id: int, rater: str) -> bool:
    found = await session.scalar(
        select(PeerRoll.rater).where(PeerRoll.campaign_id == campaign_id, PeerRoll.rater == rater)
    )
    return found is not None


async def peer_roll_count(session: AsyncSession, campaign_id: int) -> int:
    return await session.scalar(
        select(func.count()).select_from(PeerRoll).where(PeerRoll.campaign_id == campaign_id)
    )


async def self_evaluation(
    session: AsyncSession, campaign_id: int, member_id: int
) -> SelfEvaluation | None:
    return await session.get(SelfEvaluation, (campaign_id, member_id), populate_existing=True)


async def self_evaluations(session: AsyncSession, campaign_id: int) -> Sequence[SelfEvaluation]:
    return (
        await session.scalars(
            select(SelfEvaluation)
            .where(SelfEvaluation.campaign_id == campaign_id)
            .execution_options(populate_existing=True)  # move_self_evaluation skips the ORM
        )
    ).all()


async def submitted_self_evaluations(session: AsyncSession, campaign_ids: list[int]) -> int:
    return await session.scalar(
        select(func.count()).where(
            SelfEvaluation.campaign_id.in_(campaign_ids), SelfEvaluation.submitted_at.is_not(None)
        )
    )


async def move_self_evaluation(
    session: AsyncSession, campaign_id: int, member_id: int, expected: int, **values: Any
) -> bool:
    """Compare-and-set: change the self-evaluation only if it still shows step ``expected``
    (a double tap or an old button changes nothing)."""
    result = await session.execute(
        update(SelfEvaluation)
        .where(
            SelfEvaluation.campaign_id == campaign_id,
            SelfEvaluation.member_id == member_id,
            SelfEvaluation.step == expected,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
