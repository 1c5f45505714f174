"""Roll-up over a campaign's organizations: each branch, the total, and the upward figures.

A campaign opened on a parent organization is a group: one campaign per organization of the
subtree. The figures of the upward statistics sheet (组织/党员 rated 基本满意(含)以上 and
满意(含)以上) are counted over all of them. A subject counts as evaluated only once it has
the minimum number of valid answers, the same rule that hides figures in /status.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.campaign_views import campaign_view
from evaluation.organizations import load_tree
from evaluation.questionnaire import MEMBER
from evaluation.tally import (
    GRADE_BASIC,
    GRADE_SATISFIED,
    Counts,
    GradingRule,
    Scores,
    SubjectTally,
    enough_ballots,
    grade,
    tally,
)
from storage import campaigns as campaign_repo
from storage import tallies as tally_repo
from storage.models import Campaign

BASIC_OR_BETTER = (GRADE_SATISFIED, GRADE_BASIC)


@dataclass(frozen=True)
class BranchResult:
    campaign_id: int
    organization: str
    depth: int  # below the group's root
    submitted: int  # chat ballots and paper questionnaires
    paper: int  # of which on paper
    grade: str | None  # the organization's overall grade; None below the threshold
    approval_rate: float | None
    score: float | None  # 规范评分 of the organization; None below the threshold
    members: int
    members_evaluated: int
    members_basic: int  # 基本满意(含)以上
    members_satisfied: int  # 满意(含)以上


@dataclass(frozen=True)
class Statistics:
    """Item 1 of the upward statistics sheet (群众评议相关数据统计单)."""

    organizations: int
    organizations_evaluated: int
    organizations_basic: int
    organizations_satisfied: int
    members: int
    members_evaluated: int
    members_basic: int
    members_satisfied: int


@dataclass(frozen=True)
class GroupReport:
    branches: list[BranchResult]
    submitted: int
    paper: int
    statistics: Statistics
    total_grade: str | None  # over the organizations' summed answers, aspect by aspect
    threshold: int
    own: BranchResult  # the campaign asked about, without its branches
    own_tallies: list[SubjectTally]  # its subjects' counts, for the views that list them

    @property
    def is_group(self) -> bool:
        return len(self.branches) > 1


async def group_report(session: AsyncSession, root: Campaign, rule: GradingRule) -> GroupReport:
    """The roll-up of ``root`` and its branches (just ``root`` for a single campaign).

    The caller has already been checked for the root's organization, which is the top of
    every branch's organization.
    """
    tree = await load_tree(session)
    campaigns = tree.in_tree_order(
        root.organization_id, [root, *await campaign_repo.group_campaigns(session, root.id)]
    )
    base = tree.depth(root.organization_id)
    branches: list[BranchResult] = []
    own_tallies: list[SubjectTally] = []
    total = Counts()
    for campaign in campaigns:
        questionnaire = campaign_view(campaign).questionnaire
        tallies = tally(questionnaire, await tally_repo.answer_counts(session, campaign.id))
        if campaign is root:
            own_tallies = tallies
        organization, members = tallies[0], tallies[1:]
        shown = enough_ballots(organization, rule.threshold)
        total += organization.overall
        paper = await tally_repo.paper_ballots(session, campaign.id)
        member_grades = [
            grade(m.overall, rule) for m in members if enough_ballots(m, rule.threshold)
        ]
        branches.append(
            BranchResult(
                campaign_id=campaign.id,
                organization=tree.name(campaign.organization_id),
                depth=tree.depth(campaign.organization_id) - base,
                submitted=await tally_repo.submitted_count(session, campaign.id) + paper,
                paper=paper,
                grade=grade(organization.overall, rule) if shown else None,
                approval_rate=organization.overall.approval_rate if shown else None,
                score=Scores.stored(campaign.scores).average(organization.overall)
                if shown
                else None,
                members=sum(1 for s in questionnaire.subjects if s.kind == MEMBER),
                members_evaluated=len(member_grades),
                members_basic=sum(g in BASIC_OR_BETTER for g in member_grades),
                members_satisfied=sum(g == GRADE_SATISFIED for g in member_grades),
            )
        )
    graded = [b.grade for b in branches if b.grade is not None]
    statistics = Statistics(
        organizations=len(branches),
        organizations_evaluated=len(graded),
        organizations_basic=sum(g in BASIC_OR_BETTER for g in graded),
        organizations_satisfied=sum(g == GRADE_SATISFIED for g in graded),
        members=sum(b.members for b in branches),
        members_evaluated=sum(b.members_evaluated for b in branches),
        members_basic=sum(b.members_basic for b in branches),
        members_satisfied=sum(b.members_satisfied for b in branches),
    )
    return GroupReport(
        branches=branches,
        submitted=sum(b.submitted for b in branches),
        paper=sum(b.paper for b in branches),
        statistics=statistics,
        total_grade=grade(total, rule) if graded else None,
        threshold=rule.threshold,
        own=next(b for b in branches if b.campaign_id == root.id),
        own_tallies=own_tallies,
    )
