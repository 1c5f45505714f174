"""Queries of 逐级点评 (``comments``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Campaign, Comment, CommentAssignment, Signature

_REPLACED = (
    "commenter_name",
    "commenter_role",
    "items",
    "strengths",
    "improvements",
    "updated_at",
    "step",
    "completed",
    "awaiting",
)


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


async def comment(
    session: AsyncSession, campaign_id: int, subject: int, commenter: str
) -> Comment | None:
    return await session.scalar(
        select(Comment)
        .where(
            Comment.campaign_id == campaign_id,
            Comment.subject == subject,
            Comment.commenter == commenter,
        )
        .execution_options(populate_existing=True)
    )


async def insert_draft(session: AsyncSession, **values: Any) -> None:
    """A comment begun in the chat; a second tap that raced it changes nothing."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.bind.dialect.name]
    await session.execute(
        insert(Comment)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["campaign_id", "subject", "commenter"])
    )


async def awaiting(session: AsyncSession, commenters: list[str]) -> Comment | None:
    """The comment whose field the commenter's next text fills, if any."""
    return await session.scalar(
        select(Comment)
        .where(Comment.commenter.in_(commenters), Comment.awaiting.is_(True))
        .order_by(Comment.updated_at.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


async def stop_awaiting(session: AsyncSession, commenters: list[str]) -> None:
    await session.execute(
        update(Comment)
        .where(Comment.commenter.in_(commenters), Comment.awaiting.is_(True))
        .values(awaiting=False)
        .execution_options(synchronize_session=False)
    )


async def move(session: AsyncSession, comment_id: int, expected: int, **values: Any) -> bool:
    """Compare-and-set on the step: a double tap or an old button changes nothing."""
    result = await session.execute(
        update(Comment)
        .where(Comment.id == comment_id, Comment.step == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def assignments(session: AsyncSession, campaign_id: int) -> dict[int, set[int]]:
    """subject -> the members an organizer chose to comment on it."""
    rows = await session.execute(
        select(CommentAssignment.subject, CommentAssignment.member_id).where(
            CommentAssignment.campaign_id == campaign_id
        )
    )
    found: dict[int, set[int]] = {}
    for subject, member_id in rows:
        found.setdefault(subject, set()).add(member_id)
    return found


async def set_assignments(
    session: AsyncSession, campaign_id: int, subject: int, member_ids: set[int] | None
) -> None:
    """The subject's commenters (None: back to the default by roles)."""
    await session.execute(
        delete(CommentAssignment).where(
            CommentAssignment.campaign_id == campaign_id, CommentAssignment.subject == subject
        )
    )
    for member_id in sorted(member_ids or ()):
        session.add(
            CommentAssignment(campaign_id=campaign_id, subject=subject, member_id=member_id)
        )


async def signature(session: AsyncSession, user_id: int) -> Signature | None:
    return await session.get(Signature, user_id)


async def sign(session: AsyncSession, user_id: int, name: str, title: str, now) -> None:
    """An organizer's signature, kept; their comments not yet locked by 审定 take it too."""
    found = await session.get(Signature, user_id)
    if found is None:
        session.add(Signature(user_id=user_id, name=name, title=title, updated_at=now))
    else:
        found.name, found.title, found.updated_at = name, title, now
    open_campaigns = select(Campaign.id).where(Campaign.reviewed_at.is_(None))
    await session.execute(
        update(Comment)
        .where(
            Comment.commenter == f"organizer:{user_id}",
            Comment.campaign_id.in_(open_campaigns),
        )
        .values(commenter_name=name, commenter_role=title)
    )
