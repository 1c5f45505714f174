"""How the papers write their figures: the shared labels (合计, 样本不足, 网上问卷), scores
to one decimal, dates, a campaign's name, the subjects of one kind."""

from __future__ import annotations

from datetime import date

from evaluation.periods import period_label
from evaluation.questionnaire import Rating
from evaluation.tally import Counts, Scores
from exports.report import CampaignReport

TOTAL_ROW = "合计"

CHAT_SOURCE = "网上问卷"  # the 明细's 来源; its note names it in full: 网上问卷（Telegram）
CHAT_BALLOTS = "网上问卷（Telegram）"
HIDDEN = "—"  # a category or day shared by too few ballots to show
BELOW_THRESHOLD = "样本不足"
NOT_EVALUATED = "未评议"
RATING_LABELS = tuple(r.label for r in Rating)


def subject_tallies(report: CampaignReport, kind: str):
    for subject_tally in report.tallies:
        subject = report.questionnaire.subjects[subject_tally.subject_index]
        if subject.kind == kind:
            yield subject, subject_tally


def score(scores: Scores, counts: Counts) -> float | None:
    """A cell's 规范评分: the mean score, to one decimal (blank without valid answers)."""
    return rounded(scores.average(counts))


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def campaign_name(report: CampaignReport) -> str:
    return f"{report.organization} {period_label(report.period)}"


def day_label(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未设定"
