"""The ballot's buttons: the masses' (``b:``), the 党员互评's (``p:``), the branch picker of a
grouped campaign (``g:``), and the reminders' offer after 提交 (``r:``)."""

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Admission, Code, Number


class BallotButton(CallbackData, prefix="b"):
    c: Number  # campaign id
    s: Number  # step of the screen the button belongs to
    a: Code  # evaluation.ballot_state.Action
    v: Admission = 0  # a choice; on 开始评议, the admission (Pseudonyms.admission)


class PeerButton(CallbackData, prefix="p"):
    """A 党员互评 ballot's button: as ``BallotButton``; 开始互评 needs no admission (the
    member's binding is checked instead)."""

    c: Number
    s: Number
    a: Code  # evaluation.ballot_state.Action
    v: Number = 0


class BranchButton(CallbackData, prefix="g"):
    c: Number  # the group's root campaign
    p: Number = 0  # page of the branch picker
    t: Admission = 0  # the admission to the root campaign


class ReachAct(StrEnum):
    """The buttons about being messaged (``ReachButton.a``)."""

    SUBSCRIBE = "sub"  # 订阅提醒
    NO_THANKS = "no"  # 不用了
    STOP = "stop"  # 不再提醒


class ReachButton(CallbackData, prefix="r"):
    a: Code  # a ReachAct
    c: Number = 0  # the campaign just submitted (for "sub")
