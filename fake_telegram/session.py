"""The fake's in-process face: an aiogram session that hands each Bot API call to the fake with
the parameters and files the HTTP face would receive, and reads its answer as aiogram reads
Telegram's, without a socket. A bot built on it runs whole (polling, sender, scheduler) in the
test's own process."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import InputFile

from fake_telegram.api import BotApi
from fake_telegram.model import ApiError


class FakeSession(BaseSession):
    def __init__(self, fake: BotApi) -> None:
        super().__init__()
        self.fake = fake

    async def make_request(self, bot: Bot, method: TelegramMethod, timeout: int | None = None):
        files: dict[str, InputFile] = {}
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:  # as aiogram's HTTP session leaves out empty fields
                params[key] = prepared
        for key, file in files.items():
            content = b"".join([chunk async for chunk in file.read(bot)])
            params[key] = (content, file.filename or key)
        try:
            result = await self.fake.call(bot.token, method.__api_method__, params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.code, error.body()
        answer = self.check_response(
            bot=bot, method=method, status_code=status, content=json.dumps(body)
        )
        return answer.result

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """A file the bot downloads (``…/file/bot<token>/<path>``)."""
        path = url.split("/file/bot", 1)[1].split("/", 1)[1]
        content = self.fake.file_at(path)
        if content is None:
            raise FileNotFoundError(path)
        yield content

    async def close(self) -> None:
        pass
