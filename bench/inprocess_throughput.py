"""Ballot throughput in process: updates fed straight to pingyi's dispatcher, no network.

The dispatcher is the one ``pingyi run`` builds (middlewares, routers, the DB session per
update) on a fresh database. Its Bot is on the Bot API fake's in-process face, which does no
network I/O: each Bot API call is serialized as for a real request, answered by the fake as
Telegram would, and that answer parsed back, and the loop runs once while it "waits" for
the reply, so only the wire is missing. Simulated respondents open the link, press 开始评议
and answer every question, the next press waiting for the previous one.
Prints answers/s and the p50/p99 latency of one answer (feed_update to its return), and the
same for bench/bare_bot.py's dispatcher (no database, no logic): aiogram's own ceiling here.
Run: python bench/inprocess_throughput.py [--respondents 200] [--runs 3] [--databases sqlite]
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Bot
from aiogram.types import Update

from bench.common import fresh_database, throughput_arguments
from bot import runtime
from bot.app import build_dispatcher
from deployment.clock import Clock
from deployment.settings import Settings
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.pseudonyms import Pseudonyms
from evaluation.roster import RosterData, import_roster
from fake_telegram import FakeTelegram
from fake_telegram.session import FakeSession
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.presses import open_presses
from support.offline import OfflineUser
from support.sample import MEMBERS, ORG, TOKEN
from support.script import QUESTIONS

BARE = "bare"


class WireSession(FakeSession):
    """The fake's in-process face, but each call lets the loop run once, as waiting for a
    reply over the network does: the respondents take turns as they would with a real Bot
    API. Without it a handler that never waits on anything else keeps the loop until its
    ballot is done."""

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        await asyncio.sleep(0)
        return await super().make_request(bot, method, timeout)


async def one_run(url: str, respondents: int) -> tuple[float, list[float]]:
    """``url`` "bare": bench/bare_bot.py's dispatcher instead of pingyi's."""
    engine = presses = None
    if url == BARE:
        from bench.bare_bot import dispatcher

        token = "bare"
    else:
        engine = make_engine(url)
        await upgrade(engine)
        sessionmaker = make_sessionmaker(engine)
        now = datetime.now(UTC)
        async with sessionmaker() as session:
            await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, MEMBERS), now)
            organization = await find_organization(session, ORG)
            request = CampaignRequest(organization.id, "2026Q4", ask_category=False)
            token = (await start_campaign(session, OPERATOR, request, now.date(), now)).token
        settings = Settings(bot_token=TOKEN, database_url=url)
        presses = open_presses(url)  # as pingyi run has it
        dispatcher = build_dispatcher(
            sessionmaker, Pseudonyms(b"bench"), settings, Clock(), presses=presses
        )
    fake = FakeTelegram(TOKEN)
    bot = Bot(TOKEN, session=WireSession(fake))
    runtime.tune()  # as pingyi run does once it has started
    update_ids = itertools.count(1)

    async def feed(update: dict[str, Any]) -> None:
        update["update_id"] = next(update_ids)
        await dispatcher.feed_update(bot, Update.model_validate(update, context={"bot": bot}))

    latencies: list[float] = []

    async def respond(person: OfflineUser) -> None:
        await feed(person.message(f"/start {token}"))
        person.last_message()
        await feed(person.press(person.button(":go:")))
        for q in range(QUESTIONS):
            update = person.press(person.button(f":ans:{(person.id + q) % 3}"))
            started = time.perf_counter()
            await feed(update)
            latencies.append(time.perf_counter() - started)
            if q < QUESTIONS - 1 and engine is not None:
                assert f"第 {q + 2}/" in person.screen["text"], person.screen["text"][:40]

    people = [OfflineUser(10_000 + n, fake) for n in range(respondents)]
    started = time.perf_counter()
    await asyncio.gather(*(respond(person) for person in people))
    elapsed = time.perf_counter() - started
    if engine is not None:
        await presses.close()
        await engine.dispose()
    return len(latencies) / elapsed, latencies


async def main() -> None:
    args = throughput_arguments(__doc__.splitlines()[0], "sqlite")
    print(f"{args.respondents} respondents x {QUESTIONS} answers, {args.runs} runs")
    for database in [*args.databases.split(","), BARE]:
        rates, all_latencies = [], []
        for _ in range(args.runs):
            url = BARE if database == BARE else (await fresh_database(database))[0]
            # Its own process each time: aiogram attaches the routers to one dispatcher only.
            done = subprocess.run(
                [sys.executable, __file__, "--one", url, str(args.respondents)],
                check=True,
                capture_output=True,
                text=True,
            )
            rate, latencies = json.loads(done.stdout.splitlines()[-1])
            rates.append(rate)
            all_latencies.extend(latencies)
        cuts = statistics.quantiles(all_latencies, n=100)
        print(
            f"{database:10s} median {statistics.median(rates):7.1f} answers/s "
            f"(runs: {', '.join(f'{r:.0f}' for r in rates)}); latency per answer "
            f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(asyncio.run(one_run(sys.argv[2], int(sys.argv[3])))))
    else:
        asyncio.run(main())
