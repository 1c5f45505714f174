"""The 半年一小结 and 年终一总评 workbooks (see evaluation/summaries.py for the figures)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill
from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.callers import Caller
from evaluation.summaries import HALF, CycleSummary, Figure, cycle_summary
from evaluation.tally import DEFAULT_RULE, MIN_RESPONDENTS, GradingRule
from exports.cells import Table, columns, page_setup, percent, title_cell
from exports.workbook import BELOW_THRESHOLD, TOTAL_ROW, statistics_rows

FLAGGED_FILL = PatternFill("solid", start_color="FFF4B183")  # 两个及以上季度不满意
NOT_EVALUATED = "未评议"


async def export_summary(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    kind: str,
    year: int,
    half: int | None,
    path: Path,
    now: datetime,
    rule: GradingRule = DEFAULT_RULE,
    threshold: int = MIN_RESPONDENTS,
) -> CycleSummary:
    """Write the summary workbook of an organization the caller manages; audited."""
    summary = await cycle_summary(
        session, caller, organization_id, kind, year, half, rule, threshold
    )
    await asyncio.to_thread(write_summary, summary, path)
    audit.record(
        session, caller, audit.EXPORTED, now, organization_id=organization_id, detail=summary.title
    )
    await session.commit()
    return summary


# 组织, 评议对象, 评议内容; then each period's 满意+基本满意, 等次, 得分
LEADING_WIDTHS = [20, 20, 28]
PERIOD_WIDTHS = [10, 8, 7]


def write_summary(summary: CycleSummary, path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("半年一小结" if summary.kind == HALF else "年终一总评")
    headers = ["组织", "评议对象", "评议内容"]
    for label in summary.period_labels:
        headers += [f"{label} 满意+基本满意", f"{label} 等次", f"{label} 得分"]
    headers += (
        ["变化（百分点）"]
        if summary.kind == HALF
        else ["全年 满意+基本满意", "全年等次", "全年得分", "不满意季度数"]
    )
    widths = LEADING_WIDTHS + PERIOD_WIDTHS * len(summary.periods)
    widths += [9] if summary.kind == HALF else [*PERIOD_WIDTHS, 8]
    page_setup(sheet, widths=columns(widths), title_rows=5, landscape=True)
    sheet.freeze_panes = "D6"
    sheet.append([title_cell(sheet, summary.title)])
    table = Table(sheet, widths, 2)
    table.note(f"评议期次：{'、'.join(summary.period_labels)}")
    table.note(
        "说明：比例为 满意+基本满意 / 有效票；得分为有效票的平均分（各季度按其评议的计分）；"
        f"有效票少于 {summary.threshold} 份记为{BELOW_THRESHOLD}；"
        f"该季度无评议记为{NOT_EVALUATED}。"
        + ("" if summary.kind == HALF else "两个及以上季度评为不满意的对象标色。")
    )
    table.blank()
    table.header(headers)
    for row in summary.rows:
        cells = [row.organization, row.subject, row.criterion or TOTAL_ROW]
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
    if summary.statistics is not None:
        _statistics_sheet(workbook.create_sheet("统计单"), summary)
    if summary.kind != HALF:
        _appraisal_sheet(workbook.create_sheet("民主评议"), summary)
    workbook.save(path)


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


def _statistics_sheet(sheet, summary: CycleSummary) -> None:
    figures = summary.statistics
    widths = [30, 12]
    page_setup(sheet, widths=columns(widths), title_rows=1)
    sheet.append([title_cell(sheet, f"{summary.title} · 群众评议相关数据统计单（第一项）")])
    table = Table(sheet, widths, 2)
    table.header(("项目", "数量"))
    for label, value in statistics_rows(figures):
        table.append([label, value])
    table.note("按全年各季度答卷合并评定等次。")


FIGURE_WIDTH = 11
