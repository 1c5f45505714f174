"""逐级点评's buttons."""

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Code, Number


class CommentButton(CallbackData, prefix="n"):
    """A 逐级点评 button: ``n:<campaign>:<subject>:<step>:<action>:<value>``."""

    c: Number
    s: Number  # the subject: 0 the organization, else a member's id
    t: Number  # the step of the screen the button belongs to
    a: Code  # evaluation.comment_flow.CommentAction
    v: Number = 0
