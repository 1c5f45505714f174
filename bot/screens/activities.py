"""统计单 figures: which one to record."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot import texts
from bot.callbacks.rectification import LedgerAct
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.rectification import ledger_button
from bot.texts import activities as activities_texts
from bot.texts import rectification as rectification_texts
from evaluation.activities import ITEMS


def activity_picker(campaign_id: int, title: str, totals: dict[str, int | None]) -> Rendered:
    rows = [
        [
            ledger_button(
                activities_texts.record_button(item, totals.get(item.code)),
                a=LedgerAct.ASK_FIGURE,
                c=campaign_id,
                p=n,
            )
        ]
        for n, item in enumerate(ITEMS)
    ]
    return f"{texts.say(title)}\n{_(rectification_texts.RECORD_PICK)}", InlineKeyboardMarkup(
        inline_keyboard=rows
    )
