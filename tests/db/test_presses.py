"""The one-trip press path (storage/presses.py) against the ORM path it short-cuts.

Two respondents walk the same ballot, one through ``ballots.act`` with the press path and one
without: every screen, every refusal and every stored answer must be the same, on SQLite
(the event loop's own connection, the next step computed by evaluation/navigation.py) and on
PostgreSQL (the ``pingyi_answer`` server function, navigation in SQL)."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3

import pytest
from sqlalchemy import event, text

from evaluation import ballots, campaign_views, navigation
from evaluation.ballot_state import Action, Reason, Refused
from evaluation.callers import OPERATOR
from evaluation.campaigns import close_campaign
from evaluation.questionnaire import Rating
from storage import ballots as ballot_repo
from storage import organizations as organization_repo
from storage import postgres_presses, sqlite_presses
from storage.db import sqlite_file
from storage.press_shapes import AnswerPress, Outcome, Pressed, Shape, Unavailable
from storage.presses import open_presses
from support.sample import NOW, TODAY
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
    quick_ballot = await ballot_repo.draft_ballot(session, campaign.id, quick_key)
    full_ballot = await ballot_repo.draft_ballot(session, campaign.id, full_key)
    assert await ballot_repo.answers_of(session, quick_ballot.id) == await ballot_repo.answers_of(
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
        alice.pseudonyms.member_account(alice.user_id),
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
    ballot = await ballot_repo.draft_ballot(session, campaign.id, alice.key(campaign.id))
    assert await ballot_repo.answers_of(session, ballot.id) == {} and ballot.step == 0
    await session.commit()  # the draft was read FOR UPDATE: let the next press have it

    presses.learn(campaign.id, dataclasses.replace(presses.known(campaign.id), token="old"))
    screen = await ballots.act(
        session, campaign.id, alice, 0, Action.ANSWER, 1, TODAY, NOW, False, presses
    )
    assert screen.step == 1 and screen.progress.answers == {0: Rating(1)}
    assert presses.known(campaign.id).token == campaign.token  # learnt again on the full path


async def _begun(session, presses, count: int):
    """A campaign, ``count`` respondents who began it, and a press of the first question's
    button for each (``fails``: one whose next step raises)."""
    campaign = await open_campaign(session, ask_category=False)
    people = [person(n) for n in range(1, count + 1)]
    for someone in people:
        admission = someone.admission(campaign.id)
        await ballots.act(
            session, campaign.id, someone, 0, Action.BEGIN, admission, TODAY, NOW, False, presses
        )
    await session.commit()
    view = presses.known(campaign.id)

    def broken(*_) -> int:
        raise ValueError("one questionnaire's bug")

    def press(someone, rating: int = 1, fails: bool = False) -> AnswerPress:
        press = ballots.answer_press(view, someone, 0, {0: rating}, TODAY)
        return dataclasses.replace(press, next_step=broken) if fails else press

    return campaign, people, press


async def _stored(session, campaign, someone) -> tuple[int, dict[int, int]]:
    ballot = await ballot_repo.draft_ballot(session, campaign.id, someone.key(campaign.id))
    await session.refresh(ballot)
    answers = await ballot_repo.answers_of(session, ballot.id)
    await session.commit()
    return ballot.step, answers


sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@sqlite_only
async def test_a_press_waits_for_another_writer_without_holding_up_the_loop(
    session, roster, presses, database_url, monkeypatch
):
    """The event loop's connection never waits for the lock: while another writer (here the
    command line) holds it, the press tries again and the loop runs on; once the lock is free
    it is stored. Past the ORM's own timeout the database counts as unavailable."""
    campaign, (alice, bob), press = await _begun(session, presses, 2)
    writer = sqlite3.connect(sqlite_file(database_url))
    writer.execute("BEGIN IMMEDIATE")
    pressing = asyncio.create_task(presses.answer(press(alice)))
    await asyncio.sleep(0.2)  # the loop runs on: a press blocking it would be done by now
    assert not pressing.done()
    writer.rollback()
    assert isinstance(await pressing, Pressed)
    assert await _stored(session, campaign, alice) == (1, {0: 1})

    monkeypatch.setattr(sqlite_presses, "LOCK_TIMEOUT", 0.05)
    writer.execute("BEGIN IMMEDIATE")
    with pytest.raises(Unavailable):
        await presses.answer(press(bob))
    writer.rollback()
    writer.close()
    assert await _stored(session, campaign, bob) == (0, {})


@sqlite_only
async def test_of_the_presses_waiting_for_the_lock_one_tries_again(
    session, roster, presses, database_url, monkeypatch
):
    """While another writer holds the lock, one waiting press tries again every millisecond
    and the others wait for it, then all are stored at once; a waiter cancelled meanwhile
    (its update's task ended) hands the trying on."""
    campaign, people, press = await _begun(session, presses, 6)
    tries = 0
    try_once = sqlite_presses.SqlitePresses._try

    def counted(self, pressed):
        nonlocal tries
        tries += 1
        return try_once(self, pressed)

    monkeypatch.setattr(sqlite_presses.SqlitePresses, "_try", counted)
    writer = sqlite3.connect(sqlite_file(database_url))
    writer.execute("BEGIN IMMEDIATE")
    pressing = [asyncio.create_task(presses.answer(press(someone))) for someone in people]
    await asyncio.sleep(0.05)
    pressing[0].cancel()  # the first to try again
    held = 0.2
    await asyncio.sleep(held - 0.05)
    writer.rollback()
    writer.close()
    results = await asyncio.gather(*pressing, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert all(isinstance(result, Pressed) for result in results[1:])
    # One press trying all along is about held / RETRY tries; six would be six times that.
    assert tries < 1.5 * held / sqlite_presses.RETRY + 2 * len(people)
    assert await _stored(session, campaign, people[0]) == (0, {})
    for someone in people[1:]:
        assert await _stored(session, campaign, someone) == (1, {0: 1})


@sqlite_only
async def test_a_press_that_raises_leaves_nothing_half_done(session, roster, presses):
    campaign, (alice, bob), press = await _begun(session, presses, 2)
    with pytest.raises(ValueError):
        await presses.answer(press(alice, fails=True))
    assert isinstance(await presses.answer(press(bob)), Pressed)
    assert await _stored(session, campaign, alice) == (0, {})
    assert await _stored(session, campaign, bob) == (1, {0: 1})


@sqlite_only
async def test_the_log_is_checkpointed_off_the_loop(session, roster, database_url, monkeypatch):
    """The loop's connection leaves checkpoints (they fsync) to a thread, every
    CHECKPOINT_EVERY presses. The database file proper, read past the log, shows whether
    they ran."""
    monkeypatch.setattr(sqlite_presses, "CHECKPOINT_EVERY", 3)
    presses = open_presses(database_url)
    _, people, press = await _begun(session, presses, 3)
    file = sqlite_file(database_url)

    def answers_in_the_file() -> int:
        reader = sqlite3.connect(f"file:{file}?immutable=1", uri=True)
        try:
            return reader.execute("SELECT count(*) FROM answers").fetchone()[0]
        except sqlite3.OperationalError:  # the table itself is still only in the log
            return 0
        finally:
            reader.close()

    for someone in people[:2]:
        assert isinstance(await presses.answer(press(someone)), Pressed)
    assert answers_in_the_file() == 0
    assert isinstance(await presses.answer(press(people[2])), Pressed)
    await presses.close()  # waits for the checkpoint the third press started
    assert answers_in_the_file() == 3


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_presses_beyond_the_connections_wait_their_turn_and_a_lost_one_is_replaced(
    session, roster, database_url, monkeypatch
):
    """PostgreSQL presses share at most MOST_CONNECTIONS connections: the others wait for one
    to come back; a press cancelled while waiting leaves the connections as they were; a
    connection the server ended is replaced by the next press."""
    monkeypatch.setattr(postgres_presses, "MOST_CONNECTIONS", 2)
    presses = open_presses(database_url)
    try:
        campaign, people, press = await _begun(session, presses, 7)
        connections = presses._connections
        pressing = [asyncio.create_task(presses.answer(press(someone))) for someone in people[:6]]
        await asyncio.sleep(0)  # all six have asked for a connection
        pressing[3].cancel()
        results = await asyncio.gather(*pressing, return_exceptions=True)
        assert isinstance(results[3], asyncio.CancelledError)
        assert all(isinstance(results[n], Pressed) for n in (0, 1, 2, 4, 5))
        assert len(connections._idle) == connections._opened == 2

        pids = [connection.get_server_pid() for connection in connections._idle]
        ended = text("SELECT pg_terminate_backend(unnest(CAST(:pids AS int[])))")
        await session.execute(ended, {"pids": pids})
        await session.commit()
        await asyncio.sleep(0.1)  # the ends reach the client
        assert isinstance(await presses.answer(press(people[6])), Pressed)
        assert len(connections._idle) == connections._opened == 1
    finally:
        await presses.close()
    for n in (0, 1, 2, 4, 5, 6):
        assert await _stored(session, campaign, people[n]) == (1, {0: 1})
    assert await _stored(session, campaign, people[3]) == (0, {})


async def test_a_bound_member_is_never_asked_about_themself_on_the_masses_ballot(
    session, roster, presses
):
    """A member who claimed their account opens the masses' link: the press path leaves their
    presses to the full path, which skips their own questions; the draft stores nothing about
    it, and at submission their own questions are stored as 不了解此人 (as anyone may answer)."""
    from evaluation import members
    from support.sample import MEMBERS, ORG

    organization = await organization_repo.organization_by_name(session, ORG)
    ids = {m.name: m.id for m in await organization_repo.members_of(session, organization.id)}
    third = MEMBERS[2][0]
    link = await members.issue_link(session, OPERATOR, ids[third], NOW)
    account = 6600
    await members.claim(session, person(account).pseudonyms, link.token, account, NOW)
    campaign = await open_campaign(session, ask_category=False)
    questionnaire = campaign_views.campaign_view(campaign).questionnaire
    own = {q.number for q in questionnaire.subject_questions(questionnaire.member_index(third))}
    assert len(own) == 5

    async def walk(respondent, skipping: set[int]) -> list[int]:
        """Answer every question shown; the steps shown."""
        screen = await ballots.act(
            session, campaign.id, respondent, 0, Action.BEGIN,
            respondent.admission(campaign.id), TODAY, NOW, False, presses,
        )  # fmt: skip
        shown = []
        while navigation.is_question(questionnaire, screen.step):
            shown.append(screen.step)
            if skipping and screen.step == max(skipping) + 1:  # 上一题 from after them: over them
                back = await ballots.act(
                    session, campaign.id, respondent, screen.step, Action.BACK, 0, TODAY, NOW
                )
                assert back.step == min(own) - 1
                for step in range(back.step, screen.step):  # answered again, as shown
                    if step not in own:
                        back = await ballots.act(
                            session, campaign.id, respondent, back.step, Action.ANSWER,
                            Rating.SATISFIED, TODAY, NOW, False, presses,
                        )  # fmt: skip
                assert back.step == screen.step
            screen = await ballots.act(
                session, campaign.id, respondent, screen.step, Action.ANSWER,
                Rating.SATISFIED, TODAY, NOW, False, presses,
            )  # fmt: skip
        return shown

    member = person(account)
    shown = await walk(member, own)
    assert shown == [q for q in range(QUESTIONS) if q not in own]
    # Nothing stored says which subject the draft skips.
    ballot = await ballot_repo.draft_ballot(session, campaign.id, member.key(campaign.id))
    assert set(await ballot_repo.answers_of(session, ballot.id)) == set(range(QUESTIONS)) - own
    # Jumping from the review to their own questions is refused.
    review = navigation.review_step(questionnaire)
    await ballots.act(session, campaign.id, member, ballot.step, Action.SKIP_SUGGESTION, 0, TODAY)
    with pytest.raises(Refused):
        await ballots.act(session, campaign.id, member, review, Action.JUMP, min(own), TODAY)
    await ballots.act(session, campaign.id, member, review, Action.SUBMIT, 0, TODAY, NOW)
    stored = await ballot_repo.answers_of(session, ballot.id)
    assert {q: stored[q] for q in own} == dict.fromkeys(own, int(Rating.UNKNOWN))
    assert all(stored[q] == int(Rating.SATISFIED) for q in range(QUESTIONS) if q not in own)
    # Anyone else is asked about everyone, on the press path.
    assert await walk(person(6601), set()) == list(range(QUESTIONS))
