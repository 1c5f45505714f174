"""The tally workbook of one campaign: 组织评议, 党员评议 and 意见建议 sheets.

Figures are gathered with aggregate queries, then the file is written by openpyxl in
write-only mode in a worker thread so the bot's event loop never waits on it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.ballots import campaign_view
from evaluation.callers import Caller
from evaluation.campaigns import managed_campaign
from evaluation.periods import period_label
from evaluation.questionnaire import MEMBER, ORGANIZATION, TEMPLATES, Questionnaire, Rating
from evaluation.rollup import GroupReport, Statistics, group_report
from evaluation.tally import (
    DEFAULT_RULE,
    MIN_RESPONDENTS,
    Counts,
    GradingRule,
    SubjectTally,
    enough_ballots,
    grade,
    needs_rectification,
)
from storage import repositories as repo

TABLE_HEADERS = (
    "评议对象",
    "评议内容",
    "满意",
    "基本满意",
    "不满意",
    "不了解",
    "有效票",
    "满意率",
    "满意+基本满意率",
    "综合等次",
    "需整改",
)
TOTAL_ROW = "合计"
GROUP_SHEET = "下级汇总"
GROUP_HEADERS = (
    "组织",
    "已提交",
    "组织等次",
    "满意+基本满意率",
    "党员数",
    "参加评议党员",
    "基本满意(含)以上",
    "满意(含)以上",
)
BELOW_THRESHOLD = "样本不足"
BOLD = Font(bold=True)


class ExportError(LookupError):
    pass


@dataclass
class CampaignReport:
    organization: str
    period: str
    template: str
    expected: int | None
    submitted: int  # chat ballots and paper questionnaires
    paper: int
    questionnaire: Questionnaire
    tallies: list[SubjectTally]
    suggestions: list[str]
    threshold: int  # fewer valid answers than this on any criterion: the subject's figures hide
    group: GroupReport | None = None  # the roll-up, when the campaign covers several

    @property
    def participation_rate(self) -> float | None:
        return self.submitted / self.expected if self.expected else None


async def collect(
    session: AsyncSession,
    campaign_id: int,
    rule: GradingRule = DEFAULT_RULE,
    threshold: int = MIN_RESPONDENTS,
) -> CampaignReport:
    campaign = await repo.campaign(session, campaign_id)
    if campaign is None:
        raise ExportError(f"没有编号为 {campaign_id} 的评议。")
    questionnaire = campaign_view(campaign).questionnaire
    group = await group_report(session, campaign, rule, threshold)
    return CampaignReport(
        organization=questionnaire.organization,
        period=campaign.period,
        template=campaign.template,
        expected=campaign.expected,
        submitted=group.own.submitted,
        paper=group.own.paper,
        questionnaire=questionnaire,
        tallies=group.own_tallies,
        suggestions=await repo.suggestions(session, campaign_id),
        threshold=threshold,
        group=group if group.is_group else None,
    )


async def export_campaign(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    path: Path,
    now: datetime,
    rule: GradingRule = DEFAULT_RULE,
    threshold: int = MIN_RESPONDENTS,
) -> CampaignReport:
    """Write the workbook of a campaign the caller manages, and note it in the audit log."""
    campaign = await managed_campaign(session, caller, campaign_id)
    report = await collect(session, campaign_id, rule, threshold)
    await asyncio.to_thread(write_workbook, report, path, rule)
    audit.record(
        session,
        caller,
        audit.EXPORTED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign_id,
    )
    await session.commit()
    return report


def write_workbook(report: CampaignReport, path: Path, rule: GradingRule = DEFAULT_RULE) -> None:
    workbook = Workbook(write_only=True)
    for title, kind in (("组织评议", ORGANIZATION), ("党员评议", MEMBER)):
        sheet = workbook.create_sheet(title)
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 40
        sheet.freeze_panes = "A15"  # the header block and the table header
        _header_block(sheet, report, title, rule)
        sheet.append([bold(sheet, h) for h in TABLE_HEADERS])
        for subject_tally in report.tallies:
            subject = report.questionnaire.subjects[subject_tally.subject_index]
            if subject.kind == kind:
                _subject_rows(sheet, subject, subject_tally, rule, report.threshold)
    _suggestion_sheet(workbook.create_sheet("意见建议"), report)
    if report.group is not None:
        _group_sheet(workbook.create_sheet(GROUP_SHEET), report, report.group)
    workbook.save(path)


def _group_sheet(sheet, report: CampaignReport, group: GroupReport) -> None:
    """Each organization the campaign covers, the total, and the upward figures."""
    sheet.column_dimensions["A"].width = 28
    sheet.append([bold(sheet, f"{report.organization} {period_label(report.period)} 下级汇总")])
    sheet.append([bold(sheet, h) for h in GROUP_HEADERS])
    for branch in group.branches:
        sheet.append(
            [
                "　" * branch.depth + branch.organization,
                branch.submitted,
                branch.grade or BELOW_THRESHOLD,
                percent(sheet, branch.approval_rate),
                branch.members,
                branch.members_evaluated,
                branch.members_basic,
                branch.members_satisfied,
            ]
        )
    figures = group.statistics
    sheet.append(
        [
            bold(sheet, TOTAL_ROW),
            group.submitted,
            group.total_grade or BELOW_THRESHOLD,
            None,
            figures.members,
            figures.members_evaluated,
            figures.members_basic,
            figures.members_satisfied,
        ]
    )
    sheet.append([])
    sheet.append([bold(sheet, "统计单（第一项）")])
    for label, value in statistics_rows(figures):
        sheet.append([label, value])
    sheet.append(
        [f"每项有效票少于 {group.threshold} 份的对象记为{BELOW_THRESHOLD}，不计入评议数。"]
    )


def _header_block(sheet, report: CampaignReport, title: str, rule: GradingRule) -> None:
    rate = report.participation_rate
    sheet.append(
        [bold(sheet, f"{report.organization} {period_label(report.period)} 群众评议·{title}")]
    )
    rows = [
        ("组织", report.organization),
        ("评议期次", f"{period_label(report.period)}（{report.period}）"),
        (
            "评议模板",
            TEMPLATES[report.template].name if report.template in TEMPLATES else report.template,
        ),
        ("应参评人数", report.expected if report.expected is not None else "未设定"),
        ("实际参评人数", report.submitted),
        ("其中纸质问卷（已并入统计）", report.paper),
        ("参评率", percent(sheet, rate) if rate is not None else "—"),
        ("评定规则", rule.describe()),
        (
            "样本门槛",
            f"某对象任一项有效票少于 {report.threshold} 份时记为{BELOW_THRESHOLD}，不显示数字",
        ),
        ("统计口径", "满意率 = 满意 / 有效票；满意+基本满意率 = (满意 + 基本满意) / 有效票"),
    ]
    for label, value in rows:
        sheet.append([bold(sheet, label), value])
    sheet.append([])
    sheet.append([])


def _subject_rows(
    sheet, subject, subject_tally: SubjectTally, rule: GradingRule, threshold: int
) -> None:
    name = subject.display_name
    if not enough_ballots(subject_tally, threshold):
        # So few answers could be told apart: one row, no figures.
        sheet.append([name, TOTAL_ROW, *[None] * 7, BELOW_THRESHOLD, ""])
        return
    for criterion, counts in zip(subject.criteria, subject_tally.criteria, strict=True):
        sheet.append(_count_cells(sheet, name, criterion, counts))
    overall = subject_tally.overall
    label = grade(overall, rule)
    total = _count_cells(sheet, name, TOTAL_ROW, overall)
    total += [label, "是" if needs_rectification(label) else ""]
    sheet.append(total)


def _count_cells(sheet, name: str, criterion: str, counts: Counts) -> list:
    return [
        name,
        criterion,
        *(counts[r] for r in Rating),
        counts.valid,
        percent(sheet, counts.satisfied_rate),
        percent(sheet, counts.approval_rate),
    ]


def _suggestion_sheet(sheet, report: CampaignReport) -> None:
    sheet.column_dimensions["B"].width = 80
    sheet.append([bold(sheet, f"{report.organization} {period_label(report.period)} 意见建议")])
    sheet.append([bold(sheet, "序号"), bold(sheet, "意见建议")])
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, text in enumerate(report.suggestions, start=1):
        sheet.append([number, _text(sheet, text, wrap)])


def statistics_rows(figures: Statistics) -> list[tuple[str, int]]:
    """Item 1 of the 群众评议相关数据统计单, as (label, figure) rows."""
    return [
        ("评议组织数", figures.organizations_evaluated),
        ("其中基本满意(含)以上", figures.organizations_basic),
        ("其中满意(含)以上", figures.organizations_satisfied),
        ("党员总数", figures.members),
        ("参加评议党员数", figures.members_evaluated),
        ("其中基本满意(含)以上", figures.members_basic),
        ("其中满意(含)以上", figures.members_satisfied),
    ]


def bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell


def percent(sheet, rate: float | None):
    if rate is None:
        return "—"
    cell = WriteOnlyCell(sheet, value=rate)
    cell.number_format = "0.0%"
    return cell


def _text(sheet, text: str, alignment: Alignment) -> WriteOnlyCell:
    """Respondent text, always a string cell: "=…" must never become a formula."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    cell.alignment = alignment
    return cell
