"""结果反馈 (将评议结果对所在党组织和党员进行反馈): after 审定, each member the bot knows is
sent, privately and once, their own 反馈单 — their masses' and 互评 figures per criterion (the
thresholds applied), their scores, the 点评 addressed to them, their final grade and the 整改
items about them still open; the organization's organizers get the 组织反馈单 and the sheets of
the members who are not bound, for printing. Nobody receives another member's figures or
comments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit, comments, rectification
from evaluation.ballots import Pseudonyms, campaign_view
from evaluation.callers import Caller
from evaluation.campaigns import CampaignError, managed_campaign
from evaluation.outgoing import MEMBER_FEEDBACK, ORGANIZATION_FEEDBACK, outbox_row
from evaluation.peer_review import peer_results
from evaluation.review import appraise
from evaluation.tally import (
    DEFAULT_RULE,
    MIN_RESPONDENTS,
    GradingRule,
    Scores,
    SubjectTally,
    enough_ballots,
    grade,
    tally,
)
from evaluation.wording import N_
from storage import repositories as repo
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


@dataclass(frozen=True)
class OrganizationFeedback:
    organization: str
    period: str
    grade: str | None  # the masses' grade; None below the threshold
    score: float | None
    aspects: tuple[Line, ...] | None
    remarks: tuple[Remark, ...]  # the 上级点评
    grades: tuple[tuple[str, int], ...]  # members per final grade


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
    threshold: int = MIN_RESPONDENTS,
) -> MemberFeedback | None:
    """One member's 反馈单; None if the campaign does not ask about them."""
    questionnaire = campaign_view(campaign).questionnaire
    found = await appraise(session, campaign, rule, threshold)
    appraisal = next((m for m in found.members if m.member_id == member_id), None)
    if appraisal is None:
        return None
    member = await repo.member(session, member_id)
    index = questionnaire.member_index(member.name)
    subject = questionnaire.subjects[index]
    scores = Scores.stored(campaign.scores)
    masses = tally(questionnaire, await repo.answer_counts(session, campaign.id))[index]
    peer = await peer_results(session, campaign)
    peer_tally = next((t for t in peer.tallies if t.subject_index == index), None) if peer else None
    remarks = await _remarks(session, campaign, member_id)
    open_items = await rectification.open_items_about(session, campaign, member_id)
    return MemberFeedback(
        questionnaire.organization,
        campaign.period,
        subject.display_name,
        _lines(subject, masses, scores, threshold),
        _lines(subject, peer_tally, scores, rule.peer_threshold) if peer_tally else None,
        appraisal.masses_score,
        appraisal.peer_score,
        appraisal.composite,
        appraisal.rank,
        len(found.members),
        appraisal.final,
        remarks,
        tuple(open_items),
    )


async def organization_feedback(
    session: AsyncSession,
    campaign: Campaign,
    rule: GradingRule = DEFAULT_RULE,
    threshold: int = MIN_RESPONDENTS,
) -> OrganizationFeedback:
    questionnaire = campaign_view(campaign).questionnaire
    scores = Scores.stored(campaign.scores)
    own = tally(questionnaire, await repo.answer_counts(session, campaign.id))[0]
    shown = enough_ballots(own, threshold)
    found = await appraise(session, campaign, rule, threshold)
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
        _lines(questionnaire.subjects[0], own, scores, threshold),
        remarks,
        tuple(counted.items()),
    )


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


async def release(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    pseudonyms: Pseudonyms,
    now: datetime,
) -> Released:
    """Queue every 反馈单 once, through the outbox, in the transaction that records the release."""
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.reviewed_at is None:
        raise FeedbackError(
            N_("请先完成支部审定（聊天中 /review，命令行 pingyi review finish），再反馈结果。")
        )
    if campaign.released_at is not None:
        raise FeedbackError(N_("本次评议的结果已经反馈过了，每人只发一次。"))
    found = await appraise(session, campaign)
    asked = {m.member_id for m in found.members}
    bindings = await repo.bindings_of(session, campaign.organization_id)
    # One row per Bot API call (the message, then the picture): a restart between the two
    # repeats neither.
    rows = [
        outbox_row(
            pseudonyms,
            pseudonyms.unseal(binding.address),
            f"{MEMBER_FEEDBACK}:{campaign.id}:{member_id}:{part}",
            MEMBER_FEEDBACK,
            now,
            campaign.id,
            {"member": member_id, "part": part},
        )
        for member_id, binding in bindings.items()
        if member_id in asked
        for part in MEMBER_PARTS
    ]
    unbound = [m.member_id for m in found.members if m.member_id not in bindings]
    organizers = {o.user_id for o in await repo.organizers_of(session, campaign.organization_id)}
    if caller.user_id:
        organizers.add(caller.user_id)
    sent = len(rows) // len(MEMBER_PARTS)
    parts = ORGANIZATION_PARTS if unbound else ORGANIZATION_PARTS[:2]
    rows += [
        outbox_row(
            pseudonyms,
            user_id,
            f"{ORGANIZATION_FEEDBACK}:{campaign.id}:{part}",
            ORGANIZATION_FEEDBACK,
            now,
            campaign.id,
            {"unbound": unbound, "part": part},
        )
        for user_id in sorted(organizers)
        for part in parts
    ]
    await repo.enqueue(session, rows)
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
