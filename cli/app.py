"""The command line: the root command, its groups (one module per feature in cli/), and the
commands that run the bot. ``pingyi --help`` and the commands that only read or write the
database never import aiogram."""

from __future__ import annotations

import asyncio
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession
from typer._click import exceptions as click_errors

from cli import (
    activities,
    audit,
    campaigns,
    comments,
    commitments,
    cycle,
    export,
    feedback,
    members,
    organizers,
    paper,
    rectification,
    review,
    roster,
    summaries,
)
from cli.common import Cli, fail, with_database
from cli.text import report
from deployment.settings import SettingsError
from deployment.settings import load_settings as settings
from storage.db import is_sqlite

app = Cli(help="pingyi：群众评议机器人 / the 群众评议 campaign bot", no_args_is_help=True)
db_app = Cli(help="数据库 / database", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(roster.app, name="roster")
app.add_typer(campaigns.app, name="campaign")
app.add_typer(organizers.app, name="organizer")
app.add_typer(paper.app, name="paper")
app.add_typer(members.app, name="member")
app.add_typer(commitments.app, name="commitments")
app.add_typer(comments.app, name="comment")
app.add_typer(review.app, name="review")
app.add_typer(rectification.app, name="suggestions")
app.add_typer(cycle.app, name="cycle")
app.command("export")(export.export)
app.command("record")(activities.record)
app.command("feedback")(feedback.feedback_release)
app.command("audit")(audit.audit_log)
app.command("summary")(summaries.summary)


@app.command()
def run() -> None:
    """启动机器人（长轮询，先升级数据库）/ Start the bot with long polling (migrating first)."""
    from aiogram.exceptions import TelegramUnauthorizedError

    from bot.app import Application, run_polling
    from bot.startup import BotApiUnreachable

    config = settings()
    config.require_token()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(run_polling(Application(config)))
    except TelegramUnauthorizedError:
        raise fail(
            "Telegram 拒绝了 PINGYI_BOT_TOKEN（401），请核对令牌 / "
            "Telegram rejected PINGYI_BOT_TOKEN (401 Unauthorized)."
        ) from None
    except BotApiUnreachable as error:
        raise fail(str(error), 1) from None
    except KeyboardInterrupt:
        pass


@app.command()
def webhook(
    listen: Annotated[
        str, typer.Option(help="监听地址 HOST:PORT，如 127.0.0.1:8081（反向代理之后）")
    ],
    url: Annotated[
        str, typer.Option(help="Telegram 访问的公开 HTTPS 地址，如 https://example.org/pingyi")
    ],
    workers: Annotated[int, typer.Option(min=1, help="工作进程数；多于 1 个需要 PostgreSQL")] = 1,
    reuse_port: Annotated[bool, typer.Option(hidden=True)] = False,
) -> None:
    """以 webhook 方式运行，可多进程（需 PostgreSQL）/ Serve the webhook; workers on PostgreSQL."""
    from bot.startup import BotApiUnreachable
    from bot.webhook import parse_listen, serve, supervise

    config = settings()
    try:
        config.require_token()
        parse_listen(listen)
    except (SettingsError, ValueError) as error:
        raise fail(str(error)) from None
    if workers > 1 and is_sqlite(config.database_url):
        raise fail(
            "多个工作进程需要 PostgreSQL（PINGYI_DATABASE_URL）/ several workers need PostgreSQL"
        )
    logging.basicConfig(  # with the process id: several workers may share this log
        level=logging.INFO, format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
    )
    if workers > 1:
        command = [sys.executable, "-m", "cli.app", "webhook", "--listen", listen, "--url", url]
        raise typer.Exit(supervise([*command, "--reuse-port"], workers))
    try:
        asyncio.run(serve(config, listen, url, reuse_port))
    except BotApiUnreachable as error:
        raise fail(str(error), 1) from None
    except OSError as error:
        raise fail(f"cannot listen on {listen}: {error}", 1) from None


@app.command()
def demo(
    out: Annotated[Path | None, typer.Option(help="输出文件夹；默认 ./pingyi-demo-<时间>")] = None,
) -> None:
    """离线演示一次完整评议 / See it work: a whole campaign, offline, through the real bot."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from bot.demo import (
        LOG_FILE,
        MEMBERS,
        RESPONDENTS,
        STEPS,
        Demo,
        DemoError,
        default_folder,
        quiet_logging,
    )

    folder = out or default_folder(datetime.now())
    folder.mkdir(parents=True, exist_ok=True)
    quiet_logging(folder)
    typer.echo(f"演示评议：{len(MEMBERS)} 名党员、{RESPONDENTS} 名群众，全部在本机模拟，不联网。")
    with Progress(  # on stderr, for a person at a terminal only: stdout keeps the results
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("启动 / starting", total=STEPS)

        def step(what: str, units: int) -> None:
            progress.update(task, advance=units, description=what)

        try:
            outcome = asyncio.run(Demo(folder, step).run())
        except (DemoError, AssertionError, TimeoutError) as error:  # the fake's, too
            stopped = str(error) or "timed out"
            raise fail(
                f"演示中断 / the demo stopped: {stopped} (log: {folder}/bot.log)", 1
            ) from None
    typer.echo(outcome.summary)
    typer.echo(f"\n提交 {outcome.submitted} 份，提醒 {outcome.reminded} 人。")
    typer.echo(f"文件在 / files in: {folder.resolve()}")
    for path in [*outcome.files, folder / LOG_FILE]:
        typer.echo(f"  {path.name}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """升级数据库结构 / Apply the database migrations."""

    async def noop(_session: AsyncSession) -> None:
        return None

    with_database(noop, create=True)
    typer.echo("数据库已是最新结构 / database is up to date")


def main() -> None:
    """The parser's own refusals (a missing argument, an unknown option, a value that is not
    a number) in the same one-line, bilingual form as every other refusal, status 2."""
    try:
        code = app(standalone_mode=False)
    except click_errors.ClickException as error:
        report(error)
        sys.exit(error.exit_code)
    except click_errors.Abort:
        typer.echo("已中止 / aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
