"""Every refusal of the core (``evaluation.refusals.Refusal``), answered in one place.

A handler lets the core's refusal go; this router, met by error events after the organizer
routers' own ``Forbidden`` and before the catch-all, says why in the reader's language: an
alert on the pressed button, or a reply to a typed text. A refusal that carries the screen
where the person stands shows it again: on a button, the pressed message is redrawn; after a
text, the reason sits above the screen in one reply, whose buttons work again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import texts
from bot.replies import redraw
from bot.screens import Rendered
from bot.screens import ballots as ballots_screens
from bot.screens import campaigns as campaigns_screens
from bot.screens import comments as comments_screens
from bot.screens import self_evaluation as self_evaluation_screens
from bot.texts import ballots as ballots_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation.ballot_state import Reason, Screen
from evaluation.comment_flow import CommentScreen
from evaluation.organizations import load_tree
from evaluation.refusals import Refusal
from evaluation.self_evaluation import SelfReason, SelfScreen
from evaluation.wizard import WizardScreen

Sessions = async_sessionmaker[AsyncSession]

router = Router(name="refusals")


Draw = Callable[[Any, Sessions], Awaitable[Rendered]]


def _plain(render: Callable[[Any], Rendered]) -> Draw:
    async def draw(screen: Any, sessions: Sessions) -> Rendered:
        return render(screen)

    return draw


async def _wizard(screen: WizardScreen, sessions: Sessions) -> Rendered:
    async with sessions() as session:  # the organization picker indents by the tree
        return campaigns_screens.wizard(screen, await load_tree(session))


# How each flow's screen is drawn again, by the screen's type.
SCREENS: dict[type, Draw] = {
    Screen: _plain(ballots_screens.render),
    SelfScreen: _plain(self_evaluation_screens.render),
    CommentScreen: _plain(comments_screens.comment),
    WizardScreen: _wizard,
}


def wording(refusal: Refusal) -> str:
    """Why, in the reader's language: a flow's reason code, else what the core worded."""
    reason = refusal.reason
    if isinstance(reason, Reason):
        return ballots_texts.refused(reason)
    if isinstance(reason, SelfReason):
        return self_evaluation_texts.self_refused(reason)
    return texts.say(refusal)


@router.errors(ExceptionTypeFilter(Refusal))
async def refused(event: ErrorEvent, sessionmaker: Sessions) -> None:
    refusal: Refusal = event.exception
    text = wording(refusal)
    shown = (
        None
        if refusal.screen is None
        else await SCREENS[type(refusal.screen)](refusal.screen, sessionmaker)
    )
    query, message = event.update.callback_query, event.update.message
    # The reply itself may fail (a press a killed worker already answered): the refusal still
    # stands, and nothing is left for a redelivery to do.
    with suppress(TelegramAPIError):
        if query is not None:
            if shown is not None:
                await redraw(query, *shown)
            await query.answer(text[:200], show_alert=True)
        elif message is not None:
            if shown is None:
                await message.answer(text)
            else:
                await message.answer(f"{text}\n\n{shown[0]}", reply_markup=shown[1])
