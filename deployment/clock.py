"""The time the bot and the command line go by."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """The time: real, or real time shifted to begin at ``start`` (tests, demos)."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        self.offset = start - datetime.now(UTC) if start is not None else timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move_to(self, moment: datetime) -> None:
        """Show ``moment`` now and go on from there (the demo jumps to a reminder round)."""
        self.offset = moment - datetime.now(UTC)

    def wall(self, moment: datetime) -> datetime:
        """The real moment at which this clock will show ``moment``."""
        return moment - self.offset
