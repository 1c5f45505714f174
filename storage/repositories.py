"""Queries and writes the core needs, in one place. Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Answer,
    Ballot,
    Campaign,
    DraftLink,
    Member,
    Organization,
    Participation,
)


def _insert(session: AsyncSession, model: Any):
    dialect = session.bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


async def insert_unless_present(session: AsyncSession, model: Any, **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING. True if the row was new.

    The UNIQUE/primary key decides, not a read before the write, so two racing
    inserts can never both succeed.
    """
    result = await session.execute(
        _insert(session, model).values(**values).on_conflict_do_nothing()
    )
    return result.rowcount == 1


# --- organizations and members ---------------------------------------------------------


async def organization_by_name(session: AsyncSession, name: str) -> Organization | None:
    return await session.scalar(select(Organization).where(Organization.name == name))


async def organization(session: AsyncSession, organization_id: int) -> Organization | None:
    return await session.get(Organization, organization_id)


async def members_of(
    session: AsyncSession, organization_id: int, active_only: bool = True
) -> Sequence[Member]:
    query = select(Member).where(Member.organization_id == organization_id)
    if active_only:
        query = query.where(Member.active.is_(True))
    return (await session.scalars(query.order_by(Member.position, Member.id))).all()


# --- campaigns --------------------------------------------------------------------------


async def campaign(session: AsyncSession, campaign_id: int) -> Campaign | None:
    return await session.get(Campaign, campaign_id)


async def campaign_by_token(session: AsyncSession, token: str) -> Campaign | None:
    return await session.scalar(select(Campaign).where(Campaign.token == token))


async def open_campaign_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Campaign.id).where(Campaign.status == "open")))


async def campaigns_with_counts(session: AsyncSession) -> list[tuple[Campaign, str, int]]:
    submitted = (
        select(func.count())
        .where(Ballot.campaign_id == Campaign.id, Ballot.submitted.is_(True))
        .correlate(Campaign)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Campaign, Organization.name, submitted)
        .join(Organization, Organization.id == Campaign.organization_id)
        .order_by(Campaign.id.desc())
    )
    return [(c, name, n) for c, name, n in rows]


async def open_campaign_for(session: AsyncSession, organization_id: int, period: str) -> int | None:
    return await session.scalar(
        select(Campaign.id).where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.status == "open",
        )
    )


# --- ballots ----------------------------------------------------------------------------


async def has_submitted(session: AsyncSession, campaign_id: int, respondent: str) -> bool:
    found = await session.scalar(
        select(Participation.respondent).where(
            Participation.campaign_id == campaign_id, Participation.respondent == respondent
        )
    )
    return found is not None


async def draft_ballot(session: AsyncSession, campaign_id: int, respondent: str) -> Ballot | None:
    return await session.scalar(
        select(Ballot)
        .join(DraftLink, DraftLink.ballot_id == Ballot.id)
        .where(DraftLink.campaign_id == campaign_id, DraftLink.respondent == respondent)
    )


async def latest_draft(session: AsyncSession, respondents: list[str]) -> Ballot | None:
    """The draft, among the given pseudonyms (one per open campaign), of the newest campaign."""
    if not respondents:
        return None
    return await session.scalar(
        select(Ballot)
        .join(DraftLink, DraftLink.ballot_id == Ballot.id)
        .where(DraftLink.respondent.in_(respondents))
        .order_by(DraftLink.campaign_id.desc())
        .limit(1)
    )


async def answers_of(session: AsyncSession, ballot_id: str) -> dict[int, int]:
    rows = await session.execute(
        select(Answer.question, Answer.rating).where(Answer.ballot_id == ballot_id)
    )
    return {question: rating for question, rating in rows}


async def save_answers(session: AsyncSession, ballot_id: str, ratings: dict[int, int]) -> None:
    statement = _insert(session, Answer).values(
        [{"ballot_id": ballot_id, "question": q, "rating": r} for q, r in ratings.items()]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Answer.ballot_id, Answer.question],
            set_={"rating": statement.excluded.rating},
        )
    )


async def move_step(
    session: AsyncSession, ballot_id: str, expected: int, new: int, **changes: Any
) -> bool:
    """Compare-and-set the ballot's step: False if the ballot was not at ``expected``.

    This is what makes a double tap or a button from an older screen change nothing.
    """
    result = await session.execute(
        update(Ballot)
        .where(Ballot.id == ballot_id, Ballot.step == expected, Ballot.submitted.is_(False))
        .values(step=new, **changes)
    )
    return result.rowcount == 1


async def delete_draft_link(session: AsyncSession, campaign_id: int, respondent: str) -> None:
    await session.execute(
        delete(DraftLink).where(
            DraftLink.campaign_id == campaign_id, DraftLink.respondent == respondent
        )
    )


async def discard_draft(
    session: AsyncSession, campaign_id: int, respondent: str, ballot_id: str
) -> None:
    await delete_draft_link(session, campaign_id, respondent)
    await session.execute(delete(Answer).where(Answer.ballot_id == ballot_id))
    await session.execute(delete(Ballot).where(Ballot.id == ballot_id, Ballot.submitted.is_(False)))


# --- tallies ----------------------------------------------------------------------------


async def answer_counts(session: AsyncSession, campaign_id: int) -> list[tuple[int, int, int]]:
    """(question, rating, count) over the campaign's submitted ballots."""
    rows = await session.execute(
        select(Answer.question, Answer.rating, func.count())
        .join(Ballot, Ballot.id == Answer.ballot_id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Answer.question, Answer.rating)
    )
    return [tuple(row) for row in rows]


async def submitted_count(session: AsyncSession, campaign_id: int) -> int:
    return await session.scalar(
        select(func.count()).where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
    )


async def suggestions(session: AsyncSession, campaign_id: int) -> list[str]:
    """Submitted opinions, ordered by text so their order says nothing of who wrote first."""
    rows = await session.scalars(
        select(Ballot.suggestion)
        .where(
            Ballot.campaign_id == campaign_id,
            Ballot.submitted.is_(True),
            Ballot.suggestion.is_not(None),
        )
        .order_by(Ballot.suggestion)
    )
    return list(rows)
