"""A database outage is one event in the log, not a traceback per update.

While the database is away every update fails the same way. The first failure logs one line,
a count follows every minute while it lasts, and the first success after it logs one line
with the total; respondents are told their press was not recorded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger(__name__)
COUNT_EVERY = 60.0  # seconds between "still unavailable" lines


def is_outage(error: BaseException) -> bool:
    """The database cannot be reached or dropped the connection (not a bug in a query)."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    # Drivers raise these before SQLAlchemy can wrap them (asyncpg's connect, a pool timeout).
    return isinstance(error, ConnectionError | TimeoutError | PoolTimeout)


class OutageLog:
    def __init__(self, what: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.what = what  # "updates", "outbox sender" …: what the outage stops
        self.clock = clock
        self.since: float | None = None
        self.refused = 0
        self._counted_at = 0.0

    def failed(self, error: BaseException) -> None:
        now = self.clock()
        self.refused += 1
        if self.since is None:
            self.since = self._counted_at = now
            first_line = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
            log.error(
                "database unavailable (%s: %s): %s fail until it is back",
                type(error).__name__,
                first_line,
                self.what,
            )
        elif now - self._counted_at >= COUNT_EVERY:
            self._counted_at = now
            log.error(
                "database still unavailable after %.0f s: %d %s failed so far",
                now - self.since,
                self.refused,
                self.what,
            )

    def ok(self) -> None:
        if self.since is None:
            return
        log.warning(
            "database back after %.0f s; %d %s failed meanwhile",
            self.clock() - self.since,
            self.refused,
            self.what,
        )
        self.since, self.refused = None, 0
