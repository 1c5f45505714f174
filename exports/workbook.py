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
from datetime import date, datetime, timedelta
from math import ceil, floor
from pathlib import Path

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.activities import ATTENDEES, ITEMS
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import managed_campaign
from evaluation.periods import period_label
from evaluation.questionnaire import MEMBER, ORGANIZATION, TEMPLATES, Rating
from evaluation.rectification import STATUSES
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
    TITLE,
    Table,
    bold,
    centred,
    columns,
    count_cells,
    font,
    new_workbook,
    page_setup,
    page_width,
    percent,
    percent_or_blank,
    text_cell,
    title_cell,
    typeset,
)
from exports.notice import DEFAULT_NOTICE, PublicNotice
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
ORGANIZATION_CHART, MEMBER_CHART = "组织评议图", "党员评议图"  # a chart on a page of its own
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
# 党员综合情况: one row per member in the table's own columns, so each figure sits under a
# header of its width.
MEMBER_SUMMARY_HEADERS = ("党员", "范围", *TABLE_HEADERS[2:])
ALL_CRITERIA = "各项合计"
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
CHAT_SOURCE = "网上问卷"  # the 明细's 来源; its note names it in full: 网上问卷（Telegram）
CHAT_BALLOTS = "网上问卷（Telegram）"
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
    notice: PublicNotice = DEFAULT_NOTICE,
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
        await asyncio.to_thread(write_public, report, path, rule, now.date(), notice)
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
        self.workbook = new_workbook()
        names = ["说明", "组织评议", ORGANIZATION_CHART, "党员评议", MEMBER_CHART]
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
        name = _campaign_name(report)
        chart = _organization_sheet(sheets["组织评议"], report, rule)
        _chart_sheet(sheets[ORGANIZATION_CHART], f"{name} 组织评议图", chart, report.threshold)
        chart = _member_sheet(sheets["党员评议"], report, rule)
        _chart_sheet(sheets[MEMBER_CHART], f"{name} 党员评议图", chart, report.threshold)
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
        groups = _trend_sheet(sheets["趋势"], report)
        if groups:
            charts = self.workbook.create_sheet(TREND_CHARTS)
            _trend_charts(charts, sheets["趋势"], report, groups)
        self.workbook.save(path)


NOTICE_WIDTHS = [24, 7.5, 9.5, 7.5, 7.5, 11.5, 8]  # about 16 cm: printed at 100 %
NOTICE_SIZE = 12  # points: read on a bulletin board


def write_public(
    report: CampaignReport,
    path: Path,
    rule: GradingRule = DEFAULT_RULE,
    day: date | None = None,
    notice: PublicNotice = DEFAULT_NOTICE,
) -> None:
    """The 公示版: a portrait A4 notice for the 公开栏 with the organization's results, the
    members' counts and the 整改 counts (no member's own figures), the 公示期 and where to
    object, signed by the organization. While the campaign is still open it is the
    阶段性结果 instead: figures so far, no 公示期, the final results announced after it closes."""
    running = report.closed is None
    workbook = new_workbook()
    sheet = workbook.create_sheet("公示")
    page_setup(sheet, widths=columns(NOTICE_WIDTHS), title_rows=0, one_page=True)
    sheet.merged_cells.add("A1:G1")
    sheet.row_dimensions[1].height = 78 if running else 52
    # The organization on a line of its own, then the period's title (running: 「评议进行中」
    # on a third), so no line breaks inside a word.
    title = f"{report.organization}\n{period_label(report.period)}群众评议" + (
        "阶段性结果\n（评议进行中）" if running else "结果公示"
    )
    sheet.append([centred(sheet, typeset(title), font(18, bold=True))])
    table = Table(sheet, NOTICE_WIDTHS, 2, size=NOTICE_SIZE)
    table.blank()
    rate = report.participation_rate
    share = f"，参评率 {rate:.1%}" if rate is not None else ""
    counted = f"（其中纸质问卷 {report.paper} 份）{share}"
    if running:
        until = f"，截止日期{_date(report.deadline)}" if report.deadline else ""
        so_far = f"截至{_date(day)}" if day is not None else "目前"
        table.note(
            f"　　根据创先争优活动群众评议工作安排，{report.organization}自{_date(report.opened)}"
            f"起开展群众评议，评议仍在进行{until}。{so_far}已参评 {report.submitted} 人"
            f"{counted}。现将阶段性结果通报如下，最终结果在评议结束后公示："
        )
    else:
        table.note(
            f"　　根据创先争优活动群众评议工作安排，{report.organization}于"
            f"{_date(report.opened)}至{_date(report.closed)}开展了群众评议，"
            f"实际参评 {report.submitted} 人{counted}。现将评议结果公示如下："
        )
    table.note("一、组织评议结果", bold_text=True)
    table.header(("评议内容", "满意", "基本满意", "不满意", "不了解", "满意+基本满意率", "得分"))
    organization = report.tallies[0]
    scores = report.scores
    if enough_ballots(organization, report.threshold):
        subject = report.questionnaire.subjects[0]
        for criterion, counts in zip(subject.criteria, organization.criteria, strict=True):
            table.append(_notice_cells(sheet, criterion, counts, scores))
        table.append(_notice_cells(sheet, TOTAL_ROW, organization.overall, scores), strong=True)
        overall = organization.overall
        table.note(f"综合等次：{grade(overall, rule)}（得分 {score(scores, overall)}）", True)
    else:
        table.note(f"有效票不足 {report.threshold} 份，{BELOW_THRESHOLD}，不公示分项数字。")
    own = report.group.own if report.group is not None else None
    figures = own if own is not None else report.statistics
    table.note("二、党员评议情况", bold_text=True)
    table.note(
        f"　　本组织党员 {figures.members} 人，参加评议 {figures.members_evaluated} 人，其中"
        f"评议结果基本满意（含）以上 {figures.members_basic} 人，"
        f"满意（含）以上 {figures.members_satisfied} 人。"
    )
    section = 3
    if report.group is not None:
        table.note("三、下级组织评议结果", bold_text=True)
        sheet.merged_cells.add(f"A{table.row}:C{table.row}")
        table.header(("组织", None, None, "组织等次", None, "满意+基本满意率", "得分"))
        for branch in report.group.branches:
            row = table.row
            sheet.merged_cells.add(f"A{row}:C{row}")
            sheet.merged_cells.add(f"D{row}:E{row}")
            name = "　" * branch.depth + branch.organization
            rate_cell = percent(sheet, branch.approval_rate)
            grade_cell = branch.grade or BELOW_THRESHOLD
            table.append([name, None, None, grade_cell, None, rate_cell, rounded(branch.score)])
        section = 4
    counts = {status: 0 for status in STATUSES}
    for item in report.items:
        counts[item.status] += 1
    shares = "，".join(f"{status} {n} 条" for status, n in counts.items())
    table.note(f"{'三四'[section - 3]}、意见建议整改情况", bold_text=True)
    table.note(f"　　共收到意见建议 {len(report.items)} 条：{shares}。")
    table.blank()
    if day is not None and not running:
        until = day + timedelta(days=notice.days - 1)
        table.note(f"公示期：{_date(day)}至{_date(until)}（{notice.days} 天）。", True)
    where = [f"监督电话 {notice.phone}" if notice.phone else None]
    where.append(f"意见箱（{notice.box}）" if notice.box else None)
    channels = "或".join(w for w in where if w)
    table.note(
        ("　　如有意见建议，请" if running else "　　公示期间，如对评议结果有不同意见，请")
        + (f"通过{channels}反映。" if channels else "向本组织反映。")
    )
    table.note(f"评定规则：{rule.describe()}")
    table.blank()
    right = Alignment(horizontal="right", vertical="center")
    table.note(report.organization, alignment=right)
    if day is not None:
        table.note(_date(day), alignment=right)
    workbook.save(path)


def _notice_cells(sheet, label: str, counts: Counts, scores: Scores) -> list:
    return [
        label,
        *(counts[r] for r in Rating),
        percent(sheet, counts.approval_rate),
        score(scores, counts),
    ]


# --- sheets -------------------------------------------------------------------------------


ABOUT_WIDTHS = [24, 72]


def _about_sheet(sheet, report: CampaignReport, rule: GradingRule, day: date | None) -> None:
    page_setup(sheet, widths=columns(ABOUT_WIDTHS), title_rows=1)
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
        (f"其中{CHAT_BALLOTS}", report.chat),
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
    table = Table(sheet, ABOUT_WIDTHS, 2)
    for label, value in rows:
        table.append([bold(sheet, label), value])
    table.blank()
    table.header(("工作表", "内容"))
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
        (TREND_CHARTS, "各期满意+基本满意率的折线图，每图不超过五个对象（有以往评议时）"),
    ):
        table.append([name, what])


def _organization_sheet(sheet, report: CampaignReport, rule: GradingRule) -> BarChart | None:
    """The table, and the chart of its aspects' rates (for the 图表 sheet)."""
    table = _ballot_table_page(sheet, report, "组织评议", rule)
    written = _subjects(table, report, ORGANIZATION, rule)
    if not written or written[0][1] <= 1:  # below the threshold: no aspects' rows
        return None
    start, count = written[0]
    rows = (start, start + count - 2)  # the aspects, not their 合计
    return _bar_chart(sheet, "组织评议：各方面满意率", rows, {8: "满意率", 9: "满意+基本满意率"}, 2)


def _member_sheet(sheet, report: CampaignReport, rule: GradingRule) -> BarChart | None:
    """The table, its 党员综合情况 block, and the chart of that block (for the 图表 sheet)."""
    table = _ballot_table_page(sheet, report, "党员评议", rule)
    _subjects(table, report, MEMBER, rule)
    # The summary block keeps the table's columns, each header within its own column's width;
    # it prints whole, on the next page if this one is full.
    with table.block():
        table.blank()
        table.note("党员综合情况", bold_text=True)
        table.header(MEMBER_SUMMARY_HEADERS)
        members = list(_subject_tallies(report, MEMBER))
        for subject, subject_tally in members:
            name = subject.display_name
            if not enough_ballots(subject_tally, report.threshold):
                table.append([name, ALL_CRITERIA, *["—"] * 7, BELOW_THRESHOLD, "", None])
            else:
                overall = subject_tally.overall
                label = grade(overall, rule)
                table.append(
                    [
                        *count_cells(sheet, name, ALL_CRITERIA, overall),
                        label,
                        "是" if needs_rectification(label) else "",
                        score(report.scores, overall),
                    ]
                )
    if not members:
        return None
    start = table.row - len(members)
    chart = _bar_chart(
        sheet, "党员评议：满意+基本满意率", (start, table.row - 1), {9: "满意+基本满意率"}, 1
    )
    chart.height = min(CHART_TALLEST, max(7.5, 0.8 * (table.row - start) + 3))
    return chart


def _chart_sheet(sheet, title: str, chart: BarChart | None, threshold: int) -> None:
    """One chart on one landscape page (a sheet of its own, so no break can cross it)."""
    page_setup(sheet, widths={"A": 120}, title_rows=1, landscape=True)
    sheet.append([title_cell(sheet, title)])
    if chart is None:
        sheet.append([f"有效票不足 {threshold} 份，不作图。"])
        return
    sheet.add_chart(chart, "A2")
    for number in range(2, ceil(chart.height / ROW_CM) + 3):  # cells under the chart, so the
        sheet.row_dimensions[number].height = 15  # print range covers it
        sheet.append([None])


def _peer_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    """党员互评, counted apart from the masses': each member as rated by the other members."""
    peer = report.peer
    note = (
        f"已提交互评 {peer.submitted} 份，应评 {peer.expected} 份（已认领的党员各一份）。"
        "互评不记名，只保存各项得票，不保存答卷；每名党员只由其他党员评价。"
        f"某党员任一项有效票少于 {rule.peer_threshold} 份时记为{BELOW_THRESHOLD}。"
        f"{rule.describe()}"
    )
    table = _table_page(sheet, report, f"{_campaign_name(report)} 党员互评", note)
    for subject_tally in peer.tallies:
        subject = report.questionnaire.subjects[subject_tally.subject_index]
        _subject_rows(table, subject, subject_tally, rule, rule.peer_threshold, report.scores)


# 评议对象, 评议内容, 满意 … 不了解, 有效票, 满意率, 满意+基本满意率, 综合等次, 需整改, 得分
TABLE_WIDTHS = [22, 34, 7, 8.5, 7, 7, 7, 9, 11, 9, 7, 8]


def _table_page(sheet, report: CampaignReport, title: str, note: str) -> Table:
    page_setup(sheet, widths=columns(TABLE_WIDTHS), title_rows=3, landscape=True)
    sheet.freeze_panes = "C4"
    sheet.append([title_cell(sheet, title)])
    table = Table(sheet, TABLE_WIDTHS, 2)
    table.note(note)
    table.header(TABLE_HEADERS)
    return table


def _ballot_table_page(sheet, report: CampaignReport, title: str, rule: GradingRule) -> Table:
    note = f"实际参评 {report.submitted} 人（其中纸质问卷 {report.paper} 份）。{rule.describe()}"
    return _table_page(sheet, report, f"{_campaign_name(report)} 群众评议·{title}", note)


def _subjects(table: Table, report: CampaignReport, kind: str, rule: GradingRule):
    """Each subject's rows; returns (first row, rows written) per subject."""
    written = []
    for subject, subject_tally in _subject_tallies(report, kind):
        row = table.row
        _subject_rows(table, subject, subject_tally, rule, report.threshold, report.scores)
        written.append((row, table.row - row))
    return written


def _subject_rows(
    table: Table, subject, subject_tally: SubjectTally, rule: GradingRule, threshold, scores
) -> None:
    """A subject's rows, kept on one page: its criteria, then its 合计."""
    sheet, name = table.sheet, subject.display_name
    if not enough_ballots(subject_tally, threshold):
        # So few answers could be told apart: one row, no figures.
        table.append([name, TOTAL_ROW, *["—"] * 7, BELOW_THRESHOLD, "", None])
        return
    with table.block():
        for criterion, counts in zip(subject.criteria, subject_tally.criteria, strict=True):
            table.append(
                [*count_cells(sheet, name, criterion, counts), None, None, score(scores, counts)]
            )
        overall = subject_tally.overall
        label = grade(overall, rule)
        total = count_cells(sheet, name, TOTAL_ROW, overall)
        total += [label, "是" if needs_rectification(label) else ""]
        table.append([*total, score(scores, overall)], strong=True)


STATISTICS_WIDTHS = [7, 42, 14, 12]
SIGNATURES = (("填报人：", "审核人："), ("联系电话：", "（盖章）"))


def _statistics_sheet(sheet, report: CampaignReport, day: date | None) -> None:
    activity = dict(report.activity)
    if activity.get(ATTENDEES) is None:
        activity[ATTENDEES] = report.submitted  # the ballots counted, chat and paper
    note = (
        "说明：第1项由系统按评议结果统计，范围为本组织及其下级组织；每项有效票少于 "
        f"{report.threshold} 份的对象记为{BELOW_THRESHOLD}，不计入评议数。"
        "第2至6项为组织者登记的数字，「参加评议的群众总数」"
        f"未登记时为{CHAT_BALLOTS}与纸质问卷的合计，第5项含已提交的党员自我评价；"
        f"「{NOT_RECORDED}」表示尚未登记。"
    )
    statistics_form(sheet, report.organization, report.statistics, activity, note, day)


def statistics_form(
    sheet,
    organization: str,
    statistics: Statistics,
    activity: dict[str, int | None],
    note: str,
    day: date | None,
    heading: str = "",
) -> None:
    """The 统计单 as the form it is: one portrait page, a bordered table of its six items
    under a centred title, 填报单位 / 填报时间 above it and the signatures below.
    ``heading``: a line under the title (the year's form names its year)."""
    page_setup(sheet, widths=columns(STATISTICS_WIDTHS), title_rows=0, one_page=True)
    sheet.merged_cells.add("A1:D1")
    sheet.row_dimensions[1].height = 40
    sheet.append([centred(sheet, STATISTICS_TITLE, TITLE)])
    row = 2
    if heading:
        sheet.merged_cells.add("A2:D2")
        sheet.append([centred(sheet, heading)])
        row = 3
    sheet.merged_cells.add(f"A{row}:B{row}")
    sheet.merged_cells.add(f"C{row}:D{row}")
    sheet.row_dimensions[row].height = 24
    when = _date(day) if day else "    年  月  日"
    sheet.append([f"填报单位：{organization}", None, f"填报时间：{when}"])
    table = Table(sheet, STATISTICS_WIDTHS, row + 1)
    table.header(STATISTICS_HEADERS)
    lines: list[tuple[int, str, object, str]] = []
    units = ("个", "个", "个", "人", "人", "人", "人")
    for (label, value), unit in zip(statistics_rows(statistics), units, strict=True):
        lines.append((1, label, value, unit))
    for item in ITEMS:
        value = activity.get(item.code)
        lines.append((item.number, item.label, NOT_RECORDED if value is None else value, item.unit))
    previous, first = None, table.row
    for number, label, value, unit in lines:
        shown = None  # 项次 once, in its first row; the rows of an item share one merged cell
        if number != previous:
            if previous is not None and table.row - first > 1:
                sheet.merged_cells.add(f"A{first}:A{table.row - 1}")
            previous, first, shown = number, table.row, number
        indented = f"　　{label}" if label.startswith("其中") else label
        cells = [centred(sheet, shown), indented, centred(sheet, value), centred(sheet, unit)]
        table.append(cells)
    if table.row - first > 1:
        sheet.merged_cells.add(f"A{first}:A{table.row - 1}")
    table.note(note)
    for left, right in SIGNATURES:
        sheet.merged_cells.add(f"A{table.row}:B{table.row}")
        sheet.merged_cells.add(f"C{table.row}:D{table.row}")
        sheet.row_dimensions[table.row].height = 30
        sheet.append([left, None, right])
        table.row += 1


GROUP_WIDTHS = [28, 8, 10, 11, 8, 10, 11, 11, 9]


def _group_sheet(sheet, report: CampaignReport, group: GroupReport) -> None:
    """Each organization the campaign covers, the total, and the upward figures."""
    page_setup(sheet, widths=columns(GROUP_WIDTHS), title_rows=2, landscape=True)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 下级汇总")])
    table = Table(sheet, GROUP_WIDTHS, 2)
    table.header(GROUP_HEADERS)
    for branch in group.branches:
        table.append(
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
    table.append(
        [
            TOTAL_ROW,
            group.submitted,
            group.total_grade or BELOW_THRESHOLD,
            None,
            figures.members,
            figures.members_evaluated,
            figures.members_basic,
            figures.members_satisfied,
            None,
        ],
        strong=True,
    )
    table.blank()
    table.note("统计单（第一项）", bold_text=True)
    for label, value in statistics_rows(figures):
        table.append([label, value])
    table.note(f"每项有效票少于 {group.threshold} 份的对象记为{BELOW_THRESHOLD}，不计入评议数。")


CATEGORY_WIDTHS = [24, 12, 7, 8.5, 7, 7, 7, 11, 9, 8]


def _category_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    page_setup(sheet, widths=columns(CATEGORY_WIDTHS), title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 分类统计")])
    shares = "；".join(f"{name} {n} 份" for name, n in report.category_ballots.items() if n)
    table = Table(sheet, CATEGORY_WIDTHS, 2)
    table.note(f"参评份数：{shares or '无'}")
    table.header(CATEGORY_HEADERS)
    sheet.freeze_panes = "C4"
    for index, subject in enumerate(report.questionnaire.subjects):
        for category, tallies in report.by_category.items():
            subject_tally = tallies[index]
            if not enough_ballots(subject_tally, report.threshold):
                table.append([subject.display_name, category, *["—"] * 6, BELOW_THRESHOLD, None])
                continue
            overall = subject_tally.overall
            table.append(
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


SUGGESTION_WIDTHS = [5, 12, 58, 9, 10, 12, 10, 20]


def _suggestion_sheet(sheet, report: CampaignReport) -> None:
    page_setup(sheet, widths=columns(SUGGESTION_WIDTHS), title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{_campaign_name(report)} 意见建议及整改台账")])
    counts = {status: 0 for status in STATUSES}
    for item in report.items:
        counts[item.status] += 1
    summary = "，".join(f"{status} {n} 条" for status, n in counts.items())
    table = Table(sheet, SUGGESTION_WIDTHS, 2)
    table.note(f"共 {len(report.items)} 条（{summary}）。意见匿名，不含提出人的任何信息。")
    table.header(SUGGESTION_HEADERS)
    sheet.freeze_panes = "A4"
    for number, item in enumerate(report.items, start=1):
        table.append(
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


# 明细 answers as one character each, so every question fits the page width; the legend says
# what each stands for.
DETAIL_CODES = {"满意": "满", "基本满意": "基", "不满意": "不", "不了解": "？"}
DETAIL_WIDTHS = [14, 10, 9, 16]  # 票号, 身份类别, 来源, 提交日期
ANSWER_WIDTH = 3.2


def _detail_sheet(sheet, title: str, questionnaire, threshold: int, ballots: Ballots) -> None:
    """One row per ballot, the answers as codes under two header rows (each subject over its
    criteria, numbered) with a legend. Too wide for a page at a readable size, it prints over
    pages across, each subject's columns whole on one, the 票号 column repeated; the notes
    stay on the first. A category or day shared by fewer ballots than the threshold is shown
    as 「—」, so a rare category or a quiet day cannot single a person out."""
    questions = questionnaire.questions
    widths = DETAIL_WIDTHS + [ANSWER_WIDTH] * len(questions)
    # Only the header rows repeat, and the title and notes leave the repeated 票号 column
    # empty: the pages across show no clipped piece of them.
    page_setup(sheet, widths=columns(widths), title_rows=0, landscape=True)
    sheet.print_title_rows = "3:4"
    sheet.print_title_cols = "A:A"
    sheet.append([None, title_cell(sheet, f"{title} 问卷明细")])
    legend = "　".join(f"{code}＝{label}" for label, code in DETAIL_CODES.items())
    groups = [len(DETAIL_WIDTHS)] + [len(subject.criteria) for subject in questionnaire.subjects]
    breaks = _column_breaks(sheet, widths, groups)
    for column in breaks:
        sheet.col_breaks.append(Break(id=column))
    table = Table(sheet, widths, 2, notes=(2, breaks[0] if breaks else len(widths)))
    table.note(
        f"{CHAT_BALLOTS} {len(ballots.rows)} 份（来源「{CHAT_SOURCE}」），按随机票号排序；"
        "不含任何参评人信息。"
        f"份数少于 {threshold} 的身份类别或提交日期显示为「{HIDDEN}」。"
        f"答案：{legend}；空白为未作答。题号见表末。"
    )
    subjects, first = [], len(DETAIL_WIDTHS) + 1
    for question in questions:
        if question.criterion_index == 0:
            subjects.append((question.subject, first + question.number))
    for subject, column in subjects:
        last = column + len(subject.criteria) - 1
        if last > column:
            sheet.merged_cells.add(f"{get_column_letter(column)}3:{get_column_letter(last)}3")
    names: list[str | None] = [None] * len(questions)
    spans = list(widths)
    for subject, column in subjects:
        names[column - first] = subject.name
        spans[column - 1] = ANSWER_WIDTH * len(subject.criteria)
    for letter in (get_column_letter(n) for n in range(1, first)):
        sheet.merged_cells.add(f"{letter}3:{letter}4")
    table.header([*DETAIL_HEADERS, *names], spans)
    table.header([None] * len(DETAIL_HEADERS) + [q.criterion_index + 1 for q in questions])
    sheet.freeze_panes = "E5"
    if len(ballots.rows) < threshold:
        table.note(f"提交不足 {threshold} 份，不列逐份明细。")
    else:
        categories = Counter(ballot.category for ballot in ballots.rows)
        days = Counter(ballot.day for ballot in ballots.rows)
        codes = [DETAIL_CODES[label] for label in RATING_LABELS]
        codes += [None] * (NO_ANSWER - len(codes) + 1)
        for ballot in ballots.rows:
            category = ballot.category if categories[ballot.category] >= threshold else HIDDEN
            day = _date(ballot.day) if days[ballot.day] >= threshold else HIDDEN
            sheet.append(
                [ballot.id[:12], category, CHAT_SOURCE, day, *(codes[r] for r in ballot.ratings)]
            )
            table.wrote()
    if ballots.paper:
        table.blank()
        table.note("纸质问卷（按场次计数，无逐份答案）", bold_text=True)
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
            table.wrote()
    with table.block():
        table.blank()
        table.note("题号", bold_text=True)
        for subject, _ in subjects:
            numbered = "；".join(f"{n}. {c}" for n, c in enumerate(subject.criteria, start=1))
            table.note(typeset(f"{subject.name}：{numbered}"))


def _column_breaks(sheet, widths: list[float], groups: list[int]) -> list[int]:
    """The columns after which a new page starts, so each group of ``groups`` columns (their
    counts, left to right) prints on one page beside the repeated first column."""
    room, breaks, used, column = page_width(sheet), [], 0.0, 0
    for count in groups:
        width = sum(widths[column : column + count])
        if used and used + width > room:
            breaks.append(column)
            used = widths[0]
        used += width
        column += count
    return breaks


def _trend_sheet(sheet, report: CampaignReport) -> list[tuple[int, int, float]]:
    """Each subject's 满意+基本满意率 in each period, matched by name. Returns the table's
    subjects in groups for the charts, when there is a trend: (first row, last row, the
    group's lowest rate)."""
    periods = report.trend
    widths = [24] + [11] * len(periods) + ([11] if len(periods) >= 2 else [])
    page_setup(sheet, widths=columns(widths), title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{report.organization} 群众评议趋势（满意+基本满意率）")])
    table = Table(sheet, widths, 2)
    if len(periods) < 2:
        table.note("本组织此前没有评议，暂无可比较的趋势。")
        table.header(("评议对象", period_label(report.period)))
    else:
        table.note(f"空白表示该期未评议此对象或{BELOW_THRESHOLD}。趋势图见「{TREND_CHARTS}」。")
        table.header(("评议对象", *(period_label(p.period) for p in periods), "较上期（百分点）"))
    first, lowest = table.row, []
    for subject in report.questionnaire.subjects:
        rates = [_rate_in(period, subject.display_name, report.threshold) for period in periods]
        lowest.append(min((r for r in rates if r is not None), default=1.0))
        change = None
        if len(rates) >= 2 and rates[-1] is not None and rates[-2] is not None:
            change = round((rates[-1] - rates[-2]) * 100, 1)
        cells = [subject.display_name, *(percent_or_blank(sheet, r) for r in rates)]
        table.append(cells + ([change] if len(periods) >= 2 else []))
    if len(periods) < 2:
        return []
    return [
        (
            row,
            min(row + SERIES_PER_CHART, table.row) - 1,
            min(lowest[row - first :][:SERIES_PER_CHART]),
        )
        for row in range(first, table.row, SERIES_PER_CHART)
    ]


# Small multiples: at most five lines a chart, each its own colour and marker, two charts
# across and two down on a landscape page.
SERIES_PER_CHART = 5
SERIES_STYLES = (
    ("C00000", "circle"),
    ("1F4E79", "square"),
    ("548235", "triangle"),
    ("BF8F00", "diamond"),
    ("7030A0", "x"),
)
TREND_CHARTS = "趋势图"
CHART_ROWS = 13  # rows (15 points each) a chart's place takes down the page
CHART_COLUMNS = 6  # columns (10 units each) a chart's place takes across
CHARTS_PER_PAGE = 2  # rows of charts


def _trend_charts(
    sheet, table, report: CampaignReport, groups: list[tuple[int, int, float]]
) -> None:
    """The 趋势图 sheet: one line chart per group of the 趋势 table's rows. Each page starts
    with an empty row: LibreOffice draws an object anchored on a page's first row on the page
    before as well."""
    periods = len(report.trend)
    page_setup(sheet, widths=columns([10] * 2 * CHART_COLUMNS), title_rows=0, landscape=True)
    sheet.append([title_cell(sheet, f"{report.organization} 群众评议趋势图（满意+基本满意率）")])
    page_rows = 1 + CHARTS_PER_PAGE * CHART_ROWS
    pages = ceil(len(groups) / (2 * CHARTS_PER_PAGE))
    for row in range(2, pages * page_rows + 1):
        sheet.row_dimensions[row].height = 15
        sheet.append([None])
    for page in range(1, pages):
        sheet.row_breaks.append(Break(id=page * page_rows))
    for number, (first, last, lowest) in enumerate(groups):
        chart = LineChart()  # untitled: the sheet's title says what it shows
        chart.y_axis.number_format = "0%"
        # From a tenth below the lowest rate: lines between 85 % and 98 % stay apart.
        chart.y_axis.scaling.min = max(0.0, floor(lowest * 10) / 10 - 0.1)
        chart.y_axis.scaling.max = 1
        chart.y_axis.majorUnit = 0.1
        chart.y_axis.delete = chart.x_axis.delete = False
        chart.height, chart.width = 6.8, 12.2
        chart.legend.position = "b"
        data = Reference(table, min_col=1, max_col=1 + periods, min_row=first, max_row=last)
        chart.add_data(data, from_rows=True, titles_from_data=True)
        chart.set_categories(Reference(table, min_col=2, max_col=1 + periods, min_row=3))
        for series, (colour, marker) in zip(chart.series, SERIES_STYLES, strict=False):
            series.smooth = False
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 22000  # EMU: about 1.7 points
            series.marker.symbol = marker
            series.marker.size = 7
            series.marker.graphicalProperties.solidFill = colour
            series.marker.graphicalProperties.line.solidFill = colour
        page, place = divmod(number, 2 * CHARTS_PER_PAGE)
        down, across = divmod(place, 2)
        row = page * page_rows + 2 + down * CHART_ROWS
        sheet.add_chart(chart, f"{get_column_letter(1 + across * CHART_COLUMNS)}{row}")


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


def _bar_chart(
    sheet, title: str, rows: tuple[int, int], series: dict[int, str], labels_col: int
) -> BarChart:
    """Horizontal bars of the rates in the ``series`` columns (column → name) over ``rows``,
    labelled by ``labels_col``: top to bottom in the table's order, each bar with its value."""
    first_row, last_row = rows
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    chart.legend.position = "b"
    chart.dataLabels = _value_labels()
    chart.height, chart.width = 9, 22
    for column, name in series.items():
        chart.add_data(Reference(sheet, min_col=column, min_row=first_row, max_row=last_row))
        chart.series[-1].tx = SeriesLabel(v=name)
    chart.set_categories(Reference(sheet, min_col=labels_col, min_row=first_row, max_row=last_row))
    return chart


def _value_labels() -> DataLabelList:
    """Each bar or point labelled with its rate, and nothing else."""
    labels = DataLabelList()
    labels.showVal = True
    for shown in ("showCatName", "showSerName", "showLegendKey", "showPercent"):
        setattr(labels, shown, False)
    labels.numFmt = "0.0%"
    return labels


CHART_TALLEST = 14.0  # cm: with the title row it stays on one landscape A4 page
ROW_CM = 0.53  # a chart sheet's rows: 15 points each


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
