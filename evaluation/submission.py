"""提交: a masses' ballot submitted (its receipt, its opinion filed apart as a 整改 item, its
thank-you queued in case the screen never shows it), a 党员互评 ballot added to the peer counts and
deleted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import ballot_state, reach
from evaluation import navigation as nav
from evaluation.ballot_state import RATINGS, Reason, Refused, Respondent, Screen
from evaluation.campaign_views import campaign_view
from evaluation.navigation import SUBMITTED_STEP
from evaluation.outgoing import Kind, Receipt, outbox_row
from evaluation.pseudonyms import receipt_code
from evaluation.questionnaire import (
    Rating,
)
from evaluation.rectification import PENDING
from storage import appraisals, writes
from storage import ballots as ballot_repo
from storage import campaigns as campaign_repo
from storage import outbox as outbox_repo
from storage import reach as reach_repo
from storage.forgetting import forgot
from storage.models import (
    Campaign,
    Participation,
    PeerRoll,
    ReplyHandle,
    Suggestion,
)

# How long a submitted ballot's thank-you waits in the outbox for the handler to show it and
# delete it; after that the sender delivers it (the process died in between).
RECEIPT_GRACE = timedelta(seconds=20)


async def submit(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    """提交; ``value`` 1 means 愿意接收答复 (only offered with an opinion)."""
    ballot_state.review_only(ballot, view)
    if nav.first_open_step(view.questionnaire, progress) != ballot.step or value not in (0, 1):
        raise Refused(Reason.INVALID)
    if view.peer:
        return await _submit_peer(session, view, ballot, progress, respondent)
    key = respondent.key(view.id)
    receipt = receipt_code()
    ballot_id = ballot.id  # a rollback below expires the ORM object
    if progress.skipped:  # the respondent's own questions, as 不了解此人
        unknown = int(Rating.UNKNOWN)
        await ballot_repo.save_answers(session, ballot_id, dict.fromkeys(progress.skipped, unknown))
    # The opinion leaves the ballot: stored apart as a 整改 item, nothing ties the two.
    if not await ballot_repo.move_step(
        session,
        ballot_id,
        ballot.step,
        SUBMITTED_STEP,
        submitted=True,
        day=today,
        receipt=receipt,
        suggestion=None,
    ):
        raise Refused(Reason.STALE)
    # The roll's primary key is the one-ballot-per-person guarantee.
    if not await writes.insert_unless_present(
        session, Participation, campaign_id=view.id, respondent=key
    ):
        # A second draft made while the first ballot was being submitted: discard it.
        await session.rollback()
        await ballot_repo.discard_draft(session, view.id, key, ballot_id)
        await session.commit()
        raise Refused(Reason.ALREADY_SUBMITTED)
    await ballot_repo.delete_draft_link(session, view.id, key)
    await reach_repo.forget_start(
        session, view.id, respondent.pseudonyms.person(respondent.user_id)
    )
    code = None
    if progress.suggestion:
        contact = respondent.pseudonyms.seal(respondent.user_id) if value == 1 else None
        code = await _file_suggestion(session, view.id, progress.suggestion, contact)
    # If the thank-you never reaches the screen (the process dies first), the outbox sends it.
    receipt_row = outbox_row(
        respondent.pseudonyms,
        respondent.user_id,
        receipt_reason(view.id),
        Kind.RECEIPT,
        now + RECEIPT_GRACE,
        view.id,
        Receipt(receipt, code, respondent.screen),
    )
    await outbox_repo.enqueue(session, [receipt_row])
    await session.commit()
    offer = await reach.may_offer_reminders(
        session, respondent.pseudonyms, respondent.user_id, view.id
    )
    return Screen(
        view, progress, SUBMITTED_STEP, receipt=receipt, suggestion_code=code, offer_reminders=offer
    )


async def _submit_peer(session, view, ballot, progress, respondent) -> Screen:
    """A 党员互评 ballot is added to the campaign's peer counts and deleted, in one transaction
    with the roll's entry, so nothing remains that could point back at its rater."""
    campaign = await campaign_repo.campaign_state(session, view.id)
    member_id, rater = await ballot_state.rater_of(session, campaign, respondent)  # still bound?
    # The view was drawn from this same binding (the draft is keyed by it): never the rater's
    # own questions. Said again here, where counting them would do the harm.
    questionnaire = campaign_view(campaign).questionnaire
    own = {q.number for q in questionnaire.subject_questions(rater)}
    if own & set(view.peer_numbers):
        raise Refused(Reason.STALE)
    key = respondent.peer_key(view.id, member_id)
    ballot_id = ballot.id  # a rollback below expires the ORM object
    if not await ballot_repo.move_step(session, ballot_id, ballot.step, SUBMITTED_STEP):
        raise Refused(Reason.STALE)
    rolled = respondent.pseudonyms.peer_rater(view.id, member_id)
    if not await writes.insert_unless_present(session, PeerRoll, campaign_id=view.id, rater=rolled):
        await session.rollback()  # this member's other account submitted first
        await ballot_repo.discard_draft(session, view.id, key, ballot_id)
        await session.commit()
        raise Refused(Reason.ALREADY_SUBMITTED)
    numbers = view.peer_numbers
    await appraisals.add_peer_counts(
        session,
        view.id,
        sorted(own | set(numbers)),
        list(RATINGS),
        {numbers[q]: int(r) for q, r in progress.answers.items()},
    )
    await ballot_repo.discard_draft(session, view.id, key, ballot_id)
    await session.commit()
    return Screen(view, progress, SUBMITTED_STEP)


async def peer_submitted(session: AsyncSession, campaign: Campaign, respondent: Respondent):
    try:
        member_id, _ = await ballot_state.rater_of(session, campaign, respondent)
    except Refused:
        return False
    rolled = respondent.pseudonyms.peer_rater(campaign.id, member_id)
    return await appraisals.peer_rated(session, campaign.id, rolled)


async def receipt_shown(session: AsyncSession, respondent: Respondent, campaign_id: int) -> None:
    """The thank-you is on the respondent's screen: its outbox copy, which links the person to
    the ballot's receipt, is deleted unsent."""
    person = respondent.pseudonyms.person(respondent.user_id)
    await outbox_repo.delete_queued(session, person, receipt_reason(campaign_id))
    forgot(session)  # the log still holds the row: emptied a moment after this commit
    await session.commit()


def receipt_reason(campaign_id: int) -> str:
    return f"receipt:{campaign_id}"


async def _file_suggestion(
    session: AsyncSession, campaign_id: int, text: str, contact: str | None
) -> str:
    """The opinion as a 待处理 整改 item with a fresh code; with ``contact`` (a sealed id) the
    response will be sent to its writer. No commit."""
    while True:  # 40 random bits: a clash is rare, and then another code is drawn
        code = receipt_code()
        if await writes.insert_unless_present(
            session, Suggestion, code=code, campaign_id=campaign_id, text=text, status=PENDING
        ):
            break
    if contact is not None:
        session.add(ReplyHandle(code=code, contact=contact))
    return code
