"""结果反馈 (将评议结果对所在党组织和党员进行反馈): after 审定, each member the bot knows is
sent, privately and once, their own 反馈单 — their masses' and 互评 figures per criterion (the
thresholds applied), their scores, the 点评 addressed to them, their final grade and the 整改
items about them still open; the organization's organizers get the 组织反馈单 and the sheets of
the members who are not bound, for printing. Nobody receives another member's figures or
comments."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit, comments, rectification
from evaluation.callers import Caller, Forbidden
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import CampaignError, managed_campaign
from evaluation.organizations import load_tree
from evaluation.outgoing import Kind, MemberFeedbackPart, OrganizationFeedbackPart, outbox_row
from evaluation.peer_review import peer_results
from evaluation.pseudonyms import Pseudonyms
from evaluation.review import appraise
from evaluation.tally import (
    DEFAULT_RULE,
    GradingRule,
    Scores,
    SubjectTally,
    enough_ballots,
    grade,
    tally,
)
from evaluation.wording import N_
from storage import access as access_repo
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage import outbox as outbox_repo
from storage import tallies as tally_repo
from storage.models import Campaign


@dataclass(frozen=True)
class Line:
    """One criterion: its 满意+基本满意率 and score."""

    criterion: str
    approval: float | None
    score: float | None


@dataclass(frozen=True)
class Remark:
    commenter: str  # name（role）
    strengths: str | None
    improvements: str | None


@dataclass(frozen=True)
class MemberFeedback:
    organization: str
    period: str
    name: str
    masses: tuple[Line, ...] | None  # None: below the threshold
    peer: tuple[Line, ...] | None  # None: no 互评, or below its threshold
    masses_score: float | None
    peer_score: float | None
    composite: float | None
    rank: int | None
    members: int  # ranked among
    final: str | None
    remarks: tuple[Remark, ...]
    open_items: tuple[rectification.Item, ...] = ()  # 整改 items about them, 待处理 or 整改中
    masses_grade: str | None = None  # 群众评议等次; None below the threshold
    suggested: str | None = None  # the grade the scores suggest
    reason: str | None = None  # the branch's reason where its 审定 differs from the suggestion
    day: date | None = None  # the sheet's 落款: when the results were released (or 审定)


@dataclass(frozen=True)
class OrganizationFeedback:
    organization: str
    period: str
    grade: str | None  # the masses' grade; None below the threshold
    score: float | None
    aspects: tuple[Line, ...] | None
    remarks: tuple[Remark, ...]  # the 上级点评
    grades: tuple[tuple[str, int], ...]  # members per final grade
    items: tuple[rectification.Item, ...] = ()  # the opinions received and their 整改 state
    day: date | None = None


async def _remarks(session: AsyncSession, campaign: Campaign, subject: int) -> tuple[Remark, ...]:
    """The 点评 on one subject, signed."""
    return tuple(
        Remark(
            f"{c.commenter_name}（{c.commenter_role}）", c.written.strengths, c.written.improvements
        )
        for c in await comments.rows_of(session, campaign)
        if c.subject.key == subject
    )


def _lines(subject, subject_tally: SubjectTally, scores: Scores, threshold: int):
    if subject_tally is None or not enough_ballots(subject_tally, threshold):
        return None
    return tuple(
        Line(criterion, counts.approval_rate, scores.average(counts))
        for criterion, counts in zip(subject.criteria, subject_tally.criteria, strict=True)
    )


async def member_feedback(
    session: AsyncSession,
    campaign: Campaign,
    member_id: int,
    rule: GradingRule = DEFAULT_RULE,
) -> MemberFeedback | None:
    """One member's 反馈单; None if the campaign does not ask about them."""
    found = await members_feedback(session, campaign, [member_id], rule)
    return found[0] if found else None


async def members_feedback(
    session: AsyncSession,
    campaign: Campaign,
    member_ids: list[int],
    rule: GradingRule = DEFAULT_RULE,
) -> list[MemberFeedback]:
    """The 反馈单 of these members, in their order, leaving out those the campaign does not ask
    about. The campaign's appraisal, tallies and peer results are computed once for all."""
    questionnaire = campaign_view(campaign).questionnaire
    found = await appraise(session, campaign, rule)
    appraisals = {m.member_id: m for m in found.members}
    scores = Scores.stored(campaign.scores)
    tallies = tally(questionnaire, await tally_repo.answer_counts(session, campaign.id))
    peer = await peer_results(session, campaign)
    sheets = []
    for member_id in member_ids:
        appraisal = appraisals.get(member_id)
        if appraisal is None:
            continue
        member = await organization_repo.member(session, member_id)
        index = questionnaire.member_index(member.name)
        subject, masses = questionnaire.subjects[index], tallies[index]
        peer_tally = (
            next((t for t in peer.tallies if t.subject_index == index), None) if peer else None
        )
        remarks = await _remarks(session, campaign, member_id)
        open_items = await rectification.open_items_about(session, campaign, member_id)
        sheets.append(
            MemberFeedback(
                questionnaire.organization,
                campaign.period,
                subject.display_name,
                _lines(subject, masses, scores, rule.threshold),
                _lines(subject, peer_tally, scores, rule.peer_threshold) if peer_tally else None,
                appraisal.masses_score,
                appraisal.peer_score,
                appraisal.composite,
                appraisal.rank,
                len(found.members),
                appraisal.final,
                remarks,
                tuple(open_items),
                grade(masses.overall, rule) if enough_ballots(masses, rule.threshold) else None,
                appraisal.suggested,
                appraisal.reason,
                _day(campaign),
            )
        )
    return sheets


def _day(campaign: Campaign) -> date | None:
    moment = campaign.released_at or campaign.reviewed_at
    return moment.date() if moment else None


async def organization_feedback(
    session: AsyncSession,
    campaign: Campaign,
    rule: GradingRule = DEFAULT_RULE,
) -> OrganizationFeedback:
    questionnaire = campaign_view(campaign).questionnaire
    scores = Scores.stored(campaign.scores)
    own = tally(questionnaire, await tally_repo.answer_counts(session, campaign.id))[0]
    shown = enough_ballots(own, rule.threshold)
    found = await appraise(session, campaign, rule)
    counted: dict[str, int] = {}
    for member in found.members:
        if member.final:
            counted[member.final] = counted.get(member.final, 0) + 1
    remarks = await _remarks(session, campaign, comments.ORGANIZATION_SUBJECT)
    return OrganizationFeedback(
        questionnaire.organization,
        campaign.period,
        grade(own.overall, rule) if shown else None,
        scores.average(own.overall) if shown else None,
        _lines(questionnaire.subjects[0], own, scores, rule.threshold),
        remarks,
        tuple(counted.items()),
        tuple(await rectification.all_items(session, campaign.id)),
        _day(campaign),
    )


async def own_feedback(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    campaign_id: int,
    rule: GradingRule = DEFAULT_RULE,
) -> tuple[Campaign, MemberFeedback]:
    """The 反馈单 of the member this account is bound to in the campaign's organization, once
    released (its PDF, asked for from the picture); nobody else's."""
    campaign = await campaign_repo.campaign(session, campaign_id)
    bound = await organization_repo.bound_members(session, pseudonyms.member_account(user_id))
    member = next(
        (m for m in bound if campaign and m.organization_id == campaign.organization_id), None
    )
    if member is None or campaign.released_at is None:
        raise Forbidden
    found = await member_feedback(session, campaign, member.id, rule)
    if found is None:
        raise Forbidden
    return campaign, found


# What each row of a release delivers, in order: a Bot API call each.
TEXT, SHEET, ARCHIVE = "text", "sheet", "archive"
MEMBER_PARTS = (TEXT, SHEET)
ORGANIZATION_PARTS = (TEXT, SHEET, ARCHIVE)  # the archive: the unbound members' sheets


class FeedbackError(CampaignError):
    """Results that cannot be released; the message is for the organizer."""


@dataclass(frozen=True)
class Released:
    sent: int  # bound members, each queued their 反馈单
    unbound: list[int]  # members whose sheets go to the organizers for printing
    organizers: int


ALREADY = N_(
    "本次评议的结果已经反馈过了，每人只发一次；之后认领的党员可以补发"
    "（聊天中 /feedback，命令行 pingyi feedback 编号 --unsent）。"
)


async def release(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    pseudonyms: Pseudonyms,
    now: datetime,
    supers: Collection[int] = (),
) -> Released:
    """Queue every 反馈单 once, through the outbox, in the transaction that records the release.
    The 组织反馈单 goes to everyone who manages the organization (its organizers, those of the
    organizations above it, the super-organizers ``supers``) and every organizer who commented
    on it, once each."""
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.reviewed_at is None:
        raise FeedbackError(
            N_("请先完成支部审定（聊天中 /review，命令行 pingyi review finish），再反馈结果。")
        )
    if campaign.released_at is not None:
        raise FeedbackError(ALREADY)
    found = await appraise(session, campaign)
    asked = [m.member_id for m in found.members]
    bindings = await organization_repo.bindings_of(session, campaign.organization_id)
    rows = _member_rows(pseudonyms, campaign, bindings, asked, now)
    unbound = [m for m in asked if m not in bindings]
    organizers = await _organization_readers(session, campaign, supers)
    if caller.user_id:
        organizers.add(caller.user_id)
    sent = len(rows) // len(MEMBER_PARTS)
    parts = ORGANIZATION_PARTS if unbound else ORGANIZATION_PARTS[:2]
    rows += [
        outbox_row(
            pseudonyms,
            user_id,
            f"{Kind.ORGANIZATION_FEEDBACK}:{campaign.id}:{part}",
            Kind.ORGANIZATION_FEEDBACK,
            now,
            campaign.id,
            OrganizationFeedbackPart(unbound, part),
        )
        for user_id in sorted(organizers)
        for part in parts
    ]
    await outbox_repo.enqueue(session, rows)
    campaign.released_at = now
    audit.record(
        session,
        caller,
        audit.RELEASED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
        detail=f"私信 {sent} 名党员，未认领 {len(unbound)} 名",
    )
    await session.commit()
    return Released(sent, unbound, len(organizers))


def _member_rows(pseudonyms, campaign: Campaign, bindings, member_ids, now) -> list[dict]:
    """One outbox row per Bot API call of each bound member's 反馈单 (the message, then the
    picture): a restart between the two repeats neither."""
    return [
        outbox_row(
            pseudonyms,
            pseudonyms.unseal(bindings[member_id].address),
            _member_reason(campaign.id, member_id, part),
            Kind.MEMBER_FEEDBACK,
            now,
            campaign.id,
            MemberFeedbackPart(member_id, part),
        )
        for member_id in member_ids
        if member_id in bindings
        for part in MEMBER_PARTS
    ]


def _member_reason(campaign_id: int, member_id: int, part: str) -> str:
    """The outbox reason of one part of a member's 反馈单: once per member and part."""
    return f"{Kind.MEMBER_FEEDBACK}:{campaign_id}:{member_id}:{part}"


async def _organization_readers(session, campaign: Campaign, supers: Collection[int]) -> set[int]:
    tree = await load_tree(session)
    readers = {*supers, *await comments.organizers_who_commented(session, campaign)}
    for organization_id in tree.ancestors(campaign.organization_id):  # itself, then upward
        readers.update(o.user_id for o in await access_repo.organizers_of(session, organization_id))
    return readers


@dataclass(frozen=True)
class Unsent:
    """After the release: the bound members whose 反馈单 is neither sent nor on its way (bound
    since, or unreachable then), and how many members are not bound."""

    members: list[tuple[int, str]]  # (member id, name)
    unbound: int


async def unsent(session: AsyncSession, caller: Caller, campaign_id: int) -> Unsent:
    campaign = await managed_campaign(session, caller, campaign_id)
    left, _ = await _unsent(session, campaign)
    return left


async def _unsent(session: AsyncSession, campaign: Campaign) -> tuple[Unsent, dict]:
    """``unsent``, and the organization's bindings it read."""
    if campaign.released_at is None:
        raise FeedbackError(N_("本次评议的结果还没有反馈。"))
    found = await appraise(session, campaign)
    bindings = await organization_repo.bindings_of(session, campaign.organization_id)
    delivered = await outbox_repo.outbox_reasons(
        session, f"{Kind.MEMBER_FEEDBACK}:{campaign.id}:", DELIVERED_STATES
    )
    missing = [
        (m.member_id, m.name)
        for m in found.members
        if m.member_id in bindings
        and _member_reason(campaign.id, m.member_id, MEMBER_PARTS[0]) not in delivered
    ]
    unbound = sum(m.member_id not in bindings for m in found.members)
    return Unsent(missing, unbound), bindings


DELIVERED_STATES = ("pending", "claimed", "sending", "sent")  # sent, or on its way


async def release_unsent(
    session: AsyncSession, caller: Caller, campaign_id: int, pseudonyms: Pseudonyms, now: datetime
) -> int:
    """Send their 反馈单 to the bound members who have not had it (``unsent``); how many."""
    campaign = await managed_campaign(session, caller, campaign_id)
    left, bindings = await _unsent(session, campaign)
    ids = [member_id for member_id, _ in left.members]
    reasons = [_member_reason(campaign.id, m, part) for m in ids for part in MEMBER_PARTS]
    await outbox_repo.drop_outbox_rows(session, reasons)  # an account that was unreachable then
    await outbox_repo.enqueue(session, _member_rows(pseudonyms, campaign, bindings, ids, now))
    audit.record(
        session,
        caller,
        audit.RELEASED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
        detail=f"补发 {len(ids)} 名党员",
    )
    await session.commit()
    return len(ids)
