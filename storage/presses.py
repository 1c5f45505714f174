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

import asyncio
import json
import logging
import sqlite3
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url

from storage.ballots import MOVE_STEP, SAVE_ANSWERS
from storage.db import is_sqlite, sqlite_file, sqlite_pragmas
from storage.models import Answer, Ballot, Campaign, DraftLink, MemberBinding

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 30  # seconds a press waits for another writer, as the ORM's connections do
RETRY = 0.001  # seconds between tries while another writer has the lock
CHECKPOINT_EVERY = 300  # SQLite presses between checkpoints: about 1000 pages of log


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
        database = sqlite_file(url)
        return SqlitePresses(str(database)) if database is not None else None
    return PostgresPresses(url)


# --- SQLite: the event loop's own connection, which never waits --------------------------


def _compiled(statement) -> tuple[str, tuple[str, ...]]:
    compiled = statement.compile(dialect=sqlite.dialect())
    return str(compiled), tuple(compiled.positiontup)


# One row, the answers folded into a JSON object.
_ANSWERS = (
    select(func.json_group_object(Answer.question, Answer.rating))
    .where(Answer.ballot_id == Ballot.id)
    .scalar_subquery()
)
# Whether the presser is a member bound in the campaign's organization (their ballot skips
# their own questions, which only the full path knows).
_BOUND = (
    select(func.count())
    .where(
        MemberBinding.organization_id == Campaign.organization_id,
        MemberBinding.account == bindparam("account"),
    )
    .scalar_subquery()
)
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
        _ANSWERS,
        _BOUND,
    )
    .select_from(DraftLink)
    .join(Ballot, Ballot.id == DraftLink.ballot_id)
    .join(Campaign, Campaign.id == Ballot.campaign_id)
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
    row = connection.execute(
        *_positional(
            _READ, campaign_id=press.campaign_id, respondent=press.respondent, account=press.account
        )
    ).fetchone()
    if row is None:
        return Outcome.NO_DRAFT
    ballot_id, step, category, suggestion, done, status, deadline, token, stored, bound = row
    if token != press.token:
        return Outcome.CHANGED
    if status != "open" or (deadline is not None and press.today.isoformat() > deadline):
        return Outcome.CLOSED
    if step != press.step:
        return Outcome.STALE
    if bound:
        return Outcome.MEMBER
    answers = {int(question): rating for question, rating in json.loads(stored).items()}
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
    """A synchronous connection of the event loop's own, which never waits: ``busy_timeout``
    is 0, and a commit under WAL with ``synchronous=NORMAL`` appends to the log without an
    fsync. A press's transaction holds the loop only for its own work, under a tenth of a
    millisecond (bench/inprocess_throughput.py), about what aiogram spends on one update's
    log line. When another writer holds the lock (a transaction of the ORM path, the
    scheduler, the command line) one press tries again every millisecond, letting the loop
    run meanwhile, and the presses behind it wait for it. The checkpoints, which do fsync, run
    in a thread of their own.

    A thread owning the connection came first. Under load each press waited there for the GIL
    several times (a busy loop gives it up only after the 5 ms switch interval) and held the
    write lock meanwhile: a hall of 600 saw the trip to that thread take p50 2.8 ms, p99
    123 ms, against 0.2 ms and 44 ms (some presses waiting for the ORM's writer) this way
    (bench/meeting.py)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._commits = 0
        self._checkpoint: asyncio.Task | None = None
        self._lock_free: asyncio.Future | None = None  # while a press tries again

    async def answer(self, press: AnswerPress) -> Pressed | Outcome:
        result = self._try(press)
        if result is None:
            result = await self._wait_for_lock(press)
        if isinstance(result, Pressed):
            self._commits += 1
            if self._commits % CHECKPOINT_EVERY == 0 and (
                self._checkpoint is None or self._checkpoint.done()
            ):
                self._checkpoint = asyncio.create_task(asyncio.to_thread(_checkpoint, self._path))
        return result

    async def _wait_for_lock(self, press: AnswerPress) -> Pressed | Outcome:
        """While another writer has the lock, one press tries again every millisecond and
        the others wait for it to get through, then all try at once. With every press trying
        (bench/inprocess_throughput.py: 60,000 tries for 5,100 answers) that was an eighth of
        the loop's time, which the ORM's writers holding the lock need to finish; queueing
        behind an ``asyncio.Lock`` instead let one press through per loop iteration."""
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            if self._lock_free is None:  # nobody is trying: this press does
                result = await self._try_every_millisecond(press, deadline)
            else:
                await self._lock_free
                result = self._try(press)
            if result is not None:
                return result
            if time.monotonic() > deadline:
                raise Unavailable("database is locked")

    async def _try_every_millisecond(self, press: AnswerPress, deadline: float):
        """Until the press is through (its result) or past ``deadline`` (None); then the
        presses waiting for this one try."""
        self._lock_free = asyncio.get_running_loop().create_future()
        try:
            while (result := self._try(press)) is None and time.monotonic() <= deadline:
                await asyncio.sleep(RETRY)
            return result
        finally:
            self._lock_free.set_result(None)
            self._lock_free = None

    def _try(self, press: AnswerPress) -> Pressed | Outcome | None:
        """The press in one transaction; None (nothing changed) if another writer has the
        lock."""
        connection = self._connection or self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                result = _answer_in_transaction(connection, press)
            except BaseException:
                if connection.in_transaction:  # a failed write may have ended it already
                    connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT" if isinstance(result, Pressed) else "ROLLBACK")
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
                return None
            raise Unavailable(str(error)) from error  # disk I/O, a file gone
        return result

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self._path, isolation_level=None)
        sqlite_pragmas(connection, None)
        connection.execute("PRAGMA busy_timeout=0")  # after the pragmas' 30 s: never wait
        connection.execute("PRAGMA wal_autocheckpoint=0")  # _checkpoint, off the loop
        self._connection = connection
        return connection

    async def close(self) -> None:
        if self._checkpoint is not None:
            await self._checkpoint
            self._checkpoint = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _checkpoint(path: str) -> None:
    """Copy the log's pages into the database (PASSIVE: writers go on meanwhile), as SQLite's
    automatic checkpoint would after the commit that grew the log past 1000 pages."""
    try:
        connection = sqlite3.connect(path, timeout=LOCK_TIMEOUT)
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            connection.close()
    except sqlite3.Error as error:  # the next one copies what this one could not
        log.warning("checkpoint of %s failed: %s", path, error)


# --- PostgreSQL: one round trip to a server function ---------------------------------------

_CALL = (
    "SELECT outcome, step, category, suggestion, suggestion_done, questions, ratings "
    "FROM pingyi_answer($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
)


MOST_CONNECTIONS = 10  # PostgreSQL connections the presses of one process keep open


class PressConnections:
    """The presses' asyncpg connections: a stack of idle ones, at most ``most`` open.

    Each press takes one for a single call outside any transaction block, so there is no
    session state to reset. asyncpg's pool does more per press than these calls need: a
    queue, holders, and a task of its own to release every connection, about twice the CPU
    of taking one from here (bench/press_connections.py). None is opened ahead of need, so
    an outage costs no reconnecting in the background.
    """

    def __init__(self, dsn: str, most: int) -> None:
        self._dsn = dsn
        self._most = most
        self._opened = 0  # idle, taken, or being opened
        self._idle: list[Any] = []
        self._waiting: deque[asyncio.Future] = deque()
        self._closed = False

    async def fetchrow(self, query: str, *arguments: Any):
        """``query``'s row, on a connection of the stack; Unavailable if the database cannot
        be reached or the line to it fails."""
        import asyncpg

        try:
            connection = await self._take()
            try:
                row = await connection.fetchrow(query, *arguments)
            except asyncpg.PostgresError as error:  # the server answered: the line is fine,
                if isinstance(error, asyncpg.PostgresConnectionError):  # unless it says not
                    self._lose(connection)
                else:
                    self._give_back(connection)
                raise
            except BaseException:  # the line failed, or the call was cancelled midway
                self._lose(connection)
                raise
        except (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError) as error:
            raise Unavailable(str(error) or type(error).__name__) from error
        self._give_back(connection)
        return row

    async def _take(self):
        import asyncpg

        while True:
            while self._idle:
                connection = self._idle.pop()
                if not connection.is_closed():
                    return connection
                self._opened -= 1  # the server or the network ended it while idle
            if self._opened < self._most:
                self._opened += 1
                try:
                    return await asyncpg.connect(self._dsn)
                except BaseException:
                    self._forget()
                    raise
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                handed = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():  # handed over as it was cancelled
                    self._hand_on(waiter.result())
                raise
            if handed is not None:
                return handed
            # None: a connection was lost, so there is room to open one.

    def _give_back(self, connection) -> None:
        if self._closed or connection.is_closed():
            self._lose(connection)
        else:
            self._hand_on(connection)

    def _lose(self, connection) -> None:
        """``connection`` is not used again (its call failed, or it was cancelled midway)."""
        connection.terminate()
        self._forget()

    def _forget(self) -> None:
        """One connection fewer is open: a waiting press may open one."""
        self._opened -= 1
        self._hand_on(None)

    def _hand_on(self, connection) -> None:
        """To the first press still waiting, or (a connection) onto the idle stack."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                return
        if connection is not None:
            self._idle.append(connection)

    async def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        self._opened -= len(idle)
        for connection in idle:
            await connection.close()


class PostgresPresses(Presses):
    def __init__(self, url: str) -> None:
        super().__init__()
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._connections = PressConnections(dsn, MOST_CONNECTIONS)

    async def answer(self, press: AnswerPress) -> Pressed | Outcome:
        questions = list(press.ratings)
        row = await self._connections.fetchrow(
            _CALL,
            press.campaign_id,
            press.respondent,
            press.account,
            press.token,
            press.step,
            questions,
            [press.ratings[q] for q in questions],
            press.today,
            press.shape.ask_category,
            press.shape.questions,
            press.shape.ask_suggestion,
        )
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
        await self._connections.close()
