from hypothesis import given
from hypothesis import strategies as st

from evaluation.navigation import (
    CATEGORY_STEP,
    Progress,
    first_open_step,
    paginate,
    previous_step,
    review_step,
    suggestion_step,
    unknown_person_questions,
)
from evaluation.questionnaire import Questionnaire, Rating

Q = Questionnaire.build("six_aspects", "党支部", [("甲", None), ("乙", None)])
NO_CATEGORY = Questionnaire.build("six_aspects", "党支部", [("甲", None)], ask_category=False)


def test_a_new_ballot_starts_with_the_category_when_asked():
    assert first_open_step(Q, Progress()) == CATEGORY_STEP
    assert first_open_step(NO_CATEGORY, Progress()) == 0


def test_next_is_the_first_unanswered_question_wherever_it_is():
    progress = Progress(
        category="党员", answers={0: Rating.SATISFIED, 1: Rating.BASIC, 3: Rating.BASIC}
    )
    assert first_open_step(Q, progress) == 2


def test_after_the_questions_come_suggestion_then_review():
    answers = {q.number: Rating.SATISFIED for q in Q.questions}
    assert first_open_step(Q, Progress("党员", answers)) == suggestion_step(Q) == 16
    assert first_open_step(Q, Progress("党员", answers, None, True)) == review_step(Q) == 17


def test_previous_step():
    assert previous_step(Q, CATEGORY_STEP) is None
    assert previous_step(Q, 0) == CATEGORY_STEP
    assert previous_step(NO_CATEGORY, 0) is None
    assert previous_step(Q, 7) == 6
    assert previous_step(Q, suggestion_step(Q)) == 15
    assert previous_step(Q, review_step(Q)) is None


def test_unknown_person_only_on_a_members_first_screen():
    assert unknown_person_questions(Q, 6) == [6, 7, 8, 9, 10]
    assert unknown_person_questions(Q, 11) == [11, 12, 13, 14, 15]
    assert unknown_person_questions(Q, 7) == []
    assert unknown_person_questions(Q, 0) == []  # the organization cannot be skipped
    assert unknown_person_questions(Q, suggestion_step(Q)) == []


@given(st.lists(st.text(min_size=0, max_size=300), max_size=80), st.integers(50, 4000))
def test_pages_keep_every_line_in_order_and_stay_within_the_limit(lines, limit):
    pages = paginate(lines, limit)
    assert [line for page in pages for line in page] == [line[:limit] for line in lines]
    assert all(len("\n".join(page)) <= limit for page in pages)
