"""Organizer commands and buttons in a private chat: one module per feature, one handler per
button action (``bot.callbacks.Act``, ``LedgerAct``), each calling the core and replying.

``router`` carries the private-chat filter and the ``OrganizerGate`` once for every module
below it: anyone who is not an organizer gets one neutral line. Rights on a particular
organization are checked by the core, which raises ``Forbidden``; the error handlers here turn
that, and the core's other refusals, into one reply. ``open_router`` (grant links, /help) is
not gated.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot import filters
from bot.handlers.organizing import (
    campaigns,
    commenters,
    commitments,
    cycle,
    grants,
    members,
    pickers,
    rectification,
    review,
    roster,
    wizard,
)
from bot.handlers.organizing.grants import open_router
from bot.i18n import gettext as _
from bot.middlewares import OrganizerGate
from bot.texts import organizing as organizing_texts
from evaluation.callers import Forbidden

__all__ = ["open_router", "router"]

router = Router(name="organizer")
router.message.filter(filters.private_chat)
router.callback_query.filter(filters.private_button)
router.message.middleware(OrganizerGate())
router.callback_query.middleware(OrganizerGate())
router.include_routers(
    wizard.router,
    pickers.router,
    campaigns.router,
    roster.router,
    members.router,
    commitments.router,
    cycle.router,
    grants.router,
    rectification.router,
    review.router,
    commenters.router,
    # Text a wizard step or a ledger button waits for: after every command above.
    wizard.replies,
    commitments.replies,
    review.replies,
    commenters.replies,
    rectification.replies,
)


@router.errors(ExceptionTypeFilter(Forbidden))
async def forbidden(event: ErrorEvent) -> None:
    await _reply(event, _(organizing_texts.NOT_ALLOWED))


async def _reply(event: ErrorEvent, text: str) -> None:
    query, message = event.update.callback_query, event.update.message
    if query is not None:
        await query.answer(text[:200], show_alert=True)
    elif message is not None:
        await message.answer(text)
