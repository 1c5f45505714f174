"""Organizers, grant links and the audit log. Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEntry,
    GrantLink,
    Organization,
    Organizer,
)


async def granted_organizations(session: AsyncSession, user_id: int | None) -> list[int]:
    if user_id is None:
        return []
    return list(
        await session.scalars(select(Organizer.organization_id).where(Organizer.user_id == user_id))
    )


async def organizers_of(session: AsyncSession, organization_id: int) -> Sequence[Organizer]:
    return (
        await session.scalars(
            select(Organizer)
            .where(Organizer.organization_id == organization_id)
            .order_by(Organizer.granted_at)
        )
    ).all()


async def organizer_name(session: AsyncSession, user_id: int) -> str | None:
    """The name an organizer's Telegram account showed when they accepted a grant."""
    return await session.scalar(
        select(Organizer.name).where(Organizer.user_id == user_id).order_by(Organizer.granted_at)
    )


async def all_organizer_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Organizer.user_id).distinct()))


async def grant_link(session: AsyncSession, token: str) -> GrantLink | None:
    return await session.get(GrantLink, token)


async def spend_grant_link(session: AsyncSession, token: str, user_id: int, now) -> bool:
    """Mark the link used, unless someone else got there first."""
    result = await session.execute(
        update(GrantLink)
        .where(GrantLink.token == token, GrantLink.used_at.is_(None))
        .values(used_by=user_id, used_at=now)
    )
    return result.rowcount == 1


async def delete_grant(session: AsyncSession, user_id: int, organization_id: int) -> bool:
    result = await session.execute(
        delete(Organizer).where(
            Organizer.user_id == user_id, Organizer.organization_id == organization_id
        )
    )
    return result.rowcount == 1


async def audit_count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(AuditEntry))


async def audit_page(
    session: AsyncSession, limit: int, offset: int
) -> list[tuple[AuditEntry, str | None]]:
    rows = await session.execute(
        select(AuditEntry, Organization.name)
        .outerjoin(Organization, Organization.id == AuditEntry.organization_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(entry, name) for entry, name in rows]
