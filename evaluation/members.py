"""Members the bot knows (认领): each roster member bound to one Telegram account.

An organizer issues a member's personal one-time link (in the chat, or printed on a slip by the
command line); whoever opens it first binds their account to that member. One account per
member, and one member per account in an organization. An unspent link is shown again rather
than replaced, unless it is renewed; issuing a new link withdraws the old link and the old
binding. Every link, binding and withdrawal is audited. A binding keeps the
account only as ``Pseudonyms.member_account`` (a key no ballot or roll uses) and sealed, and is
never joined to a ballot: a member who also answers the masses' ballot stays anonymous there.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, audit
from evaluation.callers import MEMBER, Caller, Forbidden
from evaluation.pseudonyms import Pseudonyms
from evaluation.refusals import Refusal
from evaluation.roster import roster_of
from evaluation.wording import N_, Phrase
from storage import organizations as organization_repo
from storage import writes
from storage.models import MemberBinding, MemberLink

LINK_PREFIX = "member_"  # deep-link payloads: ballot tokens have none, grant links "grant_"
LINK_INVALID = N_("这个认领链接无效或已失效（每个链接只能使用一次），请向组织者索取新的链接。")


class MemberError(Refusal):
    """A 认领 that cannot be done; the message is for the person who tried."""


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    role: str | None
    bound: bool


@dataclass(frozen=True)
class IssuedLink:
    member_id: int
    name: str
    organization: str
    token: str
    withdrew_binding: bool  # the member had been bound: that binding is gone now
    withdrew_link: bool = False  # an unspent link of theirs was withdrawn (``renew``)
    reused: bool = False  # their unspent link, handed out before, shown again


@dataclass(frozen=True)
class Slips:
    """``issue_links``: the links made, and how many members' unspent links were left alone."""

    organization: str
    issued: list[IssuedLink]
    kept_live: int


@dataclass(frozen=True)
class Claimed:
    name: str
    organization: str


def is_link_payload(payload: str | None) -> bool:
    return bool(payload) and payload.startswith(LINK_PREFIX)


async def members(
    session: AsyncSession, caller: Caller, organization_id: int
) -> tuple[str, list[MemberRow]]:
    """An organization's active members, 已认领 or not, in roster order."""
    organization, rows = await roster_of(session, caller, organization_id)
    bound = await organization_repo.bindings_of(session, organization_id)
    return organization.name, [MemberRow(m.id, m.name, m.role, m.id in bound) for m in rows]


async def organization_of(session: AsyncSession, caller: Caller, member_id: int) -> int:
    """The organization of an active member the caller manages."""
    return (await _managed_member(session, caller, member_id)).organization_id


async def _managed_member(session: AsyncSession, caller: Caller, member_id: int):
    member = await organization_repo.member(session, member_id)
    if member is None or not member.active:
        # Same answer as another organization's member: ids say nothing to strangers.
        raise Forbidden if not caller.is_super else MemberError(N_("没有这名党员。"))
    await access.require(session, caller, member.organization_id)
    return member


async def issue_link(
    session: AsyncSession, caller: Caller, member_id: int, now: datetime, renew: bool = False
) -> IssuedLink:
    """The member's one-time link: a bound member's new one withdraws the binding (the chat asks
    first); an unbound member's unspent link, already handed out, is shown again unless
    ``renew`` withdraws it for a new one."""
    member = await _managed_member(session, caller, member_id)
    bound = member.id in await organization_repo.bindings_of(session, member.organization_id)
    live = (await organization_repo.live_member_links(session, [member.id])).get(member.id)
    if live is not None and not bound and not renew:
        organization = await organization_repo.organization(session, member.organization_id)
        return IssuedLink(member.id, member.name, organization.name, live, False, reused=True)
    issued = await _issue(session, caller, member, now)
    await session.commit()
    return issued


async def issue_links(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    now: datetime,
    everyone: bool,
    renew: bool = False,
) -> Slips:
    """Links for printed slips: for the members not yet bound (``everyone``: all of them, the
    bound losing their binding). A member whose unspent link was already handed out (in the
    chat, on an earlier slip) keeps it and gets no slip, unless ``renew`` withdraws it."""
    organization, rows = await roster_of(session, caller, organization_id)
    bound = await organization_repo.bindings_of(session, organization_id)
    live = await organization_repo.live_member_links(session, [m.id for m in rows])
    wanted = [m for m in rows if everyone or m.id not in bound]
    kept = [m for m in wanted if m.id in live and m.id not in bound and not renew]
    issued = [await _issue(session, caller, m, now) for m in wanted if m not in kept]
    await session.commit()
    return Slips(organization.name, issued, len(kept))


async def _issue(session: AsyncSession, caller: Caller, member, now: datetime) -> IssuedLink:
    withdrew_link, withdrew = await organization_repo.withdraw_member(session, member.id)
    if withdrew:
        audit.record(
            session,
            caller,
            audit.MEMBER_UNBOUND,
            now,
            organization_id=member.organization_id,
            detail=member.name,
        )
    token = LINK_PREFIX + secrets.token_urlsafe(16)  # 22 random characters, 128 bits
    session.add(MemberLink(token=token, member_id=member.id, created_at=now))
    audit.record(
        session,
        caller,
        audit.MEMBER_LINK,
        now,
        organization_id=member.organization_id,
        detail=member.name,
    )
    organization = await organization_repo.organization(session, member.organization_id)
    return IssuedLink(member.id, member.name, organization.name, token, withdrew, withdrew_link)


async def claim(
    session: AsyncSession, pseudonyms: Pseudonyms, token: str, user_id: int, now: datetime
) -> Claimed:
    """Whoever opens a member's link first becomes that member, unless their account is
    already another member of the same organization."""
    found = await organization_repo.member_link(session, token[:40])
    if found is None or not found[1].active:
        raise MemberError(LINK_INVALID)
    _link, member = found
    account = pseudonyms.member_account(user_id)
    bound = await organization_repo.bound_members(session, account)
    named = next((m for m in bound if m.organization_id == member.organization_id), None)
    if named is not None:
        raise MemberError(
            Phrase(
                N_(
                    "您的账号已认领本组织的党员「{name}」，一个账号只能认领一名党员。"
                    "如有误，请联系组织者重新生成认领链接。"
                ),
                name=named.name,
            )
        )
    if not await organization_repo.spend_member_link(session, token):
        raise MemberError(LINK_INVALID)
    binding = {
        "member_id": member.id,
        "organization_id": member.organization_id,
        "account": account,
        "address": pseudonyms.seal(user_id),
        "bound_at": now,
    }
    if not await writes.insert_unless_present(session, MemberBinding, **binding):
        await session.rollback()  # a racing claim of the same account or member won
        raise MemberError(LINK_INVALID)
    audit.record(
        session,
        MEMBER,
        audit.MEMBER_BOUND,
        now,
        organization_id=member.organization_id,
        detail=member.name,
    )
    organization = await organization_repo.organization(session, member.organization_id)
    await session.commit()
    return Claimed(member.name, organization.name)
