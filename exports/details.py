"""问卷明细: one row per ballot under a random 票号, the answers as codes, over pages across
with each subject whole on one; the paper 场次 by count only."""

from __future__ import annotations

from collections import Counter

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from exports.cells import Table, columns, page_setup, page_width, title_cell, typeset
from exports.figures import CHAT_BALLOTS, CHAT_SOURCE, HIDDEN, RATING_LABELS, day_label
from exports.report import NO_ANSWER, PAPER_CATEGORY, Ballots

DETAIL_HEADERS = ("票号", "身份类别", "来源", "提交日期")


# 明细 answers as one character each, so every question fits the page width; the legend says
# what each stands for.
DETAIL_CODES = {"满意": "满", "基本满意": "基", "不满意": "不", "不了解": "？"}
DETAIL_WIDTHS = [14, 10, 9, 16]  # 票号, 身份类别, 来源, 提交日期
ANSWER_WIDTH = 3.2


def detail_sheet(sheet, title: str, questionnaire, threshold: int, ballots: Ballots) -> None:
    """One row per ballot, the answers as codes under two header rows (each subject over its
    criteria, numbered) with a legend. Too wide for a page at a readable size, it prints over
    pages across, each subject's columns whole on one, the 票号 column repeated; the notes
    stay on the first. A category or day shared by fewer ballots than the threshold is shown
    as 「—」, so a rare category or a quiet day cannot single a person out."""
    questions = questionnaire.questions
    widths = DETAIL_WIDTHS + [ANSWER_WIDTH] * len(questions)
    # Only the header rows repeat, and the title and notes leave the repeated 票号 column
    # empty: the pages across show no clipped piece of them.
    page_setup(sheet, widths=columns(widths), title_rows=0, landscape=True)
    sheet.print_title_rows = "3:4"
    sheet.print_title_cols = "A:A"
    sheet.append([None, title_cell(sheet, f"{title} 问卷明细")])
    legend = "　".join(f"{code}＝{label}" for label, code in DETAIL_CODES.items())
    groups = [len(DETAIL_WIDTHS)] + [len(subject.criteria) for subject in questionnaire.subjects]
    breaks = _column_breaks(sheet, widths, groups)
    for column in breaks:
        sheet.col_breaks.append(Break(id=column))
    table = Table(sheet, widths, 2, notes=(2, breaks[0] if breaks else len(widths)))
    table.note(
        f"{CHAT_BALLOTS} {len(ballots.rows)} 份（来源「{CHAT_SOURCE}」），按随机票号排序；"
        "不含任何参评人信息。"
        f"份数少于 {threshold} 的身份类别或提交日期显示为「{HIDDEN}」。"
        f"答案：{legend}；空白为未作答。题号见表末。"
    )
    subjects, first = [], len(DETAIL_WIDTHS) + 1
    for question in questions:
        if question.criterion_index == 0:
            subjects.append((question.subject, first + question.number))
    for subject, column in subjects:
        last = column + len(subject.criteria) - 1
        if last > column:
            sheet.merged_cells.add(f"{get_column_letter(column)}3:{get_column_letter(last)}3")
    names: list[str | None] = [None] * len(questions)
    spans = list(widths)
    for subject, column in subjects:
        names[column - first] = subject.name
        spans[column - 1] = ANSWER_WIDTH * len(subject.criteria)
    for letter in (get_column_letter(n) for n in range(1, first)):
        sheet.merged_cells.add(f"{letter}3:{letter}4")
    table.header([*DETAIL_HEADERS, *names], spans)
    table.header([None] * len(DETAIL_HEADERS) + [q.criterion_index + 1 for q in questions])
    sheet.freeze_panes = "E5"
    if len(ballots.rows) < threshold:
        table.note(f"提交不足 {threshold} 份，不列逐份明细。")
    else:
        categories = Counter(ballot.category for ballot in ballots.rows)
        days = Counter(ballot.day for ballot in ballots.rows)
        codes = [DETAIL_CODES[label] for label in RATING_LABELS]
        codes += [None] * (NO_ANSWER - len(codes) + 1)
        for ballot in ballots.rows:
            category = ballot.category if categories[ballot.category] >= threshold else HIDDEN
            day = day_label(ballot.day) if days[ballot.day] >= threshold else HIDDEN
            sheet.append(
                [ballot.id[:12], category, CHAT_SOURCE, day, *(codes[r] for r in ballot.ratings)]
            )
            table.wrote()
    if ballots.paper:
        table.blank()
        table.note("纸质问卷（按场次计数，无逐份答案）", bold_text=True)
        for paper in ballots.paper:
            sheet.append(
                [
                    None,
                    None,
                    PAPER_CATEGORY,
                    day_label(paper.imported),
                    f"{paper.label}：{paper.ballots} 份",
                ]
            )
            table.wrote()
    with table.block():
        table.blank()
        table.note("题号", bold_text=True)
        for subject, _ in subjects:
            numbered = "；".join(f"{n}. {c}" for n, c in enumerate(subject.criteria, start=1))
            table.note(typeset(f"{subject.name}：{numbered}"))


def _column_breaks(sheet, widths: list[float], groups: list[int]) -> list[int]:
    """The columns after which a new page starts, so each group of ``groups`` columns (their
    counts, left to right) prints on one page beside the repeated first column."""
    room, breaks, used, column = page_width(sheet), [], 0.0, 0
    for count in groups:
        width = sum(widths[column : column + count])
        if used and used + width > room:
            breaks.append(column)
            used = widths[0]
        used += width
        column += count
    return breaks
