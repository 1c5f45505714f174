"""An export a person asked for in the chat is made and sent by the handler, which a crash
can cut short. Before it starts, a notice that it did not come goes into the outbox, due
``PINGYI_EXPORT_PATIENCE`` seconds later (evaluation.outbox.promise); the handler withdraws it
once the workbook is sent. A process that dies in between leaves it, and after the restart
the sender tells the person, with a button to ask again."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import outbox
from evaluation.outgoing import ExportLost
from evaluation.pseudonyms import Pseudonyms


class LostExports:
    def __init__(self, pseudonyms: Pseudonyms, patience: timedelta) -> None:
        self.pseudonyms = pseudonyms
        self.patience = patience

    async def promise(
        self,
        session: AsyncSession,
        user_id: int,
        campaign_id: int,
        now: datetime,
        what: ExportLost,
    ) -> str:
        due = now + self.patience
        return await outbox.promise(session, self.pseudonyms, user_id, campaign_id, due, what)

    async def keep(self, session: AsyncSession, user_id: int, reason: str) -> None:
        await outbox.kept(session, self.pseudonyms, user_id, reason)
