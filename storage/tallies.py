"""What is counted: answers per question, by category, on paper, the 统计单 figures. Works on SQLite
and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActivityRecord,
    Answer,
    Ballot,
    Campaign,
    PaperCount,
    PaperTally,
)
from storage.writes import _insert


async def answer_counts(session: AsyncSession, campaign_id: int) -> list[tuple[int, int, int]]:
    """(question, rating, count) over the campaign's submitted ballots and its paper tallies."""
    chat = await session.execute(
        select(Answer.question, Answer.rating, func.count())
        .join(Ballot, Ballot.id == Answer.ballot_id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Answer.question, Answer.rating)
    )
    paper = await session.execute(
        select(PaperCount.question, PaperCount.rating, func.sum(PaperCount.count))
        .join(PaperTally, PaperTally.id == PaperCount.tally_id)
        .where(PaperTally.campaign_id == campaign_id)
        .group_by(PaperCount.question, PaperCount.rating)
    )
    totals: dict[tuple[int, int], int] = {}
    for question, rating, count in [*chat, *paper]:
        totals[question, rating] = totals.get((question, rating), 0) + int(count)
    return [(q, r, n) for (q, r), n in totals.items()]


async def category_answer_counts(
    session: AsyncSession, campaign_id: int
) -> list[tuple[str | None, int, int, int]]:
    """(category, question, rating, count) over the campaign's submitted chat ballots."""
    rows = await session.execute(
        select(Ballot.category, Answer.question, Answer.rating, func.count())
        .join(Ballot, Ballot.id == Answer.ballot_id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Ballot.category, Answer.question, Answer.rating)
    )
    return [tuple(row) for row in rows]


async def paper_answer_counts(
    session: AsyncSession, campaign_id: int
) -> list[tuple[int, int, int]]:
    rows = await session.execute(
        select(PaperCount.question, PaperCount.rating, func.sum(PaperCount.count))
        .join(PaperTally, PaperTally.id == PaperCount.tally_id)
        .where(PaperTally.campaign_id == campaign_id)
        .group_by(PaperCount.question, PaperCount.rating)
    )
    return [(q, r, int(n)) for q, r, n in rows]


async def paper_tallies(session: AsyncSession, campaign_id: int) -> list[tuple[str, int, Any]]:
    rows = await session.execute(
        select(PaperTally.label, PaperTally.ballots, PaperTally.imported_at)
        .where(PaperTally.campaign_id == campaign_id)
        .order_by(PaperTally.label)
    )
    return [tuple(row) for row in rows]


async def ballot_answers(session: AsyncSession, campaign_id: int, per_question: int):
    """Submitted ballots as (id, category, day, packed answers), ordered by their random id.

    The answers come aggregated, one string per ballot of ``question * per_question + rating``
    numbers joined by commas (unordered: each number says its question), so a ballot is one
    row instead of one row per answer.
    """
    packed = func.aggregate_strings(
        func.cast(Answer.question * per_question + Answer.rating, String), ","
    )
    result = await session.stream(
        select(Ballot.id, Ballot.category, Ballot.day, packed)
        .join(Answer, Answer.ballot_id == Ballot.id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Ballot.id, Ballot.category, Ballot.day)
        .order_by(Ballot.id)
        .execution_options(yield_per=2000)
    )
    async for partition in result.partitions():
        for row in partition:
            yield row


async def campaigns_up_to(
    session: AsyncSession, organization_id: int, period: str, other_than: int
) -> list[Campaign]:
    """The organization's other real campaigns of ``period`` or earlier, by period (``2026Q3``
    sorts before ``2026Q4``), then in the order they were opened: whenever they were entered,
    a later quarter is never among them."""
    rows = await session.scalars(
        select(Campaign)
        .where(
            Campaign.organization_id == organization_id,
            Campaign.practice.is_(False),
            Campaign.period <= period,
            Campaign.id != other_than,
        )
        .order_by(Campaign.period, Campaign.id)
    )
    return list(rows)


async def submitted_count(session: AsyncSession, campaign_id: int) -> int:
    return await session.scalar(
        select(func.count()).where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
    )


async def paper_ballots(session: AsyncSession, campaign_id: int) -> int:
    total = await session.scalar(
        select(func.sum(PaperTally.ballots)).where(PaperTally.campaign_id == campaign_id)
    )
    return int(total or 0)


async def paper_tally(session: AsyncSession, campaign_id: int, label: str) -> PaperTally | None:
    return await session.scalar(
        select(PaperTally).where(PaperTally.campaign_id == campaign_id, PaperTally.label == label)
    )


async def replace_paper_counts(
    session: AsyncSession, tally_id: int, counts: dict[tuple[int, int], int]
) -> None:
    await session.execute(delete(PaperCount).where(PaperCount.tally_id == tally_id))
    rows = [
        {"tally_id": tally_id, "question": q, "rating": r, "count": n}
        for (q, r), n in counts.items()
        if n
    ]
    if rows:
        await session.execute(_insert(session, PaperCount).values(rows))


async def activity_totals(session: AsyncSession, campaign_ids: list[int]) -> dict[str, int]:
    rows = await session.execute(
        select(ActivityRecord.item, func.sum(ActivityRecord.count))
        .where(ActivityRecord.campaign_id.in_(campaign_ids))
        .group_by(ActivityRecord.item)
    )
    return {item: int(total) for item, total in rows.all()}


async def ballot_count(session: AsyncSession, campaign_id: int) -> int:
    """The masses' ballots begun, submitted or not (党员互评 drafts are not among them)."""
    return await session.scalar(
        select(func.count()).where(Ballot.campaign_id == campaign_id, Ballot.peer.is_(False))
    )


async def category_counts(session: AsyncSession, campaign_id: int) -> list[tuple[str | None, int]]:
    rows = await session.execute(
        select(Ballot.category, func.count())
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Ballot.category)
    )
    return [tuple(row) for row in rows]
