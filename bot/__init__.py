"""The Telegram front end (aiogram); the command line is `cli/`."""

from bot.lazy import defer_schemas

defer_schemas()
