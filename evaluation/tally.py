"""Counting answers and grading subjects by the majority rule of DOMAIN.md. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from evaluation.questionnaire import Questionnaire, Rating
from evaluation.wording import N_

GRADE_SATISFIED = N_("满意")
GRADE_BASIC = N_("基本满意")
GRADE_UNSATISFIED = N_("不满意")
GRADE_NONE = N_("无有效评价")
MIN_RESPONDENTS = 5  # the default minimum of valid answers before a subject's figures show
# The same for 党员互评, counted apart: a branch of 9 gives a member at most 8 peer ballots.
MIN_PEER_RESPONDENTS = 3


@dataclass
class Counts:
    by_rating: dict[Rating, int] = field(default_factory=lambda: dict.fromkeys(Rating, 0))

    def add(self, rating: Rating, n: int = 1) -> None:
        self.by_rating[rating] += n

    def __iadd__(self, other: Counts) -> Counts:
        for rating, n in other.by_rating.items():
            self.by_rating[rating] += n
        return self

    def __getitem__(self, rating: Rating) -> int:
        return self.by_rating[rating]

    @property
    def valid(self) -> int:
        """Answers that count toward rates: everything but 不了解."""
        return sum(n for r, n in self.by_rating.items() if r != Rating.UNKNOWN)

    @property
    def satisfied_rate(self) -> float | None:
        return self[Rating.SATISFIED] / self.valid if self.valid else None

    @property
    def approval_rate(self) -> float | None:
        """满意 + 基本满意 among valid answers: the 群众满意度 of the reports."""
        if not self.valid:
            return None
        return (self[Rating.SATISFIED] + self[Rating.BASIC]) / self.valid


@dataclass(frozen=True)
class FinalGrades:
    """The grades 支部审定 gives (民主评议), and the composite each needs at least; the last
    grade is for any composite below the last floor."""

    grades: tuple[str, ...] = (N_("优秀"), N_("合格"), N_("基本合格"), N_("不合格"))
    floors: tuple[float, ...] = (90, 70, 60)

    def suggest(self, composite: float | None) -> str | None:
        if composite is None:
            return None
        for grade, floor in zip(self.grades, self.floors, strict=False):
            if composite >= floor:
                return grade
        return self.grades[len(self.floors)]


@dataclass(frozen=True)
class GradingRule:
    """A grade is reached when its share of valid answers is *more than* the threshold."""

    satisfied_share: float = 0.5
    approval_share: float = 0.5
    # 党员互评's own minimum of valid answers per criterion.
    peer_threshold: int = MIN_PEER_RESPONDENTS
    final: FinalGrades = FinalGrades()  # 审定's grades and the composite's mapping onto them
    # The masses' minimum: fewer valid answers on any criterion and a subject's figures hide.
    threshold: int = MIN_RESPONDENTS

    def describe(self) -> str:
        return (
            f"满意票超过有效票的{self.satisfied_share:.0%}为满意；"
            f"满意与基本满意票合计超过{self.approval_share:.0%}为基本满意；否则为不满意，需整改。"
            "不了解不计入有效票。"
        )


DEFAULT_RULE = GradingRule()


@dataclass(frozen=True)
class Scores:
    """规范评分: the points each rating is worth, set per campaign; 不了解 is worth none and is
    left out, as it is of every rate."""

    satisfied: float = 100
    basic: float = 60
    unsatisfied: float = 0

    @classmethod
    def stored(cls, values: list[float] | None) -> Scores:
        """A campaign's ``scores`` column: [满意, 基本满意, 不满意], or None for the default."""
        return cls(*values) if values else cls()

    def to_stored(self) -> list[float]:
        return [self.satisfied, self.basic, self.unsatisfied]

    def points(self, counts: Counts) -> float:
        """The valid answers' points added up (to pool quarters scored on different scales)."""
        return (
            counts[Rating.SATISFIED] * self.satisfied
            + counts[Rating.BASIC] * self.basic
            + counts[Rating.UNSATISFIED] * self.unsatisfied
        )

    def average(self, counts: Counts) -> float | None:
        """The mean score of the valid answers; None without any."""
        return self.points(counts) / counts.valid if counts.valid else None

    def describe(self) -> str:
        return (
            f"得分：满意 {self.satisfied:g} 分，基本满意 {self.basic:g} 分，"
            f"不满意 {self.unsatisfied:g} 分，取有效票的平均分；不了解不计分。"
        )


DEFAULT_SCORES = Scores()


def grade(counts: Counts, rule: GradingRule = DEFAULT_RULE) -> str:
    if not counts.valid:
        return GRADE_NONE
    if counts.satisfied_rate > rule.satisfied_share:
        return GRADE_SATISFIED
    if counts.approval_rate > rule.approval_share:
        return GRADE_BASIC
    return GRADE_UNSATISFIED


def needs_rectification(grade_label: str) -> bool:
    return grade_label == GRADE_UNSATISFIED


@dataclass
class SubjectTally:
    subject_index: int
    criteria: list[Counts]

    @property
    def overall(self) -> Counts:
        total = Counts()
        for counts in self.criteria:
            total += counts
        return total


def tally(questionnaire: Questionnaire, rows: Iterable[tuple[int, int, int]]) -> list[SubjectTally]:
    """Turn ``(question number, rating, count)`` rows into per-subject, per-criterion counts."""
    result = [
        SubjectTally(i, [Counts() for _ in subject.criteria])
        for i, subject in enumerate(questionnaire.subjects)
    ]
    questions = questionnaire.questions
    for number, rating, n in rows:
        question = questions[number]
        result[question.subject_index].criteria[question.criterion_index].add(Rating(rating), n)
    return result


def enough_ballots(subject_tally: SubjectTally, threshold: int) -> bool:
    """The minimum-respondent rule: a subject's figures are shown only once every one of its
    criteria has at least ``threshold`` valid answers, so a few ballots cannot be told apart."""
    return all(counts.valid >= threshold for counts in subject_tally.criteria)
