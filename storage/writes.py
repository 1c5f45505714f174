"""INSERT … ON CONFLICT DO NOTHING on either database: the UNIQUE key decides. Works on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def _insert(session: AsyncSession, model: Any):
    dialect = session.bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


async def insert_unless_present(session: AsyncSession, model: Any, **values: Any) -> bool:
    """INSERT … ON CONFLICT DO NOTHING. True if the row was new.

    The UNIQUE/primary key decides, not a read before the write, so two racing
    inserts can never both succeed.
    """
    result = await session.execute(
        _insert(session, model).values(**values).on_conflict_do_nothing()
    )
    return result.rowcount == 1
