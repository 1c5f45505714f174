"""Who comments on whom (逐级点评): an organizer over the organization and its members, as the
roles' defaults say or as the organizer chose, and a member over colleagues."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, audit, roles
from evaluation.callers import Caller
from evaluation.campaigns import CampaignError, managed_campaign
from evaluation.comments import ORGANIZATION_SUBJECT, Subject, subjects
from evaluation.wording import N_
from storage import comments as comment_repo
from storage import organizations as organization_repo
from storage.models import Campaign, Member


async def organizer_may_comment(
    session: AsyncSession, caller: Caller, campaign: Campaign, subject: Subject
) -> bool:
    """An organizer of the campaign's organization comments on its members; the organization
    itself is commented on from above: by an organizer of the organization over it (for a
    top-level organization, a super-organizer)."""
    if subject.key != ORGANIZATION_SUBJECT:
        return await access.may_manage(session, caller, campaign.organization_id)
    organization = await organization_repo.organization(session, campaign.organization_id)
    if organization.parent_id is None:
        return caller.is_super
    return await access.may_manage(session, caller, organization.parent_id)


def member_may_comment(commenter: Member, subject: Subject) -> bool:
    """A bound member comments by role: the 党支部书记 on the 支部委员, a 支部委员 on the
    members who are neither (党员 and 党员领导干部); never on themself."""
    if subject.key in (ORGANIZATION_SUBJECT, commenter.id):
        return False
    role, theirs = roles.category(commenter.role), roles.category(subject.role)
    if role == roles.SECRETARY:
        return theirs == roles.COMMITTEE
    if role == roles.COMMITTEE:
        return theirs in (roles.MEMBER, roles.LEADER)
    return False


async def may_member_comment(
    session: AsyncSession, campaign: Campaign, commenter: Member, subject: Subject
) -> bool:
    """As the roles say, unless an organizer chose this subject's commenters."""
    chosen = (await comment_repo.assignments(session, campaign.id)).get(subject.key)
    if chosen is None:
        return member_may_comment(commenter, subject)
    return commenter.id in chosen and commenter.id != subject.key


async def commenters_of(
    session: AsyncSession, campaign: Campaign, subject: Subject
) -> list[Member]:
    """The members who may comment on a member subject, in roster order."""
    roster = await organization_repo.members_of(session, campaign.organization_id)
    chosen = (await comment_repo.assignments(session, campaign.id)).get(subject.key)
    if chosen is None:
        return [m for m in roster if member_may_comment(m, subject)]
    return [m for m in roster if m.id in chosen and m.id != subject.key]


async def choose_commenters(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    subject_key: int,
    member_ids: set[int] | None,
    now: datetime,
) -> list[Member]:
    """An organizer sets who comments on a member (None: the roles' default again), while the
    campaign is open. The organization is commented on from above, by its organizers."""
    subject = await check_member_subject(session, caller, campaign_id, subject_key)
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.status != "open":
        raise CampaignError(N_("评议已关闭，点评人不能再改。"))
    roster = {
        m.id: m for m in await organization_repo.members_of(session, campaign.organization_id)
    }
    if member_ids is not None and not member_ids <= set(roster) - {subject.key}:
        raise CampaignError(N_("点评人应是本组织的其他党员。"))
    await comment_repo.set_assignments(session, campaign.id, subject.key, member_ids)
    names = "、".join(roster[m].name for m in sorted(member_ids)) if member_ids else "按角色"
    audit.record(
        session,
        caller,
        audit.COMMENTERS_SET,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
        detail=f"{subject.name}：{names}",
    )
    await session.commit()
    return await commenters_of(session, campaign, subject)


async def roster(session: AsyncSession, campaign: Campaign) -> list[Member]:
    """The campaign's organization's members, in roster order."""
    return list(await organization_repo.members_of(session, campaign.organization_id))


async def check_member_subject(
    session: AsyncSession, caller: Caller, campaign_id: int, subject_key: int
) -> Subject:
    """A member subject of a campaign the caller manages (not the organization)."""
    campaign = await managed_campaign(session, caller, campaign_id)
    subject = next((s for s in await subjects(session, campaign) if s.key == subject_key), None)
    if subject is None or subject.key == ORGANIZATION_SUBJECT:
        raise CampaignError(N_("只能为党员指定点评人；本组织由上级组织者点评。"))
    return subject


async def toggle_commenter(
    session: AsyncSession, caller: Caller, campaign_id: int, subject_key: int, member_id: int, now
) -> list[Member]:
    """One member in or out of a subject's commenters (starting from the roles' default)."""
    subject = await check_member_subject(session, caller, campaign_id, subject_key)
    campaign = await managed_campaign(session, caller, campaign_id)
    current = {m.id for m in await commenters_of(session, campaign, subject)}
    chosen = current ^ {member_id}
    return await choose_commenters(session, caller, campaign_id, subject_key, chosen, now)
