"""逐级点评 in the core, on both databases: the subjects and their content lists, who may
comment on whom, and the desk workbook (written, filled, checked by row, imported twice)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from evaluation import commenters, comments
from evaluation.callers import OPERATOR, Caller, Forbidden
from evaluation.comments import (
    LEADER_ITEMS,
    LEADER_KIND,
    MEMBER_ITEMS,
    MEMBER_KIND,
    ORGANIZATION_ITEMS,
    ORGANIZATION_KIND,
)
from evaluation.roster import RosterData, import_roster
from exports.comment_sheets import FIRST_ROW, read_sheets, write_template
from storage import access as access_repo
from storage import organizations as organization_repo
from support.sample import NOW
from tests.db.test_access import become
from tests.factories import open_campaign

COUNTY, SCHOOL = "县教育党委", "实验小学党支部"
ROSTER = [  # roles as parse_roster stores them (it reads 书记, 组织委员 … as these)
    ("赵书记", "党支部书记"),
    ("钱委员", "党支部委员"),
    ("孙委员", "党支部委员"),
    ("李老师", None),
    ("周校长", "党员领导干部"),
]
COUNTY_ORGANIZER, SCHOOL_ORGANIZER = Caller(51, False), Caller(52, False)


async def school(session):
    await import_roster(session, OPERATOR, RosterData(COUNTY, "学校医院", None, []), NOW)
    await import_roster(session, OPERATOR, RosterData(SCHOOL, "学校医院", COUNTY, ROSTER), NOW)
    campaign = await open_campaign(session, SCHOOL)
    await become(
        session,
        COUNTY_ORGANIZER,
        (await organization_repo.organization_by_name(session, COUNTY)).id,
    )
    await become(session, SCHOOL_ORGANIZER, campaign.organization_id)
    return campaign


async def test_subjects_kinds_and_who_comments_on_whom(session):
    campaign = await school(session)
    subjects = await comments.subjects(session, campaign)
    assert [(s.name, s.kind) for s in subjects] == [
        (SCHOOL, ORGANIZATION_KIND),
        ("赵书记（党支部书记）", LEADER_KIND),
        ("钱委员（党支部委员）", LEADER_KIND),
        ("孙委员（党支部委员）", LEADER_KIND),
        ("李老师", MEMBER_KIND),
        ("周校长（党员领导干部）", LEADER_KIND),
    ]
    assert subjects[0].items == ORGANIZATION_ITEMS and subjects[4].items == MEMBER_ITEMS
    assert subjects[1].items == LEADER_ITEMS
    organization, _secretary, qian, sun, teacher, head = subjects

    # Organizers: the branch's on its members; the organization from the level above.
    may = commenters.organizer_may_comment
    assert await may(session, COUNTY_ORGANIZER, campaign, organization)
    assert not await may(session, SCHOOL_ORGANIZER, campaign, organization)
    assert await may(session, SCHOOL_ORGANIZER, campaign, teacher)
    assert not await may(session, Caller(77, False), campaign, teacher)

    # Members by role: 书记 on 支委, 支委 on 党员 and 党员领导干部, nobody on themself.
    members = {
        m.name: m for m in await organization_repo.members_of(session, campaign.organization_id)
    }
    allowed = {
        name: [s.name for s in subjects if commenters.member_may_comment(member, s)]
        for name, member in members.items()
    }
    assert allowed == {
        "赵书记": [qian.name, sun.name],
        "钱委员": [teacher.name, head.name],
        "孙委员": [teacher.name, head.name],
        "李老师": [],
        "周校长": [],
    }


def fill(template: bytes, rows: dict[str, list[list[object]]]) -> bytes:
    """The template with each kind's rows written from its first subject row on."""
    workbook = load_workbook(io.BytesIO(template))
    for kind, values in rows.items():
        sheet = workbook[kind]
        for offset, cells in enumerate(values):
            for column, value in enumerate(cells, start=1):
                sheet.cell(FIRST_ROW + offset, column).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_the_desk_workbook_is_checked_by_row_and_imported_as_signed(session, tmp_path):
    campaign = await school(session)
    subjects = await comments.subjects(session, campaign)
    path = tmp_path / "点评.xlsx"
    write_template(path, campaign.id, SCHOOL, subjects)
    template = load_workbook(path)
    assert template.sheetnames == [ORGANIZATION_KIND, LEADER_KIND, MEMBER_KIND]
    member_rows = [
        r[0] for r in template[MEMBER_KIND].iter_rows(min_row=FIRST_ROW, values_only=True)
    ]
    assert member_rows == ["李老师"]
    header = next(template[LEADER_KIND].iter_rows(min_row=4, max_row=4, values_only=True))
    assert tuple(h.replace("\n", "") for h in header[3 : 3 + len(LEADER_ITEMS)]) == LEADER_ITEMS

    blank = [None] * len(MEMBER_ITEMS)
    bad = fill(
        path.read_bytes(),
        {
            MEMBER_KIND: [
                ["李老师", "钱委员", "党支部委员", "积极参加", *blank[1:], "带头", None],
                ["王无名", "钱委员", "党支部委员", *blank, "好", "改"],
                ["李老师", None, None, "长" * 201, *blank[1:], "好", "改"],
            ]
        },
    )
    known = await comments.subjects(session, campaign)
    _, errors = comments.parse_sheets(read_sheets(io.BytesIO(bad)), campaign.id, known)
    assert [e.split("：")[0] for e in errors] == [
        f"「{MEMBER_KIND}」第{FIRST_ROW}行",
        f"「{MEMBER_KIND}」第{FIRST_ROW + 1}行",
        f"「{MEMBER_KIND}」第{FIRST_ROW + 2}行",
    ]
    assert "「需改进」必须填写" in errors[0] and "王无名" in errors[1] and "点评人" in errors[2]
    _, wrong = comments.parse_sheets(read_sheets(io.BytesIO(bad)), campaign.id + 1, known)
    assert "不是评议" in wrong[0]

    good = fill(
        path.read_bytes(),
        {
            ORGANIZATION_KIND: [
                [
                    SCHOOL,
                    "吴副书记",
                    "县教育党委副书记",
                    "领导有力",
                    *[None] * 5,
                    "班子团结",
                    "创建活动与教学结合不够",
                ]
            ],
            MEMBER_KIND: [["李老师", "钱委员", "党支部委员", *blank, "教学认真", "联系家长不够"]],
        },
    )
    found, errors = comments.parse_sheets(read_sheets(io.BytesIO(good)), campaign.id, known)
    assert errors == []
    for _ in range(2):  # imported again: replaced, not doubled
        await comments.import_sheet(session, OPERATOR, campaign.id, found, NOW)
    _, rows = await comments.of_campaign(session, OPERATOR, campaign.id)
    assert [(r.subject.name, r.commenter_name, r.commenter_role) for r in rows] == [
        (SCHOOL, "吴副书记", "县教育党委副书记"),
        ("李老师", "钱委员", "党支部委员"),
    ]
    assert rows[0].written.items[0] == "领导有力" and rows[0].written.items[1:] == (None,) * 5
    assert rows[1].written.improvements == "联系家长不够"
    entries = [entry for entry, _ in await access_repo.audit_page(session, 10, 0)]
    assert any("钱委员（党支部委员）点评 李老师" in e.detail for e in entries)


async def test_an_organizer_changes_who_comments_on_whom(session):
    from evaluation.campaigns import CampaignError, close_campaign

    campaign = await school(session)
    subjects = {s.name: s for s in await comments.subjects(session, campaign)}
    members = {
        m.name: m for m in await organization_repo.members_of(session, campaign.organization_id)
    }
    teacher = subjects["李老师"]

    async def who() -> list[str]:
        return [m.name for m in await commenters.commenters_of(session, campaign, teacher)]

    assert await who() == ["钱委员", "孙委员"]  # the roles' default
    await commenters.choose_commenters(
        session, SCHOOL_ORGANIZER, campaign.id, teacher.key, {members["周校长"].id}, NOW
    )
    assert await who() == ["周校长"]
    assert not await commenters.may_member_comment(session, campaign, members["钱委员"], teacher)
    assert await commenters.may_member_comment(session, campaign, members["周校长"], teacher)
    await commenters.toggle_commenter(
        session, SCHOOL_ORGANIZER, campaign.id, teacher.key, members["赵书记"].id, NOW
    )
    assert await who() == ["赵书记", "周校长"]
    await commenters.choose_commenters(
        session, SCHOOL_ORGANIZER, campaign.id, teacher.key, None, NOW
    )
    assert await who() == ["钱委员", "孙委员"]
    for subject, chosen, message in (
        (0, {members["赵书记"].id}, "本组织由上级组织者点评"),
        (teacher.key, {teacher.key}, "其他党员"),
    ):
        with pytest.raises(CampaignError, match=message):
            await commenters.choose_commenters(
                session, SCHOOL_ORGANIZER, campaign.id, subject, chosen, NOW
            )
    with pytest.raises(Forbidden):
        await commenters.choose_commenters(
            session, Caller(77, False), campaign.id, teacher.key, None, NOW
        )
    await close_campaign(session, OPERATOR, campaign.id, NOW)
    with pytest.raises(CampaignError, match="点评人不能再改"):
        await commenters.choose_commenters(
            session, SCHOOL_ORGANIZER, campaign.id, teacher.key, None, NOW
        )
    entries = [entry.detail for entry, _ in await access_repo.audit_page(session, 30, 0)]
    assert "李老师：周校长" in entries and "李老师：按角色" in entries
