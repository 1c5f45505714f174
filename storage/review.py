"""Queries of 支部审定 (``final_grades``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FinalGrade


async def final_grades(session: AsyncSession, campaign_id: int) -> dict[int, FinalGrade]:
    """member id → the branch's final grade in the campaign."""
    rows = await session.scalars(
        select(FinalGrade)
        .where(FinalGrade.campaign_id == campaign_id)
        .execution_options(populate_existing=True)
    )
    return {row.member_id: row for row in rows}


async def set_final_grade(session: AsyncSession, **values: Any) -> None:
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.bind.dialect.name]
    statement = insert(FinalGrade).values(**values)
    changed = ("grade", "suggested", "reason", "decided_by", "decided_at")
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["campaign_id", "member_id"],
            set_={name: statement.excluded[name] for name in changed},
        )
    )
