"""Scripted respondents: who answers what, and the tallies that must come out of it.

They walk the ballot with ``bot.demo.vote``, as the demo's respondents do."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from openpyxl import load_workbook

from bot.demo import Ballot
from evaluation.questionnaire import RESPONDENT_CATEGORIES, Rating
from exports.figures import TOTAL_ROW
from exports.tallies import TABLE_HEADERS

ORGANIZATION_QUESTIONS = 6
MEMBERS = 9
QUESTIONS = ORGANIZATION_QUESTIONS + MEMBERS * 5


@dataclass
class Script(Ballot):
    """One respondent's intended ballot, made from its number so each test can rebuild it."""

    number: int = 0

    @classmethod
    def make(cls, number: int) -> Script:
        script = cls(RESPONDENT_CATEGORIES[number % 4], number=number)
        for q in range(QUESTIONS):
            script.answers[q] = Rating((number * 7 + q * 3 + number * q) % 4)
        for member in range(MEMBERS):
            if (number + member) % 6 == 0:
                script.unknown_members.add(member)
                first = ORGANIZATION_QUESTIONS + member * 5
                for q in range(first, first + 5):
                    script.answers[q] = Rating.UNKNOWN
        if number % 3 == 0:
            script.suggestion = f"第{number}号意见：希望党员多下基层走访。"
            script.wants_reply = number % 2 == 0
        return script


def expected_counts(scripts: list[Ballot]) -> list[Counter]:
    counts = [Counter() for _ in range(QUESTIONS)]
    for script in scripts:
        for q, rating in script.answers.items():
            counts[q][rating] += 1
    return counts


def workbook_counts(path) -> tuple[list[list[int]], dict[str, object]]:
    """Per-question counts as the workbook shows them, and the 说明 sheet's figures."""
    workbook = load_workbook(path)
    per_question: list[list[int]] = []
    header = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row}
    for title in ("组织评议", "党员评议"):
        for row in tally_rows(workbook[title]):
            if row[1] != TOTAL_ROW:
                per_question.append(list(row[2:6]))
    header["意见建议"] = [r[2] for r in workbook["意见建议"].iter_rows(min_row=4, values_only=True)]
    return per_question, header


def tally_rows(sheet) -> list[tuple]:
    """The rows of a sheet's tally table: from below its header to the first empty row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if _joined(r) == TABLE_HEADERS)
    found = []
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        found.append(row)
    return found


def assert_tallies(path, scripts: list[Ballot]) -> None:
    counts, header = workbook_counts(path)
    expected = expected_counts(scripts)
    assert len(counts) == QUESTIONS
    for q in range(QUESTIONS):
        assert counts[q] == [expected[q][r] for r in Rating], f"question {q + 1}"
    assert header["实际参评人数"] == len(scripts)
    assert sorted(header["意见建议"]) == sorted(s.suggestion for s in scripts if s.suggestion)


def _joined(row) -> tuple:
    """A header row's first cells as written, without the lines a narrow column breaks
    them into (「满意+」 over 「基本满意率」)."""
    return tuple(
        v.replace("\n", "") if isinstance(v, str) else v for v in row[: len(TABLE_HEADERS)]
    )
