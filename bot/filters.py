"""Filters as coroutines, so that they run on the event loop.

aiogram runs every plain function given as a filter, magic filters such as
``F.chat.type == "private"`` included, through ``asyncio.to_thread``: one thread hop per
filter per update, which the ballot benchmarks showed among the costs of an answer.
"""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message


async def private_chat(message: Message) -> bool:
    return message.chat.type == "private"


async def group_chat(message: Message) -> bool:
    return message.chat.type != "private"


async def private_button(query: CallbackQuery) -> bool:
    """A button on a message in a private chat."""
    return query.message is not None and query.message.chat.type == "private"


async def has_text(message: Message) -> bool:
    return message.text is not None


async def has_document(message: Message) -> bool:
    return message.document is not None
