"""The blank 测评表: how many copies to print."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import organizer_button
from bot.texts import paper as paper_texts
from evaluation import paper


def paper_ballot_copies(campaign_id: int) -> Rendered:
    """How many blank 测评表 to print: a button per usual count."""
    buttons = [
        organizer_button(paper_texts.copies(count), Act.PAPER_BALLOTS, campaign_id, count)
        for count in paper.COPY_CHOICES
    ]
    return _(paper_texts.PAPER_BALLOTS_PROMPT), InlineKeyboardMarkup(inline_keyboard=[buttons])
