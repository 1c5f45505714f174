"""Opening, listing and closing campaigns. One implementation for every front end.

Every function takes the ``Caller`` and checks their right to the organization it touches.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, audit, commitments
from evaluation.callers import Caller, Forbidden
from evaluation.organizations import load_tree
from evaluation.periods import PRACTICE_PERIOD, PeriodName, parse_period, period_label
from evaluation.questionnaire import SECTOR_GOALS, TEMPLATES, Questionnaire, sector_aspect
from evaluation.refusals import Refusal
from evaluation.tally import Scores
from evaluation.wording import N_, Phrase
from storage import appraisals
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.models import Campaign, Organization

DEFAULT_DURATION = timedelta(days=14)
RECENT_LIMIT = 20


CLOSED = N_("评议 {id} 已经关闭。")


def campaign_name(organization: str, period: str) -> Phrase:
    """How organizers see a campaign named: 「某支部 2026年第四季度」."""
    return Phrase(
        N_("{organization} {period}"), organization=organization, period=PeriodName(period)
    )


class CampaignError(Refusal):
    """A campaign request that cannot be carried out; the message is for the organizer."""


@dataclass(frozen=True)
class CampaignRow:
    id: int
    organization: str
    period: str
    template: str
    status: str
    deadline: date | None
    expected: int | None
    chat: int  # ballots submitted in the chat
    paper: int  # paper questionnaires merged
    practice: bool

    @property
    def submitted(self) -> int:
        """Every ballot counted, chat and paper, as the workbook counts them."""
        return self.chat + self.paper

    @property
    def title(self) -> Phrase:
        return campaign_name(self.organization, self.period)


@dataclass(frozen=True)
class CampaignRequest:
    """What an organizer chose; the wizard and the command line both fill one in."""

    organization_id: int
    period: str
    template: str = "six_aspects"
    sector_goal: bool = False
    deadline: date | None = None
    expected: int | None = None
    ask_category: bool = True
    practice: bool = False
    peer_review: bool | None = None  # 党员互评; None: the template's default
    scores: Scores | None = None  # 规范评分; None: 满意 100, 基本满意 60, 不满意 0
    weights: tuple[float, float] | None = None  # 综合评定: masses', 互评; None: 60/40 or 100/0

    @property
    def with_peer_review(self) -> bool:
        if self.peer_review is None:
            return TEMPLATES[self.template].peer_review
        return self.peer_review


async def find_organization(session: AsyncSession, name: str) -> Organization:
    organization = await organization_repo.organization_by_name(session, name)
    if organization is None:
        raise CampaignError(Phrase(N_("找不到组织「{name}」，请先导入名册。"), name=name))
    return organization


async def start_campaign(
    session: AsyncSession, caller: Caller, request: CampaignRequest, today: date, now: datetime
) -> Campaign:
    root = await open_campaign(session, caller, request, today, now)
    await session.commit()
    return root


async def open_campaign(
    session: AsyncSession,
    caller: Caller,
    request: CampaignRequest,
    today: date,
    now: datetime,
    note: str = "",
) -> Campaign:
    """``start_campaign`` without the commit, for callers that add to the same transaction."""
    await access.require(session, caller, request.organization_id)
    organization = await organization_repo.organization(session, request.organization_id)
    period = PRACTICE_PERIOD if request.practice else request.period
    if not request.practice:
        try:
            parse_period(period)
        except ValueError as error:
            raise CampaignError(error.args[0]) from None
    if request.template not in TEMPLATES:
        raise CampaignError(
            Phrase(
                N_("未知模板「{template}」，可选：{choices}。"),
                template=request.template,
                choices=tuple(TEMPLATES),
            )
        )
    if request.sector_goal and organization.sector not in SECTOR_GOALS:
        raise CampaignError(
            Phrase(N_("「{name}」没有组织类别，无法加入行业目标。"), name=organization.name)
        )
    deadline = request.deadline or today + DEFAULT_DURATION
    if deadline < today:
        raise CampaignError(
            Phrase(N_("截止日期 {deadline} 早于今天 {today}。"), deadline=deadline, today=today)
        )
    if request.expected is not None and request.expected < 1:
        raise CampaignError(N_("应参评人数必须是正整数。"))
    if request.scores is not None:
        check_scores(request.scores)
    tree = await load_tree(session)
    covered = tree.subtree(organization.id)  # the organization and everything below it
    if not request.practice:
        for organization_id in covered:
            existing = await campaign_repo.open_campaign_for(session, organization_id, period)
            if existing is not None:
                raise CampaignError(
                    Phrase(
                        N_("「{name}」{period}已有进行中的评议（编号 {id}），如需重开请先关闭它。"),
                        name=tree.name(organization_id),
                        period=PeriodName(period),
                        id=existing,
                    )
                )
    root = None
    for organization_id in covered:
        campaign = await _campaign_for(
            session, tree.by_id[organization_id], request, period, deadline, now
        )
        if root is None:
            root = campaign
            campaign.expected = request.expected  # the whole group's denominator
            session.add(campaign)
            await session.flush()
        else:
            campaign.group_id = root.id
            session.add(campaign)
    detail = f"{period_label(period)}，{TEMPLATES[request.template].name}"
    if request.with_peer_review:
        detail += "，含党员互评"
    if len(covered) > 1:
        detail += f"，含下级组织 {len(covered) - 1} 个"
    if note:
        detail += f"，{note}"
    audit.record(
        session,
        caller,
        audit.CAMPAIGN_OPENED,
        now,
        organization_id=organization.id,
        campaign_id=root.id,
        detail=detail,
    )
    await session.flush()
    return root


async def _campaign_for(
    session: AsyncSession,
    organization: Organization,
    request: CampaignRequest,
    period: str,
    deadline: date,
    now: datetime,
) -> Campaign:
    """One organization's campaign, its questionnaire built from its roster as it is now."""
    members = await organization_repo.members_of(session, organization.id)
    goal = request.sector_goal and organization.sector in SECTOR_GOALS
    questionnaire = Questionnaire.build(
        request.template,
        organization.name,
        [(m.name, m.role) for m in members],
        request.ask_category,
        sector_aspect(organization.sector) if goal else None,
        await commitments.for_snapshot(session, organization.id),
    )
    return Campaign(
        organization_id=organization.id,
        token=secrets.token_urlsafe(18),  # 24 chars of A-Za-z0-9_-, 144 random bits
        period=period,
        template=request.template,
        questionnaire=questionnaire.to_snapshot(),
        deadline=deadline,
        status="open",
        practice=request.practice,
        peer_review=request.with_peer_review,
        scores=request.scores.to_stored() if request.scores else None,
        weights=list(request.weights) if request.weights else None,
        opened_at=now,
    )


def check_scores(scores: Scores) -> None:
    """满意 ≥ 基本满意 ≥ 不满意, each from 0 to 100."""
    values = scores.to_stored()
    if not all(0 <= v <= 100 for v in values) or values != sorted(values, reverse=True):
        raise CampaignError(
            N_("得分应为 0 至 100 之间的数，且满意 ≥ 基本满意 ≥ 不满意，例如 100,60,0。")
        )


def parse_weights(text: str) -> tuple[float, float]:
    """「60,40」: the weights of the masses' and the 互评 score in the composite."""
    parts = [p for p in text.replace("，", ",").replace("/", ",").split(",") if p.strip()]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 2 or min(values) < 0 or sum(values) <= 0:
        raise CampaignError(N_("权重应写作两个不小于 0 的数：群众,互评，例如 60,40。"))
    return values


def parse_scores(text: str) -> Scores:
    """「100,60,0」 (or with 、 or spaces) as the points of 满意, 基本满意 and 不满意."""
    parts = [
        p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if p
    ]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 3:
        raise CampaignError(N_("得分应写作三个数：满意,基本满意,不满意，例如 100,60,0。"))
    scores = Scores(*values)
    check_scores(scores)
    return scores


async def managed_campaign(session: AsyncSession, caller: Caller, campaign_id: int) -> Campaign:
    """The campaign, if it exists and the caller manages its organization."""
    campaign = await campaign_repo.campaign(session, campaign_id)
    if campaign is None:
        # Same answer as a campaign of someone else's: ids say nothing to strangers.
        raise (
            Forbidden
            if not caller.is_super
            else CampaignError(Phrase(N_("没有编号为 {id} 的评议。"), id=campaign_id))
        )
    await access.require(session, caller, campaign.organization_id)
    return campaign


async def close_campaign(
    session: AsyncSession, caller: Caller, campaign_id: int, now: datetime
) -> Campaign:
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.status == "closed":
        raise CampaignError(Phrase(CLOSED, id=campaign_id))
    await close_unchecked(session, caller, campaign, now)
    await session.commit()
    return campaign


async def close_unchecked(
    session: AsyncSession, caller: Caller, campaign: Campaign, now: datetime
) -> None:
    """Close an open campaign the caller manages, and its group's open branches; the caller
    commits."""
    campaign.status = "closed"
    campaign.closed_at = now
    closed = [campaign.id]
    for branch in await campaign_repo.group_campaigns(session, campaign.id):
        if branch.status == "open":
            branch.status, branch.closed_at = "closed", now
            closed.append(branch.id)
    await appraisals.discard_peer_drafts(session, closed)
    audit.record(
        session,
        caller,
        audit.CAMPAIGN_CLOSED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
    )


async def list_campaigns(
    session: AsyncSession, caller: Caller, limit: int | None = None
) -> list[CampaignRow]:
    """Campaigns of the organizations the caller manages: open ones first, then newest."""
    managed = None if caller.is_super else [o.id for o in await access.managed(session, caller)]
    return [
        CampaignRow(
            c.id,
            org,
            c.period,
            c.template,
            c.status,
            c.deadline,
            c.expected,
            chat,
            paper,
            c.practice,
        )
        for c, org, chat, paper in await campaign_repo.campaigns_with_counts(
            session, managed, limit
        )
    ]


async def open_for_invitations(session: AsyncSession, caller: Caller, campaign_id: int) -> Campaign:
    """A managed campaign whose link is still worth sending (邀请链接 again), not a closed one."""
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.status != "open":
        raise CampaignError(Phrase(N_("评议 {id} 已关闭，邀请链接已失效。"), id=campaign_id))
    return campaign


async def branch_links(session: AsyncSession, root: Campaign) -> list[tuple[str, str]]:
    """(organization, token) of each branch of a group, in tree order; [] for a single one."""
    tree = await load_tree(session)
    branches = tree.in_tree_order(
        root.organization_id, list(await campaign_repo.group_campaigns(session, root.id))
    )
    return [(tree.name(c.organization_id), c.token) for c in branches]


async def start_practice(
    session: AsyncSession, caller: Caller, organization_id: int, today: date, now: datetime
) -> Campaign:
    """A 测试 campaign: the whole flow to try out, kept out of every report."""
    request = CampaignRequest(organization_id, PRACTICE_PERIOD, practice=True)
    return await start_campaign(session, caller, request, today, now)


async def practice_campaigns(session: AsyncSession, caller: Caller) -> list[int]:
    managed = [o.id for o in await access.managed(session, caller)]
    return await campaign_repo.practice_campaign_ids(session, managed)


async def wipe_practice(session: AsyncSession, caller: Caller, now: datetime) -> int:
    """Erase every practice campaign of the organizations the caller manages."""
    campaign_ids = await practice_campaigns(session, caller)
    if campaign_ids:
        await campaign_repo.delete_campaigns(session, campaign_ids)
        audit.record(
            session, caller, audit.PRACTICE_WIPED, now, detail=f"{len(campaign_ids)} 个测试评议"
        )
        await session.commit()
    return len(campaign_ids)


def campaign_title(campaign: Campaign) -> Phrase:
    return campaign_name(campaign.questionnaire["organization"], campaign.period)


def invitation_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"
