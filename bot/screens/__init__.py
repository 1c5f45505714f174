"""What the chat shows, one module per feature: a core result as message text and inline
keyboard."""

from aiogram.types import InlineKeyboardMarkup

Rendered = tuple[str, InlineKeyboardMarkup | None]
