"""The real bot (``pingyi run``) against the Bot API fake (support/deployments.py): as a process
over HTTP, or whole in the test's own process on the fake's in-process face (tests marked
``in_process``: the matrices of handler cases, which need no process of their own)."""

from __future__ import annotations

import pytest

from support.databases import POSTGRES_URL, reset_postgres
from support.deployments import Deployment, InProcessDeployment


@pytest.fixture
async def deployment(request, fake, tmp_path):
    """An installation on SQLite; its bot in the test's process where the test or its module
    is marked ``in_process``."""
    kind = InProcessDeployment if request.node.get_closest_marker("in_process") else Deployment
    deployment = kind(fake, tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'pingyi.db'}")
    yield deployment
    await deployment.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_deployment(request, fake, tmp_path):
    """The same installation on each supported database."""
    if request.param == "postgresql":
        await reset_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'pingyi.db'}"
    deployment = Deployment(fake, tmp_path, url)
    yield deployment
    await deployment.stop()
