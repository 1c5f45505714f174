"""``pingyi demo``: the README's "see it work" command, run as a user would."""

import asyncio
import os
import sqlite3
import struct
import sys
from pathlib import Path

from openpyxl import load_workbook

from bot.demo import (
    DATABASE_FILE,
    HARDER_MEMBER,
    MEMBERS,
    ORGANIZATION,
    RESPONDENTS,
    RESUMING,
    STEPS,
    UNFINISHED,
    varied_ballots,
)
from support.script import assert_tallies

PINGYI = str(Path(sys.executable).with_name("pingyi"))


def png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


async def test_demo_runs_a_whole_campaign_offline_and_writes_workbook_and_poster(tmp_path):
    folder = tmp_path / "演示"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PINGYI_")}
    process = await asyncio.create_subprocess_exec(
        PINGYI,
        "demo",
        "--out",
        str(folder),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 180)
    text = output.decode()
    assert process.returncode == 0, text
    assert f"文件在 / files in: {folder.resolve()}" in text
    # Piped, not at a terminal: no progress bar, only the results.
    assert f"{STEPS}/{STEPS}" not in text and "━" not in text
    # Every file it wrote is listed, and only those.
    listed = {line.strip() for line in text.split("files in:")[1].splitlines()[1:] if line.strip()}
    assert listed == {path.name for path in folder.iterdir()}, (listed, list(folder.iterdir()))

    # Everyone who finished is counted, exactly as they answered; the two who never came
    # back after the reminder are not.
    ballots = varied_ballots(RESPONDENTS, len(MEMBERS))
    finished = ballots[:RESUMING] + ballots[UNFINISHED:]
    submitted = len(finished)
    assert f"提交 {submitted} 份，提醒 {UNFINISHED} 人" in text
    [workbook] = folder.glob("* 评议.xlsx")
    assert_tallies(workbook, finished)
    header = {r[0]: r[1] for r in load_workbook(workbook)["说明"].iter_rows(values_only=True) if r}
    assert header["应参评人数"] == 35
    # A community's branch, with a community's 行业目标.
    with sqlite3.connect(folder / DATABASE_FILE) as connection:
        sectors = dict(connection.execute("SELECT name, sector FROM organizations"))
    assert sectors[ORGANIZATION] == "街道社区"
    aspects = " ".join(
        str(c)
        for row in load_workbook(workbook)["组织评议"].iter_rows(values_only=True)
        for c in row
    )
    assert "服务发展" not in aspects
    # The harder-judged member is the one to 整改.
    assert f"{MEMBERS[HARDER_MEMBER][0]}：不满意" in text

    [public] = folder.glob("* 公示版.xlsx")
    assert "党员评议" not in load_workbook(public).sheetnames  # members' counts only
    assert png_size(folder / "邀请二维码.png")[0] > 0
    [poster] = folder.glob("*海报*.png")
    assert png_size(poster) == (1240, 1754)  # A4 at 150 dpi
    # The log is the bot's own: it names no respondent.
    log = (folder / "bot.log").read_text()
    assert "pingyi started" in log and "20001" not in log and "群众1" not in log
