"""The quarterly cycle: cycles and their events. Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Campaign,
    Cycle,
    CycleEvent,
)


async def cycle(session: AsyncSession, organization_id: int) -> Cycle | None:
    return await session.get(Cycle, organization_id)


async def cycles(session: AsyncSession, organization_ids: list[int] | None = None) -> list[Cycle]:
    statement = select(Cycle).order_by(Cycle.organization_id)
    if organization_ids is not None:
        statement = statement.where(Cycle.organization_id.in_(organization_ids))
    return list(await session.scalars(statement))


async def latest_campaign_of(session: AsyncSession, organization_id: int) -> Campaign | None:
    """The organization's newest real (not practice) campaign."""
    return await session.scalar(
        select(Campaign)
        .where(Campaign.organization_id == organization_id, Campaign.practice.is_(False))
        .order_by(Campaign.opened_at.desc(), Campaign.id.desc())
        .limit(1)
    )


async def campaign_for_period(
    session: AsyncSession, organization_id: int, period: str
) -> int | None:
    """Any real campaign of the organization for the period, open or closed."""
    return await session.scalar(
        select(Campaign.id).where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.practice.is_(False),
        )
    )


async def open_real_campaigns(session: AsyncSession) -> list[Campaign]:
    return list(
        await session.scalars(
            select(Campaign)
            .where(Campaign.status == "open", Campaign.practice.is_(False))
            .order_by(Campaign.id)
        )
    )


async def campaigns_in_appraisal(session: AsyncSession, closed_since: datetime) -> list[Campaign]:
    """Real campaigns whose 审定 is not finished: open ones, and those closed since then."""
    return list(
        await session.scalars(
            select(Campaign)
            .where(
                Campaign.practice.is_(False),
                Campaign.reviewed_at.is_(None),
                or_(Campaign.status == "open", Campaign.closed_at >= closed_since),
            )
            .order_by(Campaign.id)
        )
    )


async def done_events(session: AsyncSession, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(await session.scalars(select(CycleEvent.key).where(CycleEvent.key.in_(keys))))
