"""Building the dispatcher and running the bot with long polling."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import i18n, refusals, runtime, texts
from bot.commands import install_menus
from bot.handlers import member, organizing, respondent
from bot.i18n import gettext as _
from bot.lost_exports import LostExports
from bot.middlewares import (
    COMMITTED,
    ChatOrderMiddleware,
    DbSessionMiddleware,
)
from bot.outage import OutageLog, is_outage
from bot.routing import route_buttons_by_kind
from bot.scheduler import CycleScheduler
from bot.sender import OutboxSender
from bot.sending import FitMessages, RetryAfterMiddleware
from bot.startup import ConnectionStateLog, first_contact
from deployment.clock import Clock
from deployment.news import OUTBOX, SCHEDULE
from deployment.settings import Settings, resolve_secret
from evaluation.periods import today_in
from evaluation.pseudonyms import Pseudonyms
from storage import forgetting
from storage.db import is_sqlite, make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.press_shapes import Presses
from storage.presses import open_presses

log = logging.getLogger(__name__)


def make_bot(
    settings: Settings, wait_out_floods: bool = True, session: BaseSession | None = None
) -> Bot:
    """``wait_out_floods``: replies wait out a 429 themselves; the outbox sender reschedules.
    ``session``: how the Bot API is reached, if not over HTTP at ``settings.api_url``."""
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(settings.api_url))
    session.middleware(FitMessages())
    if wait_out_floods:
        session.middleware(RetryAfterMiddleware())
    return Bot(settings.require_token(), session=session)


def build_dispatcher(
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    settings: Settings,
    clock: Clock,
    changed: Callable[[], None] = lambda: None,
    queued: Callable[[], None] = lambda: None,
    presses: Presses | None = None,
) -> Dispatcher:
    """``presses``: the database's one-trip press path (storage/presses.py); without it every
    press takes the ORM path."""
    dispatcher = Dispatcher(disable_fsm=True)  # progress lives in our tables, not aiogram's FSM
    language = i18n.middleware(settings.locale)
    dispatcher.update.outer_middleware(language)
    # Errors are handled outside the update's middlewares: their replies need the language too.
    dispatcher.errors.outer_middleware(language)
    dispatcher.update.outer_middleware(ChatOrderMiddleware())
    outage = OutageLog("updates")
    dispatcher.update.middleware(DbSessionMiddleware(sessionmaker, outage))
    dispatcher["outage"] = outage
    dispatcher["sessionmaker"] = sessionmaker  # a refusal's screen drawn again may read
    dispatcher["pseudonyms"] = pseudonyms
    dispatcher["presses"] = presses
    dispatcher["today"] = lambda: today_in(clock.now(), settings.timezone)
    dispatcher["now"] = clock.now
    dispatcher["rules"] = settings.cycle_rules()
    dispatcher["schedule_changed"] = changed  # a campaign opened or a cycle switched
    dispatcher["outbox_queued"] = queued  # a handler queued a message: send it now
    dispatcher["admin_ids"] = frozenset(settings.admin_ids)
    dispatcher["locale"] = settings.locale  # PINGYI_LOCALE: one language for everyone
    dispatcher["rule"] = settings.grading_rule()
    dispatcher["font"] = settings.font
    dispatcher["notice"] = settings.public_notice()  # what the 公示版 says beside the figures
    dispatcher["lost"] = LostExports(pseudonyms, timedelta(seconds=settings.export_patience))
    # The ballots' buttons first (no other router takes their kinds, and it has no message
    # handlers); then the organizer routers: they claim grant links, organizer commands and
    # buttons. Error events travel the routers in this same order, so the organizer router's
    # own refusals (Forbidden, CampaignError) are met before the catch-all at the end.
    failures = Router(name="failures")
    failures.errors.register(_on_error)
    dispatcher.include_routers(
        respondent.ballot_router,
        organizing.open_router,
        organizing.router,
        member.router,
        respondent.router,
        respondent.group_router,
        refusals.router,  # any refusal of the core, whoever's handler let it go
        failures,
    )
    for router in dispatcher.sub_routers:
        route_buttons_by_kind(router)
    return dispatcher


async def _on_error(event: ErrorEvent, outage: OutageLog) -> None:
    if is_outage(event.exception):
        outage.failed(event.exception)  # one line for the whole outage, not one per update
        reply = _(texts.DATABASE_DOWN)
    else:
        # The traceback names the update id only: never who sent it or what they answered.
        log.error("update %s failed", event.update.update_id, exc_info=event.exception)
        reply = _(texts.FAILURE_AFTER_SAVING) if COMMITTED.get() else _(texts.FAILURE)
    query, message = event.update.callback_query, event.update.message
    with suppress(TelegramAPIError):  # the reply itself may be what failed
        if query is not None:
            await query.answer(reply, show_alert=True)
        elif message is not None:
            await message.answer(reply)


class Application:
    """The running bot's parts: database, dispatcher, and (while it leads) the outbox sender
    and the scheduler.

    ``pingyi run`` polls and always leads; webhook workers lead only while they hold the
    leadership lock (bot/leadership.py) and otherwise pass news on to the leader;
    ``pingyi demo`` runs it in process with a clock it moves.
    """

    def __init__(
        self,
        settings: Settings,
        clock: Clock | None = None,
        api: Callable[[], BaseSession] | None = None,
    ) -> None:
        """``api``: makes the sessions the Bot API is reached through, if not over HTTP (the
        tests run the whole bot in their process on the fake's in-process face)."""
        self.settings = settings
        self.clock = clock or Clock(settings.clock_start)
        self.bot = make_bot(settings, session=api and api())
        self.bulk_bot = make_bot(settings, wait_out_floods=False, session=api and api())
        self.engine = make_engine(settings.database_url)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.scrubber = forgetting.watch(self.sessionmaker, settings.database_url)
        self.presses = open_presses(settings.database_url)
        self.dispatcher: Dispatcher | None = None
        self.sender: OutboxSender | None = None
        self.scheduler: CycleScheduler | None = None  # set while this process leads
        self.tell_leader: Callable[[str], None] = lambda news: None  # set by webhook workers
        self.secret = b""
        self._pseudonyms: Pseudonyms | None = None
        self._sending: asyncio.Task | None = None

    async def start(self) -> None:
        """Migrate, build the sender and the dispatcher, install the command menus."""
        settings, clock = self.settings, self.clock
        await upgrade(self.engine)
        if self.scrubber is not None:  # what a killed run left in the log
            self.scrubber.request()
        secret, notice = resolve_secret(settings)
        if notice:
            log.warning(notice)
        me = await first_contact(self.bot, settings.api_url)
        log.info("pingyi started as @%s", me.username)
        self.secret = secret
        self._pseudonyms = Pseudonyms(secret)
        self.sender = OutboxSender(
            self.bulk_bot,
            me.username,
            self.sessionmaker,
            self._pseudonyms,
            clock.now,
            lambda: today_in(clock.now(), settings.timezone),
            settings.send_rate,
            settings.chat_interval,
            settings.font,
            settings.grading_rule(),
            settings.locale,
        )
        self.dispatcher = build_dispatcher(
            self.sessionmaker,
            self._pseudonyms,
            settings,
            clock,
            lambda: self.news(SCHEDULE),
            lambda: self.news(OUTBOX),
            self.presses,
        )
        async with self.sessionmaker() as session:
            await install_menus(self.bot, session, settings.admin_ids, settings.locale)

    async def lead(self) -> None:
        """Start sending the outbox and running scheduled work (the scheduler catches up)."""
        self._sending = asyncio.create_task(self.sender.run())
        self.scheduler = CycleScheduler(
            self.sessionmaker,
            self.settings.cycle_rules(),
            self._pseudonyms,
            self.clock,
            self.sender,
            look_for_changes=is_sqlite(self.settings.database_url),
        )
        await self.scheduler.start()
        log.info("leading: this process runs the scheduler and sends the outbox")

    async def step_down(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()
            self.scheduler = None
        if self._sending is not None:
            self._sending.cancel()
            with suppress(asyncio.CancelledError):
                await self._sending
            self._sending = None

    def news(self, what: str) -> None:
        """A handler opened a campaign (SCHEDULE) or queued a message (OUTBOX): act on it
        now if this process leads, else tell the leader."""
        if self.scheduler is None:
            self.tell_leader(what)
        elif what == SCHEDULE:
            self.scheduler.changed()
        else:
            self.sender.wake()

    async def poll(self, handle_signals: bool = True) -> None:
        logging.getLogger("aiogram.dispatcher").addFilter(ConnectionStateLog())
        await self.bot.delete_webhook()  # a webhook left by `pingyi webhook` blocks getUpdates
        await self.dispatcher.start_polling(
            self.bot,
            polling_timeout=self.settings.polling_timeout,
            handle_signals=handle_signals,
            close_bot_session=False,
        )

    async def close(self) -> None:
        await self.step_down()
        await self.bot.session.close()
        await self.bulk_bot.session.close()
        if self.presses is not None:
            await self.presses.close()
        if self.scrubber is not None:
            await self.scrubber.close()
        await self.engine.dispose()


async def run_polling(application: Application, handle_signals: bool = True) -> None:
    """``pingyi run``: lead, listen for the command line's news, poll until stopped."""
    settings = application.settings
    listening = None
    try:
        await application.start()
        await application.lead()
        if not is_sqlite(settings.database_url):  # SQLite: the scheduler looks every 5 s
            from bot.leadership import listen  # asyncpg, on PostgreSQL only

            listening = await listen(settings.database_url, application.news)
        runtime.tune()
        await application.poll(handle_signals)
    finally:
        if listening is not None:
            listening.terminate()
        await application.close()
