"""Answers per second through the ballot core (no Telegram), on SQLite and PostgreSQL.

A baseline for the HTTP benchmarks of a later issue: it shows what the database path of one
answer costs. Run: python bench/ballot_core.py [--respondents 40] [--runs 3]
Prints the median of the runs for each database, and the PostgreSQL/SQLite ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation import ballots
from evaluation.ballot_state import Action, Respondent
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
from evaluation.pseudonyms import Pseudonyms
from evaluation.roster import RosterData, import_roster
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from support.databases import POSTGRES_URL, reset_postgres

TODAY = date(2026, 11, 25)
MEMBERS = [(f"党员{i}", None) for i in range(9)]


async def one_run(url: str, respondents: int, concurrency: int) -> tuple[float, int]:
    engine = make_engine(url)
    await upgrade(engine)
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as session:
        now = datetime.now(UTC)
        await import_roster(session, OPERATOR, RosterData("基准党支部", "机关", None, MEMBERS), now)
        organization = await find_organization(session, "基准党支部")
        request = CampaignRequest(organization.id, "2026Q4", ask_category=False)
        campaign = await start_campaign(session, OPERATOR, request, TODAY, now)
    pseudonyms = Pseudonyms(b"bench")
    gate = asyncio.Semaphore(concurrency)
    answers = 0

    async def respondent(number: int) -> None:
        nonlocal answers
        person = Respondent(number, pseudonyms)
        async with gate, sessionmaker() as session:
            admission = person.admission(campaign.id)  # as drawn on its 开始评议 button
            screen = await ballots.begin(session, campaign.id, person, TODAY, admission)
            for question in range(len(screen.campaign.questionnaire.questions)):
                screen = await ballots.act(
                    session, campaign.id, person, screen.step, Action.ANSWER, question % 4, TODAY
                )
                answers += 1

    started = time.perf_counter()
    await asyncio.gather(*(respondent(n) for n in range(respondents)))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return answers / elapsed, answers


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    medians = {}
    for name in ("sqlite", "postgresql"):
        rates = []
        for _ in range(args.runs):
            if name == "sqlite":
                folder = tempfile.mkdtemp(prefix="pingyi-bench-")
                url = f"sqlite+aiosqlite:///{folder}/bench.db"
            else:
                await reset_postgres(POSTGRES_URL)
                url = POSTGRES_URL
            rate, answers = await one_run(url, args.respondents, args.concurrency)
            rates.append(rate)
        medians[name] = statistics.median(rates)
        print(
            f"{name:10s} {answers} answers × {args.runs} runs, {args.concurrency} at a time: "
            f"median {medians[name]:7.1f} answers/s (runs: {', '.join(f'{r:.0f}' for r in rates)})"
        )
    print(f"postgresql / sqlite: {medians['postgresql'] / medians['sqlite']:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
