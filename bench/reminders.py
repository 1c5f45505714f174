"""One reminder round to many people through the real outbox sender and the Bot API fake.

The fake enforces Telegram's limits (30 messages a second overall, one a second per chat)
and answers 429 past them; the sender is configured at its default 25 messages a second.
Prints the achieved rate as a ratio of the configured one, the 429s, and the messages lost
and duplicated. Run: python bench/reminders.py [--recipients 10000] [--rate 25]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.sender import OutboxSender
from evaluation import quarterly
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.cycle import CycleRules
from evaluation.pseudonyms import Pseudonyms
from evaluation.roster import RosterData, import_roster
from fake_telegram import FakeTelegram
from storage import outbox as outbox_repo
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import BallotStart
from support.sample import TOKEN

OPENED = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)
DEADLINE = date(2027, 3, 13)
FIRST_USER = 1_000_000


async def main(recipients: int, rate: float) -> None:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    fake.flood_limits(per_second=30, per_chat=1.0)
    users = range(FIRST_USER, FIRST_USER + recipients)
    fake.started_users(users)
    folder = tempfile.mkdtemp(prefix="pingyi-bench-")
    engine = make_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
    await upgrade(engine)
    sessionmaker = make_sessionmaker(engine)
    pseudonyms = Pseudonyms(b"bench")
    rules = CycleRules()
    round_moment = rules.rounds(DEADLINE)[0].moment
    async with sessionmaker() as session:
        roster = RosterData("基准党支部", "机关", None, [("党员甲", None)])
        await import_roster(session, OPERATOR, roster, OPENED)
        organization = await find_organization(session, "基准党支部")
        request = CampaignRequest(organization.id, "2027Q1", deadline=DEADLINE)
        campaign = await start_campaign(session, OPERATOR, request, DEADLINE, OPENED)
        # Everyone began the ballot and stopped: all are due a reminder in this round.
        session.add_all(
            BallotStart(
                campaign_id=campaign.id, person=pseudonyms.person(u), contact=pseudonyms.seal(u)
            )
            for u in users
        )
        await session.commit()
        report = await quarterly.run_due(session, rules, pseudonyms, round_moment)
    print(f"queued {report.reminded} reminders for {recipients} recipients")

    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    clock_offset = round_moment - datetime.now(UTC)
    sender = OutboxSender(
        bot,
        fake.username,
        sessionmaker,
        pseudonyms,
        lambda: datetime.now(UTC) + clock_offset,
        lambda: (datetime.now(UTC) + clock_offset).date(),
        rate,
        1.05,
    )
    started = time.perf_counter()
    task = asyncio.create_task(sender.run())
    while True:
        await asyncio.sleep(1)
        async with sessionmaker() as session:
            states = await outbox_repo.outbox_states(session, "remind:")
        if states.get("pending", 0) + states.get("sending", 0) == 0:
            break
    elapsed = time.perf_counter() - started
    task.cancel()
    await bot.session.close()
    await engine.dispose()
    await fake.stop()

    sends = [c for c in fake.calls if c.method == "sendMessage" and c.status == 200]
    per_chat = Counter(int(c.params["chat_id"]) for c in sends)
    lost = sum(1 for u in users if per_chat[u] == 0)
    duplicated = sum(n - 1 for n in per_chat.values() if n > 1)
    # The rate between the first and the last delivery, as the fake saw them.
    span = sends[-1].at - sends[0].at
    achieved = (len(sends) - 1) / span
    print(f"outbox states: {states}")
    print(f"delivered {len(sends)} in {span:.1f} s ({elapsed:.1f} s with start and drain)")
    print(f"achieved rate: {achieved:.2f} messages/s")
    print(f"achieved / configured rate: {achieved / rate:.3f} (configured {rate:g}/s)")
    print(f"429 answered by the fake: {fake.floods}")
    print(f"lost: {lost}  duplicated: {duplicated}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.recipients, arguments.rate))
