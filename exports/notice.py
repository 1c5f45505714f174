"""The 公示版: a portrait A4 notice for the 公开栏 (the 阶段性结果 while the campaign runs)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl.styles import Alignment

from evaluation.periods import period_label
from evaluation.public_notice import DEFAULT_NOTICE, PublicNotice
from evaluation.questionnaire import Rating
from evaluation.rectification import STATUSES
from evaluation.tally import DEFAULT_RULE, Counts, GradingRule, Scores, enough_ballots, grade
from exports.cells import Table, centred, columns, font, new_workbook, page_setup, percent, typeset
from exports.figures import BELOW_THRESHOLD, TOTAL_ROW, day_label, rounded, score
from exports.report import CampaignReport

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
        until = f"，截止日期{day_label(report.deadline)}" if report.deadline else ""
        so_far = f"截至{day_label(day)}" if day is not None else "目前"
        opened = day_label(report.opened)
        table.note(
            f"　　根据创先争优活动群众评议工作安排，{report.organization}自{opened}"
            f"起开展群众评议，评议仍在进行{until}。{so_far}已参评 {report.submitted} 人"
            f"{counted}。现将阶段性结果通报如下，最终结果在评议结束后公示："
        )
    else:
        table.note(
            f"　　根据创先争优活动群众评议工作安排，{report.organization}于"
            f"{day_label(report.opened)}至{day_label(report.closed)}开展了群众评议，"
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
        table.note(f"公示期：{day_label(day)}至{day_label(until)}（{notice.days} 天）。", True)
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
        table.note(day_label(day), alignment=right)
    workbook.save(path)


def _notice_cells(sheet, label: str, counts: Counts, scores: Scores) -> list:
    return [
        label,
        *(counts[r] for r in Rating),
        percent(sheet, counts.approval_rate),
        score(scores, counts),
    ]
