"""The respondent's ballot: open an invitation, answer one screen at a time, submit.

Every function takes the respondent as a ``Respondent`` (an opaque user id and the
pseudonym key) and returns the ``Screen`` to show next, or raises ``Refused`` having
changed nothing. State-changing functions commit before they return, so the front end
only ever shows what is already stored.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import ballot_actions, ballot_state, reach, submission
from evaluation import navigation as nav
from evaluation.ballot_state import (
    RATINGS,
    SUGGESTION_LIMIT,
    Action,
    Reason,
    Refused,
    Respondent,
    Screen,
)
from evaluation.campaign_views import CampaignView, campaign_view, peer_view
from evaluation.navigation import Progress
from evaluation.questionnaire import (
    Rating,
)
from evaluation.text import clean_text, telegram_length
from storage import appraisals, writes
from storage import ballots as ballot_repo
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.models import (
    Ballot,
    DraftLink,
)
from storage.press_shapes import AnswerPress, Pressed, Presses, Shape


async def begin(
    session: AsyncSession, campaign_id: int, respondent: Respondent, today: date, admission: int
) -> Screen:
    """开始评议 / 继续评议: create the draft if needed and show the first open screen.

    A new ballot needs the admission the bot drew on this person's button; without it (forged
    data, or a button from before admissions) only a ballot already begun goes on, and the
    refusal says nothing of the campaign."""
    key = respondent.key(campaign_id)
    if admission != respondent.admission(campaign_id) and (
        await ballot_repo.draft_ballot(session, campaign_id, key) is None
    ):
        raise Refused(Reason.NOT_STARTED)
    campaign = await ballot_state.open_campaign(session, campaign_id, today)
    if await ballot_repo.has_submitted(session, campaign_id, key):
        raise Refused(Reason.ALREADY_SUBMITTED)
    view = campaign_view(campaign)
    ballot = await ballot_repo.draft_ballot(session, campaign_id, key)
    fresh = False
    if ballot is None:
        ballot, fresh = await _new_draft(session, view, campaign_id, key)
    await reach.note_start(
        session, respondent.pseudonyms, campaign_id, respondent.user_id, respondent.language
    )
    return await _resume(
        session,
        view,
        ballot,
        fresh,
        await ballot_state.own_questions(session, campaign, respondent),
    )


async def begin_peer(
    session: AsyncSession, campaign_id: int, respondent: Respondent, today: date
) -> Screen:
    """开始互评 / 继续互评: a member the bot knows (认领) rates every other member of the
    organization. Their binding is the admission; the draft is keyed apart from the masses'
    ballot, and once submitted only its counts remain (``_submit_peer``)."""
    campaign = await ballot_state.open_campaign(session, campaign_id, today)
    if not campaign.peer_review:
        raise Refused(Reason.NO_PEER_REVIEW)
    member_id, rater = await ballot_state.rater_of(session, campaign, respondent)
    view = peer_view(campaign, rater)
    key = respondent.peer_key(campaign_id, member_id)
    ballot = await ballot_repo.draft_ballot(session, campaign_id, key)
    fresh = False
    if ballot is None:
        if not view.questionnaire.questions:
            raise Refused(Reason.NO_PEER_REVIEW)
        rolled = respondent.pseudonyms.peer_rater(campaign_id, member_id)
        if await appraisals.peer_rated(session, campaign_id, rolled):
            raise Refused(Reason.ALREADY_SUBMITTED)
        ballot, fresh = await _new_draft(session, view, campaign_id, key, peer=True)
    return await _resume(session, view, ballot, fresh)


async def _new_draft(
    session: AsyncSession,
    view: CampaignView,
    campaign_id: int,
    key: str,
    peer: bool = False,
) -> tuple[Ballot, bool]:
    """A draft at its first screen, and True; or, if a second tap raced this one and its draft
    won, that draft and False."""
    step = nav.first_open_step(view.questionnaire, Progress())
    ballot = Ballot(id=secrets.token_hex(16), campaign_id=campaign_id, step=step, peer=peer)
    session.add(ballot)
    await session.flush()
    if await writes.insert_unless_present(
        session, DraftLink, campaign_id=campaign_id, respondent=key, ballot_id=ballot.id
    ):
        return ballot, True
    await session.rollback()
    ballot = await ballot_repo.draft_ballot(session, campaign_id, key)
    if ballot is None:
        raise Refused(Reason.STALE)
    return ballot, False


async def _resume(
    session: AsyncSession,
    view: CampaignView,
    ballot: Ballot,
    fresh: bool = False,
    own: frozenset[int] = frozenset(),
) -> Screen:
    """The draft's first open screen, stored as its step. A ``fresh`` draft has no answers to
    read and was created at that screen (unless it skips the respondent's ``own`` questions)."""
    progress = Progress() if fresh else await ballot_state.stored_progress(session, ballot)
    progress.skip(own)
    step = nav.first_open_step(view.questionnaire, progress)
    ballot.step = step
    await session.commit()
    return Screen(view, progress, step)


async def act(
    session: AsyncSession,
    campaign_id: int,
    respondent: Respondent,
    step: int,
    action: str,
    value: int,
    today: date,
    now: datetime | None = None,
    peer: bool = False,
    presses: Presses | None = None,
) -> Screen:
    """A button press on the screen drawn for ``step``; ``action`` is an ``Action`` code.
    ``now`` (the bot's clock; the machine's if not given) times a submitted ballot's receipt
    in the outbox. ``peer``: on the respondent's 党员互评 ballot. ``presses``: the database's
    press path, which stores a plain answer in one trip (storage/presses.py); everything else,
    and every refusal, takes the full path below."""
    handler = ballot_actions.ACTIONS.get(action)
    if handler is None and action != Action.BEGIN:  # a code never drawn on a button
        raise Refused(Reason.INVALID)
    if presses is not None and not peer:
        screen = await _quick_answer(presses, campaign_id, respondent, step, action, value, today)
        if screen is not None:
            return screen
    screen = await _act(session, handler, campaign_id, respondent, step, value, today, now, peer)
    if presses is not None and not peer:
        presses.learn(campaign_id, screen.campaign)
    return screen


async def _act(session, handler, campaign_id, respondent, step, value, today, now, peer) -> Screen:
    """The full path; ``handler`` None is 开始评议."""
    if handler is None:
        if peer:
            return await begin_peer(session, campaign_id, respondent, today)
        return await begin(session, campaign_id, respondent, today, value)
    if peer:
        campaign = await ballot_state.open_campaign(session, campaign_id, today)
        member_id, rater = await ballot_state.rater_of(session, campaign, respondent)
        key = respondent.peer_key(campaign_id, member_id)
    else:
        key = respondent.key(campaign_id)
    pressed = await ballot_repo.pressed_ballot(session, campaign_id, key)
    if pressed is None:  # no draft: say why, in the order a campaign is checked first
        campaign = await ballot_state.open_campaign(session, campaign_id, today)
        submitted = (
            await submission.peer_submitted(session, campaign, respondent)
            if peer
            else await ballot_repo.has_submitted(session, campaign_id, key)
        )
        raise Refused(Reason.ALREADY_SUBMITTED if submitted else Reason.NOT_STARTED)
    ballot, campaign, answers = pressed
    await ballot_state.check_open(session, campaign, today)
    view = peer_view(campaign, rater) if peer else campaign_view(campaign)
    progress = ballot_state.progress_of(ballot, answers)
    if not peer:
        progress.skip(await ballot_state.own_questions(session, campaign, respondent))
    if ballot.step != step:
        # A button from an older screen: show where the respondent really is.
        raise Refused(Reason.STALE, Screen(view, progress, ballot.step))
    return await handler(
        session, view, ballot, progress, value, respondent, today, now or datetime.now(UTC)
    )


def answer_press(
    view: CampaignView, respondent: Respondent, step: int, ratings: dict[int, int], today: date
) -> AnswerPress:
    """``ratings`` pressed on the screen of ``step``, as the press path takes them: with what
    the next step depends on, and how this questionnaire computes it."""
    questionnaire = view.questionnaire

    def next_step(category, answers, suggestion_done) -> int:
        progress = Progress(category, answers, suggestion_done=suggestion_done)
        return nav.first_open_step(questionnaire, progress)

    shape = Shape(
        questionnaire.ask_category, len(questionnaire.questions), questionnaire.ask_suggestion
    )
    key = respondent.key(view.id)
    account = respondent.pseudonyms.member_account(respondent.user_id)
    return AnswerPress(view.id, key, account, view.token, step, ratings, today, shape, next_step)


async def _quick_answer(
    presses: Presses,
    campaign_id: int,
    respondent: Respondent,
    step: int,
    action: str,
    value: int,
    today: date,
) -> Screen | None:
    """An answer (or 不了解此人) on a campaign whose questionnaire this process knows, in one
    trip to the database; None if it was not stored (no draft, closed, another step, or not an
    answer button), having changed nothing."""
    view: CampaignView | None = presses.known(campaign_id)
    if view is None:
        return None
    questionnaire = view.questionnaire
    if action == Action.ANSWER:
        if not nav.is_question(questionnaire, step) or value not in RATINGS:
            return None
        ratings = {step: value}
    elif action == Action.UNKNOWN_PERSON:
        questions = nav.unknown_person_questions(questionnaire, step)
        ratings = dict.fromkeys(questions, int(Rating.UNKNOWN))
        if not ratings:
            return None
    else:
        return None
    pressed = await presses.answer(answer_press(view, respondent, step, ratings, today))
    if not isinstance(pressed, Pressed):
        return None
    progress = Progress(
        pressed.category,
        ballot_state.as_ratings(pressed.answers),
        pressed.suggestion,
        pressed.suggestion_done,
    )
    return Screen(view, progress, pressed.step)


async def write_text(
    session: AsyncSession, respondent: Respondent, text: str, today: date
) -> Screen:
    """Free text from the respondent: the 意见建议 when it is asked for, else refused (with the
    question on show: of the masses' ballot, else of an unfinished 党员互评 ballot)."""
    ballot = await ballot_state.newest_draft(session, respondent)
    if ballot is not None:
        campaign = await ballot_state.open_campaign(session, ballot.campaign_id, today)
        view = campaign_view(campaign)
        own = await ballot_state.own_questions(session, campaign, respondent)
    else:
        own = frozenset()
        found = await _newest_peer_draft(session, respondent)
        if found is None:
            raise Refused(Reason.NOT_STARTED)
        ballot, rater = found
        campaign = await ballot_state.open_campaign(session, ballot.campaign_id, today)
        view = peer_view(campaign, rater)
    progress = await ballot_state.stored_progress(session, ballot)
    progress.skip(own)
    current = Screen(view, progress, ballot.step)
    if ballot.step != nav.asked_suggestion_step(view.questionnaire):
        raise Refused(Reason.BUTTON_EXPECTED, current)
    suggestion = clean_text(text)
    if not suggestion:
        raise Refused(Reason.EMPTY_TEXT)
    if telegram_length(suggestion) > SUGGESTION_LIMIT:
        raise Refused(Reason.TOO_LONG)
    progress.suggestion, progress.suggestion_done = suggestion, True
    return await ballot_state.advance(
        session, view, ballot, progress, suggestion=suggestion, suggestion_done=True
    )


async def _newest_peer_draft(
    session: AsyncSession, respondent: Respondent
) -> tuple[Ballot, int] | None:
    """The respondent's unfinished 党员互评 ballot in the newest open campaign, as the member
    they are bound to there, with that member's subject index."""
    account = respondent.pseudonyms.member_account(respondent.user_id)
    bound = {m.organization_id: m for m in await organization_repo.bound_members(session, account)}
    if not bound:
        return None
    for campaign in await campaign_repo.open_peer_campaigns(session, list(bound)):  # newest first
        member = bound[campaign.organization_id]
        index = campaign_view(campaign).questionnaire.member_index(member.name)
        key = respondent.peer_key(campaign.id, member.id)
        ballot = (
            None if index is None else await ballot_repo.draft_ballot(session, campaign.id, key)
        )
        if ballot is not None:
            return ballot, index
    return None
