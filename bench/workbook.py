"""The campaign workbook at the seed's district scale, against raw openpyxl writing as many cells.

Builds a fresh SQLite database: one organization with 9 members (6 + 45 questions), 36,300
submitted ballots and 4,600 opinions. Then, each in its own process so that peak memory is the
export's own: (1) the full workbook export as the bot runs it (``export_campaign``: queries,
then openpyxl write-only in a worker thread); (2) raw openpyxl write-only writing the same
number of cells, in rows as wide as the 明细's, with no database and no styling.
Prints the export time, its peak RSS and the ratio to the raw write.
Run: python bench/workbook.py [--ballots 36300] [--opinions 4600]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OPENED = datetime(2026, 10, 8, 1, 0, tzinfo=UTC)
DEADLINE = date(2026, 10, 31)
CATEGORIES = ("群众代表", "服务对象", "党员", "其他")
MEMBERS = [(f"党员{n:02d}", None) for n in range(1, 10)]


async def build(path: Path, ballots: int, opinions: int) -> int:
    """The district-scale campaign; returns its id."""
    from evaluation.callers import OPERATOR
    from evaluation.campaigns import CampaignRequest, find_organization, start_campaign
    from evaluation.roster import RosterData, import_roster
    from storage.db import make_engine, make_sessionmaker
    from storage.migrate import upgrade

    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    await upgrade(engine)
    async with make_sessionmaker(engine)() as session:
        await import_roster(
            session, OPERATOR, RosterData("基准区党委", "机关", None, MEMBERS), OPENED
        )
        organization = await find_organization(session, "基准区党委")
        request = CampaignRequest(organization.id, "2026Q4", deadline=DEADLINE, expected=40_000)
        campaign = await start_campaign(session, OPERATOR, request, OPENED.date(), OPENED)
        questions = len(campaign.questionnaire["subjects"][0]["criteria"]) + 9 * 5
        campaign_id = campaign.id
    await engine.dispose()

    # Bulk rows straight through sqlite3: building the data is not what is measured.
    chance = random.Random(36300)
    connection = sqlite3.connect(path)
    ballot_rows, answer_rows = [], []
    for n in range(ballots):
        ballot_id = secrets.token_hex(16)
        day = OPENED.date() + timedelta(days=n % 23)
        ballot_rows.append((ballot_id, campaign_id, CATEGORIES[n % 4], day.isoformat()))
        answer_rows.extend(
            (ballot_id, q, chance.choices((0, 1, 2, 3), (6, 3, 1, 1))[0]) for q in range(questions)
        )
    connection.executemany(
        "INSERT INTO ballots (id, campaign_id, category, suggestion_done, step, submitted, day) "
        "VALUES (?, ?, ?, 1, -2, 1, ?)",
        ballot_rows,
    )
    connection.executemany(
        "INSERT INTO answers (ballot_id, question, rating) VALUES (?, ?, ?)", answer_rows
    )
    statuses = ("待处理", "整改中", "已办结")
    connection.executemany(
        "INSERT INTO suggestions (code, campaign_id, text, status, owner, response) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                f"{n:04d}-{n:04d}",
                campaign_id,
                ('=HYPERLINK("x")' if n % 50 == 0 else "") + f"第{n}条意见：希望改进服务。" * 3,
                statuses[n % 3],
                "办公室" if n % 3 else None,
                "已整改完毕，感谢监督。" if n % 3 == 2 else None,
            )
            for n in range(opinions)
        ],
    )
    connection.commit()
    connection.close()
    return campaign_id


def export(path: Path, campaign_id: int, out: Path) -> dict:
    """Runs in its own process: the export exactly as /export and pingyi export run it."""
    from evaluation.callers import OPERATOR
    from exports.workbook import export_campaign
    from storage.db import make_engine, make_sessionmaker

    async def run() -> float:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        async with make_sessionmaker(engine)() as session:
            started = time.perf_counter()
            await export_campaign(session, OPERATOR, campaign_id, out, datetime.now(UTC))
            elapsed = time.perf_counter() - started
        await engine.dispose()
        return elapsed

    before = _peak_mib()
    elapsed = asyncio.run(run())
    return {"seconds": elapsed, "peak_mib": _peak_mib(), "start_mib": before}


def raw(out: Path, rows: int, columns: int) -> dict:
    """Runs in its own process: openpyxl write-only, the same number of cells, nothing else."""
    from openpyxl import Workbook

    labels = ("满意", "基本满意", "不满意", "不了解")
    chance = random.Random(1)
    values = [[labels[chance.randrange(4)] for _ in range(columns)] for _ in range(97)]
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("raw")
    for n in range(rows):
        sheet.append(values[n % 97])
    workbook.save(out)
    return {"seconds": time.perf_counter() - started, "peak_mib": _peak_mib()}


def count_cells(path: Path) -> tuple[int, int]:
    """Cells with a value in the whole workbook, and the widest row (the 明细's)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    cells = widest = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            filled = sum(value is not None for value in row)
            cells += filled
            widest = max(widest, filled)
    workbook.close()
    return cells, widest


def _peak_mib() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the
    parent that started it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _child(*arguments: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(ballots: int, opinions: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="pingyi-bench-"))
    database = folder / "district.db"
    started = time.perf_counter()
    campaign_id = asyncio.run(build(database, ballots, opinions))
    print(
        f"built {ballots} ballots and {opinions} opinions in {time.perf_counter() - started:.1f} s"
    )

    workbook = folder / "workbook.xlsx"
    exported = _child("--export", str(database), str(campaign_id), str(workbook))
    cells, widest = count_cells(workbook)
    rows = -(-cells // widest)
    written = _child("--raw", str(folder / "raw.xlsx"), str(rows), str(widest))
    size = workbook.stat().st_size / 2**20
    print(f"workbook: {cells} cells, {size:.1f} MiB on disk")
    print(
        f"full workbook export: {exported['seconds']:.1f} s, "
        f"peak RSS {exported['peak_mib']:.0f} MiB "
        f"(the process after its imports: {exported['start_mib']:.0f} MiB)"
    )
    print(
        f"raw openpyxl write-only, {rows} rows x {widest} cells: {written['seconds']:.1f} s, "
        f"peak RSS {written['peak_mib']:.0f} MiB"
    )
    print(f"export / raw write: {exported['seconds'] / written['seconds']:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--export"]:
        path, campaign, out = sys.argv[2:5]
        print(json.dumps(export(Path(path), int(campaign), Path(out))))
    elif sys.argv[1:2] == ["--raw"]:
        out, rows, columns = sys.argv[2:5]
        print(json.dumps(raw(Path(out), int(rows), int(columns))))
    else:
        parser = argparse.ArgumentParser(description=__doc__)
        parser.add_argument("--ballots", type=int, default=36_300)
        parser.add_argument("--opinions", type=int, default=4_600)
        arguments = parser.parse_args()
        main(arguments.ballots, arguments.opinions)
