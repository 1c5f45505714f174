"""意见建议 as 整改 items, and the handles of writers who asked for a reply. Works on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ReplyHandle,
    Suggestion,
)


async def suggestions(session: AsyncSession, campaign_id: int) -> list[Suggestion]:
    """A campaign's opinions, ordered by their random code: the order says nothing of who
    wrote first."""
    rows = await session.scalars(
        select(Suggestion).where(Suggestion.campaign_id == campaign_id).order_by(Suggestion.code)
    )
    return list(rows)


async def suggestion(session: AsyncSession, code: str) -> Suggestion | None:
    return await session.get(Suggestion, code)


async def suggestion_counts(session: AsyncSession, campaign_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(Suggestion.status, func.count())
        .where(Suggestion.campaign_id == campaign_id)
        .group_by(Suggestion.status)
    )
    return {status: count for status, count in rows.all()}


async def suggestion_page(
    session: AsyncSession, campaign_id: int, status: str | None, limit: int, offset: int
) -> list[Suggestion]:
    statement = select(Suggestion).where(Suggestion.campaign_id == campaign_id)
    if status is not None:
        statement = statement.where(Suggestion.status == status)
    rows = await session.scalars(statement.order_by(Suggestion.code).limit(limit).offset(offset))
    return list(rows)


async def update_suggestion(session: AsyncSession, code: str, **values: Any) -> None:
    await session.execute(update(Suggestion).where(Suggestion.code == code).values(**values))


async def reply_handles(session: AsyncSession, codes: list[str]) -> set[str]:
    """Which of these items still have a writer waiting for the response."""
    if not codes:
        return set()
    rows = await session.scalars(select(ReplyHandle.code).where(ReplyHandle.code.in_(codes)))
    return set(rows)


async def take_reply_handle(session: AsyncSession, code: str) -> str | None:
    """Delete an item's reply handle and return its sealed contact (None if there was none)."""
    contact = await session.scalar(select(ReplyHandle.contact).where(ReplyHandle.code == code))
    if contact is not None:
        await session.execute(delete(ReplyHandle).where(ReplyHandle.code == code))
    return contact
