"""综合评定 and 支部审定: each member's composite of the masses' score and the 互评 score
(weighted per campaign, 60/40 by default, 100/0 without 互评), their rank in the organization,
the grade the composite suggests, and the branch's final grade (a different one needs a one-line
reason). Every decision is audited; finishing 审定 locks the grades and the comments."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit, comments, self_evaluation
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import CampaignError, close_unchecked, managed_campaign
from evaluation.peer_review import peer_results
from evaluation.questionnaire import MEMBER
from evaluation.tally import (
    DEFAULT_RULE,
    GradingRule,
    Scores,
    enough_ballots,
    tally,
)
from evaluation.text import clean_text, telegram_length
from evaluation.wording import N_, Phrase
from storage import organizations as organization_repo
from storage import review as review_repo
from storage import tallies as tally_repo
from storage.models import Campaign

REASON_LIMIT = 200
NO_SUCH_MEMBER = N_("本次评议没有这名党员。")


@dataclass(frozen=True)
class Weights:
    masses: float
    peer: float

    @classmethod
    def of(cls, campaign: Campaign) -> Weights:
        if campaign.weights:
            return cls(*campaign.weights)
        return cls(60, 40) if campaign.peer_review else cls(100, 0)

    def composite(self, masses: float | None, peer: float | None) -> float | None:
        """None when a weighed part has no figure (below its threshold)."""
        parts = [(self.masses, masses), (self.peer, peer)]
        if any(weight and score is None for weight, score in parts):
            return None
        total = self.masses + self.peer
        return sum(weight * (score or 0) for weight, score in parts) / total if total else None


@dataclass(frozen=True)
class Appraisal:
    member_id: int
    name: str  # as the campaign shows it
    masses_score: float | None  # None: below the threshold
    peer_score: float | None  # None: below the 互评 threshold, or no 互评
    composite: float | None
    rank: int | None  # within the organization, by composite; ties share a rank
    suggested: str | None
    final: str | None  # the branch's 审定, once decided
    reason: str | None


@dataclass(frozen=True)
class Review:
    campaign: Campaign
    weights: Weights
    members: list[Appraisal]
    reviewed: bool  # 审定 finished
    grades: tuple[str, ...] = ()  # what 审定 may give (the rule's)

    @property
    def decided(self) -> int:
        return sum(m.final is not None for m in self.members)

    def with_decision(self, decided: Appraisal) -> Review:
        """This review with one member's 审定 as just decided, without computing it again."""
        members = [decided if m.member_id == decided.member_id else m for m in self.members]
        return replace(self, members=members)


async def appraise(
    session: AsyncSession,
    campaign: Campaign,
    rule: GradingRule = DEFAULT_RULE,
) -> Review:
    """Every member of the campaign still on the roster, in the campaign's order."""
    questionnaire = campaign_view(campaign).questionnaire
    scores = Scores.stored(campaign.scores)
    weights = Weights.of(campaign)
    masses = tally(questionnaire, await tally_repo.answer_counts(session, campaign.id))
    peer = await peer_results(session, campaign)
    peer_by_subject = {t.subject_index: t for t in peer.tallies} if peer else {}
    roster = {
        m.name: m for m in await organization_repo.members_of(session, campaign.organization_id)
    }
    decided = await review_repo.final_grades(session, campaign.id)
    found = []
    for index, subject in enumerate(questionnaire.subjects):
        member = roster.get(subject.name) if subject.kind == MEMBER else None
        if member is None:
            continue
        masses_score = _score(scores, masses[index], rule.threshold)
        peer_tally = peer_by_subject.get(index)
        peer_score = _score(scores, peer_tally, rule.peer_threshold) if peer_tally else None
        composite = weights.composite(masses_score, peer_score)
        final = decided.get(member.id)
        found.append(
            Appraisal(
                member.id,
                subject.display_name,
                masses_score,
                peer_score,
                composite,
                None,
                rule.final.suggest(composite),
                final.grade if final else None,
                final.reason if final else None,
            )
        )
    reviewed = campaign.reviewed_at is not None
    return Review(campaign, weights, _ranked(found), reviewed, rule.final.grades)


def _score(scores: Scores, subject_tally, threshold: int) -> float | None:
    if not enough_ballots(subject_tally, threshold):
        return None
    return scores.average(subject_tally.overall)


def _ranked(members: list[Appraisal]) -> list[Appraisal]:
    """Ranks by composite, highest first; equal composites share a rank (1, 2, 2, 4)."""
    ordered = sorted((m.composite for m in members if m.composite is not None), reverse=True)
    rank = {c: ordered.index(c) + 1 for c in ordered}
    return [m if m.composite is None else replace(m, rank=rank[m.composite]) for m in members]


class ReviewError(CampaignError):
    """A 审定 decision that cannot be taken; the message is for the organizer."""


async def review(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    rule: GradingRule = DEFAULT_RULE,
) -> Review:
    """/review and ``pingyi review list``: for the organizers of the campaign."""
    campaign = await managed_campaign(session, caller, campaign_id)
    return await appraise(session, campaign, rule)


async def decide(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    member_id: int,
    grade: str,
    reason: str | None,
    now: datetime,
    rule: GradingRule = DEFAULT_RULE,
    current: Review | None = None,
) -> Appraisal:
    """The branch's final grade of a member; one that differs from the suggestion needs a
    one-line reason. Returns the member with the grade. ``current``: the review ``review``
    just gave this caller for this campaign, if there is one: the appraisal is not computed
    again."""
    if current is None or current.campaign.id != campaign_id:
        current = await review(session, caller, campaign_id, rule)
    grades = rule.final
    if current.reviewed:
        raise ReviewError(N_("本次评议已审定完成，等次不能再改。"))
    member = next((m for m in current.members if m.member_id == member_id), None)
    if member is None:
        raise ReviewError(NO_SUCH_MEMBER)
    if grade not in grades.grades:
        raise ReviewError(
            Phrase(N_("等次应为：{choices}"), choices=tuple(map(Phrase, grades.grades)))
        )
    reason = clean_text(reason or "") or None
    if reason and telegram_length(reason) > REASON_LIMIT:
        raise ReviewError(Phrase(N_("理由不超过 {limit} 字。"), limit=REASON_LIMIT))
    if grade != member.suggested and not reason:
        raise ReviewError(
            Phrase(
                N_("「{grade}」与建议等次「{suggested}」不同，请写一句理由。"),
                grade=Phrase(grade),
                suggested=Phrase(member.suggested) if member.suggested else N_("无"),
            )
        )
    kept = reason if grade != member.suggested else None
    await review_repo.set_final_grade(
        session,
        campaign_id=campaign_id,
        member_id=member_id,
        grade=grade,
        suggested=member.suggested,
        reason=kept,
        decided_by=caller.user_id,
        decided_at=now,
    )
    detail = f"{member.name}：{grade}" + (
        f"（建议 {member.suggested}；{reason}）" if grade != member.suggested else ""
    )
    audit.record(
        session,
        caller,
        audit.GRADED,
        now,
        organization_id=current.campaign.organization_id,
        campaign_id=campaign_id,
        detail=detail[:500],
    )
    await session.commit()
    return replace(member, final=grade, reason=kept)


async def decide_named(
    session: AsyncSession, caller: Caller, campaign_id: int, name: str, *args, **options
) -> Appraisal:
    """``decide`` for a member given by name (the command line)."""
    campaign = await managed_campaign(session, caller, campaign_id)
    found = {
        m.name: m for m in await organization_repo.members_of(session, campaign.organization_id)
    }
    if name not in found:
        raise ReviewError(Phrase(N_("名册里没有党员「{name}」。"), name=name))
    return await decide(session, caller, campaign_id, found[name].id, *args, **options)


STILL_OPEN = N_(
    "评议还在进行中，等次所依据的结果还会变化：先结束评议再审定完成"
    "（命令行：pingyi review finish {id} --close）。"
)


async def finish(
    session: AsyncSession, caller: Caller, campaign_id: int, now: datetime, close: bool = False
) -> Campaign:
    """审定完成: every member graded, on the figures of a closed campaign; from now on the grades
    and the comments stay as they are. ``close`` ends an open campaign first, in the same
    transaction."""
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.reviewed_at is not None:
        raise ReviewError(N_("本次评议已审定完成。"))
    if campaign.status == "open" and not close:
        raise ReviewError(Phrase(STILL_OPEN, id=campaign_id))
    current = await appraise(session, campaign)
    missing = [m.name for m in current.members if m.final is None]
    if missing:
        raise ReviewError(
            Phrase(
                N_("还有 {count} 名党员未审定：{names}"), count=len(missing), names=tuple(missing)
            )
        )
    if campaign.status == "open":
        await close_unchecked(session, caller, campaign, now)
    campaign.reviewed_at = now
    audit.record(
        session,
        caller,
        audit.REVIEWED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
        detail=f"{len(current.members)} 名党员",
    )
    await session.commit()
    return campaign


@dataclass(frozen=True)
class MemberReview:
    """One screen of /review: a member's figures, the comments on them and their own
    self-evaluation, for the organizers who 审定."""

    review: Review
    position: int  # in review.members
    member: Appraisal
    comments: list[comments.CommentRow]  # about this member
    self_evaluation: self_evaluation.SelfEvaluationRow | None

    @property
    def total(self) -> int:
        return len(self.review.members)


async def member_review(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    position: int,
    rule: GradingRule = DEFAULT_RULE,
    found: Review | None = None,
) -> MemberReview:
    """``found``: the review ``review`` just gave this caller, if there is one."""
    if found is None or found.campaign.id != campaign_id:
        found = await review(session, caller, campaign_id, rule)
    if not found.members:
        raise ReviewError(N_("本次评议没有党员可审定。"))
    position = max(0, min(position, len(found.members) - 1))
    member = found.members[position]
    about = [
        c
        for c in await comments.rows_of(session, found.campaign)
        if c.subject.key == member.member_id
    ]
    _, rows = await self_evaluation.rows_of(session, found.campaign)
    own = next((r for r in rows if r.member_id == member.member_id), None)
    return MemberReview(found, position, member, about, own)
