"""What the ballot benchmarks share: their arguments, a fresh database per run, CPU time."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from support.databases import POSTGRES_URL, reset_postgres


def throughput_arguments(description: str, databases: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", default=databases)
    return parser.parse_args()


async def fresh_database(database: str) -> tuple[str, Path]:
    """An empty database of the kind named ("sqlite" or "postgresql"), and a new folder."""
    folder = Path(tempfile.mkdtemp(prefix="pingyi-bench-"))
    if database == "postgresql":
        await reset_postgres(POSTGRES_URL)
        return POSTGRES_URL, folder
    return f"sqlite+aiosqlite:///{folder / 'pingyi.db'}", folder


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def steal_seconds() -> float:
    """The machine's steal time so far (all CPUs), from /proc/stat."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return int(fields[8]) / os.sysconf("SC_CLK_TCK")
