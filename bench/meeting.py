"""A 评议大会: hundreds of respondents in one hall answering at once, over HTTP.

N respondents (600 by default) arrive over 60 s, as if scanning the poster, open the link
and walk the whole ballot: 开始评议, every question, 跳过 the opinion, 提交. Before each press
they think for a time drawn uniformly from 1.5–4 s. The real ``pingyi run`` polls the
project's Bot API fake in this process, on SQLite and on PostgreSQL; bench/bare_bot.py (no
database, no logic) meets the same hall in the same run, pressing as many buttons.
Prints, for each: p50 / p95 / p99 of press → answered-and-edited (the press is pushed to
the fake; it ends when the callback is answered, which the bot does after the edit), the
presses/s reached (the busiest second, and the mean while everyone is in the hall), the
largest backlog (presses waiting for their answer at once), refusals, and the bot's CPU;
then the same percentiles for answers and for the other presses apart, and what says whether
the numbers are the bot's: this process's CPU (if it were busy all the time, the hall's own
queueing would be in the latencies) and the machine's steal time.
Run: python bench/meeting.py [--respondents 600] [--arrival 60] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cpu_seconds, fresh_database, steal_seconds
from fake_telegram import FakeTelegram, Person
from support.deployments import Deployment
from support.sample import TOKEN
from support.script import QUESTIONS

BARE_BOT = Path(__file__).with_name("bare_bot.py")
THINK = (1.5, 4.0)  # seconds before each press
PRESSES = QUESTIONS + 3  # 开始评议, the questions, 跳过, 提交


@dataclass
class Hall:
    # Seconds from press to answer: of answer presses, and of the rest (开始评议, 跳过, 提交; the
    # bare bot's first)
    of_answers: list[float] = field(default_factory=list)
    of_the_rest: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)
    waiting: int = 0
    backlog: int = 0
    refused: int = 0
    unfinished: int = 0
    cpu: float = 0.0  # of this process, which runs the fake and every respondent
    steal: float = 0.0  # CPU time the hypervisor gave to others while this machine wanted it

    @property
    def latencies(self) -> list[float]:
        return self.of_answers + self.of_the_rest


Walk = Callable[[dict], str | None]


def _buttons(message: dict) -> list[dict]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def pingyi_walk(rng: random.Random) -> Walk:
    """The next button a respondent presses on pingyi's screen; None once submitted."""

    def walk(message: dict) -> str | None:
        buttons = _buttons(message)
        ratings = [b["callback_data"] for b in buttons if ":ans:" in b.get("callback_data", "")]
        if ratings:
            return ratings[rng.randrange(3)]  # 满意, 基本满意 or 不满意
        for action in (":go:", ":skip:", ":sub:"):  # 开始评议, 跳过, 提交
            for button in buttons:
                data = button.get("callback_data", "")
                if data.startswith("b:") and action in data:
                    return data
        return None

    return walk


def bare_walk(rng: random.Random) -> Walk:
    """The bare bot's screens never end: press as many buttons as pingyi's ballot has."""
    pressed = Counter()

    def walk(message: dict) -> str | None:
        if pressed["n"] >= PRESSES:
            return None
        pressed["n"] += 1
        return _buttons(message)[rng.randrange(3) if pressed["n"] > 1 else 0]["callback_data"]

    return walk


async def meeting(fake: FakeTelegram, token: str, respondents: int, arrival: float, pingyi: bool):
    hall = Hall()
    rng = random.Random(19)
    arrivals = sorted(rng.uniform(0, arrival) for _ in range(respondents))

    async def attend(person: Person, arrives: float, walk: Walk, think: random.Random) -> None:
        await asyncio.sleep(arrives)
        await person.send(f"/start {token}", timeout=120)
        while (data := walk(person.last)) is not None:
            await asyncio.sleep(think.uniform(*THINK))
            hall.waiting += 1
            hall.backlog = max(hall.backlog, hall.waiting)
            pressed = time.perf_counter()
            answered = await person.press_data(data, timeout=120)
            latency = time.perf_counter() - pressed
            (hall.of_answers if ":ans:" in data else hall.of_the_rest).append(latency)
            hall.answered_at.append(time.perf_counter())
            hall.waiting -= 1
            if answered.get("show_alert"):
                hall.refused += 1
        if pingyi and "回执码" not in person.last.get("text", ""):
            hall.unfinished += 1

    people = []
    for n, arrives in enumerate(arrivals):
        person = fake.person(20_000 + n)
        walk = (pingyi_walk if pingyi else bare_walk)(random.Random(n))
        people.append(attend(person, arrives, walk, random.Random(n + 1)))
    cpu, steal = cpu_seconds(os.getpid()), steal_seconds()
    started = time.perf_counter()
    await asyncio.gather(*people)
    hall.cpu, hall.steal = cpu_seconds(os.getpid()) - cpu, steal_seconds() - steal
    return hall, started


def report(name: str, hall: Hall, started: float, arrival: float, cpu: float) -> float:
    cuts = statistics.quantiles(hall.latencies, n=100)
    seconds = Counter(int(t - started) for t in hall.answered_at)
    last = max(seconds)
    # Everyone is in the hall from the last arrival until the first leaves.
    full = [seconds[s] for s in range(int(arrival) + 5, last - 5)] or list(seconds.values())
    print(
        f"{name:18s} p50 {cuts[49] * 1000:6.1f} ms  p95 {cuts[94] * 1000:6.1f} ms  "
        f"p99 {cuts[98] * 1000:6.1f} ms  presses/s busiest {max(seconds.values())}, "
        f"mean in the full hall {statistics.mean(full):.0f}  backlog max {hall.backlog}  "
        f"presses {len(hall.latencies)}, refused {hall.refused}, unfinished {hall.unfinished}  "
        f"bot CPU {cpu:.1f} s"
    )
    wall = max(hall.answered_at) - started
    print(
        f"{'':18s} over {wall:.0f} s: this process (the fake and the hall) used {hall.cpu:.1f} s "
        f"of CPU; the machine's steal time was {hall.steal:.1f} s"
    )
    answers, rest = (
        statistics.quantiles(part, n=100) for part in (hall.of_answers, hall.of_the_rest)
    )
    print(
        f"{'':18s} answers p50 {answers[49] * 1000:6.1f} ms  p99 {answers[98] * 1000:6.1f} ms;  "
        f"the other {len(hall.of_the_rest)} presses p50 {rest[49] * 1000:6.1f} ms  "
        f"p99 {rest[98] * 1000:6.1f} ms"
    )
    return cuts[98]


async def run_pingyi(database: str, respondents: int, arrival: float) -> float:
    url, folder = await fresh_database(database)
    fake = FakeTelegram(TOKEN)
    await fake.start()
    deployment = Deployment(fake, folder, url)
    deployment.env["PINGYI_POLLING_TIMEOUT"] = "25"
    try:
        _, token = await deployment.open_campaign("--no-category")
        await deployment.start()
        cpu = cpu_seconds(deployment.process.pid)
        hall, started = await meeting(fake, token, respondents, arrival, pingyi=True)
        cpu = cpu_seconds(deployment.process.pid) - cpu
        return report(f"pingyi {database}", hall, started, arrival, cpu)
    finally:
        await deployment.stop()
        await fake.stop()


async def run_bare(respondents: int, arrival: float) -> float:
    fake = FakeTelegram(TOKEN)
    base_url = await fake.start()
    env = {**os.environ, "PINGYI_BOT_TOKEN": TOKEN, "PINGYI_API_URL": base_url}
    process = await asyncio.create_subprocess_exec(sys.executable, str(BARE_BOT), env=env)
    try:
        await fake.wait_for(lambda: fake.polling, 30)
        cpu = cpu_seconds(process.pid)
        hall, started = await meeting(fake, "bench", respondents, arrival, pingyi=False)
        return report("bare aiogram", hall, started, arrival, cpu_seconds(process.pid) - cpu)
    finally:
        process.terminate()
        await process.wait()
        await fake.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=600)
    parser.add_argument("--arrival", type=float, default=60.0, help="seconds to arrive over")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print(
        f"{args.respondents} respondents arriving over {args.arrival:.0f} s, {PRESSES} presses "
        f"each, thinking {THINK[0]}–{THINK[1]} s before each"
    )
    bare = await run_bare(args.respondents, args.arrival)
    for database in args.databases.split(","):
        ours = await run_pingyi(database, args.respondents, args.arrival)
        print(f"{'':18s} p99 pingyi / bare: {ours / bare:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
