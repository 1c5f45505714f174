"""The Telegram front end (aiogram) and the command line."""

from bot.lazy import defer_schemas

defer_schemas()
