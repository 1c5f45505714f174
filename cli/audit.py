"""操作日志 / the audit log."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import with_database
from evaluation import audit
from evaluation.callers import OPERATOR


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
