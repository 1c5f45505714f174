"""Queries of 逐级点评 (``comments``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Comment

_REPLACED = ("commenter_name", "commenter_role", "items", "strengths", "improvements", "updated_at")


async def upsert(session: AsyncSession, **values: Any) -> None:
    """One commenter's comment on one subject: written, or replaced as a whole."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.bind.dialect.name]
    statement = insert(Comment).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["campaign_id", "subject", "commenter"],
            set_={name: statement.excluded[name] for name in _REPLACED},
        )
    )


async def of_campaign(session: AsyncSession, campaign_id: int) -> Sequence[Comment]:
    return (
        await session.scalars(
            select(Comment)
            .where(Comment.campaign_id == campaign_id)
            .order_by(Comment.subject, Comment.id)
            .execution_options(populate_existing=True)
        )
    ).all()
