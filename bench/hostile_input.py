"""The attacks of the hardening issue at a larger scale than the test suite runs them.

1. Upload bombs (an .xlsx under 2 MB whose one row holds millions of cells, or whose shared
   strings inflate to a gigabyte): the bytes on the wire, and for pingyi's reader and for
   openpyxl (read-only, as pingyi read uploads before) the time and the peak memory it adds,
   each in a fresh process capped at 3 GiB of address space.
2. Forged updates: random button data and text from a stranger and from a respondent midway
   through a ballot, through pingyi's dispatcher in process: updates/s, failed updates,
   updates answered more than once, and whether any table changed.
Run: python bench/hostile_input.py [--updates 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.workbooks import one_huge_row, sheet_xml, workbook_bytes

READERS = {
    "pingyi": "from exports.sheets import read_cells as read; read(path, 9)",
    "openpyxl": (
        "from openpyxl import load_workbook; book = load_workbook(path, read_only=True, "
        "data_only=True); [r for r in book.active.iter_rows(max_row=5001, max_col=9, "
        "values_only=True)]"
    ),
}
CHILD = """
import resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
path = Path(sys.argv[1])
import lxml.etree, openpyxl  # loaded before the measurement starts
from exports import sheets
start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.perf_counter()
try:
    {reader}
    outcome = "read"
except MemoryError:
    outcome = "MemoryError"
except sheets.SheetFileError:
    outcome = "refused"
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) // 1024
print(outcome, round(time.perf_counter() - began, 2), grown)
"""


def bombs() -> dict[str, bytes]:
    return {
        "one row, 5M cells": workbook_bytes(one_huge_row(5_000_000)),
        "one row, 30M cells": workbook_bytes(one_huge_row(30_000_000)),
        "shared strings, 0.7 GB": workbook_bytes(
            sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>x</t></si>" * 41_000_000
            + b"</sst>",
        ),
    }


def uploads(folder: Path) -> None:
    print("upload bombs: outcome, seconds, peak memory added (fresh process, 3 GiB cap, 120 s)")
    for name, content in bombs().items():
        path = folder / "bomb.xlsx"
        path.write_bytes(content)
        for reader, code in READERS.items():
            try:
                done = subprocess.run(
                    [sys.executable, "-c", CHILD.format(reader=code), str(path)],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    cwd=Path(__file__).resolve().parents[1],
                )
                result = done.stdout.split()
                if len(result) == 3:
                    outcome, seconds, grown = result
                    line = f"{outcome:11s} {seconds:>7} s  {grown:>6} MiB"
                else:
                    line = "crashed: " + "".join(done.stderr.strip().splitlines()[-1:])
            except subprocess.TimeoutExpired:
                line = "still reading after 120 s"
            print(f"  {name:22s} {len(content) / 1e6:5.2f} MB  {reader:9s} {line}")


def forged_data(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(1, 70)))
    fields = [
        rng.choice(
            [
                str(rng.randrange(-3, 60)),
                str(rng.randrange(-(2**80), 2**80)),
                str(rng.choice([2**31, 2**63, 2**64, -(2**63) - 1])),
                rng.choice(["go", "ans", "sub", "cat", "q", "ls", "st", "stopp", "", "x" * 40]),
            ]
        )
        for _ in range(rng.randrange(0, 7))
    ]
    return ":".join([rng.choice("bgwokz"), *fields])


def forged_text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randrange(1, 400)))
    command = rng.choice(["start", "status", "receipt", "export", "roster", "cycle", "audit"])
    return f"/{command} {rng.choice([str(rng.randrange(-(2**80), 2**80)), 'x' * 100, ''])}"


async def updates(folder: Path, count: int) -> None:
    from support.deployments import ADMIN
    from support.forged import check_replies, midway, tables
    from support.offline import OfflineBot, OfflineUser

    errors: list[str] = []

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    logging.getLogger().addHandler(Count(logging.WARNING))
    database = folder / "forged.db"
    chat = await OfflineBot(f"sqlite+aiosqlite:///{database}", admin_ids=(ADMIN,)).start()
    stranger, respondent = (OfflineUser(n, chat.fake) for n in (66, 11))
    await midway(chat, respondent, stranger)
    before = tables(database)
    rng = random.Random(15)
    over, started = 0, time.perf_counter()
    for _ in range(count):
        user = rng.choice([stranger, respondent])
        is_button = rng.random() < 0.7
        if is_button:
            data = forged_data(rng)
            if data.startswith("b:1:1:") or data.startswith("r:stop"):
                continue
            update = user.press(data)
        else:
            update = user.message(forged_text(rng))
        try:
            check_replies(await chat.feed(update), is_button)
        except AssertionError:
            over += 1
    elapsed = time.perf_counter() - started
    changed = tables(database) != before
    await chat.close()
    print(
        f"forged updates: {count} in {elapsed:.1f} s ({count / elapsed:.0f}/s); "
        f"failed or warned: {len(errors)}; not exactly one answer: {over}; "
        f"tables changed: {'yes' if changed else 'no'}"
    )
    if errors:
        print("  first:", json.dumps(errors[:3], ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pingyi-hostile-") as folder:
        uploads(Path(folder))
        asyncio.run(updates(Path(folder), args.updates))


if __name__ == "__main__":
    main()
