"""The respondent's ballot in a private chat. Each handler calls the core, then shows its screen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import screens, texts
from bot.callbacks import BallotButton, BranchButton
from evaluation import ballots
from evaluation.ballots import Pseudonyms, Reason, Refused, Respondent

log = logging.getLogger(__name__)
router = Router(name="respondent")
router.message.filter(F.chat.type == "private")
router.callback_query.filter(F.message.chat.type == "private")

Today = Callable[[], date]


@router.message(CommandStart(deep_link=True))
async def start_with_link(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
) -> None:
    respondent = Respondent(message.from_user.id, pseudonyms)
    try:
        invitation = await ballots.open_invitation(session, command.args, respondent, today())
    except Refused as refusal:
        await message.answer(texts.REFUSALS[refusal.reason])
        return
    text, markup = screens.invitation(invitation)
    await message.answer(text, reply_markup=markup)


@router.message(CommandStart())
async def start_without_link(
    message: Message, session: AsyncSession, pseudonyms: Pseudonyms, today: Today
) -> None:
    respondent = Respondent(message.from_user.id, pseudonyms)
    invitation = await ballots.unfinished_invitation(session, respondent, today())
    if invitation is None:
        await message.answer(texts.NO_TOKEN)
        return
    text, markup = screens.invitation(invitation)
    await message.answer(text, reply_markup=markup)


@router.callback_query(BallotButton.filter())
async def press(
    query: CallbackQuery,
    callback_data: BallotButton,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    today: Today,
) -> None:
    respondent = Respondent(query.from_user.id, pseudonyms)
    try:
        screen = await ballots.act(
            session,
            callback_data.c,
            respondent,
            callback_data.s,
            callback_data.a,
            callback_data.v,
            today(),
        )
    except Refused as refusal:
        if refusal.reason == Reason.STALE and refusal.screen is not None:
            await _show(query, *screens.render(refusal.screen))
        await query.answer(texts.REFUSALS[refusal.reason], show_alert=True)
        return
    await _show(query, *screens.render(screen))
    await query.answer()


@router.callback_query(BranchButton.filter())
async def branch_page(
    query: CallbackQuery, callback_data: BranchButton, session: AsyncSession, today: Today
) -> None:
    try:
        invite = await ballots.group_invitation(session, callback_data.c, today())
    except Refused as refusal:
        await query.answer(texts.REFUSALS[refusal.reason], show_alert=True)
        return
    await _show(query, *screens.invitation(invite, callback_data.p))
    await query.answer()


@router.callback_query()
async def unknown_button(query: CallbackQuery) -> None:
    await query.answer(texts.REFUSALS[Reason.INVALID], show_alert=True)


@router.message()
async def free_text(
    message: Message, session: AsyncSession, pseudonyms: Pseudonyms, today: Today
) -> None:
    respondent = Respondent(message.from_user.id, pseudonyms)
    try:
        screen = await ballots.write_text(session, respondent, message.text or "", today())
    except Refused as refusal:
        await message.answer(texts.REFUSALS[refusal.reason])
        if refusal.reason == Reason.BUTTON_EXPECTED and refusal.screen is not None:
            text, markup = screens.render(refusal.screen)
            await message.answer(text, reply_markup=markup)
        return
    text, markup = screens.render(screen)
    await message.answer(text, reply_markup=markup)


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message in place; send a new one only if it cannot be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return
            log.info("could not edit a ballot message, sending a new one: %s", error.message)
    await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


group_router = Router(name="groups")


@group_router.message(CommandStart(), F.chat.type != "private")
async def start_in_group(message: Message) -> None:
    await message.answer(texts.PRIVATE_ONLY)
