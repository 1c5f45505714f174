"""逐级点评 in the chat: /comment lists the subjects the caller may comment on (one only: it
opens at once); a comment is then written one field at a time by text message (优点 and 需改进,
both required, then the optional 点评内容), with 上一项, 跳过 and 完成 (offered once the
required two are written). Like a ballot, each button carries the step it was drawn on and
the comment row keeps the step, so a restart or an old button loses nothing. The row's
``awaiting`` marks the one comment whose field the commenter's next text fills. An organizer
signs with the name and title they give once (/signature); a member, with their roster name
and role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import prompts
from evaluation.callers import MEMBER, Caller
from evaluation.commenters import may_member_comment, organizer_may_comment
from evaluation.comments import (
    IMPROVEMENTS,
    ITEM_LIMIT,
    ORGANIZATION_SUBJECT,
    STRENGTHS,
    TEXT_LIMIT,
    Subject,
    audit_comment,
    subjects,
)
from evaluation.pseudonyms import Pseudonyms
from evaluation.refusals import Refusal
from evaluation.roles import MEMBER as PLAIN_MEMBER
from evaluation.text import clean_text, telegram_length
from evaluation.wording import N_, Phrase
from storage import access as access_repo
from storage import campaigns as campaign_repo
from storage import comments as comment_repo
from storage import cycle as cycle_repo
from storage import organizations as organization_repo
from storage.models import Campaign, Comment


class CommentAction(StrEnum):
    OPEN = "go"  # begin or resume the comment on a subject
    BACK = "back"  # 上一项
    SKIP = "skip"  # 跳过: leave the field as it is
    DONE = "done"  # 完成
    JUMP = "q"  # from the review, to a field


class CommentError(Refusal):
    """A press or text the comment cannot take; ``screen`` is where the commenter is."""

    def __init__(self, message, screen: CommentScreen | None = None) -> None:
        super().__init__(message, screen)


REQUIRED_FIELDS = 2  # 优点 and 需改进, steps 0 and 1
STALE = N_("这个按钮已过期，已显示当前这一项。")
NOT_YOURS = N_("您不能点评这个对象。")
REQUIRED = N_("「{label}」必须填写，请发送文字。")


@dataclass(frozen=True)
class Commenter:
    key: str  # Comment.commenter: organizer:<user id> or member:<member id>
    name: str
    role: str


@dataclass(frozen=True)
class Choice:
    campaign_id: int
    campaign: str  # the organization and period
    subject: Subject
    commented: bool  # 完成 pressed already


@dataclass(frozen=True)
class CommentScreen:
    campaign_id: int
    subject: Subject
    commenter: Commenter
    step: int  # an item's index, then 优点, 需改进, and the review
    items: tuple[str | None, ...]
    strengths: str | None
    improvements: str | None
    completed: bool
    just_completed: bool = False

    # The two required fields come first, then the optional 点评内容: 完成 is offered once the
    # required ones are written and leaves the rest empty.
    @property
    def labels(self) -> tuple[str, ...]:
        return (STRENGTHS, IMPROVEMENTS, *self.subject.items)

    @property
    def values(self) -> tuple[str | None, ...]:
        return (self.strengths, self.improvements, *self.items)

    @property
    def review_step(self) -> int:
        return len(self.labels)

    def required(self, step: int) -> bool:
        return step < REQUIRED_FIELDS

    def limit(self, step: int) -> int:
        return TEXT_LIMIT if self.required(step) else ITEM_LIMIT

    def missing(self) -> int | None:
        """The first required field still empty."""
        return next((s for s in range(REQUIRED_FIELDS) if not self.values[s]), None)


APPRAISAL_WINDOW = timedelta(days=90)  # a closed campaign's comments: until 审定, this long


async def choices(
    session: AsyncSession, pseudonyms: Pseudonyms, caller: Caller, now: datetime
) -> list[Choice]:
    """Every subject the caller may comment on, of every campaign whose 审定 is not finished
    (open, or closed in the last 90 days: leaders often comment with the results in hand)."""
    found = []
    for campaign in await cycle_repo.campaigns_in_appraisal(session, now - APPRAISAL_WINDOW):
        title = f"{campaign.questionnaire['organization']} {campaign.period}"
        for subject in await subjects(session, campaign):
            commenter = await _commenter(session, pseudonyms, caller, campaign, subject)
            if commenter is None:
                continue
            row = await comment_repo.comment(session, campaign.id, subject.key, commenter.key)
            found.append(Choice(campaign.id, title, subject, bool(row and row.completed)))
    return found


async def open_comment(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    caller: Caller,
    campaign_id: int,
    subject_key: int,
    now: datetime,
) -> CommentScreen:
    """Begin the comment on a subject, or resume it where it stood (a finished one at its
    review, to be changed)."""
    campaign, subject, commenter = await _checked(
        session, pseudonyms, caller, campaign_id, subject_key
    )
    row = await comment_repo.comment(session, campaign.id, subject.key, commenter.key)
    if row is None:
        await comment_repo.insert_draft(
            session,
            campaign_id=campaign.id,
            subject=subject.key,
            commenter=commenter.key,
            commenter_name=commenter.name,
            commenter_role=commenter.role,
            items=[None] * len(subject.items),
            step=0,
            completed=False,
            updated_at=now,
        )
        row = await comment_repo.comment(session, campaign.id, subject.key, commenter.key)
    await _await_here(session, caller, commenter, row)
    await session.commit()
    return _screen(subject, commenter, row)


async def unsigned(
    session: AsyncSession, pseudonyms: Pseudonyms, caller: Caller, campaign_id: int, subject: int
) -> bool:
    """True for an organizer about to comment who has not given their signature yet: the chat
    asks for it once, before the first comment."""
    _, _, commenter = await _checked(session, pseudonyms, caller, campaign_id, subject)
    return commenter.key.startswith("organizer:") and (
        await comment_repo.signature(session, caller.user_id) is None
    )


async def press(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    caller: Caller,
    campaign_id: int,
    subject_key: int,
    step: int,
    action: str,
    value: int,
    now: datetime,
) -> CommentScreen:
    if action == CommentAction.OPEN:
        return await open_comment(session, pseudonyms, caller, campaign_id, subject_key, now)
    campaign, subject, commenter = await _checked(
        session, pseudonyms, caller, campaign_id, subject_key
    )
    row = await comment_repo.comment(session, campaign.id, subject.key, commenter.key)
    if row is None:
        raise CommentError(NOT_YOURS)
    screen = _screen(subject, commenter, row)
    if row.step != step:
        raise CommentError(STALE, screen)
    if action == CommentAction.DONE:
        return await _done(session, row, screen, now, caller, campaign, subject, commenter)
    move = _MOVES.get(action)
    target = None if move is None else move(screen, step, value)
    if target is None:
        raise CommentError(N_("按钮无效。"), screen)
    moved = await _move(session, row, screen, target, now, awaiting=target < screen.review_step)
    await session.commit()
    return moved


# Where a button moves the comment from ``step``; None where it cannot be pressed.
_MOVES: dict[str, Callable[[CommentScreen, int, int], int | None]] = {
    CommentAction.BACK: lambda screen, step, value: (
        step - 1 if 0 < step <= screen.review_step else None
    ),
    CommentAction.SKIP: lambda screen, step, value: (  # 跳过 only an optional or filled field
        step + 1
        if step < screen.review_step and (not screen.required(step) or screen.values[step])
        else None
    ),
    CommentAction.JUMP: lambda screen, step, value: (
        value if step == screen.review_step and 0 <= value < screen.review_step else None
    ),
}


async def _done(session, row, screen, now, caller, campaign, subject, commenter) -> CommentScreen:
    """完成: shown the first required field still empty, and told so; else completed."""
    missing = screen.missing()
    if missing is not None:
        moved = await _move(session, row, screen, missing, now, awaiting=True)
        await session.commit()
        raise CommentError(Phrase(REQUIRED, label=Phrase(screen.labels[missing])), moved)
    done = await _move(
        session, row, screen, screen.review_step, now, completed=True, awaiting=False
    )
    # A member is named in the log by their roster name, never by the account (认领 keeps that
    # sealed); an organizer acts as the account they are granted by.
    actor = MEMBER if commenter.key.startswith("member:") else caller
    audit_comment(session, actor, campaign, subject, commenter.name, commenter.role, now)
    await session.commit()
    return replace(done, completed=True, just_completed=True)


async def write(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    caller: Caller,
    text: str,
    now: datetime,
) -> CommentScreen | None:
    """The text for the field the caller's awaiting comment shows; None if none awaits."""
    keys = await _keys(session, pseudonyms, caller)
    row = await comment_repo.awaiting(session, keys)
    if row is None:
        return None
    campaign = await campaign_repo.campaign(session, row.campaign_id)
    found = {s.key: s for s in await subjects(session, campaign)}
    subject = found.get(row.subject)
    if subject is None or campaign.reviewed_at is not None:
        return None
    commenter = Commenter(row.commenter, row.commenter_name, row.commenter_role)
    screen = _screen(subject, commenter, row)
    if row.step >= screen.review_step:
        return None
    written = clean_text(text)
    if not written:
        raise CommentError(N_("没有收到文字内容，请重新发送。"), screen)
    if telegram_length(written) > screen.limit(row.step):
        limit = screen.limit(row.step)
        raise CommentError(
            Phrase(N_("这一项最多 {limit} 字，请精简后重新发送。"), limit=limit), screen
        )
    values = list(screen.values)
    values[row.step] = written
    changes = _values(screen, values)
    filled = replace(screen, **_fields(screen, values))
    target = row.step + 1
    moved = await _move(
        session, row, filled, target, now, awaiting=target < screen.review_step, **changes
    )
    await session.commit()
    return moved


# --- helpers ------------------------------------------------------------------------------


async def _checked(session, pseudonyms, caller, campaign_id, subject_key):
    campaign = await campaign_repo.campaign(session, campaign_id)
    if campaign is None:
        raise CommentError(NOT_YOURS)
    subject = next((s for s in await subjects(session, campaign) if s.key == subject_key), None)
    commenter = (
        await _commenter(session, pseudonyms, caller, campaign, subject) if subject else None
    )
    if commenter is None:
        raise CommentError(NOT_YOURS)
    if campaign.reviewed_at is not None:
        raise CommentError(N_("本次评议已审定完成，点评不能再修改。"))
    return campaign, subject, commenter


async def _commenter(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    caller: Caller,
    campaign: Campaign,
    subject: Subject,
) -> Commenter | None:
    """Who the caller comments as: the member they are (认领) if their role allows it, else an
    organizer with the right, signing with the organization they act for."""
    bound = await organization_repo.bound_members(
        session, pseudonyms.member_account(caller.user_id)
    )
    member = next((m for m in bound if m.organization_id == campaign.organization_id), None)
    if member is not None and await may_member_comment(session, campaign, member, subject):
        return Commenter(f"member:{member.id}", member.name, member.role or PLAIN_MEMBER)
    if await organizer_may_comment(session, caller, campaign, subject):
        key = f"organizer:{caller.user_id}"
        signed = await comment_repo.signature(session, caller.user_id)
        if signed is not None:
            return Commenter(key, signed.name, signed.title)
        # Not signed yet (the chat asks first; a comment begun before stays so until signed):
        # the name Telegram showed, for the organization they act for.
        organization = await organization_repo.organization(session, campaign.organization_id)
        acting = organization
        if subject.key == ORGANIZATION_SUBJECT and organization.parent_id is not None:
            acting = await organization_repo.organization(session, organization.parent_id)
        name = await access_repo.organizer_name(session, caller.user_id) or N_("组织者")
        return Commenter(key, name, acting.name)
    return None


async def _keys(session: AsyncSession, pseudonyms: Pseudonyms, caller: Caller) -> list[str]:
    bound = await organization_repo.bound_members(
        session, pseudonyms.member_account(caller.user_id)
    )
    return [f"organizer:{caller.user_id}", *(f"member:{m.id}" for m in bound)]


async def _await_here(session, caller: Caller, commenter: Commenter, row: Comment) -> None:
    """This comment takes the commenter's next text, no other of theirs; an organizer's
    question still open (a 负责人, a count) gives way to the newer one."""
    await comment_repo.stop_awaiting(session, [commenter.key])
    if row.step < len(row.items) + 2:
        await comment_repo.move(session, row.id, row.step, awaiting=True)
        row.awaiting = True
    await prompts.clear(session, caller.user_id)


def _screen(subject: Subject, commenter: Commenter, row: Comment) -> CommentScreen:
    items = tuple(row.items) + (None,) * (len(subject.items) - len(row.items))
    return CommentScreen(
        row.campaign_id,
        subject,
        commenter,
        row.step,
        items[: len(subject.items)],
        row.strengths,
        row.improvements,
        row.completed,
    )


def _fields(screen: CommentScreen, values: list[str | None]) -> dict:
    strengths, improvements, *items = values
    return {"items": tuple(items), "strengths": strengths, "improvements": improvements}


def _values(screen: CommentScreen, values: list[str | None]) -> dict:
    fields = _fields(screen, values)
    return {**fields, "items": list(fields["items"])}


async def _move(session, row: Comment, screen: CommentScreen, target: int, now, **values):
    """Compare-and-set the step from the one ``screen`` was read at."""
    if not await comment_repo.move(
        session, row.id, screen.step, step=target, updated_at=now, **values
    ):
        raise CommentError(STALE)
    changed = {k: v for k, v in values.items() if k in ("strengths", "improvements")}
    if "items" in values:
        changed["items"] = tuple(values["items"])
    return replace(screen, step=target, **changed)
