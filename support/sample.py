"""The reference deployment every test and benchmark uses: its bot token and clock, and the
9-member branch of the seed's 林业公安."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
