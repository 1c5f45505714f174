"""A Telegram Bot API fake, written from the Bot API docs, with two faces.

It is strict where Telegram is strict: callback_data over 64 bytes, texts over 4,096
characters, editing a message into itself ("message is not modified"), answering a callback
twice, messaging someone who never started the bot or blocked it. Switches make it answer 429
(with retry_after) or 403.

- ``api.py``: the Bot API itself, whichever way a call arrives.
- ``http.py``: real HTTP at ``base_url`` for a bot process (``PINGYI_API_URL``), getUpdates and
  webhook delivery.
- ``session.py``: an aiogram session for a bot in the same process (``FakeTelegram.session``).
- ``person.py``: ``Person``, a user as tests and ``pingyi demo`` play them: send text, press
  buttons, read what the bot showed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fake_telegram.http import HttpFace
from fake_telegram.model import ApiError, Call, Chat
from fake_telegram.person import Person

if TYPE_CHECKING:
    from fake_telegram.session import FakeSession

__all__ = ["ApiError", "Call", "Chat", "FakeTelegram", "Person"]


class FakeTelegram(HttpFace):
    """The fake: its Bot API over HTTP once ``start``ed, and in process through ``session``."""

    def person(
        self,
        user_id: int,
        first_name: str = "测试",
        username: str | None = None,
        language_code: str = "zh-hans",
    ) -> Person:
        """A user to play: their chat is made on first mention, kept after."""
        return Person(self, self.chat(user_id, first_name, username, language_code))

    def session(self) -> FakeSession:
        """An aiogram session talking to this fake in process (aiogram is loaded only here)."""
        from fake_telegram.session import FakeSession

        return FakeSession(self)
