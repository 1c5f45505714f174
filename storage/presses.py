"""The press path: one answer press in one trip to the database.

A 评议大会 presses hundreds of times a second, and each press is the same transaction: lock the
draft, check its campaign and its step, upsert the answer, move the step. Through the async ORM
that was several statements, each several hops to a driver thread (SQLite) or a round trip
(PostgreSQL), about a hundred times the transaction's own cost (bench/meeting.py,
bench/inprocess_throughput.py). Here it is:

- on SQLite, no hop at all: the event loop runs the whole transaction (``BEGIN IMMEDIATE`` …
  ``COMMIT``) on a synchronous connection that never waits for a lock (``SqlitePresses``
  says why that is safe and faster than a thread); the next step is computed by the function
  the core passes in;
- on PostgreSQL, one round trip: ``pingyi_answer``, a server function created by migration
  0014, called on asyncpg connections of the presses' own (``PressConnections``) outside any
  transaction block, so it commits before its row comes back.

Statements are SQLAlchemy Core, compiled once. Either way a press that is not the plain case
(no draft, campaign closed or changed, button from another step) writes nothing and says so;
the core then takes the full path, which refuses it exactly as before.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from storage.db import is_sqlite, sqlite_file


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


def open_presses(url: str) -> Presses | None:
    """The press path for a database URL; None for an in-memory SQLite database, which a
    second connection would not see."""
    if is_sqlite(url):
        from storage.sqlite_presses import SqlitePresses

        database = sqlite_file(url)
        return SqlitePresses(str(database)) if database is not None else None
    from storage.postgres_presses import PostgresPresses

    return PostgresPresses(url)
