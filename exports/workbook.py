"""The workbook an organizer hands upward.

Sheets, each written by its own module: 说明 (here), 组织评议 and 党员评议 with their charts,
党员互评 and 分类统计 (tallies.py), 统计单 and 下级汇总 for a group (statistics.py), 意见建议
(rectification.py), 公开承诺, 自我评价, 领导点评, 综合评定 (appraisal_sheets.py), 明细
(details.py), 趋势 and 趋势图 (trend.py); the 公示版 is notice.py. Figures are gathered first
(``exports.report.collect``), then openpyxl writes in write-only mode in a worker thread, so
the bot's event loop never waits on it. Every sheet prints on A4 with its title rows repeated;
no cell holds anything that names a respondent, and text people typed is always written as
text, never as a formula.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import managed_campaign
from evaluation.periods import period_label
from evaluation.public_notice import DEFAULT_NOTICE, PublicNotice
from evaluation.questionnaire import TEMPLATES
from evaluation.tally import DEFAULT_RULE, GradingRule
from exports.appraisal_sheets import (
    comments_sheet,
    commitments_sheet,
    review_sheet,
    self_evaluation_sheet,
)
from exports.cells import Table, bold, columns, new_workbook, page_setup, percent, title_cell
from exports.details import detail_sheet
from exports.figures import BELOW_THRESHOLD, CHAT_BALLOTS, campaign_name, day_label
from exports.notice import write_public
from exports.rectification import suggestion_sheet
from exports.report import Ballots, CampaignReport, ExportError, collect, collect_ballots
from exports.statistics import group_sheet, statistics_sheet
from exports.tallies import (
    category_sheet,
    chart_sheet,
    member_sheet,
    organization_sheet,
    peer_sheet,
)
from exports.trend import TREND_CHARTS, trend_charts, trend_sheet
from storage import campaigns as campaign_repo

__all__ = ["ExportError", "export_campaign"]

EXPORT_STAGES = ("统计完成 / counted", "明细已写 / 明细 written", "已保存 / saved")


GROUP_SHEET = "下级汇总"
PEER_SHEET = "党员互评"
ORGANIZATION_CHART, MEMBER_CHART = "组织评议图", "党员评议图"  # a chart on a page of its own
COMMITMENTS_SHEET = "公开承诺"
SELF_SHEET = "自我评价"
COMMENTS_SHEET = "领导点评"
REVIEW_SHEET = "综合评定"


async def export_campaign(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    path: Path,
    now: datetime,
    rule: GradingRule = DEFAULT_RULE,
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
        report = await collect(session, campaign_id, rule, details=False)
        stage(EXPORT_STAGES[0])
        stage(EXPORT_STAGES[1])
        await asyncio.to_thread(write_public, report, path, rule, now.date(), notice)
    else:
        view = campaign_view(campaign)
        ballots = await collect_ballots(session, campaign_id, len(view.questionnaire.questions))
        is_group = bool(await campaign_repo.group_campaigns(session, campaign_id))
        book = _CampaignWorkbook(is_group, campaign.peer_review)
        title = f"{view.organization} {period_label(campaign.period)}"
        details = asyncio.ensure_future(
            asyncio.to_thread(
                book.write_details, title, view.questionnaire, rule.threshold, ballots
            )
        )
        try:
            report = await collect(session, campaign_id, rule)
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
        detail_sheet(self.sheets["明细"], title, questionnaire, threshold, ballots)

    def finish(self, report: CampaignReport, path: Path, rule: GradingRule, day: date) -> None:
        sheets = self.sheets
        _about_sheet(sheets["说明"], report, rule, day)
        name = campaign_name(report)
        chart = organization_sheet(sheets["组织评议"], report, rule)
        chart_sheet(sheets[ORGANIZATION_CHART], f"{name} 组织评议图", chart, report.threshold)
        chart = member_sheet(sheets["党员评议"], report, rule)
        chart_sheet(sheets[MEMBER_CHART], f"{name} 党员评议图", chart, report.threshold)
        if report.peer is not None:
            peer_sheet(sheets[PEER_SHEET], report, rule)
        statistics_sheet(sheets["统计单"], report, day)
        if report.group is not None:
            group_sheet(sheets[GROUP_SHEET], report, report.group)
        category_sheet(sheets["分类统计"], report, rule)
        suggestion_sheet(sheets["意见建议"], report)
        commitments_sheet(sheets[COMMITMENTS_SHEET], report)
        self_evaluation_sheet(sheets[SELF_SHEET], report)
        comments_sheet(sheets[COMMENTS_SHEET], report)
        review_sheet(sheets[REVIEW_SHEET], report)
        groups = trend_sheet(sheets["趋势"], report)
        if groups:
            charts = self.workbook.create_sheet(TREND_CHARTS)
            trend_charts(charts, sheets["趋势"], report, groups)
        self.workbook.save(path)


# --- sheets -------------------------------------------------------------------------------


ABOUT_WIDTHS = [24, 72]


def _about_sheet(sheet, report: CampaignReport, rule: GradingRule, day: date | None) -> None:
    page_setup(sheet, widths=columns(ABOUT_WIDTHS), title_rows=1)
    sheet.append([title_cell(sheet, f"{campaign_name(report)} 群众评议结果")])
    rate = report.participation_rate
    template = TEMPLATES[report.template].name if report.template in TEMPLATES else report.template
    rows = [
        ("组织", report.organization),
        ("评议期次", f"{period_label(report.period)}（{report.period}）"),
        ("评议模板", template),
        ("开始日期", day_label(report.opened)),
        ("截止日期", day_label(report.deadline)),
        ("关闭日期", day_label(report.closed) if report.closed else "尚未关闭"),
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
        rows.append(("导出日期", day_label(day)))
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
