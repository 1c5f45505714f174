"""pingyi's dispatcher fed updates in process, its Bot API calls answered and recorded by the
Bot API fake through its in-process face (fake_telegram/session.py).

For matrices of handler cases (forged buttons, odd text, fuzzing) that need no process of
their own, and for the in-process benchmarks. Each Bot API call is serialized as for a real
request, answered as Telegram would, and the answer parsed back: only the wire is missing.
"""

from __future__ import annotations

import itertools
import json
import time
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.app import build_dispatcher
from bot.sending import FitMessages
from deployment.clock import Clock
from deployment.settings import Settings
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.pseudonyms import Pseudonyms
from evaluation.roster import RosterData, import_roster
from fake_telegram import Call, FakeTelegram
from fake_telegram.model import private_chat
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import Campaign
from storage.presses import open_presses
from support.sample import MEMBERS, ORG, TOKEN


class OfflineBot:
    """pingyi's dispatcher on a migrated database, with a Bot on the fake's in-process face.
    ``fake``: the chats of an earlier OfflineBot, for a restart that keeps them."""

    def __init__(
        self,
        url: str,
        secret: bytes = b"offline",
        admin_ids: tuple[int, ...] = (),
        fake: FakeTelegram | None = None,
    ):
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.pseudonyms = Pseudonyms(secret)
        settings = Settings(bot_token=TOKEN, database_url=url, admin_ids=list(admin_ids))
        self.presses = open_presses(url)
        self.dispatcher = build_dispatcher(
            self.sessionmaker, self.pseudonyms, settings, Clock(), presses=self.presses
        )
        self.fake = fake or FakeTelegram(TOKEN)
        self.session = self.fake.session()
        self.session.middleware(FitMessages())  # as make_bot does
        self.bot = Bot(TOKEN, session=self.session)
        self._update_ids = itertools.count(1)

    async def start(self) -> OfflineBot:
        await upgrade(self.engine)
        return self

    async def open_campaign(self) -> Campaign:
        """The 9-member branch of support/sample.py and an open 2026Q4 campaign on it that
        does not ask the respondent's category."""
        now = datetime.now(UTC)
        async with self.sessionmaker() as session:
            await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, MEMBERS), now)
            organization = await find_organization(session, ORG)
            request = CampaignRequest(organization.id, "2026Q4", ask_category=False)
            return await start_campaign(session, OPERATOR, request, now.date(), now)

    async def begin(self, user: OfflineUser, token: str) -> None:
        """``user`` opens the campaign's link and presses 开始评议."""
        await self.feed(user.message(f"/start {token}"))
        user.last_message()
        await self.feed(user.press(user.button("开始评议")))

    def fail_sends(self, count: int = 1) -> None:
        """The next ``count`` messages the bot sends are answered 500, as a Telegram hiccup."""
        self.fake.fail_next(count, code=500, method="sendMessage")

    async def feed(self, update: dict[str, Any]) -> list[Call]:
        """Handle one update; the Bot API calls it made."""
        before = len(self.fake.calls)
        update = {**update, "update_id": next(self._update_ids)}
        parsed = Update.model_validate(update, context={"bot": self.bot})
        await self.dispatcher.feed_update(self.bot, parsed)
        return self.fake.calls[before:]

    async def close(self) -> None:
        release_routers(self.dispatcher)
        if self.presses is not None:
            await self.presses.close()
        await self.engine.dispose()


def release_routers(dispatcher: Dispatcher) -> None:
    """aiogram attaches each (module-level) router to one parent for good: detach the
    dispatcher's own so the next dispatcher in this process can include them again. The routers
    below them (the organizer router's modules) stay where their package put them."""
    for child in dispatcher.sub_routers:
        child._parent_router = None
    dispatcher.sub_routers.clear()


class OfflineUser:
    """Someone writing to the bot in a private chat, as updates."""

    def __init__(self, user_id: int, fake: FakeTelegram, language: str = "zh-hans"):
        self.person = fake.person(user_id, language_code=language)
        self.fake = fake
        self.message_id = 0  # the message their buttons are on

    @property
    def id(self) -> int:
        return self.person.id

    @property
    def screen(self) -> dict[str, Any]:
        return self.person.chat.messages[self.message_id]

    def last_message(self) -> None:
        """Their buttons are on the newest message the bot sent them."""
        self.message_id = max(self.person.chat.messages)

    def button(self, fragment: str) -> str:
        for row in self.screen["reply_markup"]["inline_keyboard"]:
            for button in row:
                if fragment in button.get("callback_data", "") or fragment == button["text"]:
                    return button["callback_data"]
        raise AssertionError(f"no {fragment!r} button on {self.screen['text'][:50]!r}")

    def message(self, text: str) -> dict[str, Any]:
        self.person.chat.started = True
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {
            "message": {
                "message_id": next(self.fake._message_ids),
                "date": int(time.time()),
                "chat": private_chat(self.person.chat.user),
                "from": self.person.chat.user,
                **content,
            }
        }

    def press(self, data: str) -> dict[str, Any]:
        query_id = f"{self.id}-{next(self.fake._callback_ids)}"
        self.fake.callback_answers[query_id] = None  # a press Telegram has not answered yet
        return {
            "callback_query": {
                "id": query_id,
                "from": self.person.chat.user,
                "message": json.loads(json.dumps(self.screen)),
                "chat_instance": "offline",
                "data": data,
            }
        }
