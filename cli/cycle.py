"""一季一评议 / the quarterly cycle."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, now, with_database
from deployment.news import SCHEDULE
from deployment.settings import load_settings as settings
from evaluation import campaigns as campaign_service
from evaluation import quarterly
from evaluation.callers import OPERATOR
from evaluation.questionnaire import TEMPLATES

app = Cli(help="一季一评议 / the quarterly cycle", no_args_is_help=True)


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


@app.command("on")
def cycle_on(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """开启一季一评议：每季度自动发起 / Open this organization's campaign every quarter."""
    _switch_cycle(org, True)


@app.command("off")
def cycle_off(org: Annotated[str, typer.Option(help="组织名称")]) -> None:
    """关闭一季一评议 / Stop opening campaigns by themselves for this organization."""
    _switch_cycle(org, False)


@app.command("list")
def cycle_list() -> None:
    """列出一季一评议及下次发起时间 / Cycles, and when each next opens."""
    rules = settings().cycle_rules()
    rows = with_database(lambda session: quarterly.list_cycles(session, OPERATOR, now(), rules))
    if not rows:
        typer.echo("还没有开启一季一评议的组织。")
    for row in rows:
        typer.echo(_cycle_line(row))
