"""The respondent's ballot: open an invitation, answer one screen at a time, submit.

Every function takes the respondent as a ``Respondent`` (an opaque user id and the
pseudonym key) and returns the ``Screen`` to show next, or raises ``Refused`` having
changed nothing. State-changing functions commit before they return, so the front end
only ever shows what is already stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import navigation as nav
from evaluation import reach
from evaluation.campaign_views import CampaignView, campaign_view, is_open, parsed, peer_view
from evaluation.navigation import CATEGORY_STEP, SUBMITTED_STEP, Progress
from evaluation.organizations import load_tree
from evaluation.outgoing import RECEIPT, outbox_row
from evaluation.pseudonyms import Pseudonyms, receipt_code
from evaluation.questionnaire import (
    RESPONDENT_CATEGORIES,
    Rating,
    asks_about_commitments,
)
from evaluation.rectification import PENDING
from evaluation.text import clean_text, telegram_length
from storage import appraisals, writes
from storage import ballots as ballot_repo
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage import outbox as outbox_repo
from storage import reach as reach_repo
from storage.forgetting import forgot
from storage.models import (
    Ballot,
    Campaign,
    DraftLink,
    Participation,
    PeerRoll,
    ReplyHandle,
    Suggestion,
)
from storage.presses import AnswerPress, Pressed, Presses, Shape

SUGGESTION_LIMIT = 1000
# How long a submitted ballot's thank-you waits in the outbox for the handler to show it and
# delete it; after that the sender delivers it (the process died in between).
RECEIPT_GRACE = timedelta(seconds=20)


class Reason(StrEnum):
    UNKNOWN_CAMPAIGN = "unknown_campaign"
    CLOSED = "closed"
    ALREADY_SUBMITTED = "already_submitted"
    NOT_STARTED = "not_started"
    STALE = "stale"
    INVALID = "invalid"
    BUTTON_EXPECTED = "button_expected"
    TOO_LONG = "too_long"
    EMPTY_TEXT = "empty_text"
    NO_PEER_REVIEW = "no_peer_review"  # the campaign has no 党员互评, or no one else to rate
    NOT_MEMBER = "not_member"  # 互评 by an account bound to no member of the organization
    NOT_LISTED = "not_listed"  # a member added to the roster after the campaign opened


class Refused(Exception):
    def __init__(self, reason: Reason, screen: Screen | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.screen = screen  # where the respondent stands, when that is worth showing again


class Action(StrEnum):
    BEGIN = "go"
    CATEGORY = "cat"
    ANSWER = "ans"
    UNKNOWN_PERSON = "unk"
    BACK = "back"
    SKIP_SUGGESTION = "skip"
    CLEAR_SUGGESTION = "clr"
    PAGE = "page"  # review page (view only)
    PICK_SUBJECT = "edit"  # 修改: list of subjects, value = page (view only)
    PICK_CRITERION = "subj"  # a subject's criteria, value = subject index (view only)
    JUMP = "q"  # go to a step from the pickers
    COMMITMENTS = "prom"  # 查看承诺: the subject's whole 公开承诺 list (view only)
    QUESTION = "view"  # back from 查看承诺 to the question (view only)
    SUBMIT = "sub"


RATINGS = {int(rating): rating for rating in Rating}  # Rating(value) is slow per answer read


@dataclass(frozen=True)
class Respondent:
    user_id: int
    pseudonyms: Pseudonyms
    language: str | None = None  # what they read the ballot in: their reminders use it
    # The front end's handle of the screen pressed on (a chat's message id): a thank-you the
    # outbox must deliver after a crash redraws that screen rather than sending another.
    screen: int | None = None

    def key(self, campaign_id: int) -> str:
        return self.pseudonyms.key(campaign_id, self.user_id)

    def admission(self, campaign_id: int) -> int:
        return self.pseudonyms.admission(campaign_id, self.user_id)

    def peer_key(self, campaign_id: int, member_id: int) -> str:
        return self.pseudonyms.peer_key(campaign_id, self.user_id, member_id)


@dataclass
class Screen:
    campaign: CampaignView
    progress: Progress
    step: int
    view: str = "main"  # "subjects" or "criteria" on the review step; "commitments" on a question
    page: int = 0  # review page, or page of the subject picker
    subject: int | None = None  # subject whose criteria are being picked
    receipt: str | None = None  # after submission
    suggestion_code: str | None = None  # after submission with an opinion: its 整改 item
    offer_reminders: bool = False  # after submission: ask once about 订阅提醒


@dataclass(frozen=True)
class Branch:
    """One organization of a grouped campaign, as the branch picker lists it."""

    campaign_id: int
    organization: str
    depth: int  # below the group's root
    admission: int  # drawn on its button: Pseudonyms.admission


@dataclass(frozen=True)
class Invitation:
    campaign: CampaignView
    resuming: bool
    admission: int  # drawn on 开始评议 (a group's root: on the branch picker's pages)
    branches: tuple[Branch, ...] = ()  # a group's root: the respondent picks one first
    member: bool = False  # a member bound in the organization: not asked about themself
    peer_review: bool = False  # the campaign has 党员互评, their way to rate colleagues


async def open_invitation(
    session: AsyncSession, token: str, respondent: Respondent, today: date
) -> Invitation:
    """What ``/start <token>`` shows. Stores nothing."""
    campaign = (
        await campaign_repo.campaign_by_token(session, token) if _plausible_token(token) else None
    )
    if campaign is None:
        raise Refused(Reason.UNKNOWN_CAMPAIGN)
    if not is_open(campaign, today):
        raise Refused(Reason.CLOSED)
    admission = respondent.admission(campaign.id)
    branches = await _branches(session, campaign, respondent)
    if branches:
        return Invitation(campaign_view(campaign), False, admission, branches)
    key = respondent.key(campaign.id)
    if await ballot_repo.has_submitted(session, campaign.id, key):
        raise Refused(Reason.ALREADY_SUBMITTED)
    resuming = await ballot_repo.draft_ballot(session, campaign.id, key) is not None
    member = bool(await _own_questions(session, campaign, respondent))
    return Invitation(
        campaign_view(campaign),
        resuming,
        admission,
        member=member,
        peer_review=campaign.peer_review,
    )


async def group_invitation(
    session: AsyncSession, root_id: int, respondent: Respondent, admission: int, today: date
) -> Invitation:
    """The branch picker of a grouped campaign again (another page of it), for someone it was
    shown to (``admission``). Stores nothing."""
    if admission != respondent.admission(root_id):
        raise Refused(Reason.NOT_STARTED)
    campaign = await _open_campaign(session, root_id, today)
    branches = await _branches(session, campaign, respondent)
    if not branches:
        raise Refused(Reason.INVALID)
    return Invitation(campaign_view(campaign), False, admission, branches)


async def _branches(
    session: AsyncSession, root: Campaign, respondent: Respondent
) -> tuple[Branch, ...]:
    """The open campaigns of a group in tree order, the root first; () if not a group."""
    members = await campaign_repo.group_campaigns(session, root.id)
    if not members:
        return ()
    tree = await load_tree(session)
    base = tree.depth(root.organization_id)
    campaigns = tree.in_tree_order(root.organization_id, [root, *members])
    return tuple(
        Branch(
            c.id,
            tree.name(c.organization_id),
            tree.depth(c.organization_id) - base,
            respondent.admission(c.id),
        )
        for c in campaigns
        if c.status == "open"
    )


def _plausible_token(token: str) -> bool:
    return 0 < len(token) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)


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
    campaign = await _open_campaign(session, campaign_id, today)
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
        session, view, ballot, fresh, await _own_questions(session, campaign, respondent)
    )


async def begin_peer(
    session: AsyncSession, campaign_id: int, respondent: Respondent, today: date
) -> Screen:
    """开始互评 / 继续互评: a member the bot knows (认领) rates every other member of the
    organization. Their binding is the admission; the draft is keyed apart from the masses'
    ballot, and once submitted only its counts remain (``_submit_peer``)."""
    campaign = await _open_campaign(session, campaign_id, today)
    if not campaign.peer_review:
        raise Refused(Reason.NO_PEER_REVIEW)
    member_id, rater = await _rater(session, campaign, respondent)
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


async def _own_questions(
    session: AsyncSession, campaign: Campaign, respondent: Respondent
) -> frozenset[int]:
    """On the masses' ballot, the questions about the respondent themself if they are a member
    bound in the campaign's organization: not asked. Decided from the binding at each press;
    nothing stored says which subject a ballot skips (at submission they are stored as
    不了解此人, which anyone may answer)."""
    account = respondent.pseudonyms.member_account(respondent.user_id)
    bound = await organization_repo.bound_members(session, account)
    member = next((m for m in bound if m.organization_id == campaign.organization_id), None)
    questionnaire = campaign_view(campaign).questionnaire
    index = questionnaire.member_index(member.name) if member is not None else None
    if index is None:
        return frozenset()
    return frozenset(q.number for q in questionnaire.subject_questions(index))


async def _rater(
    session: AsyncSession, campaign: Campaign, respondent: Respondent
) -> tuple[int, int]:
    """The member id and subject index of the member this account is in the campaign's
    organization, from the binding as it stands: a peer draft never stores whom it leaves out."""
    account = respondent.pseudonyms.member_account(respondent.user_id)
    bound = await organization_repo.bound_members(session, account)
    member = next((m for m in bound if m.organization_id == campaign.organization_id), None)
    if member is None:
        raise Refused(Reason.NOT_MEMBER)
    index = campaign_view(campaign).questionnaire.member_index(member.name)
    if index is None:
        raise Refused(Reason.NOT_LISTED)
    return member.id, index


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
    progress = Progress() if fresh else await _progress(session, ballot)
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
    handler = _ACTIONS.get(action)
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
        campaign = await _open_campaign(session, campaign_id, today)
        member_id, rater = await _rater(session, campaign, respondent)
        key = respondent.peer_key(campaign_id, member_id)
    else:
        key = respondent.key(campaign_id)
    pressed = await ballot_repo.pressed_ballot(session, campaign_id, key)
    if pressed is None:  # no draft: say why, in the order a campaign is checked first
        campaign = await _open_campaign(session, campaign_id, today)
        submitted = (
            await _peer_submitted(session, campaign, respondent)
            if peer
            else await ballot_repo.has_submitted(session, campaign_id, key)
        )
        raise Refused(Reason.ALREADY_SUBMITTED if submitted else Reason.NOT_STARTED)
    ballot, campaign, answers = pressed
    await _check_open(session, campaign, today)
    view = peer_view(campaign, rater) if peer else campaign_view(campaign)
    progress = _progress_of(ballot, answers)
    if not peer:
        progress.skip(await _own_questions(session, campaign, respondent))
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
        pressed.category, _as_ratings(pressed.answers), pressed.suggestion, pressed.suggestion_done
    )
    return Screen(view, progress, pressed.step)


async def write_text(
    session: AsyncSession, respondent: Respondent, text: str, today: date
) -> Screen:
    """Free text from the respondent: the 意见建议 when it is asked for, else refused (with the
    question on show: of the masses' ballot, else of an unfinished 党员互评 ballot)."""
    ballot = await _newest_draft(session, respondent)
    if ballot is not None:
        campaign = await _open_campaign(session, ballot.campaign_id, today)
        view = campaign_view(campaign)
        own = await _own_questions(session, campaign, respondent)
    else:
        own = frozenset()
        found = await _newest_peer_draft(session, respondent)
        if found is None:
            raise Refused(Reason.NOT_STARTED)
        ballot, rater = found
        campaign = await _open_campaign(session, ballot.campaign_id, today)
        view = peer_view(campaign, rater)
    progress = await _progress(session, ballot)
    progress.skip(own)
    current = Screen(view, progress, ballot.step)
    if ballot.step != nav.asked_suggestion_step(view.questionnaire):
        raise Refused(Reason.BUTTON_EXPECTED, current)
    suggestion = clean_text(text)
    if not suggestion:
        raise Refused(Reason.EMPTY_TEXT, current)
    if telegram_length(suggestion) > SUGGESTION_LIMIT:
        raise Refused(Reason.TOO_LONG, current)
    progress.suggestion, progress.suggestion_done = suggestion, True
    return await _advance(
        session, view, ballot, progress, suggestion=suggestion, suggestion_done=True
    )


async def unfinished_invitation(
    session: AsyncSession, respondent: Respondent, today: date
) -> Invitation | None:
    """The newest open campaign the respondent has left unfinished, if any. Stores nothing."""
    ballot = await _newest_draft(session, respondent)
    if ballot is None:
        return None
    campaign = await campaign_repo.campaign(session, ballot.campaign_id)
    if not is_open(campaign, today):
        return None
    return Invitation(
        campaign_view(campaign), resuming=True, admission=respondent.admission(campaign.id)
    )


# --- actions ------------------------------------------------------------------------------


async def _choose_category(
    session, view, ballot, progress, value, respondent, today, now
) -> Screen:
    if ballot.step != CATEGORY_STEP or not 0 <= value < len(RESPONDENT_CATEGORIES):
        raise Refused(Reason.INVALID)
    progress.category = RESPONDENT_CATEGORIES[value]
    return await _advance(session, view, ballot, progress, category=progress.category)


async def _answer(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    if not nav.is_question(view.questionnaire, ballot.step) or value not in RATINGS:
        raise Refused(Reason.INVALID)
    return await _record(session, view, ballot, progress, {ballot.step: Rating(value)})


async def _unknown_person(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    questions = nav.unknown_person_questions(view.questionnaire, ballot.step)
    if not questions:
        raise Refused(Reason.INVALID)
    return await _record(session, view, ballot, progress, dict.fromkeys(questions, Rating.UNKNOWN))


async def _back(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    target = nav.previous_step(view.questionnaire, ballot.step)
    while target is not None and target in progress.skipped:  # over the respondent's own
        target = nav.previous_step(view.questionnaire, target)
    if target is None:
        raise Refused(Reason.INVALID)
    return await _go(session, view, ballot, progress, target)


async def _skip_suggestion(
    session, view, ballot, progress, value, respondent, today, now
) -> Screen:
    if ballot.step != nav.suggestion_step(view.questionnaire):
        raise Refused(Reason.INVALID)
    progress.suggestion_done = True
    return await _advance(session, view, ballot, progress, suggestion_done=True)


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


def _review_only(ballot: Ballot, view: CampaignView) -> None:
    if ballot.step != nav.review_step(view.questionnaire):
        raise Refused(Reason.INVALID)


async def _page(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    _review_only(ballot, view)
    return Screen(view, progress, ballot.step, page=max(value, 0))


async def _pick_subject(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    _review_only(ballot, view)
    return Screen(view, progress, ballot.step, view="subjects", page=max(value, 0))


async def _pick_criterion(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    _review_only(ballot, view)
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
    _review_only(ballot, view)
    questionnaire = view.questionnaire
    reachable = nav.is_question(questionnaire, value) or value == nav.asked_suggestion_step(
        questionnaire
    )
    if not (reachable or (value == CATEGORY_STEP and questionnaire.ask_category)):
        raise Refused(Reason.INVALID)
    if value in progress.skipped:
        raise Refused(Reason.INVALID)
    return await _go(session, view, ballot, progress, value)


async def _submit(session, view, ballot, progress, value, respondent, today, now) -> Screen:
    """提交; ``value`` 1 means 愿意接收答复 (only offered with an opinion)."""
    _review_only(ballot, view)
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
        _receipt_reason(view.id),
        RECEIPT,
        now + RECEIPT_GRACE,
        view.id,
        {"receipt": receipt, "code": code, "screen": respondent.screen},
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
    member_id, rater = await _rater(session, campaign, respondent)  # still bound?
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


async def _peer_submitted(session: AsyncSession, campaign: Campaign, respondent: Respondent):
    try:
        member_id, _ = await _rater(session, campaign, respondent)
    except Refused:
        return False
    rolled = respondent.pseudonyms.peer_rater(campaign.id, member_id)
    return await appraisals.peer_rated(session, campaign.id, rolled)


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


async def receipt_shown(session: AsyncSession, respondent: Respondent, campaign_id: int) -> None:
    """The thank-you is on the respondent's screen: its outbox copy, which links the person to
    the ballot's receipt, is deleted unsent."""
    person = respondent.pseudonyms.person(respondent.user_id)
    await outbox_repo.delete_queued(session, person, _receipt_reason(campaign_id))
    forgot(session)  # the log still holds the row: emptied a moment after this commit
    await session.commit()


def _receipt_reason(campaign_id: int) -> str:
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


_ACTIONS = {
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
    Action.SUBMIT: _submit,
}


# --- helpers ------------------------------------------------------------------------------


async def _open_campaign(session: AsyncSession, campaign_id: int, today: date) -> Campaign:
    """The campaign, if open; its questionnaire snapshot is loaded only if not yet parsed."""
    campaign = await campaign_repo.campaign_state(session, campaign_id)
    if campaign is None:
        raise Refused(Reason.UNKNOWN_CAMPAIGN)
    await _check_open(session, campaign, today)
    return campaign


async def _check_open(session: AsyncSession, campaign: Campaign, today: date) -> None:
    """Refuse a closed campaign; load the snapshot of one whose questionnaire is not parsed."""
    if not is_open(campaign, today):
        raise Refused(Reason.CLOSED)
    if not parsed(campaign):
        await session.refresh(campaign, ["questionnaire"])


async def _newest_draft(session: AsyncSession, respondent: Respondent) -> Ballot | None:
    """The respondent's unfinished masses' ballot in the newest open campaign (pseudonyms are
    per campaign, so each open campaign's key is computed)."""
    campaign_ids = await campaign_repo.open_campaign_ids(session)
    return await ballot_repo.latest_draft(session, [respondent.key(c) for c in campaign_ids])


async def _progress(session: AsyncSession, ballot: Ballot) -> Progress:
    return _progress_of(ballot, await ballot_repo.answers_of(session, ballot.id))


def _progress_of(ballot: Ballot, answers: dict[int, int]) -> Progress:
    return Progress(
        category=ballot.category,
        answers=_as_ratings(answers),
        suggestion=ballot.suggestion,
        suggestion_done=ballot.suggestion_done,
    )


def _as_ratings(answers: dict[int, int]) -> dict[int, Rating]:
    return {q: RATINGS[r] for q, r in answers.items()}


async def _record(session, view, ballot, progress, ratings: dict[int, Rating]) -> Screen:
    progress.answers.update(ratings)
    target = nav.first_open_step(view.questionnaire, progress)
    if not await ballot_repo.move_step(session, ballot.id, ballot.step, target):
        raise Refused(Reason.STALE)
    await ballot_repo.save_answers(session, ballot.id, {q: int(r) for q, r in ratings.items()})
    await session.commit()
    return Screen(view, progress, target)


async def _advance(session, view, ballot, progress, **changes) -> Screen:
    return await _go(
        session,
        view,
        ballot,
        progress,
        nav.first_open_step(view.questionnaire, progress),
        **changes,
    )


async def _go(session, view, ballot, progress, target: int, **changes) -> Screen:
    if not await ballot_repo.move_step(session, ballot.id, ballot.step, target, **changes):
        raise Refused(Reason.STALE)
    await session.commit()
    return Screen(view, progress, target)
