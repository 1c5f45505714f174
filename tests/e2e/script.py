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
    wants_reply: bool = False  # with a suggestion: 提交，愿意接收答复

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
            script.wants_reply = number % 2 == 0
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
    if not script.suggestion:
        await person.press("✅ 提交", review)
    elif script.wants_reply:
        await person.press("✅ 提交，愿意接收答复", review)
    else:
        await person.press("✅ 提交，不需答复", review)
    return person.last["text"]


def expected_counts(scripts: list[Script]) -> list[Counter]:
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
    start = next(i for i, r in enumerate(rows) if r[: len(TABLE_HEADERS)] == TABLE_HEADERS)
    found = []
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        found.append(row)
    return found


def assert_tallies(path, scripts: list[Script]) -> None:
    counts, header = workbook_counts(path)
    expected = expected_counts(scripts)
    assert len(counts) == QUESTIONS
    for q in range(QUESTIONS):
        assert counts[q] == [expected[q][r] for r in Rating], f"question {q + 1}"
    assert header["实际参评人数"] == len(scripts)
    assert sorted(header["意见建议"]) == sorted(s.suggestion for s in scripts if s.suggestion)
