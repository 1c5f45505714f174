"""The 群众评议 tables: 组织评议 and 党员评议 (each subject's criteria and 合计, a member's rows
kept on one page, the 党员综合情况 block), 党员互评, 分类统计, and their bar charts, each on a
page of its own."""

from __future__ import annotations

from math import ceil

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel

from evaluation.questionnaire import MEMBER, ORGANIZATION, Rating
from evaluation.tally import GradingRule, SubjectTally, enough_ballots, grade, needs_rectification
from exports.cells import Table, columns, count_cells, page_setup, percent, title_cell
from exports.figures import BELOW_THRESHOLD, TOTAL_ROW, campaign_name, score, subject_tallies
from exports.report import CampaignReport

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


MEMBER_SUMMARY_HEADERS = ("党员", "范围", *TABLE_HEADERS[2:])
ALL_CRITERIA = "各项合计"


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


def organization_sheet(sheet, report: CampaignReport, rule: GradingRule) -> BarChart | None:
    """The table, and the chart of its aspects' rates (for the 图表 sheet)."""
    table = _ballot_table_page(sheet, report, "组织评议", rule)
    written = _subjects(table, report, ORGANIZATION, rule)
    if not written or written[0][1] <= 1:  # below the threshold: no aspects' rows
        return None
    start, count = written[0]
    rows = (start, start + count - 2)  # the aspects, not their 合计
    return _bar_chart(sheet, "组织评议：各方面满意率", rows, {8: "满意率", 9: "满意+基本满意率"}, 2)


def member_sheet(sheet, report: CampaignReport, rule: GradingRule) -> BarChart | None:
    """The table, its 党员综合情况 block, and the chart of that block (for the 图表 sheet)."""
    table = _ballot_table_page(sheet, report, "党员评议", rule)
    _subjects(table, report, MEMBER, rule)
    # The summary block keeps the table's columns, each header within its own column's width;
    # it prints whole, on the next page if this one is full.
    with table.block():
        table.blank()
        table.note("党员综合情况", bold_text=True)
        table.header(MEMBER_SUMMARY_HEADERS)
        members = list(subject_tallies(report, MEMBER))
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


def chart_sheet(sheet, title: str, chart: BarChart | None, threshold: int) -> None:
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


def peer_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    """党员互评, counted apart from the masses': each member as rated by the other members."""
    peer = report.peer
    note = (
        f"已提交互评 {peer.submitted} 份，应评 {peer.expected} 份（已认领的党员各一份）。"
        "互评不记名，只保存各项得票，不保存答卷；每名党员只由其他党员评价。"
        f"某党员任一项有效票少于 {rule.peer_threshold} 份时记为{BELOW_THRESHOLD}。"
        f"{rule.describe()}"
    )
    table = _table_page(sheet, report, f"{campaign_name(report)} 党员互评", note)
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
    return _table_page(sheet, report, f"{campaign_name(report)} 群众评议·{title}", note)


def _subjects(table: Table, report: CampaignReport, kind: str, rule: GradingRule):
    """Each subject's rows; returns (first row, rows written) per subject."""
    written = []
    for subject, subject_tally in subject_tallies(report, kind):
        row = table.row
        _subject_rows(table, subject, subject_tally, rule, report.threshold, report.scores)
        written.append((row, table.row - row))
    return written


def _subject_rows(
    table: Table, subject, subject_tally: SubjectTally, rule: GradingRule, threshold: int, scores
) -> None:
    """A subject's rows, kept on one page: its criteria, then its 合计; ``threshold``: the
    masses' minimum, or the 党员互评's."""
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


CATEGORY_WIDTHS = [24, 12, 7, 8.5, 7, 7, 7, 11, 9, 8]


def category_sheet(sheet, report: CampaignReport, rule: GradingRule) -> None:
    page_setup(sheet, widths=columns(CATEGORY_WIDTHS), title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{campaign_name(report)} 分类统计")])
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
