"""Organizations, their members, 认领 links and bindings, 公开承诺. Works on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Commitment,
    Member,
    MemberBinding,
    MemberLink,
    Organization,
)
from storage.writes import _insert


async def organization_by_name(session: AsyncSession, name: str) -> Organization | None:
    return await session.scalar(select(Organization).where(Organization.name == name))


async def organization(session: AsyncSession, organization_id: int) -> Organization | None:
    return await session.get(Organization, organization_id)


async def all_organizations(session: AsyncSession) -> Sequence[Organization]:
    return (await session.scalars(select(Organization))).all()


async def members_of(
    session: AsyncSession, organization_id: int, active_only: bool = True
) -> Sequence[Member]:
    query = select(Member).where(Member.organization_id == organization_id)
    if active_only:
        query = query.where(Member.active.is_(True))
    return (await session.scalars(query.order_by(Member.position, Member.id))).all()


async def member(session: AsyncSession, member_id: int) -> Member | None:
    return await session.get(Member, member_id)


async def bindings_of(session: AsyncSession, organization_id: int) -> dict[int, MemberBinding]:
    """The organization's bound members: member id → binding."""
    rows = await session.scalars(
        select(MemberBinding).where(MemberBinding.organization_id == organization_id)
    )
    return {row.member_id: row for row in rows}


async def bound_members(session: AsyncSession, account: str) -> Sequence[Member]:
    """The members an account is bound to (at most one per organization)."""
    return (
        await session.scalars(
            select(Member)
            .join(MemberBinding, MemberBinding.member_id == Member.id)
            .where(MemberBinding.account == account, Member.active.is_(True))
            .order_by(Member.organization_id)
        )
    ).all()


async def live_member_links(session: AsyncSession, member_ids: Sequence[int]) -> dict[int, str]:
    """member id → their unspent 认领 link's token (at most one each)."""
    rows = await session.execute(
        select(MemberLink.member_id, MemberLink.token).where(MemberLink.member_id.in_(member_ids))
    )
    return dict(rows.all())


async def withdraw_member(session: AsyncSession, member_id: int) -> tuple[bool, bool]:
    """Delete a member's unspent links and binding; whether a link, and a binding, went."""
    links = await session.execute(delete(MemberLink).where(MemberLink.member_id == member_id))
    result = await session.execute(
        delete(MemberBinding).where(MemberBinding.member_id == member_id)
    )
    return links.rowcount > 0, result.rowcount == 1


async def member_link(session: AsyncSession, token: str) -> tuple[MemberLink, Member] | None:
    row = (
        await session.execute(
            select(MemberLink, Member)
            .join(Member, Member.id == MemberLink.member_id)
            .where(MemberLink.token == token)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def spend_member_link(session: AsyncSession, token: str) -> bool:
    """Delete the link, unless someone else got there first."""
    result = await session.execute(delete(MemberLink).where(MemberLink.token == token))
    return result.rowcount == 1


async def commitments_of(session: AsyncSession, organization_id: int) -> Sequence[Commitment]:
    """The organization's 承诺事项 (its own and its members'), in order."""
    return (
        await session.scalars(
            select(Commitment)
            .where(Commitment.organization_id == organization_id)
            .order_by(Commitment.member_id.is_not(None), Commitment.member_id, Commitment.position)
        )
    ).all()


async def replace_commitments(
    session: AsyncSession, organization_id: int, member_id: int | None, rows: list[dict[str, Any]]
) -> None:
    """One subject's list, replaced as a whole."""
    owner = (
        Commitment.member_id.is_(None) if member_id is None else Commitment.member_id == member_id
    )
    await session.execute(
        delete(Commitment).where(Commitment.organization_id == organization_id, owner)
    )
    if rows:
        await session.execute(_insert(session, Commitment).values(rows))


async def commitment(session: AsyncSession, commitment_id: int) -> Commitment | None:
    return await session.get(Commitment, commitment_id)
