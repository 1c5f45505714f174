"""The Bot API methods the fake answers, as Telegram does: getUpdates and the webhook
methods, command menus, sending, editing and deleting messages, files, callback answers."""

from __future__ import annotations

import contextlib
import json
import re
import time
from typing import Any

from fake_telegram.model import BOT_ID, ApiError, Chat, private_chat

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class BotMethods:
    """``_api_<method>`` for each method (lower case), on the state of ``BotApi``."""

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
            "chat": private_chat(chat.user),
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


def _flag(value: Any) -> bool:
    return value in (True, "true", "True", "1")


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
