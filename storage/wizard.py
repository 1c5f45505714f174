"""The /start_campaign wizard's drafts. Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    WizardDraft,
)


async def wizard_draft(session: AsyncSession, user_id: int) -> WizardDraft | None:
    return await session.get(WizardDraft, user_id)


async def delete_wizard_draft(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(WizardDraft).where(WizardDraft.user_id == user_id))
