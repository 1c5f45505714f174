"""党员认领：名单与认领链接 / members the bot knows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, bot_username, fail, now, with_database
from deployment.settings import load_settings as settings
from evaluation import campaigns as campaign_service
from evaluation import members
from evaluation.callers import OPERATOR

app = Cli(help="党员认领 / members the bot knows", no_args_is_help=True)


@app.command("list")
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


@app.command("links")
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
