"""党员自我评价's buttons."""

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Code, Number


class SelfButton(CallbackData, prefix="e"):
    """A 党员自我评价 button: ``e:<campaign>:<step>:<action>:<value>``."""

    c: Number
    s: Number  # the step of the screen the button belongs to
    a: Code  # evaluation.self_evaluation.SelfAction
    v: Number = 0
