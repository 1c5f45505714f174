"""Who may be messaged: subscriptions, participation, ballot starts. Works on SQLite and PostgreSQL
alike."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    BallotStart,
    Recipient,
    Subscription,
)
from storage.writes import _insert


def _may_be_messaged(person_column):
    """People without a recipients row, or whose row says neither /stop nor blocked."""
    return person_column.not_in(
        select(Recipient.person).where(
            or_(Recipient.stopped.is_(True), Recipient.unreachable.is_(True))
        )
    )


async def subscribers(session: AsyncSession, organization_id: int) -> list[tuple[str, str]]:
    """(person, sealed contact) of the organization's subscribers who may be messaged."""
    statement = select(Subscription.person, Subscription.contact).where(
        Subscription.organization_id == organization_id, _may_be_messaged(Subscription.person)
    )
    return [(person, contact) for person, contact in await session.execute(statement)]


async def starters(session: AsyncSession, campaign_id: int) -> list[tuple[str, str]]:
    """(person, sealed contact) of those who began the ballot and may be messaged."""
    statement = select(BallotStart.person, BallotStart.contact).where(
        BallotStart.campaign_id == campaign_id, _may_be_messaged(BallotStart.person)
    )
    return [(person, contact) for person, contact in await session.execute(statement)]


async def is_subscribed(session: AsyncSession, person: str, organization_id: int) -> bool:
    return await session.get(Subscription, (person, organization_id)) is not None


async def recipient(session: AsyncSession, person: str) -> Recipient | None:
    return await session.get(Recipient, person)


async def set_recipient(session: AsyncSession, person: str, **flags: bool | str) -> None:
    """Upsert the person's flags (stopped, unreachable) or language."""
    statement = _insert(session, Recipient).values(
        person=person, **{"stopped": False, "unreachable": False, **flags}
    )
    await session.execute(statement.on_conflict_do_update(index_elements=["person"], set_=flags))


_LIFT_UNREACHABLE = (
    update(Recipient)
    .where(Recipient.person == bindparam("who"), Recipient.unreachable.is_(True))
    .values(unreachable=False)
    .execution_options(synchronize_session=False)
)


async def lift_unreachable(session: AsyncSession, person: str) -> None:
    await session.execute(_LIFT_UNREACHABLE, {"who": person})


async def forget_start(session: AsyncSession, campaign_id: int, person: str) -> None:
    await session.execute(
        delete(BallotStart).where(
            BallotStart.campaign_id == campaign_id, BallotStart.person == person
        )
    )
