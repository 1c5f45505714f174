"""逐级点评: leaders comment on the organization and its members, level by level, as the school
branch of the seed did — the 上级 on the branch, the 党支部书记 on the 支部委员, the 支部委员 on
the members. Each comment covers its subject kind's 点评内容 (each item optional) and names
优点 and, above all, 需改进 (both required). It is signed by nature: the commenter's name and
role are kept with it, apart from every ballot.

This module holds the content lists, who may comment on whom, and storing a comment; the
command line's workbook (``exports/comment_sheets.py``) and the chat both come through here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import audit, roles
from evaluation.callers import Caller
from evaluation.campaign_views import campaign_view
from evaluation.campaigns import CampaignError, managed_campaign
from evaluation.questionnaire import MEMBER
from evaluation.text import clean_text, telegram_length
from evaluation.wording import N_, Phrase
from storage import comments as comment_repo
from storage import organizations as organization_repo
from storage.models import Campaign

# The source document's own wording (DOMAIN.md, 逐级点评).
ORGANIZATION_ITEMS = (
    N_("组织领导情况"),
    N_("公开承诺事项的兑现情况"),
    N_("创建措施落实情况"),
    N_("创建活动与本职工作结合情况"),
    N_("履行管党责任情况"),
    N_("活动效果情况"),
)
LEADER_ITEMS = (
    N_("参加创先争优活动情况"),
    N_("公开承诺事项兑现情况"),
    N_("推动科学发展情况"),
    N_("执行政策情况"),
    N_("工作作风和廉洁自律情况"),
    N_("关心服务群众情况"),
    N_("分管工作落实情况"),
)
MEMBER_ITEMS = (
    N_("参加创先争优活动情况"),
    N_("公开承诺事项兑现情况"),
    N_("履行岗位职责情况"),
    N_("服务群众情况"),
    N_("工作作风情况"),
    N_("工作成效情况"),
)
STRENGTHS, IMPROVEMENTS = N_("优点"), N_("需改进")
ITEM_LIMIT = 200  # characters of one 点评内容 item
TEXT_LIMIT = 500  # characters of 优点 or 需改进

ORGANIZATION_KIND, LEADER_KIND, MEMBER_KIND = N_("支部"), N_("党员领导干部"), N_("普通党员")
KIND_ITEMS = {
    ORGANIZATION_KIND: ORGANIZATION_ITEMS,
    LEADER_KIND: LEADER_ITEMS,
    MEMBER_KIND: MEMBER_ITEMS,
}
ORGANIZATION_SUBJECT = 0  # ``Comment.subject`` of the organization itself
# The workbook's first column, rows 1–3: the campaign, its organization, the sheet's kind.
SHEET_HEADERS = ("评议编号", "组织", "对象类别")
FIRST_SHEET_ROW = 5


@dataclass(frozen=True)
class Subject:
    """Someone a campaign's comments are about."""

    key: int  # ORGANIZATION_SUBJECT, or the member's id
    name: str  # as the campaign shows it
    kind: str  # a key of KIND_ITEMS
    role: str | None = None

    @property
    def items(self) -> tuple[str, ...]:
        return KIND_ITEMS[self.kind]


@dataclass(frozen=True)
class Written:
    """What a comment says: one entry per item of its subject's kind (None: left out)."""

    items: tuple[str | None, ...]
    strengths: str | None
    improvements: str | None


def kind_of(role: str | None) -> str:
    """The 党支部书记, the 支部委员 and 党员领导干部 are commented on as leading cadres."""
    return MEMBER_KIND if roles.category(role) == roles.MEMBER else LEADER_KIND


async def subjects(session: AsyncSession, campaign: Campaign) -> list[Subject]:
    """The organization and each member the campaign asks about who is still on the roster,
    in the campaign's order."""
    questionnaire = campaign_view(campaign).questionnaire
    roster = {
        m.name: m for m in await organization_repo.members_of(session, campaign.organization_id)
    }
    found = [Subject(ORGANIZATION_SUBJECT, questionnaire.organization, ORGANIZATION_KIND)]
    for subject in questionnaire.subjects:
        member = roster.get(subject.name) if subject.kind == MEMBER else None
        if member is not None:
            found.append(
                Subject(member.id, subject.display_name, kind_of(member.role), member.role)
            )
    return found


def errors_in(subject: Subject, written: Written) -> list[Phrase]:
    """What keeps ``written`` from being stored as a comment on ``subject``."""
    problems: list[Phrase] = []
    if len(written.items) != len(subject.items):
        problems.append(Phrase(N_("点评内容应为 {count} 项。"), count=len(subject.items)))
    for label, text in zip(subject.items, written.items, strict=False):
        if text and telegram_length(text) > ITEM_LIMIT:
            problems.append(
                Phrase(N_("「{label}」超过 {limit} 字。"), label=Phrase(label), limit=ITEM_LIMIT)
            )
    for label, text in ((STRENGTHS, written.strengths), (IMPROVEMENTS, written.improvements)):
        if not text:
            problems.append(Phrase(N_("「{label}」必须填写。"), label=Phrase(label)))
        elif telegram_length(text) > TEXT_LIMIT:
            problems.append(
                Phrase(N_("「{label}」超过 {limit} 字。"), label=Phrase(label), limit=TEXT_LIMIT)
            )
    return problems


def cleaned(items, strengths, improvements) -> Written:
    """Cells or messages as a comment: trimmed, blanks as None."""

    def clean(text: object) -> str | None:
        value = clean_text("" if text is None else str(text))
        return value or None

    return Written(tuple(clean(i) for i in items), clean(strengths), clean(improvements))


# --- the command line's workbook ---------------------------------------------------------------


@dataclass(frozen=True)
class SheetComment:
    subject: Subject
    name: str
    role: str
    written: Written


def parse_sheets(
    sheets: dict[str, dict[int, tuple[object, ...]]], campaign_id: int, known: list[Subject]
) -> tuple[list[SheetComment], list[Phrase]]:
    """The filled rows of each kind's sheet as comments; errors name their sheet and row. A
    row naming only its subject (the template's) is skipped."""
    found: list[SheetComment] = []
    errors: list[Phrase] = []
    for kind, rows in sheets.items():
        if _text(rows.get(3, (None, None))[1]) != kind:
            continue  # the workbook has no such sheet (it read another one)
        if _text(rows.get(1, (None, None))[1]) != str(campaign_id):
            errors.append(
                Phrase(
                    N_("「{sheet}」第1行：不是评议 {id} 的点评表。"),
                    sheet=Phrase(kind),
                    id=campaign_id,
                )
            )
            continue
        by_name = {s.name: s for s in known if s.kind == kind}
        width = len(KIND_ITEMS[kind])
        for row in sorted(r for r in rows if r >= FIRST_SHEET_ROW):
            cells = tuple(rows[row]) + (None,) * (5 + width)
            subject_name, name, role = (_text(c) for c in cells[:3])
            rest = cells[3 : 5 + width]
            if not name and not role and not any(_text(c) for c in rest):
                continue
            where = {"sheet": Phrase(kind), "row": row}
            subject = by_name.get(subject_name)
            if subject is None:
                errors.append(
                    Phrase(
                        N_("「{sheet}」第{row}行：本次评议没有点评对象「{name}」。"),
                        name=subject_name,
                        **where,
                    )
                )
                continue
            if not name or len(name) > 50 or len(role) > 50:
                errors.append(
                    Phrase(
                        N_("「{sheet}」第{row}行：请填写点评人姓名（50 字以内）和身份。"), **where
                    )
                )
                continue
            written = cleaned(rest[:width], rest[width], rest[width + 1])
            errors += [
                Phrase(N_("「{sheet}」第{row}行：{problem}"), problem=p, **where)
                for p in errors_in(subject, written)
            ]
            found.append(SheetComment(subject, name, role or N_("点评人"), written))
    return found, errors


async def import_sheet(
    session: AsyncSession,
    caller: Caller,
    campaign_id: int,
    comments: list[SheetComment],
    now: datetime,
) -> int:
    """Store the workbook's comments, each signed by the name written in its row (importing
    the same workbook again replaces them)."""
    campaign = await managed_campaign(session, caller, campaign_id)
    if campaign.reviewed_at is not None:
        raise CampaignError(N_("本次评议已审定完成，点评不能再修改。"))
    for comment in comments:
        await store(
            session,
            caller,
            campaign,
            comment.subject,
            f"sheet:{comment.name}",
            comment.name,
            comment.role,
            comment.written,
            now,
        )
    await session.commit()
    return len(comments)


def _text(value: object) -> str:
    return clean_text("" if value is None else str(value))


# --- storing ----------------------------------------------------------------------------------


async def store(
    session: AsyncSession,
    caller: Caller,
    campaign: Campaign,
    subject: Subject,
    commenter: str,
    name: str,
    role: str,
    written: Written,
    now: datetime,
) -> None:
    """Write (or replace) ``commenter``'s comment on ``subject``, audited; no commit. The
    caller has been checked; ``written`` has no ``errors_in``."""
    await comment_repo.upsert(
        session,
        campaign_id=campaign.id,
        subject=subject.key,
        commenter=commenter,
        commenter_name=name,
        commenter_role=role,
        items=list(written.items),
        strengths=written.strengths,
        improvements=written.improvements,
        updated_at=now,
        step=len(subject.items) + 2,  # at its review, should it be opened in the chat
        completed=True,
        awaiting=False,
    )
    audit_comment(session, caller, campaign, subject, name, role, now)


def audit_comment(session, caller, campaign: Campaign, subject: Subject, name, role, now) -> None:
    """A comment written or changed, in the audit log: who, as what, on whom."""
    audit.record(
        session,
        caller,
        audit.COMMENTED,
        now,
        organization_id=campaign.organization_id,
        campaign_id=campaign.id,
        detail=f"{name}（{role}）点评 {subject.name}",
    )


@dataclass(frozen=True)
class CommentRow:
    subject: Subject
    commenter_name: str
    commenter_role: str
    written: Written


async def of_campaign(
    session: AsyncSession, caller: Caller, campaign_id: int
) -> tuple[Campaign, list[CommentRow]]:
    """Every comment of a campaign the caller manages, subject by subject in its order."""
    campaign = await managed_campaign(session, caller, campaign_id)
    return campaign, await rows_of(session, campaign)


async def rows_of(session: AsyncSession, campaign: Campaign) -> list[CommentRow]:
    order = await subjects(session, campaign)
    by_key = {s.key: s for s in order}
    position = {s.key: n for n, s in enumerate(order)}
    rows = [
        CommentRow(
            by_key[c.subject],
            c.commenter_name,
            c.commenter_role,
            Written(tuple(c.items), c.strengths, c.improvements),
        )
        for c in await comment_repo.of_campaign(session, campaign.id)
        if c.subject in by_key
    ]
    return sorted(rows, key=lambda r: position[r.subject.key])


async def organizers_who_commented(session: AsyncSession, campaign: Campaign) -> set[int]:
    """The organizers who finished a comment on the organization itself (from above)."""
    return {
        int(row.commenter.removeprefix("organizer:"))
        for row in await comment_repo.of_campaign(session, campaign.id)
        if row.subject == ORGANIZATION_SUBJECT
        and row.completed
        and row.commenter.startswith("organizer:")
    }
