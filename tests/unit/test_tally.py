from evaluation.questionnaire import Questionnaire, Rating
from evaluation.tally import (
    DEFAULT_SCORES,
    GRADE_BASIC,
    GRADE_NONE,
    GRADE_SATISFIED,
    GRADE_UNSATISFIED,
    Counts,
    GradingRule,
    Scores,
    grade,
    needs_rectification,
    tally,
)


def counts(satisfied=0, basic=0, unsatisfied=0, unknown=0) -> Counts:
    result = Counts()
    for rating, n in zip(Rating, (satisfied, basic, unsatisfied, unknown), strict=True):
        result.add(rating, n)
    return result


def test_unknown_is_counted_but_left_out_of_rates():
    c = counts(satisfied=6, basic=2, unsatisfied=2, unknown=10)
    assert c.valid == 10
    assert c.satisfied_rate == 0.6
    assert c.approval_rate == 0.8


def test_no_valid_answers_has_no_rate_and_no_grade():
    c = counts(unknown=5)
    assert c.satisfied_rate is None and c.approval_rate is None
    assert grade(c) == GRADE_NONE
    assert not needs_rectification(grade(c))


def test_majority_rule_needs_more_than_half():
    assert grade(counts(satisfied=6, basic=4)) == GRADE_SATISFIED
    assert grade(counts(satisfied=5, basic=5)) == GRADE_BASIC  # exactly half is not more
    assert grade(counts(satisfied=2, basic=4, unsatisfied=4)) == GRADE_BASIC
    assert grade(counts(satisfied=2, basic=3, unsatisfied=5)) == GRADE_UNSATISFIED
    assert needs_rectification(grade(counts(unsatisfied=3, basic=1)))


def test_unknown_answers_do_not_dilute_the_grade():
    assert grade(counts(satisfied=3, unsatisfied=2, unknown=100)) == GRADE_SATISFIED


def test_thresholds_are_settings():
    strict = GradingRule(satisfied_share=0.8, approval_share=0.9)
    assert grade(counts(satisfied=7, basic=3), strict) == GRADE_BASIC
    assert grade(counts(satisfied=7, basic=2, unsatisfied=1), strict) == GRADE_UNSATISFIED


def test_tally_places_rows_by_subject_and_criterion():
    q = Questionnaire.build("six_aspects", "党支部", [("甲", None), ("乙", None)])
    rows = [(0, 0, 3), (0, 2, 1), (5, 1, 2), (6, 3, 4), (15, 0, 7)]
    result = tally(q, rows)
    assert [t.subject_index for t in result] == [0, 1, 2]
    assert result[0].criteria[0][Rating.SATISFIED] == 3
    assert result[0].criteria[0][Rating.UNSATISFIED] == 1
    assert result[0].criteria[5][Rating.BASIC] == 2
    assert result[1].criteria[0][Rating.UNKNOWN] == 4  # question 6 = first member, 1st look
    assert result[2].criteria[4][Rating.SATISFIED] == 7  # question 15 = second member, 5th look
    assert result[1].overall.by_rating[Rating.UNKNOWN] == 4
    assert result[0].overall.valid == 6


def test_scores_average_the_valid_answers_and_leave_out_unknown():
    counts = Counts()
    for rating, n in ((Rating.SATISFIED, 3), (Rating.BASIC, 1), (Rating.UNSATISFIED, 1)):
        counts.add(rating, n)
    counts.add(Rating.UNKNOWN, 7)
    assert DEFAULT_SCORES.average(counts) == (3 * 100 + 60 + 0) / 5
    assert Scores(95, 80, 50).average(counts) == (3 * 95 + 80 + 50) / 5
    assert DEFAULT_SCORES.average(Counts()) is None
    assert Scores.stored(None) == DEFAULT_SCORES
    assert Scores.stored([90, 70, 10]).to_stored() == [90, 70, 10]
