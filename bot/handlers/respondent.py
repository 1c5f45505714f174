"""The respondent's ballot in a private chat. Each handler calls the core, then shows its screen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters
from bot.callbacks.ballots import BallotButton, BranchButton, PeerButton, ReachAct, ReachButton
from bot.callbacks.campaigns import WizardButton
from bot.callbacks.organizing import OrganizerButton, PageButton
from bot.callbacks.rectification import LedgerButton
from bot.i18n import current_language
from bot.i18n import gettext as _
from bot.replies import answer, redraw
from bot.routing import SEPARATOR
from bot.screens import ballots as ballots_screens
from bot.screens import comments as comments_screens
from bot.screens import self_evaluation as self_evaluation_screens
from bot.texts import ballots as ballots_texts
from bot.texts import organizing as organizing_texts
from evaluation import (
    ballots,
    comment_flow,
    invitations,
    reach,
    rectification,
    self_evaluation,
    submission,
)
from evaluation.ballot_state import Reason, Refused, Respondent
from evaluation.callers import Caller
from evaluation.pseudonyms import Pseudonyms
from storage.press_shapes import Presses

log = logging.getLogger(__name__)
router = Router(name="respondent")
router.message.filter(filters.private_chat)
router.callback_query.filter(filters.private_button)
# The ballots' buttons, offered every press before any other router (bot/app.py): a hall's
# presses are nearly all of these, and each router visited costs an answer some CPU.
ballot_router = Router(name="ballot")
ballot_router.callback_query.filter(filters.private_button)

Today = Callable[[], date]
Now = Callable[[], datetime]


def _respondent(user_id: int, pseudonyms: Pseudonyms, screen: int | None = None) -> Respondent:
    """Who is answering, the language they read the ballot in (kept for reminders), and the
    message they pressed on."""
    return Respondent(user_id, pseudonyms, current_language(), screen)


@router.message(CommandStart(deep_link=True))
async def start_with_link(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
) -> None:
    respondent = _respondent(message.from_user.id, pseudonyms)
    invitation = await invitations.open_invitation(session, command.args, respondent, today())
    text, markup = ballots_screens.invitation(invitation)
    await message.answer(text, reply_markup=markup)


@router.message(CommandStart())
async def start_without_link(
    message: Message, session: AsyncSession, pseudonyms: Pseudonyms, today: Today
) -> None:
    respondent = _respondent(message.from_user.id, pseudonyms)
    invitation = await invitations.unfinished_invitation(session, respondent, today())
    if invitation is None:
        await message.answer(_(ballots_texts.NO_TOKEN))
        return
    text, markup = ballots_screens.invitation(invitation)
    await message.answer(text, reply_markup=markup)


@ballot_router.callback_query(BallotButton.filter())
async def press(
    query: CallbackQuery,
    callback_data: BallotButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
    now: Now,
    presses: Presses | None = None,
) -> None:
    await _press(query, callback_data, session, pseudonyms, today, now, False, presses)


@ballot_router.callback_query(PeerButton.filter())
async def peer_press(
    query: CallbackQuery,
    callback_data: PeerButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
    now: Now,
) -> None:
    """党员互评: the same engine and the same two calls per answer as the masses' ballot."""
    await _press(query, callback_data, session, pseudonyms, today, now, True)


async def _press(
    query: CallbackQuery,
    callback_data: BallotButton | PeerButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
    now: Now,
    peer: bool,
    presses: Presses | None = None,
) -> None:
    pressed = query.message.message_id if isinstance(query.message, Message) else None
    respondent = _respondent(query.from_user.id, pseudonyms, pressed)
    screen = await ballots.act(
        session,
        callback_data.c,
        respondent,
        callback_data.s,
        callback_data.a,
        callback_data.v,
        today(),
        now(),
        peer,
        presses,
    )
    await redraw(query, *ballots_screens.render(screen))
    if screen.receipt is not None:  # the thank-you is on screen: its outbox copy can go
        await submission.receipt_shown(session, respondent, callback_data.c)
    await query.answer()


@router.callback_query(BranchButton.filter())
async def branch_page(
    query: CallbackQuery,
    callback_data: BranchButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
) -> None:
    respondent = _respondent(query.from_user.id, pseudonyms)
    invite = await invitations.group_invitation(
        session, callback_data.c, respondent, callback_data.t, today()
    )
    await redraw(query, *ballots_screens.invitation(invite, callback_data.p))
    await query.answer()


@router.message(Command("stop"))
async def stop_reminders(message: Message, session: AsyncSession, pseudonyms: Pseudonyms) -> None:
    await reach.stop(session, pseudonyms, message.from_user.id)
    await message.answer(_(ballots_texts.STOPPED))


@router.message(Command("receipt"))
async def receipt(message: Message, command: CommandObject, session: AsyncSession) -> None:
    """Anyone with an opinion's code may follow its 整改; the code names no one."""
    if not command.args:
        await message.answer(_(ballots_texts.RECEIPT_USAGE))
        return
    item = await rectification.lookup(session, command.args[:40])
    await message.answer(
        ballots_texts.receipt(item) if item else _(ballots_texts.RECEIPT_NOT_FOUND)
    )


@router.callback_query(ReachButton.filter(F.a == ReachAct.STOP))
async def stop_pressed(query: CallbackQuery, session: AsyncSession, pseudonyms: Pseudonyms):
    await reach.stop(session, pseudonyms, query.from_user.id)
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and message.reply_markup is not None:
        # Keep 继续评议, drop 不再提醒.
        rows = message.reply_markup.inline_keyboard[:-1]
        with suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))
    await query.answer(_(ballots_texts.STOPPED), show_alert=True)


@router.callback_query(ReachButton.filter(F.a == ReachAct.SUBSCRIBE))
async def subscribe_pressed(
    query: CallbackQuery, callback_data: ReachButton, session: AsyncSession, pseudonyms: Pseudonyms
) -> None:
    campaign = await reach.subscribe(
        session, pseudonyms, query.from_user.id, callback_data.c, current_language()
    )
    if campaign is None:
        await query.answer(_(ballots_texts.CANNOT_SUBSCRIBE), show_alert=True)
        return
    await _settle_subscription(
        query, _(ballots_texts.SUBSCRIBED).format(campaign.questionnaire["organization"])
    )


@router.callback_query(ReachButton.filter(F.a == ReachAct.NO_THANKS))
async def no_subscription_pressed(query: CallbackQuery) -> None:
    await _settle_subscription(query, _(ballots_texts.NOT_SUBSCRIBED))


async def _settle_subscription(query: CallbackQuery, outcome: str) -> None:
    """The thank-you loses its 订阅提醒 question and says what was chosen."""
    message = query.message if isinstance(query.message, Message) else None
    if message is not None and message.text:
        text = message.text.replace(_(ballots_texts.SUBSCRIBE_QUESTION).strip(), "").rstrip()
        with suppress(TelegramBadRequest):
            await message.edit_text(f"{text}\n\n{outcome}", reply_markup=None)
    await query.answer()


ORGANIZERS_KINDS = frozenset(
    kind.__prefix__ for kind in (OrganizerButton, PageButton, LedgerButton, WizardButton)
)


@router.callback_query()
async def unknown_button(query: CallbackQuery) -> None:
    """A press nothing took: an organizer's button outside a private chat, or data no button
    of ours carries."""
    kind = (query.data or "").partition(SEPARATOR)[0]
    text = (
        _(organizing_texts.ORGANIZERS_BUTTON)
        if kind in ORGANIZERS_KINDS
        else ballots_texts.refused(Reason.INVALID)
    )
    await query.answer(text, show_alert=True)


@router.message()
async def free_text(
    message: Message,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
    now: Now,
    admin_ids,
) -> None:
    """The 意见建议 of a ballot at that step; else a text the sender's 党员自我评价 or 逐级点评
    asks for; else a hint. The anonymous opinion comes first, so it can never land in a signed
    text."""
    respondent = _respondent(message.from_user.id, pseudonyms)
    try:
        screen = await ballots.write_text(session, respondent, message.text or "", today())
    except Refused as refusal:
        if refusal.reason in (Reason.NOT_STARTED, Reason.BUTTON_EXPECTED) and (
            await _signed_text(message, session, pseudonyms, today, now, admin_ids)
        ):
            return
        raise  # the hint, above the current question if there is one (bot/refusals.py)
    text, markup = ballots_screens.render(screen)
    await message.answer(text, reply_markup=markup)


async def _signed_text(
    message: Message,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
    now: Now,
    admin_ids,
) -> bool:
    """Whether the text was for something the sender signs: their self-evaluation, else the
    comment they are writing (stored, or refused with a hint above the field)."""
    user_id, text = message.from_user.id, message.text or ""
    # Refused with a hint above the field (bot/refusals.py), or stored.
    screen = await self_evaluation.write_text(session, pseudonyms, user_id, text, today(), now())
    if screen is not None:
        await answer(message, self_evaluation_screens.render(screen))
        return True
    caller = Caller.telegram(user_id, admin_ids)
    comment = await comment_flow.write(session, pseudonyms, caller, text, now())
    if comment is None:
        return False
    await answer(message, comments_screens.comment(comment))
    return True


group_router = Router(name="groups")


@group_router.message(CommandStart(), filters.group_chat)
async def start_in_group(message: Message) -> None:
    await message.answer(_(ballots_texts.PRIVATE_ONLY))
