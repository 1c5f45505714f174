"""Button payloads, one module per feature; here, the bounded fields they are made of. Short
ids only: callback_data is at most 64 bytes.

``b:<campaign>:<step>:<action>:<value>`` — the step is the screen the button was drawn
on; the core refuses it once the ballot has moved on. aiogram rejects malformed data
statelessly, so buttons stay valid across restarts.

Every number is bounded where it is decoded: forged data with an id past what a database
column holds (or negative where nothing is) fails to parse like any other malformed data,
and meets the catch-all refusal instead of an overflow deep in a query.
"""

from typing import Annotated

from pydantic import Field

# An id, step, page or choice: a 32-bit INTEGER column holds every one of them.
Number = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Admission = Annotated[int, Field(ge=-(2**31), lt=2**48)]  # a choice, or a 48-bit admission
UserId = Annotated[int, Field(ge=0, lt=2**53)]  # Telegram user ids have at most 52 bits
# A short string field: an action code, an item's code.
Code = Annotated[str, Field(max_length=16)]
