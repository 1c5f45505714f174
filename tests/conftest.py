"""Shared fixtures: a migrated database on SQLite and on PostgreSQL (support/databases.py),
the reference branch (support/sample.py), the Bot API fake."""

from __future__ import annotations

import pytest

from evaluation.callers import OPERATOR
from evaluation.roster import RosterData, import_roster
from fake_telegram import FakeTelegram
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from support.databases import POSTGRES_URL, reset_postgres
from support.sample import MEMBERS, NOW, ORG, TOKEN


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
