"""Middlewares: one chat's updates in order, a database session per update, the organizer
gate. The reader's language is aiogram's middleware (bot/i18n.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import current_language
from bot.i18n import gettext as _
from bot.outage import OutageLog
from bot.texts import organizing as organizing_texts
from evaluation import access, reach
from evaluation.callers import Caller

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ChatOrderMiddleware(BaseMiddleware):
    """Handle one chat's updates strictly one after another, in arrival order.

    Polling starts a task per update in update order and a task runs up to its first
    real wait before the next starts, so the tasks reach this FIFO lock in order.
    Different chats still run concurrently.
    """

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]):
        chat = data.get("event_chat")
        user = data.get("event_from_user")
        key = chat.id if chat else (user.id if user else None)
        if key is None:
            return await handler(event, data)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                return await handler(event, data)
        finally:
            self._users[key] -= 1
            if not self._users[key]:  # nobody else waiting: forget the lock
                del self._users[key]
                del self._locks[key]


# Set when a handler fails: whether its session had committed (the error reply says so).
COMMITTED: ContextVar[bool] = ContextVar("pingyi_committed", default=False)


class DbSessionMiddleware(BaseMiddleware):
    """Give each handler an ``AsyncSession``; the core commits, this closes. An update handled
    without error ends a database outage, if one was going on (bot/outage.py)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], outage: OutageLog):
        self._sessionmaker = sessionmaker
        self._outage = outage

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]):
        session = self._sessionmaker()
        data["session"] = session
        try:
            result = await handler(event, data)
        except Exception:
            # For the error reply (bot/app.py): whether something was stored before it failed.
            COMMITTED.set(getattr(session, "committed", False))
            raise
        finally:
            # Only a session inside a transaction holds a connection. Closing one is a task of
            # its own (to finish even if cancelled). A press stored in one trip never began
            # a transaction, and most handlers have committed by now, so they skip it.
            if session.in_transaction():
                async with session:
                    pass
        self._outage.ok()
        return result


class OrganizerGate(BaseMiddleware):
    """Let organizer commands and buttons through only for organizers, with their ``Caller``.

    Everyone else gets one neutral line and nothing happens. Inner middleware: it runs
    only once a handler of the gated router has matched.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]):
        caller = Caller.telegram(data["event_from_user"].id, data["admin_ids"])
        if not await access.is_organizer(data["session"], caller):
            if isinstance(event, CallbackQuery):
                await event.answer(_(organizing_texts.ORGANIZERS_BUTTON), show_alert=True)
            elif isinstance(event, Message):
                await event.answer(_(organizing_texts.NOT_ALLOWED))
            return None
        await reach.note_language(
            data["session"], data["pseudonyms"], caller.user_id, current_language()
        )
        data["caller"] = caller
        return await handler(event, data)
