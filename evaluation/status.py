"""What an organizer sees of a running campaign: turnout, and grades only above the threshold."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import reach
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import campaign_name, managed_campaign
from evaluation.peer_review import bound_members_asked
from evaluation.questionnaire import MEMBER, RESPONDENT_CATEGORIES
from evaluation.rollup import GroupReport, group_report
from evaluation.tally import (
    DEFAULT_RULE,
    GradingRule,
    Scores,
    enough_ballots,
    grade,
)
from evaluation.wording import N_, Phrase
from storage import appraisals
from storage import campaigns as campaign_repo
from storage import tallies as tally_repo
from storage.models import Campaign


@dataclass(frozen=True)
class SubjectResult:
    name: str
    kind: str
    grade: str | None  # None: fewer valid answers than the threshold, nothing is shown
    approval_rate: float | None
    score: float | None = None  # 规范评分: the mean score of its valid answers


@dataclass(frozen=True)
class MemberFigures:
    """民主评议 beside the ballot: members the bot knows and what they have submitted."""

    members: int  # on the campaign's roster
    bound: int  # of whom 已认领
    self_evaluations: int  # submitted
    peer_submitted: int | None  # 党员互评 ballots; None: the campaign has no 互评
    # Every bound member is expected to submit one.

    @property
    def peer_expected(self) -> int:
        return self.bound


@dataclass(frozen=True)
class CampaignStatus:
    id: int
    organization: str
    period: str
    practice: bool
    open: bool
    deadline: date | None
    expected: int | None
    started: int  # masses' ballots begun in the chat, submitted or not
    submitted: int  # chat ballots and paper questionnaires
    paper: int
    by_category: list[tuple[str, int]]
    subjects: list[SubjectResult]  # of this campaign's own organization and members
    threshold: int
    group: GroupReport  # every organization the campaign covers, and the upward figures
    reachable: int = 0  # people the bot may remind: subscribers and unfinished ballots
    members: MemberFigures | None = None

    @property
    def title(self) -> Phrase:
        return campaign_name(self.organization, self.period)

    @property
    def participation_rate(self) -> float | None:
        return self.submitted / self.expected if self.expected else None

    @property
    def chat(self) -> int:
        """Ballots submitted in the chat."""
        return self.submitted - self.paper

    @property
    def unfinished(self) -> int:
        """Chat ballots begun and not submitted."""
        return self.started - self.chat


async def campaign_status(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    rule: GradingRule = DEFAULT_RULE,
) -> CampaignStatus:
    campaign = await managed_campaign(session, caller, campaign_id)
    questionnaire = campaign_view(campaign).questionnaire
    scores = Scores.stored(campaign.scores)
    group = await group_report(session, campaign, rule)
    covered = [b.campaign_id for b in group.branches]
    categories: Counter[str | None] = Counter()
    for branch in covered:
        categories.update(dict(await tally_repo.category_counts(session, branch)))
    by_category = [(label, categories.get(label, 0)) for label in RESPONDENT_CATEGORIES]
    if categories.get(None):
        by_category.append((N_("未选择"), categories[None]))
    subjects = []
    for subject_tally in group.own_tallies:
        subject = questionnaire.subjects[subject_tally.subject_index]
        shown = enough_ballots(subject_tally, rule.threshold)
        overall = subject_tally.overall
        subjects.append(
            SubjectResult(
                subject.display_name,
                subject.kind,
                grade(overall, rule) if shown else None,
                overall.approval_rate if shown else None,
                scores.average(overall) if shown else None,
            )
        )
    return CampaignStatus(
        id=campaign.id,
        organization=questionnaire.organization,
        period=campaign.period,
        practice=campaign.practice,
        open=campaign.status == "open",
        deadline=campaign.deadline,
        expected=campaign.expected,
        started=sum([await tally_repo.ballot_count(session, c) for c in covered]),
        submitted=group.submitted,
        paper=group.paper,
        by_category=by_category,
        subjects=subjects,
        threshold=rule.threshold,
        group=group,
        reachable=await reach.reachable_count(
            session, [await campaign_repo.campaign(session, c) for c in covered]
        ),
        members=await member_figures(session, campaign),
    )


async def member_figures(session: AsyncSession, campaign: Campaign) -> MemberFigures:
    """Of the campaign's own organization: its roster as the campaign asks about it."""
    questionnaire = campaign_view(campaign).questionnaire
    peer = await appraisals.peer_roll_count(session, campaign.id) if campaign.peer_review else None
    return MemberFigures(
        members=sum(s.kind == MEMBER for s in questionnaire.subjects),
        bound=await bound_members_asked(session, campaign),
        self_evaluations=await appraisals.submitted_self_evaluations(session, [campaign.id]),
        peer_submitted=peer,
    )
