"""What a member the bot knows (认领) sees of 民主评议: the invitation, and the 党员自我评价 one
screen at a time (a ``SelfScreen`` → text + keyboard)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.ballots import PeerButton
from bot.callbacks.comments import CommentButton
from bot.callbacks.self_evaluation import SelfButton
from bot.i18n import gettext as _
from bot.texts import ballot as ballot_texts
from bot.texts import comments as comments_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation.ballot_state import Action
from evaluation.comment_flow import Choice, CommentAction, CommentScreen
from evaluation.questionnaire import Rating
from evaluation.self_evaluation import SCALE, TEXT_LABELS, TEXT_LIMIT, SelfAction, SelfScreen
from storage.models import Campaign

Rendered = tuple[str, InlineKeyboardMarkup | None]


def _self_button(text: str, campaign: int, step: int, action: SelfAction, value: int = 0):
    data = SelfButton(c=campaign, s=step, a=action.value, v=value).pack()
    return InlineKeyboardButton(text=text, callback_data=data)


def begin_buttons(campaign: int, peer_review: bool) -> list[list[InlineKeyboardButton]]:
    """填写自我评价, and 开始互评 when the campaign has one."""
    rows = [[_self_button(_(self_evaluation_texts.SELF_BEGIN), campaign, 0, SelfAction.BEGIN)]]
    if peer_review:
        data = PeerButton(c=campaign, s=0, a=Action.BEGIN.value).pack()
        rows.append(
            [InlineKeyboardButton(text=_(self_evaluation_texts.PEER_BEGIN), callback_data=data)]
        )
    return rows


def invitation_of(campaign: Campaign) -> Rendered:
    """What a bound member is sent when their organization's campaign opens (and shown by
    /self_evaluation): what is asked of them, and the buttons that begin or resume it."""
    text = self_evaluation_texts.member_invitation(
        campaign.questionnaire["organization"],
        texts.period_name(campaign.period),
        campaign.deadline,
        campaign.peer_review,
    )
    rows = begin_buttons(campaign.id, campaign.peer_review)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def render(screen: SelfScreen) -> Rendered:
    if screen.step < screen.first_text_step:
        return _rating(screen)
    index = screen.text_index(screen.step)
    if index is not None:
        return _text(screen, index)
    if screen.view == "edit":
        return _edit_list(screen)
    return _review(screen)


def _heading(screen: SelfScreen) -> str:
    return self_evaluation_texts.self_heading(screen.organization, screen.period, screen.member)


def _rating(screen: SelfScreen) -> Rendered:
    c, s = screen.campaign_id, screen.step
    current = screen.ratings[s]
    text = self_evaluation_texts.self_rating(
        _heading(screen),
        s + 1,
        len(screen.criteria),
        _(screen.criteria[s]),
        _(Rating(current).label) if current is not None else None,
    )
    marks = [
        _self_button(
            (_(texts.CHOSEN) if current == int(r) else "") + _(r.label), c, s, SelfAction.RATE, r
        )
        for r in SCALE
    ]
    rows = [marks[:2], marks[2:]]
    if s > 0:
        rows.append([_self_button(_(self_evaluation_texts.SELF_BACK), c, s, SelfAction.BACK)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _text(screen: SelfScreen, index: int) -> Rendered:
    c, s = screen.campaign_id, screen.step
    current = screen.texts[index]
    text = self_evaluation_texts.self_text_prompt(
        _heading(screen), _(TEXT_LABELS[index]), TEXT_LIMIT, current
    )
    rows = []
    if current:
        rows.append([_self_button(_(self_evaluation_texts.SELF_KEEP), c, s, SelfAction.KEEP)])
    rows.append([_self_button(_(self_evaluation_texts.SELF_BACK), c, s, SelfAction.BACK)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _review(screen: SelfScreen) -> Rendered:
    c, s = screen.campaign_id, screen.step
    lines = [_heading(screen), _(self_evaluation_texts.SELF_REVIEW_RATINGS)]
    lines += [
        f"{n}. {_(criterion)}：{_(Rating(rating).label)}"
        for n, (criterion, rating) in enumerate(
            zip(screen.criteria, screen.ratings, strict=True), 1
        )
    ]
    for label, written in zip(TEXT_LABELS, screen.texts, strict=True):
        lines.append(f"\n【{_(label)}】\n{written}")
    text = "\n".join(lines)
    edit = _self_button(_(ballot_texts.EDIT), c, s, SelfAction.EDIT)
    if screen.just_submitted:
        text = _(self_evaluation_texts.SELF_SUBMITTED) + "\n\n" + text
    if screen.submitted:
        text += "\n\n" + _(self_evaluation_texts.SELF_SUBMITTED_NOTE)
        rows = [[edit]]
    else:
        text += "\n\n" + _(self_evaluation_texts.SELF_REVIEW_NOTE)
        rows = [[edit, _self_button(_(ballot_texts.SUBMIT), c, s, SelfAction.SUBMIT)]]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _edit_list(screen: SelfScreen) -> Rendered:
    c, s = screen.campaign_id, screen.step
    rows = [
        [_self_button(f"{n}. {_(criterion)}", c, s, SelfAction.JUMP, n - 1)]
        for n, criterion in enumerate(screen.criteria, 1)
    ]
    rows += [
        [_self_button(_(label), c, s, SelfAction.JUMP, screen.first_text_step + i)]
        for i, label in enumerate(TEXT_LABELS)
    ]
    rows.append([_self_button(_(ballot_texts.BACK_TO_REVIEW), c, s, SelfAction.REVIEW)])
    return _(self_evaluation_texts.SELF_PICK), InlineKeyboardMarkup(inline_keyboard=rows)


# --- 逐级点评 ---------------------------------------------------------------------------------

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
