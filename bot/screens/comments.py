"""逐级点评: the choice of whom to comment on, the comment field by field, and who comments
on whom."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.comments import CommentButton
from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import organizer_button
from bot.texts import comments as comments_texts
from evaluation.comment_flow import Choice, CommentAction, CommentScreen

CHOICES_SHOWN = 60  # buttons of one /comment message (Telegram allows 100)


def _comment_button(text: str, campaign: int, subject: int, step: int, action, value: int = 0):
    data = CommentButton(c=campaign, s=subject, t=step, a=action.value, v=value).pack()
    return InlineKeyboardButton(text=text, callback_data=data)


def comment_choices(found: list[Choice]) -> Rendered:
    """/comment: whom the caller may comment on; ✅ where their comment is finished."""
    if not found:
        return _(comments_texts.COMMENT_NONE), None
    several = len({c.campaign_id for c in found}) > 1
    rows = []
    for choice in found[:CHOICES_SHOWN]:
        label = (_(texts.CHOSEN) if choice.commented else "") + choice.subject.name
        if several:
            label += f" · {choice.campaign}"
        rows.append(
            [_comment_button(label, choice.campaign_id, choice.subject.key, 0, CommentAction.OPEN)]
        )
    text = _(comments_texts.COMMENT_PICK)
    if len(found) > CHOICES_SHOWN:
        text += "\n" + comments_texts.comment_more(len(found) - CHOICES_SHOWN)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def comment(screen: CommentScreen) -> Rendered:
    c, k, s = screen.campaign_id, screen.subject.key, screen.step
    heading = comments_texts.comment_heading(
        screen.subject.name, screen.commenter.name, screen.commenter.role
    )
    if s >= screen.review_step:
        return _comment_review(screen, heading)
    label = _(screen.labels[s])
    text = comments_texts.comment_field(
        heading,
        s + 1,
        len(screen.labels),
        label,
        screen.required(s),
        screen.limit(s),
        screen.values[s],
    )
    row = []
    if s > 0:
        row.append(_comment_button(_(comments_texts.COMMENT_BACK), c, k, s, CommentAction.BACK))
    if not screen.required(s) or screen.values[s]:
        row.append(_comment_button(_(comments_texts.COMMENT_SKIP), c, k, s, CommentAction.SKIP))
    if screen.missing() is None:  # the required fields written: the rest may stay empty
        row.append(_comment_button(_(comments_texts.COMMENT_DONE), c, k, s, CommentAction.DONE))
    return text, InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


def _comment_review(screen: CommentScreen, heading: str) -> Rendered:
    c, k, s = screen.campaign_id, screen.subject.key, screen.step
    lines = [heading, ""]
    if screen.just_completed:
        lines.insert(0, _(comments_texts.COMMENT_SAVED) + "\n")
    for label, value in zip(screen.labels, screen.values, strict=True):
        lines.append(f"【{_(label)}】{value or _(comments_texts.COMMENT_EMPTY)}")
    rows = [
        [_comment_button("✏️ " + _(label), c, k, s, CommentAction.JUMP, n)]
        for n, label in enumerate(screen.labels)
    ]
    if not screen.completed:
        rows.append([_comment_button(_(comments_texts.COMMENT_DONE), c, k, s, CommentAction.DONE)])
    text = (
        "\n".join(lines)
        + "\n\n"
        + (
            _(comments_texts.COMMENT_COMPLETED_NOTE)
            if screen.completed
            else _(comments_texts.COMMENT_REVIEW_NOTE)
        )
    )
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def commenters(campaign_id: int, found) -> Rendered:
    """/commenters: each member and who comments on them."""
    rows = []
    for subject, members in found:
        names = "、".join(m.name for m in members) or _(comments_texts.NOBODY)
        label = f"{subject.name} · {names}"
        rows.append([organizer_button(label, Act.COMMENTERS_SUBJECT, campaign_id, subject.key)])
    return _(comments_texts.COMMENTERS_TITLE), InlineKeyboardMarkup(inline_keyboard=rows)


def commenters_of(campaign_id: int, subject, roster, chosen: set[int]) -> Rendered:
    """One member: a toggle per other member, 恢复默认, back to the list."""
    shift = 2**24
    rows = [
        [
            organizer_button(
                (_(texts.CHOSEN) if m.id in chosen else "") + m.name,
                Act.COMMENTER_TOGGLE,
                campaign_id,
                subject.key * shift + m.id,
            )
        ]
        for m in roster
    ]
    rows.append(
        [
            organizer_button(
                _(comments_texts.COMMENTERS_DEFAULT),
                Act.COMMENTERS_DEFAULT,
                campaign_id,
                subject.key,
            ),
            organizer_button(_(comments_texts.COMMENTERS_BACK), Act.COMMENTERS, campaign_id),
        ]
    )
    return comments_texts.commenters_prompt(subject.name), InlineKeyboardMarkup(
        inline_keyboard=rows
    )
