"""Campaigns: the list and its 邀请链接, status, closing, the workbook and the 公示版, practice
campaigns."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    FSInputFile,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import Now, Today, announce, campaign_argument, pressed
from bot.handlers.organizing.pickers import campaign_picker, organization_picker
from bot.i18n import gettext
from bot.lost_exports import LostExports
from bot.replies import answer, edit
from bot.screens import campaigns as campaigns_screens
from bot.texts import campaigns as campaigns_texts
from evaluation import campaigns
from evaluation.callers import Caller
from evaluation.campaigns import CampaignError
from evaluation.outgoing import ExportLost
from evaluation.public_notice import DEFAULT_NOTICE, PublicNotice
from evaluation.status import campaign_status
from evaluation.tally import GradingRule
from evaluation.wording import Phrase
from exports.pdf import office, to_pdf

router = Router(name="organizer-campaigns")


@router.message(Command("campaigns"))
async def list_campaigns(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await campaign_picker(session, caller, Act.STATUS, 0))


@router.message(Command("status"))
async def status(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    font: str | None,
) -> None:
    campaign_id = campaign_argument(command)
    if campaign_id is None:
        open_rows = [
            r for r in await campaigns.list_campaigns(session, caller) if r.status == "open"
        ]
        if len(open_rows) != 1:
            await answer(message, await campaign_picker(session, caller, Act.STATUS, 0))
            return
        campaign_id = open_rows[0].id
    report = await campaign_status(session, caller, campaign_id, rule)
    await send_status(message, report, font)


@router.callback_query(pressed(Act.STATUS))
async def status_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    font: str | None,
) -> None:
    # Answered with new messages: the rights are checked before the press is answered.
    report = await campaign_status(session, caller, callback_data.v, rule)
    await query.answer()
    await send_status(query.message, report, font)


async def send_status(message: Message, report, font: str | None) -> None:
    """The report, then (once a subject has figures) its 满意+基本满意率 as a bar chart."""
    parts = campaigns_screens.status(report)
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=campaigns_screens.status_keyboard(report))
    from exports.poster import PosterError, find_font  # on first use: see bot/lazy.py
    from exports.status_chart import status_png

    try:
        font_path = find_font(font)
    except PosterError:
        return  # no CJK font on this server: the text says it all
    title = texts.say(report.title)
    png = await asyncio.to_thread(status_png, report, title, font_path, gettext)
    if png is not None:
        await message.answer_photo(BufferedInputFile(png, "status.png"))


@router.callback_query(pressed(Act.INVITATION_LINK))
async def invitation_link(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    font: str | None,
) -> None:
    """邀请链接: the link, the QR code and the poster again."""
    campaign = await campaigns.open_for_invitations(session, caller, callback_data.v)
    await query.answer()
    await announce(query.message, session, campaign, font)


# --- closing ------------------------------------------------------------------------------


@router.message(Command("close_campaign"))
async def close(message: Message, command: CommandObject, session: AsyncSession, caller: Caller):
    campaign_id = campaign_argument(command)
    if campaign_id is None:
        await answer(message, await campaign_picker(session, caller, Act.CLOSE, 0))
        return
    await answer(message, await close_question(session, caller, campaign_id))


@router.callback_query(pressed(Act.CLOSE))
async def close_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await edit(query, *await close_question(session, caller, callback_data.v))
    await query.answer()


async def close_question(session: AsyncSession, caller: Caller, campaign_id: int):
    campaign = await campaigns.managed_campaign(session, caller, campaign_id)
    if campaign.status != "open":
        raise CampaignError(Phrase(campaigns.CLOSED, id=campaign_id))
    title = campaigns.campaign_title(campaign)
    return campaigns_screens.close_confirmation(campaign_id, title)


@router.callback_query(pressed(Act.CLOSE_CONFIRMED))
async def close_confirmed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    now: Now,
    lost: LostExports,
) -> None:
    campaign_id = callback_data.v
    await campaigns.close_campaign(session, caller, campaign_id, now())
    await query.answer()
    await edit(query, gettext(campaigns_texts.CLOSED_DONE), None)
    report = await campaign_status(session, caller, campaign_id, rule)
    for part in campaigns_screens.status(report, closing=True):
        await query.message.answer(part)
    await send_workbook(query.message, session, caller, campaign_id, rule, now, lost)


@router.callback_query(pressed(Act.CLOSE_KEPT))
async def close_kept(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await campaigns.managed_campaign(session, caller, callback_data.v)
    await edit(query, gettext(campaigns_texts.CLOSE_KEPT), None)
    await query.answer()


# --- the workbook and the 公示版 ------------------------------------------------------------


@router.message(Command("export", "public"))
async def export(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    now: Now,
    notice: PublicNotice,
    lost: LostExports,
):
    """/export: the workbook handed upward; /public: the 公示版."""
    public = command.command == "public"
    campaign_id = campaign_argument(command)
    if campaign_id is None:
        act = Act.PUBLIC if public else Act.EXPORT
        await answer(message, await campaign_picker(session, caller, act, 0))
        return
    shown = notice if public else None
    await send_workbook(message, session, caller, campaign_id, rule, now, lost, shown)


@router.callback_query(pressed(Act.EXPORT))
@router.callback_query(pressed(Act.PUBLIC))
@router.callback_query(pressed(Act.EXPORT_PDF))
@router.callback_query(pressed(Act.PUBLIC_PDF))
async def export_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    now: Now,
    notice: PublicNotice,
    lost: LostExports,
) -> None:
    """A picked campaign's workbook or 公示版, or (the button under one) its 打印版 PDF."""
    campaign_id, act = callback_data.v, callback_data.a
    pdf = act in (Act.EXPORT_PDF, Act.PUBLIC_PDF)
    await campaigns.managed_campaign(session, caller, campaign_id)
    if pdf:
        office()  # not installed: one clear message, before any work
    await query.answer()
    shown = notice if act in (Act.PUBLIC, Act.PUBLIC_PDF) else None
    await send_workbook(
        query.message, session, caller, campaign_id, rule, now, lost, shown, pdf=pdf
    )


async def send_workbook(
    message: Message,
    session,
    caller,
    campaign_id,
    rule,
    now,
    lost: LostExports,
    notice: PublicNotice | None = None,
    pdf: bool = False,
) -> None:
    """The workbook, or with ``notice`` the 公示版; as 打印版 PDF with ``pdf``, else with a
    button for it. The export runs in a worker thread and LibreOffice in a process of its
    own: other chats are served meanwhile. Until it is sent, a notice waits in the outbox in
    case the process dies first (bot/lost_exports.py); it is withdrawn once the workbook is
    sent, or once it failed here."""
    public = notice is not None
    from exports.workbook import export_campaign  # on first use: see bot/lazy.py

    campaign = await campaigns.managed_campaign(session, caller, campaign_id)
    title = campaigns.campaign_title(campaign)
    what = ExportLost(public=public, pdf=pdf)
    reason = await lost.promise(session, caller.user_id, campaign_id, now(), what)
    working = (
        gettext(campaigns_texts.PDF_WORKING) if pdf else gettext(campaigns_texts.EXPORT_WORKING)
    )
    try:
        await message.answer(working.format(texts.say(title)))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{title} {'公示版' if public else '评议'}.xlsx"
            report = await export_campaign(
                session,
                caller,
                campaign_id,
                path,
                now(),
                rule,
                public=public,
                notice=notice or DEFAULT_NOTICE,
            )
            if pdf:
                [printed] = await to_pdf([path], Path(folder) / "pdf")
                caption = gettext(campaigns_texts.PDF_CAPTION).format(texts.say(title))
                await message.answer_document(FSInputFile(printed), caption=caption)
                return
            if not public:
                caption = gettext(campaigns_texts.EXPORT_CAPTION).format(
                    texts.say(title), report.submitted
                )
            elif report.closed is None:  # the 阶段性结果: nothing to post yet
                caption = gettext(campaigns_texts.PUBLIC_INTERIM_CAPTION).format(texts.say(title))
            else:
                caption = gettext(campaigns_texts.PUBLIC_CAPTION).format(texts.say(title))
            printable = campaigns_screens.printable(
                Act.PUBLIC_PDF if public else Act.EXPORT_PDF, campaign_id
            )
            document = FSInputFile(path)
            await message.answer_document(document, caption=caption, reply_markup=printable)
    finally:
        await session.rollback()  # whatever a failure left open
        await lost.keep(session, caller.user_id, reason)


# --- practice campaigns -------------------------------------------------------------------


@router.message(Command("test_campaign"))
async def test_campaign(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await organization_picker(session, caller, Act.PRACTICE, 0))


@router.callback_query(pressed(Act.PRACTICE))
async def practice_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    today: Today,
    now: Now,
    font: str | None,
) -> None:
    campaign = await campaigns.start_practice(session, caller, callback_data.v, today(), now())
    await edit(query, gettext(campaigns_texts.WIZARD_OPENED), None)
    await announce(query.message, session, campaign, font)
    await query.answer()


@router.message(Command("wipe_test"))
async def wipe_test(message: Message, session: AsyncSession, caller: Caller) -> None:
    count = len(await campaigns.practice_campaigns(session, caller))
    if not count:
        await message.answer(gettext(campaigns_texts.NO_PRACTICE))
        return
    await answer(message, campaigns_screens.wipe_confirmation(count))


@router.callback_query(pressed(Act.WIPE))
async def wipe(query: CallbackQuery, session: AsyncSession, caller: Caller, now: Now) -> None:
    wiped = await campaigns.wipe_practice(session, caller, now())
    await edit(query, gettext(campaigns_texts.WIPED).format(wiped), None)
    await query.answer()


@router.callback_query(pressed(Act.WIPE_KEPT))
async def wipe_kept(query: CallbackQuery) -> None:
    await edit(query, gettext(campaigns_texts.WIPE_KEPT), None)
    await query.answer()
