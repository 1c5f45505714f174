"""The PostgreSQL presses' connections: asyncpg's pool against storage/postgres_presses.py's stack.

Both hand out up to 10 connections, with nothing reset between calls, for one ``SELECT 1``
each: the part of a press that is only taking and giving back a connection. Callers run one
at a time, then 50 at once (a hall's presses waiting for a connection). Prints the CPU
microseconds per call of this process (medians of the runs), for both, and their ratio.
Run: python bench/press_connections.py [--calls 4000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
from sqlalchemy.engine import make_url

from storage.postgres_presses import MOST_CONNECTIONS, PressConnections
from support.databases import POSTGRES_URL


async def _nothing_to_reset(_connection) -> None:
    pass


async def _cpu_per_call(fetchrow, calls: int, callers: int) -> float:
    async def caller() -> None:
        for _ in range(calls // callers):
            await fetchrow("SELECT 1")

    started = time.process_time()
    await asyncio.gather(*(caller() for _ in range(callers)))
    return (time.process_time() - started) / calls * 1e6


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    dsn = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)
    pool = await asyncpg.create_pool(
        dsn, min_size=0, max_size=MOST_CONNECTIONS, reset=_nothing_to_reset
    )
    stack = PressConnections(dsn, MOST_CONNECTIONS)
    ways = {"asyncpg pool": pool.fetchrow, "presses stack": stack.fetchrow}
    try:
        for callers in (1, 50):
            medians = {}
            for name, fetch in ways.items():
                await _cpu_per_call(fetch, 200, callers)  # connections opened, caches warm
                runs = [await _cpu_per_call(fetch, args.calls, callers) for _ in range(args.runs)]
                medians[name] = statistics.median(runs)
                print(
                    f"{callers:2d} at once  {name:15s} median {medians[name]:6.1f} us CPU per call "
                    f"(runs: {', '.join(f'{r:.1f}' for r in runs)})"
                )
            ratio = medians["presses stack"] / medians["asyncpg pool"]
            print(f"            stack / pool: {ratio:.2f}")
    finally:
        await pool.close()
        await stack.close()


if __name__ == "__main__":
    asyncio.run(main())
