"""支部审定 in the chat: /review shows one member per screen; a grade button decides it (one
that differs from the suggestion asks for its one-line reason, the organizer's next text);
审定完成 asks first, then locks the grades and the comments. /feedback then sends the results
back (结果反馈), once, after asking."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters, notices, texts
from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import campaign_argument, pressed
from bot.handlers.organizing.pickers import campaign_picker, only_campaign
from bot.i18n import gettext
from bot.replies import answer, edit
from bot.screens import feedback as feedback_screens
from bot.screens import review as review_screens
from bot.texts import feedback as feedback_texts
from bot.texts import review as review_texts
from evaluation import feedback, prompts, review
from evaluation.callers import Caller
from evaluation.pseudonyms import Pseudonyms
from evaluation.tally import GradingRule

Now = Callable[[], datetime]
router = Router(name="organizer-review")
replies = Router(name="organizer-review-replies")


@router.message(Command("review"))
async def review_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
) -> None:
    campaign_id = campaign_argument(command) or await only_campaign(session, caller, Act.REVIEW)
    if campaign_id is None:
        await answer(message, await campaign_picker(session, caller, Act.REVIEW, 0))
        return
    view = await review.member_review(session, caller, campaign_id, 0, rule)
    await answer(message, review_screens.member(view))


@router.callback_query(pressed(Act.REVIEW))
async def review_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
) -> None:
    view = await review.member_review(session, caller, callback_data.v, 0, rule)
    await edit(query, *review_screens.member(view))
    await query.answer()


@router.callback_query(pressed(Act.REVIEW_MEMBER))
async def member_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
) -> None:
    view = await review.member_review(session, caller, callback_data.v, callback_data.w, rule)
    prompt = await prompts.pending(session, caller.user_id)
    if prompt is not None and prompt.field == prompts.GRADE_REASON:  # 返回 from the reason
        await prompts.clear(session, caller.user_id)
    await edit(query, *review_screens.member(view))
    await query.answer()


@router.callback_query(pressed(Act.REVIEW_GRADE))
async def grade_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    now: Now,
) -> None:
    campaign_id = callback_data.v
    member_id, index = divmod(callback_data.w, review_screens.GRADE_SLOTS)
    found = await review.review(session, caller, campaign_id, rule)  # rights first
    position = next((n for n, m in enumerate(found.members) if m.member_id == member_id), None)
    if position is None or index >= len(found.grades):
        await query.answer(texts.say(review.ReviewError(review.NO_SUCH_MEMBER)), show_alert=True)
        return
    grade = found.grades[index]
    if grade != found.members[position].suggested:  # the screen asks for the reason in place
        target = f"{campaign_id}:{member_id}:{index}:{query.message.message_id}"
        await prompts.ask(session, caller.user_id, prompts.GRADE_REASON, target)
        name = found.members[position].name
        await edit(query, *review_screens.reason_question(campaign_id, position, name, grade))
        await query.answer()
        return
    decided = await review.decide(
        session, caller, campaign_id, member_id, grade, None, now(), rule, found
    )
    await edit(query, *await _screen_of(session, caller, found.with_decision(decided), member_id))
    await query.answer()


async def _screen_of(session, caller: Caller, found: review.Review, member_id: int):
    """The /review screen of one member, wherever they stand in ``found``."""
    position = next(n for n, m in enumerate(found.members) if m.member_id == member_id)
    campaign_id = found.campaign.id
    view = await review.member_review(session, caller, campaign_id, position, found=found)
    return review_screens.member(view)


async def awaiting_reason(message: Message, session: AsyncSession) -> bool:
    if (message.text or "").startswith("/"):
        return False  # a command is never the answer to a question
    prompt = await prompts.pending(session, message.from_user.id)
    return prompt is not None and prompt.field == prompts.GRADE_REASON


@replies.message(filters.has_text, awaiting_reason)
async def reason_sent(
    message: Message,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    now: Now,
) -> None:
    """The reason of a grade other than the suggested one; a refusal keeps the question open."""
    prompt = await prompts.pending(session, caller.user_id)
    campaign_id, member_id, index, *asked_on = (int(part) for part in prompt.target.split(":"))
    grade = rule.final.grades[index]
    found = await review.review(session, caller, campaign_id, rule)
    decided = await review.decide(
        session, caller, campaign_id, member_id, grade, message.text, now(), rule, found
    )
    await prompts.clear(session, caller.user_id)
    await answer(
        message, await _screen_of(session, caller, found.with_decision(decided), member_id)
    )
    if asked_on:  # the question above the reason keeps no buttons: one live screen
        with suppress(TelegramBadRequest):
            await message.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=asked_on[0], reply_markup=None
            )


@router.callback_query(pressed(Act.REVIEW_FINISH))
async def finish_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    found = await review.review(session, caller, callback_data.v)
    still_open = found.campaign.status == "open"
    await edit(
        query,
        *review_screens.finish_question(
            callback_data.v, found.decided, len(found.members), still_open
        ),
    )
    await query.answer()


@router.callback_query(pressed(Act.REVIEW_FINISH_CONFIRMED))
async def finish_confirmed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    now: Now,
) -> None:
    close = bool(callback_data.w)
    await review.finish(session, caller, callback_data.v, now(), close=close)
    view = await review.member_review(session, caller, callback_data.v, 0, rule)
    await edit(query, *review_screens.member(view))
    await query.answer(
        gettext(review_texts.REVIEW_CLOSED_AND_FINISHED)
        if close
        else gettext(review_texts.REVIEW_FINISHED),
        show_alert=True,
    )


@router.message(Command("feedback"))
async def feedback_command(
    message: Message, command: CommandObject, session: AsyncSession, caller: Caller
) -> None:
    campaign_id = campaign_argument(command) or await only_campaign(session, caller, Act.FEEDBACK)
    if campaign_id is None:
        await answer(message, await campaign_picker(session, caller, Act.FEEDBACK, 0))
        return
    await answer(message, await _feedback_screen(session, caller, campaign_id))


@router.callback_query(pressed(Act.FEEDBACK))
async def feedback_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await edit(query, *await _feedback_screen(session, caller, callback_data.v))
    await query.answer()


async def _feedback_screen(session: AsyncSession, caller: Caller, campaign_id: int):
    """Before the release, asks to confirm it; after, says so at once, with whoever bound has
    not had their 反馈单 yet and a button to send it to just them."""
    found = await review.review(session, caller, campaign_id)  # rights first
    if found.campaign.released_at is None:
        return feedback_screens.feedback_question(campaign_id)
    return feedback_screens.feedback_after(
        campaign_id, await feedback.unsent(session, caller, campaign_id)
    )


@router.callback_query(pressed(Act.FEEDBACK_CONFIRMED))
async def feedback_confirmed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    pseudonyms: Pseudonyms,
    now: Now,
    outbox_queued: Callable[[], None],
    admin_ids,
) -> None:
    released = await feedback.release(
        session, caller, callback_data.v, pseudonyms, now(), admin_ids
    )
    outbox_queued()
    await edit(query, feedback_texts.feedback_released(released.sent, len(released.unbound)), None)
    await query.answer()


@router.callback_query(pressed(Act.FEEDBACK_UNSENT))
async def feedback_unsent(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    pseudonyms: Pseudonyms,
    now: Now,
    outbox_queued: Callable[[], None],
) -> None:
    sent = await feedback.release_unsent(session, caller, callback_data.v, pseudonyms, now())
    outbox_queued()
    await edit(query, feedback_texts.feedback_sent_to_unsent(sent), None)
    await query.answer()


@router.callback_query(pressed(Act.FEEDBACK_KEPT))
async def feedback_kept(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await review.review(session, caller, callback_data.v)  # a campaign of theirs
    await edit(query, gettext(feedback_texts.FEEDBACK_KEPT), None)
    await query.answer()


@router.callback_query(pressed(Act.FEEDBACK_PDF))
async def organization_feedback_pdf(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    font: str | None,
) -> None:
    """The 组织反馈单 as a PDF, for printing: asked for from its picture."""
    from exports.feedback_sheet import organization_pages  # on first use: bot/lazy.py

    found = await review.review(session, caller, callback_data.v)  # rights first
    own = await feedback.organization_feedback(session, found.campaign, rule)
    period = texts.period_name(found.campaign.period)
    await notices.send_sheet_pdf(
        query,
        font,
        lambda font_path: organization_pages(own, period, font_path, gettext),
        f"组织反馈单-{own.organization}.pdf",
    )
