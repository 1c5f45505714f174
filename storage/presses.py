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

from storage.db import is_sqlite, sqlite_file
from storage.postgres_presses import PostgresPresses
from storage.press_shapes import Presses
from storage.sqlite_presses import SqlitePresses


def open_presses(url: str) -> Presses | None:
    """The press path for a database URL; None for an in-memory SQLite database, which a
    second connection would not see."""
    if is_sqlite(url):
        database = sqlite_file(url)
        return SqlitePresses(str(database)) if database is not None else None
    return PostgresPresses(url)
