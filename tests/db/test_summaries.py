"""半年一小结 and 年终一总评 with known numbers, on both databases; and their schedule."""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from evaluation import quarterly
from evaluation.callers import OPERATOR
from evaluation.cycle import CycleRules
from evaluation.questionnaire import Rating
from evaluation.roster import RosterData, import_roster
from evaluation.summaries import HALF, YEAR, cycle_summary
from evaluation.tally import Scores
from exports.summaries import FLAGGED_FILL, write_summary
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.models import OutboxMessage
from support.sample import MEMBERS, NOW, ORG
from tests.db.test_access import become
from tests.db.test_cycle_core import ORGANIZER, WHO
from tests.factories import PSEUDONYMS, fill_ballot, open_campaign, person

QUESTIONS = 6 + 5 * len(MEMBERS)


async def quarter(
    session, period: str, ballots: int, rating: Rating, first_user: int, scores=None
) -> None:
    campaign = await open_campaign(
        session, period=period, deadline=date(2026, 12, 31), scores=scores
    )
    for user in range(first_user, first_user + ballots):
        await fill_ballot(session, campaign.id, person(user), [rating] * QUESTIONS)


async def make_year(session) -> int:
    """Q1 five 满意; Q2 and Q3 five 不满意, Q3 scored 10 / 6 / 2; Q4 two 满意 (under the
    threshold of 5)."""
    await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, MEMBERS), NOW)
    await quarter(session, "2027Q1", 5, Rating.SATISFIED, 100)
    await quarter(session, "2027Q2", 5, Rating.UNSATISFIED, 200)
    await quarter(session, "2027Q3", 5, Rating.UNSATISFIED, 300, Scores(10, 6, 2))
    await quarter(session, "2027Q4", 2, Rating.SATISFIED, 400)
    return (await organization_repo.organization_by_name(session, ORG)).id


async def test_half_year_summary_puts_two_quarters_side_by_side(session):
    organization = await make_year(session)
    summary = await cycle_summary(session, OPERATOR, organization, HALF, 2027, 1)
    assert summary.periods == ("2027Q1", "2027Q2")
    assert summary.title == f"{ORG} 2027年上半年小结"
    total = summary.rows[0]
    assert (total.subject, total.criterion) == (ORG, None)
    assert [(f.approval_rate, f.grade) for f in total.quarters] == [(1.0, "满意"), (0.0, "不满意")]
    assert total.change == -1.0
    members = [r for r in summary.rows if r.kind == "member" and r.criterion is None]
    assert [r.subject for r in members][:1] == ["王建国（党支部书记）"]
    assert len(summary.rows) == (1 + 6) + len(MEMBERS) * (1 + 5)

    second = await cycle_summary(session, OPERATOR, organization, HALF, 2027, 2)
    q4 = second.rows[0].quarters[1]
    assert q4.grade is None and second.rows[0].change is None  # 2 ballots: 样本不足


async def test_year_review_grades_the_year_and_flags_repeated_dissatisfaction(session, tmp_path):
    organization = await make_year(session)
    summary = await cycle_summary(session, OPERATOR, organization, YEAR, 2027)
    total = summary.rows[0]
    assert [f.grade for f in total.quarters] == ["满意", "不满意", "不满意", None]
    assert total.flagged == 2
    # The year: 5 + 2 满意 and 10 不满意 per criterion → 7/17 approval, 不满意.
    assert total.year.grade == "不满意" and abs(total.year.approval_rate - 7 / 17) < 1e-9
    # 得分 on each quarter's own scale; the year pools the points: (500 + 0 + 10 + 200) / 17.
    assert [f.score for f in total.quarters[:3]] == [100, 0, 2] and total.quarters[3].score is None
    assert abs(total.year.score - 710 / 17) < 1e-9
    figures = summary.statistics
    assert (figures.organizations, figures.organizations_evaluated) == (1, 1)
    assert (figures.organizations_basic, figures.organizations_satisfied) == (0, 0)
    assert (figures.members, figures.members_evaluated, figures.members_basic) == (9, 9, 0)

    path = tmp_path / "year.xlsx"
    write_summary(summary, path)
    workbook = load_workbook(path)
    sheet = workbook["年终一总评"]
    # Two header rows: each period over its 满意+基本满意率, 等次 and 得分.
    periods = [c.value for c in sheet[4]]
    assert periods[:5] == ["评议内容", "2027年第一季度", None, None, "2027年第二季度"]
    assert periods[-4:] == ["全年", None, None, "不满意\n季度数"]
    figures = [c.value.replace("\n", "") if c.value else None for c in sheet[5]]
    assert figures[1:4] == ["满意+基本满意率", "等次", "得分"]
    # Each subject's block: its name, its 合计, its criteria.
    assert sheet["A6"].value == ORG
    first = sheet[7]
    assert first[0].value == "合计"
    assert first[-1].value == 2 and first[0].fill.start_color.rgb == FLAGGED_FILL.start_color.rgb
    assert [c.value for c in first][3:13:3] == [100, 0, 2, "—"]  # 得分 per quarter
    assert [c.value for c in first][10:12] == ["—", "样本不足"]  # Q4
    assert first[15].value == round(710 / 17, 1)
    # The year's 统计单 is the whole form: item 1 over the year, items 2–6 summed.
    stats = {
        str(row[1]).strip("　"): row[2]
        for row in workbook["统计单"].iter_rows(values_only=True)
        if row[1] is not None
    }
    assert stats["参加评议党员数"] == 9
    assert stats["召开群众评议会议总数"] == "未填报"


async def test_summaries_are_sent_once_at_the_end_of_each_half(session):
    await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, MEMBERS), NOW)
    campaign = await open_campaign(session, deadline=date(2026, 12, 9))
    await become(session, ORGANIZER, campaign.organization_id)
    rules = CycleRules()
    await quarterly.set_cycle(session, ORGANIZER, campaign.organization_id, True, NOW, rules)
    december = rules.summary_moment(2026, 2)
    assert december.date() == date(2026, 12, 31)
    assert await quarterly.next_due(session, rules, december - timedelta(days=20)) <= december
    report = await quarterly.run_due(session, rules, PSEUDONYMS, december)
    assert report.summaries == 2  # the second half and the year
    again = await quarterly.run_due(session, rules, PSEUDONYMS, december + timedelta(hours=1))
    assert again.summaries == 0
    june = await quarterly.run_due(session, rules, PSEUDONYMS, rules.summary_moment(2027, 1))
    assert june.summaries == 1
    rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    summaries = [
        (r.kind, r.payload["year"], r.payload["half"]) for r in rows if "summary" in r.kind
    ]
    assert summaries == [
        ("half_summary", 2026, 2),
        ("year_summary", 2026, 2),
        ("half_summary", 2027, 1),
    ]
    assert {WHO[r.recipient] for r in rows if "summary" in r.kind} == {41}


async def test_year_review_lists_each_members_final_grade_and_composite(session, tmp_path):
    from evaluation import review

    organization = await make_year(session)
    q1 = await campaign_repo.campaign_of_period(session, organization, "2027Q1")
    wang = (await organization_repo.members_of(session, organization))[0]
    await review.decide(session, OPERATOR, q1.id, wang.id, "优秀", None, NOW)
    summary = await cycle_summary(session, OPERATOR, organization, YEAR, 2027)
    first = summary.members[0]
    assert first.member == "王建国（党支部书记）"
    # Q1 all 满意 (100, 审定 优秀), Q2 and Q3 all 不满意 (0, and 2 on Q3's scale), Q4 under
    # the threshold.
    assert first.quarters == (("优秀", 100), (None, 0), (None, 2), (None, None))
    assert first.year_composite == 102 / 3
    path = tmp_path / "year.xlsx"
    write_summary(summary, path)
    rows = list(load_workbook(path)["民主评议"].iter_rows(min_row=3, values_only=True))
    assert rows[0] == (
        ORG,
        "王建国（党支部书记）",
        "优秀",
        100,
        "未审定",
        0,
        "未审定",
        2,
        "未审定",
        None,
        34.0,
    )
