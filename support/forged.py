"""Forged updates fed to the dispatcher in process (tests/db/test_fuzz.py, bench/hostile_input.py):
a chat midway through a ballot to forge against, the tables they must leave as they were, the
replies they may get."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot import texts
from bot.i18n import gettext
from fake_telegram import Call
from support.offline import OfflineBot, OfflineUser


async def midway(chat: OfflineBot, respondent: OfflineUser, stranger: OfflineUser) -> None:
    """An open campaign (id 1) on the 9-member branch; the respondent midway through it."""
    campaign = await chat.open_campaign()
    await chat.begin(respondent, campaign.token)
    await chat.feed(respondent.press(respondent.button(":ans:0")))
    await chat.feed(stranger.message("/start"))
    stranger.last_message()


def tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        names = [
            n
            for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if n != "alembic_version"
        ]
        return {n: sorted(connection.execute(f'SELECT * FROM "{n}"'), key=repr) for n in names}


def check_replies(calls: list[Call], is_button: bool) -> None:
    replies = [c for c in calls if c.method in ("sendMessage", "editMessageText")]
    answers = [c for c in calls if c.method == "answerCallbackQuery"]
    assert len(replies) <= 1, calls
    assert len(answers) == (1 if is_button else 0), calls
    assert all(gettext(texts.FAILURE) not in str(c.params) for c in calls), calls
