"""逐级点评：桌面工作簿、点评人、署名 / leaders' comments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, fail, now, output, with_database
from deployment.settings import load_settings as settings
from evaluation import campaigns as campaign_service
from evaluation import commenters, comments, signatures
from evaluation.callers import OPERATOR, Caller
from evaluation.campaigns import CampaignError

app = Cli(help="逐级点评 / leaders' comments", no_args_is_help=True)


@app.command("template")
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


@app.command("import")
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


@app.command("list")
def comment_list(campaign_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """列出评议的逐级点评 / The comments of a campaign."""
    _, rows = with_database(lambda session: comments.of_campaign(session, OPERATOR, campaign_id))
    for row in rows:
        typer.echo(f"{row.subject.name}\t{row.commenter_name}（{row.commenter_role}）")
        typer.echo(f"  优点：{row.written.strengths}")
        typer.echo(f"  需改进：{row.written.improvements}")
    if not rows:
        typer.echo("还没有点评 / no comments yet")


@app.command("commenters")
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
        roster = {m.name: m.id for m in await commenters.roster(session, campaign)}
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
            await commenters.choose_commenters(
                session, OPERATOR, campaign_id, roster[member], chosen, now()
            )
            found = [s for s in found if s.key == roster[member]]
        return [(s.name, await commenters.commenters_of(session, campaign, s)) for s in found]

    for subject, chosen in with_database(work):
        typer.echo(f"{subject}\t{'、'.join(m.name for m in chosen) or '（无）'}")


def _sign(campaign_id: int, organizer: int | None, name: str | None, title: str | None) -> None:
    """An organizer's signature for the comments they write in the chat (their /signature)."""
    if organizer is None or name is None or title is None:
        raise fail("设置点评署名需要 --organizer、--name 和 --title 三项。")
    admins = settings().admin_ids
    signed = with_database(
        lambda session: signatures.sign_for(
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
