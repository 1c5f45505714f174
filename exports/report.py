"""Everything the campaign workbook shows, gathered from the database before any cell is written.

Counts come from aggregate queries; the per-ballot 明细 is read once as compact rows (one
``bytes`` of ratings per ballot), so the writer thread never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import activities, comments, commitments, rectification, self_evaluation
from evaluation.campaign_views import campaign_view
from evaluation.comments import CommentRow
from evaluation.peer_review import PeerResults, peer_results
from evaluation.questionnaire import RESPONDENT_CATEGORIES, Questionnaire, Rating
from evaluation.rectification import Item
from evaluation.refusals import Refusal
from evaluation.review import Review, appraise
from evaluation.rollup import GroupReport, Statistics, group_report
from evaluation.self_evaluation import SelfEvaluationRow
from evaluation.tally import (
    DEFAULT_RULE,
    DEFAULT_SCORES,
    GradingRule,
    Scores,
    SubjectTally,
    tally,
)
from storage import campaigns as campaign_repo
from storage import tallies as tally_repo

NO_ANSWER = 255  # in a ballot's ratings: the question has no answer
PAPER_CATEGORY = "纸质问卷"  # paper tallies carry no respondent category
UNSET_CATEGORY = "未选择"  # a campaign that did not ask the category
TREND_PERIODS = 8  # the last campaigns shown on the 趋势 sheet


class ExportError(Refusal):
    pass


@dataclass(frozen=True)
class BallotRow:
    """One submitted ballot for the 明细 sheet: no person, no time of day."""

    id: str  # random
    category: str | None
    day: date | None
    ratings: bytes  # per question number, ``Rating`` value or NO_ANSWER


@dataclass(frozen=True)
class PaperRow:
    label: str  # 场次
    ballots: int
    imported: date


@dataclass(frozen=True)
class Ballots:
    """What the 明细 sheet lists: every submitted chat ballot, and the paper 场次."""

    rows: list[BallotRow]
    paper: list[PaperRow]


@dataclass(frozen=True)
class TrendPeriod:
    campaign_id: int
    period: str
    tallies: list[SubjectTally]
    questionnaire: Questionnaire


@dataclass
class CampaignReport:
    campaign_id: int
    organization: str
    period: str
    template: str
    opened: date
    deadline: date | None
    closed: date | None
    expected: int | None
    submitted: int  # chat ballots and paper questionnaires
    paper: int
    questionnaire: Questionnaire
    tallies: list[SubjectTally]
    threshold: int  # fewer valid answers than this on any criterion: the subject's figures hide
    statistics: Statistics  # item 1 of the 统计单, over the campaign's subtree
    activity: dict[str, int | None]  # items 2–6 of the 统计单, as recorded (None: nothing)
    items: list[Item]  # 意见建议 as 整改 items
    group: GroupReport | None = None  # the roll-up, when the campaign covers several
    scores: Scores = DEFAULT_SCORES  # 规范评分
    by_category: dict[str, list[SubjectTally]] = field(default_factory=dict)
    category_ballots: dict[str, int] = field(default_factory=dict)
    trend: list[TrendPeriod] = field(default_factory=list)  # oldest first, this campaign last
    # 民主评议 beside the ballot (the full workbook only):
    commitments: dict[str | None, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    self_criteria: tuple[str, ...] = ()
    self_evaluations: list[SelfEvaluationRow] = field(default_factory=list)  # signed
    peer: PeerResults | None = None  # None: no 党员互评 in this campaign
    comments: list[CommentRow] = field(default_factory=list)  # 逐级点评, signed
    review: Review | None = None  # 综合评定 and 审定

    @property
    def participation_rate(self) -> float | None:
        return self.submitted / self.expected if self.expected else None

    @property
    def chat(self) -> int:
        return self.submitted - self.paper


async def collect(
    session: AsyncSession,
    campaign_id: int,
    rule: GradingRule = DEFAULT_RULE,
    details: bool = True,
) -> CampaignReport:
    """The report of one campaign; ``details=False`` leaves out what only the full workbook
    shows (categories, trend), as the 公示版 needs. The 明细 is ``collect_ballots``."""
    campaign = await campaign_repo.campaign(session, campaign_id)
    if campaign is None:
        raise ExportError(f"没有编号为 {campaign_id} 的评议。")
    questionnaire = campaign_view(campaign).questionnaire
    group = await group_report(session, campaign, rule)
    report = CampaignReport(
        campaign_id=campaign.id,
        organization=questionnaire.organization,
        period=campaign.period,
        template=campaign.template,
        opened=campaign.opened_at.date(),
        deadline=campaign.deadline,
        closed=campaign.closed_at.date() if campaign.closed_at else None,
        expected=campaign.expected,
        submitted=group.own.submitted,
        paper=group.own.paper,
        questionnaire=questionnaire,
        tallies=group.own_tallies,
        threshold=rule.threshold,
        statistics=group.statistics,
        activity=await activities.totals(session, campaign),
        items=await rectification.all_items(session, campaign_id),
        group=group if group.is_group else None,
        scores=Scores.stored(campaign.scores),
    )
    if details:
        await _add_details(session, campaign, report, rule)
    return report


async def _add_details(session: AsyncSession, campaign, report: CampaignReport, rule) -> None:
    questionnaire = report.questionnaire
    per_category: dict[str, list[tuple[int, int, int]]] = {}
    for category, question, rating, count in await tally_repo.category_answer_counts(
        session, campaign.id
    ):
        per_category.setdefault(category or UNSET_CATEGORY, []).append((question, rating, count))
    paper = await tally_repo.paper_answer_counts(session, campaign.id)
    if paper:
        per_category[PAPER_CATEGORY] = paper
    order = [*RESPONDENT_CATEGORIES, UNSET_CATEGORY, PAPER_CATEGORY]
    report.by_category = {
        name: tally(questionnaire, per_category[name]) for name in order if name in per_category
    }
    counted = dict(await tally_repo.category_counts(session, campaign.id))
    report.category_ballots = {
        name: counted.get(name if name != UNSET_CATEGORY else None, 0) for name in order
    }
    report.category_ballots[PAPER_CATEGORY] = report.paper
    report.trend = await _trend(session, campaign, report.tallies)
    # 公开承诺 as they stand now (the ballot showed them as they stood at the opening).
    report.commitments = await commitments.for_snapshot(session, campaign.organization_id)
    report.self_criteria, report.self_evaluations = await self_evaluation.rows_of(session, campaign)
    report.peer = await peer_results(session, campaign)
    report.comments = await comments.rows_of(session, campaign)
    report.review = await appraise(session, campaign, rule)


async def collect_ballots(session: AsyncSession, campaign_id: int, questions: int) -> Ballots:
    """Submitted ballots, ordered by their random id, each with its ratings packed in bytes;
    and the campaign's paper 场次."""
    rows: list[BallotRow] = []
    width = len(Rating)
    async for ballot_id, category, day, packed in tally_repo.ballot_answers(
        session, campaign_id, width
    ):
        ratings = bytearray([NO_ANSWER]) * questions
        for number in map(int, packed.split(",")):
            ratings[number // width] = number % width
        rows.append(BallotRow(ballot_id, category, day, bytes(ratings)))
    paper = [
        PaperRow(label, ballots, imported.date())
        for label, ballots, imported in await tally_repo.paper_tallies(session, campaign_id)
    ]
    return Ballots(rows, paper)


async def _trend(session: AsyncSession, campaign, current: list[SubjectTally]) -> list[TrendPeriod]:
    """This campaign and the organization's real ones of earlier periods, one per period (the
    newest opened), oldest period first; this campaign stands for its own period."""
    newest_per_period: dict[str, object] = {}
    earlier = await tally_repo.campaigns_up_to(
        session, campaign.organization_id, campaign.period, campaign.id
    )
    for other in earlier:
        newest_per_period[other.period] = other  # in the order opened: the newest wins
    newest_per_period[campaign.period] = campaign
    chosen = sorted(newest_per_period.values(), key=lambda c: c.period)[-TREND_PERIODS:]
    trend = []
    for item in chosen:
        questionnaire = campaign_view(item).questionnaire
        tallies = (
            current
            if item is campaign
            else tally(questionnaire, await tally_repo.answer_counts(session, item.id))
        )
        trend.append(TrendPeriod(item.id, item.period, tallies, questionnaire))
    return trend
