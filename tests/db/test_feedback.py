"""结果反馈 on both databases: released once after 审定, a 反馈单 per bound member through the
outbox and the organizers' 组织反馈单 with the unbound members' sheets; each member's holds
their own figures and comments and nobody else's."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from sqlalchemy import select

from bot import notices
from evaluation import comments, feedback, members, rectification, review
from evaluation.callers import OPERATOR, Caller
from evaluation.outbox import Outgoing
from evaluation.outgoing import Kind
from evaluation.tally import DEFAULT_RULE
from storage import access as access_repo
from storage.models import OutboxMessage, Suggestion
from support.sample import NOW
from tests.db.test_access import become
from tests.db.test_review import ROSTER, branch
from tests.factories import PSEUDONYMS

ORGANIZER = Caller(61, False)


async def queued(session) -> list[OutboxMessage]:
    return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def outgoing(row: OutboxMessage) -> Outgoing:
    return Outgoing(
        row.id,
        row.recipient,
        row.address,
        row.reason,
        row.kind,
        row.campaign_id,
        dict(row.payload),
        0,
    )


async def test_results_go_back_once_each_to_their_own_member(session):
    campaign, ids = await branch(session)
    await become(session, ORGANIZER, campaign.organization_id)
    # 周老师 never claimed: take back the binding branch() made.
    link = await members.issue_link(session, OPERATOR, ids["周老师"], NOW)
    assert link.withdrew_binding
    known = {s.name: s for s in await comments.subjects(session, campaign)}
    for name, strengths in (("李老师", "教学认真"), ("周老师", "乐于助人")):
        written = comments.cleaned([None] * 6, strengths, f"{name}需改进之处")
        found = [comments.SheetComment(known[name], "钱委员", "党支部委员", written)]
        await comments.import_sheet(session, OPERATOR, campaign.id, found, NOW)
    # 整改 items about 李老师: the open one reaches his 反馈单, the finished one does not.
    for code, text in (
        ("OPEN-AAAA", "作业布置过多"),
        ("DONE-BBBB", "课堂迟到"),
        ("ORGS-CCCC", "食堂"),
    ):
        session.add(Suggestion(code=code, campaign_id=campaign.id, text=text, status="待处理"))
    await session.commit()
    for code, status in (("OPEN-AAAA", "整改中"), ("DONE-BBBB", "已办结")):
        item = await rectification.update(
            session, ORGANIZER, code, NOW, PSEUDONYMS, member="李老师", status=status
        )
        assert item.member == "李老师"
    with pytest.raises(rectification.RectificationError, match="没有名为「王老师」的党员"):
        await rectification.update(
            session, ORGANIZER, "ORGS-CCCC", NOW, PSEUDONYMS, member="王老师"
        )
    item = await rectification.update(session, ORGANIZER, "ORGS-CCCC", NOW, PSEUDONYMS, member="无")
    assert item.member is None
    with pytest.raises(feedback.FeedbackError, match="请先完成支部审定"):
        await feedback.release(session, ORGANIZER, campaign.id, PSEUDONYMS, NOW)
    current = await review.review(session, OPERATOR, campaign.id)
    for member in current.members:
        reason = None if member.suggested else "无"
        await review.decide(
            session, OPERATOR, campaign.id, member.member_id, member.suggested, reason, NOW
        )
    await review.finish(session, OPERATOR, campaign.id, NOW, close=True)

    released = await feedback.release(session, ORGANIZER, campaign.id, PSEUDONYMS, NOW)
    assert (released.sent, released.unbound, released.organizers) == (4, [ids["周老师"]], 1)
    with pytest.raises(feedback.FeedbackError, match="已经反馈过了"):
        await feedback.release(session, ORGANIZER, campaign.id, PSEUDONYMS, NOW)
    rows = [
        r
        for r in await queued(session)
        if r.kind in (Kind.MEMBER_FEEDBACK, Kind.ORGANIZATION_FEEDBACK)
    ]
    # One row per Bot API call: each member's message and picture, the organizer's three.
    members_rows = [r for r in rows if r.kind == Kind.MEMBER_FEEDBACK]
    assert sorted(PSEUDONYMS.unseal(r.address) for r in members_rows) == sorted(
        [800, 801, 802, 803] * 2
    )
    organizer_rows = [r for r in rows if r.kind == Kind.ORGANIZATION_FEEDBACK]
    assert [r.payload["part"] for r in organizer_rows] == ["text", "sheet", "archive"]
    assert {PSEUDONYMS.unseal(r.address) for r in organizer_rows} == {ORGANIZER.user_id}

    names = [name for name, _ in ROSTER]
    by_member: dict[int, dict] = {}
    for row in members_rows:
        parts = await notices.feedback_parts(session, campaign, outgoing(row), None, DEFAULT_RULE)
        by_member.setdefault(row.payload["member"], {})[row.payload["part"]] = parts
    for parts in by_member.values():
        [text], sheets = [part.text for part in parts["text"]], parts["sheet"]
        # A photo per A4 page, the 打印版 PDF button under the last.
        assert [part.markup is not None for part in sheets] == [False] * (len(sheets) - 1) + [True]
        own = next(n for n in names if f"党员：{n}" in text)
        assert [n for n in names if n in text and n != "钱委员"] == [own] or own == "钱委员"
        if own == "李老师":
            assert "优点：教学认真" in text and "李老师需改进之处" in text
            assert "待整改事项：\n· 作业布置过多（整改中）" in text
        else:
            assert "待整改事项" not in text and "作业布置过多" not in text
        assert "周老师" not in text and "乐于助人" not in text
        assert "课堂迟到" not in text and "食堂" not in text
        for sheet in sheets:
            assert Image.open(io.BytesIO(sheet.file.data)).size == (1240, 1754)

    text, sheet, archived = [
        (await notices.feedback_parts(session, campaign, outgoing(r), None, DEFAULT_RULE))[0]
        for r in organizer_rows
    ]
    assert "另有 1 名党员未认领" in text.text
    assert Image.open(io.BytesIO(sheet.file.data)).size == (1240, 1754)
    archive = zipfile.ZipFile(io.BytesIO(archived.file.data))
    assert archive.namelist() == ["反馈单-周老师.pdf"]  # for printing
    assert archive.read("反馈单-周老师.pdf").startswith(b"%PDF")
    entries = [entry.detail for entry, _ in await access_repo.audit_page(session, 30, 0)]
    assert any(d.startswith("私信 4 名党员，未认领 1 名") for d in entries)
