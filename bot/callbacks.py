"""Button payloads. Short ids only: callback_data is at most 64 bytes.

``b:<campaign>:<step>:<action>:<value>`` — the step is the screen the button was drawn
on; the core refuses it once the ballot has moved on. aiogram rejects malformed data
statelessly, so buttons stay valid across restarts.
"""

from aiogram.filters.callback_data import CallbackData


class BallotButton(CallbackData, prefix="b"):
    c: int  # campaign id
    s: int  # step of the screen the button belongs to
    a: str  # evaluation.ballots.Action
    v: int = 0


class BranchButton(CallbackData, prefix="g"):
    c: int  # the group's root campaign
    p: int = 0  # page of the branch picker


class WizardButton(CallbackData, prefix="w"):
    s: int  # evaluation.wizard.Step the button was drawn on
    a: str  # evaluation.wizard.Choice
    v: int = 0


class OrganizerButton(CallbackData, prefix="o"):
    a: str  # bot.handlers.organizer: one of the Act codes
    v: int = 0  # a campaign, organization or page
    w: int = 0  # a second value: a user id when revoking


class ReachButton(CallbackData, prefix="r"):
    a: str  # "sub" 订阅提醒, "no" 不用了, "stop" 不再提醒
    c: int = 0  # the campaign just submitted (for "sub")


class LedgerButton(CallbackData, prefix="k"):
    """整改台账 and 统计单 records. ``a``: "ls" a page of the ledger, "it" an item, "st" set its
    status, "in" ask for its 负责人/期限/答复, "ri" ask for a 统计单 figure."""

    a: str
    c: int = 0  # the campaign
    p: int = 0  # a page, or the index of a status, a field or a 统计单 item
    f: int = 0  # the ledger's filter: 0 all, else 1 + the index of a status
    x: str = ""  # an item's code
