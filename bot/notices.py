"""What the bot says on its own: a campaign's announcement, and each outbox row as API calls.

Both the organizer's /start_campaign and the quarterly cycle announce a campaign with the same
pieces: the link (and the branches' links), the QR code and the printable poster.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.callbacks.members import MemberAct, MemberButton
from bot.callbacks.organizing import Act, OrganizerButton
from bot.i18n import gettext
from bot.screens import ballots as ballots_screens
from bot.screens import campaigns as campaigns_screens
from bot.screens import self_evaluation as self_evaluation_screens
from bot.screens.organizing import chunks
from bot.texts import ballots as ballots_texts
from bot.texts import campaigns as campaigns_texts
from bot.texts import cycle as cycle_texts
from bot.texts import feedback as feedback_texts
from bot.texts import rectification as rectification_texts
from bot.texts import review as review_texts
from evaluation import campaigns, feedback, outgoing, rectification
from evaluation.callers import SCHEDULER, Caller
from evaluation.campaigns import invitation_link
from evaluation.outbox import Outgoing
from evaluation.outgoing import Kind
from evaluation.periods import period_label
from evaluation.summaries import HALF, YEAR, Span
from evaluation.tally import GradingRule
from storage import campaigns as campaign_repo
from storage.models import Campaign


@dataclass(frozen=True)
class Part:
    """One Bot API call: a text message, a photo or a document."""

    text: str = ""
    markup: InlineKeyboardMarkup | None = None
    file: BufferedInputFile | None = None
    photo: bool = False
    # Redraw this message of the chat with ``text`` instead of sending a new one (sent anew if
    # it cannot be edited any more).
    edit: int | None = None


async def link_texts(session: AsyncSession, campaign: Campaign, username: str) -> list[str]:
    """The campaign's link, then the branches' own links (for a group), as messages."""
    link = invitation_link(username, campaign.token)
    title = campaigns.campaign_title(campaign)
    text = campaigns_texts.campaign_opened(campaign.id, title, campaign.deadline, link)
    parts = [text + (gettext(campaigns_texts.PRACTICE_NOTE) if campaign.practice else "")]
    branches = await campaigns.branch_links(session, campaign)
    if branches:
        lines = [gettext(campaigns_texts.BRANCH_LINKS)]
        lines += [
            texts.labelled(name, invitation_link(username, token)) for name, token in branches
        ]
        parts += chunks(lines)
    return parts


def qr_photo(campaign: Campaign, username: str) -> Part:
    import segno  # on first use: see bot/lazy.py

    png = io.BytesIO()
    link = invitation_link(username, campaign.token)
    segno.make(link, error="m").save(png, kind="png", scale=20, border=4, dpi=300)
    title = campaigns.campaign_title(campaign)
    name = f"campaign-{campaign.id}-qr.png"
    return Part(
        gettext(campaigns_texts.QR_CAPTION).format(texts.say(title)),
        file=BufferedInputFile(png.getvalue(), name),
        photo=True,
    )


async def poster(campaign: Campaign, username: str, font: str | None) -> Part:
    """The A4 poster as a document, or a text saying why it could not be drawn."""
    from exports.poster import PosterError, find_font, poster_png  # on first use: bot/lazy.py

    try:
        png = await asyncio.to_thread(
            poster_png,
            campaign.questionnaire["organization"],
            period_label(campaign.period),
            texts.date_label(campaign.deadline),
            invitation_link(username, campaign.token),
            find_font(font),
        )
    except PosterError as error:
        return Part(texts.say(error))
    name = f"campaign-{campaign.id}-poster.png"
    return Part(gettext(campaigns_texts.POSTER_CAPTION), file=BufferedInputFile(png, name))


async def summary_document(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    kind: Span,
    year: int,
    half: int | None,
    rule: GradingRule,
    now: datetime,
) -> Part:
    """The 半年一小结 or 年终一总评 workbook of an organization, as a document."""
    from exports.summaries import export_summary  # on first use: see bot/lazy.py

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.xlsx"
        summary = await export_summary(
            session, caller, organization_id, kind, year, half, path, now, rule
        )
        content = path.read_bytes()
    return Part(texts.say(summary.title), file=BufferedInputFile(content, f"{summary.title}.xlsx"))


async def pressed_font(query: CallbackQuery, font: str | None) -> Path | None:
    """The CJK font for a file a button asked for; None after telling the presser what the
    server lacks."""
    from exports.poster import PosterError, find_font

    try:
        return find_font(font)
    except PosterError as error:
        await query.answer(texts.say(error), show_alert=True)
        return None


async def send_sheet_pdf(
    query: CallbackQuery, font: str | None, draw: Callable[[Path], list[bytes]], name: str
) -> None:
    """A 反馈单 as a PDF for printing, asked for from its photos: ``draw`` makes the pages
    with the font found."""
    from exports.feedback_sheet import sheet_pdf  # on first use: bot/lazy.py

    font_path = await pressed_font(query, font)
    if font_path is None:
        return
    await query.answer()
    pages = await asyncio.to_thread(draw, font_path)
    pdf = await asyncio.to_thread(sheet_pdf, pages)
    await query.message.answer_document(BufferedInputFile(pdf, name))


def _sheet_photos(pages: list[bytes], name: str, pdf_button: str) -> list[Part]:
    """A sheet's pages as photos, the 📄 打印版 PDF button under the last."""
    button = InlineKeyboardButton(text=gettext(review_texts.FEEDBACK_PDF), callback_data=pdf_button)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    parts = []
    for number, png in enumerate(pages, start=1):
        last = number == len(pages)
        named = name if len(pages) == 1 else f"{name}-{number}"
        parts.append(
            Part(
                file=BufferedInputFile(png, f"{named}.png"),
                photo=True,
                markup=markup if last else None,
            )
        )
    return parts


async def feedback_parts(
    session: AsyncSession,
    campaign: Campaign,
    message: Outgoing,
    font: str | None,
    rule: GradingRule,
) -> list[Part]:
    """One part of a 反馈单 release (each its own outbox row): a member's message or their
    A4 pages as pictures; the organizers' 组织反馈单 message, its pictures, or the archive of
    the unbound members' sheets (a PDF each, for printing)."""
    from exports.feedback_sheet import (  # on first use: bot/lazy.py
        member_pages,
        member_pdfs,
        organization_pages,
    )
    from exports.poster import PosterError, find_font

    period = texts.period_name(campaign.period)
    part = message.payload.part
    if message.kind == outgoing.Kind.MEMBER_FEEDBACK:
        found = await feedback.member_feedback(session, campaign, message.payload.member, rule)
        if found is None:
            return []
        if part == feedback.TEXT:
            return [Part(feedback_texts.member_feedback(found, period))]
    else:
        own = await feedback.organization_feedback(session, campaign, rule)
        if part == feedback.TEXT:
            unbound = len(message.payload.unbound)
            return [Part(feedback_texts.organization_feedback(own, period, unbound))]
    try:
        font_path = find_font(font)
    except PosterError as error:
        return [Part(texts.say(error))]
    # The sheets as photos, read on a phone without a download; the PDF on request.
    if message.kind == outgoing.Kind.MEMBER_FEEDBACK:
        pages = await asyncio.to_thread(member_pages, found, period, font_path, gettext)
        pdf = MemberButton(a=MemberAct.FEEDBACK_PDF, v=campaign.id)
        return _sheet_photos(pages, f"反馈单-{found.name}", pdf.pack())
    if part == feedback.SHEET:
        pages = await asyncio.to_thread(organization_pages, own, period, font_path, gettext)
        pdf = OrganizerButton(a=Act.FEEDBACK_PDF, v=campaign.id)
        return _sheet_photos(pages, f"组织反馈单-{own.organization}", pdf.pack())
    unbound = await feedback.members_feedback(session, campaign, message.payload.unbound, rule)
    pdfs = await asyncio.to_thread(member_pdfs, unbound, period, font_path, gettext)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as folder:
        for name, pdf in pdfs:
            folder.writestr(name, pdf)
    name = f"未认领党员反馈单-{own.organization}.zip"
    return [
        Part(
            gettext(feedback_texts.UNBOUND_SHEETS), file=BufferedInputFile(archive.getvalue(), name)
        )
    ]


@dataclass(frozen=True)
class Sending:
    """What rendering an outbox row may need besides the row."""

    session: AsyncSession
    admission: Callable[[int], int]  # the recipient's admission to a campaign (开始评议)
    username: str
    font: str | None
    rule: GradingRule
    now: datetime


Renderer = Callable[[Sending, Outgoing, Campaign | None], Awaitable[list[Part]]]
# Each kind's renderer, and whether it is about a campaign (a row of a campaign deleted since
# renders as nothing).
RENDERERS: dict[Kind, tuple[Renderer, bool]] = {}


def renders(kind: Kind, about_campaign: bool = True) -> Callable[[Renderer], Renderer]:
    def register(renderer: Renderer) -> Renderer:
        RENDERERS[kind] = (renderer, about_campaign)
        return renderer

    return register


async def render(
    session: AsyncSession,
    message: Outgoing,
    admission: Callable[[int], int],
    username: str,
    font: str | None,
    rule: GradingRule,
    now: datetime,
) -> list[Part]:
    """The calls that deliver an outbox row; [] if its campaign is gone. ``admission`` gives
    the recipient's admission to a campaign, drawn on 开始评议 (Pseudonyms.admission)."""
    renderer, about_campaign = RENDERERS[Kind(message.kind)]  # ValueError: an unknown kind
    campaign = None
    if about_campaign:
        if message.campaign_id:
            campaign = await campaign_repo.campaign(session, message.campaign_id)
        if campaign is None:
            return []
    sending = Sending(session, admission, username, font, rule, now)
    return await renderer(sending, message, campaign)


def _named(campaign: Campaign) -> tuple[str, str]:
    """The campaign's organization and period, as its notices name them."""
    return campaign.questionnaire["organization"], texts.period_name(campaign.period)


@renders(Kind.NOT_OPENED, about_campaign=False)
async def _not_opened(sending: Sending, message: Outgoing, campaign: None) -> list[Part]:
    return [Part(cycle_texts.cycle_not_opened(message.payload.why))]


async def _summary(sending: Sending, message: Outgoing, campaign: None) -> list[Part]:
    payload = message.payload
    kind = HALF if message.kind == Kind.HALF_SUMMARY else YEAR
    document = await summary_document(
        sending.session,
        SCHEDULER,
        payload.organization,
        kind,
        payload.year,
        payload.half if kind == HALF else None,
        sending.rule,
        sending.now,
    )
    return [document]


renders(Kind.HALF_SUMMARY, about_campaign=False)(_summary)
renders(Kind.YEAR_SUMMARY, about_campaign=False)(_summary)


@renders(Kind.REPLY, about_campaign=False)
async def _reply(sending: Sending, message: Outgoing, campaign: None) -> list[Part]:
    item = await rectification.lookup(sending.session, message.payload.code)
    return (
        [Part(rectification_texts.reply_notice(item))] if item is not None and item.response else []
    )


@renders(Kind.RECEIPT)
async def _receipt(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    receipt, code = message.payload.receipt, message.payload.code
    late = ballots_texts.late_receipt(*_named(campaign), receipt, code)
    # Redrawn on the screen the person submitted on: whether or not the thank-you reached it
    # before the crash, the codes are in one message.
    return [Part(late, edit=message.payload.screen)]


@renders(Kind.INVITE)
async def _invite(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    text = cycle_texts.invitation_notice(*_named(campaign), campaign.deadline)
    admission = sending.admission(campaign.id)
    return [Part(*ballots_screens.notice(text, campaign.id, admission, resuming=False))]


@renders(Kind.REMIND)
async def _remind(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    days = message.payload.days
    text = cycle_texts.reminder(*_named(campaign), campaign.deadline, days)
    admission = sending.admission(campaign.id)
    return [Part(*ballots_screens.notice(text, campaign.id, admission, resuming=True))]


@renders(Kind.MEMBER_INVITE)
async def _member_invite(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    return [Part(*self_evaluation_screens.invitation_of(campaign))]


async def _feedback(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    return await feedback_parts(sending.session, campaign, message, sending.font, sending.rule)


renders(Kind.MEMBER_FEEDBACK)(_feedback)
renders(Kind.ORGANIZATION_FEEDBACK)(_feedback)


@renders(Kind.OPENED)
async def _opened(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    parts = await link_texts(sending.session, campaign, sending.username)
    return [Part(gettext(cycle_texts.CYCLE_OPENED) + parts[0]), *(Part(text) for text in parts[1:])]


@renders(Kind.POSTER)
async def _poster(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    return [await poster(campaign, sending.username, sending.font)]


@renders(Kind.EXPORT_LOST)
async def _export_lost(sending: Sending, message: Outgoing, campaign: Campaign) -> list[Part]:
    public = message.payload.public
    text = campaigns_texts.export_lost(texts.say(campaigns.campaign_title(campaign)), public)
    return [Part(text, campaigns_screens.export_again(campaign.id, public))]
