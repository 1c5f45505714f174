"""The test PostgreSQL database. It is required, never skipped: set PINGYI_TEST_POSTGRES_URL to
point elsewhere. Under pytest-xdist each worker gets its own database beside that one
(``test_gw0``, ``test_gw1`` …), created on first use, so workers never drop each other's tables.
"""

from __future__ import annotations

import os

from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.models import Base

BASE_POSTGRES_URL = make_url(
    os.environ.get("PINGYI_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
)
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
POSTGRES_URL = (
    BASE_POSTGRES_URL.set(database=f"{BASE_POSTGRES_URL.database}_{WORKER}")
    if WORKER
    else BASE_POSTGRES_URL
).render_as_string(hide_password=False)


async def create_database(url: str) -> None:
    """Create ``url``'s database if it does not exist (each xdist worker's own)."""
    name = make_url(url).database
    engine = create_async_engine(BASE_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


async def reset_postgres(url: str) -> None:
    """Drop the project's tables so each test starts from an empty database."""
    if url != BASE_POSTGRES_URL.render_as_string(hide_password=False):
        await create_database(url)
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            for table in [*reversed(Base.metadata.sorted_tables)]:
                await connection.execute(text(f'DROP TABLE IF EXISTS "{table.name}" CASCADE'))
            await connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            await connection.execute(text("DROP FUNCTION IF EXISTS pingyi_answer"))
    finally:
        await engine.dispose()
