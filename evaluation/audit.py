"""The audit log: who did what, to which organization or campaign, and when.

Entries are added to the caller's transaction, so an action and its record commit together.
They never hold ballot content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation.callers import MEMBER, SCHEDULER, Caller, require_super
from evaluation.wording import N_
from storage import access as access_repo
from storage.models import AuditEntry

CAMPAIGN_OPENED = "campaign_opened"
CAMPAIGN_CLOSED = "campaign_closed"
EXPORTED = "exported"
ROSTER_IMPORTED = "roster_imported"
GRANT_LINK = "grant_link"
GRANTED = "granted"
REVOKED = "revoked"
PRACTICE_WIPED = "practice_wiped"
PAPER_IMPORTED = "paper_imported"
CYCLE_ON = "cycle_on"
CYCLE_OFF = "cycle_off"
RECTIFIED = "rectified"
ACTIVITY_RECORDED = "activity_recorded"
MEMBER_LINK = "member_link"
MEMBER_BOUND = "member_bound"
MEMBER_UNBOUND = "member_unbound"
COMMITMENTS_SET = "commitments_set"
COMMITMENT_STATE = "commitment_state"
COMMENTED = "commented"
COMMENTERS_SET = "commenters_set"
GRADED = "graded"
REVIEWED = "reviewed"
RELEASED = "released"

ACTION_LABELS = {
    CAMPAIGN_OPENED: N_("开启评议"),
    CAMPAIGN_CLOSED: N_("关闭评议"),
    EXPORTED: N_("导出工作簿"),
    ROSTER_IMPORTED: N_("导入名册"),
    GRANT_LINK: N_("生成授权链接"),
    GRANTED: N_("成为组织者"),
    REVOKED: N_("撤销组织者"),
    PRACTICE_WIPED: N_("删除测试评议"),
    PAPER_IMPORTED: N_("并入纸质问卷"),
    CYCLE_ON: N_("开启一季一评议"),
    CYCLE_OFF: N_("停止一季一评议"),
    RECTIFIED: N_("更新整改台账"),
    ACTIVITY_RECORDED: N_("登记评议活动"),
    MEMBER_LINK: N_("生成认领链接"),
    MEMBER_BOUND: N_("党员认领账号"),
    MEMBER_UNBOUND: N_("解除党员认领"),
    COMMITMENTS_SET: N_("设置公开承诺"),
    COMMITMENT_STATE: N_("更新践诺状态"),
    COMMENTED: N_("逐级点评"),
    COMMENTERS_SET: N_("指定点评人"),
    GRADED: N_("审定等次"),
    REVIEWED: N_("审定完成"),
    RELEASED: N_("反馈评议结果"),
}
PAGE_SIZE = 20


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    organization: str | None
    campaign_id: int | None
    detail: str


def actor_label(user_id: int | None) -> str:
    if user_id is None:
        return N_("命令行")
    if user_id == MEMBER.user_id:
        return N_("党员本人")
    return N_("一季一评议（自动）") if user_id == SCHEDULER.user_id else f"Telegram {user_id}"


def record(
    session: AsyncSession,
    caller: Caller,
    action: str,
    now: datetime,
    *,
    organization_id: int | None = None,
    campaign_id: int | None = None,
    detail: str = "",
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor=caller.user_id,
            action=action,
            organization_id=organization_id,
            campaign_id=campaign_id,
            detail=detail[:500],
        )
    )


async def entries(
    session: AsyncSession, caller: Caller, page: int = 0
) -> tuple[list[AuditRow], int]:
    """One page of the log, newest first, and the number of pages. Super-organizers only."""
    require_super(caller)
    total = await access_repo.audit_count(session)
    rows = await access_repo.audit_page(session, PAGE_SIZE, page * PAGE_SIZE)
    return [
        AuditRow(
            e.at,
            actor_label(e.actor),
            ACTION_LABELS.get(e.action, e.action),
            organization,
            e.campaign_id,
            e.detail,
        )
        for e, organization in rows
    ], max(1, -(-total // PAGE_SIZE))
