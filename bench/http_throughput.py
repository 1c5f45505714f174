"""Ballot throughput over HTTP: the real ``pingyi run`` against a bare aiogram bot.

The project's Bot API fake (fake_telegram/) runs in this process; simulated
respondents each open the campaign link, press 开始评议, then answer every question as fast
as the bot replies (the next press waits for the previous callback's answer). The bot under
test is a separate process polling the fake, exactly as in the E2E suite. In the same run,
bench/bare_bot.py (no database, no logic: edit the message and answer the callback) meets
the same respondents. Prints, per database: answers/s for both, the ratio, the Bot API calls
per answer counted by the fake, and the CPU seconds each process spent.
Run: python bench/http_throughput.py [--respondents 200] [--runs 3] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cpu_seconds, fresh_database, throughput_arguments
from fake_telegram import FakeTelegram, Person
from support.deployments import Deployment
from support.sample import TOKEN
from support.script import QUESTIONS

BARE_BOT = Path(__file__).with_name("bare_bot.py")


def answer_button(message: dict, value: int) -> str:
    """The callback data of the rating ``value`` on a question screen."""
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data", "")
            if ":ans:" in data and data.endswith(f":{value}"):
                return data
    raise AssertionError(f"no rating button on {message.get('text', '')[:60]!r}")


async def answer_phase(fake: FakeTelegram, people: list[Person], token: str) -> dict:
    """Everyone opens the link and begins; then all answer at once. Measures the answers."""

    async def begin(person: Person) -> None:
        await person.send(f"/start {token}", timeout=120)
        await person.press("开始评议")

    await asyncio.gather(*(begin(person) for person in people))
    calls_before = len(fake.calls)

    async def answer(person: Person) -> None:
        for q in range(QUESTIONS):
            data = answer_button(person.last, (person.id + q) % 3)
            answered = await person.press_data(data, timeout=120)
            assert answered.get("show_alert") is None, answered  # refused: not an answer

    started = time.perf_counter()
    await asyncio.gather(*(answer(person) for person in people))
    elapsed = time.perf_counter() - started
    answers = QUESTIONS * len(people)
    methods = Counter(c.method for c in fake.calls[calls_before:] if c.method != "getUpdates")
    return {"rate": answers / elapsed, "answers": answers, "methods": methods}


async def run_pingyi(url: str, respondents: int, folder: Path) -> dict:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    deployment = Deployment(fake, folder, url)
    deployment.env["PINGYI_POLLING_TIMEOUT"] = "25"
    try:
        _, token = await deployment.open_campaign("--no-category")
        await deployment.start()
        people = [fake.person(10_000 + n) for n in range(respondents)]
        cpu = cpu_seconds(deployment.process.pid)
        result = await answer_phase(fake, people, token)
        result["bot_cpu"] = cpu_seconds(deployment.process.pid) - cpu
        return result
    finally:
        await deployment.stop()
        await fake.stop()


async def run_bare(respondents: int) -> dict:
    fake = FakeTelegram(TOKEN)
    base_url = await fake.start()
    env = {**os.environ, "PINGYI_BOT_TOKEN": TOKEN, "PINGYI_API_URL": base_url}
    process = await asyncio.create_subprocess_exec(sys.executable, str(BARE_BOT), env=env)
    try:
        await fake.wait_for(lambda: fake.polling, 30)
        people = [fake.person(10_000 + n) for n in range(respondents)]
        cpu = cpu_seconds(process.pid)
        result = await answer_phase(fake, people, "bench")
        result["bot_cpu"] = cpu_seconds(process.pid) - cpu
        return result
    finally:
        process.terminate()
        await process.wait()
        await fake.stop()


async def main() -> None:
    args = throughput_arguments(__doc__.splitlines()[0], "sqlite,postgresql")
    print(f"{args.respondents} respondents x {QUESTIONS} answers, {args.runs} runs each")
    for database in args.databases.split(","):
        pingyi, bare = [], []
        for _ in range(args.runs):  # alternate, so both meet the same machine load
            url, folder = await fresh_database(database)
            pingyi.append(await run_pingyi(url, args.respondents, folder))
            bare.append(await run_bare(args.respondents))
        ours = statistics.median(r["rate"] for r in pingyi)
        base = statistics.median(r["rate"] for r in bare)
        calls = pingyi[-1]["methods"]
        per_answer = sum(calls.values()) / pingyi[-1]["answers"]
        for name, results, median in (("pingyi", pingyi, ours), ("bare", bare, base)):
            runs = ", ".join(f"{r['rate']:.0f}" for r in results)
            cpu = statistics.median(r["bot_cpu"] for r in results)
            label = database if name == "pingyi" else ""
            print(
                f"{label:10s} {name:6s} median {median:6.1f} answers/s "
                f"(runs: {runs}; bot CPU {cpu:.1f} s)"
            )
        print(f"{'':10s} pingyi / bare: {ours / base:.2f}")
        print(
            f"{'':10s} Bot API calls per answer: {per_answer:.3f} "
            f"({', '.join(f'{m} {n}' for m, n in sorted(calls.items()))})"
        )


if __name__ == "__main__":
    asyncio.run(main())
