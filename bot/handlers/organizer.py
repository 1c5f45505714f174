"""Organizer commands and buttons in a private chat. Each handler calls the core, then replies.

``router`` is gated by ``OrganizerGate``: anyone who is not an organizer gets one neutral line.
Rights on a particular organization are checked by the core, which raises ``Forbidden``;
this router's error handlers turn that, and the core's other refusals, into one reply.
"""

from __future__ import annotations

import asyncio
import io
import logging
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart, ExceptionTypeFilter
from aiogram.types import (
    CallbackQuery,
    ErrorEvent,
    FSInputFile,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters, ledger_screens, notices, texts
from bot import organizer_screens as views
from bot.callbacks import OrganizerButton, WizardButton
from bot.commands import refresh_commands
from bot.middlewares import OrganizerGate
from bot.replies import answer, edit
from evaluation import access, activities, audit, campaigns, paper, quarterly, rectification, wizard
from evaluation.ballots import Reason
from evaluation.callers import Caller, Forbidden
from evaluation.campaigns import CampaignError
from evaluation.cycle import CycleRules
from evaluation.organizations import load_tree
from evaluation.roster import import_roster, parse_roster, roster_of
from evaluation.status import campaign_status
from evaluation.summaries import HALF, YEAR
from evaluation.tally import GradingRule
from evaluation.wizard import WizardRefused
from evaluation.wording import Phrase
from storage.models import Campaign

log = logging.getLogger(__name__)
Today = Callable[[], date]
Now = Callable[[], datetime]
UPLOAD_SIZE_LIMIT = 2 * 1024 * 1024
PICKER_TITLES = {"c1": texts.CYCLE_PICK_ON, "c0": texts.CYCLE_PICK_OFF, **texts.SUMMARY_PICK}
# Pickers: the button that picks → the button that turns the picker's page.
CAMPAIGN_PAGES = {
    "st": "lp",
    "cl": "lc",
    "ex": "le",
    "pp": "lq",
    "pb": "lu",
    "sg": "lk",
    "rc": "lw",
}
ORGANIZATION_PAGES = {
    **{"ro": "lr", "gr": "lg", "rv": "lv", "tc": "lt"},
    **{"c1": "l1", "c0": "l0", "sh": "lh", "sy": "ly"},
}

router = Router(name="organizer")
router.message.filter(filters.private_chat)
router.callback_query.filter(filters.private_button)
router.message.middleware(OrganizerGate())
router.callback_query.middleware(OrganizerGate())

open_router = Router(name="organizer-open")  # grant links and everyone's /help: no gate
open_router.message.filter(filters.private_chat)


# --- grant links and help (anyone may try; the core decides) ------------------------------


@open_router.message(CommandStart(deep_link=True, magic=F.args.func(access.is_grant_payload)))
async def accept_grant(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    now: Now,
    admin_ids,
    locale: str | None,
) -> None:
    user = message.from_user
    try:
        organization = await access.accept_grant(
            session, command.args, user.id, user.full_name, now()
        )
    except access.GrantError as error:
        await message.answer(texts.say(error))
        return
    await refresh_commands(message.bot, session, admin_ids, user.id, locale)  # before saying so
    await message.answer(texts.GRANT_ACCEPTED.format(organization.name))


@open_router.message(Command("help"))
async def help_(message: Message, session: AsyncSession, admin_ids, locale: str | None) -> None:
    """Respondents get how to take part; organizers the commands they may use."""
    caller = Caller.telegram(message.from_user.id, admin_ids)
    if not await access.is_organizer(session, caller):
        await message.answer(texts.HELP)
        return
    # Telegram refuses a chat's menu until that person has opened the bot: set it now too.
    await refresh_commands(message.bot, session, admin_ids, caller.user_id, locale)
    await message.answer(texts.ORGANIZER_HELP + (texts.SUPER_HELP if caller.is_super else ""))


# --- the /start_campaign wizard -----------------------------------------------------------


@router.message(Command("start_campaign"))
async def start_wizard(message: Message, session: AsyncSession, caller: Caller, today: Today):
    try:
        screen = await wizard.begin(session, caller, today())
    except Forbidden:
        await message.answer(texts.NO_ORGANIZATIONS)
        return
    await answer(message, views.wizard(screen, await load_tree(session)))


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
    try:
        result = await wizard.choose(
            session, caller, callback_data.s, callback_data.a, callback_data.v, today(), now()
        )
    except WizardRefused as refusal:
        if refusal.screen is not None:
            await edit(query, *views.wizard(refusal.screen, await load_tree(session)))
        await query.answer(texts.say(refusal.message), show_alert=True)
        return
    if result is None:
        await edit(query, texts.WIZARD_CANCELLED, None)
    elif isinstance(result, Campaign):
        await edit(query, texts.WIZARD_OPENED, None)
        schedule_changed()  # its subscribers are invited
        await _announce(query.message, session, result, font)
    else:
        await edit(query, *views.wizard(result, await load_tree(session)))
    await query.answer()


async def awaiting_number(message: Message, session: AsyncSession) -> bool:
    return await wizard.awaiting_number(session, message.from_user.id)


async def _announce(
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


# --- lists, status, closing, export -------------------------------------------------------


@router.message(Command("campaigns"))
async def list_campaigns(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await _campaign_picker(session, caller, "st", 0))


async def _campaign_picker(
    session: AsyncSession, caller: Caller, act: str, page: int, open_only: bool = False
):
    rows = await campaigns.list_campaigns(session, caller, campaigns.RECENT_LIMIT)
    if open_only:
        rows = [r for r in rows if r.status == "open"]
    if not rows:
        return (texts.NO_OPEN_CAMPAIGNS if open_only else texts.NO_CAMPAIGNS), None
    items = [(views.campaign_label(r), OrganizerButton(a=act, v=r.id)) for r in rows]
    title = texts.CAMPAIGN_LIST_TITLE if act == "st" else texts.PICK_CAMPAIGN

    def link_button(index: int):  # /campaigns: each open campaign's 邀请链接 beside it
        row = rows[index]
        if act != "st" or row.status != "open":
            return None
        return texts.INVITATION_LINK_BUTTON, OrganizerButton(a="ln", v=row.id)

    return views.picker(title, items, page, CAMPAIGN_PAGES[act], link_button)


def _campaign_argument(command: CommandObject) -> int | None:
    if not command.args:
        return None
    text = command.args.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise CampaignError(texts.CAMPAIGN_ID_EXPECTED)
    return int(text)


@router.message(Command("status"))
async def status(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    threshold: int,
) -> None:
    campaign_id = _campaign_argument(command)
    if campaign_id is None:
        open_rows = [
            r for r in await campaigns.list_campaigns(session, caller) if r.status == "open"
        ]
        if len(open_rows) != 1:
            await answer(message, await _campaign_picker(session, caller, "st", 0))
            return
        campaign_id = open_rows[0].id
    await _send_status(
        message, await campaign_status(session, caller, campaign_id, rule, threshold)
    )


async def _send_status(message: Message, report) -> None:
    parts = views.status(report)
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=views.status_keyboard(report))


@router.message(Command("close_campaign"))
async def close(message: Message, command: CommandObject, session: AsyncSession, caller: Caller):
    campaign_id = _campaign_argument(command)
    if campaign_id is None:
        await answer(message, await _campaign_picker(session, caller, "cl", 0, open_only=True))
        return
    await answer(message, await _close_question(session, caller, campaign_id))


async def _close_question(session, caller, campaign_id: int):
    campaign = await campaigns.managed_campaign(session, caller, campaign_id)
    if campaign.status != "open":
        raise CampaignError(Phrase(campaigns.CLOSED, id=campaign_id))
    title = campaigns.campaign_title(campaign)
    return views.close_confirmation(campaign_id, title)


@router.message(Command("export", "public"))
async def export(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    threshold: int,
    now: Now,
):
    """/export: the workbook handed upward; /public: the 公示版."""
    public = command.command == "public"
    campaign_id = _campaign_argument(command)
    if campaign_id is None:
        await answer(message, await _campaign_picker(session, caller, "pb" if public else "ex", 0))
        return
    await _send_workbook(message, session, caller, campaign_id, rule, threshold, now, public)


async def _send_workbook(
    message: Message, session, caller, campaign_id, rule, threshold, now, public: bool = False
) -> None:
    """The export runs in a worker thread: other chats are served meanwhile."""
    from exports.workbook import export_campaign  # on first use: see bot/lazy.py

    campaign = await campaigns.managed_campaign(session, caller, campaign_id)
    title = campaigns.campaign_title(campaign)
    await message.answer(texts.EXPORT_WORKING.format(texts.say(title)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{title} {'公示版' if public else '评议'}.xlsx"
        report = await export_campaign(
            session, caller, campaign_id, path, now(), rule, threshold, public=public
        )
        caption = (
            texts.PUBLIC_CAPTION.format(texts.say(title))
            if public
            else texts.EXPORT_CAPTION.format(texts.say(title), report.submitted)
        )
        await message.answer_document(FSInputFile(path), caption=caption)


# --- 整改台账 and the 统计单's recorded figures (their buttons: bot/handlers/ledger.py) --------


@router.message(Command("suggestions", "record"))
async def ledger(
    message: Message, command: CommandObject, session: AsyncSession, caller: Caller
) -> None:
    """/suggestions: the 整改台账; /record: the 统计单 figures to record."""
    act = "sg" if command.command == "suggestions" else "rc"
    campaign_id = _campaign_argument(command)
    if campaign_id is None:
        await answer(message, await _campaign_picker(session, caller, act, 0))
        return
    await answer(message, await _ledger_screen(session, caller, act, campaign_id))


async def _ledger_screen(session, caller, act: str, campaign_id: int):
    if act == "sg":
        page = await rectification.items(session, caller, campaign_id)
        return ledger_screens.ledger_page(page, campaign_id)
    campaign = await campaigns.managed_campaign(session, caller, campaign_id)
    totals = await activities.totals(session, campaign)
    return ledger_screens.activity_picker(campaign_id, campaigns.campaign_title(campaign), totals)


# --- rosters ------------------------------------------------------------------------------


@router.message(Command("roster_template"))
async def roster_template(message: Message) -> None:
    from exports.roster import write_template  # on first use: see bot/lazy.py

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名册模板.xlsx"
        write_template(path)
        await message.answer_document(FSInputFile(path), caption=texts.TEMPLATE_CAPTION)


@router.message(Command("roster"))
async def roster(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await _organization_picker(session, caller, "ro", 0))


async def _organization_picker(session, caller, act: str, page: int, title=texts.PICK_ORGANIZATION):
    tree = await load_tree(session)
    organizations = await access.managed(session, caller)
    if not organizations:
        return texts.NO_ORGANIZATIONS, None
    items = views.organization_items(tree, organizations, act)
    return views.picker(title, items, page, ORGANIZATION_PAGES[act])


@router.message(filters.has_document)
async def upload(message: Message, session: AsyncSession, caller: Caller, now: Now):
    """A roster or a paper tally sheet: told apart by the sheet's first cell."""
    document = message.document
    # .xls too: the reader recognizes the old format and says how to convert it.
    if not (document.file_name or "").lower().endswith((".xlsx", ".xls")):
        await message.answer(texts.UPLOAD_NOT_XLSX)
        return
    if (document.file_size or 0) > UPLOAD_SIZE_LIMIT:
        await message.answer(texts.UPLOAD_TOO_BIG)
        return
    from exports.sheets import SheetFileError, read_cells  # on first use: see bot/lazy.py

    content = io.BytesIO()
    await message.bot.download(document, destination=content)
    try:
        rows = await asyncio.to_thread(read_cells, content, len(paper.HEADERS))
    except SheetFileError as error:
        await message.answer(texts.say(error))
        return
    if paper.is_paper_sheet(rows):
        await _import_paper(message, session, caller, rows, now)
    else:
        await _import_roster(message, session, caller, {n: r[:2] for n, r in rows.items()}, now)


async def _import_paper(message: Message, session, caller, rows, now: Now) -> None:
    try:
        merged = await paper.import_paper(session, caller, rows, now())
    except paper.PaperError as error:
        for part in views.chunks([texts.PAPER_ERRORS, *map(texts.say, error.errors)]):
            await message.answer(part)
        return
    await message.answer(texts.paper_imported(merged))


async def _import_roster(message: Message, session, caller, rows, now: Now) -> None:
    data, errors = parse_roster(rows)
    if errors:
        for part in views.chunks([texts.ROSTER_ERRORS, *map(texts.say, errors)]):
            await message.answer(part)
        return
    try:
        summary = await import_roster(session, caller, data, now())
    except ValueError as error:  # a parent that would make a cycle
        await message.answer(texts.say(error))
        return
    await message.answer(
        texts.roster_imported(
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
    await answer(message, await _campaign_picker(session, caller, "pp", 0, open_only=True))


async def _send_paper_sheet(message: Message, campaign) -> None:
    from exports.paper import write_paper_sheet  # on first use: see bot/lazy.py

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"纸质问卷汇总表-评议{campaign.id}.xlsx"
        write_paper_sheet(paper.sheet_rows(campaign), path)
        await message.answer_document(FSInputFile(path), caption=texts.PAPER_CAPTION)


# --- practice campaigns ------------------------------------------------------------------


@router.message(Command("test_campaign"))
async def test_campaign(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await _organization_picker(session, caller, "tc", 0))


@router.message(Command("wipe_test"))
async def wipe_test(message: Message, session: AsyncSession, caller: Caller) -> None:
    count = len(await campaigns.practice_campaigns(session, caller))
    if not count:
        await message.answer(texts.NO_PRACTICE)
        return
    await answer(message, views.wipe_confirmation(count))


# --- 一季一评议 -----------------------------------------------------------------------------


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
    if argument == "on":
        await answer(
            message, await _organization_picker(session, caller, "c1", 0, texts.CYCLE_PICK_ON)
        )
    elif argument == "off":
        await answer(
            message, await _organization_picker(session, caller, "c0", 0, texts.CYCLE_PICK_OFF)
        )
    else:
        rows = await quarterly.list_cycles(session, caller, now(), rules)
        if not rows:
            await message.answer(texts.CYCLE_NONE)
            return
        lines = [texts.CYCLE_LIST_TITLE] + [views.cycle_line(row, rules) for row in rows]
        await message.answer("\n".join(lines) + texts.CYCLE_USAGE)


@router.message(Command("summary"))
async def summary(
    message: Message, command: CommandObject, session: AsyncSession, caller: Caller
) -> None:
    act = {"half": "sh", "year": "sy"}.get((command.args or "").strip().lower())
    if act is None:
        await message.answer(texts.SUMMARY_USAGE)
        return
    await answer(
        message, await _organization_picker(session, caller, act, 0, texts.SUMMARY_PICK[act])
    )


async def _send_summary(
    message, session, caller, organization_id, act, today, now, rule, threshold
):
    day = today()
    kind, half = (HALF, 1 if day.month <= 6 else 2) if act == "sh" else (YEAR, None)
    await message.answer(texts.SUMMARY_WORKING)
    document = await notices.summary_document(
        session, caller, organization_id, kind, day.year, half, rule, threshold, now()
    )
    await message.answer_document(document.file, caption=document.text)


# --- super-organizers: grants and the audit log -------------------------------------------


@router.message(Command("grant"))
async def grant(message: Message, session: AsyncSession, caller: Caller) -> None:
    if not caller.is_super:
        raise Forbidden
    await answer(message, await _organization_picker(session, caller, "gr", 0))


@router.message(Command("revoke"))
async def revoke(message: Message, session: AsyncSession, caller: Caller) -> None:
    if not caller.is_super:
        raise Forbidden
    await answer(message, await _organization_picker(session, caller, "rv", 0))


@router.message(Command("audit"))
async def audit_log(message: Message, session: AsyncSession, caller: Caller) -> None:
    rows, pages = await audit.entries(session, caller, 0)
    await answer(message, views.audit_page(rows, 0, pages))


# --- buttons ------------------------------------------------------------------------------


@router.callback_query(OrganizerButton.filter())
async def press(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    rule: GradingRule,
    threshold: int,
    today: Today,
    now: Now,
    font: str | None,
    admin_ids,
    locale: str | None,
    rules: CycleRules,
    schedule_changed: Callable[[], None],
) -> None:
    act, value = callback_data.a, callback_data.v
    message = query.message
    if act in CAMPAIGN_PAGES.values():
        target = next(a for a, page_act in CAMPAIGN_PAGES.items() if page_act == act)
        open_only = act in ("lc", "lq")
        await edit(query, *await _campaign_picker(session, caller, target, value, open_only))
    elif act in ORGANIZATION_PAGES.values():
        target = next(a for a, page_act in ORGANIZATION_PAGES.items() if page_act == act)
        if target in ("gr", "rv") and not caller.is_super:
            raise Forbidden
        title = PICKER_TITLES.get(target, texts.PICK_ORGANIZATION)
        await edit(query, *await _organization_picker(session, caller, target, value, title))
    elif act == "st":  # these answer with new messages: check rights before answering
        report = await campaign_status(session, caller, value, rule, threshold)
        await query.answer()
        await _send_status(message, report)
        return
    elif act == "ln":  # 邀请链接: the link, the QR code and the poster again
        campaign = await campaigns.open_for_invitations(session, caller, value)
        await query.answer()
        await _announce(message, session, campaign, font)
        return
    elif act == "cl":
        await edit(query, *await _close_question(session, caller, value))
    elif act == "cy":
        await campaigns.close_campaign(session, caller, value, now())
        await query.answer()
        await edit(query, texts.CLOSED_DONE, None)
        report = await campaign_status(session, caller, value, rule, threshold)
        for part in views.status(report, closing=True):
            await message.answer(part)
        await _send_workbook(message, session, caller, value, rule, threshold, now)
        return
    elif act == "cn":
        await campaigns.managed_campaign(session, caller, value)
        await edit(query, texts.CLOSE_KEPT, None)
    elif act == "ex":
        await campaigns.managed_campaign(session, caller, value)
        await query.answer()
        await _send_workbook(message, session, caller, value, rule, threshold, now)
        return
    elif act == "pb":
        await campaigns.managed_campaign(session, caller, value)
        await query.answer()
        await _send_workbook(message, session, caller, value, rule, threshold, now, public=True)
        return
    elif act in ("sg", "rc"):
        await edit(query, *await _ledger_screen(session, caller, act, value))
    elif act == "ro":
        organization, members = await roster_of(session, caller, value)
        await query.answer()
        await _send_roster(message, organization, members)
        return
    elif act == "pp":
        campaign = await campaigns.managed_campaign(session, caller, value)
        await query.answer()
        await _send_paper_sheet(message, campaign)
        return
    elif act == "tc":
        campaign = await campaigns.start_practice(session, caller, value, today(), now())
        await edit(query, texts.WIZARD_OPENED, None)
        await _announce(message, session, campaign, font)
    elif act in ("sh", "sy"):
        await access.require(session, caller, value)
        await query.answer()
        await _send_summary(message, session, caller, value, act, today, now, rule, threshold)
        return
    elif act in ("c1", "c0"):
        row = await quarterly.set_cycle(session, caller, value, act == "c1", now(), rules)
        schedule_changed()
        await edit(query, views.cycle_line(row, rules), None)
    elif act == "wy":
        await edit(
            query, texts.WIPED.format(await campaigns.wipe_practice(session, caller, now())), None
        )
    elif act == "wn":
        await edit(query, texts.WIPE_KEPT, None)
    elif act == "gr":
        token = await access.create_grant_link(session, caller, value, now())
        me = await query.bot.me()
        organization = (await load_tree(session)).name(value)
        link = f"https://t.me/{me.username}?start={token}"
        await edit(query, texts.GRANT_LINK.format(link, organization), None)
    elif act == "rv":
        await edit(query, *await _organizer_picker(session, caller, value))
    elif act == "ru":
        user_id = callback_data.w
        removed = await access.revoke(session, caller, value, user_id, now())
        organization = (await load_tree(session)).name(value)
        if removed:
            await refresh_commands(query.bot, session, admin_ids, user_id, locale)
            await edit(query, texts.REVOKED.format(user_id, organization), None)
        else:
            await edit(query, texts.NOT_REVOKED.format(organization), None)
    elif act == "au":
        rows, pages = await audit.entries(session, caller, max(0, value))
        await edit(query, *views.audit_page(rows, max(0, value), pages))
    else:
        await query.answer(texts.REFUSALS[Reason.INVALID], show_alert=True)
        return
    await query.answer()


async def _send_roster(message: Message, organization, members) -> None:
    if not members:
        await message.answer(texts.ROSTER_EMPTY.format(organization.name))
        return
    lines = [texts.ROSTER_TITLE.format(organization.name, len(members))]
    lines += [
        f"{n}. {m.name}" + (f"（{m.role}）" if m.role else "") for n, m in enumerate(members, 1)
    ]
    for part in views.chunks(lines):
        await message.answer(part)


async def _organizer_picker(session, caller, organization_id: int):
    organizers = await access.organizers_of(session, caller, organization_id)
    name = (await load_tree(session)).name(organization_id)
    if not organizers:
        return texts.NO_ORGANIZERS.format(name), None
    items = [
        (f"{o.name}（{o.user_id}）", OrganizerButton(a="ru", v=organization_id, w=o.user_id))
        for o in organizers
    ]
    return views.picker(texts.PICK_ORGANIZER.format(name), items, 0, "lv")


# --- the number the wizard waits for (after every command above) --------------------------


@router.message(filters.has_text, awaiting_number)
async def expected_number(message: Message, session: AsyncSession, caller: Caller, today: Today):
    try:
        screen = await wizard.type_number(session, caller, message.text, today())
    except WizardRefused as refusal:
        await message.answer(texts.say(refusal.message))
        if refusal.screen is not None:
            await answer(message, views.wizard(refusal.screen))
        return
    await answer(message, views.wizard(screen))


# --- refusals from the core ---------------------------------------------------------------


@router.errors(ExceptionTypeFilter(Forbidden))
async def forbidden(event: ErrorEvent) -> None:
    await _reply(event, texts.NOT_ALLOWED)


@router.errors(ExceptionTypeFilter(CampaignError))
async def refused(event: ErrorEvent) -> None:
    await _reply(event, texts.say(event.exception))


async def _reply(event: ErrorEvent, text: str) -> None:
    query, message = event.update.callback_query, event.update.message
    if query is not None:
        await query.answer(text[:200], show_alert=True)
    elif message is not None:
        await message.answer(text)
