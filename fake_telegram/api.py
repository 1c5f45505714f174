"""The Bot API as Telegram answers it, whichever face a call comes through (``http.py``, a real
HTTP server; ``session.py``, an aiogram session in the same process): the chats, the messages
the bot sent, the switches tests turn (failures, flood limits, held sends) and what they read.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter, deque
from collections.abc import Collection
from typing import Any

from fake_telegram.methods import BotMethods
from fake_telegram.model import SEND_METHODS, ApiError, Call, Chat


class BotApi(BotMethods):
    """The fake's state and its Bot API methods; ``call`` answers one call as Telegram would."""

    def __init__(self, token: str, username: str = "pingyi_test_bot") -> None:
        self.token = token
        self.username = username
        self.chats: dict[int, Chat] = {}
        self.calls: list[Call] = []
        self.callback_answers: dict[str, dict[str, Any] | None] = {}
        self.files: dict[str, tuple[bytes, str]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}  # by scope: "default", "chat:<id>"
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        # Waiting tests and long polls: (predicate, future), checked whenever something happens.
        self._waiters: list[tuple[Any, asyncio.Future]] = []
        self._failures: list[tuple[str | None, int, int]] = []  # (method, code, retry_after)
        self._flood: tuple[int, float] | None = None  # (messages a second, seconds per chat)
        self._sent_at: deque[float] = deque()  # accepted sends within the last second
        self._chat_sent_at: dict[int, float] = {}
        self._random_429: tuple[float, random.Random] | None = None
        self._held: asyncio.Event | None = None
        self._held_methods: frozenset[str] = SEND_METHODS
        self._held_delivered = False
        self.held_calls = 0  # calls that waited on hold_sends
        self.floods = 0  # 429s answered by the flood limits or the random switch
        self.base_url = ""  # the HTTP face's address, once started
        # Webhook delivery: setWebhook's parameters, and what a test sets around them.
        self.webhook: dict[str, Any] | None = None
        self.webhook_targets: list[str] = []  # a load balancer's backends; else the webhook
        self.deliver_twice = False
        self.deliveries: list[tuple[int, str, int]] = []  # (update_id, target, HTTP status)
        self._queued: dict[int, deque[dict[str, Any]]] = {}  # undelivered updates, by chat
        self._delivering: dict[int, asyncio.Task] = {}
        self._targets = itertools.count()

    async def call(self, token: str, method: str, params: dict[str, Any]) -> Any:
        """One Bot API call, whichever face it came through: recorded, then answered as
        Telegram would, or refused with ``ApiError``."""
        call = Call(method, params)
        self.calls.append(call)
        self._notify()  # a test may be waiting for this call itself (a long poll)
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            self._maybe_fail(method)
            held = self._held is not None and method in self._held_methods
            if held and not self._held_delivered:
                await self._hold()
            if method in SEND_METHODS:
                await self._gate(params)
            handler = getattr(self, f"_api_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
            if held and self._held_delivered:
                await self._hold()
        except ApiError as error:
            call.status = error.code
            raise
        self._notify()
        return result

    def _maybe_fail(self, method: str) -> None:
        for index, (only, code, retry_after) in enumerate(self._failures):
            if only is None or only == method:
                del self._failures[index]
                if code == 429:
                    raise ApiError(
                        429, f"Too Many Requests: retry after {retry_after}", retry_after
                    )
                raise ApiError(code, "Internal Server Error" if code >= 500 else "Bad Request")

    async def _hold(self) -> None:
        held = self._held
        self.held_calls += 1
        self._notify()
        await held.wait()
        # Released after the bot was killed: this request was never delivered.
        raise ApiError(502, "Bad Gateway")

    async def _gate(self, params) -> None:
        """Random 429s and Telegram's flood limits, for the sending methods."""
        if self._random_429 is not None:
            share, rng = self._random_429
            if rng.random() < share:
                self.floods += 1
                raise ApiError(429, "Too Many Requests: retry after 1", 1)
        if self._flood is None:
            return
        per_second, per_chat = self._flood
        now = time.monotonic()
        while self._sent_at and now - self._sent_at[0] >= 1.0:
            self._sent_at.popleft()
        chat_id = int(params.get("chat_id", 0))
        last = self._chat_sent_at.get(chat_id)
        if len(self._sent_at) >= per_second or (last is not None and now - last < per_chat):
            self.floods += 1
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        self._sent_at.append(now)
        self._chat_sent_at[chat_id] = now

    def _notify(self) -> None:
        # Predicates are checked here, without waking every waiter: hundreds of simulated
        # users wait at once in the benchmarks.
        waiting = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            try:
                if predicate():
                    future.set_result(None)
                    continue
            except Exception as error:  # the waiting test sees its own predicate fail
                future.set_exception(error)
                continue
            waiting.append((predicate, future))
        self._waiters = waiting

    # --- switches and inspection for tests --------------------------------------------------

    def fail_next(
        self, count: int = 1, code: int = 429, retry_after: int = 1, method: str | None = None
    ) -> None:
        """Answer the next ``count`` calls (of ``method``, or any) with ``code``."""
        self._failures += [(method, code, retry_after)] * count

    def flood_limits(self, per_second: int = 30, per_chat: float = 1.0) -> None:
        """Answer 429 (retry_after 1) to sends over ``per_second`` in any second, or to one
        chat within ``per_chat`` seconds of its last message, as Telegram does."""
        self._flood = (per_second, per_chat)

    def random_429(self, share: float, seed: int = 4) -> None:
        """Answer this share of sends with 429, at random (0 turns it off)."""
        self._random_429 = (share, random.Random(seed)) if share else None

    def hold_sends(self, methods: Collection[str] = SEND_METHODS, delivered: bool = False) -> None:
        """Sends (or calls of ``methods``) wait without being delivered until
        ``release_sends``, which fails them. ``delivered``: they reach the chat first, and only
        the answer waits (the bot dies between Telegram's accepting and its knowing)."""
        self._held = asyncio.Event()
        self._held_methods = frozenset(methods)
        self._held_delivered = delivered

    def release_sends(self) -> None:
        if self._held is not None:
            self._held.set()
            self._held = None

    def started_users(self, user_ids) -> None:
        """People who opened the bot earlier (so it may write to them)."""
        for user_id in user_ids:
            self.chat(user_id).started = True

    def block(self, user_id: int) -> None:
        self.chats[user_id].blocked = True

    def file_at(self, path: str) -> bytes | None:
        """The content of a file by its download path (getFile's ``file_path``)."""
        return next((content for content, at in self.files.values() if at == path), None)

    def count(self, since: int = 0) -> Counter[str]:
        return Counter(call.method for call in self.calls[since:] if call.method != "getUpdates")

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot's next getUpdates offset."""
        return list(self._updates)

    @property
    def polling(self) -> bool:
        return any(call.method == "getUpdates" for call in self.calls)

    async def wait_for(self, predicate, timeout: float = 10.0) -> None:
        """Return once ``predicate()`` holds; it is checked now and after every change."""
        if predicate():
            return
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        await asyncio.wait_for(future, timeout)  # a timeout cancels the future: dropped later

    def chat(
        self,
        user_id: int,
        first_name: str = "测试",
        username: str | None = None,
        language_code: str = "zh-hans",
    ) -> Chat:
        """A user's private chat with the bot, made on first mention."""
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        if username:
            user["username"] = username
        return self.chats.setdefault(user_id, Chat(user))

    async def push_update(self, update: dict[str, Any]) -> int:
        update["update_id"] = next(self._update_ids)
        if self.webhook is None:
            self._updates.append(update)
            self._notify()
        else:
            self._enqueue(update)
        return update["update_id"]
