"""What a deleted row leaves behind in a SQLite deployment's files, and clearing it soon.

A ballot's link to its person (``draft_links``, a 党员互评 draft, a thank-you's outbox row) is
deleted in the transaction that submits it. SQLite keeps more than the tables, though:
- the database file keeps a deleted row's bytes in free space, unless ``secure_delete`` is on
  (``storage.db.sqlite_pragmas`` turns it on for every connection: deleted content is zeroed);
- the write-ahead log (``-wal``) keeps every page written since it was last reset, the deleted
  row's earlier versions among them, until a checkpoint empties it. A backup that copies the
  files takes the log with it.

A transaction that deletes such a link marks its session (``forgot``); after it commits, the
``LogScrubber`` of that database runs ``wal_checkpoint(TRUNCATE)`` a moment later, off the
press path, batching whatever forgot meanwhile, and again while readers keep it from
finishing. ``journal_size_limit`` keeps the log small between those checkpoints.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from storage.db import sqlite_file

log = logging.getLogger(__name__)

SCRUB_DELAY = 1.0  # seconds from the first forgetting commit to the checkpoint: batches a hall
SCRUB_ATTEMPTS = 30  # tries, SCRUB_DELAY apart, while readers keep the log in use
# How long a checkpoint waits for readers and writers. It blocks new writers while it waits,
# so it gives up soon and tries again later: the presses behind it wait that long at most.
SCRUB_PATIENCE_MS = 200
_FORGOT = "pingyi.forgot"


def forgot(session: AsyncSession) -> None:
    """This session's transaction deletes what linked a ballot to a person: once it commits,
    the log that still holds the link is emptied."""
    session.info[_FORGOT] = True


class LogScrubber:
    """Empties one SQLite database's write-ahead log soon after a transaction forgot a link."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._task: asyncio.Task | None = None
        self._again = False  # a commit forgot something while a checkpoint was under way

    def request(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._scrub_soon())

    async def _scrub_soon(self) -> None:
        self._again = True
        while self._again:
            self._again = False
            await asyncio.sleep(SCRUB_DELAY)
            for _ in range(SCRUB_ATTEMPTS):
                if await asyncio.to_thread(truncate_log, self._path):
                    break
                await asyncio.sleep(SCRUB_DELAY)
            else:
                log.warning("the log of %s stayed in use: emptied at the next try", self._path)

    async def close(self) -> None:
        """At exit: empty the log now if something asked for it."""
        if self._task is None:
            return
        if not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            await asyncio.to_thread(truncate_log, self._path)
        self._task = None


def truncate_log(path: str) -> bool:
    """``wal_checkpoint(TRUNCATE)``: every page into the database, the log cut to nothing.
    False if readers or a writer kept it from finishing (the log then stays as it was)."""
    try:
        connection = sqlite3.connect(path, timeout=SCRUB_PATIENCE_MS / 1000)
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("checkpoint of %s failed: %s", path, error)
        return False
    return busy == 0


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
