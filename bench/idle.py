"""Idle cost of the bot: CPU seconds and memory of ``pingyi run`` doing nothing for a minute.

The real bot process long-polls the project's Bot API fake (no updates arrive; each poll
waits the full PINGYI_POLLING_TIMEOUT, 25 s by default), with an open campaign on SQLite
so the scheduler and the outbox sender have something to look at. After a settling pause,
it reads the process's CPU time and resident memory from /proc at the start and the end of
the window. Prints CPU seconds, the share of one core, RSS and peak RSS, and the polls made.
Run: python bench/idle.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import cpu_seconds
from fake_telegram import FakeTelegram
from support.deployments import Deployment
from support.sample import TOKEN

SETTLE = 5.0  # start-up work (migrations, getMe, menus, the scheduler's catch-up) ends first


def memory_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def main(seconds: float) -> None:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="pingyi-bench-"))
    deployment = Deployment(fake, folder, f"sqlite+aiosqlite:///{folder / 'pingyi.db'}")
    deployment.env["PINGYI_POLLING_TIMEOUT"] = "25"
    try:
        await deployment.open_campaign()
        await deployment.start()
        await asyncio.sleep(SETTLE)
        pid = deployment.process.pid
        cpu, calls = cpu_seconds(pid), len(fake.calls)
        await asyncio.sleep(seconds)
        used = cpu_seconds(pid) - cpu
        rss, peak = memory_mib(pid)
        polls = sum(c.method == "getUpdates" for c in fake.calls[calls:])
        others = len(fake.calls) - calls - polls
        print(f"idle {seconds:.0f} s with long polling (timeout 25 s), SQLite, one open campaign")
        print(f"CPU: {used:.2f} s ({used / seconds * 100:.2f} % of one core)")
        print(f"memory: RSS {rss:.0f} MiB, peak {peak:.0f} MiB")
        print(f"Bot API calls in the window: {polls} getUpdates, {others} other")
    finally:
        await deployment.stop()
        await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    asyncio.run(main(parser.parse_args().seconds))
