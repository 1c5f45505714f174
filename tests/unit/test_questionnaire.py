import pytest

from evaluation.questionnaire import (
    FOUR_ASPECTS,
    MEMBER_CRITERIA,
    SIX_ASPECTS,
    Questionnaire,
)


def test_six_aspects_then_five_looks_per_member_in_roster_order():
    q = Questionnaire.build("six_aspects", "第一党支部", [("甲", "书记"), ("乙", None)])
    assert len(q.questions) == 6 + 2 * 5
    assert [x.criterion for x in q.questions[:6]] == list(SIX_ASPECTS)
    assert [x.subject.name for x in q.questions[6:]] == ["甲"] * 5 + ["乙"] * 5
    assert [x.criterion for x in q.questions[11:]] == list(MEMBER_CRITERIA)
    assert [x.number for x in q.questions] == list(range(16))
    assert [x.opens_member for x in q.questions].count(True) == 2
    assert q.questions[6].opens_member and q.questions[11].opens_member
    assert q.questions[6].subject.display_name == "甲（书记）"


def test_four_aspects_template():
    q = Questionnaire.build("four_aspects", "局党组", [])
    assert [x.criterion for x in q.questions] == list(FOUR_ASPECTS)


def test_unknown_template_is_refused():
    with pytest.raises(ValueError):
        Questionnaire.build("nine_aspects", "x", [])


def test_snapshot_round_trip_is_exact():
    q = Questionnaire.build("six_aspects", "党支部", [("甲", None), ("乙", "党员领导干部")], False)
    again = Questionnaire.from_snapshot(q.to_snapshot())
    assert again == q
    assert again.questions == q.questions


def test_the_users_wording_is_kept():
    assert SIX_ASPECTS[5] == '党组织"五个好"标准是否达到'
    assert MEMBER_CRITERIA[2] == "是否立足本职岗位，发挥党员先锋模范作用"
