"""The 一季一评议 calendar with an injected clock: quarters, working days, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from evaluation.cycle import CycleRules, WorkCalendar, half_periods, previous_period, year_periods

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year, month, day, hour=0, minute=0, zone=SHANGHAI) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def test_weekends_and_fixed_holidays_are_not_working_days():
    calendar = WorkCalendar()
    assert calendar.is_working(date(2026, 11, 25))  # a Wednesday
    assert not calendar.is_working(date(2026, 11, 28))  # Saturday
    assert not calendar.is_working(date(2027, 1, 1))  # 元旦, a Friday
    assert not calendar.is_working(date(2026, 10, 5))  # 国庆 week, a Monday


def test_published_holidays_and_make_up_days_come_from_settings():
    # 2027's 春节 and a 调休 Saturday, as a State Council notice would list them.
    calendar = WorkCalendar(holidays=frozenset({date(2027, 2, 8)}), workdays={date(2027, 2, 20)})
    assert not calendar.is_working(date(2027, 2, 8))  # a Monday off
    assert calendar.is_working(date(2027, 2, 20))  # a Saturday worked
    assert WorkCalendar(workdays=frozenset({date(2026, 10, 3)})).is_working(date(2026, 10, 3))


@pytest.mark.parametrize(
    ("period", "opening"),
    [
        ("2027Q1", date(2027, 1, 4)),  # 1 Jan is 元旦 (Fri), then a weekend
        ("2027Q2", date(2027, 4, 1)),  # a Thursday
        ("2026Q3", date(2026, 7, 1)),  # a Wednesday
        ("2026Q4", date(2026, 10, 8)),  # the 国庆 week, then Thursday the 8th
        ("2028Q2", date(2028, 4, 3)),  # 1 April 2028 is a Saturday
    ],
)
def test_a_quarter_opens_on_its_first_working_day(period, opening):
    assert CycleRules().opening_day(period) == opening


def test_the_nth_working_day_and_the_hour_are_settings():
    rules = CycleRules(opening_workday=3, hour=time(14, 30))
    assert rules.opening_day("2027Q1") == date(2027, 1, 6)
    assert rules.opening("2027Q1") == local(2027, 1, 6, 14, 30).astimezone(UTC)


def test_opening_moment_is_nine_local_time_in_utc():
    assert CycleRules().opening("2027Q1") == datetime(2027, 1, 4, 1, 0, tzinfo=UTC)
    assert CycleRules(timezone="UTC").opening("2027Q1") == datetime(2027, 1, 4, 9, tzinfo=UTC)


def test_period_due_switches_exactly_at_the_opening_moment():
    rules = CycleRules()
    opening = rules.opening("2027Q1")
    assert rules.period_due(opening - timedelta(seconds=1)) == "2026Q4"
    assert rules.period_due(opening) == "2027Q1"
    # New Year's Day in Shanghai but still 31 December in UTC: the local date decides.
    assert rules.period_due(local(2027, 1, 1, 7)) == "2026Q4"
    assert rules.next_opening(local(2026, 12, 31, 23)) == opening
    assert rules.next_opening(opening) == rules.opening("2027Q2")


def test_a_zone_with_daylight_saving_keeps_nine_oclock_local():
    rules = CycleRules(timezone="Europe/Berlin")
    winter, summer = rules.opening("2027Q1"), rules.opening("2027Q2")
    assert winter == datetime(2027, 1, 4, 8, tzinfo=UTC)  # UTC+1
    assert summer == datetime(2027, 4, 1, 7, tzinfo=UTC)  # UTC+2 since 28 March
    assert summer.astimezone(ZoneInfo("Europe/Berlin")).hour == 9


def test_a_zone_far_west_of_utc_uses_its_own_date():
    rules = CycleRules(timezone="America/Los_Angeles")
    # 1 April 2027 09:00 in Los Angeles is 16:00 UTC the same day.
    assert rules.opening("2027Q2") == datetime(2027, 4, 1, 16, tzinfo=UTC)
    late_evening = datetime(2027, 4, 1, 6, tzinfo=UTC)  # 31 March 23:00 local
    assert rules.period_due(late_evening) == "2027Q1"


def test_reminder_rounds_fall_before_the_deadline_at_the_hour():
    rules = CycleRules()
    rounds = rules.rounds(date(2027, 1, 18))
    assert [r.days for r in rounds] == [3, 1]
    assert rounds[0].moment == local(2027, 1, 15, 9).astimezone(UTC)
    assert rounds[1].moment == local(2027, 1, 17, 9).astimezone(UTC)
    assert [r.days for r in CycleRules(reminder_days=(1, 5, 1)).rounds(date(2027, 1, 18))] == [5, 1]


def test_summaries_at_the_last_working_day_of_june_and_december():
    rules = CycleRules()
    assert rules.summary_moment(2027, 1) == local(2027, 6, 30, 9).astimezone(UTC)  # Wednesday
    assert rules.summary_moment(2026, 2) == local(2026, 12, 31, 9).astimezone(UTC)  # Thursday
    assert rules.summary_moment(2028, 1) == local(2028, 6, 30, 9).astimezone(UTC)  # Friday
    assert rules.summary_moment(2029, 1) == local(2029, 6, 29, 9).astimezone(UTC)  # 30th: Sat
    assert rules.last_summary(local(2027, 6, 30, 8)) == (2026, 2)
    assert rules.last_summary(local(2027, 6, 30, 9)) == (2027, 1)
    assert rules.next_summary(local(2027, 7, 1)) == rules.summary_moment(2027, 2)


def test_period_helpers():
    assert previous_period("2027Q1") == "2026Q4"
    assert previous_period("2027Q3") == "2027Q2"
    assert half_periods(2026, 2) == ("2026Q3", "2026Q4")
    assert year_periods(2027) == ("2027Q1", "2027Q2", "2027Q3", "2027Q4")
