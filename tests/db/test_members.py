"""Members the bot knows (认领): links, bindings, re-issue, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from evaluation import audit, members
from evaluation.callers import OPERATOR, Caller, Forbidden
from evaluation.members import MemberError
from evaluation.roster import RosterData, import_roster
from storage import organizations as organization_repo
from storage.models import AuditEntry, MemberBinding
from support.sample import NOW, ORG
from tests.factories import PSEUDONYMS


async def test_a_member_is_bound_once_and_a_new_link_withdraws_the_binding(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    name, rows = await members.members(session, OPERATOR, organization.id)
    assert name == ORG and len(rows) == 9 and not any(row.bound for row in rows)
    wang, li = rows[0], rows[1]

    first = await members.issue_link(session, OPERATOR, wang.id, NOW)
    assert first.token.startswith("member_") and not first.withdrew_binding
    claimed = await members.claim(session, PSEUDONYMS, first.token, 501, NOW)
    assert (claimed.name, claimed.organization) == (wang.name, ORG)
    [binding] = (await session.scalars(select(MemberBinding))).all()
    assert binding.account == PSEUDONYMS.member_account(501) != PSEUDONYMS.person(501)
    assert PSEUDONYMS.unseal(binding.address) == 501 and "501" not in binding.account

    # The link is spent; a stranger's link is no link; one account is one member.
    for token, user in ((first.token, 502), ("member_nope", 502)):
        with pytest.raises(MemberError, match="无效或已失效"):
            await members.claim(session, PSEUDONYMS, token, user, NOW)
    second = await members.issue_link(session, OPERATOR, li.id, NOW)
    with pytest.raises(MemberError, match=f"已认领本组织的党员「{wang.name}」"):
        await members.claim(session, PSEUDONYMS, second.token, 501, NOW)
    await members.claim(session, PSEUDONYMS, second.token, 502, NOW)  # still usable by Li

    # A new link for Wang withdraws his binding and his older link.
    again = await members.issue_link(session, OPERATOR, wang.id, NOW + timedelta(hours=1))
    assert again.withdrew_binding
    assert set(await organization_repo.bindings_of(session, organization.id)) == {li.id}
    await members.claim(session, PSEUDONYMS, again.token, 503, NOW)
    bound = await organization_repo.bindings_of(session, organization.id)
    assert PSEUDONYMS.unseal(bound[wang.id].address) == 503
    _, rows = await members.members(session, OPERATOR, organization.id)
    assert [row.bound for row in rows[:3]] == [True, True, False]

    actions = [e.action for e in await session.scalars(select(AuditEntry))]
    assert actions.count(audit.MEMBER_LINK) == 3 and actions.count(audit.MEMBER_BOUND) == 3
    assert actions.count(audit.MEMBER_UNBOUND) == 1
    entries, _ = await audit.entries(session, OPERATOR)
    assert any(e.actor == "党员本人" and e.detail == wang.name for e in entries)


async def test_links_only_for_the_organizations_one_manages(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    await import_roster(
        session, OPERATOR, RosterData("其他支部", "机关", None, [("孙强", None)]), NOW
    )
    _, rows = await members.members(session, OPERATOR, organization.id)
    stranger = Caller(777, False)
    with pytest.raises(Forbidden):
        await members.issue_link(session, stranger, rows[0].id, NOW)
    with pytest.raises(Forbidden):
        await members.members(session, stranger, organization.id)
    with pytest.raises(Forbidden):  # an id that does not exist answers the same
        await members.issue_link(session, stranger, 99_999, NOW)
    with pytest.raises(MemberError, match="没有这名党员"):
        await members.issue_link(session, OPERATOR, 99_999, NOW)


async def test_printed_slips_skip_the_bound_and_leave_unused_links_alone(session, roster):
    organization = await organization_repo.organization_by_name(session, ORG)
    slips = await members.issue_links(session, OPERATOR, organization.id, NOW, False)
    assert len(slips.issued) == 9 and slips.kept_live == 0
    first = slips.issued[0]
    await members.claim(session, PSEUDONYMS, first.token, 601, NOW)
    # Run again: the 8 links handed out and not used yet stay valid; no slip is printed.
    again = await members.issue_links(session, OPERATOR, organization.id, NOW, False)
    assert again.issued == [] and again.kept_live == 8
    unused = slips.issued[1]
    assert await organization_repo.member_link(session, unused.token) is not None
    # Pressing an unclaimed member in the chat shows that same link, not a new one.
    shown = await members.issue_link(session, OPERATOR, unused.member_id, NOW)
    assert shown.token == unused.token and shown.reused
    # --renew withdraws them and says how many; --all also takes the bound member's binding.
    renewed = await members.issue_links(session, OPERATOR, organization.id, NOW, False, True)
    assert len(renewed.issued) == 8 and sum(link.withdrew_link for link in renewed.issued) == 8
    assert await organization_repo.member_link(session, unused.token) is None
    slips = await members.issue_links(session, OPERATOR, organization.id, NOW, True, True)
    issued = slips.issued
    assert len(issued) == 9 and [link.withdrew_binding for link in issued].count(True) == 1
