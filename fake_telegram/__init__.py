"""A Telegram Bot API fake that speaks real HTTP (aiohttp), written from the Bot API docs.

The bot under test reaches it through ``PINGYI_API_URL``. It is strict where Telegram is
strict: callback_data over 64 bytes, texts over 4,096 characters, editing a message into
itself ("message is not modified"), answering a callback twice, messaging someone who never
started the bot or blocked it. Switches make it answer 429 (with retry_after) or 403.

After setWebhook it stops answering getUpdates (409, as Telegram does) and POSTs each update
to the webhook with the secret-token header: one chat's updates one after another, each
retried until it is answered 200, spread over ``webhook_targets`` when a test puts several
workers behind one URL, and, with ``deliver_twice``, sent to two of them at once.

Tests and ``pingyi demo`` play the users with ``Person``: send text, press buttons, read what
the bot showed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import re
import time
from collections import Counter, deque
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector, web

BOT_ID = 7000000001
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


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


class FakeTelegram:
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
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        # Webhook delivery: setWebhook's parameters, and what a test sets around them.
        self.webhook: dict[str, Any] | None = None
        self.webhook_targets: list[str] = []  # a load balancer's backends; else the webhook
        self.deliver_twice = False
        self.deliveries: list[tuple[int, str, int]] = []  # (update_id, target, HTTP status)
        self._queued: dict[int, deque[dict[str, Any]]] = {}  # undelivered updates, by chat
        self._delivering: dict[int, asyncio.Task] = {}
        self._targets = itertools.count()
        self._client: ClientSession | None = None

    # --- server ---------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        for task in self._delivering.values():
            task.cancel()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params)
        self.calls.append(call)
        self._notify()  # a test may be waiting for this call itself (a long poll)
        try:
            if request.match_info["token"] != self.token:
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
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.code,
                "description": error.description,
            }
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.code)
        self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    params[key] = (value.file.read(), value.filename)
                else:
                    params[key] = value
        return params

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

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        for content, path in self.files.values():
            if path == request.match_info["path"]:
                return web.Response(body=content)
        return web.Response(status=404)

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
            self.person(user_id).chat.started = True

    def block(self, user_id: int) -> None:
        self.chats[user_id].blocked = True

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

    def person(
        self,
        user_id: int,
        first_name: str = "测试",
        username: str | None = None,
        language_code: str = "zh-hans",
    ) -> Person:
        user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        if username:
            user["username"] = username
        self.chats.setdefault(user_id, Chat(user))
        return Person(self, self.chats[user_id])

    async def push_update(self, update: dict[str, Any]) -> int:
        update["update_id"] = next(self._update_ids)
        if self.webhook is None:
            self._updates.append(update)
            self._notify()
        else:
            self._enqueue(update)
        return update["update_id"]

    # --- webhook delivery -------------------------------------------------------------------

    def _enqueue(self, update: dict[str, Any]) -> None:
        chat = _chat_of(update)
        self._queued.setdefault(chat, deque()).append(update)
        if chat not in self._delivering:
            self._delivering[chat] = asyncio.create_task(self._deliver_chat(chat))

    async def _deliver_chat(self, chat: int) -> None:
        """One chat's updates in order: the next is sent once this one was answered 200."""
        queue = self._queued[chat]
        try:
            while queue:
                update = queue[0]
                copies = 2 if self.deliver_twice else 1
                first = next(self._targets)
                await asyncio.gather(*(self._deliver(update, first + n) for n in range(copies)))
                queue.popleft()
                self._notify()
        finally:
            del self._delivering[chat]

    async def _deliver(self, update: dict[str, Any], turn: int) -> None:
        if self._client is None:
            # A new connection per delivery, so workers sharing a port all get some.
            self._client = ClientSession(
                connector=TCPConnector(force_close=True), timeout=ClientTimeout(total=120)
            )
        pause = 0.1
        while True:
            webhook = self.webhook
            if webhook is None:  # deleted meanwhile: getUpdates will hand it out
                self._updates.append(update)
                self._notify()
                return
            targets = self.webhook_targets or [webhook["url"]]
            target = targets[turn % len(targets)]
            headers = {SECRET_HEADER: webhook["secret_token"]} if webhook["secret_token"] else {}
            try:
                async with self._client.post(target, json=update, headers=headers) as response:
                    status = response.status
            except (ClientError, OSError, TimeoutError):
                status = 0  # refused or cut off: a worker that died
            self.deliveries.append((update["update_id"], target, status))
            self._notify()
            if status == 200:
                return
            turn += 1  # as a load balancer would: the next backend
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    @property
    def undelivered(self) -> int:
        return sum(len(queue) for queue in self._queued.values())

    # --- Bot API methods --------------------------------------------------------------------

    async def _api_getme(self, params) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "评议机器人",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getupdates(self, params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = int(params.get("offset", 0))
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        timeout = float(params.get("timeout", 0))
        if offset:  # confirming: everything below offset is gone for good
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

        def pending() -> list[dict[str, Any]]:
            return [u for u in self._updates if u["update_id"] >= offset][:limit]

        if not pending() and timeout > 0:
            with contextlib.suppress(TimeoutError):
                await self.wait_for(lambda: bool(pending()), timeout)
        return pending()

    async def _api_setwebhook(self, params) -> bool:
        url = params.get("url", "")
        # Telegram wants HTTPS; the fake also takes plain HTTP on this machine.
        if not url.startswith(("https://", "http://127.0.0.1:")):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided")
        secret = params.get("secret_token", "")
        if secret and not SECRET_TOKEN.fullmatch(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if _flag(params.get("drop_pending_updates")):
            self._updates.clear()
        self.webhook = {"url": url, "secret_token": secret}
        for update in self._updates:  # what getUpdates had not handed out yet
            self._enqueue(update)
        self._updates.clear()
        self._notify()
        return True

    async def _api_deletewebhook(self, params) -> bool:
        self.webhook = None
        if _flag(params.get("drop_pending_updates")):
            self._updates.clear()
        return True

    async def _api_getwebhookinfo(self, params) -> dict[str, Any]:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.undelivered if self.webhook else len(self._updates),
        }

    async def _api_setmycommands(self, params) -> bool:
        commands = _json(params.get("commands"))
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands are invalid")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            valid = 1 <= len(name) <= 32 and all(
                c.islower() or c.isdigit() or c == "_" for c in name
            )
            if not valid or not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[self._scope(params)] = commands
        return True

    async def _api_getmycommands(self, params) -> list[dict[str, Any]]:
        return self.commands.get(self._scope(params), [])

    async def _api_deletemycommands(self, params) -> bool:
        self.commands.pop(self._scope(params), None)
        return True

    def _scope(self, params) -> str:
        """ "default" or "chat:<id>", with ":<language_code>" when the call names one."""
        language = params.get("language_code") or ""
        if language and not (len(language) == 2 and language.isalpha()):
            raise ApiError(400, "Bad Request: invalid language code specified")
        scope = _json(params.get("scope")) or {"type": "default"}
        if scope.get("type") == "default":
            return f"default:{language}" if language else "default"
        if scope.get("type") == "chat":
            chat = self.chats.get(int(scope.get("chat_id", 0)))
            if chat is None or not chat.started:
                raise ApiError(400, "Bad Request: chat not found")
            return f"chat:{chat.id}"
        raise ApiError(400, "Bad Request: unsupported scope in this fake")

    def menu_of(self, user_id: int) -> list[str]:
        """The command names a user sees: their chat's menu, else the default one."""
        return [c["command"] for c in self.full_menu_of(user_id)]

    def full_menu_of(self, user_id: int) -> list[dict[str, str]]:
        """What a user's menu shows, as Telegram picks it: the chat's own, else the default
        one of the user's language, else the default one."""
        chat = self.chats.get(user_id)
        language = (chat.user.get("language_code") or "")[:2] if chat else ""
        for key in (f"chat:{user_id}", f"default:{language}", "default"):
            if key in self.commands:
                return self.commands[key]
        return []

    async def _api_sendmessage(self, params) -> dict[str, Any]:
        chat = self._reachable_chat(params)
        text = params.get("text", "")
        _check_text(text, TEXT_LIMIT)
        return self._store(chat, {"text": text}, params)

    async def _api_editmessagetext(self, params) -> dict[str, Any]:
        message = self._editable(params)
        text = params.get("text", "")
        _check_text(text, TEXT_LIMIT)
        markup = _markup(params)
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        message["text"] = text
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _api_editmessagereplymarkup(self, params) -> dict[str, Any]:
        message = self._editable(params)
        markup = _markup(params)
        if message.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        _set_markup(message, markup)
        return message

    async def _api_answercallbackquery(self, params) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self.callback_answers or self.callback_answers[query_id] is not None:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if len(params.get("text", "")) > CALLBACK_ANSWER_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = params
        return True

    async def _api_senddocument(self, params) -> dict[str, Any]:
        return self._send_file(params, "document")

    async def _api_sendphoto(self, params) -> dict[str, Any]:
        return self._send_file(params, "photo")

    async def _api_getfile(self, params) -> dict[str, Any]:
        file_id = params.get("file_id")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        content, path = self.files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(content),
            "file_path": path,
        }

    async def _api_deletemessage(self, params) -> bool:
        chat = self._chat(params)
        if chat.messages.pop(int(params.get("message_id", 0)), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    # --- helpers ----------------------------------------------------------------------------

    def _chat(self, params) -> Chat:
        try:
            chat_id = int(params.get("chat_id"))
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    def _reachable_chat(self, params) -> Chat:
        chat = self._chat(params)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not chat.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _editable(self, params) -> dict[str, Any]:
        chat = self._reachable_chat(params)
        message = chat.messages.get(int(params.get("message_id", 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _store(self, chat: Chat, content: dict[str, Any], params) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _private_chat(chat.user),
            "from": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "评议机器人",
                "username": self.username,
            },
            **content,
        }
        _set_markup(message, _markup(params))
        chat.messages[message["message_id"]] = message
        return message

    def _send_file(self, params, kind: str) -> dict[str, Any]:
        chat = self._reachable_chat(params)
        upload = params.get(kind)
        if isinstance(upload, str) and upload.startswith("attach://"):
            upload = params.get(upload.removeprefix("attach://"))
        if not isinstance(upload, tuple):
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        content, name = upload
        caption = params.get("caption", "")
        if len(caption) > CAPTION_LIMIT:
            raise ApiError(400, "Bad Request: message caption is too long")
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = (content, f"{kind}s/{file_id}_{name}")
        meta = {"file_id": file_id, "file_unique_id": file_id, "file_size": len(content)}
        if kind == "photo":
            body: dict[str, Any] = {"photo": [{**meta, "width": 512, "height": 512}]}
        else:
            body = {"document": {**meta, "file_name": name}}
        if caption:
            body["caption"] = caption
        return self._store(chat, body, params)


def _chat_of(update: dict[str, Any]) -> int:
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        if kind in update:
            event = update[kind]
            return event["chat"]["id"] if "chat" in event else event["from"]["id"]
    return 0


def _flag(value: Any) -> bool:
    return value in (True, "true", "True", "1")


def _private_chat(user: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    if "username" in user:
        chat["username"] = user["username"]
    return chat


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON") from None
    return value


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _check_text(text: str, limit: int) -> None:
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if _utf16_length(text) > limit:
        raise ApiError(400, "Bad Request: message is too long")


def _markup(params) -> dict[str, Any] | None:
    markup = _json(params.get("reply_markup"))
    if markup is None:
        return None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in rows:
        for button in row:
            if not button.get("text"):
                raise ApiError(
                    400, "Bad Request: text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup if rows else None


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    if markup is None:
        message.pop("reply_markup", None)
    else:
        message["reply_markup"] = markup


class Person:
    """A Telegram user talking to the bot, as a test scripts them."""

    def __init__(self, fake: FakeTelegram, chat: Chat) -> None:
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
            "chat": _private_chat(self.chat.user),
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
