"""意见建议及整改台账: every opinion with its 整改 state, owner, deadline and response."""

from __future__ import annotations

from evaluation.rectification import STATUSES
from exports.cells import Table, columns, page_setup, text_cell, title_cell
from exports.figures import campaign_name, day_label
from exports.report import CampaignReport

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


SUGGESTION_WIDTHS = [5, 12, 58, 9, 10, 12, 10, 20]


def suggestion_sheet(sheet, report: CampaignReport) -> None:
    page_setup(sheet, widths=columns(SUGGESTION_WIDTHS), title_rows=3, landscape=True)
    sheet.append([title_cell(sheet, f"{campaign_name(report)} 意见建议及整改台账")])
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
                day_label(item.deadline) if item.deadline else None,
                text_cell(sheet, item.member) if item.member else None,
                text_cell(sheet, item.response) if item.response else None,
            ]
        )
