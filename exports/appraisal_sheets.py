"""The campaign workbook's sheets of 民主评议 beside the masses' ballot: 公开承诺 with their 践诺
state, and the 党员自我评价 (signed by nature, so it names each member; it is kept apart from
every ballot and no sheet puts the two side by side)."""

from __future__ import annotations

from evaluation.periods import period_label
from evaluation.questionnaire import MEMBER, Rating
from evaluation.self_evaluation import TEXT_LABELS
from exports.cells import bold, page_setup, text_cell, title_cell, wrapped
from exports.report import CampaignReport

COMMITMENT_HEADERS = ("承诺主体", "序号", "承诺事项", "践诺状态")
NO_COMMITMENTS = "未登记承诺事项"
NOT_FILLED = "未填写"
SELF_STATES = ("填写中", "已提交")


def _name(report: CampaignReport) -> str:
    return f"{report.organization} {period_label(report.period)}"


def commitments_sheet(sheet, report: CampaignReport) -> None:
    page_setup(sheet, widths={"A": 20, "B": 6, "C": 60, "D": 10}, title_rows=3)
    sheet.append([title_cell(sheet, f"{_name(report)} 公开承诺及践诺情况")])
    sheet.append(
        [
            wrapped(
                sheet,
                "践诺状态为导出时的状态；评议问卷中「公开承诺」一题显示的是评议开始时的承诺事项。",
            )
        ]
    )
    sheet.append([bold(sheet, h) for h in COMMITMENT_HEADERS])
    sheet.freeze_panes = "A4"
    subjects = report.questionnaire.subjects
    owners = [(f"本组织：{subjects[0].name}", None)]
    owners += [(s.display_name, s.name) for s in subjects if s.kind == MEMBER]
    for label, key in owners:
        items = report.commitments.get(key, ())
        if not items:
            sheet.append([label, None, NO_COMMITMENTS, None])
        for number, (text, state) in enumerate(items, start=1):
            sheet.append([label, number, text_cell(sheet, text), state])


def self_evaluation_sheet(sheet, report: CampaignReport) -> None:
    criteria = report.self_criteria
    columns = [chr(ord("C") + i) for i in range(len(criteria) + len(TEXT_LABELS))]
    widths = {"A": 16, "B": 8} | dict.fromkeys(columns[: len(criteria)], 10)
    widths |= dict.fromkeys(columns[len(criteria) :], 36)
    page_setup(sheet, widths=widths, title_rows=3, landscape=True)
    submitted = sum(row.submitted for row in report.self_evaluations)
    members = sum(s.kind == MEMBER for s in report.questionnaire.subjects)
    sheet.append([title_cell(sheet, f"{_name(report)} 党员自我评价")])
    sheet.append(
        [
            f"党员 {members} 人，已提交自我评价 {submitted} 人。自我评价由党员本人署名填写"
            "（自评各项），与匿名的评议问卷分开保存；评议结束前本人可以修改。"
        ]
    )
    headers = ["党员", "状态", *(f"自评{n}" for n in range(1, len(criteria) + 1)), *TEXT_LABELS]
    sheet.append([bold(sheet, h) for h in headers])
    sheet.freeze_panes = "C4"
    written = {row.member: row for row in report.self_evaluations}
    for subject in report.questionnaire.subjects:
        if subject.kind != MEMBER:
            continue
        row = written.get(subject.name)
        if row is None:
            sheet.append([subject.display_name, NOT_FILLED])
            continue
        ratings = [Rating(r).label if r is not None else None for r in row.ratings]
        texts = [text_cell(sheet, t) if t else None for t in row.texts]
        state = SELF_STATES[row.submitted]
        sheet.append([subject.display_name, state, *ratings, *texts])
    sheet.append([])
    sheet.append([bold(sheet, "自评各项")])
    for number, criterion in enumerate(criteria, start=1):
        sheet.append([f"自评{number}", wrapped(sheet, criterion)])
