"""Engine and session factory for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

DEFAULT_URL = "sqlite+aiosqlite:///pingyi.db"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for a server database or an in-memory one."""
    if not is_sqlite(url):
        return None
    database = url.split("///", 1)[-1] if "///" in url else ""
    return Path(database) if database and database != ":memory:" else None


def make_engine(url: str = DEFAULT_URL, **pool: int) -> AsyncEngine:
    """``pool``: pool_size and the like, for PostgreSQL. A SQLite file's folder is made if
    missing (as the secret beside it is)."""
    database = sqlite_file(url)
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **pool)


# Bytes the write-ahead log is cut back to each time it starts over: what it keeps of deleted
# rows between checkpoints stays small (storage/forgetting.py).
JOURNAL_SIZE_LIMIT = 64 * 1024


def sqlite_pragmas(dbapi_connection, _record) -> None:
    # Without WAL and a busy timeout, concurrent writers fail with "database is locked".
    # secure_delete zeroes a deleted row's bytes in the file (a submitted ballot's link to its
    # person must not stay in free space).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")
    cursor.close()


class Session(AsyncSession):
    """An ``AsyncSession`` that remembers whether it committed: a front end that fails after
    the commit must not say that nothing was recorded."""

    committed = False

    async def commit(self) -> None:
        await super().commit()
        self.committed = True


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=Session, expire_on_commit=False)
