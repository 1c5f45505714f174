"""The 整改台账 and the 统计单 figures organizers record: /suggestions and /record, their
buttons, and the text those buttons ask for. The core checks rights on the campaign behind
every id."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters
from bot.callbacks.organizing import Act, OrganizerButton
from bot.callbacks.rectification import LedgerAct, LedgerButton
from bot.handlers.organizing.common import Now, campaign_argument, pressed
from bot.handlers.organizing.pickers import campaign_picker
from bot.i18n import gettext as _
from bot.replies import answer, edit
from bot.screens import activities as activities_screens
from bot.screens import rectification as rectification_screens
from bot.texts import activities as activities_texts
from bot.texts import ballots as ballots_texts
from bot.texts import rectification as rectification_texts
from evaluation import activities, campaigns, prompts, rectification
from evaluation.activities import ITEMS
from evaluation.ballot_state import Reason
from evaluation.callers import Caller
from evaluation.pseudonyms import Pseudonyms
from evaluation.rectification import STATUSES

router = Router(name="organizer-ledger")
# The text a ledger button asked for: included after every organizer command.
replies = Router(name="organizer-ledger-text")


def ledger_pressed(act: LedgerAct):
    return LedgerButton.filter(F.a == act)


@router.message(Command("suggestions", "record"))
async def ledger(
    message: Message, command: CommandObject, session: AsyncSession, caller: Caller
) -> None:
    """/suggestions: the 整改台账; /record: the 统计单 figures to record."""
    act = Act.SUGGESTIONS if command.command == "suggestions" else Act.RECORD
    campaign_id = campaign_argument(command)
    if campaign_id is None:
        await answer(message, await campaign_picker(session, caller, act, 0))
        return
    await answer(message, await ledger_screen(session, caller, act, campaign_id))


@router.callback_query(pressed(Act.SUGGESTIONS))
@router.callback_query(pressed(Act.RECORD))
async def ledger_picked(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    act = Act(callback_data.a)
    await edit(query, *await ledger_screen(session, caller, act, callback_data.v))
    await query.answer()


async def ledger_screen(session: AsyncSession, caller: Caller, act: Act, campaign_id: int):
    if act == Act.SUGGESTIONS:
        page = await rectification.items(session, caller, campaign_id)
        return rectification_screens.ledger_page(page, campaign_id)
    campaign = await campaigns.managed_campaign(session, caller, campaign_id)
    totals = await activities.totals(session, campaign)
    return activities_screens.activity_picker(
        campaign_id, campaigns.campaign_title(campaign), totals
    )


@router.callback_query(ledger_pressed(LedgerAct.LIST))
async def ledger_page(
    query: CallbackQuery, callback_data: LedgerButton, session: AsyncSession, caller: Caller
) -> None:
    data = callback_data
    status = rectification_screens.status_filter(data.f)
    page = await rectification.items(session, caller, data.c, status, max(0, data.p))
    await edit(query, *rectification_screens.ledger_page(page, data.c))
    await query.answer()


@router.callback_query(ledger_pressed(LedgerAct.ITEM))
async def ledger_item(
    query: CallbackQuery, callback_data: LedgerButton, session: AsyncSession, caller: Caller
) -> None:
    item = await rectification.item(session, caller, callback_data.x)
    await edit(query, *rectification_screens.ledger_item(item, callback_data.f, callback_data.p))
    await query.answer()


@router.callback_query(ledger_pressed(LedgerAct.SET_STATUS))
async def set_status(
    query: CallbackQuery,
    callback_data: LedgerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
    pseudonyms: Pseudonyms,
) -> None:
    if not 0 <= callback_data.p < len(STATUSES):
        await query.answer(ballots_texts.refused(Reason.INVALID), show_alert=True)
        return
    status = STATUSES[callback_data.p]
    item = await rectification.update(
        session, caller, callback_data.x, now(), pseudonyms, status=status
    )
    await edit(query, *rectification_screens.ledger_item(item))
    await query.answer()


@router.callback_query(ledger_pressed(LedgerAct.ASK_FIELD))
async def ask_field(
    query: CallbackQuery, callback_data: LedgerButton, session: AsyncSession, caller: Caller
) -> None:
    if not 0 <= callback_data.p < len(rectification_screens.ITEM_FIELDS):
        await query.answer(ballots_texts.refused(Reason.INVALID), show_alert=True)
        return
    item = await rectification.item(session, caller, callback_data.x)  # rights first
    field = rectification_screens.ITEM_FIELDS[callback_data.p]
    await prompts.ask(session, caller.user_id, field, item.code)
    await query.message.answer(activities_texts.prompt(field, item.code, item.reply_pending))
    await query.answer()


@router.callback_query(ledger_pressed(LedgerAct.ASK_FIGURE))
async def ask_figure(
    query: CallbackQuery, callback_data: LedgerButton, session: AsyncSession, caller: Caller
) -> None:
    if not 0 <= callback_data.p < len(ITEMS):
        await query.answer(ballots_texts.refused(Reason.INVALID), show_alert=True)
        return
    campaign = await campaigns.managed_campaign(session, caller, callback_data.c)
    item = ITEMS[callback_data.p]
    totals = await activities.totals(session, campaign)
    target = f"{callback_data.c}:{item.code}"
    await prompts.ask(session, caller.user_id, prompts.ACTIVITY, target)
    await query.message.answer(activities_texts.record_prompt(item, totals.get(item.code)))
    await query.answer()


@router.message(Command("cancel"))
async def cancel(message: Message, session: AsyncSession, caller: Caller) -> None:
    cleared = await prompts.clear(session, caller.user_id)
    await message.answer(
        _(rectification_texts.PROMPT_CANCELLED)
        if cleared
        else _(rectification_texts.NOTHING_TO_CANCEL)
    )


async def awaiting_text(message: Message, session: AsyncSession) -> bool:
    if (message.text or "").startswith("/"):
        return False  # a command is never the answer to a question
    return await prompts.pending(session, message.from_user.id) is not None


@replies.message(filters.has_text, awaiting_text)
async def answer_prompt(
    message: Message,
    session: AsyncSession,
    caller: Caller,
    now: Now,
    pseudonyms: Pseudonyms,
    outbox_queued: Callable[[], None],
) -> None:
    """The text a 填写负责人 / 设置期限 / 填写答复 / 统计单 button asked for. A refusal keeps the
    question open, so the organizer can send the text again."""
    prompt = await prompts.pending(session, caller.user_id)
    field, target = prompt.field, prompt.target
    if field == prompts.ACTIVITY:
        campaign_id, code = target.split(":", 1)
        count = activities.parse_count(message.text)
        total = await activities.record(session, caller, int(campaign_id), code, count, now())
        await prompts.clear(session, caller.user_id)
        await message.answer(activities_texts.recorded(activities.BY_CODE[code], count, total))
        return
    value = message.text
    changes = {field: rectification.parse_deadline(value) if field == prompts.DEADLINE else value}
    item = await rectification.update(session, caller, target, now(), pseudonyms, **changes)
    await prompts.clear(session, caller.user_id)
    if field == prompts.RESPONSE:
        outbox_queued()  # the writer's reply, if they asked for one
    await answer(message, rectification_screens.ledger_item(item))
