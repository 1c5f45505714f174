"""What the fake's parts share: the bot's identity, a chat as the fake keeps it, a recorded
call, the error Telegram answers, and the shapes of a private chat and an update's chat."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 7000000001
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def body(self) -> dict[str, Any]:
        """The error as Telegram's JSON answer."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class Chat:
    user: dict[str, Any]
    started: bool = False
    blocked: bool = False
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # what the bot sent

    @property
    def id(self) -> int:
        return self.user["id"]


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = field(default_factory=time.monotonic)  # when the fake received it

    @property
    def files(self) -> dict[str, tuple[bytes, str]]:
        """The files uploaded with the call, (content, file name) by field."""
        return {k: v for k, v in self.params.items() if isinstance(v, tuple)}


def chat_of(update: dict[str, Any]) -> int:
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        if kind in update:
            event = update[kind]
            return event["chat"]["id"] if "chat" in event else event["from"]["id"]
    return 0


def private_chat(user: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    if "username" in user:
        chat["username"] = user["username"]
    return chat
