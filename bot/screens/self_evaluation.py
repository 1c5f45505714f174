"""A bound member's screens: the invitation to 党员自我评价 and 党员互评, and the
self-evaluation one step at a time."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.ballots import PeerButton
from bot.callbacks.self_evaluation import SelfButton
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.texts import ballots as ballots_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation.ballot_state import Action
from evaluation.questionnaire import Rating
from evaluation.self_evaluation import SCALE, TEXT_LABELS, TEXT_LIMIT, SelfAction, SelfScreen
from storage.models import Campaign


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
    edit = _self_button(_(ballots_texts.EDIT), c, s, SelfAction.EDIT)
    if screen.just_submitted:
        text = _(self_evaluation_texts.SELF_SUBMITTED) + "\n\n" + text
    if screen.submitted:
        text += "\n\n" + _(self_evaluation_texts.SELF_SUBMITTED_NOTE)
        rows = [[edit]]
    else:
        text += "\n\n" + _(self_evaluation_texts.SELF_REVIEW_NOTE)
        rows = [[edit, _self_button(_(ballots_texts.SUBMIT), c, s, SelfAction.SUBMIT)]]
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
    rows.append([_self_button(_(ballots_texts.BACK_TO_REVIEW), c, s, SelfAction.REVIEW)])
    return _(self_evaluation_texts.SELF_PICK), InlineKeyboardMarkup(inline_keyboard=rows)
