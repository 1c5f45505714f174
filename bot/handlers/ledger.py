"""整改台账 buttons, the 统计单 figures organizers record, and the text those buttons ask for.

Gated like the organizer router; the core checks rights on the campaign behind every id, and
its refusals (``CampaignError`` and subclasses) are answered by the organizer router's error
handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters, ledger_screens, texts
from bot.callbacks import LedgerButton
from bot.middlewares import OrganizerGate
from bot.replies import answer, edit
from evaluation import activities, campaigns, prompts, rectification
from evaluation.activities import ITEMS
from evaluation.ballots import STATUSES, Pseudonyms, Reason
from evaluation.callers import Caller

Now = Callable[[], datetime]

router = Router(name="ledger")
router.message.filter(filters.private_chat)
router.callback_query.filter(filters.private_button)
router.message.middleware(OrganizerGate())
router.callback_query.middleware(OrganizerGate())


@router.callback_query(LedgerButton.filter())
async def press(
    query: CallbackQuery,
    callback_data: LedgerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
    pseudonyms: Pseudonyms,
) -> None:
    act, data = callback_data.a, callback_data
    if act == "ls":
        status = ledger_screens.status_filter(data.f)
        page = await rectification.items(session, caller, data.c, status, max(0, data.p))
        await edit(query, *ledger_screens.ledger_page(page, data.c))
    elif act == "it":
        item = await rectification.item(session, caller, data.x)
        await edit(query, *ledger_screens.ledger_item(item, data.f, data.p))
    elif act == "st" and 0 <= data.p < len(STATUSES):
        status = STATUSES[data.p]
        item = await rectification.update(session, caller, data.x, now(), pseudonyms, status=status)
        await edit(query, *ledger_screens.ledger_item(item))
    elif act == "in" and 0 <= data.p < len(ledger_screens.ITEM_FIELDS):
        item = await rectification.item(session, caller, data.x)  # rights first
        field = ledger_screens.ITEM_FIELDS[data.p]
        await prompts.ask(session, caller.user_id, field, item.code)
        await query.message.answer(texts.prompt(field, item.code, item.reply_pending))
    elif act == "ri" and 0 <= data.p < len(ITEMS):
        campaign = await campaigns.managed_campaign(session, caller, data.c)
        item = ITEMS[data.p]
        totals = await activities.totals(session, campaign)
        await prompts.ask(session, caller.user_id, prompts.ACTIVITY, f"{data.c}:{item.code}")
        await query.message.answer(texts.record_prompt(item, totals.get(item.code)))
    else:
        await query.answer(texts.REFUSALS[Reason.INVALID], show_alert=True)
        return
    await query.answer()


@router.message(Command("cancel"))
async def cancel(message: Message, session: AsyncSession, caller: Caller) -> None:
    cleared = await prompts.clear(session, caller.user_id)
    await message.answer(texts.PROMPT_CANCELLED if cleared else texts.NOTHING_TO_CANCEL)


async def awaiting_text(message: Message, session: AsyncSession) -> bool:
    if (message.text or "").startswith("/"):
        return False  # a command is never the answer to a question
    return await prompts.pending(session, message.from_user.id) is not None


@router.message(filters.has_text, awaiting_text)
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
        await message.answer(texts.recorded(activities.BY_CODE[code], count, total))
        return
    value = message.text
    changes = {field: rectification.parse_deadline(value) if field == prompts.DEADLINE else value}
    item = await rectification.update(session, caller, target, now(), pseudonyms, **changes)
    await prompts.clear(session, caller.user_id)
    if field == prompts.RESPONSE:
        outbox_queued()  # the writer's reply, if they asked for one
    await answer(message, ledger_screens.ledger_item(item))
