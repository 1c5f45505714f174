"""Members the bot knows: /members lists an organization's members as 已认领 / 未认领, and a
member's button gives their personal one-time 认领 link (for a bound member, after asking:
a new link withdraws the binding)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import Now, organization_page, pressed
from bot.handlers.organizing.pickers import only_organization, organization_picker
from bot.i18n import gettext as _
from bot.replies import answer, edit
from bot.screens import members as members_screens
from bot.screens import organizing as organizing_screens
from bot.texts import members as members_texts
from bot.texts import roster as roster_texts
from evaluation import members
from evaluation.callers import Caller

router = Router(name="organizer-members")


@router.message(Command("members"))
async def list_members(message: Message, session: AsyncSession, caller: Caller) -> None:
    organization_id = await only_organization(session, caller)
    if organization_id is None:
        await answer(message, await organization_picker(session, caller, Act.MEMBERS, 0))
        return
    await answer(message, await member_list(session, caller, organization_id, 0))


@router.callback_query(pressed(Act.MEMBERS))
@router.callback_query(pressed(Act.MEMBER_LIST_PAGE))
async def members_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    organization_id, page = organization_page(callback_data, Act.MEMBERS)
    await edit(query, *await member_list(session, caller, organization_id, page))
    await query.answer()


async def member_list(session: AsyncSession, caller: Caller, organization_id: int, page: int):
    organization, rows = await members.members(session, caller, organization_id)
    if not rows:
        return _(roster_texts.ROSTER_EMPTY).format(organization), None
    items = [
        (members_texts.member_label(row), OrganizerButton(a=Act.MEMBER_LINK, v=row.id))
        for row in rows
    ]
    title = members_texts.members_title(organization, len(rows), sum(row.bound for row in rows))

    def turn(page: int) -> OrganizerButton:
        return OrganizerButton(a=Act.MEMBER_LIST_PAGE, v=page, w=organization_id)

    return organizing_screens.picker(title, items, page, turn)


@router.callback_query(pressed(Act.MEMBER_LINK))
async def member_link(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    member_id = callback_data.v
    _, rows = await _members_of(session, caller, member_id)
    row = next(r for r in rows if r.id == member_id)
    if row.bound:  # a new link would withdraw the binding: ask first
        await answer(query.message, members_screens.reissue_confirmation(member_id, row.name))
        await query.answer()
        return
    await _send_link(query, await members.issue_link(session, caller, member_id, now()))


@router.callback_query(pressed(Act.MEMBER_RENEW))
async def member_renew(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    """An unbound member's unspent link withdrawn (given to the wrong person, leaked)."""
    issued = await members.issue_link(session, caller, callback_data.v, now(), renew=True)
    await edit(query, _(members_texts.MEMBER_LINK_WITHDRAWN), None)
    await _send_link(query, issued)


@router.callback_query(pressed(Act.MEMBER_REISSUE))
async def member_reissue(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    issued = await members.issue_link(session, caller, callback_data.v, now())
    await edit(query, members_texts.member_unbound(issued.name), None)
    await _send_link(query, issued)


@router.callback_query(pressed(Act.MEMBER_KEPT))
async def member_kept(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await _members_of(session, caller, callback_data.v)  # rights first
    await edit(query, _(members_texts.MEMBER_KEPT), None)
    await query.answer()


async def _members_of(session: AsyncSession, caller: Caller, member_id: int):
    """The organization of a member the caller manages, with its members."""
    organization_id = await members.organization_of(session, caller, member_id)
    return await members.members(session, caller, organization_id)


async def _send_link(query: CallbackQuery, issued: members.IssuedLink) -> None:
    me = await query.bot.me()
    link = f"https://t.me/{me.username}?start={issued.token}"
    if issued.reused:  # the link already handed out stays valid: shown again, not replaced
        text = members_texts.member_link_again(issued.name, issued.organization, link)
        await answer(query.message, members_screens.live_link(issued.member_id, text))
    else:
        await query.message.answer(
            members_texts.member_link(issued.name, issued.organization, link)
        )
    await query.answer()
