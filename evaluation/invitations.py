"""What a respondent is shown before their ballot begins: the campaign behind a link (or a
group's branch picker), and the unfinished ballot a bare /start offers to resume. Nothing here
stores anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import ballot_state
from evaluation.ballot_state import Reason, Refused, Respondent
from evaluation.campaign_views import CampaignView, campaign_view, is_open
from evaluation.organizations import load_tree
from storage import ballots as ballot_repo
from storage import campaigns as campaign_repo
from storage.models import (
    Campaign,
)


@dataclass(frozen=True)
class Branch:
    """One organization of a grouped campaign, as the branch picker lists it."""

    campaign_id: int
    organization: str
    depth: int  # below the group's root
    admission: int  # drawn on its button: Pseudonyms.admission


@dataclass(frozen=True)
class Invitation:
    campaign: CampaignView
    resuming: bool
    admission: int  # drawn on 开始评议 (a group's root: on the branch picker's pages)
    branches: tuple[Branch, ...] = ()  # a group's root: the respondent picks one first
    member: bool = False  # a member bound in the organization: not asked about themself
    peer_review: bool = False  # the campaign has 党员互评, their way to rate colleagues


async def open_invitation(
    session: AsyncSession, token: str, respondent: Respondent, today: date
) -> Invitation:
    """What ``/start <token>`` shows. Stores nothing."""
    campaign = (
        await campaign_repo.campaign_by_token(session, token) if _plausible_token(token) else None
    )
    if campaign is None:
        raise Refused(Reason.UNKNOWN_CAMPAIGN)
    if not is_open(campaign, today):
        raise Refused(Reason.CLOSED)
    admission = respondent.admission(campaign.id)
    branches = await _branches(session, campaign, respondent)
    if branches:
        return Invitation(campaign_view(campaign), False, admission, branches)
    key = respondent.key(campaign.id)
    if await ballot_repo.has_submitted(session, campaign.id, key):
        raise Refused(Reason.ALREADY_SUBMITTED)
    resuming = await ballot_repo.draft_ballot(session, campaign.id, key) is not None
    member = bool(await ballot_state.own_questions(session, campaign, respondent))
    return Invitation(
        campaign_view(campaign),
        resuming,
        admission,
        member=member,
        peer_review=campaign.peer_review,
    )


async def group_invitation(
    session: AsyncSession, root_id: int, respondent: Respondent, admission: int, today: date
) -> Invitation:
    """The branch picker of a grouped campaign again (another page of it), for someone it was
    shown to (``admission``). Stores nothing."""
    if admission != respondent.admission(root_id):
        raise Refused(Reason.NOT_STARTED)
    campaign = await ballot_state.open_campaign(session, root_id, today)
    branches = await _branches(session, campaign, respondent)
    if not branches:
        raise Refused(Reason.INVALID)
    return Invitation(campaign_view(campaign), False, admission, branches)


async def _branches(
    session: AsyncSession, root: Campaign, respondent: Respondent
) -> tuple[Branch, ...]:
    """The open campaigns of a group in tree order, the root first; () if not a group."""
    members = await campaign_repo.group_campaigns(session, root.id)
    if not members:
        return ()
    tree = await load_tree(session)
    base = tree.depth(root.organization_id)
    campaigns = tree.in_tree_order(root.organization_id, [root, *members])
    return tuple(
        Branch(
            c.id,
            tree.name(c.organization_id),
            tree.depth(c.organization_id) - base,
            respondent.admission(c.id),
        )
        for c in campaigns
        if c.status == "open"
    )


def _plausible_token(token: str) -> bool:
    return 0 < len(token) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)


async def unfinished_invitation(
    session: AsyncSession, respondent: Respondent, today: date
) -> Invitation | None:
    """The newest open campaign the respondent has left unfinished, if any. Stores nothing."""
    ballot = await ballot_state.newest_draft(session, respondent)
    if ballot is None:
        return None
    campaign = await campaign_repo.campaign(session, ballot.campaign_id)
    if not is_open(campaign, today):
        return None
    return Invitation(
        campaign_view(campaign), resuming=True, admission=respondent.admission(campaign.id)
    )
