"""公开承诺: an organizer's view of a subject's items, and a member's own list."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks.members import MemberAct, MemberButton
from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import organizer_button
from bot.texts import commitments as commitments_texts


def own_commitments(lists) -> Rendered:
    """/my_commitments: a bound member's 承诺事项, a row of buttons each, one per 践诺 state."""
    blocks, rows = [], []
    for subject in lists:
        blocks.append(commitments_texts.commitments_text(subject.member, subject.items))
        for n, item in enumerate(subject.items, start=1):
            rows.append(
                [
                    InlineKeyboardButton(
                        text=label,
                        callback_data=MemberButton(a=MemberAct.STATE, v=item.id, w=1 + i).pack(),
                    )
                    for i, label in commitments_texts.commitment_state_buttons(n, item.state)
                ]
            )
    if not any(subject.items for subject in lists):
        return "\n\n".join(blocks) + "\n\n" + _(commitments_texts.OWN_COMMITMENTS_NONE), None
    text = "\n\n".join(blocks) + "\n\n" + _(commitments_texts.OWN_COMMITMENTS_USAGE)
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def commitments_of(organization_id: int, subject) -> Rendered:
    """One subject's 承诺事项, a row of buttons each, one per 践诺 state."""
    member = subject.member_id or 0
    rows = [
        [
            organizer_button(label, Act.COMMITMENT_STATE, item.id, 1 + index)
            for index, label in commitments_texts.commitment_state_buttons(n, item.state)
        ]
        for n, item in enumerate(subject.items, start=1)
    ]
    rows.append(
        [
            organizer_button(
                _(commitments_texts.COMMITMENTS_EDIT), Act.COMMITMENT_EDIT, organization_id, member
            )
        ]
    )
    text = commitments_texts.commitments_text(subject.member, subject.items)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
