"""半年一小结 and 年终一总评: an organization's quarters side by side.

For an organization and everything below it: each quarter's campaign (the newest real one of
that period), every subject and criterion with its 满意+基本满意 rate and grade per quarter.
The half-year summary adds the change between its two quarters; the year review adds the
year's grade (over the four quarters' answers together), counts the quarters a subject was
graded 不满意, and the year's 统计单 figures. Subjects are matched across quarters by name and
kind, criteria by their text, so a roster change between quarters shows as a gap, not a
mismatch. The minimum-respondent rule applies to every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, activities, reach
from evaluation.access import as_utc
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.cycle import CycleRules, half_periods, year_periods
from evaluation.organizations import load_tree
from evaluation.outgoing import Kind, Summary, outbox_row
from evaluation.periods import period_label
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import MEMBER
from evaluation.review import appraise
from evaluation.rollup import BASIC_OR_BETTER, Statistics
from evaluation.tally import (
    DEFAULT_RULE,
    GRADE_SATISFIED,
    Counts,
    GradingRule,
    Scores,
    grade,
    needs_rectification,
    tally,
)
from evaluation.wording import N_, Phrase
from storage import campaigns as campaign_repo
from storage import cycle as cycle_repo
from storage import outbox as outbox_repo
from storage import tallies as tally_repo
from storage.models import Cycle, CycleEvent


class Span(StrEnum):
    """What a summary covers; the values are the command line's words."""

    HALF = "half"  # 半年一小结
    YEAR = "year"  # 年终一总评


HALF, YEAR = Span.HALF, Span.YEAR


@dataclass(frozen=True)
class Figure:
    """One subject or criterion in one quarter (or the year): shown only above the threshold."""

    approval_rate: float | None
    grade: str | None  # None: below the threshold (样本不足)
    score: float | None = None  # 规范评分: the mean points of the valid answers


@dataclass
class SummaryRow:
    organization: str
    subject: str
    kind: str
    criterion: str | None  # None: the subject's 合计 row
    quarters: list[Figure | None]  # None: not evaluated that quarter
    year: Figure | None = None  # the year review only
    flagged: int = 0  # quarters graded 不满意 (合计 rows)

    @property
    def change(self) -> float | None:
        """Second quarter's rate minus the first's (the half-year summary), if both show."""
        first, last = self.quarters[0], self.quarters[-1]
        if first is None or last is None or None in (first.approval_rate, last.approval_rate):
            return None
        return last.approval_rate - first.approval_rate


@dataclass(frozen=True)
class MemberYear:
    """年终一总评 of 民主评议: a member's final grade and composite in each quarter, and the
    year's composite (the mean of the quarters that have one)."""

    organization: str
    member: str
    quarters: tuple[tuple[str | None, float | None] | None, ...]  # None: not in that quarter

    @property
    def year_composite(self) -> float | None:
        found = [q[1] for q in self.quarters if q is not None and q[1] is not None]
        return sum(found) / len(found) if found else None


@dataclass
class CycleSummary:
    kind: Span
    organization: str
    year: int
    half: int | None
    periods: tuple[str, ...]
    threshold: int
    rows: list[SummaryRow] = field(default_factory=list)
    campaigns: list[int | None] = field(default_factory=list)  # the root's, per quarter
    statistics: Statistics | None = None  # the year review: 统计单 item 1 over the year
    activity: dict[str, int | None] = field(default_factory=dict)  # items 2–6 over the year
    members: list[MemberYear] = field(default_factory=list)  # the year review: 民主评议

    @property
    def title(self) -> Phrase:
        if self.kind == YEAR:
            template = N_("{organization} {year}年年终总评")
        elif self.half == 1:
            template = N_("{organization} {year}年上半年小结")
        else:
            template = N_("{organization} {year}年下半年小结")
        return Phrase(template, organization=self.organization, year=self.year)

    @property
    def period_labels(self) -> list[str]:
        return [period_label(p) for p in self.periods]


async def cycle_summary(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    kind: Span,
    year: int,
    half: int | None = None,
    rule: GradingRule = DEFAULT_RULE,
) -> CycleSummary:
    await access.require(session, caller, organization_id)
    periods = half_periods(year, half or 1) if kind == HALF else year_periods(year)
    tree = await load_tree(session)
    summary = CycleSummary(kind, tree.name(organization_id), year, half, periods, rule.threshold)
    year_grades: list[tuple[str, str | None]] = []  # (kind, year grade) per subject
    for organization in tree.subtree(organization_id):
        campaigns = [
            await campaign_repo.campaign_of_period(session, organization, p) for p in periods
        ]
        if organization == organization_id:
            summary.campaigns = [c.id if c else None for c in campaigns]
            if kind == YEAR:
                held = [c for c in campaigns if c is not None]
                summary.activity = await activities.year_totals(session, held)
        rows = await _organization_rows(session, tree.name(organization), campaigns, kind, rule)
        summary.rows += rows
        if kind == YEAR and any(campaigns):
            year_grades += [
                (r.kind, r.year.grade if r.year else None) for r in rows if r.criterion is None
            ]
            summary.members += await _member_years(
                session, tree.name(organization), campaigns, rule
            )
    if kind == YEAR:
        summary.statistics = _statistics(year_grades)
    return summary


async def _organization_rows(
    session: AsyncSession, name: str, campaigns, kind: Span, rule: GradingRule
) -> list[SummaryRow]:
    """Every subject (its 合计, then its criteria) seen in any quarter, in first-seen order."""
    # (subject, kind) → criterion → per-quarter Counts (None: not asked that quarter)
    table: dict[tuple[str, str], dict[str, list[Counts | None]]] = {}
    quarters = len(campaigns)
    for index, campaign in enumerate(campaigns):
        if campaign is None:
            continue
        questionnaire = campaign_view(campaign).questionnaire
        for subject_tally in tally(
            questionnaire, await tally_repo.answer_counts(session, campaign.id)
        ):
            subject = questionnaire.subjects[subject_tally.subject_index]
            entry = table.setdefault((subject.display_name, subject.kind), {})
            for criterion, counts in zip(subject.criteria, subject_tally.criteria, strict=True):
                entry.setdefault(criterion, [None] * quarters)[index] = counts
    # Each quarter's points are counted on its own campaign's scale.
    scales = [Scores.stored(c.scores) if c is not None else None for c in campaigns]

    def points(per_quarter: list[Counts | None]) -> float:
        return sum(scales[i].points(c) for i, c in enumerate(per_quarter) if c is not None)

    rows = []
    for (subject, subject_kind), criteria in table.items():
        figures = []
        for i in range(quarters):
            counts = [c[i] for c in criteria.values() if c[i] is not None]
            score = sum(scales[i].points(c) for c in counts)
            figures.append(_overall(counts, rule, score) if counts else None)
        total = SummaryRow(name, subject, subject_kind, None, figures)
        total.flagged = sum(1 for f in figures if f and f.grade and needs_rectification(f.grade))
        if kind == YEAR:
            year_points = sum(points(c) for c in criteria.values())
            pooled = [_pooled(c) for c in criteria.values()]
            total.year = _overall(pooled, rule, year_points)
        rows.append(total)
        for criterion, counts in criteria.items():
            row = SummaryRow(
                name,
                subject,
                subject_kind,
                criterion,
                [
                    _overall([c], rule, scales[i].points(c)) if c is not None else None
                    for i, c in enumerate(counts)
                ],
            )
            if kind == YEAR:
                row.year = _overall([_pooled(counts)], rule, points(counts))
            rows.append(row)
    return rows


async def _member_years(session, name: str, campaigns, rule) -> list[MemberYear]:
    """Each member seen in a quarter, in first-seen order, with that quarter's 审定 grade (as
    decided so far) and composite."""
    table: dict[str, list[tuple[str | None, float | None] | None]] = {}
    for index, campaign in enumerate(campaigns):
        if campaign is None:
            continue
        for member in (await appraise(session, campaign, rule)).members:
            quarters = table.setdefault(member.name, [None] * len(campaigns))
            quarters[index] = (member.final, member.composite)
    return [MemberYear(name, member, tuple(q)) for member, q in table.items()]


def _pooled(per_quarter: list[Counts | None]) -> Counts:
    pooled = Counts()
    for counts in per_quarter:
        if counts is not None:
            pooled += counts
    return pooled


def _overall(criteria: list[Counts], rule: GradingRule, points: float) -> Figure:
    """Figures over these criteria together (``points``: their answers' points), shown only if
    each has ``threshold`` valid answers (the minimum-respondent rule of the status and the
    campaign workbook)."""
    total = _pooled(criteria)
    if total.valid == 0 or any(counts.valid < rule.threshold for counts in criteria):
        return Figure(None, None)
    return Figure(total.approval_rate, grade(total, rule), points / total.valid)


def _statistics(year_grades: list[tuple[str, str | None]]) -> Statistics:
    organizations = [g for kind, g in year_grades if kind != MEMBER]
    members = [g for kind, g in year_grades if kind == MEMBER]
    graded_orgs = [g for g in organizations if g is not None]
    graded_members = [g for g in members if g is not None]
    return Statistics(
        organizations=len(organizations),
        organizations_evaluated=len(graded_orgs),
        organizations_basic=sum(g in BASIC_OR_BETTER for g in graded_orgs),
        organizations_satisfied=sum(g == GRADE_SATISFIED for g in graded_orgs),
        members=len(members),
        members_evaluated=len(graded_members),
        members_basic=sum(g in BASIC_OR_BETTER for g in graded_members),
        members_satisfied=sum(g == GRADE_SATISFIED for g in graded_members),
    )


# --- when the cycle sends them ------------------------------------------------------------


def _summary_key(cycle: Cycle, year: int, half: int) -> str:
    return f"summary:{year}H{half}:{cycle.organization_id}"


async def _due_summary(
    session: AsyncSession, cycle: Cycle, rules: CycleRules, now: datetime
) -> tuple[int, int] | None:
    """The (year, half) whose summary this cycle still owes its organizers at ``now``."""
    last = rules.last_summary(now)
    if last is None or rules.summary_moment(*last) < as_utc(cycle.enabled_at):
        return None
    if await cycle_repo.done_events(session, [_summary_key(cycle, *last)]):
        return None
    return last


async def next_summary(
    session: AsyncSession, cycle: Cycle, rules: CycleRules, now: datetime
) -> datetime:
    due = await _due_summary(session, cycle, rules, now)
    return rules.summary_moment(*due) if due else rules.next_summary(now)


async def queue_summaries(
    session: AsyncSession, rules: CycleRules, pseudonyms: Pseudonyms, now: datetime
) -> int:
    """At the end of each half year, each cycle's organizers get the workbook(s), once;
    counts the messages queued."""
    queued = 0
    for cycle in await cycle_repo.cycles(session):
        due = await _due_summary(session, cycle, rules, now) if cycle.enabled else None
        if due is None:
            continue
        year, half = due
        key = _summary_key(cycle, year, half)
        session.add(CycleEvent(key=key, done_at=now))
        kinds = [Kind.HALF_SUMMARY] + ([Kind.YEAR_SUMMARY] if half == 2 else [])
        payload = Summary(cycle.organization_id, year, half)
        rows = [
            outbox_row(pseudonyms, user, f"{kind}:{key}", kind, now, None, payload)
            for user in await reach.cycle_organizers(session, cycle)
            for kind in kinds
        ]
        queued += await outbox_repo.enqueue(session, rows)
        await session.commit()
    return queued
