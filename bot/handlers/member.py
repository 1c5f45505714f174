"""What a member the bot knows (认领) does for themself: /my_commitments shows their 公开承诺,
sets them (the lines after the command), and each item's button moves its 践诺 state on;
/self_evaluation (and the invitation sent when a campaign opens) begins their 党员自我评价 and
党员互评. A member can touch only their own; the core checks the binding behind every id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters, notices, texts
from bot.callbacks.comments import CommentButton
from bot.callbacks.members import MemberAct, MemberButton
from bot.callbacks.self_evaluation import SelfButton
from bot.i18n import gettext
from bot.replies import answer, edit
from bot.screens import comments as comments_screens
from bot.screens import commitments as commitments_screens
from bot.screens import self_evaluation as self_evaluation_screens
from bot.texts import comments as comments_texts
from bot.texts import commitments as commitments_texts
from bot.texts import review as review_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation import comment_flow, commitments, feedback, prompts, self_evaluation
from evaluation.callers import Caller, Forbidden
from evaluation.comment_flow import CommentAction
from evaluation.commitments import CommitmentError
from evaluation.pseudonyms import Pseudonyms
from evaluation.tally import GradingRule

Now = Callable[[], datetime]
Today = Callable[[], date]

router = Router(name="member")
router.message.filter(filters.private_chat)
router.callback_query.filter(filters.private_button)


@router.message(Command("my_commitments"))
async def my_commitments(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    now: Now,
) -> None:
    user_id = message.from_user.id
    if command.args:  # the new list, one 承诺事项 a line
        lines = commitments.lines_of(command.args)
        await commitments.set_own_list(session, pseudonyms, user_id, lines, now())
    lists = await commitments.own(session, pseudonyms, user_id)
    await answer(message, commitments_screens.own_commitments(lists))


@router.callback_query(MemberButton.filter(F.a == MemberAct.STATE))
async def state_pressed(
    query: CallbackQuery,
    callback_data: MemberButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    now: Now,
) -> None:
    user_id, index = query.from_user.id, callback_data.w - 1
    try:
        if index >= 0:  # an older button, of one item (no state): the screen is drawn again
            await commitments.choose_own_state(
                session, pseudonyms, user_id, callback_data.v, index, now()
            )
        lists = await commitments.own(session, pseudonyms, user_id)
    except (CommitmentError, Forbidden):
        await query.answer(gettext(commitments_texts.NOT_YOUR_COMMITMENT), show_alert=True)
        return
    await edit(query, *commitments_screens.own_commitments(lists))
    await query.answer()


@router.callback_query(MemberButton.filter(F.a == MemberAct.FEEDBACK_PDF))
async def feedback_pdf(
    query: CallbackQuery,
    callback_data: MemberButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    rule: GradingRule,
    font: str | None,
) -> None:
    """Their own 反馈单 as a PDF, for printing: asked for from its picture."""
    from exports.feedback_sheet import member_pages  # on first use: bot/lazy.py

    try:
        campaign, found = await feedback.own_feedback(
            session, pseudonyms, query.from_user.id, callback_data.v, rule
        )
    except Forbidden:
        await query.answer(gettext(review_texts.NOT_YOUR_FEEDBACK), show_alert=True)
        return
    period = texts.period_name(campaign.period)
    await notices.send_sheet_pdf(
        query,
        font,
        lambda font_path: member_pages(found, period, font_path, gettext),
        f"反馈单-{found.name}.pdf",
    )


@router.message(Command("self_evaluation"))
async def self_evaluation_command(
    message: Message, session: AsyncSession, pseudonyms: Pseudonyms, today: Today
) -> None:
    """The member's open campaigns, each with 填写自我评价 (and 党员互评)."""
    campaigns = await self_evaluation.open_for(session, pseudonyms, message.from_user.id, today())
    if not campaigns:
        await message.answer(gettext(self_evaluation_texts.SELF_NONE))
        return
    for campaign in campaigns[:5]:
        await answer(message, self_evaluation_screens.invitation_of(campaign))


@router.callback_query(SelfButton.filter())
async def self_evaluation_press(
    query: CallbackQuery,
    callback_data: SelfButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
    now: Now,
) -> None:
    screen = await self_evaluation.act(
        session,
        pseudonyms,
        query.from_user.id,
        callback_data.c,
        callback_data.s,
        callback_data.a,
        callback_data.v,
        today(),
        now(),
    )
    await edit(query, *self_evaluation_screens.render(screen))
    await query.answer()


@router.message(Command("comment"))
async def comment_command(
    message: Message, session: AsyncSession, pseudonyms: Pseudonyms, now: Now, admin_ids
) -> None:
    """逐级点评: whom the caller may comment on, as a member (认领) or as an organizer."""
    caller = Caller.telegram(message.from_user.id, admin_ids)
    found = await comment_flow.choices(session, pseudonyms, caller, now())
    if len(found) != 1:
        await answer(message, comments_screens.comment_choices(found))
        return
    [only] = found  # nothing to pick: straight to the comment
    campaign_id, subject = only.campaign_id, only.subject.key
    if await _signature_first(session, pseudonyms, caller, campaign_id, subject):
        await message.answer(gettext(comments_texts.SIGNATURE_FIRST))
        return
    screen = await comment_flow.open_comment(
        session, pseudonyms, caller, campaign_id, subject, now()
    )
    await answer(message, comments_screens.comment(screen))


async def _signature_first(session, pseudonyms, caller: Caller, campaign_id: int, subject: int):
    """An organizer's first comment asks for their signature (name and title) first; the
    comment opens once it is sent (bot/handlers/organizing/commenters.py)."""
    if not await comment_flow.unsigned(session, pseudonyms, caller, campaign_id, subject):
        return False
    await prompts.ask(session, caller.user_id, prompts.SIGNATURE, f"{campaign_id}:{subject}")
    return True


@router.callback_query(CommentButton.filter())
async def comment_press(
    query: CallbackQuery,
    callback_data: CommentButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    now: Now,
    admin_ids,
) -> None:
    caller = Caller.telegram(query.from_user.id, admin_ids)
    data = callback_data
    if data.a == CommentAction.OPEN and await _signature_first(
        session, pseudonyms, caller, data.c, data.s
    ):
        await edit(query, gettext(comments_texts.SIGNATURE_FIRST), None)
        await query.answer()
        return
    screen = await comment_flow.press(
        session, pseudonyms, caller, data.c, data.s, data.t, data.a, data.v, now()
    )
    await edit(query, *comments_screens.comment(screen))
    await query.answer()
