"""公开承诺: each member's and the organization's 承诺事项, short lines of text, each with its
践诺 state. An organizer (or the command line) sets a subject's whole list; a state changes
one item. A campaign snapshots them when it opens, so its ballot asks about what was promised
then (「公开承诺是否完成」)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, audit
from evaluation.callers import MEMBER, Caller, Forbidden
from evaluation.pseudonyms import Pseudonyms
from evaluation.refusals import Refusal
from evaluation.text import clean_text, telegram_length
from evaluation.wording import N_, Phrase
from storage import organizations as organization_repo

STATES = (N_("未开始"), N_("进行中"), N_("已完成"))  # 践诺
NOT_STARTED = STATES[0]
TEXT_LIMIT = 100  # characters in one 承诺事项
LIST_LIMIT = 10  # 承诺事项 of one member or organization
_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"


def item_mark(index: int) -> str:
    """How the ``index``-th (from 0) 承诺事项 is numbered where they are listed: ①…⑩."""
    return _MARKS[index] if index < len(_MARKS) else str(index + 1)


class CommitmentError(Refusal):
    """Commitments that cannot be stored as given; the message says why."""


@dataclass(frozen=True)
class Item:
    id: int
    text: str
    state: str


@dataclass(frozen=True)
class Commitments:
    """One subject's list: ``member`` None is the organization itself."""

    member: str | None
    items: tuple[Item, ...]
    member_id: int | None = None


def lines_of(text: str) -> list[str]:
    """A cell or a message: one 承诺事项 a line, blank lines dropped."""
    return [line for line in (clean_text(part) for part in text.splitlines()) if line]


async def listing(session: AsyncSession, caller: Caller, organization_id: int) -> list[Commitments]:
    """The organization's own list first, then its members' in roster order (empty ones too)."""
    await access.require(session, caller, organization_id)
    rows = await organization_repo.commitments_of(session, organization_id)
    members = await organization_repo.members_of(session, organization_id)
    by_owner: dict[int | None, list[Item]] = {}
    for row in rows:
        by_owner.setdefault(row.member_id, []).append(Item(row.id, row.text, row.state))
    subjects = [Commitments(None, tuple(by_owner.get(None, ())))]
    subjects += [Commitments(m.name, tuple(by_owner.get(m.id, ())), m.id) for m in members]
    return subjects


async def set_list(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    member: str | None,
    lines: list[str],
    now: datetime,
) -> Commitments:
    """Replace a subject's 承诺事项; an item that stays keeps its 践诺 state."""
    await access.require(session, caller, organization_id)
    stored = await store_list(session, caller, organization_id, member, lines, now)
    await session.commit()
    return stored


async def store_list(session, caller: Caller, organization_id: int, member, lines, now):
    """``set_list`` once the caller's right to it is settled, without the commit (the roster's
    import makes it part of its own transaction)."""
    member_id = None
    if member is not None:
        found = {m.name: m for m in await organization_repo.members_of(session, organization_id)}
        if member not in found:
            raise CommitmentError(Phrase(N_("名册里没有党员「{name}」。"), name=member))
        member_id = found[member].id
    if len(lines) > LIST_LIMIT:
        raise CommitmentError(
            Phrase(
                N_("承诺事项最多 {limit} 项，收到 {count} 项。"), limit=LIST_LIMIT, count=len(lines)
            )
        )
    for number, line in enumerate(lines, start=1):
        if telegram_length(line) > TEXT_LIMIT:
            raise CommitmentError(
                Phrase(N_("第 {number} 项超过 {limit} 字。"), number=number, limit=TEXT_LIMIT)
            )
    kept = {
        row.text: row.state
        for row in await organization_repo.commitments_of(session, organization_id)
        if row.member_id == member_id
    }
    rows = [
        {
            "organization_id": organization_id,
            "member_id": member_id,
            "position": position,
            "text": line,
            "state": kept.get(line, NOT_STARTED),
            "updated_at": now,
        }
        for position, line in enumerate(lines)
    ]
    await organization_repo.replace_commitments(session, organization_id, member_id, rows)
    owner = member or (await organization_repo.organization(session, organization_id)).name
    audit.record(
        session,
        caller,
        audit.COMMITMENTS_SET,
        now,
        organization_id=organization_id,
        detail=f"{owner}：{len(lines)} 项",
    )
    await session.flush()
    stored = await organization_repo.commitments_of(session, organization_id)
    items = tuple(Item(r.id, r.text, r.state) for r in stored if r.member_id == member_id)
    return Commitments(member, items, member_id)


async def set_state(
    session: AsyncSession, caller: Caller, commitment_id: int, state: str, now: datetime
) -> Item:
    """One item's 践诺 state: 未开始, 进行中 or 已完成."""
    row = await organization_repo.commitment(session, commitment_id)
    if row is None:
        raise Forbidden if not caller.is_super else CommitmentError(N_("没有这项承诺。"))
    await access.require(session, caller, row.organization_id)
    return await _store_state(session, caller, row, state, now)


async def _store_state(session: AsyncSession, caller: Caller, row, state: str, now: datetime):
    """``set_state`` once the caller's right to it is settled."""
    if state not in STATES:
        raise _wrong_state()
    if row.state == state:  # pressed twice: nothing to record
        return Item(row.id, row.text, row.state)
    row.state, row.updated_at = state, now
    # Whose item, by name: a member's own change is logged as 党员本人, never their account.
    owner = (
        (await organization_repo.member(session, row.member_id)).name if row.member_id else "本组织"
    )
    audit.record(
        session,
        caller,
        audit.COMMITMENT_STATE,
        now,
        organization_id=row.organization_id,
        detail=f"{owner}：{row.text[:40]}：{state}",
    )
    await session.commit()
    return Item(row.id, row.text, row.state)


def state_at(index: int) -> str:
    """The 践诺 state a button names by its place in ``STATES``."""
    if not 0 <= index < len(STATES):
        raise _wrong_state()
    return STATES[index]


def _wrong_state() -> CommitmentError:
    choices = tuple(map(Phrase, STATES))
    return CommitmentError(Phrase(N_("践诺状态应为：{choices}"), choices=choices))


async def choose_state(
    session: AsyncSession,
    caller: Caller,
    commitment_id: int,
    index: int,
    now: datetime,
    change: bool = True,
) -> tuple[int, int | None, Item]:
    """An organizer gives an item the state its button names (or, without ``change``, only
    finds it); (organization, member, item)."""
    row = await organization_repo.commitment(session, commitment_id)
    if row is None:
        raise Forbidden if not caller.is_super else CommitmentError(N_("没有这项承诺。"))
    await access.require(session, caller, row.organization_id)
    owner = (row.organization_id, row.member_id)
    if not change:
        return (*owner, Item(row.id, row.text, row.state))
    return (*owner, await _store_state(session, caller, row, state_at(index), now))


async def for_snapshot(session: AsyncSession, organization_id: int) -> dict[str | None, tuple]:
    """What a campaign opening now snapshots: subject (None: the organization, else a member's
    name) → ((text, state), …)."""
    names = {m.id: m.name for m in await organization_repo.members_of(session, organization_id)}
    snapshot: dict[str | None, list[tuple[str, str]]] = {}
    for row in await organization_repo.commitments_of(session, organization_id):
        if row.member_id is None or row.member_id in names:
            owner = None if row.member_id is None else names[row.member_id]
            snapshot.setdefault(owner, []).append((row.text, row.state))
    return {owner: tuple(items) for owner, items in snapshot.items()}


# --- a bound member's own (/my_commitments) --------------------------------------------------


NOT_BOUND = N_("您还没有认领党员身份：请向组织者索取您的个人认领链接。")


async def own(session: AsyncSession, pseudonyms: Pseudonyms, user_id: int) -> list[Commitments]:
    """The 承诺事项 of every member this account is bound to (认领), one list each."""
    bound = await organization_repo.bound_members(session, pseudonyms.member_account(user_id))
    if not bound:
        raise CommitmentError(NOT_BOUND)
    lists = []
    for member in bound:
        rows = await organization_repo.commitments_of(session, member.organization_id)
        items = tuple(Item(r.id, r.text, r.state) for r in rows if r.member_id == member.id)
        lists.append(Commitments(member.name, items))
    return lists


async def set_own_list(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, lines: list[str], now: datetime
) -> Commitments:
    """A bound member replaces their own list (one binding: several would be ambiguous)."""
    bound = await organization_repo.bound_members(session, pseudonyms.member_account(user_id))
    if not bound:
        raise CommitmentError(NOT_BOUND)
    if len(bound) > 1:
        raise CommitmentError(N_("您认领了多个组织的党员身份，请由组织者为您设置承诺事项。"))
    member = bound[0]
    stored = await store_list(session, MEMBER, member.organization_id, member.name, lines, now)
    await session.commit()
    return stored


async def choose_own_state(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    user_id: int,
    commitment_id: int,
    index: int,
    now: datetime,
) -> Item:
    """A bound member gives one of their own items the state its button names: a member cannot
    touch anyone else's."""
    bound = {
        m.id
        for m in await organization_repo.bound_members(session, pseudonyms.member_account(user_id))
    }
    row = await organization_repo.commitment(session, commitment_id)
    if row is None or row.member_id not in bound:
        raise Forbidden
    return await _store_state(session, MEMBER, row, state_at(index), now)
