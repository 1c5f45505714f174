"""Settings from the environment (prefix PINGYI_, optional .env file)."""

from __future__ import annotations

import os
import re
import secrets
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from evaluation.cycle import CycleRules, WorkCalendar
from evaluation.public_notice import PublicNotice
from evaluation.refusals import Refusal
from evaluation.tally import FinalGrades, GradingRule
from evaluation.wording import LANGUAGES
from storage.db import DEFAULT_URL, sqlite_file

TOKEN_PATTERN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")
SECRET_FILE = "pingyi.secret"


class SettingsError(Refusal):
    """A setting that stops the program; the message is one line for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PINGYI_", env_file=".env", extra="ignore")

    bot_token: str | None = None
    bot_username: str | None = None  # skips getMe when printing invitation links
    api_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_URL
    admin_ids: Annotated[list[int], NoDecode] = []
    secret: str | None = None
    timezone: str = "Asia/Shanghai"
    satisfied_share: float = 0.5
    approval_share: float = 0.5
    min_respondents: int = 5  # fewer valid answers than this: a subject's figures stay hidden
    min_peer_respondents: int = 3  # the same for 党员互评's figures, counted apart
    # 支部审定's grades, best first, and the composite each needs at least (one fewer floor)
    final_grades: Annotated[list[str], NoDecode] = ["优秀", "合格", "基本合格", "不合格"]
    grade_floors: Annotated[list[float], NoDecode] = [90, 70, 60]
    polling_timeout: int = 25  # seconds a getUpdates call waits for news
    font: str | None = None  # a CJK font file for posters; else a common Debian one
    # 一季一评议: the quarter's n-th working day at this local time opens the next campaign.
    cycle_workday: int = 1
    cycle_time: str = "09:00"
    reminder_days: Annotated[list[int], NoDecode] = [3, 1]  # days before the deadline
    max_reminders: int = 3  # messages about one campaign to one person, invitation included
    summary_months: Annotated[list[int], NoDecode] = [6, 12]  # 半年一小结; 年终一总评 with the 2nd
    holidays: Annotated[list[date], NoDecode] = []  # this year's days off (春节, 清明 …)
    workdays: Annotated[list[date], NoDecode] = []  # 调休 weekends that are worked
    send_rate: float = 25.0  # bulk messages per second, all chats together
    chat_interval: float = 1.05  # seconds between two bulk messages to one chat
    clock_start: datetime | None = None  # tests and demos: the clock starts at this moment
    locale: str | None = None  # zh or en for everyone; else each user's Telegram language
    # The 公示版: days it is posted (公示期), and where people object (监督电话, 意见箱).
    public_days: int = 7
    # Seconds after an export asked for in the chat began: if it was not sent by then (the
    # process died), the organizer is told (bot/lost_exports.py).
    export_patience: float = 180
    supervision_phone: str | None = None
    suggestion_box: str | None = None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part for part in value.replace(" ", "").split(",") if part]
            if not all(part.isascii() and part.isdigit() for part in parts):
                raise ValueError(
                    f"应为逗号分隔的 Telegram 数字 id，如 123456789,987654321 / "
                    f"must be numeric Telegram ids separated by commas, not {value!r}"
                )
            return [int(part) for part in parts]
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        scheme = value.split("://", 1)[0].lower()
        if scheme in ("postgres", "postgresql", "postgresql+psycopg2", "postgresql+psycopg"):
            raise ValueError(
                "PostgreSQL 应写作 postgresql+asyncpg://用户@主机/数据库 / "
                f"write postgresql+asyncpg://user@host/database, not {scheme}://"
            )
        if scheme == "sqlite":
            raise ValueError(
                "SQLite 应写作 sqlite+aiosqlite:///文件路径 / "
                "write sqlite+aiosqlite:///path/to/file.db, not sqlite://"
            )
        if scheme not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
            raise ValueError(
                "只支持 SQLite（sqlite+aiosqlite:///文件路径）和 PostgreSQL"
                "（postgresql+asyncpg://用户@主机/数据库）/ only SQLite and PostgreSQL are "
                f"supported, not {scheme}://"
            )
        database = sqlite_file(value)
        if database is not None and database.exists() and not database.is_file():
            raise ValueError(f"不是文件 / not a file: {database}")
        return value

    @field_validator("reminder_days", "summary_months", mode="before")
    @classmethod
    def _split_numbers(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        return value

    @field_validator("final_grades", mode="before")
    @classmethod
    def _split_words(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace("，", ",").split(",") if part.strip()]
        return value

    @field_validator("grade_floors", mode="before")
    @classmethod
    def _split_floors(cls, value: object) -> object:
        if isinstance(value, str):
            return [float(part) for part in value.replace(" ", "").split(",") if part]
        return value

    @field_validator("holidays", "workdays", mode="before")
    @classmethod
    def _split_dates(cls, value: object) -> object:
        if isinstance(value, str):
            return [date.fromisoformat(part) for part in value.replace(" ", "").split(",") if part]
        return value

    @field_validator("cycle_time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        time.fromisoformat(value)
        return value

    @field_validator("summary_months")
    @classmethod
    def _two_months(cls, value: list[int]) -> list[int]:
        if len(value) != 2 or not all(1 <= month <= 12 for month in value):
            raise ValueError("summary_months takes two months, like 6,12")
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(f"locale must be one of {', '.join(LANGUAGES)}, not {value!r}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    def cycle_rules(self) -> CycleRules:
        return CycleRules(
            timezone=self.timezone,
            opening_workday=max(1, self.cycle_workday),
            hour=time.fromisoformat(self.cycle_time),
            reminder_days=tuple(self.reminder_days),
            max_messages=self.max_reminders,
            summary_months=(self.summary_months[0], self.summary_months[1]),
            calendar=WorkCalendar(frozenset(self.holidays), frozenset(self.workdays)),
        )

    def public_notice(self) -> PublicNotice:
        if not 1 <= self.public_days <= 90:
            raise SettingsError("PINGYI_PUBLIC_DAYS 应为 1 至 90 天 / must be 1 to 90 days")
        return PublicNotice(self.public_days, self.supervision_phone, self.suggestion_box)

    def grading_rule(self) -> GradingRule:
        grades, floors = tuple(self.final_grades), tuple(self.grade_floors)
        if (
            len(grades) < 2
            or len(floors) != len(grades) - 1
            or list(floors) != sorted(floors, reverse=True)
        ):
            raise SettingsError(
                "PINGYI_FINAL_GRADES 与 PINGYI_GRADE_FLOORS 不匹配：等次从高到低，"
                "分数线少一个且从高到低，如 优秀,合格,基本合格,不合格 与 90,70,60"
            )
        return GradingRule(
            self.satisfied_share,
            self.approval_share,
            max(1, self.min_peer_respondents),
            FinalGrades(grades, floors),
            self.min_respondents,
        )

    def require_token(self) -> str:
        if not self.bot_token:
            raise SettingsError(
                "没有设置 PINGYI_BOT_TOKEN：请向 @BotFather 申请机器人令牌 / "
                "PINGYI_BOT_TOKEN is not set: get a token from @BotFather."
            )
        if not TOKEN_PATTERN.match(self.bot_token):
            raise SettingsError(
                "PINGYI_BOT_TOKEN 格式不对：应为 @BotFather 给出的「数字:字母」/ "
                "PINGYI_BOT_TOKEN is malformed: expected <digits>:<letters>, as @BotFather gives."
            )
        return self.bot_token


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problem = error.errors()[0]
        name = "PINGYI_" + "_".join(str(part) for part in problem["loc"][:1]).upper()
        why = problem["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name} 设置有误 / invalid: {why}") from None


def secret_path(settings: Settings) -> Path:
    """Beside the SQLite file, or in the working directory for a server database."""
    database = sqlite_file(settings.database_url)
    if database is not None:
        return database.resolve().with_name(SECRET_FILE)
    return Path.cwd() / SECRET_FILE


def resolve_secret(settings: Settings) -> tuple[bytes, str | None]:
    """The pseudonym key, and a one-time notice if it had to be generated."""
    if settings.secret:
        return settings.secret.encode(), None
    path = secret_path(settings)
    if path.exists():
        return path.read_text().strip().encode(), None
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value + "\n")
    notice = (
        f"没有设置 PINGYI_SECRET：已在 {path} 生成化名密钥（权限 0600），请与数据库分开妥善备份，"
        "丢失后未完成的问卷无法继续 / "
        f"PINGYI_SECRET is not set: generated a pseudonym key in {path} (mode 0600). "
        "Back it up apart from the database; without it, returning respondents cannot resume."
    )
    return value.encode(), notice
