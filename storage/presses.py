"""The press path: one answer press in one trip to the database.

A 评议大会 presses hundreds of times a second, and each press is the same transaction: lock the
draft, check its campaign and its step, upsert the answer, move the step. Through the async ORM
that was several statements, each several hops to a driver thread (SQLite) or a round trip
(PostgreSQL), about a hundred times the transaction's own cost (bench/meeting.py,
bench/inprocess_throughput.py). Here it is:

- on SQLite, one hop: a thread owns a synchronous connection and runs the whole transaction
  (``BEGIN IMMEDIATE`` … ``COMMIT``) when a press reaches it; the next step is computed there
  by the function the core passes in;
- on PostgreSQL, one round trip: ``pingyi_answer``, a server function created by migration
  0014, called on a pool of asyncpg connections outside any transaction block, so it commits
  before its row comes back.

Statements are SQLAlchemy Core, compiled once. Either way a press that is not the plain case
(no draft, campaign closed or changed, button from another step) writes nothing and says so;
the core then takes the full path, which refuses it exactly as before.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url

from storage.db import is_sqlite, sqlite_file, sqlite_pragmas
from storage.models import Answer, Ballot, Campaign, DraftLink
from storage.repositories import MOVE_STEP, SAVE_ANSWERS

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    MOVED = "moved"  # stored: the answers are upserted and the step moved
    NO_DRAFT = "none"
    CHANGED = "changed"  # the campaign is not the one whose questionnaire the press was for
    CLOSED = "closed"
    STALE = "stale"  # the button's step is not the ballot's


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
        database = sqlite_file(url)
        return SqlitePresses(str(database)) if database is not None else None
    return PostgresPresses(url)


# --- SQLite: one hop to the connection's own thread ---------------------------------------


def _compiled(statement) -> tuple[str, tuple[str, ...]]:
    compiled = statement.compile(dialect=sqlite.dialect())
    return str(compiled), tuple(compiled.positiontup)


_READ = _compiled(
    select(
        Ballot.id,
        Ballot.step,
        Ballot.category,
        Ballot.suggestion,
        Ballot.suggestion_done,
        Campaign.status,
        Campaign.deadline,
        Campaign.token,
        Answer.question,
        Answer.rating,
    )
    .select_from(DraftLink)
    .join(Ballot, Ballot.id == DraftLink.ballot_id)
    .join(Campaign, Campaign.id == Ballot.campaign_id)
    .outerjoin(Answer, Answer.ballot_id == Ballot.id)
    .where(
        DraftLink.campaign_id == bindparam("campaign_id"),
        DraftLink.respondent == bindparam("respondent"),
        Ballot.submitted.is_(False),
    )
)
_MOVE = _compiled(MOVE_STEP)
_UPSERT = _compiled(SAVE_ANSWERS["sqlite"])


def _positional(compiled: tuple[str, tuple[str, ...]], **values: Any) -> tuple[str, list[Any]]:
    sql, names = compiled
    return sql, [values[name] for name in names]


def _answer_in_transaction(connection: sqlite3.Connection, press: AnswerPress) -> Pressed | Outcome:
    rows = connection.execute(
        *_positional(_READ, campaign_id=press.campaign_id, respondent=press.respondent)
    ).fetchall()
    if not rows:
        return Outcome.NO_DRAFT
    ballot_id, step, category, suggestion, done, status, deadline, token = rows[0][:8]
    if token != press.token:
        return Outcome.CHANGED
    if status != "open" or (deadline is not None and press.today.isoformat() > deadline):
        return Outcome.CLOSED
    if step != press.step:
        return Outcome.STALE
    answers = {row[8]: row[9] for row in rows if row[8] is not None}
    answers.update(press.ratings)
    target = press.next_step(category, answers, bool(done))
    sql, parameters = _positional(_MOVE, ballot=ballot_id, expected=step, new=target)
    if connection.execute(sql, parameters).rowcount != 1:  # cannot happen under the lock
        return Outcome.STALE
    upsert, names = _UPSERT
    rows = [{"ballot_id": ballot_id, "question": q, "rating": r} for q, r in press.ratings.items()]
    connection.executemany(upsert, [[row[name] for name in names] for row in rows])
    return Pressed(target, category, suggestion, bool(done), answers)


class SqlitePresses(Presses):
    """One thread owns the connection. Presses queue for it; it runs each in its own
    transaction and hands back every result it finished in one wake-up of the event loop."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def answer(self, press: AnswerPress) -> Pressed | Outcome:
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="pingyi-presses", daemon=True)
            self._thread.start()
        future = asyncio.get_running_loop().create_future()
        self._jobs.put((press, future))
        return await future

    def _serve(self) -> None:
        connection = sqlite3.connect(
            self._path, timeout=30, isolation_level=None, check_same_thread=False
        )
        sqlite_pragmas(connection, None)
        try:
            while (job := self._jobs.get()) is not None:
                done = [self._run(connection, *job)]
                while True:  # whatever queued meanwhile, before waking the loop
                    try:
                        job = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        self._settle(done)
                        return
                    done.append(self._run(connection, *job))
                self._settle(done)
        finally:
            connection.close()

    @staticmethod
    def _run(connection: sqlite3.Connection, press: AnswerPress, future: asyncio.Future):
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = _answer_in_transaction(connection, press)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT" if isinstance(result, Pressed) else "ROLLBACK")
            return future, result, None
        except sqlite3.OperationalError as error:  # locked past the timeout, disk I/O
            return future, None, Unavailable(str(error))
        except Exception as error:
            return future, None, error

    @staticmethod
    def _settle(done: list) -> None:
        loops: dict[asyncio.AbstractEventLoop, list] = {}
        for item in done:
            loops.setdefault(item[0].get_loop(), []).append(item)
        for loop, results in loops.items():
            try:
                loop.call_soon_threadsafe(_resolve, results)
            except RuntimeError:  # that loop is closed: nobody awaits these any more
                log.debug("%d press results for a closed event loop", len(results))

    async def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            await asyncio.to_thread(self._thread.join)
            self._thread = None


def _resolve(done: list) -> None:
    for future, result, error in done:
        if future.done():  # its press was cancelled meanwhile
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)


# --- PostgreSQL: one round trip to a server function ---------------------------------------

_CALL = (
    "SELECT outcome, step, category, suggestion, suggestion_done, questions, ratings "
    "FROM pingyi_answer($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
)


async def _nothing_to_reset(_connection) -> None:
    """These connections only ever call ``pingyi_answer`` outside a transaction: there is no
    session state to reset, and asyncpg's default reset is a round trip per press."""


class PostgresPresses(Presses):
    def __init__(self, url: str) -> None:
        super().__init__()
        self._dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._pool = None
        self._opening = asyncio.Lock()

    async def _connections(self):
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    import asyncpg

                    self._pool = await asyncpg.create_pool(
                        self._dsn,
                        # No floor to keep: a pool restoring one logs a traceback through an
                        # outage.
                        min_size=0,
                        max_size=10,
                        reset=_nothing_to_reset,
                    )
        return self._pool

    async def answer(self, press: AnswerPress) -> Pressed | Outcome:
        import asyncpg

        questions = list(press.ratings)
        try:
            pool = await self._connections()
            row = await pool.fetchrow(
                _CALL,
                press.campaign_id,
                press.respondent,
                press.token,
                press.step,
                questions,
                [press.ratings[q] for q in questions],
                press.today,
                press.shape.ask_category,
                press.shape.questions,
                press.shape.ask_suggestion,
            )
        except (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError) as error:
            raise Unavailable(str(error) or type(error).__name__) from error
        outcome = Outcome(row["outcome"])
        if outcome != Outcome.MOVED:
            return outcome
        return Pressed(
            row["step"],
            row["category"],
            row["suggestion"],
            row["suggestion_done"],
            dict(zip(row["questions"], row["ratings"], strict=True)),
        )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
