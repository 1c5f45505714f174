"""The workbook an organizer hands upward, and the 公示版 for the bulletin board.

Sheets: 说明, 组织评议, 党员评议, 统计单, (下级汇总 for a group), 分类统计, 意见建议, 明细, 趋势.
Figures are gathered first (``exports.report.collect``), then openpyxl writes in write-only mode
in a worker thread, so the bot's event loop never waits on it. Every sheet prints on A4 with its
title rows repeated; no cell holds anything that names a respondent, and text people typed is
always written as text, never as a formula.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.activities import ITEMS
from evaluation.ballots import STATUSES, campaign_view
from evaluation.callers import Caller
from evaluation.campaigns import managed_campaign
from evaluation.periods import period_label
from evaluation.questionnaire import MEMBER, ORGANIZATION, TEMPLATES, Questionnaire, Rating
from evaluation.rollup import GroupReport, Statistics
from evaluation.tally import (
    DEFAULT_RULE,
    MIN_RESPONDENTS,
    Counts,
    GradingRule,
    Scores,
    SubjectTally,
    enough_ballots,
    grade,
    needs_rectification,
)
from exports.appraisal_sheets import (
    comments_sheet,
    commitments_sheet,
    review_sheet,
    self_evaluation_sheet,
)
from exports.cells import (
    bold,
    count_cells,
    page_setup,
    percent,
    percent_or_blank,
    text_cell,
    title_cell,
    wrapped,
)
from exports.report import (
    NO_ANSWER,
    PAPER_CATEGORY,
    Ballots,
    CampaignReport,
    ExportError,
    collect,
    collect_ballots,
)
from storage import repositories as repo

__all__ = ["ExportError", "export_campaign", "write_public"]

# What a long export reports as it goes (the command line draws them as a progress bar).
EXPORT_STAGES = ("统计完成 / counted", "明细已写 / 明细 written", "已保存 / saved")

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
    "得分",  # 规范评分: the mean score of the valid answers
)
TOTAL_ROW = "合计"
GROUP_SHEET = "下级汇总"
PEER_SHEET = "党员互评"
COMMITMENTS_SHEET = "公开承诺"
SELF_SHEET = "自我评价"
COMMENTS_SHEET = "领导点评"
REVIEW_SHEET = "综合评定"
GROUP_HEADERS = (
    "组织",
    "已提交",
    "组织等次",
    "满意+基本满意率",
    "党员数",
    "参加评议党员",
    "基本满意(含)以上",
    "满意(含)以上",
    "组织得分",
)
MEMBER_SUMMARY_HEADERS = (
    "党员",
    "有效票",
    "满意率",
    "满意+基本满意率",
    "综合等次",
    "需整改",
    "得分",
)
STATISTICS_TITLE = "党组织开展创先争优活动情况群众评议相关数据统计单"
STATISTICS_HEADERS = ("项次", "项目", "数量", "单位")
NOT_RECORDED = "未填报"
CATEGORY_HEADERS = (
    "评议对象",
    "身份类别",
    "满意",
    "基本满意",
    "不满意",
    "不了解",
    "有效票",
    "满意+基本满意率",
    "综合等次",
    "得分",
)
SUGGESTION_HEADERS = (
    "序号",
    "编号",
    "意见建议",
    "整改状态",
    "负责人",
    "整改期限",
    "涉及党员",
    "答复",
)
DETAIL_HEADERS = ("票号", "身份类别", "来源", "提交日期")
CHAT_SOURCE = "机器人"
HIDDEN = "—"  # a category or day shared by too few ballots to show
BELOW_THRESHOLD = "样本不足"
NOT_EVALUATED = "未评议"
RATING_LABELS = tuple(r.label for r in Rating)


async def export_campaign(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    path: Path,
    now: datetime,
    rule: GradingRule = DEFAULT_RULE,
    threshold: int = MIN_RESPONDENTS,
    public: bool = False,
    stage: Callable[[str], None] = lambda done: None,
) -> CampaignReport:
    """Write the workbook (or, with ``public``, the 公示版) of a campaign the caller manages,
    and note it in the audit log. ``stage`` hears each of the EXPORT_STAGES as it ends.

    The 明细, most of the work, is written in a worker thread while the other figures are
    still being counted; the remaining sheets follow. The event loop never waits on openpyxl.
    """
    campaign = await managed_campaign(session, caller, campaign_id)
    if public:
        report = await collect(session, campaign_id, rule, threshold, details=False)
        stage(EXPORT_STAGES[0])
        stage(EXPORT_STAGES[1])
        await asyncio.to_thread(write_public, report, path, rule, now.date())
    else:
        view = campaign_view(campaign)
        ballots = await collect_ballots(session, campaign_id, len(view.questionnaire.questions))
        is_group = bool(await repo.group_campaigns(session, campaign_id))
        book = _CampaignWorkbook(is_group, campaign.peer_review)
        title = f"{view.organization} {period_label(campaign.period)}"
        details = asyncio.ensure_future(
            asyncio.to_thread(book.write_details, title, view.questionnaire, threshold, ballots)
        )
        try:
            report = await collect(session, campaign_id, rule, threshold)
            stage(EXPORT_STAGES[0])
        finally:
            await details
        stage(EXPORT_STAGES[1])
        await asyncio.to_thread(book.finish, report, path, rule, now.date())
    stage(EXPORT_STAGES[2])
    audit.record(
        session,
        caller,
        audit.EXPORTED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign_id,
        detail="公示版" if public else "",
    )
    await session.commit()
    return report


class _CampaignWorkbook:
    """The sheets exist from the start, in their order; write-only sheets may then be filled
    in any order (each streams to its own file until ``save``)."""

    def __init__(self, is_group: bool, peer_review: bool) -> None:
        self.workbook = Workbook(write_only=True)
        names = ["说明", "组织评议", "党员评议"]
        names += [PEER_SHEET] if peer_review else []
        names += ["统计单"]
        names += [GROUP_SHEET] if is_group else []
        names += [
            "分类统计",
            "意见建议",
            COMMITMENTS_SHEET,
            SELF_SHEET,
            COMMENTS_SHEET,
            REVIEW_SHEET,
        ]
        names += ["明细", "趋势"]
        self.sheets = {name: self.workbook.create_sheet(name) for name in names}

    def write_details(self, title: str, questionnaire, threshold: int, ballots: Ballots) -> None:
        _detail_sheet(self.sheets["明细"], title, questionnaire, threshold, ballots)

    def finish(self, report: CampaignReport, path: Path, rule: GradingRule, day: date) -> None:
        sheets = self.sheets
        _about_sheet(sheets["说明"], report, rule, day)
        _organization_sheet(sheets["组织评议"], report, rule)
        _member_sheet(sheets["党员评议"], report, rule)
        if report.peer is not None:
            _peer_sheet(sheets[PEER_SHEET], report, rule)
        _statistics_sheet(sheets["统计单"], report, day)
        if report.group is not None:
            _group_sheet(sheets[GROUP_SHEET], report, report.group)
        _category_sheet(sheets["分类统计"], report, rule)
        _suggestion_sheet(sheets["意见建议"], report)
        commitments_sheet(sheets[COMMITMENTS_SHEET], report)
        self_evaluation_sheet(sheets[SELF_SHEET], report)
        comments_sheet(sheets[COMMENTS_SHEET], report)
        review_sheet(sheets[REVIEW_SHEET], report)
        _trend_sheet(sheets["趋势"], report)
        self.workbook.save(path)


def write_public(
    report: CampaignReport, path: Path, rule: GradingRule = DEFAULT_RULE, day: date | None = None
) -> None:
    """The 公示版: organization-level results and member counts only, for the 公开栏."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("公示")
    page_setup(sheet, widths={"A": 24, "B": 40}, title_rows=1)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 群众评议结果公示")])
    rate = report.participation_rate
    for label, value in (
        ("评议组织", report.organization),
        ("评议期次", period_label(report.period)),
        ("参评人数", report.submitted),
        ("参评率", percent(sheet, rate) if rate is not None else "—"),
    ):
        sheet.append([bold(sheet, label), value])
    sheet.append([])
    sheet.append([bold(sheet, "一、组织评议")])
    sheet.append([bold(sheet, h) for h in (*TABLE_HEADERS[1:10], "得分")])
    organization = report.tallies[0]
    scores = report.scores
    if enough_ballots(organization, report.threshold):
        subject = report.questionnaire.subjects[0]
        for criterion, counts in zip(subject.criteria, organization.criteria, strict=True):
            sheet.append(
                [*count_cells(sheet, None, criterion, counts)[1:], None, score(scores, counts)]
            )
        sheet.append(
            [
                *count_cells(sheet, None, TOTAL_ROW, organization.overall)[1:],
                grade(organization.overall, rule),
                score(scores, organization.overall),
            ]
        )
    else:
        sheet.append([TOTAL_ROW, *[None] * 7, BELOW_THRESHOLD])
    sheet.append([])
    sheet.append([bold(sheet, "二、党员评议（汇总）")])
    own = report.group.own if report.group is not None else None
    figures = own if own is not None else report.statistics
    sheet.append(["党员总数", figures.members])
    sheet.append(["参加评议党员数", figures.members_evaluated])
    sheet.append(["其中基本满意(含)以上", figures.members_basic])
    sheet.append(["其中满意(含)以上", figures.members_satisfied])
    if report.group is not None:
        sheet.append([])
        sheet.append([bold(sheet, "三、下级组织评议结果")])
        headers = ("组织", "组织等次", "满意+基本满意率", "组织得分")
        sheet.append([bold(sheet, h) for h in headers])
        for branch in report.group.branches:
            sheet.append(
                [
                    "　" * branch.depth + branch.organization,
                    branch.grade or BELOW_THRESHOLD,
                    percent(sheet, branch.approval_rate),
                    rounded(branch.score),
                ]
            )
    sheet.append([])
    sheet.append([bold(sheet, "意见建议整改情况")])
    counts = {status: 0 for status in STATUSES}
    for item in report.items:
        counts[item.status] += 1
    sheet.append(["收到意见建议", len(report.items)])
    for status in STATUSES:
        sheet.append([status, counts[status]])
    sheet.append([])
    sheet.append([f"评定规则：{rule.describe()}"])
    if day is not None:
        sheet.append([f"公示日期：{_date(day)}"])
    workbook.save(path)


# --- sheets -------------------------------------------------------------------------------


def _about_sheet(sheet, report: CampaignReport, rule: GradingRule, day: date | None) -> None:
    page_setup(sheet, widths={"A": 26, "B": 70}, title_rows=1)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 群众评议结果")])
    rate = report.participation_rate
    template = TEMPLATES[report.template].name if report.template in TEMPLATES else report.template
    rows = [
        ("组织", report.organization),
        ("评议期次", f"{period_label(report.period)}（{report.period}）"),
        ("评议模板", template),
        ("开始日期", _date(report.opened)),
        ("截止日期", _date(report.deadline)),
        ("关闭日期", _date(report.closed) if report.closed else "尚未关闭"),
        ("应参评人数", report.expected if report.expected is not None else "未设定"),
        ("实际参评人数", report.submitted),
        ("其中机器人问卷", report.chat),
        ("其中纸质问卷（已并入统计）", report.paper),
        ("参评率", percent(sheet, rate) if rate is not None else "—"),
        ("评定规则", rule.describe()),
        ("规范评分", report.scores.describe()),
        (
            "样本门槛",
            f"某对象任一项有效票少于 {report.threshold} 份时记为{BELOW_THRESHOLD}，不显示数字，"
            "也不计入统计单的评议数",
        ),
        ("统计口径", "满意率 = 满意 / 有效票；满意+基本满意率 = (满意 + 基本满意) / 有效票"),
        ("匿名", "本工作簿不含任何参评人的姓名、账号或答题时间；明细只列随机票号。"),
    ]
    if day is not None:
        rows.append(("导出日期", _date(day)))
    for label, value in rows:
        sheet.append([bold(sheet, label), wrapped(sheet, value)])
    sheet.append([])
    sheet.append([bold(sheet, "各表内容")])
    for name, what in (
        ("组织评议", "组织各方面的评价票数、比率和综合等次，附比率图"),
        ("党员评议", "每名党员按各项内容的票数、比率、等次和是否需整改，附比率图"),
        *(
            [(PEER_SHEET, "党员之间不记名互评的票数、比率和等次，与群众评议分开统计")]
            if report.peer is not None
            else []
        ),
        ("统计单", "群众评议相关数据统计单（向上级报送）"),
        ("分类统计", "按参评人身份类别分列的评价"),
        ("意见建议", "每条意见建议及其整改状态、负责人、期限和答复"),
        (COMMITMENTS_SHEET, "本组织和每名党员的承诺事项及践诺状态"),
        (SELF_SHEET, "每名党员署名填写的自评、主要表现、存在不足和整改措施"),
        (COMMENTS_SHEET, "逐级点评：每个对象的各条点评，署名"),
        (REVIEW_SHEET, "每名党员的群众评分、互评评分、综合得分、排名、建议等次和审定等次"),
        ("明细", "每份问卷一行：随机票号、身份类别、来源、提交日期和全部答案"),
        ("趋势", "与本组织以往各期评议比较"),
    ):
        sheet.append([name, what])


def _organization_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    _ballot_table_page(sheet, report, "组织评议", rule)
    written = _subjects(sheet, report, ORGANIZATION, rule)
    if written and written[0][1] > 1:  # the aspects' rows, before their 合计
        start, count = written[0]
        rows = (start, start + count - 2)
        chart = _bar_chart(sheet, "各方面满意率", rows, {8: "满意率", 9: "满意+基本满意率"}, 2)
        sheet.add_chart(chart, f"B{start + count + 2}")  # below the table: it prints with it


def _member_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    _ballot_table_page(sheet, report, "党员评议", rule)
    written = _subjects(sheet, report, MEMBER, rule)
    row = 3 + sum(count for _, count in written) + 1
    sheet.append([])
    sheet.append([bold(sheet, "党员综合情况")])
    sheet.append([bold(sheet, h) for h in MEMBER_SUMMARY_HEADERS])
    row += 3
    start = row
    for subject, subject_tally in _subject_tallies(report, MEMBER):
        if not enough_ballots(subject_tally, report.threshold):
            sheet.append([subject.display_name, None, None, None, BELOW_THRESHOLD, "", None])
        else:
            overall = subject_tally.overall
            label = grade(overall, rule)
            sheet.append(
                [
                    subject.display_name,
                    overall.valid,
                    percent(sheet, overall.satisfied_rate),
                    percent(sheet, overall.approval_rate),
                    label,
                    "是" if needs_rectification(label) else "",
                    score(report.scores, overall),
                ]
            )
        row += 1
    if row > start:
        chart = _bar_chart(
            sheet, "党员满意+基本满意率", (start, row - 1), {4: "满意+基本满意率"}, 1
        )
        chart.height = max(7.5, 0.6 * (row - start))
        sheet.add_chart(chart, f"B{row + 2}")


def _peer_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    """党员互评, counted apart from the masses': each member as rated by the other members."""
    peer = report.peer
    note = (
        f"已提交互评 {peer.submitted} 份，应评 {peer.expected} 份（已认领的党员各一份）。"
        "互评不记名，只保存各项得票，不保存答卷；每名党员只由其他党员评价。"
        f"某党员任一项有效票少于 {rule.peer_threshold} 份时记为{BELOW_THRESHOLD}。"
        f"{rule.describe()}"
    )
    _table_page(sheet, report, f"{_campaign_name(report)} 党员互评", note)
    for subject_tally in peer.tallies:
        subject = report.questionnaire.subjects[subject_tally.subject_index]
        _subject_rows(sheet, subject, subject_tally, rule, rule.peer_threshold, report.scores)


def _table_page(sheet, report: CampaignReport, title: str, note: str) -> None:
    widths = {"A": 22, "B": 40, "H": 10, "I": 16, "J": 10}
    page_setup(sheet, widths=widths, title_rows=3, landscape=True)
    sheet.freeze_panes = "C4"
    sheet.append([title_cell(sheet, title)])
    sheet.append([note])
    sheet.append([bold(sheet, h) for h in TABLE_HEADERS])


def _ballot_table_page(sheet, report: CampaignReport, title: str, rule: GradingRule) -> None:
    note = f"实际参评 {report.submitted} 人（其中纸质问卷 {report.paper} 份）。{rule.describe()}"
    _table_page(sheet, report, f"{_campaign_name(report)} 群众评议·{title}", note)


def _subjects(sheet, report: CampaignReport, kind: str, rule: GradingRule) -> list[tuple[int, int]]:
    """Each subject's rows; returns (first row, rows written) per subject."""
    written = []
    row = 4
    for subject, subject_tally in _subject_tallies(report, kind):
        count = _subject_rows(sheet, subject, subject_tally, rule, report.threshold, report.scores)
        written.append((row, count))
        row += count
    return written


def _subject_rows(
    sheet, subject, subject_tally: SubjectTally, rule: GradingRule, threshold, scores: Scores
) -> int:
    name = subject.display_name
    if not enough_ballots(subject_tally, threshold):
        # So few answers could be told apart: one row, no figures.
        sheet.append([name, TOTAL_ROW, *[None] * 7, BELOW_THRESHOLD, ""])
        return 1
    for criterion, counts in zip(subject.criteria, subject_tally.criteria, strict=True):
        sheet.append(
            [*count_cells(sheet, name, criterion, counts), None, None, score(scores, counts)]
        )
    overall = subject_tally.overall
    label = grade(overall, rule)
    total = count_cells(sheet, name, bold(sheet, TOTAL_ROW), overall)
    total += [bold(sheet, label), "是" if needs_rectification(label) else ""]
    sheet.append([*total, score(scores, overall)])
    return len(subject.criteria) + 1


def _statistics_sheet(sheet, report: CampaignReport, day: date | None) -> None:
    page_setup(sheet, widths={"A": 6, "B": 50, "C": 12, "D": 8}, title_rows=4)
    sheet.append([title_cell(sheet, STATISTICS_TITLE)])
    sheet.append([f"填报单位：{report.organization}"])
    sheet.append([f"填报时间：{_date(day) if day else ''}"])
    sheet.append([bold(sheet, h) for h in STATISTICS_HEADERS])
    units = ("个", "个", "个", "人", "人", "人", "人")
    for index, ((label, value), unit) in enumerate(
        zip(statistics_rows(report.statistics), units, strict=True)
    ):
        sheet.append(["1" if index == 0 else None, label, value, unit])
    previous = 1
    for item in ITEMS:
        value = report.activity.get(item.code)
        number = str(item.number) if item.number != previous else None
        previous = item.number
        sheet.append([number, item.label, NOT_RECORDED if value is None else value, item.unit])
    sheet.append([])
    sheet.append(
        [
            None,
            wrapped(
                sheet,
                "第1项由系统按评议结果统计，范围为本组织及其下级组织；每项有效票少于 "
                f"{report.threshold} 份的对象记为{BELOW_THRESHOLD}，不计入评议数。"
                "第2至6项为组织者用 /record 或 pingyi record 登记的数字；"
                f"「{NOT_RECORDED}」表示尚未登记。",
            ),
        ]
    )


def _group_sheet(sheet, report: CampaignReport, group: GroupReport) -> None:
    """Each organization the campaign covers, the total, and the upward figures."""
    page_setup(sheet, widths={"A": 28}, title_rows=2, landscape=True)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 下级汇总")])
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
                rounded(branch.score),
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


def _category_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    page_setup(sheet, widths={"A": 22, "B": 12}, title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 分类统计")])
    shares = "；".join(f"{name} {n} 份" for name, n in report.category_ballots.items() if n)
    sheet.append([f"参评份数：{shares or '无'}"])
    sheet.append([bold(sheet, h) for h in CATEGORY_HEADERS])
    sheet.freeze_panes = "C4"
    for index, subject in enumerate(report.questionnaire.subjects):
        for category, tallies in report.by_category.items():
            subject_tally = tallies[index]
            if not enough_ballots(subject_tally, report.threshold):
                sheet.append([subject.display_name, category, *[None] * 6, BELOW_THRESHOLD])
                continue
            overall = subject_tally.overall
            sheet.append(
                [
                    subject.display_name,
                    category,
                    *(overall[r] for r in Rating),
                    overall.valid,
                    percent(sheet, overall.approval_rate),
                    grade(overall, rule),
                    score(report.scores, overall),
                ]
            )


def _suggestion_sheet(sheet, report: CampaignReport) -> None:
    page_setup(
        sheet,
        widths={"A": 6, "B": 11, "C": 46, "D": 9, "E": 12, "F": 12, "G": 10, "H": 36},
        title_rows=3,
        landscape=True,
    )
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 意见建议及整改台账")])
    counts = {status: 0 for status in STATUSES}
    for item in report.items:
        counts[item.status] += 1
    summary = "，".join(f"{status} {n} 条" for status, n in counts.items())
    sheet.append([f"共 {len(report.items)} 条（{summary}）。意见匿名，不含提出人的任何信息。"])
    sheet.append([bold(sheet, h) for h in SUGGESTION_HEADERS])
    sheet.freeze_panes = "A4"
    for number, item in enumerate(report.items, start=1):
        sheet.append(
            [
                number,
                item.code,
                text_cell(sheet, item.text),
                item.status,
                text_cell(sheet, item.owner) if item.owner else None,
                _date(item.deadline) if item.deadline else None,
                text_cell(sheet, item.member) if item.member else None,
                text_cell(sheet, item.response) if item.response else None,
            ]
        )


def _detail_sheet(sheet, title: str, questionnaire, threshold: int, ballots: Ballots) -> None:
    """One row per ballot. A category or day shared by fewer ballots than the threshold is
    shown as 「—」, so a rare category or a quiet day cannot single a person out."""
    headers = [*DETAIL_HEADERS, *_question_headers(questionnaire)]
    page_setup(sheet, widths={"A": 14, "B": 10, "C": 8, "D": 12}, title_rows=3, landscape=True)
    sheet.sheet_properties.pageSetUpPr.fitToPage = False  # far too wide for one page
    sheet.append([title_cell(sheet, f"{title} 问卷明细")])
    sheet.append(
        [
            f"机器人问卷 {len(ballots.rows)} 份，按随机票号排序；不含任何参评人信息。"
            f"份数少于 {threshold} 的身份类别或提交日期显示为「{HIDDEN}」。"
        ]
    )
    sheet.append([bold(sheet, h) for h in headers])
    sheet.freeze_panes = "E4"
    if len(ballots.rows) < threshold:
        sheet.append([f"提交不足 {threshold} 份，不列逐份明细。"])
    else:
        categories = Counter(ballot.category for ballot in ballots.rows)
        days = Counter(ballot.day for ballot in ballots.rows)
        labels = (*RATING_LABELS, *[None] * (NO_ANSWER - len(RATING_LABELS) + 1))
        for ballot in ballots.rows:
            category = ballot.category if categories[ballot.category] >= threshold else HIDDEN
            day = _date(ballot.day) if days[ballot.day] >= threshold else HIDDEN
            sheet.append(
                [ballot.id[:12], category, CHAT_SOURCE, day, *(labels[r] for r in ballot.ratings)]
            )
    if ballots.paper:
        sheet.append([])
        sheet.append([bold(sheet, "纸质问卷（按场次计数，无逐份答案）")])
        for paper in ballots.paper:
            sheet.append(
                [
                    None,
                    None,
                    PAPER_CATEGORY,
                    _date(paper.imported),
                    f"{paper.label}：{paper.ballots} 份",
                ]
            )


def _trend_sheet(sheet, report: CampaignReport) -> None:
    """Each subject's 满意+基本满意率 in each period, matched by name, with a line chart."""
    periods = report.trend
    page_setup(sheet, widths={"A": 22}, title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{report.organization} 群众评议趋势（满意+基本满意率）")])
    if len(periods) < 2:
        sheet.append(["本组织此前没有评议，暂无可比较的趋势。"])
        sheet.append([bold(sheet, "评议对象"), period_label(report.period)])
    else:
        sheet.append([f"空白表示该期未评议此对象或{BELOW_THRESHOLD}。"])
        sheet.append(
            [
                bold(sheet, "评议对象"),
                *(bold(sheet, period_label(p.period)) for p in periods),
                bold(sheet, "较上期（百分点）"),
            ]
        )
    rows = 0
    for subject in report.questionnaire.subjects:
        rates = [_rate_in(period, subject.display_name, report.threshold) for period in periods]
        change = None
        if len(rates) >= 2 and rates[-1] is not None and rates[-2] is not None:
            change = round((rates[-1] - rates[-2]) * 100, 1)
        cells = [subject.display_name, *(percent_or_blank(sheet, r) for r in rates)]
        sheet.append(cells + ([change] if len(periods) >= 2 else []))
        rows += 1
    if len(periods) >= 2 and rows:
        chart = LineChart()
        chart.title = "满意+基本满意率"
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
        chart.height, chart.width = 9, 18
        data = Reference(sheet, min_col=1, max_col=1 + len(periods), min_row=4, max_row=3 + rows)
        chart.add_data(data, from_rows=True, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=2, max_col=1 + len(periods), min_row=3))
        sheet.add_chart(chart, f"A{5 + rows}")


# --- helpers ------------------------------------------------------------------------------


def _subject_tallies(report: CampaignReport, kind: str):
    for subject_tally in report.tallies:
        subject = report.questionnaire.subjects[subject_tally.subject_index]
        if subject.kind == kind:
            yield subject, subject_tally


def _rate_in(period, name: str, threshold: int) -> float | None:
    for subject, subject_tally in zip(period.questionnaire.subjects, period.tallies, strict=True):
        if subject.display_name == name:
            if not enough_ballots(subject_tally, threshold):
                return None
            return subject_tally.overall.approval_rate
    return None


def _question_headers(questionnaire: Questionnaire) -> list[str]:
    return [
        f"{q.subject.display_name}{q.criterion_index + 1}"
        if q.subject.kind == MEMBER
        else f"组织{q.criterion_index + 1}"
        for q in questionnaire.questions
    ]


def _bar_chart(
    sheet, title: str, rows: tuple[int, int], series: dict[int, str], labels_col: int
) -> BarChart:
    """Horizontal bars of the rates in the ``series`` columns (column → name) over ``rows``,
    labelled by ``labels_col``."""
    first_row, last_row = rows
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.height, chart.width = 9, 16
    for column, name in series.items():
        chart.add_data(Reference(sheet, min_col=column, min_row=first_row, max_row=last_row))
        chart.series[-1].tx = SeriesLabel(v=name)
    chart.set_categories(Reference(sheet, min_col=labels_col, min_row=first_row, max_row=last_row))
    return chart


def score(scores: Scores, counts: Counts) -> float | None:
    """A cell's 规范评分: the mean score, to one decimal (blank without valid answers)."""
    return rounded(scores.average(counts))


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _campaign_name(report: CampaignReport) -> str:
    return f"{report.organization} {period_label(report.period)}"


def _date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未设定"


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
