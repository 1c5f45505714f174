"""Webhook mode: ``pingyi webhook`` workers behind the fake's webhook delivery.

Every update is delivered twice, to two workers at once; the workers share one PostgreSQL and
one of them (the leader) runs the scheduler and the outbox. Killing the leader mid-run loses
no answer, and a survivor sends the reminder round, exactly once to each person.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections import Counter
from pathlib import Path

import aiohttp
from sqlalchemy import func, select

from bot.demo import vote
from bot.texts import ballots as ballots_texts
from bot.webhook import SECRET_HEADER, webhook_secret
from storage.db import make_engine, make_sessionmaker
from storage.models import ProcessedUpdate
from support.databases import POSTGRES_URL, reset_postgres
from support.deployments import PINGYI, terminate
from support.script import QUESTIONS, Script, assert_tallies
from tests.e2e.test_reminders import REMINDER_MARK, reminders_of, wait_until

SECRET = "e2e-webhook-secret"
OPENED = "2027-03-01T09:00:00+08:00"  # the deadline is 13 March: a round on 10 March, 09:00
BEFORE_ROUND = "2027-03-10T08:59:15+08:00"  # the workers' clock: the round 45 s after start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Worker:
    """One ``pingyi webhook`` process (as on its own host behind a load balancer)."""

    def __init__(self, deployment, number: int, public_url: str) -> None:
        self.deployment = deployment
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/telegram"
        self.public_url = public_url
        self.log_path: Path = deployment.workdir / f"worker-{number}.log"
        self.process: asyncio.subprocess.Process | None = None

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    @property
    def leads(self) -> bool:
        return "leading:" in self.log

    async def start(self) -> None:
        with open(self.log_path, "w") as log:
            self.process = await asyncio.create_subprocess_exec(
                PINGYI,
                "webhook",
                "--listen",
                f"127.0.0.1:{self.port}",
                "--url",
                self.public_url,
                cwd=self.deployment.workdir,
                env=self.deployment.env,
                stdout=log,
                stderr=log,
            )

    async def listening(self) -> bool:
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            writer.close()
            return True
        return False

    async def stop(self) -> None:
        await terminate(self.process, 20)


async def start_workers(deployment, count: int) -> list[Worker]:
    fake = deployment.fake
    public = "http://127.0.0.1:9/telegram"  # the balancer's address; the fake delivers directly
    workers = [Worker(deployment, n, public) for n in range(count)]
    fake.webhook_targets = [w.url for w in workers]
    for worker in workers:
        await worker.start()
    for worker in workers:
        for _ in range(300):
            if await worker.listening():
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError(f"worker did not listen:\n{worker.log}")
    await wait_until(lambda: fake.webhook is not None, 90, "setWebhook")
    return workers


async def processed_updates(url: str) -> int:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await session.scalar(select(func.count()).select_from(ProcessedUpdate))
    finally:
        await engine.dispose()


async def test_webhook_checks_the_secret_and_handles_each_update_once(deployment):
    fake = deployment.fake
    fake.deliver_twice = True
    deployment.env["PINGYI_SECRET"] = SECRET
    _, token = await deployment.open_campaign("--no-category")
    [worker] = await start_workers(deployment, 1)
    try:
        assert fake.webhook["secret_token"] == webhook_secret(SECRET.encode())
        update = {"update_id": 999_999, "message": {"message_id": 1, "date": 0, "text": "/help"}}
        async with aiohttp.ClientSession() as client:
            for headers in ({}, {SECRET_HEADER: "guess"}):
                async with client.post(worker.url, json=update, headers=headers) as response:
                    assert response.status == 401  # and nothing was handled

        person = fake.person(31)
        [welcome] = await person.send(f"/start {token}")
        assert "匿名" in welcome["text"]
        await person.press("开始评议")
        for q in range(QUESTIONS):
            before = len(fake.calls)
            await person.press("满意")
            await fake.wait_for(lambda: fake.undelivered == 0)
            # Delivered twice, handled once: one edit and one callback answer, as by polling.
            assert fake.count(before) == {"answerCallbackQuery": 1, "editMessageText": 1}, q
        assert "意见建议（选填）" in person.last["text"]
        deliveries = Counter(update_id for update_id, _, status in fake.deliveries if status == 200)
        assert set(deliveries.values()) == {2}
        assert await processed_updates(deployment.database_url) == len(deliveries)
        assert not any(call.method == "getUpdates" for call in fake.calls)
    finally:
        await worker.stop()
    assert worker.process.returncode == 0, worker.log


async def test_three_workers_on_postgresql_survive_a_killed_leader(deployment):
    fake = deployment.fake
    fake.deliver_twice = True
    await reset_postgres(POSTGRES_URL)
    deployment.database_url = POSTGRES_URL
    deployment.env.update(
        PINGYI_DATABASE_URL=POSTGRES_URL, PINGYI_SECRET=SECRET, PINGYI_CLOCK_START=OPENED
    )
    campaign_id, token = await deployment.open_campaign(
        "--period", "2027Q1", "--deadline", "2027-03-13"
    )
    deployment.env["PINGYI_CLOCK_START"] = BEFORE_ROUND
    workers = await start_workers(deployment, 3)
    try:
        await wait_until(lambda: sum(w.leads for w in workers) == 1, 90, "one leader")
        [leader] = [w for w in workers if w.leads]

        scripts = [Script.make(n) for n in range(12)]
        voters = [fake.person(40_000 + n) for n in range(12)]
        stoppers = [fake.person(41_000 + n) for n in range(4)]  # stop at question 9
        voting = [vote(p, token, s) for p, s in zip(voters, scripts, strict=True)]
        voting += [vote(p, token, Script.make(50 + n), 8) for n, p in enumerate(stoppers)]
        everyone = asyncio.gather(*voting)
        total = 12 * QUESTIONS

        # Mid-run, with a third of the answers in, the leader is killed.
        def answered() -> int:
            return sum(call.method == "answerCallbackQuery" for call in fake.calls)

        await fake.wait_for(lambda: answered() >= total // 3, 60)
        leader.process.send_signal(signal.SIGKILL)
        await leader.process.wait()
        receipts = await asyncio.wait_for(everyone, 120)
        assert all("回执码" in r for r in receipts[:12]) and receipts[12:] == [None] * 4
        survivors = [w for w in workers if w is not leader]
        await wait_until(lambda: any(w.leads for w in survivors), 15, "a survivor leading")

        # The round (45 s after start) is sent by the new leader: exactly once to each who
        # stopped, and to no voter who had submitted by then (on a loaded machine the voting
        # may still run when the round comes: a voter not yet done may get it, once).
        await wait_until(
            lambda: all(reminders_of(fake, p.id) for p in stoppers), 60, "the reminder round"
        )
        await asyncio.sleep(3)  # a second sender, if there were one, would have sent by now
        assert [len(reminders_of(fake, p.id)) for p in stoppers] == [1] * 4
        for voter in voters:
            reminded = [c.at for c in fake.calls if _reminder_to(c, voter.id)]
            submitted = min(c.at for c in fake.calls if _receipt_to(c, voter.id))
            assert len(reminded) <= 1 and all(at < submitted for at in reminded), voter.id

        # Every update went out twice; each was answered 200 at least twice in the end.
        ok = Counter(update_id for update_id, _, status in fake.deliveries if status == 200)
        assert min(ok.values()) >= 2
        assert await processed_updates(POSTGRES_URL) == len(ok)
    finally:
        for worker in workers:
            await worker.stop()

    out = deployment.workdir / "export.xlsx"
    deployment.env["PINGYI_MIN_RESPONDENTS"] = "0"
    await deployment.cli("export", str(campaign_id), "--out", str(out))
    assert_tallies(out, scripts)


def _reminder_to(call, user_id: int) -> bool:
    text = call.params.get("text", "")
    return call.method == "sendMessage" and _to(call, user_id) and text.startswith(REMINDER_MARK)


def _receipt_to(call, user_id: int) -> bool:
    return (
        call.method == "editMessageText"
        and _to(call, user_id)
        and "回执码" in str(call.params.get("text", ""))
    )


def _to(call, user_id: int) -> bool:
    return str(call.params.get("chat_id")) == str(user_id)


async def test_workers_option_runs_several_processes_on_one_port(deployment):
    fake = deployment.fake
    await reset_postgres(POSTGRES_URL)
    deployment.env.update(PINGYI_DATABASE_URL=POSTGRES_URL, PINGYI_SECRET=SECRET)
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    log_path = deployment.workdir / "workers.log"
    with open(log_path, "w") as log:
        supervisor = await asyncio.create_subprocess_exec(
            PINGYI, "webhook", "--listen", f"127.0.0.1:{port}", "--url", url, "--workers", "2",
            cwd=deployment.workdir, env=deployment.env, stdout=log, stderr=log,
        )  # fmt: skip
    try:
        await wait_until(lambda: log_path.read_text().count("listening on") == 2, 90, "2 workers")
        assert fake.webhook["url"] == url
        people = [fake.person(50_000 + n) for n in range(20)]
        replies = await asyncio.gather(*(p.send("/help") for p in people))
        assert all(r[0]["text"] == ballots_texts.help_text() for r in replies)
        log = log_path.read_text()
        handled_by = {line.split()[2] for line in log.splitlines() if "is handled" in line}
        assert len(handled_by) == 2, log  # the kernel spread the connections over both
        assert log.count("leading:") == 1
    finally:
        supervisor.send_signal(signal.SIGTERM)
        await asyncio.wait_for(supervisor.wait(), 30)
    assert supervisor.returncode == 0
    assert log_path.read_text().count("stepping down") == 1
