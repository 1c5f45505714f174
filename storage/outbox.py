"""The outbox: rows to send, claimed, sent, retried. Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.forgetting import forgot
from storage.models import (
    Campaign,
    Cycle,
    OutboxMessage,
)
from storage.writes import _insert


async def enqueue(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows, skipping any (recipient, reason) already there; counts the new."""
    added = 0
    for start in range(0, len(rows), 500):
        result = await session.execute(
            _insert(session, OutboxMessage)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["recipient", "reason"])
        )
        added += max(result.rowcount, 0)
    return added


async def messages_about(
    session: AsyncSession, campaign_id: int, kinds: Sequence[str]
) -> dict[str, int]:
    """Per recipient: how many messages about this campaign are queued or sent."""
    statement = (
        select(OutboxMessage.recipient, func.count())
        .where(
            OutboxMessage.campaign_id == campaign_id,
            OutboxMessage.kind.in_(kinds),
            OutboxMessage.state.in_(["pending", "claimed", "sending", "sent"]),
        )
        .group_by(OutboxMessage.recipient)
    )
    return {user: count for user, count in (await session.execute(statement)).all()}


async def requeue_in_flight(session: AsyncSession) -> int:
    """Rows a stopped sender held go back to pending: those it had only queued (``claimed``),
    and those whose request was in flight (``sending``); returns how many were in flight."""
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.state == "claimed").values(state="pending")
    )
    result = await session.execute(
        update(OutboxMessage).where(OutboxMessage.state == "sending").values(state="pending")
    )
    return result.rowcount


async def claim_due(session: AsyncSession, now, limit: int) -> list[OutboxMessage]:
    """The oldest pending rows that are due, marked ``claimed`` (queued in the sender)."""
    rows = list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state == "pending", OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )
    if rows:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in rows]))
            .values(state="claimed")
        )
    return rows


async def next_due_at(session: AsyncSession):
    return await session.scalar(
        select(func.min(OutboxMessage.not_before)).where(OutboxMessage.state == "pending")
    )


async def finish_message(session: AsyncSession, message_id: int, **values: Any) -> None:
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
    )


async def delete_message(session: AsyncSession, message_id: int) -> None:
    """A sent receipt or reply: its row tied a person to a receipt or an opinion."""
    await session.execute(delete(OutboxMessage).where(OutboxMessage.id == message_id))
    forgot(session)


async def delete_queued(session: AsyncSession, recipient: str, reason: str) -> None:
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.recipient == recipient, OutboxMessage.reason == reason
        )
    )


async def cancel_pending(session: AsyncSession, person: str, state: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.recipient == person,
            OutboxMessage.state.in_(["pending", "claimed", "sending"]),
        )
        .values(state=state)
    )


async def change_marks(session: AsyncSession) -> tuple:
    """What the command line changes that the running bot acts on (campaigns opened or closed,
    cycles switched, messages queued), in one cheap row: the SQLite bot compares it every few
    seconds."""
    campaigns = select(func.max(Campaign.id), func.count()).where(Campaign.status == "open")
    cycles = select(func.count()).where(Cycle.enabled.is_(True))
    return (
        *(await session.execute(campaigns)).one(),
        await session.scalar(cycles),
        await session.scalar(select(func.max(OutboxMessage.id))),
    )


async def outbox_reasons(
    session: AsyncSession, reason_prefix: str, states: Sequence[str]
) -> set[str]:
    statement = select(OutboxMessage.reason).where(
        OutboxMessage.reason.startswith(reason_prefix), OutboxMessage.state.in_(states)
    )
    return set(await session.scalars(statement))


async def drop_outbox_rows(session: AsyncSession, reasons: Sequence[str]) -> None:
    """Rows of these reasons that are done with (sent to nobody: unreachable, failed,
    cancelled), so they can be queued again."""
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.reason.in_(reasons),
            OutboxMessage.state.in_(("unreachable", "failed", "cancelled")),
        )
    )


async def outbox_states(session: AsyncSession, reason_prefix: str) -> dict[str, int]:
    statement = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.reason.startswith(reason_prefix))
        .group_by(OutboxMessage.state)
    )
    return {state: count for state, count in (await session.execute(statement)).all()}
