"""Webhook updates already processed (a repeat is dropped). Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ProcessedUpdate,
)
from storage.writes import insert_unless_present


async def claim_update(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Record a webhook update as handled; False if it already was. On PostgreSQL a second
    delivery racing the first waits here until the first transaction ends."""
    return await insert_unless_present(
        session, ProcessedUpdate, update_id=update_id, processed_at=now
    )


async def update_claimed(session: AsyncSession, update_id: int) -> bool:
    return await session.get(ProcessedUpdate, update_id) is not None


async def forget_updates(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    )
    return result.rowcount
