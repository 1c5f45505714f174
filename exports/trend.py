"""群众评议趋势: each subject's 满意+基本满意率 in each period, and the 趋势图 as small
multiples."""

from __future__ import annotations

from math import ceil, floor

from openpyxl.chart import LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from evaluation.periods import period_label
from evaluation.tally import enough_ballots
from exports.cells import Table, columns, page_setup, percent_or_blank, title_cell
from exports.figures import BELOW_THRESHOLD
from exports.report import CampaignReport


def trend_sheet(sheet, report: CampaignReport) -> list[tuple[int, int, float]]:
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


def trend_charts(
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


def _rate_in(period, name: str, threshold: int) -> float | None:
    for subject, subject_tally in zip(period.questionnaire.subjects, period.tallies, strict=True):
        if subject.display_name == name:
            if not enough_ballots(subject_tally, threshold):
                return None
            return subject_tally.overall.approval_rate
    return None
