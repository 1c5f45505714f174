"""CPU of one `pingyi` call: `pingyi --help`, and `pingyi campaign list` against a SQLite
database with one organization and one campaign. Each command runs --runs times in a fresh
process; the median of each process's user + system CPU time is printed (CPU, not wall time:
the machine may be loaded).

    python -m bench.cli_startup [--runs 15] [--pingyi PROGRAM ...]

--pingyi names the programs to compare (default: this environment's pingyi), each measured
in the same run, on its own database.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PINGYI = str(Path(sys.executable).with_name("pingyi"))


def cpu_of(command: list[str], environment: dict[str, str], folder: Path) -> float:
    """User + system seconds of one run of ``command`` (a child's, from getrusage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, env=environment, cwd=folder, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pingyi", action="append", help="a pingyi program to measure")
    arguments = parser.parse_args()
    for program in arguments.pingyi or [PINGYI]:
        measure(str(Path(program).absolute()), arguments.runs)


def measure(program: str, runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="pingyi-cli-"))
    environment = {
        **os.environ,
        "PINGYI_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'pingyi.db'}",
        "PINGYI_BOT_USERNAME": "pingyi_bench_bot",
    }
    for setup in (["roster", "template", "roster.xlsx"], ["roster", "import", "roster.xlsx"]):
        cpu_of([program, *setup], environment, folder)
    cpu_of([program, "campaign", "start", "--org", "示例党支部"], environment, folder)
    print(f"{program}: CPU per call, median of {runs} runs (user + system):")
    for command in (["--help"], ["campaign", "list"]):
        times = [cpu_of([program, *command], environment, folder) for _ in range(runs)]
        print(f"  pingyi {' '.join(command):<16} {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
