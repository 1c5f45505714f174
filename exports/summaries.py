"""The 半年一小结 and 年终一总评 workbooks (see evaluation/summaries.py for the figures)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.callers import Caller
from evaluation.summaries import HALF, CycleSummary, Figure, Span, SummaryRow, cycle_summary
from evaluation.tally import DEFAULT_RULE, GradingRule
from exports.cells import Table, columns, new_workbook, page_setup, percent, title_cell
from exports.figures import BELOW_THRESHOLD, CHAT_BALLOTS, NOT_EVALUATED, TOTAL_ROW
from exports.statistics import NOT_RECORDED, statistics_form

FLAGGED_FILL = PatternFill("solid", start_color="FFF4B183")  # 两个及以上季度不满意


async def export_summary(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    kind: Span,
    year: int,
    half: int | None,
    path: Path,
    now: datetime,
    rule: GradingRule = DEFAULT_RULE,
) -> CycleSummary:
    """Write the summary workbook of an organization the caller manages; audited."""
    summary = await cycle_summary(session, caller, organization_id, kind, year, half, rule)
    await asyncio.to_thread(write_summary, summary, path, now.date())
    audit.record(
        session, caller, audit.EXPORTED, now, organization_id=organization_id, detail=summary.title
    )
    await session.commit()
    return summary


# 评议内容; then, under each period, 满意+基本满意率, 等次, 得分 (the period above them)
CRITERION_WIDTH = 20
FIGURE_WIDTHS = [10.5, 8.3, 6]
FIGURE_HEADERS = ("满意+基本满意率", "等次", "得分")
HEADER_ROWS = (4, 5)
YEAR_LABEL = "全年"
FLAGGED_HEADER = "不满意\n季度数"


def write_summary(summary: CycleSummary, path: Path, day: date | None = None) -> None:
    """One block per subject (its name, its 合计, its criteria), kept on one page; each period
    heads its three columns."""
    workbook = new_workbook()
    sheet = workbook.create_sheet("半年一小结" if summary.kind == HALF else "年终一总评")
    groups = [*summary.period_labels] + ([] if summary.kind == HALF else [YEAR_LABEL])
    last = "变化\n（百分点）" if summary.kind == HALF else FLAGGED_HEADER
    widths = [CRITERION_WIDTH, *FIGURE_WIDTHS * len(groups), 10.5 if summary.kind == HALF else 7]
    page_setup(sheet, widths=columns(widths), title_rows=HEADER_ROWS[1], landscape=True)
    sheet.freeze_panes = f"B{HEADER_ROWS[1] + 1}"
    sheet.append([title_cell(sheet, summary.title)])
    table = Table(sheet, widths, 2)
    table.note(f"评议期次：{'、'.join(summary.period_labels)}")
    table.note(
        "说明：比例为 满意+基本满意 / 有效票；得分为有效票的平均分（各季度按其评议的计分）；"
        f"有效票少于 {summary.threshold} 份记为{BELOW_THRESHOLD}；"
        f"该季度无评议记为{NOT_EVALUATED}。"
        + ("" if summary.kind == HALF else "两个及以上季度评为不满意的对象标色。")
    )
    top, below = HEADER_ROWS
    spans = [widths[0]]
    for n in range(len(groups)):
        first = get_column_letter(2 + 3 * n)
        sheet.merged_cells.add(f"{first}{top}:{get_column_letter(4 + 3 * n)}{top}")
        spans += [sum(FIGURE_WIDTHS), 0, 0]
    for letter in ("A", get_column_letter(len(widths))):
        sheet.merged_cells.add(f"{letter}{top}:{letter}{below}")
    spans.append(widths[-1])
    table.header(["评议内容", *(h for g in groups for h in (g, None, None)), last], spans)
    table.header([None, *FIGURE_HEADERS * len(groups), None])
    several = len({row.organization for row in summary.rows}) > 1
    for subject in _blocks(summary.rows):
        with table.block():
            first = subject[0]
            heading = f"{first.organization} · {first.subject}" if several else first.subject
            table.note(heading, bold_text=True)
            for row in subject:
                _summary_row(table, summary, row)
    if summary.statistics is not None:
        _statistics_sheet(workbook.create_sheet("统计单"), summary, day)
    if summary.kind != HALF:
        _appraisal_sheet(workbook.create_sheet("民主评议"), summary)
    workbook.save(path)


def _blocks(rows: list[SummaryRow]) -> list[list[SummaryRow]]:
    """The rows by subject: each subject's 合计 row, then its criteria."""
    blocks: list[list[SummaryRow]] = []
    for row in rows:
        if row.criterion is None:
            blocks.append([])
        blocks[-1].append(row)
    return blocks


def _summary_row(table: Table, summary: CycleSummary, row: SummaryRow) -> None:
    sheet = table.sheet
    cells = [row.criterion or TOTAL_ROW]
    for figure in row.quarters:
        cells += _figure_cells(sheet, figure)
    if summary.kind == HALF:
        change = row.change
        cells.append(round(change * 100, 1) if change is not None else "—")
    else:
        cells += _figure_cells(sheet, row.year)
        cells.append(row.flagged if row.criterion is None else None)
    if row.criterion is None and row.flagged >= 2 and summary.kind != HALF:
        cells = [_filled(sheet, value) for value in cells]
    table.append(cells, strong=row.criterion is None)


def _appraisal_sheet(sheet, summary: CycleSummary) -> None:
    """Each member's 审定 grade and composite in each quarter, and the year's composite: what
    the year's 评先选优 and the annual assessment rest on."""
    headers = ["组织", "党员"]
    for label in summary.period_labels:
        headers += [f"{label} 审定等次", f"{label} 综合得分"]
    headers.append("全年综合得分")
    widths = [20, 22] + [FIGURE_WIDTH] * (len(headers) - 2)
    page_setup(sheet, widths=columns(widths), title_rows=2, landscape=True)
    sheet.append([title_cell(sheet, f"{summary.title} · 民主评议（审定等次与综合得分）")])
    table = Table(sheet, widths, 2)
    table.header(headers)
    for member in summary.members:
        cells = [member.organization, member.member]
        for quarter in member.quarters:
            if quarter is None:
                cells += [NOT_EVALUATED, None]
            else:
                final, composite = quarter
                cells += [final or "未审定", round(composite, 1) if composite is not None else None]
        year = member.year_composite
        table.append([*cells, round(year, 1) if year is not None else None])
    if not summary.members:
        table.note("本年度没有党员评议。")


def _figure_cells(sheet, figure: Figure | None) -> list:
    if figure is None:
        return ["—", NOT_EVALUATED, "—"]
    if figure.grade is None:
        return ["—", BELOW_THRESHOLD, "—"]
    return [percent(sheet, figure.approval_rate), figure.grade, round(figure.score, 1)]


def _filled(sheet, value) -> Cell:
    cell = value if isinstance(value, Cell) else WriteOnlyCell(sheet, value=value)
    cell.fill = FLAGGED_FILL
    return cell


def _statistics_sheet(sheet, summary: CycleSummary, day: date) -> None:
    """The year's 群众评议相关数据统计单, the form every campaign's workbook carries, over the
    year: all six items and the signature lines."""
    note = (
        "说明：第1项按全年各季度答卷合并评定等次，范围为本组织及其下级组织；每项有效票少于 "
        f"{summary.threshold} 份的对象记为{BELOW_THRESHOLD}，不计入评议数。"
        "第2至6项为各季度登记数之和；某季度未登记「参加评议的群众总数」时，"
        f"按该季度{CHAT_BALLOTS}与纸质问卷的合计；「{NOT_RECORDED}」表示全年均未登记。"
    )
    heading = f"（{summary.year}年度）"
    statistics_form(
        sheet, summary.organization, summary.statistics, summary.activity, note, day, heading
    )


FIGURE_WIDTH = 11
