"""A bound member's own buttons: their 承诺事项's 践诺 state, their 反馈单 as a PDF."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Code, Number


class MemberAct(StrEnum):
    """What a bound member's own button does (``MemberButton.a``)."""

    STATE = "ns"  # one of their 承诺事项 to the 践诺 state the button names
    FEEDBACK_PDF = "fp"  # v: a campaign: their own 反馈单 as a PDF, for printing


class MemberButton(CallbackData, prefix="m"):
    a: Code  # a MemberAct
    v: Number = 0  # a commitment
    w: Number = 0  # 1 + the index of the state (0: an older button, the screen is redrawn)
