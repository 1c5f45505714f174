"""What the organizer modules share: the injected clocks, a command's campaign id, and the
announcement of a newly opened campaign."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from aiogram import F
from aiogram.filters import CommandObject
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import notices
from bot.callbacks.organizing import Act, OrganizerButton
from bot.i18n import gettext as _
from bot.texts import organizing as organizing_texts
from evaluation.campaigns import CampaignError
from storage.models import Campaign

Today = Callable[[], date]
Now = Callable[[], datetime]


def pressed(act: Act):
    """The filter of one organizer button action: one action, one handler."""
    return OrganizerButton.filter(F.a == act)


def organization_page(data: OrganizerButton, opening: Act) -> tuple[int, int]:
    """(organization, page) of a list of one organization's entries: just opened (``opening``:
    the value is the organization) or turned to another page (value: the page; second value:
    the organization)."""
    return (data.v, 0) if data.a == opening else (data.w, data.v)


def campaign_argument(command: CommandObject) -> int | None:
    """``/status 12``: the campaign id, None without one; refused if it is not a number."""
    if not command.args:
        return None
    text = command.args.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise CampaignError(_(organizing_texts.CAMPAIGN_ID_EXPECTED))
    return int(text)


async def announce(
    message: Message, session: AsyncSession, campaign: Campaign, font: str | None
) -> None:
    """The invitation link as text, the QR code as a photo, and a printable A4 poster."""
    me = await message.bot.me()
    for text in await notices.link_texts(session, campaign, me.username):
        await message.answer(text)
    qr = notices.qr_photo(campaign, me.username)
    await message.answer_photo(qr.file, caption=qr.text)
    poster = await notices.poster(campaign, me.username, font)
    if poster.file is None:
        await message.answer(poster.text)
    else:
        await message.answer_document(poster.file, caption=poster.text)
