import random
import re
from collections import Counter

import pytest
from openpyxl import load_workbook

from evaluation import ballots
from evaluation.ballot_state import Action
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignError, close_campaign, parse_scores
from evaluation.questionnaire import Rating
from evaluation.status import campaign_status
from evaluation.tally import GradingRule
from exports.details import DETAIL_CODES
from exports.figures import TOTAL_ROW
from exports.report import collect
from exports.tallies import TABLE_HEADERS
from exports.workbook import export_campaign
from support.sample import NOW, TODAY
from tests.factories import all_satisfied, begin, fill_ballot, open_campaign, person

QUESTIONS = 6 + 9 * 5
EVERY_FIGURE = GradingRule(threshold=0)  # no minimum of valid answers: every figure shows


def table(sheet):
    """Rows of the tally table, from its header row to the first empty row, as dicts."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if _joined(row) == TABLE_HEADERS)
    found = []
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        found.append(dict(zip(TABLE_HEADERS, row, strict=False)))
    return found


async def test_the_workbook_counts_exactly_what_was_answered(session, roster, tmp_path):
    campaign = await open_campaign(session, expected=8)
    questionnaire = campaign.questionnaire
    chance = random.Random(7)
    expected = [Counter() for _ in range(QUESTIONS)]
    ballots_cast = []
    suggestions = ["=1+1", "@SUM(A1)", "路灯坏了\n请修", None, None]
    for i in range(5):
        ratings = [Rating(chance.randrange(4)) for _ in range(QUESTIONS)]
        ballots_cast.append(tuple(r.label for r in ratings))
        for q, rating in enumerate(ratings):
            expected[q][rating] += 1
        await fill_ballot(session, campaign.id, person(100 + i), ratings, suggestion=suggestions[i])
    # an unfinished ballot must not be counted
    screen = await begin(session, campaign.id, person(999))
    screen = await ballots.act(
        session, campaign.id, person(999), screen.step, Action.CATEGORY, 0, TODAY
    )
    for _ in range(10):
        screen = await ballots.act(
            session, campaign.id, person(999), screen.step, Action.ANSWER, Rating.UNSATISFIED, TODAY
        )

    out = tmp_path / "export.xlsx"
    # Threshold 0: every figure is shown, so each can be compared.
    report = await export_campaign(session, OPERATOR, campaign.id, out, NOW, rule=EVERY_FIGURE)
    assert report.submitted == 5
    workbook = load_workbook(out)
    assert workbook.sheetnames == [
        "说明",
        "组织评议",
        "组织评议图",
        "党员评议",
        "党员评议图",
        "统计单",
        "分类统计",
        "意见建议",
        "公开承诺",
        "自我评价",
        "领导点评",
        "综合评定",
        "明细",
        "趋势",
    ]

    header = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row}
    assert header["组织"] == questionnaire["organization"]
    assert header["应参评人数"] == 8 and header["实际参评人数"] == 5
    assert header["参评率"] == 5 / 8

    rows = [
        r
        for r in table(workbook["组织评议"]) + table(workbook["党员评议"])
        if r["评议内容"] != TOTAL_ROW
    ]
    assert len(rows) == QUESTIONS
    for q, row in enumerate(rows):
        counts = [row[r.label] for r in Rating]
        assert counts == [expected[q][r] for r in Rating], q
        valid = sum(counts[:3])
        assert row["有效票"] == valid
        if valid:
            assert row["满意率"] == counts[0] / valid
            assert row["满意+基本满意率"] == (counts[0] + counts[1]) / valid
            # 规范评分 by default: 满意 100, 基本满意 60, 不满意 0, 不了解 left out.
            assert row["得分"] == round((100 * counts[0] + 60 * counts[1]) / valid, 1)

    totals = [r for r in table(workbook["党员评议"]) if r["评议内容"] == TOTAL_ROW]
    assert len(totals) == 9 and all(t["综合等次"] for t in totals)
    assert all((t["需整改"] == "是") == (t["综合等次"] == "不满意") for t in totals)

    texts = [row[2] for row in workbook["意见建议"].iter_rows(min_row=4, values_only=True)]
    assert sorted(texts) == sorted(s for s in suggestions if s)  # formulas stay text

    # 明细: each submitted ballot's answers, read back through the aggregated query.
    # The answers are one-character codes (DETAIL_CODES) under two header rows.
    rows = list(workbook["明细"].iter_rows(min_row=5, values_only=True))
    detail = [r for r in rows if r[0] and re.fullmatch(r"[0-9a-f]{12}", str(r[0]))]
    codes = {code: label for label, code in DETAIL_CODES.items()}
    answers = sorted(tuple(codes[a] for a in r[4 : 4 + QUESTIONS]) for r in detail)
    assert answers == sorted(ballots_cast)


async def test_subjects_under_the_threshold_show_no_figures(session, roster, tmp_path):
    campaign = await open_campaign(session, ask_category=False)
    for i in range(4):
        await fill_ballot(session, campaign.id, person(200 + i), all_satisfied(QUESTIONS))
    fifth = all_satisfied(QUESTIONS)
    fifth[6:11] = [Rating.UNKNOWN] * 5  # the first member: 4 valid answers only
    await fill_ballot(session, campaign.id, person(300), fifth)
    out = tmp_path / "export.xlsx"
    await export_campaign(session, OPERATOR, campaign.id, out, NOW)  # default threshold 5
    members = table(load_workbook(out)["党员评议"])
    hidden = [r for r in members if r["评议对象"] == "王建国（党支部书记）"]
    assert len(hidden) == 1 and hidden[0]["综合等次"] == "样本不足"
    assert all(hidden[0][r.label] == "—" for r in Rating)
    shown = [r for r in members if r["评议对象"] == "李秀英（党员领导干部）"]
    assert len(shown) == 6 and shown[0]["满意"] == 5 and shown[-1]["综合等次"] == "满意"


async def test_a_campaigns_own_scores_in_the_workbook_and_the_status(session, roster, tmp_path):
    with pytest.raises(CampaignError, match="满意 ≥ 基本满意 ≥ 不满意"):
        parse_scores("60,100,0")
    with pytest.raises(CampaignError, match="三个数"):
        parse_scores("100,60")
    scores = parse_scores("95，75、40")
    campaign = await open_campaign(session, ask_category=False, scores=scores)
    ratings = [Rating.SATISFIED, Rating.BASIC, Rating.UNSATISFIED, Rating.UNKNOWN, Rating.BASIC]
    for i, rating in enumerate(ratings):
        await fill_ballot(session, campaign.id, person(400 + i), [rating] * QUESTIONS)
    # Per criterion: 1 满意, 2 基本满意, 1 不满意 and 1 不了解 (left out).
    expected = round((95 + 2 * 75 + 40) / 4, 1)
    out = tmp_path / "export.xlsx"
    await export_campaign(session, OPERATOR, campaign.id, out, NOW, rule=EVERY_FIGURE)
    workbook = load_workbook(out)
    rows = table(workbook["组织评议"]) + table(workbook["党员评议"])
    assert rows and all(r["得分"] == expected for r in rows)
    about = {r[0]: r[1] for r in workbook["说明"].iter_rows(values_only=True) if r}
    assert about["规范评分"].startswith("得分：满意 95 分，基本满意 75 分，不满意 40 分")
    report = await campaign_status(session, OPERATOR, campaign.id, rule=EVERY_FIGURE)
    assert {round(s.score, 1) for s in report.subjects} == {expected}


async def test_the_trend_orders_campaigns_by_period_whenever_they_were_entered(session, roster):
    """Q4 opened first, Q1–Q3 entered afterwards: Q4's trend is Q1…Q4, Q3's stops at Q3."""
    opened = {}
    for period in ("2026Q4", "2026Q1", "2026Q2", "2026Q3"):
        campaign = await open_campaign(session, period=period)
        await close_campaign(session, OPERATOR, campaign.id, NOW)
        opened[period] = campaign.id
    q4 = await collect(session, opened["2026Q4"])
    assert [p.period for p in q4.trend] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    q3 = await collect(session, opened["2026Q3"])
    assert [p.period for p in q3.trend] == ["2026Q1", "2026Q2", "2026Q3"]
    q1 = await collect(session, opened["2026Q1"])
    assert [p.period for p in q1.trend] == ["2026Q1"]  # 本组织此前没有评议


def notice_text(path) -> str:
    sheet = load_workbook(path)["公示"]
    return "".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


async def test_the_public_notice_of_an_open_campaign_is_an_interim_result(
    session, roster, tmp_path
):
    campaign = await open_campaign(session)
    for n in range(3):
        await fill_ballot(session, campaign.id, person(n), all_satisfied(QUESTIONS))
    path = tmp_path / "public.xlsx"
    await export_campaign(session, OPERATOR, campaign.id, path, NOW, public=True)
    text = notice_text(path)
    assert "阶段性结果\n（评议进行中）" in text and "已参评 3 人" in text
    assert "公示期" not in text and "公示如下" not in text and "评议结果公示" not in text

    await close_campaign(session, OPERATOR, campaign.id, NOW)
    await export_campaign(session, OPERATOR, campaign.id, path, NOW, public=True)
    text = notice_text(path)
    assert "群众评议结果公示" in text and "实际参评 3 人" in text and "公示期：" in text
    assert "进行中" not in text


def _joined(row) -> tuple:
    """A header row's first cells as written, without the lines a narrow column breaks
    them into (「满意+」 over 「基本满意率」)."""
    return tuple(
        v.replace("\n", "") if isinstance(v, str) else v for v in row[: len(TABLE_HEADERS)]
    )
