"""Scripted respondents: who answers what, and the tallies that must come out of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from openpyxl import load_workbook

from evaluation.questionnaire import RATING_LABELS, RESPONDENT_CATEGORIES, Rating
from exports.workbook import TABLE_HEADERS, TOTAL_ROW
from tests.fake_telegram import Person

ORGANIZATION_QUESTIONS = 6
MEMBERS = 9
QUESTIONS = ORGANIZATION_QUESTIONS + MEMBERS * 5


@dataclass
class Script:
    """One respondent's intended ballot."""

    number: int
    category: str
    answers: dict[int, Rating] = field(default_factory=dict)
    unknown_members: set[int] = field(default_factory=set)
    suggestion: str | None = None

    @classmethod
    def make(cls, number: int) -> Script:
        script = cls(number, RESPONDENT_CATEGORIES[number % 4])
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
        return script


async def vote(person: Person, token: str, script: Script) -> str:
    """Walk the ballot through the bot like a person would; returns the receipt text."""
    [welcome] = await person.send(f"/start {token}")
    assert "匿名" in welcome["text"]
    await person.press("开始评议")
    await person.press(script.category)
    q = 0
    while q < QUESTIONS:
        member = (q - ORGANIZATION_QUESTIONS) // 5
        if q >= ORGANIZATION_QUESTIONS and member in script.unknown_members:
            await person.press("不了解此人")
            q += 5
            continue
        text = person.last["text"]
        assert text.startswith(f"第 {q + 1}/{QUESTIONS} 题"), text
        await person.press(RATING_LABELS[script.answers[q]])
        q += 1
    assert "意见建议" in person.last["text"]
    if script.suggestion:
        [review] = await person.send(script.suggestion)
    else:
        await person.press("跳过")
        review = person.last
    assert "请核对" in review["text"]
    await person.press("✅ 提交", review)
    return person.last["text"]


def expected_counts(scripts: list[Script]) -> list[Counter]:
    counts = [Counter() for _ in range(QUESTIONS)]
    for script in scripts:
        for q, rating in script.answers.items():
            counts[q][rating] += 1
    return counts


def workbook_counts(path) -> tuple[list[list[int]], dict[str, object]]:
    """Per-question counts as the workbook shows them, and the header block."""
    workbook = load_workbook(path)
    per_question: list[list[int]] = []
    header: dict[str, object] = {}
    for title in ("组织评议", "党员评议"):
        rows = list(workbook[title].iter_rows(values_only=True))
        header.update({row[0]: row[1] for row in rows[:10] if row and row[0]})
        start = next(i for i, r in enumerate(rows) if r[: len(TABLE_HEADERS)] == TABLE_HEADERS)
        for row in rows[start + 1 :]:
            if row[0] and row[1] != TOTAL_ROW:
                per_question.append(list(row[2:6]))
    header["意见建议"] = [r[1] for r in workbook["意见建议"].iter_rows(min_row=3, values_only=True)]
    return per_question, header


def assert_tallies(path, scripts: list[Script]) -> None:
    counts, header = workbook_counts(path)
    expected = expected_counts(scripts)
    assert len(counts) == QUESTIONS
    for q in range(QUESTIONS):
        assert counts[q] == [expected[q][r] for r in Rating], f"question {q + 1}"
    assert header["实际参评人数"] == len(scripts)
    assert sorted(header["意见建议"]) == sorted(s.suggestion for s in scripts if s.suggestion)
