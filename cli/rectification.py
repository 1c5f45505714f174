"""意见建议整改台账 / opinions as 整改 items."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import Cli, fail, now, with_database
from deployment.settings import load_settings as settings
from deployment.settings import resolve_secret
from evaluation import rectification
from evaluation.callers import OPERATOR
from evaluation.pseudonyms import Pseudonyms
from evaluation.rectification import STATUSES

app = Cli(help="意见建议整改台账 / opinions as 整改 items", no_args_is_help=True)


@app.command("list")
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


@app.command("set")
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
