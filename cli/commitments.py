"""公开承诺与践诺 / public commitments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from cli.common import Cli, now, with_database
from evaluation import campaigns as campaign_service
from evaluation import commitments
from evaluation.callers import OPERATOR

app = Cli(help="公开承诺与践诺 / public commitments", no_args_is_help=True)


@app.command("set")
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


@app.command("list")
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


@app.command("state")
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
