"""``pingyi webhook``: Telegram POSTs each update to us (aiohttp) instead of being polled.

A request without the secret token (``X-Telegram-Bot-Api-Secret-Token``, derived from
PINGYI_SECRET) is refused. Each update is claimed in ``processed_updates`` and handled, and
only once the handler's work and the claim are committed is it answered 200; a failure answers
500 and Telegram delivers it again. A repeated ``update_id`` finds its claim and is answered
200 without being handled. On PostgreSQL the claim stays uncommitted while the update is
handled, so a second delivery racing the first (another worker) waits for it, and one whose
worker died is handled by the next delivery. Several workers share one PostgreSQL; the leader
among them runs the scheduler and the outbox (bot/leadership.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import signal
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from aiogram.types import Update
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import runtime
from bot.app import Application
from bot.leadership import Leadership
from deployment.settings import Settings
from storage import updates as update_repo
from storage.db import is_sqlite, make_engine, make_sessionmaker

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
KEEP_PROCESSED = timedelta(hours=25)  # Telegram gives up redelivering after 24 hours
EXPIRY_INTERVAL = 600.0
MAX_CONNECTIONS = 40  # Telegram's default: updates it sends at once


def webhook_secret(secret: bytes) -> str:
    """The secret token Telegram sends back with each update (64 characters of [0-9a-f])."""
    return hmac.new(secret, b"telegram-webhook", hashlib.sha256).hexdigest()


def parse_listen(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"--listen 应写作 HOST:PORT，收到「{listen}」")
    return host.strip("[]"), int(port)


class UpdateClaims:
    """Each update handled once, however often and wherever it is delivered."""

    def __init__(self, database_url: str, sessionmaker: async_sessionmaker[AsyncSession]):
        self.sqlite = is_sqlite(database_url)
        self._engine = None
        self._sessionmaker = sessionmaker
        if not self.sqlite:
            # Claims hold a connection while their update is handled, so they get a pool of
            # their own; sharing the handlers' pool could leave handlers none.
            self._engine = make_engine(database_url, pool_size=MAX_CONNECTIONS)
            self._sessionmaker = make_sessionmaker(self._engine)
        self._in_flight: set[int] = set()  # SQLite, one process: updates being handled

    @contextlib.asynccontextmanager
    async def claim(self, update_id: int, now: datetime) -> AsyncIterator[bool]:
        """Yields whether to handle the update; the claim is committed after the body."""
        if self.sqlite:
            # SQLite has one writer: an open claim would block the handler's own writes. The
            # claim is written after the handler instead; a crash in between means the
            # redelivered update is handled again, which the ballot's steps make harmless.
            if update_id in self._in_flight:
                yield False
                return
            self._in_flight.add(update_id)  # before the first await: a racing copy sees it
            try:
                if await self._seen(update_id):
                    yield False
                    return
                yield True
                async with self._sessionmaker() as session:
                    await update_repo.claim_update(session, update_id, now)
                    await session.commit()
            finally:
                self._in_flight.discard(update_id)
            return
        async with self._sessionmaker() as session, session.begin():
            yield await update_repo.claim_update(session, update_id, now)

    async def _seen(self, update_id: int) -> bool:
        async with self._sessionmaker() as session:
            return await update_repo.update_claimed(session, update_id)

    async def forget_old(self, now: datetime) -> int:
        async with self._sessionmaker() as session:
            forgotten = await update_repo.forget_updates(session, now - KEEP_PROCESSED)
            await session.commit()
        return forgotten

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()


async def serve(settings: Settings, listen: str, public_url: str, reuse_port: bool = False):
    """Run one webhook worker until SIGTERM or SIGINT."""
    host, port = parse_listen(listen)
    application = Application(settings)
    runner: web.AppRunner | None = None
    claims: UpdateClaims | None = None
    background: list[asyncio.Task] = []
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await application.start()
        claims = UpdateClaims(settings.database_url, application.sessionmaker)
        token = webhook_secret(application.secret)
        receive = _receiver(application, claims, token)
        web_app = web.Application(client_max_size=1024 * 1024)
        web_app.router.add_post(urlsplit(public_url).path or "/", receive)
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port, reuse_port=reuse_port or None).start()
        leadership = Leadership(
            settings.database_url, application.lead, application.step_down, application.news
        )
        application.tell_leader = leadership.tell
        background.append(asyncio.create_task(leadership.run()))
        background.append(asyncio.create_task(_expire(claims, application)))
        # Every worker registers the same URL: harmless, and no worker depends on another.
        await application.bot.set_webhook(
            public_url,
            secret_token=token,
            allowed_updates=application.dispatcher.resolve_used_update_types(),
            max_connections=MAX_CONNECTIONS,
        )
        # Logged once Telegram knows the URL: from here on updates can arrive.
        log.info("webhook: listening on %s:%s", host, port)
        runtime.tune()
        await stop.wait()
    finally:
        for task in background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if runner is not None:
            await runner.cleanup()  # waits for the requests being handled
        if claims is not None:
            await claims.close()
        await application.close()


def _receiver(application: Application, claims: UpdateClaims, token: str):
    bot, dispatcher, clock = application.bot, application.dispatcher, application.clock

    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), token):
            return web.Response(status=401)
        try:
            update = Update.model_validate(await request.json(), context={"bot": bot})
        except ValueError:  # pydantic's ValidationError is one
            return web.Response(status=400)
        try:
            async with claims.claim(update.update_id, clock.now()) as fresh:
                if fresh:
                    await dispatcher.feed_update(bot, update)
        except Exception:
            log.exception("update %s failed; Telegram delivers it again", update.update_id)
            return web.Response(status=500)
        return web.Response()

    return receive


async def _expire(claims: UpdateClaims, application: Application) -> None:
    while True:
        try:
            await claims.forget_old(application.clock.now())
        except Exception:
            log.exception("webhook: could not forget old update ids; trying again later")
        await asyncio.sleep(EXPIRY_INTERVAL)


def supervise(command: list[str], workers: int) -> int:
    """Run ``workers`` copies of ``command`` sharing one port; restart one that dies, stop
    them all on SIGTERM or SIGINT."""
    import signal
    import subprocess
    import time

    log = logging.getLogger("pingyi.workers")
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children = [subprocess.Popen(command) for _ in range(workers)]
    log.info("webhook: %d workers: %s", workers, " ".join(str(c.pid) for c in children))
    while not stopping:
        time.sleep(0.5)
        for index, child in enumerate(children):
            if child.poll() is not None and not stopping:
                log.warning("worker %d exited (%s); starting another", child.pid, child.returncode)
                children[index] = subprocess.Popen(command)
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0
