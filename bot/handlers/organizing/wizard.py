"""The /start_campaign wizard: one screen per step, each button stamped with its step; the
number of expected respondents and the scores typed as text."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters
from bot.callbacks.campaigns import WizardButton
from bot.handlers.organizing.common import Now, Today, announce
from bot.i18n import gettext as _
from bot.replies import answer, edit
from bot.screens import campaigns as campaigns_screens
from bot.texts import campaigns as campaigns_texts
from bot.texts import organizing as organizing_texts
from evaluation import wizard
from evaluation.callers import Caller, Forbidden
from evaluation.organizations import load_tree
from storage.models import Campaign

router = Router(name="organizer-wizard")
# The text the wizard waits for: included after every organizer command.
replies = Router(name="organizer-wizard-text")


@router.message(Command("start_campaign"))
async def start_wizard(message: Message, session: AsyncSession, caller: Caller, today: Today):
    try:
        screen = await wizard.begin(session, caller, today())
    except Forbidden:
        await message.answer(_(organizing_texts.NO_ORGANIZATIONS))
        return
    await answer(message, campaigns_screens.wizard(screen, await load_tree(session)))


@router.callback_query(WizardButton.filter())
async def wizard_press(
    query: CallbackQuery,
    callback_data: WizardButton,
    session: AsyncSession,
    caller: Caller,
    today: Today,
    now: Now,
    font: str | None,
    schedule_changed: Callable[[], None],
) -> None:
    result = await wizard.choose(
        session, caller, callback_data.s, callback_data.a, callback_data.v, today(), now()
    )
    if result is None:
        await edit(query, _(campaigns_texts.WIZARD_CANCELLED), None)
    elif isinstance(result, Campaign):
        await edit(query, _(campaigns_texts.WIZARD_OPENED), None)
        schedule_changed()  # its subscribers are invited
        await announce(query.message, session, result, font)
    else:
        await edit(query, *campaigns_screens.wizard(result, await load_tree(session)))
    await query.answer()


async def awaiting_text(message: Message, session: AsyncSession) -> bool:
    if (message.text or "").startswith("/"):
        return False  # a command is never the answer to a question
    return await wizard.awaiting_text(session, message.from_user.id)


@replies.message(filters.has_text, awaiting_text)
async def typed(message: Message, session: AsyncSession, caller: Caller, today: Today):
    screen = await wizard.type_text(session, caller, message.text, today())
    await answer(message, campaigns_screens.wizard(screen))
