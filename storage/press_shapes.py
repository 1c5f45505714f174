"""The press path's shapes: what a press carries (``AnswerPress``), what it comes back as
(``Pressed`` or an ``Outcome``), and the ``Presses`` each database implements
(storage/presses.py says why there is a press path at all)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    MOVED = "moved"  # stored: the answers are upserted and the step moved
    NO_DRAFT = "none"
    CHANGED = "changed"  # the campaign is not the one whose questionnaire the press was for
    CLOSED = "closed"
    STALE = "stale"  # the button's step is not the ballot's
    MEMBER = "member"  # a member bound in the organization: their ballot skips their own questions


@dataclass(frozen=True)
class Shape:
    """What the next step depends on, for the server function (evaluation/navigation.py's
    ``first_open_step`` in SQL)."""

    ask_category: bool
    questions: int
    ask_suggestion: bool


# category, answers (question → rating), suggestion_done → the step to show next
NextStep = Callable[[str | None, Mapping[int, int], bool], int]


@dataclass(frozen=True)
class AnswerPress:
    campaign_id: int
    respondent: str  # the draft's pseudonym
    account: str  # the presser's member account key (Pseudonyms.member_account)
    token: str  # of the campaign whose questionnaire ``ratings`` and ``next_step`` are for
    step: int  # drawn on the button
    ratings: Mapping[int, int]
    today: date
    shape: Shape
    next_step: NextStep


@dataclass(frozen=True)
class Pressed:
    """The ballot after the press: the step now on show and what is stored."""

    step: int
    category: str | None
    suggestion: str | None
    suggestion_done: bool
    answers: dict[int, int]


class Unavailable(ConnectionError):
    """The database cannot be reached (bot/outage.py counts it as an outage)."""


class Presses(ABC):
    """Answer presses for one database, and the campaigns' questionnaires this process knows
    (``learn``/``known``: the core's parsed views, keyed by campaign id and checked against
    the campaign's token by every press, so a closed, deleted or reused id is never trusted)."""

    def __init__(self) -> None:
        self._known: dict[int, Any] = {}

    def learn(self, campaign_id: int, view: Any) -> None:
        if len(self._known) >= 1024:
            self._known.clear()
        self._known[campaign_id] = view

    def known(self, campaign_id: int) -> Any | None:
        return self._known.get(campaign_id)

    @abstractmethod
    async def answer(self, press: AnswerPress) -> Pressed | Outcome:
        """Store the press if it is the plain case; else change nothing and say why not."""

    @abstractmethod
    async def close(self) -> None:
        """Let go of the connections."""
