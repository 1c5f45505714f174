"""What an organizer's next text message is for: a 整改 item's 负责人, 期限, 答复 or 涉及党员,
a figure for the 统计单, or a subject's 公开承诺. Kept in the database, so a restart between the
button and the text loses nothing.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OrganizerPrompt

# target: an item's code
OWNER, DEADLINE, RESPONSE, MEMBER = "owner", "deadline", "response", "member"
ACTIVITY = "activity"  # target: "<campaign id>:<item code>"
COMMITMENTS = "commitments"  # target: "<organization id>:<member id, 0 the organization>"
# target: "<campaign id>:<member id>:<grade index>:<the message asking>"
GRADE_REASON = "grade_reason"
# An organizer's name and title for their 点评; target: "<campaign id>:<subject>" of the comment
# to open next, or "" (/signature)
SIGNATURE = "signature"
FIELDS = (OWNER, DEADLINE, RESPONSE, MEMBER, ACTIVITY, COMMITMENTS, GRADE_REASON, SIGNATURE)


async def ask(session: AsyncSession, user_id: int, field: str, target: str) -> None:
    """The organizer's next text is for ``field`` of ``target``; replaces an earlier question."""
    await session.execute(delete(OrganizerPrompt).where(OrganizerPrompt.user_id == user_id))
    session.add(OrganizerPrompt(user_id=user_id, field=field, target=target))
    await session.commit()


async def pending(session: AsyncSession, user_id: int) -> OrganizerPrompt | None:
    return await session.get(OrganizerPrompt, user_id)


async def clear(session: AsyncSession, user_id: int) -> bool:
    result = await session.execute(
        delete(OrganizerPrompt).where(OrganizerPrompt.user_id == user_id)
    )
    await session.commit()
    return result.rowcount > 0
