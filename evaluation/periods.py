"""Evaluation periods: one campaign per quarter (一季一评议), written like ``2026Q4``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from evaluation.wording import N_, Phrase

_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")
_QUARTERS = (N_("第一季度"), N_("第二季度"), N_("第三季度"), N_("第四季度"))
PRACTICE_PERIOD = "测试"  # a practice campaign's period: never a quarter, never in a report


def current_quarter(now: datetime, timezone: str) -> str:
    local = now.astimezone(ZoneInfo(timezone))
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def next_period(period: str) -> str:
    year, quarter = parse_period(period)
    return f"{year + 1}Q1" if quarter == 4 else f"{year}Q{quarter + 1}"


def today_in(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def local_today(timezone: str) -> date:
    return today_in(datetime.now(UTC), timezone)


def parse_period(text: str) -> tuple[int, int]:
    match = _PERIOD.match(text.strip().upper())
    if not match:
        raise ValueError(Phrase(N_("评议期次应写作 2026Q4 的形式，收到「{text}」"), text=text))
    return int(match.group(1)), int(match.group(2))


def period_label(period: str, translate: Callable[[str], str] = lambda text: text) -> str:
    """「2026年第四季度」; the chat passes its gettext to have it in the reader's language."""
    if period == PRACTICE_PERIOD:
        return translate(N_("测试评议"))
    year, quarter = parse_period(period)
    return translate(N_("{year}年{quarter}")).format(
        year=year, quarter=translate(_QUARTERS[quarter - 1])
    )


class PeriodName(str):
    """A period inside a ``Phrase``: reads 「2026年第四季度」, translated with the sentence."""

    period: str

    def __new__(cls, period: str) -> PeriodName:
        name = super().__new__(cls, period_label(period))
        name.period = period
        return name

    def translated(self, gettext: Callable[[str], str]) -> str:
        return period_label(self.period, gettext)
