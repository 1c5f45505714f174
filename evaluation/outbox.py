"""The outbox: every message the bot sends on its own, each exactly once.

The sender claims due rows into its queue (``claimed``); the one it is about to send is marked
``sending`` and committed just before its Bot API call, and finished after it. A message of
several parts (a 反馈单's text and picture) records each part it has sent, so it goes on from
the next. A crash leaves the request in flight ``sending``, and the queue ``claimed``; the next
start puts both back to pending. So a message whose request never reached Telegram is sent
at the next start, and the only part that can be sent twice is one Telegram accepted in the
moment before the crash, before it was recorded: at most the requests in flight at that
instant, never a whole round.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import reach
from evaluation.access import as_utc
from evaluation.campaign_views import is_open
from evaluation.outgoing import (
    CAMPAIGN_MESSAGES,
    PURGED_WHEN_SENT,
    ExportLost,
    Kind,
    Payload,
    outbox_row,
    payload_of,
)
from evaluation.pseudonyms import Pseudonyms
from storage import campaigns as campaign_repo
from storage import outbox as outbox_repo

MAX_ATTEMPTS = 8  # transient failures (network, 5xx) before a message is given up
LONGEST_BACKOFF = 300.0


@dataclass(frozen=True)
class Outgoing:
    id: int
    recipient: str  # HMAC(secret, user id)
    address: str  # the sealed chat id: ``Pseudonyms.unseal`` gives it back
    reason: str
    kind: str
    campaign_id: int | None
    stored: dict[str, Any]  # the payload as the row holds it
    attempts: int

    @property
    def payload(self) -> Payload:
        """What the row carries, as its kind's type (read where it is rendered: a row that
        cannot be read fails there, alone)."""
        return payload_of(self.kind, self.stored)

    @property
    def parts_sent(self) -> int:
        """Of a message of several parts: how many are on Telegram already."""
        return int(self.stored.get(PARTS_SENT, 0))


async def recover(session: AsyncSession) -> int:
    """At start: rows a crash left in flight go back to pending. Returns how many."""
    count = await outbox_repo.requeue_in_flight(session)
    await session.commit()
    return count


async def claim(session: AsyncSession, now: datetime, limit: int) -> list[Outgoing]:
    rows = await outbox_repo.claim_due(session, now, limit)
    claimed = [
        Outgoing(
            r.id,
            r.recipient,
            r.address,
            r.reason,
            r.kind,
            r.campaign_id,
            dict(r.payload),
            r.attempts,
        )
        for r in rows
    ]
    await session.commit()
    return claimed


async def next_due_at(session: AsyncSession) -> datetime | None:
    due = await outbox_repo.next_due_at(session)
    return as_utc(due) if due is not None else None


async def wanted(session: AsyncSession, pseudonyms: Pseudonyms, message: Outgoing, today) -> bool:
    """Whether a claimed invitation or reminder should still go out; cancels it if not."""
    if message.kind == Kind.MEMBER_INVITE:
        campaign = await campaign_repo.campaign_state(session, message.campaign_id)
        if campaign is not None and is_open(campaign, today):
            return True
    elif message.campaign_id is None or message.kind not in CAMPAIGN_MESSAGES:
        return True
    else:
        campaign = await campaign_repo.campaign(session, message.campaign_id)
        user_id = pseudonyms.unseal(message.address)
        if campaign is not None and await reach.still_wanted(
            session, pseudonyms, message.recipient, user_id, campaign, today
        ):
            return True
    await outbox_repo.finish_message(session, message.id, state="cancelled")
    await session.commit()
    return False


async def promise(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    campaign_id: int,
    due: datetime,
    what: ExportLost,
) -> str:
    """Before work a person waits for (an export): a notice that it did not come, due at
    ``due``. ``kept`` withdraws it once the work is sent; if the process dies first, the notice
    survives the restart and tells them. Returns the notice's reason."""
    reason = f"export:{campaign_id}:{secrets.token_hex(4)}"
    row = outbox_row(pseudonyms, user_id, reason, Kind.EXPORT_LOST, due, campaign_id, what)
    await outbox_repo.enqueue(session, [row])
    await session.commit()
    return reason


async def kept(session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, reason: str) -> None:
    await outbox_repo.delete_queued(session, pseudonyms.person(user_id), reason)
    await session.commit()


PARTS_SENT = "parts_sent"  # in a payload: how many of a message's parts have gone


async def sending(session: AsyncSession, message: Outgoing) -> None:
    """The message's next request is about to go: if the process dies now, it was in flight."""
    await outbox_repo.finish_message(session, message.id, state="sending")
    await session.commit()


async def part_sent(session: AsyncSession, message: Outgoing, count: int) -> None:
    """``count`` parts of a message of several are on Telegram: a restart goes on after them."""
    message.stored[PARTS_SENT] = count
    await outbox_repo.finish_message(
        session, message.id, state="claimed", payload=dict(message.stored)
    )
    await session.commit()


async def sent(session: AsyncSession, message: Outgoing, now: datetime) -> None:
    await _finish(session, message, state="sent", sent_at=now)
    await session.commit()


async def _finish(session: AsyncSession, message: Outgoing, **values) -> None:
    """Mark a message done. A reply to an opinion, or a receipt, is deleted instead: once it
    has gone, nothing should keep the person's address next to the opinion's or ballot's code."""
    if message.kind in PURGED_WHEN_SENT:
        await outbox_repo.delete_message(session, message.id)
    else:
        await outbox_repo.finish_message(session, message.id, **values)


async def retry_later(
    session: AsyncSession, message: Outgoing, now: datetime, wait: float | None
) -> bool:
    """A 429 (``wait`` = retry_after) or a transient error (backoff). False if given up."""
    attempts = message.attempts + 1
    if wait is None and attempts >= MAX_ATTEMPTS:
        await _finish(session, message, state="failed", attempts=attempts)
        await session.commit()
        return False
    delay = wait if wait is not None else min(LONGEST_BACKOFF, 2.0**attempts)
    await outbox_repo.finish_message(
        session,
        message.id,
        state="pending",
        attempts=attempts,
        not_before=now + timedelta(seconds=delay),
    )
    await session.commit()
    return True


async def unreachable(session: AsyncSession, message: Outgoing) -> None:
    """403: the person blocked the bot (or never started it). Nothing more is sent to them."""
    await reach.mark_unreachable(session, message.recipient)
    await _finish(session, message, state="unreachable")
    await session.commit()


async def failed(session: AsyncSession, message: Outgoing) -> None:
    """A message Telegram refuses for good (400): retrying would not help."""
    await _finish(session, message, state="failed")
    await session.commit()
