"""What the bot does when Telegram says "too many requests"."""

from __future__ import annotations

import asyncio
import logging

from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import TelegramRetryAfter

log = logging.getLogger(__name__)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Wait as long as a 429 says, then send again (a few times), instead of failing the reply."""

    def __init__(self, attempts: int = 3, longest_wait: float = 60.0) -> None:
        self.attempts = attempts
        self.longest_wait = longest_wait

    async def __call__(self, make_request, bot, method):
        attempt = 1
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.attempts or error.retry_after > self.longest_wait:
                    raise
                log.info("Bot API flood control: waiting %s s", error.retry_after)
                await asyncio.sleep(error.retry_after)
                attempt += 1
