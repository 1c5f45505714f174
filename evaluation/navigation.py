"""Where a respondent is in a ballot, and where each action leads. Pure functions.

A ballot's position is one integer, its *step*:
``CATEGORY_STEP`` (-1), a question number (0 … n-1), ``suggestion_step`` (n),
``review_step`` (n+1), ``SUBMITTED_STEP``. Every button carries the step of the
screen it was drawn on, so a button from an older screen is recognised as stale.
The next screen after an answer is always the first unanswered one, which is
also where a returning respondent resumes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluation.questionnaire import Questionnaire, Rating

CATEGORY_STEP = -1
SUBMITTED_STEP = -2


def suggestion_step(questionnaire: Questionnaire) -> int:
    return len(questionnaire.questions)


def asked_suggestion_step(questionnaire: Questionnaire) -> int | None:
    """The 意见建议 step, if this questionnaire asks for one."""
    return suggestion_step(questionnaire) if questionnaire.ask_suggestion else None


def review_step(questionnaire: Questionnaire) -> int:
    return len(questionnaire.questions) + 1


@dataclass
class Progress:
    """A ballot in the making, as the core sees it."""

    category: str | None = None
    answers: dict[int, Rating] = field(default_factory=dict)
    suggestion: str | None = None
    suggestion_done: bool = False
    # The questions about the respondent themself (a member bound in the organization), never
    # asked: held as 不了解 in ``answers`` while the ballot is open, decided again at each press
    # from the binding and stored only at submission, as 不了解此人 is.
    skipped: frozenset[int] = frozenset()

    def skip(self, questions: frozenset[int]) -> None:
        self.skipped = questions
        self.answers.update(dict.fromkeys(questions, Rating.UNKNOWN))


def first_open_step(questionnaire: Questionnaire, progress: Progress) -> int:
    """The first screen that still needs the respondent."""
    if questionnaire.ask_category and progress.category is None:
        return CATEGORY_STEP
    for question in questionnaire.questions:
        if question.number not in progress.answers:
            return question.number
    if questionnaire.ask_suggestion and not progress.suggestion_done:
        return suggestion_step(questionnaire)
    return review_step(questionnaire)


def previous_step(questionnaire: Questionnaire, step: int) -> int | None:
    """Where 上一题 leads from ``step``; None where there is nothing before."""
    if step == CATEGORY_STEP:
        return None
    if step == 0:
        return CATEGORY_STEP if questionnaire.ask_category else None
    if 0 < step < suggestion_step(questionnaire) or step == asked_suggestion_step(questionnaire):
        return step - 1
    return None


def is_question(questionnaire: Questionnaire, step: int) -> bool:
    return 0 <= step < len(questionnaire.questions)


def unknown_person_questions(questionnaire: Questionnaire, step: int) -> list[int]:
    """Questions filled with 不了解 by 不了解此人 on a member's first screen; [] elsewhere."""
    if not is_question(questionnaire, step):
        return []
    question = questionnaire.questions[step]
    if not question.opens_member:
        return []
    return [q.number for q in questionnaire.subject_questions(question.subject_index)]


def paginate(lines: list[str], limit: int) -> list[list[str]]:
    """Split lines into pages whose joined text stays within ``limit`` characters."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        line = line[:limit]
        extra = len(line) + (1 if pages[-1] else 0)
        if pages[-1] and size + extra > limit:
            pages.append([])
            size = 0
            extra = len(line)
        pages[-1].append(line)
        size += extra
    return pages
