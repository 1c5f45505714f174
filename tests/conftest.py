"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, and small factories.

PostgreSQL is required, never skipped: set PINGYI_TEST_POSTGRES_URL to point elsewhere. Under
pytest-xdist each worker gets its own database beside that one (``test_gw0``, ``test_gw1`` …),
created on first use, so workers never drop each other's tables.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from evaluation.callers import OPERATOR
from evaluation.roster import RosterData, import_roster
from fake_telegram import FakeTelegram
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
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
TOKEN = "123456789:AAHfakeTokenForPingyiTests_0123456789"
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
MEMBERS = [
    ("王建国", "党支部书记"),
    ("李秀英", "党员领导干部"),
    ("张伟", None),
    ("刘洋", None),
    ("陈静", None),
    ("杨磊", None),
    ("赵敏", None),
    ("黄勇", None),
    ("周婷", None),
]
ORG = "林业公安第一党支部"


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


@pytest.fixture
async def postgres_url() -> str:
    """This worker's PostgreSQL database, created if it is not there yet, emptied."""
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    await reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
async def engine(database_url):
    engine = make_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessionmaker(engine):
    return make_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker):
    async with sessionmaker() as session:
        yield session


@pytest.fixture
async def roster(session):
    """The 9-member branch of the seed's forest-police summary."""
    return await import_roster(session, OPERATOR, RosterData(ORG, "机关", None, MEMBERS), NOW)


@pytest.fixture
async def fake():
    """The Bot API fake, listening on a free local port."""
    server = FakeTelegram(TOKEN)
    await server.start()
    yield server
    await server.stop()


def pytest_collection_modifyitems(items) -> None:
    """The long end-to-end tests first: two workers then finish together, the short tests
    filling in around them, instead of one worker still running a long test alone."""
    items.sort(key=lambda item: "/e2e/" not in str(item.path))
