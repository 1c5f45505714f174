"""Grant links, members' 认领 links and /help (open to anyone: the core decides), and what
super-organizers do: grant, revoke, read the audit log."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters
from bot.callbacks.organizing import Act, OrganizerButton, PageButton
from bot.commands import refresh_commands
from bot.handlers.organizing.common import Now, pressed
from bot.handlers.organizing.pickers import organization_picker
from bot.i18n import gettext as _
from bot.replies import answer, edit
from bot.screens import organizing as organizing_screens
from bot.texts import ballots as ballots_texts
from bot.texts import members as members_texts
from bot.texts import organizing as organizing_texts
from evaluation import access, audit, members
from evaluation.callers import Caller
from evaluation.organizations import load_tree
from evaluation.pseudonyms import Pseudonyms

router = Router(name="organizer-grants")
open_router = Router(name="organizer-open")  # grant links and everyone's /help: no gate
open_router.message.filter(filters.private_chat)


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
    organization = await access.accept_grant(session, command.args, user.id, user.full_name, now())
    await refresh_commands(message.bot, session, admin_ids, user.id, locale)  # before saying so
    await message.answer(_(organizing_texts.GRANT_ACCEPTED).format(organization.name))


@open_router.message(CommandStart(deep_link=True, magic=F.args.func(members.is_link_payload)))
async def claim_member(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    now: Now,
) -> None:
    """A member's personal 认领 link: whoever opens it first becomes that member."""
    claimed = await members.claim(session, pseudonyms, command.args, message.from_user.id, now())
    await message.answer(members_texts.member_claimed(claimed.name, claimed.organization))


@open_router.message(Command("help"))
async def help_(message: Message, session: AsyncSession, admin_ids, locale: str | None) -> None:
    """Respondents get how to take part; organizers the commands they may use."""
    caller = Caller.telegram(message.from_user.id, admin_ids)
    if not await access.is_organizer(session, caller):
        await message.answer(ballots_texts.help_text())
        return
    # Telegram refuses a chat's menu until that person has opened the bot: set it now too.
    await refresh_commands(message.bot, session, admin_ids, caller.user_id, locale)
    await message.answer(
        organizing_texts.organizer_help()
        + (_(organizing_texts.SUPER_HELP) if caller.is_super else "")
    )


@router.message(Command("grant"))
async def grant(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await organization_picker(session, caller, Act.GRANT, 0))


@router.callback_query(pressed(Act.GRANT))
async def grant_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    token = await access.create_grant_link(session, caller, callback_data.v, now())
    me = await query.bot.me()
    organization = (await load_tree(session)).name(callback_data.v)
    link = f"https://t.me/{me.username}?start={token}"
    await edit(query, _(organizing_texts.GRANT_LINK).format(link, organization), None)
    await query.answer()


@router.message(Command("revoke"))
async def revoke(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await organization_picker(session, caller, Act.REVOKE, 0))


@router.callback_query(pressed(Act.REVOKE))
async def revoke_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    organization_id = callback_data.v
    organizers = await access.organizers_of(session, caller, organization_id)
    name = (await load_tree(session)).name(organization_id)
    if not organizers:
        await edit(query, _(organizing_texts.NO_ORGANIZERS).format(name), None)
    else:
        items = [
            (
                f"{o.name}（{o.user_id}）",
                OrganizerButton(a=Act.REVOKE_ORGANIZER, v=organization_id, w=o.user_id),
            )
            for o in organizers
        ]
        # Its pages are the organization picker's, as /revoke showed it.
        title = _(organizing_texts.PICK_ORGANIZER).format(name)
        await edit(
            query,
            *organizing_screens.picker(
                title, items, 0, lambda page: PageButton(a=Act.REVOKE, p=page)
            ),
        )
    await query.answer()


@router.callback_query(pressed(Act.REVOKE_ORGANIZER))
async def revoke_organizer(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
    admin_ids,
    locale: str | None,
) -> None:
    organization_id, user_id = callback_data.v, callback_data.w
    removed = await access.revoke(session, caller, organization_id, user_id, now())
    organization = (await load_tree(session)).name(organization_id)
    if removed:
        await refresh_commands(query.bot, session, admin_ids, user_id, locale)
        await edit(query, _(organizing_texts.REVOKED).format(user_id, organization), None)
    else:
        await edit(query, _(organizing_texts.NOT_REVOKED).format(organization), None)
    await query.answer()


@router.message(Command("audit"))
async def audit_log(message: Message, session: AsyncSession, caller: Caller) -> None:
    rows, pages = await audit.entries(session, caller, 0)
    await answer(message, organizing_screens.audit_page(rows, 0, pages))


@router.callback_query(pressed(Act.AUDIT_PAGE))
async def audit_page(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    page = max(0, callback_data.v)
    rows, pages = await audit.entries(session, caller, page)
    await edit(query, *organizing_screens.audit_page(rows, page, pages))
    await query.answer()
