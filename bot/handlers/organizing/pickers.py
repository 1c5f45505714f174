"""Pickers: a paged list of campaigns or organizations whose buttons carry the action they
lead to; the page buttons of every picker are turned here."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot import organizer_screens as views
from bot import texts
from bot.callbacks import Act, OrganizerButton
from bot.replies import edit
from evaluation import access, campaigns
from evaluation.callers import Caller, Forbidden
from evaluation.organizations import load_tree

# The action a picker's buttons lead to → the action that turns the picker's page.
CAMPAIGN_PAGES = {
    Act.STATUS: Act.STATUS_PAGE,
    Act.CLOSE: Act.CLOSE_PAGE,
    Act.EXPORT: Act.EXPORT_PAGE,
    Act.PAPER: Act.PAPER_PAGE,
    Act.PUBLIC: Act.PUBLIC_PAGE,
    Act.SUGGESTIONS: Act.SUGGESTIONS_PAGE,
    Act.RECORD: Act.RECORD_PAGE,
    Act.REVIEW: Act.REVIEW_PAGE,
    Act.FEEDBACK: Act.FEEDBACK_PAGE,
    Act.COMMENTERS: Act.COMMENTERS_PAGE,
}
OPEN_ONLY = {Act.CLOSE, Act.PAPER, Act.COMMENTERS}  # pickers that list open campaigns only
ORGANIZATION_PAGES = {
    Act.ROSTER: Act.ROSTER_PAGE,
    Act.GRANT: Act.GRANT_PAGE,
    Act.REVOKE: Act.REVOKE_PAGE,
    Act.PRACTICE: Act.PRACTICE_PAGE,
    Act.CYCLE_ON: Act.CYCLE_ON_PAGE,
    Act.CYCLE_OFF: Act.CYCLE_OFF_PAGE,
    Act.HALF_SUMMARY: Act.HALF_SUMMARY_PAGE,
    Act.YEAR_SUMMARY: Act.YEAR_SUMMARY_PAGE,
    Act.MEMBERS: Act.MEMBERS_PAGE,
    Act.COMMITMENTS: Act.COMMITMENTS_PAGE,
}
SUPER_ONLY = {Act.GRANT, Act.REVOKE}


def _title(act: Act) -> str:
    """Read when drawn: ``texts`` gives each sentence in the current reader's language."""
    if act in (Act.CYCLE_ON, Act.CYCLE_OFF):
        return texts.CYCLE_PICK_ON if act == Act.CYCLE_ON else texts.CYCLE_PICK_OFF
    if act == Act.MEMBERS:
        return texts.PICK_MEMBERS_ORGANIZATION
    if act == Act.COMMITMENTS:
        return texts.PICK_COMMITMENTS_ORGANIZATION
    return texts.SUMMARY_PICK.get(act, texts.PICK_ORGANIZATION)


router = Router(name="organizer-pickers")


async def campaign_picker(session: AsyncSession, caller: Caller, act: Act, page: int):
    rows = await campaigns.list_campaigns(session, caller, campaigns.RECENT_LIMIT)
    if act in OPEN_ONLY:
        rows = [r for r in rows if r.status == "open"]
    if not rows:
        return (texts.NO_OPEN_CAMPAIGNS if act in OPEN_ONLY else texts.NO_CAMPAIGNS), None
    items = [(views.campaign_label(r), OrganizerButton(a=act, v=r.id)) for r in rows]
    title = texts.CAMPAIGN_LIST_TITLE if act == Act.STATUS else texts.PICK_CAMPAIGN

    def link_button(index: int):  # /campaigns: each open campaign's 邀请链接 beside it
        row = rows[index]
        if act != Act.STATUS or row.status != "open":
            return None
        return texts.INVITATION_LINK_BUTTON, OrganizerButton(a=Act.INVITATION_LINK, v=row.id)

    return views.picker(title, items, page, CAMPAIGN_PAGES[act], link_button)


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
        return texts.NO_ORGANIZATIONS, None
    items = views.organization_items(tree, organizations, act)
    return views.picker(_title(act), items, page, ORGANIZATION_PAGES[act])


# A page button → the action its picker's buttons lead to, and how that picker is drawn.
_PAGE_TURNS = {
    **{page: (act, campaign_picker) for act, page in CAMPAIGN_PAGES.items()},
    **{page: (act, organization_picker) for act, page in ORGANIZATION_PAGES.items()},
}


@router.callback_query(OrganizerButton.filter(F.a.in_(set(_PAGE_TURNS))))
async def page_turned(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    act, picker = _PAGE_TURNS[callback_data.a]
    await edit(query, *await picker(session, caller, act, callback_data.v))
    await query.answer()
