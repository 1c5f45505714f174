"""The 一季一评议 calendar: when a quarter's campaign opens, when reminders and summaries fall due.

Pure arithmetic on dates and aware datetimes; the clock is always an argument. Moments are
local wall-clock times in the configured zone, returned in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from evaluation.periods import parse_period

# Fixed-date days off every year: 元旦 and the 国庆 week. Holidays that move with the lunar
# calendar (春节, 清明, 端午, 中秋) and the 调休 working weekends are published each year;
# they come in through the settings as exact dates.
YEARLY_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    [(1, 1)] + [(10, day) for day in range(1, 8)]
)
HALF_YEARS = ((1, 2), (3, 4))  # the quarters a 半年一小结 puts side by side


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = frozenset()  # days off besides weekends and YEARLY_HOLIDAYS
    workdays: frozenset[date] = frozenset()  # 调休: weekend or holiday dates worked anyway
    yearly: frozenset[tuple[int, int]] = YEARLY_HOLIDAYS

    def is_working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays or (day.month, day.day) in self.yearly:
            return False
        return day.weekday() < 5

    def nth_working_day(self, start: date, n: int) -> date:
        """The n-th working day counting from ``start`` itself (n ≥ 1)."""
        day, seen = start, 0
        for _ in range(400):
            if self.is_working(day):
                seen += 1
                if seen == n:
                    return day
            day += timedelta(days=1)
        raise ValueError("no working day within a year: check the holiday settings")

    def last_working_day(self, year: int, month: int) -> date:
        day = _month_end(year, month)
        for _ in range(31):
            if self.is_working(day):
                return day
            day -= timedelta(days=1)
        return _month_end(year, month)  # a month with no working day: its last day


@dataclass(frozen=True)
class Round:
    """A reminder round: ``days`` before the deadline, due at ``moment``."""

    days: int
    moment: datetime


@dataclass(frozen=True)
class CycleRules:
    timezone: str = "Asia/Shanghai"
    opening_workday: int = 1  # the quarter's n-th working day
    hour: time = time(9, 0)
    reminder_days: tuple[int, ...] = (3, 1)
    max_messages: int = 3  # invitation and reminders, per person per campaign
    summary_months: tuple[int, int] = (6, 12)  # 半年一小结 (and 年终一总评 with the second)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def at(self, day: date) -> datetime:
        """``day`` at the configured hour, local time, as a UTC moment."""
        return datetime.combine(day, self.hour, self.zone).astimezone(UTC)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    # --- quarterly openings ---------------------------------------------------------------

    def opening_day(self, period: str) -> date:
        year, quarter = parse_period(period)
        first = date(year, 3 * quarter - 2, 1)
        return self.calendar.nth_working_day(first, self.opening_workday)

    def opening(self, period: str) -> datetime:
        return self.at(self.opening_day(period))

    def period_due(self, now: datetime) -> str:
        """The newest quarter whose campaign should already be open at ``now``."""
        local = now.astimezone(self.zone)
        period = f"{local.year}Q{(local.month - 1) // 3 + 1}"
        return period if self.opening(period) <= now else previous_period(period)

    def next_opening(self, now: datetime) -> datetime:
        period = self.period_due(now)
        year, quarter = parse_period(period)
        following = f"{year + 1}Q1" if quarter == 4 else f"{year}Q{quarter + 1}"
        return self.opening(following)

    # --- reminders --------------------------------------------------------------------------

    def rounds(self, deadline: date) -> list[Round]:
        """The reminder rounds before ``deadline`` (its last day), earliest first."""
        days = sorted(set(self.reminder_days), reverse=True)
        return [Round(d, self.at(deadline - timedelta(days=d))) for d in days if d >= 0]

    # --- reports ----------------------------------------------------------------------------

    def summary_moment(self, year: int, half: int) -> datetime:
        """When the 半年一小结 of half 1 or 2 of ``year`` is sent (the 年终一总评 with half 2)."""
        month = self.summary_months[half - 1]
        return self.at(self.calendar.last_working_day(year, month))

    def last_summary(self, now: datetime) -> tuple[int, int] | None:
        """The newest (year, half) whose summary moment is at or before ``now``."""
        year = now.astimezone(self.zone).year
        for candidate in ((year, 2), (year, 1), (year - 1, 2)):
            if self.summary_moment(*candidate) <= now:
                return candidate
        return None

    def next_summary(self, now: datetime) -> datetime:
        year = now.astimezone(self.zone).year
        moments = [self.summary_moment(y, h) for y in (year, year + 1) for h in (1, 2)]
        return min(m for m in moments if m > now)


def previous_period(period: str) -> str:
    year, quarter = parse_period(period)
    return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"


def half_periods(year: int, half: int) -> tuple[str, str]:
    return tuple(f"{year}Q{q}" for q in HALF_YEARS[half - 1])  # type: ignore[return-value]


def year_periods(year: int) -> tuple[str, ...]:
    return tuple(f"{year}Q{q}" for q in range(1, 5))


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)
