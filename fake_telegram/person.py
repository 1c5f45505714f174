"""``Person``: a Telegram user as a test or the demo scripts them: sends text and files,
presses buttons, reads what the bot showed them."""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from fake_telegram.api import BotApi
from fake_telegram.model import Chat, private_chat


class Person:
    """A Telegram user talking to the bot, as a test scripts them."""

    def __init__(self, fake: BotApi, chat: Chat) -> None:
        self.fake = fake
        self.chat = chat
        self.presses = 0  # buttons pressed, and texts typed that are no command: their work
        self.typed = 0

    @property
    def id(self) -> int:
        return self.chat.id

    @property
    def messages(self) -> list[dict[str, Any]]:
        return [self.chat.messages[k] for k in sorted(self.chat.messages)]

    @property
    def last(self) -> dict[str, Any]:
        return self.messages[-1]

    async def send(self, text: str, replies: int = 1, timeout: float = 15) -> list[dict]:
        """Send a text message; wait for ``replies`` new bot messages and return them."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        else:
            self.typed += 1
        return await self._say(content, replies, timeout)

    async def send_document(
        self, name: str, content: bytes, replies: int = 1, timeout: float = 15
    ) -> list[dict]:
        """Upload a file to the bot as a document message; wait for ``replies``."""
        file_id = f"upload{len(self.fake.files) + 1}"
        self.fake.files[file_id] = (content, f"documents/{file_id}_{name}")
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": name,
            "file_size": len(content),
        }
        return await self._say({"document": document}, replies, timeout)

    async def _say(self, content: dict[str, Any], replies: int, timeout: float) -> list[dict]:
        self.chat.started = True
        before = max(self.chat.messages, default=0)
        message = {
            "message_id": next(self.fake._message_ids),
            "date": int(time.time()),
            "chat": private_chat(self.chat.user),
            "from": self.chat.user,
            **content,
        }
        await self.fake.push_update({"message": message})

        def new() -> list[dict]:
            return [m for k, m in sorted(self.chat.messages.items()) if k > before]

        await self.fake.wait_for(lambda: len(new()) >= replies, timeout)
        return new()

    async def press_data(
        self, data: str, message: dict | None = None, timeout: float = 15
    ) -> dict[str, Any]:
        """Press a button carrying ``data`` (forged or real); return the callback answer."""
        message = message or self.last
        self.presses += 1
        query_id = f"{self.id}-{next(self.fake._callback_ids)}"
        self.fake.callback_answers[query_id] = None
        await self.fake.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.chat.user,
                    "message": json.loads(json.dumps(message)),
                    "chat_instance": f"ci{self.id}",
                    "data": data,
                }
            }
        )
        await self.fake.wait_for(lambda: self.fake.callback_answers[query_id] is not None, timeout)
        return self.fake.callback_answers[query_id]

    def button(self, label: str, message: dict | None = None) -> str:
        """The callback data of the button whose text, without a ✓ mark, is ``label``."""
        message = message or self.last
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        for row in rows:
            for button in row:
                if button["text"].removeprefix("✓ ") == label:
                    return button["callback_data"]
        shown = [b["text"] for row in rows for b in row]
        raise AssertionError(f"no button {label!r} on {message.get('text', '')[:60]!r}: {shown}")

    def button_containing(self, text: str, message: dict | None = None) -> str:
        """The callback data of the first button whose text contains ``text``."""
        message = message or self.last
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if text in button["text"]:
                    return button["callback_data"]
        raise AssertionError(f"no button with {text!r} in {self.buttons(message)}")

    async def press_containing(self, text: str, message: dict | None = None) -> dict[str, Any]:
        message = message or self.last
        return await self.press_data(self.button_containing(text, message), message)

    def buttons(self, message: dict | None = None) -> list[str]:
        message = message or self.last
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return [b["text"] for row in rows for b in row]

    async def press(self, label: str, message: dict | None = None) -> dict[str, Any]:
        """Press ``label`` on ``message``, or on the newest message once it shows the button,
        as a person waits for the screen to change: a press answered by a process killed
        before it edited the message is handled again by another, a moment later."""
        if message is None:
            with contextlib.suppress(TimeoutError):
                await self.fake.wait_for(lambda: label in self._labels(self.last), 10)
        message = message or self.last
        return await self.press_data(self.button(label, message), message)

    @staticmethod
    def _labels(message: dict) -> list[str]:
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        return [b["text"].removeprefix("✓ ") for row in rows for b in row]
