"""bot/leadership.py on PostgreSQL: one leader at a time, news reaches it, a dead leader's
place is taken within seconds."""

import asyncio

from bot.leadership import Leadership

INTERVAL = 0.2


class Worker:
    def __init__(self, url: str, name: str, log: list[str]) -> None:
        self.name, self.log = name, log
        self.news: list[str] = []
        self.leadership = Leadership(url, self.lead, self.step_down, self.news.append, INTERVAL)
        self.task = asyncio.create_task(self.leadership.run())

    async def lead(self) -> None:
        self.log.append(f"{self.name} leads")

    async def step_down(self) -> None:
        self.log.append(f"{self.name} steps down")


async def wait_for(condition, seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_one_leader_hears_the_others_and_is_replaced_when_it_dies(postgres_url):
    # On a fresh machine the worker's database exists only once a fixture has created it.
    log: list[str] = []
    first = Worker(postgres_url, "first", log)
    await wait_for(lambda: first.leadership.leading)
    second, third = Worker(postgres_url, "second", log), Worker(postgres_url, "third", log)
    await asyncio.sleep(INTERVAL * 5)  # they keep trying; the lock is taken
    assert log == ["first leads"]

    await wait_for(lambda: second.leadership._connection is not None)
    second.leadership.tell("outbox")
    await wait_for(lambda: first.news == ["outbox"])
    assert second.news == [] and third.news == []

    # The leader's connection dies (its process was killed): PostgreSQL frees the lock.
    first.task.cancel()
    await asyncio.gather(first.task, return_exceptions=True)
    await wait_for(lambda: second.leadership.leading or third.leadership.leading, 5)
    await asyncio.sleep(INTERVAL * 5)
    assert log[:2] == ["first leads", "first steps down"]
    assert log[2:] in (["second leads"], ["third leads"])

    for worker in (second, third):
        worker.task.cancel()
    await asyncio.gather(second.task, third.task, return_exceptions=True)
    assert log[-1].endswith("steps down")
