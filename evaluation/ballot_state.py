"""What the ballot's modules share: who answers (``Respondent``), what they see next
(``Screen``), why a press is refused (``Reason``, ``Refused``), the actions a button carries, and
the steps every action ends with: the campaign checked open, the draft's progress read, the
answers recorded and the step moved by compare-and-set, then committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import navigation as nav
from evaluation.campaign_views import CampaignView, campaign_view, is_open, parsed
from evaluation.navigation import Progress
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import (
    Rating,
)
from evaluation.refusals import Refusal
from storage import ballots as ballot_repo
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.models import (
    Ballot,
    Campaign,
)

SUGGESTION_LIMIT = 1000


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


class Refused(Refusal):
    """A press or text the ballot cannot take: its ``Reason``, and where the respondent stands
    when that is worth showing again (a stale button's current question, the question a typed
    text was not an answer to)."""

    def __init__(self, reason: Reason, screen: Screen | None = None) -> None:
        super().__init__(reason, screen)


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


async def open_campaign(session: AsyncSession, campaign_id: int, today: date) -> Campaign:
    """The campaign, if open; its questionnaire snapshot is loaded only if not yet parsed."""
    campaign = await campaign_repo.campaign_state(session, campaign_id)
    if campaign is None:
        raise Refused(Reason.UNKNOWN_CAMPAIGN)
    await check_open(session, campaign, today)
    return campaign


async def check_open(session: AsyncSession, campaign: Campaign, today: date) -> None:
    """Refuse a closed campaign; load the snapshot of one whose questionnaire is not parsed."""
    if not is_open(campaign, today):
        raise Refused(Reason.CLOSED)
    if not parsed(campaign):
        await session.refresh(campaign, ["questionnaire"])


async def newest_draft(session: AsyncSession, respondent: Respondent) -> Ballot | None:
    """The respondent's unfinished masses' ballot in the newest open campaign (pseudonyms are
    per campaign, so each open campaign's key is computed)."""
    campaign_ids = await campaign_repo.open_campaign_ids(session)
    return await ballot_repo.latest_draft(session, [respondent.key(c) for c in campaign_ids])


async def own_questions(
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


async def rater_of(
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


async def stored_progress(session: AsyncSession, ballot: Ballot) -> Progress:
    return progress_of(ballot, await ballot_repo.answers_of(session, ballot.id))


def progress_of(ballot: Ballot, answers: dict[int, int]) -> Progress:
    return Progress(
        category=ballot.category,
        answers=as_ratings(answers),
        suggestion=ballot.suggestion,
        suggestion_done=ballot.suggestion_done,
    )


def as_ratings(answers: dict[int, int]) -> dict[int, Rating]:
    return {q: RATINGS[r] for q, r in answers.items()}


async def record(session, view, ballot, progress, ratings: dict[int, Rating]) -> Screen:
    progress.answers.update(ratings)
    target = nav.first_open_step(view.questionnaire, progress)
    if not await ballot_repo.move_step(session, ballot.id, ballot.step, target):
        raise Refused(Reason.STALE)
    await ballot_repo.save_answers(session, ballot.id, {q: int(r) for q, r in ratings.items()})
    await session.commit()
    return Screen(view, progress, target)


async def advance(session, view, ballot, progress, **changes) -> Screen:
    return await go_to(
        session,
        view,
        ballot,
        progress,
        nav.first_open_step(view.questionnaire, progress),
        **changes,
    )


async def go_to(session, view, ballot, progress, target: int, **changes) -> Screen:
    if not await ballot_repo.move_step(session, ballot.id, ballot.step, target, **changes):
        raise Refused(Reason.STALE)
    await session.commit()
    return Screen(view, progress, target)


def review_only(ballot: Ballot, view: CampaignView) -> None:
    if ballot.step != nav.review_step(view.questionnaire):
        raise Refused(Reason.INVALID)
