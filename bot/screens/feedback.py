"""结果反馈: the release asked and confirmed, and later sends to members bound since."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import organizer_button
from bot.texts import feedback as feedback_texts


def feedback_question(campaign_id: int) -> Rendered:
    rows = [
        [
            organizer_button(_(feedback_texts.FEEDBACK_YES), Act.FEEDBACK_CONFIRMED, campaign_id),
            organizer_button(_(feedback_texts.FEEDBACK_NO), Act.FEEDBACK_KEPT, campaign_id),
        ]
    ]
    return _(feedback_texts.FEEDBACK_ASK), InlineKeyboardMarkup(inline_keyboard=rows)


def feedback_after(campaign_id: int, left) -> Rendered:
    """A second /feedback: already released; who bound has not had theirs, and a button."""
    names = [name for _, name in left.members]
    if not names:
        return feedback_texts.feedback_all_sent(left.unbound), None
    send = organizer_button(
        feedback_texts.feedback_unsent_button(len(names)), Act.FEEDBACK_UNSENT, campaign_id
    )
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[send]])
    return feedback_texts.feedback_unsent(names, left.unbound), keyboard
