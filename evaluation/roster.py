"""Rosters: checking the rows of a roster sheet and importing one organization with its members.

The sheet layout (written by ``exports.roster.write_template``)::

    row 1  组织名称 | <name>
    row 2  组织类别 | <one of SECTORS>
    row 3  上级组织 | <name, optional>
    row 4  本组织公开承诺（选填） | <the organization's 承诺事项, one a line>
    row 5  党员姓名 | 角色（选填） | 公开承诺（选填，每行一项）
    row 6… one member per row

Rows 4 and column C came later: rosters without them still import. A blank 公开承诺 cell
leaves that subject's commitments as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, audit, commitments, roles
from evaluation.callers import Caller, require_super
from evaluation.commitments import LIST_LIMIT as COMMITMENT_LIST_LIMIT
from evaluation.commitments import TEXT_LIMIT as COMMITMENT_TEXT_LIMIT
from evaluation.commitments import lines_of as commitment_lines
from evaluation.questionnaire import SECTORS
from evaluation.text import clean_text
from evaluation.wording import N_, Phrase
from storage import organizations as organization_repo
from storage.models import Member, Organization

HEADER_ROWS = {1: "组织名称", 2: "组织类别", 3: "上级组织"}
COMMITMENTS_ROW = 4
COMMITMENTS_LABEL = "本组织公开承诺（选填）"
MEMBER_HEADER_ROW = 5
MEMBER_HEADERS = ("党员姓名", "角色（选填）", "公开承诺（选填，每行一项）")
COLUMNS = len(MEMBER_HEADERS)
FIRST_MEMBER_ROW = 6
NAME_LIMIT = 50
ORGANIZATION_NAME_LIMIT = 100


@dataclass
class RosterData:
    organization: str
    sector: str
    parent: str | None
    members: list[tuple[str, str | None]]
    # 公开承诺 given in the roster: subject (None: the organization, else a member's name) →
    # its whole list. A subject left out keeps what it has.
    commitments: dict[str | None, list[str]] = field(default_factory=dict)


@dataclass
class ImportSummary:
    organization: str
    created_organization: bool
    created_parent: str | None = None
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    commitments: int = 0  # subjects whose 公开承诺 the roster set

    @property
    def changes(self) -> list[tuple[str, list[str]]]:
        """Members added, updated and deactivated, each with its label."""
        return [
            (N_("新增"), self.added),
            (N_("更新"), self.updated),
            (N_("停用"), self.deactivated),
        ]

    def describe(self) -> str:
        """One line for the audit log: counts only."""
        parts = [("新建" if self.created_organization else "更新") + "组织"]
        parts += [f"{label} {len(names)} 人" for label, names in self.changes if names]
        if self.commitments:
            parts.append(f"设置公开承诺 {self.commitments} 个")
        return "，".join(parts)


def _cell(text: object) -> str:
    return "" if text is None else clean_text(str(text))


def _row(rows: dict[int, tuple[object, ...]], number: int) -> tuple[object, ...]:
    """A row's cells A… (as many as the roster has), missing ones None."""
    cells = tuple(rows.get(number, ()))[:COLUMNS]
    return cells + (None,) * (COLUMNS - len(cells))


def _commitment_lines(cell: object, row: int, errors: list[Phrase]) -> list[str] | None:
    """A 公开承诺 cell as its list (None: blank); an error names the row."""
    lines = commitment_lines("" if cell is None else str(cell))
    if not lines:
        return None
    if len(lines) > COMMITMENT_LIST_LIMIT:
        errors.append(
            Phrase(
                N_("第{row}行：公开承诺最多 {limit} 项，收到 {count} 项。"),
                row=row,
                limit=COMMITMENT_LIST_LIMIT,
                count=len(lines),
            )
        )
    elif any(len(line) > COMMITMENT_TEXT_LIMIT for line in lines):
        errors.append(
            Phrase(
                N_("第{row}行：公开承诺每项不超过 {limit} 字。"),
                row=row,
                limit=COMMITMENT_TEXT_LIMIT,
            )
        )
    return lines


def parse_roster(rows: dict[int, tuple[object, ...]]) -> tuple[RosterData | None, list[Phrase]]:
    """Check a roster given as {row number: (column A, B, C)}. Errors name their row."""
    errors: list[Phrase] = []
    for row, label in HEADER_ROWS.items():
        if _cell(rows.get(row, (None, None))[0]) != label:
            errors.append(
                Phrase(
                    N_(
                        "第{row}行：A列应为「{label}」，"
                        "请使用 /roster_template（或 pingyi roster template）生成的模板。"
                    ),
                    row=row,
                    label=label,
                )
            )
    header = tuple(_cell(v) for v in _row(rows, MEMBER_HEADER_ROW))
    if header[0] != MEMBER_HEADERS[0]:
        errors.append(
            Phrase(
                N_("第{row}行：A列应为「{label}」。"),
                row=MEMBER_HEADER_ROW,
                label=MEMBER_HEADERS[0],
            )
        )
    if errors:
        return None, errors

    name = _cell(rows[1][1])
    sector = _cell(rows[2][1])
    parent = _cell(rows[3][1]) or None
    if not name:
        errors.append(Phrase(N_("第1行：缺少组织名称。")))
    elif len(name) > ORGANIZATION_NAME_LIMIT:
        errors.append(Phrase(N_("第1行：组织名称超过{limit}字。"), limit=ORGANIZATION_NAME_LIMIT))
    if sector not in SECTORS:
        errors.append(
            Phrase(
                N_("第2行：组织类别「{sector}」无效，应为以下之一：{choices}。"),
                sector=sector,
                choices=SECTORS,
            )
        )
    if parent is not None and parent == name:
        errors.append(Phrase(N_("第3行：上级组织不能是本组织。")))
    elif parent is not None and len(parent) > ORGANIZATION_NAME_LIMIT:
        errors.append(
            Phrase(N_("第3行：上级组织名称超过{limit}字。"), limit=ORGANIZATION_NAME_LIMIT)
        )

    promised: dict[str | None, list[str]] = {}
    label, own = _row(rows, COMMITMENTS_ROW)[:2]
    if _cell(label) == COMMITMENTS_LABEL:
        lines = _commitment_lines(own, COMMITMENTS_ROW, errors)
        if lines is not None:
            promised[None] = lines
    members: list[tuple[str, str | None]] = []
    seen: dict[str, int] = {}
    for row in sorted(r for r in rows if r >= FIRST_MEMBER_ROW):
        name_cell, role_cell, commitments_cell = _row(rows, row)
        member, written = _cell(name_cell), _cell(role_cell)
        lines = _commitment_lines(commitments_cell, row, errors)
        if not member and not written and lines is None:
            continue
        role = roles.canonical(written)
        if not member:
            errors.append(Phrase(N_("第{row}行：有角色但缺少党员姓名。"), row=row))
        elif len(member) > NAME_LIMIT or len(written) > NAME_LIMIT:
            errors.append(
                Phrase(N_("第{row}行：姓名或角色超过{limit}字。"), row=row, limit=NAME_LIMIT)
            )

        elif member in seen:
            errors.append(
                Phrase(
                    N_("第{row}行：党员姓名「{name}」与第{first}行重复。"),
                    row=row,
                    name=member,
                    first=seen[member],
                )
            )
        else:
            seen[member] = row
            members.append((member, role))
            if lines is not None:
                promised[member] = lines
    if errors:
        return None, errors
    return RosterData(name, sector, parent, members, promised), []


async def import_roster(
    session: AsyncSession, caller: Caller, data: RosterData, now: datetime
) -> ImportSummary:
    """Create or update the organization and make its member list the roster's, in order.

    Members missing from the roster are deactivated, not deleted: past campaigns keep
    their own snapshot and stay exportable.

    The caller must manage the organization, and the parent it names if that changes; a new
    organization needs a managed parent, and only a super-organizer creates new top levels.
    """
    organization = await organization_repo.organization_by_name(session, data.organization)
    parent = (
        await organization_repo.organization_by_name(session, data.parent) if data.parent else None
    )
    if organization is not None:
        await access.require(session, caller, organization.id)
    if parent is not None and (organization is None or organization.parent_id != parent.id):
        await access.require(session, caller, parent.id)
    new_top_level = parent is None and (organization is None or organization.parent_id is not None)
    if new_top_level or (data.parent and parent is None):
        require_super(caller)  # a new top level, or a new parent to create
    summary = ImportSummary(data.organization, created_organization=organization is None)
    if organization is None:
        organization = Organization(name=data.organization)
        session.add(organization)
    organization.sector = data.sector
    organization.parent_id = None
    if data.parent:
        if parent is None:
            parent = Organization(name=data.parent)
            session.add(parent)
            summary.created_parent = data.parent
        await session.flush()
        if await _is_descendant(session, parent, organization.id):
            await session.rollback()
            raise ValueError(
                Phrase(N_("第3行：「{name}」是本组织的下级，不能作为上级组织。"), name=data.parent)
            )
        organization.parent_id = parent.id
    await session.flush()

    existing = {
        m.name: m for m in await organization_repo.members_of(session, organization.id, False)
    }
    for position, (name, role) in enumerate(data.members):
        member = existing.pop(name, None)
        if member is None:
            session.add(
                Member(
                    organization_id=organization.id,
                    name=name,
                    role=role,
                    position=position,
                    active=True,
                )
            )
            summary.added.append(name)
            continue
        if (member.role, member.position, member.active) != (role, position, True):
            summary.updated.append(name)
        member.role, member.position, member.active = role, position, True
    for member in existing.values():
        if member.active:
            member.active = False
            summary.deactivated.append(member.name)
    await session.flush()
    for owner, lines in data.commitments.items():
        await commitments.store_list(session, caller, organization.id, owner, lines, now)
        summary.commitments += 1
    audit.record(
        session,
        caller,
        audit.ROSTER_IMPORTED,
        now,
        organization_id=organization.id,
        detail=summary.describe(),
    )
    await session.commit()
    return summary


async def _is_descendant(session: AsyncSession, candidate: Organization, root_id: int) -> bool:
    """True if ``candidate`` is ``root_id`` or lies below it (which would make a cycle)."""
    seen = set()
    node: Organization | None = candidate
    while node is not None and node.id not in seen:
        if node.id == root_id:
            return True
        seen.add(node.id)
        node = (
            await organization_repo.organization(session, node.parent_id)
            if node.parent_id
            else None
        )
    return False


async def roster_of(
    session: AsyncSession, caller: Caller, organization_id: int
) -> tuple[Organization, list[Member]]:
    """An organization the caller manages, with its active members in roster order."""
    await access.require(session, caller, organization_id)
    organization = await organization_repo.organization(session, organization_id)
    return organization, list(await organization_repo.members_of(session, organization_id))
