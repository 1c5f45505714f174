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
