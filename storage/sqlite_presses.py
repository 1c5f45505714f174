"""The press path on SQLite: the event loop's own connection, which never waits
(storage/presses.py says why there is a press path at all)."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects import sqlite

from storage.ballots import MOVE_STEP, SAVE_ANSWERS
from storage.db import sqlite_pragmas
from storage.models import Answer, Ballot, Campaign, DraftLink, MemberBinding
from storage.press_shapes import AnswerPress, Outcome, Pressed, Presses, Unavailable

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 30  # seconds a press waits for another writer, as the ORM's connections do
RETRY = 0.001  # seconds between tries while another writer has the lock
CHECKPOINT_EVERY = 300  # SQLite presses between checkpoints: about 1000 pages of log


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
