"""Pickers: a paged list of campaigns or organizations whose buttons carry the action they
lead to; the page buttons of every picker are turned here."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks.organizing import LEGACY_PAGES, Act, OrganizerButton, PageButton
from bot.i18n import gettext as _
from bot.replies import edit
from bot.screens import organizing as organizing_screens
from bot.texts import campaigns as campaigns_texts
from bot.texts import commitments as commitments_texts
from bot.texts import cycle as cycle_texts
from bot.texts import members as members_texts
from bot.texts import organizing as organizing_texts
from bot.texts import summaries as summaries_texts
from evaluation import access, campaigns
from evaluation.callers import Caller, Forbidden
from evaluation.organizations import load_tree

# The actions whose pickers list campaigns, and organizations; ``PageButton`` turns their pages.
CAMPAIGN_PICKERS = {
    Act.STATUS,
    Act.CLOSE,
    Act.EXPORT,
    Act.PAPER,
    Act.PUBLIC,
    Act.SUGGESTIONS,
    Act.RECORD,
    Act.REVIEW,
    Act.FEEDBACK,
    Act.COMMENTERS,
}
OPEN_ONLY = {Act.CLOSE, Act.PAPER, Act.COMMENTERS}  # pickers that list open campaigns only
ORGANIZATION_PICKERS = {
    Act.ROSTER,
    Act.GRANT,
    Act.REVOKE,
    Act.PRACTICE,
    Act.CYCLE_ON,
    Act.CYCLE_OFF,
    Act.HALF_SUMMARY,
    Act.YEAR_SUMMARY,
    Act.MEMBERS,
    Act.COMMITMENTS,
}
SUPER_ONLY = {Act.GRANT, Act.REVOKE}


def _title(act: Act) -> str:
    """In the current reader's language."""
    if act in (Act.CYCLE_ON, Act.CYCLE_OFF):
        return (
            _(cycle_texts.CYCLE_PICK_ON) if act == Act.CYCLE_ON else _(cycle_texts.CYCLE_PICK_OFF)
        )
    if act == Act.MEMBERS:
        return _(members_texts.PICK_MEMBERS_ORGANIZATION)
    if act == Act.COMMITMENTS:
        return _(commitments_texts.PICK_COMMITMENTS_ORGANIZATION)
    return _(summaries_texts.SUMMARY_PICK.get(act, organizing_texts.PICK_ORGANIZATION))


router = Router(name="organizer-pickers")


async def campaign_picker(session: AsyncSession, caller: Caller, act: Act, page: int):
    rows = await campaigns.list_campaigns(session, caller, campaigns.RECENT_LIMIT)
    if act in OPEN_ONLY:
        rows = [r for r in rows if r.status == "open"]
    if not rows:
        return (
            _(organizing_texts.NO_OPEN_CAMPAIGNS)
            if act in OPEN_ONLY
            else _(organizing_texts.NO_CAMPAIGNS)
        ), None
    items = [(organizing_screens.campaign_label(r), OrganizerButton(a=act, v=r.id)) for r in rows]
    title = (
        _(campaigns_texts.CAMPAIGN_LIST_TITLE)
        if act == Act.STATUS
        else _(organizing_texts.PICK_CAMPAIGN)
    )

    def link_button(index: int):  # /campaigns: each open campaign's 邀请链接 beside it
        row = rows[index]
        if act != Act.STATUS or row.status != "open":
            return None
        return _(organizing_texts.INVITATION_LINK_BUTTON), OrganizerButton(
            a=Act.INVITATION_LINK, v=row.id
        )

    return organizing_screens.picker(title, items, page, _turn(act), link_button)


async def only_campaign(session: AsyncSession, caller: Caller, act: Act) -> int | None:
    """The one campaign ``act``'s picker would list, if only one: a command goes straight to it."""
    rows = await campaigns.list_campaigns(session, caller, 2)
    if act in OPEN_ONLY:
        rows = [r for r in rows if r.status == "open"]
    return rows[0].id if len(rows) == 1 else None


async def only_organization(session: AsyncSession, caller: Caller) -> int | None:
    """The one organization the caller manages, if only one: a command goes straight to it."""
    organizations = await access.managed(session, caller)
    return organizations[0].id if len(organizations) == 1 else None


async def organization_picker(session: AsyncSession, caller: Caller, act: Act, page: int):
    if act in SUPER_ONLY and not caller.is_super:
        raise Forbidden
    tree = await load_tree(session)
    organizations = await access.managed(session, caller)
    if not organizations:
        return _(organizing_texts.NO_ORGANIZATIONS), None
    items = organizing_screens.organization_items(tree, organizations, act)
    return organizing_screens.picker(_title(act), items, page, _turn(act))


def _turn(act: Act):
    return lambda page: PageButton(a=act, p=page)


async def _page(session: AsyncSession, caller: Caller, act: Act, page: int):
    if act in CAMPAIGN_PICKERS:
        return await campaign_picker(session, caller, act, page)
    return await organization_picker(session, caller, act, page)


@router.callback_query(PageButton.filter(F.a.in_(CAMPAIGN_PICKERS | ORGANIZATION_PICKERS)))
async def page_turned(
    query: CallbackQuery, callback_data: PageButton, session: AsyncSession, caller: Caller
) -> None:
    await edit(query, *await _page(session, caller, Act(callback_data.a), callback_data.p))
    await query.answer()


@router.callback_query(OrganizerButton.filter(F.a.in_(set(LEGACY_PAGES))))
async def legacy_page_turned(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    """A page button drawn before ``PageButton``, still in a chat: turns the same page."""
    act = LEGACY_PAGES[callback_data.a]
    await edit(query, *await _page(session, caller, act, callback_data.v))
    await query.answer()
