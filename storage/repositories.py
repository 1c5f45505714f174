"""Queries and writes the core needs, in one place. Works on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from storage.forgetting import forgot
from storage.models import (
    ActivityRecord,
    Answer,
    AuditEntry,
    Ballot,
    BallotStart,
    Campaign,
    Commitment,
    Cycle,
    CycleEvent,
    DraftLink,
    GrantLink,
    Member,
    MemberBinding,
    MemberLink,
    Organization,
    Organizer,
    OutboxMessage,
    PaperCount,
    PaperTally,
    Participation,
    PeerCount,
    PeerRoll,
    ProcessedUpdate,
    Recipient,
    ReplyHandle,
    SelfEvaluation,
    Subscription,
    Suggestion,
    WizardDraft,
)


def _insert(session: AsyncSession, model: Any):
    dialect = session.bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


async def insert_unless_present(session: AsyncSession, model: Any, **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING. True if the row was new.

    The UNIQUE/primary key decides, not a read before the write, so two racing
    inserts can never both succeed.
    """
    result = await session.execute(
        _insert(session, model).values(**values).on_conflict_do_nothing()
    )
    return result.rowcount == 1


# --- organizations and members ---------------------------------------------------------


async def organization_by_name(session: AsyncSession, name: str) -> Organization | None:
    return await session.scalar(select(Organization).where(Organization.name == name))


async def organization(session: AsyncSession, organization_id: int) -> Organization | None:
    return await session.get(Organization, organization_id)


async def all_organizations(session: AsyncSession) -> Sequence[Organization]:
    return (await session.scalars(select(Organization))).all()


async def members_of(
    session: AsyncSession, organization_id: int, active_only: bool = True
) -> Sequence[Member]:
    query = select(Member).where(Member.organization_id == organization_id)
    if active_only:
        query = query.where(Member.active.is_(True))
    return (await session.scalars(query.order_by(Member.position, Member.id))).all()


async def member(session: AsyncSession, member_id: int) -> Member | None:
    return await session.get(Member, member_id)


async def bindings_of(session: AsyncSession, organization_id: int) -> dict[int, MemberBinding]:
    """The organization's bound members: member id → binding."""
    rows = await session.scalars(
        select(MemberBinding).where(MemberBinding.organization_id == organization_id)
    )
    return {row.member_id: row for row in rows}


async def bound_members(session: AsyncSession, account: str) -> Sequence[Member]:
    """The members an account is bound to (at most one per organization)."""
    return (
        await session.scalars(
            select(Member)
            .join(MemberBinding, MemberBinding.member_id == Member.id)
            .where(MemberBinding.account == account, Member.active.is_(True))
            .order_by(Member.organization_id)
        )
    ).all()


async def live_member_links(session: AsyncSession, member_ids: Sequence[int]) -> dict[int, str]:
    """member id → their unspent 认领 link's token (at most one each)."""
    rows = await session.execute(
        select(MemberLink.member_id, MemberLink.token).where(MemberLink.member_id.in_(member_ids))
    )
    return dict(rows.all())


async def withdraw_member(session: AsyncSession, member_id: int) -> tuple[bool, bool]:
    """Delete a member's unspent links and binding; whether a link, and a binding, went."""
    links = await session.execute(delete(MemberLink).where(MemberLink.member_id == member_id))
    result = await session.execute(
        delete(MemberBinding).where(MemberBinding.member_id == member_id)
    )
    return links.rowcount > 0, result.rowcount == 1


async def member_link(session: AsyncSession, token: str) -> tuple[MemberLink, Member] | None:
    row = (
        await session.execute(
            select(MemberLink, Member)
            .join(Member, Member.id == MemberLink.member_id)
            .where(MemberLink.token == token)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def spend_member_link(session: AsyncSession, token: str) -> bool:
    """Delete the link, unless someone else got there first."""
    result = await session.execute(delete(MemberLink).where(MemberLink.token == token))
    return result.rowcount == 1


async def commitments_of(session: AsyncSession, organization_id: int) -> Sequence[Commitment]:
    """The organization's 承诺事项 (its own and its members'), in order."""
    return (
        await session.scalars(
            select(Commitment)
            .where(Commitment.organization_id == organization_id)
            .order_by(Commitment.member_id.is_not(None), Commitment.member_id, Commitment.position)
        )
    ).all()


async def replace_commitments(
    session: AsyncSession, organization_id: int, member_id: int | None, rows: list[dict[str, Any]]
) -> None:
    """One subject's list, replaced as a whole."""
    owner = (
        Commitment.member_id.is_(None) if member_id is None else Commitment.member_id == member_id
    )
    await session.execute(
        delete(Commitment).where(Commitment.organization_id == organization_id, owner)
    )
    if rows:
        await session.execute(_insert(session, Commitment).values(rows))


async def commitment(session: AsyncSession, commitment_id: int) -> Commitment | None:
    return await session.get(Commitment, commitment_id)


# --- campaigns --------------------------------------------------------------------------


async def campaign(session: AsyncSession, campaign_id: int) -> Campaign | None:
    return await session.get(Campaign, campaign_id)


_WITHOUT_SNAPSHOT = defer(Campaign.questionnaire, raiseload=True)
_CAMPAIGN_STATE = (
    select(Campaign).options(_WITHOUT_SNAPSHOT).where(Campaign.id == bindparam("campaign_id"))
)


async def campaign_state(session: AsyncSession, campaign_id: int) -> Campaign | None:
    """A campaign without its questionnaire snapshot, the one large column, which never
    changes: each answer reads the campaign, and the snapshot is parsed once per process.
    Load it with ``session.refresh(campaign, ["questionnaire"])`` when needed."""
    return await session.scalar(_CAMPAIGN_STATE, {"campaign_id": campaign_id})


# Statements read by every /start and 开始评议 are built once, like an answer's (below).
_CAMPAIGN_BY_TOKEN = select(Campaign).where(Campaign.token == bindparam("token"))


async def campaign_by_token(session: AsyncSession, token: str) -> Campaign | None:
    return await session.scalar(_CAMPAIGN_BY_TOKEN, {"token": token})


async def open_campaign_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Campaign.id).where(Campaign.status == "open")))


async def open_peer_campaigns(session: AsyncSession, organization_ids: list[int]) -> list[Campaign]:
    """The open campaigns with 党员互评 of these organizations, newest first."""
    query = (
        select(Campaign)
        .where(
            Campaign.status == "open",
            Campaign.peer_review.is_(True),
            Campaign.organization_id.in_(organization_ids),
        )
        .order_by(Campaign.id.desc())
    )
    return list(await session.scalars(query))


async def campaigns_with_counts(
    session: AsyncSession, organization_ids: list[int] | None = None, limit: int | None = None
) -> list[tuple[Campaign, str, int, int]]:
    """Campaigns with their organization's name, submitted chat ballots and paper
    questionnaires: open first, then newest."""
    submitted = (
        select(func.count())
        .where(Ballot.campaign_id == Campaign.id, Ballot.submitted.is_(True))
        .correlate(Campaign)
        .scalar_subquery()
    )
    paper = (
        select(func.coalesce(func.sum(PaperTally.ballots), 0))
        .where(PaperTally.campaign_id == Campaign.id)
        .correlate(Campaign)
        .scalar_subquery()
    )
    query = (
        select(Campaign, Organization.name, submitted, paper)
        .join(Organization, Organization.id == Campaign.organization_id)
        .order_by(Campaign.status.desc(), Campaign.id.desc())  # "open" sorts after "closed"
        .limit(limit)
    )
    if organization_ids is not None:
        query = query.where(Campaign.organization_id.in_(organization_ids))
    return [tuple(row) for row in await session.execute(query)]


_GROUP_CAMPAIGNS = select(Campaign).where(Campaign.group_id == bindparam("root_id"))


async def group_campaigns(session: AsyncSession, root_id: int) -> Sequence[Campaign]:
    """The campaigns of a group's branches (not the root itself)."""
    return (await session.scalars(_GROUP_CAMPAIGNS, {"root_id": root_id})).all()


async def open_campaign_for(session: AsyncSession, organization_id: int, period: str) -> int | None:
    return await session.scalar(
        select(Campaign.id).where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.status == "open",
            Campaign.practice.is_(False),
        )
    )


# --- ballots ----------------------------------------------------------------------------


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
    .options(_WITHOUT_SNAPSHOT)
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


# --- tallies ----------------------------------------------------------------------------


async def answer_counts(session: AsyncSession, campaign_id: int) -> list[tuple[int, int, int]]:
    """(question, rating, count) over the campaign's submitted ballots and its paper tallies."""
    chat = await session.execute(
        select(Answer.question, Answer.rating, func.count())
        .join(Ballot, Ballot.id == Answer.ballot_id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Answer.question, Answer.rating)
    )
    paper = await session.execute(
        select(PaperCount.question, PaperCount.rating, func.sum(PaperCount.count))
        .join(PaperTally, PaperTally.id == PaperCount.tally_id)
        .where(PaperTally.campaign_id == campaign_id)
        .group_by(PaperCount.question, PaperCount.rating)
    )
    totals: dict[tuple[int, int], int] = {}
    for question, rating, count in [*chat, *paper]:
        totals[question, rating] = totals.get((question, rating), 0) + int(count)
    return [(q, r, n) for (q, r), n in totals.items()]


async def category_answer_counts(
    session: AsyncSession, campaign_id: int
) -> list[tuple[str | None, int, int, int]]:
    """(category, question, rating, count) over the campaign's submitted chat ballots."""
    rows = await session.execute(
        select(Ballot.category, Answer.question, Answer.rating, func.count())
        .join(Ballot, Ballot.id == Answer.ballot_id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Ballot.category, Answer.question, Answer.rating)
    )
    return [tuple(row) for row in rows]


async def paper_answer_counts(
    session: AsyncSession, campaign_id: int
) -> list[tuple[int, int, int]]:
    rows = await session.execute(
        select(PaperCount.question, PaperCount.rating, func.sum(PaperCount.count))
        .join(PaperTally, PaperTally.id == PaperCount.tally_id)
        .where(PaperTally.campaign_id == campaign_id)
        .group_by(PaperCount.question, PaperCount.rating)
    )
    return [(q, r, int(n)) for q, r, n in rows]


async def paper_tallies(session: AsyncSession, campaign_id: int) -> list[tuple[str, int, Any]]:
    rows = await session.execute(
        select(PaperTally.label, PaperTally.ballots, PaperTally.imported_at)
        .where(PaperTally.campaign_id == campaign_id)
        .order_by(PaperTally.label)
    )
    return [tuple(row) for row in rows]


async def ballot_answers(session: AsyncSession, campaign_id: int, per_question: int):
    """Submitted ballots as (id, category, day, packed answers), ordered by their random id.

    The answers come aggregated, one string per ballot of ``question * per_question + rating``
    numbers joined by commas (unordered: each number says its question), so a ballot is one
    row instead of one row per answer.
    """
    packed = func.aggregate_strings(
        func.cast(Answer.question * per_question + Answer.rating, String), ","
    )
    result = await session.stream(
        select(Ballot.id, Ballot.category, Ballot.day, packed)
        .join(Answer, Answer.ballot_id == Ballot.id)
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Ballot.id, Ballot.category, Ballot.day)
        .order_by(Ballot.id)
        .execution_options(yield_per=2000)
    )
    async for partition in result.partitions():
        for row in partition:
            yield row


async def campaigns_up_to(
    session: AsyncSession, organization_id: int, period: str, other_than: int
) -> list[Campaign]:
    """The organization's other real campaigns of ``period`` or earlier, by period (``2026Q3``
    sorts before ``2026Q4``), then in the order they were opened: whenever they were entered,
    a later quarter is never among them."""
    rows = await session.scalars(
        select(Campaign)
        .where(
            Campaign.organization_id == organization_id,
            Campaign.practice.is_(False),
            Campaign.period <= period,
            Campaign.id != other_than,
        )
        .order_by(Campaign.period, Campaign.id)
    )
    return list(rows)


async def submitted_count(session: AsyncSession, campaign_id: int) -> int:
    return await session.scalar(
        select(func.count()).where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
    )


async def paper_ballots(session: AsyncSession, campaign_id: int) -> int:
    total = await session.scalar(
        select(func.sum(PaperTally.ballots)).where(PaperTally.campaign_id == campaign_id)
    )
    return int(total or 0)


async def paper_tally(session: AsyncSession, campaign_id: int, label: str) -> PaperTally | None:
    return await session.scalar(
        select(PaperTally).where(PaperTally.campaign_id == campaign_id, PaperTally.label == label)
    )


async def replace_paper_counts(
    session: AsyncSession, tally_id: int, counts: dict[tuple[int, int], int]
) -> None:
    await session.execute(delete(PaperCount).where(PaperCount.tally_id == tally_id))
    rows = [
        {"tally_id": tally_id, "question": q, "rating": r, "count": n}
        for (q, r), n in counts.items()
        if n
    ]
    if rows:
        await session.execute(_insert(session, PaperCount).values(rows))


async def suggestions(session: AsyncSession, campaign_id: int) -> list[Suggestion]:
    """A campaign's opinions, ordered by their random code: the order says nothing of who
    wrote first."""
    rows = await session.scalars(
        select(Suggestion).where(Suggestion.campaign_id == campaign_id).order_by(Suggestion.code)
    )
    return list(rows)


async def suggestion(session: AsyncSession, code: str) -> Suggestion | None:
    return await session.get(Suggestion, code)


async def suggestion_counts(session: AsyncSession, campaign_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(Suggestion.status, func.count())
        .where(Suggestion.campaign_id == campaign_id)
        .group_by(Suggestion.status)
    )
    return {status: count for status, count in rows.all()}


async def suggestion_page(
    session: AsyncSession, campaign_id: int, status: str | None, limit: int, offset: int
) -> list[Suggestion]:
    statement = select(Suggestion).where(Suggestion.campaign_id == campaign_id)
    if status is not None:
        statement = statement.where(Suggestion.status == status)
    rows = await session.scalars(statement.order_by(Suggestion.code).limit(limit).offset(offset))
    return list(rows)


async def update_suggestion(session: AsyncSession, code: str, **values: Any) -> None:
    await session.execute(update(Suggestion).where(Suggestion.code == code).values(**values))


async def reply_handles(session: AsyncSession, codes: list[str]) -> set[str]:
    """Which of these items still have a writer waiting for the response."""
    if not codes:
        return set()
    rows = await session.scalars(select(ReplyHandle.code).where(ReplyHandle.code.in_(codes)))
    return set(rows)


async def take_reply_handle(session: AsyncSession, code: str) -> str | None:
    """Delete an item's reply handle and return its sealed contact (None if there was none)."""
    contact = await session.scalar(select(ReplyHandle.contact).where(ReplyHandle.code == code))
    if contact is not None:
        await session.execute(delete(ReplyHandle).where(ReplyHandle.code == code))
    return contact


async def activity_totals(session: AsyncSession, campaign_ids: list[int]) -> dict[str, int]:
    rows = await session.execute(
        select(ActivityRecord.item, func.sum(ActivityRecord.count))
        .where(ActivityRecord.campaign_id.in_(campaign_ids))
        .group_by(ActivityRecord.item)
    )
    return {item: int(total) for item, total in rows.all()}


async def ballot_count(session: AsyncSession, campaign_id: int) -> int:
    """The masses' ballots begun, submitted or not (党员互评 drafts are not among them)."""
    return await session.scalar(
        select(func.count()).where(Ballot.campaign_id == campaign_id, Ballot.peer.is_(False))
    )


async def category_counts(session: AsyncSession, campaign_id: int) -> list[tuple[str | None, int]]:
    rows = await session.execute(
        select(Ballot.category, func.count())
        .where(Ballot.campaign_id == campaign_id, Ballot.submitted.is_(True))
        .group_by(Ballot.category)
    )
    return [tuple(row) for row in rows]


async def practice_campaign_ids(session: AsyncSession, organization_ids: list[int]) -> list[int]:
    return list(
        await session.scalars(
            select(Campaign.id).where(
                Campaign.practice.is_(True), Campaign.organization_id.in_(organization_ids)
            )
        )
    )


async def delete_campaigns(session: AsyncSession, campaign_ids: list[int]) -> None:
    """Erase campaigns with every ballot, answer, draft link and roll entry they have."""
    ballot_ids = select(Ballot.id).where(Ballot.campaign_id.in_(campaign_ids))
    await session.execute(delete(DraftLink).where(DraftLink.campaign_id.in_(campaign_ids)))
    await session.execute(delete(Answer).where(Answer.ballot_id.in_(ballot_ids)))
    await session.execute(delete(Ballot).where(Ballot.campaign_id.in_(campaign_ids)))
    await session.execute(delete(Participation).where(Participation.campaign_id.in_(campaign_ids)))
    await session.execute(delete(BallotStart).where(BallotStart.campaign_id.in_(campaign_ids)))
    for model in (PeerCount, PeerRoll, SelfEvaluation):
        await session.execute(delete(model).where(model.campaign_id.in_(campaign_ids)))
    await session.execute(delete(OutboxMessage).where(OutboxMessage.campaign_id.in_(campaign_ids)))
    codes = select(Suggestion.code).where(Suggestion.campaign_id.in_(campaign_ids))
    await session.execute(delete(ReplyHandle).where(ReplyHandle.code.in_(codes)))
    await session.execute(delete(Suggestion).where(Suggestion.campaign_id.in_(campaign_ids)))
    await session.execute(
        delete(ActivityRecord).where(ActivityRecord.campaign_id.in_(campaign_ids))
    )
    tallies = select(PaperTally.id).where(PaperTally.campaign_id.in_(campaign_ids))
    await session.execute(delete(PaperCount).where(PaperCount.tally_id.in_(tallies)))
    await session.execute(delete(PaperTally).where(PaperTally.campaign_id.in_(campaign_ids)))
    await session.execute(
        update(AuditEntry).where(AuditEntry.campaign_id.in_(campaign_ids)).values(campaign_id=None)
    )
    await session.execute(delete(Campaign).where(Campaign.id.in_(campaign_ids)))
    forgot(session)


# --- organizers, grants and the audit log -----------------------------------------------


async def granted_organizations(session: AsyncSession, user_id: int | None) -> list[int]:
    if user_id is None:
        return []
    return list(
        await session.scalars(select(Organizer.organization_id).where(Organizer.user_id == user_id))
    )


async def organizers_of(session: AsyncSession, organization_id: int) -> Sequence[Organizer]:
    return (
        await session.scalars(
            select(Organizer)
            .where(Organizer.organization_id == organization_id)
            .order_by(Organizer.granted_at)
        )
    ).all()


async def organizer_name(session: AsyncSession, user_id: int) -> str | None:
    """The name an organizer's Telegram account showed when they accepted a grant."""
    return await session.scalar(
        select(Organizer.name).where(Organizer.user_id == user_id).order_by(Organizer.granted_at)
    )


async def all_organizer_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Organizer.user_id).distinct()))


async def grant_link(session: AsyncSession, token: str) -> GrantLink | None:
    return await session.get(GrantLink, token)


async def spend_grant_link(session: AsyncSession, token: str, user_id: int, now) -> bool:
    """Mark the link used, unless someone else got there first."""
    result = await session.execute(
        update(GrantLink)
        .where(GrantLink.token == token, GrantLink.used_at.is_(None))
        .values(used_by=user_id, used_at=now)
    )
    return result.rowcount == 1


async def delete_grant(session: AsyncSession, user_id: int, organization_id: int) -> bool:
    result = await session.execute(
        delete(Organizer).where(
            Organizer.user_id == user_id, Organizer.organization_id == organization_id
        )
    )
    return result.rowcount == 1


async def audit_count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(AuditEntry))


async def audit_page(
    session: AsyncSession, limit: int, offset: int
) -> list[tuple[AuditEntry, str | None]]:
    rows = await session.execute(
        select(AuditEntry, Organization.name)
        .outerjoin(Organization, Organization.id == AuditEntry.organization_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(entry, name) for entry, name in rows]


# --- the /start_campaign wizard ---------------------------------------------------------


async def wizard_draft(session: AsyncSession, user_id: int) -> WizardDraft | None:
    return await session.get(WizardDraft, user_id)


async def delete_wizard_draft(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(WizardDraft).where(WizardDraft.user_id == user_id))


# --- the cycle ----------------------------------------------------------------------------


async def cycle(session: AsyncSession, organization_id: int) -> Cycle | None:
    return await session.get(Cycle, organization_id)


async def cycles(session: AsyncSession, organization_ids: list[int] | None = None) -> list[Cycle]:
    statement = select(Cycle).order_by(Cycle.organization_id)
    if organization_ids is not None:
        statement = statement.where(Cycle.organization_id.in_(organization_ids))
    return list(await session.scalars(statement))


async def latest_campaign_of(session: AsyncSession, organization_id: int) -> Campaign | None:
    """The organization's newest real (not practice) campaign."""
    return await session.scalar(
        select(Campaign)
        .where(Campaign.organization_id == organization_id, Campaign.practice.is_(False))
        .order_by(Campaign.opened_at.desc(), Campaign.id.desc())
        .limit(1)
    )


async def campaign_for_period(
    session: AsyncSession, organization_id: int, period: str
) -> int | None:
    """Any real campaign of the organization for the period, open or closed."""
    return await session.scalar(
        select(Campaign.id).where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.practice.is_(False),
        )
    )


async def open_real_campaigns(session: AsyncSession) -> list[Campaign]:
    return list(
        await session.scalars(
            select(Campaign)
            .where(Campaign.status == "open", Campaign.practice.is_(False))
            .order_by(Campaign.id)
        )
    )


async def campaigns_in_appraisal(session: AsyncSession, closed_since: datetime) -> list[Campaign]:
    """Real campaigns whose 审定 is not finished: open ones, and those closed since then."""
    return list(
        await session.scalars(
            select(Campaign)
            .where(
                Campaign.practice.is_(False),
                Campaign.reviewed_at.is_(None),
                or_(Campaign.status == "open", Campaign.closed_at >= closed_since),
            )
            .order_by(Campaign.id)
        )
    )


async def done_events(session: AsyncSession, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(await session.scalars(select(CycleEvent.key).where(CycleEvent.key.in_(keys))))


# --- who may be messaged --------------------------------------------------------------------


def _may_be_messaged(person_column):
    """People without a recipients row, or whose row says neither /stop nor blocked."""
    return person_column.not_in(
        select(Recipient.person).where(
            or_(Recipient.stopped.is_(True), Recipient.unreachable.is_(True))
        )
    )


async def subscribers(session: AsyncSession, organization_id: int) -> list[tuple[str, str]]:
    """(person, sealed contact) of the organization's subscribers who may be messaged."""
    statement = select(Subscription.person, Subscription.contact).where(
        Subscription.organization_id == organization_id, _may_be_messaged(Subscription.person)
    )
    return [(person, contact) for person, contact in await session.execute(statement)]


async def starters(session: AsyncSession, campaign_id: int) -> list[tuple[str, str]]:
    """(person, sealed contact) of those who began the ballot and may be messaged."""
    statement = select(BallotStart.person, BallotStart.contact).where(
        BallotStart.campaign_id == campaign_id, _may_be_messaged(BallotStart.person)
    )
    return [(person, contact) for person, contact in await session.execute(statement)]


async def is_subscribed(session: AsyncSession, person: str, organization_id: int) -> bool:
    return await session.get(Subscription, (person, organization_id)) is not None


async def recipient(session: AsyncSession, person: str) -> Recipient | None:
    return await session.get(Recipient, person)


async def set_recipient(session: AsyncSession, person: str, **flags: bool | str) -> None:
    """Upsert the person's flags (stopped, unreachable) or language."""
    statement = _insert(session, Recipient).values(
        person=person, **{"stopped": False, "unreachable": False, **flags}
    )
    await session.execute(statement.on_conflict_do_update(index_elements=["person"], set_=flags))


_LIFT_UNREACHABLE = (
    update(Recipient)
    .where(Recipient.person == bindparam("who"), Recipient.unreachable.is_(True))
    .values(unreachable=False)
    .execution_options(synchronize_session=False)
)


async def lift_unreachable(session: AsyncSession, person: str) -> None:
    await session.execute(_LIFT_UNREACHABLE, {"who": person})


async def forget_start(session: AsyncSession, campaign_id: int, person: str) -> None:
    await session.execute(
        delete(BallotStart).where(
            BallotStart.campaign_id == campaign_id, BallotStart.person == person
        )
    )


# --- the outbox -----------------------------------------------------------------------------


async def enqueue(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows, skipping any (recipient, reason) already there; counts the new."""
    added = 0
    for start in range(0, len(rows), 500):
        result = await session.execute(
            _insert(session, OutboxMessage)
            .values(rows[start : start + 500])
            .on_conflict_do_nothing(index_elements=["recipient", "reason"])
        )
        added += max(result.rowcount, 0)
    return added


async def messages_about(
    session: AsyncSession, campaign_id: int, kinds: Sequence[str]
) -> dict[str, int]:
    """Per recipient: how many messages about this campaign are queued or sent."""
    statement = (
        select(OutboxMessage.recipient, func.count())
        .where(
            OutboxMessage.campaign_id == campaign_id,
            OutboxMessage.kind.in_(kinds),
            OutboxMessage.state.in_(["pending", "claimed", "sending", "sent"]),
        )
        .group_by(OutboxMessage.recipient)
    )
    return {user: count for user, count in (await session.execute(statement)).all()}


async def requeue_in_flight(session: AsyncSession) -> int:
    """Rows a stopped sender held go back to pending: those it had only queued (``claimed``),
    and those whose request was in flight (``sending``); returns how many were in flight."""
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.state == "claimed").values(state="pending")
    )
    result = await session.execute(
        update(OutboxMessage).where(OutboxMessage.state == "sending").values(state="pending")
    )
    return result.rowcount


async def claim_due(session: AsyncSession, now, limit: int) -> list[OutboxMessage]:
    """The oldest pending rows that are due, marked ``claimed`` (queued in the sender)."""
    rows = list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state == "pending", OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )
    if rows:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in rows]))
            .values(state="claimed")
        )
    return rows


async def next_due_at(session: AsyncSession):
    return await session.scalar(
        select(func.min(OutboxMessage.not_before)).where(OutboxMessage.state == "pending")
    )


async def finish_message(session: AsyncSession, message_id: int, **values: Any) -> None:
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
    )


async def delete_message(session: AsyncSession, message_id: int) -> None:
    """A sent receipt or reply: its row tied a person to a receipt or an opinion."""
    await session.execute(delete(OutboxMessage).where(OutboxMessage.id == message_id))
    forgot(session)


async def delete_queued(session: AsyncSession, recipient: str, reason: str) -> None:
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.recipient == recipient, OutboxMessage.reason == reason
        )
    )


async def cancel_pending(session: AsyncSession, person: str, state: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.recipient == person,
            OutboxMessage.state.in_(["pending", "claimed", "sending"]),
        )
        .values(state=state)
    )


async def change_marks(session: AsyncSession) -> tuple:
    """What the command line changes that the running bot acts on (campaigns opened or closed,
    cycles switched, messages queued), in one cheap row: the SQLite bot compares it every few
    seconds."""
    campaigns = select(func.max(Campaign.id), func.count()).where(Campaign.status == "open")
    cycles = select(func.count()).where(Cycle.enabled.is_(True))
    return (
        *(await session.execute(campaigns)).one(),
        await session.scalar(cycles),
        await session.scalar(select(func.max(OutboxMessage.id))),
    )


async def outbox_reasons(
    session: AsyncSession, reason_prefix: str, states: Sequence[str]
) -> set[str]:
    statement = select(OutboxMessage.reason).where(
        OutboxMessage.reason.startswith(reason_prefix), OutboxMessage.state.in_(states)
    )
    return set(await session.scalars(statement))


async def drop_outbox_rows(session: AsyncSession, reasons: Sequence[str]) -> None:
    """Rows of these reasons that are done with (sent to nobody: unreachable, failed,
    cancelled), so they can be queued again."""
    await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.reason.in_(reasons),
            OutboxMessage.state.in_(("unreachable", "failed", "cancelled")),
        )
    )


async def outbox_states(session: AsyncSession, reason_prefix: str) -> dict[str, int]:
    statement = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.reason.startswith(reason_prefix))
        .group_by(OutboxMessage.state)
    )
    return {state: count for state, count in (await session.execute(statement)).all()}


async def campaign_of_period(
    session: AsyncSession, organization_id: int, period: str
) -> Campaign | None:
    """The organization's newest real campaign of the period, open or closed."""
    return await session.scalar(
        select(Campaign)
        .where(
            Campaign.organization_id == organization_id,
            Campaign.period == period,
            Campaign.practice.is_(False),
        )
        .order_by(Campaign.id.desc())
        .limit(1)
    )


# --- webhook updates ----------------------------------------------------------------------


async def claim_update(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Record a webhook update as handled; False if it already was. On PostgreSQL a second
    delivery racing the first waits here until the first transaction ends."""
    return await insert_unless_present(
        session, ProcessedUpdate, update_id=update_id, processed_at=now
    )


async def update_claimed(session: AsyncSession, update_id: int) -> bool:
    return await session.get(ProcessedUpdate, update_id) is not None


async def forget_updates(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    )
    return result.rowcount
