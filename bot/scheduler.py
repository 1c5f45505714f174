"""When scheduled work runs: APScheduler 3.11 AsyncIOScheduler with its in-memory job store.

Nothing about the schedule is stored by APScheduler. At start, and after every run, the next
moment anything falls due is computed from the project's own tables (cycles, open campaigns,
cycle_events) and one job is set for it; what fell due while the bot was down runs once at
start. The command line's changes are seen at once on PostgreSQL (it NOTIFYs: bot/news.py), and
within ``LOOK_SECONDS`` on SQLite, where a cheap row of marks is compared; a minute's refresh
catches anything else. ``quarterly.run_due`` is idempotent on its own, so a duplicate firing
changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import OutboxSender
from deployment.clock import Clock
from evaluation import quarterly
from evaluation.cycle import CycleRules
from evaluation.pseudonyms import Pseudonyms
from storage import outbox as outbox_repo

log = logging.getLogger(__name__)
REFRESH_SECONDS = 60
LOOK_SECONDS = 5  # SQLite: how soon the command line's changes are seen


class CycleScheduler:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        rules: CycleRules,
        pseudonyms: Pseudonyms,
        clock: Clock,
        sender: OutboxSender,
        look_for_changes: bool = False,
    ) -> None:
        self.look_for_changes = look_for_changes
        self._marks: tuple | None = None
        self.sessionmaker = sessionmaker
        self.rules = rules
        self.pseudonyms = pseudonyms
        self.clock = clock
        self.sender = sender
        self.scheduler = AsyncIOScheduler(
            timezone=rules.timezone,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        self.scheduler.start()
        if self.look_for_changes:
            await self.look()  # the marks the catch-up below starts from
        await self.run()  # catch up: whatever fell due while the bot was down, once
        self.scheduler.add_job(
            self.run, IntervalTrigger(seconds=REFRESH_SECONDS), id="refresh", replace_existing=True
        )
        if self.look_for_changes:
            self.scheduler.add_job(
                self.look, IntervalTrigger(seconds=LOOK_SECONDS), id="look", replace_existing=True
            )

    def shutdown(self) -> None:
        self.scheduler.shutdown(wait=False)

    async def look(self) -> None:
        """SQLite: whether the command line opened or closed a campaign, switched a cycle or
        queued a message since the last look; if so, act on it now."""
        try:
            async with self.sessionmaker() as session:
                marks = await outbox_repo.change_marks(session)
        except Exception:
            log.exception("looking for changes failed; the minute's refresh still runs")
            return
        before, self._marks = self._marks, marks
        if before is None or marks == before:
            return
        self.sender.wake()
        if marks[:-1] != before[:-1]:  # more than the outbox
            await self.run()

    def changed(self) -> None:
        """A cycle was turned on or a campaign opened in the chat: look again now."""
        self.scheduler.add_job(self.run, id="changed", replace_existing=True)

    async def run(self) -> None:
        async with self._lock:
            try:
                async with self.sessionmaker() as session:
                    report = await quarterly.run_due(
                        session, self.rules, self.pseudonyms, self.clock.now()
                    )
                    upcoming = await quarterly.next_due(session, self.rules, self.clock.now())
            except Exception:
                log.exception("scheduled work failed; it is tried again at the next refresh")
                return
            summary = quarterly.describe(report)
            if summary:
                log.info("scheduled work: %s", summary)
                self.sender.wake()
            self._plan(upcoming)

    def _plan(self, upcoming: datetime | None) -> None:
        if upcoming is None:
            if self.scheduler.get_job("due"):
                self.scheduler.remove_job("due")
            return
        # Never sooner than a second from now: something due "now" was just handled.
        earliest = datetime.now(UTC) + timedelta(seconds=1)
        run_date = max(self.clock.wall(upcoming), earliest)
        self.scheduler.add_job(
            self.run, DateTrigger(run_date=run_date), id="due", replace_existing=True
        )
