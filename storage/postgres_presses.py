"""The press path on PostgreSQL: one round trip to the server function ``pingyi_answer``
(migration 0014), on connections of the presses' own (storage/presses.py says why)."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from sqlalchemy.engine import make_url

from storage.press_shapes import AnswerPress, Outcome, Pressed, Presses, Unavailable

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
