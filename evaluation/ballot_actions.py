"""The buttons of a ballot's screens, one function per ``Action``, dispatched through
``ACTIONS`` by ``ballots.act`` once the press is found to be on the draft's current step."""

from __future__ import annotations

from evaluation import ballot_state, submission
from evaluation import navigation as nav
from evaluation.ballot_state import RATINGS, Action, Reason, Refused, Screen
from evaluation.navigation import CATEGORY_STEP
from evaluation.questionnaire import (
    RESPONDENT_CATEGORIES,
    Rating,
    asks_about_commitments,
)
from storage import ballots as ballot_repo


async def _choose_category(
    session, view, ballot, progress, value, respondent, today, now
) -> Screen:
    if ballot.step != CATEGORY_STEP or not 0 <= value < len(RESPONDENT_CATEGORIES):
        raise Refused(Reason.INVALID)
    progress.category = RESPONDENT_CATEGORIES[value]
    return await ballot_state.advance(session, view, ballot, progress, category=progress.category)


async def _answer(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    if not nav.is_question(view.questionnaire, ballot.step) or value not in RATINGS:
        raise Refused(Reason.INVALID)
    return await ballot_state.record(session, view, ballot, progress, {ballot.step: Rating(value)})


async def _unknown_person(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    questions = nav.unknown_person_questions(view.questionnaire, ballot.step)
    if not questions:
        raise Refused(Reason.INVALID)
    return await ballot_state.record(
        session, view, ballot, progress, dict.fromkeys(questions, Rating.UNKNOWN)
    )


async def _back(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    target = nav.previous_step(view.questionnaire, ballot.step)
    while target is not None and target in progress.skipped:  # over the respondent's own
        target = nav.previous_step(view.questionnaire, target)
    if target is None:
        raise Refused(Reason.INVALID)
    return await ballot_state.go_to(session, view, ballot, progress, target)


async def _skip_suggestion(
    session, view, ballot, progress, value, respondent, today, now
) -> Screen:
    if ballot.step != nav.suggestion_step(view.questionnaire):
        raise Refused(Reason.INVALID)
    progress.suggestion_done = True
    return await ballot_state.advance(session, view, ballot, progress, suggestion_done=True)


async def _clear_suggestion(
    session, view, ballot, progress, value, respondent, today, now
) -> Screen:
    if ballot.step != nav.suggestion_step(view.questionnaire) or progress.suggestion is None:
        raise Refused(Reason.INVALID)
    progress.suggestion = None
    if not await ballot_repo.move_step(
        session, ballot.id, ballot.step, ballot.step, suggestion=None
    ):
        raise Refused(Reason.STALE)
    await session.commit()
    return Screen(view, progress, ballot.step)


async def _page(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    ballot_state.review_only(ballot, view)
    return Screen(view, progress, ballot.step, page=max(value, 0))


async def _pick_subject(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    ballot_state.review_only(ballot, view)
    return Screen(view, progress, ballot.step, view="subjects", page=max(value, 0))


async def _pick_criterion(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    ballot_state.review_only(ballot, view)
    if not 0 <= value < len(view.questionnaire.subjects):
        raise Refused(Reason.INVALID)
    return Screen(view, progress, ballot.step, view="criteria", subject=value)


async def _show_commitments(session, view, ballot, progress, value, respondent, today, now):
    """查看承诺 on a question that asks about them: the whole list, nothing stored."""
    questionnaire = view.questionnaire
    if not nav.is_question(questionnaire, ballot.step):
        raise Refused(Reason.INVALID)
    question = questionnaire.questions[ballot.step]
    if not (question.subject.commitments and asks_about_commitments(question.criterion)):
        raise Refused(Reason.INVALID)
    return Screen(view, progress, ballot.step, view="commitments")


async def _show_question(session, view, ballot, progress, value, respondent, today, now):
    """Back from 查看承诺 to the question as it was."""
    if not nav.is_question(view.questionnaire, ballot.step):
        raise Refused(Reason.INVALID)
    return Screen(view, progress, ballot.step)


async def _jump(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    ballot_state.review_only(ballot, view)
    questionnaire = view.questionnaire
    reachable = nav.is_question(questionnaire, value) or value == nav.asked_suggestion_step(
        questionnaire
    )
    if not (reachable or (value == CATEGORY_STEP and questionnaire.ask_category)):
        raise Refused(Reason.INVALID)
    if value in progress.skipped:
        raise Refused(Reason.INVALID)
    return await ballot_state.go_to(session, view, ballot, progress, value)


ACTIONS = {
    Action.CATEGORY: _choose_category,
    Action.ANSWER: _answer,
    Action.UNKNOWN_PERSON: _unknown_person,
    Action.BACK: _back,
    Action.SKIP_SUGGESTION: _skip_suggestion,
    Action.CLEAR_SUGGESTION: _clear_suggestion,
    Action.PAGE: _page,
    Action.PICK_SUBJECT: _pick_subject,
    Action.PICK_CRITERION: _pick_criterion,
    Action.JUMP: _jump,
    Action.COMMITMENTS: _show_commitments,
    Action.QUESTION: _show_question,
    Action.SUBMIT: submission.submit,
}
