"""Rosters and paper tally sheets: the files organizers fill in and send back."""

from __future__ import annotations

import asyncio
import io
import tempfile
from pathlib import Path

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, FSInputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters, notices, texts
from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import Now, pressed
from bot.handlers.organizing.pickers import campaign_picker, organization_picker
from bot.i18n import gettext as _
from bot.replies import answer
from bot.screens import organizing as organizing_screens
from bot.screens import paper as paper_screens
from bot.texts import paper as paper_texts
from bot.texts import roster as roster_texts
from evaluation import campaigns, paper
from evaluation.callers import Caller
from evaluation.roster import import_roster, parse_roster, roster_of
from evaluation.tally import GradingRule

UPLOAD_SIZE_LIMIT = 2 * 1024 * 1024

router = Router(name="organizer-rosters")


@router.message(Command("roster_template"))
async def roster_template(message: Message) -> None:
    from exports.roster import write_template  # on first use: see bot/lazy.py

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名册模板.xlsx"
        write_template(path)
        await message.answer_document(FSInputFile(path), caption=_(roster_texts.TEMPLATE_CAPTION))


@router.message(Command("roster"))
async def roster(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await organization_picker(session, caller, Act.ROSTER, 0))


@router.callback_query(pressed(Act.ROSTER))
async def roster_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    organization, members = await roster_of(session, caller, callback_data.v)
    await query.answer()
    if not members:
        await query.message.answer(_(roster_texts.ROSTER_EMPTY).format(organization.name))
        return
    lines = [_(roster_texts.ROSTER_TITLE).format(organization.name, len(members))]
    lines += [
        f"{n}. {m.name}" + (f"（{m.role}）" if m.role else "") for n, m in enumerate(members, 1)
    ]
    for part in organizing_screens.chunks(lines):
        await query.message.answer(part)


@router.message(filters.has_document)
async def upload(message: Message, session: AsyncSession, caller: Caller, now: Now):
    """A roster or a paper tally sheet: told apart by the sheet's first cell."""
    document = message.document
    # .xls too: the reader recognizes the old format and says how to convert it.
    if not (document.file_name or "").lower().endswith((".xlsx", ".xls")):
        await message.answer(_(roster_texts.UPLOAD_NOT_XLSX))
        return
    if (document.file_size or 0) > UPLOAD_SIZE_LIMIT:
        await message.answer(_(roster_texts.UPLOAD_TOO_BIG))
        return
    from exports.sheets import read_cells  # on first use: see bot/lazy.py

    content = io.BytesIO()
    await message.bot.download(document, destination=content)
    rows = await asyncio.to_thread(read_cells, content, len(paper.HEADERS))
    if paper.is_paper_sheet(rows):
        await _import_paper(message, session, caller, rows, now)
    else:
        await _import_roster(message, session, caller, rows, now)


async def _import_paper(message: Message, session, caller, rows, now: Now) -> None:
    try:
        merged = await paper.import_paper(session, caller, rows, now())
    except paper.PaperError as error:
        for part in organizing_screens.chunks(
            [_(paper_texts.PAPER_ERRORS), *map(texts.say, error.errors)]
        ):
            await message.answer(part)
        return
    await message.answer(paper_texts.paper_imported(merged))


async def _import_roster(message: Message, session, caller, rows, now: Now) -> None:
    data, errors = parse_roster(rows)
    if errors:
        for part in organizing_screens.chunks(
            [_(roster_texts.ROSTER_ERRORS), *map(texts.say, errors)]
        ):
            await message.answer(part)
        return
    try:
        summary = await import_roster(session, caller, data, now())
    except ValueError as error:  # a parent that would make a cycle
        await message.answer(texts.say(error))
        return
    await message.answer(
        roster_texts.roster_imported(
            summary.organization,
            summary.created_organization,
            len(data.members),
            summary.created_parent,
            summary.changes,
        )
    )


# --- paper questionnaires ----------------------------------------------------------------


@router.message(Command("paper"))
async def paper_sheet(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await campaign_picker(session, caller, Act.PAPER, 0))


@router.callback_query(pressed(Act.PAPER))
async def paper_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    from exports.paper import write_paper_sheet  # on first use: see bot/lazy.py

    campaign = await campaigns.managed_campaign(session, caller, callback_data.v)
    await query.answer()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"纸质问卷汇总表-评议{campaign.id}.xlsx"
        write_paper_sheet(paper.sheet_rows(campaign), path)
        await query.message.answer_document(FSInputFile(path), caption=_(paper_texts.PAPER_CAPTION))
    await answer(query.message, paper_screens.paper_ballot_copies(campaign.id))


@router.callback_query(pressed(Act.PAPER_BALLOTS))
async def paper_ballots_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    font: str | None,
) -> None:
    """The blank 测评表 of an open campaign, as many as the button says, in one PDF."""
    from exports.paper_ballot import campaign_ballots  # on first use

    campaign = await paper.ballot_campaign(session, caller, callback_data.v, callback_data.w)
    font_path = await notices.pressed_font(query, font)
    if font_path is None:
        return
    await query.answer()
    copies = callback_data.w
    pdf, pages = await asyncio.to_thread(campaign_ballots, campaign, rule, font_path, copies)
    name = f"测评表-评议{campaign.id}-{copies}份.pdf"
    caption = paper_texts.paper_ballots(copies, pages)
    await query.message.answer_document(BufferedInputFile(pdf, name), caption=caption)
