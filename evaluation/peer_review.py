"""党员互评's results, counted apart from the masses': each member's counts from the peer
ballots (``peer_counts``), and how many of the members the bot knows have submitted one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.campaign_views import campaign_view
from evaluation.questionnaire import MEMBER
from evaluation.tally import SubjectTally, tally
from storage import appraisals
from storage import organizations as organization_repo
from storage.models import Campaign


@dataclass(frozen=True)
class PeerResults:
    tallies: list[SubjectTally]  # the members', indexed into the campaign's questionnaire
    submitted: int
    expected: int  # the bound members: each is asked for one peer ballot


async def peer_results(session: AsyncSession, campaign: Campaign) -> PeerResults | None:
    """None for a campaign without 党员互评."""
    if not campaign.peer_review:
        return None
    questionnaire = campaign_view(campaign).questionnaire
    tallies = tally(questionnaire, await appraisals.peer_counts(session, campaign.id))
    members = [t for t in tallies if questionnaire.subjects[t.subject_index].kind == MEMBER]
    submitted = await appraisals.peer_roll_count(session, campaign.id)
    return PeerResults(members, submitted, await bound_members_asked(session, campaign))


async def bound_members_asked(session: AsyncSession, campaign: Campaign) -> int:
    """The members the campaign asks about who are bound (认领) to an account."""
    listed = {s.name for s in campaign_view(campaign).questionnaire.subjects if s.kind == MEMBER}
    bindings = await organization_repo.bindings_of(session, campaign.organization_id)
    roster = await organization_repo.members_of(session, campaign.organization_id)
    return sum(m.id in bindings and m.name in listed for m in roster)
