"""/members: a member's 认领 link, and re-issuing it."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import organizer_button
from bot.texts import members as members_texts


def reissue_confirmation(member_id: int, name: str) -> Rendered:
    """A bound member: a new 认领 link would withdraw the binding."""
    keyboard = [
        [
            organizer_button(_(members_texts.MEMBER_REISSUE), Act.MEMBER_REISSUE, member_id),
            organizer_button(_(members_texts.MEMBER_KEEP), Act.MEMBER_KEPT, member_id),
        ]
    ]
    return members_texts.member_reissue_question(name), InlineKeyboardMarkup(
        inline_keyboard=keyboard
    )


def live_link(member_id: int, text: str) -> Rendered:
    """An unbound member's unspent link, shown again, with the way to withdraw it."""
    renew = organizer_button(_(members_texts.MEMBER_RENEW), Act.MEMBER_RENEW, member_id)
    return text, InlineKeyboardMarkup(inline_keyboard=[[renew]])
