"""Ballot throughput in process: updates fed straight to pingyi's dispatcher, no network.

The dispatcher is the one ``pingyi run`` builds (middlewares, routers, the DB session per
update) on a fresh database. Its Bot has a session that does no network I/O: each Bot API
call is serialized as for a real request, answered with what Telegram would return, and
that answer parsed back, so only the wire is missing. Simulated respondents open the link,
press 开始评议 and answer every question, the next press waiting for the previous one.
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
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import Update

from bench.common import fresh_database, throughput_arguments
from bot import runtime
from bot.app import build_dispatcher
from bot.clock import Clock
from bot.settings import Settings
from evaluation.ballots import Pseudonyms
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.roster import RosterData, import_roster
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from tests.conftest import MEMBERS, ORG, TOKEN
from tests.e2e.script import QUESTIONS

BARE = "bare"
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "评议机器人"}


class OfflineSession(BaseSession):
    """Answers Bot API calls in memory, the way Telegram would; keeps each chat's messages."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.calls = 0
        self._ids = itertools.count(1)

    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None):
        self.calls += 1
        params = {
            key: self.prepare_value(value, bot=bot, files={})
            for key, value in method.model_dump(warnings=False).items()
        }
        result: Any = True
        name = method.__api_method__
        if name in ("sendMessage", "editMessageText"):
            chat_id = int(params["chat_id"])
            message_id = int(params.get("message_id") or next(self._ids))
            result = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
            if params.get("reply_markup"):
                result["reply_markup"] = json.loads(params["reply_markup"])
            self.messages[(chat_id, message_id)] = result
        elif name == "getMe":
            result = {**BOT_USER, "username": "pingyi_bench_bot"}
        body = json.dumps({"ok": True, "result": result})
        return self.check_response(bot=bot, method=method, status_code=200, content=body).result

    async def close(self) -> None:
        pass

    async def stream_content(self, *args, **kwargs):
        raise NotImplementedError
        yield b""


class Respondent:
    def __init__(self, user_id: int, session: OfflineSession) -> None:
        self.user = {"id": user_id, "is_bot": False, "first_name": "测试"}
        self.chat = {"id": user_id, "type": "private", "first_name": "测试"}
        self.session = session
        self.message_id = 0

    @property
    def screen(self) -> dict[str, Any]:
        return self.session.messages[(self.user["id"], self.message_id)]

    def button(self, fragment: str) -> str:
        for row in self.screen["reply_markup"]["inline_keyboard"]:
            for button in row:
                if fragment in button.get("callback_data", ""):
                    return button["callback_data"]
        raise AssertionError(f"no {fragment!r} button on {self.screen['text'][:50]!r}")

    def message(self, text: str) -> dict[str, Any]:
        command = {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
        return {
            "message": {
                "message_id": next(self.session._ids),
                "date": int(time.time()),
                "chat": self.chat,
                "from": self.user,
                "text": text,
                "entities": [command],
            }
        }

    def press(self, data: str) -> dict[str, Any]:
        return {
            "callback_query": {
                "id": f"{self.user['id']}-{time.perf_counter_ns()}",
                "from": self.user,
                "message": self.screen,
                "chat_instance": "bench",
                "data": data,
            }
        }


async def one_run(url: str, respondents: int) -> tuple[float, list[float]]:
    """``url`` "bare": bench/bare_bot.py's dispatcher instead of pingyi's."""
    engine = None
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
        dispatcher = build_dispatcher(sessionmaker, Pseudonyms(b"bench"), settings, Clock())
    offline = OfflineSession()
    bot = Bot(TOKEN, session=offline)
    runtime.tune()  # as pingyi run does once it has started
    update_ids = itertools.count(1)

    async def feed(update: dict[str, Any]) -> None:
        update["update_id"] = next(update_ids)
        await dispatcher.feed_update(bot, Update.model_validate(update, context={"bot": bot}))

    latencies: list[float] = []

    async def respond(person: Respondent) -> None:
        await feed(person.message(f"/start {token}"))
        person.message_id = max(k[1] for k in offline.messages if k[0] == person.user["id"])
        await feed(person.press(person.button(":go:")))
        for q in range(QUESTIONS):
            update = person.press(person.button(f":ans:{(person.user['id'] + q) % 3}"))
            started = time.perf_counter()
            await feed(update)
            latencies.append(time.perf_counter() - started)
            if q < QUESTIONS - 1 and engine is not None:
                assert f"第 {q + 2}/" in person.screen["text"], person.screen["text"][:40]

    people = [Respondent(10_000 + n, offline) for n in range(respondents)]
    started = time.perf_counter()
    await asyncio.gather(*(respond(person) for person in people))
    elapsed = time.perf_counter() - started
    if engine is not None:
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
