"""Ballots: drafts, answers and submission; the statements of a press built once. Works on SQLite
and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.campaigns import WITHOUT_SNAPSHOT
from storage.forgetting import forgot
from storage.models import (
    Answer,
    Ballot,
    Campaign,
    DraftLink,
    Participation,
)

_HAS_SUBMITTED = select(Participation.respondent).where(
    Participation.campaign_id == bindparam("campaign_id"),
    Participation.respondent == bindparam("respondent"),
)


async def has_submitted(session: AsyncSession, campaign_id: int, respondent: str) -> bool:
    found = await session.scalar(
        _HAS_SUBMITTED, {"campaign_id": campaign_id, "respondent": respondent}
    )
    return found is not None


# The statements of one answer are built once: building them per call (column comparisons,
# the upsert's "excluded" alias) was a fifth of an answer's CPU in bench/inprocess_throughput.py.
# FOR UPDATE OF ballots (PostgreSQL; SQLite has one writer anyway): two updates of one chat
# handled by two webhook workers take their turns on the ballot instead of interleaving.
_DRAFT_BALLOT = (
    select(Ballot)
    .join(DraftLink, DraftLink.ballot_id == Ballot.id)
    .where(
        DraftLink.campaign_id == bindparam("campaign_id"),
        DraftLink.respondent == bindparam("respondent"),
    )
    .with_for_update(of=Ballot)
)


_ANSWERS_OF = select(Answer.question, Answer.rating).where(Answer.ballot_id == bindparam("ballot"))


# A press on a ballot button reads the draft (locked), its campaign's state and its answers
# in one statement: one row per answer, or one with none.
_PRESSED_BALLOT = (
    _DRAFT_BALLOT.add_columns(Campaign, Answer.question, Answer.rating)
    .join(Campaign, Campaign.id == Ballot.campaign_id)
    .outerjoin(Answer, Answer.ballot_id == Ballot.id)
    .options(WITHOUT_SNAPSHOT)
)


MOVE_STEP = (
    update(Ballot)
    .where(
        Ballot.id == bindparam("ballot"),
        Ballot.step == bindparam("expected"),
        Ballot.submitted.is_(False),
    )
    .values(step=bindparam("new"))
    .execution_options(synchronize_session=False)  # move_step updates the session's copy
)


def _answer_upsert(insert):
    answers = Answer.__table__
    statement = insert(answers).values(
        ballot_id=bindparam("ballot_id"), question=bindparam("question"), rating=bindparam("rating")
    )
    return statement.on_conflict_do_update(
        index_elements=[answers.c.ballot_id, answers.c.question],
        set_={"rating": statement.excluded.rating},
    )


SAVE_ANSWERS = {
    "postgresql": _answer_upsert(postgresql.insert),
    "sqlite": _answer_upsert(sqlite.insert),
}


async def draft_ballot(session: AsyncSession, campaign_id: int, respondent: str) -> Ballot | None:
    return await session.scalar(
        _DRAFT_BALLOT, {"campaign_id": campaign_id, "respondent": respondent}
    )


async def latest_draft(session: AsyncSession, respondents: list[str]) -> Ballot | None:
    """The draft, among the given pseudonyms (one per open campaign), of the newest campaign."""
    if not respondents:
        return None
    return await session.scalar(
        select(Ballot)
        .join(DraftLink, DraftLink.ballot_id == Ballot.id)
        .where(DraftLink.respondent.in_(respondents))
        .order_by(DraftLink.campaign_id.desc())
        .limit(1)
    )


async def pressed_ballot(
    session: AsyncSession, campaign_id: int, respondent: str
) -> tuple[Ballot, Campaign, dict[int, int]] | None:
    """The respondent's draft, its campaign (without the snapshot) and its answers, or None
    if there is no draft: what ``draft_ballot``, ``campaign_state`` and ``answers_of`` read,
    in one round trip."""
    rows = (
        await session.execute(
            _PRESSED_BALLOT, {"campaign_id": campaign_id, "respondent": respondent}
        )
    ).all()
    if not rows:
        return None
    ballot, campaign = rows[0][0], rows[0][1]
    answers = {question: rating for _, _, question, rating in rows if question is not None}
    return ballot, campaign, answers


async def answers_of(session: AsyncSession, ballot_id: str) -> dict[int, int]:
    rows = await session.execute(_ANSWERS_OF, {"ballot": ballot_id})
    return {question: rating for question, rating in rows}


async def save_answers(session: AsyncSession, ballot_id: str, ratings: dict[int, int]) -> None:
    rows = [{"ballot_id": ballot_id, "question": q, "rating": r} for q, r in ratings.items()]
    await session.execute(SAVE_ANSWERS[session.bind.dialect.name], rows)


async def move_step(
    session: AsyncSession, ballot_id: str, expected: int, new: int, **changes: Any
) -> bool:
    """Compare-and-set the ballot's step: False if the ballot was not at ``expected``.

    This is what makes a double tap or a button from an older screen change nothing.
    """
    if changes:
        statement = (
            update(Ballot)
            .where(Ballot.id == ballot_id, Ballot.step == expected, Ballot.submitted.is_(False))
            .values(step=new, **changes)
        )
        result = await session.execute(statement)
        return result.rowcount == 1
    result = await session.execute(
        MOVE_STEP,
        {"ballot": ballot_id, "expected": expected, "new": new},
    )
    if result.rowcount != 1:
        return False
    # What the ORM's own synchronization would do: the session's copy shows the new step.
    loaded = session.sync_session.identity_map.get(identity_key(Ballot, ballot_id))
    if loaded is not None:
        set_committed_value(loaded, "step", new)
    return True


async def delete_draft_link(session: AsyncSession, campaign_id: int, respondent: str) -> None:
    await session.execute(
        delete(DraftLink).where(
            DraftLink.campaign_id == campaign_id, DraftLink.respondent == respondent
        )
    )
    forgot(session)


async def discard_draft(
    session: AsyncSession, campaign_id: int, respondent: str, ballot_id: str
) -> None:
    await delete_draft_link(session, campaign_id, respondent)
    await session.execute(delete(Answer).where(Answer.ballot_id == ballot_id))
    await session.execute(delete(Ballot).where(Ballot.id == ballot_id, Ballot.submitted.is_(False)))
