"""What a deleted row leaves behind in a SQLite deployment's files, and clearing it soon.

A ballot's link to its person (``draft_links``, a 党员互评 draft, a thank-you's outbox row) is
deleted in the transaction that submits it. SQLite keeps more than the tables, though:
- the database file keeps a deleted row's bytes in free space, unless ``secure_delete`` is on
  (``storage.db.sqlite_pragmas`` turns it on for every connection: deleted content is zeroed);
- pages SQLite rebalanced keep, in their unused space, copies of cells they held, deleted
  ones among them, whatever ``secure_delete`` says;
- the write-ahead log (``-wal``) keeps every page written since it was last reset, the deleted
  row's earlier versions among them, until a checkpoint empties it. A backup that copies the
  files takes the log with it.

A transaction that deletes such a link marks its session (``forgot``); after it commits, the
``LogScrubber`` of that database runs ``wal_checkpoint(TRUNCATE)`` a moment later, off the
press path, batching whatever forgot meanwhile, and again while readers keep it from
finishing; once no link was forgotten for a few seconds it rebuilds the file (``VACUUM``).
``journal_size_limit`` keeps the log small between those checkpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from storage.db import sqlite_file

log = logging.getLogger(__name__)

SCRUB_DELAY = 1.0  # seconds from a forgetting commit to emptying the log: batches a hall
# The database file is rebuilt (VACUUM) once no link was forgotten for VACUUM_QUIET seconds
# (a hall has finished), or VACUUM_LATEST seconds after the first one at the latest.
VACUUM_QUIET = 10.0
VACUUM_LATEST = 300.0
# How long a checkpoint or a rebuild waits for readers and writers. A pending one blocks new
# writers, so it gives up soon and tries again a second later: the presses behind it wait
# that long at most.
SCRUB_PATIENCE_MS = 200
_FORGOT = "pingyi.forgot"


def forgot(session: AsyncSession) -> None:
    """This session's transaction deletes what linked a ballot to a person: once it commits,
    the files that may still hold the link are cleared."""
    session.info[_FORGOT] = True


class LogScrubber:
    """Clears one SQLite database's files after transactions forgot links: the write-ahead log
    within seconds, the database file once things are quiet."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._task: asyncio.Task | None = None
        self._log_dirty = False  # forgotten since the log was last emptied
        self._last = 0.0  # monotonic time of the newest forgetting commit
        self._dirty_since: float | None = None  # the oldest one the file may still hold

    def request(self) -> None:
        now = time.monotonic()
        self._last = now
        self._log_dirty = True
        if self._dirty_since is None:
            self._dirty_since = now
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._scrub())

    async def _scrub(self) -> None:
        while self._dirty_since is not None:
            await asyncio.sleep(SCRUB_DELAY)
            if self._log_dirty:
                self._log_dirty = False
                if not await asyncio.to_thread(truncate_log, self._path):
                    self._log_dirty = True  # a reader kept it: again in a second
            now = time.monotonic()
            due = min(self._last + VACUUM_QUIET, self._dirty_since + VACUUM_LATEST)
            rebuilt = now >= due and await asyncio.to_thread(rebuild, self._path)
            if rebuilt and self._last < now:  # nothing was forgotten while it ran
                self._dirty_since = None

    async def close(self) -> None:
        """At exit: clear the files now if something is still to be cleared."""
        if self._task is None:
            return
        if not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._dirty_since is not None:
            await asyncio.to_thread(rebuild, self._path)
        self._task = None


def truncate_log(path: str) -> bool:
    """``wal_checkpoint(TRUNCATE)``: every page into the database, the log cut to nothing.
    False if readers or a writer kept it from finishing (the log then stays as it was)."""
    return _run(path, "PRAGMA wal_checkpoint(TRUNCATE)")


def rebuild(path: str) -> bool:
    """``VACUUM``, then the log emptied. ``secure_delete`` zeroes a deleted row where it lay,
    but when SQLite rebalances a B-tree it rebuilds pages whose unused space keeps copies of
    cells it moved, deleted ones among them (seen in tests/e2e/test_backup.py); VACUUM writes
    the live rows into fresh pages. About 80 ms for 3,000 ballots of 51 answers."""
    return _run(path, "VACUUM") and _run(path, "PRAGMA wal_checkpoint(TRUNCATE)")


def _run(path: str, statement: str) -> bool:
    try:
        connection = sqlite3.connect(path, timeout=SCRUB_PATIENCE_MS / 1000)
        try:
            row = connection.execute(statement).fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("%s on %s failed: %s", statement, path, error)
        return False
    return row is None or row[0] == 0  # a checkpoint's first column: 1 if it was blocked


def watch(sessionmaker: async_sessionmaker[AsyncSession], url: str) -> LogScrubber | None:
    """A scrubber for the sessions of ``sessionmaker`` on a SQLite file (None for PostgreSQL,
    see README: what a base backup keeps): each commit of a session that ``forgot`` asks it
    to empty the log."""
    path = sqlite_file(url)
    if path is None:
        return None
    scrubber = LogScrubber(str(path))

    class Watched(Session):  # session events are listened for on the synchronous class
        pass

    def after_commit(session: Session) -> None:
        if session.info.pop(_FORGOT, False):
            scrubber.request()

    def after_rollback(session: Session, _transaction) -> None:
        session.info.pop(_FORGOT, None)  # nothing was deleted after all

    event.listen(Watched, "after_commit", after_commit)
    event.listen(Watched, "after_soft_rollback", after_rollback)
    sessionmaker.configure(sync_session_class=Watched)
    return scrubber
