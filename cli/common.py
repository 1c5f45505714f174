"""What every command shares: the one error boundary (a refusal or an operator's mistake
is one line and status 2), the bilingual Typer, the database a command works on, the clock,
where it writes, its progress bar, and the bot's @username for links."""

from __future__ import annotations

import asyncio
import functools
import socket
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import typer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cli.text import BilingualCommand, BilingualGroup
from deployment.clock import Clock
from deployment.news import CHANNEL as NEWS_CHANNEL
from deployment.settings import Settings, SettingsError
from deployment.settings import load_settings as settings
from evaluation.refusals import Refusal
from storage import forgetting
from storage.db import is_sqlite, make_engine, make_sessionmaker, sqlite_file
from storage.migrate import upgrade


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"错误 / error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def operator_errors() -> Iterator[None]:
    """The command line's one error boundary: a refusal of the core, or an operator's mistake
    with a file or the database, is one line and exit status 2, never a traceback."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    try:
        yield
    except Refusal as error:
        raise fail(str(error)) from None
    except (DBAPIError, ArgumentError) as error:  # an unopenable file, an unreachable server
        cause = getattr(error, "orig", None) or error
        raise fail(
            f"数据库无法使用 / the database cannot be used ({_database_named()}): "
            f"{first_line(cause)}"
        ) from None
    except BrokenPipeError:  # piped into head: click ends quietly
        raise
    except (ConnectionError, socket.gaierror, TimeoutError) as error:  # the database server
        raise fail(
            f"无法连接数据库，请检查 PINGYI_DATABASE_URL（{_database_named()}）和数据库服务是否在"
            f"运行 / cannot connect to the database at PINGYI_DATABASE_URL: {first_line(error)}"
        ) from None
    except OSError as error:  # a file to read or write
        where = f" ({error.filename})" if error.filename else ""
        raise fail(f"{error.strerror or first_line(error)}{where}") from None


def _database_named() -> str:
    from sqlalchemy import make_url

    try:
        return make_url(settings().database_url).render_as_string(hide_password=True)
    except Exception:  # the URL itself may be what is wrong
        return "PINGYI_DATABASE_URL"


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


class Cli(typer.Typer):
    """A Typer whose every command runs inside ``operator_errors``, with help and parser
    messages in both languages (cli/text.py)."""

    def __init__(self, **options) -> None:
        options.setdefault("cls", BilingualGroup)
        options.setdefault("rich_markup_mode", None)  # rich help cuts option texts
        options.setdefault("add_completion", False)
        options.setdefault("pretty_exceptions_enable", False)
        super().__init__(**options)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", BilingualCommand)
        register = super().command(*args, **kwargs)

        def decorator(function):
            @functools.wraps(function)
            def guarded(*arguments, **options):
                with operator_errors():
                    return function(*arguments, **options)

            register(guarded)
            return function

        return decorator


T = TypeVar("T")


def day_label(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未设定"


def output(path: Path, suffix: str) -> Path:
    """Where a command will write, checked before it changes anything."""
    if path.suffix.lower() != suffix:
        raise fail(f"输出文件应以 {suffix} 结尾 / the output file must end in {suffix}: {path}")
    if not path.parent.is_dir():
        raise fail(f"输出文件夹不存在 / no such folder: {path.parent}")
    return path


def now() -> datetime:
    """The time the commands go by (shifted only when PINGYI_CLOCK_START is set)."""
    return Clock(settings().clock_start).now()


def with_database(
    work: Callable[[AsyncSession], Awaitable[T]], create: bool = False, news: str | None = None
) -> T:
    """Run ``work`` on a migrated database and return its result. Only with ``create`` (the
    first steps of a deployment) may a SQLite file that is not there be made: a mistyped path
    is refused instead of answered from a new, empty database. ``news`` (SCHEDULE, OUTBOX)
    tells the running bot on PostgreSQL what changed, with NOTIFY; on SQLite the bot looks
    every 5 s."""
    database = sqlite_file(settings().database_url)
    if not create and database is not None and not database.exists():
        raise fail(
            f"没有找到数据库 {database}：请检查 PINGYI_DATABASE_URL，新部署请先用 "
            f"pingyi roster import 导入名册 / no database at {database}: check "
            "PINGYI_DATABASE_URL, or start with "
            "pingyi roster import"
        )

    async def run() -> T:
        url = settings().database_url
        engine = make_engine(url)
        sessionmaker = make_sessionmaker(engine)
        scrubber = forgetting.watch(sessionmaker, url)
        try:
            await upgrade(engine)
            async with sessionmaker() as session:
                result = await work(session)
            if news is not None and not is_sqlite(url):
                async with engine.connect() as connection:
                    await connection.execute(
                        text("SELECT pg_notify(:channel, :news)"),
                        {"channel": NEWS_CHANNEL, "news": news},
                    )
                    await connection.commit()
            return result
        finally:
            if scrubber is not None:
                await scrubber.close()
            await engine.dispose()

    return asyncio.run(run())


@contextmanager
def stages(steps: tuple[str, ...]) -> Iterator[Callable[[str], None]]:
    """A progress bar over long work's stages, on stderr (stdout stays for results), drawn
    only for a person at a terminal and gone when the work is done. The work calls the
    yielded function as each stage ends."""
    if not sys.stderr.isatty():
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("…", total=len(steps))
        yield lambda done: progress.update(task, advance=1, description=done)


def bot_username(config: Settings) -> str:
    """The bot's @username for links: PINGYI_BOT_USERNAME, else asked of the Bot API."""
    if config.bot_username:
        return config.bot_username.lstrip("@")
    # aiogram takes ~2 s to import: only commands that talk to Telegram pay for it.
    from aiogram.exceptions import TelegramAPIError

    from bot.app import make_bot

    try:
        config.require_token()
    except SettingsError as error:
        raise fail(f"{error} (or set PINGYI_BOT_USERNAME to print links offline)") from None

    async def get_me() -> str:
        bot = make_bot(config)
        try:
            return (await bot.get_me()).username
        finally:
            await bot.session.close()

    try:
        return asyncio.run(get_me())
    except TelegramAPIError as error:
        raise fail(f"Bot API getMe failed: {error}") from None
