"""What the operator hears when the Bot API is not where PINGYI_API_URL says: at start, one
line within seconds; while running, one log line as the connection goes and one as it comes
back. Command-line text, bilingual, not the chat's catalog."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.types import User


class BotApiUnreachable(Exception):
    """At start, the Bot API at PINGYI_API_URL is not there; the message is for the operator."""


FIRST_CONTACT_WAIT = 15  # seconds: an operator who mistyped PINGYI_API_URL hears of it soon


async def first_contact(bot: Bot, api_url: str) -> User:
    """getMe, answered within FIRST_CONTACT_WAIT seconds, or one line saying what is wrong."""
    where = f"PINGYI_API_URL={api_url}"
    try:
        async with asyncio.timeout(FIRST_CONTACT_WAIT):
            # The HTTP client's own timeout comes later, so a silent server always meets ours
            # (the two raced, and one said "Request timeout error" instead of what to check).
            return await bot.get_me(request_timeout=FIRST_CONTACT_WAIT + 5)
    except TelegramUnauthorizedError:
        raise
    except TimeoutError:
        why = (
            f"{FIRST_CONTACT_WAIT} 秒内没有回应（地址或端口写错，或网络不通）/ no answer within "
            f"{FIRST_CONTACT_WAIT} s (wrong host or port, or no network)"
        )
    except ClientDecodeError:
        why = (
            "回应的不是 Bot API（代理、登录页，或地址写错）/ what answered is not the Bot API "
            "(a proxy, a captive portal, or a mistyped address)"
        )
    except TelegramNetworkError as error:
        why = (
            "无法连接，请检查地址、端口和网络，以及服务是否在运行 / cannot connect (check the "
            f"address, the port, the network, and that the server runs): "
            f"{str(error).splitlines()[0][:200]}"
        )
    except TelegramAPIError as error:
        why = f"回应了错误 / answered with an error: {str(error).splitlines()[0][:200]}"
    raise BotApiUnreachable(f"{where}: {why}") from None


class ConnectionStateLog(logging.Filter):
    """aiogram logs two lines per failed getUpdates while the Bot API is unreachable (it
    retries with backoff): keep only the first failure and the reconnection."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = False

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg.startswith("Failed to fetch updates"):
            first, self.lost = not self.lost, True
            return first
        if record.msg.startswith("Sleep for"):
            return False
        if record.msg.startswith("Connection established"):
            self.lost = False
        return True
