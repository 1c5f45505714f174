"""An organizer's signature for their 点评 (name and title), asked once before their first
comment in the chat, or given for them on the command line."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.callers import Caller
from evaluation.campaigns import managed_campaign
from evaluation.comment_flow import CommentError
from evaluation.commenters import organizer_may_comment
from evaluation.comments import subjects
from evaluation.text import clean_text
from evaluation.wording import N_, Phrase
from storage import comments as comment_repo

NAME_LIMIT, TITLE_LIMIT = 20, 50
SIGNATURE_FORMAT = N_(
    "请写姓名和职务，中间空一格，例如：张建军 县农业农村局党组书记（姓名不超过 {name} 字，"
    "职务不超过 {title} 字）。"
)


def parse_signature(text: str) -> tuple[str, str]:
    """「张建军 县农业农村局党组书记」 → (name, title)."""
    name, _, title = clean_text(text).replace("，", " ").replace(",", " ").partition(" ")
    return checked_signature(name, title)


def checked_signature(name: str, title: str) -> tuple[str, str]:
    name, title = clean_text(name), clean_text(title)
    if not name or not title or len(name) > NAME_LIMIT or len(title) > TITLE_LIMIT:
        raise CommentError(Phrase(SIGNATURE_FORMAT, name=NAME_LIMIT, title=TITLE_LIMIT))
    return name, title


async def sign(
    session: AsyncSession, user_id: int, name: str, title: str, now: datetime
) -> tuple[str, str]:
    """An organizer's signature for their 点评, kept; comments of theirs not yet locked by 审定
    take it too. The chat signs for the caller; the command line, for an organizer it names."""
    name, title = checked_signature(name, title)
    await comment_repo.sign(session, user_id, name, title, now)
    await session.commit()
    return name, title


async def sign_for(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    organizer: Caller,
    name: str,
    title: str,
    now: datetime,
) -> tuple[str, str]:
    """The command line signs for an organizer who may comment in the campaign."""
    campaign = await managed_campaign(session, caller, campaign_id)
    for subject in await subjects(session, campaign):
        if await organizer_may_comment(session, organizer, campaign, subject):
            return await sign(session, organizer.user_id, name, title, now)
    raise CommentError(
        Phrase(N_("Telegram {user} 不能点评这次评议的对象。"), user=organizer.user_id)
    )


async def signature(session: AsyncSession, caller: Caller) -> tuple[str, str] | None:
    found = await comment_repo.signature(session, caller.user_id)
    return (found.name, found.title) if found else None
