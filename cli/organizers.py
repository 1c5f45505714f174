"""组织者授权 / organizer grants."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, bot_username, fail, now, with_database
from deployment.settings import load_settings as settings
from evaluation import access
from evaluation import campaigns as campaign_service
from evaluation.callers import OPERATOR

app = Cli(help="组织者授权 / organizer grants", no_args_is_help=True)


@app.command("grant")
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


@app.command("list")
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


@app.command("revoke")
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
