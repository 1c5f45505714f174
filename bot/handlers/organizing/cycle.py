"""一季一评议 on and off, and the 半年一小结 / 年终一总评 on request."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import notices
from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import Now, Today, pressed
from bot.handlers.organizing.pickers import organization_picker
from bot.i18n import gettext as _
from bot.replies import answer, edit
from bot.screens import cycle as cycle_screens
from bot.texts import cycle as cycle_texts
from bot.texts import summaries as summaries_texts
from evaluation import access, quarterly
from evaluation.callers import Caller
from evaluation.cycle import CycleRules
from evaluation.summaries import HALF, YEAR
from evaluation.tally import GradingRule

router = Router(name="organizer-cycle")


@router.message(Command("cycle"))
async def cycle(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    caller: Caller,
    now: Now,
    rules: CycleRules,
) -> None:
    argument = (command.args or "").strip().lower()
    if argument in ("on", "off"):
        act = Act.CYCLE_ON if argument == "on" else Act.CYCLE_OFF
        await answer(message, await organization_picker(session, caller, act, 0))
        return
    rows = await quarterly.list_cycles(session, caller, now(), rules)
    if not rows:
        await message.answer(_(cycle_texts.CYCLE_NONE))
        return
    lines = [_(cycle_texts.CYCLE_LIST_TITLE)] + [
        cycle_screens.cycle_line(row, rules) for row in rows
    ]
    await message.answer("\n".join(lines) + _(cycle_texts.CYCLE_USAGE))


@router.callback_query(pressed(Act.CYCLE_ON))
@router.callback_query(pressed(Act.CYCLE_OFF))
async def cycle_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
    rules: CycleRules,
    schedule_changed: Callable[[], None],
) -> None:
    enabled = callback_data.a == Act.CYCLE_ON
    row = await quarterly.set_cycle(session, caller, callback_data.v, enabled, now(), rules)
    schedule_changed()
    await edit(query, cycle_screens.cycle_line(row, rules), None)
    await query.answer()


@router.message(Command("summary"))
async def summary(
    message: Message, command: CommandObject, session: AsyncSession, caller: Caller
) -> None:
    act = {"half": Act.HALF_SUMMARY, "year": Act.YEAR_SUMMARY}.get(
        (command.args or "").strip().lower()
    )
    if act is None:
        await message.answer(_(summaries_texts.SUMMARY_USAGE))
        return
    await answer(message, await organization_picker(session, caller, act, 0))


@router.callback_query(pressed(Act.HALF_SUMMARY))
@router.callback_query(pressed(Act.YEAR_SUMMARY))
async def summary_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    today: Today,
    now: Now,
    rule: GradingRule,
) -> None:
    organization_id = callback_data.v
    await access.require(session, caller, organization_id)
    await query.answer()
    day = today()
    half_year = callback_data.a == Act.HALF_SUMMARY
    kind, half = (HALF, 1 if day.month <= 6 else 2) if half_year else (YEAR, None)
    await query.message.answer(_(summaries_texts.SUMMARY_WORKING))
    document = await notices.summary_document(
        session, caller, organization_id, kind, day.year, half, rule, now()
    )
    await query.message.answer_document(document.file, caption=document.text)
