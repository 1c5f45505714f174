"""The campaign workbook's sheets of 民主评议 beside the masses' ballot: 公开承诺 with their 践诺
state, and the 党员自我评价 (signed by nature, so it names each member; it is kept apart from
every ballot and no sheet puts the two side by side)."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from evaluation.comments import IMPROVEMENTS, STRENGTHS
from evaluation.periods import period_label
from evaluation.questionnaire import MEMBER, Rating
from evaluation.self_evaluation import TEXT_LABELS
from exports.cells import Table, centred, columns, page_setup, text_cell, title_cell, typeset
from exports.report import CampaignReport

COMMITMENT_HEADERS = ("承诺主体", "序号", "承诺事项", "践诺状态")
NO_COMMITMENTS = "未登记承诺事项"
NOT_FILLED = "未填写"
SELF_STATES = ("填写中", "已提交")
TOP = Alignment(vertical="top")


def _name(report: CampaignReport) -> str:
    return f"{report.organization} {period_label(report.period)}"


COMMITMENT_WIDTHS = [22, 5, 50, 9]
SELF_WIDTHS = [14, 74]
CONTINUED = "（续）"


def commitments_sheet(sheet, report: CampaignReport) -> None:
    """Each owner's commitments in one bordered block, the owner's name over its rows."""
    page_setup(sheet, widths=columns(COMMITMENT_WIDTHS), title_rows=3)
    sheet.append([title_cell(sheet, f"{_name(report)} 公开承诺及践诺情况")])
    table = Table(sheet, COMMITMENT_WIDTHS, 2)
    table.note("践诺状态为导出时的状态；问卷中「公开承诺」一题显示的是评议开始时的承诺事项。")
    table.header(COMMITMENT_HEADERS)
    sheet.freeze_panes = "A4"
    subjects = report.questionnaire.subjects
    owners = [(f"本组织：{subjects[0].name}", None)]
    owners += [(s.display_name, s.name) for s in subjects if s.kind == MEMBER]
    for label, key in owners:
        items = report.commitments.get(key, ())
        if not items:
            table.append([label, None, NO_COMMITMENTS, None])
            continue
        first = table.row
        with table.block():
            for number, (text, state) in enumerate(items, start=1):
                table.append(
                    [label if number == 1 else None, number, text_cell(sheet, text), state]
                )
        if len(items) > 1:
            sheet.merged_cells.add(f"A{first}:A{table.row - 1}")


def self_evaluation_sheet(sheet, report: CampaignReport) -> None:
    """One bordered block per member, as the paper 党员自我评价表 has it: the self-ratings,
    then each text in a row of its own wide enough to print whole."""
    page_setup(sheet, widths=columns(SELF_WIDTHS), title_rows=2)
    submitted = sum(row.submitted for row in report.self_evaluations)
    members = [s for s in report.questionnaire.subjects if s.kind == MEMBER]
    sheet.append([title_cell(sheet, f"{_name(report)} 党员自我评价")])
    table = Table(sheet, SELF_WIDTHS, 2)
    table.note(
        f"党员 {len(members)} 人，已提交自我评价 {submitted} 人。由党员本人署名填写，"
        "与匿名的评议问卷分开保存；评议结束前本人可以修改。"
    )
    written = {row.member: row for row in report.self_evaluations}
    for subject in members:
        found = written.get(subject.name)
        state = NOT_FILLED if found is None else SELF_STATES[found.submitted]
        with table.block():
            table.blank()
            table.append(["党员", f"{subject.display_name}　{state}"], strong=True)
            if found is None:
                continue
            ratings = "\n".join(
                f"{n}. {typeset(criterion)}：{Rating(r).label if r is not None else NOT_FILLED}"
                for n, (criterion, r) in enumerate(
                    zip(report.self_criteria, found.ratings, strict=True), 1
                )
            )
            for label, text in (("自评", ratings), *zip(TEXT_LABELS, found.texts, strict=True)):
                table.append([_label(sheet, label), text_cell(sheet, text) if text else NOT_FILLED])


def _label(sheet, text: str) -> WriteOnlyCell:
    """A row's label, at the top beside its (taller) text."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.alignment = TOP
    return cell


def comments_sheet(sheet, report: CampaignReport) -> None:
    """领导点评: each subject with every comment on it, signed, item by item. A comment prints
    whole on one page; one that moves to the next page is headed by its subject again."""
    page_setup(sheet, widths=columns(SELF_WIDTHS), title_rows=2)
    sheet.append([title_cell(sheet, f"{_name(report)} 领导点评（逐级点评）")])
    table = Table(sheet, SELF_WIDTHS, 2)
    table.note(f"共 {len(report.comments)} 条点评，均署名；未填写的点评内容不列出。")
    shown = None
    for comment in report.comments:
        subject = comment.subject
        heading = ["点评对象", subject.name]
        with table.block(
            continued=None if subject.key != shown else [heading[0], f"{subject.name}{CONTINUED}"]
        ):
            if subject.key != shown:
                shown = subject.key
                table.blank()
                table.append(heading, strong=True)
            signer = f"{comment.commenter_name}（{comment.commenter_role}）"
            table.append([_label(sheet, "点评人"), signer])
            written = comment.written
            labelled = [
                *(
                    (label, text)
                    for label, text in zip(subject.items, written.items, strict=False)
                    if text
                ),
                (STRENGTHS, written.strengths),
                (IMPROVEMENTS, written.improvements),
            ]
            for label, text in labelled:
                table.append([_label(sheet, label), text_cell(sheet, text)])
    if not report.comments:
        table.note("还没有点评。")


REVIEW_HEADERS = (
    "排名",
    "党员",
    "群众评分",
    "互评评分",
    "综合得分",
    "建议等次",
    "审定等次",
    "理由",
    "评先选优",
)
EXCELLENT = "优秀"


def review_sheet(sheet, report: CampaignReport) -> None:
    """综合评定: members by rank, with the scores, the suggested and the final grade; ★ marks
    those graded 优秀, on whom the selection of 优秀共产党员 rests."""
    widths = [6, 22, 10, 10, 10, 10, 10, 30, 10]
    page_setup(sheet, widths=columns(widths), title_rows=3, landscape=True)
    found = report.review
    sheet.append([title_cell(sheet, f"{_name(report)} 党员综合评定")])
    weights = found.weights
    state = (
        "支部已审定完成" if found.reviewed else f"已审定 {found.decided}/{len(found.members)} 人"
    )
    table = Table(sheet, widths, 2)
    table.note(
        f"综合得分 = 群众评分 × {weights.masses:g}% + 互评评分 × {weights.peer:g}%；"
        f"得分按有效票平均，样本不足的不计综合得分。{state}。★ 为审定优秀，供评先选优。"
    )
    table.header(REVIEW_HEADERS)
    sheet.freeze_panes = "C4"
    ranked = sorted(found.members, key=lambda m: (m.rank is None, m.rank or 0))
    for member in ranked:
        figures = (
            member.rank,
            None,
            _points(member.masses_score),
            _points(member.peer_score) if weights.peer else "—",
            _points(member.composite),
            member.suggested or BELOW,
            member.final or "未审定",
            None,
            "★" if member.final == EXCELLENT else None,
        )
        cells = [centred(sheet, value) for value in figures]
        cells[1] = member.name
        cells[7] = text_cell(sheet, member.reason) if member.reason else None
        table.append(cells)


BELOW = "样本不足"


def _points(score: float | None):
    return BELOW if score is None else round(score, 1)
