"""Every kind of paper pingyi prints, for the 9-member reference branch (support/sample.py):
a closed 2026Q3 campaign, then the 2026Q4 one with 30 masses' ballots, a paper meeting, 互评,
公开承诺, self-evaluations, 点评, 审定 and 整改 items; each workbook and the blank 测评表
written to a folder. Used by tests/db/test_papers.py,
and by `python -m tests.papers DIR` to look at the papers by hand."""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

from evaluation import activities, ballots, comments, commitments, members, review
from evaluation import self_evaluation as self_evaluations
from evaluation.ballot_state import Action
from evaluation.callers import OPERATOR
from evaluation.campaigns import close_campaign
from evaluation.paper import FIRST_ROW, import_paper, sheet_rows
from evaluation.questionnaire import Rating
from evaluation.roster import RosterData, import_roster
from evaluation.self_evaluation import SelfAction
from evaluation.summaries import HALF, YEAR
from evaluation.tally import DEFAULT_RULE
from exports.comment_sheets import write_template as write_comment_template
from exports.paper import write_paper_sheet
from exports.paper_ballot import campaign_ballots
from exports.poster import find_font
from exports.roster import write_template as write_roster_template
from exports.summaries import export_summary
from exports.workbook import export_campaign
from storage import organizations as organization_repo
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from support.sample import MEMBERS, NOW, ORG, TODAY
from tests.factories import PSEUDONYMS, fill_ballot, open_campaign, person

MASSES = 30
ACCOUNT = 700  # member n's Telegram id is ACCOUNT + n
OPINIONS = [
    "办事大厅中午没人值班，群众办事要等到下午，希望安排轮流值班。",
    "“五个好”要落到实处，建议每季度公开一次为民办实事的进展。",
    "巡护路线公示栏的字太小，老人看不清。",
]
SELF_TEXTS = (
    "带头完成巡护任务，全年参加专项行动 12 次，牵头办结群众反映的林地纠纷 3 件。",
    "理论学习不够系统，联系群众的方式还比较单一。",
    "每周集中学习一次；每月走访责任区群众不少于 4 户，建立问题清单逐项销号。",
)
PAPERS = ("workbook", "public", "half", "year", "paper", "roster", "comments")
BALLOT, BALLOT_COPIES = "ballot", 8  # the blank 测评表: a PDF of its own


async def reference_campaign(session):
    """The reference branch's 2026Q4 campaign, closed and 审定, with everything in it."""
    roster = RosterData(ORG, "机关", None, MEMBERS)
    await import_roster(session, OPERATOR, roster, NOW)
    organization = await organization_repo.organization_by_name(session, ORG)
    await commitments.set_list(
        session, OPERATOR, organization.id, None, ["每月走访 4 户", "年内办实事 3 件"], NOW
    )
    ids = {m.name: m.id for m in await organization_repo.members_of(session, organization.id)}
    for n, (name, _) in enumerate(MEMBERS):
        link = await members.issue_link(session, OPERATOR, ids[name], NOW)
        await members.claim(session, PSEUDONYMS, link.token, ACCOUNT + n, NOW)
    chance = random.Random(18)
    ratings = (Rating.SATISFIED,) * 6 + (Rating.BASIC,) * 3 + (Rating.UNSATISFIED, Rating.UNKNOWN)
    await _previous_quarter(session, chance, ratings)
    campaign = await open_campaign(session, expected=40, peer_review=True)
    questions = len(campaign.questionnaire["subjects"][0]["criteria"]) + 5 * len(MEMBERS)
    for n in range(MASSES):
        answers = [chance.choice(ratings) for _ in range(questions)]
        opinion = OPINIONS[n] if n < len(OPINIONS) else None
        await fill_ballot(
            session, campaign.id, person(100 + n), answers, category=n % 3, suggestion=opinion
        )
    await _paper_meeting(session, campaign)
    for n in range(len(MEMBERS)):
        await _peer_ballot(session, campaign.id, ACCOUNT + n, chance)
    for n in range(3):
        await _self_evaluation(session, campaign.id, ACCOUNT + n)
    await _comments(session, campaign)
    for code, count in (("meetings", 2), ("attendees", 45), ("visits", 12), ("deeds", 4)):
        await activities.record(session, OPERATOR, campaign.id, code, count, NOW)
    current = await review.review(session, OPERATOR, campaign.id)
    for member in current.members:
        reason = None if member.suggested else "有效票不足，按支部掌握的情况审定"
        grade = member.suggested or "合格"
        await review.decide(session, OPERATOR, campaign.id, member.member_id, grade, reason, NOW)
    await review.finish(session, OPERATOR, campaign.id, NOW, close=True)
    return campaign


async def _previous_quarter(session, chance: random.Random, ratings) -> None:
    """2026Q3, closed: 12 masses' ballots, so the 趋势 and the 小结 compare two quarters."""
    campaign = await open_campaign(session, period="2026Q3", expected=20)
    questions = len(campaign.questionnaire["subjects"][0]["criteria"]) + 5 * len(MEMBERS)
    for n in range(12):
        answers = [chance.choice(ratings) for _ in range(questions)]
        await fill_ballot(session, campaign.id, person(300 + n), answers, category=n % 3)
    await close_campaign(session, OPERATOR, campaign.id, NOW)


async def _paper_meeting(session, campaign) -> None:
    """One 评议会 on paper: 10 questionnaires, 7 满意 and 3 基本满意 on every question."""
    rows = {n + 1: tuple(row) for n, row in enumerate(sheet_rows(campaign))}
    rows[5] = ("评议会场次", "社区评议会")
    rows[6] = ("纸质问卷份数", 10)
    for number in range(len(rows) - FIRST_ROW + 1):
        row = FIRST_ROW + number
        if row in rows:
            rows[row] = (*rows[row][:2], 7, 3, 0, 0)
    await import_paper(session, OPERATOR, rows, NOW)


async def _peer_ballot(session, campaign_id: int, user: int, chance: random.Random) -> None:
    rater = person(user)
    screen = await ballots.act(session, campaign_id, rater, 0, Action.BEGIN, 0, TODAY, peer=True)
    while ballots.nav.is_question(screen.campaign.questionnaire, screen.step):
        rating = chance.choice((Rating.SATISFIED, Rating.SATISFIED, Rating.BASIC))
        screen = await ballots.act(
            session, campaign_id, rater, screen.step, Action.ANSWER, rating, TODAY, peer=True
        )
    await ballots.act(session, campaign_id, rater, screen.step, Action.SUBMIT, 0, TODAY, peer=True)


async def _self_evaluation(session, campaign_id: int, user: int) -> None:
    screen = await self_evaluations.begin(session, PSEUDONYMS, user, campaign_id, TODAY, NOW)
    while screen.text_index(screen.step) is None and screen.step != screen.review_step:
        screen = await self_evaluations.act(
            session,
            PSEUDONYMS,
            user,
            campaign_id,
            screen.step,
            SelfAction.RATE,
            Rating.SATISFIED,
            TODAY,
            NOW,
        )
    for text in SELF_TEXTS:
        screen = await self_evaluations.write_text(session, PSEUDONYMS, user, text, TODAY, NOW)
    await self_evaluations.act(
        session, PSEUDONYMS, user, campaign_id, screen.step, SelfAction.SUBMIT, 0, TODAY, NOW
    )


async def _comments(session, campaign) -> None:
    known = await comments.subjects(session, campaign)
    found = []
    for subject in known[:4]:
        items = [f"{item}较好，" + "能按要求完成。" * 3 for item in subject.items]
        written = comments.cleaned(
            items,
            f"{subject.name}工作扎实，群众评价较好。",
            "联系群众还不够经常，要建立走访台账，每月至少走访一次。",
        )
        found.append(comments.SheetComment(subject, "刘书记", "上级党委副书记", written))
    await comments.import_sheet(session, OPERATOR, campaign.id, found, NOW)


async def write_papers(session, folder: Path) -> dict[str, Path]:
    """Every paper of the reference campaign as a workbook in ``folder``, by PAPERS name, and
    the blank 测评表 as a PDF (BALLOT)."""
    campaign = await reference_campaign(session)
    paths = {name: folder / f"{name}.xlsx" for name in PAPERS}
    await export_campaign(session, OPERATOR, campaign.id, paths["workbook"], NOW)
    organization = campaign.organization_id
    await export_summary(session, OPERATOR, organization, HALF, 2026, 2, paths["half"], NOW)
    await export_summary(session, OPERATOR, organization, YEAR, 2026, None, paths["year"], NOW)
    write_paper_sheet(sheet_rows(campaign), paths["paper"])
    write_roster_template(paths["roster"])
    subjects = await comments.subjects(session, campaign)
    write_comment_template(paths["comments"], campaign.id, ORG, subjects)
    # 审定完成 closed the campaign: the 公示版 is the final one, not the 阶段性结果.
    await export_campaign(session, OPERATOR, campaign.id, paths["public"], NOW, public=True)
    # The blank 测评表, BALLOT_COPIES of them, already a PDF.
    paths[BALLOT] = folder / f"{BALLOT}.pdf"
    ballots, _ = campaign_ballots(
        campaign, DEFAULT_RULE, find_font(), BALLOT_COPIES, random.Random(29)
    )
    paths[BALLOT].write_bytes(ballots)
    return paths


async def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite+aiosqlite:///{folder / 'papers.db'}")
    await upgrade(engine)
    try:
        async with make_sessionmaker(engine)() as session:
            for name, path in (await write_papers(session, folder)).items():
                print(name, path)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
