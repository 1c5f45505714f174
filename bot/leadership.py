"""Which process leads: runs the scheduler and drains the outbox, one at a time.

On PostgreSQL the leader is the holder of a session advisory lock, taken on a connection of
its own. The other workers try for it every ``interval`` seconds; PostgreSQL releases it when
the holder's connection ends (a killed worker's socket closes), so a survivor takes over within
about that interval and its sender first puts back what the dead leader had in flight. The
leader LISTENs on a channel; the others NOTIFY it when a handler queued a message or opened a
campaign, so nothing waits for the leader's next look. On SQLite there is one process: it leads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg
from sqlalchemy import make_url

from deployment.news import CHANNEL
from storage.db import is_sqlite

log = logging.getLogger(__name__)
LOCK_KEY = 0x70696E677969  # "pingyi"
INTERVAL = 2.0  # seconds between tries for the lock, and between checks of the held one
DATABASE_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class Leadership:
    def __init__(
        self,
        database_url: str,
        lead: Callable[[], Awaitable[None]],
        step_down: Callable[[], Awaitable[None]],
        on_news: Callable[[str], None],
        interval: float = INTERVAL,
    ) -> None:
        self.database_url = database_url
        self.lead, self.step_down, self.on_news = lead, step_down, on_news
        self.interval = interval
        self.leading = False
        self._connection: asyncpg.Connection | None = None
        self._use = asyncio.Lock()  # one query at a time on the connection
        self._telling: set[asyncio.Task] = set()

    async def run(self) -> None:
        if is_sqlite(self.database_url):
            self.leading = True
            await self.lead()
            return
        url = make_url(self.database_url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        try:
            while True:
                try:
                    self._connection = await asyncpg.connect(dsn, timeout=10)
                    await self._hold()
                except DATABASE_ERRORS as error:
                    log.warning("leadership: lost the database (%s); trying again", error)
                finally:
                    await self._let_go()
                await asyncio.sleep(self.interval)
        finally:
            await self._let_go()

    async def _hold(self) -> None:
        connection = self._connection
        while True:
            async with self._use:
                if await connection.fetchval("SELECT pg_try_advisory_lock($1)", LOCK_KEY):
                    break
            await asyncio.sleep(self.interval)
        await connection.add_listener(CHANNEL, self._heard)
        self.leading = True
        await self.lead()
        while True:  # the lock lives as long as this connection: watch it
            await asyncio.sleep(self.interval)
            async with self._use:
                await connection.fetchval("SELECT 1", timeout=self.interval * 3)

    async def _let_go(self) -> None:
        if self.leading:
            self.leading = False
            log.info("leadership: stepping down")
            await self.step_down()
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            connection.terminate()  # ends the session: PostgreSQL frees the lock at once

    def _heard(self, _connection, _pid, _channel, payload: str) -> None:
        self.on_news(payload)

    def tell(self, news: str) -> None:
        """NOTIFY the leader. While this process is becoming the leader, or without a
        connection, the news waits for the leader's own look (its start-up catch-up, the
        sender's idle wait, the scheduler's minute refresh)."""
        if not self.leading and self._connection is not None:
            task = asyncio.create_task(self._notify(self._connection, news))
            self._telling.add(task)
            task.add_done_callback(self._telling.discard)

    async def _notify(self, connection: asyncpg.Connection, news: str) -> None:
        try:
            async with self._use:
                await connection.execute("SELECT pg_notify($1, $2)", CHANNEL, news)
        except DATABASE_ERRORS as error:
            log.warning("leadership: could not tell the leader (%s)", error)


async def listen(database_url: str, on_news: Callable[[str], None]) -> asyncpg.Connection | None:
    """``pingyi run`` on PostgreSQL leads alone and holds no lock, but listens all the same:
    the command line announces what it changed (``pingyi campaign start``: invitations go out
    now). None if it cannot connect."""
    url = make_url(database_url).set(drivername="postgresql")
    try:
        connection = await asyncpg.connect(url.render_as_string(hide_password=False), timeout=10)
        await connection.add_listener(
            CHANNEL, lambda _connection, _pid, _channel, payload: on_news(payload)
        )
    except DATABASE_ERRORS as error:
        log.warning("news: cannot listen (%s); the minute's refresh picks changes up", error)
        return None
    return connection
