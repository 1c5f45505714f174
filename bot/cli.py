"""The command line: the scriptable twin of the organizer's actions, over the same core."""

from __future__ import annotations

import asyncio
import functools
import logging
import shutil
import socket
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo

import typer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from typer._click import exceptions as click_errors

from bot.cli_text import BilingualCommand, BilingualGroup, report
from bot.clock import Clock
from bot.news import CHANNEL as NEWS_CHANNEL
from bot.news import OUTBOX, SCHEDULE
from bot.settings import Settings, SettingsError, resolve_secret
from bot.settings import load_settings as settings
from bot.texts import date_label
from evaluation import (
    access,
    activities,
    audit,
    comment_flow,
    comments,
    commitments,
    feedback,
    members,
    paper,
    quarterly,
    rectification,
    review,
)
from evaluation import campaigns as campaign_service
from evaluation.callers import OPERATOR, Caller
from evaluation.campaigns import CampaignError, CampaignRequest, managed_campaign
from evaluation.periods import current_quarter, period_label, today_in
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import TEMPLATES
from evaluation.rectification import STATUSES
from evaluation.refusals import Refusal
from evaluation.roster import import_roster, parse_roster
from evaluation.summaries import HALF, YEAR
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
            f"{_first_line(cause)}"
        ) from None
    except BrokenPipeError:  # piped into head: click ends quietly
        raise
    except (ConnectionError, socket.gaierror, TimeoutError) as error:  # the database server
        raise fail(
            f"无法连接数据库，请检查 PINGYI_DATABASE_URL（{_database_named()}）和数据库服务是否在"
            f"运行 / cannot connect to the database at PINGYI_DATABASE_URL: {_first_line(error)}"
        ) from None
    except OSError as error:  # a file to read or write
        where = f" ({error.filename})" if error.filename else ""
        raise fail(f"{error.strerror or _first_line(error)}{where}") from None


def _database_named() -> str:
    from sqlalchemy import make_url

    try:
        return make_url(settings().database_url).render_as_string(hide_password=True)
    except Exception:  # the URL itself may be what is wrong
        return "PINGYI_DATABASE_URL"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


class Cli(typer.Typer):
    """A Typer whose every command runs inside ``operator_errors``, with help and parser
    messages in both languages (bot/cli_text.py)."""

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


app = Cli(help="pingyi：群众评议机器人 / the 群众评议 campaign bot", no_args_is_help=True)
db_app = Cli(help="数据库 / database", no_args_is_help=True)
roster_app = Cli(help="党员名册 / rosters", no_args_is_help=True)
campaign_app = Cli(help="评议活动 / campaigns", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(roster_app, name="roster")
paper_app = Cli(help="纸质问卷 / paper questionnaires", no_args_is_help=True)
organizer_app = Cli(help="组织者授权 / organizer grants", no_args_is_help=True)
app.add_typer(campaign_app, name="campaign")
app.add_typer(organizer_app, name="organizer")
app.add_typer(paper_app, name="paper")
cycle_app = Cli(help="一季一评议 / the quarterly cycle", no_args_is_help=True)
member_app = Cli(help="党员认领 / members the bot knows", no_args_is_help=True)
app.add_typer(member_app, name="member")
commitment_app = Cli(help="公开承诺与践诺 / public commitments", no_args_is_help=True)
app.add_typer(commitment_app, name="commitments")
comment_app = Cli(help="逐级点评 / leaders' comments", no_args_is_help=True)
app.add_typer(comment_app, name="comment")
review_app = Cli(
    help="综合评定与支部审定 / composite scores and final grades", no_args_is_help=True
)
app.add_typer(review_app, name="review")
suggestion_app = Cli(help="意见建议整改台账 / opinions as 整改 items", no_args_is_help=True)
app.add_typer(suggestion_app, name="suggestions")
ITEM_CODES = [f"{item.code}（{item.label}）" for item in activities.ITEMS]
app.add_typer(cycle_app, name="cycle")

T = TypeVar("T")
TEMPLATE_HELP = "、".join(f"{key}（{t.name}）" for key, t in TEMPLATES.items())
ROSTER_STAGES = ("已读取并校验 / read and checked", "已导入 / imported")


def output(path: Path, suffix: str) -> Path:
    """Where a command will write, checked before it changes anything."""
    if path.suffix.lower() != suffix:
        raise fail(f"输出文件应以 {suffix} 结尾 / the output file must end in {suffix}: {path}")
    if not path.parent.is_dir():
        raise fail(f"输出文件夹不存在 / no such folder: {path.parent}")
    return path


def template_key(name: str) -> str:
    """A template by its key or by the Chinese name the chat shows (spaces optional)."""
    wanted = name.replace(" ", "")
    for key, template in TEMPLATES.items():
        if wanted in (key, template.name.replace(" ", "")):
            return key
    choices = "、".join(f"{key}（{t.name}）" for key, t in TEMPLATES.items())
    raise fail(f"未知模板「{name}」/ unknown template; 可选 / one of: {choices}")


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


@app.command()
def run() -> None:
    """启动机器人（长轮询，先升级数据库）/ Start the bot with long polling (migrating first)."""
    from aiogram.exceptions import TelegramUnauthorizedError

    from bot.app import run_polling
    from bot.startup import BotApiUnreachable

    config = settings()
    config.require_token()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        asyncio.run(run_polling(config))
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
    from bot.webhook import parse_listen, serve

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
        command = [sys.executable, "-m", "bot.cli", "webhook", "--listen", listen, "--url", url]
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


@roster_app.command("template")
def roster_template(out: Path) -> None:
    """生成空白名册模板 / Write a blank roster workbook with one example row."""
    from exports.roster import write_template  # on first use: see bot/lazy.py

    write_template(output(out, ".xlsx"))
    typer.echo(f"已生成名册模板 / roster template written: {out}")


@roster_app.command("import")
def roster_import(file: Path) -> None:
    """导入名册：新建或更新组织及其党员 / Create or update an organization from a roster."""
    # On first use: see bot/lazy.py.
    from exports.roster import read_rows

    if not file.exists():
        raise fail(f"找不到文件 {file}")
    with stages(ROSTER_STAGES) as stage:
        data, errors = parse_roster(read_rows(file))
        stage(ROSTER_STAGES[0])
        if errors:
            typer.echo("名册有错误，未导入任何内容 / nothing imported:", err=True)
            for line in errors:
                typer.echo(f"  {line}", err=True)
            raise typer.Exit(1)
        try:
            summary = with_database(
                lambda session: import_roster(session, OPERATOR, data, now()), create=True
            )
        except ValueError as error:
            raise fail(str(error)) from None
        stage(ROSTER_STAGES[1])
    verb = "新建" if summary.created_organization else "更新"
    typer.echo(f"已{verb}组织「{summary.organization}」，党员 {len(data.members)} 人。")
    if summary.created_parent:
        typer.echo(f"  新建上级组织：{summary.created_parent}")
    for label, names in summary.changes:
        if names:
            typer.echo(f"  {label} {len(names)} 人：{'、'.join(names)}")


@campaign_app.command("start")
def campaign_start(
    org: Annotated[str, typer.Option(help="组织名称")],
    period: Annotated[str | None, typer.Option(help="评议期次，如 2026Q4；默认本季度")] = None,
    deadline: Annotated[str | None, typer.Option(help="截止日期 YYYY-MM-DD；默认 14 天后")] = None,
    template: Annotated[str, typer.Option(help=TEMPLATE_HELP)] = "six_aspects",
    sector_goal: Annotated[bool, typer.Option(help="加入本组织类别的行业目标一项")] = False,
    expected: Annotated[int | None, typer.Option(help="应参评人数（参评率的分母）")] = None,
    category: Annotated[bool, typer.Option(help="是否先询问身份类别")] = True,
    peer_review: Annotated[
        bool | None,
        typer.Option(
            help="党员互评（已认领的党员互相评价）；默认：党员民主测评模板开启，其余不开启"
        ),
    ] = None,
    scores: Annotated[
        str | None, typer.Option(help="规范评分：满意,基本满意,不满意 的分值；默认 100,60,0")
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(help="综合评定权重：群众,互评；默认有互评 60,40，无互评 100,0"),
    ] = None,
    qr: Annotated[Path | None, typer.Option(help="二维码 PNG 路径")] = None,
) -> None:
    """发起评议：编号、邀请链接、二维码、海报 / Open a campaign: id, link, QR code, poster."""
    config = settings()
    moment = now()
    period = period or current_quarter(moment, config.timezone)
    try:
        deadline_day = date.fromisoformat(deadline) if deadline else None
    except ValueError:
        raise fail(f"截止日期应写作 YYYY-MM-DD，收到「{deadline}」") from None
    template = template_key(template)
    points = campaign_service.parse_scores(scores) if scores is not None else None
    weighed = campaign_service.parse_weights(weights) if weights is not None else None
    folder = output(qr, ".png").parent if qr else Path()  # the poster goes beside the QR code
    username = bot_username(config)
    today = today_in(moment, config.timezone)

    async def start(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        request = CampaignRequest(
            organization.id,
            period,
            template,
            sector_goal,
            deadline_day,
            expected,
            category,
            peer_review=peer_review,
            scores=points,
            weights=weighed,
        )
        return await campaign_service.start_campaign(session, OPERATOR, request, today, moment)

    async def start_with_branches(session: AsyncSession):
        campaign = await start(session)
        return campaign, await campaign_service.branch_links(session, campaign)

    campaign, branches = with_database(start_with_branches, news=SCHEDULE)
    typer.echo(f"评议编号 / campaign id: {campaign.id}")
    typer.echo(f"{org} {period_label(period)}，截止 {campaign.deadline}")
    if campaign.peer_review:
        typer.echo("含党员互评：已认领的党员会收到自我评价和互评的邀请。")
    qr = qr or folder / f"campaign-{campaign.id}-qr.png"
    poster = folder / f"campaign-{campaign.id}-poster.png"
    show_invitation(campaign, branches, username, config, qr, poster)


@campaign_app.command("link")
def campaign_link(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    qr: Annotated[Path | None, typer.Option(help="二维码 PNG 路径")] = None,
    poster: Annotated[Path | None, typer.Option(help="A4 海报 PNG 路径")] = None,
) -> None:
    """再次取得进行中评议的邀请链接（及二维码、海报）/ An open campaign's link, QR, poster."""
    config = settings()
    for path in (qr, poster):
        if path is not None:
            output(path, ".png")
    username = bot_username(config)

    async def invitation(session: AsyncSession):
        campaign = await campaign_service.open_for_invitations(session, OPERATOR, campaign_id)
        return campaign, await campaign_service.branch_links(session, campaign)

    campaign, branches = with_database(invitation)
    title = campaign_service.campaign_title(campaign)
    typer.echo(f"评议编号 / campaign id: {campaign.id}")
    typer.echo(f"{title}，截止 {campaign.deadline}")
    show_invitation(campaign, branches, username, config, qr, poster)


def show_invitation(campaign, branches, username: str, config: Settings, qr, poster) -> None:
    """Print the link (and each branch's own), and write the QR code and the A4 poster where
    asked (``None``: not written)."""
    # On first use: see bot/lazy.py.
    import segno

    from exports.poster import PosterError, find_font, poster_png

    link = campaign_service.invitation_link(username, campaign.token)
    typer.echo(f"邀请链接 / invitation link: {link}")
    if qr is not None:
        # 820 px at 300 dpi: about 7 cm square on paper, for a 公开栏 or a meeting table.
        segno.make(link, error="m").save(qr, scale=20, border=4, dpi=300)
        typer.echo(f"二维码 / QR code: {qr}")
    if poster is not None:
        try:
            png = poster_png(
                campaign.questionnaire["organization"],
                period_label(campaign.period),
                date_label(campaign.deadline),
                link,
                find_font(config.font),
            )
        except PosterError as error:
            typer.echo(f"海报 / poster: {error}", err=True)
        else:
            poster.write_bytes(png)
            typer.echo(f"A4 海报 / A4 poster: {poster}")
    if branches:
        typer.echo("下级组织各自的链接 / each branch's own link:")
    for organization, token in branches:
        typer.echo(f"  {organization}: {campaign_service.invitation_link(username, token)}")


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


@member_app.command("list")
def member_list(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """列出党员及认领情况 / The members of ORG, claimed (已认领) or not."""

    async def listing(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        return await members.members(session, OPERATOR, organization.id)

    name, rows = with_database(listing)
    bound = sum(row.bound for row in rows)
    typer.echo(f"{name}：党员 {len(rows)} 人，已认领 {bound} 人 / {bound} of {len(rows)} claimed")
    for row in rows:
        role = f"（{row.role}）" if row.role else ""
        typer.echo(f"{row.id}\t{row.name}{role}\t{'已认领' if row.bound else '未认领'}")


@member_app.command("links")
def member_links(
    org: Annotated[str, typer.Option(help="组织名称")],
    out: Annotated[Path, typer.Option(help="认领单输出文件夹（不存在则新建）")],
    everyone: Annotated[
        bool, typer.Option("--all", help="也为已认领的党员重新生成（解除其原绑定）")
    ] = False,
    renew: Annotated[
        bool,
        typer.Option(
            "--renew", help="作废已发出而未使用的认领链接，重新生成 / withdraw unused links"
        ),
    ] = False,
) -> None:
    """打印未认领党员的认领单（二维码）；已发出而未使用的链接默认保留 / One printable 认领 slip
    per member without a binding or an unused link."""
    from exports.poster import PosterError, find_font, member_slip_png  # on first use

    config = settings()
    try:
        font = find_font(config.font)
    except PosterError as error:
        raise fail(str(error)) from None
    username = bot_username(config)
    moment = now()

    async def issue(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        return await members.issue_links(
            session, OPERATOR, organization.id, moment, everyone, renew
        )

    slips = with_database(issue)
    if slips.issued:
        out.mkdir(parents=True, exist_ok=True)
    for number, link in enumerate(slips.issued, start=1):
        url = campaign_service.invitation_link(username, link.token)
        path = out / f"{number:03d}-{link.name}-认领单.png"
        path.write_bytes(member_slip_png(link.name, slips.organization, url, font))
        withdrew = "（原绑定已解除 / binding withdrawn）" if link.withdrew_binding else ""
        typer.echo(f"{path}{withdrew}")
    withdrawn = sum(link.withdrew_link for link in slips.issued)
    if withdrawn:
        typer.echo(
            f"已作废 {withdrawn} 个已发出而未使用的认领链接 / {withdrawn} unused links withdrawn"
        )
    if slips.kept_live:
        typer.echo(
            f"{slips.kept_live} 名党员已有发出而未使用的认领链接，保留不变，未生成认领单"
            f"（--renew 可作废并重新生成）/ {slips.kept_live} unused links kept"
        )
    if slips.issued:
        typer.echo(
            f"已生成 {len(slips.issued)} 张认领单 / {len(slips.issued)} slips written: {out}"
        )
    elif not slips.kept_live:
        typer.echo("所有党员均已认领，未生成认领单（--all 可全部重新生成）/ everyone has claimed")


@commitment_app.command("set")
def commitments_set(
    org: Annotated[str, typer.Option(help="组织名称")],
    lines: Annotated[list[str] | None, typer.Argument(help="承诺事项，每项一个参数")] = None,
    member: Annotated[str | None, typer.Option(help="党员姓名；不填则为组织的承诺")] = None,
    file: Annotated[Path | None, typer.Option(help="文本文件，每行一项")] = None,
) -> None:
    """设置公开承诺（整份替换）/ Set a member's or the organization's commitments."""
    items = [line for line in (lines or []) if line.strip()]
    if file is not None:
        items += commitments.lines_of(file.read_text(encoding="utf-8"))
    moment = now()

    async def store(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        return await commitments.set_list(session, OPERATOR, organization.id, member, items, moment)

    subject = with_database(store)
    typer.echo(f"{member or org}：公开承诺 {len(subject.items)} 项 / {len(subject.items)} set")
    echo_commitments(subject.items)


@commitment_app.command("list")
def commitments_list(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """列出组织和党员的公开承诺及践诺状态 / Commitments and their 践诺 state."""

    async def listing(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        return await commitments.listing(session, OPERATOR, organization.id)

    for subject in with_database(listing):
        typer.echo(f"{subject.member or org}：{len(subject.items)} 项")
        echo_commitments(subject.items)


def echo_commitments(items) -> None:
    for item in items:
        typer.echo(f"  {item.id}\t{item.state}\t{item.text}")


@commitment_app.command("state")
def commitments_state(
    commitment_id: Annotated[int, typer.Argument(metavar="ID")],
    state: Annotated[str, typer.Argument(help=" / ".join(commitments.STATES))],
) -> None:
    """更新一项承诺的践诺状态 / Set one commitment's 践诺 state."""
    moment = now()
    item = with_database(
        lambda session: commitments.set_state(session, OPERATOR, commitment_id, state, moment)
    )
    typer.echo(f"{item.id}\t{item.state}\t{item.text}")


@campaign_app.command("list")
def campaign_list() -> None:
    """列出评议活动（最新在前）/ List campaigns, newest first."""
    rows = with_database(lambda session: campaign_service.list_campaigns(session, OPERATOR))
    if not rows:
        typer.echo("还没有评议活动 / no campaigns yet")
        return
    for row in rows:
        expected = row.expected if row.expected is not None else "—"
        status = "进行中" if row.status == "open" else "已关闭"
        typer.echo(
            f"{row.id}\t{row.title}\t{status}\t截止 {row.deadline}\t"
            f"已提交 {row.submitted}/{expected}（网上问卷 {row.chat}，纸质问卷 {row.paper}）"
        )


@campaign_app.command("close")
def campaign_close(campaign_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """关闭评议，不再接受作答 / Close a campaign: no further answers are accepted."""
    moment = now()
    with_database(
        lambda session: campaign_service.close_campaign(session, OPERATOR, campaign_id, moment)
    )
    typer.echo(f"评议 {campaign_id} 已关闭 / closed")


@app.command("export")
def export(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .xlsx 文件（--pdf 时为 .pdf）")],
    public: Annotated[
        bool, typer.Option("--public", help="公示版：只含组织结果和党员汇总数")
    ] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="打印版 PDF（由 LibreOffice 生成，A4）")
    ] = False,
) -> None:
    """导出评议统计表（--public：公示版；--pdf：打印版）/ Export the workbook, or the 公示版."""
    # On first use: see bot/lazy.py.
    from exports.pdf import office, to_pdf
    from exports.workbook import EXPORT_STAGES, export_campaign

    output(out, ".pdf" if pdf else ".xlsx")
    config = settings()
    rule = config.grading_rule()
    with tempfile.TemporaryDirectory() as folder:
        if pdf:
            with operator_errors():
                office()  # not installed: one line, before any work
        workbook = Path(folder) / f"{out.stem}.xlsx" if pdf else out
        with stages(EXPORT_STAGES) as stage:
            report = with_database(
                lambda session: export_campaign(
                    session,
                    OPERATOR,
                    campaign_id,
                    workbook,
                    now(),
                    rule,
                    config.min_respondents,
                    public=public,
                    stage=stage,
                    notice=config.public_notice(),
                )
            )
        if pdf:
            with operator_errors():
                try:
                    [printed] = asyncio.run(to_pdf([workbook], Path(folder) / "pdf"))
                except RuntimeError as error:  # LibreOffice failed: what it said, in one line
                    raise fail(_first_line(error)) from None
                shutil.copyfile(printed, out)
    typer.echo(f"已导出 {report.submitted} 份评议 / exported {report.submitted} ballots: {out}")
    if public and report.closed is None:
        typer.echo(
            "评议仍在进行：这是阶段性结果，不是公示版，不设公示期；评议结束后再导出即为公示版。"
            " / The campaign is still open: this is an interim result, not the notice to post."
        )


@suggestion_app.command("list")
def suggestion_list(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    status: Annotated[str | None, typer.Option(help=" / ".join(STATUSES))] = None,
) -> None:
    """列出整改台账 / List a campaign's opinions as 整改 items."""

    async def work(session):
        pages, page, found = 1, 0, []
        while page < pages:
            result = await rectification.items(session, OPERATOR, campaign_id, status, page)
            found += result.items
            pages, page = result.pages, page + 1
        return result, found

    result, found = with_database(work)
    counts = "，".join(f"{name} {n}" for name, n in result.counts.items())
    typer.echo(f"{result.campaign} 整改台账：{counts}")
    for item in found:
        deadline = f"{item.deadline:%Y-%m-%d}" if item.deadline else "-"
        reply = "\t愿意接收答复" if item.reply_pending else ""
        typer.echo(
            f"{item.code}\t{item.status}\t{item.owner or '-'}\t{deadline}\t"
            f"{item.member or '-'}\t{item.text}{reply}"
        )


@suggestion_app.command("set")
def suggestion_set(
    code: Annotated[str, typer.Argument(metavar="CODE", help="意见编号，如 ABCD-EFGH")],
    status: Annotated[str | None, typer.Option(help=" / ".join(STATUSES))] = None,
    owner: Annotated[str | None, typer.Option(help="负责人")] = None,
    deadline: Annotated[str | None, typer.Option(help="整改期限，如 2026-12-31")] = None,
    response: Annotated[str | None, typer.Option(help="答复（提出人愿意接收时私信送达）")] = None,
    member: Annotated[
        str | None, typer.Option(help="涉及党员的姓名（列入其反馈单），「无」为不涉及")
    ] = None,
) -> None:
    """更新整改事项，答复发给愿意接收的人 / Update a 整改 item; a response reaches who asked."""
    config = settings()
    normalized = rectification.normalize_code(code)
    if normalized is None:
        raise fail("意见编号形如 ABCD-EFGH。")
    secret, notice = resolve_secret(config)
    if notice:
        typer.echo(notice, err=True)
    when = rectification.parse_deadline(deadline) if deadline else None
    item = with_database(
        lambda session: rectification.update(
            session,
            OPERATOR,
            normalized,
            now(),
            Pseudonyms(secret),
            status=status,
            owner=owner,
            deadline=when,
            response=response,
            member=member,
        )
    )
    typer.echo(
        f"{item.code}\t{item.status}\t{item.owner or '-'}\t{item.member or '-'}\t"
        f"{item.response or '尚未答复'}"
    )


@app.command("record")
def record(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    item: Annotated[
        str | None, typer.Argument(help="统计项（代码或名称）：" + "、".join(ITEM_CODES))
    ] = None,
    count: Annotated[str | None, typer.Argument(help="数量；更正时为负数")] = None,
) -> None:
    """填报统计单数字（不带 ITEM 显示合计）/ Record a 统计单 figure; without ITEM, the totals."""

    async def work(session):
        if item is not None:
            if count is None:
                raise CampaignError("请同时给出数量，例如：pingyi record 3 visits 12")
            await activities.record(
                session, OPERATOR, campaign_id, item, activities.parse_count(count), now()
            )
        campaign = await managed_campaign(session, OPERATOR, campaign_id)
        return await activities.totals(session, campaign)

    totals = with_database(work)
    for entry in activities.ITEMS:
        total = totals[entry.code]
        shown = "未填报" if total is None else f"{total} {entry.unit}"
        typer.echo(f"{entry.number}\t{entry.code}\t{entry.label}\t{shown}")


@paper_app.command("template")
def paper_template(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .xlsx 文件")],
) -> None:
    """生成纸质问卷汇总表 / Write the blank paper tally sheet of a campaign."""
    from exports.paper import write_paper_sheet  # on first use: see bot/lazy.py

    output(out, ".xlsx")

    async def rows(session: AsyncSession):
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        return paper.sheet_rows(campaign)

    write_paper_sheet(with_database(rows), out)
    typer.echo(f"已生成纸质问卷汇总表 / paper tally sheet written: {out}")


@paper_app.command("ballot")
def paper_ballot(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .pdf 文件")],
    copies: Annotated[int, typer.Option(help="份数：每份编号随机，互不相同")] = 1,
) -> None:
    """生成空白个人测评表（不记名，供不用 Telegram 的人填写）/ Blank paper ballots to print."""
    from exports.paper_ballot import campaign_ballots, pages_per_copy  # on first use
    from exports.poster import PosterError, find_font

    output(out, ".pdf")
    config = settings()
    try:
        font = find_font(config.font)
    except PosterError as error:
        raise fail(str(error)) from None

    async def load(session: AsyncSession):
        return await paper.ballot_campaign(session, OPERATOR, campaign_id, copies)

    try:
        campaign = with_database(load)
    except paper.PaperError as error:
        raise fail(str(error)) from None
    out.write_bytes(campaign_ballots(campaign, config.grading_rule(), font, copies))
    pages = pages_per_copy(campaign, font)
    typer.echo(
        f"已生成空白测评表 {copies} 份（每份 {pages} 页，编号随机）/ blank ballots written: {out}"
    )


@paper_app.command("import")
def paper_import(file: Path) -> None:
    """并入纸质问卷汇总表（同一场次替换）/ Merge a filled paper tally sheet into its campaign."""
    # On first use: see bot/lazy.py.
    from exports.paper import read_paper_sheet

    if not file.exists():
        raise fail(f"找不到文件 {file}")
    try:
        rows = read_paper_sheet(file)
        merged = with_database(lambda session: paper.import_paper(session, OPERATOR, rows, now()))
    except paper.PaperError as error:
        typer.echo("汇总表有错误，没有并入任何数据 / nothing merged:", err=True)
        for line in error.errors:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(1) from None
    verb = "替换" if merged.replaced else "并入"
    typer.echo(
        f"已{verb} {merged.title}（评议 {merged.campaign_id}）场次「{merged.label}」"
        f"纸质问卷 {merged.ballots} 份"
    )


@comment_app.command("template")
def comment_template(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[Path, typer.Option(help="输出的 .xlsx 文件")],
) -> None:
    """生成逐级点评表（每类对象一张表）/ Write the comment workbook of a campaign."""
    from exports.comment_sheets import write_template  # on first use: see bot/lazy.py

    output(out, ".xlsx")

    async def subjects(session: AsyncSession):
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        organization = campaign.questionnaire["organization"]
        return organization, await comments.subjects(session, campaign)

    organization, found = with_database(subjects)
    write_template(out, campaign_id, organization, found)
    typer.echo(f"已生成逐级点评表 / comment workbook written: {out}")


@comment_app.command("import")
def comment_import(file: Path) -> None:
    """导入填好的逐级点评表（同一点评人再次导入即替换）/ Import a filled comment workbook."""
    from exports.comment_sheets import read_sheets  # on first use: see bot/lazy.py

    if not file.exists():
        raise fail(f"找不到文件 {file}")
    with file.open("rb") as source:
        sheets = read_sheets(source)
    campaign_id = next(
        (rows[1][1] for rows in sheets.values() if 1 in rows and isinstance(rows[1][1], int)),
        None,
    )
    if campaign_id is None:
        raise fail("这不是逐级点评表：第1行应为评议编号，请用 pingyi comment template 生成")

    async def store(session: AsyncSession):
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        known = await comments.subjects(session, campaign)
        found, errors = comments.parse_sheets(sheets, campaign_id, known)
        if errors:
            return errors
        return await comments.import_sheet(session, OPERATOR, campaign_id, found, now())

    result = with_database(store)
    if isinstance(result, list):
        typer.echo("点评表有错误，没有导入任何点评 / nothing imported:", err=True)
        for line in result:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(1)
    typer.echo(f"已导入 {result} 条点评（评议 {campaign_id}）/ {result} comments imported")


@comment_app.command("list")
def comment_list(campaign_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """列出评议的逐级点评 / The comments of a campaign."""
    _, rows = with_database(lambda session: comments.of_campaign(session, OPERATOR, campaign_id))
    for row in rows:
        typer.echo(f"{row.subject.name}\t{row.commenter_name}（{row.commenter_role}）")
        typer.echo(f"  优点：{row.written.strengths}")
        typer.echo(f"  需改进：{row.written.improvements}")
    if not rows:
        typer.echo("还没有点评 / no comments yet")


@comment_app.command("commenters")
def comment_commenters(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    member: Annotated[str | None, typer.Option(help="被点评的党员姓名")] = None,
    by: Annotated[list[str] | None, typer.Option("--by", help="点评人姓名（可多次）")] = None,
    default: Annotated[bool, typer.Option("--default", help="恢复按角色的默认点评人")] = False,
    organizer: Annotated[
        int | None, typer.Option("--organizer", help="组织者的 Telegram 用户 ID：设置其点评署名")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="点评署名：姓名（与 --organizer 一起）")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="点评署名：职务（与 --organizer 一起）")
    ] = None,
) -> None:
    """查看或指定谁点评哪名党员（评议关闭前），或设置组织者的点评署名 / Who comments on each
    member; change one; or set an organizer's signature."""
    if organizer is not None or name is not None or title is not None:
        _sign(campaign_id, organizer, name, title)
        return
    if member is None and (by or default):
        raise fail("请用 --member 指定被点评的党员。")
    if member is not None and bool(by) == default:
        raise fail("请给出 --by 点评人（可多次），或 --default 恢复默认。")

    async def work(session: AsyncSession):
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        roster = {m.name: m.id for m in await comments.roster(session, campaign)}
        found = [
            s
            for s in await comments.subjects(session, campaign)
            if s.key != comments.ORGANIZATION_SUBJECT
        ]
        if member is not None:
            if member not in roster:
                raise CampaignError(f"名册上没有「{member}」。")
            unknown = [name for name in by or () if name not in roster]
            if unknown:
                raise CampaignError(f"名册上没有「{'、'.join(unknown)}」。")
            chosen = None if default else {roster[name] for name in by}
            await comments.choose_commenters(
                session, OPERATOR, campaign_id, roster[member], chosen, now()
            )
            found = [s for s in found if s.key == roster[member]]
        return [(s.name, await comments.commenters_of(session, campaign, s)) for s in found]

    for subject, commenters in with_database(work):
        typer.echo(f"{subject}\t{'、'.join(m.name for m in commenters) or '（无）'}")


def _sign(campaign_id: int, organizer: int | None, name: str | None, title: str | None) -> None:
    """An organizer's signature for the comments they write in the chat (their /signature)."""
    if organizer is None or name is None or title is None:
        raise fail("设置点评署名需要 --organizer、--name 和 --title 三项。")
    admins = settings().admin_ids
    signed = with_database(
        lambda session: comment_flow.sign_for(
            session,
            OPERATOR,
            campaign_id,
            Caller.telegram(organizer, admins),
            name,
            title,
            now(),
        )
    )
    typer.echo(f"点评署名已保存：{signed[0]}（{signed[1]}）")


@review_app.command("list")
def review_list(campaign_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """每名党员的群众评分、互评评分、综合得分、排名、建议等次和审定等次 / The 综合评定."""
    config = settings()

    async def appraise(session: AsyncSession):
        return await review.review(
            session, OPERATOR, campaign_id, config.grading_rule(), config.min_respondents
        )

    found = with_database(appraise)
    weights = found.weights
    state = "已审定完成" if found.reviewed else f"已审定 {found.decided}/{len(found.members)} 人"
    typer.echo(f"权重 群众 {weights.masses:g} / 互评 {weights.peer:g}；{state}")
    typer.echo("党员\t群众评分\t互评评分\t综合得分\t排名\t建议等次\t审定等次")
    for m in found.members:
        final = (m.final or "-") + (f"（{m.reason}）" if m.reason else "")
        peer = _points(m.peer_score) if found.campaign.peer_review else "未开展"
        typer.echo(
            f"{m.name}\t{_points(m.masses_score)}\t{peer}\t"
            f"{_points(m.composite)}\t{m.rank or '-'}\t{m.suggested or '-'}\t{final}"
        )


def _points(score: float | None) -> str:
    return "样本不足" if score is None else f"{score:.1f}"


@review_app.command("set")
def review_set(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    member: Annotated[str, typer.Option(help="党员姓名")],
    grade: Annotated[str, typer.Option(help="优秀 / 合格 / 基本合格 / 不合格")],
    reason: Annotated[str | None, typer.Option(help="与建议等次不同时的理由（一句话）")] = None,
) -> None:
    """审定一名党员的等次 / Set a member's final grade."""
    config = settings()

    async def decide(session: AsyncSession):
        return await review.decide_named(
            session,
            OPERATOR,
            campaign_id,
            member,
            grade,
            reason,
            now(),
            config.grading_rule(),
            config.min_respondents,
        )

    decided = with_database(decide)
    typer.echo(f"已审定 {decided.name}：{grade}（建议 {decided.suggested or '无'}）")


@review_app.command("finish")
def review_finish(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    close: Annotated[
        bool, typer.Option("--close", help="评议还在进行中时，先结束评议 / close it first")
    ] = False,
) -> None:
    """审定完成：之后等次和点评不再改动 / Finish 审定: grades and comments are then final."""
    with_database(lambda session: review.finish(session, OPERATOR, campaign_id, now(), close=close))
    closed = "评议已结束，" if close else ""
    typer.echo(f"{closed}评议 {campaign_id} 审定完成 / review finished")


@app.command("feedback")
def feedback_release(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    out: Annotated[
        Path | None, typer.Option(help="另存组织反馈单和未认领党员的反馈单（PDF，A4）的文件夹")
    ] = None,
    unsent: Annotated[
        bool, typer.Option("--unsent", help="反馈之后：补发给还没收到的已认领党员")
    ] = False,
) -> None:
    """审定完成后反馈结果：每名已认领党员私信一次 / Feed the results back after 审定."""
    if unsent:
        _feedback_unsent(campaign_id)
        return
    from exports.feedback_sheet import (  # on first use: bot/lazy.py
        member_pages,
        organization_pages,
        sheet_pdf,
    )
    from exports.poster import PosterError, find_font

    config = settings()
    secret, notice = resolve_secret(config)
    if notice:
        typer.echo(notice, err=True)
    pseudonyms = Pseudonyms(secret)
    try:
        font = find_font(config.font) if out is not None else None
    except PosterError as error:
        raise fail(str(error)) from None
    rule = config.grading_rule()

    async def release(session: AsyncSession):
        released = await feedback.release(
            session, OPERATOR, campaign_id, pseudonyms, now(), config.admin_ids
        )
        campaign = await campaign_service.managed_campaign(session, OPERATOR, campaign_id)
        sheets = []
        if out is not None:
            period = period_label(campaign.period)
            own = await feedback.organization_feedback(
                session, campaign, rule, config.min_respondents
            )
            pages = organization_pages(own, period, font, str)
            sheets.append((f"组织反馈单-{own.organization}.pdf", sheet_pdf(pages)))
            for member_id in released.unbound:
                found = await feedback.member_feedback(
                    session, campaign, member_id, rule, config.min_respondents
                )
                pages = member_pages(found, period, font, str)
                sheets.append((f"反馈单-{found.name}.pdf", sheet_pdf(pages)))
        return released, sheets

    released, sheets = with_database(release, news=OUTBOX)
    if out is not None:  # only now: a refusal above leaves nothing behind
        out.mkdir(parents=True, exist_ok=True)
    typer.echo(
        f"已反馈：{released.sent} 名已认领党员将私信收到本人反馈单，"
        f"组织者 {released.organizers} 人收到组织反馈单 / results released"
    )
    for name, pdf in sheets:
        (out / name).write_bytes(pdf)
        typer.echo(f"  {out / name}")


def _feedback_unsent(campaign_id: int) -> None:
    secret, notice = resolve_secret(settings())
    if notice:
        typer.echo(notice, err=True)
    pseudonyms = Pseudonyms(secret)
    sent = with_database(
        lambda session: feedback.release_unsent(session, OPERATOR, campaign_id, pseudonyms, now()),
        news=OUTBOX,
    )
    typer.echo(f"已补发：{sent} 名已认领党员将私信收到本人反馈单 / sent to {sent} more")


@organizer_app.command("grant")
def organizer_grant(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """生成一次性组织者授权链接 / A one-time link making its opener an organizer of ORG."""
    username = bot_username(settings())

    async def grant(session: AsyncSession) -> str:
        organization = await campaign_service.find_organization(session, org)
        return await access.create_grant_link(session, OPERATOR, organization.id, now())

    token = with_database(grant)
    typer.echo(
        f"授权链接（一次有效，7 天内）/ one-time grant link: https://t.me/{username}?start={token}"
    )


@organizer_app.command("list")
def organizer_list(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """列出 ORG 的组织者 / List the organizers granted on ORG."""

    async def organizers(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        return await access.organizers_of(session, OPERATOR, organization.id)

    rows = with_database(organizers)
    if not rows:
        typer.echo(f"「{org}」还没有组织者 / no organizers")
    for row in rows:
        typer.echo(f"{row.user_id}\t{row.name}\t授权于 {row.granted_at:%Y-%m-%d}")


@organizer_app.command("revoke")
def organizer_revoke(
    org: Annotated[str, typer.Option(help="组织名称")],
    user: Annotated[int, typer.Option(help="组织者的 Telegram 用户 ID（见 organizer list）")],
) -> None:
    """撤销授权 / Withdraw a user's grant on ORG."""

    async def revoke(session: AsyncSession) -> bool:
        organization = await campaign_service.find_organization(session, org)
        return await access.revoke(session, OPERATOR, organization.id, user, now())

    removed = with_database(revoke)
    if not removed:
        raise fail(f"用户 {user} 不是「{org}」的组织者", 1)
    typer.echo(f"已撤销 {user} 在「{org}」的组织者权限 / revoked")


@app.command("audit")
def audit_log(page: Annotated[int, typer.Option(help="页码，从 1 开始")] = 1) -> None:
    """查看操作日志 / Show the audit log, newest first."""
    rows, pages = with_database(lambda session: audit.entries(session, OPERATOR, page - 1))
    if not rows:
        if page == 1:
            typer.echo("审计日志为空 / the audit log is empty")
        else:
            typer.echo(f"没有第 {page} 页（共 {pages} 页）/ no such page")
        return
    for row in rows:
        target = " ".join(
            part
            for part in (row.organization, f"评议 {row.campaign_id}" if row.campaign_id else "")
            if part
        )
        typer.echo(f"{row.at:%Y-%m-%d %H:%M}\t{row.actor}\t{row.action}\t{target}\t{row.detail}")
    typer.echo(f"第 {page}/{pages} 页")


@app.command("summary")
def summary(
    kind: Annotated[str, typer.Argument(help="half（半年一小结）或 year（年终一总评）")],
    org: Annotated[str, typer.Option(help="组织名称")],
    year: Annotated[int | None, typer.Option(help="年份；默认今年")] = None,
    half: Annotated[int | None, typer.Option(help="1 上半年，2 下半年；默认当前半年")] = None,
    out: Annotated[Path | None, typer.Option(help="工作簿路径")] = None,
) -> None:
    """生成半年一小结或年终一总评 / Write the half-year or year summary workbook."""
    from exports.summary import export_summary  # on first use: see bot/lazy.py

    if kind not in (HALF, YEAR):
        raise fail(f"应为 half 或 year，收到「{kind}」")
    if half is not None and half not in (1, 2):
        raise fail("--half 只能是 1 或 2")
    if out is not None:
        output(out, ".xlsx")
    config = settings()
    moment = now()
    today = today_in(moment, config.timezone)
    year = year or today.year
    half = (half or (1 if today.month <= 6 else 2)) if kind == HALF else None
    rule = config.grading_rule()

    async def write(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        path = out or Path(f"{org}-{year}{'H' + str(half) if half else ''}.xlsx")
        result = await export_summary(
            session,
            OPERATOR,
            organization.id,
            kind,
            year,
            half,
            path,
            moment,
            rule,
            config.min_respondents,
        )
        return result, path

    result, path = with_database(write)
    typer.echo(f"{result.title}：{'、'.join(result.period_labels)}")
    typer.echo(f"工作簿 / workbook: {path}")


def _cycle_line(row) -> str:
    if not row.enabled:
        return f"{row.organization}\t已停止"
    opening = row.next_opening.astimezone(ZoneInfo(settings().timezone))
    return (
        f"{row.organization}\t已开启\t{TEMPLATES[row.template].name}，评议期 {row.duration_days} 天"
        f"\t下次开启 {opening:%Y-%m-%d %H:%M}"
    )


def _switch_cycle(org: str, enabled: bool) -> None:
    config = settings()

    async def switch(session: AsyncSession):
        organization = await campaign_service.find_organization(session, org)
        return await quarterly.set_cycle(
            session, OPERATOR, organization.id, enabled, now(), config.cycle_rules()
        )

    row = with_database(switch, news=SCHEDULE)
    typer.echo(_cycle_line(row))


@cycle_app.command("on")
def cycle_on(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """开启一季一评议：每季度自动发起 / Open this organization's campaign every quarter."""
    _switch_cycle(org, True)


@cycle_app.command("off")
def cycle_off(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """关闭一季一评议 / Stop opening campaigns by themselves for this organization."""
    _switch_cycle(org, False)


@cycle_app.command("list")
def cycle_list() -> None:
    """列出一季一评议及下次发起时间 / Cycles, and when each next opens."""
    rules = settings().cycle_rules()
    rows = with_database(lambda session: quarterly.list_cycles(session, OPERATOR, now(), rules))
    if not rows:
        typer.echo("还没有开启一季一评议的组织。")
    for row in rows:
        typer.echo(_cycle_line(row))


def supervise(command: list[str], workers: int) -> int:
    """Run ``workers`` copies of ``command`` sharing one port; restart one that dies, stop
    them all on SIGTERM or SIGINT."""
    import signal
    import subprocess
    import time

    log = logging.getLogger("pingyi.workers")
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    children = [subprocess.Popen(command) for _ in range(workers)]
    log.info("webhook: %d workers: %s", workers, " ".join(str(c.pid) for c in children))
    while not stopping:
        time.sleep(0.5)
        for index, child in enumerate(children):
            if child.poll() is not None and not stopping:
                log.warning("worker %d exited (%s); starting another", child.pid, child.returncode)
                children[index] = subprocess.Popen(command)
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


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
