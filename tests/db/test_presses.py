"""The one-trip press path (storage/presses.py) against the ORM path it short-cuts.

Two respondents walk the same ballot, one through ``ballots.act`` with the press path and one
without: every screen, every refusal and every stored answer must be the same, on SQLite
(the connection's own thread, the next step computed by evaluation/navigation.py) and on
PostgreSQL (the ``pingyi_answer`` server function, navigation in SQL)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import event

from evaluation import ballots, navigation
from evaluation.ballots import Action, Reason, Refused
from evaluation.callers import OPERATOR
from evaluation.campaigns import close_campaign
from evaluation.questionnaire import Rating
from storage import repositories as repo
from storage.presses import AnswerPress, Outcome, Shape, open_presses
from tests.conftest import NOW, TODAY
from tests.factories import open_campaign, person

QUESTIONS = 6 + 9 * 5


@pytest.fixture
async def presses(database_url, engine):
    presses = open_presses(database_url)
    yield presses
    await presses.close()


class Statements:
    """Counts what the ORM's engine sends: the press path must send nothing through it."""

    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


async def test_the_press_path_shows_and_stores_what_the_orm_path_does(
    session, sessionmaker, roster, engine, presses
):
    campaign = await open_campaign(session)
    quick, full = person(1), person(2)
    statements = Statements(engine)
    quick_presses = 0

    async def both(action: Action, value: int, step: int | None = None):
        """The same press by both; the screens (or refusals) they got, compared."""
        nonlocal quick_presses
        outcomes = []
        for respondent, path in ((quick, presses), (full, None)):
            at = step if step is not None else current[respondent.user_id]
            before = statements.count
            try:
                async with sessionmaker() as own:  # one per update, as the bot has
                    screen = await ballots.act(
                        own, campaign.id, respondent, at, action, value, TODAY, NOW, False, path
                    )
            except Refused as refusal:
                outcomes.append(("refused", refusal.reason))
                continue
            if path is not None and action in (Action.ANSWER, Action.UNKNOWN_PERSON):
                assert statements.count == before, "an answer went through the ORM"
                quick_presses += 1
            current[respondent.user_id] = screen.step
            progress = screen.progress
            outcomes.append(
                (screen.step, progress.category, progress.answers, progress.suggestion_done)
            )
        assert outcomes[0] == outcomes[1], (action, value, outcomes)
        return outcomes[0]

    current = {1: 0, 2: 0}
    for respondent in (quick, full):
        current[respondent.user_id] = (
            await ballots.act(
                session,
                campaign.id,
                respondent,
                0,
                Action.BEGIN,
                respondent.admission(campaign.id),
                TODAY,
                NOW,
                False,
                presses if respondent is quick else None,
            )
        ).step
    assert current == {1: navigation.CATEGORY_STEP, 2: navigation.CATEGORY_STEP}
    await both(Action.CATEGORY, 1)
    for rating in (0, 1, 2):
        await both(Action.ANSWER, rating)
    await both(Action.BACK, 0)
    assert (await both(Action.BACK, 0))[0] == 1
    # Changing an earlier answer leads to the first question still open, not the next one.
    assert (await both(Action.ANSWER, 0))[0] == 3
    assert await both(Action.ANSWER, 1, step=1) == ("refused", Reason.STALE)  # a double tap
    assert await both(Action.ANSWER, 9) == ("refused", Reason.INVALID)  # forged
    for rating in (2, 1, 0):
        await both(Action.ANSWER, rating)
    step, _, answers, _ = await both(Action.UNKNOWN_PERSON, 0)  # the first member: 5 at once
    assert step == 11 and [answers[q] for q in range(6, 11)] == [Rating.UNKNOWN] * 5
    while current[1] < QUESTIONS:
        await both(Action.ANSWER, current[1] % 3)
    assert current[1] == QUESTIONS  # the 意见建议
    await both(Action.SKIP_SUGGESTION, 0)
    await both(Action.JUMP, 20)
    assert (await both(Action.ANSWER, 2))[0] == QUESTIONS + 1  # back to the review
    await both(Action.JUMP, 5)
    await close_campaign(session, OPERATOR, campaign.id, NOW)
    await session.commit()
    assert await both(Action.ANSWER, 0) == ("refused", Reason.CLOSED)

    assert quick_presses > 40
    quick_key, full_key = quick.key(campaign.id), full.key(campaign.id)
    quick_ballot = await repo.draft_ballot(session, campaign.id, quick_key)
    full_ballot = await repo.draft_ballot(session, campaign.id, full_key)
    assert await repo.answers_of(session, quick_ballot.id) == await repo.answers_of(
        session, full_ballot.id
    )
    assert quick_ballot.step == full_ballot.step == 5


async def test_a_press_for_another_campaign_than_the_one_known_writes_nothing(
    session, roster, presses
):
    """A campaign id reused (a wiped practice campaign on SQLite) or a token that is not the
    campaign's: the press is refused by the database, and the core takes the full path."""
    campaign = await open_campaign(session, ask_category=False)
    alice = person(1)
    screen = await ballots.act(
        session,
        campaign.id,
        alice,
        0,
        Action.BEGIN,
        alice.admission(campaign.id),
        TODAY,
        NOW,
        False,
        presses,
    )
    assert presses.known(campaign.id).token == campaign.token
    press = AnswerPress(
        campaign.id,
        alice.key(campaign.id),
        "another-campaign",
        screen.step,
        {0: 1},
        TODAY,
        Shape(False, QUESTIONS, True),
        lambda *_: 1,
    )
    assert await presses.answer(press) == Outcome.CHANGED
    assert await presses.answer(dataclasses.replace(press, token=campaign.token, step=4)) == (
        Outcome.STALE
    )
    ballot = await repo.draft_ballot(session, campaign.id, alice.key(campaign.id))
    assert await repo.answers_of(session, ballot.id) == {} and ballot.step == 0
    await session.commit()  # the draft was read FOR UPDATE: let the next press have it

    presses.learn(campaign.id, dataclasses.replace(presses.known(campaign.id), token="old"))
    screen = await ballots.act(
        session, campaign.id, alice, 0, Action.ANSWER, 1, TODAY, NOW, False, presses
    )
    assert screen.step == 1 and screen.progress.answers == {0: Rating(1)}
    assert presses.known(campaign.id).token == campaign.token  # learnt again on the full path
