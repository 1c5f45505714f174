"""The paced sender: drains the outbox at most ``send_rate`` messages a second overall and one
per ``chat_interval`` to any chat (aiolimiter), honouring 429 retry_after, retrying transient
errors with backoff and marking 403 as unreachable. Every state change is committed, so a
restart carries on where the crash left off (see evaluation/outbox.py)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import datetime
from functools import partial

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiolimiter import AsyncLimiter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import notices
from bot.i18n import DEFAULT, speaking
from bot.outage import OutageLog, is_outage
from evaluation import outbox, reach
from evaluation.outbox import Outgoing
from evaluation.pseudonyms import Pseudonyms
from evaluation.tally import DEFAULT_RULE, GradingRule

log = logging.getLogger(__name__)
IDLE_WAIT = 30.0  # seconds between looks at the outbox when nothing woke the sender
RETRY_PAUSE = 5.0  # after an unexpected error in the sending loop
CHAT_NOT_FOUND = "chat not found"
NOT_MODIFIED = "message is not modified"
CANNOT_EDIT = re.compile(r"message to edit not found|message can't be edited")


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        username: str,
        sessionmaker: async_sessionmaker[AsyncSession],
        pseudonyms: Pseudonyms,
        now: Callable[[], datetime],
        today: Callable[[], object],
        rate: float,
        chat_interval: float,
        font: str | None = None,
        rule: GradingRule = DEFAULT_RULE,
        language: str | None = None,
    ) -> None:
        self.bot = bot
        self.username = username  # for the invitation links in organizers' messages
        self.sessionmaker = sessionmaker
        self.pseudonyms = pseudonyms
        self.now, self.today = now, today
        self.font = font
        self.rule = rule
        self.language = language  # PINGYI_LOCALE: everyone's; else each respondent's own
        # Capacity 1 leaking ``rate`` a second: evenly spaced sends, never a burst.
        self.overall = AsyncLimiter(1, 1 / rate)
        self.chat_interval = chat_interval
        self.chats: dict[int, AsyncLimiter] = {}
        self.in_flight_limit = max(4, int(rate * 2))
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was queued: look at the outbox now."""
        self._wake.set()

    async def run(self) -> None:
        async with self.sessionmaker() as session:
            recovered = await outbox.recover(session)
        if recovered:
            log.info("outbox: %d messages were in flight at the last stop; sending them", recovered)
        tasks: set[asyncio.Task] = set()
        refill = max(1, self.in_flight_limit // 2)  # claim in batches, not one row at a time
        outage = OutageLog("outbox sender steps")
        try:
            while True:
                try:
                    tasks = await self._step(tasks, refill)
                    outage.ok()
                except Exception as error:  # e.g. the database away a moment: never stop sending
                    if is_outage(error):
                        outage.failed(error)
                    else:
                        log.exception("outbox sender: trying again in %s s", RETRY_PAUSE)
                    await asyncio.sleep(RETRY_PAUSE)
        finally:
            for task in tasks:
                task.cancel()

    async def _step(self, tasks: set[asyncio.Task], refill: int) -> set[asyncio.Task]:
        """Claim what is due while there is room, then wait for a send or for news."""
        room = self.in_flight_limit - len(tasks)
        claimed: list[Outgoing] = []
        self._wake.clear()  # a wake-up from here on is kept for _idle
        if room >= refill:
            async with self.sessionmaker() as session:
                claimed = await outbox.claim(session, self.now(), room)
            tasks |= {asyncio.create_task(self._deliver(m)) for m in claimed}
        if tasks and (room < refill or len(claimed) == room):
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            return pending
        await self._idle(tasks)
        return {t for t in tasks if not t.done()}

    async def _idle(self, tasks: set[asyncio.Task]) -> None:
        """Nothing more to claim: wait for a wake-up, the next retry, or a send to finish."""
        async with self.sessionmaker() as session:
            due = await outbox.next_due_at(session)
        wait = IDLE_WAIT
        if due is not None:
            wait = max(0.05, min(wait, (due - self.now()).total_seconds()))
        woken = asyncio.ensure_future(self._wake.wait())
        await asyncio.wait({woken, *tasks}, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
        woken.cancel()

    async def _language_of(self, session: AsyncSession, message: Outgoing) -> str:
        """The language the person last used the bot in: a respondent's ballot, an organizer's
        commands. Chinese if never known."""
        if self.language is not None:
            return self.language
        return await reach.language(session, message.recipient) or DEFAULT

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self.chats.get(chat_id)
        if limiter is None:
            if len(self.chats) > 10_000:  # forget chats that have been quiet for a while
                self.chats = {c: lim for c, lim in self.chats.items() if not lim.has_capacity()}
            limiter = self.chats[chat_id] = AsyncLimiter(1, self.chat_interval)
        return limiter

    async def _deliver(self, message: Outgoing) -> None:
        try:
            # Short sessions only: never hold a connection while waiting for a sending slot.
            async with self.sessionmaker() as session:
                if not await outbox.wanted(session, self.pseudonyms, message, self.today()):
                    return
                chat = self.pseudonyms.unseal(message.address)
                with speaking(await self._language_of(session, message)):
                    parts = await notices.render(
                        session,
                        message,
                        partial(self.pseudonyms.admission, user_id=chat),
                        self.username,
                        self.font,
                        self.rule,
                        self.now(),
                    )
            first = message.parts_sent  # a restart goes on after what had gone
            for number, part in enumerate(parts[first:], start=first + 1):
                await self._send(chat, part, message)
                if number < len(parts):
                    async with self.sessionmaker() as session:
                        await outbox.part_sent(session, message, number)
            async with self.sessionmaker() as session:
                await outbox.sent(session, message, self.now())
        except TelegramRetryAfter as error:
            await self._finish(outbox.retry_later, message, self.now(), float(error.retry_after))
        except TelegramForbiddenError:
            await self._finish(outbox.unreachable, message)
        except TelegramBadRequest as error:
            if CHAT_NOT_FOUND in error.message.lower():
                await self._finish(outbox.unreachable, message)
            else:
                log.warning("outbox %s refused by Telegram: %s", message.id, error.message)
                await self._finish(outbox.failed, message)
        except (TelegramServerError, TelegramNetworkError, TimeoutError, OSError) as error:
            log.info("outbox %s: transient error %s, will retry", message.id, type(error).__name__)
            await self._finish(outbox.retry_later, message, self.now(), None)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("outbox %s could not be delivered", message.id)
            await self._finish(outbox.retry_later, message, self.now(), None)

    async def _finish(self, outcome, message: Outgoing, *args) -> None:
        try:
            async with self.sessionmaker() as session:
                await outcome(session, message, *args)
        except Exception:  # the row stays claimed and goes back to pending at the next start
            log.exception("outbox %s: could not record the outcome", message.id)

    async def _redrawn(self, chat: int, part: notices.Part) -> bool:
        """Show ``part.text`` in the message ``part.edit``; False if it cannot be edited."""
        try:
            await self.bot.edit_message_text(part.text, chat_id=chat, message_id=part.edit)
        except TelegramBadRequest as error:
            if NOT_MODIFIED in error.message:
                return True  # it already showed this: it reached the person before the crash
            if CANNOT_EDIT.search(error.message.lower()):
                return False
            raise
        return True

    async def _send(self, chat: int, part: notices.Part, message: Outgoing) -> None:
        async with self._chat_limiter(chat), self.overall:
            # Marked only now, with its slot taken: what a crash leaves ``sending`` was in
            # flight, not merely waiting its turn.
            async with self.sessionmaker() as session:
                await outbox.sending(session, message)
            if part.edit is not None and await self._redrawn(chat, part):
                return
            if part.file is None:
                await self.bot.send_message(chat, part.text, reply_markup=part.markup)
            elif part.photo:
                caption, markup = part.text or None, part.markup
                await self.bot.send_photo(chat, part.file, caption=caption, reply_markup=markup)
            else:
                caption, markup = part.text or None, part.markup
                await self.bot.send_document(chat, part.file, caption=caption, reply_markup=markup)
