"""pingyi's dispatcher fed updates in process, its Bot API calls answered and recorded offline.

For matrices of handler cases (forged buttons, odd text, fuzzing) that need no process of
their own, and for the in-process benchmarks. Each Bot API call is serialized as for a real
request, answered as Telegram would, and the answer parsed back: only the wire is missing.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import Update

from bot.app import build_dispatcher
from bot.sending import MESSAGE_LIMIT, FitMessages
from deployment.clock import Clock
from deployment.settings import Settings
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.pseudonyms import Pseudonyms
from evaluation.roster import RosterData, import_roster
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import Campaign
from storage.presses import open_presses
from tests.conftest import MEMBERS, ORG, TOKEN

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "评议机器人"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, Any] = field(default_factory=dict)  # uploads, by their attach:// name


class OfflineSession(BaseSession):
    """Answers Bot API calls in memory, the way Telegram would; keeps each chat's messages
    and, if ``record``, every call."""

    def __init__(self, record: bool = False) -> None:
        super().__init__()
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.calls = 0
        self.recorded: list[Call] | None = [] if record else None
        self.failing = 0  # the next this many sends are answered 500, as a Telegram hiccup
        self._ids = itertools.count(1)

    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None):
        self.calls += 1
        files: dict[str, Any] = {}
        params = {
            key: self.prepare_value(value, bot=bot, files=files)
            for key, value in method.model_dump(warnings=False).items()
        }
        name = method.__api_method__
        if self.recorded is not None:
            self.recorded.append(Call(name, params, files))
        result: Any = True
        if self.failing and name.startswith("send"):
            self.failing -= 1
            body = json.dumps({"ok": False, "error_code": 500, "description": "Internal Error"})
            return self.check_response(bot=bot, method=method, status_code=500, content=body)
        if len(str(params.get("text", "")).encode("utf-16-le")) > 2 * MESSAGE_LIMIT:
            # as strict as Telegram: what bot/sending.py's FitMessages must prevent
            body = json.dumps({"ok": False, "error_code": 400, "description": "MESSAGE_TOO_LONG"})
            return self.check_response(bot=bot, method=method, status_code=400, content=body)
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
        elif name == "editMessageReplyMarkup":
            result = self.messages[(int(params["chat_id"]), int(params["message_id"]))]
            result.pop("reply_markup", None)
            if params.get("reply_markup"):
                result["reply_markup"] = json.loads(params["reply_markup"])
        elif name in ("sendDocument", "sendPhoto"):
            file = {"file_id": "offline", "file_unique_id": "offline"}
            photo = {**file, "width": 800, "height": 600}
            result = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                **({"document": file} if name == "sendDocument" else {"photo": [photo]}),
            }
        elif name == "getMe":
            result = {**BOT_USER, "username": "pingyi_offline_bot"}
        body = json.dumps({"ok": True, "result": result})
        return self.check_response(bot=bot, method=method, status_code=200, content=body).result

    async def close(self) -> None:
        pass

    async def stream_content(self, *args, **kwargs):
        raise NotImplementedError
        yield b""


class OfflineBot:
    """pingyi's dispatcher on a migrated database, with a Bot whose session is offline."""

    def __init__(self, url: str, secret: bytes = b"offline", admin_ids: tuple[int, ...] = ()):
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.pseudonyms = Pseudonyms(secret)
        settings = Settings(bot_token=TOKEN, database_url=url, admin_ids=list(admin_ids))
        self.presses = open_presses(url)
        self.dispatcher = build_dispatcher(
            self.sessionmaker, self.pseudonyms, settings, Clock(), presses=self.presses
        )
        self.session = OfflineSession(record=True)
        self.session.middleware(FitMessages())  # as make_bot does
        self.bot = Bot(TOKEN, session=self.session)
        self._update_ids = itertools.count(1)

    async def start(self) -> OfflineBot:
        await upgrade(self.engine)
        return self

    async def open_campaign(self) -> Campaign:
        """The 9-member branch of tests/conftest.py and an open 2026Q4 campaign on it that
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

    async def feed(self, update: dict[str, Any]) -> list[Call]:
        """Handle one update; the Bot API calls it made."""
        before = len(self.session.recorded)
        update = {**update, "update_id": next(self._update_ids)}
        parsed = Update.model_validate(update, context={"bot": self.bot})
        await self.dispatcher.feed_update(self.bot, parsed)
        return self.session.recorded[before:]

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

    def __init__(self, user_id: int, session: OfflineSession, language: str = "zh-hans"):
        self.user = {
            "id": user_id,
            "is_bot": False,
            "first_name": "测试",
            "language_code": language,
        }
        self.chat = {"id": user_id, "type": "private", "first_name": "测试"}
        self.session = session
        self.message_id = 0  # the message their buttons are on

    @property
    def id(self) -> int:
        return self.user["id"]

    @property
    def screen(self) -> dict[str, Any]:
        return self.session.messages[(self.id, self.message_id)]

    def last_message(self) -> None:
        """Their buttons are on the newest message the bot sent them."""
        self.message_id = max(k[1] for k in self.session.messages if k[0] == self.id)

    def button(self, fragment: str) -> str:
        for row in self.screen["reply_markup"]["inline_keyboard"]:
            for button in row:
                if fragment in button.get("callback_data", "") or fragment == button["text"]:
                    return button["callback_data"]
        raise AssertionError(f"no {fragment!r} button on {self.screen['text'][:50]!r}")

    def message(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {
            "message": {
                "message_id": next(self.session._ids),
                "date": int(time.time()),
                "chat": self.chat,
                "from": self.user,
                **content,
            }
        }

    def press(self, data: str) -> dict[str, Any]:
        return {
            "callback_query": {
                "id": f"{self.id}-{time.perf_counter_ns()}",
                "from": self.user,
                "message": self.screen,
                "chat_instance": "offline",
                "data": data,
            }
        }
