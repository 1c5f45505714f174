"""Opening, listing and closing campaigns. One implementation for every front end."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.periods import parse_period
from evaluation.questionnaire import ORGANIZATION_TEMPLATES, Questionnaire
from storage import repositories as repo
from storage.models import Campaign

DEFAULT_DURATION = timedelta(days=14)


class CampaignError(ValueError):
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
    submitted: int


async def start_campaign(
    session: AsyncSession,
    organization_name: str,
    period: str,
    today: date,
    now: datetime,
    deadline: date | None = None,
    template: str = "six_aspects",
    expected: int | None = None,
    ask_category: bool = True,
) -> Campaign:
    organization = await repo.organization_by_name(session, organization_name)
    if organization is None:
        raise CampaignError(
            f"找不到组织「{organization_name}」，请先导入名册（pingyi roster import）。"
        )
    try:
        parse_period(period)
    except ValueError as error:
        raise CampaignError(str(error)) from None
    if template not in ORGANIZATION_TEMPLATES:
        raise CampaignError(f"未知模板「{template}」，可选：{'、'.join(ORGANIZATION_TEMPLATES)}。")
    deadline = deadline or today + DEFAULT_DURATION
    if deadline < today:
        raise CampaignError(f"截止日期 {deadline} 早于今天 {today}。")
    if expected is not None and expected < 1:
        raise CampaignError("应参评人数必须是正整数。")
    existing = await repo.open_campaign_for(session, organization.id, period)
    if existing is not None:
        raise CampaignError(
            f"「{organization.name}」{period} 已有进行中的评议（编号 {existing}），"
            "如需重开请先关闭它。"
        )
    members = await repo.members_of(session, organization.id)
    questionnaire = Questionnaire.build(
        template, organization.name, [(m.name, m.role) for m in members], ask_category
    )
    campaign = Campaign(
        organization_id=organization.id,
        token=secrets.token_urlsafe(18),  # 24 chars of A-Za-z0-9_-, 144 random bits
        period=period,
        template=template,
        questionnaire=questionnaire.to_snapshot(),
        deadline=deadline,
        expected=expected,
        status="open",
        opened_at=now,
    )
    session.add(campaign)
    await session.commit()
    return campaign


async def close_campaign(session: AsyncSession, campaign_id: int, now: datetime) -> Campaign:
    campaign = await repo.campaign(session, campaign_id)
    if campaign is None:
        raise CampaignError(f"没有编号为 {campaign_id} 的评议。")
    if campaign.status == "closed":
        raise CampaignError(f"评议 {campaign_id} 已经关闭。")
    campaign.status = "closed"
    campaign.closed_at = now
    await session.commit()
    return campaign


async def list_campaigns(session: AsyncSession) -> list[CampaignRow]:
    return [
        CampaignRow(c.id, org, c.period, c.template, c.status, c.deadline, c.expected, submitted)
        for c, org, submitted in await repo.campaigns_with_counts(session)
    ]


def invitation_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"
