"""意见建议 → 整改台账: each submitted opinion is a 整改 item the organizer handles and answers.

An opinion leaves its ballot when the ballot is submitted (``ballots`` files it in the
submitting transaction) and gets a random code, the receipt its writer keeps. If the writer chose
愿意接收答复, a ``ReplyHandle`` (the sealed chat id) sits beside the item until the response is
recorded; then the response is queued in the outbox and the handle deleted. Organizers see the
items and whether a reply will be delivered, never the handle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import CampaignError, campaign_title, managed_campaign
from evaluation.outgoing import Kind, Reply, outbox_row
from evaluation.pseudonyms import Pseudonyms
from evaluation.text import clean_text, telegram_length
from evaluation.wording import N_, Phrase
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage import outbox as outbox_repo
from storage import rectification as rectification_repo
from storage.models import Campaign, Suggestion

# 整改 status of an opinion; every opinion starts 待处理.
# 无需整改: praise, or an opinion with nothing to fix; it is not counted as open.
STATUSES = (N_("待处理"), N_("整改中"), N_("已办结"), N_("无需整改"))
PENDING, IN_PROGRESS, DONE, NOT_NEEDED = STATUSES
OPEN_STATUSES = (PENDING, IN_PROGRESS)
OWNER_LIMIT = 50
RESPONSE_LIMIT = 1000
PAGE_SIZE = 5
NO_MEMBER = ("无", "-", "none")  # typed as the 涉及党员: the item is about nobody in particular


class RectificationError(CampaignError):
    """A change that cannot be made; the message is for the organizer."""


@dataclass(frozen=True)
class Item:
    code: str
    campaign_id: int
    campaign: Phrase  # 「organization period」
    organization: str
    period: str  # 2026Q4: the respondent's notices name it in their own language
    text: str
    status: str
    owner: str | None
    deadline: date | None
    response: str | None
    reply_pending: bool  # the writer asked for the response and has not been sent it yet
    member: str | None = None  # 涉及党员: whom the opinion is about, as the organizer set it


@dataclass(frozen=True)
class ItemPage:
    campaign: Phrase
    items: list[Item]
    page: int
    pages: int
    status: str | None  # the filter, None for all
    counts: dict[str, int]  # per status, over the whole campaign


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_deadline(text: str) -> date:
    """「2026-12-31」, 「2026/12/31」, 「2026年12月31日」 → a date."""
    match = _DATE.match(text.strip())
    try:
        if match is None:
            raise ValueError
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise RectificationError(N_("请按「2026-12-31」的格式发送整改期限。")) from None


def normalize_code(text: str) -> str | None:
    """「abcd efgh」, 「ABCD-EFGH」 … → 「ABCD-EFGH」; None if it cannot be a code."""
    letters = "".join(c for c in text.upper() if c.isalnum())
    if len(letters) != 8 or not letters.isascii():
        return None
    return f"{letters[:4]}-{letters[4:]}"


async def items(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    status: str | None = None,
    page: int = 0,
) -> ItemPage:
    campaign = await managed_campaign(session, caller, campaign_id)
    if status is not None and status not in STATUSES:
        raise RectificationError(N_("没有这个整改状态。"))
    counts = await rectification_repo.suggestion_counts(session, campaign_id)
    total = counts.get(status, 0) if status else sum(counts.values())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    rows = await rectification_repo.suggestion_page(
        session, campaign_id, status, PAGE_SIZE, page * PAGE_SIZE
    )
    waiting = await rectification_repo.reply_handles(session, [row.code for row in rows])
    names = await _member_names(session, campaign)
    title = campaign_title(campaign)
    return ItemPage(
        title,
        [_item(row, campaign, row.code in waiting, names) for row in rows],
        page,
        pages,
        status,
        {s: counts.get(s, 0) for s in STATUSES},
    )


async def item(session: AsyncSession, caller: Caller, code: str) -> Item:
    row = await rectification_repo.suggestion(session, code)
    if row is None:
        raise RectificationError(Phrase(N_("没有编号为 {code} 的意见。"), code=code))
    campaign = await managed_campaign(session, caller, row.campaign_id)
    waiting = await rectification_repo.reply_handles(session, [code])
    return _item(row, campaign, code in waiting, await _member_names(session, campaign))


async def update(
    session: AsyncSession,
    caller: Caller,
    code: str,
    now: datetime,
    pseudonyms: Pseudonyms,
    *,
    status: str | None = None,
    owner: str | None = None,
    deadline: date | None = None,
    response: str | None = None,
    member: str | None = None,
) -> Item:
    """Change an item (audited). Recording a response sends it to a writer who asked for it.
    ``member`` is a member's name as on the roster, or 「无」 to name nobody."""
    current = await item(session, caller, code)  # rights, and that it exists
    changes: dict[str, object] = {}
    if member is not None:
        campaign = await campaign_repo.campaign(session, current.campaign_id)
        changes["member_id"] = await _member_id(session, campaign, member)
    if status is not None:
        if status not in STATUSES:
            choices = tuple(Phrase(name) for name in STATUSES)
            raise RectificationError(Phrase(N_("整改状态只能是：{choices}。"), choices=choices))
        changes["status"] = status
    if owner is not None:
        changes["owner"] = _text(owner, OWNER_LIMIT, "owner")
    if deadline is not None:
        changes["deadline"] = deadline
    if response is not None:
        changes["response"] = _text(response, RESPONSE_LIMIT, "response")
    if not changes:
        return current
    await rectification_repo.update_suggestion(session, code, updated_at=now, **changes)
    campaign = await campaign_repo.campaign(session, current.campaign_id)
    audit.record(
        session,
        caller,
        audit.RECTIFIED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
        detail=f"{code} " + "、".join(_FIELD_LABELS[name] for name in changes),
    )
    if "response" in changes:
        await _queue_reply(session, pseudonyms, code, campaign.id, now)
    await session.commit()
    return await item(session, caller, code)


async def lookup(session: AsyncSession, code: str) -> Item | None:
    """/receipt CODE: anyone holding the code may read the item. No rights, no audit."""
    normalized = normalize_code(code)
    row = await rectification_repo.suggestion(session, normalized) if normalized else None
    if row is None:
        return None
    campaign = await campaign_repo.campaign(session, row.campaign_id)
    return _item(row, campaign, False, {})  # the writer is not told whom it was linked to


async def all_items(session: AsyncSession, campaign_id: int) -> list[Item]:
    """Every item of a campaign for the workbook (the caller was checked by the export)."""
    campaign = await campaign_repo.campaign(session, campaign_id)
    names = await _member_names(session, campaign)
    rows = await rectification_repo.suggestions(session, campaign_id)
    return [_item(row, campaign, False, names) for row in rows]


async def open_items_about(session: AsyncSession, campaign: Campaign, member_id: int) -> list[Item]:
    """The items about one member still 待处理 or 整改中: what their 反馈单 lists."""
    names = await _member_names(session, campaign)
    rows = await rectification_repo.suggestions(session, campaign.id)
    return [
        _item(row, campaign, False, names)
        for row in rows
        if row.member_id == member_id and row.status in OPEN_STATUSES
    ]


async def _member_names(session: AsyncSession, campaign: Campaign) -> dict[int, str]:
    return {
        m.id: m.name
        for m in await organization_repo.members_of(session, campaign.organization_id, False)
    }


async def _member_id(session: AsyncSession, campaign: Campaign, name: str) -> int | None:
    """The member of the campaign so named; None for 「无」. Only a member the campaign asks
    about can be named, so an item never points outside its organization."""
    cleaned = clean_text(name)
    if cleaned.lower() in NO_MEMBER:
        return None
    if campaign_view(campaign).questionnaire.member_index(cleaned) is not None:
        for member in await organization_repo.members_of(session, campaign.organization_id, False):
            if member.name == cleaned:
                return member.id
    raise RectificationError(
        Phrase(
            N_("本次评议没有名为「{name}」的党员；请按名册发送姓名，或发送「无」。"), name=cleaned
        )
    )


async def _queue_reply(
    session: AsyncSession, pseudonyms: Pseudonyms, code: str, campaign_id: int, now: datetime
) -> None:
    handle = await rectification_repo.take_reply_handle(session, code)
    if handle is None:
        return
    user_id = pseudonyms.unseal(handle)
    await outbox_repo.enqueue(
        session,
        [
            outbox_row(
                pseudonyms, user_id, f"reply:{code}", Kind.REPLY, now, campaign_id, Reply(code)
            )
        ],
    )


_FIELD_LABELS = {
    "status": N_("状态"),
    "owner": N_("负责人"),
    "deadline": N_("期限"),
    "response": N_("答复"),
    "member_id": N_("涉及党员"),
}


def _text(value: str, limit: int, field: str) -> str:
    cleaned = clean_text(value)
    label = Phrase(_FIELD_LABELS[field])
    if not cleaned:
        raise RectificationError(Phrase(N_("{label}不能为空。"), label=label))
    if telegram_length(cleaned) > limit:
        raise RectificationError(Phrase(N_("{label}最多 {limit} 字。"), label=label, limit=limit))
    return cleaned


def _item(row: Suggestion, campaign: Campaign, reply_pending: bool, names: dict[int, str]) -> Item:
    return Item(
        row.code,
        row.campaign_id,
        campaign_title(campaign),
        campaign.questionnaire["organization"],
        campaign.period,
        row.text,
        row.status,
        row.owner,
        row.deadline,
        row.response,
        reply_pending,
        names.get(row.member_id),
    )
