"""The 群众评议相关数据统计单, the form sent upward (the campaign's and the year's), and the
下级汇总 of a group."""

from __future__ import annotations

from datetime import date

from evaluation.activities import ATTENDEES, ITEMS
from evaluation.rollup import GroupReport, Statistics
from exports.cells import TITLE, Table, centred, columns, page_setup, percent, title_cell
from exports.figures import (
    BELOW_THRESHOLD,
    CHAT_BALLOTS,
    TOTAL_ROW,
    campaign_name,
    day_label,
    rounded,
)
from exports.report import CampaignReport

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


STATISTICS_TITLE = "党组织开展创先争优活动情况群众评议相关数据统计单"
STATISTICS_HEADERS = ("项次", "项目", "数量", "单位")
NOT_RECORDED = "未填报"


STATISTICS_WIDTHS = [7, 42, 14, 12]
SIGNATURES = (("填报人：", "审核人："), ("联系电话：", "（盖章）"))


def statistics_sheet(sheet, report: CampaignReport, day: date | None) -> None:
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
    when = day_label(day) if day else "    年  月  日"
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


def group_sheet(sheet, report: CampaignReport, group: GroupReport) -> None:
    """Each organization the campaign covers, the total, and the upward figures."""
    page_setup(sheet, widths=columns(GROUP_WIDTHS), title_rows=2, landscape=True)
    sheet.append([title_cell(sheet, f"{campaign_name(report)} 下级汇总")])
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
