"""The 整改台账's and the 统计单 records' buttons."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Code, Number


class LedgerAct(StrEnum):
    """What a 整改台账 or 统计单 button does (``LedgerButton.a``)."""

    LIST = "ls"  # a page of the ledger
    ITEM = "it"  # one item
    SET_STATUS = "st"
    ASK_FIELD = "in"  # ask for its 负责人, 期限 or 答复
    ASK_FIGURE = "ri"  # ask for a 统计单 figure


class LedgerButton(CallbackData, prefix="k"):
    """整改台账 and 统计单 records."""

    a: Code  # a LedgerAct
    c: Number = 0  # the campaign
    p: Number = 0  # a page, or the index of a status, a field or a 统计单 item
    f: Number = 0  # the ledger's filter: 0 all, else 1 + the index of a status
    x: Code = ""  # an item's code
