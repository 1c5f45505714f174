"""What the system cannot count by itself for the 统计单 (items 2–6): meetings held and who came,
the other ways of hearing people, leaders reporting, members introducing themselves, practical
things done. Organizers record them (``/record``, ``pingyi record``); each entry is audited and
entries add up, so a mistake is corrected with a negative entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit, self_evaluation
from evaluation.callers import Caller
from evaluation.campaigns import CampaignError, managed_campaign
from evaluation.wording import N_, Phrase
from storage import campaigns as campaign_repo
from storage import tallies as tally_repo
from storage.models import ActivityRecord, Campaign

LARGEST_ENTRY = 1_000_000


@dataclass(frozen=True)
class Item:
    code: str  # for the command line and buttons
    number: int  # the 统计单 item it belongs to (2–6)
    label: str  # the 统计单's own wording
    unit: str


ITEMS = (
    Item("meetings", 2, N_("召开群众评议会议总数"), N_("个")),
    Item("attendees", 2, N_("参加评议的群众总数"), N_("人")),
    Item("visits", 3, N_("走访调研"), N_("次")),
    Item("talks", 3, N_("个别谈话"), N_("个")),
    Item("forums", 3, N_("座谈交流"), N_("次")),
    Item("forms", 3, N_("发放征求意见表"), N_("张")),
    Item("reports", 4, N_("主要负责人通报的"), N_("人")),
    Item("higher", 4, N_("上级党组织指派人参加评议"), N_("人次")),
    Item("intros", 5, N_("自我介绍参加活动情况的党员总数"), N_("人")),
    Item("deeds", 6, N_("为群众办实事、做好事、解难事"), N_("件(项)")),
)
BY_CODE = {item.code: item for item in ITEMS}
ATTENDEES = "attendees"  # 参加评议的群众总数: the ballots counted where nothing is recorded
BY_NAME = {**BY_CODE, **{item.label: item for item in ITEMS}}  # 走访调研 as well as visits


class ActivityError(CampaignError):
    """An entry that cannot be recorded; the message is for the organizer."""


def parse_count(text: str) -> int:
    cleaned = text.strip().replace("＋", "+").replace("－", "-")
    digits = cleaned.lstrip("+-")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 7:
        raise ActivityError(N_("请发送一个整数，例如 12；更正时可发送负数，例如 -2。"))
    value = int(cleaned)
    if abs(value) > LARGEST_ENTRY:
        raise ActivityError(Phrase(N_("一次最多登记 {limit} 。"), limit=LARGEST_ENTRY))
    return value


async def record(
    session: AsyncSession, caller: Caller, campaign_id: int, name: str, count: int, now: datetime
) -> int:
    """Add an entry to a campaign the caller manages; returns the item's new total there.
    ``name``: the item's code or its label."""
    campaign = await managed_campaign(session, caller, campaign_id)
    item = BY_NAME.get(name.strip())
    if item is None:
        labels = tuple(Phrase(i.label) for i in ITEMS)
        raise ActivityError(Phrase(N_("没有这个统计项。可登记：{labels}"), labels=labels))
    if count == 0 or abs(count) > LARGEST_ENTRY:
        raise ActivityError(
            Phrase(N_("登记数应为 1 至 {limit} 的整数，更正时可为负数。"), limit=LARGEST_ENTRY)
        )
    code = item.code
    total = (await tally_repo.activity_totals(session, [campaign_id])).get(code, 0) + count
    if total < 0:
        raise ActivityError(
            Phrase(
                N_("更正后「{label}」将小于 0（现为 {total}）。"),
                label=Phrase(item.label),
                total=total - count,
            )
        )
    session.add(
        ActivityRecord(
            campaign_id=campaign_id,
            item=code,
            count=count,
            recorded_by=caller.user_id,
            recorded_at=now,
        )
    )
    audit.record(
        session,
        caller,
        audit.ACTIVITY_RECORDED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign_id,
        detail=f"{item.label} {count:+d}{item.unit}，合计 {total}",
    )
    await session.commit()
    return total


async def totals(session: AsyncSession, campaign: Campaign) -> dict[str, int | None]:
    """Each item over the campaign and, for a group, all its branches; None: nothing recorded.
    Item 5 counts the submitted 党员自我评价 by itself; what is recorded adds to it (members
    who introduced themselves on paper)."""
    campaign_ids = [
        campaign.id,
        *(c.id for c in await campaign_repo.group_campaigns(session, campaign.id)),
    ]
    recorded = await tally_repo.activity_totals(session, campaign_ids)
    introduced = await self_evaluation.submitted_count(session, campaign_ids)
    if introduced:
        recorded["intros"] = recorded.get("intros", 0) + introduced
    return {item.code: recorded.get(item.code) for item in ITEMS}


async def year_totals(session: AsyncSession, campaigns: list[Campaign]) -> dict[str, int | None]:
    """Each item over a year's campaigns (``totals`` of each); a quarter that recorded no
    参加评议的群众总数 counts its ballots, chat and paper, as its own 统计单 does."""
    found: dict[str, int | None] = {item.code: None for item in ITEMS}
    for campaign in campaigns:
        quarter = await totals(session, campaign)
        if quarter[ATTENDEES] is None:
            counted = await tally_repo.submitted_count(session, campaign.id)
            quarter[ATTENDEES] = counted + await tally_repo.paper_ballots(session, campaign.id)
        for code, value in quarter.items():
            if value is not None:
                found[code] = (found[code] or 0) + value
    return found
