"""Rights over the organization tree, grant links, the audit log and the wizard, on both DBs."""

from datetime import timedelta

import pytest

from evaluation import access, audit, wizard
from evaluation.callers import OPERATOR, Caller, Forbidden
from evaluation.questionnaire import Rating
from evaluation.roster import RosterData, import_roster
from evaluation.status import campaign_status
from evaluation.tally import Scores
from evaluation.wizard import Choice, Step, WizardRefused
from storage import organizations as organization_repo
from storage import wizard as wizard_repo
from storage.models import Campaign
from support.sample import MEMBERS, NOW, TODAY
from tests.factories import all_satisfied, fill_ballot, open_campaign, person

BRANCH_ORGANIZER = Caller(41, False)
COMMITTEE_ORGANIZER = Caller(42, False)
STRANGER = Caller(43, False)


async def make_tree(session) -> dict[str, int]:
    for name, parent, members in (
        ("支部A1", "党委A", MEMBERS),
        ("支部A2", "党委A", [("孙强", None)]),
        ("支部B1", "党委B", [("吴芳", None)]),
    ):
        await import_roster(session, OPERATOR, RosterData(name, "机关", parent, members), NOW)
    return {o.name: o.id for o in await organization_repo.all_organizations(session)}


async def become(session, caller: Caller, organization_id: int) -> None:
    token = await access.create_grant_link(session, OPERATOR, organization_id, NOW)
    await access.accept_grant(session, token, caller.user_id, f"用户{caller.user_id}", NOW)


async def test_rights_follow_the_tree(session):
    ids = await make_tree(session)
    await become(session, BRANCH_ORGANIZER, ids["支部A1"])
    await become(session, COMMITTEE_ORGANIZER, ids["党委A"])
    assert [o.name for o in await access.managed(session, BRANCH_ORGANIZER)] == ["支部A1"]
    assert [o.name for o in await access.managed(session, COMMITTEE_ORGANIZER)] == [
        "党委A",
        "支部A1",
        "支部A2",
    ]
    assert await access.may_manage(session, COMMITTEE_ORGANIZER, ids["支部A2"])
    assert not await access.may_manage(session, BRANCH_ORGANIZER, ids["支部A2"])
    assert not await access.may_manage(session, COMMITTEE_ORGANIZER, ids["支部B1"])
    assert not await access.is_organizer(session, STRANGER)
    with pytest.raises(Forbidden):
        await access.create_grant_link(session, COMMITTEE_ORGANIZER, ids["支部A1"], NOW)
    with pytest.raises(Forbidden):
        await audit.entries(session, COMMITTEE_ORGANIZER)


async def test_a_grant_link_works_once_and_expires(session):
    ids = await make_tree(session)
    token = await access.create_grant_link(session, OPERATOR, ids["支部A1"], NOW)
    assert access.is_grant_payload(token) and len(token) != 24  # never a ballot token
    await access.accept_grant(session, token, 41, "甲", NOW)
    with pytest.raises(access.GrantError, match="已被使用"):
        await access.accept_grant(session, token, 42, "乙", NOW)
    assert not await access.is_organizer(session, Caller(42, False))

    old = await access.create_grant_link(session, OPERATOR, ids["支部A1"], NOW)
    with pytest.raises(access.GrantError, match="过期"):
        await access.accept_grant(session, old, 42, "乙", NOW + timedelta(days=8))
    with pytest.raises(access.GrantError, match="无效"):
        await access.accept_grant(session, "grant_nope", 42, "乙", NOW)

    assert await access.revoke(session, OPERATOR, ids["支部A1"], 41, NOW)
    assert not await access.revoke(session, OPERATOR, ids["支部A1"], 41, NOW)
    assert not await access.is_organizer(session, Caller(41, False))
    rows, pages = await audit.entries(session, OPERATOR)
    actions = [r.action for r in rows]
    assert pages == 1 and actions.count("撤销组织者") == 1 and actions.count("成为组织者") == 1


async def test_roster_imports_need_rights_on_what_they_touch(session):
    ids = await make_tree(session)
    await become(session, BRANCH_ORGANIZER, ids["支部A1"])
    await become(session, COMMITTEE_ORGANIZER, ids["党委A"])
    data = RosterData("支部A1", "机关", "党委A", [("新人", None)])
    await import_roster(session, BRANCH_ORGANIZER, data, NOW)  # its own branch
    refusals = [
        (BRANCH_ORGANIZER, RosterData("支部A2", "机关", "党委A", [])),  # a sibling
        (BRANCH_ORGANIZER, RosterData("支部A1", "机关", "党委B", [])),  # moving it away
        (BRANCH_ORGANIZER, RosterData("支部A1", "机关", None, [])),  # detaching it
        (COMMITTEE_ORGANIZER, RosterData("新党委", "机关", None, [])),  # a new top level
        (COMMITTEE_ORGANIZER, RosterData("新支部", "机关", "不存在的党委", [])),
    ]
    for caller, data in refusals:
        with pytest.raises(Forbidden):
            await import_roster(session, caller, data, NOW)
    created = RosterData("支部A3", "机关", "党委A", [("王五", None)])
    summary = await import_roster(session, COMMITTEE_ORGANIZER, created, NOW)
    assert summary.created_organization
    created_id = (await organization_repo.organization_by_name(session, "支部A3")).id
    assert await access.may_manage(session, COMMITTEE_ORGANIZER, created_id)


async def test_status_shows_a_grade_only_from_five_valid_answers(session, roster):
    campaign = await open_campaign(session, ask_category=False)
    questions = 6 + 9 * 5
    for n in range(4):
        await fill_ballot(session, campaign.id, person(n), all_satisfied(questions))
    report = await campaign_status(session, OPERATOR, campaign.id)
    assert report.submitted == 4 and all(s.grade is None for s in report.subjects)
    # The fifth ballot says 不了解 about the first member: that member stays hidden.
    fifth = all_satisfied(questions)
    fifth[6:11] = [Rating.UNKNOWN] * 5
    await fill_ballot(session, campaign.id, person(5), fifth)
    report = await campaign_status(session, OPERATOR, campaign.id)
    grades = {s.name: s.grade for s in report.subjects}
    assert grades["王建国（党支部书记）"] is None
    assert grades["李秀英（党员领导干部）"] == "满意" and report.subjects[0].grade == "满意"
    assert report.participation_rate == 5 / 30
    with pytest.raises(Forbidden):
        await campaign_status(session, STRANGER, campaign.id)


async def test_the_wizard_refuses_stale_buttons_and_bad_numbers_then_opens(session, roster):
    organization = await organization_repo.organization_by_name(session, roster.organization)
    screen = await wizard.begin(session, OPERATOR_USER, TODAY)
    assert [o.name for o in screen.organizations] == [roster.organization]
    screen = await choose(session, Step.ORGANIZATION, Choice.ORGANIZATION, organization.id)
    assert screen.step == Step.TEMPLATE and screen.sector_goal == "服务发展"
    with pytest.raises(WizardRefused, match="过期") as stale:
        await choose(session, Step.ORGANIZATION, Choice.ORGANIZATION, organization.id)
    assert stale.value.screen.step == Step.TEMPLATE
    await choose(session, Step.TEMPLATE, Choice.SECTOR_GOAL, 1)
    await choose(session, Step.TEMPLATE, Choice.TEMPLATE, 2)  # 六个方面 + 党员民主测评
    await choose(session, Step.PERIOD, Choice.PERIOD, 1)
    screen = await choose(session, Step.DEADLINE, Choice.DEADLINE, 21)
    assert screen.step == Step.EXPECTED
    for bad in ("0", "-3", "三十", "1e3", "９", "1" * 5000, "2000000"):
        with pytest.raises(WizardRefused, match="正整数"):
            await wizard.type_text(session, OPERATOR_USER, bad, TODAY)
    screen = await wizard.type_text(session, OPERATOR_USER, "1,200", TODAY)
    assert screen.step == Step.CONFIRM and screen.data["expected"] == 1200
    # 计分: typed on its own step; a bad scale is refused there, 恢复默认 drops a typed one.
    assert (await choose(session, Step.CONFIRM, Choice.SCORES, 0)).step == Step.SCORES
    for bad in ("100,120,0", "60,100,0", "100,60", "满意"):
        with pytest.raises(WizardRefused, match="得分应") as refused:
            await wizard.type_text(session, OPERATOR_USER, bad, TODAY)
        assert refused.value.screen.step == Step.SCORES
    screen = await wizard.type_text(session, OPERATOR_USER, "100，80，0", TODAY)
    assert screen.step == Step.CONFIRM and screen.scores == Scores(100, 80, 0)
    await choose(session, Step.CONFIRM, Choice.SCORES, 0)
    screen = await choose(session, Step.SCORES, Choice.DEFAULT_SCORES, 0)
    assert screen.step == Step.CONFIRM and "scores" not in screen.data
    await choose(session, Step.CONFIRM, Choice.SCORES, 0)
    await wizard.type_text(session, OPERATOR_USER, "100 80 0", TODAY)
    campaign = await choose(session, Step.CONFIRM, Choice.CONFIRM, 0)
    assert isinstance(campaign, Campaign)
    assert (campaign.period, campaign.template, campaign.expected) == (
        "2027Q1",
        "member_appraisal",
        1200,
    )
    assert campaign.deadline == TODAY + timedelta(days=21) and campaign.scores == [100, 80, 0]
    aspects = campaign.questionnaire["subjects"][0]["criteria"]
    assert len(aspects) == 7 and "服务发展" in aspects[-1]
    assert campaign.questionnaire["subjects"][1]["criteria"][0] == "践行公开承诺情况"
    assert await wizard_repo.wizard_draft(session, OPERATOR_USER.user_id) is None
    with pytest.raises(WizardRefused, match="已结束"):
        await choose(session, Step.CONFIRM, Choice.CONFIRM, 0)


OPERATOR_USER = Caller(1, True)  # a super-organizer in the chat


async def choose(session, step, choice, value):
    return await wizard.choose(session, OPERATOR_USER, step, choice, value, TODAY, NOW)
