"""Who may manage which organization.

Super-organizers (``PINGYI_ADMIN_IDS``) manage everything and hand out grants. A grant lets
one Telegram user manage one organization and everything below it.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit
from evaluation.callers import Caller, Forbidden, require_super
from evaluation.organizations import OrganizationTree, load_tree
from evaluation.refusals import Refusal
from evaluation.wording import N_
from storage import access as access_repo
from storage import organizations as organization_repo
from storage import writes
from storage.models import GrantLink, Organization, Organizer

GRANT_LINK_LIFETIME = timedelta(days=7)
GRANT_PREFIX = "grant_"  # deep-link payloads: ballot tokens are 24 characters, these 28


LINK_USED = N_("这个授权链接已被使用过。每个授权链接只能使用一次，请向管理员重新申请。")


class GrantError(Refusal):
    """A grant link that cannot be used; the message is for the person who opened it."""


async def managed_ids(session: AsyncSession, caller: Caller, tree: OrganizationTree) -> list[int]:
    """Every organization the caller may manage, in tree order."""
    if caller.is_super:
        return [o for root in tree.children(None) for o in tree.subtree(root)]
    granted = set(await access_repo.granted_organizations(session, caller.user_id))
    roots = [o for o in granted if o in tree.by_id and not set(tree.ancestors(o)[1:]) & granted]
    return [o for root in sorted(roots, key=tree.name) for o in tree.subtree(root)]


async def managed(session: AsyncSession, caller: Caller) -> list[Organization]:
    tree = await load_tree(session)
    return [tree.by_id[o] for o in await managed_ids(session, caller, tree)]


async def may_manage(session: AsyncSession, caller: Caller, organization_id: int) -> bool:
    if caller.is_super:
        return True
    granted = set(await access_repo.granted_organizations(session, caller.user_id))
    tree = await load_tree(session)
    return bool(granted & set(tree.ancestors(organization_id)))


async def require(session: AsyncSession, caller: Caller, organization_id: int) -> None:
    if not await may_manage(session, caller, organization_id):
        raise Forbidden


async def is_organizer(session: AsyncSession, caller: Caller) -> bool:
    return caller.is_super or bool(await access_repo.granted_organizations(session, caller.user_id))


async def organizer_ids(session: AsyncSession) -> list[int]:
    """Everyone holding a grant (their command menus are set at start)."""
    return await access_repo.all_organizer_ids(session)


async def create_grant_link(
    session: AsyncSession, caller: Caller, organization_id: int, now: datetime
) -> str:
    """A one-time deep-link payload that makes whoever opens it an organizer."""
    require_super(caller)
    organization = await organization_repo.organization(session, organization_id)
    if organization is None:
        raise Forbidden
    token = GRANT_PREFIX + secrets.token_urlsafe(16)  # 22 random characters, 128 bits
    session.add(
        GrantLink(
            token=token, organization_id=organization_id, created_by=caller.user_id, created_at=now
        )
    )
    audit.record(session, caller, audit.GRANT_LINK, now, organization_id=organization_id)
    await session.commit()
    return token


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back the naive UTC time it was given; PostgreSQL an aware one."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_grant_payload(payload: str | None) -> bool:
    return bool(payload) and payload.startswith(GRANT_PREFIX)


async def accept_grant(
    session: AsyncSession, token: str, user_id: int, name: str, now: datetime
) -> Organization:
    link = await access_repo.grant_link(session, token)
    if link is None:
        raise GrantError(N_("授权链接无效，请向管理员核对。"))
    if link.used_at is not None:
        raise GrantError(LINK_USED)
    if now - as_utc(link.created_at) > GRANT_LINK_LIFETIME:
        raise GrantError(N_("授权链接已过期（有效期 7 天），请向管理员重新申请。"))
    if not await access_repo.spend_grant_link(session, token, user_id, now):
        raise GrantError(LINK_USED)
    organization_id = link.organization_id
    await writes.insert_unless_present(
        session,
        Organizer,
        user_id=user_id,
        organization_id=organization_id,
        name=name[:100],
        granted_by=link.created_by,
        granted_at=now,
    )
    audit.record(
        session,
        Caller(user_id, False),
        audit.GRANTED,
        now,
        organization_id=organization_id,
        detail=f"{name[:60]}（Telegram {user_id}），经 {link.created_by or '命令行'} 的授权链接",
    )
    await session.commit()
    return await organization_repo.organization(session, organization_id)


async def organizers_of(
    session: AsyncSession, caller: Caller, organization_id: int
) -> list[Organizer]:
    require_super(caller)
    return list(await access_repo.organizers_of(session, organization_id))


async def revoke(
    session: AsyncSession, caller: Caller, organization_id: int, user_id: int, now: datetime
) -> bool:
    """Withdraw one grant; False if there was none."""
    require_super(caller)
    removed = await access_repo.delete_grant(session, user_id, organization_id)
    if removed:
        audit.record(
            session,
            caller,
            audit.REVOKED,
            now,
            organization_id=organization_id,
            detail=f"Telegram {user_id}",
        )
    await session.commit()
    return removed
