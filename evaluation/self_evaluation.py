"""党员自我评价: a member the bot knows (认领) rates themself on the campaign's member criteria,
then writes 主要表现, 存在不足 and 整改措施, one screen at a time as in a ballot: each button
carries the step it was drawn on, a stale one is refused with the current screen, and the next
screen is always the first one still empty (so a restart resumes there).

Signed by nature: organizers read it under the member's name. It lives in its own table, apart
from every ballot, and can be changed until the campaign closes, submitted or not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view, is_open
from evaluation.campaigns import managed_campaign
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import Rating
from evaluation.refusals import Refusal
from evaluation.text import clean_text, telegram_length
from evaluation.wording import N_
from storage import appraisals, writes
from storage import campaigns as campaign_repo
from storage import cycle as cycle_repo
from storage import organizations as organization_repo
from storage.models import Campaign, Member, SelfEvaluation

TEXT_LIMIT = 1000  # characters in each of the three texts
TEXT_LABELS = (N_("主要表现"), N_("存在不足"), N_("整改措施"))
SCALE = (Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED)  # one knows oneself: no 不了解


class SelfAction(StrEnum):
    BEGIN = "go"
    RATE = "ans"
    BACK = "back"
    KEEP = "keep"  # a text already written stays as it is
    EDIT = "edit"  # the review's list of what can be changed (view only)
    REVIEW = "rev"  # back to the review (view only)
    JUMP = "q"  # to a step, from that list
    SUBMIT = "sub"


class SelfReason(StrEnum):
    NOT_MEMBER = "not_member"  # no member of the campaign's organization is bound to this account
    CLOSED = "closed"
    STALE = "stale"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    EMPTY_TEXT = "empty_text"


class SelfRefused(Refusal):
    def __init__(self, reason: SelfReason, screen: SelfScreen | None = None) -> None:
        super().__init__(reason, screen)


@dataclass(frozen=True)
class SelfScreen:
    campaign_id: int
    organization: str
    period: str
    deadline: date | None
    member: str
    member_id: int
    criteria: tuple[str, ...]
    step: int
    ratings: tuple[int | None, ...]
    texts: tuple[str | None, str | None, str | None]
    submitted: bool
    view: str = "main"  # "edit" on the review step: what can be changed
    just_submitted: bool = False

    @property
    def first_text_step(self) -> int:
        return len(self.criteria)

    @property
    def review_step(self) -> int:
        return len(self.criteria) + len(TEXT_LABELS)

    def text_index(self, step: int) -> int | None:
        """Which of the three texts ``step`` asks for, if it asks for one."""
        index = step - self.first_text_step
        return index if 0 <= index < len(TEXT_LABELS) else None

    def first_open_step(self) -> int:
        for step, rating in enumerate(self.ratings):
            if rating is None:
                return step
        for index, text in enumerate(self.texts):
            if not text:
                return self.first_text_step + index
        return self.review_step

    @property
    def complete(self) -> bool:
        return self.first_open_step() == self.review_step


@dataclass(frozen=True)
class SelfEvaluationRow:
    """A member's self-evaluation as organizers read it (signed)."""

    member_id: int
    member: str
    role: str | None
    ratings: tuple[int | None, ...]
    texts: tuple[str | None, str | None, str | None]
    submitted: bool


async def open_for(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, today: date
) -> list[Campaign]:
    """The open campaigns of the organizations where this account is a bound member, newest
    first: what /self_evaluation offers."""
    bound = await organization_repo.bound_members(session, pseudonyms.member_account(user_id))
    organizations = {m.organization_id for m in bound}
    campaigns = [
        c
        for c in await cycle_repo.open_real_campaigns(session)
        if c.organization_id in organizations and is_open(c, today)
    ]
    return sorted(campaigns, key=lambda c: c.id, reverse=True)


async def begin(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    campaign_id: int,
    today: date,
    now: datetime,
) -> SelfScreen:
    """填写自我评价 / 继续: the member's own, created on first use, at its first empty screen."""
    campaign, member = await _open_for_member(session, pseudonyms, user_id, campaign_id, today)
    row = await appraisals.self_evaluation(session, campaign.id, member.id)
    if row is None:
        criteria = campaign_view(campaign).questionnaire.member_criteria
        if not await writes.insert_unless_present(
            session,
            SelfEvaluation,
            campaign_id=campaign.id,
            member_id=member.id,
            step=0,
            ratings=[None] * len(criteria),
            updated_at=now,
        ):
            await session.rollback()  # a second tap made it first
        row = await appraisals.self_evaluation(session, campaign.id, member.id)
    screen = _screen(campaign, member, row)
    target = screen.first_open_step()
    if target != row.step:
        await appraisals.move_self_evaluation(
            session, campaign.id, member.id, row.step, step=target
        )
    await session.commit()
    return replace(screen, step=target)


async def act(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    campaign_id: int,
    step: int,
    action: str,
    value: int,
    today: date,
    now: datetime,
) -> SelfScreen:
    """A button press on the screen drawn for ``step``."""
    if action == SelfAction.BEGIN:
        return await begin(session, pseudonyms, user_id, campaign_id, today, now)
    handler = _ACTIONS.get(action)
    if handler is None:  # a code never drawn on a button
        raise SelfRefused(SelfReason.INVALID)
    campaign, member = await _open_for_member(session, pseudonyms, user_id, campaign_id, today)
    row = await appraisals.self_evaluation(session, campaign.id, member.id)
    if row is None:  # a button of a self-evaluation never begun
        raise SelfRefused(SelfReason.INVALID)
    screen = _screen(campaign, member, row)
    if row.step != step:
        raise SelfRefused(SelfReason.STALE, screen)
    return await handler(session, screen, step, value, now)


async def _rate(session, screen: SelfScreen, step: int, value: int, now: datetime) -> SelfScreen:
    if step >= len(screen.criteria) or value not in [int(r) for r in SCALE]:
        raise SelfRefused(SelfReason.INVALID)
    ratings = list(screen.ratings)
    ratings[step] = value
    changed = replace(screen, ratings=tuple(ratings))
    return await _move(session, changed, changed.first_open_step(), now, ratings=ratings)


async def _back(session, screen: SelfScreen, step: int, value: int, now: datetime) -> SelfScreen:
    if not 0 < step < screen.review_step:
        raise SelfRefused(SelfReason.INVALID)
    return await _move(session, screen, step - 1, now)


async def _keep(session, screen: SelfScreen, step: int, value: int, now: datetime) -> SelfScreen:
    index = screen.text_index(step)
    if index is None or not screen.texts[index]:
        raise SelfRefused(SelfReason.INVALID)
    return await _move(session, screen, screen.first_open_step(), now)


def _review_view(view: str):
    """编辑 / 返回核对 on the review: another view of it, nothing stored."""

    async def show(session, screen: SelfScreen, step: int, value: int, now: datetime):
        if step != screen.review_step:
            raise SelfRefused(SelfReason.INVALID)
        return replace(screen, view=view)

    return show


async def _jump(session, screen: SelfScreen, step: int, value: int, now: datetime) -> SelfScreen:
    review = screen.review_step
    if step != review or not 0 <= value < review:
        raise SelfRefused(SelfReason.INVALID)
    return await _move(session, screen, value, now)


async def _submit(session, screen: SelfScreen, step: int, value: int, now: datetime):
    """Once complete; a submitted one stays submitted while it is changed."""
    review = screen.review_step
    if step != review or not screen.complete or screen.submitted:
        raise SelfRefused(SelfReason.INVALID)
    submitted = replace(screen, submitted=True, just_submitted=True)
    return await _move(session, submitted, review, now, submitted_at=now)


_ACTIONS = {
    SelfAction.RATE: _rate,
    SelfAction.BACK: _back,
    SelfAction.KEEP: _keep,
    SelfAction.EDIT: _review_view("edit"),
    SelfAction.REVIEW: _review_view("main"),
    SelfAction.JUMP: _jump,
    SelfAction.SUBMIT: _submit,
}


async def write_text(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    text: str,
    today: date,
    now: datetime,
) -> SelfScreen | None:
    """A text from a member whose self-evaluation is asking for one (主要表现, 存在不足 or
    整改措施); None if none is, so the text is someone else's to read."""
    for campaign in await open_for(session, pseudonyms, user_id, today):
        member = await _bound_member(session, pseudonyms, user_id, campaign)
        row = await appraisals.self_evaluation(session, campaign.id, member.id)
        if row is None:
            continue
        screen = _screen(campaign, member, row)
        index = screen.text_index(row.step)
        if index is None:
            continue
        written = clean_text(text)
        if not written:
            raise SelfRefused(SelfReason.EMPTY_TEXT, screen)
        if telegram_length(written) > TEXT_LIMIT:
            raise SelfRefused(SelfReason.TOO_LONG, screen)
        texts = list(screen.texts)
        texts[index] = written
        changed = replace(screen, texts=tuple(texts))
        field = _TEXT_COLUMNS[index]
        return await _move(session, changed, changed.first_open_step(), now, **{field: written})
    return None


_TEXT_COLUMNS = ("performance", "shortcomings", "measures")


async def of_campaign(
    session: AsyncSession, caller: Caller, campaign_id: int
) -> tuple[tuple[str, ...], list[SelfEvaluationRow]]:
    """The criteria and every member's self-evaluation (begun or submitted), in roster order,
    for the organizers of the campaign."""
    campaign = await managed_campaign(session, caller, campaign_id)
    return await rows_of(session, campaign)


async def rows_of(session: AsyncSession, campaign: Campaign):
    """``of_campaign`` once the caller's right to the campaign is settled."""
    criteria = campaign_view(campaign).questionnaire.member_criteria
    stored = {r.member_id: r for r in await appraisals.self_evaluations(session, campaign.id)}
    rows = [
        SelfEvaluationRow(
            m.id,
            m.name,
            m.role,
            tuple(r.ratings),
            (r.performance, r.shortcomings, r.measures),
            r.submitted_at is not None,
        )
        for m in await organization_repo.members_of(session, campaign.organization_id)
        if (r := stored.get(m.id)) is not None
    ]
    return criteria, rows


async def submitted_count(session: AsyncSession, campaign_ids: list[int]) -> int:
    """统计单 item 5: members who submitted their self-evaluation (自我介绍参加活动情况)."""
    return await appraisals.submitted_self_evaluations(session, campaign_ids)


# --- helpers ------------------------------------------------------------------------------


async def _open_for_member(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, campaign_id: int, today: date
) -> tuple[Campaign, Member]:
    campaign = await campaign_repo.campaign(session, campaign_id)
    if campaign is None:
        raise SelfRefused(SelfReason.NOT_MEMBER)  # says nothing of campaigns that do not exist
    member = await _bound_member(session, pseudonyms, user_id, campaign)
    if not is_open(campaign, today):
        raise SelfRefused(SelfReason.CLOSED)
    return campaign, member


async def _bound_member(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, campaign: Campaign
) -> Member:
    bound = await organization_repo.bound_members(session, pseudonyms.member_account(user_id))
    member = next((m for m in bound if m.organization_id == campaign.organization_id), None)
    if member is None:
        raise SelfRefused(SelfReason.NOT_MEMBER)
    return member


def _screen(campaign: Campaign, member: Member, row: SelfEvaluation) -> SelfScreen:
    view = campaign_view(campaign)
    criteria = view.questionnaire.member_criteria
    ratings = tuple(row.ratings) + (None,) * (len(criteria) - len(row.ratings))
    return SelfScreen(
        campaign.id,
        view.organization,
        campaign.period,
        campaign.deadline,
        member.name,
        member.id,
        criteria,
        row.step,
        ratings[: len(criteria)],
        (row.performance, row.shortcomings, row.measures),
        row.submitted_at is not None,
    )


async def _move(
    session: AsyncSession, screen: SelfScreen, target: int, now: datetime, **values
) -> SelfScreen:
    """Compare-and-set the step (and store ``values``) from the one ``screen`` was read at."""
    if not await appraisals.move_self_evaluation(
        session,
        screen.campaign_id,
        screen.member_id,
        screen.step,
        step=target,
        updated_at=now,
        **values,
    ):
        raise SelfRefused(SelfReason.STALE)
    await session.commit()
    return replace(screen, step=target, view="main")
